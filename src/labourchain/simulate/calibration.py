"""Fit a scenario to published figures: simulated method of moments with common random numbers.

:func:`calibrate` moves named parameters of a scenario (dotted paths such as
``"search.minutes"``, ``"variation.pay"``, ``"kinds[0].reward.median"``,
``"variation.types[1].share"``) within bounds until a simulated population
reproduces the targets: statistics of its per-worker wages (median, mean,
quantiles, shares above a wage, of effective or paid-time wages), its unpaid
share of time, its return and rejection rates. Every evaluation simulates the
same workers with the same seed (common random numbers), so the objective
changes only because the parameters do, and a derivative-based optimiser from
:mod:`scipy.optimize` (an optional dependency: ``pip install scipy``)
can follow it.

Every statistic has a Monte Carlo standard error (:func:`standard_error`),
computed from the simulated population itself: for means, ``sd / sqrt(n)``; for
ratios of sums, the delta method; for quantiles, half the distance between the
order statistics one binomial standard deviation either side.

>>> from labourchain import cases
>>> from labourchain.simulate import simulate_population
>>> pop = simulate_population(cases.load("eduardo"), 200, seed=1)
>>> value, se = statistic(pop, "median_effective"), standard_error(pop, "median_effective")
>>> bool(0 < se < value)
True
"""

from __future__ import annotations

import importlib
import math
import re
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, Final

import attrs
import numpy as np
import numpy.typing as npt

from labourchain._frozen import frozen_map
from labourchain.errors import InvalidInputError, MissingDependencyError
from labourchain.simulate.fitrecord import Fit, FitTarget
from labourchain.simulate.population import (
    PopulationResult,
    quantile_standard_error,
    simulate_population,
)
from labourchain.simulate.scenario import Scenario, ScenarioError

__all__ = (
    "STATISTICS",
    "Calibration",
    "Target",
    "calibrate",
    "get_param",
    "set_param",
    "standard_error",
    "statistic",
)

FloatArray = npt.NDArray[np.float64]

#: The statistics a target can name, with what they measure (``at``: its argument).
STATISTICS: Final = {
    "median_effective": "median over workers of the effective hourly wage",
    "mean_effective": "mean over workers of the effective hourly wage",
    "quantile_effective": "quantile (at = probability) of the effective hourly wage",
    "share_above_effective": "share of workers whose effective wage is at least `at`",
    "median_paid": "median over workers of the paid-time hourly wage",
    "mean_paid": "mean over workers of the paid-time hourly wage",
    "quantile_paid": "quantile (at = probability) of the paid-time hourly wage",
    "share_above_paid": "share of workers whose paid-time wage is at least `at`",
    "unpaid_share": "unpaid share of all time worked (pooled: unpaid hours / all hours)",
    "mean_unpaid_share": "mean over workers of their unpaid share of time",
    "returned_share": "share of attempted tasks returned (started, not submitted)",
    "rejected_share": "share of attempted tasks rejected",
    "mean_task_rate": "mean over submitted tasks of reward / duration (requesters' pay rate)",
    "mean_tasks": "mean tasks attempted per worker in the week",
    "mean_hours": "mean hours logged per worker in the week",
}
_NEEDS_AT: Final = frozenset(
    {"quantile_effective", "share_above_effective", "quantile_paid", "share_above_paid"}
)


# ----------------------------------------------------------------- statistics


def _check_statistic(name: object, at: object) -> None:
    if not isinstance(name, str) or name not in STATISTICS:
        raise InvalidInputError(
            f"unknown statistic {name!r}; known statistics: {', '.join(STATISTICS)}"
        )
    if name in _NEEDS_AT:
        if isinstance(at, bool) or not isinstance(at, int | float) or not math.isfinite(at):
            raise InvalidInputError(f"statistic {name!r} needs a number `at`, got {at!r}")
        if name.startswith("quantile") and not 0.0 <= at <= 1.0:
            raise InvalidInputError(f"statistic {name!r}: `at` must be in [0, 1], got {at!r}")
    elif at is not None:
        raise InvalidInputError(f"statistic {name!r} takes no `at`, got {at!r}")


def _wages(pop: PopulationResult, which: str) -> FloatArray:
    x = pop.effective_hourly if which == "effective" else pop.paid_hourly
    out: FloatArray = x[~np.isnan(x)]
    return out


