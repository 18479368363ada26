"""Accounting policies: what each counts, and how reports show time a policy leaves out."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

import labourchain as lc
from labourchain import Activity
from labourchain.render import to_html, to_markdown

T0 = "2024-03-04T21:00:00+03:00"


def _log() -> lc.WorkLog:
    # The methodology page's evening: 10 min search, then (after 30 s) 20 min paid, a
    # 30-s gap, 15 min returned, 14 min paid, 30 min waiting.
    return lc.WorkLog.from_records(
        [
            {"start": T0, "minutes": 10, "activity": "search"},
            {"start": "2024-03-04T21:10:30+03:00", "minutes": 20, "activity": "paid",
             "reward": 1.00, "currency": "USD"},
            {"start": "2024-03-04T21:31:00+03:00", "minutes": 15, "activity": "returned",
             "reward": 0.80, "currency": "USD"},
            {"start": "2024-03-04T21:46:00+03:00", "minutes": 14, "activity": "paid",
             "reward": 1.00, "currency": "USD"},
            {"start": "2024-03-04T22:00:00+03:00", "minutes": 30, "activity": "waiting"},
        ]
    )  # fmt: skip


def test_hara2018_counts_what_the_paper_measured() -> None:
    # Hara et al., CHI 2018 (doi:10.1145/3173574.3174023): task work (approved, rejected,
    # and tasks not submitted), time searching, and intervals of a minute or less between
    # tasks; not logged waiting, training or admin (FACTS.md, "Hara et al.").
    policy = lc.AccountingPolicy.hara2018()
    assert policy.counted == {
        Activity.PAID,
        Activity.REJECTED,
        Activity.RETURNED,
        Activity.SEARCH,
    }
    assert policy.merge_gaps == lc.Q_(1, "minute")
    r = lc.wage_report(_log(), policy=policy)
    # 10 + 20 + 15 + 14 min logged, plus two 30-s gaps: 60 min; the 30 min waiting is out.
    assert r.total_time.to("minute").magnitude == pytest.approx(60.0)
    assert r.excluded_time.to("minute").magnitude == pytest.approx(30.0)
    assert r.effective_hourly is not None
    assert r.effective_hourly.magnitude == pytest.approx(2.00)
    assert r.not_counted == {
        Activity.QUALIFICATION,
        Activity.TRAINING,
        Activity.WAITING,
        Activity.ADMIN,
        Activity.OUTAGE,
    }


def test_hara2018_leaves_out_logged_training_and_admin() -> None:
    log = lc.WorkLog.from_records(
        [
            {"start": T0, "minutes": 30, "activity": "paid", "reward": 3.0, "currency": "USD"},
            {"start": "2024-03-04T21:30:00+03:00", "minutes": 15, "activity": "training"},
            {"start": "2024-03-04T21:45:00+03:00", "minutes": 15, "activity": "admin"},
        ]
    )
    r = lc.wage_report(log, policy=lc.AccountingPolicy.hara2018())
    assert r.total_time.magnitude == pytest.approx(0.5)
    assert r.effective_hourly is not None
    assert r.effective_hourly.magnitude == pytest.approx(6.0)


def _shares(text: str) -> list[float]:
    return [float(x) for x in re.findall(r"(\d+\.\d)\s?%", text)]


def test_task_time_only_shares_are_of_the_counted_total() -> None:
    r = lc.wage_report(_log(), policy=lc.AccountingPolicy.task_time_only())
    text = r.to_text()
    time_block = text.split("total counted")[0]
    assert sum(_shares(time_block)) == pytest.approx(100.0, abs=0.05)
    for name in ("search", "returned", "waiting"):
        line = next(x for x in text.splitlines() if x.strip().startswith(name))
        assert "not counted" in line
        assert "%" not in line
    assert "effective (all time)" not in text
    assert "effective (counted time)" in text
    # The default policy counts everything: the label says so.
    assert "effective (all time)" in lc.wage_report(_log()).to_text()


@pytest.mark.parametrize("render", [to_markdown, to_html])
def test_published_reports_under_a_policy_that_leaves_time_out(
    render: Callable[[lc.WageReport], str],
) -> None:
    r = lc.wage_report(_log(), policy=lc.AccountingPolicy.task_time_only())
    page = render(r)
    time_table = page.split("Time")[-1].split("Method")[0]
    assert sum(_shares(time_table)) == pytest.approx(100.0, abs=0.05)
    assert "(not counted)" in time_table
    assert "(all time)" not in page
    assert "Counting all" not in page
    assert "Every minute the worker logged is counted" not in page
    everything = render(lc.wage_report(_log()))
    assert "(all time)" in everything
    assert sum(_shares(everything.split("Time")[-1].split("Method")[0])) == pytest.approx(
        100.0, abs=0.05
    )


def test_cli_task_time_only(
    run_cli: Callable[..., subprocess.CompletedProcess[str]], tmp_path: Path
) -> None:
    path = tmp_path / "log.csv"
    _log().to_csv(path)
    out = run_cli("wage", str(path), "--policy", "task-time-only").stdout
    assert "effective (all time)" not in out
    block = out.split("total counted")[0].split("share")[-1]
    assert sum(_shares(block)) == pytest.approx(100.0, abs=0.05)
