"""What the Markdown and HTML reports say: their figures, tables, method and sources, as text.

The wording lives here once; :mod:`labourchain.render._markdown` and
:mod:`labourchain.render._html` only escape it and lay it out.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Final

from labourchain._text import plural
from labourchain.accounting import WageReport, wage_report
from labourchain.activity import Activity
from labourchain.units import Quantity
from labourchain.worklog import WorkLog

__all__ = (
    "ACTIVITY_LABELS",
    "as_report",
    "counts",
    "figure_rows",
    "footer",
    "headline",
    "hourly_text",
    "hours_text",
    "left_out",
    "listed_sources",
    "method_paragraph",
    "money_text",
    "percent_text",
    "period",
    "summary",
    "time_rows",
    "version",
)

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


def version() -> str:
    """The version of labourchain that computed the report."""
    from labourchain import __version__

    return __version__


def money_text(q: Quantity | None, code: str) -> str:
    """An amount as ``"1,234.50 USD"`` (``"n/a"`` for none)."""
    return "n/a" if q is None else f"{float(q.magnitude):,.2f} {code}"


def hourly_text(q: Quantity | None, code: str) -> str:
    """Money per hour as ``"1.50 USD an hour"`` (``"n/a"`` for none)."""
    return "n/a" if q is None else f"{float(q.magnitude):,.2f} {code} an hour"


def hours_text(q: Quantity) -> str:
    """A time in hours, as ``"12.5 h"``."""
    return f"{float(q.to('hour').magnitude):,.1f} h"


def percent_text(x: float | None) -> str:
    """A share as a whole percentage, ``"42 %"`` (``"n/a"`` for none)."""
    return "n/a" if x is None else f"{100 * x:.0f} %"


def left_out(report: WageReport) -> str:
    """The activities the report's policy leaves out, in words."""
    names = [ACTIVITY_LABELS.get(a.value, a.value) for a in Activity if a in report.not_counted]
    return "; ".join(names)


def method_paragraph(report: WageReport) -> str:
    """The method, in one paragraph of plain text."""
    if report.not_counted:
        counted = (
            f"Under the accounting policy used ({report.policy}), only part of the logged "
            "time is counted. Left out of every wage and share "
            f"({hours_text(report.excluded_time)} in this log): {left_out(report)}. The ILO's "
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


def headline(report: WageReport) -> str:
    """The report's headline: its effective hourly wage."""
    code = report.currency
    return f"Effective hourly wage: {hourly_text(report.effective_hourly, code)}"


def summary(report: WageReport) -> str:
    """The report's figures in two or three sentences."""
    code = report.currency
    if report.effective_hourly is None:
        return "The log holds no counted time, so there is no hourly wage."
    counting = (
        f"Counting {hours_text(report.total_time)} of time under the policy used (another "
        f"{hours_text(report.excluded_time)} was logged but is not counted)"
        if report.not_counted
        else f"Counting all {hours_text(report.total_time)} of logged time"
    )
    text = (
        f"{counting}, of which "
        f"{percent_text(report.unpaid_share)} was unpaid, the worker earned "
        f"{hourly_text(report.effective_hourly, code)}. Counting only approved, paid work, "
        f"the pay was {hourly_text(report.paid_hourly, code)}."
    )
    if report.reference is not None and report.reference_ratio is not None:
        text += (
            f" That is {percent_text(report.reference_ratio)} of the reference wage "
            f"({report.reference_label}: {hourly_text(report.reference, code)})."
        )
    return text


def figure_rows(report: WageReport) -> list[tuple[str, str]]:
    """The table of figures: (what, figure) rows."""
    code = report.currency
    rows = [
        (
            "Effective hourly wage (counted time)"
            if report.not_counted
            else "Effective hourly wage (all time)",
            hourly_text(report.effective_hourly, code),
        ),
        ("Hourly wage, paid time only", hourly_text(report.paid_hourly, code)),
        ("Net earnings", money_text(report.net, code)),
        ("Gross rewards of approved work", money_text(report.gross, code)),
        ("Platform fees", money_text(report.platform_fees, code)),
        ("Payout and conversion costs", money_text(report.payout_fees, code)),
        ("Rewards forgone (rejected, returned)", money_text(report.forgone, code)),
        ("Time counted", hours_text(report.total_time)),
        ("of which paid", hours_text(report.paid_time)),
        (
            "of which unpaid",
            f"{hours_text(report.unpaid_time)} ({percent_text(report.unpaid_share)})",
        ),
    ]
    if report.reference is not None:
        rows.append((f"Reference: {report.reference_label}", hourly_text(report.reference, code)))
        rows.append(("Effective wage / reference", percent_text(report.reference_ratio)))
        if report.shortfall is not None:
            rows.append(("Shortfall per hour", hourly_text(report.shortfall, code)))
    return rows


def time_rows(report: WageReport) -> list[tuple[str, str, str]]:
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


def period(report: WageReport) -> str:
    """The first and last logged instants, in words."""
    if report.period is None:
        return "empty log"
    first, last = report.period
    return f"{first:%Y-%m-%d %H:%M} to {last:%Y-%m-%d %H:%M} (UTC{first:%z})"


def listed_sources(report: WageReport, extra: Sequence[str]) -> list[str]:
    """The report's sources and ``extra``, each once, in order."""
    return list(dict.fromkeys([*report.sources, *extra]))


def as_report(report: WageReport | WorkLog) -> WageReport:
    """``report``, or the wage report of a log (with :func:`wage_report`'s defaults)."""
    return wage_report(report) if isinstance(report, WorkLog) else report


def counts(report: WageReport) -> str:
    """Entries and tasks, in words: ``"2 entries, 1 task"``."""
    return f"{plural(report.rows, 'entry', 'entries')}, {plural(report.tasks, 'task')}"


def footer(generated: date | None) -> str:
    """The closing line: the version of labourchain, and the date if given."""
    when = f" on {generated.isoformat()}" if generated else ""
    return f"Computed with labourchain {version()}{when}."
