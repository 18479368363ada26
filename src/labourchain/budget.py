"""Fair pay for requesters: a reward that meets a wage floor, a batch budget, and top-ups.

A conscientious requester wants the workers who do a task to earn at least a
wage floor per hour (a fixed figure such as $15/h, or the minimum wage where
each worker lives), once the unpaid time the task costs them is counted and
the platform's fees are paid.

**The worker's time per paid task.** A task measured at ``t`` (the time to do
it) costs a worker, per approved task, on average::

    T(t) = [ t + s + r / (1 - r) * (s + t_ret) + q / n ] / (1 - rho)

with ``s`` the search for each task, ``r`` the share of started attempts
returned (each costing its search and ``t_ret``, by default the task's own
time), ``q`` an unpaid qualification or training done once per worker and
spread over the ``n`` tasks a worker does, and ``rho`` the share of submitted
work rejected (unpaid). See :class:`Overhead`. With no overhead, ``T(t) = t``.

**The reward** (:func:`fair_reward`). A worker with time ``t`` and floor ``F``
is paid at least ``F`` an hour when ``reward * (1 - worker_fee) >= F * T(t)``.
Given a sample of measured times (one per worker, in any country mix), the
reward is the smallest that satisfies this for at least the stated ``share``
of workers: the ``share`` quantile, with the "inverted CDF" definition
(Hyndman and Fan type 1), of the per-worker required rewards, so the share is
met exactly on the sample, never rounded down. It is then rounded **up** to
the currency's minor unit (cents). Given one time, it is taken as the median,
and the reward meets the floor for half the workers (``share=0.5``), as in
the Fair Work method; with several countries it then meets the highest of
their floors.

**The budget** (:func:`batch_cost`): what the client pays for the batch,
platform fees included (:meth:`Platform.client_cost` for each assignment;
the batch size may set the fee tier).

**Top-ups after a batch** (:func:`top_up_batch`): ``method="fairwork"``
reproduces the Fair Work reference implementation (Whiting, Hugh and
Bernstein, HCOMP 2019): the median over HITs of each HIT's median reported
time, the rate rounded to the cent, ``reward * (floor / rate - 1)`` per
approved assignment. ``method="median"`` (the default) is labourchain's own
extension, which counts overhead: the median of all the batch's times pooled,
``bonus = F * T(median) / (1 - worker_fee) - reward`` per task, never
negative; ``method="own"`` takes each worker's own times. Every worker's bonus
is rounded up to the cent.

>>> import labourchain as lc
>>> floor = lc.money(15, "USD") / lc.Q_(1, "hour")
>>> fair = fair_reward(lc.Q_(5, "minute"), floor, overhead=Overhead(search=lc.Q_(1, "minute")))
>>> fair.reward
<Quantity(1.5, 'USD')>
>>> cost = batch_cost(fair.reward, assignments=100, platform=lc.platforms.get("mturk"))
>>> round(cost.total.magnitude, 2), round(cost.fees.magnitude, 2)
(210.0, 60.0)
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, Final, Literal

import attrs
import numpy as np
import numpy.typing as npt
import pint

from labourchain._frozen import frozen_map
from labourchain._json import money_value, rate_value
from labourchain._text import plural
from labourchain._validate import check_country
from labourchain.domain import Platform
from labourchain.errors import CurrencyMismatchError, InvalidInputError
from labourchain.units import Q_, ExchangeRates, Quantity, currency, currency_of, is_money, seconds

__all__ = (
    "BatchCost",
    "BatchPlan",
    "FairReward",
    "Overhead",
    "TopUps",
    "batch_cost",
    "fair_reward",
    "plan_batch",
    "reference_floor",
    "top_up_batch",
)

FloatArray = npt.NDArray[np.float64]
WageKind = Literal["minimum", "living"]
_TOLERANCE: Final = 1e-12


def _time(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    seconds(value, what=f"Overhead.{attribute.name}")


def _optional_time(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        _time(instance, attribute, value)


def _rate_below_one(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or not (math.isfinite(value) and 0.0 <= value < 1.0)
    ):
        raise InvalidInputError(
            f"Overhead.{attribute.name} must be a share in [0, 1), got {value!r} "
            "(at 1 no task would ever be paid)"
        )


def _positive(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or not (math.isfinite(value) and value >= 1.0)
    ):
        raise InvalidInputError(
            f"Overhead.{attribute.name} must be a number of tasks >= 1, got {value!r}"
        )


def _zero() -> Quantity:
    return Q_(0.0, "minute")


@attrs.frozen(kw_only=True)
class Overhead:
    """The unpaid time a task costs a worker, beyond doing it.

    Attributes:
        search: Finding and selecting each task (Hara et al. 2018 counted gaps
            of a minute or less between tasks as such).
        qualification: Unpaid qualification tests and training, once per worker.
        tasks_per_worker: Tasks a worker does, over which ``qualification`` is spread.
        return_rate: Share of started attempts returned or abandoned (about
            13 % on Amazon Mechanical Turk in Hara et al. 2018).
        returned_time: Time lost on each returned attempt; ``None`` counts the
            task's own time (a worker who gives up near the end).
        rejection_rate: Share of submitted work rejected, unpaid.

    >>> from labourchain import Q_
    >>> o = Overhead(search=Q_(1, "minute"), return_rate=0.2, returned_time=Q_(2, "minute"))
    >>> round(o.per_task(Q_(5, "minute")).to("minute").magnitude, 6)
    1.75
    """

    search: Quantity = attrs.field(factory=_zero, validator=_time)
    qualification: Quantity = attrs.field(factory=_zero, validator=_time)
    tasks_per_worker: float = attrs.field(default=1.0, validator=_positive)
    return_rate: float = attrs.field(default=0.0, validator=_rate_below_one)
    returned_time: Quantity | None = attrs.field(default=None, validator=_optional_time)
    rejection_rate: float = attrs.field(default=0.0, validator=_rate_below_one)

    def time_per_paid_task(self, task_seconds: FloatArray) -> FloatArray:
        """``T(t)``: seconds of the worker's time per approved task of ``t`` seconds."""
        s = seconds(self.search)
        returned = task_seconds if self.returned_time is None else seconds(self.returned_time)
        r = self.return_rate
        q = seconds(self.qualification) / self.tasks_per_worker
        per_submitted = task_seconds + s + r / (1.0 - r) * (s + returned) + q
        result: FloatArray = per_submitted / (1.0 - self.rejection_rate)
        return result

    def per_task(self, task_time: Quantity) -> Quantity:
        """The unpaid time per approved task of ``task_time``: ``T(t) - t``."""
        t = seconds(task_time, what="task_time")
        extra = float(self.time_per_paid_task(np.array([t]))[0]) - t
        return Q_(extra, "second").to("minute")


