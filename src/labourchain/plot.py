"""Pictures for people who would rather look than read (needs the ``plot`` extra: matplotlib).

* :func:`waterfall`: from the pay for approved task time down to the effective
  hourly wage, one step for each unpaid activity, fees and payout costs;
* :func:`week_timeline`: a week of work in the worker's local time, night hours
  shaded and US business hours (when tasks are posted) overlaid;
* :func:`wage_distribution`: a population's effective hourly wages against a
  minimum wage;
* :func:`fit_distribution`: a calibrated population's wage distributions with
  the published figures it was fitted to.

Each function returns a :class:`matplotlib.figure.Figure` and, given ``path``,
saves it (PNG, SVG or PDF by the file's suffix). Figures are built without
``pyplot``, so no window opens and no global state changes; matplotlib is
imported only when a picture is drawn. The numbers behind the waterfall are
available without matplotlib from :func:`waterfall_steps`.
"""

from __future__ import annotations

import functools
import math
import os
import textwrap
from collections.abc import Sequence
from datetime import date, datetime, timedelta, timezone, tzinfo
from typing import TYPE_CHECKING, Any, Final
from zoneinfo import ZoneInfo

import attrs
import numpy as np
import numpy.typing as npt

from labourchain._validate import check_timezone
from labourchain.accounting import WageReport
from labourchain.activity import Activity
from labourchain.errors import CurrencyMismatchError, InvalidInputError, MissingDependencyError
from labourchain.units import Q_, ExchangeRates, Quantity, currency_of, is_money
from labourchain.worklog import WorkLog

if TYPE_CHECKING:
    from matplotlib.figure import Figure  # type: ignore[import-not-found, unused-ignore]

__all__ = (
    "MissingDependencyError",
    "WaterfallStep",
    "fit_distribution",
    "require_matplotlib",
    "wage_distribution",
    "waterfall",
    "waterfall_steps",
    "week_timeline",
)

COLOURS: Final[dict[Activity, str]] = {
    Activity.PAID: "#2a9d8f",
    Activity.REJECTED: "#d62828",
    Activity.RETURNED: "#f77f00",
    Activity.SEARCH: "#fcbf49",
    Activity.QUALIFICATION: "#9d4edd",
    Activity.TRAINING: "#c77dff",
    Activity.WAITING: "#8d99ae",
    Activity.ADMIN: "#5c677d",
    Activity.OUTAGE: "#212529",
}
_LABELS: Final[dict[Activity, str]] = {
    Activity.PAID: "paid task work",
    Activity.REJECTED: "rejected work",
    Activity.RETURNED: "returned or abandoned tasks",
    Activity.SEARCH: "searching for tasks",
    Activity.QUALIFICATION: "unpaid qualification tests",
    Activity.TRAINING: "unpaid training",
    Activity.WAITING: "waiting for tasks",
    Activity.ADMIN: "payments, messages, disputes",
    Activity.OUTAGE: "power or connection cuts",
}
_DAYS: Final = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _plain(text: str) -> str:
    """Text drawn as written: matplotlib would read "$1.50-3$" as mathematics."""
    return text.replace("$", r"\$")


def require_matplotlib() -> None:
    """Check that matplotlib can be imported, before any work is done.

    Raises:
        MissingDependencyError: saying how to install it.
    """
    try:
        import matplotlib.figure  # type: ignore[import-not-found, unused-ignore]  # noqa: F401
    except ImportError:
        raise MissingDependencyError(
            "pictures need matplotlib, which is not installed: pip install matplotlib "
            "(or, in a clone of labourchain, pip install '.[plot]')"
        ) from None


def _figure(**kwargs: Any) -> Figure:
    require_matplotlib()
    from matplotlib.figure import Figure  # type: ignore[import-not-found, unused-ignore]

    return Figure(**kwargs)


def _save(fig: Figure, path: str | os.PathLike[str] | None) -> Figure:
    if path is not None:
        fig.savefig(os.fspath(path), dpi=150, bbox_inches="tight", metadata=_metadata(path))
    return fig


def _metadata(path: str | os.PathLike[str]) -> dict[str, str | None] | None:
    # Reproducible files: no creation date or software version in PNG/PDF/SVG metadata.
    suffix = os.fspath(path).rsplit(".", 1)[-1].lower()
    if suffix == "png":
        return {"Software": None}
    if suffix in {"pdf", "svg"}:
        return {"Creator": None, "Date": None} if suffix == "svg" else {"CreationDate": None}
    return None


def _caption(fig: Figure, lines: Sequence[str], width: int = 150) -> None:
    text = "\n".join(textwrap.fill(line, width) for line in lines if line)
    fig.text(
        0.01, -0.01, _plain(text), ha="left", va="top", fontsize=7, color="#444444", wrap=False
    )


