"""The vectorised worker-week model: a chunk of workers, block by block of task slots.

Struct of arrays: a chunk's workers are simulated together, in blocks of ``K`` task
slots per worker (``K`` fixed by the scenario: :func:`layout`), every array shaped
``(workers, K)``; there is no Python loop per task. Worker ``i`` draws from her own
stream (:mod:`labourchain.simulate._streams`), always in the same blocks, so her
results do not depend on the chunk she is simulated in. A :class:`ChunkState` holds
what the blocks share: the scenario's tables, the workers' factors, their positions
on the busy clock and the per-worker sums the blocks add to; :func:`run_block` runs one
block for the workers still active, :func:`run_chunk` a whole chunk.
This is stream version 1 (``stream_version=1``, kept for one release); version 2,
the default, sizes each worker's blocks to her week (:mod:`._sized`) and runs
the same :func:`run_block` on them.
See ``docs/simulation.md`` for the model and how the kernel is organised.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any, Final, Protocol

import attrs
import numpy as np
import numpy.typing as npt

from labourchain.simulate import _kernel
from labourchain.simulate._kernel import (
    EXPONENTIALS,
    N_ACTIVITIES,
    NORMALS,
    UNIFORMS,
    Tables,
    WeekGrid,
)
from labourchain.simulate._mixture import type_factors
from labourchain.simulate._streams import Streams, child_words
from labourchain.simulate.scenario import Scenario

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

#: Task slots per chunk the default chunk size aims at: arrays of 128 KiB, cache-sized.
CHUNK_SLOTS: Final = 16_384
#: Workers per chunk at least, as long as that makes at most :data:`MAX_CHUNK_SLOTS` slots:
#: the later blocks of a chunk hold only its slower workers, and each block costs numpy's
#: per-call overhead on some 60 calls whatever its size.
MIN_WORKERS: Final = 96
MAX_CHUNK_SLOTS: Final = 65_536
#: Blocks of fewer slots than this are copied into contiguous buffers before the kernel runs.
CONTIGUOUS_BELOW: Final = 256
#: Slots per block as a share of the typical week's expected cycles (plus three standard
#: deviations): faster workers carry on in further blocks.
SLOT_FACTOR: Final = 0.8


@attrs.frozen(kw_only=True, eq=False)
class Chunk:
    """A chunk's per-worker results, before payout (one row per worker)."""

    gross: FloatArray  # (n, platforms)
    minutes: FloatArray  # (n, activities)
    counts: IntArray  # (n, 3): paid, rejected, returned tasks
    rate_sum: FloatArray  # sum of submitted tasks' nominal hourly rates
    night: FloatArray
    task_minutes: FloatArray
    blocks: IntArray  # blocks of draws each worker used
    cycles: IntArray | None = None  # task slots each worker used (stream version 2)


@attrs.frozen(kw_only=True)
class Layout:
    """Which draws a task slot takes (fixed by the scenario, never by the chunk)."""

    uniforms: tuple[str, ...]
    normals: tuple[str, ...]
    exponentials: tuple[str, ...]
    slots: int

    @property
    def per_slot(self) -> int:
        """Random numbers per task slot."""
        return len(self.uniforms) + len(self.normals) + len(self.exponentials)


def layout(scenario: Scenario, grid: WeekGrid, tab: Tables) -> Layout:
    """The draws of a slot, and the slots per block (see :func:`block_size`)."""
    q, o = scenario.qualification, scenario.outages
    uniforms = [
        name
        for name, needed in (
            ("kind", tab.cum_weight.size > 1),
            ("qualification", q.share > 0),
            ("outcome", bool(np.any(tab.return_rate > 0)) or bool(np.any(tab.rej_rate > 0))),
            ("mass", bool(np.any(tab.mass_rate > 0))),
            ("gated", bool(np.any((tab.gating > 0) & (tab.gated_share > 0)))),
        )
        if needed
    ]
    normals = [
        name
        for name, needed in (
            ("duration", bool(np.any(tab.dur_sigma > 0)) or scenario.variation.speed > 0),
            ("reward", bool(np.any(tab.rew_sigma > 0))),
        )
        if needed
    ]
    exponentials = [
        name
        for name, needed in (
            ("search", scenario.search.minutes > 0),
            ("test", q.share > 0 and q.minutes > 0),
            ("cut_after", o.per_hour > 0),
            ("cut_length", o.per_hour > 0 and o.minutes > 0),
        )
        if needed
    ]
    assert set(uniforms) <= set(UNIFORMS)
    assert set(normals) <= set(NORMALS)
    assert set(exponentials) <= set(EXPONENTIALS)
    return Layout(
        uniforms=tuple(uniforms),
        normals=tuple(normals),
        exponentials=tuple(exponentials),
        slots=block_size(scenario, grid, tab),
    )


