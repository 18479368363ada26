"""Reports for publication: a wage report as Markdown or HTML, ready to paste into a web page.

Each report gives the figures (effective and paid-only hourly wage, earnings,
fees, time by activity, the comparison with a reference wage), the method in
one paragraph, and every source used. Text that comes from outside
labourchain (the log's name, sources, labels) is escaped, so a report can be
pasted into a page as it is.

>>> import labourchain as lc
>>> log = lc.WorkLog.from_records([
...     {"start": "2024-03-04T21:00:00+03:00", "minutes": 30, "activity": "search"},
...     {"start": "2024-03-04T21:30:00+03:00", "minutes": 30, "activity": "paid",
...      "reward": 1.50, "currency": "USD"},
... ])
>>> text = to_markdown(lc.wage_report(log))
>>> text.splitlines()[0]
'# Effective hourly wage: 1.50 USD an hour'
>>> "<td>1.50 USD an hour</td>" in to_html(lc.wage_report(log))
True
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from datetime import date
from typing import Final

from labourchain._text import plural
from labourchain.activity import Activity
from labourchain.units import Quantity
from labourchain.wage import WageReport, wage_report
from labourchain.worklog import WorkLog

__all__ = ("method_paragraph", "to_html", "to_markdown")

_ACTIVITY_LABELS: Final = {
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
_MD_SPECIAL: Final = re.compile(r"([\\`*_\[\]<>|~&])")
_MD_LINE_START: Final = re.compile(r"^(\s*)([#+\-=]|\d{1,9}[.)])(?=\s|$)")


def _md(text: object) -> str:
    """Escape text for Markdown (CommonMark/GFM): no raw HTML, links, emphasis or table breaks.

    >>> _md("<b>x</b> | *y*")
    '\\\\<b\\\\>x\\\\</b\\\\> \\\\| \\\\*y\\\\*'
    """
    flat = " ".join(str(text).split())
    escaped = _MD_SPECIAL.sub(r"\\\1", flat)
    return _MD_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), escaped)


def _h(text: object) -> str:
    return html.escape(" ".join(str(text).split()), quote=True)


def _version() -> str:
    from labourchain import __version__

    return __version__


def _money(q: Quantity | None, code: str) -> str:
    return "n/a" if q is None else f"{float(q.magnitude):,.2f} {code}"


def _hourly(q: Quantity | None, code: str) -> str:
    return "n/a" if q is None else f"{float(q.magnitude):,.2f} {code} an hour"


def _hours(q: Quantity) -> str:
    return f"{float(q.to('hour').magnitude):,.1f} h"


def _percent(x: float | None) -> str:
    return "n/a" if x is None else f"{100 * x:.0f} %"


def _left_out(report: WageReport) -> str:
    names = [_ACTIVITY_LABELS.get(a.value, a.value) for a in Activity if a in report.not_counted]
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
    code = report.currency
    return f"Effective hourly wage: {_hourly(report.effective_hourly, code)}"


def _summary(report: WageReport) -> str:
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
        ("of which unpaid", f"{_hours(report.unpaid_time)} ({_percent(report.unpaid_share)})"),
    ]
    if report.reference is not None:
        rows.append((f"Reference: {report.reference_label}", _hourly(report.reference, code)))
        rows.append(("Effective wage / reference", _percent(report.reference_ratio)))
        if report.shortfall is not None:
            rows.append(("Shortfall per hour", _hourly(report.shortfall, code)))
    return rows


def _time_rows(report: WageReport) -> list[tuple[str, str, str]]:
    total = float(report.total_time.to("hour").magnitude)
    rows = []
    left_out = []
    for activity, hours in report.time_by_activity.items():
        h = float(hours.to("hour").magnitude)
        if h == 0:
            continue
        label = _ACTIVITY_LABELS.get(activity.value, activity.value)
        if activity in report.not_counted:  # shares are of the counted total only
            left_out.append((f"{label} (not counted)", f"{h:,.2f}", "-"))
            continue
        share = f"{100 * h / total:.1f} %" if total > 0 else "n/a"
        rows.append((label, f"{h:,.2f}", share))
    return rows + left_out


def _period(report: WageReport) -> str:
    if report.period is None:
        return "empty log"
    first, last = report.period
    return f"{first:%Y-%m-%d %H:%M} to {last:%Y-%m-%d %H:%M} (UTC{first:%z})"


def _sources(report: WageReport, extra: Sequence[str]) -> list[str]:
    return list(dict.fromkeys([*report.sources, *extra]))


def _report(report: WageReport | WorkLog) -> WageReport:
    return wage_report(report) if isinstance(report, WorkLog) else report


def to_markdown(
    report: WageReport | WorkLog,
    *,
    title: str | None = None,
    log_label: str | None = None,
    sources: Sequence[str] = (),
    generated: date | None = None,
) -> str:
    """The report as Markdown (GitHub-flavoured tables).

    Args:
        report: The wage report, or a log (reported with :func:`~labourchain.wage.wage_report`'s
            defaults; build the report yourself for fees, rates or a reference).
        title: A heading (default: the effective hourly wage).
        log_label: What the log is (a file name, "a worker in Nairobi").
        sources: Further sources to list (for example the exchange rates used).
        generated: The date to print as the report's date (default: none printed).
    """
    report = _report(report)
    lines = [f"# {_md(title or _headline(report))}", ""]
    about = f"Log: {log_label}. " if log_label else ""
    lines += [
        _md(f"{about}{_counts(report)}, {_period(report)}."),
        "",
        _md(_summary(report)),
        "",
        "## Figures",
        "",
        "| | |",
        "| --- | ---: |",
    ]
    lines += [f"| {_md(k)} | {_md(v)} |" for k, v in _figures(report)]
    lines += ["", "## Time", "", "| activity | hours | share |", "| --- | ---: | ---: |"]
    lines += [f"| {_md(a)} | {h} | {s} |" for a, h, s in _time_rows(report)]
    lines += ["", "## Method", "", _md(method_paragraph(report)), "", "## Sources", ""]
    listed = _sources(report, sources)
    lines += [f"- {_md(s)}" for s in listed] or ["- No outside figures were used."]
    lines += ["", _md(_footer(generated))]
    return "\n".join(lines) + "\n"


def _footer(generated: date | None) -> str:
    when = f" on {generated.isoformat()}" if generated else ""
    return f"Computed with labourchain {_version()}{when}."


_CSS: Final = (
    "body{font-family:system-ui,sans-serif;max-width:46em;margin:2em auto;line-height:1.45;"
    "color:#222}table{border-collapse:collapse;margin:1em 0}td,th{padding:.25em .8em;"
    "border-bottom:1px solid #ddd;text-align:left}td.num{text-align:right}"
    ".lc-headline{font-size:1.1em}"
)


def to_html(
    report: WageReport | WorkLog,
    *,
    title: str | None = None,
    log_label: str | None = None,
    sources: Sequence[str] = (),
    generated: date | None = None,
    standalone: bool = True,
) -> str:
    """The report as HTML: a whole page, or (``standalone=False``) a fragment to paste.

    Every piece of text is escaped. The fragment is a ``<section
    class="labourchain-report">`` with no styles or scripts. ``report`` may be
    a log, as for :func:`to_markdown`.
    """
    report = _report(report)
    heading = title or _headline(report)
    about = f"Log: {log_label}. " if log_label else ""
    parts: list[str] = ['<section class="labourchain-report">', f"<h1>{_h(heading)}</h1>"]
    parts.append(
        f"<p>{_h(f'{about}{_counts(report)}, {_period(report)}.')}</p>"
    )
    parts.append(f'<p class="lc-headline">{_h(_summary(report))}</p>')
    parts.append("<h2>Figures</h2>\n<table>")
    parts += [f'<tr><th scope="row">{_h(k)}</th><td>{_h(v)}</td></tr>' for k, v in _figures(report)]
    parts.append("</table>\n<h2>Time</h2>\n<table>")
    parts.append("<tr><th>activity</th><th>hours</th><th>share</th></tr>")
    parts += [
        f'<tr><td>{_h(a)}</td><td class="num">{_h(h)}</td><td class="num">{_h(s)}</td></tr>'
        for a, h, s in _time_rows(report)
    ]
    parts.append("</table>")
    parts.append(f"<h2>Method</h2>\n<p>{_h(method_paragraph(report))}</p>")
    parts.append("<h2>Sources</h2>\n<ul>")
    listed = _sources(report, sources)
    parts += [f"<li>{_linked(s)}</li>" for s in listed] or [
        "<li>No outside figures were used.</li>"
    ]
    parts.append("</ul>")
    parts.append(f"<p><small>{_h(_footer(generated))}</small></p>\n</section>")
    body = "\n".join(parts)
    if not standalone:
        return body + "\n"
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{_h(heading)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        f"{body}\n</body>\n</html>\n"
    )


def _counts(report: WageReport) -> str:
    return f"{plural(report.rows, 'entry', 'entries')}, {plural(report.tasks, 'task')}"


_URL: Final = re.compile(r"https?://[^\s,;]+")


def _linked(text: str) -> str:
    """Escape ``text`` and turn its http(s) URLs into links.

    The pieces between links keep their spaces at the edges: ``"retrieved 2026-11-23, "``
    must not lose the space before the link that follows it.
    """
    text = " ".join(text.split())
    out: list[str] = []
    last = 0
    for match in _URL.finditer(text):
        out.append(html.escape(text[last : match.start()], quote=True))
        url = match.group(0).rstrip(").")
        out.append(f'<a href="{_h(url)}" rel="noopener">{_h(url)}</a>')
        last = match.start() + len(url)
    out.append(html.escape(text[last:], quote=True))
    return "".join(out)
