"""The event-level week (labourchain.simulate.simulate_week)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import attrs
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from labourchain import Activity, cases
from labourchain.errors import InvalidInputError
from labourchain.schedule import WeeklySchedule, night_share
from labourchain.simulate import simulate_week

CASES = cases.names()


def _rows(log):  # type: ignore[no-untyped-def]
    start = log.start_us
    return start, start + np.rint(log.minutes * 60e6).astype(np.int64)


def test_same_seed_same_week_and_another_seed_another() -> None:
    s = cases.load("maria")
    a, b = simulate_week(None, s, seed=5), simulate_week(None, s, seed=5)
    assert a.log == b.log
    assert a.report == b.report
    assert simulate_week(None, s, seed=6).log != a.log


@settings(max_examples=16, deadline=None)
@given(name=st.sampled_from(CASES), seed=st.integers(0, 2**32 - 1))
def test_time_is_conserved_and_within_availability(name: str, seed: int) -> None:
    s = cases.load(name)
    week = simulate_week(None, s, seed=seed)
    log, report = week.log, week.report
    available = s.availability.hours_in(s.week_of).to("minute").magnitude
    # Every online minute is logged once: paid + unpaid = time logged on = availability.
    assert log.total_minutes == pytest.approx(available, abs=1e-6)
    total = report.paid_time + report.unpaid_time
    assert total.to("minute").magnitude == pytest.approx(available, abs=1e-6)
    assert sum(t.to("minute").magnitude for t in report.time_by_activity.values()) == (
        pytest.approx(available, abs=1e-6)
    )
    # Rows never overlap and never leave the availability intervals.
    start, end = _rows(log)
    order = np.lexsort((end, start))  # ties (zero-length rows) by end: numpy's sorts differ
    assert np.all(start[order][1:] >= end[order][:-1])
    epoch = datetime(1970, 1, 1, tzinfo=UTC)
    spans = [
        ((a - epoch) // timedelta(microseconds=1), (b - epoch) // timedelta(microseconds=1))
        for a, b in s.availability.intervals(s.week_of)
    ]
    inside = np.zeros(len(log), dtype=bool)
    for a, b in spans:
        inside |= (start >= a) & (end <= b)
    assert inside.all()
    assert week.tasks == len({t for t in log.task_id if t})


def test_night_share_agrees_with_the_schedule_module() -> None:
    s = cases.load("oskarina")
    week = simulate_week(None, s, seed=3)
    log = week.log
    task = np.isin(log.activity, [0, 1, 2])
    epoch = datetime(1970, 1, 1, tzinfo=UTC)
    starts = log.start_us[task]
    ends = starts + np.rint(log.minutes[task] * 60e6).astype(np.int64)
    intervals = [
        (epoch + timedelta(microseconds=int(a)), epoch + timedelta(microseconds=int(b)))
        for a, b in zip(starts, ends, strict=True)
    ]
    expected = night_share(intervals, s.worker.timezone)
    assert 0 < week.night_share < 1
    # night_share reads instants to the whole second: up to a second per row of difference.
    tolerance = 2 * len(intervals) / float(np.sum(ends - starts) / 1e6)
    assert week.night_share == pytest.approx(expected, abs=tolerance)


def test_salaried_hourly_equivalent_and_payout_rules() -> None:
    s = cases.load("sama")
    report = simulate_week(None, s, seed=1).report
    # Every hour of the shift is an hour of paid work at the client's price, of which the
    # agent keeps 1 - 0.8896: her hourly equivalent is about $1.38 (TIME, Perrigo 2023).
    assert report.unpaid_time.magnitude == pytest.approx(0.0, abs=1e-9)
    assert report.paid_hourly.magnitude == pytest.approx(1.38, rel=0.1)
    assert (report.net / report.gross).magnitude == pytest.approx(1 - 0.8896, rel=1e-9)


def test_payout_minimum_carries_a_small_balance() -> None:
    s = cases.load("astro")
    tight = attrs.evolve(s, platforms=[attrs.evolve(s.platforms[0], payout_minimum=1e6)])
    report = simulate_week(None, tight, seed=2).report
    assert report.carried == report.net
    # Carried, it is valued net of what paying it out costs (astro: a 2 % spread).
    spread = tight.platforms[0].fx_spread
    assert spread > 0
    assert report.payout_fees.magnitude == pytest.approx(
        spread * (report.gross - report.platform_fees).magnitude
    )


def test_another_worker_is_simulated_in_her_own_availability() -> None:
    s = cases.load("eduardo")
    nights = WeeklySchedule.parse("Mon-Fri 21:00-05:00", tz="Asia/Manila")
    worker = attrs.evolve(s.worker, availability=nights)
    week = simulate_week(worker, s, seed=4)
    assert week.log.total_minutes == pytest.approx(40 * 60)
    assert week.night_share > 0.5
    assert week.report.time_by_activity[Activity.PAID].magnitude > 0


def test_bad_arguments() -> None:
    with pytest.raises(InvalidInputError, match="Scenario"):
        simulate_week(None, "eduardo", seed=1)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="Worker"):
        simulate_week("Eduardo", cases.load("eduardo"), seed=1)  # type: ignore[arg-type]


def test_no_demand_in_her_hours_means_waiting_and_no_hours_means_no_log() -> None:
    s = cases.load("maria")
    night = WeeklySchedule.parse("Mon-Fri 00:00-05:00", tz="America/Caracas")
    misaligned = attrs.evolve(
        s,
        worker=attrs.evolve(s.worker, availability=night),
        demand=attrs.evolve(s.demand, half_life_hours=0.0, background=0.0),
    )
    # US business hours never reach Caracas at night: with no backlog she only waits.
    report = simulate_week(None, misaligned, seed=1).report
    assert report.time_by_activity[Activity.WAITING].magnitude == pytest.approx(24.0)
    assert report.time_by_activity[Activity.TRAINING].magnitude == pytest.approx(1.0)
    assert report.effective_hourly.magnitude == 0.0
    empty = attrs.evolve(
        s, worker=attrs.evolve(s.worker, availability=WeeklySchedule.empty("America/Caracas"))
    )
    week = simulate_week(None, empty, seed=1)
    assert len(week.log) == 0
    assert week.report.effective_hourly is None
