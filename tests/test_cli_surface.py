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
from labourchain.report import to_html

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
