"""Pictures: the waterfall's numbers (no matplotlib needed) and the files drawn."""

from __future__ import annotations

import importlib.util
import sys
from datetime import date
from importlib import resources
from pathlib import Path

import numpy as np
import pytest

import labourchain as lc
from labourchain import plot
from labourchain.errors import CurrencyMismatchError, InvalidInputError
from labourchain.reference import exchange_rates, reference_wage

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def log() -> lc.WorkLog:
    source = resources.files("labourchain").joinpath("data/examples/remotasks-caracas-week.csv")
    with resources.as_file(source) as path:
        return lc.WorkLog.from_csv(path)


@pytest.fixture(scope="module")
def report(log: lc.WorkLog) -> lc.WageReport:
    return lc.wage_report(
        log,
        platform=lc.platforms.get("clickworker"),
        currency="USD",
        rates=exchange_rates(on=date(2024, 3, 4)),
        reference=lc.money(1.2, "USD") / lc.Q_(1, "hour"),
    )


def test_waterfall_steps_go_from_paid_rate_to_effective_wage(report: lc.WageReport) -> None:
    steps = plot.waterfall_steps(report)
    assert steps[0].kind == "start"
    assert steps[0].value == pytest.approx(report.gross.magnitude / report.paid_time.magnitude)
    assert steps[-1].kind == "end"
    assert report.effective_hourly is not None
    assert steps[-1].value == pytest.approx(report.effective_hourly.magnitude)
    middle = steps[1:-1]
    assert all(s.change <= 0 for s in middle)  # unpaid time and fees only lower the wage
    assert sum(s.change for s in middle) == pytest.approx(steps[-1].value - steps[0].value)
    assert any("payout" in s.label for s in middle)
    assert any(s.label.startswith("searching for tasks") for s in middle)


def test_waterfall_with_an_advertised_rate(report: lc.WageReport) -> None:
    steps = plot.waterfall_steps(report, advertised=lc.money(3, "USD") / lc.Q_(1, "hour"))
    assert steps[0].label == "advertised task rate"
    assert steps[0].value == pytest.approx(3)
    with pytest.raises(InvalidInputError, match="advertised"):
        plot.waterfall_steps(report, advertised=lc.money(3, "EUR") / lc.Q_(1, "hour"))


def test_waterfall_steps_with_a_policy_that_leaves_time_out(log: lc.WorkLog) -> None:
    report = lc.wage_report(log, policy=lc.AccountingPolicy.task_time_only())
    steps = plot.waterfall_steps(report)
    assert report.effective_hourly is not None
    assert steps[-1].value == pytest.approx(report.effective_hourly.magnitude)
    # Activities the policy leaves out have no step: only paid and rejected time counts.
    assert not any(s.label.startswith(("searching", "waiting")) for s in steps)


def test_no_paid_time_starts_and_ends_at_zero() -> None:
    """A day of search and no paid work is a valid day (issue #11, item 14)."""
    log = lc.WorkLog.from_records(
        [
            {"start": "2024-03-04T21:00:00+03:00", "minutes": 12, "activity": "search"},
            {"start": "2024-03-04T21:12:00+03:00", "minutes": 30, "activity": "waiting"},
        ]
    )
    steps = plot.waterfall_steps(lc.wage_report(log, currency="USD"))
    assert [s.kind for s in steps] == ["start", "time", "time", "end"]
    assert [s.value for s in steps] == [0.0, 0.0, 0.0, 0.0]
    assert "0.2 h unpaid" in steps[1].label
    assert "0.5 h unpaid" in steps[2].label


# ---------------------------------------------------------------- pictures

needs_matplotlib = pytest.mark.skipif(
    importlib.util.find_spec("matplotlib") is None, reason="needs matplotlib (the plot extra)"
)


def test_missing_matplotlib_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    with pytest.raises(plot.MissingDependencyError) as info:
        plot.require_matplotlib()
    # labourchain is not on PyPI: name commands that work (issue #11, item 16)
    assert "pip install matplotlib" in str(info.value)
    assert "pip install '.[plot]'" in str(info.value)
    assert "labourchain[" not in str(info.value)
    with pytest.raises(ImportError):
        plot.wage_distribution([1.0, 2.0], currency="USD")


