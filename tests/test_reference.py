"""Reference figures: lookups by date, "none" and unknown figures, rates and PPP."""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import labourchain as lc
from labourchain import reference as ref
from labourchain.errors import (
    CurrencyMismatchError,
    InvalidInputError,
    LabourchainError,
    MissingRateError,
    NoStatutoryMinimumError,
    UnknownCountryError,
)

ALL = ref.figures()
WAGE_COUNTRIES = sorted({f.country for f in ALL if f.kind == "minimum_wage"})


# ---------------------------------------------------------------- every figure sourced


@pytest.mark.parametrize("figure", ALL, ids=lambda f: f"{f.country}-{f.kind}-{f.line}")
def test_every_bundled_figure_has_a_source_and_a_date(figure: ref.ReferenceFigure) -> None:
    assert figure.citation.source.strip()
    assert figure.citation.url
    assert figure.citation.url.startswith("http")
    assert isinstance(figure.effective_from, date)
    assert figure.citation.effective_from == figure.effective_from
    assert figure.confidence in {"high", "medium", "low"}
    if figure.citation.retrieved is None:  # carried over unchecked: must say so
        assert figure.confidence == "low"
    if figure.amount is None:
        assert figure.status in {"none", "unverified"}
    elif figure.kind in {"minimum_wage", "living_wage"}:
        assert figure.hours_basis is not None
        assert figure.hours_basis > 0
    lc.money(1, figure.currency)  # a known ISO 4217 code


def test_the_file_is_read_whole() -> None:
    assert len(ALL) > 55
    kinds = {f.kind for f in ALL}
    assert kinds == {"minimum_wage", "living_wage", "fx_lcu_per_usd"}


def test_euro_rows_agree() -> None:
    # every euro-area country's World Bank rate for a year is the same euro rate
    rates = ref.exchange_rates(on=date(2019, 6, 1))
    assert rates.rates["EUR"] == pytest.approx(0.893276257067409)


# ---------------------------------------------------------------- lookups by date


def test_kenya_before_and_after_november_2024() -> None:
    before = lc_ref("KE", date(2024, 10, 31))
    after = lc_ref("KE", date(2024, 11, 1))
    assert before.amount.magnitude == pytest.approx(15201.65)
    assert before.until == date(2024, 11, 1)
    assert after.amount.magnitude == pytest.approx(16113.75)
    assert after.until is None
    assert after.hourly.magnitude == pytest.approx(16113.75 / 225.33)
    assert str(after.hourly.units) == "KES / hour"
    assert str(after) == (
        "minimum wage, Nairobi, Mombasa and Kisumu, Kenya, from 2024-11-01 "
        "(16,113.75 KES a month / 225.33 h)"
    )
    assert "Legal Notice No. 163" in after.citation.source
    assert after.citation.retrieved == date(2026, 11, 23)
    assert after.confidence == "high"


def lc_ref(country: str, on: date) -> ref.ReferenceWage:
    return ref.reference_wage(country, on=on)


def test_datetime_and_iso_text_are_days() -> None:
    aware = datetime(2024, 11, 1, 9, tzinfo=timezone(timedelta(hours=3)))
    assert ref.reference_wage("KE", on=aware) == lc_ref("KE", date(2024, 11, 1))


def test_colombia_keeps_amount_and_changes_hours_basis() -> None:
    january = lc_ref("CO", date(2025, 3, 1))
    august = lc_ref("CO", date(2025, 8, 1))
    assert january.amount == august.amount
    assert january.hours_basis.magnitude == 230
    assert august.hours_basis.magnitude == 220
    assert august.hourly > january.hourly


def test_hourly_figure_is_used_as_is() -> None:
    fr = lc_ref("FR", date(2026, 2, 1))
    assert fr.hourly.magnitude == pytest.approx(12.02)
    assert str(fr) == (
        "minimum wage, metropolitan France, France, from 2026-01-01 (12.02 EUR an hour)"
    )


def test_living_wage() -> None:
    living = ref.reference_wage("KE", on=date(2024, 6, 1), kind="living")
    assert living.kind == "living"
    assert living.hourly > lc_ref("KE", date(2024, 6, 1)).hourly


