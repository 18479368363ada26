"""Wall clock, clock changes and week starts: the time rules every module shares.

The one place where a wall-clock reading in a named IANA zone becomes an instant
(whole seconds since 1970-01-01 UTC) and back. Rules for clock changes, used by
:mod:`labourchain.schedule`, :mod:`labourchain.demand` and the simulation:

* a wall-clock time that does not exist (the hour skipped when clocks go
  forward) is read as the instant the clocks jump (:func:`resolve`);
* a wall-clock time that occurs twice (the hour repeated when clocks go back)
  is read as its first occurrence (PEP 495 ``fold=0``).

Both rules are monotone: a later wall-clock time never gives an earlier instant.

Weeks run Monday to Sunday (:func:`monday`, :func:`week_start`). Night windows
(:func:`parse_night`, :func:`night_windows`) are read on the wall clock too.

This is a private module: its functions are the package's internal API, named and
documented, but not part of the public surface.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from typing import Final
from zoneinfo import ZoneInfo

import numpy as np

from labourchain import _validate
from labourchain._intervals import SECONDS_PER_WEEK, union
from labourchain._typing import FloatArray
from labourchain.errors import InvalidInputError

__all__ = (
    "HOURS_PER_WEEK",
    "MINUTES_PER_DAY",
    "MINUTES_PER_WEEK",
    "SECONDS_PER_WEEK",
    "clock_minute",
    "epoch",
    "from_epoch",
    "midnight",
    "monday",
    "night_windows",
    "parse_night",
    "resolve",
    "wall_clock",
    "week_start",
    "zone",
    "zone_key",
)

MINUTES_PER_DAY: Final = 1440
MINUTES_PER_WEEK: Final = 7 * MINUTES_PER_DAY
HOURS_PER_WEEK: Final = 168

_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)
_TIME_RE: Final = re.compile(r"(\d{1,2}):(\d{2})")


# --------------------------------------------------------------------------- zones


def zone(tz: object, what: str = "tz") -> ZoneInfo:
    """The :class:`~zoneinfo.ZoneInfo` for an IANA name (or a ``ZoneInfo`` with a key).

    Raises:
        UnknownTimezoneError: naming ``what``, if ``tz`` is not an IANA name.

    >>> zone("Africa/Nairobi").key
    'Africa/Nairobi'
    >>> zone(ZoneInfo("Asia/Manila")).key
    'Asia/Manila'
    """
    if isinstance(tz, ZoneInfo) and tz.key is not None:
        return tz
    return _validate.zone(tz, what)


def zone_key(tz: object) -> str:
    """The IANA name of a zone given by name or as a ``ZoneInfo`` (checked as :func:`zone`).

    >>> zone_key(ZoneInfo("UTC"))
    'UTC'
    """
    found = zone(tz)
    assert found.key is not None  # zone() guarantees it
    return found.key


# --------------------------------------------------------------------- wall clock


def epoch(instant: datetime) -> int:
    """Whole seconds since 1970-01-01 UTC of an aware datetime (rounded down).

    >>> epoch(datetime(1970, 1, 2, tzinfo=UTC))
    86400
    """
    return (instant - _EPOCH) // timedelta(seconds=1)


def from_epoch(seconds: float, zone: ZoneInfo) -> datetime:
    """The aware datetime in ``zone`` of an instant in seconds since 1970-01-01 UTC.

    >>> from_epoch(0, ZoneInfo("Africa/Nairobi")).isoformat()
    '1970-01-01T03:00:00+03:00'
    """
    return (_EPOCH + timedelta(seconds=float(seconds))).astimezone(zone)


def wall_clock(seconds: int, zone: ZoneInfo) -> datetime:
    """The naive wall-clock reading in ``zone`` at an instant (epoch seconds).

    >>> wall_clock(0, ZoneInfo("Asia/Manila"))
    datetime.datetime(1970, 1, 1, 8, 0)
    """
    return from_epoch(seconds, zone).replace(tzinfo=None)


def resolve(wall: datetime, zone: ZoneInfo) -> int:
    """The instant (epoch seconds) of a naive wall-clock time in ``zone``.

    Times that occur twice are read as their first occurrence; times that do not
    exist are read as the instant the clocks jump (the end of the gap).

    >>> ny = ZoneInfo("America/New_York")
    >>> resolve(datetime(2024, 3, 10, 2, 30), ny) == resolve(datetime(2024, 3, 10, 3), ny)
    True
    >>> from_epoch(resolve(datetime(2024, 11, 3, 1, 30), ny), ny).isoformat()  # the first
    '2024-11-03T01:30:00-04:00'
    """
    first = epoch(wall.replace(tzinfo=zone, fold=0))
    if wall_clock(first, zone) == wall:
        return first
    # In a gap: fold=1 reads the time with the offset after the jump, which puts it
    # before the jump; fold=0 with the offset before, after the jump. The jump is the
    # first instant whose wall-clock reading is past ``wall``.
    lo = epoch(wall.replace(tzinfo=zone, fold=1))
    hi = first
    if lo > hi:  # pragma: no cover - defensive: a gap always has lo < hi
        lo, hi = hi, lo
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if wall_clock(mid, zone) > wall:
            hi = mid
        else:
            lo = mid
    return hi


# -------------------------------------------------------------------------- weeks


def monday(week_of: object, what: str = "week_of") -> date:
    """The Monday of the Monday-Sunday week that holds ``week_of``.

    Raises:
        InvalidInputError: naming ``what``, if ``week_of`` is not a date or lies
            within two weeks of the calendar's limits.

    >>> monday(date(2024, 7, 7))
    datetime.date(2024, 7, 1)
    """
    if not isinstance(week_of, date):
        raise InvalidInputError(
            f"{what} must be a datetime.date in the week wanted, such as date(2024, 7, 1), "
            f"got {week_of!r}"
        )
    day = date(week_of.year, week_of.month, week_of.day)
    if not date(1, 1, 15) <= day <= date(9999, 12, 15):
        raise InvalidInputError(
            f"{what} {day.isoformat()} is too close to the limits of the calendar; "
            "give a date between 0001-01-15 and 9999-12-15"
        )
    return day - timedelta(days=day.weekday())


def midnight(day: date) -> datetime:
    """The naive wall-clock datetime 00:00 of ``day``.

    >>> midnight(date(2024, 7, 1))
    datetime.datetime(2024, 7, 1, 0, 0)
    """
    return datetime(day.year, day.month, day.day)


def week_start(week_of: object, zone: ZoneInfo) -> int:
    """The instant (epoch seconds) of Monday 00:00 in ``zone`` of the week holding ``week_of``.

    >>> tokyo = ZoneInfo("Asia/Tokyo")
    >>> from_epoch(week_start(date(2024, 7, 3), tokyo), ZoneInfo("UTC")).isoformat()
    '2024-06-30T15:00:00+00:00'

    """
    return resolve(midnight(monday(week_of)), zone)


# ----------------------------------------------------------------- clock readings


def clock_minute(text: str, *, end: bool, where: str) -> int:
    """Minutes after midnight of ``"HH:MM"`` text (00:00 to 23:59; 24:00 only if ``end``).

    Raises:
        InvalidInputError: naming ``where``, for text that is not such a time.

    >>> clock_minute("09:30", end=False, where="example")
    570
    >>> clock_minute("24:00", end=True, where="example")
    1440
    """
    match = _TIME_RE.fullmatch(text.strip())
    if match is None:
        raise InvalidInputError(f"{where}: {text!r} is not a time; expected HH:MM such as 09:00")
    hour, minute = int(match.group(1)), int(match.group(2))
    if minute > 59 or hour > 24 or (hour == 24 and minute != 0):
        raise InvalidInputError(
            f"{where}: {text!r} is not a time of day; expected 00:00 to 23:59 (or 24:00 as an end)"
        )
    if hour == 24 and not end:
        raise InvalidInputError(
            f"{where}: a span cannot start at 24:00; write 00:00 on the next day"
        )
    return hour * 60 + minute


def parse_night(night: object) -> tuple[int, int]:
    """(start minute, length in minutes) of a nightly window given as a (start, end) pair.

    Each end is ``"HH:MM"`` text or a :class:`datetime.time` of whole minutes; an
    end earlier than the start crosses midnight.

    Raises:
        InvalidInputError: for anything else, or a window that starts and ends at
            the same time.

    >>> parse_night(("22:00", "06:00"))
    (1320, 480)
    >>> parse_night((time(0, 0), "24:00"))
    (0, 1440)
    """
    if not isinstance(night, tuple | list) or len(night) != 2:
        raise InvalidInputError(
            f"night must be a (start, end) pair such as ('22:00', '06:00'), got {night!r}"
        )
    minutes = []
    for index, value in enumerate(night):
        where = f"night {night!r}"
        if isinstance(value, time):
            if value.second or value.microsecond:
                raise InvalidInputError(f"{where}: times must be whole minutes, got {value}")
            minutes.append(value.hour * 60 + value.minute)
        elif isinstance(value, str):
            minutes.append(clock_minute(value, end=index == 1, where=where))
        else:
            raise InvalidInputError(
                f"night {night!r}: {value!r} must be a datetime.time or 'HH:MM' text"
            )
    start, end = minutes
    if start == end:
        raise InvalidInputError(
            f"night {night!r} starts and ends at the same time; expected e.g. ('22:00', '06:00')"
        )
    return start, (end - start) % MINUTES_PER_DAY or MINUTES_PER_DAY


def night_windows(
    zone: ZoneInfo, first: date, last: date, night: tuple[int, int]
) -> tuple[FloatArray, FloatArray]:
    """Real instants (epoch seconds) of the nightly windows starting on local days first..last.

    ``night`` is a window from :func:`parse_night`; the windows are resolved with
    :func:`resolve` and merged (:func:`labourchain._intervals.union`).

    >>> starts, ends = night_windows(ZoneInfo("UTC"), date(2024, 7, 1), date(2024, 7, 2),
    ...                              (22 * 60, 8 * 60))
    >>> ((ends - starts) / 3600).tolist()
    [8.0, 8.0]
    """
    start, length = night
    starts, ends = [], []
    day = first
    while day <= last:
        wall_start = midnight(day) + timedelta(minutes=start)
        starts.append(resolve(wall_start, zone))
        ends.append(resolve(wall_start + timedelta(minutes=length), zone))
        day += timedelta(days=1)
    return union(np.asarray(starts, dtype=np.float64), np.asarray(ends, dtype=np.float64))
