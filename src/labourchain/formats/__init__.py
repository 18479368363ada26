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
from typing import Any, TextIO

from labourchain.requester import Batch, batch_of
from labourchain.worklog import BATCH_COLUMNS as BATCH_COLUMNS
from labourchain.worklog import (
    FORMATS,
    ActivityMap,
    Format,
    WorkLog,
    detect,
    get,
    local_instant,
    names,
    read_batch_columns,
    read_csv_fast,
)

Source = str | os.PathLike[str] | TextIO

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
    return WorkLog.read(source, format, **options)


def read_batch(source: Source, format: str | None = None, **options: Any) -> Batch:
    """Read a requester's batch file (``mturk-batch`` or ``prolific``) as a :class:`Batch`."""
    return batch_of(read_batch_columns(source, format, **options))


def from_pandas(df: Any) -> WorkLog:
    """A log from a DataFrame with the log's columns (extra columns are kept).

    ``start`` must be timezone-aware: a ``datetime64[..., tz]`` column (each
    row's offset in that zone is kept, or ``offset_s`` if given), or Python
    datetimes with offsets. ``activity`` may be names (any case), a
    categorical, or integer codes. Validated as every log is.

    Raises:
        LogFormatError: naming the first bad row (0-based) and column.
    """
    return WorkLog.from_pandas(df)


def to_pandas(log: WorkLog) -> Any:
    """The log as a pandas DataFrame (as :meth:`WorkLog.to_pandas`).

    The table's columns are the log's: ``start`` (timezone-aware, UTC),
    ``offset_s`` (the UTC offset each start was written with, seconds),
    ``minutes``, ``activity`` (categorical), ``reward`` (NaN where none),
    ``currency`` (categorical, missing where no reward), ``platform``, ``client``,
    ``task_id``, ``kind``, ``note``, then the log's extra columns.
    """
    return log.to_pandas()


def from_arrow(table: Any) -> WorkLog:
    """A log from a pyarrow Table with the log's columns (extra columns are kept).

    ``start`` must be a timezone-aware timestamp (``offset_s``, if present,
    gives each row's offset; otherwise the offset in the column's zone), or
    ISO 8601 text with offsets. Numeric columns of one chunk are used without
    a copy where their type allows; columns of many chunks are converted chunk
    by chunk.

    Raises:
        LogFormatError: naming the first bad row (0-based) and column.
    """
    return WorkLog.from_arrow(table)


def to_arrow(log: WorkLog) -> Any:
    """The log as a pyarrow Table (numeric columns shared, not copied)."""
    return log.to_arrow()
