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

Layout. The class is in ``_log``; its validation, run by the constructor, in
``_validation``; the CSV and records readers and the writer in ``_io``; the
dictionary-encoded label columns in ``_labels``; counted time where spans overlap
in ``_timeline`` (the sweep itself is ``labourchain._intervals.shared_lengths``);
column names and bounds in ``_columns``. The readers of other tools' files (``_trackers``,
``_batches``, pandas and Arrow in ``_frames``, the registry of formats in ``_formats``)
return the constructor's keyword arguments too; their public module is
:mod:`labourchain.formats`.

>>> log = WorkLog.from_records([
...     {"start": "2024-03-04T21:00:00+03:00", "minutes": 12, "activity": "search"},
...     {"start": "2024-03-04T21:12:00+03:00", "minutes": 30, "activity": "paid",
...      "reward": 1.50, "currency": "USD", "platform": "Remotasks", "task_id": "t1"},
... ])
>>> len(log), log.total_minutes
(2, 42.0)
"""

from __future__ import annotations

from labourchain.worklog._columns import (
    COLUMNS,
    EARLIEST,
    LATEST,
    MAX_REWARD,
    MAX_SPAN_MINUTES,
)
from labourchain.worklog._columns import WORKER_COLUMN as WORKER_COLUMN
from labourchain.worklog._columns import FloatArray as FloatArray
from labourchain.worklog._columns import Int64Array as Int64Array
from labourchain.worklog._columns import ObjArray as ObjArray
from labourchain.worklog._columns import StrArray as StrArray
from labourchain.worklog._formats import BATCH_COLUMNS as BATCH_COLUMNS
from labourchain.worklog._formats import FORMATS as FORMATS
from labourchain.worklog._formats import Format as Format
from labourchain.worklog._formats import detect as detect
from labourchain.worklog._formats import get as get
from labourchain.worklog._formats import names as names
from labourchain.worklog._formats import read_batch_columns as read_batch_columns
from labourchain.worklog._io import sniff_delimiter
from labourchain.worklog._labels import LabelColumn
from labourchain.worklog._log import WorkLog
from labourchain.worklog._log import read_csv_fast as read_csv_fast
from labourchain.worklog._timeline import Timeline
from labourchain.worklog._trackers import ActivityMap as ActivityMap
from labourchain.worklog._trackers import local_instant as local_instant

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
