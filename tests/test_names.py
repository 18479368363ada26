"""Renamed public names (issue #17 item 5, docs/glossary.md): each new name gives what the
old one gave, and the old one still works for one release with a DeprecationWarning."""

from __future__ import annotations

from datetime import date

import attrs
import pytest

import labourchain as lc
from labourchain import cases, units
from labourchain.errors import CurrencyMismatchError


def test_scenario_country_multiplier_was_pay_factor() -> None:
    krystal = cases.load("krystal")  # pay_by_country: US 1.0, IN 0.5, VE 0.4
    scenario = attrs.evolve(krystal, worker=attrs.evolve(krystal.worker, country="IN"))
    assert scenario.country_multiplier == 0.5
    with pytest.warns(DeprecationWarning, match=r"Scenario\.pay_factor .* Scenario\.country_mult"):
        old = scenario.pay_factor
    assert old == 0.5


def test_units_seconds_of_was_seconds() -> None:
    """``units.seconds`` read a quantity while ``units.hours`` builds one: the reader is
    ``seconds_of``, as ``currency_of`` reads a currency."""
    assert units.seconds_of(lc.Q_(2, "minute")) == 120.0
    with pytest.warns(DeprecationWarning, match=r"units\.seconds is deprecated: use .*seconds_of"):
        old = units.seconds
    assert old is units.seconds_of
    assert "seconds" not in units.__all__
    with pytest.raises(AttributeError):
        units.no_such_name  # noqa: B018


def test_same_currency_takes_what_by_keyword() -> None:
    usd, kes = lc.money(1, "USD"), lc.money(2, "KES")
    with pytest.raises(CurrencyMismatchError, match="fees are in different currencies"):
        units.same_currency(usd, kes, what="fees")
    with pytest.warns(DeprecationWarning, match="what="):
        assert units.same_currency(usd, usd, "fees") == "USD"
    with (
        pytest.warns(DeprecationWarning, match="what="),
        pytest.raises(CurrencyMismatchError, match="fees are"),
    ):
        units.same_currency(usd, kes, "fees")


def test_wage_report_takes_its_options_by_keyword() -> None:
    log = lc.WorkLog.from_records(
        [
            {"start": "2024-03-04T21:00:00+03:00", "minutes": 12, "activity": "search"},
            {
                "start": "2024-03-04T21:12:00+03:00",
                "minutes": 30,
                "activity": "paid",
                "reward": 1.5,
                "currency": "USD",
            },
        ]
    )
    remotasks = attrs.evolve(lc.platforms.get("remotasks"), worker_fee=0.1)
    new = lc.wage_report(log, "USD", platform=remotasks)
    with pytest.warns(DeprecationWarning, match=r"wage_report\(\): passing rates, platform by"):
        old = lc.wage_report(log, "USD", None, remotasks)
    assert old == new
    assert new.platform_fees.magnitude == pytest.approx(0.15)


def test_expected_hourly_takes_search_and_rejection_rate_by_keyword() -> None:
    task = lc.Task(reward=lc.money(0.5, "USD"), duration=lc.Q_(5, "minute"))
    new = lc.expected_hourly(task, search=lc.Q_(1, "minute"), rejection_rate=0.1)
    with pytest.warns(DeprecationWarning, match="search=, rejection_rate="):
        old = lc.expected_hourly(task, lc.Q_(1, "minute"), 0.1)
    assert old == new
    assert new.magnitude == pytest.approx(4.5)


def test_reference_wage_takes_kind_by_keyword() -> None:
    on = date(2025, 1, 1)
    new = lc.reference_wage("KE", on=on, kind="minimum")
    with pytest.warns(DeprecationWarning, match=r"reference_wage\(\): passing kind by position"):
        old = lc.reference_wage("KE", on, "minimum")
    assert old == new
    assert new.hourly.magnitude > 0
    with pytest.warns(DeprecationWarning, match=r"resolve_reference\(\): passing kind"):
        resolved = lc.reference.resolve_reference("KE", on, "minimum")
    assert resolved == lc.reference.resolve_reference("KE", on, kind="minimum") == new