def _ratio_terms(pop: PopulationResult, name: str) -> tuple[FloatArray, FloatArray]:
    """Per-worker numerator and denominator of a ratio-of-sums statistic."""
    out = pop.outcomes.astype(np.float64)
    if name == "unpaid_share":
        return pop.unpaid_hours, pop.total_hours
    if name == "returned_share":
        return out[:, 2], out.sum(axis=1)
    if name == "rejected_share":
        return out[:, 1], out.sum(axis=1)
    if name == "mean_task_rate":
        return pop.rate_sum, out[:, 0] + out[:, 1]
    raise AssertionError(name)  # pragma: no cover


def _per_worker(pop: PopulationResult, name: str) -> FloatArray:
    if name == "mean_effective":
        return _wages(pop, "effective")
    if name == "mean_paid":
        return _wages(pop, "paid")
    if name == "mean_tasks":
        return pop.tasks.astype(np.float64)
    if name == "mean_hours":
        return pop.total_hours
    total = pop.total_hours
    share: FloatArray = np.divide(
        pop.unpaid_hours, total, out=np.zeros_like(total), where=total > 0
    )
    return share


def statistic(pop: PopulationResult, name: str, at: float | None = None) -> float:
    """The statistic ``name`` (see :data:`STATISTICS`) of a simulated population.

    NaN if the population has no worker it applies to.

    Raises:
        InvalidInputError: for an unknown statistic or a missing or needless ``at``.
    """
    _check_statistic(name, at)
    if name.startswith(("median_", "quantile_", "share_above_")):
        x = _wages(pop, name.rsplit("_", 1)[1])
        if not x.size:
            return math.nan
        if name.startswith("median_"):
            return float(np.median(x))
        assert at is not None
        if name.startswith("quantile_"):
            return float(np.quantile(x, at))
        return float(np.mean(x >= at))
    if name in ("unpaid_share", "returned_share", "rejected_share", "mean_task_rate"):
        num, den = _ratio_terms(pop, name)
        total = float(den.sum())
        return float(num.sum()) / total if total > 0 else math.nan
    x = _per_worker(pop, name)
    return float(np.mean(x)) if x.size else math.nan


def standard_error(pop: PopulationResult, name: str, at: float | None = None) -> float:
    """Monte Carlo standard error of :func:`statistic` ``name`` for this population's size.

    Means: ``sd / sqrt(n)``; shares of workers: ``sqrt(s (1 - s) / n)``; ratios of
    sums over workers (pooled shares, the mean task rate): the delta method;
    quantiles and medians: half the distance between the order statistics
    ``n p ± sqrt(n p (1 - p))`` (distribution-free).
    """
    _check_statistic(name, at)
    if name.startswith(("median_", "quantile_", "share_above_")):
        x = _wages(pop, name.rsplit("_", 1)[1])
        if x.size < 2:
            return math.nan
        if name.startswith("median_"):
            return quantile_standard_error(x, 0.5)
        assert at is not None
        if name.startswith("quantile_"):
            return quantile_standard_error(x, at)
        s = float(np.mean(x >= at))
        return math.sqrt(s * (1.0 - s) / x.size)
    if name in ("unpaid_share", "returned_share", "rejected_share", "mean_task_rate"):
        num, den = _ratio_terms(pop, name)
        n = num.size
        mean_den = float(den.mean()) if n else 0.0
        if n < 2 or mean_den <= 0:
            return math.nan
        ratio = float(num.sum()) / float(den.sum())
        return float(np.std(num - ratio * den, ddof=1)) / math.sqrt(n) / mean_den
    x = _per_worker(pop, name)
    return float(np.std(x, ddof=1)) / math.sqrt(x.size) if x.size >= 2 else math.nan


# -------------------------------------------------------------------- targets


def _optional_number(value: object) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InvalidInputError(f"expected a finite number or None, got {value!r}")
    return float(value)


