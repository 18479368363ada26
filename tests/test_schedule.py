"""Tests for labourchain.schedule: grammar, DST-correct intervals, overlap, night share.

Every expected value below is worked out by hand in the comments, from the UTC
offsets in force (tzdata): New York is UTC-5 (EST) in winter and UTC-4 (EDT)
from the second Sunday of March (2024-03-10) to the first Sunday of November
(2024-11-03); Paris is UTC+1 (CET) and UTC+2 (CEST) from the last Sunday of
March (2024-03-31) to the last Sunday of October (2024-10-27); Nairobi and Dar
es Salaam are UTC+3, Manila UTC+8, Caracas UTC-4 and Tokyo UTC+9 all year.
"""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from labourchain.errors import InvalidInputError, LabourchainError, UnknownTimezoneError
from labourchain.schedule import (
    WeeklySchedule,
    clock_changes,
    night_hours,
    night_share,
    overlap,
)
from labourchain.testing import time_zones, weekly_schedules, weeks

NY = "America/New_York"
JANUARY = date(2024, 1, 10)  # week Mon 8 - Sun 14 January 2024: EST, CET
JULY = date(2024, 7, 3)  # week Mon 1 - Sun 7 July 2024: EDT, CEST
US_MOVED = date(2024, 3, 13)  # week Mon 11 - Sun 17 March 2024: EDT, still CET
EUROPE_MOVES = date(2024, 3, 27)  # week Mon 25 - Sun 31 March: EDT; Paris CEST from Sun 31
EUROPE_BACK = date(2024, 10, 30)  # week Mon 28 Oct - Sun 3 Nov: Paris CET again, US EDT


def business() -> WeeklySchedule:
    return WeeklySchedule.parse("Mon-Fri 09:00-18:00", tz=NY)


def hours_of(q: object) -> float:
    return float(q.to("hour").magnitude)  # type: ignore[attr-defined]


def seconds_between(start: datetime, end: datetime) -> float:
    # Subtracting two datetimes of one zone is wall-clock arithmetic in Python.
    return end.timestamp() - start.timestamp()


# ------------------------------------------------------------------- grammar


@pytest.mark.parametrize(
    ("text", "tz", "expected_hours"),
    [
        ("Mon-Fri 09:00-18:00", NY, 45.0),  # 5 days x 9 h
        ("Mon,Wed,Fri 08:00-18:00", "America/Caracas", 30.0),  # Maria: 3 days x 10 h
        ("Sat 22:00-02:00", "Asia/Manila", 4.0),  # crosses midnight: 2 h + 2 h
        ("Mon 00:00-24:00", "UTC", 24.0),
        ("daily 00:00-24:00", "UTC", 168.0),
        ("Mon-Sat 08:00-16:00", "Asia/Manila", 48.0),  # Eduardo: 8 h x 6 days
        ("Fri-Mon 10:00-11:00", "UTC", 4.0),  # the range wraps: Fri, Sat, Sun, Mon
        ("weekdays 9:00-12:00, 13:00-17:00", "UTC", 35.0),  # 5 x (3 + 4)
        ("weekends 10:00–14:00", "UTC", 8.0),  # en dash accepted
        ("Monday 09:00-12:00; monday 11:00-13:00", "UTC", 4.0),  # overlap merged: 09-13
        ("Sun 22:00-02:00; Mon 00:00-08:00", "UTC", 10.0),  # merged across the week: 22-08
    ],
)
def test_parse_hours(text: str, tz: str, expected_hours: float) -> None:
    assert hours_of(WeeklySchedule.parse(text, tz=tz).hours) == expected_hours


