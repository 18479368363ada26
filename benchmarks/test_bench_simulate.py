"""simulate_population against the same worker-week model in Mesa 3 and in plain Python.

All in one run, in simulated tasks per second of **CPU time** (the machine is shared: wall
time moves with other jobs, CPU time much less; both are printed), on the ``mturk-hara-2018``
case (about 650 short tasks per worker-week):

* ``simulate_population`` (numpy, one process, default chunks);
* the draw-only floor: the same per-worker streams, seeded the way the model seeds them (a
  group of workers' PCG64 states at a time, in bulk, then one generator pointed at each
  worker in turn), filling the same buffers with the same blocks of draws the model used,
  and nothing else; and the bulk floor: one generator drawing as many numbers in three calls;
* the plain-Python loop and the Mesa model of ``benchmarks/_mesa_model.py``.

Then ``eduardo`` (about 50 tasks a worker-week): CPU time per worker, and 1,000,000
worker-weeks in a fresh process with its peak resident memory (the process's own high-water
mark, ``VmHWM``: a child's ``ru_maxrss`` can report its parent's size), and 1,000
``simulate_week`` runs. The last test prints the figures with the load average around each.
Run: ``pytest benchmarks/test_bench_simulate.py --benchmark-columns=min,median,rounds -s``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).parent))
from _timing import Timings, load_average

from labourchain import cases
from labourchain.simulate import simulate_population, simulate_week
from labourchain.simulate._chunk import (
    Draws,
    chunks,
    default_chunk_size,
    layout,
    run_chunk,
    seeded,
)
from labourchain.simulate._kernel import tables, week_grid
from labourchain.simulate.population import _root

CASE = "mturk-hara-2018"
N_NUMPY = 4000
N_PYTHON = 100
N_EDUARDO = 20_000
GROUP = f"worker weeks, {CASE}: simulated tasks per second"
TIMES = Timings()
RESULTS = TIMES.results
LOAD = TIMES.load


@pytest.fixture(scope="module")
def scenario() -> Any:
    return cases.load(CASE)


@pytest.mark.benchmark(group=GROUP)
def test_simulate_population(benchmark: Any, scenario: Any) -> None:
    simulate_population(scenario, 10, seed=1)  # caches: the week's grid and tables
    result = TIMES.timed(
        benchmark, "numpy", lambda: simulate_population(scenario, N_NUMPY, seed=1), 3
    )
    RESULTS["tasks_per_worker"] = float(result.tasks.mean())
    RESULTS["tasks"] = float(result.tasks.sum())


def _plan(scenario: Any) -> tuple[list[tuple[int, int]], list[np.ndarray]]:
    """The chunks simulate_population runs and the blocks each worker drew in them."""
    root = _root(1)
    grid = week_grid(scenario, scenario.week_of)
    tab = tables(scenario)
    spans = list(chunks(N_NUMPY, default_chunk_size(layout(scenario, grid, tab))))
    used = [run_chunk(scenario, grid, tab, root, lo, hi).blocks for lo, hi in spans]
    return spans, used


def _draws_only(scenario: Any, spans: list[tuple[int, int]], used: list[np.ndarray]) -> None:
    # Seeded as simulate_population seeds: states a group at a time, one buffer reused.
    root = _root(1)
    grid = week_grid(scenario, scenario.week_of)
    tab = tables(scenario)
    buffers = Draws(layout(scenario, grid, tab), spans[0][1], tab.rej_rate.size)
    for (lo, hi, states), blocks in zip(seeded(root, spans), used, strict=True):
        run_chunk(
            scenario, grid, tab, root, lo, hi, draws_only=blocks, draws=buffers, states=states
        )


@pytest.mark.benchmark(group=GROUP)
def test_draw_only_floor(benchmark: Any, scenario: Any) -> None:
    spans, used = _plan(scenario)  # the blocks of the real run: the floor draws exactly those
    TIMES.timed(benchmark, "floor", lambda: _draws_only(scenario, spans, used), 3)


@pytest.mark.benchmark(group=GROUP)
def test_bulk_draw_floor(benchmark: Any, scenario: Any) -> None:
    lay = layout(scenario, week_grid(scenario, scenario.week_of), tables(scenario))
    _, used = _plan(scenario)
    blocks = int(sum(int(b.sum()) for b in used))
    rng = np.random.default_rng(1)
    k = lay.slots
    u = np.empty((blocks, len(lay.uniforms), k))
    z = np.empty((blocks, len(lay.normals), k))
    e = np.empty((blocks, len(lay.exponentials), k))

    def draw() -> None:
        rng.random(out=u)
        rng.standard_normal(out=z)
        rng.standard_exponential(out=e)

    TIMES.timed(benchmark, "bulk floor", draw, 3)


@pytest.mark.benchmark(group=GROUP)
def test_plain_python_loop(benchmark: Any, scenario: Any, worker_week_models: Any) -> None:
    params = worker_week_models.week_params(scenario)
    out = TIMES.timed(
        benchmark,
        "python",
        lambda: worker_week_models.plain_python_population(params, N_PYTHON, 1),
        2,
    )
    RESULTS["python_tasks"] = float(out["tasks"])


@pytest.mark.benchmark(group=GROUP)
def test_mesa_model(benchmark: Any, scenario: Any, worker_week_models: Any) -> None:
    params = worker_week_models.week_params(scenario)
    out = TIMES.timed(
        benchmark, "mesa", lambda: worker_week_models.mesa_population(params, N_PYTHON, 1), 2
    )
    RESULTS["mesa_tasks"] = float(out["tasks"])


@pytest.mark.benchmark(group="worker weeks, eduardo: CPU time per worker")
def test_eduardo_per_worker(benchmark: Any) -> None:
    scenario = cases.load("eduardo")
    simulate_population(scenario, 10, seed=1)
    TIMES.timed(benchmark, "eduardo", lambda: simulate_population(scenario, N_EDUARDO, seed=1), 3)


MILLION = """
import os, resource, time
from labourchain import cases
from labourchain.simulate import simulate_population

