"""Hostile and extreme input (#12): nothing crashes, lies on the terminal or leaves half a file."""

from __future__ import annotations

import contextlib
import json
import math
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from click.testing import CliRunner, Result
from hypothesis import given
from hypothesis import strategies as st

import labourchain as lc
from labourchain import _parse
from labourchain._json import dumps, money_value, rate_value
from labourchain._text import printable
from labourchain.cli import main
from labourchain.cli._common import Outputs
from labourchain.errors import InvalidInputError, LabourchainError, LogFormatError
from labourchain.testing import extreme_csv, extreme_records, hostile_labels

HEADER = "start,minutes,activity,reward,currency,platform,client,task_id\n"


def cli(*args: str | Path) -> Result:
    """The command line, in this process (stdout and stderr apart, as with click 8.2)."""
    try:
        runner = CliRunner(mix_stderr=False)  # type: ignore[call-arg]  # click < 8.2
    except TypeError:
        runner = CliRunner()
    return runner.invoke(main, [str(a) for a in args])


def assert_one_line_error(result: Result) -> None:
    assert result.exit_code == 2, (result.output, result.exception)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("labourchain: error: ")
    assert result.stdout == ""


def strict_json(text: str) -> Any:
    """json.loads that refuses NaN and Infinity (which json.loads accepts by default)."""

    def refuse(name: str) -> Any:
        raise AssertionError(f"{name} in JSON output")

    return json.loads(text, parse_constant=refuse)


def write_log(tmp_path: Path, rows: str, name: str = "log.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + rows, encoding="utf-8")
    return path


# ---------------------------------------------------------------- 1. bounds


@pytest.mark.parametrize(
    ("row", "column"),
    [
        ("9332-03-04T21:00:00+03:00,5,search,,,,,", "start"),
        ("1900-03-04T21:00:00+03:00,5,search,,,,,", "start"),
        ("2024-03-04T21:00:00+03:00,600000000,search,,,,,", "minutes"),
        ("2024-03-04T21:00:00+03:00,1.8e308,search,,,,,", "minutes"),
        ("2024-03-04T21:00:00+03:00,5,paid,1e308,USD,,,", "reward"),
        ("2024-03-04T21:00:00+03:00,5,paid,1e13,USD,,,", "reward"),
    ],
)
def test_values_outside_any_real_week_are_refused_with_line_and_column(
    tmp_path: Path, row: str, column: str
) -> None:
    path = write_log(tmp_path, "2024-03-04T20:00:00+03:00,5,search,,,,,\n" + row + "\n")
    with pytest.raises(LogFormatError) as info:
        lc.WorkLog.from_csv(path)
    assert info.value.row == 3
    assert info.value.column == column
    assert_one_line_error(cli("wage", path, "--json"))


def test_an_end_a_year_after_the_start_is_refused() -> None:
    with pytest.raises(LogFormatError) as info:
        lc.WorkLog.from_records(
            [
                {
                    "start": "2024-03-04T21:00:00+00:00",
                    "end": "2025-03-04T21:00:00+00:00",
                    "activity": "search",
                }
            ]
        )
    assert info.value.column == "end"


def test_from_arrays_checks_the_same_bounds() -> None:
    start = np.array(["2024-03-04T21:00"], dtype="datetime64[us]")
    with pytest.raises(LogFormatError, match="7 days"):
        lc.WorkLog.from_arrays(start=start, minutes=[6e8], activity=["search"])
    with pytest.raises(LogFormatError, match="at most"):
        lc.WorkLog.from_arrays(
            start=start, minutes=[5], activity=["paid"], reward=[1e308], currency="USD"
        )
    far = np.array(["9332-03-04T21:00"], dtype="datetime64[us]")
    with pytest.raises(LogFormatError) as info:
        lc.WorkLog.from_arrays(start=far, minutes=[5], activity=["search"])
    assert info.value.column == "start"


def test_the_bounds_themselves_are_accepted() -> None:
    log = lc.WorkLog.from_records(
        [
            {"start": "1990-01-01T00:00:00+00:00", "minutes": 10080, "activity": "waiting"},
            {
                "start": "2100-01-01T00:00:00+00:00",
                "minutes": 5,
                "activity": "paid",
                "reward": 1e12,
                "currency": "USD",
            },
        ]
    )
    report = lc.wage_report(log)
    assert math.isfinite(report.effective_hourly.magnitude)  # type: ignore[union-attr]


# ---------------------------------------------------------------- 1. JSON


def test_money_in_json_is_exact_to_the_minor_unit(tmp_path: Path) -> None:
    # 2,000 tasks of 98,765,432.17 IDR: 197,530,864,340 IDR, not rounded to 10 digits
    # (which gave 197,530,864,300: 40 IDR short).
    rows = "".join(
        f"2024-03-0{1 + i // 1000}T{(i % 1000) // 60:02d}:{i % 60:02d}:00+07:00,"
        "0.5,paid,98765432.17,IDR,,,\n"
        for i in range(2000)
    )
    path = write_log(tmp_path, rows)
    result = cli("wage", path, "--json")
    assert result.exit_code == 0, result.output
    data = strict_json(result.stdout)
    expected = Decimal("98765432.17") * 2000
    assert Decimal(repr(data["gross"])) == expected
    assert Decimal(repr(data["net"])) == expected


def test_rounding_follows_iso_4217_minor_units() -> None:
    assert money_value(1234.5, "JPY") == 1234.0  # 0 digits, half to even
    assert money_value(1.23456, "KWD") == 1.235  # 3 digits
    assert money_value(0.125, "USD") == 0.12
    assert money_value(2.675, "USD") == 2.68  # as written, not as the binary double
    assert rate_value(1.23456789123, "USD") == 1.234567891  # 10 significant digits
    assert rate_value(123456789012.25, "IDR") == 123456789012.25  # large: cents kept
    assert money_value(None, "USD") is None


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False))
def test_money_rounding_is_within_half_a_minor_unit(value: float) -> None:
    rounded = money_value(value, "USD")
    assert rounded is not None
    assert abs(rounded - value) <= 0.005 + abs(value) * 1e-15
    assert Decimal(repr(rounded)).as_tuple().exponent >= -2  # type: ignore[operator]


