"""Where a population's chunks run: in this process (numpy) or as Dask tasks.

A :class:`Run` is what every chunk of a population shares (scenario, week, tables,
layout, root seed); :func:`simulate_chunks` simulates consecutive spans of workers
with one set of draw buffers; :class:`Outputs` holds the result arrays, allocated
once, into which each chunk writes its rows (with the payouts settled); a Dask task
settles its chunks' rows the same way into outputs of its own, which the parent copies.
:data:`BACKENDS` maps each backend's name to the function that runs the spans.
Results never depend on the backend: worker ``i`` draws from her own stream.
"""

from __future__ import annotations

import concurrent.futures
import importlib
import sys
import time
from collections.abc import Callable, Iterator
from itertools import pairwise
from typing import Any, Final

import attrs
import numpy as np
import numpy.typing as npt

from labourchain.errors import MissingDependencyError
from labourchain.simulate import _sized
from labourchain.simulate._chunk import Chunk, Draws, Layout, run_chunk, seeded
from labourchain.simulate._kernel import N_ACTIVITIES, Tables, WeekGrid
from labourchain.simulate._streams import Streams
from labourchain.simulate.scenario import Scenario

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
#: Settled per-worker rows: gross, fees, earnings, hours, outcomes, rate_sum, night_share.
Rows = tuple[FloatArray, FloatArray, FloatArray, FloatArray, IntArray, FloatArray, FloatArray]

#: Dask tasks per run at most: each of 2 to 8 workers gets 8 to 2 tasks, which balances
#: them, and each task runs many cache-sized chunks. A worker process waits about 0.04 s
#: between two tasks (its result goes to the parent before it gets the next), so more
#: tasks cost more; fewer leave one worker idle longer at the end (docs/simulation.md).
DASK_TASKS: Final = 16
#: Seconds between two updates of the progress line (the last chunk always shows).
PROGRESS_EVERY: Final = 0.5


@attrs.frozen(kw_only=True, eq=False)
class Run:
    """What every chunk of one population run shares."""

    scenario: Scenario
    grid: WeekGrid
    tab: Tables
    lay: Layout
    root: np.random.SeedSequence
    stream: int = _sized.VERSION


def simulate_chunks(run: Run, spans: list[tuple[int, int]]) -> Iterator[tuple[int, int, Chunk]]:
    """Each span ``(lo, hi)`` of consecutive workers simulated, one generator (and in
    stream version 1 one set of draw buffers) reused."""
    if run.stream == _sized.VERSION:
        streams: Streams | None = None
        workspace = _sized.Workspace(run.lay)
        for lo, hi, states in seeded(run.root, spans):
            if streams is None:
                streams = Streams(run.root, lo, hi, states)
            chunk, _ = _sized.run_chunk(
                run.scenario, run.grid, run.tab, run.lay, run.root, lo, hi,
                states=states, streams=streams, workspace=workspace,
            )  # fmt: skip
            yield lo, hi, chunk
        return
    draws: Draws | None = None
    for lo, hi, states in seeded(run.root, spans):
        if draws is None:
            draws = Draws(run.lay, hi - lo, run.tab.rej_rate.size)
        chunk = run_chunk(
            run.scenario, run.grid, run.tab, run.root, lo, hi, draws=draws, states=states
        )
        yield lo, hi, chunk


class Outputs:
    """The result arrays, allocated once for all workers; each chunk writes its rows.

    Peak memory is then these arrays (136 bytes a worker) and one chunk's
    working set: nothing is joined or copied at the end.
    """

    def __init__(self, n: int, scenario: Scenario) -> None:
        self.scenario = scenario
        self.gross = np.empty(n)
        self.fees = np.empty(n)
        self.earnings = np.empty(n)
        self.hours = np.empty((n, N_ACTIVITIES))
        self.outcomes = np.empty((n, 3), dtype=np.int64)
        self.rate_sum = np.empty(n)
        self.night_share = np.empty(n)

    def put(self, lo: int, hi: int, part: Chunk) -> None:
        """Rows ``lo..hi-1`` from a chunk's results (money settled per worker, hours)."""
        gross, fees = money_out(self.scenario, part.gross)
        self.gross[lo:hi] = gross
        self.fees[lo:hi] = fees
        np.subtract(gross, fees, out=self.earnings[lo:hi])
        np.divide(part.minutes, 60.0, out=self.hours[lo:hi])
        self.outcomes[lo:hi] = part.counts
        self.rate_sum[lo:hi] = part.rate_sum
        share = self.night_share[lo:hi]
        share[:] = 0.0
        np.divide(part.night, part.task_minutes, out=share, where=part.task_minutes > 0)

    def arrays(self) -> Rows:
        """The result arrays, in the order of :data:`Rows` (what a Dask task returns)."""
        return (
            self.gross,
            self.fees,
            self.earnings,
            self.hours,
            self.outcomes,
            self.rate_sum,
            self.night_share,
        )

    def write(self, lo: int, rows: Rows) -> None:
        """Rows ``lo..`` copied from another outputs' :meth:`arrays` (already settled)."""
        hi = lo + rows[0].shape[0]
        for mine, theirs in zip(self.arrays(), rows, strict=True):
            mine[lo:hi] = theirs


