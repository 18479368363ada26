"""What the Markdown and HTML reports say: their figures, tables, method and sources, as text.

The wording lives here once (:func:`report_text`); :mod:`labourchain.render._markdown` and
:mod:`labourchain.render._html` only escape it and lay it out.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Final

import attrs

from labourchain._text import plural
from labourchain.accounting import WageReport, wage_report
from labourchain.activity import Activity
from labourchain.units import Quantity
from labourchain.worklog import WorkLog

__all__ = ("ACTIVITY_LABELS", "ReportText", "method_paragraph", "report_text")

#: How each activity reads in a report.
ACTIVITY_LABELS: Final = {
    "paid": "approved (paid) task work",
    "rejected": "work rejected by the client",
    "returned": "tasks returned or abandoned",
    "search": "searching for tasks",
    "qualification": "unpaid qualification tests",
    "training": "unpaid training, guidelines",
    "waiting": "waiting for tasks",
    "admin": "payments, messages, disputes",
    "outage": "power or connection cuts",
}


def _version() -> str:
    """The version of labourchain that computed the report."""
    from labourchain import __version__

    return __version__


def _money(q: Quantity | None, code: str) -> str:
    """An amount as ``"1,234.50 USD"`` (``"n/a"`` for none)."""
    return "n/a" if q is None else f"{float(q.magnitude):,.2f} {code}"


def _hourly(q: Quantity | None, code: str) -> str:
    """Money per hour as ``"1.50 USD an hour"`` (``"n/a"`` for none)."""
    return "n/a" if q is None else f"{float(q.magnitude):,.2f} {code} an hour"


def _hours(q: Quantity) -> str:
    """A time in hours, as ``"12.5 h"``."""
    return f"{float(q.to('hour').magnitude):,.1f} h"


def _percent(x: float | None) -> str:
    """A share as a whole percentage, ``"42 %"`` (``"n/a"`` for none)."""
    return "n/a" if x is None else f"{100 * x:.0f} %"


def _left_out(report: WageReport) -> str:
    """The activities the report's policy leaves out, in words."""
    names = [ACTIVITY_LABELS.get(a.value, a.value) for a in Activity if a in report.not_counted]
    return "; ".join(names)


def method_paragraph(report: WageReport) -> str:
    """The method, in one paragraph of plain text."""
    if report.not_counted:
        counted = (
            f"Under the accounting policy used ({report.policy}), only part of the logged "
            "time is counted. Left out of every wage and share "
            f"({_hours(report.excluded_time)} in this log): {_left_out(report)}. The ILO's "
            "definition of unpaid work on digital labour platforms (Berg et al., 2018) would "
            "count every logged minute. "
        )
    else:
        counted = (
            "Every minute the worker logged is counted, paid or not, following the ILO's "
            "definition of unpaid work on digital labour platforms (Berg et al., 2018): "
            "searching for tasks, unpaid tests and training, waiting, admin, and work that "
            "was rejected or returned. "
        )
    return (
        f"{counted}No minute is counted twice where activities overlap. "
        "Earnings are the rewards of approved work, less platform fees and the costs of "
        "being paid out where these are known. The effective hourly wage is total net "
        "earnings divided by total time, a ratio of sums, never an average of per-task "
        "rates, which overstates pay (Hara et al., 2018). Amounts in other currencies "
        "are converted with the dated exchange rates listed under Sources. "
        f"Accounting policy: {report.policy}."
    )


def _headline(report: WageReport) -> str:
    """The report's headline: its effective hourly wage."""
    code = report.currency
    return f"Effective hourly wage: {_hourly(report.effective_hourly, code)}"


def _summary(report: WageReport) -> str:
    """The report's figures in two or three sentences."""
    code = report.currency
    if report.effective_hourly is None:
        return "The log holds no counted time, so there is no hourly wage."
    counting = (
        f"Counting {_hours(report.total_time)} of time under the policy used (another "
        f"{_hours(report.excluded_time)} was logged but is not counted)"
        if report.not_counted
        else f"Counting all {_hours(report.total_time)} of logged time"
    )
    text = (
        f"{counting}, of which "
        f"{_percent(report.unpaid_share)} was unpaid, the worker earned "
        f"{_hourly(report.effective_hourly, code)}. Counting only approved, paid work, "
        f"the pay was {_hourly(report.paid_hourly, code)}."
    )
    if report.reference is not None and report.reference_ratio is not None:
        text += (
            f" That is {_percent(report.reference_ratio)} of the reference wage "
            f"({report.reference_label}: {_hourly(report.reference, code)})."
        )
    return text


