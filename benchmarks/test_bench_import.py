"""`import labourchain` in a fresh process, against pint and a default registry alone."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest


def run(code: str) -> None:
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.benchmark(group="import in a fresh process")
def test_import_labourchain(benchmark: Any) -> None:
    run("import labourchain")  # warm pint's definition cache once
    benchmark.pedantic(run, args=("import labourchain",), rounds=10, iterations=1)


@pytest.mark.benchmark(group="import in a fresh process")
def test_import_pint_default_registry(benchmark: Any) -> None:
    benchmark.pedantic(run, args=("import pint; pint.UnitRegistry()",), rounds=10, iterations=1)


@pytest.mark.benchmark(group="import in a fresh process")
def test_python_startup(benchmark: Any) -> None:
    benchmark.pedantic(run, args=("pass",), rounds=10, iterations=1)
