"""Work logs: a columnar record of how a worker spent their time.

A :class:`WorkLog` holds one row per span of activity, stored column by column
in numpy arrays so that a million rows are summed in milliseconds.

Columns (CSV header names; ``start``, ``minutes`` and ``activity`` are required):

============ ============================================================
``start``    when the span began: ISO 8601 with a UTC offset or ``Z``
             (``2024-03-04T21:00:00+03:00``); naive times are refused
``minutes``  how long it lasted, a non-negative number of minutes
``end``      (input only) when it ended, instead of ``minutes``
``activity`` one of :class:`~labourchain.activity.Activity`'s names
``reward``   the task's reward: earned on ``paid`` rows, forgone on
             ``rejected`` and ``returned`` rows; empty on any other row
``currency`` ISO 4217 code of the reward; required with a reward
``platform`` label of the platform (a label only: fees apply only when
             a :class:`~labourchain.domain.Platform` is passed to
             :func:`~labourchain.accounting.wage_report`)
``client``   label of the client (requester)
``task_id``  the platform's id of the task
``kind``     the kind of task ("bounding boxes", "categorisation")
``note``     free text
============ ============================================================

Bounds. A log holds weeks of real work, so labourchain refuses values no
real week has, with the line and column, before they can overflow a
calculation: a ``start`` between :data:`EARLIEST` (1990-01-01) and
:data:`LATEST` (2100-01-01), UTC; a span of at most :data:`MAX_SPAN_MINUTES`
(10,080 minutes: 7 days; log a longer stretch as several rows); a reward of at
most :data:`MAX_REWARD` (10^12 in the currency's units: more than any task has
paid in any currency). NaN and infinities are refused everywhere.

Overlapping spans. A worker may keep two tasks open, or search while a task
loads. labourchain never counts the same minute twice: each instant covered
by ``k`` spans is shared equally among them (``1/k`` to each), so the time
counted for the log is the length of the union of its spans, and time by
activity, by task or by day adds up to it exactly. See
:meth:`WorkLog.counted_seconds`. In a log of several workers' time (a
requester's batch, with a ``worker_id`` column), spans are shared only among
one worker's own.

>>> log = WorkLog.from_records([
...     {"start": "2024-03-04T21:00:00+03:00", "minutes": 12, "activity": "search"},
...     {"start": "2024-03-04T21:12:00+03:00", "minutes": 30, "activity": "paid",
...      "reward": 1.50, "currency": "USD", "platform": "Remotasks", "task_id": "t1"},
... ])
>>> len(log), log.total_minutes
(2, 42.0)
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import math
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime, timedelta, timezone
from typing import Any, Final, TextIO

import attrs
import numpy as np
import numpy.typing as npt

from labourchain._frozen import read_only
from labourchain._parse import MAX_AMOUNT, MAX_DURATION_MINUTES
from labourchain._text import plural
from labourchain.activity import Activity
from labourchain.errors import InvalidInputError, LabourchainError, LogFormatError
from labourchain.units import check_code

__all__ = (
    "COLUMNS",
    "EARLIEST",
    "LATEST",
    "MAX_REWARD",
    "MAX_SPAN_MINUTES",
    "LabelColumn",
    "Timeline",
    "WorkLog",
    "sniff_delimiter",
)

#: The columns a log has, in the order :meth:`WorkLog.to_csv` writes them.
COLUMNS: Final = (
    "start",
    "minutes",
    "activity",
    "reward",
    "currency",
    "platform",
    "client",
    "task_id",
    "kind",
    "note",
)
_TEXT_COLUMNS: Final = ("platform", "client", "task_id", "kind", "note")
#: An extra column naming the worker of each row, in a log of several workers'
#: time (a requester's batch): overlapping spans are shared only within one worker.
WORKER_COLUMN: Final = "worker_id"
_INPUT_COLUMNS: Final = frozenset((*COLUMNS, "end"))
_ACTIVITIES: Final = tuple(Activity)
_ACTIVITY_CODE: Final = {a: i for i, a in enumerate(_ACTIVITIES)}
_TASK_WORK_CODES: Final = np.array([a.is_task_work for a in _ACTIVITIES])
_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)
# The dtype kinds each numeric column accepts (numpy's dtype.kind letters).
_COLUMN_KINDS: Final = {
    "start_us": "iu",
    "offset_s": "iu",
    "minutes": "f",
    "activity": "iu",
    "reward": "f",
    "currency_code": "i",
}
_KIND_NAMES: Final = {"iu": "integers", "f": "floating-point numbers", "i": "signed integers"}
_US_PER_MINUTE: Final = 60_000_000
#: The earliest start a log may hold (UTC).
EARLIEST: Final = datetime(1990, 1, 1, tzinfo=UTC)
#: The latest start a log may hold (UTC).
LATEST: Final = datetime(2100, 1, 1, tzinfo=UTC)
#: The longest span one row may hold, in minutes (7 days).
MAX_SPAN_MINUTES: Final = MAX_DURATION_MINUTES
#: The largest reward one row may hold, in the currency's units.
MAX_REWARD: Final = MAX_AMOUNT
_EARLIEST_US: Final = int((EARLIEST - _EPOCH).total_seconds()) * 1_000_000
_LATEST_US: Final = int((LATEST - _EPOCH).total_seconds()) * 1_000_000
_BOUNDS_TEXT: Final = "between 1990-01-01 and 2100-01-01 (UTC)"
_SPAN_TEXT: Final = (
    "a span may last at most 10080 minutes (7 days): log a longer stretch as several rows"
)

Int64Array = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
StrArray = npt.NDArray[np.str_]
ObjArray = npt.NDArray[np.object_]


def _str_tuple(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


def _frozen_array(a: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    a = np.ascontiguousarray(a)
    a.flags.writeable = False
    return a


def _extra_columns(
    value: Iterable[tuple[str, npt.ArrayLike]] | Mapping[str, npt.ArrayLike],
) -> tuple[tuple[str, ObjArray], ...]:
    items = value.items() if isinstance(value, Mapping) else value
    out = tuple((str(name), _frozen_array(np.asarray(col, dtype=object))) for name, col in items)
    names = [name for name, _ in out]
    if len(set(names)) != len(names):
        raise InvalidInputError(f"extra columns repeat a name: {names}")
    return out


def _arrays_equal(a: np.ndarray[Any, Any], b: np.ndarray[Any, Any]) -> bool:
    if a.shape != b.shape:
        return False
    if a.dtype.kind == "f":
        return bool(np.array_equal(a, b, equal_nan=True))
    return bool(np.array_equal(a, b))


def _code_dtype(size: int) -> np.dtype[Any]:
    """The smallest integer type that indexes a table of ``size`` labels."""
    if size <= 1 << 8:
        return np.dtype(np.uint8)
    if size <= 1 << 16:
        return np.dtype(np.uint16)
    return np.dtype(np.int32)


def _object_array(values: Sequence[Any]) -> ObjArray:
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


@attrs.frozen(eq=False)
class LabelColumn:
    """A text column stored dictionary-encoded: integer codes into a table of labels.

    A log's label columns (``platform``, ``client``, ``task_id``, ``kind``,
    ``note``) are held this way, as its currencies are, so a column of a
    million empty labels takes a million bytes, not eight million pointers.
    :meth:`decode` gives back the values (what ``log.platform`` returns).

    Attributes:
        codes: Index of each row's label in ``table`` (uint8, uint16 or int32:
            the smallest type the table needs).
        table: The distinct labels, in order of first appearance.

    >>> col = LabelColumn.encode(["Remotasks", "", "Remotasks"])
    >>> col.codes.tolist(), col.table
    ([0, 1, 0], ('Remotasks', ''))
    >>> col.decode().tolist()
    ['Remotasks', '', 'Remotasks']
    """

    codes: npt.NDArray[np.integer[Any]] = attrs.field(converter=_frozen_array)
    table: tuple[str, ...] = attrs.field(converter=_str_tuple)

    @classmethod
    def encode(cls, values: LabelColumn | npt.ArrayLike) -> LabelColumn:
        """Encode a 1-D sequence of labels (a scalar or a 2-D array is refused)."""
        if isinstance(values, LabelColumn):
            return values
        arr = np.asarray(values, dtype=object)
        if arr.ndim != 1:
            raise LogFormatError(f"has shape {arr.shape}, expected one value per row")
        index: dict[Any, int] = {}
        codes = np.fromiter(
            (index.setdefault(v, len(index)) for v in arr.tolist()), dtype=np.int64, count=len(arr)
        )
        return cls(codes.astype(_code_dtype(len(index))), tuple(index))

    @classmethod
    def blank(cls, n: int) -> LabelColumn:
        """``n`` empty labels."""
        return cls(np.zeros(n, dtype=np.uint8), ("",))

    @classmethod
    def concat(cls, columns: Sequence[LabelColumn]) -> LabelColumn:
        """The rows of several columns, one after another (tables merged)."""
        if len({c.table for c in columns}) == 1:
            table = columns[0].table
            dtype = _code_dtype(len(table))
            return cls(np.concatenate([c.codes.astype(dtype) for c in columns]), table)
        index: dict[Any, int] = {}
        remaps = [
            np.array([index.setdefault(v, len(index)) for v in c.table], dtype=np.int64)
            for c in columns
        ]
        dtype = _code_dtype(len(index))
        parts = [remap[c.codes].astype(dtype) for remap, c in zip(remaps, columns, strict=True)]
        return cls(np.concatenate(parts) if parts else np.array([], dtype=dtype), tuple(index))

    def __len__(self) -> int:
        return len(self.codes)

    def __getitem__(self, index: slice | npt.ArrayLike) -> LabelColumn:
        """The rows selected by a slice, a boolean mask or an array of indices."""
        return LabelColumn(self.codes[index], self.table)  # type: ignore[index]

    @property
    def nbytes(self) -> int:
        """Bytes held: the codes plus the table's strings (as Python objects)."""
        import sys

        return int(self.codes.nbytes) + sum(sys.getsizeof(v) for v in self.table)

    def decode(self) -> ObjArray:
        """The labels, one per row, as a read-only object array."""
        decoded: ObjArray = (
            _object_array(self.table)[self.codes]
            if self.table
            else (np.empty(len(self.codes), dtype=object))
        )
        decoded.flags.writeable = False
        return decoded

    def equals(self, other: LabelColumn) -> bool:
        """Whether both hold the same labels row by row (whatever their tables)."""
        if len(self) != len(other):
            return False
        if self.table == other.table:
            return bool(np.array_equal(self.codes, other.codes))
        return bool(np.array_equal(self.decode(), other.decode()))