def test_parse_canonical_equality_and_text() -> None:
    a = WeeklySchedule.parse("Mon-Fri 09:00-12:00; Mon-Fri 12:00-18:00", tz="UTC")
    b = WeeklySchedule.parse("Mon,Tue,Wed,Thu,Fri 09:00-18:00", tz="UTC")
    assert a == b
    assert a.text == "Mon-Fri 09:00-18:00"
    assert str(a) == "Mon-Fri 09:00-18:00 (UTC)"
    # Monday 09:00 is minute 540 of the week; Tuesday 09:00 is 1440 + 540.
    assert a.spans[:2] == ((540, 540), (1980, 540))
    # A span over Sunday midnight keeps its Sunday start (minute 6 x 1440 + 1320).
    assert WeeklySchedule.parse("Sun 22:00-02:00", tz="UTC").spans == ((9960, 240),)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "empty schedule"),
        ("   ;  ", "empty schedule"),
        ("Mon", "no times"),
        ("09:00-18:00", "no days"),
        ("Funday 09:00-18:00", "'funday' is not a day"),
        ("Mon-Fri-Sat 09:00-18:00", "not a day"),
        ("Mon 25:00-26:00", "not a time of day"),
        ("Mon 09:60-10:00", "not a time of day"),
        ("Mon 24:30-01:00", "not a time of day"),
        ("Mon 24:00-02:00", "cannot start at 24:00"),
        ("Mon 09:00-09:00", "same time"),
        ("Mon 9-17", "not a time range"),
        ("Mon 09:00-18:00; Tue 9h-17h", "clause 2"),
    ],
)
def test_parse_errors_say_what_was_expected(text: str, fragment: str) -> None:
    with pytest.raises(InvalidInputError, match=fragment) as info:
        WeeklySchedule.parse(text, tz="UTC")
    assert "expected" in str(info.value) or "write" in str(info.value)


def test_unknown_time_zone() -> None:
    for bad in ("Mars/Olympus_Mons", "America", "", "../etc/passwd"):
        with pytest.raises(UnknownTimezoneError, match="IANA") as info:
            WeeklySchedule.parse("Mon 09:00-10:00", tz=bad)
        assert isinstance(info.value, KeyError)
        assert isinstance(info.value, LabourchainError)
    with pytest.raises(InvalidInputError, match="IANA time-zone name"):
        WeeklySchedule.parse("Mon 09:00-10:00", tz=3)  # type: ignore[arg-type]


def test_bad_spans_and_week() -> None:
    with pytest.raises(InvalidInputError, match="start must be"):
        WeeklySchedule(tz="UTC", spans=[(10080, 10)])
    with pytest.raises(InvalidInputError, match="pair of whole minutes"):
        WeeklySchedule(tz="UTC", spans=[(1.5, 10)])
    with pytest.raises(InvalidInputError, match=r"datetime\.date"):
        business().intervals(week_of="2024-07-01")  # type: ignore[arg-type]


def test_builders() -> None:
    assert WeeklySchedule.empty("UTC").spans == ()
    assert WeeklySchedule.always("UTC").spans == ((0, 10080),)
    assert WeeklySchedule.business_hours(NY) == business()
    assert WeeklySchedule.daily("21:00", "05:00", tz="Asia/Manila", days="Mon-Sat") == (
        WeeklySchedule.parse("Mon-Sat 21:00-05:00", tz="Asia/Manila")
    )
    a = WeeklySchedule.parse("Mon 09:00-10:00", tz="UTC")
    with pytest.raises(InvalidInputError, match="to_timezone"):
        a.union(WeeklySchedule.parse("Mon 09:00-10:00", tz=NY))


# --------------------------------------------------------- intervals and DST


def test_intervals_july_in_new_york() -> None:
    got = business().intervals(week_of=JULY)
    assert len(got) == 5
    first_start, first_end = got[0]
    # The week holding Wed 3 July starts Mon 1 July; 09:00 EDT is 13:00 UTC.
    assert first_start == datetime(2024, 7, 1, 13, tzinfo=UTC)
    assert first_end == datetime(2024, 7, 1, 22, tzinfo=UTC)
    assert first_start.tzinfo == ZoneInfo(NY)
    assert got[-1][0] == datetime(2024, 7, 5, 13, tzinfo=UTC)  # Friday


def test_span_belongs_to_the_day_it_starts() -> None:
    s = WeeklySchedule.parse("Sun 22:00-02:00", tz="UTC")
    # Week of Mon 1 July: the Sunday is 7 July; the span ends on Monday 8 July.
    assert s.intervals(week_of=JULY) == [
        (datetime(2024, 7, 7, 22, tzinfo=UTC), datetime(2024, 7, 8, 2, tzinfo=UTC))
    ]


