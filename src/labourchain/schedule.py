"""Weekly schedules in named time zones: availability, demand, overlap and night work.

A :class:`WeeklySchedule` is a set of recurring weekly hours on the wall clock of
one IANA time zone ("Mon-Fri 09:00-18:00 in America/New_York"). Turned into real
instants for a given week (:meth:`WeeklySchedule.intervals`) it is DST-correct,
so that :func:`overlap` can say how many hours a worker in Nairobi, Manila or
Caracas shares with a client in New York in the actual week, including the
weeks in March and October/November when the United States and Europe change
their clocks on different dates.

Grammar of :meth:`WeeklySchedule.parse` (case-insensitive)::

    schedule := clause (";" clause)*          # newlines also separate clauses
    clause   := days SPACE ranges
    days     := dayitem ("," dayitem)*
    dayitem  := DAY | DAY "-" DAY | "daily" | "weekdays" | "weekends"
    DAY      := Mon | Tue | Wed | Thu | Fri | Sat | Sun    (or the full English name)
    ranges   := range ("," range)*
    range    := TIME "-" TIME                  # an en dash "–" is accepted for "-"
    TIME     := H:MM | HH:MM, from 00:00 to 23:59; 24:00 only as an end

A day range wraps around the week (``Fri-Mon`` is Friday to Monday). A range
whose end is earlier than its start crosses midnight (``22:00-02:00``) and
belongs to the day it starts on; ``00:00-24:00`` is a whole day. Overlapping
or touching spans are merged, so equal weekly hours compare equal.

Rules for clock changes (:mod:`labourchain._time`), used everywhere in this module
(``intervals``, ``night_share``, the demand profiles of :mod:`labourchain.demand`):

* a wall-clock time that does not exist (the hour skipped when clocks go
  forward) is read as the instant the clocks jump, so a span inside the gap
  is empty and ``01:00-04:00`` on the night the clocks go forward lasts 2 hours;
* a wall-clock time that occurs twice (the hour repeated when clocks go back)
  is read as its first occurrence (PEP 495 ``fold=0``), so ``00:00-03:00`` on
  the night the clocks go back lasts 4 hours.

Both rules are monotone: a later wall-clock time never gives an earlier instant.

>>> from datetime import date
>>> ny = WeeklySchedule.parse("Mon-Fri 09:00-18:00", tz="America/New_York")
>>> ny.hours
<Quantity(45.0, 'hour')>
>>> str(ny.to_timezone("Africa/Nairobi", week_of=date(2024, 7, 1)))
'Mon-Fri 16:00-01:00 (Africa/Nairobi)'
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta
from typing import Any, Final, Protocol
from zoneinfo import ZoneInfo

import attrs
import numpy as np
import numpy.typing as npt

from labourchain import _intervals, _time
from labourchain._time import MINUTES_PER_DAY, MINUTES_PER_WEEK, SECONDS_PER_WEEK
from labourchain._typing import FloatArray
from labourchain.errors import InvalidInputError
from labourchain.units import Quantity, hours

__all__ = (
    "SpanColumns",
    "WeeklySchedule",
    "clock_changes",
    "night_hours",
    "night_share",
    "overlap",
)

_DAY_ABBREVIATIONS: Final = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_DAY_NAMES: Final = {
    name: index
    for index, names in enumerate(
        (
            ("mon", "monday"),
            ("tue", "tues", "tuesday"),
            ("wed", "wednesday"),
            ("thu", "thur", "thurs", "thursday"),
            ("fri", "friday"),
            ("sat", "saturday"),
            ("sun", "sunday"),
        )
    )
    for name in names
}
_DAY_GROUPS: Final = {
    "daily": (0, 1, 2, 3, 4, 5, 6),
    "weekdays": (0, 1, 2, 3, 4),
    "weekends": (5, 6),
}
_GRAMMAR_HINT: Final = (
    "expected days then times, e.g. 'Mon-Fri 09:00-18:00', 'Mon,Wed,Fri 08:00-18:00' "
    "or 'Sat 22:00-02:00; Sun 10:00-14:00' (see labourchain.schedule for the grammar)"
)
_RANGE_RE: Final = re.compile(r"(\d{1,2}:\d{2})\s*[-–]\s*(\d{1,2}:\d{2})")
_CLAUSE_RE: Final = re.compile(r"(?P<days>[^\d]*?)\s*(?P<times>\d.*)", re.DOTALL)


# ----------------------------------------------------------------------- grammar


def _parse_days(text: str, where: str) -> list[int]:
    days: list[int] = []
    items = [item.strip() for item in text.split(",")]
    if not any(items):
        raise InvalidInputError(f"{where}: no days given; {_GRAMMAR_HINT}")
    for item in items:
        key = item.lower()
        if key in _DAY_GROUPS:
            days.extend(_DAY_GROUPS[key])
            continue
        ends = [part.strip().lower() for part in re.split(r"[-–]", key)]
        unknown = [part for part in ends if part not in _DAY_NAMES]
        if len(ends) > 2 or unknown:
            bad = unknown[0] if unknown else item
            raise InvalidInputError(
                f"{where}: {bad!r} is not a day; expected Mon, Tue, Wed, Thu, Fri, Sat or Sun "
                "(or a range such as Mon-Fri, or daily, weekdays, weekends)"
            )
        first, last = _DAY_NAMES[ends[0]], _DAY_NAMES[ends[-1]]
        days.extend((first + k) % 7 for k in range((last - first) % 7 + 1))
    return days


def _parse_clause(clause: str, where: str) -> list[tuple[int, int]]:
    match = _CLAUSE_RE.fullmatch(clause)
    if match is None:
        raise InvalidInputError(f"{where}: no times given; {_GRAMMAR_HINT}")
    if not match.group("days").strip():
        raise InvalidInputError(f"{where}: no days before the times; {_GRAMMAR_HINT}")
    days = _parse_days(match.group("days"), where)
    spans: list[tuple[int, int]] = []
    for piece in match.group("times").split(","):
        rng = _RANGE_RE.fullmatch(piece.strip())
        if rng is None:
            raise InvalidInputError(
                f"{where}: {piece.strip()!r} is not a time range; expected HH:MM-HH:MM such as "
                "09:00-18:00 (22:00-02:00 crosses midnight)"
            )
        start = _time.clock_minute(rng.group(1), end=False, where=where)
        end = _time.clock_minute(rng.group(2), end=True, where=where)
        if end == start:
            raise InvalidInputError(
                f"{where}: {piece.strip()!r} starts and ends at the same time; write "
                "00:00-24:00 for a whole day, or split a 24-hour span in two"
            )
        length = end - start if end > start else end + MINUTES_PER_DAY - start
        spans.extend((day * MINUTES_PER_DAY + start, length) for day in days)
    return spans


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _day_list(days: Sequence[int]) -> str:
    runs: list[list[int]] = []
    for day in sorted(days):
        if runs and day == runs[-1][-1] + 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    return ",".join(
        _DAY_ABBREVIATIONS[run[0]]
        if len(run) == 1
        else f"{_DAY_ABBREVIATIONS[run[0]]}-{_DAY_ABBREVIATIONS[run[-1]]}"
        for run in runs
    )


def _format(spans: Sequence[tuple[int, int]]) -> str:
    """Grammar text for canonical spans; parsing it gives the same spans back."""
    by_day: dict[int, list[str]] = {}
    for start, length in spans:
        day, minute = divmod(start, MINUTES_PER_DAY)
        if length < MINUTES_PER_DAY or (length == MINUTES_PER_DAY and minute == 0):
            end = minute + length
            end_text = _hhmm(end) if end <= MINUTES_PER_DAY else _hhmm(end - MINUTES_PER_DAY)
            by_day.setdefault(day, []).append(f"{_hhmm(minute)}-{end_text}")
            continue
        first = MINUTES_PER_DAY - minute
        by_day.setdefault(day, []).append(f"{_hhmm(minute)}-24:00")
        rest = length - first
        while rest > 0:
            day = (day + 1) % 7
            piece = min(rest, MINUTES_PER_DAY)
            by_day.setdefault(day, []).append(f"00:00-{_hhmm(piece)}")
            rest -= piece
    groups: dict[tuple[str, ...], list[int]] = {}
    for day in sorted(by_day):
        groups.setdefault(tuple(sorted(by_day[day])), []).append(day)
    return "; ".join(f"{_day_list(days)} {','.join(ranges)}" for ranges, days in groups.items())


# ------------------------------------------------------------------ the schedule


def _normalise_spans(value: object) -> tuple[tuple[int, int], ...]:
    """Sorted, merged (start, length) minute pairs on the weekly circle."""
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise InvalidInputError(
            "spans must be (start, length) pairs of whole minutes, start counted from Monday "
            f"00:00; got {value!r} (use WeeklySchedule.parse to read text)"
        )
    pairs: list[tuple[int, int]] = []
    for item in value:
        ok = (
            isinstance(item, tuple | list)
            and len(item) == 2
            and all(isinstance(x, int | np.integer) and not isinstance(x, bool) for x in item)
        )
        if not ok:
            raise InvalidInputError(
                f"span {item!r} must be a pair of whole minutes (start from Monday 00:00, length)"
            )
        start, length = int(item[0]), int(item[1])
        if not 0 <= start < MINUTES_PER_WEEK or not 0 < length <= MINUTES_PER_WEEK:
            raise InvalidInputError(
                f"span {item!r}: the start must be in [0, {MINUTES_PER_WEEK}) minutes from Monday "
                f"00:00 and the length in [1, {MINUTES_PER_WEEK}] minutes"
            )
        pairs.append((start, start + length))
    pairs.sort()
    merged: list[list[int]] = []
    for start, end in pairs:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    # Close the circle: the last span may run past Sunday midnight into the first ones.
    while len(merged) > 1 and merged[-1][1] >= merged[0][0] + MINUTES_PER_WEEK:
        first = merged.pop(0)
        merged[-1][1] = max(merged[-1][1], first[1] + MINUTES_PER_WEEK)
    if any(end - start >= MINUTES_PER_WEEK for start, end in merged):
        return ((0, MINUTES_PER_WEEK),)
    return tuple((start, end - start) for start, end in merged)


@attrs.frozen(kw_only=True)
class WeeklySchedule:
    """Recurring weekly hours on the wall clock of a named IANA time zone.

    Build one with :meth:`parse` (see the module docstring for the grammar) or
    the builders :meth:`daily`, :meth:`business_hours`, :meth:`always` and
    :meth:`empty`.

    Attributes:
        tz: The IANA time-zone name, e.g. ``"America/Caracas"``.
        spans: The hours as ``(start, length)`` pairs of whole minutes, ``start``
            counted from Monday 00:00 on the zone's wall clock. Spans are merged
            and sorted, so two schedules with the same hours are equal.

    >>> maria = WeeklySchedule.parse("Mon,Wed,Fri 08:00-18:00", tz="America/Caracas")
    >>> maria.hours
    <Quantity(30.0, 'hour')>
    >>> maria.spans[0]
    (480, 600)
    """

    tz: str = attrs.field(converter=_time.zone_key)
    spans: tuple[tuple[int, int], ...] = attrs.field(default=(), converter=_normalise_spans)

    # ---------------------------------------------------------------- builders

    @classmethod
    def parse(cls, text: str, *, tz: str) -> WeeklySchedule:
        """Read a schedule written in the grammar of :mod:`labourchain.schedule`.

        Args:
            text: For example ``"Mon-Fri 09:00-18:00"`` or
                ``"Mon,Wed,Fri 08:00-18:00; Sat 22:00-02:00"``.
            tz: The IANA time zone whose wall clock the times are on.

        Raises:
            InvalidInputError: if the text does not follow the grammar or names an
                impossible time (the message says which clause and what is expected).
            UnknownTimezoneError: if ``tz`` is not an IANA time-zone name.

        >>> WeeklySchedule.parse("Sat 22:00-02:00", tz="Asia/Manila").hours
        <Quantity(4.0, 'hour')>
        """
        zone = _time.zone_key(tz)
        if not isinstance(text, str):
            raise InvalidInputError(f"a schedule must be text, got {text!r}; {_GRAMMAR_HINT}")
        clauses = re.split(r"[;\n]", text)
        if not any(c.strip() for c in clauses):
            raise InvalidInputError(
                f"empty schedule text {text!r}; {_GRAMMAR_HINT} "
                "(WeeklySchedule.empty(tz) is the schedule with no hours)"
            )
        spans: list[tuple[int, int]] = []
        for number, clause in enumerate(clauses, start=1):
            if not clause.strip():
                continue
            where = f"schedule {text!r}, clause {number} ({clause.strip()!r})"
            spans.extend(_parse_clause(clause.strip(), where))
        return cls(tz=zone, spans=spans)

    @classmethod
    def empty(cls, tz: str) -> WeeklySchedule:
        """The schedule with no hours.

        >>> WeeklySchedule.empty("UTC").hours
        <Quantity(0.0, 'hour')>
        """
        return cls(tz=tz, spans=())

    @classmethod
    def always(cls, tz: str) -> WeeklySchedule:
        """Every hour of the week (round-the-clock availability or demand).

        >>> WeeklySchedule.always("UTC").hours
        <Quantity(168.0, 'hour')>
        """
        return cls(tz=tz, spans=((0, MINUTES_PER_WEEK),))

    @classmethod
    def daily(cls, start: str, end: str, *, tz: str, days: str = "daily") -> WeeklySchedule:
        """The same hours on each of ``days``: a worker's usual availability.

        Args:
            start: Start time, ``"HH:MM"``.
            end: End time, ``"HH:MM"`` (earlier than ``start`` to cross midnight).
            tz: The worker's IANA time zone.
            days: Days in the grammar of :meth:`parse`, e.g. ``"Mon-Sat"``.

        >>> WeeklySchedule.daily("21:00", "05:00", tz="Asia/Manila", days="Mon-Sat").hours
        <Quantity(48.0, 'hour')>
        """
        return cls.parse(f"{days} {start}-{end}", tz=tz)

    @classmethod
    def business_hours(
        cls, tz: str, *, start: str = "09:00", end: str = "18:00", days: str = "Mon-Fri"
    ) -> WeeklySchedule:
        """A client's business hours (by default Monday to Friday, 09:00-18:00).

        >>> WeeklySchedule.business_hours("America/New_York").hours
        <Quantity(45.0, 'hour')>
        """
        return cls.parse(f"{days} {start}-{end}", tz=tz)

    # -------------------------------------------------------------- properties

    @property
    def hours(self) -> Quantity:
        """Hours per week on the wall clock, a time quantity.

        In a week when the zone changes its clocks, the real time of the week's
        intervals can differ from this by the size of the change; see :meth:`hours_in`.
        """
        return hours(sum(length for _, length in self.spans) / 60)

    @property
    def text(self) -> str:
        """The hours in the grammar of :meth:`parse` (``""`` for no hours).

        >>> WeeklySchedule.parse("Mon-Fri 9:00-12:00; Mon-Fri 12:00-18:00", tz="UTC").text
        'Mon-Fri 09:00-18:00'
        """
        return _format(self.spans)

    def __str__(self) -> str:
        return f"{self.text or 'no hours'} ({self.tz})"

    @property
    def zone(self) -> ZoneInfo:
        """The :class:`zoneinfo.ZoneInfo` of :attr:`tz`."""
        return ZoneInfo(self.tz)

    # ----------------------------------------------------------------- instants

    def instants(self, week_of: date) -> tuple[FloatArray, FloatArray]:
        """The week's intervals as two arrays of real instants, for computing with them.

        The same intervals as :meth:`intervals`, as float64 arrays of whole
        seconds since 1970-01-01 UTC: sorted, disjoint starts and their ends.

        Args:
            week_of: Any date in the Monday-Sunday week wanted (this schedule's calendar).

        Returns:
            ``(starts, ends)``, each a float64 array with one entry per interval.

        >>> from datetime import date
        >>> starts, ends = WeeklySchedule.parse("Mon 09:00-12:00", tz="UTC").instants(
        ...     week_of=date(1970, 1, 7))   # 1970-01-05 was a Monday
        >>> starts.tolist(), ends.tolist()
        ([378000.0], [388800.0])
        """
        monday = _time.midnight(_time.monday(week_of))
        zone = self.zone
        starts, ends = [], []
        for start, length in self.spans:
            wall_start = monday + timedelta(minutes=start)
            s = _time.resolve(wall_start, zone)
            e = _time.resolve(wall_start + timedelta(minutes=length), zone)
            if e > s:
                starts.append(s)
                ends.append(e)
        return np.asarray(starts, dtype=np.float64), np.asarray(ends, dtype=np.float64)

    def intervals(self, week_of: date) -> list[tuple[datetime, datetime]]:
        """The real (start, end) instants of the hours in one Monday-Sunday week.

        The week is the one that holds ``week_of`` on this schedule's calendar. A
        span belongs to the day it starts on, so a Sunday ``22:00-02:00`` span ends
        on the next Monday. Clock changes follow the rules in the module docstring;
        a span that falls wholly in the skipped hour gives no interval.

        Args:
            week_of: Any date in the week wanted.

        Returns:
            Sorted, non-overlapping pairs of aware datetimes in :attr:`tz`. Beware:
            Python subtracts two datetimes of the same zone on the wall clock, so
            take real durations in UTC (``end.timestamp() - start.timestamp()``);
            and a time in a repeated hour never compares equal to a datetime of
            another zone (PEP 495), so compare instants by ``timestamp()``.

        >>> from datetime import date
        >>> ny = WeeklySchedule.parse("Sun 01:00-04:00", tz="America/New_York")
        >>> start, end = ny.intervals(week_of=date(2024, 3, 10))[0]  # clocks go forward at 02:00
        >>> start.isoformat(), end.isoformat(), (end.timestamp() - start.timestamp()) / 3600
        ('2024-03-10T01:00:00-05:00', '2024-03-10T04:00:00-04:00', 2.0)
        """
        zone = self.zone
        starts, ends = self.instants(week_of)
        return [
            (_time.from_epoch(s, zone), _time.from_epoch(e, zone))
            for s, e in zip(starts, ends, strict=True)
        ]

    def hours_in(self, week_of: date) -> Quantity:
        """Real hours of the intervals of the week holding ``week_of``.

        Equal to :attr:`hours` unless the zone changes its clocks during the
        week's spans.

        >>> from datetime import date
        >>> paris = WeeklySchedule.parse("Sat 22:00-08:00", tz="Europe/Paris")
        >>> paris.hours_in(week_of=date(2024, 3, 25))  # clocks go forward on Sun 31 March
        <Quantity(9.0, 'hour')>
        """
        starts, ends = self.instants(week_of)
        return hours(float(np.sum(ends - starts)) / 3600)

    def to_timezone(self, tz: str, *, week_of: date) -> WeeklySchedule:
        """The same instants of one week, read on the wall clock of another zone.

        A weekly wall-clock schedule cannot follow two zones' clock changes at
        once (New York 09:00 is 16:00 in Nairobi in July and 17:00 in January),
        so the re-expression is for one week: the result's spans are the
        wall-clock times in ``tz`` at which this schedule's intervals for the week
        of ``week_of`` start and end, taken modulo the week.

        Guarantee: the result's ``intervals(week_of)`` are this schedule's
        ``intervals(week_of)``, each possibly moved by whole weeks (an interval
        that falls in the previous or next week of ``tz``'s calendar), whenever
        ``tz`` keeps one UTC offset from the week before to the week after
        (always for zones without daylight saving time, such as Africa/Nairobi
        or Asia/Manila). So :func:`overlap` with any third schedule is unchanged.
        If ``tz`` changes its clocks during those weeks, intervals near the change
        may move by the size of the change, and an interval that the change makes
        empty on the wall clock is dropped.

        Raises:
            UnknownTimezoneError: if ``tz`` is not an IANA time-zone name.
            InvalidInputError: if the zones' offsets differ by a fraction of a
                minute (historical local mean time).

        >>> from datetime import date
        >>> ny = WeeklySchedule.business_hours("America/New_York")
        >>> str(ny.to_timezone("Europe/Paris", week_of=date(2024, 3, 11)))  # US moved, Europe not
        'Mon-Fri 14:00-23:00 (Europe/Paris)'
        """
        zone = _time.zone(tz)
        spans: list[tuple[int, int]] = []
        for start, end in self.intervals(week_of):
            wall_start = start.astimezone(zone).replace(tzinfo=None)
            wall_end = end.astimezone(zone).replace(tzinfo=None)
            if wall_start.second or wall_end.second:
                raise InvalidInputError(
                    f"cannot re-express {self} in {zone.key} for the week of {week_of}: "
                    "their UTC offsets differ by a fraction of a minute"
                )
            length = (wall_end - wall_start) // timedelta(minutes=1)
            if length <= 0:
                continue
            minute = wall_start.weekday() * MINUTES_PER_DAY + wall_start.hour * 60
            spans.append((minute + wall_start.minute, min(length, MINUTES_PER_WEEK)))
        return WeeklySchedule(tz=zone, spans=spans)

    def union(self, other: WeeklySchedule) -> WeeklySchedule:
        """The hours in either schedule (both must be in the same zone).

        >>> a = WeeklySchedule.parse("Mon 09:00-12:00", tz="UTC")
        >>> a.union(WeeklySchedule.parse("Mon 11:00-13:00", tz="UTC")).text
        'Mon 09:00-13:00'
        """
        if not isinstance(other, WeeklySchedule):
            raise InvalidInputError(f"can only join a WeeklySchedule, got {other!r}")
        if other.tz != self.tz:
            raise InvalidInputError(
                f"cannot join schedules in {self.tz} and {other.tz} on one wall clock; "
                "re-express one with to_timezone(tz, week_of=...) first"
            )
        return WeeklySchedule(tz=self.tz, spans=self.spans + other.spans)


# ------------------------------------------------------------------- functions


def overlap(a: WeeklySchedule, b: WeeklySchedule, *, week_of: date) -> Quantity:
    """Hours per week in which both schedules are on, in the actual week.

    Each schedule's intervals for the week holding ``week_of`` (on its own
    calendar, DST-correct) are repeated every 7 x 24 hours of real time, and the
    overlap is the time both repeated patterns share in any 7 x 24 hours. The
    repetition makes the week edge harmless: a client's Monday morning in Tokyo
    meets a worker's Sunday evening in New York. The result is symmetric, at most
    each schedule's :meth:`~WeeklySchedule.hours_in` for the week, and unchanged
    by :meth:`~WeeklySchedule.to_timezone` (under the guarantee stated there).

    Args:
        a: One schedule, e.g. a worker's availability.
        b: Another, e.g. a client's business hours.
        week_of: Any date in the week wanted.

    Returns:
        A time quantity in hours.

    >>> from datetime import date
    >>> maria = WeeklySchedule.parse("Mon,Wed,Fri 08:00-18:00", tz="America/Caracas")
    >>> ny = WeeklySchedule.business_hours("America/New_York")
    >>> overlap(maria, ny, week_of=date(2024, 7, 1))   # EDT = Caracas time: 09:00-18:00
    <Quantity(27.0, 'hour')>
    >>> overlap(maria, ny, week_of=date(2024, 1, 8))   # EST: 10:00-19:00 in Caracas
    <Quantity(24.0, 'hour')>
    """
    for name, value in (("a", a), ("b", b)):
        if not isinstance(value, WeeklySchedule):
            raise InvalidInputError(f"overlap: {name} must be a WeeklySchedule, got {value!r}")
    a_starts, a_ends = _intervals.on_circle(*a.instants(week_of), SECONDS_PER_WEEK)
    b_starts, b_ends = _intervals.on_circle(*b.instants(week_of), SECONDS_PER_WEEK)
    return hours(_intervals.intersection_length(a_starts, a_ends, b_starts, b_ends) / 3600)


class SpanColumns(Protocol):
    """Spans stored as columns, as in a :class:`labourchain.WorkLog`.

    Attributes:
        start_us: Starts, microseconds since 1970-01-01 UTC.
        end_us: Ends, likewise.
    """

    @property
    def start_us(self) -> npt.NDArray[np.int64]: ...

    @property
    def end_us(self) -> npt.NDArray[np.int64]: ...


def _column_seconds(intervals: object) -> tuple[FloatArray, FloatArray] | None:
    """Starts and ends in seconds of an object with start_us / end_us columns, if it is one."""
    start_us = getattr(intervals, "start_us", None)
    end_us = getattr(intervals, "end_us", None)
    if start_us is None or end_us is None:
        return None
    starts = np.asarray(start_us, dtype=np.float64) / 1e6
    ends = np.asarray(end_us, dtype=np.float64) / 1e6
    if starts.shape != ends.shape or starts.ndim != 1:
        raise InvalidInputError(
            f"start_us and end_us must be 1-d columns of one length, got shapes "
            f"{starts.shape} and {ends.shape}"
        )
    bad = np.flatnonzero(~(np.isfinite(starts) & np.isfinite(ends) & (ends >= starts)))
    if bad.size:
        raise InvalidInputError(
            f"row {int(bad[0])}: the span must have a finite start and an end not before it, "
            f"got start_us={start_us[bad[0]]!r}, end_us={end_us[bad[0]]!r}"
        )
    return starts, ends


def _interval_seconds(intervals: object) -> tuple[FloatArray, FloatArray]:
    columns = _column_seconds(intervals)
    if columns is not None:
        return columns
    if isinstance(intervals, str | bytes) or not isinstance(intervals, Iterable):
        raise InvalidInputError(
            "intervals must be (start, end) pairs of aware datetimes, or a WorkLog-like "
            f"object with start_us and end_us columns, got {intervals!r}"
        )
    starts, ends = [], []
    for index, item in enumerate(intervals):
        if not isinstance(item, tuple | list) or len(item) != 2:
            raise InvalidInputError(
                f"interval {index} must be a (start, end) pair of aware datetimes, got {item!r}"
            )
        pair = []
        for name, value in zip(("start", "end"), item, strict=True):
            if not isinstance(value, datetime) or value.utcoffset() is None:
                raise InvalidInputError(
                    f"interval {index}: {name} {value!r} must be an aware datetime "
                    "(one with a time zone, e.g. datetime(2024, 3, 4, 21, tzinfo=ZoneInfo(...)))"
                )
            pair.append(_time.epoch(value))
        if pair[1] < pair[0]:
            raise InvalidInputError(
                f"interval {index}: end {item[1].isoformat()} is before start {item[0].isoformat()}"
            )
        starts.append(pair[0])
        ends.append(pair[1])
    return np.asarray(starts, dtype=np.float64), np.asarray(ends, dtype=np.float64)


def _night_seconds(intervals: object, tz: object, night: object) -> tuple[float, float]:
    """(seconds at night, total seconds) of the union of the intervals."""
    zone = _time.zone(tz)
    window = _time.parse_night(night)
    starts, ends = _intervals.union(*_interval_seconds(intervals))
    total = float(np.sum(ends - starts))
    if total == 0:
        return 0.0, 0.0
    first = _time.from_epoch(float(starts.min()), zone).date() - timedelta(days=1)
    last = _time.from_epoch(float(ends.max()), zone).date()
    n_starts, n_ends = _time.night_windows(zone, first, last, window)
    at_night = _intervals.intersection_length(starts, ends, n_starts, n_ends)
    return at_night, total


def night_share(
    intervals: Iterable[tuple[datetime, datetime]] | SpanColumns,
    tz: str,
    *,
    night: tuple[str | time, str | time] = ("22:00", "06:00"),
) -> float:
    """Share of the time in ``intervals`` that falls at local night in ``tz``.

    Night is the window ``night`` (22:00-06:00 by default) of every local day on
    ``tz``'s wall clock, with the clock-change rules of this module (a night when
    the clocks go forward is an hour shorter). The intervals are merged first,
    so a minute covered twice counts once (as in a :class:`WorkLog`'s
    accounting): the result is ``time at night / time``, a ratio of sums over
    the union. A :class:`WorkLog` (anything with ``start_us`` and ``end_us``
    columns) can be passed directly; select rows first (``log[mask]``) to count
    only some activities.

    Args:
        intervals: ``(start, end)`` pairs of aware datetimes (any zone), or
            columns of microseconds since the epoch (:class:`SpanColumns`).
        tz: The IANA zone whose nights count (the worker's).
        night: ``(start, end)`` as ``"HH:MM"`` text or :class:`datetime.time`;
            an end earlier than the start crosses midnight.

    Returns:
        A float in [0, 1]; ``0.0`` when there is no time at all (no intervals,
        or only empty ones): no time, so no night time.

    Raises:
        InvalidInputError: for a naive datetime, an end before its start, or a
            bad night window.
        UnknownTimezoneError: if ``tz`` is not an IANA time-zone name.

    >>> from datetime import datetime
    >>> from zoneinfo import ZoneInfo
    >>> nairobi = ZoneInfo("Africa/Nairobi")
    >>> shift = (datetime(2024, 7, 1, 16, tzinfo=nairobi), datetime(2024, 7, 2, 1, tzinfo=nairobi))
    >>> night_share([shift], "Africa/Nairobi")   # 22:00-01:00 of 16:00-01:00
    0.3333333333333333
    """
    at_night, total = _night_seconds(intervals, tz, night)
    return 0.0 if total == 0 else min(1.0, max(0.0, at_night / total))


def night_hours(
    intervals: Iterable[tuple[datetime, datetime]] | SpanColumns,
    tz: str,
    *,
    night: tuple[str | time, str | time] = ("22:00", "06:00"),
) -> Quantity:
    """Hours of ``intervals`` that fall at local night in ``tz`` (see :func:`night_share`).

    >>> from datetime import datetime
    >>> from zoneinfo import ZoneInfo
    >>> manila = ZoneInfo("Asia/Manila")
    >>> night_hours([(datetime(2024, 7, 1, 21, tzinfo=manila),
    ...               datetime(2024, 7, 2, 6, tzinfo=manila))], "Asia/Manila")
    <Quantity(8.0, 'hour')>
    """
    at_night, _ = _night_seconds(intervals, tz, night)
    return hours(at_night / 3600)


def clock_changes(tz: str, *, week_of: date) -> tuple[datetime, ...]:
    """The instants at which ``tz`` changes its UTC offset during a Monday-Sunday week.

    Useful to see when two zones are out of step (the United States moves in
    the second week of March, Europe on the last Sunday of March).

    Returns:
        Aware datetimes in ``tz``, each the first instant of a new offset.

    >>> from datetime import date
    >>> [t.isoformat() for t in clock_changes("America/New_York", week_of=date(2024, 3, 4))]
    ['2024-03-10T03:00:00-04:00']
    >>> clock_changes("Europe/Paris", week_of=date(2024, 3, 4))
    ()
    """
    zone = _time.zone(tz)
    monday = _time.monday(week_of)
    lo = _time.resolve(_time.midnight(monday), zone)
    hi = _time.resolve(_time.midnight(monday + timedelta(days=7)), zone)
    grid = [*range(lo, hi, 3600), hi]

    def offset(seconds: int) -> Any:
        return _time.from_epoch(seconds, zone).utcoffset()

    changes = []
    for left, right in itertools.pairwise(grid):
        if offset(left) != offset(right):
            a, b = left, right
            while b - a > 1:
                mid = (a + b) // 2
                if offset(mid) == offset(left):
                    a = mid
                else:
                    b = mid
            changes.append(_time.from_epoch(b, zone))
    return tuple(changes)