# ---------------------------------------------------------------------- waterfall


@attrs.frozen(kw_only=True)
class WaterfallStep:
    """One bar of the waterfall: what the hourly wage is after this step.

    Attributes:
        label: What the step is ("searching for tasks, 10.6 h unpaid").
        value: The hourly wage after the step, in the report's currency per hour.
        change: ``value`` minus the previous step's value (0 for the first and last bars).
        kind: ``"start"``, ``"time"``, ``"fees"`` or ``"end"``.
    """

    label: str
    value: float
    change: float
    kind: str


def waterfall_steps(
    report: WageReport, *, advertised: Quantity | None = None
) -> list[WaterfallStep]:
    """The steps from the pay for approved task time to the effective hourly wage.

    The first bar is gross rewards per hour of approved work (or ``advertised``,
    a task's nominal hourly rate, if given, followed by the step to the pace
    actually worked). The unpaid time then lowers it to gross rewards per hour
    of all counted time, and platform fees and payout costs (withdrawal fees,
    conversion spreads, forfeited balances) to the report's effective hourly
    wage, the last bar.

    The steps do not depend on the order of the bars. The drop from the pay
    per paid hour to the pay per counted hour is shared among the unpaid
    activities in proportion to their hours, so every unpaid hour weighs the
    same: activity ``i`` with ``h_i`` of the ``U`` unpaid hours has the step
    ``(gross / (P + U) - gross / P) * h_i / U``. Each fee's step is the fee
    over all counted hours. Activities the accounting policy does not count
    have no step.

    A report without paid task time (a day of search and no work) is a valid
    report: its steps start at zero, each unpaid activity is shown with its
    hours, and the effective wage is zero.

    >>> import labourchain as lc
    >>> log = lc.WorkLog.from_records([
    ...     {"start": "2024-03-04T21:00:00+03:00", "minutes": 30, "activity": "search"},
    ...     {"start": "2024-03-04T21:30:00+03:00", "minutes": 30, "activity": "paid",
    ...      "reward": 1.50, "currency": "USD"},
    ... ])
    >>> for step in waterfall_steps(lc.wage_report(log)):
    ...     print(f"{step.label}: {step.value:.2f}")
    paid for approved task time: 3.00
    searching for tasks, 0.5 h unpaid: 1.50
    effective hourly wage: 1.50
    """
    code = report.currency
    paid_h = float(report.paid_time.to("hour").magnitude)
    if paid_h <= 0:
        return _unpaid_steps(report)
    gross = float(report.gross.to(code).magnitude)
    steps: list[WaterfallStep] = []
    current = gross / paid_h
    if advertised is not None:
        if not is_money(advertised) or currency_of(advertised) != code:
            raise InvalidInputError(
                f"advertised must be an hourly rate in {code} (the report's currency), "
                f"got {advertised!r}"
            )
        nominal = float(advertised.to(f"{code}/hour").magnitude)
        steps.append(
            WaterfallStep(label="advertised task rate", value=nominal, change=0.0, kind="start")
        )
        steps.append(
            WaterfallStep(
                label="actual pace on approved tasks",
                value=current,
                change=current - nominal,
                kind="time",
            )
        )
    else:
        steps.append(
            WaterfallStep(
                label="paid for approved task time", value=current, change=0.0, kind="start"
            )
        )
    total_h = float(report.total_time.to("hour").magnitude)
    unpaid = {
        activity: float(quantity.to("hour").magnitude)
        for activity, quantity in report.time_by_activity.items()
        if not activity.is_paid and activity not in report.not_counted
    }
    unpaid_h = sum(unpaid.values())
    drop = gross / total_h - gross / paid_h  # what all the unpaid time takes, per hour
    for activity, h in unpaid.items():
        if h <= 0:
            continue
        change = drop * h / unpaid_h
        current += change
        steps.append(
            WaterfallStep(
                label=f"{_LABELS[activity]}, {h:.1f} h unpaid",
                value=current,
                change=change,
                kind="time",
            )
        )
    for label, amount in (
        ("platform fees", report.platform_fees),
        ("payout fees and conversion costs", report.payout_fees),
    ):
        fee = float(amount.to(code).magnitude)
        if fee:
            change = -fee / total_h
            current += change
            steps.append(WaterfallStep(label=label, value=current, change=change, kind="fees"))
    effective = report.effective_hourly
    final = current if effective is None else float(effective.to(f"{code}/hour").magnitude)
    steps.append(WaterfallStep(label="effective hourly wage", value=final, change=0.0, kind="end"))
    return steps


