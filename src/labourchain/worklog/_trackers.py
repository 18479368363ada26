"""Time trackers' exports: Toggl Track's detailed CSV and Clockify's detailed report CSV.

Their times are wall-clock times with no UTC offset, so the reader needs the
worker's time zone (``tz``). A wall-clock time is turned into an instant with
:class:`~labourchain.schedule.WeeklySchedule`'s rules: a time that does not
exist (the hour skipped when clocks go forward) is the instant the clocks jump;
a time that occurs twice (the hour repeated when they go back) is its first
occurrence.

What each entry was (search, an unpaid test, paid work...) comes from an
:class:`ActivityMap`; an entry that the map does not cover is refused, with
the list of unmapped values.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, date, datetime, time, timedelta, timezone
from importlib import resources
from typing import Any, Final
from zoneinfo import ZoneInfo

import attrs

from labourchain._frozen import FrozenMap
from labourchain._validate import zone as zone_of
from labourchain.activity import Activity
from labourchain.errors import InvalidInputError, LabourchainError, LogFormatError
from labourchain.units import check_code
from labourchain.worklog._io import Columns
from labourchain.worklog._table import Row, Source, columns_from_records, open_table

__all__ = ("FIELDS", "ActivityMap", "local_instant", "read_clockify", "read_toggl")

#: The fields of a time entry an activity map may key on, in the order they are tried.
FIELDS: Final = ("tags", "project", "task", "description", "client")
_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)
DEFAULT_MAP: Final = "data/activity-map.toml"


def _frozen_rules(value: Mapping[str, Mapping[str, Activity]]) -> FrozenMap[str, Any]:
    return FrozenMap({field: FrozenMap(table) for field, table in value.items()})


@attrs.frozen
class ActivityMap:
    """Which time entries are which activity: per field, value -> :class:`Activity`.

    Values match without regard to case or surrounding spaces. An entry's
    activity comes from the first field, in :data:`FIELDS` order, whose value
    is mapped; among several tags, all mapped tags must agree.

    >>> amap = ActivityMap.from_mapping({"project": {"Finding HITs": "search"}})
    >>> amap.classify({"project": "finding hits ", "tags": ""})
    <Activity.SEARCH: 'search'>
    """

    rules: Mapping[str, Mapping[str, Activity]] = attrs.field(converter=_frozen_rules)
    source: str = "activity map"

    @classmethod
    def from_mapping(cls, tables: Mapping[str, Any], source: str = "activity map") -> ActivityMap:
        """From ``{field: {value: activity name}}`` (the TOML's shape)."""
        if not isinstance(tables, Mapping):
            raise InvalidInputError(f"{source}: expected tables of value = activity")
        rules: dict[str, dict[str, Activity]] = {}
        for field, table in tables.items():
            if field not in FIELDS:
                raise InvalidInputError(
                    f"{source}: unknown table [{field}]: expected some of {', '.join(FIELDS)}"
                )
            if not isinstance(table, Mapping):
                raise InvalidInputError(
                    f"{source}: [{field}] must be a table of value = activity, got {table!r}"
                )
            rules[field] = {}
            for value, name in table.items():
                try:
                    rules[field][str(value).strip().lower()] = Activity.parse(name)
                except InvalidInputError as exc:
                    raise InvalidInputError(f"{source}: [{field}] {value!r}: {exc}") from None
        return cls(rules, source)

    @classmethod
    def from_toml(cls, path: str | os.PathLike[str]) -> ActivityMap:
        """Read a map from a TOML file shaped like :meth:`default`'s (see the how-to)."""
        name = os.fspath(path)
        try:
            with open(path, "rb") as handle:
                text = handle.read().decode("utf-8-sig")
        except FileNotFoundError:
            raise InvalidInputError(f"no such activity map: {name}") from None
        except UnicodeDecodeError:
            raise InvalidInputError(f"activity map {name} is not UTF-8 text") from None
        try:
            tables = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise InvalidInputError(f"activity map {name} is not valid TOML: {exc}") from None
        return cls.from_mapping(tables, source=name)

    @classmethod
    def default(cls) -> ActivityMap:
        """labourchain's default map (``labourchain/data/activity-map.toml``): copy and edit it."""
        text = resources.files("labourchain").joinpath(DEFAULT_MAP).read_text("utf-8")
        return cls.from_mapping(tomllib.loads(text), source="labourchain's default activity map")

    @classmethod
    def default_text(cls) -> str:
        """The default map's TOML text, comments included, to save and edit."""
        return resources.files("labourchain").joinpath(DEFAULT_MAP).read_text("utf-8")

    def classify(self, entry: Mapping[str, str]) -> Activity | None:
        """The activity of an entry (``{field: value}``), or ``None`` if nothing maps it.

        Raises:
            InvalidInputError: if the entry's tags map to different activities.
        """
        for field in FIELDS:
            table = self.rules.get(field)
            if not table:
                continue
            raw = entry.get(field, "")
            values = _tags(raw) if field == "tags" else [raw.strip().lower()]
            found = {table[v] for v in values if v in table}
            if len(found) > 1:
                names = ", ".join(sorted(a.value for a in found))
                raise InvalidInputError(
                    f"the tags {raw!r} map to different activities ({names}) in {self.source}"
                )
            if found:
                return found.pop()
        return None


def _tags(text: str) -> list[str]:
    return [t.strip().lower() for t in text.split(",") if t.strip()]


def resolve_map(
    activity_map: ActivityMap | Mapping[str, Any] | str | os.PathLike[str] | None,
) -> ActivityMap:
    """An :class:`ActivityMap` from a map, a mapping, a TOML path, or ``None`` (the default)."""
    if activity_map is None:
        return ActivityMap.default()
    if isinstance(activity_map, ActivityMap):
        return activity_map
    if isinstance(activity_map, Mapping):
        return ActivityMap.from_mapping(activity_map)
    return ActivityMap.from_toml(activity_map)


# ----------------------------------------------------------------------- times


def local_instant(wall: datetime, zone: ZoneInfo) -> tuple[int, int]:
    """Microseconds since the epoch (UTC) and UTC offset (s) of a naive wall-clock time.

    Uses :class:`~labourchain.schedule.WeeklySchedule`'s rules: a time that
    occurs twice is its first occurrence; a time that does not exist is the
    instant the clocks jump.

    >>> from zoneinfo import ZoneInfo
    >>> ny = ZoneInfo("America/New_York")
    >>> local_instant(datetime(2024, 3, 10, 2, 30), ny)  # skipped: 03:00 EDT
    (1710054000000000, -14400)
    >>> local_instant(datetime(2024, 11, 3, 1, 30), ny)  # repeated: the first, EDT
    (1730611800000000, -14400)
    """
    first = wall.replace(tzinfo=zone, fold=0)
    us = _micros(first)
    if _wall_at(us, zone) != wall:
        # In a gap: fold=1 uses the offset after the jump and lands before it.
        lo = _micros(wall.replace(tzinfo=zone, fold=1)) // 1_000_000
        hi = us // 1_000_000
        lo, hi = min(lo, hi), max(lo, hi)
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if _wall_at(mid * 1_000_000, zone) > wall:
                hi = mid
            else:
                lo = mid
        us = hi * 1_000_000
    moment = (_EPOCH + timedelta(microseconds=us)).astimezone(zone)
    offset = moment.utcoffset()
    assert offset is not None
    return us, int(offset.total_seconds())


def _micros(moment: datetime) -> int:
    delta = moment - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def _wall_at(us: int, zone: ZoneInfo) -> datetime:
    return (_EPOCH + timedelta(microseconds=us)).astimezone(zone).replace(tzinfo=None)


_TIME_FORMATS: Final = ("%H:%M:%S", "%H:%M", "%I:%M:%S %p", "%I:%M %p", "%I:%M:%S%p", "%I:%M%p")


def _date(row: Row, column: str, date_format: str | None) -> date:
    text = row.get(column)
    if not text:
        raise row.error(f"{column} is missing", column)
    if date_format is not None:
        try:
            return datetime.strptime(text, date_format).date()
        except ValueError:
            raise row.error(
                f"{text!r} does not match the date format {date_format!r}", column
            ) from None
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    hint = ""
    if re.fullmatch(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{4}", text):
        hint = (
            ": a day-month or month-day date depends on the tracker's settings; give the "
            "date format (date_format='%m/%d/%Y' or '%d/%m/%Y'; --date-format on the command line)"
        )
    raise row.error(f"{text!r} is not a date such as 2024-03-04{hint}", column)


def _time(row: Row, column: str) -> time:
    text = row.get(column)
    if not text:
        raise row.error(f"{column} is missing", column)
    for fmt in _TIME_FORMATS:
        try:
            return datetime.strptime(text.upper(), fmt).time()
        except ValueError:
            continue
    raise row.error(f"{text!r} is not a time of day such as 21:00:00 or 09:00 PM", column)


def _hms(row: Row, column: str) -> float:
    """Minutes of an ``H:MM:SS`` (or ``H:MM``) duration."""
    text = row.get(column)
    match = re.fullmatch(r"(\d+):([0-5]?\d)(?::([0-5]?\d(?:\.\d+)?))?", text)
    if not match:
        raise row.error(f"{text!r} is not a duration such as 01:30:00", column)
    h, m, s = match.groups()
    return int(h) * 60 + int(m) + (float(s) if s else 0.0) / 60


# ----------------------------------------------------------------------- reading


@attrs.frozen
class _Spec:
    name: str
    start_date: str
    start_time: str
    end_date: str
    end_time: str
    duration: str
    duration_minutes: Callable[[Row], float]
    amount_prefix: str
    fields: Mapping[str, str]  # activity-map field -> column


def _amount_column(header: Iterable[str], prefix: str) -> tuple[str | None, str | None]:
    for name in header:
        match = re.fullmatch(re.escape(prefix) + r"\s*\(([^)]*)\)", name)
        if match:
            return name, match.group(1).strip() or None
        if name == prefix:
            return name, None
    return None, None


def _read_tracker(
    spec: _Spec,
    source: Source,
    *,
    tz: str | None,
    activity_map: ActivityMap | Mapping[str, Any] | str | os.PathLike[str] | None,
    currency: str | None,
    date_format: str | None,
    platform: str,
) -> Columns:
    if tz is None:
        raise InvalidInputError(
            f"a {spec.name} export has no UTC offsets: give the worker's time zone "
            "(tz='Africa/Nairobi' in Python, --tz Africa/Nairobi on the command line)"
        )
    zone = zone_of(tz, "tz")
    amap = resolve_map(activity_map)
    required = (spec.start_date, spec.start_time)
    records: list[dict[str, Any]] = []
    lines: list[int] = []
    unmapped: dict[str, int] = {}
    first_unmapped = 0
    with open_table(source, (*required, *spec.fields.values())) as table:
        table.require(required, f"a {spec.name} export")
        amount_col, amount_code = _amount_column(table.header, spec.amount_prefix)
        code = amount_code or currency
        if code is not None:
            try:
                code = check_code(code.strip().upper(), "the amount's currency")
            except LabourchainError as exc:
                raise LogFormatError(
                    str(exc), row=1, column=amount_col, source=table.source
                ) from None
        for row in table.rows:
            entry = {field: row.get(column) for field, column in spec.fields.items()}
            try:
                activity = amap.classify(entry)
            except InvalidInputError as exc:
                raise row.error(str(exc), spec.fields["tags"]) from None
            if activity is None:
                key = ", ".join(f"{f} {v!r}" for f, v in entry.items() if v) or "(all empty)"
                unmapped[key] = unmapped.get(key, 0) + 1
                first_unmapped = first_unmapped or row.line
                continue
            start_us, offset = local_instant(
                datetime.combine(
                    _date(row, spec.start_date, date_format), _time(row, spec.start_time)
                ),
                zone,
            )
            if row.get(spec.end_date) and row.get(spec.end_time):
                end_us, _ = local_instant(
                    datetime.combine(
                        _date(row, spec.end_date, date_format), _time(row, spec.end_time)
                    ),
                    zone,
                )
                if end_us < start_us:
                    raise row.error(
                        f"ends ({row.get(spec.end_date)} {row.get(spec.end_time)}) before it "
                        "starts",
                        spec.end_time,
                    )
                minutes = (end_us - start_us) / 60_000_000
            elif row.get(spec.duration):
                minutes = spec.duration_minutes(row)
            else:
                raise row.error(
                    f"has neither an end nor a duration ({spec.duration})", spec.duration
                )
            reward: float | None = None
            if activity.is_task_work and amount_col is not None and row.get(amount_col):
                reward = _number(row, amount_col)
            if activity is Activity.PAID and reward is None:
                raise row.error(
                    f"a paid entry needs what the task paid: {spec.name}'s "
                    f"{amount_col or spec.amount_prefix!r} column is empty here (set the "
                    "entry's billable amount to the reward, or map the entry to another activity)",
                    amount_col or spec.amount_prefix,
                )
            if reward is not None and code is None:
                raise row.error(
                    f"the amount column {amount_col!r} names no currency: give currency= "
                    "(--currency on the command line)",
                    amount_col,
                )
            records.append(
                {
                    "start": _EPOCH + timedelta(microseconds=start_us),
                    "offset": offset,
                    "minutes": minutes,
                    "activity": activity,
                    "reward": reward,
                    "currency": code if reward is not None else None,
                    "platform": platform,
                    "client": row.get(spec.fields["client"]),
                    "kind": row.get(spec.fields["project"]),
                    "task_id": row.get(spec.fields["task"]),
                    "note": row.get(spec.fields["description"]),
                    "tags": row.get(spec.fields["tags"]),
                }
            )
            lines.append(row.line)
        source_name = table.source
    if unmapped:
        listed = "; ".join(
            f"{key} ({n} {'entry' if n == 1 else 'entries'})"
            for key, n in sorted(unmapped.items())[:20]
        )
        more = f" and {len(unmapped) - 20} more" if len(unmapped) > 20 else ""
        raise LogFormatError(
            f"{_entries(sum(unmapped.values()))} not covered by {amap.source}, which "
            f"labourchain will not guess: {listed}{more}. Add them to an activity map "
            "(labourchain formats --activity-map-template prints the default to edit) "
            "and pass it with activity_map= (--activity-map)",
            row=first_unmapped,
            column=spec.fields["project"],
            source=source_name,
        )
    return _build(records, lines, source_name)


def _entries(n: int) -> str:
    return f"{n} entry is" if n == 1 else f"{n} entries are"


def _number(row: Row, column: str) -> float:
    written = row.get(column)
    return row.number(
        column,
        written.replace(",", "") if "." in written else written,
        not_number=f"{written!r} is not an amount such as 1.50",
        negative=f"{written!r} is not a finite amount >= 0",
    )


def _build(records: list[dict[str, Any]], lines: list[int], source: str) -> Columns:
    """A log's columns from the readers' records (errors name the file's line, not the record)."""
    rows = []
    for record in records:
        offset = timezone_of(record.pop("offset"))
        rows.append({**record, "start": record["start"].astimezone(offset)})
    tags = [r.pop("tags") for r in rows]
    columns = columns_from_records(rows, lines, source)
    if any(tags):
        columns["extra"] = (*columns["extra"], ("tags", tags))
    return columns


def timezone_of(offset_s: int) -> timezone:
    """The fixed-offset zone of ``offset_s`` seconds east of UTC."""
    return timezone(timedelta(seconds=offset_s))


# ---------------------------------------------------------------- the two formats

TOGGL: Final = _Spec(
    name="Toggl Track",
    start_date="Start date",
    start_time="Start time",
    end_date="End date",
    end_time="End time",
    duration="Duration",
    duration_minutes=lambda row: _hms(row, "Duration"),
    amount_prefix="Amount",
    fields={
        "tags": "Tags",
        "project": "Project",
        "task": "Task",
        "description": "Description",
        "client": "Client",
    },
)

CLOCKIFY: Final = _Spec(
    name="Clockify",
    start_date="Start Date",
    start_time="Start Time",
    end_date="End Date",
    end_time="End Time",
    duration="Duration (h)",
    duration_minutes=lambda row: (
        _hms(row, "Duration (h)")
        if ":" in row.get("Duration (h)")
        else _number(row, "Duration (h)") * 60
    ),
    amount_prefix="Billable Amount",
    fields={
        "tags": "Tags",
        "project": "Project",
        "task": "Task",
        "description": "Description",
        "client": "Client",
    },
)


def read_toggl(
    source: Source,
    *,
    tz: str | None = None,
    activity_map: ActivityMap | Mapping[str, Any] | str | os.PathLike[str] | None = None,
    currency: str | None = None,
    date_format: str | None = None,
    platform: str = "",
) -> Columns:
    """Read Toggl Track's detailed report CSV (see :mod:`labourchain.formats`)."""
    return _read_tracker(
        TOGGL,
        source,
        tz=tz,
        activity_map=activity_map,
        currency=currency,
        date_format=date_format,
        platform=platform,
    )


def read_clockify(
    source: Source,
    *,
    tz: str | None = None,
    activity_map: ActivityMap | Mapping[str, Any] | str | os.PathLike[str] | None = None,
    currency: str | None = None,
    date_format: str | None = None,
    platform: str = "",
) -> Columns:
    """Read Clockify's detailed report CSV (see :mod:`labourchain.formats`)."""
    return _read_tracker(
        CLOCKIFY,
        source,
        tz=tz,
        activity_map=activity_map,
        currency=currency,
        date_format=date_format,
        platform=platform,
    )
