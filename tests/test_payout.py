"""A carried balance is valued alike in settle, wage_report and the simulation kernel.

The population model settles its week-end balances with ``PayoutPolicy.settle_many`` on
the policy its ``PlatformSpec`` describes; ``kernel_settle`` below is that path.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import labourchain as lc
from labourchain.simulate import PlatformSpec
from labourchain.testing import amounts, payout_policies


def kernel_settle(
    balance: np.ndarray,
    *,
    minimum: float,
    fixed_fee: float,
    share_fee: float,
    fx_spread: float,
    carry_over: bool,
) -> np.ndarray:
    """The payout fees the population model charges (simulate/_backends.money_out)."""
    spec = PlatformSpec(
        name="P",
        payout_minimum=minimum,
        payout_fixed_fee=fixed_fee,
        payout_share_fee=share_fee,
        fx_spread=fx_spread,
        carry_over=carry_over,
    )
    policy = spec.platform("USD").payout
    assert policy is not None
    fees: np.ndarray = policy.settle_many(balance, currency="USD").fees.magnitude
    return fees


@given(policy=payout_policies("USD"), balances=st.lists(amounts(60), min_size=1, max_size=8))
def test_the_kernel_settles_as_payout_policy_does(
    policy: lc.PayoutPolicy, balances: list[float]
) -> None:
    fees = kernel_settle(
        np.array(balances),
        minimum=0.0 if policy.minimum is None else float(policy.minimum.magnitude),
        fixed_fee=0.0 if policy.fixed_fee is None else float(policy.fixed_fee.magnitude),
        share_fee=policy.share_fee,
        fx_spread=policy.fx_spread,
        carry_over=policy.carry_over,
    )
    expected = [float(policy.settle(lc.money(b, "USD")).fees.magnitude) for b in balances]
    np.testing.assert_allclose(fees, expected, rtol=1e-12, atol=1e-12)


@given(policy=payout_policies("USD"), a=amounts(60), b=amounts(60))
def test_a_smaller_balance_never_keeps_more(policy: lc.PayoutPolicy, a: float, b: float) -> None:
    # What the worker keeps (gross minus fees), in the kernel, never falls as the balance grows.
    low, high = sorted((a, b))
    kept = np.array([low, high]) - kernel_settle(
        np.array([low, high]),
        minimum=0.0 if policy.minimum is None else float(policy.minimum.magnitude),
        fixed_fee=0.0 if policy.fixed_fee is None else float(policy.fixed_fee.magnitude),
        share_fee=policy.share_fee,
        fx_spread=policy.fx_spread,
        carry_over=policy.carry_over,
    )
    assert kept[1] >= kept[0] - 1e-9


def test_wage_report_counts_the_cost_of_paying_out_a_carried_balance() -> None:
    # $8 earned, $10 minimum, 1 % fee: carried, worth $7.92, the $0.08 counted as a payout cost.
    payout = lc.PayoutPolicy(minimum=lc.money(10, "USD"), share_fee=0.01)
    platform = lc.Platform(name="P", worker_fee=0.0, payout=payout)
    log = lc.WorkLog.from_records(
        [{"start": "2024-03-04T09:00:00+00:00", "minutes": 60, "activity": "paid", "reward": 8.0,
          "currency": "USD"}]
    )  # fmt: skip
    r = lc.wage_report(log, platform=platform)
    assert r.carried.magnitude == pytest.approx(7.92)
    assert r.payout_fees.magnitude == pytest.approx(0.08)
    assert r.net.magnitude == pytest.approx(7.92)
