"""Money and units: currencies are dimensions; conversion is explicit and dated."""

from __future__ import annotations

import copy
import math
import multiprocessing
import operator
import pickle
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from typing import Any

import numpy as np
import pint
import pytest
from hypothesis import given
from hypothesis import strategies as st

import labourchain as lc
from labourchain.errors import (
    CurrencyMismatchError,
    InvalidInputError,
    MissingRateError,
    UnknownCurrencyError,
)
from labourchain.testing import COMMON_CURRENCIES, exchange_rates
from labourchain.units import currency, is_money
from labourchain.units import seconds_of as seconds


def test_every_iso4217_code_is_a_unit_of_its_own_dimension() -> None:
    codes = lc.currencies()
    # ISO 4217 List One published 2026-01-01 has 178 distinct alphabetic codes.
    assert len(codes) == 178
    assert {"USD", "EUR", "KES", "PHP", "VES", "COP", "TZS", "SYP", "XOF"} <= set(codes)
    dims = {str(lc.Q_(1, c).dimensionality) for c in codes}
    assert len(dims) == len(codes)


def test_currency_table_entries() -> None:
    kes = currency("KES")
    assert (kes.numeric, kes.minor_units, kes.name) == ("404", 2, "Kenyan Shilling")
    assert currency("JPY").minor_units == 0
    assert currency("XAU").minor_units is None


def test_adding_two_currencies_raises() -> None:
    with pytest.raises(pint.DimensionalityError):
        lc.money(1, "USD") + lc.money(1, "KES")


def test_money_rejects_unknown_codes_with_a_hint() -> None:
    with pytest.raises(UnknownCurrencyError, match="did you mean 'USD'"):
        lc.money(1, "usd")
    with pytest.raises(UnknownCurrencyError, match="VES"):
        lc.money(1, "VEF")
    with pytest.raises(KeyError):
        lc.money(1, "XYZ")


@pytest.mark.parametrize("bad", [math.nan, math.inf, "1.5", True, None])
def test_money_rejects_non_finite_or_non_numbers(bad: object) -> None:
    with pytest.raises(InvalidInputError):
        lc.money(bad, "USD")  # type: ignore[arg-type]


def test_convert_money_and_money_per_time() -> None:
    # World Bank PA.NUS.FCRF, 2023 annual average (REFERENCE_DATA.md): 139.846 KES per USD.
    rates = lc.ExchangeRates({"KES": 139.846, "EUR": 0.9248}, base="USD", as_of=date(2023, 12, 31))
    usd = rates.convert(lc.money(21000, "KES"), "USD")
    assert usd.units == lc.ureg.USD
    assert usd.magnitude == pytest.approx(21000 / 139.846)
    hourly = rates.convert(lc.money(100, "KES") / lc.Q_(1, "hour"), "EUR")
    assert str(hourly.units) == "EUR / hour"
    assert hourly.magnitude == pytest.approx(100 / 139.846 * 0.9248)


def test_cross_rate_goes_through_the_base() -> None:
    rates = lc.ExchangeRates({"KES": 140.0, "EUR": 0.9}, base="USD")
    assert rates.rate("EUR", "KES") == pytest.approx(140.0 / 0.9)
    assert rates.rate("USD", "USD") == 1.0


def test_missing_rate_names_the_code() -> None:
    rates = lc.ExchangeRates({"KES": 140.0}, base="USD", source="test")
    with pytest.raises(MissingRateError, match="GBP"):
        rates.convert(lc.money(1, "GBP"), "USD")


def test_prefixed_currency_units_convert() -> None:
    rates = lc.ExchangeRates({"KES": 100.0}, base="USD")
    assert rates.convert(lc.Q_(2, "kiloKES"), "USD").magnitude == pytest.approx(20.0)


@pytest.mark.parametrize("bad", [{"KES": 0}, {"KES": -1.0}, {"KES": math.nan}, {"kes": 1.0}])
def test_bad_rates_are_refused(bad: dict[str, float]) -> None:
    with pytest.raises(InvalidInputError):
        lc.ExchangeRates(bad, base="USD")


