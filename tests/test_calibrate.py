"""Worker-type mixtures, Monte Carlo standard errors, and calibrate (issue #15)."""

from __future__ import annotations

import json
import math
from datetime import date

import attrs
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from labourchain import cases
from labourchain.errors import InvalidInputError
from labourchain.simulate import (
    Fit,
    FitTarget,
    Scenario,
    ScenarioError,
    Target,
    WorkerType,
    calibrate,
    get_param,
    set_param,
    simulate_population,
    simulate_week,
    standard_error,
    statistic,
)


def mixture(base: Scenario, *types: WorkerType) -> Scenario:
    return attrs.evolve(base, variation=attrs.evolve(base.variation, types=types))


# --------------------------------------------------------------------- mixtures


def test_type_shares_must_sum_to_one_and_names_be_unique() -> None:
    base = cases.load("eduardo")
    with pytest.raises(ScenarioError, match="sum to 1"):
        mixture(base, WorkerType(name="a", share=0.5), WorkerType(name="b", share=0.4))
    with pytest.raises(ScenarioError, match="unique"):
        mixture(base, WorkerType(name="a", share=0.5), WorkerType(name="a", share=0.5))
    with pytest.raises(ScenarioError, match="share"):
        WorkerType(name="a", share=1.5)
    text = base.to_toml_text() + '\n[[variation.types]]\nname = "a"\nshare = 1.0\nhurry = 2\n'
    with pytest.raises(ScenarioError, match="hurry"):
        Scenario.from_toml_text(text)


def test_mixture_and_fit_round_trip_through_toml() -> None:
    s = mixture(
        cases.load("eduardo"),
        WorkerType(name="newcomer", share=0.6, search=2.0),
        WorkerType(name="experienced", share=0.4, speed=0.8, search=0.5, pay=1.3),
    )
    fit = Fit(
        seed=3,
        workers=100,
        date=date(2026, 11, 29),
        params={"search.minutes": 2.5},
        targets=[FitTarget(statistic="quantile_effective", at=0.9, value=3.0, simulated=2.9,
                           se=0.1, tolerance=0.5, source="a paper, p. 3")],
    )  # fmt: skip
    s = attrs.evolve(s, calibration=fit)
    back = Scenario.from_toml_text(s.to_toml_text())
    assert back == s
    assert back.calibration is not None
    assert back.calibration.targets[0].label == "quantile_effective@0.9"


def test_each_type_gets_its_share_of_workers_in_both_models() -> None:
    """A type paid nothing: the share of workers with no earnings is the type's share."""
    s = mixture(
        cases.load("eduardo"),
        WorkerType(name="unpaid", share=0.3, pay=0.0),
        WorkerType(name="paid", share=0.7),
    )
    n = 2000
    pop = simulate_population(s, n, seed=11)
    zero = float(np.mean(pop.earnings == 0))
    assert abs(zero - 0.3) < 4 * math.sqrt(0.3 * 0.7 / n)
    weeks = [simulate_week(None, s, seed=i).report.net.magnitude for i in range(150)]
    zero_w = float(np.mean(np.array(weeks) == 0))
    assert abs(zero_w - 0.3) < 4 * math.sqrt(0.3 * 0.7 / 150)


def test_types_do_not_depend_on_the_chunking() -> None:
    s = mixture(
        cases.load("mturk-hara-2018"),
        WorkerType(name="a", share=0.5, pay=0.5),
        WorkerType(name="b", share=0.5, pay=2.0),
    )
    a = simulate_population(s, 300, seed=4)
    b = simulate_population(s, 300, seed=4, chunk_size=37)
    np.testing.assert_array_equal(a.earnings, b.earnings)
    np.testing.assert_array_equal(a.hours, b.hours)