@attrs.frozen(kw_only=True)
class Target:
    """A published figure to reproduce.

    Attributes:
        statistic: One of :data:`STATISTICS`.
        value: The published value.
        at: The statistic's argument (probability of a quantile, wage of a share).
        scale: The unit of distance: residual = (simulated - value) / scale
            (default: ``|value|``, a relative distance; give it for values near 0).
        weight: Weight of the target in the objective.
        source: Where the figure comes from (page, table).

    >>> Target(statistic="median_effective", value=1.77).label
    'median_effective'
    """

    statistic: str
    value: float = attrs.field(converter=float)
    at: float | None = attrs.field(default=None, converter=_optional_number)
    scale: float | None = attrs.field(default=None, converter=_optional_number)
    weight: float = attrs.field(default=1.0, converter=float)
    source: str = ""

    def __attrs_post_init__(self) -> None:
        _check_statistic(self.statistic, self.at)
        if not math.isfinite(self.value):
            raise InvalidInputError(f"target {self.label}: value must be finite, got {self.value}")
        unit = self.unit
        if not (unit > 0 and math.isfinite(unit)):
            raise InvalidInputError(
                f"target {self.label}: needs a positive scale (its value is 0), got {self.scale!r}"
            )
        if not (self.weight > 0 and math.isfinite(self.weight)):
            raise InvalidInputError(f"target {self.label}: weight must be > 0, got {self.weight}")

    @property
    def label(self) -> str:
        """``statistic`` or ``statistic@at``."""
        return self.statistic if self.at is None else f"{self.statistic}@{self.at:g}"

    @property
    def unit(self) -> float:
        """The scale of the distance (``scale``, or ``|value|``)."""
        return abs(self.value) if self.scale is None else self.scale


_LABEL = re.compile(r"^(?P<name>[a-z_]+)(?:@(?P<at>[-+0-9.eE]+))?$")


def _targets(targets: object) -> tuple[Target, ...]:
    if isinstance(targets, Target):
        return (targets,)
    if isinstance(targets, Mapping):
        out = []
        for label, value in targets.items():
            m = _LABEL.match(str(label))
            if m is None:
                raise InvalidInputError(
                    f"target {label!r}: write a statistic name, or name@argument "
                    "(such as 'quantile_effective@0.9')"
                )
            at = float(m["at"]) if m["at"] is not None else None
            out.append(Target(statistic=m["name"], value=value, at=at))
        return tuple(out)
    if isinstance(targets, Iterable) and not isinstance(targets, str | bytes):
        items = tuple(targets)
        if all(isinstance(t, Target) for t in items):
            return items
    raise InvalidInputError(
        "targets must be Target objects or a mapping such as {'median_effective': 1.77}, "
        f"got {targets!r}"
    )


# ----------------------------------------------------------------- parameters

_STEP = re.compile(r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?:\[(?P<index>\d+)\])?$")


def _steps(path: str) -> list[tuple[str, int | None]]:
    if not isinstance(path, str) or not path:
        raise InvalidInputError(
            f"a parameter is a dotted path such as 'search.minutes', got {path!r}"
        )
    out = []
    for part in path.split("."):
        m = _STEP.match(part)
        if m is None:
            raise InvalidInputError(f"parameter {path!r}: cannot read {part!r}")
        out.append((m["name"], int(m["index"]) if m["index"] is not None else None))
    return out


def _get(obj: Any, steps: list[tuple[str, int | None]], path: str) -> Any:
    for name, index in steps:
        if not attrs.has(type(obj)) or name not in attrs.fields_dict(type(obj)):
            raise InvalidInputError(
                f"parameter {path!r}: no field {name!r} in {type(obj).__name__}"
            )
        obj = getattr(obj, name)
        if index is not None:
            if not isinstance(obj, tuple) or index >= len(obj):
                raise InvalidInputError(f"parameter {path!r}: no item {index} in {name!r}")
            obj = obj[index]
        elif isinstance(obj, tuple) and obj and attrs.has(type(obj[0])):
            obj = obj[0]  # a field of every item: read the first
    return obj


def get_param(scenario: Scenario, path: str) -> float:
    """The value of the parameter at ``path`` (for a path into every item, the first's).

    >>> from labourchain import cases
    >>> get_param(cases.load("eduardo"), "kinds[0].reward.median") > 0
    True
    """
    value = _get(scenario, _steps(path), path)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidInputError(f"parameter {path!r} is not a number: {value!r}")
    return float(value)


def _set(obj: Any, steps: list[tuple[str, int | None]], value: float, path: str) -> Any:
    name, index = steps[0]
    if not attrs.has(type(obj)) or name not in attrs.fields_dict(type(obj)):
        raise InvalidInputError(f"parameter {path!r}: no field {name!r} in {type(obj).__name__}")
    current = getattr(obj, name)
    rest = steps[1:]
    if isinstance(current, tuple):
        items = list(current)
        which = range(len(items)) if index is None else [index]
        if index is not None and index >= len(items):
            raise InvalidInputError(f"parameter {path!r}: no item {index} in {name!r}")
        if not rest:
            raise InvalidInputError(f"parameter {path!r}: {name!r} is not a number")
        for i in which:
            items[i] = _set(items[i], rest, value, path)
        if name == "types" and rest == [("share", None)] and index is not None:
            items = _renormalise(items, index, path)
        new: Any = tuple(items)
    elif rest:
        new = _set(current, rest, value, path)
    else:
        if isinstance(current, bool) or not isinstance(current, int | float):
            raise InvalidInputError(f"parameter {path!r} is not a number: {current!r}")
        new = float(value)
    try:
        return attrs.evolve(obj, **{name: new})
    except ScenarioError as exc:
        raise InvalidInputError(f"parameter {path!r} = {value!r}: {exc}") from None