def test_before_the_first_date_names_it() -> None:
    # Kenya's series starts on 2013-05-01 since the 2013 and 2015 rises were found (#13)
    with pytest.raises(MissingRateError, match="2013-05-01") as info:
        lc_ref("KE", date(2013, 1, 1))
    assert isinstance(info.value, LookupError)


def test_no_statutory_minimum_is_none_never_zero() -> None:
    assert ref.has_statutory_minimum("FI", on=date(2025, 1, 1)) is False
    assert ref.has_statutory_minimum("KE", on=date(2025, 1, 1)) is True
    with pytest.raises(NoStatutoryMinimumError, match="Finland") as info:
        lc_ref("FI", date(2025, 1, 1))
    assert isinstance(info.value, LabourchainError)
    assert isinstance(info.value, LookupError)
    with pytest.raises(NoStatutoryMinimumError, match="Shanghai"):
        lc_ref("CN", date(2025, 9, 1))


def test_alternatives_off_the_main_timeline() -> None:
    shanghai = ref.reference_wage("CN", on=date(2025, 9, 1), alternative="shanghai")
    assert shanghai.amount.magnitude == 2740
    india = lc_ref("IN", date(2025, 1, 1))
    assert india.amount.magnitude == 176  # the national floor, not the central sphere
    assert [w.amount.magnitude for w in ref.alternatives("IN")] == [783]
    with pytest.raises(MissingRateError, match="alternatives held"):
        ref.reference_wage("CN", on=date(2020, 1, 1), alternative="Shanghai")


def test_unverified_figure_is_an_error() -> None:
    assert lc_ref("TZ", date(2025, 12, 31)).amount.magnitude == 150000
    with pytest.raises(MissingRateError, match="could not be verified"):
        lc_ref("TZ", date(2026, 3, 1))
    assert ref.has_statutory_minimum("TZ", on=date(2026, 3, 1)) is True


def test_unknown_countries() -> None:
    with pytest.raises(UnknownCountryError, match="'XX'"):
        lc_ref("XX", date(2025, 1, 1))
    with pytest.raises(UnknownCountryError, match="Andorra"):
        lc_ref("AD", date(2025, 1, 1))
    with pytest.raises(UnknownCountryError, match="alpha-3"):
        lc_ref("KEN", date(2025, 1, 1))


def test_bad_kind_and_date() -> None:
    with pytest.raises(InvalidInputError, match="kind"):
        ref.reference_wage("KE", on=date(2025, 1, 1), kind="maximum")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="date"):
        ref.reference_wage("KE", on="yesterday")  # type: ignore[arg-type]


@pytest.mark.parametrize("country", WAGE_COUNTRIES)
def test_every_country_resolves_or_says_why(country: str) -> None:
    day = date(2026, 6, 1)
    if not ref.has_statutory_minimum(country, on=day):
        with pytest.raises(NoStatutoryMinimumError):
            lc_ref(country, day)
    elif country == "TZ":  # 2026 figure recorded as unverified (TR 2026 found since)
        with pytest.raises(MissingRateError, match="verified"):
            lc_ref(country, day)
    else:
        wage = lc_ref(country, day)
        assert wage.hourly.magnitude > 0
        assert wage.effective_from <= day
        assert wage.citation.source


@given(
    st.sampled_from(WAGE_COUNTRIES),
    st.dates(min_value=date(1980, 1, 1), max_value=date(2030, 12, 31)),
    st.sampled_from(["minimum", "living"]),
)
def test_a_reference_hourly_is_positive_or_an_error(country: str, day: date, kind: str) -> None:
    try:
        wage = ref.reference_wage(country, on=day, kind=kind)  # type: ignore[arg-type]
    except (MissingRateError, NoStatutoryMinimumError, UnknownCountryError):
        return
    assert math.isfinite(wage.hourly.magnitude)
    assert wage.hourly.magnitude > 0
    assert wage.effective_from <= day
    assert wage.until is None or wage.until > day


# ---------------------------------------------------------------- resolve_reference


def _log(start: str) -> lc.WorkLog:
    return lc.WorkLog.from_records(
        [{"start": start, "minutes": 60, "activity": "paid", "reward": 1, "currency": "USD"}]
    )


