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

from labourchain.render._figures import method_paragraph
from labourchain.render._html import to_html
from labourchain.render._markdown import to_markdown

__all__ = ("method_paragraph", "to_html", "to_markdown")