def test_dumps_never_writes_nan() -> None:
    assert strict_json(dumps({"a": None, "b": 1.5})) == {"a": None, "b": 1.5}
    with pytest.raises(LabourchainError):
        dumps({"a": math.nan})


def test_a_summary_of_no_workers_has_nulls() -> None:
    result = lc.simulate_population(lc.cases.load("maria"), 0, seed=1)
    summary = strict_json(dumps(result.summary(lc.Q_(2, "USD/hour")).to_dict()))
    assert summary["workers"] == 0
    assert summary["median_effective"] is None
    assert summary["quantiles"] == [None] * 5
    assert summary["share_below"] is None


def _example_logs(tmp_path: Path) -> Path:
    folder = tmp_path / "logs"
    folder.mkdir()
    batch = Path(__file__).parent / "data" / "formats" / "mturk-batch.csv"
    (tmp_path / "batch.csv").write_bytes(batch.read_bytes())
    for i in range(3):
        write_log(
            folder,
            "2024-03-04T20:00:00+03:00,10,search,,,,,\n"
            f"2024-03-04T20:10:00+03:00,{20 + i},paid,1.5,USD,Remotasks,Acme,t1\n",
            name=f"w{i}.csv",
        )
    return folder


JSON_COMMANDS: list[Callable[[Path], list[str]]] = [
    lambda d: ["wage", "--example", "--json"],
    lambda d: ["wage", "--example", "--json", "--country", "US"],
    lambda d: ["wage", "--example", "--json", "--by", "day"],
    lambda d: ["wage", "--example", "--json", "--by", "platform"],
    lambda d: ["wage", str(d / "w0.csv"), "--json"],
    lambda d: ["rate", str(d), "--json", "--min-workers", "1", "--reference", "2 USD/hour"],
    lambda d: ["budget", "--median-time", "5min", "--floor", "15 USD/hour", "--json"],
    lambda d: [
        "budget",
        "--median-time",
        "5min",
        "--floor",
        "15 USD/hour",
        "--platform",
        "mturk",
        "--json",
    ],
    lambda d: ["simulate", "maria", "--workers", "20", "--json"],
    lambda d: ["cases", "--json"],
    lambda d: ["cases", "sama", "--workers", "10", "--json"],
    lambda d: ["reference", "KE", "--on", "2024-06-01", "--json", "--currency", "USD", "--ppp"],
    lambda d: ["reference", "US", "--on", "2025-01-01", "--json"],
    lambda d: ["formats", "--json"],
    lambda d: ["top-up", str(d.parent / "batch.csv"), "--floor", "15 USD/hour", "--json"],
]