def test_convert_refuses_non_money() -> None:
    rates = lc.ExchangeRates({"KES": 100.0}, base="USD")
    with pytest.raises(InvalidInputError, match="money"):
        rates.convert(lc.Q_(3, "hour"), "USD")
    assert not is_money(lc.Q_(3, "hour"))
    assert not is_money(lc.money(3, "USD") * lc.money(1, "EUR"))


def test_rebase_keeps_cross_rates() -> None:
    rates = lc.ExchangeRates({"KES": 140.0, "EUR": 0.9}, base="USD")
    euro = rates.rebase("EUR")
    assert euro.base == "EUR"
    assert euro.rate("KES", "USD") == pytest.approx(rates.rate("KES", "USD"))


@given(
    rates=exchange_rates(),
    amount=st.floats(min_value=0, max_value=1e9, allow_nan=False),
    a=st.sampled_from(COMMON_CURRENCIES),
    b=st.sampled_from(COMMON_CURRENCIES),
)
def test_currency_round_trip_is_the_identity(
    rates: lc.ExchangeRates, amount: float, a: str, b: str
) -> None:
    there = rates.convert(lc.money(amount, a) / lc.Q_(1, "hour"), b)
    back = rates.convert(there, a)
    assert back.magnitude == pytest.approx(amount, rel=1e-12, abs=1e-12)
    assert str(back.units) == f"{a} / hour"


def test_seconds_checks_time() -> None:
    assert seconds(lc.Q_(2, "minute")) == 120.0
    with pytest.raises(InvalidInputError):
        seconds(lc.money(1, "USD"))
    with pytest.raises(InvalidInputError):
        seconds(lc.Q_(-1, "minute"))


def test_errors_are_currency_mismatch_in_same_currency_helper() -> None:
    from labourchain.units import same_currency

    assert same_currency(lc.money(1, "USD"), lc.money(2, "USD")) == "USD"
    with pytest.raises(CurrencyMismatchError):
        same_currency(lc.money(1, "USD"), lc.money(2, "KES"))


def test_the_registry_is_pints_application_registry() -> None:
    """Issue #11, item 5: quantities unpickle into labourchain's registry."""
    assert pint.get_application_registry().get() is lc.ureg


@pytest.mark.parametrize(
    "value",
    [
        lc.money(1.5, "KES"),
        lc.money(12.0, "USD") / lc.Q_(1, "hour"),
        lc.money(np.array([0.5, 2.0]), "PHP"),
        lc.Q_(3.0, "international_dollar / hour"),
        lc.ureg.Unit("VES"),
    ],
    ids=["money", "rate", "array", "ppp", "unit"],
)
def test_quantities_survive_pickling(value: Any) -> None:
    back = pickle.loads(pickle.dumps(value))
    assert type(back) is type(value)
    assert str(back) == str(value)
    if isinstance(value, pint.Quantity):
        assert np.all(back == value)
        assert np.all(back + value == 2 * value)  # arithmetic with the original works


def test_every_unit_exists_when_the_registry_is_made() -> None:
    """``international_dollar`` no longer waits for ``labourchain.reference``."""
    code = (
        "import sys, labourchain as lc; "
        "assert 'labourchain.reference' not in sys.modules; "
        "q = lc.Q_(2, 'international_dollar / hour').to('international_dollar / day'); "
        "print(float(round(q.magnitude, 9)), q.units)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "48.0 international_dollar / day"


def test_money_crosses_process_boundaries() -> None:
    """A fresh ("spawn") process, as Dask's process pools use, gets money back and forth."""
    report = lc.wage_report(
        lc.WorkLog.from_records(
            [{"start": "2024-03-04T21:00:00Z", "minutes": 30, "activity": "paid",
              "reward": 1.5, "currency": "USD"}]
        )
    )
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        doubled = pool.submit(operator.mul, lc.money(1.5, "KES"), 2).result(timeout=120)
        same = pool.submit(copy.copy, report).result(timeout=120)
    assert doubled == lc.money(3.0, "KES")
    assert same.effective_hourly == report.effective_hourly
