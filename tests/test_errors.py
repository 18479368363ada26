"""Every error a user can trigger is a LabourchainError (issue #11, item 6)."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

import labourchain as lc
from labourchain.demand import DemandProfile, night_hours_needed
from labourchain.errors import CurrencyMismatchError, InvalidInputError, LabourchainError
from labourchain.schedule import WeeklySchedule

PER_HOUR = lc.Q_(1, "hour")


@pytest.mark.parametrize(
    "kwargs",
    [
        {"share": -1},
        {"share": "x"},
        {"share": float("nan")},
        {"share": True},
        {"share": 0.2, "extra_share": -0.1},
        {"share": 0.2, "extra_share": "a lot"},
        {"share": 0.2, "extra_from": 0},
        {"share": 0.2, "extra_from": 2.5},
    ],
)
def test_client_fee_refuses_bad_values_with_a_labourchain_error(kwargs: dict[str, object]) -> None:
    with pytest.raises(InvalidInputError, match=r"ClientFee\.(share|extra_share|extra_from)"):
        lc.ClientFee(**kwargs)  # type: ignore[arg-type]


def test_client_fee_accepts_good_values() -> None:
    fee = lc.ClientFee(share=0.2, extra_share=0.2, extra_from=10)
    assert fee.fee(lc.money(1.0, "USD"), assignments=10) == lc.money(0.4, "USD")


def test_currency_mismatches_are_currency_mismatch_errors() -> None:
    # simulate_population's summary against a reference in another currency
    population = lc.simulate_population(lc.cases.load("maria"), n_workers=3, seed=1)
    other = "EUR" if population.currency != "EUR" else "USD"
    with pytest.raises(CurrencyMismatchError, match=other):
        population.summary(reference=lc.money(1.0, other) / PER_HOUR)
    # night_hours_needed with target and pay in different currencies
    with pytest.raises(CurrencyMismatchError, match="KES"):
        night_hours_needed(
            WeeklySchedule.parse("Mon-Fri 08:00-17:00", tz="Africa/Nairobi"),
            DemandProfile.us_business_hours(),
            target=lc.money(30, "USD") / lc.Q_(1, "week"),
            hourly=lc.money(200, "KES") / PER_HOUR,
            week_of=date(2024, 7, 3),
            half_life=lc.Q_(0, "hour"),
        )


def test_plot_currency_mismatches_are_currency_mismatch_errors() -> None:
    pytest.importorskip("matplotlib")
    from labourchain.plot import wage_distribution

    wages = lc.money(np.array([1.0, 2.0, 3.0]), "USD") / PER_HOUR
    with pytest.raises(CurrencyMismatchError, match="EUR"):
        wage_distribution(wages, currency="EUR")
    with pytest.raises(CurrencyMismatchError, match="rates="):
        wage_distribution(wages, lc.money(1.0, "EUR") / PER_HOUR)


def test_an_unknown_client_is_a_labourchain_error_and_a_key_error() -> None:
    log = lc.WorkLog.from_records(
        [
            {
                "start": "2024-03-04T10:00:00Z",
                "minutes": 30,
                "activity": "paid",
                "reward": 1.5,
                "currency": "USD",
                "client": "Acme",
            }
        ]
    )
    ratings = lc.WorkerLogs({"a": log}).rate_clients(min_workers=1)
    assert ratings["Acme"].client == "Acme"
    with pytest.raises(LabourchainError, match="'Acme'") as info:
        ratings["Nobody"]
    assert isinstance(info.value, KeyError)
