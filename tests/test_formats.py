"""Reading the files workers and requesters already have (issue #14).

The fixtures in ``tests/data/formats`` are built from each format's published
column list or a public sample:

- ``toggl-nairobi.csv``: Toggl Track's detailed report CSV. Columns as Toggl's
  help page "Editing and uploading a CSV file"
  (https://support.toggl.com/import-and-export/csv-import/editing-and-uploading-a-csv-file)
  lists them ("the easiest way to see how your CSV file should look like is to
  export a Detailed report"), with the export's End date, End time and
  ``Amount (USD)`` columns, as in public samples of the export
  (``User,Email,Client,Project,Task,Description,Billable,Start date,Start time,
  End date,End time,Duration,Tags,Amount ()``).
- ``clockify-new-york.csv``: Clockify's detailed report CSV, columns
  ``Project,Client,Description,Task,User,Group,Email,Tags,Billable,Start Date,
  Start Time,End Date,End Time,Duration (h),Duration (decimal),Billable Rate
  (USD),Billable Amount (USD)`` (Clockify help, "Exporting reports",
  https://clockify.me/help/reports/exporting-reports, and public samples),
  dates in the US format Clockify uses by default, 12-hour times.
- ``mturk-batch.csv``: MTurk's batch results CSV (Requester UI guide,
  "Downloading batch results"), the 27 fixed columns ``HITId`` ...
  ``Last7DaysApprovalRate`` then ``Input.*``, ``Answer.*``, ``Approve``,
  ``Reject``, as in the many public batch files; times as MTurk writes them
  (``Mon Mar 04 09:00:00 PST 2024``), rewards as ``$0.50``.
- ``prolific_export_65f1c0ffee.csv``: Prolific's submissions export (researcher
  help centre, "Exporting your data"), header ``Submission id,Participant
  id,Status,Custom study tncs accepted at,Started at,Completed at,Reviewed
  at,Archived at,Time taken,Completion code,Total approvals`` then
  demographics; statuses from docs.prolific.com's "Submission object".

Expected reports are computed by hand in the comments.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

import labourchain as lc
from labourchain import formats
from labourchain.accounting import breakdown, pool
from labourchain.activity import Activity
from labourchain.errors import InvalidInputError, LabourchainError, LogFormatError
from labourchain.formats import ActivityMap, local_instant

DATA = Path(__file__).parent / "data" / "formats"
TOGGL = DATA / "toggl-nairobi.csv"
CLOCKIFY = DATA / "clockify-new-york.csv"
MTURK = DATA / "mturk-batch.csv"
PROLIFIC = DATA / "prolific_export_65f1c0ffee.csv"
FLOOR_USD = lc.money(15, "USD") / lc.Q_(1, "hour")


def minutes(q: lc.Q_) -> float:
    return float(q.to("minute").magnitude)


# ------------------------------------------------------------------ detection


@pytest.mark.parametrize(
    ("path", "name"),
    [(TOGGL, "toggl"), (CLOCKIFY, "clockify"), (MTURK, "mturk-batch"), (PROLIFIC, "prolific")],
)
def test_detect_from_header(path: Path, name: str) -> None:
    assert formats.detect(path).name == name


def test_detect_own_format_and_unknown(tmp_path: Path) -> None:
    own = tmp_path / "own.csv"
    own.write_text("start,minutes,activity\n2024-03-04T21:00:00Z,5,search\n")
    assert formats.detect(own).name == "labourchain"
    other = tmp_path / "other.csv"
    other.write_text("a,b,c\n1,2,3\n")
    with pytest.raises(LogFormatError, match="fits no format") as info:
        formats.detect(other)
    assert info.value.row == 1


def test_names_and_unknown_format() -> None:
    assert formats.names() == ("labourchain", "toggl", "clockify", "mturk-batch", "prolific")
    assert formats.get("mturk").name == "mturk-batch"
    with pytest.raises(InvalidInputError, match="unknown format 'harvest'"):
        formats.get("harvest")
    with pytest.raises(InvalidInputError, match="takes no option tz"):
        lc.WorkLog.read(MTURK, format="mturk-batch", tz="UTC")


# ------------------------------------------------------------------ Toggl


def test_toggl_report_by_hand() -> None:
    log = lc.WorkLog.read(TOGGL, format="toggl", tz="Africa/Nairobi")
    # search 30 min, paid 60 + 45, qualification 30, rejected 60 (tag "rejected"
    # wins over project "Paid work"): 225 min = 3.75 h; gross 3.00 + 2.25 = 5.25 USD.
    assert log.activities == (
        Activity.SEARCH,
        Activity.PAID,
        Activity.QUALIFICATION,
        Activity.REJECTED,
        Activity.PAID,
    )
    report = lc.wage_report(log)
    assert minutes(report.total_time) == pytest.approx(225)
    assert report.gross.magnitude == pytest.approx(5.25)
    assert report.forgone.magnitude == pytest.approx(2.00)
    assert report.effective_hourly.magnitude == pytest.approx(5.25 / 3.75)  # 1.40 USD/h
    assert report.paid_hourly.magnitude == pytest.approx(3.00)
    # 20:00 in Nairobi (UTC+3, no DST) is 17:00 UTC; the offset is kept.
    first = next(log.starts())
    assert first.isoformat() == "2024-03-04T20:00:00+03:00"
    assert log.kind[1] == "Paid work"
    assert log.client[1] == "Remotasks"
    assert log.note[0] == "Looking for tasks"
    assert log.extra_columns == ("tags",)


def test_toggl_needs_tz() -> None:
    with pytest.raises(InvalidInputError, match="time zone"):
        lc.WorkLog.read(TOGGL, format="toggl")


def test_unmapped_entries_refused_with_the_list(tmp_path: Path) -> None:
    text = TOGGL.read_text().replace("Qualification,,Lidar test", "Misc,,Coffee")
    path = tmp_path / "toggl.csv"
    path.write_text(text)
    with pytest.raises(LogFormatError, match="not covered") as info:
        lc.WorkLog.read(path, format="toggl", tz="Africa/Nairobi")
    assert "project 'Misc'" in str(info.value)
    assert "description 'Coffee'" in str(info.value)


def test_activity_map_from_toml(tmp_path: Path) -> None:
    text = TOGGL.read_text().replace("Qualification,,Lidar test", "Misc,,Coffee")
    path = tmp_path / "toggl.csv"
    path.write_text(text)
    amap = tmp_path / "map.toml"
    # the default's [description] table is empty: add to it
    amap.write_text(
        ActivityMap.default_text().replace("[description]\n", '[description]\ncoffee = "waiting"\n')
    )
    log = lc.WorkLog.read(path, format="toggl", tz="Africa/Nairobi", activity_map=amap)
    assert log.activities[2] is Activity.WAITING
    # a mapping works too
    log2 = lc.WorkLog.read(
        path,
        format="toggl",
        tz="Africa/Nairobi",
        activity_map={
            "project": {"paid work": "paid", "search": "search", "misc": "admin"},
            "tags": {"rejected": "rejected"},
        },
    )
    assert log2.activities[2] is Activity.ADMIN


def test_activity_map_errors(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError, match="unknown table"):
        ActivityMap.from_mapping({"colour": {}})
    with pytest.raises(InvalidInputError, match="unknown activity"):
        ActivityMap.from_mapping({"project": {"x": "napping"}})
    bad = tmp_path / "bad.toml"
    bad.write_text("[project\n")
    with pytest.raises(InvalidInputError, match="not valid TOML"):
        ActivityMap.from_toml(bad)
    amap = ActivityMap.from_mapping({"tags": {"a": "search", "b": "paid"}})
    with pytest.raises(InvalidInputError, match="different activities"):
        amap.classify({"tags": "a, b"})


def test_paid_entry_needs_an_amount(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text(TOGGL.read_text().replace("01:00:00,,3.00", "01:00:00,,"))
    with pytest.raises(LogFormatError, match="paid entry needs") as info:
        lc.WorkLog.read(path, format="toggl", tz="Africa/Nairobi")
    assert info.value.row == 3
    assert info.value.column == "Amount (USD)"


# ------------------------------------------------------------------ Clockify and DST


def test_clockify_report_by_hand_across_dst() -> None:
    log = lc.WorkLog.read(CLOCKIFY, tz="America/New_York", date_format="%m/%d/%Y")
    # 2024-03-10: New York's clocks jump from 02:00 EST to 03:00 EDT.
    # paid 23:00 -> 01:00 = 120 min; search 01:30 EST -> 03:30 EDT = 60 min (not 120);
    # waiting 20 min. Total 200 min; gross 12.00 USD.
    assert log.minutes.tolist() == pytest.approx([120, 60, 20])
    report = lc.wage_report(log)
    assert report.gross.magnitude == pytest.approx(12.0)
    assert report.effective_hourly.magnitude == pytest.approx(12.0 / (200 / 60))  # 3.60
    offsets = log.offset_s.tolist()
    assert offsets == [-5 * 3600, -5 * 3600, -4 * 3600]


def test_clockify_slash_dates_need_a_format() -> None:
    with pytest.raises(LogFormatError, match="date_format") as info:
        lc.WorkLog.read(CLOCKIFY, format="clockify", tz="America/New_York")
    assert info.value.row == 2
    assert info.value.column == "Start Date"


def test_local_instant_agrees_with_weekly_schedule() -> None:
    """The readers resolve wall-clock times as WeeklySchedule does (DST both ways)."""
    ny = ZoneInfo("America/New_York")
    # Spring forward: 01:00-04:00 lasts 2 hours; fall back: 00:00-03:00 lasts 4.
    s = local_instant(datetime(2024, 3, 10, 1, 0), ny)[0]
    e = local_instant(datetime(2024, 3, 10, 4, 0), ny)[0]
    assert (e - s) / 3.6e9 == 2
    s = local_instant(datetime(2024, 11, 3, 0, 0), ny)[0]
    e = local_instant(datetime(2024, 11, 3, 3, 0), ny)[0]
    assert (e - s) / 3.6e9 == 4
    week = lc.WeeklySchedule.parse("Sun 01:00-04:00", tz="America/New_York")
    (start, end), *_ = week.intervals(week_of=datetime(2024, 3, 10).date())
    assert (end.timestamp() - start.timestamp()) / 3600 == 2  # same-zone "-" is wall time
    assert local_instant(datetime(2024, 3, 10, 4, 0), ny)[0] == int(end.timestamp()) * 10**6
    week = lc.WeeklySchedule.parse("Sun 00:00-03:00", tz="America/New_York")
    (start, end), *_ = week.intervals(week_of=datetime(2024, 11, 3).date())
    assert (end.timestamp() - start.timestamp()) / 3600 == 4
    assert local_instant(datetime(2024, 11, 3, 0, 0), ny)[0] == int(start.timestamp()) * 10**6


# ------------------------------------------------------------------ MTurk


def test_mturk_batch_report_by_hand() -> None:
    log = lc.WorkLog.read(MTURK)
    # Approved: 240 + 300 + 360 + 420 + 180 s = 25 min, 5 x $0.50 = 2.50 USD;
    # rejected 120 s = 2 min. Different workers' spans overlap in time but are
    # different people's: 27 min in all, 2.50 / 0.45 h = 5.56 USD/h.
    report = lc.wage_report(log)
    assert minutes(report.total_time) == pytest.approx(27)
    assert report.gross.magnitude == pytest.approx(2.5)
    assert report.forgone.magnitude == pytest.approx(0.5)
    assert report.effective_hourly.magnitude == pytest.approx(2.5 / 0.45)
    assert log.extra_columns == ("worker_id", "assignment_id", "status")
    assert next(log.starts()).isoformat() == "2024-03-04T09:00:00-08:00"


def test_mturk_batch_columns_for_top_up() -> None:
    batch = formats.read_batch(MTURK)
    assert batch.platform == "mturk"
    assert batch.workers == ("W1", "W2", "W1", "W3", "W2", "W3")
    assert batch.hits == ("3HIT1", "3HIT1", "3HIT2", "3HIT2", "3HIT3", "3HIT3")
    assert batch.statuses.count("rejected") == 1
    assert batch.reward == lc.money(0.5, "USD")
    logs = batch.logs()
    assert list(logs) == ["W1", "W2", "W3"]
    assert [len(v) for v in logs.values()] == [2, 2, 2]
    # pool: one log per worker id
    pooled = pool(logs)
    ratings = pooled.rate_clients(min_workers=1)
    assert ratings.ratings[0].workers == 3
    # Fair Work (the default): per-HIT medians of approved and rejected times
    # 270, 240, 300 s; their median 270 s = 4.5 min; rate 0.50 / 4.5 min = 6.67 USD/h
    # (to the cent); each approved assignment earns 0.50 x (15 / 6.67 - 1) = 0.6244;
    # per worker, rounded up to the cent: W1 2 -> 1.25, W2 2 -> 1.25, W3 1 -> 0.63.
    top = batch.top_up(FLOOR_USD)
    assert {w: float(b.magnitude) for w, b in top.by_worker.items()} == pytest.approx(
        {"W1": 1.25, "W2": 1.25, "W3": 0.63}
    )
    assert minutes(top.task_time) == pytest.approx(4.5)
    lines = batch.bonus_text(top).splitlines()
    assert lines[0] == "WorkerId,AssignmentId,BonusAmount,Reason"
    assert lines[1].startswith("W1,3ASG1,1.25,")
    assert lines[3].startswith("W3,3ASG6,0.63,")  # W3's approved assignment, not the rejected
    # labourchain's pooled median, leaving out W3: the times of W1 and W2 (240, 300,
    # 360, 420 s) have median 330 s = 5.5 min: 15 USD/h x 5.5 min = 1.375, bonus
    # 0.875 per approved task, 1.75 for each of the two.
    median = batch.top_up(FLOOR_USD, method="median", frozen=["W3"])
    assert {w: float(b.magnitude) for w, b in median.by_worker.items()} == pytest.approx(
        {"W1": 1.75, "W2": 1.75}
    )
    # Fair Work with W2 frozen: W2's reports leave the medians (240, 240, 180 s: 4 min),
    # rate 7.50 USD/h, 0.50 per approved assignment; W2 gets nothing.
    frozen = batch.top_up(FLOOR_USD, frozen=["W2"])
    assert {w: float(b.magnitude) for w, b in frozen.by_worker.items()} == pytest.approx(
        {"W1": 1.0, "W2": 0.0, "W3": 0.5}
    )
    assert "W2" not in batch.bonus_text(frozen)


def test_batch_feeds_breakdown() -> None:
    log = lc.WorkLog.read(MTURK)
    grouped = breakdown(log, by="task")
    assert len(grouped.groups) == 3


def test_mturk_bad_status_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "b.csv"
    path.write_text(MTURK.read_text().replace('"Rejected"', '"Pending"', 1))
    with pytest.raises(LogFormatError, match="unknown assignment status") as info:
        formats.read_batch(path)
    assert info.value.row == 5
    assert info.value.column == "AssignmentStatus"


# ------------------------------------------------------------------ Prolific


def test_prolific_report_by_hand() -> None:
    batch = formats.read_batch(PROLIFIC, reward="2.00 GBP")
    # APPROVED 600 s and 900 s, AWAITING REVIEW 1200 s: 45 min paid, 3 x 2.00 GBP;
    # REJECTED 300 s; RETURNED (no time taken) 12:03 -> 12:11 = 8 min; ACTIVE left out.
    assert batch.skipped == ((7, "still in progress (ACTIVE)"),)
    report = lc.wage_report(batch.log)
    assert minutes(report.total_time) == pytest.approx(58)
    assert report.gross.magnitude == pytest.approx(6.0)
    assert report.effective_hourly.magnitude == pytest.approx(6.0 / (58 / 60))
    assert batch.hits == ("65f1c0ffee",) * 5
    # Fair Work, one HIT (the study): median of 600, 900, 300 (rejected), 1200 s is
    # 750 s = 12.5 min; rate 2.00 / 12.5 min = 9.60 GBP/h; each approved submission
    # earns 2.00 x (12 / 9.6 - 1) = 0.50; the one awaiting review earns its bonus
    # once approved (Fair Work bonuses approved work only).
    top = batch.top_up(lc.money(12, "GBP") / lc.Q_(1, "hour"))
    assert batch.bonus_text(top) == "5e90a1,0.50\n5e90a2,0.50\n"


def test_prolific_needs_reward() -> None:
    with pytest.raises(InvalidInputError, match="no reward column"):
        lc.WorkLog.read(PROLIFIC)
    log = lc.WorkLog.read(PROLIFIC, reward=lc.money(2, "GBP"))
    assert len(log) == 5


# ------------------------------------------------------------------ our own CSV


OWN = "start,minutes,activity,reward,currency\n2024-03-04T21:00:00+03:00,30,paid,1.5,usd\n"


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_own_csv_delimiters_bom_and_currency_case(tmp_path: Path, delimiter: str) -> None:
    path = tmp_path / "log.csv"
    path.write_text("\ufeff" + OWN.replace(",", delimiter), encoding="utf-8")
    log = lc.WorkLog.read(path)
    assert log.currency.tolist() == ["USD"]
    assert log.reward.tolist() == [1.5]
    stream = io.StringIO("\ufeff" + OWN.replace(",", delimiter))
    assert lc.WorkLog.from_csv(stream) == log


def test_extra_columns_round_trip_and_are_named(tmp_path: Path) -> None:
    text = (
        "start,minutes,activity,reward,currency,mood,Tasker note\n"
        '2024-03-04T21:00:00+03:00,30,paid,1.5,USD,tired,"late, again"\n'
        "2024-03-04T21:30:00+03:00,10,search,,,ok,\n"
    )
    log = lc.WorkLog.from_csv(io.StringIO(text))
    assert log.extra_columns == ("mood", "Tasker note")
    assert dict(log.extra)["Tasker note"].tolist() == ["late, again", ""]
    again = lc.WorkLog.from_csv(io.StringIO(log.to_csv_text()))
    assert again == log
    assert lc.wage_report(again).gross.magnitude == 1.5
    assert log[1:].extra_columns == ("mood", "Tasker note")
    both = lc.WorkLog.concat([log, lc.WorkLog.from_csv(io.StringIO(OWN))])
    assert dict(both.extra)["mood"].tolist() == ["tired", "ok", ""]


def test_carriage_return_in_a_field_survives_a_round_trip() -> None:
    """Issue #12 item 7: a quoted field holding a carriage return."""
    log = lc.WorkLog.from_records(
        [{"start": "2024-03-04T21:00:00Z", "minutes": 5, "activity": "search", "note": "a\rb"}]
    )
    assert lc.WorkLog.from_csv(io.StringIO(log.to_csv_text(), newline="")) == log
    assert lc.WorkLog.from_csv(io.StringIO(log.to_csv_text())).note.tolist() == ["a\rb"]


