"""A wage report as HTML: a whole page or a fragment to paste, every text escaped."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from datetime import date
from typing import Final

from labourchain.accounting import WageReport
from labourchain.render._figures import report_text
from labourchain.worklog import WorkLog

__all__ = ("escape_html", "linked", "to_html")


def escape_html(text: object) -> str:
    """Escape text for HTML (quotes too), with runs of white space made one space.

    >>> escape_html('<a href="x">  & </a>')
    '&lt;a href=&quot;x&quot;&gt; &amp; &lt;/a&gt;'
    """
    return html.escape(" ".join(str(text).split()), quote=True)


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
    text = report_text(
        report, title=title, log_label=log_label, sources=sources, generated=generated
    )
    parts: list[str] = [
        '<section class="labourchain-report">',
        f"<h1>{escape_html(text.heading)}</h1>",
        f"<p>{escape_html(text.about)}</p>",
        f'<p class="lc-headline">{escape_html(text.summary)}</p>',
        "<h2>Figures</h2>\n<table>",
    ]
    parts += [
        f'<tr><th scope="row">{escape_html(k)}</th><td>{escape_html(v)}</td></tr>'
        for k, v in text.figures
    ]
    parts.append("</table>\n<h2>Time</h2>\n<table>")
    parts.append("<tr><th>activity</th><th>hours</th><th>share</th></tr>")
    parts += [
        f'<tr><td>{escape_html(a)}</td><td class="num">{escape_html(h)}</td>'
        f'<td class="num">{escape_html(s)}</td></tr>'
        for a, h, s in text.time
    ]
    parts.append("</table>")
    parts.append(f"<h2>Method</h2>\n<p>{escape_html(text.method)}</p>")
    parts.append("<h2>Sources</h2>\n<ul>")
    parts += [f"<li>{linked(s)}</li>" for s in text.sources] or [
        "<li>No outside figures were used.</li>"
    ]
    parts.append("</ul>")
    parts.append(f"<p><small>{escape_html(text.footer)}</small></p>\n</section>")
    body = "\n".join(parts)
    if not standalone:
        return body + "\n"
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape_html(text.heading)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        f"{body}\n</body>\n</html>\n"
    )


_URL: Final = re.compile(r"https?://[^\s,;]+")


def linked(text: str) -> str:
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
        out.append(f'<a href="{escape_html(url)}" rel="noopener">{escape_html(url)}</a>')
        last = match.start() + len(url)
    out.append(html.escape(text[last:], quote=True))
    return "".join(out)