def test_spring_forward_new_york() -> None:
    # Sun 10 March 2024, 02:00 EST becomes 03:00 EDT: 02:00-03:00 does not exist.
    week = date(2024, 3, 10)  # a Sunday: its week starts Mon 4 March
    s = WeeklySchedule.parse("Sun 01:00-04:00", tz=NY)
    [(start, end)] = s.intervals(week_of=week)
    # 01:00 EST = 06:00 UTC; 04:00 EDT = 08:00 UTC: two real hours of three on the clock.
    assert start == datetime(2024, 3, 10, 6, tzinfo=UTC)
    assert end == datetime(2024, 3, 10, 8, tzinfo=UTC)
    assert hours_of(s.hours) == 3.0
    assert hours_of(s.hours_in(week)) == 2.0
    # A span wholly in the skipped hour is empty.
    assert WeeklySchedule.parse("Sun 02:15-02:45", tz=NY).intervals(week_of=week) == []
    # 02:30 is read as the jump, 03:00 EDT (07:00 UTC); 03:30 EDT is 07:30 UTC: 30 minutes.
    [(start, end)] = WeeklySchedule.parse("Sun 02:30-03:30", tz=NY).intervals(week_of=week)
    assert (start, end) == (
        datetime(2024, 3, 10, 7, tzinfo=UTC),
        datetime(2024, 3, 10, 7, 30, tzinfo=UTC),
    )


def test_fall_back_new_york() -> None:
    # Sun 3 November 2024, 02:00 EDT becomes 01:00 EST: 01:00-02:00 happens twice.
    week = date(2024, 11, 3)
    # 00:00 EDT = 04:00 UTC; 03:00 EST = 08:00 UTC: four real hours.
    s = WeeklySchedule.parse("Sun 00:00-03:00", tz=NY)
    assert hours_of(s.hours_in(week)) == 4.0
    # 01:30 is read as its first occurrence, 01:30 EDT = 05:30 UTC.
    [(start, end)] = WeeklySchedule.parse("Sun 01:30-01:45", tz=NY).intervals(week_of=week)
    # (PEP 495: a time in the repeated hour never compares equal to another zone's
    # datetime, so compare instants through their timestamps.)
    assert start.timestamp() == datetime(2024, 11, 3, 5, 30, tzinfo=UTC).timestamp()
    assert (start.fold, start.utcoffset()) == (0, timedelta(hours=-4))
    assert seconds_between(start, end) == 15 * 60
    # 01:00 (first, EDT: 05:00 UTC) to 02:00 (EST: 07:00 UTC): two real hours.
    one_to_two = WeeklySchedule.parse("Sun 01:00-02:00", tz=NY)
    assert hours_of(one_to_two.hours_in(week)) == 2.0


def test_paris_night_shift_over_spring_forward() -> None:
    # Sat 30 March 22:00 CET (21:00 UTC) to Sun 31 March 08:00 CEST (06:00 UTC): 9 h, not 10.
    s = WeeklySchedule.parse("Sat 22:00-08:00", tz="Europe/Paris")
    assert hours_of(s.hours_in(EUROPE_MOVES)) == 9.0
    assert hours_of(s.hours_in(JULY)) == 10.0


def test_facts_new_york_business_hours_abroad() -> None:
    """FACTS.md, "Time zones" (research/FACTS.md; press reports 2023-2025):

    "09:00-18:00 in New York is 16:00-01:00 in Nairobi in summer (EDT) and
    17:00-02:00 in winter; in Manila (UTC+8, no DST) it falls between 21:00
    and 07:00."
    """
    ny = business()
    # Summer: 09:00 EDT = 13:00 UTC = 16:00 in Nairobi (UTC+3); 18:00 EDT = 22:00 UTC = 01:00.
    assert ny.to_timezone("Africa/Nairobi", week_of=JULY).text == "Mon-Fri 16:00-01:00"
    # Winter: 09:00 EST = 14:00 UTC = 17:00; 18:00 EST = 23:00 UTC = 02:00.
    assert ny.to_timezone("Africa/Nairobi", week_of=JANUARY).text == "Mon-Fri 17:00-02:00"
    # Manila (UTC+8): summer 13:00-22:00 UTC = 21:00-06:00; winter 14:00-23:00 UTC = 22:00-07:00.
    assert ny.to_timezone("Asia/Manila", week_of=JULY).text == "Mon-Fri 21:00-06:00"
    assert ny.to_timezone("Asia/Manila", week_of=JANUARY).text == "Mon-Fri 22:00-07:00"
    for week in (JANUARY, JULY, US_MOVED, EUROPE_BACK):
        for start, end in ny.intervals(week_of=week):
            local_start = start.astimezone(ZoneInfo("Asia/Manila"))
            local_end = end.astimezone(ZoneInfo("Asia/Manila"))
            assert local_start.time() >= time(21, 0)
            assert local_end.date() == local_start.date() + timedelta(days=1)
            assert local_end.time() <= time(7, 0)
    # Dar es Salaam (Astro, Tanzania) keeps Nairobi's UTC+3.
    assert ny.to_timezone("Africa/Dar_es_Salaam", week_of=JULY).text == "Mon-Fri 16:00-01:00"