def test_invalid_rows_still_name_line_and_column() -> None:
    with pytest.raises(LogFormatError) as info:
        lc.WorkLog.from_csv(io.StringIO(OWN + "2024-03-04T22:00:00Z,x,search,,\n"))
    assert info.value.row == 3
    assert info.value.column == "minutes"


# ------------------------------------------------------------------ hypothesis

_text = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=12
)


def _assert_parses_or_names_line(read: Callable[[str], object], text: str) -> None:
    error: LogFormatError | None = None
    try:
        read(text)
    except LogFormatError as exc:
        error = exc
    except LabourchainError as exc:  # a file-level problem (reward, tz)
        raise AssertionError(f"not a LogFormatError: {exc!r}") from None
    if error is not None:
        assert error.row is not None, error
        if error.row > 1:
            assert error.column is not None, error


def _csv_row(fields: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL).writerow(fields)
    return out.getvalue()


def _mutated(base: Path, data: st.DataObject) -> str:
    lines = base.read_text().splitlines(keepends=True)
    header = lines[0]
    row = next(csv.reader([lines[1]]))
    i = data.draw(st.integers(0, len(row) - 1))
    row[i] = data.draw(st.one_of(_text, st.sampled_from(["", "-1", "nan", "1e400", "25:61:00"])))
    return header + _csv_row(row)