def high_water():  # this process's own peak resident memory, bytes
    with open("/proc/self/status") as f:
        line = next(x for x in f if x.startswith("VmHWM:"))
    return int(line.split()[1]) * 1024

scenario = cases.load("eduardo")
simulate_population(scenario, 10, seed=1)
before = high_water()
r0 = resource.getrusage(resource.RUSAGE_SELF)
began = time.perf_counter()
result = simulate_population(scenario, 1_000_000, seed=1)
wall = time.perf_counter() - began
r1 = resource.getrusage(resource.RUSAGE_SELF)
cpu = r1.ru_utime + r1.ru_stime - r0.ru_utime - r0.ru_stime
print(cpu, wall, high_water(), before, int(result.tasks.sum()), len(result))
"""


def test_million_worker_weeks() -> None:
    # In a fresh process, so that the peak resident memory is this run's alone (tracemalloc
    # would slow numpy's many allocations several times over).
    if not os.path.exists("/proc/self/status"):
        pytest.skip("needs Linux's /proc/self/status for the process's peak memory")
    before = load_average()
    out = subprocess.run(
        [sys.executable, "-c", MILLION], capture_output=True, text=True, check=True
    ).stdout.split()
    cpu, wall = float(out[0]), float(out[1])
    peak, start, tasks, n = int(out[2]), int(out[3]), int(out[4]), int(out[5])
    LOAD["million"] = f"load {before} -> {load_average()}"
    RESULTS["million cpu"] = cpu
    RESULTS["million wall"] = wall
    RESULTS["million_peak_mib"] = peak / 2**20
    RESULTS["million_bytes_per_worker"] = (peak - start) / n
    RESULTS["million_tasks"] = tasks
    assert n == 1_000_000
    # Results are 136 bytes a worker, written in place: no joined copies on top.
    assert (peak - start) / n < 200


def test_thousand_simulate_weeks() -> None:
    scenario = cases.load("eduardo")
    simulate_week(None, scenario, seed=0)
    began, cpu = time.perf_counter(), time.process_time()
    for seed in range(1000):
        simulate_week(None, scenario, seed=seed)
    RESULTS["thousand_weeks wall"] = time.perf_counter() - began
    RESULTS["thousand_weeks cpu"] = time.process_time() - cpu


def test_report() -> None:
    r = RESULTS
    if not {"numpy cpu", "floor cpu", "python cpu", "mesa cpu"} <= set(r):
        pytest.skip("run the whole file to compare")

    def rate(key: str, tasks: float) -> str:
        return (
            f"{tasks / r[key + ' cpu'] / 1e6:,.2f} M tasks/s CPU "
            f"({tasks / r[key + ' wall'] / 1e6:,.2f} M wall; {LOAD[key]})"
        )

    tasks = r["tasks"]
    per_numpy = r["numpy cpu"] / tasks  # CPU seconds per simulated task
    lines = [
        f"tasks per worker-week ({CASE}): numpy {r['tasks_per_worker']:.0f}, plain Python "
        f"{r['python_tasks'] / N_PYTHON:.0f}, Mesa {r['mesa_tasks'] / N_PYTHON:.0f}",
        f"simulate_population ({N_NUMPY:,} workers): {rate('numpy', tasks)}",
        f"draw-only floor (per-worker streams, seeded in bulk): {rate('floor', tasks)} "
        f"-> simulate_population takes {r['numpy cpu'] / r['floor cpu']:.2f}x its CPU time",
        f"bulk draw floor (one generator): {rate('bulk floor', tasks)} "
        f"-> {r['numpy cpu'] / r['bulk floor cpu']:.2f}x",
        f"plain Python ({N_PYTHON} workers): {rate('python', r['python_tasks'])} "
        f"-> numpy is {r['python cpu'] / r['python_tasks'] / per_numpy:.1f}x per task (CPU)",
        f"Mesa 3 ({N_PYTHON} workers): {rate('mesa', r['mesa_tasks'])} "
        f"-> numpy is {r['mesa cpu'] / r['mesa_tasks'] / per_numpy:.1f}x per task (CPU)",
    ]
    if "eduardo cpu" in r:
        lines.append(
            f"eduardo: {r['eduardo cpu'] / N_EDUARDO * 1e6:.1f} µs CPU per worker-week "
            f"({r['eduardo wall'] / N_EDUARDO * 1e6:.1f} µs wall; {LOAD['eduardo']})"
        )
    if "million cpu" in r:
        lines.append(
            f"1,000,000 worker-weeks (eduardo), fresh process: {r['million cpu']:.1f} s CPU, "
            f"{r['million wall']:.1f} s wall ({LOAD['million']}), peak resident memory "
            f"{r['million_peak_mib']:.0f} MiB ({r['million_bytes_per_worker']:.0f} bytes a "
            "worker above the process before the run)"
        )
    if "thousand_weeks cpu" in r:
        lines.append(
            f"1,000 simulate_week (eduardo): {r['thousand_weeks cpu']:.1f} s CPU, "
            f"{r['thousand_weeks wall']:.1f} s wall"
        )
    print("\n" + "\n".join(lines))
    assert r["numpy cpu"] / tasks < r["python cpu"] / r["python_tasks"]