def _figures(report: WageReport) -> list[tuple[str, str]]:
    """The table of figures: (what, figure) rows."""
    code = report.currency
    rows = [
        (
            "Effective hourly wage (counted time)"
            if report.not_counted
            else "Effective hourly wage (all time)",
            _hourly(report.effective_hourly, code),
        ),
        ("Hourly wage, paid time only", _hourly(report.paid_hourly, code)),
        ("Net earnings", _money(report.net, code)),
        ("Gross rewards of approved work", _money(report.gross, code)),
        ("Platform fees", _money(report.platform_fees, code)),
        ("Payout and conversion costs", _money(report.payout_fees, code)),
        ("Rewards forgone (rejected, returned)", _money(report.forgone, code)),
        ("Time counted", _hours(report.total_time)),
        ("of which paid", _hours(report.paid_time)),
        (
            "of which unpaid",
            f"{_hours(report.unpaid_time)} ({_percent(report.unpaid_share)})",
        ),
    ]
    if report.reference is not None:
        rows.append((f"Reference: {report.reference_label}", _hourly(report.reference, code)))
        rows.append(("Effective wage / reference", _percent(report.reference_ratio)))
        if report.shortfall is not None:
            rows.append(("Shortfall per hour", _hourly(report.shortfall, code)))
    return rows


def _time_rows(report: WageReport) -> list[tuple[str, str, str]]:
    """The table of time: (activity, hours, share) rows, counted activities first."""
    total = float(report.total_time.to("hour").magnitude)
    rows = []
    left_out = []
    for activity, hours in report.time_by_activity.items():
        h = float(hours.to("hour").magnitude)
        if h == 0:
            continue
        label = ACTIVITY_LABELS.get(activity.value, activity.value)
        if activity in report.not_counted:  # shares are of the counted total only
            left_out.append((f"{label} (not counted)", f"{h:,.2f}", "-"))
            continue
        share = f"{100 * h / total:.1f} %" if total > 0 else "n/a"
        rows.append((label, f"{h:,.2f}", share))
    return rows + left_out


def _period(report: WageReport) -> str:
    """The first and last logged instants, in words."""
    if report.period is None:
        return "empty log"
    first, last = report.period
    return f"{first:%Y-%m-%d %H:%M} to {last:%Y-%m-%d %H:%M} (UTC{first:%z})"


def _sources(report: WageReport, extra: Sequence[str]) -> list[str]:
    """The report's sources and ``extra``, each once, in order."""
    return list(dict.fromkeys([*report.sources, *extra]))


def _report(report: WageReport | WorkLog) -> WageReport:
    """``report``, or the wage report of a log (with :func:`wage_report`'s defaults)."""
    return wage_report(report) if isinstance(report, WorkLog) else report


def _counts(report: WageReport) -> str:
    """Entries and tasks, in words: ``"2 entries, 1 task"``."""
    return f"{plural(report.rows, 'entry', 'entries')}, {plural(report.tasks, 'task')}"


def _footer(generated: date | None) -> str:
    """The closing line: the version of labourchain, and the date if given."""
    when = f" on {generated.isoformat()}" if generated else ""
    return f"Computed with labourchain {_version()}{when}."


@attrs.frozen(kw_only=True)
class ReportText:
    """Every piece of text of a published report, unescaped, in the order it is shown.

    Attributes:
        heading: The title (by default the effective hourly wage).
        about: What the log is, its entries and tasks, and its period.
        summary: The figures in two or three sentences.
        figures: The table of figures: (what, figure) rows.
        time: The table of time: (activity, hours, share) rows.
        method: The method, in one paragraph.
        sources: Every source, each once (none: nothing from outside was used).
        footer: The closing line (labourchain's version, and the date if given).
    """

    heading: str
    about: str
    summary: str
    figures: list[tuple[str, str]]
    time: list[tuple[str, str, str]]
    method: str
    sources: list[str]
    footer: str


def report_text(
    report: WageReport | WorkLog,
    *,
    title: str | None = None,
    log_label: str | None = None,
    sources: Sequence[str] = (),
    generated: date | None = None,
) -> ReportText:
    """The text of the report on ``report`` (a wage report, or a log reported with the defaults).

    The arguments are those of :func:`~labourchain.render.to_markdown`.
    """
    report = _report(report)
    about = f"Log: {log_label}. " if log_label else ""
    return ReportText(
        heading=title or _headline(report),
        about=f"{about}{_counts(report)}, {_period(report)}.",
        summary=_summary(report),
        figures=_figures(report),
        time=_time_rows(report),
        method=method_paragraph(report),
        sources=_sources(report, sources),
        footer=_footer(generated),
    )
