"""Simulation of data workers' weeks: one worker event by event, or a population at once.

>>> from labourchain import cases
>>> from labourchain.simulate import simulate_population
>>> pop = simulate_population(cases.load("maria"), n_workers=20, seed=3)
>>> pop.summary().workers
20
"""

from labourchain.simulate.calibration import (
    STATISTICS,
    Calibration,
    Target,
    calibrate,
    get_param,
    set_param,
    standard_error,
    statistic,
)
from labourchain.simulate.fitrecord import Fit, FitTarget
from labourchain.simulate.population import (
    PopulationResult,
    PopulationSummary,
    simulate_population,
)
from labourchain.simulate.scenario import (
    ClientSpec,
    Demand,
    Lognormal,
    Outages,
    PlatformSpec,
    Qualification,
    Scenario,
    ScenarioError,
    Search,
    TaskKind,
    Variation,
    WorkerType,
)
from labourchain.simulate.week import WeekResult, simulate_week

__all__ = (
    "STATISTICS",
    "Calibration",
    "ClientSpec",
    "Demand",
    "Fit",
    "FitTarget",
    "Lognormal",
    "Outages",
    "PlatformSpec",
    "PopulationResult",
    "PopulationSummary",
    "Qualification",
    "Scenario",
    "ScenarioError",
    "Search",
    "Target",
    "TaskKind",
    "Variation",
    "WeekResult",
    "WorkerType",
    "calibrate",
    "get_param",
    "set_param",
    "simulate_population",
    "simulate_week",
    "standard_error",
    "statistic",
)
