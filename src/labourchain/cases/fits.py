"""How the published-study cases are fitted: their targets, free parameters and seeds.

:func:`refit` runs :func:`labourchain.simulate.calibrate` on a case with its
:data:`SPECS` and returns the fitted scenario, whose ``calibration`` record
(targets, fitted values, standard errors, tolerances, seed, date) is what the
case file stores. ``scripts/fit_cases.py`` writes it back into the case file.

Each target cites the page or table it comes from. A target's tolerance is how
far a fresh population of the case's default size may land from the published
figure: the fit's own residual plus four Monte Carlo standard errors at that size
(the standard error scales as ``1 / sqrt(workers)``).

>>> sorted(SPECS)
['ilo-2017-survey', 'mturk-hara-2018', 'mturk-toxtli-2021']
"""

from __future__ import annotations

import math
from typing import Any

import attrs

from labourchain.simulate.calibration import Calibration, Target, calibrate
from labourchain.simulate.fitrecord import FitTarget
from labourchain.simulate.scenario import Scenario

__all__ = ("SPECS", "FitSpec", "refit", "tolerance")

HARA = (
    "Hara et al., 'A Data-Driven Analysis of Workers' Earnings on Amazon Mechanical Turk', CHI 2018"
)
TOXTLI = "Toxtli, Suri and Savage, 'Quantifying the Invisible Labor in Crowd Work', CSCW 2021"
ILO = "Berg et al., 'Digital labour platforms and the future of work', ILO 2018, 2017 wave"


@attrs.frozen(kw_only=True)
class FitSpec:
    """What a case is fitted to, and what moves.

    Attributes:
        targets: The published figures.
        params: Parameter paths and their (low, high) bounds.
        seed: Root seed of the common random numbers.
        workers: Simulated workers per evaluation.
        note: What a reader should know about the fit.
    """

    targets: tuple[Target, ...]
    params: tuple[tuple[str, tuple[float, float]], ...]
    seed: int
    workers: int = 20_000
    note: str = ""


