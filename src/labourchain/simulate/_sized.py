"""Stream version 2: each worker draws blocks of task slots sized to her own week.

Version 1 (:mod:`labourchain.simulate._chunk`) gives every worker blocks of one
size, fixed by the scenario: a worker faster than the typical one draws a whole
second block and uses little of it, a slower one leaves much of her first block
unused, and only 55 to 80 % of the numbers drawn become task slots. Version 2
sizes each block from what she is expected to use, and draws each block in two
calls. The layout, for worker ``i`` of a population with root seed ``root``:

1. **Her factors and gating state**, from a stream shared by the population and
   indexed by worker (as the worker types of :mod:`._mixture`):
   ``PCG64(SeedSequence(entropy, spawn_key=(*root.spawn_key, TRAIT_KEY)))``
   advanced to ``i * (4 + clients)``; her ``4 + clients`` uniforms are two
   Box–Muller pairs (her speed, search and pay factors: three standard normals,
   the fourth unused) and one uniform per client (gated if below the client's
   gating probability). They are drawn in bulk for a chunk, with no call per
   worker, and depend only on the root seed and ``i``.
2. **Blocks of task slots** from her own stream, ``Generator(PCG64(child_i))``
   (the root's ``SeedSequence`` child ``i``, as in version 1). A block of ``K``
   slots is two calls: ``K`` slots of uniforms (for each slot its uniform laws,
   then its exponential laws as uniforms ``u``, used as ``-log(1 - u)``), then ``K``
   slots of standard normals (each slot's normal laws). Her first block holds her
   expected cycles in the week's busy time, from her own factors (renewal theory:
   :func:`sizes`), plus the margin at which at most :data:`FIRST_WASTE` of them go
   unused on average (:func:`first_margin`); each later block the cycles expected
   in the busy time she has left, plus :data:`LATER_MARGIN`. A mass-rejection batch
   that straddles two blocks keeps the decision of its first slot
   (:func:`~._chunk.batch_decisions`).

Block sizes depend only on her own draws, so her results do not depend on the
chunk size, the backend or who is simulated alongside her. The kernel is version
1's :func:`~._chunk.run_block`: each round (every active worker's next block) is
grouped by block size (:func:`grouped`: similar sizes share a group, the shorter
rows padded, while that costs less than another pass of the kernel's calls), and
each group runs in slabs of at most :data:`SLAB_SLOTS` slots, drawn into reused
buffers just before the kernel reads them. Padding slots start past the end of the
week, and every per-worker sum covers her own slots only (``RowSums``), so padding
never changes a bit of her results.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator
from typing import Final

import attrs
import numpy as np
import numpy.typing as npt

from labourchain.simulate._chunk import Chunk, Layout, finish, start_state
from labourchain.simulate._chunk import run_block as run_block
from labourchain.simulate._kernel import Tables, WeekGrid
from labourchain.simulate._streams import Streams
from labourchain.simulate.scenario import Scenario

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
Rows = npt.NDArray[np.intp]

#: The stream layout this module draws.
VERSION: Final = 2
#: Spawn-key component of the factors' stream (never a worker's index: at most 2**32
#: workers; the worker types use 2**32 + 1).
TRAIT_KEY: Final = 2**32 + 2
#: Uniforms per worker in the factors' stream, before her gating uniforms.
TRAIT_UNIFORMS: Final = 4
#: Later blocks: her expected cycles in the busy time she has left, plus this many
#: standard deviations, plus these slots.
LATER_MARGIN: Final = (0.5, 1.0)
#: The largest block.
MAX_SLOTS: Final = 1 << 16


@attrs.frozen(kw_only=True, eq=False)
class Cycle:
    """Moments of a cycle's busy time, per unit of her speed and search factors."""

    work: float  # mean task minutes at speed 1 (attempted, returns halved)
    work2: float  # mean square
    test: float  # mean minutes of unpaid tests per cycle
    test2: float  # mean square
    outages: float  # outages per busy minute
    outage: float  # minutes of each


