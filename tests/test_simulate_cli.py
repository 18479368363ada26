"""labourchain simulate and labourchain cases."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from labourchain import cases
from labourchain.cli import main


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_cases_lists_every_case() -> None:
    code, out = run("cases")
    assert code == 0
    for name in cases.names():
        assert name in out
    code, out = run("cases", "--json")
    assert [item["name"] for item in json.loads(out)] == list(cases.names())


def test_case_report_and_its_file() -> None:
    code, out = run("cases", "sama", "--workers", "50", "--reference", "2 USD/hour")
    assert code == 0, out
    assert "median effective hourly wage" in out
    assert "100.0% of workers" in out  # everyone below $2/h
    code, out = run("cases", "sama", "--toml")
    assert code == 0
    assert out == cases.text("sama")


def test_simulate_a_file_as_json(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    cases.load("eduardo").to_toml(path)
    code, out = run("simulate", str(path), "--workers", "40", "--seed", "3", "--json")
    assert code == 0, out
    data = json.loads(out)
    assert data["workers"] == 40
    assert data["summary"]["median_effective"] < data["summary"]["median_paid"]
    assert set(data["mean"]["unpaid_hours_by_activity"]) >= {"search", "waiting"}
    # The same seed from the case name gives the same numbers.
    code, again = run("simulate", "eduardo", "--workers", "40", "--seed", "3", "--json")
    assert json.loads(again)["summary"] == data["summary"]


def test_errors_are_one_line_with_status_2(tmp_path: Path) -> None:
    code, out = run("simulate", "no-such-case")
    assert code == 2
    assert "neither a scenario file nor a shipped case" in out
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "x"\nfoo = 1\n')
    code, out = run("simulate", str(bad))
    assert code == 2
    assert "unknown field 'foo'" in out
    code, out = run("simulate", "maria", "--week", "July")
    assert code == 2
