"""``breakdown(by="task")`` with 10,000 tasks: the columnar GroupedReport against the old one.

The baseline, ``benchmarks/_legacy_breakdown.py``, is ``breakdown`` as it was on main
before the columnar ``GroupedReport`` (issue #17): it built every group's
``WageReport`` (about twenty pint quantities) before returning. Today's keeps the
per-group sums as float arrays and builds a group's report when it is looked up.
Both run in this session, on the same log; each reports wall time (pytest-benchmark)
and CPU time (``time.process_time``), as the machine is shared. Also timed: the
table (``to_text``, from the sums) and looking up every group's report (the cost
that moved from ``breakdown`` to the first lookup).

    pytest benchmarks/test_bench_breakdown.py --benchmark-columns=min,median,rounds -s
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import labourchain as lc

sys.path.insert(0, str(Path(__file__).parent))
import _legacy_breakdown as legacy
from _timing import Timings

N_TASKS = 10_000
GROUP = f"breakdown(by='task'), {N_TASKS:,} tasks"
TIMES = Timings()
RESULTS = TIMES.results
LOAD = TIMES.load


@pytest.fixture(scope="module")
def task_log() -> lc.WorkLog:
    """A worker's months: 10,000 task attempts, each after a search with no task named."""
    rng = np.random.default_rng(17)
    n = 2 * N_TASKS
    minutes = rng.integers(1, 20, size=n).astype(np.float64)
    is_search = np.arange(n) % 2 == 0
    activity = np.where(is_search, 3, rng.choice([0, 0, 0, 0, 1, 2], size=n))
    step = (minutes * 60_000_000).astype(np.int64) + rng.integers(0, 3, size=n) * 30_000_000
    start = 1_700_000_000_000_000 + np.concatenate([[0], np.cumsum(step)[:-1]])
    reward = np.where(is_search, np.nan, np.round(rng.uniform(0.05, 3.0, size=n), 2))
    task_id = np.where(is_search, "", np.char.add("t", (np.arange(n) // 2).astype(str)))
    return lc.WorkLog.from_arrays(
        start=start,
        minutes=minutes,
        activity=activity,
        reward=reward,
        currency="USD",
        offset_s=3 * 3600,
        task_id=task_id,
    )


@pytest.mark.benchmark(group=GROUP)
def test_legacy_breakdown(benchmark: Any, task_log: lc.WorkLog) -> None:
    def old() -> Any:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            return legacy.breakdown(task_log, by="task")

    grouped = TIMES.timed(benchmark, "legacy", old, 1)
    assert len(grouped) == N_TASKS  # searches (no task named) are shared out to the tasks
    RESULTS["groups"] = len(grouped)


@pytest.mark.benchmark(group=GROUP)
def test_columnar_breakdown(benchmark: Any, task_log: lc.WorkLog) -> None:
    grouped = TIMES.timed(benchmark, "columnar", lambda: lc.breakdown(task_log, by="task"), 5)
    assert len(grouped) == N_TASKS


@pytest.mark.benchmark(group=GROUP)
def test_columnar_breakdown_and_table(benchmark: Any, task_log: lc.WorkLog) -> None:
    text = TIMES.timed(
        benchmark, "columnar+to_text", lambda: lc.breakdown(task_log, by="task").to_text(), 3
    )
    assert text.count("\n") > N_TASKS


@pytest.mark.benchmark(group=GROUP)
def test_columnar_breakdown_every_report(benchmark: Any, task_log: lc.WorkLog) -> None:
    def every() -> int:
        grouped = lc.breakdown(task_log, by="task")
        return sum(r.rows for r in grouped.groups.values())

    rows = TIMES.timed(benchmark, "columnar+every report", every, 1)
    assert rows == N_TASKS  # the task rows (searches share out time, not rows)


def test_report() -> None:
    """The figures, per group: run after the benchmarks above (file order)."""
    r = RESULTS
    if not {"legacy cpu", "columnar cpu"} <= set(r):
        pytest.skip("run with the benchmarks above")
    groups = r["groups"]
    lines = [f"breakdown(by='task'), {groups:,.0f} groups (CPU time; wall time; load 1/5 min):"]
    for key in ("legacy", "columnar", "columnar+to_text", "columnar+every report"):
        if f"{key} cpu" in r:
            lines.append(
                f"  {key:<24}{r[f'{key} cpu'] / groups * 1e6:9.1f} µs CPU/group "
                f"{r[f'{key} wall'] / groups * 1e6:9.1f} µs wall/group  {LOAD[key]}"
            )
    lines.append(
        f"  -> columnar breakdown is {r['legacy cpu'] / r['columnar cpu']:.0f}x faster per "
        f"group (CPU), {r['legacy wall'] / r['columnar wall']:.0f}x (wall)"
    )
    print("\n" + "\n".join(lines))
    assert r["columnar cpu"] < r["legacy cpu"]
