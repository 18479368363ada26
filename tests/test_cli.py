"""The command line, driven as a user would: ``python -m labourchain ...`` in a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

HEADER = "start,minutes,activity,reward,currency,platform\n"
GOOD = (
    HEADER
    + "2025-01-06T20:00:00+03:00,30,search,,,Remotasks\n"
    + "2025-01-06T20:30:00+03:00,60,paid,2.5,USD,Remotasks\n"
    + "2025-01-06T21:30:00+03:00,30,waiting,,,Remotasks\n"
)

#: The top-level keys of ``labourchain wage --json``, as documented in docs/json.md.
JSON_KEYS = {
    "schema",
    "labourchain_version",
    "log",
    "currency",
    "units",
    "gross",
    "platform_fees",
    "payout_fees",
    "fees",
    "net",
    "carried",
    "forgone",
    "time_by_activity",
    "paid_time",
    "unpaid_time",
    "total_time",
    "excluded_time",
    "paid_hourly",
    "effective_hourly",
    "unpaid_share",
    "reference",
    "reference_label",
    "reference_ratio",
    "shortfall",
    "rows",
    "tasks",
    "period",
    "policy",
    "sources",
    "figures",
    "notes",
}
REFERENCE_FIGURE_KEYS = {
    "role",
    "kind",
    "country",
    "currency",
    "amount",
    "period",
    "hours_basis",
    "hourly",
    "effective_from",
    "until",
    "scope",
    "source",
    "url",
    "retrieved",
    "confidence",
    "label",
    "area",
    "last_checked",
    "may_be_replaced",
    "review",
    "note",
}
RATE_FIGURE_KEYS = {
    "role",
    "currency",
    "per_base",
    "base",
    "effective_from",
    "source",
    "url",
    "retrieved",
    "confidence",
    "period",
    "period_end",
    "stale_by_days",
}


def failed(result: subprocess.CompletedProcess[str], *expected: str) -> None:
    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("labourchain: error: ") or "Error:" in result.stderr
    for text in expected:
        assert text in result.stderr, result.stderr


@pytest.fixture
def good(tmp_path: Path) -> Path:
    path = tmp_path / "log.csv"
    path.write_text(GOOD, "utf-8")
    return path


# ---------------------------------------------------------------- good input


def test_example_report_is_readable(
    run_cli: Callable[..., subprocess.CompletedProcess[str]],
) -> None:
    result = run_cli("wage", "--example")
    assert result.returncode == 0, result.stderr
    assert "effective (all time)" in result.stdout
    assert "bundled example log" in result.stdout


def test_json_shape_is_stable(run_cli: Callable[..., subprocess.CompletedProcess[str]]) -> None:
    result = run_cli("wage", "--example", "--country", "KE", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == JSON_KEYS
    assert data["schema"] == "labourchain.wage/1"
    assert data["units"] == {"money": "USD", "time": "hour", "hourly": "USD/hour"}
    assert isinstance(data["effective_hourly"], float)
    assert data["effective_hourly"] == pytest.approx(data["net"] / data["total_time"], rel=1e-6)
    roles = [f["role"] for f in data["figures"]]
    assert roles == ["reference_wage", "exchange_rate"]
    assert set(data["figures"][0]) == REFERENCE_FIGURE_KEYS
    assert set(data["figures"][1]) == RATE_FIGURE_KEYS
    # the example log starts on 2024-03-04: the 2022 Kenyan minimum applies
    assert data["figures"][0]["effective_from"] == "2022-05-01"
    kes = data["figures"][1]  # the rate of the log's own month (HMRC, 2024-03)
    assert (kes["currency"], kes["period"], kes["stale_by_days"]) == ("KES", "2024-03", 0)
    assert data["reference"] == pytest.approx(
        data["figures"][0]["hourly"] / kes["per_base"], rel=1e-6
    )
    assert all(f["source"] and f["effective_from"] for f in data["figures"])
    assert data["notes"] == []


def test_json_without_reference(
    good: Path, run_cli: Callable[..., subprocess.CompletedProcess[str]]
) -> None:
    data = json.loads(run_cli("wage", good, "--json").stdout)
    assert set(data) == JSON_KEYS
    assert data["reference"] is None
    assert data["figures"] == []
    assert data["effective_hourly"] == pytest.approx(2.5 / 2)


def test_no_statutory_minimum_is_a_note_not_a_zero(
    good: Path, run_cli: Callable[..., subprocess.CompletedProcess[str]]
) -> None:
    result = run_cli("wage", good, "--country", "FI", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["reference"] is None
    assert data["reference_ratio"] is None
    assert "Finland (FI) has no statutory minimum wage" in data["notes"][0]
    text = run_cli("wage", good, "--country", "FI").stdout
    assert "Note: Finland (FI) has no statutory minimum wage" in text


def test_own_rates_file(
    good: Path, tmp_path: Path, run_cli: Callable[..., subprocess.CompletedProcess[str]]
) -> None:
    rates = tmp_path / "rates.csv"
    rates.write_text("# my rates\ncurrency,rate,as_of,source\nKES,129.3,2025-01-06,CBK\n", "utf-8")
    data = json.loads(run_cli("wage", good, "--country", "KE", "--rates", rates, "--json").stdout)
    assert data["reference"] == pytest.approx(16113.75 / 225.33 / 129.3, rel=1e-6)
    rate = next(f for f in data["figures"] if f["role"] == "exchange_rate")
    assert rate == {
        "role": "exchange_rate",
        "currency": "KES",
        "per_base": 129.3,
        "base": "USD",
        "effective_from": "2025-01-06",
        "source": "CBK",
        "url": None,
        "retrieved": None,
        "confidence": None,
    }


def test_reference_command(run_cli: Callable[..., subprocess.CompletedProcess[str]]) -> None:
    result = run_cli("reference", "KE", "--on", "2025-01-01", "--currency", "USD")
    assert result.returncode == 0, result.stderr
    first = result.stdout.splitlines()[0]
    assert first == (
        "minimum wage, Nairobi, Mombasa and Kisumu, Kenya, from 2024-11-01 "
        "(16,113.75 KES a month / 225.33 h)"
    )
    assert "71.51 KES an hour" in result.stdout
    assert "0.55 USD an hour" in result.stdout  # at HMRC's January 2025 rate, 129.3 KES/USD
    assert "Legal Notice No. 163" in result.stdout
    before = run_cli("reference", "ke", "--on", "2024-10-31", "--json")
    assert json.loads(before.stdout)["amount"] == 15201.65
    living = run_cli("reference", "KE", "--kind", "living", "--on", "2025-01-01")
    assert living.stdout.startswith("living wage, non-metropolitan urban Kenya, Kenya")


def test_reference_none(run_cli: Callable[..., subprocess.CompletedProcess[str]]) -> None:
    result = run_cli("reference", "FI", "--on", "2025-01-01")
    assert result.returncode == 0
    assert result.stdout.startswith("none: Finland (FI) has no statutory minimum wage")
    data = json.loads(run_cli("reference", "FI", "--on", "2025-01-01", "--json").stdout)
    assert data["status"] == "none"


def test_publication_reports(
    good: Path, tmp_path: Path, run_cli: Callable[..., subprocess.CompletedProcess[str]]
) -> None:
    md, page = tmp_path / "r.md", tmp_path / "r.html"
    result = run_cli("wage", good, "--country", "KE", "--markdown", md, "--html", page)
    assert result.returncode == 0, result.stderr
    assert md.read_text("utf-8").startswith("# Effective hourly wage: 1.25 USD an hour")
    assert "Legal Notice No. 163" in md.read_text("utf-8")
    assert page.read_text("utf-8").startswith("<!DOCTYPE html>")
    assert "written to" in result.stderr


def test_plot(
    good: Path, tmp_path: Path, run_cli: Callable[..., subprocess.CompletedProcess[str]]
) -> None:
    pytest.importorskip("matplotlib")
    out = tmp_path / "w.png"
    result = run_cli("wage", good, "--plot", out, "--json")
    assert result.returncode == 0, result.stderr
    json.loads(result.stdout)  # stdout stays pure JSON
    assert out.read_bytes().startswith(b"\x89PNG")
    assert out.stat().st_size > 20_000


# ---------------------------------------------------------------- bad input


def test_naive_datetime(
    tmp_path: Path, run_cli: Callable[..., subprocess.CompletedProcess[str]]
) -> None:
    path = tmp_path / "naive.csv"
    path.write_text(HEADER + "2025-01-06T20:00:00,30,search,,,\n", "utf-8")
    failed(run_cli("wage", path), str(path), "line 2", "column 'start'")


def test_unknown_activity(
    tmp_path: Path, run_cli: Callable[..., subprocess.CompletedProcess[str]]
) -> None:
    path = tmp_path / "activity.csv"
    path.write_text(GOOD + "2025-01-06T22:00:00+03:00,5,napping,,,\n", "utf-8")
    failed(run_cli("wage", path), "line 5", "column 'activity'", "napping")


def test_missing_file(
    tmp_path: Path, run_cli: Callable[..., subprocess.CompletedProcess[str]]
) -> None:
    failed(run_cli("wage", tmp_path / "nope.csv"), "nope.csv")


def test_unknown_country(
    good: Path, run_cli: Callable[..., subprocess.CompletedProcess[str]]
) -> None:
    failed(run_cli("wage", good, "--country", "XX"), "'XX'", "ISO 3166-1")
    failed(run_cli("reference", "XX"), "'XX'")
    failed(run_cli("reference", "AD"), "Andorra")


def test_date_before_first_figure(run_cli: Callable[..., subprocess.CompletedProcess[str]]) -> None:
    # Kenya's series now starts on 2013-05-01 (the 2013 and 2015 rises were found, #13)
    failed(run_cli("reference", "KE", "--on", "2013-01-01"), "2013-05-01")


def test_missing_bundled_rate_says_what_to_do(
    tmp_path: Path, run_cli: Callable[..., subprocess.CompletedProcess[str]]
) -> None:
    # May 2022: Venezuela's minimum wage of 2022-03-15 is in force, but the bundled VES rates
    # jump from the World Bank's 2017 average to the BCV quote of 2022-07-18 (over a year old)
    log = tmp_path / "may-2022.csv"
    log.write_text(
        "start,minutes,activity,reward,currency\n2022-05-02T09:00:00-04:00,60,paid,2.00,USD\n",
        "utf-8",
    )
    failed(run_cli("wage", log, "--country", "VE"), "VES", "--rates")


def test_the_example_compares_with_venezuela_at_a_flagged_rate(
    run_cli: Callable[..., subprocess.CompletedProcess[str]],
) -> None:
    # March 2024: the latest BCV quote held is 36.03 VES per USD of 2024-01-04 (El Pitazo)
    result = run_cli("wage", "--example", "--country", "VE")
    assert result.returncode == 0, result.stderr
    assert "36.03 VES per USD" in result.stdout
    assert "STALE by 60 days" in result.stdout


def test_bad_rates_file(
    good: Path, tmp_path: Path, run_cli: Callable[..., subprocess.CompletedProcess[str]]
) -> None:
    rates = tmp_path / "rates.csv"
    rates.write_text("currency,rate\nKES,lots\n", "utf-8")
    failed(run_cli("wage", good, "--country", "KE", "--rates", rates), "line 2", "column 'rate'")
    rates.write_text("currency,rate\nKSH,129\n", "utf-8")
    failed(
        run_cli("wage", good, "--country", "KE", "--rates", rates), "line 2", "column 'currency'"
    )


def test_usage_errors(good: Path, run_cli: Callable[..., subprocess.CompletedProcess[str]]) -> None:
    both = run_cli("wage", good, "--country", "KE", "--reference", "1 USD/hour")
    assert both.returncode == 2
    assert "Traceback" not in both.stderr
    neither = run_cli("wage")
    assert neither.returncode == 2


def test_debug_shows_the_traceback(
    tmp_path: Path, run_cli: Callable[..., subprocess.CompletedProcess[str]]
) -> None:
    result = run_cli("--debug", "wage", tmp_path / "nope.csv")
    assert result.returncode != 0
    assert "Traceback" in result.stderr


def test_timeline(
    good: Path, tmp_path: Path, run_cli: Callable[..., subprocess.CompletedProcess[str]]
) -> None:
    pytest.importorskip("matplotlib")
    out = tmp_path / "week.png"
    result = run_cli("wage", good, "--country", "ke", "--timeline", out, "--tz", "Africa/Nairobi")
    assert result.returncode == 0, result.stderr
    assert "Regulation of Wages" in result.stdout  # the country code is read in any case
    assert out.read_bytes().startswith(b"\x89PNG")


def test_bad_time_zone_fails_before_any_output(
    good: Path, tmp_path: Path, run_cli: Callable[..., subprocess.CompletedProcess[str]]
) -> None:
    result = run_cli("wage", good, "--timeline", tmp_path / "w.png", "--tz", "Mars/Base")
    failed(result, "'Mars/Base'", "--tz")
    assert result.stdout == ""


def test_reference_in_international_dollars(
    run_cli: Callable[..., subprocess.CompletedProcess[str]],
) -> None:
    result = run_cli("reference", "KE", "--on", "2024-06-01", "--ppp")
    assert result.returncode == 0, result.stderr
    assert "1.54 international $ an hour at PPP" in result.stdout  # 15,201.65 / 225.33 / 43.737
    data = json.loads(run_cli("reference", "KE", "--on", "2024-06-01", "--ppp", "--json").stdout)
    assert data["ppp"]["hourly"] == pytest.approx(15201.65 / 225.33 / 43.73735237)
    assert "PA.NUS.PRVT.PP" in data["ppp"]["source"]
    failed(run_cli("reference", "VE", "--on", "2024-06-01", "--ppp"), "no PPP factor")
    # the 2023 factors are more than a year old by 2025-01-01: refused, saying what to pass
    failed(run_cli("reference", "KE", "--on", "2025-01-01", "--ppp"), "PPPConverter")


def test_low_confidence_figures_get_a_note(
    tmp_path: Path, run_cli: Callable[..., subprocess.CompletedProcess[str]]
) -> None:
    path = tmp_path / "ve.csv"
    path.write_text(HEADER + "2025-10-21T20:00:00-04:00,60,paid,2,USD,\n", "utf-8")
    data = json.loads(run_cli("wage", path, "--country", "VE", "--json").stdout)
    rate = next(f for f in data["figures"] if f["role"] == "exchange_rate")
    assert rate["confidence"] == "low"
    assert any("exchange rate for VES" in n and "low confidence" in n for n in data["notes"])


def test_by_refuses_outputs_it_cannot_make(tmp_path: Path) -> None:
    # Nothing is silently dropped: --by with --plot is an error, and no file appears.
    out = tmp_path / "w.png"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "labourchain",
            "wage",
            "--example",
            "--by",
            "day",
            "--plot",
            str(out),
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert "--by" in done.stderr
    assert "--plot" in done.stderr
    assert "Traceback" not in done.stderr
    assert not out.exists()


@pytest.mark.parametrize("args", [["formats"], ["simulate", "eduardo", "-n", "50"]])
def test_a_reader_that_went_away_stops_the_command_quietly(args: list[str]) -> None:
    # `labourchain formats | head -1`: the reader closes the pipe first; no error line.
    proc = subprocess.Popen(
        [sys.executable, "-m", "labourchain", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None
    assert proc.stderr is not None
    proc.stdout.close()
    err = proc.stderr.read()
    proc.stderr.close()
    assert proc.wait(timeout=120) == 1
    assert err == b""