def test_a_faster_type_earns_more_per_paid_hour() -> None:
    base = cases.load("eduardo")
    slow = simulate_population(mixture(base, WorkerType(name="x", share=1.0)), 400, seed=2)
    fast = simulate_population(
        mixture(base, WorkerType(name="x", share=1.0, speed=0.5)), 400, seed=2
    )
    assert np.nanmedian(fast.paid_hourly) > 1.5 * np.nanmedian(slow.paid_hourly)


# ------------------------------------------------------ statistics and errors


def test_statistics_by_hand() -> None:
    pop = simulate_population(cases.load("eduardo"), 500, seed=3)
    eff = pop.effective_hourly
    assert statistic(pop, "median_effective") == pytest.approx(float(np.median(eff)))
    assert statistic(pop, "quantile_effective", 0.9) == pytest.approx(np.quantile(eff, 0.9))
    assert statistic(pop, "share_above_effective", 2.0) == pytest.approx(np.mean(eff >= 2.0))
    assert statistic(pop, "mean_paid") == pytest.approx(float(np.mean(pop.paid_hourly)))
    pooled = pop.unpaid_hours.sum() / pop.total_hours.sum()
    assert statistic(pop, "unpaid_share") == pytest.approx(pooled)
    assert statistic(pop, "returned_share") == pytest.approx(pop.task_shares()["returned"])
    assert statistic(pop, "mean_task_rate") == pytest.approx(pop.mean_task_rate())
    se = standard_error(pop, "mean_effective")
    assert se == pytest.approx(float(np.std(eff, ddof=1)) / math.sqrt(eff.size))


def test_standard_errors_match_the_spread_over_seeds() -> None:
    """The reported standard error of the median is the spread another seed gives.

    30 populations of 300 workers: the standard deviation of their medians is
    estimated within about 13 % (chi distribution with 29 degrees of freedom), so
    a ratio outside [0.6, 1.6] would mean the error formula is wrong.
    """
    s = cases.load("eduardo")
    medians, ses, shares, share_ses = [], [], [], []
    for seed in range(30):
        pop = simulate_population(s, 300, seed=100 + seed)
        medians.append(statistic(pop, "median_effective"))
        ses.append(standard_error(pop, "median_effective"))
        shares.append(statistic(pop, "unpaid_share"))
        share_ses.append(standard_error(pop, "unpaid_share"))
    assert 0.6 < float(np.std(medians, ddof=1)) / float(np.mean(ses)) < 1.6
    assert 0.6 < float(np.std(shares, ddof=1)) / float(np.mean(share_ses)) < 1.6


def test_summary_reports_standard_errors() -> None:
    pop = simulate_population(cases.load("eduardo"), 400, seed=5)
    summary = pop.summary(2.0)
    assert summary.se_median_effective == pytest.approx(standard_error(pop, "median_effective"))
    assert summary.se_quantiles is not None
    assert len(summary.se_quantiles) == len(summary.quantiles)
    assert all(0 < se < 1 for se in summary.se_quantiles)
    assert summary.share_below is not None
    assert summary.se_share_below == pytest.approx(
        math.sqrt(summary.share_below * (1 - summary.share_below) / 400)
    )
    assert "se_median_effective" in summary.to_dict()


def test_bad_targets_and_params_are_refused() -> None:
    s = cases.load("eduardo")
    with pytest.raises(InvalidInputError, match="unknown statistic"):
        Target(statistic="median_happiness", value=1.0)
    with pytest.raises(InvalidInputError, match="needs a number"):
        Target(statistic="quantile_paid", value=1.0)
    with pytest.raises(InvalidInputError, match="scale"):
        Target(statistic="rejected_share", value=0.0)
    with pytest.raises(InvalidInputError, match="no field 'minuets'"):
        get_param(s, "search.minuets")
    with pytest.raises(InvalidInputError, match="no item 7"):
        set_param(s, "kinds[7].weight", 1.0)
    with pytest.raises(InvalidInputError, match="low < high"):
        calibrate(s, {"median_effective": 2.0}, {"search.minutes": (3.0, 1.0)})
    with pytest.raises(InvalidInputError, match="name@argument"):
        calibrate(s, {"median effective": 2.0}, ["search.minutes"])