@pytest.mark.parametrize(
    ("week", "expected"),
    [
        # 09:00 EST = 14:00 UTC = 15:00 CET; 18:00 EST = 23:00 UTC = 24:00 CET.
        (JANUARY, "Mon-Fri 15:00-24:00"),
        # 09:00 EDT = 13:00 UTC = 15:00 CEST.
        (JULY, "Mon-Fri 15:00-24:00"),
        # The US moved on 10 March, Europe not yet: 13:00 UTC = 14:00 CET.
        (US_MOVED, "Mon-Fri 14:00-23:00"),
        # Europe moves on Sunday 31 March, after the working week: still 14:00 CET.
        (EUROPE_MOVES, "Mon-Fri 14:00-23:00"),
        # Both on summer time again.
        (date(2024, 4, 3), "Mon-Fri 15:00-24:00"),
        # Europe back on CET on 27 October, the US on EDT until 3 November.
        (EUROPE_BACK, "Mon-Fri 14:00-23:00"),
    ],
)
def test_new_york_in_paris(week: date, expected: str) -> None:
    assert business().to_timezone("Europe/Paris", week_of=week).text == expected


@pytest.mark.parametrize(
    ("week", "expected"),
    [
        # Paris worker 09:00-18:00 against New York 15:00-24:00 Paris time: 15-18, 3 h x 5.
        (JANUARY, 15.0),
        (JULY, 15.0),
        # Out of step: New York is 14:00-23:00 in Paris, so 14-18, 4 h x 5.
        (US_MOVED, 20.0),
        (EUROPE_BACK, 20.0),
    ],
)
def test_overlap_paris_worker(week: date, expected: float) -> None:
    paris = WeeklySchedule.parse("Mon-Fri 09:00-18:00", tz="Europe/Paris")
    assert hours_of(overlap(paris, business(), week_of=week)) == expected


@pytest.mark.parametrize(
    ("tz", "availability", "week", "expected"),
    [
        # Maria, Caracas (UTC-4) Mon/Wed/Fri 08:00-18:00. In EDT New York = Caracas
        # time, 09:00-18:00: 9 h x 3 days.
        ("America/Caracas", "Mon,Wed,Fri 08:00-18:00", JULY, 27.0),
        ("America/Caracas", "Mon,Wed,Fri 08:00-18:00", US_MOVED, 27.0),
        # In EST New York is 10:00-19:00 in Caracas: 10-18, 8 h x 3.
        ("America/Caracas", "Mon,Wed,Fri 08:00-18:00", JANUARY, 24.0),
        # A Nairobi day 08:00-17:00 meets 16:00-01:00 for one hour a day in July ...
        ("Africa/Nairobi", "Mon-Fri 08:00-17:00", JULY, 5.0),
        # ... and never in January (17:00-02:00).
        ("Africa/Nairobi", "Mon-Fri 08:00-17:00", JANUARY, 0.0),
        # Eduardo, Manila, working nights Mon-Sat 21:00-05:00: July demand is
        # 21:00-06:00 Mon-Fri: 8 h x 5 (Saturday night has no US demand).
        ("Asia/Manila", "Mon-Sat 21:00-05:00", JULY, 40.0),
        # January demand 22:00-07:00: 22-05, 7 h x 5.
        ("Asia/Manila", "Mon-Sat 21:00-05:00", JANUARY, 35.0),
    ],
)
def test_overlap_with_new_york(tz: str, availability: str, week: date, expected: float) -> None:
    worker = WeeklySchedule.parse(availability, tz=tz)
    assert hours_of(overlap(worker, business(), week_of=week)) == expected
    assert hours_of(overlap(business(), worker, week_of=week)) == expected


