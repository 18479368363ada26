"""The command line as a user meets it (issue #11, items 13-17): advice in flags, valid
edge cases, privacy defaults, install commands that work, and text that reads right."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import labourchain as lc
from labourchain.cli import main
from labourchain.plot import _level_text, _signed
from labourchain.render import to_html

HEADER = "start,minutes,activity,reward,currency,platform,client\n"


def invoke(*args: str | Path) -> Result:
    """The command line, in this process (stdout and stderr apart)."""
    try:
        runner = CliRunner(mix_stderr=False)  # type: ignore[call-arg]  # click < 8.2
    except TypeError:
        runner = CliRunner()
    return runner.invoke(main, [str(a) for a in args], catch_exceptions=False)


def write(path: Path, *rows: str) -> Path:
    path.write_text(HEADER + "".join(f"{row}\n" for row in rows), encoding="utf-8")
    return path


def one_line_error(result: Result) -> str:
    assert result.exit_code == 2, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 or "Usage:" in result.stderr, result.stderr
    return result.stderr


# ---------------------------------------------------------------- 16: installing matplotlib


def test_missing_matplotlib_names_commands_that_work(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "sys.modules['matplotlib'] = None\n"
        "sys.modules['matplotlib.figure'] = None\n"
        "from labourchain.cli import main\n"
        f"main(['wage', '--example', '--plot', {str(tmp_path / 'w.png')!r}])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert "pip install matplotlib" in done.stderr
    assert "pip install '.[plot]'" in done.stderr  # from a clone
    assert "labourchain[plot]" not in done.stderr  # labourchain is not on PyPI


# ---------------------------------------------------------------- 17: text that reads right


def test_one_span_one_task_one_worker(tmp_path: Path) -> None:
    log = write(
        tmp_path / "one.csv",
        "2024-03-04T10:00:00Z,30,paid,1.50,USD,Remotasks,Acme",
    )
    result = invoke("wage", log)
    assert result.exit_code == 0, result.stderr
    assert "1 span, 1 task," in result.stdout
    assert "1 spans" not in result.stdout
    assert "1 tasks" not in result.stdout
    report = lc.wage_report(lc.WorkLog.from_csv(log))
    html = to_html(report)
    assert "1 entry, 1 task," in html
    ratings = lc.pool({"a": lc.WorkLog.from_csv(log)}).rate_clients(min_workers=1)
    assert "from 1 worker's log " in ratings.to_text()


def test_a_reference_in_the_reports_currency_is_said_once() -> None:
    assert _level_text("1.2 USD/hour", 1.2, "USD") == "1.20 USD/hour"
    assert _level_text("1.2 EUR/hour", 1.3, "USD") == "1.2 EUR/hour = 1.30 USD/hour"
    assert _level_text("minimum wage, KE", 0.5, "USD") == "minimum wage, KE = 0.50 USD/hour"
    assert _level_text(None, 0.5, "USD") == "0.50 USD/hour"


@pytest.mark.parametrize("change", [-0.004, -0.0001, 0.003, 0.0042])
def test_small_steps_are_labelled_as_numbers(change: float) -> None:
    label = _signed(change)
    assert "<" not in label
    assert float(label) == pytest.approx(change, rel=0.2)
    assert label[0] == ("-" if change < 0 else "+")


def test_html_keeps_the_space_before_a_link() -> None:
    citation = lc.Citation(
        source="Order 2022", url="https://example.org/order", retrieved=date(2026, 11, 23)
    )
    report = lc.wage_report(
        lc.WorkLog.from_records(
            [{"start": "2024-03-04T10:00:00Z", "minutes": 30, "activity": "paid",
              "reward": 1.5, "currency": "USD"}]
        )
    )
    html = to_html(report, sources=[str(citation)])
    assert ', <a href="https://example.org/order"' in html
    assert ',<a href' not in html


# ---------------------------------------------------------------- 13: advice in flags

PYTHON_ADVICE = ("currency=", "rates=", "attrs.evolve", "ExchangeRates.convert", "worker_fee=")


def no_python_advice(text: str) -> None:
    for advice in PYTHON_ADVICE:
        assert advice not in text, text


def test_several_currencies_ask_for_currency_and_rates_flags(tmp_path: Path) -> None:
    log = write(
        tmp_path / "two.csv",
        "2024-03-04T10:00:00Z,30,paid,1.50,USD,Remotasks,Acme",
        "2024-03-04T11:00:00Z,30,paid,150,KES,Remotasks,Acme",
    )
    error = one_line_error(invoke("wage", log))
    assert "--currency" in error
    assert "--rates" in error
    no_python_advice(error)
    assert invoke("wage", log, "--currency", "USD").exit_code == 0
    rated = one_line_error(invoke("rate", log, "--min-workers", "1"))
    assert "--currency" in rated
    assert "--rates" in rated
    no_python_advice(rated)


def test_an_unpublished_fee_is_assumed_with_a_flag_and_said_so(tmp_path: Path) -> None:
    error = one_line_error(invoke("wage", "--example", "--platform", "remotasks"))
    assert "--assume-fee remotasks=" in error
    no_python_advice(error)
    plain = invoke("wage", "--example", "--platform", "remotasks", "--assume-fee", "remotasks=0")
    assumed = invoke(
        "wage", "--example", "--platform", "remotasks", "--assume-fee", "remotasks=0.1", "--json"
    )
    assert plain.exit_code == 0, plain.stderr
    assert assumed.exit_code == 0, assumed.stderr
    import json

    payload = json.loads(assumed.stdout)
    assert any("assumed" in note and "10.0%" in note for note in payload["notes"])
    assert "assumed, not published" in plain.stdout
    gross = payload["gross"]["value"] if isinstance(payload["gross"], dict) else payload["gross"]
    fees = payload["platform_fees"]
    fees = fees["value"] if isinstance(fees, dict) else fees
    assert fees == pytest.approx(0.1 * gross, abs=0.01)
    html = tmp_path / "r.html"
    invoke("wage", "--example", "--platform", "remotasks", "--assume-fee", "remotasks=0.1",
           "--html", html)
    assert "assumed, not published" in html.read_text(encoding="utf-8")
    for bad in (["--assume-fee", "remotasks=1.5"], ["--assume-fee", "remotasks"]):
        result = invoke("wage", "--example", "--platform", "remotasks", *bad)
        assert result.exit_code == 2
        assert "PLATFORM=SHARE" in result.stderr
    wrong = invoke("wage", "--example", "--platform", "mturk", "--assume-fee", "remotasks=0.1")
    assert wrong.exit_code == 2
    assert "'mturk'" in wrong.stderr
    published = invoke("wage", "--example", "--platform", "mturk", "--assume-fee", "mturk=0.1")
    assert published.exit_code == 2
    assert "publishes its worker fee" in published.stderr


def test_a_reference_in_another_currency_names_the_flag() -> None:
    result = invoke("simulate", "maria", "--workers", "5", "--reference", "2 EUR/hour")
    assert result.exit_code == 2
    assert "--reference" in result.stderr
    assert "USD/hour" in result.stderr
    no_python_advice(result.stderr)


# ---------------------------------------------------------------- 14: edge cases that are valid


def test_a_day_of_search_and_no_paid_work_is_reported_at_zero(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    log = write(tmp_path / "search.csv", "2024-03-04T10:00:00+03:00,45,search,,,,")
    picture = tmp_path / "w.png"
    result = invoke("wage", log, "--plot", picture)
    assert result.exit_code == 0, result.stderr
    assert "0.00 USD/hour" in result.stdout
    assert "--currency" in result.stdout  # the note says how to choose the currency
    assert picture.read_bytes().startswith(b"\x89PNG")
    in_kes = invoke("wage", log, "--country", "KE", "--json")
    assert in_kes.exit_code == 0, in_kes.stderr
    import json

    assert json.loads(in_kes.stdout)["currency"] == "KES"


def test_zero_or_negative_workers_is_a_clear_error() -> None:
    for n in ("0", "-3"):
        result = invoke("simulate", "maria", "--workers", n)
        assert result.exit_code == 2
        assert "--workers" in result.stderr
        assert "Warning" not in result.stderr


# ---------------------------------------------------------------- 15: rating clients


def _worker_log(path: Path, minutes: int) -> Path:
    return write(path, f"2024-03-04T10:00:00Z,{minutes},paid,1.50,USD,Remotasks,Acme")


def test_rate_needs_five_workers_by_default(tmp_path: Path) -> None:
    logs = [_worker_log(tmp_path / f"w{i}.csv", 20 + i) for i in range(5)]
    few = invoke("rate", *logs[:4], "--json")
    enough = invoke("rate", *logs, "--json")
    assert few.exit_code == 0, few.stderr
    assert enough.exit_code == 0, enough.stderr
    import json

    assert json.loads(few.stdout)["clients"] == []
    assert json.loads(few.stdout)["method"]["min_workers"] == 5
    assert [c["client"] for c in json.loads(enough.stdout)["clients"]] == ["Acme"]


def test_the_same_log_twice_is_refused(tmp_path: Path) -> None:
    logs = [_worker_log(tmp_path / f"w{i}.csv", 20 + i) for i in range(5)]
    copy = tmp_path / "copy.csv"
    copy.write_text(logs[2].read_text(encoding="utf-8").replace("\n", "\r\n"), encoding="utf-8")
    twice = one_line_error(invoke("rate", *logs, logs[0]))
    assert str(logs[0]) in twice
    same = one_line_error(invoke("rate", *logs, copy))
    assert str(copy) in same
    assert str(logs[2]) in same


def test_a_bad_log_is_named_by_its_file(tmp_path: Path) -> None:
    logs = [_worker_log(tmp_path / f"w{i}.csv", 20 + i) for i in range(5)]
    bad = write(tmp_path / "bad.csv", "2024-03-04T10:00:00Z,-5,paid,1.50,USD,Remotasks,Acme")
    error = one_line_error(invoke("rate", *logs, bad))
    assert str(bad) in error
