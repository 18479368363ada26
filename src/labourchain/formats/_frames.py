"""pandas and Arrow: logs as DataFrames and tables, and a fast CSV reader through pyarrow.

Neither library is imported by ``import labourchain``: each function imports
what it needs when called, and says how to install it if it is missing.

The table's columns are the log's: ``start`` (timezone-aware, UTC),
``offset_s`` (the UTC offset each start was written with, seconds),
``minutes``, ``activity`` (categorical), ``reward`` (NaN where none),
``currency`` (categorical, missing where no reward), ``platform``, ``client``,
``task_id``, ``kind``, ``note``, then the log's extra columns.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any, Final

import numpy as np

from labourchain.activity import Activity
from labourchain.errors import InvalidInputError, LogFormatError
from labourchain.worklog import COLUMNS, WorkLog

__all__ = ("from_arrow", "from_pandas", "read_csv_arrow", "read_csv_fast", "to_arrow", "to_pandas")

#: Files smaller than this are read by the Python reader (importing pyarrow costs more).
FAST_MIN_BYTES: Final = 1 << 20

_NAMES: Final = tuple(a.value for a in Activity)
_TEXT: Final = ("platform", "client", "task_id", "kind", "note")
_KNOWN: Final = frozenset((*COLUMNS, "offset_s"))


def _require(module: str, extra: str) -> Any:
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError:
        raise InvalidInputError(
            f"this needs {module}, which is not installed: pip install {module} "
            f"(or the labourchain[{extra}] extra)"
        ) from None


# ---------------------------------------------------------------------- codes


def _activity_codes(categories: Sequence[Any], codes: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """Activity codes from a categorical's categories and codes (-1: missing)."""
    table = np.full(len(categories) + 1, -1, dtype=np.int16)
    for i, name in enumerate(categories):
        try:
            table[i] = _NAMES.index(Activity.parse(name).value)
        except InvalidInputError:
            table[i] = -1
    mapped = table[codes]  # code -1 picks the trailing -1
    bad = np.flatnonzero(mapped < 0)
    if bad.size:
        row = int(bad[0])
        value = None if codes[row] < 0 else categories[int(codes[row])]
        raise LogFormatError(
            f"unknown activity {value!r}: expected one of {', '.join(_NAMES)}",
            row=row,
            column="activity",
            value=value,
        )
    result: np.ndarray[Any, Any] = mapped.astype(np.int8)
    return result


def _currency_codes(
    categories: Sequence[Any], codes: np.ndarray[Any, Any]
) -> tuple[np.ndarray[Any, Any], tuple[str, ...]]:
    """Currency codes (-1: none) and their table, codes read without regard to case."""
    names = [str(c).strip().upper() if c is not None else "" for c in categories]
    table = tuple(sorted({n for n in names if n}))
    remap = np.array([*(table.index(n) if n else -1 for n in names), -1], dtype=np.int16)
    mapped: np.ndarray[Any, Any] = remap[codes]
    return mapped, table


# ---------------------------------------------------------------------- pandas


def to_pandas(log: WorkLog) -> Any:
    """The log as a pandas DataFrame (see the module docs for its columns)."""
    pd = _require("pandas", "pandas")
    start = pd.Series(log.start_us.view("datetime64[us]"), copy=False).dt.tz_localize("UTC")
    data: dict[str, Any] = {
        "start": start,
        "offset_s": log.offset_s,
        "minutes": log.minutes,
        "activity": pd.Categorical.from_codes(log.activity, categories=list(_NAMES)),
        "reward": log.reward,
        "currency": pd.Categorical.from_codes(
            log.currency_code, categories=list(log.currency_table)
        ),
        **{c: getattr(log, c) for c in _TEXT},
        **dict(log.extra),
    }
    return pd.DataFrame(data, copy=False)