def cycle_moments(scenario: Scenario, tab: Tables) -> Cycle:
    """Mean and mean square of a cycle's parts, for sizing blocks."""
    weights = np.diff(np.concatenate(([0.0], tab.cum_weight)))
    q, o = scenario.qualification, scenario.outages
    attempted = 1.0 - q.share * (1.0 - q.pass_rate)
    # sums of products, not `@`: a BLAS call would wake OpenBLAS's threads, whose
    # spinning afterwards counts as this process's CPU time
    keep = 1.0 - 0.5 * float(np.sum(weights * tab.return_rate))
    work = float(np.sum(weights * tab.dur_median * np.exp(tab.dur_sigma**2 / 2)))
    work *= keep * attempted
    work2 = float(np.sum(weights * tab.dur_median**2 * np.exp(2 * tab.dur_sigma**2)))
    work2 *= attempted
    return Cycle(
        work=work,
        work2=work2,
        test=q.share * q.minutes,
        test2=2 * q.share * q.minutes**2,
        outages=o.per_hour / 60.0,
        outage=o.minutes,
    )


def sizes(
    cyc: Cycle, speed: FloatArray, search: FloatArray, left: FloatArray, margin: FloatArray | float
) -> FloatArray:
    """Her expected cycles in ``left`` busy minutes plus ``margin`` standard deviations.

    Renewal theory: cycles of mean ``mu`` and variance ``v`` number about
    ``left / mu`` in ``left`` minutes, with standard deviation ``sqrt(left v / mu**3)``.
    An outage ends a cycle of length ``L`` with probability ``1 - exp(-rate L)``, after
    ``Exp(rate)`` minutes and followed by the outage: the mean cycle is then
    ``(1 - exp(-rate L)) (1 / rate + minutes)`` (at ``L`` its mean).
    """
    work = speed * cyc.work
    mu = search + cyc.test + work
    second = (
        2.0 * search**2
        + cyc.test2
        + speed**2 * cyc.work2
        + 2.0 * (search * cyc.test + search * work + cyc.test * work)
    )
    var = np.maximum(second - mu**2, 0.0)
    if cyc.outages > 0:
        cut = -np.expm1(-cyc.outages * mu)
        scale = cut * (1.0 / cyc.outages + cyc.outage) / np.maximum(mu, 1e-9)
        mu = mu * scale
        var = var * scale**2
    mu = np.maximum(mu, 1e-6)
    out: FloatArray = left / mu + margin * np.sqrt(left * var / mu**3)
    return out


#: The first block's share of her expected cycles that may go unused, on average: its
#: margin (in standard deviations of her cycle count) is the largest that wastes no more.
FIRST_WASTE: Final = 0.06


def _waste_curve() -> tuple[FloatArray, FloatArray]:
    grid = np.linspace(-2.0, 2.0, 81)
    phi = np.exp(-(grid**2) / 2) / math.sqrt(2 * math.pi)
    cdf = 0.5 * (1 + np.array([math.erf(x / math.sqrt(2)) for x in grid.tolist()]))
    return grid * cdf + phi, grid  # h(m), increasing, and m


_WASTE, _MARGINS = _waste_curve()


def first_margin(expected: FloatArray, sd: FloatArray) -> FloatArray:
    """Standard deviations to add to her expected cycles in her first block.

    A block of ``n + m sd`` slots, for a count of cycles about normal with mean ``n``
    and standard deviation ``sd``, leaves ``sd h(m)`` slots unused on average, with
    ``h(m) = m Phi(m) + phi(m)``: the margin is the largest ``m`` in [-2, 2] with
    ``sd h(m) <= FIRST_WASTE n``.
    """
    ratio = FIRST_WASTE * expected / np.maximum(sd, 1e-12)
    out: FloatArray = np.interp(ratio, _WASTE, _MARGINS)
    return out


def rounded(want: FloatArray) -> IntArray:
    """Each wanted size rounded up to whole slots (1 to :data:`MAX_SLOTS`)."""
    out: IntArray = np.ceil(want).astype(np.int64)
    np.clip(out, 1, MAX_SLOTS, out=out)
    return out


def factor_uniforms(root: np.random.SeedSequence, lo: int, hi: int, per: int) -> FloatArray:
    """The factor-and-gating uniforms of workers ``lo..hi-1``: ``per`` each (step 1 above)."""
    seq = np.random.SeedSequence(
        root.entropy, spawn_key=(*root.spawn_key, TRAIT_KEY), pool_size=root.pool_size
    )
    bits = np.random.PCG64(seq)
    if lo:
        bits.advance(lo * per)
    out: FloatArray = np.random.Generator(bits).random((hi - lo, per))
    return out