def test_set_param_renormalises_type_shares_and_sets_every_item() -> None:
    s = mixture(
        cases.load("maria"),
        WorkerType(name="a", share=0.5),
        WorkerType(name="b", share=0.3),
        WorkerType(name="c", share=0.2),
    )
    t = set_param(s, "variation.types[0].share", 0.75)
    assert [x.share for x in t.variation.types] == pytest.approx([0.75, 0.15, 0.1])
    every = set_param(s, "kinds.return_rate", 0.2)
    assert all(k.return_rate == 0.2 for k in every.kinds)


# -------------------------------------------------------------------- calibrate


def _synthetic() -> Scenario:
    return cases.load("eduardo")


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    reward=st.floats(min_value=1.0, max_value=4.0),
    search=st.floats(min_value=2.0, max_value=15.0),
)
def test_calibrate_recovers_known_parameters(reward: float, search: float) -> None:
    """Moments simulated at known parameters give those parameters back.

    Same seed and workers as the fit (common random numbers): the truth is an exact
    zero of the objective, so the fit must land on it up to the optimiser's tolerance.
    """
    truth = set_param(set_param(_synthetic(), "kinds[0].reward.median", reward),
                      "search.minutes", search)  # fmt: skip
    pop = simulate_population(truth, 150, seed=9)
    targets = [
        Target(statistic="median_paid", value=statistic(pop, "median_paid")),
        Target(statistic="unpaid_share", value=statistic(pop, "unpaid_share")),
    ]
    fit = calibrate(
        _synthetic(), targets,
        {"kinds[0].reward.median": (0.5, 6.0), "search.minutes": (1.0, 20.0)},
        n_workers=150, seed=9,
    )  # fmt: skip
    assert fit.params["kinds[0].reward.median"] == pytest.approx(reward, rel=0.03)
    assert fit.params["search.minutes"] == pytest.approx(search, rel=0.05)
    assert all(abs(d) < 0.01 for d in fit.distance.values())
    assert fit.scenario.calibration is fit.fit
    assert fit.fit.seed == 9
    assert fit.fit.workers == 150
    assert "median_paid" in fit.table()


def test_fit_distribution_marks_the_published_points(tmp_path) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("matplotlib")
    from labourchain.plot import fit_distribution

    pop = simulate_population(cases.load("eduardo"), 200, seed=1)
    fit = Fit(
        seed=1,
        workers=200,
        date=date(2026, 11, 29),
        params={},
        targets=[
            FitTarget(statistic="median_effective", value=2.0, simulated=2.0, se=0.1),
            FitTarget(statistic="mean_paid", value=3.0, simulated=2.9, se=0.1),
            FitTarget(statistic="share_above_effective", at=3.0, value=0.1, simulated=0.1, se=0.02),
        ],
    )
    figure = fit_distribution(pop, fit, path=tmp_path / "fit.png")
    effective, paid = figure.axes
    # The median at probability 0.5 and the share above $3 at 1 - 0.1, on the effective panel.
    points = [tuple(line.get_xydata()[0]) for line in effective.lines if line.get_marker() in "oD"]
    assert sorted(points) == [(2.0, 0.5), (3.0, pytest.approx(0.9))]
    assert any(tuple(line.get_xdata()) == (3.0, 3.0) for line in paid.lines)  # the mean
    assert (tmp_path / "fit.png").stat().st_size > 10_000


def test_default_population_of_a_scenario(run_cli) -> None:  # type: ignore[no-untyped-def]
    """A case from a published study simulates its sample size unless told otherwise."""
    with pytest.raises(InvalidInputError, match="no default population"):
        simulate_population(cases.load("eduardo"))
    with pytest.raises(ScenarioError, match="population"):
        attrs.evolve(cases.load("eduardo"), population=0)
    result = run_cli("simulate", "mturk-toxtli-2021", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["workers"] == 100
    assert data["summary"]["se_median_effective"] > 0
