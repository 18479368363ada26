"""The formats labourchain reads, by name: the registry behind :mod:`labourchain.formats`.

Each reader returns the log's columns (``WorkLog(...)``'s keyword arguments), a batch
reader a ``BatchColumns`` (``_batches``): the class is built by
:meth:`WorkLog.read <labourchain.WorkLog.read>` (and :func:`labourchain.formats.read_batch`),
so nothing here imports it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any, Final

import attrs

from labourchain.errors import InvalidInputError, LogFormatError
from labourchain.worklog._batches import (
    MTURK_COLUMNS,
    PROLIFIC_COLUMNS,
    BatchColumns,
    read_mturk_batch,
    read_prolific,
)
from labourchain.worklog._columns import COLUMNS
from labourchain.worklog._io import Columns, read_csv, read_csv_file
from labourchain.worklog._table import Source, open_table
from labourchain.worklog._trackers import CLOCKIFY, TOGGL, read_clockify, read_toggl

__all__ = (
    "BATCH_COLUMNS",
    "FORMATS",
    "Format",
    "check_options",
    "detect",
    "get",
    "names",
    "read_batch_columns",
    "resolve",
)


@attrs.frozen(kw_only=True)
class Format:
    """A file format labourchain reads.

    Attributes:
        name: What ``format=`` and ``--format`` take.
        description: One line for ``labourchain formats``.
        source: Where its columns are published.
        signature: Header columns that identify it (all present).
        options: The keyword options its reader takes.
        batch: Whether it is a requester's batch file (read by :func:`read_batch`).
    """

    name: str
    description: str
    source: str
    signature: tuple[str, ...]
    options: tuple[str, ...]
    batch: bool
    reader: Callable[..., Any] = attrs.field(repr=False)

    def matches(self, header: tuple[str, ...]) -> bool:
        """Whether a header has all of this format's signature columns."""
        return all(column in header for column in self.signature)


def _read_own(source: Source, **options: Any) -> Columns:
    if options:
        raise InvalidInputError(
            f"labourchain's own CSV takes no options, got {', '.join(sorted(options))}"
        )
    # The Python reader; WorkLog.read reads this format with WorkLog.from_csv (fast path).
    if isinstance(source, (str, os.PathLike)):
        return read_csv_file(source)
    return read_csv(source, getattr(source, "name", "<stream>"))


_TRACKER_OPTIONS: Final = ("tz", "activity_map", "currency", "date_format", "platform")

#: The formats, by name.
FORMATS: Final[dict[str, Format]] = {
    f.name: f
    for f in (
        Format(
            name="labourchain",
            description="labourchain's own CSV: start, minutes, activity, reward, currency, ...",
            source="labourchain.worklog module docs",
            signature=("start", "activity"),
            options=(),
            batch=False,
            reader=_read_own,
        ),
        Format(
            name="toggl",
            description="Toggl Track detailed report CSV (needs the time zone and an activity map)",
            source="https://support.toggl.com/import-and-export/csv-import/editing-and-uploading-a-csv-file",
            signature=(TOGGL.start_date, TOGGL.start_time, "Duration", "Project", "Description"),
            options=_TRACKER_OPTIONS,
            batch=False,
            reader=read_toggl,
        ),
        Format(
            name="clockify",
            description="Clockify detailed report CSV (needs the time zone and an activity map)",
            source="https://clockify.me/help/reports/exporting-reports",
            signature=(CLOCKIFY.start_date, CLOCKIFY.start_time, "Duration (h)", "Project"),
            options=_TRACKER_OPTIONS,
            batch=False,
            reader=read_clockify,
        ),
        Format(
            name="mturk-batch",
            description="Amazon Mechanical Turk batch results CSV (a requester's, one batch)",
            source="https://docs.aws.amazon.com/AWSMechTurk/latest/RequesterUI/batch-results.html",
            signature=("HITId", "WorkerId", "AssignmentStatus", "WorkTimeInSeconds"),
            options=(),
            batch=True,
            reader=read_mturk_batch,
        ),
        Format(
            name="prolific",
            description="Prolific submissions export CSV (a researcher's; needs the reward)",
            source="https://researcher-help.prolific.com (Exporting your data)",
            signature=("Submission id", "Participant id", "Status", "Time taken"),
            options=("reward", "screened_out_reward", "study"),
            batch=True,
            reader=read_prolific,
        ),
    )
}
_ALIASES: Final = {"mturk": "mturk-batch", "own": "labourchain", "toggl-track": "toggl"}
_KNOWN: Final = frozenset(c for f in FORMATS.values() for c in f.signature) | frozenset(COLUMNS)