def box_muller(u: FloatArray) -> FloatArray:
    """Three standard normals per row from four uniforms (two Box–Muller pairs)."""
    radius = np.sqrt(-2.0 * np.log1p(-u[:, [0, 2]]))  # 1 - u in (0, 1]
    angle = 2.0 * np.pi * u[:, [1, 3]]
    out = np.empty((u.shape[0], 3))
    out[:, 0] = radius[:, 0] * np.cos(angle[:, 0])
    out[:, 1] = radius[:, 0] * np.sin(angle[:, 0])
    out[:, 2] = radius[:, 1] * np.cos(angle[:, 1])
    return out


#: Task slots drawn and run through the kernel at a time (a slab of one group's rows):
#: the kernel's arrays stay cache-sized however large the chunk.
SLAB_SLOTS: Final = 32_768


class Workspace:
    """Draw buffers and kernel scratch, allocated once per run and reused by every slab.

    They only ever hold draws (uniforms in [0, 1), standard normals), so the padding
    after a worker's slots holds finite numbers left by earlier slabs (zeros at first),
    which the kernel's masks then discard.
    """

    def __init__(self, lay: Layout) -> None:
        self.lay = lay
        self.n_u = len(lay.uniforms) + len(lay.exponentials)
        self.n_z = len(lay.normals)
        self.size = 0
        self._grow(SLAB_SLOTS)

    def _grow(self, slots: int) -> None:
        self.size = slots
        self.u = np.zeros(self.n_u * slots)
        self.z = np.zeros(self.n_z * slots)
        self.laws_u = np.zeros(self.n_u * slots)
        self.laws_z = np.zeros(self.n_z * slots)
        self.masks = np.zeros((3 * slots,), dtype=bool)
        self.products = np.zeros(3 * slots)

    def block(self, slots: IntArray, width: int) -> Block:
        """Views for a slab of ``slots.size`` rows of ``width`` slots."""
        need = slots.size * width
        if need > self.size:
            self._grow(need)
        return Block(self, slots, width)


class Block:
    """One slab of a round: its workers' draws, row by row, and the kernel's scratch.

    Row ``j`` holds worker ``j``'s ``slots[j]`` slots, slot after slot (her draws
    in stream order), then padding up to the group's ``width``. Provides what
    :func:`~._chunk.run_block` reads of a draw buffer: :meth:`get`, ``masks`` and
    ``products``.
    """

    def __init__(self, ws: Workspace, slots: IntArray, width: int) -> None:
        m = slots.size
        self.lay = ws.lay
        self.k = width
        self.slots = slots
        self.n_u, self.n_z = ws.n_u, ws.n_z
        cells = m * width
        self.u_flat = ws.u[: self.n_u * cells]
        self.z_flat = ws.z[: self.n_z * cells]
        self._laws_u = ws.laws_u[: self.n_u * cells].reshape(self.n_u, m, width)
        self._laws_z = ws.laws_z[: self.n_z * cells].reshape(self.n_z, m, width)
        self.masks = ws.masks[: 3 * cells].reshape(3, m, width)
        self.products = ws.products[: 3 * cells].reshape(3, m, width)

    def get(
        self, m: int
    ) -> tuple[dict[str, FloatArray], dict[str, FloatArray], dict[str, FloatArray]]:
        """The laws as contiguous ``(m, width)`` arrays, law by law (one transposing copy
        of the draws each; exponentials from their uniforms). The kernel works in place
        in them, never in the draw buffers."""
        lay, k, n_u, n_z = self.lay, self.k, self.n_u, self.n_z
        laws_u, laws_z = self._laws_u, self._laws_z
        if n_u:
            np.copyto(laws_u, self.u_flat.reshape(m, k, n_u).transpose(2, 0, 1))
        if n_z:
            np.copyto(laws_z, self.z_flat.reshape(m, k, n_z).transpose(2, 0, 1))
        first = len(lay.uniforms)
        if lay.exponentials:
            x = laws_u[first:]
            np.subtract(1.0, x, out=x)  # in (0, 1]: exact for doubles drawn in [0, 1)
            np.log(x, out=x)
            np.negative(x, out=x)
        uniforms = {name: laws_u[j] for j, name in enumerate(lay.uniforms)}
        normals = {name: laws_z[j] for j, name in enumerate(lay.normals)}
        exponentials = {name: laws_u[first + j] for j, name in enumerate(lay.exponentials)}
        return uniforms, normals, exponentials

    def exponentials_only(self, m: int) -> None:
        """The exponentials' transform alone, ``-log(1 - u)``, into a scratch buffer (the
        draw-only floor of the benchmarks: drawing an exponential by inversion is this)."""
        lay, k, n_u = self.lay, self.k, self.n_u
        if not lay.exponentials:
            return
        first = len(lay.uniforms)
        u = self.u_flat.reshape(m, k, n_u)[:, :, first:].transpose(2, 0, 1)
        x = self._laws_u[first:]
        np.subtract(1.0, u, out=x)
        np.log(x, out=x)
        np.negative(x, out=x)


