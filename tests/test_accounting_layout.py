"""The accounting package's layout (issue #17): old module paths forward with a warning."""

from __future__ import annotations

import importlib
import inspect
import subprocess
import sys

import pytest

import labourchain as lc
import labourchain.accounting as accounting
import labourchain.rates as rates

# Each old public name and the object it must still give, from its new home.
MOVED = [
    ("labourchain.wage", "POLICIES", accounting.POLICIES),
    ("labourchain.wage", "AccountingPolicy", lc.AccountingPolicy),
    ("labourchain.wage", "WageReport", lc.WageReport),
    ("labourchain.wage", "combine_reports", lc.combine_reports),
    ("labourchain.wage", "wage_report", lc.wage_report),
    ("labourchain.wage", "effective_hourly_wage", rates.effective_hourly_wage),
    ("labourchain.wage", "expected_hourly", rates.expected_hourly),
    ("labourchain.wage", "fair_top_up", rates.fair_top_up),
    ("labourchain.breakdown", "ATTRIBUTION_RULES", accounting.ATTRIBUTION_RULES),
    ("labourchain.breakdown", "BREAKDOWN_KEYS", accounting.BREAKDOWN_KEYS),
    ("labourchain.breakdown", "DAY_RULES", accounting.DAY_RULES),
    ("labourchain.breakdown", "GroupedReport", lc.GroupedReport),
    ("labourchain.breakdown", "breakdown", lc.breakdown),
    ("labourchain.pool", "DEFAULT_QUANTILES", accounting.DEFAULT_QUANTILES),
    ("labourchain.pool", "ClientRating", accounting.ClientRating),
    ("labourchain.pool", "RequesterRatings", accounting.RequesterRatings),
    ("labourchain.pool", "WorkerLogs", lc.WorkerLogs),
    ("labourchain.pool", "pool", lc.pool),
]


@pytest.mark.parametrize(("old", "name", "new"), MOVED, ids=[f"{m}.{n}" for m, n, _ in MOVED])
def test_old_module_paths_forward_with_a_deprecation_warning(
    old: str, name: str, new: object
) -> None:
    module = importlib.import_module(old)  # importing is silent
    with pytest.warns(DeprecationWarning, match=rf"{old}\.{name} is deprecated"):
        value = getattr(module, name)
    assert value is new
    assert name in dir(module)


def test_the_top_level_names_are_the_new_homes_objects() -> None:
    assert lc.wage_report is accounting.wage_report
    assert lc.breakdown is accounting.breakdown
    assert inspect.isfunction(lc.breakdown)
    assert lc.pool is accounting.pool
    assert inspect.isfunction(lc.pool)
    assert lc.fair_top_up is rates.fair_top_up


def test_old_from_imports_warn_in_a_fresh_process() -> None:
    code = (
        "import warnings\n"
        "warnings.simplefilter('error')\n"
        "try:\n"
        "    from labourchain.wage import wage_report\n"
        "except DeprecationWarning as e:\n"
        "    print(e)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert "import wage_report from labourchain.accounting" in done.stdout