def test_resolve_reference_uses_the_local_start_date() -> None:
    # 2024-10-31T23:30 UTC is already 1 November in Nairobi
    log = _log("2024-11-01T02:30:00+03:00")
    assert ref.resolve_reference("KE", log).effective_from == date(2024, 11, 1)
    assert ref.resolve_reference("KE", log.period).effective_from == date(2024, 11, 1)
    assert ref.resolve_reference("KE", date(2024, 10, 31)).effective_from == date(2022, 5, 1)
    with pytest.raises(InvalidInputError, match="empty log"):
        ref.resolve_reference("KE", lc.WorkLog.empty())


def test_wage_report_with_a_reference_wage_object() -> None:
    log = _log("2025-01-06T09:00:00+03:00")
    wage = ref.resolve_reference("KE", log)
    report = lc.wage_report(log, reference=wage, rates=ref.exchange_rates(on=date(2025, 1, 6)))
    assert report.reference is not None
    kes = ref.exchange_rate_figures(on=date(2025, 1, 6))["KES"]
    assert kes.period == "2025-01"  # HMRC monthly: the World Bank series ends in 2023
    assert report.reference.magnitude == pytest.approx(wage.hourly.magnitude / kes.amount)
    assert report.reference_label == str(wage)
    assert any("Legal Notice" in s for s in report.sources)
    assert any("exchange rates" in s for s in report.sources)


# ---------------------------------------------------------------- exchange rates and PPP


def test_exchange_rates_in_force() -> None:
    rates = ref.exchange_rates(on=date(2023, 6, 1))
    assert rates.base == "USD"
    assert rates.as_of == date(2023, 6, 1)
    assert rates.rates["KES"] == pytest.approx(139.846383759617)  # World Bank 2023 average
    ves = ref.exchange_rate_figures(on=date(2022, 12, 1))["VES"]  # the latest, 98 days old
    assert (ves.period, ves.stale_by_days, ves.amount) == ("2022-08-25", 98, 7.01)
    assert "STALE" in (ref.exchange_rates(on=date(2022, 12, 1)).source or "")
    assert "VES" not in ref.exchange_rates(on=date(2020, 6, 1)).rates  # over a year: refused
    assert "PA.NUS.FCRF" in (rates.source or "")
    assert ref.exchange_rates(on=date(2025, 10, 24)).rates["VES"] == pytest.approx(214.41)
    assert ref.exchange_rates(on=date(2026, 2, 26)).rates["VES"] == pytest.approx(414.04)
    assert ref.exchange_rates(on=date(2024, 1, 15)).rates["LBP"] == pytest.approx(89500)
    assert ref.exchange_rates(on=date(2025, 6, 1)).rates["LBP"] == pytest.approx(89700, rel=0.01)
    with pytest.raises(MissingRateError, match="2010"):
        ref.exchange_rates(on=date(2008, 1, 1))
    with pytest.raises(MissingRateError, match="--rates FILE"):
        ref.exchange_rates(on=date(2020, 6, 1)).convert(lc.money(1, "VES"), "USD")


def test_bolivar_official_rates_of_2023_to_2025() -> None:
    """BCV official rates as reported in the press (El Pitazo 2024-01-04; EFE, El Nacional 2025).

    Between two quotes the earlier one applies, flagged stale by the days since it was quoted.
    """
    early_2024 = ref.exchange_rate_figures(on=date(2024, 3, 4))["VES"]
    assert (early_2024.amount, early_2024.period, early_2024.stale_by_days) == (
        36.03,
        "2024-01-04",
        60,
    )
    assert ref.exchange_rates(on=date(2023, 12, 29)).rates["VES"] == pytest.approx(35.95)
    assert ref.exchange_rates(on=date(2025, 4, 1)).rates["VES"] == pytest.approx(69.77)


@given(
    st.sampled_from(sorted(ref.exchange_rates(on=date(2026, 6, 1)).codes)),
    st.sampled_from(sorted(ref.exchange_rates(on=date(2026, 6, 1)).codes)),
    st.floats(min_value=1e-3, max_value=1e9, allow_nan=False),
)
def test_currency_conversion_is_consistent(a: str, b: str, amount: float) -> None:
    rates = ref.exchange_rates(on=date(2026, 6, 1))
    there = rates.convert(lc.money(amount, a) / lc.Q_(1, "hour"), b)
    back = rates.convert(there, a)
    assert back.magnitude == pytest.approx(amount, rel=1e-9)
    via_usd = rates.convert(rates.convert(lc.money(amount, a), "USD"), b)
    assert via_usd.magnitude == pytest.approx(there.magnitude, rel=1e-9)


