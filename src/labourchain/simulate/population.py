"""Many workers' weeks at once: the week model of :mod:`labourchain.simulate.week`, vectorised.

Struct of arrays: workers are processed in chunks, and each chunk in blocks of
``K`` task slots per worker (``K`` fixed by the scenario), every array shaped
``(workers, K)``; there is no Python loop per task. Worker ``i`` draws from
her own stream, ``SeedSequence(seed).spawn``'s child ``i``, always in the same
blocks, so her results do not depend on the chunk size, the backend or the
number of workers simulated alongside her. Memory is bounded by the chunk
(draw buffers are allocated once and reused across chunks and blocks), not by
``n_workers``; only the per-worker results (a few numbers each) grow with it.
See ``docs/simulation.md`` for the model and how the kernel is organised.

>>> from labourchain import cases
>>> pop = simulate_population(cases.load("eduardo"), n_workers=50, seed=1)
>>> len(pop), pop.currency
(50, 'USD')
>>> bool((pop.effective_hourly <= pop.paid_hourly).all())
True
"""

from __future__ import annotations

import importlib
import math
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from datetime import date
from typing import Any, Final, Literal

import attrs
import numpy as np
import numpy.typing as npt

from labourchain._frozen import frozen_map, read_only
from labourchain._json import figure_value, rate_value
from labourchain._typing import SeedLike
from labourchain.activity import Activity
from labourchain.errors import CurrencyMismatchError, InvalidInputError, MissingDependencyError
from labourchain.schedule import _monday
from labourchain.simulate._kernel import (
    CODE,
    EXPONENTIALS,
    N_ACTIVITIES,
    NORMALS,
    OUTAGE,
    PAID,
    QUAL,
    REJECTED,
    RETURNED,
    SEARCH,
    TRAIN,
    UNIFORMS,
    WAIT,
    Tables,
    WeekGrid,
    settle,
    tables,
    week_grid,
)
from labourchain.simulate._mixture import type_factors
from labourchain.simulate._streams import Streams, child_words
from labourchain.simulate.scenario import Scenario
from labourchain.units import Quantity, currency_of, is_money

__all__ = (
    "PopulationEstimate",
    "PopulationResult",
    "PopulationSummary",
    "PopulationTotals",
    "estimate_population",
    "quantile_standard_error",
    "simulate_population",
    "simulate_population_summary",
    "worker_seeds",
)

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


# ------------------------------------------------------------------- results


