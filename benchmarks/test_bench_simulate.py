"""simulate_population against the same worker-week model in Mesa 3 and in plain Python.

All in one run, in simulated tasks per second of **CPU time** (the machine is shared: wall
time moves with other jobs, CPU time much less; both are printed), on the ``mturk-hara-2018``
case (about 580 short tasks per worker-week):

* ``simulate_population`` (numpy, one process, default chunks; stream version 2), and the
  same with ``stream_version=1`` (the layout before #16), with the share of the task slots
  drawn that became tasks;
* the draw-only floor: the same per-worker streams, seeded the way the model seeds them (a
  group of workers' PCG64 states at a time, in bulk, then one generator pointed at each
  worker in turn), filling the same buffers with the same blocks of draws the model used
  (with the workers' factors from their shared stream and the exponentials' transform
  ``-log(1 - u)``), and nothing else; and the bulk floor: one generator drawing as many
  uniforms and normals in two calls;
* the plain-Python loop and the Mesa model of ``benchmarks/_mesa_model.py``.

Then ``eduardo`` (about 50 tasks a worker-week): CPU time per worker (both stream versions),
and 1,000,000
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
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).parent))
from _timing import Timings, load_average

from labourchain import cases
from labourchain.simulate import _sized, simulate_population, simulate_week
from labourchain.simulate._chunk import chunks, layout, seeded
from labourchain.simulate._kernel import tables, week_grid
from labourchain.simulate._streams import Streams
from labourchain.simulate.population import _root

CASE = "mturk-hara-2018"
N_NUMPY = 4000
N_PYTHON = 100
N_EDUARDO = 20_000
GROUP = f"worker weeks, {CASE}: simulated tasks per second"
TIMES = Timings()
RESULTS = TIMES.results
LOAD = TIMES.load


def version_1(scenario: Any, n: int, **options: Any) -> Any:
    """simulate_population with the stream layout of labourchain 0.1 (deprecated)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return simulate_population(scenario, n, stream_version=1, **options)


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


@pytest.mark.benchmark(group=GROUP)
def test_simulate_population_version_1(benchmark: Any, scenario: Any) -> None:
    version_1(scenario, 10, seed=1)
    result = TIMES.timed(benchmark, "version 1", lambda: version_1(scenario, N_NUMPY, seed=1), 3)
    RESULTS["v1 tasks"] = float(result.tasks.sum())


def _plan(scenario: Any) -> tuple[list[tuple[int, int]], list[_sized.Plan], float]:
    """The chunks simulate_population runs, the blocks each drew, and the share of drawn
    task slots that became tasks."""
    root = _root(1)
    grid = week_grid(scenario, scenario.week_of)
    tab = tables(scenario)
    lay = layout(scenario, grid, tab)
    spans = list(chunks(N_NUMPY, _sized.default_chunk_size(scenario, grid, tab)))
    plans, tasks, drawn = [], 0, 0
    for lo, hi in spans:
        chunk, plan = _sized.run_chunk(scenario, grid, tab, lay, root, lo, hi)
        plans.append(plan)
        tasks += int(chunk.counts.sum())
        drawn += sum(int(sl.sum()) for groups in plan.rounds for _, _, sl in groups)
    return spans, plans, tasks / drawn


def _draws_only(scenario: Any, spans: list[tuple[int, int]], plans: list[_sized.Plan]) -> None:
    # Seeded as simulate_population seeds (states a group at a time, in bulk, one generator
    # pointed at each worker in turn), the same blocks into the same buffers, the workers'
    # factors from their shared stream, and the exponentials' transform: nothing else.
    root = _root(1)
    grid = week_grid(scenario, scenario.week_of)
    tab = tables(scenario)
    lay = layout(scenario, grid, tab)
    workspace = _sized.Workspace(lay)
    streams: Streams | None = None
    for (lo, hi, states), plan in zip(seeded(root, spans), plans, strict=True):
        if streams is None:
            streams = Streams(root, lo, hi, states)
        _sized.run_chunk(
            scenario, grid, tab, lay, root, lo, hi,
            states=states, streams=streams, workspace=workspace, draws_only=plan,
        )  # fmt: skip


@pytest.mark.benchmark(group=GROUP)
def test_draw_only_floor(benchmark: Any, scenario: Any) -> None:
    spans, plans, used = _plan(scenario)  # the blocks of the real run: the floor draws those
    RESULTS["used"] = used
    TIMES.timed(benchmark, "floor", lambda: _draws_only(scenario, spans, plans), 3)


@pytest.mark.benchmark(group=GROUP)
def test_bulk_draw_floor(benchmark: Any, scenario: Any) -> None:
    lay = layout(scenario, week_grid(scenario, scenario.week_of), tables(scenario))
    _, plans, _ = _plan(scenario)
    slots = sum(int(sl.sum()) for plan in plans for groups in plan.rounds for _, _, sl in groups)
    rng = np.random.default_rng(1)
    u = np.empty(slots * (len(lay.uniforms) + len(lay.exponentials)))
    z = np.empty(slots * len(lay.normals))

    def draw() -> None:
        rng.random(out=u)
        rng.standard_normal(out=z)

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


@pytest.mark.benchmark(group="worker weeks, eduardo: CPU time per worker")
def test_eduardo_per_worker_version_1(benchmark: Any) -> None:
    scenario = cases.load("eduardo")
    version_1(scenario, 10, seed=1)
    TIMES.timed(
        benchmark, "eduardo v1", lambda: version_1(scenario, N_EDUARDO, seed=1), 3
    )


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
    if not {"numpy cpu", "version 1 cpu", "floor cpu", "python cpu", "mesa cpu"} <= set(r):
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
        f"simulate_population ({N_NUMPY:,} workers): {rate('numpy', tasks)}; "
        f"{100 * r['used']:.1f}% of the task slots drawn became tasks",
        f"the same, stream version 1: {rate('version 1', r['v1 tasks'])} -> version 2 is "
        f"{r['version 1 cpu'] / r['v1 tasks'] / per_numpy:.2f}x faster per task (CPU)",
        f"draw-only floor (the same draws, seeded in bulk): {rate('floor', tasks)} "
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
    if "eduardo v1 cpu" in r:
        lines.append(
            f"eduardo, stream version 1: {r['eduardo v1 cpu'] / N_EDUARDO * 1e6:.1f} µs CPU "
            f"({r['eduardo v1 wall'] / N_EDUARDO * 1e6:.1f} µs wall; {LOAD['eduardo v1']})"
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
