"""labourchain: the economics of data labour.

What does a person who labels, annotates or moderates AI training data really
earn per hour, once every minute the job takes is counted? labourchain
computes it from workers' own logs, models platforms, clients and workers,
and compares the result with the minimum wage where they live.

>>> import labourchain as lc
>>> lc.Task(reward=lc.money(0.5, "USD"), duration=lc.Q_(5, "minute")).hourly_rate
<Quantity(6.0, 'USD / hour')>
"""

from labourchain import cases, errors, platforms, reference
from labourchain.activity import Activity
from labourchain.breakdown import GroupedReport, breakdown
from labourchain.budget import Overhead, batch_cost, fair_reward, plan_batch, top_up_batch
from labourchain.demand import DemandProfile, accessible_share, night_hours_needed
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