def _renormalise(items: list[Any], index: int, path: str) -> list[Any]:
    """The other types' shares scaled so that the shares still sum to 1."""
    fixed = items[index].share
    others = math.fsum(t.share for i, t in enumerate(items) if i != index)
    if not 0.0 <= fixed <= 1.0:
        raise InvalidInputError(f"parameter {path!r}: a share must be in [0, 1], got {fixed!r}")
    if others <= 0:
        n = len(items) - 1
        return [
            t if i == index else attrs.evolve(t, share=(1 - fixed) / n) for i, t in enumerate(items)
        ]
    factor = (1.0 - fixed) / others
    return [
        t if i == index else attrs.evolve(t, share=t.share * factor) for i, t in enumerate(items)
    ]


def set_param(scenario: Scenario, path: str, value: float) -> Scenario:
    """A copy of the scenario with the parameter at ``path`` set to ``value``.

    A path without an index into a list (``"kinds.return_rate"``) sets the field
    of every item. Setting one worker type's share
    (``"variation.types[0].share"``) rescales the others so the shares sum to 1.

    >>> from labourchain import cases
    >>> s = set_param(cases.load("eduardo"), "search.minutes", 7.0)
    >>> s.search.minutes
    7.0

    Raises:
        InvalidInputError: for a path that names no number, or a value the scenario refuses.
    """
    out = _set(scenario, _steps(path), value, path)
    assert isinstance(out, Scenario)
    return out


def _bounds(params: object, scenario: Scenario) -> list[tuple[str, float, float, float]]:
    """(path, low, high, start) of each parameter."""
    if isinstance(params, Mapping):
        items = list(params.items())
    elif isinstance(params, Iterable) and not isinstance(params, str | bytes):
        items = [(p, None) for p in params]
    else:
        raise InvalidInputError(
            f"params must map parameter paths to (low, high) bounds, got {params!r}"
        )
    if not items:
        raise InvalidInputError("params: name at least one parameter to fit")
    out = []
    for path, bounds in items:
        start = get_param(scenario, path)
        if bounds is None:
            low, high = (start / 4, start * 4) if start > 0 else (0.0, 1.0)
        elif isinstance(bounds, Sequence) and len(bounds) in (2, 3):
            low, high = float(bounds[0]), float(bounds[1])
            if len(bounds) == 3:
                start = float(bounds[2])
        else:
            raise InvalidInputError(
                f"params[{path!r}] must be (low, high) or (low, high, start), got {bounds!r}"
            )
        if not (math.isfinite(low) and math.isfinite(high) and low < high):
            raise InvalidInputError(f"params[{path!r}]: need low < high, got ({low}, {high})")
        out.append((path, low, high, min(max(start, low), high)))
    return out


# -------------------------------------------------------------------- results


@attrs.frozen(kw_only=True, eq=False)
class Calibration:
    """The result of :func:`calibrate`.

    Attributes:
        scenario: The fitted scenario (its ``calibration`` is :attr:`fit`).
        fit: The record stored with the scenario: targets, simulated values and
            standard errors, fitted parameters, seed, workers, date.
        targets: The targets.
        params: The fitted parameters.
        evaluations: Simulations run.
        seconds: Wall time.
        cpu_seconds: CPU time of this process.
        success: Whether the optimiser reports convergence.
        message: The optimiser's message.
    """

    scenario: Scenario
    fit: Fit
    targets: tuple[Target, ...]
    params: Mapping[str, float] = attrs.field(converter=frozen_map)
    evaluations: int
    seconds: float
    cpu_seconds: float
    success: bool
    message: str

    @property
    def simulated(self) -> dict[str, float]:
        """Simulated value of each target, by label."""
        return {t.label: t.simulated for t in self.fit.targets}

    @property
    def distance(self) -> dict[str, float]:
        """Each target's residual: (simulated - value) / scale."""
        return {
            t.label: (f.simulated - t.value) / t.unit
            for t, f in zip(self.targets, self.fit.targets, strict=True)
        }

    def rows(self) -> list[dict[str, Any]]:
        """One row per target: label, value, simulated, se, distance, source."""
        distance = self.distance
        return [
            {
                "target": f.label,
                "value": f.value,
                "simulated": f.simulated,
                "se": f.se,
                "distance": distance[f.label],
                "source": f.source,
            }
            for f in self.fit.targets
        ]

    def table(self) -> str:
        """The targets, fitted values, standard errors and distances as text."""
        lines = [f"{'target':28} {'value':>9} {'simulated':>10} {'s.e.':>8} {'distance':>9}"]
        for row in self.rows():
            lines.append(
                f"{row['target']:28} {row['value']:9.4g} {row['simulated']:10.4g} "
                f"{row['se']:8.2g} {row['distance']:+9.1%}"
            )
        lines.append(
            f"{self.evaluations} evaluations, {self.seconds:.1f} s; "
            + ", ".join(f"{k} = {v:.4g}" for k, v in self.params.items())
        )
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.table()


