"""The pictures tell the truth: order-free waterfall steps, and a week drawn on its own clocks."""

from __future__ import annotations

import importlib.util
import subprocess
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import labourchain as lc
from labourchain import Activity, plot

UNPAID = [a for a in Activity if not a.is_paid]

needs_matplotlib = pytest.mark.skipif(
    importlib.util.find_spec("matplotlib") is None, reason="needs the plot extra"
)


def _log(minutes: dict[Activity, float], paid: float = 60.0, reward: float = 6.0) -> lc.WorkLog:
    t = datetime.fromisoformat("2024-03-04T08:00:00+03:00")
    rows = [{"start": t.isoformat(), "minutes": paid, "activity": "paid", "reward": reward,
             "currency": "USD"}]  # fmt: skip
    t += timedelta(minutes=paid)
    for activity, m in minutes.items():
        row: dict[str, object] = {"start": t.isoformat(), "minutes": m, "activity": activity.value}
        rows.append(row)
        t += timedelta(minutes=m)
    return lc.WorkLog.from_records(rows)


def test_three_equal_spans_make_three_equal_steps() -> None:
    # The example: 20 min each rejected, search and waiting, after an hour of paid
    # work worth $6. From $6/h to 6 / 2 = $3/h: each of the three takes $1/h. (In time order
    # they used to show as -0.67, -0.35 and -0.15... whichever came first looked worst.)
    log = _log({Activity.REJECTED: 20, Activity.SEARCH: 20, Activity.WAITING: 20})
    steps = plot.waterfall_steps(lc.wage_report(log))
    changes = [s.change for s in steps if s.kind == "time"]
    assert changes == pytest.approx([-1.0, -1.0, -1.0])
    assert steps[0].value == pytest.approx(6.0)
    assert steps[-1].value == pytest.approx(3.0)


@settings(max_examples=40, deadline=None)
@given(
    minutes=st.lists(st.integers(1, 300), min_size=1, max_size=len(UNPAID)),
    order=st.permutations(range(len(UNPAID))),
    fee=st.floats(0.0, 0.5),
)
def test_permuting_activities_leaves_each_step_unchanged(
    minutes: list[int], order: list[int], fee: float
) -> None:
    # The same hours given to other activities, in another order: each step keeps its size
    # (it depends on its hours alone), and the steps still add up to the whole drop.
    platform = lc.Platform(name="P", worker_fee=fee)
    first = dict(zip(UNPAID, minutes, strict=False))
    other = dict(zip([UNPAID[i] for i in order], minutes, strict=False))
    a = lc.wage_report(_log(first), platform=platform)
    b = lc.wage_report(_log(other), platform=platform)
    by_hours_a = sorted(
        (round(first[act] / 60, 9), s) for act, s in zip(first, _steps_of(a, first), strict=True)
    )
    by_hours_b = sorted(
        (round(other[act] / 60, 9), s) for act, s in zip(other, _steps_of(b, other), strict=True)
    )
    for (ha, sa), (hb, sb) in zip(by_hours_a, by_hours_b, strict=True):
        assert ha == hb
        assert sa == pytest.approx(sb, rel=1e-9, abs=1e-12)
    steps = plot.waterfall_steps(a)
    assert steps[-1].value == pytest.approx(steps[0].value + sum(s.change for s in steps[1:-1]))
    assert a.effective_hourly is not None
    assert steps[-1].value == pytest.approx(a.effective_hourly.magnitude)
    # Equal hours, equal steps.
    total_unpaid = sum(minutes)
    drop = 6.0 / ((60 + total_unpaid) / 60) - 6.0
    for act, m in first.items():
        assert _steps_of(a, {act: m})[0] == pytest.approx(drop * m / total_unpaid)


def _steps_of(report: lc.WageReport, minutes: dict[Activity, int]) -> list[float]:
    steps = [s for s in plot.waterfall_steps(report) if s.kind == "time"]
    return [
        next(s.change for s in steps if s.label.startswith(f"{plot._LABELS[a]}, ")) for a in minutes
    ]


@needs_matplotlib
def test_the_waterfall_says_how_steps_are_computed(tmp_path: Path) -> None:
    log = _log({Activity.REJECTED: 20, Activity.SEARCH: 20, Activity.WAITING: 20})
    fig = plot.waterfall(lc.wage_report(log), path=tmp_path / "w.png")
    caption = " ".join(t.get_text() for t in fig.texts)
    assert "in proportion to their hours" in caption
    assert "whatever the order" in caption


# ---------------------------------------------------------------- the week timeline


def _bars(fig: object, height: float) -> list[tuple[float, float, float]]:
    """(y, left, width) of the horizontal bars of a given height."""
    from matplotlib.patches import Rectangle

    out = []
    for patch in fig.axes[0].patches:  # type: ignore[attr-defined]
        if isinstance(patch, Rectangle) and patch.get_height() == pytest.approx(height):
            out.append((patch.get_y() + height / 2, patch.get_x(), patch.get_width()))
    return out


def _caption(fig: object) -> str:
    return " ".join(t.get_text() for t in fig.texts).replace("\n", " ")  # type: ignore[attr-defined]


def _row(start: str, minutes: float, activity: str = "search") -> dict[str, object]:
    row: dict[str, object] = {"start": start, "minutes": minutes, "activity": activity}
    if activity == "paid":
        row.update(reward=1.0, currency="USD")
    return row


