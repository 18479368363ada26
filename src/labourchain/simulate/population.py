"""Many workers' weeks at once: the week model of :mod:`labourchain.simulate.week`, vectorised.

Struct of arrays: workers are processed in chunks, and each chunk in blocks of
task slots per worker (in stream version 2, the default, each block sized to her
week), arrays shaped ``(workers, K)``; there is no Python loop per task. Worker
``i`` draws from her own stream, ``SeedSequence(seed).spawn``'s child ``i``, in
blocks that depend only on her own draws, so her results do not depend on the
chunk size, the backend or the number of workers simulated alongside her. Memory
is bounded by the chunk (draw buffers are allocated once and reused across chunks
and blocks), not by ``n_workers``; only the per-worker results (a few numbers each)
grow with it.
See ``docs/simulation.md`` for the model and how the kernel is organised.

>>> from labourchain import cases
>>> pop = simulate_population(cases.load("eduardo"), n_workers=50, seed=1)
>>> len(pop), pop.currency
(50, 'USD')
>>> bool((pop.effective_hourly <= pop.paid_hourly).all())
True
"""

from __future__ import annotations

import math
import sys
import time
import warnings
from collections.abc import Mapping
from datetime import date
from typing import Any, Final, Literal

import attrs
import numpy as np
import numpy.typing as npt

from labourchain._deprecated import REMOVED_IN
from labourchain._frozen import frozen_map, read_only
from labourchain._json import figure_value, rate_value
from labourchain._time import monday
from labourchain._typing import SeedLike
from labourchain.activity import Activity
from labourchain.errors import CurrencyMismatchError, InvalidInputError
from labourchain.simulate._backends import (
    BACKENDS,
    Outputs,
    Run,
    show_progress,
    simulate_chunks,
)
from labourchain.simulate._backends import DASK_TASKS as DASK_TASKS
from labourchain.simulate._backends import PROGRESS_EVERY as PROGRESS_EVERY
from labourchain.simulate._chunk import CHUNK_SLOTS as CHUNK_SLOTS
from labourchain.simulate._chunk import CONTIGUOUS_BELOW as CONTIGUOUS_BELOW
from labourchain.simulate._chunk import MAX_CHUNK_SLOTS as MAX_CHUNK_SLOTS
from labourchain.simulate._chunk import MIN_WORKERS as MIN_WORKERS
from labourchain.simulate._chunk import SEED_GROUP as SEED_GROUP
from labourchain.simulate._chunk import SLOT_FACTOR as SLOT_FACTOR
from labourchain.simulate._chunk import Layout as Layout
from labourchain.simulate._chunk import block_size as block_size
from labourchain.simulate._chunk import chunks, default_chunk_size, layout
from labourchain.simulate._chunk import run_chunk as run_chunk
from labourchain.simulate._kernel import CODE, N_ACTIVITIES, PAID, tables, week_grid
from labourchain.simulate._sized import VERSION as STREAM_VERSION
from labourchain.simulate._sized import default_chunk_size as sized_chunk_size
from labourchain.simulate.scenario import Scenario
from labourchain.units import Quantity, currency_of, is_money

# CHUNK_SLOTS ... run_chunk, DASK_TASKS, PROGRESS_EVERY: this module defined them before the
# kernel moved to _chunk and the backends to _backends (not in __all__, but importable from
# here): imported "as" themselves above, so that they stay importable, as the same objects.
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

#: The stream layouts :func:`simulate_population` can draw (``stream_version=``): 2, the
#: default, sizes each worker's blocks to her week; 1, the layout before 0.2 (fixed-size
#: blocks), is kept for one release so that earlier results can be reproduced.
STREAM_VERSIONS: Final = (1, 2)

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
        stream_version: The layout of the workers' random streams the run drew
            (see :func:`simulate_population`).
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
    stream_version: int = STREAM_VERSION
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