def test_overlap_across_the_week_edge() -> None:
    # A Tokyo client posts Mon 09:00-12:00 JST = Mon 00:00-03:00 UTC, which is
    # Sunday evening in New York: 20:00-23:00 EDT in July, 19:00-22:00 EST in January.
    tokyo = WeeklySchedule.parse("Mon 09:00-12:00", tz="Asia/Tokyo")
    worker = WeeklySchedule.parse("Sun 21:00-23:00", tz=NY)
    assert hours_of(overlap(tokyo, worker, week_of=JULY)) == 2.0  # 21-23
    assert hours_of(overlap(tokyo, worker, week_of=JANUARY)) == 1.0  # 21-22


def test_to_timezone_round_trip() -> None:
    ny = business()
    there = ny.to_timezone("Africa/Nairobi", week_of=JANUARY)
    assert there.to_timezone(NY, week_of=JANUARY) == ny


def test_clock_changes() -> None:
    [change] = clock_changes(NY, week_of=date(2024, 3, 4))
    assert change == datetime(2024, 3, 10, 7, tzinfo=UTC)  # 02:00 EST = 07:00 UTC
    assert change.isoformat() == "2024-03-10T03:00:00-04:00"
    assert clock_changes("Europe/Paris", week_of=US_MOVED) == ()
    [change] = clock_changes("Europe/Paris", week_of=EUROPE_MOVES)
    assert change == datetime(2024, 3, 31, 1, tzinfo=UTC)  # 02:00 CET = 01:00 UTC
    assert clock_changes("Africa/Nairobi", week_of=EUROPE_MOVES) == ()


# ------------------------------------------------------------------ night


def test_night_share_worked_examples() -> None:
    nairobi = ZoneInfo("Africa/Nairobi")
    # 16:00-01:00 (the July New York day): night 22:00-01:00 is 3 h of 9.
    shift = (datetime(2024, 7, 1, 16, tzinfo=nairobi), datetime(2024, 7, 2, 1, tzinfo=nairobi))
    assert night_share([shift], "Africa/Nairobi") == pytest.approx(3 / 9, abs=1e-15)
    # The same instants written in UTC give the same share.
    in_utc = tuple(t.astimezone(UTC) for t in shift)
    assert night_share([in_utc], "Africa/Nairobi") == night_share([shift], "Africa/Nairobi")
    # In New York the same instants are 09:00-18:00 EDT: no night at all.
    assert night_share([shift], NY) == 0.0
    # Oskarina wakes at 3 am: 03:00-09:00 in Bogota, 3 h of 6 before 06:00.
    bogota = ZoneInfo("America/Bogota")
    early = (datetime(2024, 7, 1, 3, tzinfo=bogota), datetime(2024, 7, 1, 9, tzinfo=bogota))
    assert night_share([early], "America/Bogota") == 0.5
    assert hours_of(night_hours([early], "America/Bogota")) == 3.0
    # Both spans seen from Nairobi: the Bogota span is 08:00-14:00 UTC = 11:00-17:00,
    # overlapping the shift 16:00-17:00. Merged: 11:00-01:00, 14 h, of which 3 h at night.
    assert night_share([shift, early], "Africa/Nairobi") == pytest.approx(3 / 14)
    # A custom night window, crossing midnight or not.
    assert night_share([shift], "Africa/Nairobi", night=("00:00", "05:00")) == pytest.approx(1 / 9)
    assert night_share([shift], "Africa/Nairobi", night=(time(20), time(2))) == pytest.approx(5 / 9)


