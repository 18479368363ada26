"""Reading and writing a log as CSV text or records.

The Python reader of labourchain's own CSV: :func:`sniff_delimiter`, the
:class:`RowReader` that validates records one at a time and collects the
columns (``WorkLog.from_records`` and ``WorkLog.from_csv`` use it), the header
checks of :func:`read_csv`, and the writer of :func:`write_csv`. The readers
return the columns as the keyword arguments of ``WorkLog(...)``, which
validates them as a whole.
"""

from __future__ import annotations

import codecs
import csv
import itertools
import math
import os
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any, Final, TextIO

import numpy as np

from labourchain.activity import CODE, Activity
from labourchain.errors import InvalidInputError, LabourchainError, LogFormatError
from labourchain.units import check_code
from labourchain.worklog._columns import (
    BOUNDS_TEXT,
    COLUMNS,
    EARLIEST,
    EPOCH,
    INPUT_COLUMNS,
    LATEST,
    MAX_REWARD,
    MAX_SPAN_MINUTES,
    SPAN_TEXT,
    TEXT_COLUMNS,
    US_PER_MINUTE,
)
from labourchain.worklog._labels import LabelColumn, code_dtype

__all__ = (
    "RowReader",
    "format_number",
    "read_csv",
    "read_csv_file",
    "sniff_delimiter",
    "write_csv",
)

#: The keyword arguments of ``WorkLog(...)``: what the readers return.
Columns = dict[str, Any]


def read_csv_file(path: str | os.PathLike[str]) -> Columns:
    """The columns of a CSV file of labourchain's own, read by the Python reader.

    Raises:
        LogFormatError: for a file that is not UTF-8 (naming the byte and line), or any
            row or header that cannot be accepted.
        InvalidInputError: for a missing file or a directory.
    """
    name = os.fspath(path)
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            return read_csv(handle, name)
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


def read_records(records: Iterable[Mapping[str, Any]]) -> Columns:
    """The columns of dicts with the column names as keys (see ``WorkLog.from_records``).

    Raises:
        LogFormatError: naming the 0-based index of the first bad record and the column.
    """
    builder = RowReader(source=None)
    for index, record in enumerate(records):
        if not isinstance(record, Mapping):
            raise LogFormatError(
                f"each record must be a mapping of column to value, got {record!r}",
                row=index,
            )
        builder.add(record, row=index)
    return builder.build()


def format_number(value: float) -> str:
    """A number as the writer puts it: an integer without a point, else ``repr``."""
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def write_csv(handle: TextIO, header: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    """Write a header and rows of text as CSV (``\n`` line ends)."""
    writer = csv.writer(handle, lineterminator="\n")
    # csv quotes a field holding the line terminator ("\n") but not a lone
    # carriage return, which a reader then takes for a line break: quote
    # every field of such a row.
    quoted = csv.writer(handle, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(header)
    for row in rows:
        (quoted if any("\r" in field for field in row) else writer).writerow(row)


_DELIMITERS: Final = (",", ";", "\t")


def sniff_delimiter(header_line: str, known: Iterable[str] = INPUT_COLUMNS) -> str:
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


def read_csv(handle: TextIO, source: str) -> Columns:
    """The columns of labourchain's own CSV read from a text stream (``source`` names it).

    Raises:
        LogFormatError: for any row or header that cannot be accepted.
    """
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
        names = [n.lower() if n.lower() in INPUT_COLUMNS else n for n in names]
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
        extra_names = [n for n in names if n not in INPUT_COLUMNS]
        builder = RowReader(source=source, extra=extra_names)
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


class RowReader:
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
        self.text: dict[str, list[int]] = {c: [] for c in TEXT_COLUMNS}
        self.tables: dict[str, dict[str, int]] = {c: {} for c in TEXT_COLUMNS}
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
            if key not in INPUT_COLUMNS and key not in self.extra:
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
        self.activity.append(CODE[activity])
        self.reward.append(math.nan if reward is None else reward)
        self.currency.append(self.currencies.setdefault(code, len(self.currencies)) if code else -1)
        for column in TEXT_COLUMNS:
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
                f"{moment.isoformat()} is not {BOUNDS_TEXT}: labourchain reads logs of real "
                "work in that range",
                row,
                "start",
                value,
            )
        delta = moment - EPOCH
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
            raise self.error(f"{SPAN_TEXT}, got {value!r}", row, column, value)
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
        delta = end - EPOCH
        end_us = (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds
        if end_us < start_us:
            raise self.error(f"end {end_value!s} is before the start", row, "end", end_value)
        from_end = (end_us - start_us) / US_PER_MINUTE
        if from_end > MAX_SPAN_MINUTES:
            raise self.error(
                f"{SPAN_TEXT}: end {end_value!s} is {from_end:g} minutes after the start",
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

    def build(self) -> Columns:
        """The columns read, as the keyword arguments of ``WorkLog(...)``."""
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
            c: LabelColumn(whole(c, np.int32).astype(code_dtype(len(t))), tuple(t))
            for c, t in self.tables.items()
        }
        return {
            **numeric,
            "currency_code": code,
            "currency_table": table,
            **labels,
            "extra": tuple((n, whole("extra:" + n)) for n in self.extra),
        }


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
