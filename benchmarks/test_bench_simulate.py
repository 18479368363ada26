"""simulate_population against the same worker-week model in Mesa 3 and in plain Python.

All in one run, in simulated tasks per second (a task: one started task, paid, rejected or
returned), on the ``mturk-hara-2018`` case (about 650 short tasks per worker-week):

* ``simulate_population`` (numpy, one process, default chunks of 256 workers);
* the draw-only floor: the same per-worker streams (one SeedSequence child each) filling
  the same buffers with the same blocks of draws the model used, and nothing else; and the
  bulk floor: one generator drawing as many numbers in three calls;
* the plain-Python loop and the Mesa model of ``benchmarks/_mesa_model.py``.

Then 1,000,000 worker-weeks of the ``eduardo`` case (about 50 tasks each) in one fresh
process, with its peak resident memory, and 1,000 ``simulate_week`` runs. The last test prints the
ratios. Run: ``pytest benchmarks/test_bench_simulate.py --benchmark-columns=min,median,rounds -s``.
"""

from __future__ import annotations

import subprocess
import sys
import time
from typing import Any

import numpy as np
import pytest

from labourchain import cases
from labourchain.simulate import simulate_population, simulate_week
from labourchain.simulate._kernel import tables, week_grid
from labourchain.simulate.population import (
    _chunks,
    _Draws,
    _root,
    default_chunk_size,
    layout,
    run_chunk,
)

CASE = "mturk-hara-2018"
N_NUMPY = 4000
N_PYTHON = 100
GROUP = f"worker weeks, {CASE}: simulated tasks per second"
RESULTS: dict[str, float] = {}


@pytest.fixture(scope="module")
def scenario() -> Any:
    return cases.load(CASE)


def _rate(benchmark: Any, tasks: float, key: str) -> None:
    rate = tasks / benchmark.stats.stats.min
    benchmark.extra_info["tasks_per_second"] = rate
    RESULTS[key] = rate


@pytest.mark.benchmark(group=GROUP)
def test_simulate_population(benchmark: Any, scenario: Any) -> None:
    simulate_population(scenario, 10, seed=1)  # caches: the week's grid and tables
    result = benchmark.pedantic(
        simulate_population, args=(scenario, N_NUMPY), kwargs={"seed": 1}, rounds=3
    )
    RESULTS["tasks_per_worker"] = float(result.tasks.mean())
    RESULTS["numpy_effective"] = float(np.median(result.effective_hourly))
    _rate(benchmark, float(result.tasks.sum()), "numpy")


def _draws_only(scenario: Any, used: list[np.ndarray]) -> None:
    root = _root(1)
    grid = week_grid(scenario, scenario.week_of)
    tab = tables(scenario)
    lay = layout(scenario, grid, tab)
    size = default_chunk_size(lay)
    buffers = _Draws(lay, size, tab.rej_rate.size)
    for (lo, hi), blocks in zip(_chunks(N_NUMPY, size), used, strict=True):
        run_chunk(scenario, grid, tab, root, lo, hi, draws_only=blocks, draws=buffers)


@pytest.mark.benchmark(group=GROUP)
def test_draw_only_floor(benchmark: Any, scenario: Any) -> None:
    # The blocks of draws each worker used in the real run: the floor draws exactly those.
    root = _root(1)
    grid = week_grid(scenario, scenario.week_of)
    tab = tables(scenario)
    size = default_chunk_size(layout(scenario, grid, tab))
    used = [
        run_chunk(scenario, grid, tab, root, lo, hi).blocks for lo, hi in _chunks(N_NUMPY, size)
    ]
    benchmark.pedantic(_draws_only, args=(scenario, used), rounds=3)
    _rate(benchmark, RESULTS["tasks_per_worker"] * N_NUMPY, "floor")


@pytest.mark.benchmark(group=GROUP)
def test_bulk_draw_floor(benchmark: Any, scenario: Any) -> None:
    grid = week_grid(scenario, scenario.week_of)
    tab = tables(scenario)
    lay = layout(scenario, grid, tab)
    root = _root(1)
    size = default_chunk_size(lay)
    blocks = sum(
        int(run_chunk(scenario, grid, tab, root, lo, hi).blocks.sum())
        for lo, hi in _chunks(N_NUMPY, size)
    )
    rng = np.random.default_rng(1)
    k = lay.slots
    u = np.empty((blocks, len(lay.uniforms), k))
    z = np.empty((blocks, len(lay.normals), k))
    e = np.empty((blocks, len(lay.exponentials), k))

    def draw() -> None:
        rng.random(out=u)
        rng.standard_normal(out=z)
        rng.standard_exponential(out=e)

    benchmark.pedantic(draw, rounds=3)
    _rate(benchmark, RESULTS["tasks_per_worker"] * N_NUMPY, "bulk floor")