@pytest.mark.parametrize("command", JSON_COMMANDS)
def test_every_json_output_is_valid_json(
    tmp_path: Path, command: Callable[[Path], list[str]]
) -> None:
    args = command(_example_logs(tmp_path))
    result = cli(*args)
    assert result.exit_code == 0, (args, result.output)
    strict_json(result.stdout)


def test_simulate_no_workers_as_json_is_valid_or_refused() -> None:
    result = cli("simulate", "maria", "--workers", "0", "--json")
    if result.exit_code == 0:
        data = strict_json(result.stdout)
        assert data["summary"]["median_effective"] is None
    else:
        assert_one_line_error(result)


# ---------------------------------------------------------------- 2. labels on the terminal

HOSTILE = "Acme\r\x1b[2KPaid 50.00 USD/hour\u202e\n"


def test_printable_escapes_what_moves_the_cursor() -> None:
    shown = printable(HOSTILE)
    assert shown == "Acme\\r\\x1b[2KPaid 50.00 USD/hour\\u202e\\n"
    assert shown.isprintable()
    assert printable("Café, Nairobi — 東京") == "Café, Nairobi — 東京"


@given(st.text())
def test_printable_output_has_no_control_characters(text: str) -> None:
    shown = printable(text)
    assert not any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for c in shown)
    assert "\u202e" not in shown


@pytest.mark.parametrize("by", ["platform", "client", "task"])
def test_labels_are_escaped_in_text_and_kept_in_json(tmp_path: Path, by: str) -> None:
    quoted = HOSTILE.replace('"', '""')
    path = write_log(
        tmp_path,
        f'2024-03-04T20:00:00+03:00,10,paid,1.5,USD,"{quoted}","{quoted}","{quoted}"\n',
    )
    text = cli("wage", path, "--by", by)
    assert text.exit_code == 0, text.output
    assert "\x1b" not in text.stdout
    assert "\r" not in text.stdout
    assert "\\x1b[2K" in text.stdout
    data = strict_json(cli("wage", path, "--by", by, "--json").stdout)
    assert data["groups"][0]["key"] == HOSTILE


def test_rate_escapes_client_labels(tmp_path: Path) -> None:
    quoted = HOSTILE.replace('"', '""')
    path = write_log(tmp_path, f'2024-03-04T20:00:00+03:00,10,paid,1.5,USD,x,"{quoted}",t\n')
    result = cli("rate", path, "--min-workers", "1")
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stdout
    assert "\r" not in result.stdout


def test_a_log_name_with_escapes_is_printed_escaped(tmp_path: Path) -> None:
    path = write_log(tmp_path, "2024-03-04T20:00:00+03:00,10,paid,1,USD,,,\n", name="a\x1b[2Kb.csv")
    result = cli("wage", path)
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stdout


# ---------------------------------------------------------------- 3. output files


def test_a_missing_folder_is_refused_before_any_output(tmp_path: Path) -> None:
    for option in ("--markdown", "--html"):
        result = cli("wage", "--example", option, tmp_path / "no" / "such" / "r.txt")
        assert_one_line_error(result)
        assert "does not exist" in result.stderr


@pytest.mark.parametrize("target", ["{d}/", "{d}", "/dev/full"])
def test_folders_and_devices_are_refused(tmp_path: Path, target: str) -> None:
    result = cli("wage", "--example", "--markdown", target.format(d=tmp_path))
    assert_one_line_error(result)
    assert list(tmp_path.iterdir()) == []


