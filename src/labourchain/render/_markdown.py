"""A wage report as Markdown (CommonMark with GitHub-flavoured tables), every text escaped."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Final

from labourchain.accounting import WageReport
from labourchain.render._figures import report_text
from labourchain.worklog import WorkLog

__all__ = ("escape_markdown", "to_markdown")

_MD_SPECIAL: Final = re.compile(r"([\\`*_\[\]<>|~&])")
_MD_LINE_START: Final = re.compile(r"^(\s*)([#+\-=]|\d{1,9}[.)])(?=\s|$)")


def escape_markdown(text: object) -> str:
    """Escape text for Markdown (CommonMark/GFM): no raw HTML, links, emphasis or table breaks.

    >>> escape_markdown("<b>x</b> | *y*")
    '\\\\<b\\\\>x\\\\</b\\\\> \\\\| \\\\*y\\\\*'
    """
    flat = " ".join(str(text).split())
    escaped = _MD_SPECIAL.sub(r"\\\1", flat)
    return _MD_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), escaped)


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
        report: The wage report, or a log (reported with
            :func:`~labourchain.accounting.wage_report`'s
            defaults; build the report yourself for fees, rates or a reference).
        title: A heading (default: the effective hourly wage).
        log_label: What the log is (a file name, "a worker in Nairobi").
        sources: Further sources to list (for example the exchange rates used).
        generated: The date to print as the report's date (default: none printed).
    """
    text = report_text(
        report, title=title, log_label=log_label, sources=sources, generated=generated
    )
    lines = [f"# {escape_markdown(text.heading)}", ""]
    lines += [
        escape_markdown(text.about),
        "",
        escape_markdown(text.summary),
        "",
        "## Figures",
        "",
        "| | |",
        "| --- | ---: |",
    ]
    lines += [f"| {escape_markdown(k)} | {escape_markdown(v)} |" for k, v in text.figures]
    lines += ["", "## Time", "", "| activity | hours | share |", "| --- | ---: | ---: |"]
    lines += [f"| {escape_markdown(a)} | {h} | {s} |" for a, h, s in text.time]
    lines += ["", "## Method", "", escape_markdown(text.method), "", "## Sources", ""]
    listed = [f"- {escape_markdown(s)}" for s in text.sources]
    lines += listed or ["- No outside figures were used."]
    lines += ["", escape_markdown(text.footer)]
    return "\n".join(lines) + "\n"
