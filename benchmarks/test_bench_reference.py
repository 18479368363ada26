"""Reference lookups (issue #13): a wage and the rates of a date, after the first call and cold.

Claims measured here (see docs/data-sources.md):

* after the first call, ``reference_wage(country, on=)`` and ``exchange_rates(on=)`` for a
  date take well under 1 ms (``exchange_rates`` is cached per date; a new date is computed
  from the loaded tables);
* loading the bundled tables (reference.csv, fx_annual.csv, fx_monthly.csv) on the first call
  adds under 50 ms, measured in a fresh process against the same process without the call;
* ``import labourchain`` loads none of it (checked in a fresh process).

Run: ``pytest benchmarks/test_bench_reference.py --benchmark-only``. CPU time is printed
beside wall time by the fresh-process benchmarks.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta
from typing import Any

import pytest

from labourchain import reference as ref

WARM = "from labourchain import reference as r; from datetime import date; import time\n"


def run(code: str) -> str:
    return subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout


@pytest.mark.benchmark(group="reference lookup, after the first call")
def test_reference_wage_after_first_call(benchmark: Any) -> None:
    ref.reference_wage("PH", on=date(2024, 3, 4))
    benchmark(ref.reference_wage, "PH", on=date(2024, 3, 4))


@pytest.mark.benchmark(group="reference lookup, after the first call")
def test_exchange_rates_same_date(benchmark: Any) -> None:
    ref.exchange_rates(on=date(2024, 7, 1))
    benchmark(ref.exchange_rates, on=date(2024, 7, 1))


@pytest.mark.benchmark(group="reference lookup, after the first call")
def test_exchange_rates_new_dates(benchmark: Any) -> None:
    ref.exchange_rates(on=date(2024, 7, 1))  # tables loaded
    days = iter([date(2011, 1, 1) + timedelta(days=i) for i in range(100_000)])
    benchmark(lambda: ref.exchange_rates(on=next(days)))


@pytest.mark.benchmark(group="reference lookup, after the first call")
def test_baseline_dict_lookup(benchmark: Any) -> None:
    table = {("PH", 2024): 645.0}
    benchmark(table.get, ("PH", 2024))


def _timed(body: str) -> tuple[float, float]:
    """(wall, cpu) seconds of ``body`` in a fresh process that already imported labourchain."""
    out = run(
        WARM
        + "t, c = time.perf_counter(), time.process_time()\n"
        + body
        + "\nprint(time.perf_counter() - t, time.process_time() - c)"
    )
    wall, cpu = map(float, out.split())
    return wall, cpu


@pytest.mark.benchmark(group="first call in a fresh process (tables loaded)")
def test_first_call_loads_the_tables(benchmark: Any) -> None:
    body = (
        "r.reference_wage('PH', on=date(2024, 3, 4)); r.exchange_rates(on=date(2024, 7, 1))\n"
        "r.ppp_converter(on=date(2023, 7, 1))"
    )
    times = benchmark.pedantic(_timed, args=(body,), rounds=5, iterations=1)
    print(f"\nfirst call: wall {times[0] * 1e3:.1f} ms, cpu {times[1] * 1e3:.1f} ms")


@pytest.mark.benchmark(group="first call in a fresh process (tables loaded)")
def test_first_call_baseline_nothing(benchmark: Any) -> None:
    times = benchmark.pedantic(_timed, args=("pass",), rounds=5, iterations=1)
    print(f"\nbaseline: wall {times[0] * 1e3:.1f} ms, cpu {times[1] * 1e3:.1f} ms")


def test_import_labourchain_loads_no_reference_table() -> None:
    out = run(
        "import sys, labourchain\n"
        "print('labourchain.reference' in sys.modules)\n"
        "import labourchain.reference as r\n"
        "print(r.figures.cache_info().currsize, r._annual.cache_info().currsize)"
    )
    assert out.split() == ["False", "0", "0"]