@attrs.frozen(kw_only=True)
class PopulationSummary:
    """Summary of a population's effective hourly wages (ratio of sums per worker first).

    Attributes:
        workers: Workers simulated.
        currency: Currency of the wages.
        median_effective: Median effective hourly wage.
        quantiles: Effective hourly wage at each probability in ``probabilities``.
        probabilities: The quantile levels.
        median_paid: Median paid-only hourly wage.
        mean_unpaid_share: Mean over workers of unpaid time / total time.
        reference: The reference hourly wage (None if not given).
        share_below: Share of workers whose effective wage is below it.
        se_median_effective: Monte Carlo standard error of ``median_effective``.
        se_quantiles: Standard error of each of ``quantiles``.
        se_median_paid: Standard error of ``median_paid``.
        se_mean_unpaid_share: Standard error of ``mean_unpaid_share``.
        se_share_below: Standard error of ``share_below``.

    The standard errors say which digits mean something: another seed would
    move each figure by about that much (quantiles: half the distance between
    the order statistics one binomial standard deviation either side, see
    :func:`quantile_standard_error`; means and shares: ``sd / sqrt(n)``).
    """

    workers: int
    currency: str
    median_effective: float
    quantiles: tuple[float, ...]
    probabilities: tuple[float, ...]
    median_paid: float
    mean_unpaid_share: float
    reference: float | None = None
    share_below: float | None = None
    se_median_effective: float | None = None
    se_quantiles: tuple[float, ...] | None = None
    se_median_paid: float | None = None
    se_mean_unpaid_share: float | None = None
    se_share_below: float | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready values (wages in ``currency`` per hour, rounded as in ``labourchain._json``).

        A figure that does not exist (the median of no workers) is ``None``, never NaN.
        """

        def wage(value: float | None) -> float | None:
            if value is None or not math.isfinite(value):
                return None
            return rate_value(value, self.currency)

        return {
            "workers": self.workers,
            "currency": self.currency,
            "median_effective": wage(self.median_effective),
            "quantiles": [wage(q) for q in self.quantiles],
            "probabilities": list(self.probabilities),
            "median_paid": wage(self.median_paid),
            "mean_unpaid_share": figure_value(self.mean_unpaid_share),
            "reference": wage(self.reference),
            "share_below": figure_value(self.share_below),
            "se_median_effective": wage(self.se_median_effective),
            "se_quantiles": None
            if self.se_quantiles is None
            else [wage(q) for q in self.se_quantiles],
            "se_median_paid": wage(self.se_median_paid),
            "se_mean_unpaid_share": figure_value(self.se_mean_unpaid_share),
            "se_share_below": figure_value(self.se_share_below),
        }


@attrs.frozen(kw_only=True, eq=False)
class PopulationResult:
    """Per-worker results of :func:`simulate_population`, one array element per worker.

    Money is in :attr:`currency`, times in hours, as plain float64 arrays.

    Attributes:
        scenario: The scenario's name.
        currency: Currency of every amount.
        week_of: Monday of the week simulated.
        entropy: The root seed's entropy (reproduces the run with the same seed).
        gross: Rewards of approved work.
        fees: Platform fees and payout costs.
        earnings: ``gross - fees`` (net; a balance carried to a later payout counts,
            net of the costs of paying it out).
        hours: Hours by activity, shape ``(workers, 9)``, columns in :class:`Activity` order.
        outcomes: Tasks paid, rejected and returned, shape ``(workers, 3)``.
        rate_sum: Sum over her submitted tasks of each task's nominal hourly
            rate (reward / its duration): see :meth:`mean_task_rate`.
        night_share: Share of task work at local night (22:00-06:00; 0 without tasks).
    """

    scenario: str
    currency: str
    week_of: date
    entropy: int
    gross: FloatArray = attrs.field(converter=read_only)
    fees: FloatArray = attrs.field(converter=read_only)
    earnings: FloatArray = attrs.field(converter=read_only)
    hours: FloatArray = attrs.field(converter=read_only)
    outcomes: IntArray = attrs.field(converter=read_only)
    rate_sum: FloatArray = attrs.field(converter=read_only)
    night_share: FloatArray = attrs.field(converter=read_only)

    def __len__(self) -> int:
        return int(self.earnings.size)

    @property
    def tasks(self) -> IntArray:
        """Tasks attempted (paid, rejected and returned)."""
        out: IntArray = self.outcomes.sum(axis=1)
        return out

    def task_shares(self) -> dict[str, float]:
        """Shares of all attempted tasks that were paid, rejected and returned."""
        total = max(int(self.outcomes.sum()), 1)
        sums = self.outcomes.sum(axis=0)
        return {
            k: float(v) / total for k, v in zip(("paid", "rejected", "returned"), sums, strict=True)
        }

    def mean_task_rate(self) -> float:
        """Mean over all submitted tasks of reward / duration, per hour: a mean of ratios.

        What a requester-rating site computes from task rates, "the pay for the
        work itself": it overstates pay (long tasks are often the badly paid
        ones, and unpaid time is left out). NaN without submitted tasks.
        """
        submitted = int(self.outcomes[:, :2].sum())
        return float(self.rate_sum.sum()) / submitted if submitted else math.nan

    @property
    def paid_hours(self) -> FloatArray:
        """Hours of approved work."""
        return self.hours[:, PAID]

    @property
    def unpaid_hours(self) -> FloatArray:
        """Hours of every other activity."""
        out: FloatArray = self.hours.sum(axis=1) - self.hours[:, PAID]
        return out

    @property
    def total_hours(self) -> FloatArray:
        """Paid and unpaid hours."""
        out: FloatArray = self.hours.sum(axis=1)
        return out

    def unpaid_by_activity(self) -> dict[Activity, FloatArray]:
        """Hours of each unpaid activity, per worker."""
        return {a: self.hours[:, CODE[a]] for a in Activity if not a.is_paid}

    @property
    def paid_hourly(self) -> FloatArray:
        """``earnings / paid_hours`` (NaN where no paid time)."""
        return _ratio(self.earnings, self.paid_hours)

    @property
    def effective_hourly(self) -> FloatArray:
        """``earnings / total_hours`` (NaN where no time)."""
        return _ratio(self.earnings, self.total_hours)

    def summary(
        self,
        reference: Quantity | float | None = None,
        *,
        probabilities: tuple[float, ...] = (0.1, 0.25, 0.5, 0.75, 0.9),
    ) -> PopulationSummary:
        """Median, quantiles and the share below a reference hourly wage.

        Args:
            reference: Money per hour in :attr:`currency` (or a plain number in it).
            probabilities: Quantile levels.
        """
        eff = self.effective_hourly
        ok = ~np.isnan(eff)
        ref = _reference(reference, self.currency)
        total = self.total_hours
        share = np.divide(self.unpaid_hours, total, out=np.zeros_like(total), where=total > 0)
        q = np.quantile(eff[ok], probabilities) if ok.any() else np.full(len(probabilities), np.nan)
        paid = self.paid_hourly
        valid_eff = np.sort(eff[ok])
        valid_paid = np.sort(paid[~np.isnan(paid)])
        below = None if ref is None or not ok.any() else float(np.mean(eff[ok] < ref))
        n_eff = int(valid_eff.size)
        return PopulationSummary(
            workers=len(self),
            currency=self.currency,
            median_effective=float(np.median(eff[ok])) if ok.any() else math.nan,
            quantiles=tuple(float(x) for x in q),
            probabilities=tuple(probabilities),
            median_paid=float(np.nanmedian(paid)) if (~np.isnan(paid)).any() else math.nan,
            mean_unpaid_share=float(share.mean()) if len(self) else math.nan,
            reference=ref,
            share_below=below,
            se_median_effective=quantile_standard_error(valid_eff, 0.5),
            se_quantiles=tuple(quantile_standard_error(valid_eff, p) for p in probabilities),
            se_median_paid=quantile_standard_error(valid_paid, 0.5),
            se_mean_unpaid_share=(
                float(np.std(share, ddof=1)) / math.sqrt(len(self)) if len(self) > 1 else math.nan
            ),
            se_share_below=(
                None if below is None or n_eff < 2 else math.sqrt(below * (1 - below) / n_eff)
            ),
        )

    def columns(self) -> dict[str, FloatArray | IntArray]:
        """The per-worker columns by name (for a DataFrame or CSV)."""
        out: dict[str, FloatArray | IntArray] = {
            "earnings": self.earnings,
            "gross": self.gross,
            "fees": self.fees,
            "paid_hours": self.paid_hours,
            "unpaid_hours": self.unpaid_hours,
            "paid_hourly": self.paid_hourly,
            "effective_hourly": self.effective_hourly,
            "tasks": self.tasks,
            "night_share": self.night_share,
        }
        for activity, values in self.unpaid_by_activity().items():
            out[f"{activity.value}_hours"] = values
        return out


def quantile_standard_error(x: FloatArray, p: float) -> float:
    """Monte Carlo standard error of the ``p`` quantile of the values ``x``, distribution-free.

    Half the distance between the order statistics ``n p - sqrt(n p (1 - p))``
    and ``n p + sqrt(n p (1 - p))`` (the binomial spread of the rank of the
    quantile), scaled to one standard deviation. NaN for fewer than 2 values.

    >>> round(quantile_standard_error(np.arange(10_001) / 10_000, 0.5), 3)   # sqrt(.25 / n)
    0.005
    """
    n = int(x.size)
    if n < 2:
        return math.nan
    x = np.sort(x)
    half = math.sqrt(n * p * (1.0 - p))
    lo = min(max(math.floor(n * p - half), 0), n - 1)
    hi = min(max(math.ceil(n * p + half), 0), n - 1)
    if hi <= lo:
        return 0.0
    return float(x[hi] - x[lo]) / (hi - lo) * half


def _ratio(num: FloatArray, den: FloatArray) -> FloatArray:
    out: FloatArray = np.divide(num, den, out=np.full_like(num, np.nan), where=den > 0)
    return out


def _reference(reference: object, currency: str) -> float | None:
    if reference is None:
        return None
    if isinstance(reference, int | float) and not isinstance(reference, bool):
        return float(reference)
    if is_money(reference):
        code = currency_of(reference)  # type: ignore[arg-type]
        if code != currency:
            raise CurrencyMismatchError(
                f"reference is in {code} but the population's wages are in {currency}; "
                "convert it with ExchangeRates.convert first"
            )
        return float(reference.to(f"{currency}/hour").magnitude)  # type: ignore[attr-defined]
    raise InvalidInputError(
        f"reference must be an hourly wage such as money(2, 'USD') / Q_(1, 'hour'), "
        f"got {reference!r}"
    )


# -------------------------------------------------------------------- seeds


def _root(
    seed: SeedLike,
) -> np.random.SeedSequence:
    if isinstance(seed, np.random.SeedSequence):
        return seed
    if isinstance(seed, np.random.Generator):
        return np.random.SeedSequence(int(seed.integers(0, 2**63)))
    if seed is None or (isinstance(seed, int) and not isinstance(seed, bool) and seed >= 0):
        return np.random.SeedSequence(seed)
    raise InvalidInputError(
        f"seed must be a non-negative int, a SeedSequence, a Generator or None, got {seed!r}"
    )


def worker_seeds(root: np.random.SeedSequence, lo: int, hi: int) -> list[np.random.SeedSequence]:
    """Children ``lo..hi-1`` of ``root``, as ``root.spawn`` would give them (without spawning).

    Worker ``i`` of :func:`simulate_population` draws from ``Generator(PCG64(child))``.
    """
    return [
        np.random.SeedSequence(
            root.entropy, spawn_key=(*root.spawn_key, i), pool_size=root.pool_size
        )
        for i in range(lo, hi)
    ]


# ------------------------------------------------------------------- kernel


@attrs.frozen(kw_only=True, eq=False)
class _Chunk:
    gross: FloatArray  # (n, platforms)
    minutes: FloatArray  # (n, activities)
    counts: IntArray  # (n, 3): paid, rejected, returned tasks
    rate_sum: FloatArray  # sum of submitted tasks' nominal hourly rates
    night: FloatArray
    task_minutes: FloatArray
    blocks: IntArray  # blocks of draws each worker used


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


class _Draws:
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


def _block(
    scenario: Scenario,
    grid: WeekGrid,
    tab: Tables,
    draws: _Draws,
    m: int,
    k: int,
    active: npt.NDArray[np.intp],
    everyone: bool,
    speed: FloatArray,
    search: FloatArray,
    pay: FloatArray,
    gated: npt.NDArray[np.bool_],
    mass_start: list[npt.NDArray[np.intp]],
    b: FloatArray,
    gross: FloatArray,
    minutes: FloatArray,
    counts: IntArray,
    rate_sum: FloatArray,
    night: FloatArray,
    task_minutes: FloatArray,
) -> None:
    """One block of ``k`` task slots for the ``m`` workers ``active`` (accumulates in place).

    Works in place in the draw buffers (scratch until the next block refills them). One
    uniform decides both return and rejection: returned if ``u < ρ_ret`` (after the share
    ``u / ρ_ret`` of the task), otherwise rejected if ``u < ρ_ret + (1 - ρ_ret) p``: given
    that the task is not returned, ``u`` is uniform on ``[ρ_ret, 1)``, so the rejection is
    independent of it, as in :func:`~labourchain.simulate.simulate_week`'s separate draws.
    """
    q, o = scenario.qualification, scenario.outages
    total = grid.busy_total
    u, z, e = draws.get(m)
    sel: Any = slice(None) if everyone else active  # these workers' rows in chunk arrays
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
    d = _lognormal_inplace(z.get("duration"), per_kind(tab.dur_median), per_kind(tab.dur_sigma),
                           speed[sel], m, k)  # fmt: skip
    r = _lognormal_inplace(z.get("reward"), per_kind(tab.rew_median), per_kind(tab.rew_sigma),
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
                mass = u["mass"][:, mass_start[c]] < tab.mass_rate[c]
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
        if t_q is not None:
            q_c = np.clip(cut_after - s, 0.0, t_q)
        w_c = np.where(cut, np.clip(cut_after - before_task, 0.0, w), w)
        in_task = cut & (cut_after > before_task)
        if attempted is not None:
            in_task &= attempted
        outage = np.where(cut, o.minutes * e["cut_length"], 0.0) if "cut_length" in e else None
        length = np.where(cut, cut_after if outage is None else cut_after + outage, length)

    # Place the cycles. Starts increase along a row, so the valid slots (starting before
    # her supply runs out) are a prefix; and as T has slope >= 1, only the last valid cycle
    # of a row can run past the end of her week's online time: it alone is cut.
    ends = np.cumsum(length, axis=1)
    ends += b[sel][:, None]
    starts = ends - length
    valid = starts < total
    n_valid = _count(valid)
    rows = np.flatnonzero(n_valid)
    last = n_valid[rows] - 1
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
        t_last = _place(grid, starts[at])
        room = grid.online_total - t_last
        left = room
        w_full = w_last = room
        for x in (s_c, q_c, w_c, outage):  # distinct arrays
            if x is None:
                continue
            before = x[at]
            now = np.clip(left, 0.0, before)
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
    not_returned = ~is_returned
    if rejected is not None:
        np.logical_and(has_task, not_returned, out=refused)
        refused &= rejected
    else:
        refused[...] = False
    np.logical_and(has_task, not_returned, out=paid)
    np.logical_xor(paid, refused, out=paid)  # refused slots are among these: drop them

    # Accumulate: masked products summed along each row (row by row, the same in any chunk).
    products = np.multiply(w_c, masks.view(np.uint8), out=draws.products[:, :m])
    task_times = np.add.reduce(products, axis=2)
    paid_time, refused_time, returned_time = task_times
    minutes[sel, PAID] += paid_time
    minutes[sel, REJECTED] += refused_time
    minutes[sel, RETURNED] += returned_time
    counts[sel] += _count(masks).T
    task_time = paid_time + refused_time + returned_time
    task_minutes[sel] += task_time
    submitted = paid | refused
    # r / w on submitted tasks only (w > 0 there; elsewhere 0 / tiny = 0).
    rate = np.multiply(r, submitted, out=draws.products[0, :m])
    rate /= np.clip(w, 1e-300, np.inf, out=products[2])  # max(w, 1e-300); clip is faster
    rate_sum[sel] += 60.0 * np.add.reduce(rate, axis=1)
    minutes[sel, SEARCH] += np.add.reduce(np.multiply(s_c, valid, out=rate), axis=1)
    if q_c is not None:
        minutes[sel, QUAL] += np.add.reduce(np.multiply(q_c, valid, out=rate), axis=1)
    if outage is not None:
        minutes[sel, OUTAGE] += np.add.reduce(np.multiply(outage, valid, out=rate), axis=1)
    earned = np.multiply(r, paid, out=draws.products[1, :m])
    if tab.worker_fee.size == 1:
        gross[sel, 0] += np.add.reduce(earned, axis=1)
    else:
        platform = tab.kind_platform[kind] if kind is not None else np.zeros((m, k), np.intp)
        for p_ in range(tab.worker_fee.size):
            gross[sel, p_] += (earned * (platform == p_)).sum(axis=1)
    if grid.night_cum[-1] == grid.online_total:  # every online minute is at night
        night[sel] += task_time
    elif grid.night_cum[-1] > 0:
        task_start = _place(grid, starts)
        task_start += s_c
        if q_c is not None:
            task_start += q_c
        at_night = grid.night_at(task_start + w_c)
        at_night -= grid.night_at(task_start)
        night[sel] += (at_night * has_task).sum(axis=1)
    b[sel] = ends[:, -1]


def _count(mask: npt.NDArray[np.bool_]) -> npt.NDArray[np.int32]:
    """True values along the last axis (fewer than 2**31 slots a block)."""
    out: npt.NDArray[np.int32] = np.add.reduce(mask.view(np.uint8), axis=-1, dtype=np.int32)
    return out


def _place(grid: WeekGrid, starts: FloatArray) -> FloatArray:
    """Online-clock time of busy-clock positions: ``T``."""
    if grid.full_supply:  # T(b) = training + b: supply is 1 whenever she can take tasks
        out: FloatArray = starts + grid.training
        return out
    return np.interp(starts, grid.knots_x, grid.knots_y)


def _lognormal_inplace(
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
    draws: _Draws | None = None,
    states: list[tuple[int, int]] | npt.NDArray[np.uint64] | None = None,
) -> _Chunk:
    """Simulate workers ``lo..hi-1`` (one chunk).

    ``draws`` is a buffer to reuse (from an earlier chunk of at least this size).
    ``draws_only`` (for benchmarks: the blocks each worker used in a real run, from
    ``_Chunk.blocks``) only draws those blocks' random numbers, as the model would.
    ``states``: the workers' PCG64 states (:func:`child_words`), if computed already.
    """
    n = hi - lo
    lay = layout(scenario, grid, tab) if draws is None else draws.lay
    k = lay.slots
    streams = Streams(root, lo, hi, states)
    n_clients = tab.rej_rate.size
    n_platforms = tab.worker_fee.size
    v = scenario.variation
    total = grid.busy_total

    gross = np.zeros((n, n_platforms))
    minutes = np.zeros((n, N_ACTIVITIES))
    counts = np.zeros((n, 3), dtype=np.int64)
    rate_sum = np.zeros(n)
    night = np.zeros(n)
    task_minutes = np.zeros(n)
    b = np.zeros(n)
    used = np.zeros(n, dtype=np.int64)
    if draws is None or draws.u.shape[0] < n or draws.gate.shape[1] != n_clients:
        draws = _Draws(lay, n, n_clients)
    traits = np.empty((n, 3))
    active = np.arange(n) if total > 0 else np.zeros(0, dtype=np.intp)
    # Per worker: her factors, her gating state, then her first block, in one visit.
    gate_u = draws.gate[:n]
    trait_rows = list(traits)
    for i in range(n):
        g = streams.use(i)
        g.standard_normal(out=trait_rows[i])
        if total > 0:
            draws.fill(i, g, first=True)
        else:
            g.random(out=gate_u[i])
    speed = np.exp(v.speed * traits[:, 0])
    search = scenario.search.minutes * np.exp(v.search * traits[:, 1])
    pay = np.exp(v.pay * traits[:, 2]) * tab.pay_factor
    mixture = type_factors(v, root, lo, hi)  # worker types: factors drawn outside the kernel
    if mixture is not None:
        speed *= mixture[:, 0]
        search *= mixture[:, 1]
        pay *= mixture[:, 2]
    gated = gate_u < tab.gating[None, :]
    slot_index = np.arange(k)
    mass_start = [(slot_index // bs) * bs for bs in tab.batch_size.tolist()]
    blocks = 0

    while active.size:
        m = active.size
        if blocks:
            # Workers whose week needs another block carry on in their own stream.
            for row, i in enumerate(active.tolist()):
                draws.fill(row, streams.use(i))
        blocks += 1
        used[active] += 1
        if draws_only is not None:
            active = active[draws_only[active] > blocks]
            continue
        _block(
            scenario, grid, tab, draws, m, k, active, m == n,
            speed, search, pay, gated, mass_start, b,
            gross, minutes, counts, rate_sum, night, task_minutes,
        )  # fmt: skip
        active = active[b[active] < total]

    minutes[:, TRAIN] = grid.training
    logged = minutes.sum(axis=1)
    minutes[:, WAIT] = np.maximum(grid.online_total - logged, 0.0)
    return _Chunk(
        gross=gross,
        minutes=minutes,
        counts=counts,
        rate_sum=rate_sum,
        night=night,
        task_minutes=task_minutes,
        blocks=used,
    )


def _money_out(scenario: Scenario, tab: Tables, gross: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Total gross and total fees per worker, from gross per platform."""
    fees = np.zeros(gross.shape[0])
    for p, spec in enumerate(scenario.platforms):
        platform_fee = gross[:, p] * spec.worker_fee
        balance = gross[:, p] - platform_fee
        payout = settle(
            balance,
            minimum=spec.payout_minimum,
            fixed_fee=spec.payout_fixed_fee,
            share_fee=spec.payout_share_fee,
            fx_spread=spec.fx_spread,
            carry_over=spec.carry_over,
        )
        fees += platform_fee + payout
    out: FloatArray = gross.sum(axis=1)
    return out, fees


