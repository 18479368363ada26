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
from typing import TYPE_CHECKING, Any, Final

import numpy as np

from labourchain.activity import Activity
from labourchain.errors import InvalidInputError, LogFormatError
from labourchain.worklog._columns import COLUMNS
from labourchain.worklog._io import Columns, read_records, sniff_delimiter
from labourchain.worklog._labels import LabelColumn

if TYPE_CHECKING:
    from labourchain.worklog._log import WorkLog

__all__ = ("from_arrow", "from_pandas", "read_csv_arrow", "read_csv_fast", "to_arrow", "to_pandas")

#: Files smaller than this are read by the Python reader (importing pyarrow costs more).
FAST_MIN_BYTES: Final = 1 << 20

_NAMES: Final = tuple(a.value for a in Activity)
_TEXT: Final = ("platform", "client", "task_id", "kind", "note")
_KNOWN: Final = frozenset((*COLUMNS, "offset_s"))


def _blank(n: int) -> LabelColumn:
    """``n`` empty labels (one byte a row)."""
    return LabelColumn.blank(n)


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


def from_pandas(df: Any) -> Columns:
    """A log's columns (``WorkLog(...)``'s keyword arguments) from a DataFrame with the
    log's columns (extra columns are kept).

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
            if isinstance(col.dtype, pd.CategoricalDtype):
                text[c] = _categorical_labels(col.array)
            else:
                text[c] = LabelColumn.encode(col.to_numpy(dtype=object, na_value=""))
        else:
            text[c] = _blank(n)
    extra = tuple(
        (str(c), df[c].astype(str).to_numpy(dtype=object)) for c in df.columns if c not in _KNOWN
    )
    return dict(
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
        # .asi8: the UTC instants as integers in the column's unit (no copy in "us")
        per_us = {"s": 1_000_000, "ms": 1_000, "us": 1, "ns": None}[col.dtype.unit]
        raw = np.asarray(col.array.asi8)
        start_us = raw // 1_000 if per_us is None else raw * per_us if per_us != 1 else raw
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
    columns = read_records({"start": v, "minutes": 0, "activity": "waiting"} for v in values)
    return np.array(columns["start_us"]), np.array(columns["offset_s"])


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


def from_arrow(table: Any) -> Columns:
    """A log's columns (``WorkLog(...)``'s keyword arguments) from a pyarrow Table with the
    log's columns (extra columns are kept).

    ``start`` must be a timezone-aware timestamp (``offset_s``, if present,
    gives each row's offset; otherwise the offset in the column's zone), or
    ISO 8601 text with offsets. Numeric columns of one chunk are used without
    a copy where their type allows; columns of many chunks are converted chunk
    by chunk.

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
    start_us, offset_s = _starts(pa, pc, table.column("start"), has_offsets="offset_s" in names)
    if "offset_s" in names:
        offset_s = _concat(_numpy(c) for c in table.column("offset_s").chunks).astype(
            np.int32, copy=False
        )
    activity = _concat(_activities(pa, c) for c in table.column("activity").chunks)
    if "reward" in names:
        reward = _concat(
            _numpy(_as(c, pa.float64()).fill_null(np.nan)) for c in table.column("reward").chunks
        )
    else:
        reward = np.full(n, np.nan)
    if "currency" in names:
        code, cur_table = _currencies(pa, table.column("currency"))
    else:
        code, cur_table = np.full(n, -1, dtype=np.int16), ()
    text = {c: (_labels(table.column(c)) if c in names else _blank(n)) for c in _TEXT}
    extra = tuple((name, _text(table.column(name))) for name in names if name not in _KNOWN)
    return dict(
        start_us=start_us,
        offset_s=offset_s,
        minutes=_concat(_numpy(_as(c, pa.float64())) for c in table.column("minutes").chunks),
        activity=activity,
        reward=reward,
        currency_code=code,
        currency_table=cur_table,
        extra=extra,
        **text,
    )


def _concat(parts: Any) -> np.ndarray[Any, Any]:
    """One array from per-chunk arrays (the chunk itself when there is one)."""
    arrays: list[np.ndarray[Any, Any]] = list(parts)
    if len(arrays) == 1:
        return arrays[0]
    if not arrays:
        return np.array([])
    return np.concatenate(arrays)


