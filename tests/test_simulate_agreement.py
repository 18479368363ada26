"""simulate_population and repeated simulate_week agree in distribution on every shipped case.

The two are written independently (a vectorised kernel over blocks of task slots, and an
event loop drawing one cycle at a time, in another order), so agreement checks both.

Tolerances: each mean (net earnings, hours of each activity, tasks, night share) within
4.5 standard errors of the difference (about 1 in 150,000 by chance for one comparison,
so about 1 in 1,000 over the 100 or so made here); the effective hourly wages pass a
two-sample Kolmogorov-Smirnov test at the 0.1% level (critical value 1.95 x sqrt((n + m) /
(n m))). The KS statistic is computed with numpy (scipy is not a test dependency).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from labourchain import Activity, cases
from labourchain.simulate import simulate_population, simulate_week

N_WEEKS = 120
N_WORKERS = 1000


def ks_statistic(a: np.ndarray, b: np.ndarray) -> float:
    """sup |F_a - F_b| of the two empirical distribution functions."""
    a, b = np.sort(a), np.sort(b)
    grid = np.concatenate((a, b))
    fa = np.searchsorted(a, grid, side="right") / a.size
    fb = np.searchsorted(b, grid, side="right") / b.size
    return float(np.max(np.abs(fa - fb)))


def test_ks_statistic_by_hand() -> None:
    assert ks_statistic(np.array([1.0, 2.0]), np.array([1.0, 2.0])) == 0.0
    assert ks_statistic(np.array([1.0, 2.0]), np.array([3.0, 4.0])) == 1.0
    assert ks_statistic(np.array([1.0, 3.0]), np.array([2.0, 4.0])) == 0.5


@pytest.mark.parametrize("name", cases.names())
def test_population_agrees_with_event_level_weeks(name: str) -> None:
    scenario = cases.load(name)
    weeks = [simulate_week(None, scenario, seed=1000 + i) for i in range(N_WEEKS)]
    pop = simulate_population(scenario, N_WORKERS, seed=7)

    def row(week) -> list[float]:  # type: ignore[no-untyped-def]
        r = week.report
        hours = [r.time_by_activity[a].to("hour").magnitude for a in Activity]
        return [r.net.magnitude, *hours, week.tasks, week.night_share]

    event = np.array([row(w) for w in weeks])
    vector = np.column_stack([pop.earnings, pop.hours, pop.tasks, pop.night_share])
    labels = ["net", *(a.value for a in Activity), "tasks", "night share"]
    for j, label in enumerate(labels):
        x, y = event[:, j], vector[:, j]
        se = math.hypot(x.std(ddof=1) / math.sqrt(x.size), y.std(ddof=1) / math.sqrt(y.size))
        gap = abs(x.mean() - y.mean())
        assert gap <= 4.5 * se + 1e-9 * max(1.0, abs(y.mean())), (
            f"{name}: mean {label} {x.mean():.4g} (weeks) vs {y.mean():.4g} (population), "
            f"{gap / se if se else math.inf:.1f} standard errors apart"
        )
    eff_event = event[:, 0] / event[:, 1 : 1 + len(Activity)].sum(axis=1)
    eff_pop = pop.effective_hourly
    d = ks_statistic(eff_event, eff_pop)
    critical = 1.95 * math.sqrt((N_WEEKS + N_WORKERS) / (N_WEEKS * N_WORKERS))
    if np.ptp(eff_pop) > 1e-9:  # the salaried case has (almost) one wage
        assert d < critical, f"{name}: KS statistic {d:.3f} >= {critical:.3f}"