SPECS: dict[str, FitSpec] = {
    "mturk-hara-2018": FitSpec(
        targets=(
            Target(
                statistic="median_effective",
                value=1.77,
                source=f"{HARA}: median hourly wage counting unpaid work (interval method)",
            ),
            Target(
                statistic="mean_effective",
                value=3.13,
                source=f"{HARA}: mean hourly wage counting unpaid work",
            ),
            Target(
                statistic="median_paid",
                value=3.18,
                source=f"{HARA}: median hourly wage counting paid work only",
            ),
            Target(
                statistic="mean_paid",
                value=6.19,
                source=f"{HARA}: mean hourly wage counting paid work only",
            ),
            Target(
                statistic="mean_task_rate",
                value=11.58,
                source=f"{HARA}: requesters' mean pay for the work (abstract: 'more than $11/h')",
            ),
            Target(
                statistic="returned_share",
                value=0.13,
                source=f"{HARA}: about 13% of tasks started and never submitted",
            ),
            Target(
                statistic="rejected_share", value=0.007, source=f"{HARA}: 0.7% of tasks rejected"
            ),
            Target(
                statistic="share_above_effective",
                at=7.25,
                value=0.04,
                source=f"{HARA}, abstract: 'only 4% earned more than $7.25/h'",
            ),
        ),
        params=(
            ("kinds[0].reward.median", (0.02, 0.3)),
            ("kinds[0].reward.sigma", (0.2, 2.0)),
            ("kinds[0].minutes.sigma", (0.2, 2.0)),
            ("search.minutes", (0.2, 5.0)),
            ("variation.pay", (0.0, 1.5)),
            ("variation.search", (0.0, 1.5)),
            ("variation.speed", (0.0, 1.5)),
            ("variation.types[0].search", (1.0, 5.0)),
            ("variation.types[1].pay", (1.0, 5.0)),
            ("variation.types[2].pay", (1.0, 40.0)),
        ),
        seed=2018,
        workers=4_000,
        note=(
            "Hara et al. report each figure over workers' whole logged periods (Sept 2014 to "
            "Jan 2017); the model fits them with one simulated week per worker. The mixture "
            "(newcomers searching longer, experienced workers, a few top earners) has assumed "
            "shares; its factors are fitted."
        ),
    ),
    "mturk-toxtli-2021": FitSpec(
        targets=(
            Target(
                statistic="median_paid",
                value=3.76,
                source=f"{TOXTLI}, abstract: median hourly wage ignoring invisible labour",
            ),
            Target(
                statistic="median_effective",
                value=2.83,
                source=f"{TOXTLI}, abstract: median hourly wage counting invisible labour",
            ),
            Target(
                statistic="mean_unpaid_share",
                value=0.33,
                source=f"{TOXTLI}, abstract: 33% of their time daily on invisible labour",
            ),
            Target(
                statistic="mean_tasks",
                value=409.03,
                source=f"{TOXTLI}, abstract: 40,903 tasks by 100 workers in one week",
            ),
        ),
        params=(
            ("kinds[0].reward.median", (0.01, 0.3)),
            ("kinds[0].minutes.median", (0.05, 3.0)),
            ("search.minutes", (0.05, 5.0)),
            ("variation.types[1].search", (1.0, 40.0)),
            ("variation.pay", (0.0, 1.0)),
            ("variation.speed", (0.0, 1.0)),
        ),
        seed=2021,
        workers=5_000,
        note=(
            "Four figures from the abstract, six free parameters; the novices' share (20%) is "
            "assumed. Managing payments and "
            "messaging (admin in labourchain's activities) are folded into the unpaid time "
            "between tasks, which the simulation logs as search."
        ),
    ),
    "ilo-2017-survey": FitSpec(
        targets=(
            Target(
                statistic="mean_paid",
                value=4.43,
                source=f"{ILO}: average hourly earnings, paid work only",
            ),
            Target(
                statistic="mean_effective",
                value=3.31,
                source=f"{ILO}: average hourly earnings, paid and unpaid work",
            ),
            Target(
                statistic="median_effective",
                value=2.16,
                source=f"{ILO}: median hourly earnings, paid and unpaid work",
            ),
            Target(
                statistic="unpaid_share",
                value=0.25,
                source=f"{ILO}: about 20 minutes of unpaid work for every hour of paid work",
            ),
        ),
        params=(
            ("kinds[0].reward.median", (0.01, 0.5)),
            ("search.minutes", (0.05, 5.0)),
            ("variation.pay", (0.0, 2.0)),
            ("variation.search", (0.0, 2.0)),
        ),
        seed=2017,
        workers=10_000,
        note=(
            "The survey's figures are self-reported hours and earnings of a week; the model "
            "draws one week per worker. Workers in 75 countries are one population here, "
            "their differences in pay carried by the pay factor's spread."
        ),
    ),
}


def tolerance(target: FitTarget, workers: int, population: int) -> float:
    """The fit's residual plus four standard errors at ``population`` workers."""
    se = target.se * math.sqrt(workers / population)
    return abs(target.simulated - target.value) + 4.0 * se


def refit(name: str, scenario: Scenario, **options: Any) -> Calibration:
    """Fit ``scenario`` (case ``name``) to its :data:`SPECS`, tolerances filled in."""
    spec = SPECS[name]
    result = calibrate(
        scenario,
        spec.targets,
        dict(spec.params),
        n_workers=options.pop("n_workers", spec.workers),
        seed=options.pop("seed", spec.seed),
        **options,
    )
    population = scenario.population or result.fit.workers
    targets = tuple(
        attrs.evolve(t, tolerance=round(tolerance(t, result.fit.workers, population), 6))
        for t in result.fit.targets
    )
    fit = attrs.evolve(result.fit, targets=targets, note=spec.note)
    return attrs.evolve(result, fit=fit, scenario=attrs.evolve(result.scenario, calibration=fit))
