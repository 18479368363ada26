"""Reading another program's CSV export: encoding, delimiter, header, rows with line numbers."""

from __future__ import annotations

import csv
import itertools
import math
import os
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import IO, Any, TextIO

import attrs

from labourchain.errors import InvalidInputError, LogFormatError
from labourchain.worklog._io import Columns, read_records, sniff_delimiter

__all__ = ("Row", "Table", "columns_from_records", "open_table")

Source = str | os.PathLike[str] | TextIO


@attrs.frozen
class Row:
    """One data row: the line a spreadsheet shows it on (header = 1) and its fields by name."""

    line: int
    fields: dict[str, str]
    source: str

    def get(self, column: str) -> str:
        """The field, stripped ("" where the column is absent)."""
        return self.fields.get(column, "").strip()

    def number(self, column: str, text: str, *, not_number: str, negative: str) -> float:
        """``text`` (read from ``column``) as a finite number >= 0.

        Raises:
            LogFormatError: ``not_number`` when it is no number, ``negative`` when it is
                negative or not finite; naming this row's line and ``column``.
        """
        try:
            value = float(text)
        except ValueError:
            raise self.error(not_number, column) from None
        if not math.isfinite(value) or value < 0:
            raise self.error(negative, column)
        return value

    def moment(self, column: str, text: str, *, expected: str) -> datetime:
        """``text`` (read from ``column``) as an ISO 8601 date and time (naive if it has no offset).

        Raises:
            LogFormatError: ``"{text!r} is not {expected}"``, naming this row's line and column.
        """
        try:
            return datetime.fromisoformat(text)
        except ValueError:
            raise self.error(f"{text!r} is not {expected}", column) from None

    def error(self, message: str, column: str | None = None) -> LogFormatError:
        """A :class:`LogFormatError` naming this row's line and ``column``."""
        return LogFormatError(
            message,
            row=self.line,
            column=column,
            value=None if column is None else self.fields.get(column),
            source=self.source,
        )


def columns_from_records(records: list[dict[str, Any]], lines: list[int], source: str) -> Columns:
    """The log's columns (``WorkLog(...)``'s keyword arguments) from a reader's records, its
    errors naming the file's line.

    Raises:
        LogFormatError: naming ``lines[i]`` of ``source`` for a bad record ``i``.
    """
    try:
        return read_records(records)
    except LogFormatError as exc:
        line = lines[exc.row] if exc.row is not None and exc.row < len(lines) else None
        raise LogFormatError(
            str(exc).split(": ", 1)[-1], row=line, column=exc.column, source=source
        ) from None


@attrs.frozen
class Table:
    """A CSV file's header and an iterator over its data rows."""

    header: tuple[str, ...]
    rows: Iterator[Row]
    source: str

    def require(self, columns: Iterable[str], what: str) -> None:
        """Refuse a header that lacks any of ``columns``."""
        missing = [c for c in columns if c not in self.header]
        if missing:
            raise LogFormatError(
                f"this is not {what}: the header lacks {', '.join(repr(m) for m in missing)} "
                f"(header: {', '.join(self.header)})",
                row=1,
                source=self.source,
            )


def _rows(reader: Any, header: Sequence[str], source: str) -> Iterator[Row]:
    line = reader.line_num
    try:
        for fields in reader:
            row = line + 1
            line = reader.line_num
            if not fields or all(not f.strip() for f in fields):
                continue
            if len(fields) != len(header):
                raise LogFormatError(
                    f"has {len(fields)} fields but the header has {len(header)}",
                    row=row,
                    source=source,
                )
            yield Row(row, dict(zip(header, fields, strict=True)), source)
    except csv.Error as exc:
        raise LogFormatError(f"not valid CSV: {exc}", row=reader.line_num, source=source) from None


def read_header(handle: TextIO, source: str, known: Iterable[str]) -> Table:
    """The table of an open text file (its BOM and delimiter detected)."""
    first = handle.readline()
    if first.startswith("\ufeff"):
        first = first[1:]
    if not first.strip():
        raise LogFormatError("the file is empty: expected a header row", source=source)
    delimiter = sniff_delimiter(first, known)
    reader = csv.reader(itertools.chain([first], handle), delimiter=delimiter)
    try:
        header = tuple(h.strip() for h in next(reader))
    except csv.Error as exc:
        raise LogFormatError(f"not valid CSV: {exc}", row=1, source=source) from None
    duplicated = sorted({h for h in header if header.count(h) > 1})
    if duplicated:
        raise LogFormatError(
            f"column {duplicated[0]!r} appears more than once in the header", row=1, source=source
        )
    return Table(header, _rows(reader, header, source), source)


class open_table:
    """Open a CSV export (path or text stream) as a :class:`Table`.

    Paths are read as UTF-8 (a BOM is dropped); bytes that are not UTF-8 are
    refused with their line.
    """

    def __init__(self, source: Source, known: Iterable[str]) -> None:
        self._source = source
        self._known = tuple(known)
        self._handle: IO[str] | None = None

    def __enter__(self) -> Table:
        source = self._source
        if isinstance(source, (str, os.PathLike)):
            name = os.fspath(source)
            try:
                self._handle = open(source, encoding="utf-8-sig", newline="")
            except FileNotFoundError:
                raise InvalidInputError(f"no such file: {name}") from None
            except IsADirectoryError:
                raise InvalidInputError(f"{name} is a directory, not a file") from None
            try:
                return read_header(self._handle, name, self._known)
            except UnicodeDecodeError:
                self._handle.close()
                raise _not_utf8(name) from None
        return read_header(source, getattr(source, "name", "<stream>"), self._known)

    def __exit__(self, kind: object, exc: BaseException | None, tb: object) -> None:
        if self._handle is not None:
            self._handle.close()
        if isinstance(exc, UnicodeDecodeError) and isinstance(self._source, (str, os.PathLike)):
            raise _not_utf8(os.fspath(self._source)) from None


def _not_utf8(name: str) -> LogFormatError:
    return LogFormatError("the file is not UTF-8 text: export it again as UTF-8 CSV", source=name)