def _prepare(
    scenario: Scenario,
    seed: SeedLike,
    week_of: date | None,
    chunk_size: int | None,
    stream_version: object = STREAM_VERSION,
) -> tuple[Run, date, int]:
    """What every chunk of a run shares, the Monday of its week and the workers per chunk."""
    if chunk_size is not None:
        _check_int("chunk_size", chunk_size, 1)
    if (
        isinstance(stream_version, bool)
        or not isinstance(stream_version, int | np.integer)
        or stream_version not in STREAM_VERSIONS
    ):
        raise InvalidInputError(
            f"stream_version must be one of {', '.join(map(str, STREAM_VERSIONS))}, "
            f"got {stream_version!r}"
        )
    stream = int(stream_version)
    if stream == 1:
        warnings.warn(
            "stream_version=1 is deprecated: it reproduces results of labourchain 0.1; "
            "version 2 is the same model with blocks of draws sized to each worker's week "
            f"(stream version 1 goes in {REMOVED_IN})",
            DeprecationWarning,
            stacklevel=3,
        )
    root = _root(seed)
    day = monday(scenario.week_of if week_of is None else week_of)
    grid = week_grid(scenario, day)
    tab = tables(scenario)
    lay = layout(scenario, grid, tab)
    if chunk_size is not None:
        size = chunk_size
    elif stream == 1:
        size = default_chunk_size(lay)
    else:
        size = sized_chunk_size(scenario, grid, tab)
    run = Run(scenario=scenario, grid=grid, tab=tab, lay=lay, root=root, stream=stream)
    return run, day, size


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
    stream_version: int = STREAM_VERSION,
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
            into at most 16 Dask tasks, run by the scheduler in force; needs the
            ``dask`` extra). Results do not depend on it.
        progress: Show a progress line on stderr (default: only on a terminal
            and for runs of more than 100,000 workers).
        stream_version: How the workers' random numbers are laid out in their
            streams (see ``docs/simulation.md``): 2 (the default) sizes each block
            of task slots to her week; 1 reproduces results of labourchain 0.1
            (deprecated: removed in 0.3). Same model, same distributions; a seed
            gives other draws in each.

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
    if backend not in ("numpy", "dask"):
        raise InvalidInputError(f"backend must be 'numpy' or 'dask', got {backend!r}")
    run, day, size = _prepare(scenario, seed, week_of, chunk_size, stream_version)
    spans = list(chunks(n, size))
    show = (
        progress
        if progress is not None
        else (n > 100_000 and backend == "numpy" and sys.stderr.isatty())
    )
    out = Outputs(n, scenario)
    BACKENDS[backend](run, spans, out, progress=show)
    entropy = run.root.entropy
    entropy = int(entropy) if isinstance(entropy, int) else 0
    return _result(scenario, day, entropy, out, run.stream)


def _result(
    scenario: Scenario, day: date, entropy: int, out: Outputs, stream: int = STREAM_VERSION
) -> PopulationResult:
    return PopulationResult(
        scenario=scenario.name,
        currency=scenario.currency,
        week_of=day,
        entropy=entropy,
        stream_version=stream,
        gross=out.gross,
        fees=out.fees,
        earnings=out.earnings,
        hours=out.hours,
        outcomes=out.outcomes,
        rate_sum=out.rate_sum,
        night_share=out.night_share,
    )


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
    stream_version: int = STREAM_VERSION,
) -> PopulationTotals:
    """The summary of :func:`simulate_population` without keeping per-worker arrays.

    The same workers as :func:`simulate_population` with the same seed and
    ``stream_version`` (worker ``i`` draws from the root's child ``i``), one chunk
    at a time; memory stays that of one chunk whatever ``n_workers``. Means, shares
    and the share below ``reference`` are those of the full run; medians and
    quantiles are within 0.1 % (wages are counted in bins 0.1 % wide).

    >>> from labourchain import cases
    >>> totals = simulate_population_summary(cases.load("eduardo"), 200, seed=1)
    >>> full = simulate_population(cases.load("eduardo"), 200, seed=1).summary()
    >>> abs(totals.summary.median_effective / full.median_effective - 1) < 0.002
    True
    """
    if not isinstance(scenario, Scenario):
        raise InvalidInputError(f"scenario must be a Scenario, got {scenario!r}")
    n = _check_int("n_workers", n_workers, 0)
    run, day, size = _prepare(scenario, seed, week_of, chunk_size, stream_version)
    ref = _reference(reference, scenario.currency)
    show = progress if progress is not None else (n > 100_000 and sys.stderr.isatty())
    effective, paid = _WageCounts(), _WageCounts()
    sums = np.zeros(5)  # earnings, paid hours, unpaid hours, tasks, night share
    unpaid_share_sum = 0.0
    by_activity = np.zeros(N_ACTIVITIES)
    outcomes = np.zeros(3, dtype=np.int64)
    below = 0
    began = time.monotonic()
    block = max(size, _SUMMARY_BLOCK // size * size)
    for block_lo in range(0, n, block):
        spans = [(lo, hi) for lo, hi in chunks(min(block, n - block_lo), size)]
        spans = [(lo + block_lo, hi + block_lo) for lo, hi in spans]
        for lo, hi, part in simulate_chunks(run, spans):
            rows = Outputs(hi - lo, scenario)
            rows.put(0, hi - lo, part)
            chunk = _result(scenario, day, 0, rows)
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
            show_progress(block_lo + len(spans), -(-n // size), min(n, block_lo + block), began)
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
    size = sized_chunk_size(scenario, week_grid(scenario, sample.week_of), tables(scenario))
    return PopulationEstimate(
        workers=n,
        seconds=per_worker_s * n,
        memory_bytes=int(per_worker * n),
        summary_memory_bytes=int(4 * per_worker * size + 16 * _SUMMARY_BINS),
        pilot_workers=pilot,
    )
