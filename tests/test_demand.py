"""Tests for labourchain.demand: demand profiles, the claim model, night work needed."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from labourchain.demand import DemandProfile, accessible_share, night_hours_needed
from labourchain.errors import CurrencyMismatchError, InvalidInputError
from labourchain.schedule import WeeklySchedule, clock_changes, overlap
from labourchain.units import Q_, money

JULY = date(2024, 7, 3)  # week Mon 1 - Sun 7 July 2024 (EDT)
JANUARY = date(2024, 1, 10)  # week Mon 8 - Sun 14 January 2024 (EST)
US = DemandProfile.us_business_hours()
ZERO = Q_(0, "hour")
PER_HOUR = Q_(1, "hour")


def hours_of(q: object) -> float:
    return float(q.to("hour").magnitude)  # type: ignore[attr-defined]


# ------------------------------------------------------------------ profiles


def test_profiles() -> None:
    # New York, Mon-Fri 09:00-18:00: hours 9..17 of each weekday, 45 in all.
    assert sum(US.intensity) == 45.0
    assert US.intensity[9] == US.intensity[17] == 1.0
    assert US.intensity[18] == 0.0
    assert US.intensity[5 * 24 + 10] == 0.0  # Saturday
    assert US.active == WeeklySchedule.business_hours("America/New_York")
    with_background = DemandProfile.us_business_hours(background=0.1)
    assert with_background.intensity[3] == 0.1
    # A schedule covering half of an hour gives half of each level.
    half = WeeklySchedule.parse("Mon 09:30-10:00", tz="UTC")
    assert DemandProfile.from_schedule(half, intensity=3.0, background=1.0).intensity[9] == 2.0
    # Spans crossing the week's end wrap to Monday.
    late = WeeklySchedule.parse("Sun 23:00-01:00", tz="UTC")
    profile = DemandProfile.from_schedule(late)
    assert profile.intensity[0] == profile.intensity[167] == 1.0
    assert sum(profile.intensity) == 2.0
    assert set(DemandProfile.round_the_clock("Asia/Tokyo").intensity) == {1.0}


def test_work_offered_follows_the_clock_changes() -> None:
    # Round the clock in New York: the week of Mon 4 March 2024 loses an hour on
    # Sun 10 March (167 h), the week of Mon 28 October 2024 gains one on Sun 3 November.
    always = DemandProfile.round_the_clock("America/New_York")
    assert hours_of(always.work_offered(date(2024, 3, 4))) == 167.0
    assert hours_of(always.work_offered(date(2024, 10, 28))) == 169.0
    assert hours_of(always.work_offered(JULY)) == 168.0
    # Business hours never meet the 02:00 change.
    assert hours_of(US.work_offered(date(2024, 3, 4))) == 45.0
    # The busiest hour is a full hour of work: halving every level changes nothing.
    halved = DemandProfile(tz="UTC", intensity=[0.5 * w for w in US.intensity])
    assert hours_of(halved.work_offered(JULY)) == 45.0


@pytest.mark.parametrize(
    ("intensity", "fragment"),
    [
        ([1.0] * 167, "168 values"),
        ([0.0] * 168, "positive in at least one hour"),
        ([1.0] * 167 + [-1.0], "hour 167"),
        ([1.0] * 167 + [math.nan], "finite"),
        ([1.0] * 167 + [True], "hour 167"),
        ("busy", "168 numbers"),
    ],
)
def test_profile_validation(intensity: object, fragment: str) -> None:
    with pytest.raises(InvalidInputError, match=fragment):
        DemandProfile(tz="UTC", intensity=intensity)  # type: ignore[arg-type]


# ------------------------------------------------------------- claim model


def test_claim_model_worked_example() -> None:
    # Tasks posted uniformly Mon 00:00-01:00 UTC; the worker comes online at 03:00.
    # A task posted at t hours waits 3 - t hours: share = ∫_0^1 2^-(3-t) dt
    # = (2^-2 - 2^-3) / ln 2 = 1 / (8 ln 2) with a half-life of one hour.
    demand = DemandProfile.from_schedule(WeeklySchedule.parse("Mon 00:00-01:00", tz="UTC"))
    worker = WeeklySchedule.parse("Mon 03:00-04:00", tz="UTC")
    got = accessible_share(worker, demand, week_of=JULY, half_life=PER_HOUR)
    assert got == pytest.approx(1 / (8 * math.log(2)), rel=1e-12)
    # Two hours of half-life: ∫_0^1 2^-((3-t)/2) dt = 2 (2^-1 - 2^-1.5) / ln 2.
    got = accessible_share(worker, demand, week_of=JULY, half_life=Q_(120, "minute"))
    assert got == pytest.approx(2 * (2**-1 - 2**-1.5) / math.log(2), rel=1e-12)
    # Zero half-life: only tasks posted while she is online.
    assert accessible_share(worker, demand, week_of=JULY, half_life=ZERO) == 0.0


def test_claim_model_wraps_round_the_week() -> None:
    # Posting Sun 23:00-24:00 UTC; online Mon 01:00-02:00: waits 2 - t' for t' in [0, 1)
    # hours before midnight, i.e. 1..2 hours: (2^-1 - 2^-2) / ln 2 with a one-hour half-life.
    demand = DemandProfile.from_schedule(WeeklySchedule.parse("Sun 23:00-24:00", tz="UTC"))
    worker = WeeklySchedule.parse("Mon 01:00-02:00", tz="UTC")
    got = accessible_share(worker, demand, week_of=JULY, half_life=PER_HOUR)
    assert got == pytest.approx((2**-1 - 2**-2) / math.log(2), rel=1e-12)


def test_manila_day_worker_and_us_demand() -> None:
    # July: US demand is 21:00-06:00 in Manila, Mon-Fri nights. A Mon-Sat 08:00-17:00
    # worker is offline then; a task posted at 21:00 waits 11 h, one posted at 06:00
    # waits 2 h. Share = (1/9) ∫_2^11 2^(-x/h) dx = (h / (9 ln 2)) (2^(-2/h) - 2^(-11/h)).
    worker = WeeklySchedule.parse("Mon-Sat 08:00-17:00", tz="Asia/Manila")
    for h in (0.5, 2.0, 6.0):
        expected = h / (9 * math.log(2)) * (2 ** (-2 / h) - 2 ** (-11 / h))
        got = accessible_share(worker, US, week_of=JULY, half_life=Q_(h, "hour"))
        assert got == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("week", [JULY, JANUARY, date(2024, 3, 13)])
@pytest.mark.parametrize(
    ("tz", "availability"),
    [
        ("Africa/Nairobi", "Mon-Fri 08:00-17:00"),
        ("Asia/Manila", "Mon-Sat 21:00-05:00"),
        ("America/Caracas", "Mon,Wed,Fri 08:00-18:00"),
        ("Europe/Paris", "Mon-Fri 09:00-18:00"),
    ],
)
def test_zero_half_life_is_the_overlap(tz: str, availability: str, week: date) -> None:
    # With no waiting, the accessible hours of on/off demand are the shared hours.
    worker = WeeklySchedule.parse(availability, tz=tz)
    share = accessible_share(worker, US, week_of=week, half_life=ZERO)
    shared = hours_of(overlap(worker, US.active, week_of=week))
    assert share * 45.0 == pytest.approx(shared, abs=1e-9)


def test_extremes() -> None:
    always = WeeklySchedule.always("Asia/Manila")
    never = WeeklySchedule.empty("Asia/Manila")
    for h in (ZERO, PER_HOUR):
        assert accessible_share(always, US, week_of=JULY, half_life=h) == 1.0
        assert accessible_share(never, US, week_of=JULY, half_life=h) == 0.0
    with pytest.raises(InvalidInputError, match="half_life"):
        accessible_share(always, US, week_of=JULY, half_life=Q_(-1, "hour"))
    with pytest.raises(InvalidInputError, match="half_life"):
        accessible_share(always, US, week_of=JULY, half_life=3)  # type: ignore[arg-type]


def test_claim_model_against_monte_carlo() -> None:
    # An independent check: draw posting times, find by brute force when the
    # worker next comes online (from her real intervals of this week and the
    # next), and average 2^(-wait / h).
    rng = np.random.default_rng(20240701)
    worker = WeeklySchedule.parse("Mon-Fri 06:00-10:00; Sat 12:00-20:00", tz="Africa/Nairobi")
    h = 3.0 * 3600
    onlines = [
        (s.timestamp(), e.timestamp())
        for week in (JULY, JULY + timedelta(days=7))
        for s, e in worker.intervals(week_of=week)
    ]
    starts = np.array([s for s, _ in onlines])
    ends = np.array([e for _, e in onlines])
    # US demand: uniform over the five New York days 09:00-18:00 EDT (13:00-22:00 UTC).
    n = 40_000
    day = rng.integers(0, 5, n)
    offset = rng.uniform(0, 9 * 3600, n)
    t0 = datetime(2024, 7, 1, 13, tzinfo=UTC).timestamp()
    posted = t0 + day * 86400 + offset
    online_now = ((posted[:, None] >= starts) & (posted[:, None] < ends)).any(axis=1)
    next_start = np.where(starts[None, :] >= posted[:, None], starts[None, :], np.inf).min(axis=1)
    wait = np.where(online_now, 0.0, next_start - posted)
    draws = 2.0 ** (-wait / h)
    estimate, se = draws.mean(), draws.std(ddof=1) / math.sqrt(n)
    exact = accessible_share(worker, US, week_of=JULY, half_life=Q_(3, "hour"))
    assert abs(exact - estimate) < 4 * se


# --------------------------------------------------------------- night work


def nairobi_day() -> WeeklySchedule:
    return WeeklySchedule.parse("Mon-Fri 08:00-17:00", tz="Africa/Nairobi")


@pytest.mark.parametrize(
    ("target", "night", "reachable", "shortfall"),
    [
        # $2 an hour. July: US demand 16:00-01:00 in Nairobi; the day 08:00-17:00 meets
        # it 16:00-17:00, 5 h a week. Night (22:00-06:00) demand: 22:00-01:00, 15 h.
        (10, 0.0, True, 0.0),  # 5 h needed, 5 h by day
        (30, 10.0, True, 0.0),  # 15 h needed: 10 more at night
        (40, 15.0, True, 0.0),  # 20 h: every night hour with demand
        (50, 15.0, False, 5.0),  # 25 h: 5 h short even with every night hour
    ],
)
def test_night_hours_needed_nairobi(
    target: float, night: float, reachable: bool, shortfall: float
) -> None:
    got = night_hours_needed(
        nairobi_day(),
        US,
        target=money(target, "USD") / Q_(1, "week"),
        hourly=money(2, "USD") / PER_HOUR,
        week_of=JULY,
        half_life=ZERO,
    )
    assert hours_of(got.needed) == pytest.approx(target / 2)
    assert hours_of(got.daytime) == pytest.approx(5.0)
    assert got.reachable is reachable
    assert hours_of(got.shortfall) == pytest.approx(shortfall, abs=1e-9)
    if reachable:
        assert hours_of(got.night) == pytest.approx(night, abs=1e-3)
    else:
        # Every night hour not in her availability: 8 h x 7 nights.
        assert hours_of(got.night) == pytest.approx(56.0)


def test_night_hours_needed_in_january() -> None:
    # January: demand 17:00-02:00 in Nairobi; no daytime overlap (she stops at 17:00).
    # Night demand 22:00-02:00, 20 h. 15 h needed ($30 at $2): 15 h at night.
    got = night_hours_needed(
        nairobi_day(),
        US,
        target=money(30, "USD"),  # plain money: per week
        hourly=money(2, "USD") / PER_HOUR,
        week_of=JANUARY,
        half_life=ZERO,
    )
    assert hours_of(got.daytime) == 0.0
    assert hours_of(got.night) == pytest.approx(15.0, abs=1e-3)


def test_night_hours_capacity_binds() -> None:
    # Online one hour a week, tasks posted round the clock and kept for a long time:
    # she could access nearly everything but has one hour to work. Needing 3 h of
    # work, she adds 2 h at night (the earliest night hours, all equally busy).
    worker = WeeklySchedule.parse("Mon 08:00-09:00", tz="UTC")
    got = night_hours_needed(
        worker,
        DemandProfile.round_the_clock("UTC"),
        target=money(3, "EUR"),
        hourly=money(1, "EUR") / PER_HOUR,
        week_of=JULY,
        half_life=Q_(1000, "hour"),
    )
    assert hours_of(got.daytime) == pytest.approx(1.0)
    assert hours_of(got.night) == pytest.approx(2.0, abs=1e-3)


def test_night_hours_errors() -> None:
    args = {"week_of": JULY, "half_life": ZERO}
    with pytest.raises(CurrencyMismatchError, match="convert one"):
        night_hours_needed(
            nairobi_day(), US, target=money(30, "USD"), hourly=money(2, "KES") / PER_HOUR, **args
        )
    with pytest.raises(InvalidInputError, match="money per time"):
        night_hours_needed(nairobi_day(), US, target=30, hourly=money(2, "USD"), **args)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="positive"):
        night_hours_needed(
            nairobi_day(), US, target=money(30, "USD"), hourly=money(0, "USD") / PER_HOUR, **args
        )


@settings(deadline=None, max_examples=40)
@given(
    h1=st.floats(0, 48),
    h2=st.floats(0, 48),
    target=st.floats(0, 60),
    tz=st.sampled_from(["Africa/Nairobi", "Asia/Manila", "America/Caracas", "Europe/Paris"]),
)
def test_longer_half_life_never_needs_more_night(
    h1: float, h2: float, target: float, tz: str
) -> None:
    lo, hi = sorted((h1, h2))
    worker = WeeklySchedule.parse("Mon-Fri 08:00-17:00", tz=tz)
    kwargs = {
        "target": money(target, "USD"),
        "hourly": money(1, "USD") / PER_HOUR,
        "week_of": JULY,
    }
    short = night_hours_needed(worker, US, half_life=Q_(lo, "hour"), **kwargs)
    long = night_hours_needed(worker, US, half_life=Q_(hi, "hour"), **kwargs)
    assert hours_of(long.night) <= hours_of(short.night) + 1e-3
    assert hours_of(long.daytime) >= hours_of(short.daytime) - 1e-9
    assert 0.0 <= hours_of(short.night) <= 56.0 + 1e-9


@settings(deadline=None, max_examples=60)
@given(
    spans=st.lists(st.tuples(st.integers(0, 10079), st.integers(1, 1440)), max_size=5),
    more=st.lists(st.tuples(st.integers(0, 10079), st.integers(1, 1440)), max_size=3),
    h1=st.floats(0, 24),
    h2=st.floats(0, 24),
    tz=st.sampled_from(["Africa/Nairobi", "Asia/Manila", "Europe/Paris", "America/New_York"]),
    week=st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)),
)
def test_share_grows_with_availability_and_half_life(
    spans: list[tuple[int, int]],
    more: list[tuple[int, int]],
    h1: float,
    h2: float,
    tz: str,
    week: date,
) -> None:
    lo, hi = sorted((h1, h2))
    small = WeeklySchedule(tz=tz, spans=spans)
    big = small.union(WeeklySchedule(tz=tz, spans=more))
    base = accessible_share(small, US, week_of=week, half_life=Q_(lo, "hour"))
    assert 0.0 <= base <= 1.0
    assert accessible_share(big, US, week_of=week, half_life=Q_(lo, "hour")) >= base - 1e-12
    assert accessible_share(small, US, week_of=week, half_life=Q_(hi, "hour")) >= base - 1e-12


@settings(deadline=None, max_examples=40)
@given(
    spans=st.lists(st.tuples(st.integers(0, 10079), st.integers(1, 1440)), max_size=5),
    tz=st.sampled_from(["Africa/Nairobi", "Asia/Manila", "Asia/Kolkata", "UTC"]),
    week=st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)),
)
def test_zero_half_life_is_the_overlap_property(
    spans: list[tuple[int, int]], tz: str, week: date
) -> None:
    assume(not clock_changes("America/New_York", week_of=week))
    worker = WeeklySchedule(tz=tz, spans=spans)
    share = accessible_share(worker, US, week_of=week, half_life=ZERO)
    assert share * 45.0 == pytest.approx(
        hours_of(overlap(worker, US.active, week_of=week)), abs=1e-9
    )
