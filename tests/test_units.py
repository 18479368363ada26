"""Money and units: currencies are dimensions; conversion is explicit and dated."""

from __future__ import annotations

import math
from datetime import date

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
from labourchain.units import currency, is_money, seconds


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
