"""The ledger: per-group float sums, and the one way sums become a :class:`WageReport`.

``wage_report`` (one group: the whole log), ``breakdown`` (one group per day,
week, label) and ``combine_reports`` (one group: the sums of several reports) all
fill a :class:`Ledger` and ask it for reports. The figures derived from the sums
(net earnings, counted and unpaid time, the hourly wages, the unpaid share, the
comparison with a reference) are computed here and nowhere else, in plain floats,
so a :class:`~labourchain.accounting.GroupedReport` can show a table of ten
thousand groups without building ten thousand reports.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Final

import attrs
import numpy as np
import numpy.typing as npt

from labourchain._typing import FloatArray
from labourchain.accounting._report import WageReport
from labourchain.activity import Activity
from labourchain.units import Q_, Quantity

__all__ = (
    "ACTIVITIES",
    "LAST_TASK_WORK",
    "PAID",
    "SEARCH",
    "TASK_WORK",
    "Figures",
    "Ledger",
    "ReportContext",
)

#: Every activity, in the order of the per-activity columns.
ACTIVITIES: Final = tuple(Activity)
#: The column of approved (paid) work.
PAID: Final = ACTIVITIES.index(Activity.PAID)
#: The column of search, where merged gaps go.
SEARCH: Final = ACTIVITIES.index(Activity.SEARCH)
#: Which columns are task work (paid, rejected, returned).
TASK_WORK: Final = np.array([a.is_task_work for a in ACTIVITIES])
# Task work (paid, rejected, returned) comes first in Activity, so a comparison selects it.
LAST_TASK_WORK: Final = int(np.flatnonzero(TASK_WORK).max())
assert np.all(TASK_WORK[: LAST_TASK_WORK + 1]), "task-work activities must come first"


@attrs.frozen(kw_only=True)
class ReportContext:
    """What every report of a ledger shares besides its sums.

    Attributes:
        reference: The reference hourly wage in the ledger's currency, if any.
        reference_label: What the reference is.
        policy: The accounting policy's name.
        sources: Every figure used that came from outside the log.
        not_counted: The activities the policy leaves out.
    """

    reference: Quantity | None = None
    reference_label: str | None = None
    policy: str
    sources: tuple[str, ...] = ()
    not_counted: frozenset[Activity] = frozenset()

    @classmethod
    def of(cls, report: WageReport) -> ReportContext:
        """The context of an existing report (its groups share it)."""
        return cls(
            reference=report.reference,
            reference_label=report.reference_label,
            policy=report.policy,
            sources=report.sources,
            not_counted=report.not_counted,
        )


@attrs.frozen
class Figures:
    """One group's derived figures, as plain floats (``None``: the figure does not exist).

    Money in the ledger's currency, times in hours, wages in currency per hour.
    """

    net: float
    paid_time: float
    unpaid_time: float
    total_time: float
    excluded_time: float
    paid_hourly: float | None
    effective_hourly: float | None
    unpaid_share: float | None
    reference_ratio: float | None
    shortfall: float | None


@attrs.frozen(kw_only=True, eq=False)
class Ledger:
    """Per-group sums: money in one currency, counted hours by activity, row counts.

    Build it with :meth:`from_seconds` (sums of a log's rows) or :meth:`of_reports`
    (sums of reports' figures, for ``combine_reports``); :meth:`figures` and
    :meth:`report` give each group's figures and :class:`WageReport`.

    Attributes:
        currency: The currency of every amount.
        counted: Which activity columns count as working time.
        hours: Hours per group and activity, shape ``(groups, activities)``.
        gross, platform_fees, payout_fees, carried, forgone: Money per group.
        rows, tasks: Rows and task-work rows per group.
        totals: Per-group ``(net, paid, unpaid, total, excluded)`` when they are
            sums in their own right (``combine_reports`` adds each report's
            totals); ``None`` derives them from the columns above.
    """

    currency: str
    counted: npt.NDArray[np.bool_]
    hours: FloatArray
    gross: FloatArray
    platform_fees: FloatArray
    payout_fees: FloatArray
    carried: FloatArray
    forgone: FloatArray
    rows: npt.NDArray[np.int64]
    tasks: npt.NDArray[np.int64]
    totals: FloatArray | None = None

    @classmethod
    def from_seconds(
        cls,
        *,
        currency: str,
        counted: frozenset[Activity],
        seconds: npt.ArrayLike,
        gross: npt.ArrayLike,
        platform_fees: npt.ArrayLike,
        payout_fees: npt.ArrayLike,
        carried: npt.ArrayLike,
        forgone: npt.ArrayLike,
        rows: npt.ArrayLike,
        tasks: npt.ArrayLike,
    ) -> Ledger:
        """A ledger from counted seconds per group and activity, and money per group."""
        by_activity = np.asarray(seconds, dtype=np.float64)
        if by_activity.ndim == 1:
            by_activity = by_activity.reshape(1, -1)
        return cls(
            currency=currency,
            counted=np.array([a in counted for a in ACTIVITIES]),
            hours=by_activity / 3600.0,
            gross=np.atleast_1d(np.asarray(gross, dtype=np.float64)),
            platform_fees=np.atleast_1d(np.asarray(platform_fees, dtype=np.float64)),
            payout_fees=np.atleast_1d(np.asarray(payout_fees, dtype=np.float64)),
            carried=np.atleast_1d(np.asarray(carried, dtype=np.float64)),
            forgone=np.atleast_1d(np.asarray(forgone, dtype=np.float64)),
            rows=np.atleast_1d(np.asarray(rows, dtype=np.int64)),
            tasks=np.atleast_1d(np.asarray(tasks, dtype=np.int64)),
        )

    @classmethod
    def of_reports(cls, reports: Sequence[WageReport]) -> Ledger:
        """One group: the sums of the reports' money and times (all in one currency).

        Each figure is the sum of the reports' figures, in order (net included:
        it is not recomputed from the summed gross and fees).
        """
        first = reports[0]

        def total(get: Any) -> float:
            value: Quantity = sum((get(r) for r in reports[1:]), start=get(first))
            return float(value.magnitude)

        def money(name: str) -> float:
            return total(lambda r: getattr(r, name))

        hours = np.array([[total(lambda r, a=a: r.time_by_activity[a]) for a in ACTIVITIES]])
        return cls(
            currency=first.currency,
            counted=np.array([a not in first.not_counted for a in ACTIVITIES]),
            hours=hours,
            gross=np.array([money("gross")]),
            platform_fees=np.array([money("platform_fees")]),
            payout_fees=np.array([money("payout_fees")]),
            carried=np.array([money("carried")]),
            forgone=np.array([money("forgone")]),
            rows=np.array([sum(r.rows for r in reports)], dtype=np.int64),
            tasks=np.array([sum(r.tasks for r in reports)], dtype=np.int64),
            totals=np.array(
                [
                    [
                        money("net"),
                        money("paid_time"),
                        money("unpaid_time"),
                        money("total_time"),
                        money("excluded_time"),
                    ]
                ]
            ),
        )

    def __len__(self) -> int:
        return len(self.gross)

    def figures(self, g: int, reference: float | None = None) -> Figures:
        """Group ``g``'s derived figures (``reference``: an hourly wage to compare with)."""
        if self.totals is None:
            hours = self.hours[g]
            paid_h = float(hours[PAID])
            total_h = float(hours[self.counted].sum())
            unpaid_h = total_h - paid_h
            excluded_h = float(hours[~self.counted].sum())
            net = float(self.gross[g]) - float(self.platform_fees[g]) - float(self.payout_fees[g])
        else:
            net, paid_h, unpaid_h, total_h, excluded_h = (float(x) for x in self.totals[g])
        effective = net / total_h if total_h > 0 else None
        ratio = shortfall = None
        if reference is not None and effective is not None and reference > 0:
            ratio = float(effective / reference)
            shortfall = max(0.0, float(reference - effective))
        return Figures(
            net=net,
            paid_time=paid_h,
            unpaid_time=unpaid_h,
            total_time=total_h,
            excluded_time=excluded_h,
            paid_hourly=net / paid_h if paid_h > 0 else None,
            effective_hourly=effective,
            unpaid_share=unpaid_h / total_h if total_h > 0 else None,
            reference_ratio=ratio,
            shortfall=shortfall,
        )

    def report(
        self,
        g: int,
        context: ReportContext,
        *,
        period: tuple[datetime, datetime] | None,
    ) -> WageReport:
        """Group ``g`` as a :class:`WageReport`."""
        cur = self.currency
        hourly = f"{cur}/hour"
        ref = context.reference
        f = self.figures(g, None if ref is None else ref.magnitude)
        hours = self.hours[g]

        def rate(value: float | None) -> Quantity | None:
            return None if value is None else Q_(value, hourly)

        return WageReport(
            currency=cur,
            gross=Q_(float(self.gross[g]), cur),
            platform_fees=Q_(float(self.platform_fees[g]), cur),
            payout_fees=Q_(float(self.payout_fees[g]), cur),
            net=Q_(f.net, cur),
            carried=Q_(float(self.carried[g]), cur),
            forgone=Q_(float(self.forgone[g]), cur),
            time_by_activity={a: Q_(float(hours[i]), "hour") for i, a in enumerate(ACTIVITIES)},
            paid_time=Q_(f.paid_time, "hour"),
            unpaid_time=Q_(f.unpaid_time, "hour"),
            total_time=Q_(f.total_time, "hour"),
            excluded_time=Q_(f.excluded_time, "hour"),
            paid_hourly=rate(f.paid_hourly),
            effective_hourly=rate(f.effective_hourly),
            unpaid_share=f.unpaid_share,
            reference=ref,
            reference_label=context.reference_label,
            reference_ratio=f.reference_ratio,
            shortfall=rate(f.shortfall),
            rows=int(self.rows[g]),
            tasks=int(self.tasks[g]),
            period=period,
            policy=context.policy,
            sources=context.sources,
            not_counted=context.not_counted,
        )