def test_ppp_conversion() -> None:
    ppp = ref.ppp_converter(on=date(2024, 6, 1))
    ke = lc_ref("KE", date(2024, 6, 1))
    intl = ppp.convert(ke.hourly, "KE")
    assert intl.magnitude == pytest.approx(ke.hourly.magnitude / 43.73735237)
    assert str(intl.units) == "international_dollar / hour"
    assert ppp.convert(lc.money(7.25, "USD"), "US").magnitude == pytest.approx(7.25)
    with pytest.raises(CurrencyMismatchError):
        ppp.convert(lc.money(1, "USD"), "KE")
    with pytest.raises(MissingRateError, match="no PPP factor"):
        ppp.convert(lc.money(1, "VES"), "VE")
    with pytest.raises(Exception, match="Cannot convert"):
        lc.money(1, "USD") + ppp.convert(lc.money(1, "USD"), "US")
    assert "PA.NUS.PRVT.PP" in ppp.describe()
    with pytest.raises(MissingRateError):
        ref.ppp_converter(on=date(2000, 1, 1))


def test_reference_wage_to_dict() -> None:
    data = lc_ref("KE", date(2025, 1, 1)).to_dict()
    assert data["amount"] == 16113.75
    assert data["hours_basis"] == 225.33
    assert data["effective_from"] == "2024-11-01"
    assert data["source"]
    assert data["url"].startswith("https://")


def test_wage_report_accepts_a_country_code() -> None:
    log = _log("2024-11-01T08:00:00+03:00")
    rates = ref.exchange_rates(on=date(2024, 11, 1))
    report = lc.wage_report(log, reference="KE", rates=rates)
    assert report.reference_label == str(ref.reference_wage("KE", on=date(2024, 11, 1)))
    assert report.reference_ratio == pytest.approx(1.0 / report.reference.magnitude)
    with pytest.raises(CurrencyMismatchError, match="rates="):
        lc.wage_report(log, reference="KE")
    with pytest.raises(NoStatutoryMinimumError):
        lc.wage_report(log, reference="FI", rates=rates)


# ---------------------------------------------------------------- your own rates file


def test_load_exchange_rates(tmp_path: Path) -> None:
    path = tmp_path / "rates.csv"
    path.write_text(
        "# my rates\ncurrency,rate,base,as_of,source\n"
        "KES,140.5,EUR,2025-01-06,ECB\nUSD,1.03,EUR,2025-01-06,ECB\n\n",
        "utf-8",
    )
    rates = ref.load_exchange_rates(path)
    assert rates.base == "EUR"
    assert rates.as_of == date(2025, 1, 6)
    assert rates.source == "ECB"
    assert rates.rate("USD", "KES") == pytest.approx(140.5 / 1.03)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("currency,value\nKES,1\n", "unknown column 'value'"),
        ("rate\n1\n", "no 'currency' column"),
        ("currency,rate\nKES,-1\n", "line 2, column 'rate'"),
        ("currency,rate\nKES,1,2\n", "line 2: has 3 fields"),
        ("currency,rate\nKES,1\nKES,2\n", "line 3: KES appears twice"),
        ("currency,rate,source\nKES,1,a\nPHP,2,b\n", "line 3, column 'source'"),
        ("currency,rate,base\nKES,1,XYZ\n", "column 'base'"),
        ("currency,rate,as_of\nKES,1,soon\n", "column 'as_of'"),
        ("currency,rate\n", "no rates"),
    ],
)
def test_bad_rates_files_say_where(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "rates.csv"
    path.write_text(text, "utf-8")
    with pytest.raises(InvalidInputError, match=message) as info:
        ref.load_exchange_rates(path)
    assert "rates.csv" in str(info.value)


def test_missing_rates_file(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError, match="no such exchange-rate file"):
        ref.load_exchange_rates(tmp_path / "nope.csv")
