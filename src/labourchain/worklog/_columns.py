"""A log's columns: their names, the bounds of their values, and the array helpers.

The constants every part of :mod:`labourchain.worklog` shares (the class, its
validation, the CSV reader and writer). Public names of a private module: the
format readers (:mod:`labourchain.formats`) use them too.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from labourchain._parse import MAX_AMOUNT, MAX_DURATION_MINUTES
from labourchain._typing import FloatArray
from labourchain.errors import InvalidInputError

__all__ = (
    "BOUNDS_TEXT",
    "COLUMNS",
    "EARLIEST",
    "EARLIEST_US",
    "EPOCH",
    "INPUT_COLUMNS",
    "LATEST",
    "LATEST_US",
    "MAX_REWARD",
    "MAX_SPAN_MINUTES",
    "SPAN_TEXT",
    "TEXT_COLUMNS",
    "US_PER_MINUTE",
    "WORKER_COLUMN",
    "FloatArray",
    "Int64Array",
    "ObjArray",
    "StrArray",
    "_extra_columns",
    "_frozen_array",
    "arrays_equal",
    "str_tuple",
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
#: The label columns (text, stored dictionary-encoded), in file order.
TEXT_COLUMNS: Final = ("platform", "client", "task_id", "kind", "note")
#: An extra column naming the worker of each row, in a log of several workers'
#: time (a requester's batch): overlapping spans are shared only within one worker.
WORKER_COLUMN: Final = "worker_id"
#: The columns a file may have as input (``end`` instead of ``minutes``).
INPUT_COLUMNS: Final = frozenset((*COLUMNS, "end"))
#: 1970-01-01 UTC, the origin of ``start_us``.
EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)
#: Microseconds in a minute.
US_PER_MINUTE: Final = 60_000_000
#: The earliest start a log may hold (UTC).
EARLIEST: Final = datetime(1990, 1, 1, tzinfo=UTC)
#: The latest start a log may hold (UTC).
LATEST: Final = datetime(2100, 1, 1, tzinfo=UTC)
#: The longest span one row may hold, in minutes (7 days).
MAX_SPAN_MINUTES: Final = MAX_DURATION_MINUTES
#: The largest reward one row may hold, in the currency's units.
MAX_REWARD: Final = MAX_AMOUNT
#: :data:`EARLIEST` and :data:`LATEST` as microseconds since the epoch.
EARLIEST_US: Final = int((EARLIEST - EPOCH).total_seconds()) * 1_000_000
LATEST_US: Final = int((LATEST - EPOCH).total_seconds()) * 1_000_000
#: How errors name the bounds of a start, and of a span.
BOUNDS_TEXT: Final = "between 1990-01-01 and 2100-01-01 (UTC)"
SPAN_TEXT: Final = (
    "a span may last at most 10080 minutes (7 days): log a longer stretch as several rows"
)

Int64Array = npt.NDArray[np.int64]
StrArray = npt.NDArray[np.str_]
ObjArray = npt.NDArray[np.object_]


def str_tuple(value: Iterable[str]) -> tuple[str, ...]:
    """``value`` as a tuple (an attrs converter)."""
    return tuple(value)


def _frozen_array(a: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """``a`` contiguous and read-only (an attrs converter)."""
    a = np.ascontiguousarray(a)
    a.flags.writeable = False
    return a


def _extra_columns(
    value: Iterable[tuple[str, npt.ArrayLike]] | Mapping[str, npt.ArrayLike],
) -> tuple[tuple[str, ObjArray], ...]:
    """Extra columns as ``(name, read-only object array)`` pairs; names may not repeat."""
    items = value.items() if isinstance(value, Mapping) else value
    out = tuple((str(name), _frozen_array(np.asarray(col, dtype=object))) for name, col in items)
    names = [name for name, _ in out]
    if len(set(names)) != len(names):
        raise InvalidInputError(f"extra columns repeat a name: {names}")
    return out


def arrays_equal(a: np.ndarray[Any, Any], b: np.ndarray[Any, Any]) -> bool:
    """Whether two columns hold the same values (NaN equal to NaN in float columns)."""
    if a.shape != b.shape:
        return False
    if a.dtype.kind == "f":
        return bool(np.array_equal(a, b, equal_nan=True))
    return bool(np.array_equal(a, b))
