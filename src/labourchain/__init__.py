"""labourchain: the economics of data labour.

What does a person who labels, annotates or moderates AI training data really
earn per hour, once every minute the job takes is counted? labourchain
computes it from workers' own logs, models platforms, clients and workers,
and compares the result with the minimum wage where they live.

>>> import labourchain as lc
>>> lc.Task(reward=lc.money(0.5, "USD"), duration=lc.Q_(5, "minute")).hourly_rate
<Quantity(6.0, 'USD / hour')>
"""

from typing import TYPE_CHECKING, Any

from labourchain import errors, platforms
from labourchain.activity import Activity
from labourchain.domain import (
    Citation,
    Client,
    ClientFee,
    PayoutPolicy,
    Platform,
    Salary,
    Settlement,
    Task,
    Worker,
)
from labourchain.units import Q_, ExchangeRates, currencies, currency_of, money, ureg
from labourchain.wage import (
    AccountingPolicy,
    WageReport,
    combine_reports,
    effective_hourly_wage,
    expected_hourly,
    fair_top_up,
    wage_report,
)
from labourchain.worklog import WorkLog

if TYPE_CHECKING:
    from labourchain import cases, reference
    from labourchain.breakdown import GroupedReport, breakdown
    from labourchain.budget import Overhead, batch_cost, fair_reward, plan_batch, top_up_batch
    from labourchain.demand import DemandProfile, accessible_share, night_hours_needed
    from labourchain.pool import WorkerLogs, pool
    from labourchain.reference import ReferenceWage, exchange_rates, reference_wage
    from labourchain.rejection import RejectionModel, long_run_hourly, rejection_cost
    from labourchain.schedule import WeeklySchedule, night_share, overlap
    from labourchain.simulate import (
        PopulationResult,
        PopulationSummary,
        Scenario,
        WeekResult,
        simulate_population,
        simulate_week,
    )

# The parts beyond the accounting core load on first use, so that
# `import labourchain` stays quick (issue #3: under 500 ms, pint included).
_LAZY: dict[str, str] = {
    "cases": "labourchain.cases",
    "reference": "labourchain.reference",
    **dict.fromkeys(("GroupedReport", "breakdown"), "labourchain.breakdown"),
    **dict.fromkeys(
        ("Overhead", "batch_cost", "fair_reward", "plan_batch", "top_up_batch"),
        "labourchain.budget",
    ),
    **dict.fromkeys(
        ("DemandProfile", "accessible_share", "night_hours_needed"), "labourchain.demand"
    ),
    **dict.fromkeys(("WorkerLogs", "pool"), "labourchain.pool"),
    **dict.fromkeys(("ReferenceWage", "exchange_rates", "reference_wage"), "labourchain.reference"),
    **dict.fromkeys(
        ("RejectionModel", "long_run_hourly", "rejection_cost"), "labourchain.rejection"
    ),
    **dict.fromkeys(("WeeklySchedule", "night_share", "overlap"), "labourchain.schedule"),
    **dict.fromkeys(
        (
            "PopulationResult",
            "PopulationSummary",
            "Scenario",
            "WeekResult",
            "simulate_population",
            "simulate_week",
        ),
        "labourchain.simulate",
    ),
}


def __getattr__(name: str) -> Any:
    import importlib

    module_name = _LAZY.get(name)
    if module_name is None:
        raise AttributeError(f"module 'labourchain' has no attribute {name!r}")
    module = importlib.import_module(module_name)
    value = module if module_name.rsplit(".", 1)[-1] == name else getattr(module, name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


__version__ = "0.1.0.dev0"

__all__ = (
    "Q_",
    "AccountingPolicy",
    "Activity",
    "Citation",
    "Client",
    "ClientFee",
    "DemandProfile",
    "ExchangeRates",
    "GroupedReport",
    "Overhead",
    "PayoutPolicy",
    "Platform",
    "PopulationResult",
    "PopulationSummary",
    "ReferenceWage",
    "RejectionModel",
    "Salary",
    "Scenario",
    "Settlement",
    "Task",
    "WageReport",
    "WeekResult",
    "WeeklySchedule",
    "WorkLog",
    "Worker",
    "WorkerLogs",
    "__version__",
    "accessible_share",
    "batch_cost",
    "breakdown",
    "cases",
    "combine_reports",
    "currencies",
    "currency_of",
    "effective_hourly_wage",
    "errors",
    "exchange_rates",
    "expected_hourly",
    "fair_reward",
    "fair_top_up",
    "long_run_hourly",
    "money",
    "night_hours_needed",
    "night_share",
    "overlap",
    "plan_batch",
    "platforms",
    "pool",
    "reference",
    "reference_wage",
    "rejection_cost",
    "simulate_population",
    "simulate_week",
    "top_up_batch",
    "ureg",
    "wage_report",
)
