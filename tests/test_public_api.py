"""The public surface is a contract: any change to it is a visible decision."""

from __future__ import annotations

import labourchain as lc

# The names of DESIGN.md's contract that exist so far, plus additions.
EXPECTED = (
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


def test_all_is_pinned() -> None:
    assert isinstance(lc.__all__, tuple)
    assert sorted(lc.__all__) == sorted(EXPECTED)


def test_every_name_exists() -> None:
    missing = [name for name in lc.__all__ if not hasattr(lc, name)]
    assert missing == []


def test_error_hierarchy() -> None:
    e = lc.errors
    assert issubclass(e.InvalidInputError, e.LabourchainError)
    assert issubclass(e.InvalidInputError, ValueError)
    for cls in (
        e.UnknownCurrencyError,
        e.UnknownCountryError,
        e.UnknownTimezoneError,
        e.UnknownPlatformError,
        e.LogFormatError,
    ):
        assert issubclass(cls, e.InvalidInputError)
    assert issubclass(e.CurrencyMismatchError, TypeError)
    assert issubclass(e.CurrencyMismatchError, e.LabourchainError)
    assert issubclass(e.MissingRateError, LookupError)
    assert issubclass(e.MissingRateError, e.LabourchainError)


def test_version_is_a_string() -> None:
    assert isinstance(lc.__version__, str)
    assert lc.__version__[0].isdigit()