# -------------------------------------------------------------------- fitting


def _optimize() -> Any:
    try:
        return importlib.import_module("scipy.optimize")
    except ImportError:  # pragma: no cover - depends on the environment
        raise MissingDependencyError(
            "calibrate needs SciPy, which is not installed: pip install scipy "
            "(or, in a clone of labourchain, pip install '.[calibrate]')"
        ) from None


def calibrate(
    scenario: Scenario,
    targets: Iterable[Target] | Mapping[str, float],
    params: Mapping[str, tuple[float, float] | tuple[float, float, float]] | Iterable[str],
    *,
    n_workers: int = 20_000,
    seed: int = 0,
    week_of: Any = None,
    method: str = "least_squares",
    max_evaluations: int = 200,
    diff_step: float = 0.02,
    tolerance: float = 1e-4,
    restarts: int = 3,
    callback: Callable[[dict[str, float], float], None] | None = None,
) -> Calibration:
    """Fit ``params`` of ``scenario`` so that a simulated population meets ``targets``.

    Simulated method of moments: the objective is the sum of squared, weighted
    residuals ``(simulated - value) / scale`` over the targets, each evaluation
    simulating the same ``n_workers`` workers with the same ``seed`` (common
    random numbers). Parameters are moved within their bounds by
    :func:`scipy.optimize.least_squares` (trust-region reflective, finite
    differences of relative step ``diff_step`` on the bounded range) or, with
    ``method="nelder-mead"``, by :func:`scipy.optimize.minimize`.

    Args:
        scenario: The scenario to fit.
        targets: :class:`Target` objects, or a mapping of statistic labels
            (``"median_effective"``, ``"quantile_effective@0.9"``) to values.
        params: Parameter paths (see :func:`set_param`) mapped to ``(low, high)``
            or ``(low, high, start)``; a plain list of paths uses the current
            value as the start and a quarter to four times it as the bounds.
        n_workers: Simulated workers per evaluation.
        seed: Root seed of the common random numbers.
        week_of: Any date in the week (default ``scenario.week_of``).
        method: ``"least_squares"`` (default) or ``"nelder-mead"``.
        max_evaluations: Budget of simulations.
        diff_step: Finite-difference step as a share of each parameter's range.
        tolerance: Stop when the objective changes by less than this (relative).
        restarts: Times the least-squares search may restart from its best point
            (a fresh trust region) while that lowers the objective.
        callback: Called after each evaluation with the parameters and the objective.

    Returns:
        A :class:`Calibration`: the fitted scenario (with its ``calibration``
        record), each target's value, fitted value, standard error and distance.

    Raises:
        InvalidInputError: for unknown statistics or parameters, bad bounds, or
            without SciPy.

    >>> from labourchain import cases
    >>> fit = calibrate(cases.load("eduardo"), {"median_effective": 2.0},
    ...                 {"kinds[0].reward.median": (0.5, 5.0)}, n_workers=200, seed=1)
    >>> abs(fit.distance["median_effective"]) < 0.01
    True
    """
    if not isinstance(scenario, Scenario):
        raise InvalidInputError(f"scenario must be a Scenario, got {scenario!r}")
    wanted = _targets(targets)
    if not wanted:
        raise InvalidInputError("targets: give at least one target")
    spec = _bounds(params, scenario)
    if method not in ("least_squares", "nelder-mead"):
        raise InvalidInputError(f"method must be 'least_squares' or 'nelder-mead', got {method!r}")
    if isinstance(n_workers, bool) or not isinstance(n_workers, int) or n_workers < 2:
        raise InvalidInputError(f"n_workers must be a whole number >= 2, got {n_workers!r}")
    opt = _optimize()
    root = np.random.SeedSequence(seed)
    weights = np.sqrt(np.array([t.weight for t in wanted]))
    units = np.array([t.unit for t in wanted])
    values = np.array([t.value for t in wanted])
    lows = np.array([s[1] for s in spec])
    spans = np.array([s[2] - s[1] for s in spec])
    # Optimise u in [1, 2]: steps relative to u are steps relative to each range.
    x0 = 1.0 + (np.array([s[3] for s in spec]) - lows) / spans
    cache: dict[bytes, FloatArray] = {}
    evaluations = 0

    def scenario_at(u: FloatArray) -> Scenario:
        out = scenario
        for (path, *_), value in zip(
            spec, lows + (np.clip(u, 1.0, 2.0) - 1.0) * spans, strict=True
        ):
            out = set_param(out, path, float(value))
        return out

    def residuals(u: FloatArray) -> FloatArray:
        nonlocal evaluations
        key = np.asarray(u, dtype=np.float64).tobytes()
        if key in cache:
            return cache[key]
        pop = simulate_population(scenario_at(u), n_workers, seed=root, week_of=week_of)
        evaluations += 1
        sim = np.array([statistic(pop, t.statistic, t.at) for t in wanted])
        r: FloatArray = np.where(np.isnan(sim), 10.0, (sim - values) / units) * weights
        cache[key] = r
        if callback is not None:
            callback(dict(zip((s[0] for s in spec), scenario_values(u), strict=True)), float(r @ r))
        return r

    def scenario_values(u: FloatArray) -> list[float]:
        return [float(v) for v in lows + (np.clip(u, 1.0, 2.0) - 1.0) * spans]

    began, cpu = time.perf_counter(), time.process_time()
    if method == "least_squares":
        # A trust region shrinks on the small jumps that common random numbers leave in the
        # objective (a task more or less in a worker's week); restart it from the best point
        # while that still helps and the budget lasts.
        best, cost = x0, math.inf
        result: Any = None
        for _ in range(restarts + 1):
            budget = max_evaluations - evaluations
            if budget <= x0.size:
                break
            result = opt.least_squares(
                residuals, best, bounds=(np.ones_like(x0), 2.0 * np.ones_like(x0)),
                diff_step=diff_step, x_scale=1.0, max_nfev=budget,
                ftol=tolerance, xtol=tolerance, gtol=tolerance,
            )  # fmt: skip
            new_cost = float(2.0 * result.cost)
            if new_cost >= cost * (1.0 - 1e-3):
                break
            best, cost = np.asarray(result.x, dtype=np.float64), new_cost
            if cost < tolerance:
                break
    else:
        result = opt.minimize(
            lambda u: float(residuals(u) @ residuals(u)), x0, method="Nelder-Mead",
            bounds=[(1.0, 2.0)] * x0.size,
            options={"maxfev": max_evaluations, "xatol": tolerance, "fatol": tolerance},
        )  # fmt: skip
        best = np.asarray(result.x, dtype=np.float64)
    seconds, cpu_seconds = time.perf_counter() - began, time.process_time() - cpu
    fitted = scenario_at(best)
    pop = simulate_population(fitted, n_workers, seed=root, week_of=week_of)
    params_out = dict(zip((s[0] for s in spec), scenario_values(best), strict=True))
    record = Fit(
        method=f"simulated method of moments, common random numbers, scipy.optimize ({method})",
        seed=seed,
        workers=n_workers,
        date=datetime.now(UTC).date(),
        evaluations=evaluations,
        seconds=round(seconds, 1),
        params=params_out,
        targets=tuple(
            FitTarget(
                statistic=t.statistic,
                at=t.at,
                value=t.value,
                simulated=statistic(pop, t.statistic, t.at),
                se=standard_error(pop, t.statistic, t.at),
                source=t.source,
            )
            for t in wanted
        ),
    )
    return Calibration(
        scenario=attrs.evolve(fitted, calibration=record),
        fit=record,
        targets=wanted,
        params=params_out,
        evaluations=evaluations,
        seconds=seconds,
        cpu_seconds=cpu_seconds,
        success=bool(result is not None and result.success),
        message="no evaluation budget" if result is None else str(result.message),
    )