@given(st.data())
def test_toggl_random_rows_parse_or_name_line_and_column(data: st.DataObject) -> None:
    text = _mutated(TOGGL, data)
    _assert_parses_or_names_line(
        lambda t: formats.read(io.StringIO(t), "toggl", tz="Africa/Nairobi"), text
    )


@given(st.data())
def test_clockify_random_rows_parse_or_name_line_and_column(data: st.DataObject) -> None:
    text = _mutated(CLOCKIFY, data)
    _assert_parses_or_names_line(
        lambda t: formats.read(
            io.StringIO(t), "clockify", tz="America/New_York", date_format="%m/%d/%Y"
        ),
        text,
    )


@given(st.data())
def test_mturk_random_rows_parse_or_name_line_and_column(data: st.DataObject) -> None:
    text = _mutated(MTURK, data)
    _assert_parses_or_names_line(lambda t: formats.read(io.StringIO(t), "mturk-batch"), text)


@given(st.data())
def test_prolific_random_rows_parse_or_name_line_and_column(data: st.DataObject) -> None:
    text = _mutated(PROLIFIC, data)
    _assert_parses_or_names_line(
        lambda t: formats.read(io.StringIO(t), "prolific", reward="2 GBP"), text
    )


@given(st.lists(_text, min_size=5, max_size=5))
def test_own_random_rows_parse_or_name_line_and_column(fields: list[str]) -> None:
    text = "start,minutes,activity,reward,currency\n" + _csv_row(fields)
    _assert_parses_or_names_line(lambda t: lc.WorkLog.from_csv(io.StringIO(t)), text)