def test_the_input_log_is_never_overwritten(tmp_path: Path) -> None:
    path = write_log(tmp_path, "2024-03-04T20:00:00+03:00,10,search,,,,,\n")
    before = path.read_bytes()
    assert_one_line_error(cli("wage", path, "--html", path))
    assert path.read_bytes() == before


def test_written_files_are_named_exactly_and_replace_old_ones(tmp_path: Path) -> None:
    target = tmp_path / "r.md"
    target.write_text("old")
    result = cli("wage", "--example", "--markdown", target, "--html", tmp_path / "r.html")
    assert result.exit_code == 0, result.output
    assert f"Markdown report written to {target}\n" in result.stderr
    assert f"HTML report written to {tmp_path / 'r.html'}\n" in result.stderr
    assert target.read_text() != "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.html", "r.md"]  # no temp files


def test_a_picture_without_suffix_is_reported_with_the_suffix_written(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    result = cli("wage", "--example", "--plot", tmp_path / "OUT")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "OUT.png").is_file()
    assert f"picture written to {tmp_path / 'OUT.png'}\n" in result.stderr
    assert_one_line_error(cli("wage", "--example", "--plot", tmp_path / "OUT.txt"))


def test_a_failure_while_writing_leaves_old_files_and_no_temporaries(tmp_path: Path) -> None:
    target = tmp_path / "r.md"
    target.write_text("old")

    def fail_half_way() -> None:
        with Outputs() as outputs:
            outputs.add("--markdown", target)
            outputs.add("--html", tmp_path / "r.html")
            outputs.write_text("--markdown", "new")
            raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        fail_half_way()
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["r.md"]


def test_ctrl_c_exits_130_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import labourchain.cli._wage as cli_module

    def interrupted(*args: Any, **kwargs: Any) -> str:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli_module, "to_html", interrupted)
    result = cli(
        "wage", "--example", "--markdown", tmp_path / "r.md", "--html", tmp_path / "r.html"
    )
    assert result.exit_code == 130
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------- 4, 5. numbers


BAD_OPTIONS = [
    ["budget", "--median-time", "5min", "--floor", "-15 USD/hour"],
    ["budget", "--median-time", "5min", "--floor", "0 USD/hour"],
    ["budget", "--median-time", "0min", "--floor", "15 USD/hour"],
    ["budget", "--median-time", "1e300 hour", "--floor", "15 USD/hour"],
    ["budget", "--median-time", "5min", "--floor", "nan USD/hour"],
    ["budget", "--median-time", "5min", "--floor", "inf USD/hour"],
    ["budget", "--median-time", "5min", "--floor", "1e400 USD/hour"],
    ["budget", "--median-time", "5min", "--floor", "9**9**9 USD/hour"],
    ["budget", "--median-time", "5min", "--floor", "15 USD/hour", "--assignments", "10" + "0" * 30],
    ["budget", "--median-time", "5min", "--floor", "15 USD/hour", "--share", "nan"],
    ["budget", "--median-time", "5min", "--floor", "15 USD/hour", "--share", "1e308"],
    ["budget", "--median-time", "5min", "--floor", "15 USD/hour", "--return-rate", "1"],
    ["budget", "--median-time", "5min", "--floor", "15 USD/hour", "--tasks-per-worker", "0"],
    ["budget", "--times", ",,", "--floor", "15 USD/hour"],
    ["simulate", "maria", "--reference", "-2 USD/hour"],
    ["simulate", "maria", "--reference", "nan USD/hour"],
    ["simulate", "maria", "--reference", "2 USD/hour" + " " * 100],
    ["rate", ".", "--quantiles", ""],
    ["rate", ".", "--quantiles", "2"],
    ["rate", ".", "--quantiles", "nan"],
    ["wage", "--example", "--reference", "1e308 USD/hour"],
    ["serve", "--max-seconds", "nan"],
    ["serve", "--max-upload-mb", "inf"],
    ["serve", "--workers", "0"],
]


@pytest.mark.parametrize("args", BAD_OPTIONS, ids=lambda a: " ".join(a)[:60])
def test_bad_numbers_are_one_line_errors(args: list[str]) -> None:
    started = time.process_time()
    result = cli(*args)
    assert_one_line_error(result)
    assert time.process_time() - started < 5


