"""Accounting: worked examples, published methods and the laws of the report."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import labourchain as lc
from labourchain.errors import CurrencyMismatchError, InvalidInputError, MissingRateError
from labourchain.testing import exchange_rates, work_logs, work_records


def rec(
    start_min: int,
    minutes: float,
    activity: str,
    reward: float | None = None,
    currency: str = "USD",
    **extra: Any,
) -> dict[str, Any]:
    start = datetime(2024, 3, 4, 18, tzinfo=UTC) + timedelta(minutes=start_min)
    r: dict[str, Any] = {"start": start, "minutes": minutes, "activity": activity, **extra}
    if reward is not None:
        r |= {"reward": reward, "currency": currency}
    return r


def test_worked_example() -> None:
    # 12 min search, 30 min paid at $1.50, 20 min rejected ($1.00 forgone), 10 min waiting.
    log = lc.WorkLog.from_records(
        [
            rec(0, 12, "search"),
            rec(12, 30, "paid", 1.50),
            rec(42, 20, "rejected", 1.00),
            rec(62, 10, "waiting"),
        ]
    )
    report = lc.wage_report(log)
    assert report.gross.magnitude == 1.50
    assert report.forgone.magnitude == 1.00
    assert report.paid_time.magnitude == pytest.approx(0.5)
    assert report.total_time.magnitude == pytest.approx(72 / 60)
    assert report.unpaid_time.magnitude == pytest.approx(42 / 60)
    assert report.paid_hourly.magnitude == pytest.approx(3.0)  # type: ignore[union-attr]
    assert report.effective_hourly.magnitude == pytest.approx(1.50 / 1.2)  # type: ignore[union-attr]
    assert report.unpaid_share == pytest.approx(42 / 72)
    assert report.tasks == 2
    assert report.time_by_activity[lc.Activity.REJECTED].magnitude == pytest.approx(1 / 3)


def test_ratio_of_sums_not_mean_of_ratios() -> None:
    # Two tasks: $1 in 10 min ($6/h) and $1 in 50 min ($1.2/h). The mean of the
    # per-task rates is $3.6/h; the worker earned $2 in an hour: $2/h.
    log = lc.WorkLog.from_records([rec(0, 10, "paid", 1.0), rec(10, 50, "paid", 1.0)])
    assert lc.wage_report(log).effective_hourly.magnitude == pytest.approx(2.0)  # type: ignore[union-attr]


def test_fees_and_payout() -> None:
    platform = lc.Platform(
        name="P",
        worker_fee=0.10,
        payout=lc.PayoutPolicy(minimum=lc.money(5, "USD"), fixed_fee=lc.money(1, "USD")),
    )
    log = lc.WorkLog.from_records([rec(0, 60, "paid", 20.0), rec(60, 60, "search")])
    report = lc.wage_report(log, platform=platform)
    # 10 % of $20 = $2 to the platform; the $18 balance pays $1 to withdraw.
    assert report.platform_fees.magnitude == pytest.approx(2.0)
    assert report.payout_fees.magnitude == pytest.approx(1.0)
    assert report.net.magnitude == pytest.approx(17.0)
    assert report.effective_hourly.magnitude == pytest.approx(8.5)  # type: ignore[union-attr]
    # Below the minimum the balance is carried: earned, not yet paid out, and valued net
    # of the $1 it will cost to withdraw.
    small = lc.wage_report(lc.WorkLog.from_records([rec(0, 60, "paid", 4.0)]), platform=platform)
    assert small.carried.magnitude == pytest.approx(2.6)
    assert small.payout_fees.magnitude == pytest.approx(1.0)
    assert small.net.magnitude == pytest.approx(2.6)


def test_rejecting_work_that_pushes_a_balance_under_the_minimum_lowers_net() -> None:
    # $10.20 over a $10 minimum pays out less 3 %; reject the $0.30 task and $9.90 is
    # carried. Carried at face value it would be worth 9.90 > 9.894: more rejection, more pay.
    platform = lc.Platform(
        name="P",
        worker_fee=0.0,
        payout=lc.PayoutPolicy(minimum=lc.money(10, "USD"), fx_spread=0.03),
    )
    approved = lc.WorkLog.from_records([rec(0, 60, "paid", 9.90), rec(60, 5, "paid", 0.30)])
    rejected = lc.WorkLog.from_records([rec(0, 60, "paid", 9.90), rec(60, 5, "rejected", 0.30)])
    a = lc.wage_report(approved, platform=platform)
    b = lc.wage_report(rejected, platform=platform)
    assert a.net.magnitude == pytest.approx(10.20 * 0.97)
    assert b.carried.magnitude == pytest.approx(9.90 * 0.97)
    assert b.net.magnitude < a.net.magnitude
    assert b.effective_hourly < a.effective_hourly  # type: ignore[operator]


def test_platform_labels_map_to_platforms() -> None:
    log = lc.WorkLog.from_records(
        [
            rec(0, 60, "paid", 10.0, platform="A"),
            rec(60, 60, "paid", 10.0, platform="B"),
        ]
    )
    plats = {"A": lc.Platform(name="A", worker_fee=0.5), "B": lc.Platform(name="B")}
    assert lc.wage_report(log, platform=plats).net.magnitude == pytest.approx(15.0)
    with pytest.raises(InvalidInputError, match="'B'"):
        lc.wage_report(log, platform={"A": plats["A"]})


def test_currencies_need_rates() -> None:
    log = lc.WorkLog.from_records([rec(0, 60, "paid", 10.0), rec(60, 60, "paid", 1400, "KES")])
    with pytest.raises(CurrencyMismatchError, match="KES, USD"):
        lc.wage_report(log)
    with pytest.raises(CurrencyMismatchError, match="rates"):
        lc.wage_report(log, currency="USD")
    with pytest.raises(MissingRateError, match="KES"):
        lc.wage_report(log, currency="USD", rates=lc.ExchangeRates({"EUR": 0.9}))
    rates = lc.ExchangeRates({"KES": 140.0}, base="USD", source="test rates")
    report = lc.wage_report(log, currency="USD", rates=rates)
    assert report.net.magnitude == pytest.approx(20.0)
    assert any("test rates" in s for s in report.sources)
    with pytest.raises(InvalidInputError, match="no rewards"):
        lc.wage_report(lc.WorkLog.from_records([rec(0, 5, "search")]))


def test_reference_wage() -> None:
    log = lc.WorkLog.from_records([rec(0, 60, "paid", 1.0), rec(60, 60, "search")])
    ref = lc.money(1.0, "USD") / lc.Q_(1, "hour")
    report = lc.wage_report(log, reference=ref)
    assert report.reference_ratio == pytest.approx(0.5)
    assert report.shortfall.magnitude == pytest.approx(0.5)  # type: ignore[union-attr]
    with pytest.raises(InvalidInputError, match="hourly wage"):
        lc.wage_report(log, reference=lc.money(1, "USD"))


def test_empty_log() -> None:
    report = lc.wage_report(lc.WorkLog.empty(), currency="USD")
    assert report.effective_hourly is None
    assert report.unpaid_share is None
    assert report.total_time.magnitude == 0
    assert "empty log" in report.to_text()


def test_policies() -> None:
    # Two tasks separated by a 45-second gap and by a 5-minute gap.
    log = lc.WorkLog.from_records(
        [
            rec(0, 10, "paid", 1.0),
            rec(10.75, 10, "paid", 1.0),
            rec(25.75, 10, "returned"),
        ]
    )
    ilo = lc.wage_report(log)
    hara = lc.wage_report(log, policy=lc.AccountingPolicy.hara2018())
    assert hara.total_time.magnitude - ilo.total_time.magnitude == pytest.approx(0.75 / 60)
    assert hara.time_by_activity[lc.Activity.SEARCH].magnitude == pytest.approx(0.75 / 60)
    narrow = lc.wage_report(log, policy=lc.AccountingPolicy.task_time_only())
    assert narrow.total_time.magnitude == pytest.approx(20 / 60)
    assert narrow.excluded_time.magnitude == pytest.approx(10 / 60)
    assert narrow.effective_hourly > ilo.effective_hourly  # type: ignore[operator]


def test_fair_work_top_up() -> None:
    # Whiting, Hugh and Bernstein (HCOMP 2019): bonus = reward * (floor / rate - 1).
    # $0.50 for a task with a median time of 5 minutes is $6/h; at a $15/h floor
    # the bonus is 0.50 * (15/6 - 1) = $0.75.
    floor = lc.money(15, "USD") / lc.Q_(1, "hour")
    assert lc.fair_top_up(lc.money(0.5, "USD"), lc.Q_(5, "minute"), floor).magnitude == (
        pytest.approx(0.5 * (15 / 6 - 1))
    )
    assert lc.fair_top_up(lc.money(2, "USD"), lc.Q_(5, "minute"), floor).magnitude == 0
    with pytest.raises(CurrencyMismatchError):
        lc.fair_top_up(lc.money(2, "EUR"), lc.Q_(5, "minute"), floor)


@given(reward=st.floats(0, 50), minutes=st.floats(0.1, 600), floor=st.floats(0, 100))
def test_fair_top_up_lifts_the_task_to_the_floor(
    reward: float, minutes: float, floor: float
) -> None:
    bonus = lc.fair_top_up(
        lc.money(reward, "USD"), lc.Q_(minutes, "minute"), lc.money(floor, "USD") / lc.Q_(1, "hour")
    ).magnitude
    assert bonus >= 0
    assert (reward + bonus) * 60 / minutes >= floor - 1e-9


def test_expected_hourly() -> None:
    task = lc.Task(reward=lc.money(0.5, "USD"), duration=lc.Q_(5, "minute"))
    # 0.5 * 0.9 / (6 minutes) = $4.50 an hour.
    assert lc.expected_hourly(task, search=lc.Q_(1, "minute"), rejection_rate=0.1).magnitude == (
        pytest.approx(4.5)
    )
    assert lc.expected_hourly(task).magnitude == pytest.approx(6.0)
    for bad in (-0.1, 1.1, float("nan")):
        with pytest.raises(InvalidInputError):
            lc.expected_hourly(task, rejection_rate=bad)


@pytest.mark.filterwarnings("ignore:expected_hourly.*passing search:DeprecationWarning")
@given(r1=st.floats(0, 1), r2=st.floats(0, 1), s1=st.floats(0, 60), s2=st.floats(0, 60))
def test_expected_hourly_is_monotone(r1: float, r2: float, s1: float, s2: float) -> None:
    task = lc.Task(reward=lc.money(0.5, "USD"), duration=lc.Q_(5, "minute"))
    lo_r, hi_r = sorted((r1, r2))
    lo_s, hi_s = sorted((s1, s2))
    at = lambda r, s: lc.expected_hourly(task, lc.Q_(s, "minute"), r).magnitude  # noqa: E731
    assert at(hi_r, lo_s) <= at(lo_r, lo_s) + 1e-12
    assert at(lo_r, hi_s) <= at(lo_r, lo_s) + 1e-12


def test_effective_hourly_wage_scalar() -> None:
    wage = lc.effective_hourly_wage(lc.money(10, "USD"), lc.Q_(2, "hour"), lc.Q_(30, "minute"))
    assert wage.magnitude == pytest.approx(4.0)
    with pytest.raises(InvalidInputError):
        lc.effective_hourly_wage(lc.money(10, "USD"), lc.Q_(0, "hour"), lc.Q_(0, "hour"))


# ------------------------------------------------------------------ laws


@given(log=work_logs(min_size=1, max_size=25, codes=("USD",)))
def test_time_by_activity_sums_to_total(log: lc.WorkLog) -> None:
    report = lc.wage_report(log, currency="USD")
    by_activity = sum(t.magnitude for t in report.time_by_activity.values())
    assert by_activity == pytest.approx(
        report.total_time.magnitude + report.excluded_time.magnitude
    )
    assert report.paid_time.magnitude + report.unpaid_time.magnitude == pytest.approx(
        report.total_time.magnitude
    )
    if report.unpaid_share is not None:
        assert 0 <= report.unpaid_share <= 1 + 1e-12


@given(
    log=work_logs(min_size=1, max_size=20),
    extra=st.integers(1, 600),
    at=st.integers(-600, 6000),
    activity=st.sampled_from(["search", "waiting", "training"]),
)
def test_unpaid_time_never_raises_the_effective_wage(
    log: lc.WorkLog, extra: int, at: int, activity: str
) -> None:
    before = lc.wage_report(log, currency="USD")
    start = log.period[0] + timedelta(minutes=at)
    more = lc.WorkLog.concat(
        [log, lc.WorkLog.from_records([{"start": start, "minutes": extra, "activity": activity}])]
    )
    after = lc.wage_report(more, currency="USD")
    if before.effective_hourly is not None:
        assert after.effective_hourly.magnitude <= before.effective_hourly.magnitude + 1e-9  # type: ignore[union-attr]


@given(records=work_records(min_size=1, max_size=20), k=st.floats(0.01, 100))
def test_scaling_rewards_scales_wages(records: list[dict[str, Any]], k: float) -> None:
    base = lc.wage_report(lc.WorkLog.from_records(records), currency="USD")
    scaled_records = [r | {"reward": r["reward"] * k} if "reward" in r else r for r in records]
    scaled = lc.wage_report(lc.WorkLog.from_records(scaled_records), currency="USD")
    assert scaled.net.magnitude == pytest.approx(k * base.net.magnitude, rel=1e-9, abs=1e-9)
    if base.effective_hourly is not None:
        assert scaled.effective_hourly.magnitude == pytest.approx(  # type: ignore[union-attr]
            k * base.effective_hourly.magnitude, rel=1e-9, abs=1e-9
        )


@given(log=work_logs(min_size=2, max_size=25, overlapping=False), data=st.data())
def test_split_and_combine_gives_the_same_report(log: lc.WorkLog, data: st.DataObject) -> None:
    cut = data.draw(st.integers(1, len(log) - 1))
    whole = lc.wage_report(log, currency="USD")
    parts = lc.combine_reports(
        [lc.wage_report(log[:cut], currency="USD"), lc.wage_report(log[cut:], currency="USD")]
    )
    for name in ("gross", "net", "forgone", "paid_time", "unpaid_time", "total_time"):
        assert getattr(parts, name).magnitude == pytest.approx(
            getattr(whole, name).magnitude, abs=1e-9
        ), name
    assert parts.rows == whole.rows
    assert parts.tasks == whole.tasks
    if whole.effective_hourly is not None:
        assert parts.effective_hourly.magnitude == pytest.approx(whole.effective_hourly.magnitude)  # type: ignore[union-attr]


@given(
    records=work_records(min_size=1, max_size=15, codes=("USD", "KES", "EUR")),
    rates=exchange_rates(("USD", "KES", "EUR")),
)
def test_report_currency_is_a_unit_choice(
    records: list[dict[str, Any]], rates: lc.ExchangeRates
) -> None:
    log = lc.WorkLog.from_records(records)
    in_usd = lc.wage_report(log, currency="USD", rates=rates)
    in_kes = lc.wage_report(log, currency="KES", rates=rates)
    back = rates.convert(in_kes.net, "USD")
    assert back.magnitude == pytest.approx(in_usd.net.magnitude, rel=1e-9, abs=1e-9)
    assert in_kes.total_time == in_usd.total_time


def test_text_and_dict_renderings() -> None:
    log = lc.WorkLog.from_records([rec(0, 12, "search"), rec(12, 30, "paid", 1.5)])
    report = lc.wage_report(log, reference=lc.money(2.0, "USD") / lc.Q_(1, "hour"))
    text = report.to_text()
    assert "effective (all time)" in text
    assert "2.14 USD/hour" in text
    d = report.to_dict()
    assert d["effective_hourly"] == pytest.approx(1.5 / 0.7)
    assert d["time_by_activity"]["search"] == pytest.approx(0.2)
    assert d["units"]["hourly"] == "USD/hour"
    assert set(d["time_by_activity"]) == set(lc.Activity.names())