def _unpaid_steps(report: WageReport) -> list[WaterfallStep]:
    """The steps of a report with no paid task time: zero throughout."""
    steps = [
        WaterfallStep(label="no approved task time", value=0.0, change=0.0, kind="start")
    ]
    for activity, quantity in report.time_by_activity.items():
        h = float(quantity.to("hour").magnitude)
        if not activity.is_paid and h > 0:
            steps.append(
                WaterfallStep(
                    label=f"{_LABELS[activity]}, {h:.1f} h unpaid", value=0.0, change=0.0,
                    kind="time",
                )
            )
    steps.append(WaterfallStep(label="effective hourly wage", value=0.0, change=0.0, kind="end"))
    return steps


def _signed(change: float) -> str:
    """A step's change for its label: two decimals, or as many as show a small one.

    >>> _signed(-0.6712), _signed(0.004), _signed(-0.0004), _signed(0.0)
    ('-0.67', '+0.004', '-0.0004', '+0.00')
    """
    if 0 < abs(change) < 0.005:
        decimals = min(6, max(3, -math.floor(math.log10(abs(change)))))
        return f"{change:+.{decimals}f}"
    return f"{change:+,.2f}"


def _level_text(label: str | None, level: float, code: str) -> str:
    """A reference's label and its level in the picture's currency, said once.

    >>> _level_text("1.2 USD/hour", 1.2, "USD")
    '1.20 USD/hour'
    >>> _level_text("minimum wage, Kenya", 0.51, "USD")
    'minimum wage, Kenya = 0.51 USD/hour'
    """
    amount = f"{level:,.2f} {code}/hour"
    if not label:
        return amount
    try:  # a label is free text; most are not quantities
        same: Any = Q_(label)
        if (
            is_money(same)
            and currency_of(same) == code
            and math.isclose(float(same.to(f"{code}/hour").magnitude), level, rel_tol=1e-9)
        ):
            return amount  # the label is this very amount: "1.2 USD/hour = 1.20 USD/hour"
    except Exception:
        pass
    return f"{label} = {amount}"


def waterfall(
    report: WageReport,
    *,
    path: str | os.PathLike[str] | None = None,
    advertised: Quantity | None = None,
    title: str | None = None,
    subtitle: str | None = None,
) -> Figure:
    """A waterfall from the pay for approved task time to the effective hourly wage.

    Args:
        report: The wage report.
        path: Where to save the picture (PNG, SVG or PDF), if anywhere.
        advertised: A task's nominal (advertised) hourly rate, to start from.
        title: The title (default says what the picture shows).
        subtitle: A second line, e.g. whose log this is.

    Raises:
        MissingDependencyError: if matplotlib is not installed.
        InvalidInputError: for a report without paid time.
    """
    steps = waterfall_steps(report, advertised=advertised)
    code = report.currency
    fig = _figure(figsize=(max(8.0, 1.05 * len(steps) + 1.5), 5.6), layout="constrained")
    ax = fig.add_subplot()
    x = np.arange(len(steps))
    previous = 0.0
    for i, step in enumerate(steps):
        if step.kind in {"start", "end"}:
            colour = "#264653" if step.kind == "end" else COLOURS[Activity.PAID]
            ax.bar(i, step.value, color=colour, width=0.7)
            ax.annotate(
                f"{step.value:,.2f}",
                (i, step.value),
                ha="center",
                va="bottom",
                fontsize=9,
                fontweight="bold",
                xytext=(0, 2),
                textcoords="offset points",
            )
        else:
            low, high = sorted((previous, step.value))
            colour = "#d62828" if step.change < 0 else "#2a9d8f"
            ax.bar(i, high - low, bottom=low, color=colour, width=0.7, alpha=0.85)
            below = step.change < 0
            ax.annotate(
                _signed(step.change),
                (i, low if below else high),
                ha="center",
                va="top" if below else "bottom",
                fontsize=8,
                color=colour,
                xytext=(0, -2 if below else 2),
                textcoords="offset points",
            )
        if i > 0:
            ax.plot([i - 1.35, i - 0.35], [previous, previous], color="#999999", lw=0.8)
        previous = step.value
    if report.reference is not None:
        level = float(report.reference.to(f"{code}/hour").magnitude)
        ax.axhline(level, color="#1d3557", ls="--", lw=1.2)
        ax.annotate(
            textwrap.fill(f"reference: {_level_text(report.reference_label, level, code)}", 70),
            (0.5, level),
            ha="left",
            va="bottom",
            fontsize=8,
            color="#1d3557",
            xytext=(4, 3),
            textcoords="offset points",
            bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none", "alpha": 0.85},
            zorder=5,
        )
    ax.set_xticks(x, [textwrap.fill(s.label, 13) for s in steps], fontsize=7.5)
    ax.set_ylabel(f"{code} per hour")
    ax.set_xlim(-0.6, len(steps) - 0.4)
    ax.set_ylim(0, max(s.value for s in steps) * 1.15 or 1.0)
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="y", color="#eeeeee")
    ax.set_axisbelow(True)
    fig.suptitle(
        _plain(title or "Where the hourly wage goes: every unpaid hour and fee counted"),
        fontsize=13,
        fontweight="bold",
    )
    if subtitle:
        ax.set_title(_plain(subtitle), fontsize=9, color="#444444")
    left_out = float(report.excluded_time.to("hour").magnitude)
    caption = [
        "How the steps are computed: the unpaid time lowers the pay per hour from gross "
        "rewards per paid hour to gross rewards per counted hour, and that drop is shared "
        "among the unpaid activities in proportion to their hours (every unpaid hour weighs "
        "the same, whatever the order of the bars); each fee's step is the fee divided by all "
        f"counted hours. {float(report.total_time.magnitude):,.1f} h counted, of which "
        f"{float(report.paid_time.magnitude):,.1f} h paid"
        + (f" ({left_out:,.1f} h logged but not counted)" if left_out > 0 else "")
        + f"; net earnings {float(report.net.magnitude):,.2f} {code}. Method: net earnings / "
        f"all counted time ({report.policy}).",
    ]
    if report.sources:
        caption.append("Sources: " + "; ".join(report.sources))
    caption.append("Made with labourchain.")
    _caption(fig, caption)
    return _save(fig, path)