def test_parser_reads_what_people_write() -> None:
    assert _parse.parse_hourly("2.50 USD/hour") == lc.Q_(2.5, "USD/hour")
    assert _parse.parse_hourly(" 15 usd/hr".replace("usd", "USD")).magnitude == 15
    assert _parse.parse_hourly("0.5 KES / min").to("KES/hour").magnitude == pytest.approx(30)
    assert _parse.parse_duration("90 s").to("minute").magnitude == 1.5
    assert _parse.parse_duration("7").to("minute").magnitude == 7
    assert _parse.parse_money("21000 KES") == lc.money(21000, "KES")
    assert _parse.parse_number("1e3", maximum=1e4) == 1000.0
    with pytest.raises(InvalidInputError, match="'USD'"):
        _parse.parse_hourly("2 usd/hour")
    with pytest.raises(InvalidInputError, match="time unit"):
        _parse.parse_hourly("2 USD/fortnight")
    with pytest.raises(InvalidInputError, match="whole number"):
        _parse.parse_number("1.5", integer=True)


@given(st.text(max_size=80))
def test_any_text_is_a_wage_or_a_clear_error(text: str) -> None:
    for parse in (_parse.parse_hourly, _parse.parse_duration, _parse.parse_money):
        try:
            value = parse(text, "--x")
        except InvalidInputError as exc:
            message = str(exc)
        else:
            message = "--x"
            assert math.isfinite(value.magnitude)
            assert value.magnitude >= 0
        assert "--x" in message
    try:
        number = _parse.parse_number(text, "--x", minimum=0, maximum=1)
    except InvalidInputError:
        pass
    else:
        assert 0 <= number <= 1


@given(st.text(max_size=40))
def test_any_string_for_a_numeric_option_is_accepted_or_refused_in_one_line(text: str) -> None:
    result = cli("budget", "--median-time", text, "--floor", "15 USD/hour", "--json")
    if result.exit_code == 0:
        strict_json(result.stdout)
    else:
        assert_one_line_error(result)


# ---------------------------------------------------------------- 7. unusual but valid files


def _case_text() -> str:
    return lc.cases.text("maria")


def test_a_scenario_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    path.write_bytes(b"\xef\xbb\xbf" + _case_text().encode("utf-8"))
    assert lc.Scenario.from_toml(path) == lc.cases.load("maria")


def test_a_duplicate_key_names_the_field() -> None:
    text = _case_text().replace("[demand]\n", '[demand]\nhours = "Mon 09:00-10:00"\n', 1)
    with pytest.raises(LabourchainError, match=r"'demand\.hours' is given twice"):
        lc.Scenario.from_toml_text(text)


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ('hours = "Mon-Fri 09:00-18:00"', "hours = 5", "hours"),
        ('timezone = "America/New_York"', "timezone = 5", "timezone"),
        ('preset = "remotasks"', 'preset = "remotasks"\ncarry_over = "no"', "carry_over"),
        ('preset = "remotasks"', "preset = 3", "preset"),
    ],
)
def test_wrong_types_in_a_scenario_are_named(old: str, new: str, field: str) -> None:
    text = _case_text()
    assert old in text
    with pytest.raises(LabourchainError, match=field):
        lc.Scenario.from_toml_text(text.replace(old, new, 1))


