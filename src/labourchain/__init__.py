"""labourchain: the economics of data labour.

What does a person who labels, annotates or moderates AI training data really
earn per hour, once every minute the job takes is counted? labourchain
computes it from workers' own logs, models platforms, clients and workers,
and compares the result with the minimum wage where they live.

>>> import labourchain as lc
>>> lc.Task(reward=lc.money(0.5, "USD"), duration=lc.Q_(5, "minute")).hourly_rate
<Quantity(6.0, 'USD / hour')>
"""

from typing import TYPE_CHECKING, Final

from labourchain import errors as errors
from labourchain import platforms as platforms
from labourchain.accounting import AccountingPolicy as AccountingPolicy
from labourchain.accounting import WageReport as WageReport
from labourchain.accounting import combine_reports as combine_reports
from labourchain.accounting import wage_report as wage_report
from labourchain.activity import Activity as Activity
from labourchain.domain import Citation as Citation
from labourchain.domain import Client as Client
from labourchain.domain import ClientFee as ClientFee
from labourchain.domain import PayoutPolicy as PayoutPolicy
from labourchain.domain import Platform as Platform
from labourchain.domain import Salary as Salary
from labourchain.domain import Settlement as Settlement
from labourchain.domain import Task as Task
from labourchain.domain import Worker as Worker
from labourchain.rates import effective_hourly_wage as effective_hourly_wage
from labourchain.rates import expected_hourly as expected_hourly
from labourchain.rates import fair_top_up as fair_top_up
from labourchain.units import Q_ as Q_
from labourchain.units import ExchangeRates as ExchangeRates
from labourchain.units import currencies as currencies
from labourchain.units import currency_of as currency_of
from labourchain.units import money as money
from labourchain.units import ureg as ureg
from labourchain.worklog import WorkLog as WorkLog

# breakdown and pool share their names with the old modules labourchain.breakdown and
# labourchain.pool (forwarding modules now): those are imported first and the functions
# bound after, so that `labourchain.breakdown` is the function for good (importing a
# submodule later does not rebind the package's attribute to the module).
import labourchain.breakdown as _breakdown_module  # isort: skip
import labourchain.pool as _pool_module  # isort: skip
from labourchain.accounting import GroupedReport as GroupedReport  # isort: skip
from labourchain.accounting import breakdown as breakdown  # isort: skip
from labourchain.accounting import WorkerLogs as WorkerLogs  # isort: skip
from labourchain.accounting import pool as pool  # isort: skip

del _breakdown_module, _pool_module

if TYPE_CHECKING:
    from labourchain import cases as cases
    from labourchain import reference as reference
    from labourchain.demand import DemandProfile as DemandProfile
    from labourchain.demand import accessible_share as accessible_share
    from labourchain.demand import night_hours_needed as night_hours_needed
    from labourchain.reference import ReferenceWage as ReferenceWage
    from labourchain.reference import exchange_rates as exchange_rates
    from labourchain.reference import reference_wage as reference_wage
    from labourchain.rejection import RejectionModel as RejectionModel
    from labourchain.rejection import long_run_hourly as long_run_hourly
    from labourchain.rejection import rejection_cost as rejection_cost
    from labourchain.requester import Overhead as Overhead
    from labourchain.requester import batch_cost as batch_cost
    from labourchain.requester import fair_reward as fair_reward
    from labourchain.requester import plan_batch as plan_batch
    from labourchain.requester import top_up_batch as top_up_batch
    from labourchain.schedule import WeeklySchedule as WeeklySchedule
    from labourchain.schedule import night_share as night_share
    from labourchain.schedule import overlap as overlap
    from labourchain.simulate import PopulationResult as PopulationResult
    from labourchain.simulate import PopulationSummary as PopulationSummary
    from labourchain.simulate import Scenario as Scenario
    from labourchain.simulate import WeekResult as WeekResult
    from labourchain.simulate import simulate_population as simulate_population
    from labourchain.simulate import simulate_week as simulate_week

__version__ = "0.1.0.dev0"

