"""wage_report on a million rows, against plain-Python loops doing the same accounting.

Two baselines run in the same session:

* ``plain_python_report``: the script someone would write instead of the library:
  rows as dicts (as ``csv.DictReader`` or a JSON export gives them) with aware
  datetimes, an end computed per row, a check that no span overlaps the previous
  one, seconds summed per activity and rewards per currency (earned and forgone).
* ``lean_loop_report``: the same sums over tuples of plain ints and floats, with
  no datetimes, no overlap check and one currency: a lower bound on what any
  row-by-row Python loop can do.

Both are checked against the library's answer.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import numpy as np
import pytest

import labourchain as lc

N_ROWS = 1_000_000
PAID, REJECTED, RETURNED = 0, 1, 2
NAMES = [a.value for a in lc.Activity]
GROUP = f"wage_report, {N_ROWS:,} rows"


def plain_python_report(rows: list[dict[str, Any]]) -> dict[str, float]:
    seconds: dict[str, float] = {}
    gross: dict[str, float] = {}
    forgone: dict[str, float] = {}
    last_end = None
    for row in rows:
        start = row["start"]
        end = start + timedelta(minutes=row["minutes"])
        if last_end is not None and start < last_end:
            raise ValueError("overlapping spans: the loop cannot share them")
        last_end = end
        activity = row["activity"]
        seconds[activity] = seconds.get(activity, 0.0) + (end - start).total_seconds()
        if activity == "paid":
            gross[row["currency"]] = gross.get(row["currency"], 0.0) + row["reward"]
        elif row["reward"] is not None:
            forgone[row["currency"]] = forgone.get(row["currency"], 0.0) + row["reward"]
    total_hours = sum(seconds.values()) / 3600.0
    return {
        "gross": gross["USD"],
        "forgone": forgone["USD"],
        "paid_hourly": gross["USD"] / (seconds["paid"] / 3600.0),
        "effective_hourly": gross["USD"] / total_hours,
    }


def lean_loop_report(rows: list[tuple[int, float, int, float]]) -> dict[str, float]:
    seconds_by_activity = [0.0] * len(NAMES)
    gross = forgone = 0.0
    for _start, minutes, activity, reward in rows:
        seconds_by_activity[activity] += minutes * 60.0
        if activity == PAID:
            gross += reward
        elif activity in (REJECTED, RETURNED) and not math.isnan(reward):
            forgone += reward
    total = sum(seconds_by_activity) / 3600.0
    return {"gross": gross, "forgone": forgone, "effective_hourly": gross / total}


@pytest.fixture(scope="module")
def dict_rows(columns: dict[str, np.ndarray]) -> list[dict[str, Any]]:
    tz = timezone(timedelta(hours=3))
    epoch = datetime(1970, 1, 1, tzinfo=UTC)
    rows = []
    for start, minutes, activity, reward in zip(
        columns["start"].tolist(),
        columns["minutes"].tolist(),
        columns["activity"].tolist(),
        columns["reward"].tolist(),
        strict=True,
    ):
        has_reward = not math.isnan(reward)
        rows.append(
            {
                "start": (epoch + timedelta(microseconds=start)).astimezone(tz),
                "minutes": minutes,
                "activity": NAMES[activity],
                "reward": reward if has_reward else None,
                "currency": "USD" if has_reward else None,
            }
        )
    return rows


@pytest.fixture(scope="module")
def tuple_rows(columns: dict[str, np.ndarray]) -> list[tuple[int, float, int, float]]:
    return list(
        zip(
            columns["start"].tolist(),
            columns["minutes"].tolist(),
            columns["activity"].tolist(),
            columns["reward"].tolist(),
            strict=True,
        )
    )


@pytest.mark.benchmark(group=GROUP)
def test_labourchain_wage_report(benchmark: Any, big_log: lc.WorkLog) -> None:
    report = benchmark(lc.wage_report, big_log)
    assert report.rows == N_ROWS
    benchmark.extra_info["rows_per_second"] = N_ROWS / benchmark.stats.stats.median


@pytest.mark.benchmark(group=GROUP)
def test_plain_python_dict_loop(
    benchmark: Any, dict_rows: list[dict[str, Any]], big_log: lc.WorkLog
) -> None:
    result = benchmark.pedantic(plain_python_report, args=(dict_rows,), rounds=3, iterations=1)
    report = lc.wage_report(big_log)
    assert result["gross"] == pytest.approx(report.gross.magnitude)
    assert result["forgone"] == pytest.approx(report.forgone.magnitude)
    assert result["effective_hourly"] == pytest.approx(report.effective_hourly.magnitude)
    assert result["paid_hourly"] == pytest.approx(report.paid_hourly.magnitude)
    benchmark.extra_info["rows_per_second"] = N_ROWS / benchmark.stats.stats.median


@pytest.mark.benchmark(group=GROUP)
def test_lean_python_tuple_loop(benchmark: Any, tuple_rows: list[Any], big_log: lc.WorkLog) -> None:
    result = benchmark.pedantic(lean_loop_report, args=(tuple_rows,), rounds=3, iterations=1)
    report = lc.wage_report(big_log)
    assert result["effective_hourly"] == pytest.approx(report.effective_hourly.magnitude)
    benchmark.extra_info["rows_per_second"] = N_ROWS / benchmark.stats.stats.median


@pytest.mark.benchmark(group=f"overlap sweep, {N_ROWS:,} overlapping rows")
def test_overlapping_log(benchmark: Any, make_columns: Any) -> None:
    cols = make_columns(N_ROWS, seed=2, overlapping=True)
    log = lc.WorkLog.from_arrays(
        start=cols["start"],
        minutes=cols["minutes"],
        activity=cols["activity"],
        reward=cols["reward"],
        currency="USD",
    )
    report = benchmark(lc.wage_report, log)
    # Every span overlaps the next: the union is shorter than the sum of the spans.
    assert report.total_time.magnitude < log.total_minutes / 60


@pytest.mark.benchmark(group=f"from_arrays (validation), {N_ROWS:,} rows")
def test_from_arrays(benchmark: Any, columns: dict[str, np.ndarray]) -> None:
    log = benchmark(
        lc.WorkLog.from_arrays,
        start=columns["start"],
        minutes=columns["minutes"],
        activity=columns["activity"],
        reward=columns["reward"],
        currency="USD",
    )
    assert len(log) == N_ROWS
