"""PayoutPolicy.settle_many: the one vectorised statement of the payout rules (issue #17)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import labourchain as lc
from labourchain.errors import CurrencyMismatchError, InvalidInputError
from labourchain.testing import amounts, payout_policies

FIELDS = ("paid", "fees", "carried", "forfeited")


@given(policy=payout_policies("USD"), balances=st.lists(amounts(60), min_size=1, max_size=12))
def test_each_balance_is_settled_bit_for_bit_as_settle_settles_it(
    policy: lc.PayoutPolicy, balances: list[float]
) -> None:
    many = policy.settle_many(lc.money(np.array(balances), "USD"))
    for i, balance in enumerate(balances):
        one = policy.settle(lc.money(balance, "USD"))
        for name in FIELDS:
            assert float(getattr(many, name).magnitude[i]).hex() == (
                float(getattr(one, name).magnitude).hex()
            ), (name, balance)


@given(policy=payout_policies("USD"), balances=st.lists(amounts(60), min_size=1, max_size=12))
def test_money_is_conserved(policy: lc.PayoutPolicy, balances: list[float]) -> None:
    s = policy.settle_many(np.array(balances), currency="USD")
    total = s.paid.magnitude + s.fees.magnitude + s.carried.magnitude
    np.testing.assert_allclose(total, balances, rtol=1e-12, atol=1e-12)
    assert np.all(s.forfeited.magnitude <= s.fees.magnitude)


def test_the_examples_of_settle() -> None:
    policy = lc.PayoutPolicy(minimum=lc.money(10, "EUR"), share_fee=0.01)
    s = policy.settle_many(np.array([25.0, 8.0, 0.0]))
    assert s.paid.magnitude.tolist() == [24.75, 0.0, 0.0]
    assert s.carried.magnitude.tolist() == [0.0, 7.92, 0.0]
    assert lc.currency_of(s.fees) == "EUR"
    lost = lc.PayoutPolicy(minimum=lc.money(10, "EUR"), carry_over=False)
    s = lost.settle_many(np.array([9.5, 12.0]))
    assert s.fees.magnitude.tolist() == [9.5, 0.0]
    assert s.forfeited.magnitude.tolist() == [9.5, 0.0]
    assert s.paid.magnitude.tolist() == [0.0, 12.0]


def test_bad_balances_are_named() -> None:
    policy = lc.PayoutPolicy(minimum=lc.money(10, "EUR"))
    with pytest.raises(InvalidInputError, match=r"-1\.0 at position 1"):
        policy.settle_many(np.array([2.0, -1.0]))
    with pytest.raises(InvalidInputError, match="nan at position 0"):
        policy.settle_many(np.array([np.nan]))
    with pytest.raises(InvalidInputError, match="must be numbers"):
        policy.settle_many(["ten"])
    with pytest.raises(CurrencyMismatchError, match="USD"):
        policy.settle_many(lc.money(np.array([1.0]), "USD"))
    with pytest.raises(CurrencyMismatchError, match="currency='USD'"):
        policy.settle_many(lc.money(np.array([1.0]), "EUR"), currency="USD")
    with pytest.raises(InvalidInputError, match="currency="):
        lc.PayoutPolicy(share_fee=0.01).settle_many(np.array([1.0]))