# ---------------------------------------------------------------------- week timeline


class _Clock:
    """The wall clock a week is drawn on: an IANA zone, or the log's own UTC offsets.

    Without a zone, each instant is shown at the UTC offset of the log's row in
    force then (the latest to start at or before it; before the first row, the
    first row's), so a log written across a clock change is drawn as written.
    """

    def __init__(self, tz: str | None, log: WorkLog) -> None:
        self.zone: tzinfo | None = (
            None if tz is None else ZoneInfo(check_timezone(tz, "week_timeline(tz=...)"))
        )
        order = np.argsort(log.start_us, kind="stable")
        self._starts = log.start_us[order]
        self._offsets = log.offset_s[order].astype(np.int64)
        self.name = tz if tz is not None else self._offset_names()

    def _offset_names(self) -> str:
        names = [_offset_name(timezone(timedelta(seconds=int(o)))) for o in self._offsets]
        unique = list(dict.fromkeys(names))
        return unique[0] if len(unique) == 1 else "the log's own UTC offsets: " + ", ".join(unique)

    def _fixed(self, instant: datetime) -> timezone:
        us = round(instant.timestamp() * 1e6)
        i = max(0, int(np.searchsorted(self._starts, us, side="right")) - 1)
        return timezone(timedelta(seconds=int(self._offsets[i])))

    def local(self, instant: datetime) -> datetime:
        """Naive wall-clock time of an aware instant on this clock."""
        zone = self.zone if self.zone is not None else self._fixed(instant)
        return instant.astimezone(zone).replace(tzinfo=None)

    def where(self, instant: datetime) -> str:
        """The place or UTC offset of the clock at an instant, for a sentence."""
        if self.zone is None:
            return _offset_name(self._fixed(instant))
        return self.name.rsplit("/", 1)[-1].replace("_", " ")


def _split_days(start: datetime, end: datetime, monday: date) -> list[tuple[int, float, float]]:
    """(day index 0-6, start hour, end hour) pieces of a local span within the week."""
    pieces = []
    cursor = start
    while cursor < end:
        midnight = datetime.combine(cursor.date() + timedelta(days=1), datetime.min.time())
        midnight = midnight.replace(tzinfo=cursor.tzinfo)
        piece_end = min(end, midnight)
        day = (cursor.date() - monday).days
        if 0 <= day < 7:
            h0 = cursor.hour + cursor.minute / 60 + cursor.second / 3600
            length = (piece_end.timestamp() - cursor.timestamp()) / 3600
            pieces.append((day, h0, min(24.0, h0 + length)))
        cursor = piece_end
    return pieces


def _demand_intervals(
    demand: Any, monday: date, client_tz: str
) -> list[tuple[datetime, datetime]]:
    if demand is None:
        from labourchain.schedule import WeeklySchedule

        demand = WeeklySchedule.business_hours(client_tz)
    schedule = getattr(demand, "active", demand)  # a DemandProfile's hours with demand
    if not hasattr(schedule, "intervals"):
        raise InvalidInputError(
            f"demand must be a WeeklySchedule or DemandProfile, got {type(demand).__name__}"
        )
    out: list[tuple[datetime, datetime]] = []
    for shift in (-7, 0, 7):
        out += list(schedule.intervals(week_of=monday + timedelta(days=shift)))
    return out


