"""simulate_population on Dask with two local worker processes, against one process.

Target (issues #5, #16): at least 1.7x the single-process throughput on 1,000,000
worker-weeks of ``eduardo`` when two cores are free. Process start-up is a fixed cost, so
the ratio grows with the run. The work runs in other processes, so the figures are wall
times: the load average is printed beside them (on a machine shared with other jobs, two
processes cannot run at twice the speed of one unless two cores are idle).
Run: ``pytest benchmarks/test_bench_dask.py --benchmark-columns=min,rounds -s``.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).parent))
from _timing import load_average

from labourchain import cases
from labourchain.simulate import simulate_population

dask = pytest.importorskip("dask")

N_WORKERS = 1_000_000
GROUP = f"simulate_population, {N_WORKERS:,} worker-weeks (eduardo)"
RESULTS: dict[str, tuple[float, str]] = {}


@pytest.fixture(scope="module")
def single_process() -> Any:
    scenario = cases.load("eduardo")
    simulate_population(scenario, 10, seed=1)
    before, began = load_average(), time.perf_counter()
    result = simulate_population(scenario, N_WORKERS, seed=1)
    RESULTS["numpy"] = (time.perf_counter() - began, f"load {before} -> {load_average()}")
    return result


@pytest.mark.benchmark(group=GROUP)
def test_dask_two_processes(benchmark: Any, single_process: Any) -> None:
    scenario = cases.load("eduardo")

    def run() -> Any:
        with dask.config.set(scheduler="processes", num_workers=2):
            return simulate_population(scenario, N_WORKERS, seed=1, backend="dask")

    before = load_average()
    result = benchmark.pedantic(run, rounds=1)
    RESULTS["dask"] = (benchmark.stats.stats.min, f"load {before} -> {load_average()}")
    assert np.array_equal(result.effective_hourly, single_process.effective_hourly, equal_nan=True)


def test_report() -> None:
    if set(RESULTS) != {"numpy", "dask"}:
        pytest.skip("run the whole file to compare")
    (one, load_one), (two, load_two) = RESULTS["numpy"], RESULTS["dask"]
    print(
        f"\none process: {one:.1f} s wall ({load_one}); Dask, 2 processes: {two:.1f} s wall "
        f"({load_two}) -> {one / two:.2f}x on {os.cpu_count()} cores"
    )
    assert two > 0