def default_chunk_size(lay: Layout) -> int:
    """Workers per chunk: :data:`CHUNK_SLOTS` slots' worth, or :data:`MIN_WORKERS` (16 to 1,024)."""
    slots = max(lay.slots, 1)
    at_least = min(MIN_WORKERS, MAX_CHUNK_SLOTS // slots)
    return int(min(1024, max(16, at_least, CHUNK_SLOTS // slots)))


def block_size(scenario: Scenario, grid: WeekGrid, tab: Tables) -> int:
    """Task slots per block: a little less than the typical week needs (further blocks follow).

    Depends only on the scenario and the week (never on the chunk), and is a
    multiple of every client's batch size, so that batches never straddle blocks.
    """
    weights = np.diff(np.concatenate(([0.0], tab.cum_weight)))
    v = scenario.variation
    duration = float(np.sum(weights * tab.dur_median * np.exp(tab.dur_sigma**2 / 2)))
    duration *= math.exp(v.speed**2 / 2) * (1 - 0.5 * float(np.sum(weights * tab.return_rate)))
    search = scenario.search.minutes * math.exp(v.search**2 / 2)
    if v.types:  # a mixture: the types' mean factors
        duration *= math.fsum(t.share * t.speed for t in v.types)
        search *= math.fsum(t.share * t.search for t in v.types)
    q = scenario.qualification
    cycle = max(search + q.share * q.minutes + duration, 1e-3)
    expected = grid.busy_total / cycle
    slots = SLOT_FACTOR * expected + 3.0 * math.sqrt(expected) + 8.0
    step = math.lcm(*tab.batch_size.tolist()) if tab.batch_size.size else 1
    step = step if step <= 4096 else 1
    step = math.lcm(step, 8) if step * 8 <= 4096 else step
    return int(min(max(step, step * math.ceil(slots / step)), 1 << 16))


class Draws:
    """Preallocated draw buffers for a chunk, filled one worker (one call per law) at a time."""

    def __init__(self, lay: Layout, n: int, clients: int = 0) -> None:
        k = lay.slots
        self.lay = lay
        # Her gating uniforms and her first block's uniforms follow each other in her
        # stream: one row holds both, so that her first visit draws them in one call.
        # (Padded in front so that the block's rows stay 64-byte aligned.)
        pad = -(-clients // 8) * 8
        lead = np.empty((n, pad + len(lay.uniforms) * k))
        self.lead = lead[:, pad - clients :]
        self.gate = lead[:, pad - clients : pad]
        self.u = lead[:, pad:].reshape(n, len(lay.uniforms), k)
        self.z = np.empty((n, len(lay.normals), k))
        self.e = np.empty((n, len(lay.exponentials), k))
        # Scratch of the kernel: paid, refused and returned slots, and masked products.
        self.masks = np.empty((3, n, k), dtype=bool)
        self.products = np.empty((3, n, k))
        # The kernel's copy of a block, law by law: each law's (workers, slots) contiguous.
        short = k < CONTIGUOUS_BELOW
        self._work = tuple(
            np.empty((b.shape[1], n, k) if short else (0, 0, 0)) for b in (self.u, self.z, self.e)
        )
        # Each row's buffers (None for a law not drawn), so that a fill is three calls.
        self._rows: list[tuple[FloatArray | None, FloatArray | None, FloatArray | None]] = [
            (
                self.u[i] if self.u.shape[1] else None,
                self.z[i] if self.z.shape[1] else None,
                self.e[i] if self.e.shape[1] else None,
            )
            for i in range(n)
        ]
        self._lead_rows = list(self.lead)
        self._gate_rows = list(self.gate)
        self._streams: Streams | None = None

    def streams(
        self, root: np.random.SeedSequence, lo: int, hi: int, states: npt.NDArray[np.uint64] | None
    ) -> Streams:
        """The workers' streams (one generator, kept from chunk to chunk)."""
        if self._streams is None:
            self._streams = Streams(root, lo, hi, states)
        else:
            self._streams.point(root, lo, hi, states)
        return self._streams

    def first_visit(self, streams: Streams, traits: FloatArray, *, block: bool) -> None:
        """Each worker's first draws: her 3 factors, her gating uniforms and (``block``)
        her first block, the generator moved from worker to worker in one loop."""
        g = streams.generator
        normal, uniform, exponential = g.standard_normal, g.random, g.standard_exponential
        n = traits.shape[0]
        trait_rows = list(traits)
        first = self._lead_rows if block else self._gate_rows
        z = [row[1] for row in self._rows] if block and self.z.shape[1] else None
        e = [row[2] for row in self._rows] if block and self.e.shape[1] else None
        switch = streams.switch()
        if switch is None:  # builds without the C state view: one worker at a time
            for i in range(n):
                streams.use(i).standard_normal(out=trait_rows[i])
                if block:
                    self.fill(i, g, first=True)
                else:
                    g.random(out=first[i])
            return
        view, states = switch
        for i in range(n):
            state = states[i]
            view[:] = state
            normal(out=trait_rows[i])
            uniform(out=first[i])
            if z is not None:
                normal(out=z[i])
            if e is not None:
                exponential(out=e[i])
            state[:] = view

    def refill(self, streams: Streams, active: npt.NDArray[np.intp]) -> None:
        """The next block of each worker of ``active`` (row ``j`` for ``active[j]``)."""
        g = streams.generator
        normal, uniform, exponential = g.standard_normal, g.random, g.standard_exponential
        switch = streams.switch()
        rows = self._rows
        if switch is None:
            for row, i in enumerate(active.tolist()):
                self.fill(row, streams.use(i))
            return
        view, states = switch
        for row, i in enumerate(active.tolist()):
            state = states[i]
            view[:] = state
            u, z, e = rows[row]
            if u is not None:
                uniform(out=u)
            if z is not None:
                normal(out=z)
            if e is not None:
                exponential(out=e)
            state[:] = view

    def fill(self, row: int, g: np.random.Generator, *, first: bool = False) -> None:
        """Draw her block (``first``: her gating uniforms before it, in the same call)."""
        u, z, e = self._rows[row]
        if first:
            g.random(out=self.lead[row])
        elif u is not None:
            g.random(out=u)
        if z is not None:
            g.standard_normal(out=z)
        if e is not None:
            g.standard_exponential(out=e)

    def get(
        self, m: int
    ) -> tuple[dict[str, FloatArray], dict[str, FloatArray], dict[str, FloatArray]]:
        """The first ``m`` rows of each law, copied law by law into contiguous buffers.

        A law's slots are strided in the draw buffers (a worker's laws follow each
        other); numpy runs strided ``(m, k)`` operands row by row, which costs 2 to 3
        times as much for short blocks. One copy per law makes every later pass of
        the kernel a single contiguous loop.
        """
        lay = self.lay
        if lay.slots >= CONTIGUOUS_BELOW:  # long rows: strided passes cost little more
            return (
                {name: self.u[:m, j] for j, name in enumerate(lay.uniforms)},
                {name: self.z[:m, j] for j, name in enumerate(lay.normals)},
                {name: self.e[:m, j] for j, name in enumerate(lay.exponentials)},
            )
        out: list[dict[str, FloatArray]] = []
        for names, drawn, work in zip(
            (lay.uniforms, lay.normals, lay.exponentials),
            (self.u, self.z, self.e),
            self._work,
            strict=True,
        ):
            if not names:
                out.append({})
                continue
            dest = work[:, :m] if m < work.shape[1] else work
            np.copyto(dest, drawn[:m].transpose(1, 0, 2))
            out.append({name: dest[j] for j, name in enumerate(names)})
        return out[0], out[1], out[2]


class BlockDraws(Protocol):
    """What :func:`run_block` reads of a block's draws: the laws and the scratch buffers."""

    masks: npt.NDArray[np.bool_]
    products: FloatArray

    def get(
        self, m: int
    ) -> tuple[dict[str, FloatArray], dict[str, FloatArray], dict[str, FloatArray]]: ...


@attrs.define(kw_only=True, eq=False)
class ChunkState:
    """What the blocks of a chunk share: the model's inputs, per-worker factors and sums.

    The blocks of :func:`run_block` read the inputs and factors, and add to the sums and
    positions in place, row by row (each row a worker of the chunk).

    Attributes:
        scenario: The scenario.
        grid: The typical worker's week on the online clock.
        tab: The scenario's task mix and clients as arrays.
        draws: The draw buffers (one block per worker), refilled before each block.
        slots: Task slots per block, ``K``.
        speed: Each worker's factor on task durations.
        search: Her mean search minutes.
        pay: Her factor on rewards (with the pay factor of her country).
        gated: Whether she is gated by each client, shape ``(workers, clients)``.
        mass_start: Per client, the first slot of each slot's batch.
        busy: Her position on the busy clock (minutes) at the end of her last block.
        gross: Rewards of approved work by platform, shape ``(workers, platforms)``.
        minutes: Minutes by activity, shape ``(workers, activities)``.
        counts: Tasks paid, rejected and returned, shape ``(workers, 3)``.
        rate_sum: Sum of her submitted tasks' nominal hourly rates.
        night: Minutes of task work at local night.
        task_minutes: Minutes of task work.
        cycles: Task slots she used (started before her week's busy time ran out), if
            counted.
        offset: Slots she drew before this block (stream version 2, where a batch may
            straddle two blocks), or None.
        mass_carry: Per client, whether the batch her last block ended in is
            mass-rejected (stream version 2), shape ``(workers, clients)``.
    """

    scenario: Scenario
    grid: WeekGrid
    tab: Tables
    draws: BlockDraws
    slots: int
    speed: FloatArray
    search: FloatArray
    pay: FloatArray
    gated: npt.NDArray[np.bool_]
    mass_start: list[npt.NDArray[np.intp]]
    busy: FloatArray
    gross: FloatArray
    minutes: FloatArray
    counts: IntArray
    rate_sum: FloatArray
    night: FloatArray
    task_minutes: FloatArray
    cycles: IntArray | None = None
    offset: IntArray | None = None
    mass_carry: npt.NDArray[np.bool_] | None = None


#: Start of a padding slot (see :func:`run_block`'s ``slots``) on the busy clock: past any week.
PADDING: Final = 1e30


def run_block(
    state: ChunkState, active: npt.NDArray[np.intp], slots: IntArray | None = None
) -> None:
    """One block of task slots for the workers ``active`` of ``state`` (accumulates in place).

    ``slots``: each row's slots, if fewer than the block's for some (stream version 2):
    the slots after them are padding, which the kernel places past the end of the week.

    Works in place in the draw buffers (scratch until the next block refills them). One
    uniform decides both return and rejection: returned if ``u < ρ_ret`` (after the share
    ``u / ρ_ret`` of the task), otherwise rejected if ``u < ρ_ret + (1 - ρ_ret) p``: given
    that the task is not returned, ``u`` is uniform on ``[ρ_ret, 1)``, so the rejection is
    independent of it, as in :func:`~labourchain.simulate.simulate_week`'s separate draws.
    """
    scenario, grid, tab, draws = state.scenario, state.grid, state.tab, state.draws
    m, k = active.size, state.slots
    speed, search, pay, gated = state.speed, state.search, state.pay, state.gated
    b, gross, minutes, counts = state.busy, state.gross, state.minutes, state.counts
    rate_sum, night, task_minutes = state.rate_sum, state.night, state.task_minutes
    q, o = scenario.qualification, scenario.outages
    total = grid.busy_total
    u, z, e = draws.get(m)
    # these workers' rows in the chunk's arrays
    sel: Any = slice(None) if m == state.gross.shape[0] else active
    n_clients = tab.rej_rate.size

    kind: npt.NDArray[np.intp] | None = None
    if tab.cum_weight.size > 1:
        kind = np.searchsorted(tab.cum_weight, u["kind"], side="right")
        np.minimum(kind, tab.cum_weight.size - 1, out=kind)

    def per_kind(values: FloatArray) -> FloatArray | float:
        return float(values[0]) if kind is None else values[kind]

    client: npt.NDArray[np.intp] | None = None
    if n_clients > 1:
        client = tab.kind_client[kind] if kind is not None else np.zeros((m, k), np.intp)

    # Search: exponential times her factor, in place.
    if "search" in e:
        s = e["search"]
        s *= search[sel][:, None]
    else:
        s = np.zeros((m, k))
    # Unpaid tests.
    attempted: npt.NDArray[np.bool_] | None = None
    t_q: FloatArray | None = None
    if "qualification" in u:
        uq = u["qualification"]
        need = uq < q.share
        attempted = ~need | (uq < q.share * q.pass_rate)
        if "test" in e:
            t_q = e["test"]
            t_q *= q.minutes
            t_q *= need
    # Durations and rewards: lognormals as exp of the normals, in place.
    d = lognormal_inplace(z.get("duration"), per_kind(tab.dur_median), per_kind(tab.dur_sigma),
                           speed[sel], m, k)  # fmt: skip
    r = lognormal_inplace(z.get("reward"), per_kind(tab.rew_median), per_kind(tab.rew_sigma),
                           pay[sel], m, k)  # fmt: skip
    # Return and rejection from one uniform (see the docstring).
    returned: npt.NDArray[np.bool_] | None = None
    rejected: npt.NDArray[np.bool_] | None = None
    w = d
    if "outcome" in u:
        uo = u["outcome"]
        rr = per_kind(tab.return_rate)
        p = float(tab.rej_rate[0]) if client is None else tab.rej_rate[client]
        if tab.any_rejection:
            rejected = uo < rr + (1.0 - rr) * p
        if tab.any_return:
            returned = uo < rr
            if rejected is not None:
                rejected &= ~returned
            if tab.all_return:
                uo *= 1.0 / rr
                np.clip(uo, -np.inf, 1.0, out=uo)  # min(uo, 1); clip is faster
                w *= uo
            else:
                with np.errstate(divide="ignore", invalid="ignore"):
                    w *= np.where(returned, uo / rr, 1.0)
    if attempted is not None:
        w *= attempted
    if "mass" in u:
        if rejected is None:
            rejected = np.zeros((m, k), dtype=bool)
        for c in range(n_clients):
            if tab.mass_rate[c] > 0:
                if state.offset is None:  # version 1: batches never straddle blocks
                    mass = u["mass"][:, state.mass_start[c]] < tab.mass_rate[c]
                else:
                    mass = batch_decisions(state, sel, u["mass"], c, slots)
                if returned is not None:
                    mass &= ~returned
                rejected |= mass if client is None else mass & (client == c)
    if "gated" in u:
        if client is None:
            cut_pay = gated[sel][:, :1] & (u["gated"] < tab.gated_share[0])
            r[cut_pay] *= tab.gated_pay[0]
        else:
            cut_pay = np.take_along_axis(gated[sel], client, axis=1) & (
                u["gated"] < tab.gated_share[client]
            )
            r[cut_pay] *= tab.gated_pay[client][cut_pay]
    # The cycle, and outages that end it.
    length = s + w
    if t_q is not None:
        length += t_q
    in_task: npt.NDArray[np.bool_] | None = None
    outage: FloatArray | None = None
    s_c, q_c, w_c = s, t_q, w
    if "cut_after" in e:
        cut_after = e["cut_after"]
        cut_after *= 60.0 / o.per_hour
        cut = cut_after < length
        before_task = s if t_q is None else s + t_q
        s_c = np.minimum(s, cut_after)
        if t_q is not None:  # clip(cut_after - s, 0, t_q): SIMD loops, where clip has none
            q_c = np.subtract(cut_after, s)
            np.maximum(q_c, 0.0, out=q_c)
            np.minimum(q_c, t_q, out=q_c)
        w_in = np.subtract(cut_after, before_task)
        np.maximum(w_in, 0.0, out=w_in)
        np.minimum(w_in, w, out=w_in)
        w_c = np.where(cut, w_in, w)
        in_task = cut & (cut_after > before_task)
        if attempted is not None:
            in_task &= attempted
        outage = None
        if "cut_length" in e:  # minutes * length where cut, else 0 (in place: x * 1, x * 0)
            outage = e["cut_length"]
            outage *= o.minutes
            outage *= cut
        length = np.where(cut, cut_after if outage is None else cut_after + outage, length)

    # Place the cycles. Starts increase along a row, so the valid slots (starting before
    # her supply runs out) are a prefix; and as T has slope >= 1, only the last valid cycle
    # of a row can run past the end of her week's online time: it alone is cut.
    ends = np.cumsum(length, axis=1)
    ends += b[sel][:, None]
    starts = ends - length
    padded = slots is not None and bool(np.any(slots < k))
    if padded:  # padding slots start past the week: never valid
        assert slots is not None
        np.copyto(starts, PADDING, where=np.arange(k) >= slots[:, None])
    row_sum = RowSums(slots, k)
    valid = starts < total
    n_valid = count(valid)
    rows = np.flatnonzero(n_valid)
    last = n_valid[rows] - 1
    if state.cycles is not None:
        state.cycles[sel] += n_valid
    # paid, refused and returned slots (disjoint), in one buffer: one product and one sum.
    masks = draws.masks[:, :m]
    paid, refused, is_returned = masks[0], masks[1], masks[2]
    has_task = np.greater(w_c, 0.0)
    has_task &= valid
    if returned is None:
        is_returned[...] = False
    else:
        np.logical_and(returned, has_task, out=is_returned)
    if rows.size:
        at = (rows, last)
        t_last = place(grid, starts[at])
        room = grid.online_total - t_last
        left = room
        w_full = w_last = room
        for x in (s_c, q_c, w_c, outage):  # distinct arrays
            if x is None:
                continue
            before = x[at]
            now = np.minimum(np.maximum(left, 0.0), before)  # clip(left, 0, before), 2 calls
            x[at] = now
            if x is w_c:
                w_full, w_last = before, now
            left = left - before
        has_last = has_task[at]
        has_last &= w_last > 0
        has_task[at] = has_last
        is_returned[at] = (is_returned[at] | (w_last < w_full)) & has_last
    if in_task is not None:
        in_task &= has_task
        is_returned |= in_task
    submitted = np.greater(has_task, is_returned)  # has_task and not returned
    if rejected is not None:
        np.logical_and(submitted, rejected, out=refused)
    else:
        refused[...] = False
    np.logical_xor(submitted, refused, out=paid)  # refused slots are among these: drop them

    # Accumulate: masked products summed along each row (row by row, the same in any chunk).
    products = np.multiply(w_c, masks.view(np.uint8), out=draws.products[:, :m])
    task_times = row_sum(products)
    paid_time, refused_time, returned_time = task_times
    minutes[sel, _kernel.PAID] += paid_time
    minutes[sel, _kernel.REJECTED] += refused_time
    minutes[sel, _kernel.RETURNED] += returned_time
    counts[sel] += count(masks).T
    task_time = paid_time + refused_time + returned_time
    task_minutes[sel] += task_time
    # r / w on submitted tasks only (w > 0 there; elsewhere 0 / tiny = 0).
    rate = np.multiply(r, submitted, out=draws.products[0, :m])
    rate /= np.clip(w, 1e-300, np.inf, out=products[2])  # max(w, 1e-300); clip is faster
    rate_sum[sel] += 60.0 * row_sum(rate)
    minutes[sel, _kernel.SEARCH] += row_sum(np.multiply(s_c, valid, out=rate))
    if q_c is not None:
        minutes[sel, _kernel.QUAL] += row_sum(np.multiply(q_c, valid, out=rate))
    if outage is not None:
        minutes[sel, _kernel.OUTAGE] += row_sum(np.multiply(outage, valid, out=rate))
    earned = np.multiply(r, paid, out=draws.products[1, :m])
    if tab.worker_fee.size == 1:
        gross[sel, 0] += row_sum(earned)
    else:
        platform = tab.kind_platform[kind] if kind is not None else np.zeros((m, k), np.intp)
        for p_ in range(tab.worker_fee.size):
            gross[sel, p_] += row_sum(earned * (platform == p_))
    if grid.night_cum[-1] == grid.online_total:  # every online minute is at night
        night[sel] += task_time
    elif grid.night_cum[-1] > 0:
        task_start = place(grid, starts)
        task_start += s_c
        if q_c is not None:
            task_start += q_c
        at_night = grid.night_at(task_start + w_c)
        at_night -= grid.night_at(task_start)
        night[sel] += row_sum(at_night * has_task)
    if slots is not None and padded:
        b[sel] = ends[np.arange(m), slots - 1]
    else:
        b[sel] = ends[:, -1]
    if state.offset is not None:
        state.offset[sel] += k if slots is None else slots


def batch_decisions(
    state: ChunkState, sel: Any, u_mass: FloatArray, c: int, slots: IntArray | None
) -> npt.NDArray[np.bool_]:
    """Whether each slot's batch of client ``c`` is mass-rejected (stream version 2).

    A batch is decided by the uniform of its first slot in her stream of slots; a
    batch that began in her previous block keeps that block's decision (carried in
    ``state.mass_carry``), and the decision of the batch her block ends in is carried on.
    """
    assert state.offset is not None
    assert state.mass_carry is not None
    m, k = u_mass.shape
    size = int(state.tab.batch_size[c])
    offset = state.offset[sel][:, None]
    start = (offset + np.arange(k)) // size * size - offset  # batch's first slot, this block
    began_before = start < 0
    np.maximum(start, 0, out=start)
    decided = np.take_along_axis(u_mass, start, axis=1) < state.tab.mass_rate[c]
    mass: npt.NDArray[np.bool_] = np.where(began_before, state.mass_carry[sel, c][:, None], decided)
    last = np.full(m, k - 1) if slots is None else slots - 1
    state.mass_carry[sel, c] = mass[np.arange(m), last]
    return mass


class RowSums:
    """Sums along the rows of a block: of all ``k`` slots (stream version 1), or of each
    row's own ``slots`` (version 2: a row's sum then never depends on its group's width).

    numpy sums a row pairwise, in an order that depends on the row's length: summing a
    worker's slots and her group's padding would make her sums depend on the workers
    grouped with her. ``np.add.reduceat`` over exactly her slots gives the same sum
    wherever they lie.
    """

    def __init__(self, slots: IntArray | None, k: int) -> None:
        self.slots = slots
        self.k = k
        self._segments: dict[int, npt.NDArray[np.intp]] = {}

    def __call__(self, x: FloatArray) -> FloatArray:
        """Row sums of ``x``, shaped ``(..., rows, k)``: shape ``(..., rows)``."""
        if self.slots is None:
            out: FloatArray = np.add.reduce(x, axis=-1)
            return out
        x = np.ascontiguousarray(x)
        rows = x.size // self.k
        at = self._segments.get(rows)
        if at is None:  # [start, start + slots) of each row, then its padding
            m = self.slots.size
            one = np.empty(2 * m, dtype=np.intp)
            one[0::2] = np.arange(0, m * self.k, self.k)
            one[1::2] = one[0::2] + self.slots
            planes = rows // m
            at = (one if planes == 1 else (np.arange(planes)[:, None] * (m * self.k) + one).ravel())
            if at[-1] == x.size:  # a full last row: its segment runs to the end
                at = at[:-1]
            self._segments[rows] = at
        sums: FloatArray = np.add.reduceat(x.reshape(-1), at)[0::2].reshape(x.shape[:-1])
        return sums


def count(mask: npt.NDArray[np.bool_]) -> npt.NDArray[np.int32]:
    """True values along the last axis (fewer than 2**31 slots a block)."""
    out: npt.NDArray[np.int32] = np.add.reduce(mask.view(np.uint8), axis=-1, dtype=np.int32)
    return out


def place(grid: WeekGrid, starts: FloatArray) -> FloatArray:
    """Online-clock time of busy-clock positions: ``T``."""
    if grid.full_supply:  # T(b) = training + b: supply is 1 whenever she can take tasks
        out: FloatArray = starts + grid.training
        return out
    return np.interp(starts, grid.knots_x, grid.knots_y)


def lognormal_inplace(
    z: FloatArray | None,
    median: FloatArray | float,
    sigma: FloatArray | float,
    factor: FloatArray,
    m: int,
    k: int,
) -> FloatArray:
    """``median * exp(sigma * z) * factor`` written over ``z`` (factor per worker)."""
    if z is None:
        out: FloatArray = np.empty((m, k))
        out[:] = np.multiply(factor[:, None], median)
        return out
    z *= sigma
    np.exp(z, out=z)
    if isinstance(median, float):
        z *= (factor * median)[:, None]
    else:
        z *= median
        z *= factor[:, None]
    return z


def run_chunk(
    scenario: Scenario,
    grid: WeekGrid,
    tab: Tables,
    root: np.random.SeedSequence,
    lo: int,
    hi: int,
    *,
    draws_only: IntArray | None = None,
    draws: Draws | None = None,
    states: npt.NDArray[np.uint64] | None = None,
) -> Chunk:
    """Simulate workers ``lo..hi-1`` (one chunk).

    ``draws`` is a buffer to reuse (from an earlier chunk of at least this size).
    ``draws_only`` (for benchmarks: the blocks each worker used in a real run, from
    :attr:`Chunk.blocks`) only draws those blocks' random numbers, as the model would.
    ``states``: the workers' PCG64 states (:func:`child_words`), if computed already.
    """
    n = hi - lo
    lay = layout(scenario, grid, tab) if draws is None else draws.lay
    k = lay.slots
    n_clients = tab.rej_rate.size
    total = grid.busy_total
    if draws is None or draws.u.shape[0] < n or draws.gate.shape[1] != n_clients:
        draws = Draws(lay, n, n_clients)
    streams = draws.streams(root, lo, hi, states)
    traits = np.empty((n, 3))
    # Per worker: her factors, her gating state, then her first block, in one visit.
    draws.first_visit(streams, traits, block=total > 0)
    gate_u = draws.gate[:n]
    state = start_state(
        scenario, grid, tab, root, lo, hi, traits,
        draws=draws,
        slots=k,
        gated=gate_u < tab.gating[None, :],
        mass_start=[(np.arange(k) // bs) * bs for bs in tab.batch_size.tolist()],
    )  # fmt: skip
    used = np.zeros(n, dtype=np.int64)
    active = np.arange(n) if total > 0 else np.zeros(0, dtype=np.intp)
    blocks = 0
    while active.size:
        if blocks:
            # Workers whose week needs another block carry on in their own stream.
            draws.refill(streams, active)
        blocks += 1
        used[active] += 1
        if draws_only is not None:
            active = active[draws_only[active] > blocks]
            continue
        run_block(state, active)
        active = active[state.busy[active] < total]
    return finish(state, used)


def start_state(
    scenario: Scenario,
    grid: WeekGrid,
    tab: Tables,
    root: np.random.SeedSequence,
    lo: int,
    hi: int,
    traits: FloatArray,
    **fields: Any,
) -> ChunkState:
    """A chunk's state at its start: each worker's factors from her three standard normals
    ``traits`` (times her type's, drawn apart), every sum at zero, and ``fields`` (the
    draws, slots, gating and any of version 2's fields)."""
    n = hi - lo
    v = scenario.variation
    speed = np.exp(v.speed * traits[:, 0])
    search = scenario.search.minutes * np.exp(v.search * traits[:, 1])
    pay = np.exp(v.pay * traits[:, 2]) * tab.country_multiplier
    mixture = type_factors(v, root, lo, hi)  # worker types: factors drawn outside the kernel
    if mixture is not None:
        speed *= mixture[:, 0]
        search *= mixture[:, 1]
        pay *= mixture[:, 2]
    return ChunkState(
        scenario=scenario,
        grid=grid,
        tab=tab,
        speed=speed,
        search=search,
        pay=pay,
        busy=np.zeros(n),
        gross=np.zeros((n, tab.worker_fee.size)),
        minutes=np.zeros((n, N_ACTIVITIES)),
        counts=np.zeros((n, 3), dtype=np.int64),
        rate_sum=np.zeros(n),
        night=np.zeros(n),
        task_minutes=np.zeros(n),
        **fields,
    )


def finish(state: ChunkState, used: IntArray) -> Chunk:
    """The chunk's results: her training and waiting minutes filled in (the rest of her
    online time), ``used`` the blocks each worker drew."""
    grid, minutes = state.grid, state.minutes
    minutes[:, _kernel.TRAIN] = grid.training
    logged = minutes.sum(axis=1)
    minutes[:, _kernel.WAIT] = np.maximum(grid.online_total - logged, 0.0)
    return Chunk(
        gross=state.gross,
        minutes=minutes,
        counts=state.counts,
        rate_sum=state.rate_sum,
        night=state.night,
        task_minutes=state.task_minutes,
        blocks=used,
        cycles=state.cycles,
    )


def chunks(n: int, size: int) -> Iterator[tuple[int, int]]:
    """Consecutive spans ``(lo, hi)`` of ``size`` workers (the last one shorter) covering ``n``."""
    for lo in range(0, n, size):
        yield lo, min(n, lo + size)


#: Workers whose streams are seeded together (one bulk :func:`child_words` call).
SEED_GROUP: Final = 8192


def seeded(
    root: np.random.SeedSequence, spans: list[tuple[int, int]]
) -> Iterator[tuple[int, int, npt.NDArray[np.uint64]]]:
    """The consecutive spans with their workers' PCG64 states, computed a group at a time."""
    j = 0
    while j < len(spans):
        group_lo = spans[j][0]
        stop = j + 1
        while stop < len(spans) and spans[stop][1] - group_lo <= SEED_GROUP:
            stop += 1
        group_hi = spans[stop - 1][1]
        states = child_words(root, group_lo, group_hi)
        for lo, hi in spans[j:stop]:
            yield lo, hi, states[lo - group_lo : hi - group_lo]
        j = stop