def money_out(scenario: Scenario, gross: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Total gross and total fees per worker, from gross per platform (payouts settled)."""
    fees = np.zeros(gross.shape[0])
    for p, spec in enumerate(scenario.platforms):
        platform_fee = gross[:, p] * spec.worker_fee
        balance = gross[:, p] - platform_fee
        policy = spec.platform(scenario.currency).payout
        assert policy is not None  # a PlatformSpec always describes its payout
        payout = policy.settle_many(balance, currency=scenario.currency).fees.magnitude
        fees += platform_fee + payout
    out: FloatArray = gross.sum(axis=1)
    return out, fees


# ----------------------------------------------------------------- backends


def run_numpy(run: Run, spans: list[tuple[int, int]], out: Outputs, *, progress: bool) -> None:
    """The spans one after another in this process (``progress``: a line on stderr)."""
    began = time.monotonic()
    for j, (lo, hi, part) in enumerate(simulate_chunks(run, spans)):
        out.put(lo, hi, part)
        del part
        if progress:
            show_progress(j + 1, len(spans), hi, began)
    if progress:
        sys.stderr.write("\n")


def _several(run: Run, group: list[tuple[int, int]]) -> tuple[int, Rows]:
    """One Dask task: consecutive cache-sized chunks, one set of draw buffers reused.

    Returns the first worker of the group and its rows, settled (:meth:`Outputs.put`, as
    in this process) into one array per result: the parent then only copies them.
    """
    first = group[0][0]
    rows = Outputs(group[-1][1] - first, run.scenario)
    for lo, hi, part in simulate_chunks(run, group):
        rows.put(lo - first, hi - first, part)
    return first, rows.arrays()


def run_dask(run: Run, spans: list[tuple[int, int]], out: Outputs, *, progress: bool) -> None:
    """The spans in at most :data:`DASK_TASKS` Dask tasks of consecutive spans.

    The scheduler in force runs them (``progress`` unused). Each task returns its workers'
    rows settled (:func:`_several`); with Dask's local schedulers (``"processes"``,
    ``"threads"``, ``"synchronous"``) each is copied into ``out`` (by a thread) as soon
    as its task ends, with others (``distributed``) when all have. Dask's ``chunksize``
    (tasks sent to a worker process at a time, 6 unless set) is 1 unless set: each task
    is long enough on its own, and batches of 6 of 16 tasks leave one of two workers idle
    at the end.
    """
    try:
        dask: Any = importlib.import_module("dask")
        callbacks: Any = importlib.import_module("dask.callbacks")
    except ImportError:  # pragma: no cover - depends on the environment
        raise MissingDependencyError(
            "backend='dask' needs Dask, which is not installed: pip install 'dask[distributed]' "
            "(or, in a clone of labourchain, pip install '.[dask]')"
        ) from None
    if not spans:
        return
    n_tasks = min(DASK_TASKS, len(spans))
    cuts = [len(spans) * i // n_tasks for i in range(n_tasks + 1)]
    tasks = [dask.delayed(_several, pure=True)(run, spans[a:b]) for a, b in pairwise(cuts)]
    mine = {task.key for task in tasks}
    copies: dict[object, concurrent.futures.Future[None]] = {}

    def write(key: object, result: tuple[int, Rows], *_: object) -> None:
        # A Dask callback sees every task computed meanwhile, in any thread: only ours.
        # The copy runs in a thread (numpy releases the GIL), so the scheduler sends the
        # next task at once rather than after the copy (first writes fault pages in).
        if key in mine and key not in copies:
            copies[key] = writer.submit(out.write, *result)

    with (
        concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="labourchain-copy") as writer,
        dask.config.set(chunksize=dask.config.get("chunksize", 1)),
        callbacks.Callback(posttask=write),
    ):
        results: tuple[tuple[int, Rows], ...] = dask.compute(*tasks)
        for task, result in zip(tasks, results, strict=True):
            write(task.key, result)  # those the scheduler did not report (distributed)
        for copy in copies.values():
            copy.result()


#: The backends by name: each runs the spans of a run and writes into the outputs.
BACKENDS: Final[dict[str, Callable[..., None]]] = {"numpy": run_numpy, "dask": run_dask}

_shown_at: dict[str, float] = {"time": 0.0}


def show_progress(done: int, total: int, workers: int, began: float) -> None:
    """The progress line on stderr, at most every :data:`PROGRESS_EVERY` seconds."""
    now = time.monotonic()
    if done < total and now - _shown_at["time"] < PROGRESS_EVERY:
        return  # a line per chunk would be thousands of writes a second
    _shown_at["time"] = now
    sys.stderr.write(
        f"\rsimulating: {workers:,} workers ({100 * done / total:.0f}%), {now - began:.0f} s"
    )
    sys.stderr.flush()