@pytest.mark.benchmark(group=GROUP)
def test_plain_python_loop(benchmark: Any, scenario: Any, worker_week_models: Any) -> None:
    params = worker_week_models.week_params(scenario)
    out = benchmark.pedantic(
        worker_week_models.plain_python_population, args=(params, N_PYTHON, 1), rounds=1
    )
    RESULTS["python_tasks_per_worker"] = out["tasks"] / N_PYTHON
    _rate(benchmark, float(out["tasks"]), "python")


@pytest.mark.benchmark(group=GROUP)
def test_mesa_model(benchmark: Any, scenario: Any, worker_week_models: Any) -> None:
    params = worker_week_models.week_params(scenario)
    out = benchmark.pedantic(
        worker_week_models.mesa_population, args=(params, N_PYTHON, 1), rounds=1
    )
    RESULTS["mesa_tasks_per_worker"] = out["tasks"] / N_PYTHON
    _rate(benchmark, float(out["tasks"]), "mesa")


MILLION = """
import resource, sys, time
from labourchain import cases
from labourchain.simulate import simulate_population
scenario = cases.load("eduardo")
simulate_population(scenario, 10, seed=1)
began = time.perf_counter()
result = simulate_population(scenario, 1_000_000, seed=1)
elapsed = time.perf_counter() - began
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux: KiB
print(elapsed, peak, int(result.tasks.sum()), len(result))
"""


def test_million_worker_weeks() -> None:
    # In a fresh process, so that the peak resident memory is this run's alone (tracemalloc
    # would slow numpy's many allocations several times over).
    pytest.importorskip("resource")
    out = subprocess.run(
        [sys.executable, "-c", MILLION], capture_output=True, text=True, check=True
    ).stdout.split()
    elapsed, peak, tasks, n = float(out[0]), int(out[1]), int(out[2]), int(out[3])
    RESULTS["million_seconds"] = elapsed
    RESULTS["million_peak_mib"] = peak / 2**20
    RESULTS["million_tasks_per_second"] = tasks / elapsed
    assert n == 1_000_000
    assert peak < 512 * 2**20


def test_thousand_simulate_weeks() -> None:
    scenario = cases.load("eduardo")
    simulate_week(None, scenario, seed=0)
    began = time.perf_counter()
    for seed in range(1000):
        simulate_week(None, scenario, seed=seed)
    RESULTS["thousand_weeks_seconds"] = time.perf_counter() - began


def test_report() -> None:
    r = RESULTS
    if not {"numpy", "floor", "python", "mesa"} <= set(r):
        pytest.skip("run the whole file to compare")
    lines = [
        f"tasks per worker-week ({CASE}): numpy {r['tasks_per_worker']:.0f}, plain Python "
        f"{r['python_tasks_per_worker']:.0f}, Mesa {r['mesa_tasks_per_worker']:.0f}",
        f"simulate_population: {r['numpy']:,.0f} tasks/s",
        f"draw-only floor (per-worker streams): {r['floor']:,.0f} tasks/s "
        f"-> simulate_population takes {r['floor'] / r['numpy']:.2f}x the floor's time",
        f"bulk draw floor (one generator): {r['bulk floor']:,.0f} tasks/s "
        f"-> {r['bulk floor'] / r['numpy']:.2f}x",
        f"plain Python: {r['python']:,.0f} tasks/s -> numpy is {r['numpy'] / r['python']:.1f}x",
        f"Mesa 3: {r['mesa']:,.0f} tasks/s -> numpy is {r['numpy'] / r['mesa']:.1f}x",
    ]
    if "million_seconds" in r:
        lines.append(
            f"1,000,000 worker-weeks (eduardo): {r['million_seconds']:.1f} s, peak resident "
            f"memory {r['million_peak_mib']:.0f} MiB, {r['million_tasks_per_second']:,.0f} tasks/s"
        )
    if "thousand_weeks_seconds" in r:
        lines.append(f"1,000 simulate_week (eduardo): {r['thousand_weeks_seconds']:.1f} s")
    print("\n" + "\n".join(lines))
    assert r["numpy"] > r["python"]