def _overhead(value: Overhead | Quantity | None) -> Overhead:
    if value is None:
        return Overhead()
    if isinstance(value, Overhead):
        return value
    return Overhead(search=value)


def _times(value: object, what: str = "task_time") -> tuple[FloatArray, bool]:
    """Seconds (an array) and whether one time was given."""
    if not isinstance(value, pint.Quantity) or value.dimensionality != Q_(1, "s").dimensionality:
        raise InvalidInputError(
            f"{what} must be a time such as Q_(5, 'minute') or Q_([4.5, 5, 7], 'minute'), "
            f"got {value!r}"
        )
    mag = np.asarray(value.to("second").magnitude, dtype=np.float64)
    single = mag.ndim == 0
    mag = mag.reshape(-1)
    if mag.size == 0:
        raise InvalidInputError(f"{what} has no times")
    if not np.all(np.isfinite(mag)) or np.any(mag < 0):
        raise InvalidInputError(f"{what} must be finite and non-negative, got {value!r}")
    return mag, single


def _hourly(value: object, code: str | None, rates: ExchangeRates | None, what: str) -> Quantity:
    if not is_money(value):
        raise InvalidInputError(f"{what} must be an hourly wage such as 15 USD/hour, got {value!r}")
    assert isinstance(value, pint.Quantity)
    from_code = currency_of(value)
    try:
        hourly = value.to(f"{from_code}/hour")
    except pint.DimensionalityError:
        raise InvalidInputError(
            f"{what} must be an hourly wage such as 15 USD/hour, got {value!r}"
        ) from None
    if code is not None and from_code != code:
        if rates is None:
            raise CurrencyMismatchError(
                f"{what} is in {from_code} but the reward is in {code}: pass rates= "
                "(e.g. labourchain.reference.exchange_rates(on=...)) to convert it"
            )
        hourly = rates.convert(hourly, code)
    return hourly


def reference_floor(
    country: str, *, on: date | datetime | None = None, kind: WageKind = "minimum"
) -> tuple[Quantity, str]:
    """The hourly minimum (or living) wage of ``country`` from the bundled reference data.

    This is the hook :func:`fair_reward` uses for ``floor="minimum"`` or
    ``"living"``: it calls :func:`labourchain.reference.reference_wage` and
    returns its ``.hourly`` (in the local currency) and a citation line.

    Raises:
        InvalidInputError: if the reference data is not available in this
            version; the errors of ``reference_wage`` otherwise (an unknown
            country, no statutory minimum, a date before the first figure).
    """
    try:
        from labourchain.reference import reference_wage
    except ImportError:  # pragma: no cover - reference.py ships with the package
        raise InvalidInputError(
            "labourchain.reference is not available: give floor= as an hourly wage, or a "
            "mapping of country to hourly wage"
        ) from None
    figure = reference_wage(country, on=on, kind=kind)
    citation = getattr(figure, "citation", None)
    label = f"{figure}" + (f" [{citation}]" if citation is not None else "")
    return figure.hourly, label


