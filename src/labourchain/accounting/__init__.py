"""Effective-wage accounting: what a log of work really paid per hour.

The method, in one paragraph: every minute the worker logged counts, paid or
not (the ILO 2018 definition of unpaid work: searching, unpaid tests and
training, waiting, admin, and work that was rejected or returned); no minute
counts twice where spans overlap (see :meth:`WorkLog.counted_seconds`).
Earnings are the rewards of approved (``paid``) work, less the platform's
fee and the cost of paying out, converted to one currency with explicit,
dated rates. The effective hourly wage is a **ratio of sums**: net earnings
divided by all counted time, never an average of per-task rates (which
overstates pay, Hara et al. 2018).

>>> import labourchain as lc
>>> log = lc.WorkLog.from_records([
...     {"start": "2024-03-04T21:00:00+03:00", "minutes": 12, "activity": "search"},
...     {"start": "2024-03-04T21:12:00+03:00", "minutes": 30, "activity": "paid",
...      "reward": 1.50, "currency": "USD"},
... ])
>>> report = lc.wage_report(log)
>>> report.paid_hourly, report.effective_hourly
(<Quantity(3.0, 'USD / hour')>, <Quantity(2.14285714, 'USD / hour')>)
"""

from labourchain.accounting._breakdown import (
    ATTRIBUTION_RULES,
    BREAKDOWN_KEYS,
    DAY_RULES,
    GroupedReport,
    GroupKey,
    breakdown,
)
from labourchain.accounting._policy import POLICIES, AccountingPolicy
from labourchain.accounting._pool import (
    DEFAULT_QUANTILES,
    ClientRating,
    RequesterRatings,
    WorkerLogs,
    pool,
)
from labourchain.accounting._report import WageReport
from labourchain.accounting._wage import combine_reports, wage_report

__all__ = (
    "ATTRIBUTION_RULES",
    "BREAKDOWN_KEYS",
    "DAY_RULES",
    "DEFAULT_QUANTILES",
    "POLICIES",
    "AccountingPolicy",
    "ClientRating",
    "GroupKey",
    "GroupedReport",
    "RequesterRatings",
    "WageReport",
    "WorkerLogs",
    "breakdown",
    "combine_reports",
    "pool",
    "wage_report",
)