def names() -> tuple[str, ...]:
    """The formats' names, labourchain's own first."""
    return tuple(FORMATS)


def get(name: str) -> Format:
    """The format called ``name`` (``mturk`` is ``mturk-batch``).

    Raises:
        InvalidInputError: naming the formats there are.
    """
    key = _ALIASES.get(name.strip().lower(), name.strip().lower()) if isinstance(name, str) else ""
    if key not in FORMATS:
        raise InvalidInputError(
            f"unknown format {name!r}: expected one of {', '.join(FORMATS)} "
            "(labourchain formats describes them)"
        )
    return FORMATS[key]


def detect(source: str | os.PathLike[str]) -> Format:
    """The one format whose signature the file's header has.

    Raises:
        LogFormatError: if no format, or more than one, fits (name it with ``format=``).
    """
    with open_table(source, _KNOWN) as table:
        header = table.header
        name = table.source
    lowered = tuple(h.lower() for h in header)
    fits = [
        f
        for f in FORMATS.values()
        if f.matches(header) or (f.name == "labourchain" and f.matches(lowered))
    ]
    if len(fits) == 1:
        return fits[0]
    if not fits:
        if any(h in COLUMNS for h in lowered):
            return FORMATS["labourchain"]  # its reader names what is wrong with the header
        raise LogFormatError(
            f"the header fits no format labourchain knows ({', '.join(header[:8])}"
            f"{', ...' if len(header) > 8 else ''}): labourchain's own columns are "
            f"{', '.join(COLUMNS)}; other formats: {', '.join(list(FORMATS)[1:])}",
            row=1,
            source=name,
        )
    raise LogFormatError(
        f"the header fits several formats ({', '.join(f.name for f in fits)}): name one "
        "with format= (--format)",
        row=1,
        source=name,
    )


def resolve(source: Source, format: str | None) -> Format:
    """The format called ``format``, or (None) the one detected from a file's header
    (labourchain's own for a text stream)."""
    if format is not None:
        return get(format)
    if isinstance(source, (str, os.PathLike)):
        return detect(source)
    return FORMATS["labourchain"]


def check_options(fmt: Format, options: dict[str, Any]) -> dict[str, Any]:
    """The options given (``None`` values dropped), refusing any ``fmt`` does not take."""
    given = {k: v for k, v in options.items() if v is not None}
    unknown = sorted(set(given) - set(fmt.options))
    if unknown:
        takes = ", ".join(fmt.options) if fmt.options else "none"
        raise InvalidInputError(
            f"the {fmt.name} format takes no option {', '.join(unknown)} (its options: {takes})"
        )
    return given


def read_batch_columns(source: Source, format: str | None = None, **options: Any) -> BatchColumns:
    """What a requester's batch file (``mturk-batch`` or ``prolific``) holds, as read.

    Raises:
        InvalidInputError: if the format is not a batch format, or takes no such option.
        LogFormatError: naming the line and column of what cannot be read.
    """
    fmt = resolve(source, format)
    if not fmt.batch:
        batches = ", ".join(f.name for f in FORMATS.values() if f.batch)
        raise InvalidInputError(f"{fmt.name} is not a batch format: batch files are {batches}")
    result = fmt.reader(source, **check_options(fmt, options))
    assert isinstance(result, BatchColumns)
    return result


#: The columns each batch format's reader uses.
BATCH_COLUMNS: Final = {"mturk-batch": MTURK_COLUMNS, "prolific": PROLIFIC_COLUMNS}