def _png(path: Path) -> None:
    data = path.read_bytes()
    assert data.startswith(PNG)
    assert len(data) > 20_000  # a drawn picture, not an empty canvas


@needs_matplotlib
def test_waterfall_picture(report: lc.WageReport, tmp_path: Path) -> None:
    fig = plot.waterfall(report, path=tmp_path / "w.png", subtitle="example")
    _png(tmp_path / "w.png")
    texts = [t.get_text() for ax in fig.axes for t in ax.texts] + [t.get_text() for t in fig.texts]
    assert any("Sources:" in t for t in texts)
    assert fig.axes[0].get_ylabel() == "USD per hour"


@needs_matplotlib
def test_week_timeline_picture(log: lc.WorkLog, tmp_path: Path) -> None:
    fig = plot.week_timeline(log, tz="America/Caracas", path=tmp_path / "t.png")
    _png(tmp_path / "t.png")
    assert "America/Caracas" in fig.axes[0].get_xlabel()
    fixed = plot.week_timeline(log, path=tmp_path / "t2.svg")
    assert "UTC-04:00" in fixed.axes[0].get_xlabel()
    assert (tmp_path / "t2.svg").read_text().lstrip().startswith("<?xml")
    with pytest.raises(InvalidInputError):
        plot.week_timeline(lc.WorkLog.empty())


@needs_matplotlib
def test_week_timeline_with_a_demand_schedule(log: lc.WorkLog, tmp_path: Path) -> None:
    from labourchain.schedule import WeeklySchedule

    tokyo = WeeklySchedule.business_hours("Asia/Tokyo")
    plot.week_timeline(log, tz="America/Caracas", demand=tokyo, path=tmp_path / "tokyo.png")
    _png(tmp_path / "tokyo.png")
    from labourchain.demand import DemandProfile

    fig = plot.week_timeline(log, tz="America/Caracas", demand=DemandProfile.us_business_hours())
    assert "tasks posted 45 h" in fig.texts[-1].get_text()
    with pytest.raises(InvalidInputError, match="demand"):
        plot.week_timeline(log, demand="9 to 5")


@needs_matplotlib
def test_wage_distribution_picture(tmp_path: Path) -> None:
    wages = np.random.default_rng(1).lognormal(0, 0.7, 2000)
    ke = reference_wage("KE", on=date(2025, 1, 1))
    rates = exchange_rates(on=date(2025, 1, 1))
    fig = plot.wage_distribution(
        wages, ke, currency="USD", rates=rates, path=tmp_path / "d.png", source="test"
    )
    _png(tmp_path / "d.png")
    texts = " ".join(t.get_text() for t in fig.axes[0].texts)
    below = np.mean(wages < rates.convert(ke.hourly, "USD").magnitude)
    assert f"{100 * below:.0f} % of workers earn less" in texts
    quantity = lc.Q_(wages, "USD/hour")
    plot.wage_distribution(quantity, lc.money(1, "USD") / lc.Q_(1, "hour"))
    with pytest.raises(InvalidInputError, match="currency="):
        plot.wage_distribution(wages)
    with pytest.raises(CurrencyMismatchError, match="rates="):
        plot.wage_distribution(wages, ke, currency="USD")


@needs_matplotlib
def test_week_timeline_counts_night_hours(tmp_path: Path) -> None:
    # Thursday 4 July 2024, Nairobi: 21:00 to 02:00, across midnight
    log = lc.WorkLog.from_records(
        [
            {
                "start": "2024-07-04T21:00:00+03:00",
                "minutes": 300,
                "activity": "paid",
                "reward": 5,
                "currency": "USD",
            }
        ]
    )
    fig = plot.week_timeline(log, tz="Africa/Nairobi", path=tmp_path / "n.png")
    caption = fig.texts[-1].get_text()
    assert "5.0 h logged (1 of the log's 1 entries), 4.0 h of them at local night" in caption
    # US business hours in July (EDT) are 16:00-01:00 in Nairobi: 3 h a day of it at night
    assert "tasks posted 45 h, 15 h of them at the worker's night" in caption