def test_a_scenario_that_is_not_utf8_names_line_and_offset(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    data = _case_text().encode("utf-8")
    cut = data.index(b"[demand]")
    path.write_bytes(data[:cut] + b"\xff" + data[cut:])
    line = data[:cut].count(b"\n") + 1
    with pytest.raises(LabourchainError, match=f"offset {cut} .*line {line}"):
        lc.Scenario.from_toml(path)


def test_a_rates_file_with_a_multi_line_source_is_read(tmp_path: Path) -> None:
    from labourchain.reference import load_exchange_rates

    path = tmp_path / "rates.csv"
    path.write_text(
        '# my rates\ncurrency,rate,source\nKES,129.3,"Central Bank\nof Kenya"\n'
        'EUR,0.92,"Central Bank\nof Kenya"\n',
        encoding="utf-8",
    )
    rates = load_exchange_rates(path)
    assert rates.rates == {"KES": 129.3, "EUR": 0.92}
    assert rates.source == "Central Bank\nof Kenya"
    path.write_text('currency,rate,source\nKES,129.3,"never closed\n', encoding="utf-8")
    with pytest.raises(InvalidInputError, match="line 2"):
        load_exchange_rates(path)


def test_a_log_byte_that_is_not_utf8_is_reported_with_line_and_offset(tmp_path: Path) -> None:
    good = HEADER + "".join(f"2024-03-04T20:{i:02d}:00+03:00,1,search,,,,,\n" for i in range(50))
    data = good.encode("utf-8") + b"2024-03-04T21:00:00+03:00,1,search,,,\xe9,,\n"
    path = tmp_path / "log.csv"
    path.write_bytes(data)
    offset = data.index(b"\xe9")
    with pytest.raises(LogFormatError, match=f"0xe9 at offset {offset}") as info:
        lc.WorkLog.from_csv(path)
    assert info.value.row == 52


# ---------------------------------------------------------------- 6. populations beyond memory


def test_a_population_beyond_memory_is_refused_with_the_estimate(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import labourchain.cli._simulate as sim

    monkeypatch.setattr(sim, "_available_memory", lambda: 64 * 2**20)  # 64 MiB
    result = cli("simulate", "maria", "--workers", "1000000")
    assert_one_line_error(result)
    assert "--summary-only" in result.stderr
    assert "GiB" in result.stderr or "MiB" in result.stderr
    assert_one_line_error(cli("simulate", "maria", "--workers", str(10**12), "--summary-only"))
    assert_one_line_error(cli("simulate", "maria", "--workers", str(10**12 + 1)))


def test_a_summary_only_run_agrees_with_the_full_run() -> None:
    from labourchain.simulate.population import (
        SUMMARY_BIN_RATIO,
        simulate_population_summary,
    )

    scenario = lc.cases.load("eduardo")
    reference = lc.Q_(2, "USD/hour")
    full = lc.simulate_population(scenario, 700, seed=5)
    totals = simulate_population_summary(scenario, 700, seed=5, reference=reference, chunk_size=64)
    exact = full.summary(reference)
    assert totals.summary.share_below == exact.share_below
    assert totals.summary.mean_unpaid_share == pytest.approx(exact.mean_unpaid_share, rel=1e-12)
    assert totals.means["earnings"] == pytest.approx(float(np.mean(full.earnings)), rel=1e-12)
    assert totals.task_shares == pytest.approx(full.task_shares(), rel=1e-12)
    wages = np.sort(full.effective_hourly[~np.isnan(full.effective_hourly)])
    for p, q in zip(totals.summary.probabilities, totals.summary.quantiles, strict=True):
        rank = p * (len(wages) - 1)
        low, high = wages[math.floor(rank)], wages[math.ceil(rank)]
        assert low / SUMMARY_BIN_RATIO <= q <= high * SUMMARY_BIN_RATIO


def test_summary_only_on_the_command_line_is_valid_json() -> None:
    result = cli("simulate", "eduardo", "--workers", "300", "--summary-only", "--json")
    assert result.exit_code == 0, result.output
    data = strict_json(result.stdout)
    assert data["summary_only"] is True
    assert data["workers"] == 300
    full = strict_json(cli("simulate", "eduardo", "--workers", "300", "--json").stdout)
    assert data["summary"]["share_below"] == full["summary"]["share_below"]
    assert data["mean"]["earnings"] == full["mean"]["earnings"]


def test_big_seeds_are_read_exactly() -> None:
    a = cli("simulate", "sama", "--workers", "5", "--seed", str(2**62 + 1), "--json")
    b = cli("simulate", "sama", "--workers", "5", "--seed", str(2**62), "--json")
    assert a.exit_code == 0, a.output
    assert strict_json(a.stdout)["seed"] == 2**62 + 1
    assert strict_json(a.stdout)["summary"] != strict_json(b.stdout)["summary"]


# ---------------------------------------------------------------- the bar: anything in, no crash


def _report_if_valid(read: Callable[[], lc.WorkLog]) -> None:
    """Read a log: a LabourchainError, or a log whose report is valid, finite JSON."""
    try:
        log = read()
    except LabourchainError:
        return
    try:
        report = lc.wage_report(log, currency="USD") if len(log.currencies) <= 1 else None
    except LabourchainError:
        return
    if report is not None:
        strict_json(dumps(report.to_dict()))
        assert "\x1b" not in report.to_text()


@given(extreme_csv())
def test_any_csv_text_is_a_log_or_a_clear_error(text: str) -> None:
    import io

    _report_if_valid(lambda: lc.WorkLog.from_csv(io.StringIO(text, newline="")))


@given(st.binary(max_size=300))
def test_any_bytes_are_a_log_or_a_clear_error(data: bytes) -> None:
    import os
    import tempfile

    handle, name = tempfile.mkstemp(suffix=".csv")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(HEADER.encode() + data)
        _report_if_valid(lambda: lc.WorkLog.from_csv(name))
    finally:
        os.unlink(name)


@given(extreme_records())
def test_any_records_are_a_log_or_a_clear_error(records: list[dict[str, Any]]) -> None:
    _report_if_valid(lambda: lc.WorkLog.from_records(records))


@given(st.text(max_size=200))
def test_any_toml_text_is_a_scenario_or_a_clear_error(text: str) -> None:
    with contextlib.suppress(LabourchainError):
        lc.Scenario.from_toml_text(text)


_CASE_LINES = lc.cases.text("maria").splitlines()


@given(
    st.integers(min_value=0, max_value=len(_CASE_LINES) - 1),
    st.one_of(
        hostile_labels(),
        st.sampled_from(['= "x"', "= 5", "= -1", "= 1e400", "= true", "= []", "= {}", "= nan"]),
    ),
)
def test_a_scenario_with_any_line_changed_is_read_or_refused(line: int, tail: str) -> None:
    lines = list(_CASE_LINES)
    key = lines[line].split("=", 1)[0]
    lines[line] = f"{key}{tail}" if "=" in lines[line] and tail.startswith("=") else tail
    with contextlib.suppress(LabourchainError):
        lc.Scenario.from_toml_text("\n".join(lines))


NUMERIC_OPTIONS = [
    ["budget", "--median-time", "5min", "--floor", "{}"],
    ["budget", "--median-time", "{}", "--floor", "15 USD/hour"],
    ["budget", "--median-time", "5min", "--floor", "15 USD/hour", "--share", "{}"],
    ["budget", "--median-time", "5min", "--floor", "15 USD/hour", "--assignments", "{}"],
    ["budget", "--times", "{}", "--floor", "15 USD/hour"],
    ["budget", "--median-time", "5min", "--floor", "15 USD/hour", "--country", "KE={}"],
    ["simulate", "sama", "--workers", "{}"],
    ["simulate", "sama", "--workers", "3", "--reference", "{}"],
    ["wage", "--example", "--reference", "{}"],
]


@given(
    st.sampled_from(NUMERIC_OPTIONS),
    st.one_of(
        st.text(max_size=30),
        st.sampled_from(["0", "-1", "1e308", "1e400", "nan", "inf", "9**9**9", "1_000", "0x10"]),
        st.floats().map(repr),
        st.integers().map(str),
    ),
)
def test_any_string_for_any_numeric_option_is_accepted_or_refused_in_one_line(
    template: list[str], text: str
) -> None:
    args = [a.replace("{}", text) for a in template]
    if "--workers" in args and text.strip().isdigit() and int(text) > 2000:
        return  # a big valid population: accepted, and slow
    result = cli(*args, "--json")
    if result.exit_code == 0:
        strict_json(result.stdout)
    else:
        assert_one_line_error(result)


def test_one_floor_with_country_shares_is_that_floor_everywhere() -> None:
    # Found by the property above: a KeyError traceback before.
    result = cli(
        "budget", "--median-time", "5min", "--floor", "15 USD/hour", "--country", "KE=", "--json"
    )
    assert result.exit_code == 0, result.output
    alone = cli("budget", "--median-time", "5min", "--floor", "15 USD/hour", "--json")
    assert (
        strict_json(result.stdout)["reward"]["reward"]
        == strict_json(alone.stdout)["reward"]["reward"]
    )