def _chunks(n: int, size: int) -> Iterator[tuple[int, int]]:
    for lo in range(0, n, size):
        yield lo, min(n, lo + size)


#: Workers whose streams are seeded together (one bulk :func:`child_words` call).
SEED_GROUP: Final = 8192


def _seeded(
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


def _check_int(name: str, value: object, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < minimum:
        raise InvalidInputError(f"{name} must be a whole number >= {minimum}, got {value!r}")
    return int(value)


def simulate_population(
    scenario: Scenario,
    n_workers: int | None = None,
    *,
    seed: SeedLike = None,
    week_of: date | None = None,
    chunk_size: int | None = None,
    backend: Literal["numpy", "dask"] = "numpy",
    progress: bool | None = None,
) -> PopulationResult:
    """Simulate ``n_workers`` independent weeks of the scenario's typical worker.

    The model is :func:`~labourchain.simulate.simulate_week`'s (see
    :mod:`labourchain.simulate.week`), each worker drawing her own factors
    from ``scenario.variation``; the two agree in distribution.

    Args:
        scenario: The :class:`Scenario`.
        n_workers: How many workers (default: ``scenario.population``).
        seed: Root seed (int, ``SeedSequence``; a ``Generator`` is used once to
            draw one). Worker ``i`` uses the root's child ``i``.
        week_of: Any date in the week (default ``scenario.week_of``).
        chunk_size: Workers per chunk (default: about 16,384 task slots' worth, so
            that a chunk's arrays stay in cache, and at least 96 workers if that
            makes at most 65,536 slots): bounds memory. Results do not depend on it.
        backend: ``"numpy"`` (this process) or ``"dask"`` (the chunks grouped
            into at most :data:`DASK_TASKS` Dask tasks, run by the scheduler in
            force; needs the ``dask`` extra). Results do not depend on it.
        progress: Show a progress line on stderr (default: only on a terminal
            and for runs of more than 100,000 workers).

    Returns:
        A :class:`PopulationResult`.

    Raises:
        InvalidInputError: for a bad count, chunk size, seed or backend.
    """
    if not isinstance(scenario, Scenario):
        raise InvalidInputError(f"scenario must be a Scenario, got {scenario!r}")
    if n_workers is None:
        if scenario.population is None:
            raise InvalidInputError(
                f"n_workers: scenario {scenario.name!r} has no default population; "
                "say how many workers to simulate"
            )
        n_workers = scenario.population
    n = _check_int("n_workers", n_workers, 0)
    if chunk_size is not None:
        _check_int("chunk_size", chunk_size, 1)
    if backend not in ("numpy", "dask"):
        raise InvalidInputError(f"backend must be 'numpy' or 'dask', got {backend!r}")
    root = _root(seed)
    day = _monday(scenario.week_of if week_of is None else week_of)
    grid = week_grid(scenario, day)
    tab = tables(scenario)
    lay = layout(scenario, grid, tab)
    size = chunk_size if chunk_size is not None else default_chunk_size(lay)
    spans = list(_chunks(n, size))
    show = (
        progress
        if progress is not None
        else (n > 100_000 and backend == "numpy" and sys.stderr.isatty())
    )

    def several(group: list[tuple[int, int]]) -> list[_Chunk]:
        # One Dask task: cache-sized chunks, one workspace reused across them.
        draws: _Draws | None = None
        out = []
        for lo, hi, states in _seeded(root, group):
            if draws is None:
                draws = _Draws(lay, hi - lo, tab.rej_rate.size)
            out.append(run_chunk(scenario, grid, tab, root, lo, hi, draws=draws, states=states))
        return out

    out = _Outputs(n, scenario, tab)
    if backend == "dask":
        for (lo, hi), part in zip(spans, _run_dask(several, spans), strict=True):
            out.put(lo, hi, part)
    else:
        began = time.monotonic()
        workspace: _Draws | None = None
        for j, (lo, hi, states) in enumerate(_seeded(root, spans)):
            if workspace is None:
                workspace = _Draws(lay, hi - lo, tab.rej_rate.size)
            part = run_chunk(scenario, grid, tab, root, lo, hi, draws=workspace, states=states)
            out.put(lo, hi, part)
            del part
            if show:
                _progress(j + 1, len(spans), hi, began)
        if show:
            sys.stderr.write("\n")
    entropy = root.entropy
    return PopulationResult(
        scenario=scenario.name,
        currency=scenario.currency,
        week_of=day,
        entropy=int(entropy) if isinstance(entropy, int) else 0,
        gross=out.gross,
        fees=out.fees,
        earnings=out.earnings,
        hours=out.hours,
        outcomes=out.outcomes,
        rate_sum=out.rate_sum,
        night_share=out.night_share,
    )


class _Outputs:
    """The result arrays, allocated once for all workers; each chunk writes its rows.

    Peak memory is then these arrays (136 bytes a worker) and one chunk's
    working set: nothing is joined or copied at the end.
    """

    def __init__(self, n: int, scenario: Scenario, tab: Tables) -> None:
        self.scenario = scenario
        self.tab = tab
        self.gross = np.empty(n)
        self.fees = np.empty(n)
        self.earnings = np.empty(n)
        self.hours = np.empty((n, N_ACTIVITIES))
        self.outcomes = np.empty((n, 3), dtype=np.int64)
        self.rate_sum = np.empty(n)
        self.night_share = np.empty(n)

    def put(self, lo: int, hi: int, part: _Chunk) -> None:
        """Rows ``lo..hi-1`` from a chunk's results (money settled per worker, hours)."""
        gross, fees = _money_out(self.scenario, self.tab, part.gross)
        self.gross[lo:hi] = gross
        self.fees[lo:hi] = fees
        np.subtract(gross, fees, out=self.earnings[lo:hi])
        np.divide(part.minutes, 60.0, out=self.hours[lo:hi])
        self.outcomes[lo:hi] = part.counts
        self.rate_sum[lo:hi] = part.rate_sum
        share = self.night_share[lo:hi]
        share[:] = 0.0
        np.divide(part.night, part.task_minutes, out=share, where=part.task_minutes > 0)


#: Seconds between two updates of the progress line (the last chunk always shows).
PROGRESS_EVERY: Final = 0.5
_shown_at: dict[str, float] = {"time": 0.0}


def _progress(done: int, total: int, workers: int, began: float) -> None:
    now = time.monotonic()
    if done < total and now - _shown_at["time"] < PROGRESS_EVERY:
        return  # a line per chunk would be thousands of writes a second
    _shown_at["time"] = now
    sys.stderr.write(
        f"\rsimulating: {workers:,} workers ({100 * done / total:.0f}%), {now - began:.0f} s"
    )
    sys.stderr.flush()


#: Dask tasks per run at most: enough to balance a few workers, few enough that
#: each task runs many cache-sized chunks.
DASK_TASKS = 32


def _run_dask(
    several: Callable[[list[tuple[int, int]]], list[_Chunk]], spans: list[tuple[int, int]]
) -> list[_Chunk]:
    try:
        dask: Any = importlib.import_module("dask")
    except ImportError:  # pragma: no cover - depends on the environment
        raise MissingDependencyError(
            "backend='dask' needs Dask, which is not installed: pip install 'dask[distributed]' "
            "(or, in a clone of labourchain, pip install '.[dask]')"
        ) from None
    per_task = max(1, -(-len(spans) // DASK_TASKS))
    groups = [spans[i : i + per_task] for i in range(0, len(spans), per_task)]
    tasks = [dask.delayed(several, pure=True)(group) for group in groups]
    results: tuple[list[_Chunk], ...] = dask.compute(*tasks)
    return [chunk for group in results for chunk in group]


# ------------------------------------------------------------ summary only

#: A summary-only run counts wages in geometric bins this much wider each than the
#: last (0.1 %): its medians and quantiles are within 0.1 % of those of the wages.
SUMMARY_BIN_RATIO: Final = 1.001
#: Wages at or below this (per hour, in the scenario's currency) are counted as zero.
_SUMMARY_LOW: Final = 1e-6
_LOG_RATIO: Final = math.log(SUMMARY_BIN_RATIO)
_SUMMARY_BINS: Final = math.ceil(math.log(1e18) / _LOG_RATIO) + 2
#: Workers simulated between two checks of the progress line in a summary-only run.
_SUMMARY_BLOCK: Final = 1 << 20


class _WageCounts:
    """Wages counted in geometric bins: quantiles without keeping the wages."""

    def __init__(self) -> None:
        self.counts = np.zeros(_SUMMARY_BINS, dtype=np.int64)
        self.n = 0

    def add(self, values: FloatArray) -> None:
        wages = values[~np.isnan(values)]
        index = np.zeros(wages.size, dtype=np.intp)
        above = wages > _SUMMARY_LOW
        bins = np.floor(np.log(wages[above] / _SUMMARY_LOW) / _LOG_RATIO).astype(np.intp) + 1
        index[above] = np.minimum(bins, _SUMMARY_BINS - 1)
        self.counts += np.bincount(index, minlength=_SUMMARY_BINS)
        self.n += int(wages.size)

    def quantile(self, probability: float) -> float:
        """The wage at ``probability`` (numpy's default rank), the middle of its bin."""
        if not self.n:
            return math.nan
        rank = probability * (self.n - 1)
        cumulative = np.cumsum(self.counts)
        b = int(np.searchsorted(cumulative, math.floor(rank), side="right"))
        return 0.0 if b == 0 else _SUMMARY_LOW * SUMMARY_BIN_RATIO ** (b - 0.5)


@attrs.frozen(kw_only=True)
class PopulationTotals:
    """What :func:`simulate_population_summary` keeps: the summary, no per-worker arrays.

    Attributes:
        scenario: The scenario's name.
        currency: Currency of every amount.
        week_of: Monday of the week simulated.
        workers: Workers simulated.
        summary: As :meth:`PopulationResult.summary` gives it, but medians and
            quantiles within :data:`SUMMARY_BIN_RATIO` (0.1 %) of the exact ones.
        means: Means over workers: ``earnings``, ``paid_hours``, ``unpaid_hours``,
            ``tasks`` and ``night_share`` (NaN for no workers).
        unpaid_hours_by_activity: Mean hours of each unpaid activity, by name.
        task_shares: As :meth:`PopulationResult.task_shares`.
    """

    scenario: str
    currency: str
    week_of: date
    workers: int
    summary: PopulationSummary
    means: Mapping[str, float] = attrs.field(converter=frozen_map)
    unpaid_hours_by_activity: Mapping[str, float] = attrs.field(converter=frozen_map)
    task_shares: Mapping[str, float] = attrs.field(converter=frozen_map)


def simulate_population_summary(
    scenario: Scenario,
    n_workers: int,
    *,
    seed: SeedLike = None,
    week_of: date | None = None,
    reference: Quantity | float | None = None,
    probabilities: tuple[float, ...] = (0.1, 0.25, 0.5, 0.75, 0.9),
    chunk_size: int | None = None,
    progress: bool | None = None,
) -> PopulationTotals:
    """The summary of :func:`simulate_population` without keeping per-worker arrays.

    The same workers as :func:`simulate_population` with the same seed (worker
    ``i`` draws from the root's child ``i``), one chunk at a time; memory stays
    that of one chunk whatever ``n_workers``. Means, shares and the share below
    ``reference`` are those of the full run; medians and quantiles are within
    0.1 % (wages are counted in bins 0.1 % wide).

    >>> from labourchain import cases
    >>> totals = simulate_population_summary(cases.load("eduardo"), 200, seed=1)
    >>> full = simulate_population(cases.load("eduardo"), 200, seed=1).summary()
    >>> abs(totals.summary.median_effective / full.median_effective - 1) < 0.002
    True
    """
    if not isinstance(scenario, Scenario):
        raise InvalidInputError(f"scenario must be a Scenario, got {scenario!r}")
    n = _check_int("n_workers", n_workers, 0)
    if chunk_size is not None:
        _check_int("chunk_size", chunk_size, 1)
    root = _root(seed)
    day = _monday(scenario.week_of if week_of is None else week_of)
    grid = week_grid(scenario, day)
    tab = tables(scenario)
    lay = layout(scenario, grid, tab)
    size = chunk_size if chunk_size is not None else default_chunk_size(lay)
    ref = _reference(reference, scenario.currency)
    show = progress if progress is not None else (n > 100_000 and sys.stderr.isatty())
    effective, paid = _WageCounts(), _WageCounts()
    sums = np.zeros(5)  # earnings, paid hours, unpaid hours, tasks, night share
    unpaid_share_sum = 0.0
    by_activity = np.zeros(N_ACTIVITIES)
    outcomes = np.zeros(3, dtype=np.int64)
    below = 0
    workspace: _Draws | None = None
    began = time.monotonic()
    block = max(size, _SUMMARY_BLOCK // size * size)
    for block_lo in range(0, n, block):
        spans = [(lo, hi) for lo, hi in _chunks(min(block, n - block_lo), size)]
        spans = [(lo + block_lo, hi + block_lo) for lo, hi in spans]
        for lo, hi, states in _seeded(root, spans):
            if workspace is None:
                workspace = _Draws(lay, hi - lo)
            part = run_chunk(scenario, grid, tab, root, lo, hi, draws=workspace, states=states)
            rows = _Outputs(hi - lo, scenario, tab)
            rows.put(0, hi - lo, part)
            chunk = PopulationResult(
                scenario=scenario.name,
                currency=scenario.currency,
                week_of=day,
                entropy=0,
                gross=rows.gross,
                fees=rows.fees,
                earnings=rows.earnings,
                hours=rows.hours,
                outcomes=rows.outcomes,
                rate_sum=rows.rate_sum,
                night_share=rows.night_share,
            )
            eff = chunk.effective_hourly
            effective.add(eff)
            paid.add(chunk.paid_hourly)
            total = chunk.total_hours
            sums += (
                chunk.earnings.sum(),
                chunk.paid_hours.sum(),
                chunk.unpaid_hours.sum(),
                chunk.tasks.sum(),
                chunk.night_share.sum(),
            )
            unpaid_share_sum += float(
                np.divide(
                    chunk.unpaid_hours, total, out=np.zeros_like(total), where=total > 0
                ).sum()
            )
            by_activity += chunk.hours.sum(axis=0)
            outcomes += chunk.outcomes.sum(axis=0)
            if ref is not None:
                below += int(np.count_nonzero(eff[~np.isnan(eff)] < ref))
        if show:
            _progress(block_lo + len(spans), -(-n // size), min(n, block_lo + block), began)
    if show:
        sys.stderr.write("\n")

    def mean(total: float) -> float:
        return float(total) / n if n else math.nan

    summary = PopulationSummary(
        workers=n,
        currency=scenario.currency,
        median_effective=effective.quantile(0.5),
        quantiles=tuple(effective.quantile(p) for p in probabilities),
        probabilities=tuple(probabilities),
        median_paid=paid.quantile(0.5),
        mean_unpaid_share=mean(unpaid_share_sum),
        reference=ref,
        share_below=None if ref is None or not effective.n else below / effective.n,
    )
    total_tasks = max(int(outcomes.sum()), 1)
    return PopulationTotals(
        scenario=scenario.name,
        currency=scenario.currency,
        week_of=day,
        workers=n,
        summary=summary,
        means=dict(
            zip(
                ("earnings", "paid_hours", "unpaid_hours", "tasks", "night_share"),
                (mean(x) for x in sums),
                strict=True,
            )
        ),
        unpaid_hours_by_activity={
            a.value: mean(by_activity[CODE[a]]) for a in Activity if not a.is_paid
        },
        task_shares={
            k: float(v) / total_tasks
            for k, v in zip(("paid", "rejected", "returned"), outcomes, strict=True)
        },
    )


# ------------------------------------------------------------------ estimate


@attrs.frozen(kw_only=True)
class PopulationEstimate:
    """What a run of :func:`simulate_population` would take, from a short pilot run.

    Attributes:
        workers: Workers the estimate is for.
        seconds: Time on this machine, one process (the pilot's time per worker).
        memory_bytes: Memory of the per-worker results (allocated once for all workers).
        summary_memory_bytes: Memory of a summary-only run
            (:func:`simulate_population_summary`), whatever the workers.
        pilot_workers: Workers in the pilot run.
    """

    workers: int
    seconds: float
    memory_bytes: int
    summary_memory_bytes: int
    pilot_workers: int


def estimate_population(
    scenario: Scenario, n_workers: int, *, week_of: date | None = None, pilot: int = 1024
) -> PopulationEstimate:
    """Estimate the time and memory of simulating ``n_workers``, from ``pilot`` workers.

    Two pilot runs (``pilot`` workers and an eighth as many) give the time per
    worker beyond the run's fixed setup; it moves with the load of the machine.
    """
    n = _check_int("n_workers", n_workers, 0)
    pilot = _check_int("pilot", pilot, 2)

    def timed(workers: int) -> tuple[float, PopulationResult]:
        began = time.perf_counter()
        result = simulate_population(scenario, workers, seed=0, week_of=week_of, progress=False)
        return time.perf_counter() - began, result

    small, _ = timed(pilot // 8 or 1)
    elapsed, sample = timed(pilot)
    # The time per worker beyond the fixed setup (the smaller run's); the whole
    # pilot's time per worker if the machine's load hides the difference.
    per_worker_s = (elapsed - small) / (pilot - (pilot // 8 or 1))
    if per_worker_s <= 0:
        per_worker_s = elapsed / pilot
    result_bytes = sum(
        getattr(sample, f.name).nbytes
        for f in attrs.fields(PopulationResult)
        if isinstance(getattr(sample, f.name), np.ndarray)
    )
    per_worker = result_bytes / pilot
    size = default_chunk_size(
        layout(scenario, week_grid(scenario, sample.week_of), tables(scenario))
    )
    return PopulationEstimate(
        workers=n,
        seconds=per_worker_s * n,
        memory_bytes=int(per_worker * n),
        summary_memory_bytes=int(4 * per_worker * size + 16 * _SUMMARY_BINS),
        pilot_workers=pilot,
    )
