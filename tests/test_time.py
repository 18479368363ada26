"""Tests for labourchain._time (wall clock, clock changes, weeks, night windows) and the
public methods of the time layer built on it: ``WeeklySchedule.instants`` and
``DemandProfile.postings``.

Offsets from tzdata: New York moves from EST (UTC-5) to EDT (UTC-4) at 02:00 on
2024-03-10 and back at 02:00 on 2024-11-03.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from labourchain import _time
from labourchain.demand import DemandProfile
from labourchain.errors import InvalidInputError, UnknownTimezoneError
from labourchain.schedule import WeeklySchedule

NY = ZoneInfo("America/New_York")


def at(year: int, month: int, day: int, hour: int, minute: int = 0) -> int:
    """Epoch seconds of a UTC wall time."""
    return int(datetime(year, month, day, hour, minute, tzinfo=UTC).timestamp())


def test_resolve_ordinary_skipped_and_repeated_times() -> None:
    assert _time.resolve(datetime(2024, 7, 1, 9), NY) == at(2024, 7, 1, 13)  # EDT
    # Skipped (02:00-03:00 on 10 March): the instant of the jump, 07:00 UTC.
    assert _time.resolve(datetime(2024, 3, 10, 2, 30), NY) == at(2024, 3, 10, 7)
    assert _time.resolve(datetime(2024, 3, 10, 3), NY) == at(2024, 3, 10, 7)
    # Repeated (01:00-02:00 on 3 November): the first occurrence, in EDT.
    assert _time.resolve(datetime(2024, 11, 3, 1, 30), NY) == at(2024, 11, 3, 5, 30)
    assert _time.resolve(datetime(2024, 11, 3, 2), NY) == at(2024, 11, 3, 7)  # EST


@pytest.mark.parametrize("day", [date(2024, 3, 10), date(2024, 11, 3)])
def test_resolve_is_monotone_through_a_clock_change(day: date) -> None:
    walls = [_time.midnight(day) + timedelta(minutes=10 * k) for k in range(6 * 24)]
    instants = [_time.resolve(w, NY) for w in walls]
    assert instants == sorted(instants)
    # and a time that exists reads back as itself
    for w, t in zip(walls, instants, strict=True):
        if not (day.month == 3 and 2 <= w.hour < 3):
            assert _time.wall_clock(t, NY) == w


def test_epoch_round_trip() -> None:
    moment = datetime(2024, 7, 1, 16, 30, tzinfo=ZoneInfo("Africa/Nairobi"))
    seconds = _time.epoch(moment)
    assert seconds == at(2024, 7, 1, 13, 30)
    assert _time.from_epoch(seconds, NY) == moment
    assert _time.from_epoch(seconds, NY).utcoffset() == timedelta(hours=-4)


def test_weeks() -> None:
    assert _time.monday(date(2024, 7, 1)) == date(2024, 7, 1)
    assert _time.monday(datetime(2024, 7, 7, 23)) == date(2024, 7, 1)
    assert _time.week_start(date(2024, 3, 13), NY) == at(2024, 3, 11, 4)  # Monday 00:00 EDT
    with pytest.raises(InvalidInputError, match=r"when must be a datetime\.date"):
        _time.monday("2024-07-01", what="when")
    with pytest.raises(InvalidInputError, match="too close to the limits"):
        _time.monday(date(9999, 12, 31))


def test_zones() -> None:
    assert _time.zone("Asia/Manila") == ZoneInfo("Asia/Manila")
    assert _time.zone_key(NY) == "America/New_York"
    with pytest.raises(UnknownTimezoneError, match="'Mars/Olympus' in availability"):
        _time.zone("Mars/Olympus", "availability")


def test_clock_minute_and_parse_night() -> None:
    assert _time.clock_minute(" 7:05 ", end=False, where="x") == 425
    with pytest.raises(InvalidInputError, match="shift: a span cannot start at 24:00"):
        _time.clock_minute("24:00", end=False, where="shift")
    with pytest.raises(InvalidInputError, match="'25:00' is not a time of day"):
        _time.clock_minute("25:00", end=True, where="shift")
    assert _time.parse_night(["21:30", time(5, 0)]) == (1290, 450)
    assert _time.parse_night(("00:00", "24:00")) == (0, 1440)
    with pytest.raises(InvalidInputError, match="starts and ends at the same time"):
        _time.parse_night(("22:00", "22:00"))
    with pytest.raises(InvalidInputError, match="whole minutes"):
        _time.parse_night((time(22, 0, 30), "06:00"))


def test_night_windows_follow_the_clock_change() -> None:
    # Nights of 9 and 10 March in New York: the second loses the skipped hour.
    starts, ends = _time.night_windows(NY, date(2024, 3, 9), date(2024, 3, 10), (1320, 480))
    assert (ends - starts).tolist() == [7 * 3600.0, 8 * 3600.0]
    assert starts[0] == at(2024, 3, 10, 3)  # 22:00 EST on the 9th


def test_instants_match_intervals() -> None:
    schedule = WeeklySchedule.parse(
        "Sun 01:00-04:00; Mon-Fri 09:00-18:00; Sat 21:00-23:30", tz=NY.key
    )
    for week_of in (date(2024, 3, 4), date(2024, 3, 10), date(2024, 11, 3), date(2024, 7, 1)):
        starts, ends = schedule.instants(week_of)
        pairs = schedule.intervals(week_of)
        assert starts.dtype == ends.dtype == np.float64
        assert starts.tolist() == [s.timestamp() for s, _ in pairs]
        assert ends.tolist() == [e.timestamp() for _, e in pairs]
    starts, ends = schedule.instants(date(2024, 3, 4))  # week ending Sun 10 March
    assert float(ends[-1] - starts[-1]) == 2 * 3600  # Sun 01:00-04:00 across the jump


def test_postings_are_real_hours_with_their_intensity() -> None:
    always = DemandProfile.round_the_clock("America/New_York")
    starts, ends, rates = always.postings(date(2024, 11, 3))  # week Mon 28 Oct - Sun 3 Nov
    lengths = (ends - starts).tolist()
    assert len(lengths) == 168
    assert lengths.count(7200.0) == 1  # 01:00-02:00 on 3 November lasts two real hours
    assert set(rates.tolist()) == {1.0}
    assert starts[0] == at(2024, 10, 28, 4)
    spring = always.postings(date(2024, 3, 10))[0]
    assert spring.size == 167  # the skipped hour posts nothing
    us = DemandProfile.us_business_hours(background=0.25)
    s, e, r = us.postings(date(2024, 7, 1))
    assert s.size == 168
    assert sorted(set(r.tolist())) == [0.25, 1.0]
    assert float(np.sum(r * (e - s))) / 3600 == 45 + 0.25 * 123