def test_night_share_over_spring_forward_in_paris() -> None:
    paris = ZoneInfo("Europe/Paris")
    # Sat 30 March 20:00 CET (19:00 UTC) to Sun 31 March 08:00 CEST (06:00 UTC): 11 h.
    # Night 22:00 CET (21:00 UTC) to 06:00 CEST (04:00 UTC): 7 h.
    span = (datetime(2024, 3, 30, 20, tzinfo=paris), datetime(2024, 3, 31, 8, tzinfo=paris))
    assert night_share([span], "Europe/Paris") == pytest.approx(7 / 11, abs=1e-15)
    assert hours_of(night_hours([span], "Europe/Paris")) == 7.0


def test_night_share_counts_overlaps_once() -> None:
    nairobi = ZoneInfo("Africa/Nairobi")
    shift = (datetime(2024, 7, 1, 16, tzinfo=nairobi), datetime(2024, 7, 2, 1, tzinfo=nairobi))
    # The same span twice is the same time: 3 h of 9.
    assert night_share([shift, shift], "Africa/Nairobi") == pytest.approx(3 / 9)
    # 16:00-01:00 and 23:00-03:00 cover 16:00-03:00: night 22:00-03:00, 5 h of 11.
    late = (datetime(2024, 7, 1, 23, tzinfo=nairobi), datetime(2024, 7, 2, 3, tzinfo=nairobi))
    assert night_share([shift, late], "Africa/Nairobi") == pytest.approx(5 / 11)
    assert hours_of(night_hours([late, shift], "Africa/Nairobi")) == pytest.approx(5.0)


def test_night_share_of_a_work_log() -> None:
    # DESIGN.md's example log, extended: 21:00 (UTC+3) search for 12 minutes, then
    # 30 minutes paid, then 48 minutes paid: 21:00-22:30 in Nairobi, half an hour
    # of it after 22:00, so 30 / 90 at night.
    from labourchain.worklog import WorkLog

    log = WorkLog.from_records(
        [
            {"start": "2024-03-04T21:00:00+03:00", "minutes": 12, "activity": "search"},
            {
                "start": "2024-03-04T21:12:00+03:00",
                "minutes": 30,
                "activity": "paid",
                "reward": 1.50,
                "currency": "USD",
                "platform": "Remotasks",
                "task_id": "t1",
            },
            {
                "start": "2024-03-04T21:42:00+03:00",
                "minutes": 48,
                "activity": "paid",
                "reward": 2.00,
                "currency": "USD",
                "platform": "Remotasks",
                "task_id": "t2",
            },
        ]
    )
    assert night_share(log, "Africa/Nairobi") == pytest.approx(1 / 3, abs=1e-12)
    assert hours_of(night_hours(log, "Africa/Nairobi")) == pytest.approx(0.5)
    # In Paris (CET, UTC+1) the same instants are 19:00-20:30: no night.
    assert night_share(log, "Europe/Paris") == 0.0
    # The columns and the datetimes agree.
    pairs = [(s, s + timedelta(minutes=m)) for s, m in zip(log.starts(), log.minutes, strict=True)]
    assert night_share(pairs, "Africa/Nairobi") == night_share(log, "Africa/Nairobi")


def test_night_share_empty_and_errors() -> None:
    assert night_share([], "UTC") == 0.0
    t = datetime(2024, 7, 1, 23, tzinfo=UTC)
    assert night_share([(t, t)], "UTC") == 0.0  # no time, so no night time
    with pytest.raises(InvalidInputError, match="aware datetime"):
        night_share([(datetime(2024, 7, 1, 22), datetime(2024, 7, 1, 23))], "UTC")
    with pytest.raises(InvalidInputError, match="before start"):
        night_share([(t, t - timedelta(hours=1))], "UTC")
    with pytest.raises(InvalidInputError, match="same time"):
        night_share([(t, t)], "UTC", night=("22:00", "22:00"))
    with pytest.raises(UnknownTimezoneError):
        night_share([(t, t)], "Nairobi")


# ------------------------------------------------------------- properties


@settings(deadline=None)
@given(
    a=st.deferred(lambda: weekly_schedules()),
    b=st.deferred(lambda: weekly_schedules()),
    week=st.deferred(lambda: weeks()),
)
def test_overlap_is_symmetric_and_bounded(a: WeeklySchedule, b: WeeklySchedule, week: date) -> None:
    ab = hours_of(overlap(a, b, week_of=week))
    assert ab == hours_of(overlap(b, a, week_of=week))
    assert 0.0 <= ab <= min(hours_of(a.hours_in(week)), hours_of(b.hours_in(week)), 168.0)


