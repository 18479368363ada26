"""The shipped case studies, and the published figures they reproduce."""

from __future__ import annotations

import tomllib
from datetime import date
from importlib import resources

import attrs
import numpy as np
import pytest

from labourchain import cases
from labourchain.errors import UnknownCaseError
from labourchain.simulate import Scenario, simulate_population, simulate_week, statistic

PRESS = ("eduardo", "maria", "astro", "oskarina", "yasser", "sama", "krystal")
FITTED = ("mturk-hara-2018", "mturk-toxtli-2021", "ilo-2017-survey")


def test_names_and_load() -> None:
    assert set(cases.names()) == {*PRESS, *FITTED}
    for name in cases.names():
        scenario = cases.load(name)
        assert isinstance(scenario, Scenario)
        assert scenario.name == name
        assert cases.describe(name) == scenario.description != ""
    with pytest.raises(UnknownCaseError, match="eduardo"):
        cases.load("eduard")
    with pytest.raises(KeyError):
        cases.text("nobody")
    with pytest.raises(UnknownCaseError):
        cases.load(["eduardo"])  # type: ignore[arg-type]
    assert cases.load("eduardo") is cases.load("eduardo")


@pytest.mark.parametrize("name", cases.names())
def test_every_figure_is_cited_or_marked_as_an_assumption(name: str) -> None:
    text = resources.files("labourchain.cases").joinpath(f"{name}.toml").read_text("utf-8")
    data = tomllib.loads(text)
    sources = dict(cases.load(name).sources)
    assert sources, "a case needs a [sources] table"
    # Each section that carries figures is covered by a source entry (or one of its fields).
    for section in ("worker", "demand", "platforms", "clients", "kinds", "search", "variation"):
        if section in data:
            assert any(key == section or key.startswith(section + ".") for key in sources), (
                f"{name}: no source for {section}"
            )
    for citation in sources.values():
        assert "assumption" in citation.lower() or any(
            ref in citation
            for ref in ("FACTS.md", "TIME", "Hara", "preset", "franceinfo", "Toxtli", "Berg")
        ), citation


@pytest.mark.parametrize("name", FITTED)
def test_fitted_case_meets_its_published_targets(name: str) -> None:
    """Each target of the case's stored fit, on a fresh population of its default size.

    Tolerance (stored with the case, see labourchain.cases.fits.tolerance): the fit's own
    residual plus four Monte Carlo standard errors at this population size, so a fresh
    seed fails by chance about once in 15,000 per target.
    """
    scenario = cases.load(name)
    fit = scenario.calibration
    assert fit is not None
    assert scenario.population is not None
    pop = simulate_population(scenario, seed=fit.seed + 1)
    assert len(pop) == scenario.population
    for target in fit.targets:
        assert target.tolerance is not None
        value = statistic(pop, target.statistic, target.at)
        assert abs(value - target.value) <= target.tolerance, (
            f"{name}: {target.label} = {value:.4g}, published {target.value:.4g} "
            f"(tolerance {target.tolerance:.3g})"
        )


@pytest.mark.parametrize("name", FITTED)
def test_stored_fit_is_what_the_scenario_gives(name: str) -> None:
    """The fitted values stored with the case come back with the fit's seed and workers."""
    scenario = cases.load(name)
    fit = scenario.calibration
    assert fit is not None
    pop = simulate_population(scenario, fit.workers, seed=fit.seed)
    for target in fit.targets:
        value = statistic(pop, target.statistic, target.at)
        assert abs(value - target.simulated) <= 3 * target.se, (target.label, value)


def test_hara_case_is_placed_in_the_data_window() -> None:
    """Hara et al. (CHI 2018): 2,676 workers logged from September 2014 to January 2017."""
    scenario = cases.load("mturk-hara-2018")
    assert date(2014, 9, 1) <= scenario.week_of <= date(2017, 1, 31)
    assert scenario.population == 2676
    assert len(scenario.variation.types) >= 2


def test_hara_counting_unpaid_time_nearly_halves_the_wage() -> None:
    """Hara et al. (CHI 2018): median $3.18/h for paid work only, $1.77/h counting unpaid work."""
    pop = simulate_population(cases.load("mturk-hara-2018"), seed=7)
    summary = pop.summary()
    assert summary.median_paid > 1.5 * summary.median_effective


def test_sama_pass_through_time_2023() -> None:
    """TIME (Perrigo, Jan 2023): OpenAI paid Sama $12.50/h per worker; agents took home
    about $1.32-1.44/h after tax."""
    pop = simulate_population(cases.load("sama"), 400, seed=1)
    hourly = pop.effective_hourly
    assert 1.32 <= float(np.median(hourly)) <= 1.44
    assert np.mean((hourly > 1.25) & (hourly < 1.52)) > 0.95
    pass_through = pop.earnings.sum() / pop.gross.sum()
    assert pass_through == pytest.approx(1.38 / 12.50, rel=1e-3)


def test_krystal_pay_gap_by_country() -> None:
    s = cases.load("krystal")
    us = simulate_population(s, 200, seed=4)
    india = simulate_population(
        attrs.evolve(s, worker=attrs.evolve(s.worker, country="IN")), 200, seed=4
    )
    # Same draws, same work; rewards at half the rate (the case's assumed factor).
    np.testing.assert_allclose(india.hours, us.hours, atol=1e-9)
    np.testing.assert_allclose(india.gross, 0.5 * us.gross, rtol=1e-9)


def test_yasser_loses_whole_batches_and_hours_to_outages() -> None:
    s = cases.load("yasser")
    pop = simulate_population(s, 300, seed=5)
    assert pop.hours[:, 8].mean() > 2.0  # hours of outages a week
    # Submitted tasks are refused at rho = q + (1 - q) p = 0.1 + 0.9 x 0.03 (mass rejection of
    # batches of 10 with q = 0.1, one by one with p = 0.03), as labourchain.rejection says.
    paid, rejected = pop.outcomes[:, 0].sum(), pop.outcomes[:, 1].sum()
    rho = s.clients[0].rejection.rejection_probability
    assert rejected / (paid + rejected) == pytest.approx(rho, abs=0.02)
    weeks = [simulate_week(None, s, seed=i).log for i in range(30)]
    refused = [
        np.count_nonzero(log.activity == 1) for log in weeks
    ]  # a mass-rejected batch is 10 consecutive tasks
    assert max(refused) >= 8


def test_time_zones_cost_the_night_workers() -> None:
    astro = simulate_population(cases.load("astro"), 200, seed=1)
    eduardo = simulate_population(cases.load("eduardo"), 200, seed=1)
    assert astro.night_share.mean() > 0.3  # US tasks arrive at night in France
    assert eduardo.night_share.max() == 0.0  # Tokyo's business hours are Manila's day