def _label_column(value: LabelColumn | npt.ArrayLike) -> LabelColumn:
    return LabelColumn.encode(value)


@attrs.frozen(kw_only=True, eq=False)
class Timeline:
    """What :meth:`WorkLog.timeline` finds.

    Attributes:
        minutes: The log's durations.
        shared: Seconds each row counts for where spans overlap (``None`` when
            they are disjoint and every row counts its own duration).
        first_us: The earliest start, microseconds since the epoch (UTC).
        last_us: The latest end, likewise.
    """

    minutes: FloatArray = attrs.field(converter=read_only)
    shared: FloatArray | None = attrs.field(converter=read_only)
    first_us: int
    last_us: int

    @property
    def disjoint(self) -> bool:
        """Whether no two spans overlap."""
        return self.shared is None

    @property
    def counted(self) -> FloatArray:
        """Seconds each row counts for (overlaps shared equally)."""
        if self.shared is not None:
            return self.shared
        seconds: FloatArray = self.minutes * 60.0
        return seconds


@attrs.frozen(eq=False, repr=False)
class WorkLog:
    """A worker's time, one row per span of activity, stored as numpy columns.

    Build one with :meth:`from_records`, :meth:`from_csv` or :meth:`from_arrays`
    (all validate every row); the arrays are read-only.

    Attributes:
        start_us: Start of each span, microseconds since 1970-01-01 UTC (int64).
        offset_s: The UTC offset the start was written with, in seconds (int32),
            so that local times (days, nights) and the written text survive.
        minutes: Duration of each span in minutes (float64, >= 0).
        activity: Index of each span's :class:`Activity` in declaration order (int8).
        reward: The task reward (float64; NaN where there is none).
        currency_code: Index of each reward's currency in ``currency_table``
            (int16; -1 where there is no reward). :attr:`currency` gives the codes.
        currency_table: The ISO 4217 codes the rewards are in.
        platform: Label of the platform ("" where empty); likewise ``client``,
            ``task_id``, ``kind`` and ``note``. Stored dictionary-encoded
            (a :class:`LabelColumn` each, see :meth:`labels`) and decoded to a
            read-only object array on access; the constructor takes either.
        extra: Columns a file had beyond labourchain's own, as ``(name, values)``
            pairs in file order: the worker's own notes, kept on a round trip
            (:meth:`to_csv` writes them after the log's columns) and never used
            for accounting.
    """

    start_us: Int64Array = attrs.field(converter=_frozen_array)
    offset_s: npt.NDArray[np.int32] = attrs.field(converter=_frozen_array)
    minutes: FloatArray = attrs.field(converter=_frozen_array)
    activity: npt.NDArray[np.int8] = attrs.field(converter=_frozen_array)
    reward: FloatArray = attrs.field(converter=_frozen_array)
    currency_code: npt.NDArray[np.int16] = attrs.field(converter=_frozen_array)
    currency_table: tuple[str, ...] = attrs.field(converter=_str_tuple)
    _platform: LabelColumn = attrs.field(converter=_label_column)
    _client: LabelColumn = attrs.field(converter=_label_column)
    _task_id: LabelColumn = attrs.field(converter=_label_column)
    _kind: LabelColumn = attrs.field(converter=_label_column)
    _note: LabelColumn = attrs.field(converter=_label_column)
    extra: tuple[tuple[str, ObjArray], ...] = attrs.field(default=(), converter=_extra_columns)

    def __attrs_post_init__(self) -> None:
        self._validate_columns()

    # ------------------------------------------------------------------ building

    @classmethod
    def empty(cls) -> WorkLog:
        """A log with no rows."""
        return cls.from_records([])

    @classmethod
    def from_records(cls, records: Iterable[Mapping[str, Any]]) -> WorkLog:
        """Build a log from dicts with the column names as keys.

        Values may be text (as read from a file) or Python values: ``start``
        a timezone-aware :class:`~datetime.datetime` or ISO 8601 text,
        ``minutes`` and ``reward`` numbers, ``activity`` an
        :class:`Activity` or its name.

        Raises:
            LogFormatError: naming the 0-based index of the first bad record and
                the column, for any value that is missing, malformed or not allowed.
        """
        builder = _Builder(source=None)
        for index, record in enumerate(records):
            if not isinstance(record, Mapping):
                raise LogFormatError(
                    f"each record must be a mapping of column to value, got {record!r}",
                    row=index,
                )
            builder.add(record, row=index)
        return builder.build()

    @classmethod
    def from_csv(cls, path_or_file: str | os.PathLike[str] | TextIO) -> WorkLog:
        """Read a log from a CSV file with a header row (see the module docs).

        Errors name the file, the line number a spreadsheet shows (header = 1)
        and the column. With pyarrow installed, a big file is read through
        ``pyarrow.csv`` (vectorised, about 20 times faster); anything that
        reader does not accept exactly as the Python reader would goes to
        the Python reader, so results and errors are the same either way.

        Raises:
            LogFormatError: for any row or header that cannot be accepted.
        """
        if isinstance(path_or_file, (str, os.PathLike)):
            name = os.fspath(path_or_file)
            from labourchain.formats import read_csv_fast

            fast = read_csv_fast(path_or_file)
            if fast is not None:
                return fast
            try:
                with open(path_or_file, encoding="utf-8-sig", newline="") as handle:
                    return _read_csv(handle, name)
            except UnicodeDecodeError as exc:
                offset, line, byte = _first_bad_utf8(name)
                shown = "a byte" if byte is None else f"byte 0x{byte:02x}"
                where = "" if offset is None else f"{shown} at offset {offset} of the file, "
                raise LogFormatError(
                    f"the file is not UTF-8 text ({where}{exc.reason}); save it as UTF-8 CSV",
                    row=line,
                    source=name,
                ) from None
            except FileNotFoundError:
                raise InvalidInputError(f"no such log file: {name}") from None
            except IsADirectoryError:
                raise InvalidInputError(f"{name} is a directory, not a log file") from None
        return _read_csv(path_or_file, getattr(path_or_file, "name", "<stream>"))

    @classmethod
    def read(
        cls,
        path_or_file: str | os.PathLike[str] | TextIO,
        format: str | None = None,
        **options: Any,
    ) -> WorkLog:
        """Read a log in any format :mod:`labourchain.formats` knows.

        Args:
            path_or_file: The file (or a text stream, read as labourchain's own CSV
                unless ``format`` says otherwise).
            format: ``"labourchain"`` (the default for streams), ``"toggl"``,
                ``"clockify"``, ``"mturk-batch"`` or ``"prolific"``; for a path,
                ``None`` detects it from the header where only one fits.
            options: The format's options: ``tz``, ``activity_map``, ``currency``,
                ``date_format`` (time trackers); ``reward`` (Prolific).

        Raises:
            LogFormatError: naming the line and column of what cannot be read.
        """
        from labourchain.formats import read

        return read(path_or_file, format, **options)

    @classmethod
    def from_pandas(cls, df: Any) -> WorkLog:
        """A log from a pandas DataFrame with the log's columns (needs pandas).

        ``start`` must be timezone-aware (naive times are refused, naming the
        row); ``activity`` names, a categorical or codes; other columns are
        kept as extra columns. Validated as every log is. See
        :mod:`labourchain.formats`.

        Raises:
            LogFormatError: naming the first bad row (0-based) and column.
        """
        from labourchain.formats import from_pandas

        return from_pandas(df)

    def to_pandas(self) -> Any:
        """The log as a pandas DataFrame: ``start`` in UTC beside ``offset_s``, categoricals."""
        from labourchain.formats import to_pandas

        return to_pandas(self)

    @classmethod
    def from_arrow(cls, table: Any) -> WorkLog:
        """A log from a pyarrow Table with the log's columns (needs pyarrow).

        Numeric columns are used without a copy where their type allows;
        ``start`` must be a timestamp with a time zone, or ISO 8601 text with
        offsets.

        Raises:
            LogFormatError: naming the first bad row (0-based) and column.
        """
        from labourchain.formats import from_arrow

        return from_arrow(table)

    def to_arrow(self) -> Any:
        """The log as a pyarrow Table (numeric columns shared with the log, not copied)."""
        from labourchain.formats import to_arrow

        return to_arrow(self)

    @classmethod
    def from_arrays(
        cls,
        *,
        start: npt.ArrayLike,
        minutes: npt.ArrayLike,
        activity: npt.ArrayLike,
        reward: npt.ArrayLike | None = None,
        currency: npt.ArrayLike | str | None = None,
        offset_s: npt.ArrayLike | int = 0,
        platform: npt.ArrayLike | str = "",
        client: npt.ArrayLike | str = "",
        task_id: npt.ArrayLike | str = "",
        kind: npt.ArrayLike | str = "",
        note: npt.ArrayLike | str = "",
    ) -> WorkLog:
        """Build a log from whole columns at once (validated, vectorised).

        Args:
            start: ``datetime64`` values (taken as UTC) or int64 microseconds since
                the epoch, UTC.
            minutes: Durations in minutes.
            activity: :class:`Activity` members, their names, or integer codes
                (the index in declaration order).
            reward: Rewards, NaN where none.
            currency: One code for every row with a reward, or one per row.
            offset_s: The UTC offset of the local time, in seconds (one or per row).
            platform: Platform labels, one for all rows or one per row; likewise
                ``client``, ``task_id``, ``kind`` and ``note``.

        Raises:
            LogFormatError: naming the first bad row (0-based) and column.
        """
        start_arr = np.asarray(start)
        if np.issubdtype(start_arr.dtype, np.datetime64):
            start_us = start_arr.astype("datetime64[us]").astype(np.int64)
        elif np.issubdtype(start_arr.dtype, np.integer):
            start_us = start_arr.astype(np.int64)
        else:
            raise LogFormatError(
                "start must be datetime64 values or int64 microseconds, "
                f"got dtype {start_arr.dtype}",
                column="start",
            )
        n = len(start_us)

        def column(value: Any, dtype: Any, name: str) -> np.ndarray[Any, Any]:
            arr = np.asarray(value, dtype=dtype)
            if arr.ndim == 0:
                arr = np.full(n, arr, dtype=dtype)
            if arr.shape != (n,):
                raise LogFormatError(f"has {arr.shape} values for {n} rows", column=name)
            return arr

        def label(value: Any, name: str) -> LabelColumn:
            if isinstance(value, str):  # one label for every row
                return LabelColumn(np.zeros(n, dtype=np.uint8), (value,))
            return LabelColumn.encode(column(value, object, name))

        minutes_arr = column(minutes, np.float64, "minutes")
        act = np.asarray(activity)
        if np.issubdtype(act.dtype, np.integer):
            codes = column(act, np.int8, "activity")
            bad = np.flatnonzero((act < 0) | (act >= len(_ACTIVITIES)))
            if bad.size:
                raise LogFormatError(
                    f"activity code {act[bad[0]]} is not between 0 and {len(_ACTIVITIES) - 1}",
                    row=int(bad[0]),
                    column="activity",
                )
        else:
            flat = act.reshape(-1) if act.ndim else np.full(n, act.item(), dtype=object)
            values = np.empty(len(flat), dtype=np.int8)
            for i, name in enumerate(flat):
                try:
                    values[i] = _ACTIVITY_CODE[Activity.parse(name)]
                except InvalidInputError as exc:
                    raise LogFormatError(str(exc), row=i, column="activity", value=name) from None
            codes = column(values, np.int8, "activity")
        reward_arr = column(np.nan if reward is None else reward, np.float64, "reward")
        has_reward = ~np.isnan(reward_arr)
        table: tuple[str, ...]
        if currency is None:
            code, table = np.full(n, -1, dtype=np.int16), ()
        elif isinstance(currency, str):
            code, table = np.where(has_reward, 0, -1).astype(np.int16), (currency,)
        else:
            currency_arr = np.where(has_reward, column(currency, "<U3", "currency"), "")
            code, table = _factorize(currency_arr)
        return cls(
            start_us=start_us,
            offset_s=column(offset_s, np.int32, "offset_s"),
            minutes=minutes_arr,
            activity=codes,
            reward=reward_arr,
            currency_code=code,
            currency_table=table,
            platform=label(platform, "platform"),
            client=label(client, "client"),
            task_id=label(task_id, "task_id"),
            kind=label(kind, "kind"),
            note=label(note, "note"),
        )

    def _validate_columns(self) -> None:
        """Check every column: the one place a log's rows are validated.

        Called by the constructor, so a log built any way (``WorkLog(...)``,
        :meth:`from_arrays`, slicing, :meth:`concat`) holds only valid rows.

        Raises:
            LogFormatError: naming the first bad row (0-based) and column.
        """

        def first(mask: np.ndarray[Any, Any]) -> int | None:
            idx = np.flatnonzero(mask)
            return int(idx[0]) if idx.size else None

        n = len(self.start_us)
        for field in _array_fields():
            column = getattr(self, field.name)
            if column.ndim != 1 or len(column) != n:
                raise LogFormatError(
                    f"has shape {column.shape}, expected ({n},)", column=field.name
                )
            kind = _COLUMN_KINDS.get(field.name)
            if kind is not None and column.dtype.kind not in kind:
                raise LogFormatError(
                    f"must hold {_KIND_NAMES[kind]}, got dtype {column.dtype}", column=field.name
                )
        for name in _TEXT_COLUMNS:
            labels = self.labels(name)
            codes = labels.codes
            if codes.ndim != 1 or len(codes) != n:
                raise LogFormatError(f"has shape {codes.shape}, expected ({n},)", column=name)
            if codes.dtype.kind not in "iu":
                raise LogFormatError(
                    f"codes must be integers, got dtype {codes.dtype}", column=name
                )
            if (row := first((codes < 0) | (codes >= len(labels.table)))) is not None:
                raise LogFormatError(
                    f"label code {codes[row]} has no entry in the label table", row=row, column=name
                )
        for name, column in self.extra:
            if name in _INPUT_COLUMNS:
                raise LogFormatError("an extra column cannot have a log column's name", column=name)
            if column.ndim != 1 or len(column) != n:
                raise LogFormatError(f"has shape {column.shape}, expected ({n},)", column=name)
        if (row := first((self.activity < 0) | (self.activity >= len(_ACTIVITIES)))) is not None:
            raise LogFormatError(
                f"activity code {self.activity[row]} is not between 0 and {len(_ACTIVITIES) - 1}",
                row=row,
                column="activity",
            )
        if (row := first(~np.isfinite(self.minutes) | (self.minutes < 0))) is not None:
            raise LogFormatError(
                f"minutes must be a finite number >= 0, got {self.minutes[row]!r}",
                row=row,
                column="minutes",
            )
        if (row := first(self.minutes > MAX_SPAN_MINUTES)) is not None:
            raise LogFormatError(
                f"{_SPAN_TEXT}, got {float(self.minutes[row])!r}", row=row, column="minutes"
            )
        if (
            row := first((self.start_us < _EARLIEST_US) | (self.start_us > _LATEST_US))
        ) is not None:
            raise LogFormatError(
                f"the start must be {_BOUNDS_TEXT}, got {int(self.start_us[row])} microseconds "
                "since 1970",
                row=row,
                column="start",
            )
        if (row := first(np.abs(np.abs(self.offset_s)) >= 86_400)) is not None:
            raise LogFormatError(
                f"UTC offset of {self.offset_s[row]} s is not under 24 h", row=row, column="start"
            )
        has_reward = ~np.isnan(self.reward)
        if (
            row := first(np.isinf(self.reward) | (self.reward < 0) | (self.reward > MAX_REWARD))
        ) is not None:
            raise LogFormatError(
                f"reward must be a finite number >= 0 and at most {MAX_REWARD:g}, "
                f"got {float(self.reward[row])!r}",
                row=row,
                column="reward",
            )
        task_work = _TASK_WORK_CODES[self.activity]
        if (row := first(has_reward & ~task_work)) is not None:
            raise LogFormatError(
                f"a {_ACTIVITIES[self.activity[row]].value!r} row cannot carry a reward: only "
                "paid, rejected and returned task work can",
                row=row,
                column="reward",
            )
        paid = self.activity == _ACTIVITY_CODE[Activity.PAID]
        if (row := first(paid & ~has_reward)) is not None:
            raise LogFormatError(
                "a 'paid' row needs a reward (write 0 if the task paid nothing)",
                row=row,
                column="reward",
            )
        bad_code = (self.currency_code < -1) | (self.currency_code >= len(self.currency_table))
        if (row := first(bad_code)) is not None:
            raise LogFormatError(
                f"currency code {self.currency_code[row]} has no entry in the currency table",
                row=row,
                column="currency",
            )
        if (row := first(has_reward & (self.currency_code < 0))) is not None:
            raise LogFormatError(
                "a reward needs a currency (an ISO 4217 code such as USD)",
                row=row,
                column="currency",
            )
        if (row := first(~has_reward & (self.currency_code >= 0))) is not None:
            raise LogFormatError(
                f"currency {self.currency_table[self.currency_code[row]]!r} given without a reward",
                row=row,
                column="currency",
            )
        for index, code in enumerate(self.currency_table):
            try:
                check_code(code)
            except LabourchainError as exc:
                row = first(self.currency_code == index)
                raise LogFormatError(str(exc), row=row, column="currency") from None

    # ------------------------------------------------------------------ reading

    def __len__(self) -> int:
        return len(self.start_us)

    def __repr__(self) -> str:
        if not len(self):
            return "WorkLog(0 rows)"
        first, last = self.period
        return (
            f"WorkLog({plural(len(self), 'row')}, {self.total_minutes / 60:.2f} h logged, "
            f"{first.isoformat()} to {last.isoformat()})"
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, WorkLog):
            return NotImplemented
        if [n for n, _ in self.extra] != [n for n, _ in other.extra]:
            return False
        return (
            _arrays_equal(self.currency, other.currency)
            and all(
                _arrays_equal(getattr(self, f.name), getattr(other, f.name))
                for f in _array_fields()
                if f.name != "currency_code"
            )
            and all(self.labels(c).equals(other.labels(c)) for c in _TEXT_COLUMNS)
            and all(
                _arrays_equal(a, b) for (_, a), (_, b) in zip(self.extra, other.extra, strict=True)
            )
        )

    __hash__ = None  # type: ignore[assignment]

    def __getitem__(self, index: slice | npt.ArrayLike) -> WorkLog:
        """The rows selected by a slice, a boolean mask or an array of indices."""
        sel = index if isinstance(index, slice) else np.asarray(index)
        labels: dict[str, Any] = {c: self.labels(c)[sel] for c in _TEXT_COLUMNS}
        return attrs.evolve(
            self,
            **{f.name: getattr(self, f.name)[sel] for f in _array_fields()},
            **labels,
            extra=tuple((name, column[sel]) for name, column in self.extra),
        )

    def labels(self, column: str) -> LabelColumn:
        """A label column as stored: codes and table (``column`` one of platform,
        client, task_id, kind, note).

        Raises:
            InvalidInputError: for any other name.
        """
        if column not in _TEXT_COLUMNS:
            raise InvalidInputError(
                f"{column!r} is not a label column: expected one of {', '.join(_TEXT_COLUMNS)}"
            )
        found: LabelColumn = getattr(self, "_" + column)
        return found

    @property
    def platform(self) -> ObjArray:
        """Label of each row's platform ("" where empty; read-only)."""
        return self._platform.decode()

    @property
    def client(self) -> ObjArray:
        """Label of each row's client ("" where empty; read-only)."""
        return self._client.decode()

    @property
    def task_id(self) -> ObjArray:
        """Each row's task id ("" where empty; read-only)."""
        return self._task_id.decode()

    @property
    def kind(self) -> ObjArray:
        """Each row's kind of task ("" where empty; read-only)."""
        return self._kind.decode()

    @property
    def note(self) -> ObjArray:
        """Each row's note ("" where empty; read-only)."""
        return self._note.decode()

    @property
    def extra_columns(self) -> tuple[str, ...]:
        """Names of the columns kept beyond labourchain's own (ignored for accounting)."""
        return tuple(name for name, _ in self.extra)

    @property
    def currency(self) -> StrArray:
        """The ISO 4217 code of each row's reward ("" where there is none)."""
        names = np.array([*self.currency_table, ""], dtype="<U3")
        decoded: StrArray = names[self.currency_code]  # code -1 picks the trailing ""
        return decoded

    @property
    def activities(self) -> tuple[Activity, ...]:
        """The activity of each row."""
        return tuple(_ACTIVITIES[i] for i in self.activity)

    @property
    def end_us(self) -> Int64Array:
        """End of each span, microseconds since the epoch, UTC."""
        span = np.multiply(self.minutes, _US_PER_MINUTE)
        np.rint(span, out=span)
        end: Int64Array = span.astype(np.int64)
        end += self.start_us
        return end

    @property
    def total_minutes(self) -> float:
        """The sum of the spans' durations (overlaps counted as often as they occur)."""
        return float(self.minutes.sum())

    @property
    def period(self) -> tuple[datetime, datetime]:
        """The first start and the last end, in the first row's offset.

        Raises:
            InvalidInputError: for an empty log.
        """
        if not len(self):
            raise InvalidInputError("an empty log has no period")
        first = int(self.start_us.min())
        last = int(self.end_us.max())
        return self._aware(first), self._aware(last)

    @property
    def currencies(self) -> tuple[str, ...]:
        """The currencies the rewards are in, sorted."""
        if len(self.currency_table) == 1:
            return self.currency_table if bool(np.any(self.currency_code >= 0)) else ()
        used = np.bincount(self.currency_code + 1, minlength=len(self.currency_table) + 1)
        return tuple(sorted(c for c, n in zip(self.currency_table, used[1:], strict=True) if n))

    def local_start_us(self) -> Int64Array:
        """Start of each span in local wall-clock time (its own offset), as microseconds."""
        return self.start_us + self.offset_s.astype(np.int64) * 1_000_000

    def starts(self) -> Iterator[datetime]:
        """Each row's start as an aware datetime in the offset it was written with."""
        for us, off in zip(self.start_us.tolist(), self.offset_s.tolist(), strict=True):
            yield (_EPOCH + timedelta(microseconds=us)).astimezone(timezone(timedelta(seconds=off)))

    def counted_seconds(self) -> FloatArray:
        """The time each row contributes to the log's total, in seconds.

        Where ``k`` spans cover the same instant, each gets ``1/k`` of it, so the
        sum is the length of the union of all spans: no minute is counted
        twice. Where no spans overlap this is simply each span's duration.
        """
        return self.timeline().counted

    def timeline(self) -> Timeline:
        """Counted time per row and the log's first and last instants, in one pass.

        Used by :func:`~labourchain.accounting.wage_report`, which needs all three.
        """
        start = self.start_us
        n = len(start)
        if n == 0:
            return Timeline(minutes=self.minutes, shared=None, first_us=0, last_us=0)
        end = self.end_us
        # Each span ending before the next starts implies sorted, disjoint spans.
        if n == 1 or bool(np.all(start[1:] >= end[:-1])):
            return Timeline(
                minutes=self.minutes, shared=None, first_us=int(start[0]), last_us=int(end[-1])
            )
        first_us, last_us = int(start.min()), int(end.max())
        workers = dict(self.extra).get(WORKER_COLUMN)
        if workers is not None:
            # Several people's time: a minute is shared only among one worker's spans.
            # Each worker's spans move to their own stretch of the time axis.
            _, group = np.unique(workers.astype(str), return_inverse=True)
            stride = np.int64(last_us - first_us + 1)
            shift = group.astype(np.int64) * stride
            start, end = start - first_us + shift, end - first_us + shift
        order = np.argsort(start, kind="stable")
        if bool(np.all(start[order][1:] >= np.maximum.accumulate(end[order])[:-1])):
            return Timeline(minutes=self.minutes, shared=None, first_us=first_us, last_us=last_us)
        # Sweep line: elementary segments between consecutive boundaries, each
        # shared equally among the k spans covering it.
        # Sorted distinct boundaries. (np.unique's hash path is ~50x slower here.)
        bounds = np.sort(np.concatenate([start, end]))
        keep = np.empty(len(bounds), dtype=bool)
        keep[0] = True
        np.not_equal(bounds[1:], bounds[:-1], out=keep[1:])
        bounds = bounds[keep]
        i_start = np.searchsorted(bounds, start)
        i_end = np.searchsorted(bounds, end)
        delta = np.bincount(i_start, minlength=len(bounds)) - np.bincount(
            i_end, minlength=len(bounds)
        )
        cover = np.cumsum(delta)[:-1]
        seg = np.diff(bounds).astype(np.float64) / 1e6
        weight = np.divide(seg, cover, out=np.zeros_like(seg), where=cover > 0)
        cumulative = np.concatenate([[0.0], np.cumsum(weight)])
        counted: FloatArray = cumulative[i_end] - cumulative[i_start]
        return Timeline(minutes=self.minutes, shared=counted, first_us=first_us, last_us=last_us)

    def _aware(self, micros: int) -> datetime:
        tz = timezone(timedelta(seconds=int(self.offset_s[0])))
        return (_EPOCH + timedelta(microseconds=micros)).astimezone(tz)

    # ------------------------------------------------------------------ writing

    def to_records(self) -> list[dict[str, Any]]:
        """The rows as dicts of text, as :meth:`to_csv` writes them (extra columns included)."""
        header = (*COLUMNS, *self.extra_columns)
        return [dict(zip(header, row, strict=True)) for row in self._text_rows()]

    def _text_rows(self) -> Iterator[tuple[str, ...]]:
        names = [a.value for a in _ACTIVITIES]
        currency = self.currency
        extra = [column for _, column in self.extra]
        labels = [self.labels(c) for c in _TEXT_COLUMNS]
        label_codes = [c.codes for c in labels]
        label_tables = [[str(v) for v in c.table] for c in labels]
        for i, start in enumerate(self.starts()):
            reward = self.reward[i]
            yield (
                start.isoformat(),
                _format_number(float(self.minutes[i])),
                names[self.activity[i]],
                "" if math.isnan(reward) else _format_number(float(reward)),
                str(currency[i]),
                *(t[k[i]] for t, k in zip(label_tables, label_codes, strict=True)),
                *(str(column[i]) for column in extra),
            )

    def to_csv(self, path_or_file: str | os.PathLike[str] | TextIO) -> None:
        """Write the log as CSV with the :data:`COLUMNS` header.

        ``WorkLog.from_csv`` of the file gives back an equal log: numbers are
        written with ``repr`` precision and starts with their original offset.
        """
        if isinstance(path_or_file, (str, os.PathLike)):
            with open(path_or_file, "w", encoding="utf-8", newline="") as handle:
                self._write_csv(handle)
        else:
            self._write_csv(path_or_file)

    def _write_csv(self, handle: TextIO) -> None:
        writer = csv.writer(handle, lineterminator="\n")
        # csv quotes a field holding the line terminator ("\n") but not a lone
        # carriage return, which a reader then takes for a line break: quote
        # every field of such a row.
        quoted = csv.writer(handle, lineterminator="\n", quoting=csv.QUOTE_ALL)
        writer.writerow((*COLUMNS, *self.extra_columns))
        for row in self._text_rows():
            (quoted if any("\r" in field for field in row) else writer).writerow(row)

    def to_csv_text(self) -> str:
        """The log as CSV text."""
        buffer = io.StringIO()
        self._write_csv(buffer)
        return buffer.getvalue()

    @classmethod
    def concat(cls, logs: Sequence[WorkLog]) -> WorkLog:
        """The rows of several logs, one after another."""
        if not logs:
            return cls.empty()
        table = tuple(sorted({c for log in logs for c in log.currency_table}))
        codes = []
        for log in logs:
            remap = np.array([table.index(c) for c in log.currency_table] + [-1], dtype=np.int16)
            codes.append(remap[log.currency_code])  # -1 picks the trailing -1
        columns = {
            f.name: np.concatenate([getattr(log, f.name) for log in logs])
            for f in _array_fields()
            if f.name != "currency_code"
        }
        labels: dict[str, Any] = {
            c: LabelColumn.concat([log.labels(c) for log in logs]) for c in _TEXT_COLUMNS
        }
        names = list(dict.fromkeys(name for log in logs for name in log.extra_columns))
        extra = []
        for name in names:
            parts = []
            for log in logs:
                found = dict(log.extra).get(name)
                parts.append(np.full(len(log), "", dtype=object) if found is None else found)
            extra.append((name, np.concatenate(parts)))
        return cls(
            **columns,
            **labels,
            currency_code=np.concatenate(codes),
            currency_table=table,
            extra=tuple(extra),
        )


