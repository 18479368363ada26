"""Demand for tasks over the week, and what time-zone misalignment costs a worker.

Tasks on US-based platforms are posted during US business hours (FACTS.md,
"Time zones": 09:00-18:00 in New York is 16:00-01:00 in Nairobi in summer, and
falls between 21:00 and 07:00 in Manila). A :class:`DemandProfile` gives the
posting intensity for each of the 168 hours of the week on the client's wall
clock. The **claim model** says what a worker elsewhere can still get:

* a task posted while the worker is online is available to her;
* a task posted at ``t`` while she is offline is taken by other workers at a
  constant hazard: when she next comes online, at ``t + Δ``, it is still there
  with probability ``2 ** (-Δ / half_life)``.

Her **accessible share** of a week's demand is the posting-weighted average of
that probability (1 when online)::

    share = ∫ λ(t) · 2^(-Δ(t)/h) dt / ∫ λ(t) dt        (Δ(t) = 0 while online)

computed exactly (λ is constant within each hour, so each offline stretch
ending at the next online time ``g`` contributes
``λ · h/ln 2 · (2^(-(g-b)/h) - 2^(-(g-a)/h))`` for a posting stretch ``[a, b)``).
Both the worker's availability for the week and the client's week of postings
are real instants (DST-correct) repeated every 7 x 24 hours, as in
:func:`labourchain.schedule.overlap`; with ``half_life = 0`` and on/off demand
the share times the demand's hours is exactly that overlap.

>>> from datetime import date
>>> from labourchain.units import Q_
>>> nairobi = WeeklySchedule.parse("Mon-Fri 08:00-17:00", tz="Africa/Nairobi")
>>> us = DemandProfile.us_business_hours()
>>> round(accessible_share(nairobi, us, week_of=date(2024, 7, 1), half_life=Q_(0, "hour")), 4)
0.1111
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date, time, timedelta

import attrs
import numpy as np
import pint

from labourchain import _intervals, _time
from labourchain._time import HOURS_PER_WEEK, MINUTES_PER_WEEK, SECONDS_PER_WEEK
from labourchain._typing import FloatArray
from labourchain.errors import CurrencyMismatchError, InvalidInputError
from labourchain.schedule import WeeklySchedule
from labourchain.units import Quantity, currency_of, hours, is_money, seconds_of, ureg

__all__ = (
    "DemandProfile",
    "NightWork",
    "accessible_share",
    "night_hours_needed",
)


def _intensity(value: object) -> tuple[float, ...]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable | np.ndarray):
        raise InvalidInputError(
            f"intensity must be {HOURS_PER_WEEK} numbers, one per hour of the week from "
            f"Monday 00:00, got {value!r}"
        )
    items = list(value)
    if len(items) != HOURS_PER_WEEK:
        raise InvalidInputError(
            f"intensity must have {HOURS_PER_WEEK} values (one per hour of the week from "
            f"Monday 00:00), got {len(items)}"
        )
    out = []
    for hour, item in enumerate(items):
        ok = isinstance(item, int | float | np.integer | np.floating) and not isinstance(item, bool)
        number = float(item) if ok else math.nan
        if not (math.isfinite(number) and number >= 0):
            day, hh = divmod(hour, 24)
            raise InvalidInputError(
                f"intensity at hour {hour} (day {day}, {hh:02d}:00) must be a finite number "
                f">= 0, got {item!r}"
            )
        out.append(number)
    if sum(out) <= 0:
        raise InvalidInputError("intensity must be positive in at least one hour of the week")
    return tuple(out)


@attrs.frozen(kw_only=True)
class DemandProfile:
    """Task-posting intensity for each hour of the week, on a client's wall clock.

    Intensities are relative posting rates per real hour; only their ratios
    matter for :func:`accessible_share`. For :func:`night_hours_needed` the
    busiest hour is taken as a full hour of work for the worker, and other hours
    in proportion. In a week when the client's clocks change, the skipped hour
    posts nothing and the repeated hour posts for both of its real hours.

    Attributes:
        tz: The client's IANA time zone.
        intensity: 168 non-negative numbers, hour 0 being Monday 00:00-01:00.

    >>> us = DemandProfile.us_business_hours()
    >>> us.tz, us.intensity[9], us.intensity[8]   # Monday 09:00 and 08:00 in New York
    ('America/New_York', 1.0, 0.0)
    """

    tz: str = attrs.field(converter=_time.zone_key)
    intensity: tuple[float, ...] = attrs.field(converter=_intensity)

    @classmethod
    def from_schedule(
        cls, schedule: WeeklySchedule, *, intensity: float = 1.0, background: float = 0.0
    ) -> DemandProfile:
        """Demand ``intensity`` during a schedule's hours and ``background`` outside.

        An hour partly covered gets the covered share of each.

        >>> half = WeeklySchedule.parse("Mon 09:30-10:00", tz="UTC")
        >>> DemandProfile.from_schedule(half).intensity[9]
        0.5
        """
        if not isinstance(schedule, WeeklySchedule):
            raise InvalidInputError(f"schedule must be a WeeklySchedule, got {schedule!r}")
        for name, value in (("intensity", intensity), ("background", background)):
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise InvalidInputError(f"{name} must be a number >= 0, got {value!r}")
            if not (math.isfinite(value) and value >= 0):
                raise InvalidInputError(f"{name} must be a finite number >= 0, got {value!r}")
        starts = np.array([s for s, _ in schedule.spans], dtype=np.float64)
        ends = starts + np.array([n for _, n in schedule.spans], dtype=np.float64)
        arcs = _intervals.on_circle(starts, ends, MINUTES_PER_WEEK)
        edges = np.arange(HOURS_PER_WEEK + 1, dtype=np.float64) * 60
        covered = np.diff(_intervals.cover(edges, *arcs)) / 60
        weights = intensity * covered + background * (1 - covered)
        return cls(tz=schedule.tz, intensity=tuple(float(w) for w in weights))

    @classmethod
    def business_hours(
        cls,
        tz: str,
        *,
        start: str = "09:00",
        end: str = "18:00",
        days: str = "Mon-Fri",
        background: float = 0.0,
    ) -> DemandProfile:
        """Posting during a client's business hours (``background`` outside them).

        >>> DemandProfile.business_hours("Asia/Tokyo").tz
        'Asia/Tokyo'
        """
        schedule = WeeklySchedule.business_hours(tz, start=start, end=end, days=days)
        return cls.from_schedule(schedule, background=background)

    @classmethod
    def us_business_hours(cls, *, background: float = 0.0) -> DemandProfile:
        """Posting Monday to Friday, 09:00-18:00 in New York.

        The shape of demand on US-based platforms reported in FACTS.md ("Time
        zones"; franceinfo 2023 and the 2024-2025 French press reports: tasks
        arrive on US time, about 21:00 in France).

        >>> sum(DemandProfile.us_business_hours().intensity)
        45.0
        """
        return cls.business_hours("America/New_York", background=background)

    @classmethod
    def round_the_clock(cls, tz: str = "UTC") -> DemandProfile:
        """The same posting intensity at every hour of the week.

        >>> set(DemandProfile.round_the_clock().intensity)
        {1.0}
        """
        return cls(tz=tz, intensity=(1.0,) * HOURS_PER_WEEK)

    @property
    def active(self) -> WeeklySchedule:
        """The hours with positive intensity, as a schedule in :attr:`tz`.

        >>> DemandProfile.us_business_hours().active.text
        'Mon-Fri 09:00-18:00'
        """
        spans = [(hour * 60, 60) for hour, w in enumerate(self.intensity) if w > 0]
        return WeeklySchedule(tz=self.tz, spans=spans)

    def postings(self, week_of: date) -> tuple[FloatArray, FloatArray, FloatArray]:
        """The week's posting hours as real instants, with their intensity.

        One entry per hour of the week on the client's wall clock that posts
        (positive intensity) and lasts in real time (the hour skipped when the
        clocks go forward does not; the repeated hour lasts two).

        Args:
            week_of: Any date in the Monday-Sunday week wanted (the client's calendar).

        Returns:
            ``(starts, ends, rates)``: float64 arrays of whole seconds since
            1970-01-01 UTC (sorted, disjoint) and the intensity of each hour.

        >>> from datetime import date
        >>> starts, ends, rates = DemandProfile.business_hours("UTC").postings(date(1970, 1, 5))
        >>> starts.size, float(starts[0] - 4 * 86400) / 3600, float(rates[0])  # Mon 09:00
        (45, 9.0, 1.0)
        """
        monday = _time.midnight(_time.monday(week_of))
        zone = _time.zone(self.tz)
        edges = [
            _time.resolve(monday + timedelta(hours=k), zone) for k in range(HOURS_PER_WEEK + 1)
        ]
        starts = np.asarray(edges[:-1], dtype=np.float64)
        ends = np.asarray(edges[1:], dtype=np.float64)
        rates = np.asarray(self.intensity, dtype=np.float64)
        keep = (ends > starts) & (rates > 0)
        return starts[keep], ends[keep], rates[keep]

    def work_offered(self, week_of: date) -> Quantity:
        """Hours of work the week's postings offer a worker online all week.

        The busiest hour counts as a full hour of work, others in proportion to
        their intensity; real hours are used, so a week when the client's clocks
        change can differ by the intensity of the hour skipped or repeated.

        >>> from datetime import date
        >>> DemandProfile.us_business_hours().work_offered(date(2024, 7, 1))
        <Quantity(45.0, 'hour')>
        """
        starts, ends, rates = self.postings(week_of)
        peak = max(self.intensity)
        return hours(float(np.sum(rates * (ends - starts))) / peak / 3600)


def _fold(
    starts: FloatArray, ends: FloatArray, rates: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Posting pieces folded onto [0, 1 week), split where they cross the week's end."""
    s, e, wraps = _intervals.wrap(starts, ends, float(SECONDS_PER_WEEK))
    return s, e, np.concatenate((rates, rates[wraps]))


def _accessible(
    online: tuple[FloatArray, FloatArray],
    pieces: tuple[FloatArray, FloatArray, FloatArray],
    half_life: float,
) -> float:
    """Integral of intensity x availability probability, in intensity-seconds."""
    o_starts, o_ends = online
    p_starts, p_ends, rates = pieces
    if o_starts.size == 0 or p_starts.size == 0:
        return 0.0
    covered = _intervals.cover(p_ends, o_starts, o_ends) - _intervals.cover(
        p_starts, o_starts, o_ends
    )
    live = float(np.sum(rates * covered))
    if half_life == 0:
        return live
    period = float(SECONDS_PER_WEEK)
    # Offline stretches on the unrolled line [0, 2 weeks): each ends at the next start.
    g0 = o_ends
    g1 = np.concatenate((o_starts[1:], o_starts[:1] + period))
    keep = g1 > g0
    g0, g1 = g0[keep], g1[keep]
    if g0.size == 0:
        return live
    ps = np.concatenate((p_starts, p_starts + period))[:, None]
    pe = np.concatenate((p_ends, p_ends + period))[:, None]
    rr = np.concatenate((rates, rates))[:, None]
    lo = np.maximum(ps, g0[None, :])
    hi = np.minimum(pe, g1[None, :])
    inside = hi > lo
    end = np.broadcast_to(g1[None, :], inside.shape)
    hi = np.where(inside, hi, end)  # empty pairs: both ends at the gap's end, term 0
    lo = np.where(inside, lo, end)
    with np.errstate(over="ignore", under="ignore"):  # tiny half-lives: 2^-inf = 0
        waited = (
            half_life
            / math.log(2)
            * (np.exp2(-(end - hi) / half_life) - np.exp2(-(end - lo) / half_life))
        )
    return live + float(np.sum(rr * np.where(inside, waited, 0.0)))


def _half_life(value: object) -> float:
    return seconds_of(value, what="half_life")


def accessible_share(
    availability: WeeklySchedule,
    demand: DemandProfile,
    *,
    week_of: date,
    half_life: Quantity,
) -> float:
    """Expected share of a week's posted tasks still there for the worker when she is online.

    See the module docstring for the claim model and the formula. Assumptions:
    postings form a Poisson process with the profile's intensity (constant
    within each hour of the client's wall clock); other workers claim each task
    independently at a constant rate (the half-life); she claims any task she
    finds as soon as she is online (her own capacity is not limited here); her
    availability and the client's postings for the week repeat every 7 x 24 hours.

    Args:
        availability: When the worker is online (her zone).
        demand: When tasks are posted (the client's zone).
        week_of: Any date in the week wanted (each side's own calendar week).
        half_life: Time after which half of the tasks posted while she was
            offline have been taken by others; ``0`` means she sees only tasks
            posted while she is online.

    Returns:
        A float in [0, 1]: 0 for a worker never online, 1 for one always online
        (and 0 in a week when the client posts nothing).

    >>> from datetime import date
    >>> from labourchain.units import Q_
    >>> manila = WeeklySchedule.parse("Mon-Sat 08:00-17:00", tz="Asia/Manila")
    >>> us = DemandProfile.us_business_hours()
    >>> accessible_share(manila, us, week_of=date(2024, 7, 1), half_life=Q_(0, "hour"))
    0.0
    >>> round(accessible_share(manila, us, week_of=date(2024, 7, 1), half_life=Q_(2, "hour")), 3)
    0.153
    """
    if not isinstance(availability, WeeklySchedule):
        raise InvalidInputError(f"availability must be a WeeklySchedule, got {availability!r}")
    if not isinstance(demand, DemandProfile):
        raise InvalidInputError(f"demand must be a DemandProfile, got {demand!r}")
    h = _half_life(half_life)
    starts, ends, rates = demand.postings(week_of)
    total = float(np.sum(rates * (ends - starts)))
    if total == 0:
        return 0.0
    online = _intervals.on_circle(*availability.instants(week_of), SECONDS_PER_WEEK)
    got = _accessible(online, _fold(starts, ends, rates), h)
    return min(1.0, max(0.0, got / total))


@attrs.frozen(kw_only=True)
class NightWork:
    """How much night work a worker needs for a target income (:func:`night_hours_needed`).

    Attributes:
        needed: Hours of paid task work per week the target takes (target / hourly).
        daytime: Hours of work she can get within her availability alone.
        night: Hours she must be online at local night, beyond her availability,
            to reach the target; if it cannot be reached, every night hour.
        reachable: Whether the target can be reached by adding night hours.
        shortfall: Hours of work still missing with every night hour added
            (zero when reachable).
    """

    needed: Quantity
    daytime: Quantity
    night: Quantity
    reachable: bool
    shortfall: Quantity


def _per_week(value: object, what: str, *, plain_money_per_week: bool) -> tuple[float, str]:
    """(amount per week, currency) of money per time (or money, read as per week)."""
    if not is_money(value):
        raise InvalidInputError(
            f"{what} must be money per time such as labourchain.money(100, 'USD') / "
            f"Q_(1, 'week'), got {value!r}"
        )
    assert isinstance(value, pint.Quantity)
    code = currency_of(value, what=what)
    unit = ureg.Unit(code)
    try:
        if plain_money_per_week and value.dimensionality == unit.dimensionality:
            amount = float(value.to(unit).magnitude)
        else:
            amount = float(value.to(unit / ureg.week).magnitude)
    except pint.DimensionalityError:
        raise InvalidInputError(
            f"{what} must be money per time (e.g. USD/week or USD/hour), got {value!r}"
        ) from None
    if not (math.isfinite(amount) and amount >= 0):
        raise InvalidInputError(f"{what} must be finite and >= 0, got {value!r}")
    return amount, code


def night_hours_needed(
    availability: WeeklySchedule,
    demand: DemandProfile,
    *,
    target: Quantity,
    hourly: Quantity,
    week_of: date,
    half_life: Quantity,
    night: tuple[str | time, str | time] = ("22:00", "06:00"),
) -> NightWork:
    """Hours of night work a worker must add to her availability to reach a target income.

    Assumptions (all explicit, all simple):

    1. She earns ``hourly`` for every hour of task work (use the net rate, e.g.
       :func:`labourchain.expected_hourly` or :func:`labourchain.long_run_hourly`),
       and needs ``needed = target / hourly`` hours of work a week.
    2. The week's postings offer her :meth:`DemandProfile.work_offered` hours of
       work (the busiest hour is a full hour of work); with an online schedule
       ``S`` she gets ``min(offered x accessible_share(S), hours of S)``: the
       tasks still there for her (claim model), but no more than she has time for.
    3. She works her ``availability`` in any case, and adds hours only at local
       night (``night``, 22:00-06:00 by default, on her wall clock), never other
       day hours; night hours are added busiest first (by posting intensity,
       earlier first among equals), the last one in part.

    Args:
        availability: Her hours outside the night (her zone).
        demand: The client's posting profile.
        target: Income wanted, money per time (e.g. ``money(100, "USD") /
            Q_(1, "week")``); plain money is read as per week.
        hourly: Her pay per hour of task work, money per time, same currency.
        week_of: Any date in the week wanted.
        half_life: The claim half-life (see :func:`accessible_share`).
        night: The night window on her wall clock.

    Returns:
        A :class:`NightWork`.

    >>> from datetime import date
    >>> from labourchain.units import Q_, money
    >>> nairobi = WeeklySchedule.parse("Mon-Fri 08:00-17:00", tz="Africa/Nairobi")
    >>> need = night_hours_needed(nairobi, DemandProfile.us_business_hours(),
    ...     target=money(30, "USD"), hourly=money(2, "USD") / Q_(1, "hour"),
    ...     week_of=date(2024, 7, 1), half_life=Q_(0, "hour"))
    >>> need.needed, need.daytime, need.night    # 15 h needed, 16:00-17:00 x 5 days in the day
    (<Quantity(15.0, 'hour')>, <Quantity(5.0, 'hour')>, <Quantity(10.0, 'hour')>)
    """
    if not isinstance(availability, WeeklySchedule):
        raise InvalidInputError(f"availability must be a WeeklySchedule, got {availability!r}")
    if not isinstance(demand, DemandProfile):
        raise InvalidInputError(f"demand must be a DemandProfile, got {demand!r}")
    goal, code = _per_week(target, "target", plain_money_per_week=True)
    pay, pay_code = _per_week(hourly, "hourly", plain_money_per_week=False)
    if pay_code != code:
        raise CurrencyMismatchError(
            f"target is in {code} and hourly in {pay_code}; convert one with "
            "ExchangeRates.convert first"
        )
    if pay <= 0:
        raise InvalidInputError(f"hourly must be positive to reach a target, got {hourly!r}")
    needed = goal / pay * HOURS_PER_WEEK  # hours of work per week
    h = _half_life(half_life)
    window = _time.parse_night(night)

    starts, ends, rates = demand.postings(week_of)
    pieces = _fold(starts, ends, rates / max(demand.intensity))
    avail = _intervals.on_circle(*availability.instants(week_of), SECONDS_PER_WEEK)

    def work(extra_starts: FloatArray, extra_ends: FloatArray) -> float:
        online = _intervals.union(
            np.concatenate((avail[0], extra_starts)), np.concatenate((avail[1], extra_ends))
        )
        capacity = float(np.sum(online[1] - online[0]))
        return min(_accessible(online, pieces, h), capacity) / 3600

    empty = np.zeros(0, dtype=np.float64)
    daytime = work(empty, empty)

    monday = _time.monday(week_of)
    zone = _time.zone(availability.tz)
    nights = _time.night_windows(zone, monday, monday + timedelta(days=6), window)
    night_arcs = _intervals.on_circle(*nights, SECONDS_PER_WEEK)
    cuts = np.concatenate(pieces[:2])
    seg_starts, seg_ends = _intervals.difference_segments(night_arcs, avail, cuts)
    mids = (seg_starts + seg_ends) / 2
    p_starts, p_ends, p_rates = pieces
    covering = (p_starts[None, :] <= mids[:, None]) & (mids[:, None] < p_ends[None, :])
    seg_rates = (covering * p_rates[None, :]).sum(axis=1)
    order = np.lexsort((seg_starts, -seg_rates))
    seg_starts, seg_ends = seg_starts[order], seg_ends[order]

    def result(night_seconds: float, got: float) -> NightWork:
        reachable = got >= needed - 1e-9
        return NightWork(
            needed=hours(needed),
            daytime=hours(daytime),
            night=hours(night_seconds / 3600),
            reachable=reachable,
            shortfall=hours(0.0 if reachable else needed - got),
        )

    if daytime >= needed:
        return result(0.0, daytime)
    best = work(seg_starts, seg_ends)
    if best < needed or seg_starts.size == 0:
        return result(float(np.sum(seg_ends - seg_starts)), best)
    # The smallest k such that the first k segments suffice (work grows with k).
    lo, hi = 0, seg_starts.size
    while hi - lo > 1:
        k = (lo + hi) // 2
        if work(seg_starts[:k], seg_ends[:k]) >= needed:
            hi = k
        else:
            lo = k
    # Then the part of segment hi-1 that suffices.
    head_s, head_e = seg_starts[: hi - 1], seg_ends[: hi - 1]
    start, length = float(seg_starts[hi - 1]), float(seg_ends[hi - 1] - seg_starts[hi - 1])
    a, b = 0, math.ceil(length)  # whole seconds: work(a) < needed <= work(b)
    while b - a > 1:
        m = (a + b) // 2
        if work(np.append(head_s, start), np.append(head_e, start + min(m, length))) >= needed:
            b = m
        else:
            a = m
    return result(float(np.sum(head_e - head_s)) + min(b, length), needed)
