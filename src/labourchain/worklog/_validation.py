"""The one place a log's rows are validated: :func:`check_columns`, run by ``WorkLog()``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

import numpy as np

from labourchain.activity import ACTIVITIES, CODE, TASK_WORK, Activity
from labourchain.errors import LabourchainError, LogFormatError
from labourchain.units import check_code
from labourchain.worklog._columns import (
    BOUNDS_TEXT,
    EARLIEST_US,
    INPUT_COLUMNS,
    LATEST_US,
    MAX_REWARD,
    MAX_SPAN_MINUTES,
    SPAN_TEXT,
    TEXT_COLUMNS,
    ObjArray,
)
from labourchain.worklog._labels import LabelColumn

__all__ = ("check_columns",)

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


def _first(mask: np.ndarray[Any, Any]) -> int | None:
    idx = np.flatnonzero(mask)
    return int(idx[0]) if idx.size else None


def check_columns(
    arrays: Sequence[tuple[str, np.ndarray[Any, Any]]],
    labels: Mapping[str, LabelColumn],
    currency_table: Sequence[str],
    extra: Sequence[tuple[str, ObjArray]],
) -> None:
    """Check every column of a log: the one place a log's rows are validated.

    Called by the constructor of :class:`~labourchain.worklog.WorkLog`, so a log
    built any way (``WorkLog(...)``, ``from_arrays``, slicing, ``concat``) holds
    only valid rows.

    Args:
        arrays: The numeric columns as ``(name, array)`` pairs, in the class's
            field order (``start_us``, ``offset_s``, ``minutes``, ``activity``,
            ``reward``, ``currency_code``).
        labels: The label columns by name (``platform`` ... ``note``).
        currency_table: The ISO 4217 codes ``currency_code`` indexes.
        extra: The extra columns, ``(name, values)`` pairs.

    Raises:
        LogFormatError: naming the first bad row (0-based) and column.
    """
    columns = dict(arrays)
    n = len(columns["start_us"])
    for name, column in arrays:
        if column.ndim != 1 or len(column) != n:
            raise LogFormatError(f"has shape {column.shape}, expected ({n},)", column=name)
        kind = _COLUMN_KINDS.get(name)
        if kind is not None and column.dtype.kind not in kind:
            raise LogFormatError(
                f"must hold {_KIND_NAMES[kind]}, got dtype {column.dtype}", column=name
            )
    for name in TEXT_COLUMNS:
        label = labels[name]
        codes = label.codes
        if codes.ndim != 1 or len(codes) != n:
            raise LogFormatError(f"has shape {codes.shape}, expected ({n},)", column=name)
        if codes.dtype.kind not in "iu":
            raise LogFormatError(f"codes must be integers, got dtype {codes.dtype}", column=name)
        if (row := _first((codes < 0) | (codes >= len(label.table)))) is not None:
            raise LogFormatError(
                f"label code {codes[row]} has no entry in the label table", row=row, column=name
            )
    for name, column in extra:
        if name in INPUT_COLUMNS:
            raise LogFormatError("an extra column cannot have a log column's name", column=name)
        if column.ndim != 1 or len(column) != n:
            raise LogFormatError(f"has shape {column.shape}, expected ({n},)", column=name)
    start_us, offset_s = columns["start_us"], columns["offset_s"]
    minutes, activity = columns["minutes"], columns["activity"]
    reward, currency_code = columns["reward"], columns["currency_code"]
    if (row := _first((activity < 0) | (activity >= len(ACTIVITIES)))) is not None:
        raise LogFormatError(
            f"activity code {activity[row]} is not between 0 and {len(ACTIVITIES) - 1}",
            row=row,
            column="activity",
        )
    if (row := _first(~np.isfinite(minutes) | (minutes < 0))) is not None:
        raise LogFormatError(
            f"minutes must be a finite number >= 0, got {minutes[row]!r}",
            row=row,
            column="minutes",
        )
    if (row := _first(minutes > MAX_SPAN_MINUTES)) is not None:
        raise LogFormatError(f"{SPAN_TEXT}, got {float(minutes[row])!r}", row=row, column="minutes")
    if (row := _first((start_us < EARLIEST_US) | (start_us > LATEST_US))) is not None:
        raise LogFormatError(
            f"the start must be {BOUNDS_TEXT}, got {int(start_us[row])} microseconds since 1970",
            row=row,
            column="start",
        )
    if (row := _first(np.abs(np.abs(offset_s)) >= 86_400)) is not None:
        raise LogFormatError(
            f"UTC offset of {offset_s[row]} s is not under 24 h", row=row, column="start"
        )
    has_reward = ~np.isnan(reward)
    if (row := _first(np.isinf(reward) | (reward < 0) | (reward > MAX_REWARD))) is not None:
        raise LogFormatError(
            f"reward must be a finite number >= 0 and at most {MAX_REWARD:g}, "
            f"got {float(reward[row])!r}",
            row=row,
            column="reward",
        )
    task_work = TASK_WORK[activity]
    if (row := _first(has_reward & ~task_work)) is not None:
        raise LogFormatError(
            f"a {ACTIVITIES[activity[row]].value!r} row cannot carry a reward: only "
            "paid, rejected and returned task work can",
            row=row,
            column="reward",
        )
    paid = activity == CODE[Activity.PAID]
    if (row := _first(paid & ~has_reward)) is not None:
        raise LogFormatError(
            "a 'paid' row needs a reward (write 0 if the task paid nothing)",
            row=row,
            column="reward",
        )
    bad_code = (currency_code < -1) | (currency_code >= len(currency_table))
    if (row := _first(bad_code)) is not None:
        raise LogFormatError(
            f"currency code {currency_code[row]} has no entry in the currency table",
            row=row,
            column="currency",
        )
    if (row := _first(has_reward & (currency_code < 0))) is not None:
        raise LogFormatError(
            "a reward needs a currency (an ISO 4217 code such as USD)",
            row=row,
            column="currency",
        )
    if (row := _first(~has_reward & (currency_code >= 0))) is not None:
        raise LogFormatError(
            f"currency {currency_table[currency_code[row]]!r} given without a reward",
            row=row,
            column="currency",
        )
    for index, code in enumerate(currency_table):
        try:
            check_code(code)
        except LabourchainError as exc:
            row = _first(currency_code == index)
            raise LogFormatError(str(exc), row=row, column="currency") from None