def draw(streams: Streams, block: Block, rows: Rows) -> None:
    """Each worker's next block into the slab's rows: two calls per worker, from her stream."""
    n_u, n_z, width = block.n_u, block.n_z, block.k
    if not (n_u or n_z):
        return
    u_flat, z_flat = block.u_flat, block.z_flat
    u_row, z_row = n_u * width, n_z * width
    memory = streams.memory()
    if memory is None:  # builds without the C state view
        for j, (i, k) in enumerate(zip(rows.tolist(), block.slots.tolist(), strict=True)):
            gen = streams.use(i)
            if n_u:
                gen.random(out=u_flat[j * u_row : j * u_row + k * n_u])
            if n_z:
                gen.standard_normal(out=z_flat[j * z_row : j * z_row + k * n_z])
        return
    g = streams.generator
    uniform, normal = g.random, g.standard_normal
    view, saved = memory
    at_u = at_z = 0
    for i, k in zip(rows.tolist(), block.slots.tolist(), strict=True):
        at = 32 * i
        view[:] = saved[at : at + 32]
        if n_u:
            uniform(out=u_flat[at_u : at_u + k * n_u])
        if n_z:
            normal(out=z_flat[at_z : at_z + k * n_z])
        saved[at : at + 32] = view
        at_u += u_row
        at_z += z_row