def _array_fields() -> tuple[attrs.Attribute[Any], ...]:
    skip = ("currency_table", "extra", *("_" + c for c in _TEXT_COLUMNS))
    return tuple(f for f in attrs.fields(WorkLog) if f.name not in skip)


def _factorize(codes: StrArray) -> tuple[npt.NDArray[np.int16], tuple[str, ...]]:
    """Integer codes and the table of distinct non-empty strings ("" becomes -1)."""
    table, inverse = np.unique(codes, return_inverse=True)
    names = [str(c) for c in table]
    if names and names[0] == "":
        return (inverse - 1).astype(np.int16), tuple(names[1:])
    return inverse.astype(np.int16), tuple(names)


def _format_number(value: float) -> str:
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


# ---------------------------------------------------------------------- parsing


_DELIMITERS: Final = (",", ";", "\t")


def sniff_delimiter(header_line: str, known: Iterable[str] = _INPUT_COLUMNS) -> str:
    """The delimiter of a CSV header line: comma, semicolon or tab.

    The one that splits the line into the most fields that are ``known``
    column names (case-insensitive) wins; then the one that splits it into the
    most fields; a comma on a tie.

    >>> sniff_delimiter("start;minutes;activity")
    ';'
    """
    wanted = {k.lower() for k in known}

    def score(delimiter: str) -> tuple[int, int, int]:
        try:
            fields = next(csv.reader([header_line], delimiter=delimiter), [])
        except csv.Error:
            fields = []
        return (
            sum(f.strip().lower() in wanted for f in fields),
            len(fields),
            delimiter == ",",
        )

    return max(_DELIMITERS, key=score)