def _starts(
    pa: Any, pc: Any, column: Any, *, has_offsets: bool
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    kind = column.type
    if pa.types.is_timestamp(kind):
        if kind.tz is None:
            raise LogFormatError(
                "start has no time zone (a naive timestamp column): give it one, e.g. "
                "pyarrow.compute.assume_timezone(column, 'Africa/Nairobi')",
                row=0,
                column="start",
            )
        if column.null_count:
            row = int(np.flatnonzero(column.is_null().to_numpy(zero_copy_only=False))[0])
            raise LogFormatError("start is missing", row=row, column="start")
        micro = pa.timestamp("us", tz=kind.tz)
        start_us = _concat(_numpy(_as(c, micro).view(pa.int64())) for c in column.chunks)
        if has_offsets or kind.tz in ("UTC", "+00:00", "Etc/UTC"):
            return start_us, np.zeros(len(start_us), dtype=np.int32)
        local = _concat(
            _numpy(pc.local_timestamp(_as(c, micro)).view(pa.int64())) for c in column.chunks
        )
        return start_us, ((local - start_us) // 1_000_000).astype(np.int32)
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        parts = []
        done = 0
        for chunk in column.chunks:
            try:
                parts.append(_iso_starts(pa, pc, chunk))
            except _Slow as exc:
                raise _Slow(None if exc.row is None else exc.row + done) from None
            done += len(chunk)
        if not parts:
            return np.array([], dtype=np.int64), np.array([], dtype=np.int32)
        return _concat(p[0] for p in parts), _concat(p[1] for p in parts)
    raise LogFormatError(
        f"start must be timestamps with a time zone or ISO 8601 text, got {kind}",
        column="start",
    )


def _activities(pa: Any, chunk: Any) -> np.ndarray[Any, Any]:
    if pa.types.is_integer(chunk.type):
        return _numpy(chunk)
    if not pa.types.is_dictionary(chunk.type):
        chunk = chunk.dictionary_encode()
    codes = _numpy(chunk.indices.fill_null(-1))
    return _activity_codes(chunk.dictionary.to_pylist(), codes)


def _currencies(pa: Any, column: Any) -> tuple[np.ndarray[Any, Any], tuple[str, ...]]:
    chunks = [c if pa.types.is_dictionary(c.type) else c.dictionary_encode() for c in column.chunks]
    names = [
        [str(v).strip().upper() if v is not None else "" for v in c.dictionary.to_pylist()]
        for c in chunks
    ]
    table = tuple(sorted({v for part in names for v in part if v}))
    index = {v: i for i, v in enumerate(table)}
    parts = []
    for chunk, part in zip(chunks, names, strict=True):
        remap = np.array([*(index[v] if v else -1 for v in part), -1], dtype=np.int16)
        parts.append(remap[_numpy(chunk.indices.fill_null(-1))])
    code = _concat(parts) if parts else np.array([], dtype=np.int16)
    return code, table


def _categorical_labels(cat: Any) -> LabelColumn:
    """A pandas Categorical's codes and categories as labels (missing values empty)."""
    names = [str(v) for v in cat.categories]
    codes = np.asarray(cat.codes, dtype=np.int64)
    if (codes < 0).any():
        codes = np.where(codes < 0, len(names), codes)
        names.append("")
    return LabelColumn(codes.astype(LabelColumn.code_dtype(len(names))), tuple(names))


def _labels(column: Any) -> LabelColumn:
    """A pyarrow text (or dictionary) column as labels, without a Python string a row."""
    pa = _require("pyarrow", "arrow")
    parts = []
    for chunk in column.chunks:
        if not pa.types.is_dictionary(chunk.type):
            if not (pa.types.is_string(chunk.type) or pa.types.is_large_string(chunk.type)):
                chunk = chunk.cast(pa.string())
            chunk = chunk.dictionary_encode()
        names = ["" if v is None else v for v in chunk.dictionary.cast(pa.string()).to_pylist()]
        indices = chunk.indices
        if indices.null_count:
            indices = indices.fill_null(len(names))
            names.append("")
        codes = _numpy(indices).astype(LabelColumn.code_dtype(len(names)))
        parts.append(LabelColumn(codes, tuple(names)))
    if not parts:
        return LabelColumn(np.array([], dtype=np.uint8), ())
    return parts[0] if len(parts) == 1 else LabelColumn.concat(parts)


def _text(column: Any) -> np.ndarray[Any, Any]:
    return (
        _concat(_strings(c) for c in column.chunks)
        if column.num_chunks
        else np.array([], dtype=object)
    )


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
    # The offset is in the last six characters ("+03:00"), or the text ends in "Z":
    # read those bytes straight from the sliced array's data buffer (six per row).
    tail = pc.utf8_slice_codeunits(text, -6)
    offsets = np.frombuffer(tail.buffers()[1], dtype=np.int32)[
        tail.offset : tail.offset + len(tail) + 1
    ]
    data = np.frombuffer(tail.buffers()[2], dtype=np.uint8)[offsets[0] : offsets[-1]]
    chars = data.reshape(len(tail), 6).astype(np.int32)
    del tail, data
    zulu = chars[:, 5] == ord("Z")
    hours = (chars[:, 1] - 48) * 10 + (chars[:, 2] - 48)
    mins = (chars[:, 4] - 48) * 10 + (chars[:, 5] - 48)
    sign = np.where(chars[:, 0] == ord("-"), -1, 1)
    offset = np.where(zulu, 0, sign * (hours * 3600 + mins * 60)).astype(np.int32)
    return start_us, offset


class _Slow(Exception):
    """The fast path cannot read this row as the Python reader would: use that reader."""

    def __init__(self, row: int | None = None) -> None:
        super().__init__(row)
        self.row = row


# ------------------------------------------------------------------ fast CSV path


def read_csv_arrow(
    path: str | os.PathLike[str], header: Sequence[str], delimiter: str
) -> Columns | None:
    """labourchain's CSV read through ``pyarrow.csv`` (the log's columns), or ``None`` to use
    the Python reader.

    Returns ``None`` (so the Python reader runs, with its line-and-column errors)
    for anything unusual: pyarrow missing, an ``end`` column, a value pyarrow
    parses differently, or any row that fails the checks here (the caller builds the log
    and falls back to the Python reader when the log's validation refuses the columns).
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
    for name in header:
        if name not in ("start", "minutes", "reward"):
            # labels repeat: codes and a table of distinct values, no string per row
            types[name] = pa.dictionary(pa.int32(), pa.string())
    try:
        reader = pacsv.open_csv(
            path,
            read_options=pacsv.ReadOptions(
                column_names=list(header), skip_rows=1, block_size=_BLOCK
            ),
            parse_options=pacsv.ParseOptions(delimiter=delimiter),
            convert_options=pacsv.ConvertOptions(
                column_types=types, strings_can_be_null=False, quoted_strings_can_be_null=False
            ),
        )
        return _stream(pa, pc, reader, list(header), _count_lines(path))
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, OSError):
        return None
    except (_Slow, LogFormatError, InvalidInputError):
        return None


#: Bytes of CSV converted at a time: memory holds the log and one block, not the file.
_BLOCK: Final = 4 << 20


def _count_lines(path: str | os.PathLike[str]) -> int:
    """Newlines in the file: at least the data rows a reader can find in it, plus one."""
    count = 0
    last = b"\n"
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 24):
            count += chunk.count(b"\n")
            last = chunk[-1:]
    return count + (last != b"\n")


def _stream(pa: Any, pc: Any, reader: Any, header: list[str], capacity: int) -> Columns:
    """The log's columns of a CSV read block by block into preallocated columns.

    Each block's columns are converted and written into arrays sized for
    ``capacity`` rows (the file's line count), so memory holds the log and
    one block of the file, never the file's table and a second copy of the log.
    """
    numeric: dict[str, np.ndarray[Any, Any]] = {
        "start_us": np.empty(capacity, dtype=np.int64),
        "offset_s": np.empty(capacity, dtype=np.int32),
        "minutes": np.empty(capacity, dtype=np.float64),
        "activity": np.empty(capacity, dtype=np.int8),
        "reward": np.full(capacity, np.nan) if "reward" not in header else np.empty(capacity),
        "currency_code": np.full(capacity, -1, dtype=np.int16),
    }
    extras = [name for name in header if name not in _KNOWN]
    text = {name: np.empty(capacity, dtype=object) for name in extras}
    label_parts: dict[str, list[LabelColumn]] = {c: [] for c in _TEXT if c in header}
    seen: dict[str, int] = {}  # currency code -> its index, in order of first appearance
    done = 0
    for batch in reader:
        block = pa.Table.from_batches([batch])
        del batch
        rows = block.num_rows
        if done + rows > capacity:
            raise _Slow()
        _check_numbers(pa, pc, block)
        end = done + rows
        start_us, offset_s = _starts(pa, pc, block.column("start"), has_offsets=False)
        numeric["start_us"][done:end] = start_us
        numeric["offset_s"][done:end] = offset_s
        numeric["minutes"][done:end] = _concat(_numpy(c) for c in block.column("minutes").chunks)
        numeric["activity"][done:end] = _concat(
            _activities(pa, c) for c in block.column("activity").chunks
        )
        if "reward" in header:
            numeric["reward"][done:end] = _concat(
                _numpy(c.fill_null(np.nan)) for c in block.column("reward").chunks
            )
        if "currency" in header:
            local, names = _currencies(pa, block.column("currency"))
            for name in names:
                seen.setdefault(name, len(seen))
            remap = np.array([*(seen[name] for name in names), -1], dtype=np.int16)
            numeric["currency_code"][done:end] = remap[local]
        for name in extras:
            text[name][done:end] = _text(block.column(name))
        for name, parts in label_parts.items():
            parts.append(_labels(block.column(name)))
        done = end
        del block
    table = tuple(sorted(seen))
    order = np.array([*(table.index(name) for name in seen), -1], dtype=np.int16)
    codes = numeric.pop("currency_code")[:done]
    np.take(order, codes, out=codes)
    columns = {name: values[:done] for name, values in numeric.items()}
    labels: dict[str, Any] = {
        c: LabelColumn.concat(label_parts[c]) if label_parts.get(c) else _blank(done) for c in _TEXT
    }
    return dict(
        **columns,
        currency_code=codes,
        currency_table=table,
        extra=tuple((name, text[name][:done]) for name in extras),
        **labels,
    )


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
) -> Columns | None:
    """labourchain's CSV through pyarrow (the log's columns) when it is installed and the file
    is big enough.

    ``None`` means: read it with the Python reader (small file, no pyarrow, an
    unusual header or any value that reader would refuse or read otherwise).
    """
    import importlib.util

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