def slabs(groups: list[tuple[int, Rows, IntArray]]) -> Iterator[tuple[int, Rows, IntArray]]:
    """Each group's rows in slabs of at most :data:`SLAB_SLOTS` slots (at least one row)."""
    for width, rows, slots in groups:
        per = max(1, SLAB_SLOTS // width)
        for a in range(0, rows.size, per):
            yield width, rows[a : a + per], slots[a : a + per]


#: A group's fixed cost in the kernel, in task slots: merging two sizes into one group
#: pads the smaller rows when that costs less than another pass of the kernel's calls.
GROUP_COST: Final = 1500


def grouped(want: IntArray, active: Rows) -> list[tuple[int, Rows, IntArray]]:
    """The active workers in groups of similar block size: (width, rows, their sizes).

    Sizes ascending; a size joins the group before it while padding all that group's
    rows up to it adds fewer slots than :data:`GROUP_COST`. Rows ascend in each group.
    """
    order = np.argsort(want, kind="stable")
    ordered = want[order]
    values, starts, counts = np.unique(ordered, return_index=True, return_counts=True)
    cuts = [0]
    held = total = 0
    for value, start, count in zip(values.tolist(), starts.tolist(), counts.tolist(), strict=True):
        if held and held * value - total > GROUP_COST:
            cuts.append(start)
            held = total = 0
        held += count
        total += count * value
    cuts.append(ordered.size)
    out = []
    for a, b in itertools.pairwise(cuts):
        part = np.sort(order[a:b])
        out.append((int(ordered[b - 1]), active[part], want[part]))
    return out


#: Task slots per chunk the default chunk size aims at: the kernel runs in slabs of
#: :data:`SLAB_SLOTS` whatever the chunk, and each group of a round costs the kernel's
#: calls once, so large chunks make full slabs (the chunk's own arrays are per worker).
CHUNK_SLOTS: Final = 1 << 20


def default_chunk_size(scenario: Scenario, grid: WeekGrid, tab: Tables) -> int:
    """Workers per chunk: :data:`CHUNK_SLOTS` of the typical worker's slots (256 to 2,048)."""
    cyc = cycle_moments(scenario, tab)
    typical = sizes(
        cyc, np.ones(1), np.full(1, scenario.search.minutes), np.full(1, grid.busy_total), 0.0
    )
    slots = max(float(typical[0]), 1.0)
    return int(min(2048, max(256, CHUNK_SLOTS // slots)))


@attrs.frozen(kw_only=True, eq=False)
class Plan:
    """The rounds a chunk drew: for each, its classes (block size, chunk rows)."""

    rounds: tuple[tuple[tuple[int, Rows, IntArray], ...], ...]


def run_chunk(
    scenario: Scenario,
    grid: WeekGrid,
    tab: Tables,
    lay: Layout,
    root: np.random.SeedSequence,
    lo: int,
    hi: int,
    *,
    states: npt.NDArray[np.uint64] | None = None,
    streams: Streams | None = None,
    workspace: Workspace | None = None,
    draws_only: Plan | None = None,
) -> tuple[Chunk, Plan]:
    """Simulate workers ``lo..hi-1`` (one chunk) with stream version 2.

    Returns the chunk's results and the plan of the blocks drawn. ``draws_only``
    (for benchmarks: a plan from a real run) draws the same blocks into the same
    buffers, and computes the exponentials from their uniforms, and nothing else.
    ``streams``: a :class:`Streams` to re-point (one generator per run);
    ``workspace``: a :class:`Workspace` to reuse.
    """
    n = hi - lo
    n_clients = tab.rej_rate.size
    total = grid.busy_total
    if streams is None:
        streams = Streams(root, lo, hi, states)
    else:
        streams.point(root, lo, hi, states)
    ws = Workspace(lay) if workspace is None else workspace
    per = TRAIT_UNIFORMS + n_clients
    first = factor_uniforms(root, lo, hi, per)
    traits = box_muller(first)
    state = start_state(
        scenario, grid, tab, root, lo, hi, traits,
        draws=ws.block(np.zeros(0, dtype=np.int64), 1),  # each slab's block, set below
        slots=0,
        gated=first[:, TRAIT_UNIFORMS:] < tab.gating[None, :],
        mass_start=[],
        cycles=np.zeros(n, dtype=np.int64),
        offset=np.zeros(n, dtype=np.int64),
        mass_carry=np.zeros((n, n_clients), dtype=bool),
    )  # fmt: skip
    speed, search = state.speed, state.search
    cyc = cycle_moments(scenario, tab)
    used = np.zeros(n, dtype=np.int64)
    rounds: list[tuple[tuple[int, Rows, IntArray], ...]] = []
    active: Rows = np.arange(n) if total > 0 else np.zeros(0, dtype=np.intp)
    if draws_only is not None:  # the same draws as the run that made the plan, nothing else
        for groups_ in draws_only.rounds:
            for width, rows, slots in slabs(list(groups_)):
                block = ws.block(slots, width)
                draw(streams, block, rows)
                block.exponentials_only(rows.size)  # part of drawing them by inversion
        active = active[:0]
    while active.size:
        r = len(rounds)
        left = total - state.busy[active]
        if r == 0:
            expected = sizes(cyc, speed, search, left, 0.0)
            sd = sizes(cyc, speed, search, left, 1.0) - expected
            want = expected + first_margin(expected, sd) * sd
        else:
            want = sizes(cyc, speed[active], search[active], left, LATER_MARGIN[0])
            want += LATER_MARGIN[1]
        groups = grouped(rounded(want), active)
        rounds.append(tuple(groups))
        used[active] += 1
        for width, rows, slots in slabs(groups):
            block = ws.block(slots, width)
            draw(streams, block, rows)
            state.draws = block
            state.slots = width
            run_block(state, rows, slots)
        active = active[state.busy[active] < total]
    return finish(state, used), Plan(rounds=tuple(rounds))