def from_pandas(df: Any) -> WorkLog:
    """A log from a DataFrame with the log's columns (extra columns are kept).

    ``start`` must be timezone-aware: a ``datetime64[..., tz]`` column (each
    row's offset in that zone is kept, or ``offset_s`` if given), or Python
    datetimes with offsets. ``activity`` may be names (any case), a
    categorical, or integer codes. Validated as every log is.

    Raises:
        LogFormatError: naming the first bad row (0-based) and column.
    """
    pd = _require("pandas", "pandas")
    if not isinstance(df, pd.DataFrame):
        raise InvalidInputError(f"from_pandas takes a pandas DataFrame, got {type(df).__name__}")
    for required in ("start", "minutes", "activity"):
        if required not in df.columns:
            raise LogFormatError(
                f"the DataFrame has no {required!r} column "
                f"(columns: {', '.join(map(str, df.columns))})",
                column=required,
            )
    n = len(df)
    start_us, offset_s = _pandas_start(pd, df["start"])
    if "offset_s" in df.columns:
        offset_s = np.asarray(df["offset_s"], dtype=np.int32)
    act = df["activity"]
    if isinstance(act.dtype, pd.CategoricalDtype):
        activity = _activity_codes(list(act.cat.categories), np.asarray(act.cat.codes))
    elif pd.api.types.is_integer_dtype(act.dtype):
        activity = np.asarray(act)
    else:
        cat = pd.Categorical(act)
        activity = _activity_codes(list(cat.categories), np.asarray(cat.codes))
    reward = (
        np.asarray(df["reward"], dtype=np.float64) if "reward" in df.columns else np.full(n, np.nan)
    )
    if "currency" in df.columns:
        cur = df["currency"]
        cat = cur.array if isinstance(cur.dtype, pd.CategoricalDtype) else pd.Categorical(cur)
        code, table = _currency_codes(list(cat.categories), np.asarray(cat.codes))
    else:
        code, table = np.full(n, -1, dtype=np.int16), ()
    text = {}
    for c in _TEXT:
        if c in df.columns:
            col = df[c]
            values = col.to_numpy(dtype=object, na_value="")
            text[c] = values
        else:
            text[c] = np.full(n, "", dtype=object)
    extra = tuple(
        (str(c), df[c].astype(str).to_numpy(dtype=object)) for c in df.columns if c not in _KNOWN
    )
    return WorkLog(
        start_us=start_us,
        offset_s=offset_s,
        minutes=np.asarray(df["minutes"], dtype=np.float64),
        activity=activity,
        reward=reward,
        currency_code=code,
        currency_table=table,
        extra=extra,
        **text,
    )


