"""Shared test settings: hypothesis profiles for CI and for local runs."""

from __future__ import annotations

import os
import subprocess
import sys
import warnings
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci", max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", max_examples=50, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else os.environ.get("HYPOTHESIS_PROFILE", "dev"))


def _run_cli(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python -m labourchain ARGS`` as a user would, capturing its output."""
    return subprocess.run(
        [sys.executable, "-m", "labourchain", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
        check=False,
    )


@pytest.fixture
def run_cli() -> Callable[..., subprocess.CompletedProcess[str]]:
    """The command line, run in a subprocess (see :func:`_run_cli`)."""
    return _run_cli


# -- labourchain's own deprecations --------------------------------------------------------
# pyproject.toml shows labourchain's deprecation warnings instead of raising them, so that
# code (and tests) written against old names still run. The package itself must not use
# its old names: a deprecation warning whose call site is inside src/labourchain fails the run.

_SOURCE = Path(__file__).resolve().parent.parent / "src" / "labourchain"
_INTERNAL_USES: list[str] = []


def pytest_warning_recorded(
    warning_message: warnings.WarningMessage, when: str, nodeid: str, location: object
) -> None:
    message = str(warning_message.message)
    if issubclass(warning_message.category, DeprecationWarning) and "goes in 0.3)" in message:
        where = Path(warning_message.filename).resolve()
        if where.is_relative_to(_SOURCE):
            _INTERNAL_USES.append(f"{nodeid}: {where.name}:{warning_message.lineno}: {message}")


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if _INTERNAL_USES:
        print("\nlabourchain uses its own deprecated names:", *_INTERNAL_USES, sep="\n  ")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


# -- published reference figures -----------------------------------------------------------
# The minimum-wage tests (tests/test_reference_minimum_wages*.py) check each table of
# published figures the same way.


def _check_published_minimum(
    country: str, day: date, amount: float, period: str, since: date, source: str
) -> None:
    """The bundled minimum wage of ``country`` on ``day`` is the published one, cited."""
    import labourchain as lc

    wage = lc.reference_wage(country, on=day, kind="minimum")
    assert wage.amount.magnitude == pytest.approx(amount), source
    assert (wage.period, wage.effective_from) == (period, since), source
    assert wage.citation.url, source
    assert wage.citation.retrieved == date(2026, 11, 29), source


def _check_official_hourly(country: str, day: date, hourly: float) -> None:
    """The hourly figure derived from the bundled wage is the one printed with the decree."""
    import labourchain as lc

    wage = lc.reference_wage(country, on=day, kind="minimum")
    # the texts round their hourly figure (to the cent or the unit; Vietnam to VND 100:
    # within 0.2%)
    assert wage.hourly.magnitude == pytest.approx(hourly, abs=0.006, rel=0.002)


def _check_covered_back_to_2015(country: str) -> None:
    """``country`` has a minimum wage in force on 2015-01-01."""
    import labourchain as lc

    wage = lc.reference_wage(country, on=date(2015, 1, 1), kind="minimum")
    assert wage.effective_from <= date(2015, 1, 1)
    assert wage.amount.magnitude > 0


@pytest.fixture
def published_minimum() -> Callable[[str, date, float, str, date, str], None]:
    """Check a published minimum wage: amount, period, date in force and citation."""
    return _check_published_minimum


@pytest.fixture
def official_hourly() -> Callable[[str, date, float], None]:
    """Check an hourly figure printed with a decree, to its rounding."""
    return _check_official_hourly


@pytest.fixture
def covered_back_to_2015() -> Callable[[str], None]:
    """Check that a country's minimum wage is held from 2015-01-01."""
    return _check_covered_back_to_2015
