"""Where a population's chunks run: in this process (numpy) or as Dask tasks.

A :class:`Run` is what every chunk of a population shares (scenario, week, tables,
layout, root seed); :func:`simulate_chunks` simulates consecutive spans of workers
with one set of draw buffers; :class:`Outputs` holds the result arrays, allocated
once, into which each chunk writes its rows (with the payouts settled).
:data:`BACKENDS` maps each backend's name to the function that runs the spans.
Results never depend on the backend: worker ``i`` draws from her own stream.
"""

from __future__ import annotations

import importlib
import sys
import time
from collections.abc import Callable, Iterator
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

#: Dask tasks per run at most: enough to balance a few workers, few enough that
#: each task runs many cache-sized chunks.
DASK_TASKS: Final = 32
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


def _several(run: Run, group: list[tuple[int, int]]) -> list[Chunk]:
    """One Dask task: cache-sized chunks, one set of draw buffers reused across them."""
    return [part for _, _, part in simulate_chunks(run, group)]


def run_dask(run: Run, spans: list[tuple[int, int]], out: Outputs, *, progress: bool) -> None:
    """The spans grouped into at most :data:`DASK_TASKS` Dask tasks (``progress`` unused)."""
    try:
        dask: Any = importlib.import_module("dask")
    except ImportError:  # pragma: no cover - depends on the environment
        raise MissingDependencyError(
            "backend='dask' needs Dask, which is not installed: pip install 'dask[distributed]' "
            "(or, in a clone of labourchain, pip install '.[dask]')"
        ) from None
    per_task = max(1, -(-len(spans) // DASK_TASKS))
    groups = [spans[i : i + per_task] for i in range(0, len(spans), per_task)]
    tasks = [dask.delayed(_several, pure=True)(run, group) for group in groups]
    results: tuple[list[Chunk], ...] = dask.compute(*tasks)
    parts = (part for group in results for part in group)
    for (lo, hi), part in zip(spans, parts, strict=True):
        out.put(lo, hi, part)


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
