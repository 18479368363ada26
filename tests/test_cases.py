"""The shipped case studies, and the published figures they reproduce."""

from __future__ import annotations

import tomllib
from importlib import resources

import attrs
import numpy as np
import pytest

from labourchain import cases
from labourchain.errors import UnknownCaseError
from labourchain.simulate import Scenario, simulate_population, simulate_week

PRESS = ("eduardo", "maria", "astro", "oskarina", "yasser", "sama", "krystal")


def test_names_and_load() -> None:
    assert set(cases.names()) == {*PRESS, "mturk-hara-2018"}
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
            ref in citation for ref in ("FACTS.md", "TIME", "Hara", "preset", "franceinfo")
        ), citation


def test_mturk_population_reproduces_hara_et_al_2018() -> None:
    """Hara, Adams, Milland, Savage, Callison-Burch, Bigham: "A Data-Driven Analysis of
    Workers' Earnings on Amazon Mechanical Turk", CHI 2018 (FACTS.md): median hourly wage
    about $2 once unpaid work is counted; requesters paying on average more than $11/h for
    the work itself; about 13% of tasks started and never submitted; under 1% rejected.

    Tolerances: the median within $0.30 of $2; the mean task rate above $11 (and below $14);
    the returned share within 1.5 points of 13%; the rejected share below 1%. With 1,500
    workers the sampling error of the median is about $0.04.
    """
    pop = simulate_population(cases.load("mturk-hara-2018"), 1500, seed=2018)
    summary = pop.summary()
    assert summary.median_effective == pytest.approx(2.0, abs=0.3)
    assert 11.0 < pop.mean_task_rate() < 14.0
    shares = pop.task_shares()
    assert shares["returned"] == pytest.approx(0.13, abs=0.015)
    assert shares["rejected"] < 0.01
    # And the gap the paper is about: counting unpaid time halves the wage.
    assert summary.median_paid > 1.8 * summary.median_effective


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
