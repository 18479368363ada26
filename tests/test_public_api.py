"""The public surface is a contract: any change to it is a visible decision."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import labourchain as lc

# The names of DESIGN.md's contract that exist so far, plus additions, each with the
# object it must be: (module, name in it), or (module, None) for the module itself.
EXPECTED: dict[str, tuple[str, str | None]] = {
    "Q_": ("labourchain.units", "Q_"),
    "AccountingPolicy": ("labourchain.accounting", "AccountingPolicy"),
    "Activity": ("labourchain.activity", "Activity"),
    "Citation": ("labourchain.domain", "Citation"),
    "Client": ("labourchain.domain", "Client"),
    "ClientFee": ("labourchain.domain", "ClientFee"),
    "DemandProfile": ("labourchain.demand", "DemandProfile"),
    "ExchangeRates": ("labourchain.units", "ExchangeRates"),
    "GroupedReport": ("labourchain.accounting", "GroupedReport"),
    "Overhead": ("labourchain.requester", "Overhead"),
    "PayoutPolicy": ("labourchain.domain", "PayoutPolicy"),
    "Platform": ("labourchain.domain", "Platform"),
    "PopulationResult": ("labourchain.simulate.population", "PopulationResult"),
    "PopulationSummary": ("labourchain.simulate.population", "PopulationSummary"),
    "ReferenceWage": ("labourchain.reference", "ReferenceWage"),
    "RejectionModel": ("labourchain.rejection", "RejectionModel"),
    "Salary": ("labourchain.domain", "Salary"),
    "Scenario": ("labourchain.simulate.scenario", "Scenario"),
    "Settlement": ("labourchain.domain", "Settlement"),
    "Task": ("labourchain.domain", "Task"),
    "WageReport": ("labourchain.accounting", "WageReport"),
    "WeekResult": ("labourchain.simulate.week", "WeekResult"),
    "WeeklySchedule": ("labourchain.schedule", "WeeklySchedule"),
    "WorkLog": ("labourchain.worklog", "WorkLog"),
    "Worker": ("labourchain.domain", "Worker"),
    "WorkerLogs": ("labourchain.accounting", "WorkerLogs"),
    "__version__": ("labourchain", "__version__"),
    "accessible_share": ("labourchain.demand", "accessible_share"),
    "batch_cost": ("labourchain.requester", "batch_cost"),
    "breakdown": ("labourchain.accounting", "breakdown"),
    "cases": ("labourchain.cases", None),
    "combine_reports": ("labourchain.accounting", "combine_reports"),
    "currencies": ("labourchain.units", "currencies"),
    "currency_of": ("labourchain.units", "currency_of"),
    "effective_hourly_wage": ("labourchain.rates", "effective_hourly_wage"),
    "errors": ("labourchain.errors", None),
    "exchange_rates": ("labourchain.reference", "exchange_rates"),
    "expected_hourly": ("labourchain.rates", "expected_hourly"),
    "fair_reward": ("labourchain.requester", "fair_reward"),
    "fair_top_up": ("labourchain.rates", "fair_top_up"),
    "long_run_hourly": ("labourchain.rejection", "long_run_hourly"),
    "money": ("labourchain.units", "money"),
    "night_hours_needed": ("labourchain.demand", "night_hours_needed"),
    "night_share": ("labourchain.schedule", "night_share"),
    "overlap": ("labourchain.schedule", "overlap"),
    "plan_batch": ("labourchain.requester", "plan_batch"),
    "platforms": ("labourchain.platforms", None),
    "pool": ("labourchain.accounting", "pool"),
    "reference": ("labourchain.reference", None),
    "reference_wage": ("labourchain.reference", "reference_wage"),
    "rejection_cost": ("labourchain.rejection", "rejection_cost"),
    "simulate_population": ("labourchain.simulate.population", "simulate_population"),
    "simulate_week": ("labourchain.simulate.week", "simulate_week"),
    "top_up_batch": ("labourchain.requester", "top_up_batch"),
    "ureg": ("labourchain.units", "ureg"),
    "wage_report": ("labourchain.accounting", "wage_report"),
}

PUBLIC_MODULES = sorted(
    info.name
    for info in pkgutil.walk_packages(lc.__path__, "labourchain.")
    if not any(part.startswith("_") for part in info.name.split("."))
)


def _expected(name: str) -> object:
    module_name, attribute = EXPECTED[name]
    module = importlib.import_module(module_name)
    return module if attribute is None else getattr(module, attribute)


def test_all_is_pinned() -> None:
    assert isinstance(lc.__all__, tuple)
    assert sorted(lc.__all__) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_name_is_the_object_it_must_be(name: str) -> None:
    """``lc.breakdown`` is the function, not the module (issue #11, item 1)."""
    assert getattr(lc, name) is _expected(name)


def test_names_do_not_depend_on_what_was_imported_first() -> None:
    """In a fresh process: submodules imported before or after the package's names."""
    code = (
        "import labourchain.breakdown, labourchain.pool, labourchain.reference\n"
        "import labourchain as lc, labourchain.budget, labourchain.cases\n"
        "import inspect\n"
        "assert inspect.isfunction(lc.breakdown), lc.breakdown\n"
        "assert inspect.isfunction(lc.pool), lc.pool\n"
        "assert inspect.isfunction(lc.top_up_batch), lc.top_up_batch\n"
        "assert inspect.ismodule(lc.reference) and inspect.ismodule(lc.cases)\n"
        "import labourchain.breakdown\n"
        "assert inspect.isfunction(lc.breakdown), lc.breakdown\n"
        "print(lc.breakdown.__module__, lc.pool.__module__)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [
        "labourchain.accounting._breakdown",
        "labourchain.accounting._pool",
    ]


def test_dir_lists_the_public_names_only() -> None:
    assert dir(lc) == sorted(EXPECTED)
    for private in ("Any", "TYPE_CHECKING", "Final", "_LAZY", "_EXPORTS"):
        assert private not in dir(lc)


def test_unknown_names_raise_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'breakdwon'"):
        _ = lc.breakdwon  # type: ignore[attr-defined]


def test_what_type_checkers_read_agrees_with_the_export_table() -> None:
    """The imports in ``__init__`` (eager, or for type checkers only) name each export's
    definition exactly as the table the loader reads does."""
    source = Path(lc.__file__).read_text(encoding="utf-8")
    imported: dict[str, str] = {}
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module is not None:
            for alias in node.names:
                if node.module.startswith("labourchain"):
                    assert alias.asname == alias.name, ast.unparse(node)  # an explicit re-export
                    module = importlib.import_module(node.module)
                    value = getattr(module, alias.name, None)
                    if inspect.ismodule(value) and node.module == "labourchain":
                        imported[alias.name] = f"labourchain.{alias.name}"
                    else:
                        imported[alias.name] = f"{node.module}:{alias.name}"
    exports = dict(lc._EXPORTS)  # type: ignore[attr-defined]
    assert exports.pop("__version__") == "labourchain:__version__"
    assert imported == exports


@pytest.mark.parametrize("module_name", PUBLIC_MODULES)
def test_each_public_module_exports_what_it_names(module_name: str) -> None:
    """Every name in a public module's ``__all__`` is defined there or re-exported from its
    definition: a class or function under its own name, never a stray module, and the same
    object as the package-level name it shares."""
    module = importlib.import_module(module_name)
    names = module.__all__
    assert isinstance(names, tuple)
    assert len(set(names)) == len(names)
    assert list(names) == sorted(names, key=_ruff_order)
    for name in names:
        value = getattr(module, name)
        if (module_name, name) in ALIASES:
            assert value is ALIASES[module_name, name]
        elif inspect.isclass(value) or inspect.isfunction(value):
            assert value.__name__ == name, (module_name, name, value)
            assert value.__module__.startswith("labourchain"), (module_name, name)
            defined_in = importlib.import_module(value.__module__)
            assert getattr(defined_in, name) is value, (module_name, name)
            if value.__module__ != module_name and name in EXPECTED:
                assert value is _expected(name), (module_name, name)  # a re-export
        elif inspect.ismodule(value):
            assert value.__name__ == f"{module_name}.{name}", (module_name, name)


# Names that are another name for an object defined elsewhere.
ALIASES = {
    ("labourchain.units", "Q_"): lc.ureg.Quantity,
    ("labourchain.units", "Quantity"): lc.units.Quantity,  # pint.Quantity (generic from pint 0.25)
}


def _ruff_order(name: str) -> tuple[int, str]:
    # ruff's RUF022 order: SCREAMING_CASE, then CamelCase, then the rest
    if name.isupper() or (name.upper() == name and len(name) > 1):
        return (0, name)
    if name[:1].isupper():
        return (1, name)
    return (2, name)


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