@settings(deadline=None)
@given(
    a=st.deferred(lambda: weekly_schedules()),
    b=st.deferred(lambda: weekly_schedules()),
    tz=st.deferred(lambda: time_zones()),
    week=st.deferred(lambda: weeks()),
)
def test_overlap_unchanged_by_re_expression(
    a: WeeklySchedule, b: WeeklySchedule, tz: str, week: date
) -> None:
    # The guarantee of to_timezone: the target zone keeps one offset over the weeks around.
    assume(not any(clock_changes(tz, week_of=week + timedelta(days=7 * k)) for k in (-1, 0, 1)))
    moved = a.to_timezone(tz, week_of=week)
    assert moved.tz == tz
    assert hours_of(overlap(moved, b, week_of=week)) == hours_of(overlap(a, b, week_of=week))


@settings(deadline=None)
@given(
    a=st.deferred(lambda: weekly_schedules()),
    tz=st.deferred(lambda: time_zones()),
    week=st.deferred(lambda: weeks()),
)
def test_overlap_with_always_is_the_hours(a: WeeklySchedule, tz: str, week: date) -> None:
    assume(
        not any(
            clock_changes(z, week_of=week + timedelta(days=7 * k))
            for z in (tz, a.tz)
            for k in (0, 1)
        )
    )
    # With no clock change, the real hours are the wall-clock hours, and a
    # round-the-clock schedule anywhere contains them all.
    assert a.hours_in(week) == a.hours
    assert hours_of(overlap(a, WeeklySchedule.always(tz), week_of=week)) == hours_of(a.hours)


@settings(deadline=None)
@given(a=st.deferred(lambda: weekly_schedules()), week=st.deferred(lambda: weeks()))
def test_intervals_are_sorted_disjoint_and_start_in_the_week(a: WeeklySchedule, week: date) -> None:
    got = a.intervals(week_of=week)
    monday = week - timedelta(days=week.weekday())
    zone = ZoneInfo(a.tz)
    first = datetime(monday.year, monday.month, monday.day, tzinfo=zone)
    after = first.replace(tzinfo=None) + timedelta(days=7)
    for (s1, e1), (s2, _) in itertools.pairwise(got):
        assert s1 < e1 <= s2
    for start, end in got:
        assert start.utcoffset() is not None
        assert end > start
        # Wall-clock start within Monday 00:00 .. next Monday 00:00 (spans start in the week).
        wall = start.replace(tzinfo=None)
        assert first.replace(tzinfo=None) <= wall <= after


@given(a=st.deferred(lambda: weekly_schedules()))
def test_text_round_trip(a: WeeklySchedule) -> None:
    assume(a.spans)
    assert WeeklySchedule.parse(a.text, tz=a.tz) == a


@settings(deadline=None)
@given(
    a=st.deferred(lambda: weekly_schedules()),
    tz=st.deferred(lambda: time_zones()),
    week=st.deferred(lambda: weeks()),
)
def test_night_share_is_a_share(a: WeeklySchedule, tz: str, week: date) -> None:
    spans = a.intervals(week_of=week)
    share = night_share(spans, tz)
    assert 0.0 <= share <= 1.0
    total = sum(seconds_between(s, e) for s, e in spans) / 3600
    assert hours_of(night_hours(spans, tz)) <= total + 1e-9


@settings(deadline=None)
@given(tz=st.deferred(lambda: time_zones()), week=st.deferred(lambda: weeks()))
def test_round_the_clock_is_one_third_night(tz: str, week: date) -> None:
    assume(not any(clock_changes(tz, week_of=week + timedelta(days=7 * k)) for k in (0, 1)))
    # Mon 00:00-06:00, six nights 22:00-06:00, Sun 22:00-24:00: 6 + 48 + 2 = 56 h of 168.
    spans = WeeklySchedule.always(tz).intervals(week_of=week)
    assert night_share(spans, tz) == pytest.approx(56 / 168, abs=1e-15)