def test_reward_text_is_checked() -> None:
    with pytest.raises(InvalidInputError, match="amount with its currency"):
        formats.read_batch(PROLIFIC, reward="two pounds")
    assert math.isclose(formats.read_batch(PROLIFIC, reward="2.5 gbp").reward.magnitude, 2.5)


# ------------------------------------------------------------------ command line


def test_cli_wage_formats(run_cli: Callable[..., object]) -> None:
    out = run_cli("wage", TOGGL, "--format", "toggl", "--tz", "Africa/Nairobi", "--json")
    assert out.returncode == 0, out.stderr
    payload = json.loads(out.stdout)
    assert payload["effective_hourly"] == pytest.approx(1.4)
    assert any("ignored for accounting: tags" in n for n in payload["notes"])
    out = run_cli("wage", TOGGL)  # detected, but the zone is missing
    assert out.returncode == 2
    assert out.stderr.count("\n") == 1
    assert "--tz" in out.stderr
    out = run_cli("wage", MTURK, "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["gross"] == pytest.approx(2.5)
    out = run_cli("wage", PROLIFIC, "--reward", "2 GBP", "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["total_time"] == pytest.approx(58 / 60)
    out = run_cli("wage", MTURK, "--reward", "2 GBP")
    assert out.returncode == 2
    assert "--reward does not apply" in out.stderr


def test_cli_formats_list(run_cli: Callable[..., object]) -> None:
    out = run_cli("formats")
    assert out.returncode == 0
    names = [line.split()[0] for line in out.stdout.splitlines()]
    assert names == ["labourchain", "toggl", "clockify", "mturk-batch", "prolific"]
    template = run_cli("formats", "--activity-map-template")
    assert template.stdout == ActivityMap.default_text()


def test_cli_top_up(run_cli: Callable[..., object], tmp_path: Path) -> None:
    out_file = tmp_path / "bonuses.csv"
    out = run_cli("top-up", MTURK, "--floor", "15 USD/hour", "--format", "mturk", "--out", out_file)
    assert out.returncode == 0, out.stderr
    assert "W3" in out.stdout
    assert "Batch cost:" in out.stdout
    assert out_file.read_text().splitlines()[0] == "WorkerId,AssignmentId,BonusAmount,Reason"
    again = run_cli("top-up", MTURK, "--floor", "15 USD/hour", "--out", out_file)
    assert again.returncode == 2
    assert "exists" in again.stderr
    prolific_out = tmp_path / "p.txt"
    out = run_cli(
        "top-up", PROLIFIC, "--floor", "12 GBP/hour", "--reward", "2.00 GBP", "--out", prolific_out
    )
    assert out.returncode == 0, out.stderr
    assert prolific_out.read_text() == "5e90a1,0.50\n5e90a2,0.50\n"
    out = run_cli("top-up", TOGGL, "--floor", "15 USD/hour")
    assert out.returncode == 2


def test_python_reader_in_chunks_reads_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue #12 item 8: the Python reader moves rows into numpy a chunk at a time."""
    import labourchain.worklog._io as worklog

    rows = "".join(
        f"2024-03-04T{10 + i:02d}:00:00+03:00,{i},paid,{i / 4},usd,P{i % 3},,,,,n{i}\n"
        for i in range(10)
    )
    text = "start,minutes,activity,reward,currency,platform,client,task_id,kind,note,mine\n" + rows
    whole = lc.WorkLog.from_csv(io.StringIO(text))
    monkeypatch.setattr(worklog, "_CHUNK_ROWS", 3)
    chunked = lc.WorkLog.from_csv(io.StringIO(text))
    assert chunked == whole
    assert dict(chunked.extra)["mine"].tolist() == [f"n{i}" for i in range(10)]
    bad = text + "2024-03-04T23:00:00+03:00,-1,search,,,,,,,,\n"
    with pytest.raises(LogFormatError) as info:
        lc.WorkLog.from_csv(io.StringIO(bad))
    assert info.value.row == 12


def test_submitted_assignments_count_for_time_and_wait_for_their_bonus(tmp_path: Path) -> None:
    """MTurk's Submitted (awaiting review) is paid in the report; Fair Work bonuses it later."""
    path = tmp_path / "b.csv"
    path.write_text(MTURK.read_text().replace('"W2","Approved"', '"W2","Submitted"'))
    batch = formats.read_batch(path)
    assert batch.statuses.count("submitted") == 2
    assert lc.wage_report(batch.log).gross.magnitude == pytest.approx(2.5)
    top = batch.top_up(FLOOR_USD)
    # the medians are unchanged (submitted times count): W1 1.25, W3 0.63; W2 nothing yet
    assert {w: float(b.magnitude) for w, b in top.by_worker.items()} == pytest.approx(
        {"W1": 1.25, "W2": 0.0, "W3": 0.63}
    )