#: Every public name and where it is defined: ``"module"`` for a module itself,
#: ``"module:name"`` for a name in one. The one source of ``__all__``, of the loader
#: below and of ``dir(labourchain)``; tests/test_public_api.py checks that the imports
#: above (which type checkers read) agree with it. Names beyond the accounting core load
#: on first use, so that ``import labourchain`` stays quick (issue #3).
_EXPORTS: Final[dict[str, str]] = {
    "Q_": "labourchain.units:Q_",
    "AccountingPolicy": "labourchain.accounting:AccountingPolicy",
    "Activity": "labourchain.activity:Activity",
    "Citation": "labourchain.domain:Citation",
    "Client": "labourchain.domain:Client",
    "ClientFee": "labourchain.domain:ClientFee",
    "DemandProfile": "labourchain.demand:DemandProfile",
    "ExchangeRates": "labourchain.units:ExchangeRates",
    "GroupedReport": "labourchain.accounting:GroupedReport",
    "Overhead": "labourchain.requester:Overhead",
    "PayoutPolicy": "labourchain.domain:PayoutPolicy",
    "Platform": "labourchain.domain:Platform",
    "PopulationResult": "labourchain.simulate:PopulationResult",
    "PopulationSummary": "labourchain.simulate:PopulationSummary",
    "ReferenceWage": "labourchain.reference:ReferenceWage",
    "RejectionModel": "labourchain.rejection:RejectionModel",
    "Salary": "labourchain.domain:Salary",
    "Scenario": "labourchain.simulate:Scenario",
    "Settlement": "labourchain.domain:Settlement",
    "Task": "labourchain.domain:Task",
    "WageReport": "labourchain.accounting:WageReport",
    "WeekResult": "labourchain.simulate:WeekResult",
    "WeeklySchedule": "labourchain.schedule:WeeklySchedule",
    "WorkLog": "labourchain.worklog:WorkLog",
    "Worker": "labourchain.domain:Worker",
    "WorkerLogs": "labourchain.accounting:WorkerLogs",
    "__version__": "labourchain:__version__",
    "accessible_share": "labourchain.demand:accessible_share",
    "batch_cost": "labourchain.requester:batch_cost",
    "breakdown": "labourchain.accounting:breakdown",
    "cases": "labourchain.cases",
    "combine_reports": "labourchain.accounting:combine_reports",
    "currencies": "labourchain.units:currencies",
    "currency_of": "labourchain.units:currency_of",
    "effective_hourly_wage": "labourchain.rates:effective_hourly_wage",
    "errors": "labourchain.errors",
    "exchange_rates": "labourchain.reference:exchange_rates",
    "expected_hourly": "labourchain.rates:expected_hourly",
    "fair_reward": "labourchain.requester:fair_reward",
    "fair_top_up": "labourchain.rates:fair_top_up",
    "long_run_hourly": "labourchain.rejection:long_run_hourly",
    "money": "labourchain.units:money",
    "night_hours_needed": "labourchain.demand:night_hours_needed",
    "night_share": "labourchain.schedule:night_share",
    "overlap": "labourchain.schedule:overlap",
    "plan_batch": "labourchain.requester:plan_batch",
    "platforms": "labourchain.platforms",
    "pool": "labourchain.accounting:pool",
    "reference": "labourchain.reference",
    "reference_wage": "labourchain.reference:reference_wage",
    "rejection_cost": "labourchain.rejection:rejection_cost",
    "simulate_population": "labourchain.simulate:simulate_population",
    "simulate_week": "labourchain.simulate:simulate_week",
    "top_up_batch": "labourchain.requester:top_up_batch",
    "ureg": "labourchain.units:ureg",
    "wage_report": "labourchain.accounting:wage_report",
}

__all__ = tuple(_EXPORTS)


def __getattr__(name: str) -> object:
    import importlib

    target = _EXPORTS.get(name)
    if target is None:
        raise AttributeError(f"module 'labourchain' has no attribute {name!r}")
    module_name, _, attribute = target.partition(":")
    module = importlib.import_module(module_name)
    value = getattr(module, attribute) if attribute else module
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(_EXPORTS)