def week_timeline(
    log: WorkLog,
    *,
    tz: str | None = None,
    week_of: date | None = None,
    demand: Any = None,
    client_tz: str = "America/New_York",
    night: tuple[int, int] = (22, 6),
    path: str | os.PathLike[str] | None = None,
    title: str | None = None,
) -> Figure:
    """A week of a log in the worker's local time: activities, night, and when tasks are posted.

    Args:
        log: The work log.
        tz: The worker's IANA time zone. By default each row is drawn at the UTC
            offset it was written with (so a log that crosses a clock change is
            drawn as written), and the clients' hours at the offset in force then.
        week_of: Any day of the Monday-Sunday week to draw (default: the log's first day).
        demand: When clients post tasks: a :class:`~labourchain.schedule.WeeklySchedule`
            or :class:`~labourchain.demand.DemandProfile` (default: Monday to Friday,
            09:00-18:00 in ``client_tz``).
        client_tz: The IANA time zone of the clients' business hours, when no
            ``demand`` is given (default New York, as reported for US-based platforms).
        night: Local night as (start hour, end hour), shaded.
        path: Where to save the picture, if anywhere.
        title: The title.

    The footer counts time as :func:`~labourchain.wage_report` does: an instant
    covered by several rows counts once.

    Raises:
        MissingDependencyError: if matplotlib is not installed.
        InvalidInputError: for an empty log or an unknown time zone.
    """
    if not len(log):
        raise InvalidInputError("an empty log has no week to draw")
    client_tz = check_timezone(client_tz, "week_timeline(client_tz=...)")
    clock = _Clock(tz, log)
    starts = list(log.starts())
    locals_ = [clock.local(s) for s in starts]
    monday_of = week_of or locals_[0].date()
    monday = monday_of - timedelta(days=monday_of.weekday())
    fig = _figure(figsize=(11, 5.2), layout="constrained")
    ax = fig.add_subplot()
    n0, n1 = night
    for day in range(7):
        if n0 > n1:
            ax.barh(day, 24 - n0, left=n0, height=1.0, color="#e9ecef", zorder=0)
            ax.barh(day, n1, left=0, height=1.0, color="#e9ecef", zorder=0)
        else:
            ax.barh(day, n1 - n0, left=n0, height=1.0, color="#e9ecef", zorder=0)
    demand_pieces = [
        piece
        for a, b in _demand_intervals(demand, monday, client_tz)
        for piece in _split_days(clock.local(a), clock.local(b), monday)
    ]
    for day, h0, h1 in demand_pieces:
        ax.barh(day - 0.26, h1 - h0, left=h0, height=0.16, color="#457b9d", zorder=2)
    seen: set[Activity] = set()
    shown = 0
    worked: list[tuple[float, float]] = []  # real (epoch-second) pieces within the week
    at_night: list[tuple[float, float]] = []
    for start, local, mins, activity in zip(
        starts, locals_, log.minutes.tolist(), log.activities, strict=True
    ):
        pieces = _split_days(local, local + timedelta(minutes=mins), monday)
        shown += bool(pieces)
        t0 = start.timestamp()
        for day, h0, h1 in pieces:
            ax.barh(day + 0.1, h1 - h0, left=h0, height=0.5, color=COLOURS[activity], zorder=3)
            seen.add(activity)
            # The piece's real instants: its wall-clock distance from the row's start.
            into = (datetime.combine(monday, datetime.min.time()) - local).total_seconds()
            base = t0 + into + day * 86400.0
            worked.append((base + h0 * 3600.0, base + h1 * 3600.0))
            for a_, b_ in _night_windows(h0, h1, n0, n1):
                at_night.append((base + a_ * 3600.0, base + b_ * 3600.0))
    from matplotlib.patches import Patch  # type: ignore[import-not-found, unused-ignore]

    handles = [Patch(color=COLOURS[a], label=_LABELS[a]) for a in Activity if a in seen]
    handles.append(Patch(color="#457b9d", label=_demand_label(demand, client_tz)))
    handles.append(Patch(color="#e9ecef", label=f"night ({n0:02d}:00-{n1:02d}:00 local)"))
    ax.legend(
        handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False
    )
    labels = [f"{_DAYS[d]} {(monday + timedelta(days=d)):%d %b}" for d in range(7)]
    ax.set_yticks(range(7), labels, fontsize=9)
    for day in range(6):
        ax.axhline(day + 0.5, color="#cccccc", lw=0.6, zorder=1)
    ax.set_ylim(6.6, -0.6)
    ax.set_xlim(0, 24)
    ax.set_xticks(range(0, 25, 3), [f"{h:02d}:00" for h in range(0, 25, 3)], fontsize=8)
    ax.set_xlabel(f"local time of the worker ({clock.name})")
    ax.grid(axis="x", color="#dddddd", lw=0.6)
    ax.set_axisbelow(True)
    ax.spines[["top", "right"]].set_visible(False)
    fig.suptitle(
        _plain(title or f"A week of data work, week of {monday:%d %B %Y}"),
        fontsize=13,
        fontweight="bold",
    )
    posted = sum(h1 - h0 for _, h0, h1 in demand_pieces)
    night_posted = sum(_night_overlap(h0, h1, n0, n1) for _, h0, h1 in demand_pieces)
    first = (
        "Coloured bars: what the worker logged, by activity (only green is paid). Thin blue "
        "bars: when clients post tasks, converted to the worker's local time (DST-correct). "
        "Grey: local night."
    )
    if demand is None:
        first += " " + _client_hours_sentence(client_tz, clock, monday)
    _caption(
        fig,
        [
            first,
            f"This week: {_union_hours(worked):,.1f} h logged ({shown} of the log's {len(log)} "
            f"entries), {_union_hours(at_night):,.1f} h of them at local night; tasks posted "
            f"{posted:,.0f} h, {night_posted:,.0f} h of them at the worker's night. Time is "
            "counted as in the wage report: an instant covered by several entries counts once. "
            "Made with labourchain.",
        ],
        width=170,
    )
    return _save(fig, path)