@needs_matplotlib
@pytest.mark.parametrize("tz", [None, "Europe/Berlin"])
def test_each_row_is_drawn_at_its_own_offset_across_a_clock_change(tz: str | None) -> None:
    # Berlin moves to summer time on Sunday 30 March 2025. A Monday task at 09:00+01:00 and
    # a Sunday task at 21:00+02:00 are drawn at 09:00 and 21:00 (not 20:00 on the first
    # row's offset).
    log = lc.WorkLog.from_records(
        [
            _row("2025-03-24T09:00:00+01:00", 60, "paid"),
            _row("2025-03-30T21:00:00+02:00", 60, "paid"),
        ]
    )
    fig = plot.week_timeline(log, tz=tz)
    bars = sorted(_bars(fig, 0.5))
    assert [(round(y - 0.1), left, width) for y, left, width in bars] == [
        (0, pytest.approx(9.0), pytest.approx(1.0)),
        (6, pytest.approx(21.0), pytest.approx(1.0)),
    ]
    label = fig.axes[0].get_xlabel()
    assert ("UTC+01:00" in label and "UTC+02:00" in label) if tz is None else tz in label


@needs_matplotlib
def test_the_footer_counts_overlapping_time_once_as_the_report_does() -> None:
    # Two searches open together for half an hour: 1.5 h of time, not 2 h.
    log = lc.WorkLog.from_records(
        [
            _row("2024-07-01T10:00:00+03:00", 60),
            _row("2024-07-01T10:30:00+03:00", 60),
            _row("2024-07-01T23:00:00+03:00", 120),
            _row("2024-07-01T23:30:00+03:00", 30),  # inside the previous one, at night
        ]
    )
    report = lc.wage_report(log, currency="USD")
    assert report.total_time.magnitude == pytest.approx(3.5)
    caption = _caption(plot.week_timeline(log, tz="Africa/Nairobi"))
    assert "This week: 3.5 h logged" in caption
    assert "2.0 h of them at local night" in caption  # 23:00-01:00 once, not 2.5 h


@needs_matplotlib
@pytest.mark.parametrize(
    ("tz", "day", "expected"),
    [
        # New York in summer (EDT, UTC-4) to Nairobi (UTC+3): 16:00-01:00.
        ("Africa/Nairobi", "2024-07-01", "09:00-18:00 in New York is 16:00-01:00 in Nairobi"),
        # In winter (EST, UTC-5): 17:00-02:00.
        ("Africa/Nairobi", "2024-01-08", "09:00-18:00 in New York is 17:00-02:00 in Nairobi"),
        # Manila (UTC+8) in summer: 21:00-06:00.
        ("Asia/Manila", "2024-07-01", "09:00-18:00 in New York is 21:00-06:00 in Manila"),
    ],
)
def test_the_client_hours_sentence_is_true_for_the_chart(tz: str, day: str, expected: str) -> None:
    log = lc.WorkLog.from_records([_row(f"{day}T10:00:00+00:00", 60)])
    caption = _caption(plot.week_timeline(log, tz=tz))
    assert expected in caption
    if "Nairobi" not in expected or "17:00" in expected:
        assert "16:00-01:00 in Nairobi" not in caption


@needs_matplotlib
def test_client_hours_in_another_time_zone() -> None:
    # London clients, a Nairobi worker in July: 09:00-18:00 BST (UTC+1) is 11:00-20:00.
    log = lc.WorkLog.from_records([_row("2024-07-01T10:00:00+03:00", 60)])
    fig = plot.week_timeline(log, tz="Africa/Nairobi", client_tz="Europe/London")
    posted = sorted(_bars(fig, 0.16))
    assert len(posted) == 5
    assert all(left == pytest.approx(11.0) and w == pytest.approx(9.0) for _, left, w in posted)
    assert "09:00-18:00 in London is 11:00-20:00 in Nairobi" in _caption(fig)
    legend = " ".join(t.get_text() for t in fig.axes[0].get_legend().get_texts())
    assert "London" in legend
    assert "New York" not in _caption(fig) + legend
    with pytest.raises(lc.errors.UnknownTimezoneError):
        plot.week_timeline(log, client_tz="Mars/Olympus")


@needs_matplotlib
def test_cli_client_tz(
    run_cli: Callable[..., subprocess.CompletedProcess[str]], tmp_path: Path
) -> None:
    path = tmp_path / "log.csv"
    lc.WorkLog.from_records([_row("2024-07-01T10:00:00+03:00", 60, "paid")]).to_csv(path)
    out = tmp_path / "t.png"
    result = run_cli(
        "wage", str(path), "--timeline", str(out), "--tz", "Africa/Nairobi",
        "--client-tz", "Europe/London",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"\x89PNG")
    bad = run_cli("wage", str(path), "--timeline", str(out), "--client-tz", "Mars/Olympus")
    assert bad.returncode == 2
    assert "--client-tz" in bad.stderr
    assert "Traceback" not in bad.stderr


@needs_matplotlib
def test_the_client_hours_sentence_names_the_offset_in_force_without_a_zone() -> None:
    # A Berlin log written at +01:00 in the week before the change: New York is already on
    # summer time (UTC-4) from 9 March 2025, so 09:00-18:00 there is 14:00-23:00 at +01:00.
    log = lc.WorkLog.from_records(
        [_row("2025-03-24T09:00:00+01:00", 60), _row("2025-03-30T21:00:00+02:00", 60)]
    )
    caption = _caption(plot.week_timeline(log))
    assert "09:00-18:00 in New York is 14:00-23:00 in UTC+01:00" in caption