@attrs.frozen(kw_only=True)
class FairReward:
    """A reward per task that meets a wage floor for a stated share of workers.

    Attributes:
        reward: The reward per task, rounded up to the currency's minor unit.
        unrounded: The exact reward before rounding.
        share: The share of workers asked for.
        achieved_share: The share of the sample (weighted by country shares)
            that the reward lifts to their floor: at least ``share``.
        workers: Workers in the sample (measured times).
        binding_time: The task time of the worker at the ``share`` quantile.
        overhead_time: Unpaid time per approved task for that worker.
        floors: The hourly floor of each country (or ``"floor"``), in the reward's currency.
        worker_fee: The share of the reward the platform keeps from the worker.
        sources: Where the floors and rates come from.
    """

    reward: Quantity
    unrounded: Quantity
    share: float
    achieved_share: float
    workers: int
    binding_time: Quantity
    overhead_time: Quantity
    floors: Mapping[str, Quantity] = attrs.field(converter=frozen_map)
    worker_fee: float
    sources: tuple[str, ...] = ()

    def describe_share(self) -> str:
        """Whom the reward lifts to the floor, in words."""
        if self.workers == 1:
            return "a worker at the median time is paid the floor: half the workers"
        return (
            f"meets the floor for {100 * self.achieved_share:.1f}% of {self.workers} measured "
            f"workers; asked {100 * self.share:.1f}%"
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready values: money in the reward's currency, time in minutes."""
        code = currency_of(self.reward)
        return {
            "currency": code,
            "reward": money_value(float(self.reward.magnitude), code),
            "unrounded": _round(self.unrounded.magnitude),
            "share": self.share,
            "achieved_share": _round(self.achieved_share),
            "workers": self.workers,
            "binding_time_minutes": _round(self.binding_time.to("minute").magnitude),
            "overhead_minutes": _round(self.overhead_time.to("minute").magnitude),
            "floors": {
                k: rate_value(float(v.to(f"{code}/hour").magnitude), code)
                for k, v in self.floors.items()
            },
            "worker_fee": self.worker_fee,
            "sources": list(self.sources),
        }


@attrs.frozen(kw_only=True)
class BatchCost:
    """What a client pays for a batch of assignments, platform fees included.

    Attributes:
        reward: The reward per assignment.
        assignments: The batch size.
        per_assignment: What one assignment costs the client (:meth:`Platform.client_cost`).
        rewards: ``reward * assignments``: what reaches the workers' balances
            before any worker fee.
        fees: The platform's fees to the client for the batch.
        total: ``rewards + fees``.
        platform: The platform's name.
        sources: Where the fee rules come from.
    """

    reward: Quantity
    assignments: int
    per_assignment: Quantity
    rewards: Quantity
    fees: Quantity
    total: Quantity
    platform: str
    sources: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready values in the reward's currency."""
        code = currency_of(self.reward)
        return {
            "currency": code,
            "platform": self.platform,
            "reward": money_value(float(self.reward.magnitude), code),
            "assignments": self.assignments,
            "per_assignment": money_value(float(self.per_assignment.magnitude), code),
            "rewards": money_value(float(self.rewards.magnitude), code),
            "fees": money_value(float(self.fees.magnitude), code),
            "total": money_value(float(self.total.magnitude), code),
            "sources": list(self.sources),
        }


@attrs.frozen(kw_only=True)
class BatchPlan:
    """A fair reward and the batch budget at that reward (see :func:`plan_batch`)."""

    fair: FairReward
    cost: BatchCost

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready values."""
        return {"reward": self.fair.to_dict(), "budget": self.cost.to_dict()}

    def to_text(self) -> str:
        """A plain-text summary."""
        f, c = self.fair, self.cost
        code = currency_of(f.reward)
        lines = [
            f"Reward per task: {f.reward.magnitude:,.2f} {code} ({f.describe_share()})",
            f"  task time at that share: {f.binding_time.to('minute').magnitude:.2f} min, "
            f"plus {f.overhead_time.to('minute').magnitude:.2f} min unpaid overhead per paid task",
        ]
        for name, hourly in f.floors.items():
            which = "floor" if name == "floor" else f"floor in {name}"
            lines.append(f"  {which}: {hourly.to(f'{code}/hour').magnitude:,.2f} {code}/hour")
        if f.worker_fee:
            lines.append(f"  worker fee: {100 * f.worker_fee:g}% of the reward")
        lines += [
            "",
            f"Batch on {c.platform}: {plural(c.assignments, 'assignment')}",
            f"  rewards {c.rewards.magnitude:>12,.2f} {code}",
            f"  fees    {c.fees.magnitude:>12,.2f} {code}",
            f"  total   {c.total.magnitude:>12,.2f} {code}",
        ]
        sources = tuple(dict.fromkeys((*f.sources, *c.sources)))
        if sources:
            lines += ["", "Figures used:", *(f"  - {s}" for s in sources)]
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.to_text()


@attrs.frozen(kw_only=True)
class TopUps:
    """Bonuses after a batch that lift workers to the floor. Build it with :func:`top_up_batch`.

    Attributes:
        basis: The method used: ``"fairwork"``, ``"median"`` or ``"own"``.
        task_time: The time estimate for the task (``None`` where nobody reported
            a time under ``"fairwork"``): Fair Work's median of per-HIT medians,
            or the median of all times.
        per_task: The bonus for each approved assignment before the worker's
            total is rounded up (``None`` under ``"own"`` and where Fair Work
            has no estimate).
        by_worker: Each worker's bonus, by the id given, rounded up to the cent
            (the currency's minor unit).
        total: All bonuses (the sum of the rounded ones).
        client_cost: What the bonuses cost the client, platform fees included,
            computed on the rounded bonuses (``None`` without a platform with a
            published client fee).
        rate: Under ``"fairwork"``, the estimated hourly rate of the task
            (reward over the time estimate, rounded to the cent); else ``None``.
    """

    basis: str
    task_time: Quantity | None
    per_task: Quantity | None
    by_worker: Mapping[str, Quantity] = attrs.field(converter=frozen_map)
    total: Quantity
    client_cost: Quantity | None
    rate: Quantity | None = None

    @property
    def method(self) -> str:
        """The method used (the same as :attr:`basis`)."""
        return self.basis

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready values in the reward's currency."""
        code = currency_of(self.total)

        def cash(q: Quantity | None) -> float | None:
            return None if q is None else money_value(float(q.magnitude), code)

        return {
            "currency": code,
            "basis": self.basis,
            "task_time_minutes": (
                None if self.task_time is None else _round(self.task_time.to("minute").magnitude)
            ),
            "rate": None if self.rate is None else rate_value(float(self.rate.magnitude), code),
            "per_task": cash(self.per_task),
            "by_worker": {w: cash(b) for w, b in self.by_worker.items()},
            "total": cash(self.total),
            "client_cost": cash(self.client_cost),
        }


def _round(value: float) -> float:
    return float(f"{float(value):.10g}")


def _share(value: object) -> float:
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or not (math.isfinite(value) and 0.0 < value <= 1.0)
    ):
        raise InvalidInputError(f"share must be in (0, 1], got {value!r}")
    return float(value)


def _worker_fee(platform: Platform | None) -> float:
    if platform is None:
        return 0.0
    if platform.worker_fee is None:
        raise platform._unpublished("worker fee", "worker_fee")
    return float(platform.worker_fee)


def _inverted_cdf(values: FloatArray, weights: FloatArray, share: float) -> tuple[int, float]:
    """Index of the smallest value whose cumulative weight reaches ``share``, and that weight."""
    order = np.argsort(values, kind="stable")
    cum = np.cumsum(weights[order])
    total = float(cum[-1])
    k = int(np.searchsorted(cum, share * total * (1.0 - _TOLERANCE), side="left"))
    k = min(k, len(order) - 1)
    value = values[order[k]]
    achieved = float(weights[values <= value].sum()) / total
    return int(order[k]), achieved


def _round_up(amount: float, code: str) -> float:
    digits = currency(code).minor_units
    if digits is None:
        return amount
    scale = 10**digits
    return float(math.ceil(round(amount * scale, 9)) / scale)


def fair_reward(
    task_time: Quantity,
    floor: Quantity | Mapping[str, Quantity] | WageKind,
    *,
    share: float = 0.5,
    overhead: Overhead | Quantity | None = None,
    countries: Sequence[str] | Mapping[str, float] | None = None,
    on: date | datetime | None = None,
    platform: Platform | None = None,
    currency: str | None = None,
    rates: ExchangeRates | None = None,
) -> FairReward:
    """The reward per task that pays at least a wage floor to ``share`` of the workers.

    Args:
        task_time: One time (taken as the median) or a sample of measured
            times, one per worker, e.g. ``Q_([4.2, 5.0, 6.5], "minute")``.
        floor: An hourly wage (``money(15, "USD") / Q_(1, "hour")``); a mapping
            of country code to hourly wage; or ``"minimum"`` / ``"living"`` to
            take each country's figure from the bundled reference data
            (:func:`reference_floor`), which needs ``countries``.
        share: The share of workers whose pay must meet their floor. With one
            time it must be 0.5 (the time is a median).
        overhead: The unpaid time per task: an :class:`Overhead`, or a time
            (taken as search time per task).
        countries: Where the workers live: one code per measured time (in the
            same order), or a mapping of code to the share of workers there
            (independent of the times). Needed for a floor per country.
        on: The date of the reference figures (for ``"minimum"``/``"living"``).
        platform: The platform, whose worker fee comes off the reward.
        currency: The reward's currency (default: the floor's, if it has one).
        rates: Exchange rates for floors in other currencies.

    Returns:
        A :class:`FairReward`.

    Raises:
        InvalidInputError: for a share outside (0, 1], a single time with a
            share other than 0.5, a missing country floor, or bad times.
        CurrencyMismatchError: for floors in another currency and no rates.
    """
    times, single = _times(task_time)
    share = _share(share)
    if single and share != 0.5:
        raise InvalidInputError(
            f"one task time is taken as the median, which meets the floor for half the "
            f"workers: give a sample of measured times for share={share}"
        )
    over = _overhead(overhead)
    fee = _worker_fee(platform)
    sources: list[str] = []
    if rates is not None:
        sources.append(rates.describe())

    # The floor of each distinct country (or the one floor).
    codes: list[str]
    if isinstance(countries, Mapping):
        codes = [check_country(c, "countries") for c in countries]
    elif countries is not None:
        if isinstance(countries, str):
            raise InvalidInputError(
                "countries must be a list of country codes (one per time) or a mapping of "
                f"code to share, got the text {countries!r}"
            )
        codes = [check_country(c, "countries") for c in countries]
    else:
        codes = []
    raw: dict[str, Quantity] = {}
    if isinstance(floor, str):
        if floor not in ("minimum", "living"):
            raise InvalidInputError(
                f"floor must be an hourly wage, a mapping of country to hourly wage, or "
                f"'minimum' or 'living'; got {floor!r}"
            )
        if not codes:
            raise InvalidInputError(
                f"floor={floor!r} takes each worker's country's figure: give countries="
            )
        for code in dict.fromkeys(codes):
            raw[code], label = reference_floor(code, on=on, kind=floor)
            sources.append(f"floor for {code}: {label}")
    elif isinstance(floor, Mapping):
        if not codes:
            raise InvalidInputError("a floor per country needs countries= to say who works")
        for code in dict.fromkeys(codes):
            if code not in floor:
                raise InvalidInputError(
                    f"the floor mapping has no wage for {code} (it has {sorted(floor)})"
                )
            raw[code] = floor[code]
    else:
        raw["floor"] = floor
    if currency is None:
        present = {currency_of(v, what="floor") for v in raw.values() if is_money(v)}
        if len(present) != 1:
            raise InvalidInputError(
                "the floors are in several currencies: pass currency= (and rates=) to say "
                "which currency the reward is in"
            )
        currency = present.pop()
    floors = {k: _hourly(v, currency, rates, f"the floor ({k})") for k, v in raw.items()}
    per_second = {k: float(v.to(f"{currency}/second").magnitude) for k, v in floors.items()}
    if "floor" in per_second:  # one floor for all: every country's is the same
        per_second.update(dict.fromkeys(codes, per_second["floor"]))

    # Required reward per (worker, country) with its weight.
    need = over.time_per_paid_task(times)  # seconds per approved task
    if isinstance(countries, Mapping):
        shares = np.array([float(countries[c]) for c in countries], dtype=np.float64)
        if not np.all(np.isfinite(shares)) or np.any(shares < 0) or shares.sum() <= 0:
            raise InvalidInputError(
                f"country shares must be non-negative numbers, not all zero: {dict(countries)!r}"
            )
        rate_c = np.array([per_second[c] for c in codes])
        required = (need[:, None] * rate_c[None, :]).reshape(-1)
        weights = (np.ones(len(need))[:, None] * shares[None, :]).reshape(-1)
        time_index = np.repeat(np.arange(len(need)), len(codes))
    elif codes:
        if len(codes) != len(times):
            raise InvalidInputError(
                f"countries has {len(codes)} codes for {len(times)} times: give one per time, "
                "or a mapping of country to share"
            )
        required = need * np.array([per_second[c] for c in codes])
        weights = np.ones(len(need))
        time_index = np.arange(len(need))
    else:
        required = need * per_second["floor"]
        weights = np.ones(len(need))
        time_index = np.arange(len(need))
    required = required / (1.0 - fee)
    if single:
        # One time is a median: the reward meets every country's floor at it, so that
        # the half of the workers at or under the median time is paid the floor.
        k = int(np.argmax(np.where(weights > 0, required, -np.inf)))
        achieved = 0.5
    else:
        k, achieved = _inverted_cdf(required, weights, share)
    exact = float(required[k])
    binding = float(times[time_index[k]])
    return FairReward(
        reward=Q_(_round_up(exact, currency), currency),
        unrounded=Q_(exact, currency),
        share=share,
        achieved_share=achieved,
        workers=len(times),
        binding_time=Q_(binding / 60.0, "minute"),
        overhead_time=Q_((float(need[time_index[k]]) - binding) / 60.0, "minute"),
        floors=floors,
        worker_fee=fee,
        sources=tuple(dict.fromkeys(sources)),
    )


def batch_cost(reward: Quantity, *, assignments: int, platform: Platform) -> BatchCost:
    """What a batch of ``assignments`` at ``reward`` costs the client, fees included.

    Raises:
        UnpublishedRuleError: if the platform has not published its client fee.
        InvalidInputError: for a batch size below 1.

    >>> import labourchain as lc
    >>> c = batch_cost(lc.money(0.50, "USD"), assignments=9, platform=lc.platforms.get("mturk"))
    >>> round(c.per_assignment.magnitude, 2), round(c.total.magnitude, 2)
    (0.6, 5.4)
    """
    code = currency_of(reward, what="reward")
    per = platform.client_cost(reward, assignments=assignments)
    per_amount = float(per.to(code).magnitude)
    r = float(reward.magnitude)
    sources = [f"{platform.name}: {c}" for c in platform.citations]
    if platform.client_fee is not None and platform.client_fee.citation is not None:
        sources.append(f"{platform.name} client fee: {platform.client_fee.citation}")
    return BatchCost(
        reward=reward,
        assignments=assignments,
        per_assignment=per,
        rewards=Q_(r * assignments, code),
        fees=Q_((per_amount - r) * assignments, code),
        total=Q_(per_amount * assignments, code),
        platform=platform.name,
        sources=tuple(dict.fromkeys(sources)),
    )


def plan_batch(
    task_time: Quantity,
    floor: Quantity | Mapping[str, Quantity] | WageKind,
    *,
    assignments: int,
    platform: Platform,
    **kwargs: Any,
) -> BatchPlan:
    """:func:`fair_reward` (with the platform's worker fee) and the :func:`batch_cost` at it.

    Keyword arguments other than ``assignments`` and ``platform`` go to
    :func:`fair_reward`.

    >>> import labourchain as lc
    >>> floor = lc.money(15, "USD") / lc.Q_(1, "hour")
    >>> plan = plan_batch(lc.Q_(5, "minute"), floor, assignments=100,
    ...                   platform=lc.platforms.get("mturk"))
    >>> plan.fair.reward, plan.cost.total
    (<Quantity(1.25, 'USD')>, <Quantity(175.0, 'USD')>)
    """
    fair = fair_reward(task_time, floor, platform=platform, **kwargs)
    return BatchPlan(
        fair=fair, cost=batch_cost(fair.reward, assignments=assignments, platform=platform)
    )


_METHODS: Final = ("fairwork", "median", "own")
_STATUSES: Final = ("approved", "rejected", "submitted")


def top_up_batch(
    reward: Quantity,
    times: Quantity,
    floor: Quantity,
    *,
    workers: Sequence[str] | None = None,
    overhead: Overhead | Quantity | None = None,
    platform: Platform | None = None,
    method: Literal["fairwork", "median", "own"] | None = None,
    basis: Literal["fairwork", "median", "own"] | None = None,
    hits: Sequence[str] | None = None,
    statuses: Sequence[str] | None = None,
    frozen: Iterable[str] = (),
) -> TopUps:
    """Bonuses that lift each worker's pay for a batch to ``floor``.

    Three methods; in every one each worker's bonus is rounded **up** to the
    cent (the currency's minor unit) and the client's cost is computed on the
    rounded bonuses.

    ``"fairwork"`` reproduces the Fair Work reference implementation
    (Whiting, Hugh and Bernstein, HCOMP 2019; github.com/StanfordHCI/fairwork at
    76ba6ff, ``auditor/management/commands/auditpayments.py`` lines 55-95 and
    245-253, ``auditor/models.py`` lines 115-134):

    1. the HITs estimated are those with an approved assignment (line 55, 66);
       in each, the median of the times reported for its assignments, approved
       or rejected, leaving out frozen workers (lines 72-80);
    2. the time estimate is the median of those per-HIT medians (line 91);
    3. the rate, ``reward / time``, is rounded to the cent (half to even, as
       ``Decimal.quantize``; a rate that rounds to 0 becomes 0.01; line 92-94);
    4. below the floor, each approved assignment earns
       ``reward * (floor / rate - 1)`` (models.py lines 125-134);
    5. each worker's total is rounded up to the cent (line 252).

    Frozen workers get no bonus. A time of NaN is a report never made: it
    enters no median. With no report left, nobody is bonused (Fair Work: "No
    bonuses will be sent"). Fair Work knows no overhead and no worker fee:
    ``overhead`` and a platform with a worker fee are refused.

    ``"median"`` (the default, labourchain's own) pools every assignment's time,
    with no regard to HITs or status, and takes the median (not Fair Work's
    median of per-HIT medians, which differs on any batch of more than one HIT);
    it counts ``overhead`` (unpaid time per task, see :class:`Overhead`) and
    grosses the bonus up for the platform's worker fee, with no rounding of the
    rate: ``bonus = F * T(median) / (1 - worker_fee) - reward`` per task, never
    negative. ``"own"`` does the same with each worker's own times (a worker's
    bonus is the sum over her tasks, never negative).

    Args:
        reward: The reward each approved assignment paid.
        times: The measured (or reported) time of each assignment.
        floor: The hourly wage floor, in the reward's currency.
        workers: The (opaque) worker id of each assignment; by default each
            assignment is its own worker, named by its position.
        overhead: Unpaid time per task, as for :func:`fair_reward`
            (``"median"`` and ``"own"`` only).
        platform: Its worker fee comes off bonuses too; its client fee gives
            ``client_cost``.
        method: ``"fairwork"``, ``"median"`` or ``"own"``, as above.
        basis: The same as ``method`` (its earlier name).
        hits: The HIT of each assignment (``"fairwork"``; by default one HIT).
        statuses: ``"approved"`` or ``"rejected"`` for each assignment (by
            default all approved; any case). Only approved assignments earn a
            bonus. ``"submitted"`` (awaiting review) is accepted too: as in Fair
            Work, its reported time counts and it earns no bonus until approved.
        frozen: Worker ids whose bonuses the requester froze (``"fairwork"``).

    Raises:
        InvalidInputError: for lists of the wrong length, an unknown method or
            status, or an option the method does not use.

    >>> import labourchain as lc
    >>> floor = lc.money(15, "USD") / lc.Q_(1, "hour")
    >>> t = top_up_batch(lc.money(0.50, "USD"), lc.Q_([4, 5, 9], "minute"), floor)
    >>> t.per_task, t.total
    (<Quantity(0.75, 'USD')>, <Quantity(2.25, 'USD')>)
    >>> fw = top_up_batch(lc.money(0.50, "USD"), lc.Q_([4, 5, 9], "minute"), floor,
    ...                   method="fairwork", hits=["h1", "h1", "h2"])
    >>> fw.task_time, fw.rate, fw.total
    (<Quantity(6.75, 'minute')>, <Quantity(4.44, 'USD / hour')>, <Quantity(3.57, 'USD')>)
    """
    if method is not None and basis is not None and method != basis:
        raise InvalidInputError(f"method={method!r} and basis={basis!r} disagree: give one")
    chosen = method if method is not None else (basis if basis is not None else "median")
    if chosen not in _METHODS:
        raise InvalidInputError(
            f"method must be one of {', '.join(map(repr, _METHODS))}, got {chosen!r}"
        )
    code = currency_of(reward, what="reward")
    if chosen == "fairwork":
        mag = _reported_times(times)
    else:
        mag, _ = _times(times, "times")
    n = len(mag)
    ids = [str(i) for i in range(n)] if workers is None else _labels(workers, "workers", n)
    hit_ids = ["1"] * n if hits is None else _labels(hits, "hits", n)
    raw_status = ["approved"] * n if statuses is None else _labels(statuses, "statuses", n)
    status = [x.strip().lower() for x in raw_status]  # MTurk writes "Approved", "Rejected"
    bad = sorted({g for g, x in zip(raw_status, status, strict=True) if x not in _STATUSES})
    if bad:
        raise InvalidInputError(
            f"statuses must be 'approved', 'rejected' or 'submitted', got {bad}"
        )
    if isinstance(frozen, str):
        raise InvalidInputError(f"frozen must be a list of worker ids, got the string {frozen!r}")
    frozen_ids = {str(w) for w in frozen}
    if chosen != "fairwork":
        for name, given in (("hits", hits), ("frozen", frozen_ids or None)):
            if given is not None:
                raise InvalidInputError(f"{name}= is used by method='fairwork' only")
    approved = np.array([x == "approved" for x in status], dtype=bool)
    if chosen == "fairwork":
        if overhead is not None:
            raise InvalidInputError(
                "method='fairwork' counts no overhead (Fair Work does not): use "
                "method='median' or 'own' to count unpaid time"
            )
        if _worker_fee(platform) > 0:
            raise InvalidInputError(
                f"method='fairwork' takes no worker fee into account (Fair Work ran on "
                f"Mechanical Turk, which takes none), but {platform.name!r} takes "  # type: ignore[union-attr]
                f"{_worker_fee(platform):g} of rewards: use method='median' or 'own'"
            )
        return _fairwork(reward, mag, floor, code, ids, hit_ids, approved, frozen_ids, platform)

    over = _overhead(overhead)
    fee = _worker_fee(platform)
    per_second = float(_hourly(floor, code, None, "floor").to(f"{code}/second").magnitude)
    r = float(reward.magnitude)
    median = float(np.median(mag))
    owed: dict[str, float] = dict.fromkeys(sorted(set(ids)), 0.0)
    per_task = None
    if chosen == "median":
        need = float(over.time_per_paid_task(np.array([median]))[0])
        bonus = max(0.0, per_second * need / (1.0 - fee) - r)
        per_task = Q_(bonus, code)
        for w, ok in zip(ids, approved.tolist(), strict=True):
            if ok:
                owed[w] += bonus
    else:
        need_each = over.time_per_paid_task(mag)
        due: dict[str, float] = dict.fromkeys(owed, 0.0)
        for w, seconds_needed, ok in zip(ids, need_each.tolist(), approved.tolist(), strict=True):
            if ok:
                due[w] += per_second * seconds_needed / (1.0 - fee) - r
        owed = {w: max(0.0, v) for w, v in due.items()}
    rounded = {w: _round_up(v, code) for w, v in owed.items()}
    return _top_ups(chosen, Q_(median / 60.0, "minute"), per_task, rounded, code, platform)


def _labels(values: Sequence[str], what: str, n: int) -> list[str]:
    if isinstance(values, str):
        raise InvalidInputError(f"{what} must be a list with one entry per time, got {values!r}")
    out = [str(v) for v in values]
    if len(out) != n:
        raise InvalidInputError(f"{what} has {len(out)} entries for {n} times")
    return out


def _reported_times(value: object) -> FloatArray:
    """Seconds; NaN marks an assignment whose worker reported no time."""
    if not isinstance(value, pint.Quantity) or value.dimensionality != Q_(1, "s").dimensionality:
        raise InvalidInputError(
            f"times must be a time such as Q_([4.5, 5, 7], 'minute'), got {value!r}"
        )
    mag = np.asarray(value.to("second").magnitude, dtype=np.float64).reshape(-1)
    if mag.size == 0:
        raise InvalidInputError("times has no times")
    known = mag[~np.isnan(mag)]
    if not np.all(np.isfinite(known)) or np.any(known < 0):
        raise InvalidInputError(f"times must be finite and non-negative (or NaN), got {value!r}")
    return mag


def _top_ups(
    method: str,
    task_time: Quantity | None,
    per_task: Quantity | None,
    rounded: dict[str, float],
    code: str,
    platform: Platform | None,
    rate: Quantity | None = None,
) -> TopUps:
    client_cost = None
    if platform is not None and platform.client_fee is not None:
        client_cost = Q_(
            sum(float(platform.client_cost(Q_(v, code)).magnitude) for v in rounded.values() if v),
            code,
        )
    return TopUps(
        basis=method,
        task_time=task_time,
        per_task=per_task,
        by_worker={w: Q_(v, code) for w, v in rounded.items()},
        total=Q_(_sum_minor_units(rounded.values(), code), code),
        client_cost=client_cost,
        rate=rate,
    )


def _sum_minor_units(values: Iterable[float], code: str) -> float:
    """The sum of amounts in whole cents (the currency's minor unit), added as whole cents."""
    digits = currency(code).minor_units
    if digits is None:
        return math.fsum(values)
    scale = int(10**digits)
    cents: int = sum(round(float(v) * scale) for v in values)
    return cents / scale


def _median(values: list[timedelta]) -> timedelta:
    """``statistics.median`` of durations, as Fair Work takes it (even counts: the mean of two)."""
    data = sorted(values)
    n, i = len(data), len(data) // 2
    return data[i] if n % 2 else (data[i - 1] + data[i]) / 2


def _fairwork(
    reward: Quantity,
    mag: FloatArray,
    floor: Quantity,
    code: str,
    ids: list[str],
    hit_ids: list[str],
    approved: npt.NDArray[np.bool_],
    frozen: set[str],
    platform: Platform | None,
) -> TopUps:
    """Fair Work's audit (auditpayments.py lines 64-95, models.py 115-134, line 245-253)."""
    hourly_floor = float(_hourly(floor, code, None, "floor").to(f"{code}/hour").magnitude)
    payment = Decimal(repr(float(reward.magnitude)))
    minimum_wage = Decimal(repr(hourly_floor))
    # The HITs with an approved assignment; in each, the median of the reports of
    # workers not frozen, whatever their assignment's status (lines 66-80).
    audited = list(dict.fromkeys(h for h, ok in zip(hit_ids, approved.tolist(), strict=True) if ok))
    hit_durations: list[timedelta] = []
    for hit in audited:
        reports = [
            timedelta(seconds=float(t))
            for t, h, w in zip(mag.tolist(), hit_ids, ids, strict=True)
            if h == hit and w not in frozen and not math.isnan(t)
        ]
        if reports:
            hit_durations.append(_median(reports))
    owed: dict[str, Decimal] = dict.fromkeys(sorted(set(ids)), Decimal(0))
    if not hit_durations:  # nobody reported a time: no estimate, no bonus
        rounded = dict.fromkeys(owed, 0.0)
        return _top_ups("fairwork", None, None, rounded, code, platform)
    estimated_time = _median(hit_durations)
    hours = estimated_time.total_seconds() / (60 * 60)
    if hours == 0:
        raise InvalidInputError("the reported times' median is zero: the task has no rate")
    rate = Decimal(payment / Decimal(hours)).quantize(Decimal(".01"))
    if rate == 0:
        rate = Decimal("0.01")
    underpayment = payment * (minimum_wage / rate - 1) if rate < minimum_wage else Decimal(0)
    for w, ok in zip(ids, approved.tolist(), strict=True):
        if ok and w not in frozen:
            owed[w] += underpayment
    # "don't shortchange workers --- round up to the nearest cent" (line 251-252)
    scale = Decimal(10) ** (currency(code).minor_units or 0)
    rounded = {w: float(math.ceil(v * scale) / scale) for w, v in owed.items()}
    return _top_ups(
        "fairwork",
        Q_(estimated_time.total_seconds() / 60.0, "minute"),
        Q_(float(underpayment), code),
        rounded,
        code,
        platform,
        rate=Q_(float(rate), f"{code}/hour"),
    )
