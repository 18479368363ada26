"""Fixtures shared by the benchmarks: a large synthetic log, built once."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import labourchain as lc

N_ROWS = 1_000_000


def synthetic_columns(n: int, *, seed: int = 1, overlapping: bool = False) -> dict[str, np.ndarray]:
    """Columns of a log of ``n`` spans: a worker's years of search, tasks and waiting."""
    rng = np.random.default_rng(seed)
    minutes = rng.integers(1, 30, size=n).astype(np.float64)
    activity = rng.choice(9, size=n, p=[0.45, 0.03, 0.07, 0.3, 0.02, 0.02, 0.08, 0.02, 0.01])
    gaps = rng.integers(0, 5, size=n) * 60_000_000
    step = (minutes * 60_000_000).astype(np.int64) + gaps
    if overlapping:
        step //= 2  # every span starts before the previous one ends
    start = 1_700_000_000_000_000 + np.concatenate([[0], np.cumsum(step)[:-1]])
    task_work = activity <= 2
    reward = np.where(task_work, np.round(rng.uniform(0.05, 3.0, size=n), 2), np.nan)
    return {
        "start": start.astype(np.int64),
        "minutes": minutes,
        "activity": activity.astype(np.int8),
        "reward": reward,
    }


@pytest.fixture(scope="session")
def make_columns() -> Any:
    """The column generator, for benchmarks that need other shapes."""
    return synthetic_columns


@pytest.fixture(scope="session")
def columns() -> dict[str, np.ndarray]:
    return synthetic_columns(N_ROWS)


@pytest.fixture(scope="session")
def big_log(columns: dict[str, np.ndarray]) -> lc.WorkLog:
    return lc.WorkLog.from_arrays(
        start=columns["start"],
        minutes=columns["minutes"],
        activity=columns["activity"],
        reward=columns["reward"],
        currency="USD",
        offset_s=3 * 3600,
    )


@pytest.fixture(scope="session")
def worker_week_models() -> Any:
    """``benchmarks/_mesa_model.py`` (plain-Python and Mesa worker weeks), loaded by path."""
    import importlib.util
    import pathlib
    import sys

    pytest.importorskip("mesa")
    path = pathlib.Path(__file__).with_name("_mesa_model.py")
    spec = importlib.util.spec_from_file_location("_labourchain_bench_mesa_model", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module