def _pandas_start(pd: Any, col: Any) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    if isinstance(col.dtype, pd.DatetimeTZDtype):
        utc = col.dt.tz_convert("UTC").dt.tz_localize(None)
        start_us = np.asarray(utc.astype("datetime64[us]")).view(np.int64)
        if str(col.dt.tz) in ("UTC", "utc", "Etc/UTC"):
            offset_s = np.zeros(len(col), dtype=np.int32)
        else:
            local = np.asarray(col.dt.tz_localize(None).astype("datetime64[us]")).view(np.int64)
            offset_s = ((local - start_us) // 1_000_000).astype(np.int32)
        if col.isna().any():
            row = int(np.flatnonzero(col.isna().to_numpy())[0])
            raise LogFormatError("start is missing", row=row, column="start")
        return start_us, offset_s
    if pd.api.types.is_datetime64_dtype(col.dtype):
        raise LogFormatError(
            "start has no time zone (a naive datetime64 column): localize it, e.g. "
            "df['start'].dt.tz_localize('Africa/Nairobi')",
            row=0,
            column="start",
        )
    # Python datetimes (or text), row by row: each keeps its own offset.
    values = col.tolist()
    log = WorkLog.from_records({"start": v, "minutes": 0, "activity": "waiting"} for v in values)
    return np.array(log.start_us), np.array(log.offset_s)


# ----------------------------------------------------------------------- Arrow


def to_arrow(log: WorkLog) -> Any:
    """The log as a pyarrow Table (numeric columns shared, not copied)."""
    pa = _require("pyarrow", "arrow")
    columns = {
        "start": pa.array(log.start_us).view(pa.timestamp("us", tz="UTC")),
        "offset_s": pa.array(log.offset_s),
        "minutes": pa.array(log.minutes),
        "activity": pa.DictionaryArray.from_arrays(
            pa.array(log.activity), pa.array(list(_NAMES), pa.string())
        ),
        "reward": pa.array(log.reward),
        "currency": pa.DictionaryArray.from_arrays(
            pa.array(log.currency_code, mask=log.currency_code < 0),
            pa.array(list(log.currency_table), pa.string()),
        ),
        **{c: pa.array(getattr(log, c), pa.string()) for c in _TEXT},
        **{name: pa.array(values, pa.string()) for name, values in log.extra},
    }
    return pa.table(columns)


def from_arrow(table: Any) -> WorkLog:
    """A log from a pyarrow Table with the log's columns (extra columns are kept).

    ``start`` must be a timezone-aware timestamp (``offset_s``, if present,
    gives each row's offset; otherwise the offset in the column's zone), or
    ISO 8601 text with offsets. Numeric columns are used without a copy where
    their type allows.

    Raises:
        LogFormatError: naming the first bad row (0-based) and column.
    """
    pa = _require("pyarrow", "arrow")
    pc = _require("pyarrow.compute", "arrow")
    if not isinstance(table, pa.Table):
        raise InvalidInputError(f"from_arrow takes a pyarrow Table, got {type(table).__name__}")
    names = table.column_names
    for required in ("start", "minutes", "activity"):
        if required not in names:
            raise LogFormatError(
                f"the table has no {required!r} column (columns: {', '.join(names)})",
                column=required,
            )
    n = table.num_rows
    start = _column(table, "start")
    if pa.types.is_timestamp(start.type):
        if start.type.tz is None:
            raise LogFormatError(
                "start has no time zone (a naive timestamp column): give it one, e.g. "
                "pyarrow.compute.assume_timezone(column, 'Africa/Nairobi')",
                row=0,
                column="start",
            )
        if start.null_count:
            row = int(np.flatnonzero(start.is_null().to_numpy(zero_copy_only=False))[0])
            raise LogFormatError("start is missing", row=row, column="start")
        start_us = _numpy(_as(start, pa.timestamp("us", tz=start.type.tz)).view(pa.int64()))
        if "offset_s" in names or start.type.tz in ("UTC", "+00:00", "Etc/UTC"):
            offset_s = np.zeros(n, dtype=np.int32)
        else:
            local = pc.local_timestamp(pc.cast(start, pa.timestamp("us", tz=start.type.tz)))
            offset_s = ((_numpy(local.view(pa.int64())) - start_us) // 1_000_000).astype(np.int32)
    elif pa.types.is_string(start.type) or pa.types.is_large_string(start.type):
        start_us, offset_s = _iso_starts(pa, pc, start)
    else:
        raise LogFormatError(
            f"start must be timestamps with a time zone or ISO 8601 text, got {start.type}",
            column="start",
        )
    if "offset_s" in names:
        offset_s = _numpy(_column(table, "offset_s")).astype(np.int32, copy=False)
    act = _column(table, "activity")
    if pa.types.is_integer(act.type):
        activity = _numpy(act)
    else:
        if not pa.types.is_dictionary(act.type):
            act = act.dictionary_encode()
        codes = _numpy(act.indices.fill_null(-1))
        activity = _activity_codes(act.dictionary.to_pylist(), codes)
    if "reward" in names:
        reward = _numpy(_as(_column(table, "reward"), pa.float64()).fill_null(np.nan))
    else:
        reward = np.full(n, np.nan)
    if "currency" in names:
        cur = _column(table, "currency")
        if not pa.types.is_dictionary(cur.type):
            cur = cur.dictionary_encode()
        code, cur_table = _currency_codes(
            cur.dictionary.to_pylist(), _numpy(cur.indices.fill_null(-1))
        )
    else:
        code, cur_table = np.full(n, -1, dtype=np.int16), ()
    text = {
        c: (_strings(_column(table, c)) if c in names else np.full(n, "", dtype=object))
        for c in _TEXT
    }
    extra = tuple((name, _strings(_column(table, name))) for name in names if name not in _KNOWN)
    return WorkLog(
        start_us=start_us,
        offset_s=offset_s,
        minutes=_numpy(_as(_column(table, "minutes"), pa.float64())),
        activity=activity,
        reward=reward,
        currency_code=code,
        currency_table=cur_table,
        extra=extra,
        **text,
    )


def _column(table: Any, name: str) -> Any:
    """One column as one array (no copy when it has one chunk)."""
    column = table.column(name)
    return column.chunk(0) if column.num_chunks == 1 else column.combine_chunks()


def _as(array: Any, kind: Any) -> Any:
    return array if array.type == kind else array.cast(kind)


def _numpy(array: Any) -> np.ndarray[Any, Any]:
    """An Arrow array's values (no copy when it has no nulls and a numpy dtype)."""
    try:
        return np.asarray(array.to_numpy(zero_copy_only=True))
    except Exception:
        return np.asarray(array.to_numpy(zero_copy_only=False))


def _strings(array: Any) -> np.ndarray[Any, Any]:
    pa = _require("pyarrow", "arrow")
    if pa.types.is_dictionary(array.type):
        table = np.asarray([*array.dictionary.cast(pa.string()).to_pylist(), ""], dtype=object)
        picked: np.ndarray[Any, Any] = table[_numpy(array.indices.fill_null(-1))]
        return picked
    if not (pa.types.is_string(array.type) or pa.types.is_large_string(array.type)):
        array = array.cast(pa.string())
    return np.asarray(array.fill_null("").to_numpy(zero_copy_only=False), dtype=object)


_ISO: Final = r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?(Z|[+-]\d\d:\d\d)$"


def _iso_starts(pa: Any, pc: Any, text: Any) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Instants and offsets of ISO 8601 text with offsets (refused row by row otherwise)."""
    text = text.cast(pa.string())
    ok = pc.match_substring_regex(text.fill_null(""), _ISO)
    if not pc.all(ok).as_py():
        bad = int(np.flatnonzero(~ok.to_numpy(zero_copy_only=False))[0])
        raise _Slow(bad)
    start_us = _numpy(pc.cast(text, pa.timestamp("us", tz="UTC")).view(pa.int64()))
    tail = pc.utf8_slice_codeunits(text, -6)
    zulu = _numpy(pc.ends_with(text, "Z")).astype(bool)
    hours = _numpy(pc.cast(pc.if_else(zulu, "00", pc.utf8_slice_codeunits(tail, 1, 3)), pa.int32()))
    mins = _numpy(pc.cast(pc.if_else(zulu, "00", pc.utf8_slice_codeunits(tail, 4, 6)), pa.int32()))
    sign = np.where(_numpy(pc.starts_with(tail, "-")).astype(bool) & ~zulu, -1, 1)
    offset = (sign * (hours * 3600 + mins * 60)).astype(np.int32)
    return start_us, offset


class _Slow(Exception):
    """The fast path cannot read this row as the Python reader would: use that reader."""

    def __init__(self, row: int | None = None) -> None:
        super().__init__(row)
        self.row = row


# ------------------------------------------------------------------ fast CSV path


def read_csv_arrow(
    path: str | os.PathLike[str], header: Sequence[str], delimiter: str
) -> WorkLog | None:
    """labourchain's CSV read through ``pyarrow.csv``, or ``None`` to use the Python reader.

    Returns ``None`` (so the Python reader runs, with its line-and-column errors)
    for anything unusual: pyarrow missing, an ``end`` column, a value pyarrow
    parses differently, or any row that fails validation.
    """
    try:
        pa = _require("pyarrow", "arrow")
        pc = _require("pyarrow.compute", "arrow")
        pacsv = _require("pyarrow.csv", "arrow")
    except InvalidInputError:
        return None
    if "end" in header or "offset_s" in header or "minutes" not in header:
        return None
    types = {name: pa.string() for name in header}
    types.update({"minutes": pa.float64()})
    if "reward" in header:
        types["reward"] = pa.float64()
    for name in ("activity", "currency"):
        if name in header:
            types[name] = pa.dictionary(pa.int32(), pa.string())
    try:
        table = pacsv.read_csv(
            path,
            read_options=pacsv.ReadOptions(column_names=list(header), skip_rows=1),
            parse_options=pacsv.ParseOptions(delimiter=delimiter),
            convert_options=pacsv.ConvertOptions(
                column_types=types, strings_can_be_null=False, quoted_strings_can_be_null=False
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, OSError):
        return None
    try:
        _check_numbers(pa, pc, table)
        return from_arrow(table)
    except (_Slow, LogFormatError, InvalidInputError):
        return None


def _check_numbers(pa: Any, pc: Any, table: Any) -> None:
    """Refuse (to the Python reader) what Python's float() would read otherwise."""
    for name in ("minutes", "reward"):
        if name in table.column_names:
            column = table.column(name)
            if name == "minutes" and column.null_count:
                raise _Slow()
            values = pc.drop_null(column)
            if len(values) and not pc.all(pc.is_finite(values)).as_py():
                raise _Slow()


def read_csv_fast(
    path: str | os.PathLike[str], *, min_bytes: int = FAST_MIN_BYTES
) -> WorkLog | None:
    """labourchain's CSV through pyarrow when it is installed and the file is big enough.

    ``None`` means: read it with the Python reader (small file, no pyarrow, an
    unusual header or any value that reader would refuse or read otherwise).
    """
    import importlib.util

    from labourchain.worklog import sniff_delimiter

    try:
        if os.path.getsize(path) < min_bytes or importlib.util.find_spec("pyarrow") is None:
            return None
        with open(path, encoding="utf-8-sig", newline="") as handle:
            first = handle.readline()
    except (OSError, UnicodeDecodeError):
        return None
    delimiter = sniff_delimiter(first)
    import csv

    try:
        header = next(csv.reader([first], delimiter=delimiter))
    except (csv.Error, StopIteration):
        return None
    names = [h.strip() for h in header]
    names = [n.lower() if n.lower() in _KNOWN else n for n in names]
    if (
        len(set(names)) != len(names)
        or not all(names)
        or "start" not in names
        or "activity" not in names
    ):
        return None
    return read_csv_arrow(path, names, delimiter)