def _union_hours(intervals: list[tuple[float, float]]) -> float:
    """Hours covered by (start, end) second intervals, an instant covered twice counted once."""
    total = 0.0
    reach = -math.inf
    for a, b in sorted(intervals):
        if b <= reach:
            continue
        total += b - max(a, reach)
        reach = b
    return total / 3600.0


def _night_windows(h0: float, h1: float, n0: int, n1: int) -> list[tuple[float, float]]:
    """The parts of [h0, h1] (within one day) inside the night window n0-n1 (which may wrap)."""
    windows = [(n0, 24), (0, n1)] if n0 > n1 else [(n0, n1)]
    return [(max(h0, a), min(h1, b)) for a, b in windows if min(h1, b) > max(h0, a)]


def _client_hours_sentence(client_tz: str, clock: _Clock, monday: date) -> str:
    """What the clients' 09:00-18:00 is on the worker's clock, on this week's Wednesday."""
    zone = ZoneInfo(client_tz)
    wednesday = monday + timedelta(days=2)
    a = datetime.combine(wednesday, datetime.min.time()).replace(hour=9, tzinfo=zone)
    b = a.replace(hour=18)
    city = client_tz.rsplit("/", 1)[-1].replace("_", " ")
    where = clock.where(a)
    return (
        f"Tasks on platforms whose clients are in {city} follow their business hours, as "
        f"workers report: this week 09:00-18:00 in {city} is "
        f"{clock.local(a):%H:%M}-{clock.local(b):%H:%M} in {where}."
    )


def _night_overlap(h0: float, h1: float, n0: int, n1: int) -> float:
    """Hours of [h0, h1] (within one day) inside the night window n0-n1 (which may wrap)."""
    windows = [(n0, 24), (0, n1)] if n0 > n1 else [(n0, n1)]
    return sum(max(0.0, min(h1, b) - max(h0, a)) for a, b in windows)


def _offset_name(zone: tzinfo) -> str:
    offset = zone.utcoffset(None)
    if offset is None:  # pragma: no cover - fixed offsets always have one
        return str(zone)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _demand_label(demand: Any, client_tz: str = "America/New_York") -> str:
    if demand is None:
        city = client_tz.rsplit("/", 1)[-1].replace("_", " ")
        return f"tasks posted: clients' business hours\n(Mon-Fri 09:00-18:00, {city})"
    return "tasks posted:\n" + textwrap.fill(str(getattr(demand, "active", demand)), 36)


# ---------------------------------------------------------------------- distribution


def _hourly_values(
    wages: npt.ArrayLike | Quantity, currency: str | None
) -> tuple[npt.NDArray[np.float64], str]:
    if is_money(wages):
        code = currency_of(wages)  # type: ignore[arg-type]
        values = np.asarray(wages.to(f"{code}/hour").magnitude, dtype=np.float64)  # type: ignore[union-attr]
        if currency is not None and currency != code:
            raise CurrencyMismatchError(
                f"the wages are in {code} but currency={currency!r}; convert them first"
            )
        return values.reshape(-1), code
    if currency is None:
        raise InvalidInputError(
            "give currency= (e.g. 'USD') for wages given as plain numbers, or pass a quantity"
        )
    values = np.asarray(wages, dtype=np.float64).reshape(-1)
    return values, currency


