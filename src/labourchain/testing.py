"""Hypothesis strategies for labourchain's objects, for your own property tests.

Written by hand for bounded, valid values (``st.builds`` would ignore the
attrs validators and produce objects that cannot exist).

>>> from hypothesis import given
>>> from labourchain.testing import work_logs
>>> @given(work_logs())
... def test_total_time_is_never_negative(log):
...     assert lc.wage_report(log, currency="USD", rates=RATES).total_time.magnitude >= 0

Strategies:
    currency_codes: ISO 4217 codes (by default a handful of common ones).
    amounts: finite, non-negative amounts with cent precision.
    money_amounts: money quantities in a currency.
    exchange_rates: :class:`~labourchain.units.ExchangeRates` over given codes.
    payout_policies: :class:`~labourchain.domain.PayoutPolicy` in a currency.
    work_records: lists of valid work-log records (dicts).
    work_logs: :class:`~labourchain.worklog.WorkLog` objects.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from hypothesis import strategies as st

from labourchain.activity import Activity
from labourchain.domain import PayoutPolicy
from labourchain.units import ExchangeRates, Quantity, money
from labourchain.worklog import WorkLog

__all__ = (
    "COMMON_CURRENCIES",
    "amounts",
    "currency_codes",
    "exchange_rates",
    "money_amounts",
    "payout_policies",
    "work_logs",
    "work_records",
)

#: Currencies of the countries in labourchain's case studies.
COMMON_CURRENCIES = ("USD", "EUR", "KES", "PHP", "VES", "COP", "TZS", "GBP", "INR")


def currency_codes(codes: Sequence[str] = COMMON_CURRENCIES) -> st.SearchStrategy[str]:
    """One of ``codes``."""
    return st.sampled_from(tuple(codes))


def amounts(max_value: float = 1000.0) -> st.SearchStrategy[float]:
    """Non-negative amounts with two decimals, up to ``max_value``."""
    return st.integers(min_value=0, max_value=round(max_value * 100)).map(lambda c: c / 100)


def money_amounts(
    codes: Sequence[str] = COMMON_CURRENCIES, max_value: float = 1000.0
) -> st.SearchStrategy[Quantity]:
    """Money in one of ``codes``."""
    return st.builds(money, amounts(max_value), currency_codes(codes))


@st.composite
def exchange_rates(
    draw: st.DrawFn, codes: Sequence[str] = COMMON_CURRENCIES, base: str = "USD"
) -> ExchangeRates:
    """Exchange rates against ``base`` covering every code in ``codes``."""
    rates = {
        code: draw(st.floats(min_value=1e-3, max_value=1e5, allow_nan=False))
        for code in codes
        if code != base
    }
    return ExchangeRates(rates, base=base, source="hypothesis")


@st.composite
def payout_policies(draw: st.DrawFn, code: str = "USD") -> PayoutPolicy:
    """Payout policies with amounts in ``code``."""
    minimum = draw(st.none() | amounts(50).map(lambda a: money(a, code)))
    fixed = draw(st.none() | amounts(5).map(lambda a: money(a, code)))
    return PayoutPolicy(
        minimum=minimum,
        fixed_fee=fixed,
        share_fee=draw(st.floats(min_value=0, max_value=0.1)),
        fx_spread=draw(st.floats(min_value=0, max_value=0.05)),
        carry_over=draw(st.booleans()),
    )


_OFFSETS = st.sampled_from([-5, -4, 0, 1, 3, 8]).map(lambda h: timezone(timedelta(hours=h)))


@st.composite
def work_records(
    draw: st.DrawFn,
    *,
    min_size: int = 0,
    max_size: int = 30,
    codes: Sequence[str] = ("USD",),
    overlapping: bool = True,
) -> list[dict[str, Any]]:
    """Lists of valid log records, in time order.

    Args:
        min_size, max_size: Bounds on the number of records.
        codes: Currencies the rewards are drawn in.
        overlapping: Whether spans may overlap (if False, each starts at or
            after the previous one's end).
    """
    n = draw(st.integers(min_value=min_size, max_value=max_size))
    t = datetime(2024, 1, 1, tzinfo=UTC) + timedelta(
        minutes=draw(st.integers(min_value=0, max_value=60 * 24 * 365))
    )
    records: list[dict[str, Any]] = []
    for _ in range(n):
        minutes = draw(st.integers(min_value=0, max_value=240))
        activity = draw(st.sampled_from(tuple(Activity)))
        record: dict[str, Any] = {
            "start": t.astimezone(draw(_OFFSETS)),
            "minutes": minutes,
            "activity": activity.value,
        }
        if activity.is_paid or (activity.is_task_work and draw(st.booleans())):
            record["reward"] = draw(amounts(20))
            record["currency"] = draw(currency_codes(codes))
        records.append(record)
        if overlapping:
            step = draw(st.integers(min_value=0, max_value=minutes + 30))
        else:
            step = minutes + draw(st.integers(min_value=0, max_value=30))
        t += timedelta(minutes=step)
    return records


def work_logs(
    *,
    min_size: int = 0,
    max_size: int = 30,
    codes: Sequence[str] = ("USD",),
    overlapping: bool = True,
) -> st.SearchStrategy[WorkLog]:
    """Valid work logs (see :func:`work_records` for the arguments)."""
    return work_records(
        min_size=min_size, max_size=max_size, codes=codes, overlapping=overlapping
    ).map(WorkLog.from_records)
