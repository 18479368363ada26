"""Shared test settings: hypothesis profiles for CI and for local runs."""

from __future__ import annotations

import os
import subprocess
import sys
import warnings
from collections.abc import Callable
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
