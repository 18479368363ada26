"""Label columns stored dictionary-encoded (issue #12 item 8): memory and invisibility."""

from __future__ import annotations

import io
import pickle
from typing import Any

import attrs
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import labourchain as lc
from labourchain.errors import InvalidInputError, LogFormatError
from labourchain.testing import work_records
from labourchain.worklog import LabelColumn

LABELS = ("platform", "client", "task_id", "kind", "note")
NUMERIC = ("start_us", "offset_s", "minutes", "activity", "reward", "currency_code")
START = np.datetime64("2024-03-04T09:00:00", "us")


def bytes_per_row(log: lc.WorkLog) -> float:
    """Bytes the log's own arrays hold per row, label tables included."""
    arrays = sum(getattr(log, name).nbytes for name in NUMERIC)
    labels = sum(log.labels(name).nbytes for name in LABELS)
    return (arrays + labels) / len(log)


def big_log(n: int, **labels: Any) -> lc.WorkLog:
    return lc.WorkLog.from_arrays(
        start=START + np.arange(n, dtype=np.int64) * 60_000_000,
        minutes=np.ones(n),
        activity=np.full(n, list(lc.Activity).index(lc.Activity.SEARCH), dtype=np.int8),
        **labels,
    )


def test_a_million_rows_with_empty_labels_take_under_60_bytes_a_row() -> None:
    # Issue #12 item 8: 71 bytes a row before (five object columns of 8-byte pointers).
    n = 1_000_000
    blank = np.full(n, "", dtype=object)
    log = big_log(n, platform=blank, client=blank, task_id=blank, kind=blank, note="")
    assert bytes_per_row(log) < 60
    assert all(log.labels(name).codes.dtype == np.uint8 for name in LABELS)
    assert log.platform.shape == (n,)
    assert set(log.platform.tolist()) == {""}


def test_a_hundred_distinct_platforms_still_take_under_60_bytes_a_row() -> None:
    n = 1_000_000
    names = np.array([f"platform {i}" for i in range(100)], dtype=object)
    platform = names[np.arange(n) % 100]
    log = big_log(n, platform=platform)
    assert bytes_per_row(log) < 60
    assert len(log.labels("platform").table) == 100
    assert np.array_equal(log.platform, platform)


@pytest.mark.parametrize(
    ("distinct", "dtype"), [(1, np.uint8), (256, np.uint8), (257, np.uint16), (70_000, np.int32)]
)
def test_codes_take_the_smallest_type_the_table_needs(distinct: int, dtype: Any) -> None:
    values = np.array([f"t{i}" for i in range(distinct)], dtype=object)
    column = LabelColumn.encode(values)
    assert column.codes.dtype == dtype
    assert np.array_equal(column.decode(), values)


def test_decoded_labels_are_read_only() -> None:
    log = big_log(3, client=np.array(["a", "b", "a"], dtype=object))
    with pytest.raises(ValueError, match="read-only"):
        log.client[0] = "c"
    assert log.client.tolist() == ["a", "b", "a"]


def test_a_code_outside_the_table_is_refused() -> None:
    log = big_log(2)
    with pytest.raises(LogFormatError, match="no entry in the label table") as info:
        attrs.evolve(log, kind=LabelColumn(np.array([0, 2], dtype=np.uint8), ("x", "y")))
    assert info.value.column == "kind"
    assert info.value.row == 1
    with pytest.raises(LogFormatError, match="expected"):
        attrs.evolve(log, kind=LabelColumn(np.array([0], dtype=np.uint8), ("x",)))


def test_labels_names_only_label_columns() -> None:
    with pytest.raises(InvalidInputError, match="'minutes' is not a label column"):
        big_log(1).labels("minutes")


def test_the_csv_reader_builds_codes_not_strings() -> None:
    text = (
        "start,minutes,activity,platform,note\n"
        "2024-03-04T09:00:00Z,5,search,Remotasks,\n"
        "2024-03-04T09:05:00Z,5,search,Toloka,x\n"
        "2024-03-04T09:10:00Z,5,search,Remotasks,\n"
    )
    log = lc.WorkLog.from_csv(io.StringIO(text))
    assert log.labels("platform").table == ("Remotasks", "Toloka")
    assert log.labels("platform").codes.tolist() == [0, 1, 0]
    assert log.note.tolist() == ["", "x", ""]


@given(records=work_records(max_size=20), cut=st.integers(0, 20))
def test_encoding_is_invisible(records: list[dict[str, Any]], cut: int) -> None:
    log = lc.WorkLog.from_records(records)
    # The labels read back are the records' own, row by row.
    for name in LABELS:
        assert log.__getattribute__(name).tolist() == [r.get(name) or "" for r in records]
    # A log rebuilt from the decoded object arrays equals it (whatever its tables).
    decoded = attrs.evolve(log, **{name: getattr(log, name) for name in LABELS})
    assert decoded == log
    # Slicing, concatenation, pickling and CSV keep the labels.
    cut = min(cut, len(log))
    assert lc.WorkLog.concat([log[:cut], log[cut:]]) == log
    assert lc.WorkLog.concat([log[cut:], log[:cut]]) == log[np.r_[cut : len(log), 0:cut]]
    assert pickle.loads(pickle.dumps(log)) == log
    assert lc.WorkLog.from_csv(io.StringIO(log.to_csv_text())) == log
