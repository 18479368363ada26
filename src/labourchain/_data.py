"""The one reader of labourchain's data tables: bundled CSV files and rate files of your own.

Every CSV table labourchain reads (``data/countries.csv``, ``data/currencies.csv``,
``data/reference.csv``, ``data/fx_annual.csv``, ``data/fx_monthly.csv``,
``data/redenominations.csv`` and an exchange-rate file passed with ``--rates``) goes
through :func:`read_table`: comment lines (``#``) and blank lines are skipped, a quoted
field may span lines, every record keeps the line it starts on, and a record whose field
count differs from the header's is refused naming the file and line. :func:`parse_date`
and :func:`parse_positive` read the cells of a dated table with errors in the same shape.

>>> t = read_table("# a comment\\ncode,rate\\nKES,129.3\\n", "rates.csv")
>>> t.header, list(t.lines())
(('code', 'rate'), [(3, ['KES', '129.3'])])
>>> [(line, row["rate"]) for line, row in t.records()]
[(3, '129.3')]
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterator, Sequence
from datetime import date
from functools import cache
from importlib import resources

import attrs

from labourchain.errors import InvalidInputError

__all__ = (
    "Table",
    "bundled_table",
    "bundled_text",
    "comment_text",
    "csv_records",
    "parse_date",
    "parse_positive",
    "read_table",
)


def bundled_text(name: str) -> str:
    """The text of a file shipped in the package (``"data/reference.csv"``)."""
    return resources.files("labourchain").joinpath(name).read_text("utf-8")


def comment_text(text: str) -> str:
    """The comment lines of a table (``#`` at the start) joined into one line of text."""
    if not text.startswith("#") and "\n#" not in text:
        return ""
    return " ".join(line.lstrip("# ").strip() for line in text.splitlines() if line[:1] == "#")


def _blank_or_comment(line: str) -> bool:
    return not line.strip() or line.lstrip().startswith("#")


def csv_records(text: str, name: str) -> list[tuple[int, list[str]]]:
    """The CSV records of ``text`` with the line each starts on, skipping comment lines.

    A quoted field may span lines (a multi-line ``source``); a line starting
    with ``#`` outside a quoted field is a comment, as is a blank line.

    Raises:
        InvalidInputError: for text that is not CSV, naming ``name`` and the line.
    """
    if '"' not in text:  # no quoted field: a record is a line, its fields split at commas
        return [
            (number, line.split(","))
            for number, line in enumerate(text.splitlines(), start=1)
            if line and line[0] != "#" and not (line[0].isspace() and _blank_or_comment(line))
        ]
    starts: list[int] = []
    texts: list[str] = []
    pending: list[str] = []
    first = 0
    for number, line in enumerate(text.splitlines(keepends=True), start=1):
        if not pending:
            if _blank_or_comment(line):
                continue
            first = number
            if '"' not in line:  # the common case: a whole record on one line
                starts.append(number)
                texts.append(line)
                continue
        pending.append(line)
        joined = "".join(pending)
        if joined.count('"') % 2:  # inside a quoted field: the record goes on
            continue
        starts.append(first)
        texts.append(joined)
        pending = []
    if pending:
        raise InvalidInputError(f"{name}, line {first}: a quoted field is never closed")
    try:  # one reader for the whole table; row by row only to name a bad line
        rows = list(csv.reader(texts))
    except csv.Error:
        rows = []
    if len(rows) == len(texts):
        return list(zip(starts, rows, strict=True))
    records: list[tuple[int, list[str]]] = []
    for start, record in zip(starts, texts, strict=True):
        try:
            parsed = list(csv.reader([record]))
        except csv.Error as exc:
            raise InvalidInputError(f"{name}, line {start}: not valid CSV: {exc}") from None
        records.append((start, parsed[0] if parsed else []))
    return records


@attrs.frozen
class Table:
    """A CSV table as read: its header, its rows with their lines, and its comments.

    Attributes:
        name: Where it comes from (a path or ``data/...``), for error messages.
        header: The column names (stripped).
        header_line: The line the header is on.
        rows: ``(line, fields)`` for each record below the header, as read (:meth:`lines`
            checks their width).
        comments: The comment lines joined (see :func:`comment_text`).
    """

    name: str
    header: tuple[str, ...]
    header_line: int
    rows: tuple[tuple[int, Sequence[str]], ...]
    comments: str = ""

    def lines(self) -> Iterator[tuple[int, Sequence[str]]]:
        """Each row as ``(line, fields)``, all checked first to have the header's fields.

        Raises:
            InvalidInputError: naming the file and line of a row with the wrong number of
                fields.
        """
        width = len(self.header)
        for line, fields in self.rows:
            if len(fields) != width:
                raise InvalidInputError(
                    f"{self.name}, line {line}: has {len(fields)} fields but the header has {width}"
                )
        return iter(self.rows)

    def records(self, *, strip: bool = False) -> Iterator[tuple[int, dict[str, str]]]:
        """Each row as ``(line, {column: field})`` (fields stripped of space with ``strip``).

        Raises:
            InvalidInputError: naming the file and line of the first row, in file order,
                with the wrong number of fields.
        """
        header = self.header
        width = len(header)
        for line, fields in self.rows:  # checked row by row: errors come in file order
            if len(fields) != width:
                raise InvalidInputError(
                    f"{self.name}, line {line}: has {len(fields)} fields but the header has {width}"
                )
            values = (f.strip() for f in fields) if strip else fields
            yield line, dict(zip(header, values, strict=True))

    def column(self, name: str) -> int:
        """The index of column ``name``."""
        return self.header.index(name)


def read_table(
    text: str,
    name: str,
    *,
    required: tuple[str, ...] = (),
    allowed: tuple[str, ...] | None = None,
) -> Table:
    """Read CSV ``text`` with a header row: every row must have the header's fields.

    Args:
        text: The file's text.
        name: How errors name the file.
        required: Columns the header must have.
        allowed: The only columns the header may have (``None``: any).

    Raises:
        InvalidInputError: naming the file and line of an empty table, a header
            without a required column or with one not allowed (rows are checked as
            :meth:`Table.lines` gives them).
    """
    numbered = csv_records(text, name)
    if not numbered:
        raise InvalidInputError(f"{name}: empty; expected a header such as {','.join(required)!r}")
    header_line, names = numbered[0]
    header = tuple(h.strip() for h in names)
    if allowed is not None:
        for column in header:
            if column not in allowed:
                raise InvalidInputError(
                    f"{name}, line {header_line}: unknown column {column!r}; expected "
                    f"{', '.join(allowed)} ({' and '.join(required)} required)"
                )
    for column in required:
        if column not in header:
            raise InvalidInputError(
                f"{name}, line {header_line}: the header has no {column!r} column"
            )
    return Table(name, header, header_line, tuple(numbered[1:]), comment_text(text))


@cache
def bundled_table(name: str) -> Table:
    """A table shipped in the package (``"data/countries.csv"``), read once."""
    return read_table(bundled_text(name), name)


def parse_date(text: str, *, line: int, column: str, where: str) -> date:
    """``text`` as a ``YYYY-MM-DD`` date, else an error naming ``where``, the line and column."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        at = f", line {line}" if line else ""
        raise InvalidInputError(
            f"{where}{at}, column {column!r}: {text!r} is not a date (YYYY-MM-DD)"
        ) from None


def parse_positive(text: str, *, line: int, column: str, where: str) -> float | None:
    """``text`` as a finite number > 0, ``None`` when blank, else an error naming the cell."""
    if not text.strip():
        return None
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value <= 0:
        raise InvalidInputError(
            f"{where}, line {line}, column {column!r}: {text!r} is not a positive number"
        )
    return value
