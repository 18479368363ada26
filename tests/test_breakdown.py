"""Grouped reports: worked examples and the law that the groups add up to the total."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import labourchain as lc
from labourchain.accounting import ATTRIBUTION_RULES, BREAKDOWN_KEYS, DAY_RULES, breakdown
from labourchain.errors import InvalidInputError
from labourchain.testing import work_records

HOUR = "hour"


def rec(
    start: str, minutes: float, activity: str, reward: float | None = None, **extra: Any
) -> dict[str, Any]:
    r: dict[str, Any] = {"start": start, "minutes": minutes, "activity": activity, **extra}
    if reward is not None:
        r |= {"reward": reward, "currency": "USD"}
    return r


def h(q: Any) -> float:
    return float(q.to(HOUR).magnitude)


def test_by_client_shares_search_in_proportion_to_paid_time() -> None:
    # 30 min search (no client); client A: 60 min paid $6; client B: 30 min paid $1.
    # Paid time 60:30, so A gets 20 min of the search and B 10 min.
    # A: $6 / 80 min = $4.50/h; B: $1 / 40 min = $1.50/h; total $7 / 2 h = $3.50/h.
    log = lc.WorkLog.from_records(
        [
            rec("2024-03-04T09:00:00+03:00", 30, "search"),
            rec("2024-03-04T09:30:00+03:00", 60, "paid", 6.0, client="A"),
            rec("2024-03-04T10:30:00+03:00", 30, "paid", 1.0, client="B"),
        ]
    )
    g = breakdown(log, by="client")
    assert list(g) == ["A", "B"]
    assert h(g["A"].total_time) == pytest.approx(80 / 60)
    assert g["A"].effective_hourly.magnitude == pytest.approx(4.5)  # type: ignore[union-attr]
    assert g["B"].effective_hourly.magnitude == pytest.approx(1.5)  # type: ignore[union-attr]
    assert g.total.effective_hourly.magnitude == pytest.approx(3.5)  # type: ignore[union-attr]
    assert h(g.shared_time) == pytest.approx(0.5)
    # Each group's search time: 20 and 10 minutes.
    assert h(g["A"].time_by_activity[lc.Activity.SEARCH]) == pytest.approx(20 / 60)

    # "tasks": one attempt each, so 15 min each: A $6 / 75 min = $4.80/h.
    by_tasks = breakdown(log, by="client", attribute="tasks")
    assert by_tasks["A"].effective_hourly.magnitude == pytest.approx(4.8)  # type: ignore[union-attr]

    # "separate": the search is its own group, paying nothing.
    sep = breakdown(log, by="client", attribute="separate")
    assert list(sep) == ["A", "B", None]
    assert sep[None].net.magnitude == 0
    assert h(sep[None].total_time) == pytest.approx(0.5)
    assert sep["A"].effective_hourly.magnitude == pytest.approx(6.0)  # type: ignore[union-attr]
    assert "(unattributed)" in sep.to_text()


def test_task_work_without_a_label_is_its_own_group() -> None:
    # A returned task with no client label belongs to the "" group (client unknown),
    # not to the unattributed time.
    log = lc.WorkLog.from_records(
        [
            rec("2024-03-04T09:00:00Z", 60, "paid", 6.0, client="A"),
            rec("2024-03-04T10:00:00Z", 30, "returned"),
        ]
    )
    g = breakdown(log, by="client")
    assert list(g) == ["", "A"]
    assert h(g[""].total_time) == pytest.approx(0.5)
    assert g[""].effective_hourly.magnitude == 0  # type: ignore[union-attr]
    assert "(unknown)" in g.to_text()


def test_overlapping_tasks_for_two_clients_share_the_overlap() -> None:
    # Two tasks open at once for an hour: each client is charged 30 min, and the
    # total is one hour, not two.
    log = lc.WorkLog.from_records(
        [
            rec("2024-03-04T09:00:00Z", 60, "paid", 3.0, client="A"),
            rec("2024-03-04T09:00:00Z", 60, "paid", 1.0, client="B"),
        ]
    )
    g = breakdown(log, by="client")
    assert h(g["A"].total_time) == pytest.approx(0.5)
    assert h(g["B"].total_time) == pytest.approx(0.5)
    assert h(g.total.total_time) == pytest.approx(1.0)
    assert g["A"].effective_hourly.magnitude == pytest.approx(6.0)  # type: ignore[union-attr]


def test_days_are_local_and_a_span_belongs_to_the_day_it_starts_on() -> None:
    # 23:00 in Caracas (UTC-4) on 4 March is 03:00 UTC on 5 March: the local day is the 4th.
    # The 2-hour task runs past local midnight.
    log = lc.WorkLog.from_records(
        [
            rec("2024-03-04T22:30:00-04:00", 30, "search"),
            rec("2024-03-04T23:00:00-04:00", 120, "paid", 4.0),
            rec("2024-03-05T10:00:00-04:00", 60, "paid", 1.0),
        ]
    )
    g = breakdown(log, by="day")
    assert list(g) == [date(2024, 3, 4), date(2024, 3, 5)]
    # Day 4: $4 over 2.5 h = $1.60/h. Day 5: $1 over 1 h.
    assert g[date(2024, 3, 4)].effective_hourly.magnitude == pytest.approx(1.6)  # type: ignore[union-attr]
    assert g[date(2024, 3, 4)].tasks == 1

    # Split at midnight: day 4 has 30 min search + 60 min of the task ($2): $2 / 1.5 h;
    # day 5 has the other 60 min ($2) and the 10:00 task ($1): $3 / 2 h = $1.50/h.
    split = breakdown(log, by="day", day_rule="split")
    assert split[date(2024, 3, 4)].net.magnitude == pytest.approx(2.0)
    assert h(split[date(2024, 3, 4)].total_time) == pytest.approx(1.5)
    assert split[date(2024, 3, 5)].effective_hourly.magnitude == pytest.approx(1.5)  # type: ignore[union-attr]
    # The task is counted once, on the day it starts.
    assert [r.tasks for r in split.groups.values()] == [1, 1]


def test_weeks_run_monday_to_sunday_keyed_by_monday() -> None:
    log = lc.WorkLog.from_records(
        [
            rec("2024-03-03T20:00:00+03:00", 60, "paid", 1.0),  # Sunday
            rec("2024-03-04T08:00:00+03:00", 60, "paid", 2.0),  # Monday
            rec("2024-03-10T23:59:00+03:00", 60, "paid", 3.0),  # Sunday
        ]
    )
    g = breakdown(log, by="week")
    assert list(g) == [date(2024, 2, 26), date(2024, 3, 4)]
    assert g[date(2024, 3, 4)].net.magnitude == pytest.approx(5.0)
    assert g.to_dict()["groups"][0]["key"] == "2024-02-26"


def test_platform_fees_and_payout_costs_are_shared_out() -> None:
    # Platform A keeps 10 %; B keeps nothing. Each platform's balance is withdrawn
    # once, at $1 a withdrawal: A nets 10 - 1 - 1 = $8, B nets 90 - 1 = $89.
    log = lc.WorkLog.from_records(
        [
            rec("2024-03-04T09:00:00Z", 60, "paid", 10.0, platform="A", client="X"),
            rec("2024-03-04T10:00:00Z", 60, "paid", 90.0, platform="B", client="X"),
            rec("2024-03-04T11:00:00Z", 60, "paid", 30.0, platform="B", client="Y"),
        ]
    )
    plats = {"A": lc.Platform(name="A", worker_fee=0.1), "B": lc.Platform(name="B")}
    payout = lc.PayoutPolicy(fixed_fee=lc.money(1, "USD"))
    g = breakdown(log, by="platform", platform=plats, payout=payout)
    assert g["A"].platform_fees.magnitude == pytest.approx(1.0)
    assert g["A"].payout_fees.magnitude == pytest.approx(1.0)
    assert g["A"].net.magnitude == pytest.approx(8.0)
    assert g["B"].net.magnitude == pytest.approx(119.0)
    assert g.total.net.magnitude == pytest.approx(127.0)
    # By client: B's $1 is shared 90:30 between X and Y; A's $1 is all X's.
    c = breakdown(log, by="client", platform=plats, payout=payout)
    assert c["X"].payout_fees.magnitude == pytest.approx(1.0 + 0.75)
    assert c["Y"].payout_fees.magnitude == pytest.approx(0.25)


def test_multiple_currencies_and_reference() -> None:
    log = lc.WorkLog.from_records(
        [
            rec("2024-03-04T09:00:00Z", 60, "paid", 10.0, client="A"),
            {
                "start": "2024-03-04T10:00:00Z",
                "minutes": 60,
                "activity": "paid",
                "reward": 1400,
                "currency": "KES",
                "client": "B",
            },
        ]
    )
    rates = lc.ExchangeRates({"KES": 140.0}, base="USD")
    ref = lc.money(20, "USD") / lc.Q_(1, "hour")
    g = breakdown(log, by="client", currency="USD", rates=rates, reference=ref)
    assert g["B"].net.magnitude == pytest.approx(10.0)
    assert g["B"].reference_ratio == pytest.approx(0.5)
    assert g["A"].shortfall.magnitude == pytest.approx(10.0)  # type: ignore[union-attr]


def test_bad_arguments() -> None:
    log = lc.WorkLog.from_records([rec("2024-03-04T09:00:00Z", 60, "paid", 1.0)])
    with pytest.raises(InvalidInputError, match="by must be one of"):
        breakdown(log, by="month")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="attribute"):
        breakdown(log, by="client", attribute="equal")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="day_rule"):
        breakdown(log, by="day", day_rule="end")  # type: ignore[arg-type]


def test_empty_log() -> None:
    g = breakdown(lc.WorkLog.empty(), by="day", currency="USD")
    assert len(g) == 0
    assert "total" in g.to_text()


def test_hara_gaps_go_to_groups() -> None:
    log = lc.WorkLog.from_records(
        [
            rec("2024-03-04T09:00:00Z", 10, "paid", 1.0, client="A"),
            rec("2024-03-04T09:10:30Z", 10, "paid", 1.0, client="B"),
        ]
    )
    policy = lc.AccountingPolicy.hara2018()
    for by in ("client", "day"):
        g = breakdown(log, by=by, policy=policy)  # type: ignore[arg-type]
        assert sum(h(r.total_time) for r in g.groups.values()) == pytest.approx(
            h(g.total.total_time)
        )
        assert h(g.total.time_by_activity[lc.Activity.SEARCH]) == pytest.approx(0.5 / 60)


# ------------------------------------------------------------------ laws

_LABELS = st.sampled_from(["", "A", "B", "C"])


@st.composite
def labelled_logs(draw: st.DrawFn) -> lc.WorkLog:
    records = draw(work_records(min_size=1, max_size=25))
    for r in records:
        for column in ("platform", "client", "kind", "task_id"):
            r[column] = draw(_LABELS)
    return lc.WorkLog.from_records(records)


_MONEY = ("gross", "platform_fees", "payout_fees", "net", "forgone", "carried")
_TIME = ("paid_time", "unpaid_time", "total_time", "excluded_time")


@given(
    log=labelled_logs(),
    by=st.sampled_from(BREAKDOWN_KEYS),
    attribute=st.sampled_from(ATTRIBUTION_RULES),
    day_rule=st.sampled_from(DAY_RULES),
    hara=st.booleans(),
    fee=st.sampled_from([0.0, 0.2]),
)
def test_groups_add_up_to_the_total(
    log: lc.WorkLog, by: Any, attribute: Any, day_rule: Any, hara: bool, fee: float
) -> None:
    policy = lc.AccountingPolicy.hara2018() if hara else lc.AccountingPolicy()
    one = lc.Platform(name="P", worker_fee=fee, payout=lc.PayoutPolicy(minimum=lc.money(5, "USD")))
    platform: Any = one
    if fee > 0:  # a mapping of labels to platforms, with different payout rules
        other = lc.Platform(name="Q", payout=lc.PayoutPolicy(fixed_fee=lc.money(0.5, "USD")))
        platform = {"": one, "A": other, "B": one, "C": other}
    g = breakdown(
        log,
        by=by,
        attribute=attribute,
        day_rule=day_rule,
        currency="USD",
        policy=policy,
        platform=platform,
    )
    whole = lc.wage_report(log, currency="USD", policy=policy, platform=platform)
    reports = list(g.groups.values())
    for name in _MONEY + _TIME:
        assert sum(getattr(r, name).magnitude for r in reports) == pytest.approx(
            getattr(whole, name).magnitude, rel=1e-9, abs=1e-9
        ), name
    for activity in lc.Activity:
        assert sum(r.time_by_activity[activity].magnitude for r in reports) == pytest.approx(
            whole.time_by_activity[activity].magnitude, rel=1e-9, abs=1e-9
        )
    assert sum(r.tasks for r in reports) == whole.tasks
    if attribute == "separate" or by in ("day", "week"):
        assert sum(r.rows for r in reports) == whole.rows
    # Each group is a ratio of sums within the group.
    for r in reports:
        if r.total_time.magnitude > 0:
            assert r.effective_hourly.magnitude == pytest.approx(  # type: ignore[union-attr]
                r.net.magnitude / r.total_time.magnitude
            )


@given(records=work_records(min_size=1, max_size=20), data=st.data())
def test_splitting_at_midnight_keeps_each_days_union(
    records: list[dict[str, Any]], data: st.DataObject
) -> None:
    # With disjoint spans, a day's counted time under "split" is the time of the spans
    # clipped to that local day.
    for r in records:
        r["start"] = r["start"].astimezone(UTC)
    log = lc.WorkLog.from_records(records)
    g = breakdown(log, by="day", day_rule="split", currency="USD", attribute="separate")
    for day, report in g.items():
        assert isinstance(day, date)
        lo = datetime(day.year, day.month, day.day, tzinfo=UTC)
        hi = lo + timedelta(days=1)
        spans = sorted((r["start"], r["start"] + timedelta(minutes=r["minutes"])) for r in records)
        covered, reach = 0.0, lo
        for s, e in spans:
            s, e = max(s, reach, lo), min(e, hi)
            if e > s:
                covered += (e - s).total_seconds()
                reach = e
        assert h(report.total_time) == pytest.approx(covered / 3600, abs=1e-9)


# ------------------------------------------------------------------ command line


def test_cli_wage_by_day_and_client(
    tmp_path: Path, run_cli: Callable[..., subprocess.CompletedProcess[str]]
) -> None:
    log = lc.WorkLog.from_records(
        [
            rec("2024-03-04T22:30:00-04:00", 30, "search"),
            rec("2024-03-04T23:00:00-04:00", 120, "paid", 4.0, client="A"),
            rec("2024-03-05T10:00:00-04:00", 60, "paid", 1.0, client="B"),
        ]
    )
    path = tmp_path / "log.csv"
    log.to_csv(path)
    by_day = run_cli("wage", str(path), "--by", "day")
    assert by_day.returncode == 0, by_day.stderr
    assert "2024-03-04" in by_day.stdout
    assert "2024-03-05" in by_day.stdout
    assert "1.60" in by_day.stdout  # $4 over 2.5 h on the 4th
    as_json = run_cli("wage", str(path), "--by", "client", "--json")
    assert as_json.returncode == 0, as_json.stderr
    payload = json.loads(as_json.stdout)
    assert [g["key"] for g in payload["groups"]] == ["A", "B"]
    assert sum(g["total_time"] for g in payload["groups"]) == pytest.approx(
        payload["total"]["total_time"]
    )
    split = run_cli("wage", str(path), "--by", "day", "--day-rule", "split", "--json")
    days = {g["key"]: g["net"] for g in json.loads(split.stdout)["groups"]}
    assert days == {"2024-03-04": 2.0, "2024-03-05": 3.0}


def test_cli_wage_by_rejects_an_unknown_key(
    tmp_path: Path, run_cli: Callable[..., subprocess.CompletedProcess[str]]
) -> None:
    result = run_cli("wage", "--example", "--by", "month")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
