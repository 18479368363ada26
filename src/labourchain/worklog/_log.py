"""The :class:`WorkLog` class: a worker's time as read-only numpy columns."""

from __future__ import annotations

import io
import math
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any, TextIO

import attrs
import numpy as np
import numpy.typing as npt

from labourchain._text import plural
from labourchain.activity import ACTIVITIES, CODE, Activity
from labourchain.errors import InvalidInputError, LogFormatError
from labourchain.worklog import _formats, _frames, _io
from labourchain.worklog._batches import BatchColumns
from labourchain.worklog._columns import (
    COLUMNS,
    TEXT_COLUMNS,
    US_PER_MINUTE,
    WORKER_COLUMN,
    FloatArray,
    Int64Array,
    ObjArray,
    StrArray,
    _extra_columns,
    _frozen_array,
    arrays_equal,
    str_tuple,
)
from labourchain.worklog._labels import Decoded, LabelColumn, factorize, label_column
from labourchain.worklog._timeline import Timeline, at_offset, sweep
from labourchain.worklog._validation import check_columns

__all__ = ("WorkLog",)


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
    currency_table: tuple[str, ...] = attrs.field(converter=str_tuple)
    _platform: LabelColumn = attrs.field(converter=label_column)
    _client: LabelColumn = attrs.field(converter=label_column)
    _task_id: LabelColumn = attrs.field(converter=label_column)
    _kind: LabelColumn = attrs.field(converter=label_column)
    _note: LabelColumn = attrs.field(converter=label_column)
    extra: tuple[tuple[str, ObjArray], ...] = attrs.field(default=(), converter=_extra_columns)

    def __attrs_post_init__(self) -> None:
        check_columns(
            [(f.name, getattr(self, f.name)) for f in _array_fields()],
            {c: self.labels(c) for c in TEXT_COLUMNS},
            self.currency_table,
            self.extra,
        )

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
        return cls(**_io.read_records(records))

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
            fast = read_csv_fast(path_or_file)
            if fast is not None:
                return fast
            return cls(**_io.read_csv_file(path_or_file))
        return cls(**_io.read_csv(path_or_file, getattr(path_or_file, "name", "<stream>")))

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
        fmt = _formats.resolve(path_or_file, format)
        given = _formats.check_options(fmt, options)
        if fmt.name == "labourchain":
            return WorkLog.from_csv(path_or_file)  # its reader, with the fast path
        result = fmt.reader(path_or_file, **given)
        # A batch file gives the log of all its workers' assignments together.
        columns = result.columns if isinstance(result, BatchColumns) else result
        return WorkLog(**columns)

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
        return WorkLog(**_frames.from_pandas(df))

    def to_pandas(self) -> Any:
        """The log as a pandas DataFrame: ``start`` in UTC beside ``offset_s``, categoricals."""
        return _frames.to_pandas(self)

    @classmethod
    def from_arrow(cls, table: Any) -> WorkLog:
        """A log from a pyarrow Table with the log's columns (needs pyarrow).

        Numeric columns are used without a copy where their type allows;
        ``start`` must be a timestamp with a time zone, or ISO 8601 text with
        offsets.

        Raises:
            LogFormatError: naming the first bad row (0-based) and column.
        """
        return WorkLog(**_frames.from_arrow(table))

    def to_arrow(self) -> Any:
        """The log as a pyarrow Table (numeric columns shared with the log, not copied)."""
        return _frames.to_arrow(self)

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
            bad = np.flatnonzero((act < 0) | (act >= len(ACTIVITIES)))
            if bad.size:
                raise LogFormatError(
                    f"activity code {act[bad[0]]} is not between 0 and {len(ACTIVITIES) - 1}",
                    row=int(bad[0]),
                    column="activity",
                )
        else:
            flat = act.reshape(-1) if act.ndim else np.full(n, act.item(), dtype=object)
            values = np.empty(len(flat), dtype=np.int8)
            for i, name in enumerate(flat):
                try:
                    values[i] = CODE[Activity.parse(name)]
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
            code, table = factorize(currency_arr)
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
            arrays_equal(self.currency, other.currency)
            and all(
                arrays_equal(getattr(self, f.name), getattr(other, f.name))
                for f in _array_fields()
                if f.name != "currency_code"
            )
            and all(self.labels(c).equals(other.labels(c)) for c in TEXT_COLUMNS)
            and all(
                arrays_equal(a, b) for (_, a), (_, b) in zip(self.extra, other.extra, strict=True)
            )
        )

    __hash__ = None  # type: ignore[assignment]

    def __getitem__(self, index: slice | npt.ArrayLike) -> WorkLog:
        """The rows selected by a slice, a boolean mask or an array of indices."""
        sel = index if isinstance(index, slice) else np.asarray(index)
        labels: dict[str, Any] = {c: self.labels(c)[sel] for c in TEXT_COLUMNS}
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
        if column not in TEXT_COLUMNS:
            raise InvalidInputError(
                f"{column!r} is not a label column: expected one of {', '.join(TEXT_COLUMNS)}"
            )
        found: LabelColumn = getattr(self, "_" + column)
        return found

    platform = Decoded("platform")
    """Label of each row's platform ("" where empty; read-only)."""
    client = Decoded("client")
    """Label of each row's client ("" where empty; read-only)."""
    task_id = Decoded("task_id")
    """Each row's task id ("" where empty; read-only)."""
    kind = Decoded("kind")
    """Each row's kind of task ("" where empty; read-only)."""
    note = Decoded("note")
    """Each row's note ("" where empty; read-only)."""

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
        return tuple(ACTIVITIES[i] for i in self.activity)

    @property
    def end_us(self) -> Int64Array:
        """End of each span, microseconds since the epoch, UTC."""
        span = np.multiply(self.minutes, US_PER_MINUTE)
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
        return self.instant(first), self.instant(last)

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
            yield at_offset(us, off)

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
        workers = dict(self.extra).get(WORKER_COLUMN)
        start = self.start_us
        end = self.end_us if len(start) else start
        return sweep(start, end, self.minutes, workers)

    def instant(self, micros: int) -> datetime:
        """``micros`` (microseconds since the epoch, UTC) in the offset of the first row.

        How :attr:`period` and a report's period show the log's instants.

        Raises:
            InvalidInputError: for an empty log (it has no offset).
        """
        if not len(self):
            raise InvalidInputError("an empty log has no UTC offset to show an instant in")
        return at_offset(micros, int(self.offset_s[0]))

    # ------------------------------------------------------------------ writing

    def to_records(self) -> list[dict[str, Any]]:
        """The rows as dicts of text, as :meth:`to_csv` writes them (extra columns included)."""
        header = (*COLUMNS, *self.extra_columns)
        return [dict(zip(header, row, strict=True)) for row in self._text_rows()]

    def _text_rows(self) -> Iterator[tuple[str, ...]]:
        names = [a.value for a in ACTIVITIES]
        currency = self.currency
        extra = [column for _, column in self.extra]
        labels = [self.labels(c) for c in TEXT_COLUMNS]
        label_codes = [c.codes for c in labels]
        label_tables = [[str(v) for v in c.table] for c in labels]
        for i, start in enumerate(self.starts()):
            reward = self.reward[i]
            yield (
                start.isoformat(),
                _io.format_number(float(self.minutes[i])),
                names[self.activity[i]],
                "" if math.isnan(reward) else _io.format_number(float(reward)),
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
        _io.write_csv(handle, (*COLUMNS, *self.extra_columns), self._text_rows())

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
            c: LabelColumn.concat([log.labels(c) for log in logs]) for c in TEXT_COLUMNS
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
    skip = ("currency_table", "extra", *("_" + c for c in TEXT_COLUMNS))
    return tuple(f for f in attrs.fields(WorkLog) if f.name not in skip)


def read_csv_fast(
    path: str | os.PathLike[str], *, min_bytes: int = _frames.FAST_MIN_BYTES
) -> WorkLog | None:
    """labourchain's CSV through pyarrow when it is installed and the file is big enough.

    ``None`` means: read it with the Python reader (small file, no pyarrow, an
    unusual header or any value that reader would refuse or read otherwise).
    """
    columns = _frames.read_csv_fast(path, min_bytes=min_bytes)
    if columns is None:
        return None
    try:
        return WorkLog(**columns)
    except (LogFormatError, InvalidInputError):
        return None  # the Python reader names the line and column
