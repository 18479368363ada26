"""The files workers and requesters already have, read into a :class:`~labourchain.WorkLog`.

=============== ===================================================================
``labourchain`` labourchain's own CSV (:data:`~labourchain.worklog.COLUMNS`)
``toggl``       Toggl Track's detailed report, exported as CSV
``clockify``    Clockify's detailed report, exported as CSV
``mturk-batch`` Amazon Mechanical Turk's batch results CSV (a requester's)
``prolific``    Prolific's submissions export CSV (a researcher's)
=============== ===================================================================

:func:`read` (and :meth:`WorkLog.read <labourchain.WorkLog.read>`) reads any
of them; :func:`read_batch` gives a batch file's :class:`Batch` (worker ids,
HITs and statuses beside the log) for :func:`~labourchain.pool` and top-ups;
:func:`detect` names the format of a file from its header, when only one
format fits.

**How each maps onto the log.**

*Toggl Track* (columns from Toggl's help page "Editing and uploading a CSV
file", which says the import takes the detailed report export's columns:
User, Email, Client, Project, Task, Description, Billable, Start date, Start
time, End date, End time, Duration, Tags, Amount (XXX)) and *Clockify*
(Project, Client, Description, Task, User, Group, Email, Tags, Billable,
Start Date, Start Time, End Date, End Time, Duration (h), Duration (decimal),
Billable Rate (XXX), Billable Amount (XXX)): each time entry is a row; start
and end are wall-clock times in ``tz`` (required); the activity comes from an
:class:`ActivityMap` (tags, then project, task, description, client); the
reward of a paid entry is its amount (Toggl's ``Amount``, Clockify's
``Billable Amount``), in the currency the column's header names. Client goes
to ``client``, Project to ``kind``, Task to ``task_id``, Description to
``note``; Tags is kept as an extra column.

*MTurk batch results* (HITId, HITTypeId, Title, ..., Reward, ...,
AssignmentId, WorkerId, AssignmentStatus, AcceptTime, SubmitTime, ...,
WorkTimeInSeconds, ..., Input.*, Answer.*): each assignment is a row,
starting at AcceptTime and lasting WorkTimeInSeconds; Approved and Submitted
(awaiting review: MTurk approves it when the auto-approval delay ends) are
``paid``, Rejected is ``rejected``; the reward is Reward (US dollars).

*Prolific submissions* (Submission id, Participant id, Status, Custom study
tncs accepted at, Started at, Completed at, Reviewed at, Archived at, Time
taken, Completion code, Total approvals, then demographics): each submission
is a row, starting at Started at (UTC) and lasting Time taken seconds;
APPROVED and AWAITING REVIEW are ``paid``, REJECTED ``rejected``, RETURNED
and TIMED-OUT ``returned``; SCREENED OUT is paid ``screened_out_reward``.
The export has no reward column: give ``reward``. ACTIVE and RESERVED
submissions (still in progress) are left out and listed in
:attr:`Batch.skipped`.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any, Final

import attrs

from labourchain.errors import InvalidInputError, LogFormatError
from labourchain.formats._batches import (
    MTURK_COLUMNS,
    PROLIFIC_COLUMNS,
    Batch,
    read_mturk_batch,
    read_prolific,
)
from labourchain.formats._frames import (
    from_arrow,
    from_pandas,
    read_csv_fast,
    to_arrow,
    to_pandas,
)
from labourchain.formats._table import Source, open_table
from labourchain.formats._trackers import (
    CLOCKIFY,
    TOGGL,
    ActivityMap,
    local_instant,
    read_clockify,
    read_toggl,
)
from labourchain.worklog import COLUMNS, WorkLog

__all__ = (
    "FORMATS",
    "ActivityMap",
    "Batch",
    "Format",
    "detect",
    "from_arrow",
    "from_pandas",
    "get",
    "local_instant",
    "names",
    "read",
    "read_batch",
    "read_csv_fast",
    "to_arrow",
    "to_pandas",
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


def _read_own(source: Source, **options: Any) -> WorkLog:
    if options:
        raise InvalidInputError(
            f"labourchain's own CSV takes no options, got {', '.join(sorted(options))}"
        )
    return WorkLog.from_csv(source)


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


def _format(source: Source, format: str | None) -> Format:
    if format is not None:
        return get(format)
    if isinstance(source, (str, os.PathLike)):
        return detect(source)
    return FORMATS["labourchain"]


def _check_options(fmt: Format, options: dict[str, Any]) -> dict[str, Any]:
    given = {k: v for k, v in options.items() if v is not None}
    unknown = sorted(set(given) - set(fmt.options))
    if unknown:
        takes = ", ".join(fmt.options) if fmt.options else "none"
        raise InvalidInputError(
            f"the {fmt.name} format takes no option {', '.join(unknown)} (its options: {takes})"
        )
    return given


def read(source: Source, format: str | None = None, **options: Any) -> WorkLog:
    """Read a log in any of :data:`FORMATS` (detected from the header if ``format`` is None).

    Args:
        source: A path, or a text stream (then ``format`` defaults to labourchain's own).
        format: A name from :func:`names`.
        options: The format's options (``tz``, ``activity_map``, ``reward``...);
            ``None`` values are ignored.

    A batch file gives the log of all its workers' assignments together.

    Raises:
        LogFormatError: naming the line and column of what cannot be read.
    """
    fmt = _format(source, format)
    given = _check_options(fmt, options)
    result = fmt.reader(source, **given)
    log: WorkLog = result.log if isinstance(result, Batch) else result
    return log


def read_batch(source: Source, format: str | None = None, **options: Any) -> Batch:
    """Read a requester's batch file (``mturk-batch`` or ``prolific``) as a :class:`Batch`."""
    fmt = _format(source, format)
    if not fmt.batch:
        batches = ", ".join(f.name for f in FORMATS.values() if f.batch)
        raise InvalidInputError(f"{fmt.name} is not a batch format: batch files are {batches}")
    result = fmt.reader(source, **_check_options(fmt, options))
    assert isinstance(result, Batch)
    return result


#: The columns each batch format's reader uses.
BATCH_COLUMNS: Final = {"mturk-batch": MTURK_COLUMNS, "prolific": PROLIFIC_COLUMNS}