def _read_csv(handle: TextIO, source: str) -> WorkLog:
    first = handle.readline()
    if first.startswith("\ufeff"):
        first = first[1:]
    delimiter = sniff_delimiter(first)
    reader = csv.reader(itertools.chain([first], handle), delimiter=delimiter)
    try:
        header = next(reader, None) if first else None
        if not header:
            raise LogFormatError(
                f"the file is empty: expected a header row with at least "
                f"start, minutes, activity (columns: {', '.join(COLUMNS)})",
                source=source,
            )
        names = [h.strip() for h in header]
        names = [n.lower() if n.lower() in _INPUT_COLUMNS else n for n in names]
        for index, name in enumerate(names):
            if not name:
                raise LogFormatError(
                    f"column {index + 1} of the header has no name: name it (extra columns "
                    "are kept as the worker's notes) or remove it",
                    row=1,
                    source=source,
                )
        duplicated = {n for n in names if names.count(n) > 1}
        if duplicated:
            raise LogFormatError(
                f"column {sorted(duplicated)[0]!r} appears more than once in the header",
                row=1,
                source=source,
            )
        for required in ("start", "activity"):
            if required not in names:
                raise LogFormatError(
                    f"the header has no {required!r} column (header: {', '.join(names)}); "
                    f"labourchain's columns are {', '.join(COLUMNS)}. For a time tracker's or "
                    "platform's export, give its format (labourchain formats lists them)",
                    row=1,
                    source=source,
                )
        if "minutes" not in names and "end" not in names:
            raise LogFormatError(
                "the header needs a 'minutes' or an 'end' column", row=1, source=source
            )
        extra_names = [n for n in names if n not in _INPUT_COLUMNS]
        builder = _Builder(source=source, extra=extra_names)
        line = reader.line_num
        for fields in reader:
            row = line + 1
            line = reader.line_num
            if not fields or (len(fields) == 1 and not fields[0].strip()):
                continue  # a blank line holds no data
            if len(fields) != len(names):
                raise LogFormatError(
                    f"has {len(fields)} fields but the header has {len(names)}",
                    row=row,
                    source=source,
                )
            builder.add(dict(zip(names, fields, strict=True)), row=row)
        return builder.build()
    except csv.Error as exc:
        raise LogFormatError(
            f"not valid CSV: {exc}", row=reader.line_num or None, source=source
        ) from None