def wage_distribution(
    wages: npt.ArrayLike | Quantity,
    reference: Any = None,
    *,
    currency: str | None = None,
    rates: ExchangeRates | None = None,
    path: str | os.PathLike[str] | None = None,
    title: str | None = None,
    bins: int = 40,
    source: str | None = None,
) -> Figure:
    """A population's effective hourly wages against a reference (minimum) wage.

    Args:
        wages: Per-worker effective hourly wages: plain numbers in ``currency``
            per hour, or a money-per-time quantity array.
        reference: A :class:`~labourchain.reference.ReferenceWage`, or an hourly
            wage quantity, drawn as a line with the share of workers below it.
        currency: The currency of plain-number wages.
        rates: Exchange rates, if the reference is in another currency.
        path: Where to save the picture, if anywhere.
        title: The title.
        bins: Number of histogram bins.
        source: Where the wages come from (a simulation's scenario and seed, a survey).

    Raises:
        MissingDependencyError: if matplotlib is not installed.
        InvalidInputError: for no finite wages, or a reference that is not an hourly wage.
    """
    values, code = _hourly_values(wages, currency)
    values = values[np.isfinite(values)]
    if not values.size:
        raise InvalidInputError("there are no finite wages to draw")
    level: float | None = None
    label = None
    citation = None
    if reference is not None:
        hourly = getattr(reference, "hourly", reference)
        if not is_money(hourly):
            raise InvalidInputError(f"reference must be an hourly wage, got {reference!r}")
        if currency_of(hourly) != code:
            if rates is None:
                raise CurrencyMismatchError(
                    f"the reference is in {currency_of(hourly)} and the wages in {code}: "
                    "pass rates= to convert it"
                )
            hourly = rates.convert(hourly, code)
        level = float(hourly.to(f"{code}/hour").magnitude)
        label = str(reference) if hasattr(reference, "hourly") else f"{level:,.2f} {code}/hour"
        citation = getattr(reference, "citation", None)
    fig = _figure(figsize=(10, 5.2), layout="constrained")
    ax = fig.add_subplot()
    top = float(np.quantile(values, 0.995))
    high = max(top, (level or 0.0) * 1.3, float(values.min()) + 1e-9)
    low = min(0.0, float(values.min()))
    edges: npt.NDArray[np.float64] = np.linspace(low, high, bins + 1)
    if level is not None and low < level < high:  # a bin edge on the reference: no bar straddles it
        width = (high - low) / bins
        first = math.floor((low - level) / width)
        edges = level + width * np.arange(first, first + bins + 2, dtype=np.float64)
    clipped = np.clip(values, edges[0], edges[-1])
    counts, _ = np.histogram(clipped, bins=edges)
    share = counts / values.size * 100
    centres = (edges[:-1] + edges[1:]) / 2
    widths = np.diff(edges)
    if level is not None:
        colours = ["#d62828" if c < level else "#2a9d8f" for c in centres]
    else:
        colours = ["#2a9d8f"] * len(centres)
    ax.bar(centres, share, width=widths * 0.95, color=colours)
    median = float(np.median(values))
    ax.axvline(median, color="#264653", lw=1.5)
    box = {"boxstyle": "round,pad=0.3", "fc": "white", "ec": "#cccccc", "alpha": 0.95}
    ax.annotate(
        f"median: {median:,.2f} {code}/hour",
        (median, float(share.max()) * 1.02),
        xytext=(0.62, 0.97),
        textcoords="axes fraction",
        fontsize=9,
        color="#264653",
        va="top",
        bbox=box,
        arrowprops={"arrowstyle": "->", "color": "#264653"},
    )
    if level is not None:
        below = float(np.mean(values < level))
        ax.axvline(level, color="#1d3557", ls="--", lw=1.5)
        ax.annotate(
            f"{textwrap.fill(_level_text(label, level, code), 40)}\n"
            f"{100 * below:.0f} % of workers earn less",
            (level, float(share.max()) * 0.7),
            xytext=(0.62, 0.78),
            textcoords="axes fraction",
            fontsize=9,
            color="#1d3557",
            va="top",
            bbox=box,
            arrowprops={"arrowstyle": "->", "color": "#1d3557"},
        )
    ax.set_xlabel(f"effective hourly wage ({code} per hour, all unpaid time counted)")
    ax.set_ylabel("share of workers (%)")
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="y", color="#eeeeee")
    ax.set_axisbelow(True)
    fig.suptitle(
        _plain(title or f"Effective hourly wages of {values.size:,} workers"),
        fontsize=13,
        fontweight="bold",
    )
    caption = [
        "Each worker's wage is their net earnings divided by all the time the work took "
        "(a ratio of sums per worker). Red: below the reference wage."
        + (
            f" The top 0.5 % are drawn in the last bar (above {top:,.2f})."
            if top < values.max()
            else ""
        ),
        f"Wages: {source}." if source else "",
        f"Reference: {citation}." if citation else "",
        f"Exchange rates: {rates.describe()}." if rates is not None and level is not None else "",
        "Made with labourchain.",
    ]
    _caption(fig, caption)
    return _save(fig, path)


