"""The accounting of a work log, :class:`WageReport`, and its plain-text rendering."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, Final

import attrs

from labourchain._frozen import frozen_map
from labourchain._json import figure, money_value, rate_value
from labourchain._text import plural
from labourchain.accounting._policy import AccountingPolicy
from labourchain.activity import Activity
from labourchain.units import Quantity

__all__ = ("WageReport",)

#: How a figure that is not finite is named in the error.
_FIGURE: Final = "a figure of the report"


@attrs.frozen(kw_only=True)
class WageReport:
    """The accounting of a work log. Build it with :func:`wage_report`.

    Money is in ``currency``; times are quantities in hours; hourly wages in
    ``currency`` per hour. ``None`` marks a figure that does not exist (a wage
    over zero hours, a ratio without a reference).

    Attributes:
        currency: The currency of every amount.
        gross: Rewards of approved (paid) work.
        platform_fees: What platforms kept from those rewards.
        payout_fees: Withdrawal fees, conversion spreads and forfeited balances.
        net: ``gross - platform_fees - payout_fees``: what the worker earned.
        carried: Part of ``net`` below a payout minimum, carried to a later payout
            (valued net of the costs of paying it out, which are in ``payout_fees``).
        forgone: Rewards of rejected and returned work: what the worker was not paid.
        time_by_activity: Counted hours per activity (every activity, zeros included).
        paid_time: Hours of approved work.
        unpaid_time: Counted hours of every other activity.
        total_time: ``paid_time + unpaid_time``.
        excluded_time: Logged hours the policy does not count.
        paid_hourly: ``net / paid_time``: the pay for the work itself.
        effective_hourly: ``net / total_time``: the pay for all the time the job took.
        unpaid_share: ``unpaid_time / total_time``.
        reference: The reference hourly wage compared with, in ``currency``.
        reference_label: What the reference is ("minimum wage, Kenya, ...").
        reference_ratio: ``effective_hourly / reference``.
        shortfall: ``max(0, reference - effective_hourly)``: per hour.
        rows: Rows in the log.
        tasks: Rows of task work (paid, rejected and returned).
        period: First start and last end of the log, if it has rows.
        policy: The accounting policy's name.
        sources: Every figure used that came from outside the log, with its source.
        not_counted: The activities the policy leaves out: their hours are in
            ``time_by_activity`` and ``excluded_time``, in no wage and no share.
    """

    currency: str
    gross: Quantity
    platform_fees: Quantity
    payout_fees: Quantity
    net: Quantity
    carried: Quantity
    forgone: Quantity
    time_by_activity: Mapping[Activity, Quantity] = attrs.field(converter=frozen_map)
    paid_time: Quantity
    unpaid_time: Quantity
    total_time: Quantity
    excluded_time: Quantity
    paid_hourly: Quantity | None
    effective_hourly: Quantity | None
    unpaid_share: float | None
    reference: Quantity | None = None
    reference_label: str | None = None
    reference_ratio: float | None = None
    shortfall: Quantity | None = None
    rows: int = 0
    tasks: int = 0
    period: tuple[datetime, datetime] | None = None
    policy: str = AccountingPolicy().name
    sources: tuple[str, ...] = ()
    not_counted: frozenset[Activity] = frozenset()

    @property
    def fees(self) -> Quantity:
        """Platform fees and payout costs together."""
        total: Quantity = self.platform_fees + self.payout_fees
        return total

    def to_dict(self) -> dict[str, Any]:
        """The report as plain JSON-ready values: money in ``currency``, times in hours.

        Keys are the attribute names; ``units`` says what the numbers are in.
        """

        code = self.currency

        def num(q: Quantity | None, unit: str) -> float | None:
            if q is None:
                return None
            value = float(q.to(unit).magnitude)
            if unit == code:
                return money_value(value, code)
            if unit == f"{code}/hour":
                return rate_value(value, code)
            return figure(value, _FIGURE)

        money_unit, rate_unit = code, f"{code}/hour"
        return {
            "currency": self.currency,
            "units": {"money": self.currency, "time": "hour", "hourly": f"{self.currency}/hour"},
            "gross": num(self.gross, money_unit),
            "platform_fees": num(self.platform_fees, money_unit),
            "payout_fees": num(self.payout_fees, money_unit),
            "fees": num(self.fees, money_unit),
            "net": num(self.net, money_unit),
            "carried": num(self.carried, money_unit),
            "forgone": num(self.forgone, money_unit),
            "time_by_activity": {a.value: num(t, "hour") for a, t in self.time_by_activity.items()},
            "paid_time": num(self.paid_time, "hour"),
            "unpaid_time": num(self.unpaid_time, "hour"),
            "total_time": num(self.total_time, "hour"),
            "excluded_time": num(self.excluded_time, "hour"),
            "paid_hourly": num(self.paid_hourly, rate_unit),
            "effective_hourly": num(self.effective_hourly, rate_unit),
            "unpaid_share": figure(self.unpaid_share, _FIGURE),
            "reference": num(self.reference, rate_unit),
            "reference_label": self.reference_label,
            "reference_ratio": figure(self.reference_ratio, _FIGURE),
            "shortfall": num(self.shortfall, rate_unit),
            "rows": self.rows,
            "tasks": self.tasks,
            "period": None if self.period is None else [p.isoformat() for p in self.period],
            "policy": self.policy,
            "sources": list(self.sources),
        }

    def to_text(self) -> str:
        """A plain-text rendering for a terminal or an e-mail."""
        return _render_text(self)

    def __str__(self) -> str:
        return self.to_text()


# ---------------------------------------------------------------------- rendering


def _effective_label(report: WageReport) -> str:
    """What the effective wage is over: "all time", or only the counted time under a policy."""
    return "effective (counted time)" if report.not_counted else "effective (all time)"


def _render_text(report: WageReport) -> str:
    cur = report.currency
    lines: list[str] = []
    if report.period is not None:
        first, last = report.period
        span = f"{first:%Y-%m-%d %H:%M} to {last:%Y-%m-%d %H:%M} (UTC{first:%z})"
    else:
        span = "empty log"
    lines.append(
        f"Wage report: {plural(report.rows, 'span')}, {plural(report.tasks, 'task')}, {span}"
    )
    lines.append(f"Accounting: {report.policy}; money in {cur}")
    lines.append("")
    total_h = float(report.total_time.magnitude)
    lines.append(f"  {'Time':<28}{'hours':>10}{'share':>9}")
    left_out: list[str] = []
    for activity, hours in report.time_by_activity.items():
        h = float(hours.magnitude)
        if h == 0:
            continue
        if activity in report.not_counted:  # listed below the total, with no share
            left_out.append(f"  {activity.value + ' (not counted)':<28}{h:>10.2f}")
            continue
        share = f"{100 * h / total_h:8.1f}%" if total_h > 0 else "        -"
        label = "paid work" if activity.is_paid else f"{activity.value} (unpaid)"
        lines.append(f"  {label:<28}{h:>10.2f}{share}")
    lines.append(f"  {'total counted':<28}{total_h:>10.2f}")
    lines.extend(left_out)
    if report.excluded_time.magnitude > 0 and not left_out:
        lines.append(f"  {'logged, not counted':<28}{report.excluded_time.magnitude:>10.2f}")
    lines.append("")

    def amount(label: str, q: Quantity, sign: str = " ") -> str:
        return f"  {label:<28}{sign}{q.magnitude:>12,.2f} {cur}"

    lines.append(amount("gross (approved work)", report.gross))
    if report.platform_fees.magnitude:
        lines.append(amount("platform fees", report.platform_fees, "-"))
    if report.payout_fees.magnitude:
        lines.append(amount("payout costs", report.payout_fees, "-"))
    lines.append(amount("net earnings", report.net))
    if report.carried.magnitude:
        lines.append(amount("  of which not yet paid out", report.carried))
    if report.forgone.magnitude:
        lines.append(amount("forgone (rejected, returned)", report.forgone))
    lines.append("")

    def rate(label: str, q: Quantity | None) -> str:
        value = "         n/a" if q is None else f"{q.magnitude:>12,.2f} {cur}/hour"
        return f"  {label:<28} {value}"

    lines.append(rate("paid time only", report.paid_hourly))
    lines.append(rate(_effective_label(report), report.effective_hourly))
    if report.unpaid_share is not None:
        lines.append(f"  {'unpaid share of time':<28} {100 * report.unpaid_share:>11.1f}%")
    if report.reference is not None:
        lines.append(rate("reference wage", report.reference))
        lines.append(f"    ({report.reference_label})")
        if report.reference_ratio is not None:
            lines.append(f"  {'effective / reference':<28} {100 * report.reference_ratio:>11.1f}%")
        if report.shortfall is not None and report.shortfall.magnitude > 0:
            lines.append(rate("shortfall per hour", report.shortfall))
    if report.sources:
        lines.append("")
        lines.append("Figures used:")
        lines.extend(f"  - {s}" for s in report.sources)
    return "\n".join(lines)