_CHUNK_ROWS: Final = 65_536


class _Builder:
    """Validates records one at a time and collects the columns."""

    def __init__(self, source: str | None, extra: Sequence[str] = ()) -> None:
        self.source = source
        self.extra: dict[str, list[str]] = {name: [] for name in extra}
        self.start_us: list[int] = []
        self.offset_s: list[int] = []
        self.minutes: list[float] = []
        self.activity: list[int] = []
        self.reward: list[float] = []
        # Currencies are encoded as read too (-1 where there is no reward).
        self.currency: list[int] = []
        self.currencies: dict[str, int] = {}
        # Label columns are encoded as they are read: a code per row, a table per column.
        self.text: dict[str, list[int]] = {c: [] for c in _TEXT_COLUMNS}
        self.tables: dict[str, dict[str, int]] = {c: {} for c in _TEXT_COLUMNS}
        # Rows already converted to numpy, a chunk at a time: a Python list holds a
        # float in 32 bytes, an array in 8, so a big file never sits in lists whole.
        self.parts: dict[str, list[np.ndarray[Any, Any]]] = {}

    def flush(self) -> None:
        """Move the rows collected so far into numpy chunks."""
        if not self.start_us:
            return
        columns: dict[str, np.ndarray[Any, Any]] = {
            "start_us": np.array(self.start_us, dtype=np.int64),
            "offset_s": np.array(self.offset_s, dtype=np.int32),
            "minutes": np.array(self.minutes, dtype=np.float64),
            "activity": np.array(self.activity, dtype=np.int8),
            "reward": np.array(self.reward, dtype=np.float64),
            "currency": np.array(self.currency, dtype=np.int16),
        }
        for c, codes in self.text.items():
            columns[c] = np.array(codes, dtype=np.int32)
        for n, values in self.extra.items():
            columns["extra:" + n] = np.array(values, dtype=object)
        for name, array in columns.items():
            self.parts.setdefault(name, []).append(array)
        for bucket in (self.start_us, self.offset_s, self.minutes, self.activity, self.reward):
            bucket.clear()
        self.currency.clear()
        for codes in self.text.values():
            codes.clear()
        for values in self.extra.values():
            values.clear()

    def error(self, message: str, row: int, column: str | None, value: object) -> LogFormatError:
        return LogFormatError(message, row=row, column=column, value=value, source=self.source)

    def add(self, record: Mapping[str, Any], row: int) -> None:
        for key in record:
            if key not in _INPUT_COLUMNS and key not in self.extra:
                raise self.error(
                    f"unknown column {key!r}: expected some of {', '.join(COLUMNS)} "
                    "(or end instead of minutes)",
                    row,
                    str(key),
                    record[key],
                )
        start, offset = self._start(record.get("start"), row)
        minutes = self._minutes(record, start, row)
        activity = self._activity(record.get("activity"), row)
        reward = self._number(record.get("reward"), row, "reward")
        code = _blank_to_none(record.get("currency"))
        if code is not None:
            if not isinstance(code, str):
                raise self.error(f"currency must be text, got {code!r}", row, "currency", code)
            try:
                code = check_code(code.strip().upper())
            except LabourchainError as exc:
                raise self.error(str(exc), row, "currency", code) from None
        if reward is not None:
            if not activity.is_task_work:
                raise self.error(
                    f"a {activity.value!r} row cannot carry a reward ({reward!r}): only paid, "
                    "rejected and returned task work can",
                    row,
                    "reward",
                    record.get("reward"),
                )
            if code is None:
                raise self.error(
                    "a reward needs a currency (an ISO 4217 code such as USD)",
                    row,
                    "currency",
                    record.get("currency"),
                )
        elif activity is Activity.PAID:
            raise self.error(
                "a 'paid' row needs a reward (write 0 if the task paid nothing)",
                row,
                "reward",
                record.get("reward"),
            )
        elif code is not None:
            raise self.error(f"currency {code!r} given without a reward", row, "currency", code)
        self.start_us.append(start)
        self.offset_s.append(offset)
        self.minutes.append(minutes)
        self.activity.append(_ACTIVITY_CODE[activity])
        self.reward.append(math.nan if reward is None else reward)
        self.currency.append(self.currencies.setdefault(code, len(self.currencies)) if code else -1)
        for column in _TEXT_COLUMNS:
            value = record.get(column)
            if value is None:
                value = ""
            if not isinstance(value, str):
                raise self.error(f"{column} must be text, got {value!r}", row, column, value)
            table = self.tables[column]
            self.text[column].append(table.setdefault(value, len(table)))
        for name, values in self.extra.items():
            values.append(str(record.get(name, "")))
        if len(self.start_us) >= _CHUNK_ROWS:
            self.flush()

    def _datetime(self, value: Any, row: int, column: str) -> datetime:
        if isinstance(value, datetime):
            moment = value
        elif isinstance(value, str) and value.strip():
            text = value.strip()
            try:
                moment = datetime.fromisoformat(text)
            except ValueError:
                raise self.error(
                    f"{text!r} is not an ISO 8601 date and time such as 2024-03-04T21:00:00+03:00",
                    row,
                    column,
                    value,
                ) from None
        else:
            raise self.error(
                f"{column} is missing: expected an ISO 8601 date and time with a UTC offset, "
                "such as 2024-03-04T21:00:00+03:00",
                row,
                column,
                value,
            )
        if moment.tzinfo is None or moment.utcoffset() is None:
            raise self.error(
                f"{value!s} has no UTC offset: add one, e.g. {moment.isoformat()}+03:00 for "
                "Nairobi, or Z for UTC (labourchain does not guess time zones)",
                row,
                column,
                value,
            )
        return moment

    def _start(self, value: Any, row: int) -> tuple[int, int]:
        moment = self._datetime(value, row, "start")
        offset = moment.utcoffset()
        assert offset is not None
        if not EARLIEST <= moment <= LATEST:
            raise self.error(
                f"{moment.isoformat()} is not {_BOUNDS_TEXT}: labourchain reads logs of real "
                "work in that range",
                row,
                "start",
                value,
            )
        delta = moment - _EPOCH
        micros = (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds
        return micros, int(offset.total_seconds())

    def _number(self, value: Any, row: int, column: str) -> float | None:
        value = _blank_to_none(value)
        if value is None:
            return None
        if isinstance(value, bool):
            raise self.error(f"{column} must be a number, got {value!r}", row, column, value)
        if isinstance(value, (int, float, np.integer, np.floating)):
            number = float(value)
        elif isinstance(value, str):
            try:
                number = float(value.strip())
            except ValueError:
                raise self.error(
                    f"{column} must be a number (with . as decimal point), got {value!r}",
                    row,
                    column,
                    value,
                ) from None
        else:
            raise self.error(f"{column} must be a number, got {value!r}", row, column, value)
        if not math.isfinite(number) or number < 0:
            raise self.error(
                f"{column} must be a finite number >= 0, got {value!r}", row, column, value
            )
        if column == "reward" and number > MAX_REWARD:
            raise self.error(
                f"reward {value!r} is more than {MAX_REWARD:g}, the most a log may hold",
                row,
                column,
                value,
            )
        if column == "minutes" and number > MAX_SPAN_MINUTES:
            raise self.error(f"{_SPAN_TEXT}, got {value!r}", row, column, value)
        return number

    def _minutes(self, record: Mapping[str, Any], start_us: int, row: int) -> float:
        minutes = self._number(record.get("minutes"), row, "minutes")
        end_value = _blank_to_none(record.get("end"))
        if end_value is None:
            if minutes is None:
                raise self.error(
                    "minutes is missing: give the span's length in minutes (or an end time)",
                    row,
                    "minutes",
                    record.get("minutes"),
                )
            return minutes
        end = self._datetime(end_value, row, "end")
        delta = end - _EPOCH
        end_us = (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds
        if end_us < start_us:
            raise self.error(f"end {end_value!s} is before the start", row, "end", end_value)
        from_end = (end_us - start_us) / _US_PER_MINUTE
        if from_end > MAX_SPAN_MINUTES:
            raise self.error(
                f"{_SPAN_TEXT}: end {end_value!s} is {from_end:g} minutes after the start",
                row,
                "end",
                end_value,
            )
        if minutes is not None and not math.isclose(minutes, from_end, abs_tol=1e-6):
            raise self.error(
                f"minutes {minutes!r} disagrees with start and end, which give {from_end!r}",
                row,
                "minutes",
                record.get("minutes"),
            )
        return from_end

    def _activity(self, value: Any, row: int) -> Activity:
        try:
            return Activity.parse(value)
        except InvalidInputError as exc:
            raise self.error(str(exc), row, "activity", value) from None

    def build(self) -> WorkLog:
        self.flush()
        dtypes = {
            "start_us": np.int64,
            "offset_s": np.int32,
            "minutes": np.float64,
            "activity": np.int8,
            "reward": np.float64,
            "currency": np.int16,
        }

        def whole(name: str, dtype: Any = object) -> np.ndarray[Any, Any]:
            chunks = self.parts.pop(name, [])
            if len(chunks) == 1:
                return chunks[0]
            return np.concatenate(chunks) if chunks else np.array([], dtype=dtype)

        # The table sorted, as _factorize gives it: codes remapped in place.
        table = tuple(sorted(self.currencies))
        order = np.array([*(table.index(c) for c in self.currencies), -1], dtype=np.int16)
        code = whole("currency", np.int16)
        np.take(order, code, out=code)
        numeric = {name: whole(name, dtype) for name, dtype in dtypes.items() if name != "currency"}
        labels: dict[str, Any] = {
            c: LabelColumn(whole(c, np.int32).astype(_code_dtype(len(t))), tuple(t))
            for c, t in self.tables.items()
        }
        return WorkLog(
            **numeric,
            currency_code=code,
            currency_table=table,
            **labels,
            extra=tuple((n, whole("extra:" + n)) for n in self.extra),
        )


def _first_bad_utf8(path: str) -> tuple[int | None, int | None, int | None]:
    """The offset in the file, the line (1-based) and the value of its first byte not UTF-8."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    offset, line = 0, 1
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(1 << 20):
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError as exc:
                    # The decoder may hold back an incomplete sequence from the last chunk.
                    pending = len(exc.object) - len(chunk)
                    start = offset - pending + exc.start
                    data = bytes(exc.object)
                    line += data[: exc.start].count(b"\n")
                    return start, line, data[exc.start]
                line += chunk.count(b"\n")
                offset += len(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return offset, line, None  # the file ends inside a character
    except OSError:
        pass
    return None, None, None


def _blank_to_none(value: Any) -> Any:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return value
