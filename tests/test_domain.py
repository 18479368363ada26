"""Tasks, salaries, payouts and platforms."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import labourchain as lc
from labourchain.errors import (
    CurrencyMismatchError,
    InvalidInputError,
    UnknownCountryError,
    UnknownCurrencyError,
    UnknownTimezoneError,
    UnpublishedRuleError,
)
from labourchain.testing import amounts, payout_policies


def test_task_hourly_rate() -> None:
    task = lc.Task(reward=lc.money(0.5, "USD"), duration=lc.Q_(5, "minute"))
    assert task.hourly_rate.magnitude == pytest.approx(6.0)
    assert str(task.hourly_rate.units) == "USD / hour"


def test_eduardo_nominal_rate() -> None:
    # FACTS.md (franceinfo 2023): Eduardo, Remotasks, Philippines: $1.50-3 a task,
    # "a task takes about an hour or less": at an hour a task, $1.50-3 an hour.
    low = lc.Task(reward=lc.money(1.50, "USD"), duration=lc.Q_(1, "hour"))
    high = lc.Task(reward=lc.money(3.00, "USD"), duration=lc.Q_(1, "hour"))
    assert (low.hourly_rate.magnitude, high.hourly_rate.magnitude) == (1.5, 3.0)


def test_maria_long_annotation_task() -> None:
    # FACTS.md (French press reports, 2023-2025): Maria, Remotasks, Venezuela: video or lidar
    # annotation of 8 h or more paid $10, so at most $10 / 8 h = $1.25 an hour.
    lidar = lc.Task(reward=lc.money(10, "USD"), duration=lc.Q_(8, "hour"))
    assert lidar.hourly_rate.magnitude == pytest.approx(10 / 8)


def test_astro_weekend() -> None:
    # FACTS.md (French press reports, 2023-2025): Astro worked 45 h over a weekend and
    # earned EUR 1,200: EUR 26.67 an hour, with no unpaid time reported.
    wage = lc.effective_hourly_wage(lc.money(1200, "EUR"), lc.Q_(45, "hour"), lc.Q_(0, "hour"))
    assert wage.magnitude == pytest.approx(1200 / 45)
    assert str(wage.units) == "EUR / hour"


def test_task_validation() -> None:
    with pytest.raises(InvalidInputError, match="reward"):
        lc.Task(reward=lc.Q_(1, "hour"), duration=lc.Q_(5, "minute"))
    with pytest.raises(InvalidInputError, match="duration"):
        lc.Task(reward=lc.money(1, "USD"), duration=lc.money(1, "USD"))
    with pytest.raises(InvalidInputError, match="negative"):
        lc.Task(reward=lc.money(-1, "USD"), duration=lc.Q_(5, "minute"))
    with pytest.raises(InvalidInputError, match="zero duration"):
        _ = lc.Task(reward=lc.money(1, "USD"), duration=lc.Q_(0, "minute")).hourly_rate


def test_sama_salary_hourly_equivalent() -> None:
    # FACTS.md: Sama agents in Kenya were paid 21,000 KES a month (about EUR 150);
    # TIME (Perrigo, 2023): nine-hour shifts. With 22 working days a month (an
    # assumption), 21000 / (9 * 22) = 106.06 KES an hour.
    salary = lc.Salary(
        amount=lc.money(21000, "KES"), per="month", hours_per_day=9, days_per_period=22
    )
    assert salary.hourly.magnitude == pytest.approx(21000 / 198)
    assert salary.hours_per_period.magnitude == 198


def test_salary_validation() -> None:
    with pytest.raises(InvalidInputError, match="days_per_period is required"):
        lc.Salary(amount=lc.money(1000, "KES"), per="month", hours_per_day=8)
    with pytest.raises(InvalidInputError, match="per"):
        lc.Salary(amount=lc.money(1000, "KES"), per="fortnight", hours_per_day=8)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="at most 24"):
        lc.Salary(amount=lc.money(1000, "KES"), per="day", hours_per_day=25)
    with pytest.raises(InvalidInputError, match="at most 7"):
        lc.Salary(amount=lc.money(1000, "KES"), per="week", hours_per_day=8, days_per_period=8)
    daily = lc.Salary(amount=lc.money(800, "KES"), per="day", hours_per_day=8)
    assert daily.hourly.magnitude == 100


def test_client_and_worker_validation() -> None:
    client = lc.Client(name="unknown client, Japan", country="JP", timezone="Asia/Tokyo")
    assert client.country == "JP"
    with pytest.raises(UnknownCountryError, match="'JPN' is an alpha-3"):
        lc.Client(name="x", country="JPN")
    with pytest.raises(UnknownTimezoneError):
        lc.Client(name="x", timezone="Mars/Olympus")
    worker = lc.Worker(name="Maria", country="VE", timezone="America/Caracas", currency="USD")
    assert worker.platforms == ()
    with pytest.raises(UnknownCurrencyError):
        lc.Worker(name="Maria", country="VE", timezone="America/Caracas", currency="VEF")


def test_settle_examples() -> None:
    policy = lc.PayoutPolicy(
        minimum=lc.money(10, "EUR"), fixed_fee=lc.money(1, "EUR"), share_fee=0.02, fx_spread=0.03
    )
    s = policy.settle(lc.money(100, "EUR"))
    # fixed 1 + 2 % of 100 = 3; the spread takes 3 % of the remaining 97 = 2.91.
    assert s.fees.magnitude == pytest.approx(3 + 2.91)
    assert s.paid.magnitude == pytest.approx(100 - 5.91)
    below = policy.settle(lc.money(9.99, "EUR"))
    # Carried, valued net of paying it out: 1 + 2 % of 9.99, then 3 % of what is left.
    fees = 1 + 0.02 * 9.99
    fees += 0.03 * (9.99 - fees)
    assert below.paid.magnitude == 0.0
    assert below.fees.magnitude == pytest.approx(fees)
    assert below.carried.magnitude == pytest.approx(9.99 - fees)
    lost = attrs.evolve(policy, carry_over=False).settle(lc.money(9.99, "EUR"))
    assert lost.fees.magnitude == 9.99
    assert lost.forfeited.magnitude == 9.99
    with pytest.raises(CurrencyMismatchError):
        policy.settle(lc.money(100, "USD"))
    with pytest.raises(InvalidInputError):
        policy.settle(lc.money(-1, "EUR"))


@given(policy=payout_policies("USD"), balance=amounts(500))
def test_settle_conserves_money(policy: lc.PayoutPolicy, balance: float) -> None:
    s = policy.settle(lc.money(balance, "USD"))
    total = s.paid.magnitude + s.fees.magnitude + s.carried.magnitude
    assert total == pytest.approx(balance, abs=1e-9)
    assert min(s.paid.magnitude, s.fees.magnitude, s.carried.magnitude) >= 0
    assert s.forfeited.magnitude <= s.fees.magnitude + 1e-12


@given(policy=payout_policies("USD"), a=amounts(500), b=amounts(500))
def test_what_a_worker_keeps_is_monotone_in_balance(
    policy: lc.PayoutPolicy, a: float, b: float
) -> None:
    # Paid plus carried (both net of payout costs) never falls as the balance grows:
    # a balance just under the minimum is not worth more than one just over it.
    low, high = sorted((a, b))
    kept_low = policy.settle(lc.money(low, "USD"))
    kept_high = policy.settle(lc.money(high, "USD"))
    assert (kept_high.paid + kept_high.carried).magnitude >= (
        kept_low.paid + kept_low.carried
    ).magnitude - 1e-9


def test_a_carried_balance_is_not_worth_more_than_a_paid_one() -> None:
    # Just under the minimum, just over it: the carried one must not be worth more.
    policy = lc.PayoutPolicy(minimum=lc.money(10, "USD"), fx_spread=0.03)
    under = policy.settle(lc.money(9.99, "USD"))
    over = policy.settle(lc.money(10.00, "USD"))
    assert under.carried.magnitude == pytest.approx(9.99 * 0.97)
    assert under.carried.magnitude < over.paid.magnitude


@given(policy=payout_policies("USD"), a=amounts(500), b=amounts(500))
def test_settle_is_monotone_in_balance(policy: lc.PayoutPolicy, a: float, b: float) -> None:
    low, high = sorted((a, b))
    paid_low = policy.settle(lc.money(low, "USD")).paid.magnitude
    paid_high = policy.settle(lc.money(high, "USD")).paid.magnitude
    assert paid_high >= paid_low - 1e-9


def test_platform_client_cost_tiers() -> None:
    fee = lc.ClientFee(share=0.2, minimum=lc.money(0.01, "USD"), extra_share=0.2, extra_from=10)
    platform = lc.Platform(name="test", client_fee=fee)
    # 20 % of $1; 40 % from 10 assignments; the $0.01 minimum for a $0.02 reward.
    assert platform.client_cost(lc.money(1, "USD")).magnitude == pytest.approx(1.2)
    assert platform.client_cost(lc.money(1, "USD"), assignments=10).magnitude == pytest.approx(1.4)
    assert platform.client_cost(lc.money(0.02, "USD")).magnitude == pytest.approx(0.03)
    with pytest.raises(InvalidInputError, match="assignments"):
        platform.client_cost(lc.money(1, "USD"), assignments=0)


@given(r=st.floats(min_value=0, max_value=100), n=st.integers(min_value=1, max_value=1000))
def test_client_cost_never_below_reward(r: float, n: int) -> None:
    fee = lc.ClientFee(share=0.2, minimum=lc.money(0.01, "USD"), extra_share=0.2, extra_from=10)
    cost = lc.Platform(name="t", client_fee=fee).client_cost(lc.money(r, "USD"), n)
    assert cost.magnitude >= r


def test_unpublished_rules_are_unknown_not_zero() -> None:
    platform = lc.Platform(name="Opaque", worker_fee=None)
    with pytest.raises(UnpublishedRuleError, match="Opaque has not published"):
        platform.client_cost(lc.money(1, "USD"))
    with pytest.raises(UnpublishedRuleError):
        platform.worker_net(lc.money(1, "USD"))
    with pytest.raises(LookupError):
        platform.client_cost(lc.money(1, "USD"))