# ------------------------------------------------------------------ calibration


def _label_once(labelled: set[str], text: str) -> str | None:
    """``text`` the first time, then None (one legend entry per kind of mark)."""
    if text in labelled:
        return None
    labelled.add(text)
    return text


def fit_distribution(
    population: Any,
    fit: Any,
    *,
    path: str | os.PathLike[str] | None = None,
    title: str | None = None,
    source: str | None = None,
) -> Figure:
    """A simulated population's wage distributions with the published points it was fitted to.

    Two panels, effective and paid-time hourly wages, each the cumulative share of
    workers (log wage axis). Published figures are marked: a median or a quantile as
    a point at its probability, a share above a wage as a point at that wage, a mean
    as a dashed line (the simulated mean dotted beside it).

    Args:
        population: A :class:`~labourchain.simulate.PopulationResult`.
        fit: A :class:`~labourchain.simulate.Fit` (a scenario's ``calibration``).
        path: Where to save the picture, if anywhere.
        title: The title.
        source: Where the published figures come from.

    Raises:
        MissingDependencyError: if matplotlib is not installed.
        InvalidInputError: for a population without finite wages.
    """
    panels = (
        ("effective", population.effective_hourly, "effective hourly wage (all time counted)"),
        ("paid", population.paid_hourly, "paid-time hourly wage (approved task time only)"),
    )
    code = population.currency
    fig = _figure(figsize=(11, 4.8), layout="constrained")
    axes = fig.subplots(1, 2, sharey=True)
    for ax, (which, wages, label) in zip(axes, panels, strict=True):
        values = np.sort(wages[np.isfinite(wages) & (wages > 0)])
        if not values.size:
            raise InvalidInputError(f"the population has no positive {which} wages to draw")
        cum = np.arange(1, values.size + 1) / values.size
        ax.step(values, cum, where="post", color="#2a9d8f", lw=1.8, label="simulated")
        labelled: set[str] = set()
        label_once = functools.partial(_label_once, labelled)
        for t in fit.targets:
            name = t.statistic
            if not name.endswith("_" + which):
                continue
            kw = {"color": "#d62828", "zorder": 5}
            if name.startswith("median_"):
                ax.plot([t.value], [0.5], "o", ms=8, label=label_once("published"), **kw)
            elif name.startswith("quantile_"):
                ax.plot([t.value], [t.at], "o", ms=8, label=label_once("published"), **kw)
            elif name.startswith("share_above_"):
                ax.plot([t.at], [1.0 - t.value], "D", ms=7,
                        label=label_once("published share above a wage"), **kw)  # fmt: skip
            elif name.startswith("mean_"):
                ax.axvline(t.value, ls="--", lw=1.4, label=label_once("published mean"), **kw)
                ax.axvline(float(np.mean(values)), color="#264653", ls=":", lw=1.4,
                           label=label_once("simulated mean"))  # fmt: skip
                ax.annotate(
                    f"mean {t.value:,.2f}",
                    (t.value, 0.3),
                    xytext=(4, 0),
                    textcoords="offset points",
                    fontsize=8,
                    color="#d62828",
                )
        ax.set_xscale("log")
        ax.set_xlabel(f"{label}, {code} per hour (log scale)")
        ax.grid(color="#eeeeee")
        ax.set_axisbelow(True)
        ax.spines[["top", "right"]].set_visible(False)
        ax.legend(loc="lower right", fontsize=8, frameon=False)
    axes[0].set_ylabel("share of workers earning at most this")
    fig.suptitle(
        _plain(
            title or f"Simulated wages of {len(population):,} workers and the published figures"
        ),
        fontsize=13,
        fontweight="bold",
    )
    _caption(
        fig,
        [
            "Red: the published figures the scenario was fitted to (points: a median or "
            "quantile at its probability, a share above a wage at that wage; dashed: a mean). "
            "Green: the simulated workers, each wage a ratio of sums over her week.",
            f"Published figures: {source}." if source else "",
            "Made with labourchain.",
        ],
    )
    return _save(fig, path)
