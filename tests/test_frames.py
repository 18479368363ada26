"""pandas and Arrow round trips, and the pyarrow CSV path (issue #14 items 3 and 4)."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import labourchain as lc
from labourchain.errors import LogFormatError
from labourchain.formats import read_csv_fast
from labourchain.worklog import MAX_SPAN_MINUTES

pd = pytest.importorskip("pandas")
pa = pytest.importorskip("pyarrow")

DATA = Path(__file__).parent / "data" / "formats"

LOG_TEXT = (
    "start,minutes,activity,reward,currency,platform,client,task_id,kind,note,mood\n"
    "2024-03-04T21:00:00+03:00,12,search,,,Remotasks,,,,,tired\n"
    '2024-03-04T21:12:00+03:00,30,paid,1.5,USD,Remotasks,Scale,t1,boxes,"a, b",ok\n'
    "2024-03-05T08:00:00-04:30,5.5,rejected,0.25,EUR,Appen,,t2,,,\n"
    "2024-03-05T09:00:00.250000Z,1,returned,,,,,,,,\n"
)


@pytest.fixture
def log() -> lc.WorkLog:
    return lc.WorkLog.from_csv(io.StringIO(LOG_TEXT))


def test_pandas_round_trip(log: lc.WorkLog) -> None:
    df = log.to_pandas()
    assert str(df["start"].dt.tz) == "UTC"
    assert df["activity"].tolist() == ["search", "paid", "rejected", "returned"]
    assert df["mood"].tolist() == ["tired", "ok", "", ""]
    assert lc.WorkLog.from_pandas(df) == log


def test_arrow_round_trip_shares_numeric_columns(log: lc.WorkLog) -> None:
    table = log.to_arrow()
    assert table.schema.field("start").type == pa.timestamp("us", tz="UTC")
    assert lc.WorkLog.from_arrow(table) == log
    # zero copy both ways for the numeric columns
    minutes = table.column("minutes").chunk(0)
    assert np.shares_memory(minutes.to_numpy(), log.minutes)
    back = lc.WorkLog.from_arrow(table)
    assert np.shares_memory(back.minutes, log.minutes)
    assert np.shares_memory(back.start_us, log.start_us)


def test_pandas_local_zone_keeps_each_rows_offset() -> None:
    starts = pd.to_datetime(["2024-03-09 23:00", "2024-03-10 09:00"]).tz_localize(
        "America/New_York"
    )
    df = pd.DataFrame({"start": starts, "minutes": [60.0, 30.0], "activity": ["Search", "WAITING"]})
    log = lc.WorkLog.from_pandas(df)
    assert log.offset_s.tolist() == [-5 * 3600, -4 * 3600]  # DST began in between
    assert [s.isoformat() for s in log.starts()] == [
        "2024-03-09T23:00:00-05:00",
        "2024-03-10T09:00:00-04:00",
    ]


def test_naive_times_refused_with_the_row() -> None:
    df = pd.DataFrame(
        {"start": pd.to_datetime(["2024-03-04 21:00"]), "minutes": [5.0], "activity": ["search"]}
    )
    with pytest.raises(LogFormatError, match="no time zone") as info:
        lc.WorkLog.from_pandas(df)
    assert info.value.column == "start"
    table = pa.table(
        {
            "start": pa.array([datetime(2024, 3, 4, 21)], pa.timestamp("us")),
            "minutes": [5.0],
            "activity": ["search"],
        }
    )
    with pytest.raises(LogFormatError, match="no time zone"):
        lc.WorkLog.from_arrow(table)
    mixed = pd.DataFrame(
        {
            "start": [
                datetime(2024, 3, 4, 21, tzinfo=timezone(timedelta(hours=3))),
                datetime(2024, 3, 4, 22),
            ],
            "minutes": [5.0, 5.0],
            "activity": ["search", "search"],
        }
    )
    with pytest.raises(LogFormatError, match="no UTC offset") as info:
        lc.WorkLog.from_pandas(mixed)
    assert info.value.row == 1


def test_same_validation_as_every_log() -> None:
    df = pd.DataFrame(
        {
            "start": pd.to_datetime(["2024-03-04 21:00", "2024-03-04 22:00"], utc=True),
            "minutes": [5.0, -1.0],
            "activity": ["search", "search"],
        }
    )
    with pytest.raises(LogFormatError, match="minutes") as info:
        lc.WorkLog.from_pandas(df)
    assert info.value.row == 1
    df = pd.DataFrame(
        {
            "start": pd.to_datetime(["2024-03-04 21:00"], utc=True),
            "minutes": [5.0],
            "activity": ["napping"],
        }
    )
    with pytest.raises(LogFormatError, match="unknown activity 'napping'") as info:
        lc.WorkLog.from_pandas(df)
    assert info.value.row == 0
    assert info.value.column == "activity"


def test_importing_labourchain_imports_neither() -> None:
    import subprocess
    import sys

    code = (
        "import sys, labourchain, labourchain.formats; "
        "print(sorted(m for m in ('pandas', 'pyarrow') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# ------------------------------------------------------------------ the pyarrow CSV path


def test_fast_path_reads_what_the_python_reader_reads(log: lc.WorkLog, tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_text(LOG_TEXT)
    fast = read_csv_fast(path, min_bytes=0)
    assert fast is not None
    assert fast == log
    semicolons = tmp_path / "semi.csv"
    semicolons.write_text("\ufeff" + LOG_TEXT.replace('"a, b"', "ab").replace(",", ";"))
    assert read_csv_fast(semicolons, min_bytes=0) == lc.WorkLog.from_csv(semicolons)


@pytest.mark.parametrize(
    "bad_row",
    [
        "2024-03-04T21:00:00,5,search,,",  # no offset
        "2024-03-04T21:00:00Z,-5,search,,",
        "2024-03-04T21:00:00Z,inf,search,,",
        "2024-03-04T21:00:00Z,5,napping,,",
        "2024-03-04T21:00:00Z,5,paid,,",
        "2024-03-04T21:00:00Z,5,paid,1,XYZ",
        "2024-03-04T21:00:00Z, 5 ,search,,",  # Python's float() reads this one
    ],
)
def test_fast_path_leaves_the_unusual_to_the_python_reader(tmp_path: Path, bad_row: str) -> None:
    path = tmp_path / "log.csv"
    path.write_text(
        "start,minutes,activity,reward,currency\n2024-03-04T20:00:00Z,5,search,,\n" + bad_row + "\n"
    )
    fast = read_csv_fast(path, min_bytes=0)
    try:
        expected: object = lc.WorkLog.from_csv(io.StringIO(path.read_text()))
    except LogFormatError as exc:
        assert fast is None
        expected = (exc.row, exc.column)
        with pytest.raises(LogFormatError) as info:
            lc.WorkLog.from_csv(path)
        assert (info.value.row, info.value.column) == expected
        assert info.value.row == 3
    else:
        assert fast is None or fast == expected


_finite = st.floats(0, MAX_SPAN_MINUTES, allow_nan=False)  # a span: at most 7 days


@given(
    st.lists(
        st.tuples(
            st.integers(0, 10**9),
            _finite,
            st.sampled_from(["search", "paid", "rejected", "waiting"]),
            st.floats(0, 100, allow_nan=False),
            st.integers(-12 * 4, 14 * 4),
            st.text(max_size=5),
        ),
        min_size=1,
        max_size=20,
    )
)
def test_fast_path_agrees_with_python_reader(rows: list[tuple]) -> None:  # type: ignore[type-arg]
    import tempfile

    records = []
    for seconds, minutes, activity, reward, quarter, note in rows:
        tz = timezone(timedelta(minutes=15 * quarter))
        start = datetime(2000, 1, 1, tzinfo=UTC) + timedelta(seconds=seconds)
        record = {
            "start": start.astimezone(tz),
            "minutes": minutes,
            "activity": activity,
            "note": note,
        }
        if activity in ("paid", "rejected"):
            record |= {"reward": reward, "currency": "KES"}
        records.append(record)
    log = lc.WorkLog.from_records(records)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "log.csv"
        log.to_csv(path)
        fast = read_csv_fast(path, min_bytes=0)
        slow = lc.WorkLog.from_csv(io.StringIO(path.read_bytes().decode("utf-8"), newline=""))
    assert slow == log
    if fast is not None:
        assert fast == slow
