"""``breakdown`` as it was before the columnar GroupedReport (main at d14939a, issue #17).

Vendored for benchmarks/test_bench_breakdown.py, which times it against today's
``labourchain.breakdown`` in the same run: every group's WageReport is built at
once, from about twenty pint quantities. Only the imports (the modules moved) and the
calls of wage_report (its options by keyword now) changed; the code is as it was. Not
part of the package; not to be used.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any, Final, Literal, TypeAlias

import attrs
import numpy as np
import numpy.typing as npt

from labourchain._frozen import frozen_map
from labourchain._json import figure_value
from labourchain._text import printable
from labourchain.accounting import AccountingPolicy, WageReport, wage_report
from labourchain.activity import Activity
from labourchain.domain import PayoutPolicy, Platform
from labourchain.errors import InvalidInputError, MissingRateError
from labourchain.units import Q_, ExchangeRates, Quantity
from labourchain.units import seconds_of as seconds
from labourchain.worklog import WorkLog

__all__ = (
    "ATTRIBUTION_RULES",
    "BREAKDOWN_KEYS",
    "DAY_RULES",
    "GroupKey",
    "GroupedReport",
    "breakdown",
)

#: What a log can be broken down by.
BREAKDOWN_KEYS: Final = ("day", "week", "platform", "client", "kind", "task")
#: How unpaid time that belongs to no group is shared out.
ATTRIBUTION_RULES: Final = ("paid_time", "tasks", "separate")
#: Where a span that crosses local midnight goes.
DAY_RULES: Final = ("start", "split")

By: TypeAlias = Literal["day", "week", "platform", "client", "kind", "task"]
Attribution: TypeAlias = Literal["paid_time", "tasks", "separate"]
DayRule: TypeAlias = Literal["start", "split"]
#: A group's key: a date (day, or the Monday of a week), a label, or ``None``
#: for unattributed time kept apart.
GroupKey: TypeAlias = date | str | None

_ACTIVITIES: Final = tuple(Activity)
_N_ACT: Final = len(_ACTIVITIES)
_PAID: Final = _ACTIVITIES.index(Activity.PAID)
_SEARCH: Final = _ACTIVITIES.index(Activity.SEARCH)
_TASK_WORK: Final = np.array([a.is_task_work for a in _ACTIVITIES])
_REWARDED: Final = np.array([a.is_task_work and not a.is_paid for a in _ACTIVITIES])
_DAY_US: Final = 86_400_000_000
_EPOCH_DAY: Final = date(1970, 1, 1)
_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)
_LABEL_COLUMN: Final = {
    "platform": "platform",
    "client": "client",
    "kind": "kind",
    "task": "task_id",
}

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]


def key_label(key: GroupKey, by: str) -> str:
    """How a group's key is written in tables and JSON."""
    if key is None:
        return "(unattributed)"
    if isinstance(key, date):
        return key.isoformat()
    return key if key else "(unknown)"


@attrs.frozen(kw_only=True)
class GroupedReport:
    """One :class:`~labourchain.wage.WageReport` per group, and the total.

    Build it with :func:`breakdown`. It reads as a mapping from group key to
    report (``grouped[date(2024, 3, 4)]``, ``grouped.items()``).

    Attributes:
        by: What the log was grouped by ("day", "week", "platform", ...).
        groups: The report of each group, keys in order (dates ascending,
            labels sorted, ``None`` last).
        total: The report of the whole log (``wage_report`` of it): the groups
            add up to it.
        attribution: The rule that shared out unattributed time.
        day_rule: Where spans crossing local midnight went ("start" or "split").
        shared_time: Hours of unattributed time shared out to the groups (zero
            under ``"separate"``, where it is the ``None`` group).
    """

    by: str
    groups: Mapping[GroupKey, WageReport] = attrs.field(converter=frozen_map)
    total: WageReport
    attribution: str
    day_rule: str
    shared_time: Quantity

    def __getitem__(self, key: GroupKey) -> WageReport:
        return self.groups[key]

    def __iter__(self) -> Iterator[GroupKey]:
        return iter(self.groups)

    def __len__(self) -> int:
        return len(self.groups)

    def __contains__(self, key: object) -> bool:
        return key in self.groups

    def keys(self) -> Iterator[GroupKey]:
        """The group keys, in order."""
        return iter(self.groups)

    def items(self) -> Iterator[tuple[GroupKey, WageReport]]:
        """``(key, report)`` pairs, in order."""
        return iter(self.groups.items())

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready values: each group's report as :meth:`WageReport.to_dict`, and the total."""
        return {
            "by": self.by,
            "attribution": self.attribution,
            "day_rule": self.day_rule,
            "shared_time": figure_value(float(self.shared_time.to("hour").magnitude)),
            "groups": [
                {"key": key_label(key, self.by), **report.to_dict()}
                for key, report in self.groups.items()
            ],
            "total": self.total.to_dict(),
        }

    def to_text(self) -> str:
        """A table for a terminal: one line per group and the total."""
        cur = self.total.currency
        head = self.by if self.by != "week" else "week of"
        labels = [printable(key_label(k, self.by)) for k in self.groups]
        width = max([len(head), 10, *(len(label) for label in labels)]) + 2
        rule = (
            f"spans crossing midnight: {_DAY_TEXT[self.day_rule]}"
            if self.by in ("day", "week")
            else f"unattributed time: {_RULE_TEXT[self.attribution]}"
        )
        lines = [
            f"Wages by {self.by} ({rule})",
            "",
            f"  {head:<{width}}{'hours':>8}{'unpaid':>8}{'net ' + cur:>12}"
            f"{'paid/h':>9}{'effective/h':>13}",
        ]

        def line(label: str, r: WageReport) -> str:
            share = "-" if r.unpaid_share is None else f"{100 * r.unpaid_share:.0f}%"
            paid = "-" if r.paid_hourly is None else f"{r.paid_hourly.magnitude:.2f}"
            eff = "-" if r.effective_hourly is None else f"{r.effective_hourly.magnitude:.2f}"
            return (
                f"  {label:<{width}}{r.total_time.to('hour').magnitude:>8.2f}{share:>8}"
                f"{r.net.magnitude:>12,.2f}{paid:>9}{eff:>13}"
            )

        lines.extend(line(label, r) for label, r in zip(labels, self.groups.values(), strict=True))
        lines.append(line("total", self.total))
        if self.shared_time.magnitude > 0:
            lines.append("")
            lines.append(
                f"  {self.shared_time.to('hour').magnitude:.2f} h of unattributed time "
                f"shared out {_RULE_TEXT[self.attribution]}"
            )
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.to_text()


_RULE_TEXT: Final = {
    "paid_time": "in proportion to paid time",
    "tasks": "in proportion to task attempts",
    "separate": "kept as its own group",
}
_DAY_TEXT: Final = {"start": "on the day they start", "split": "split at midnight"}


def _choice(value: object, allowed: tuple[str, ...], what: str) -> str:
    if not isinstance(value, str) or value not in allowed:
        raise InvalidInputError(f"{what} must be one of {', '.join(allowed)}; got {value!r}")
    return value


def breakdown(
    log: WorkLog,
    by: By,
    *,
    attribute: Attribution = "paid_time",
    day_rule: DayRule = "start",
    currency: str | None = None,
    rates: ExchangeRates | None = None,
    platform: Platform | Mapping[str, Platform] | None = None,
    reference: Any = None,
    payout: PayoutPolicy | None = None,
    policy: AccountingPolicy | None = None,
) -> GroupedReport:
    """One wage report per day, week, platform, client, kind or task, and the total.

    Args:
        log: The worker's log.
        by: ``"day"`` or ``"week"`` (local time), or a label column:
            ``"platform"``, ``"client"``, ``"kind"``, ``"task"`` (``task_id``).
        attribute: How unpaid time that belongs to no group is shared out:
            ``"paid_time"``, ``"tasks"`` or ``"separate"`` (see the module docs).
        day_rule: ``"start"`` (a span belongs to the day it starts on) or
            ``"split"`` (cut at local midnight). Used for days and weeks.
        currency: As for :func:`~labourchain.wage.wage_report`; so are
            ``rates``, ``platform``, ``reference``, ``payout`` and ``policy``.

    Returns:
        A :class:`GroupedReport` whose groups add up to its ``total``.

    Raises:
        InvalidInputError: for an unknown ``by``, ``attribute`` or ``day_rule``,
            and whatever :func:`~labourchain.wage.wage_report` raises.

    >>> import labourchain as lc
    >>> log = lc.WorkLog.from_records([
    ...     {"start": "2024-03-04T23:30:00-04:00", "minutes": 60, "activity": "paid",
    ...      "reward": 2.0, "currency": "USD"},
    ... ])
    >>> [str(day) for day in breakdown(log, by="day")]
    ['2024-03-04']
    >>> split = breakdown(log, by="day", day_rule="split")
    >>> [(str(d), r.net.magnitude) for d, r in split.items()]
    [('2024-03-04', 1.0), ('2024-03-05', 1.0)]
    """
    if not isinstance(log, WorkLog):
        raise InvalidInputError(f"breakdown needs a WorkLog, got {type(log).__name__}")
    by = _choice(by, BREAKDOWN_KEYS, "by")  # type: ignore[assignment]
    attribute = _choice(attribute, ATTRIBUTION_RULES, "attribute")  # type: ignore[assignment]
    day_rule = _choice(day_rule, DAY_RULES, "day_rule")  # type: ignore[assignment]
    policy = policy or AccountingPolicy()
    total = wage_report(
        log,
        currency,
        rates=rates,
        platform=platform,
        reference=reference,
        payout=payout,
        policy=policy,
    )
    currency = total.currency
    by_time = by in ("day", "week")
    if by_time and day_rule == "split":
        work, first_piece = _split_at_midnight(log)
    else:
        work, first_piece = log, np.ones(len(log), dtype=bool)

    # -- which group each row is in (slot n_groups: unattributed)
    keys: list[GroupKey]
    if by_time:
        day = np.floor_divide(work.local_start_us(), _DAY_US)
        index = day if by == "day" else np.floor_divide(day + 3, 7)  # 1970-01-01 was a Thursday
        uniq, inverse = np.unique(index, return_inverse=True)
        found: npt.NDArray[Any] = inverse
        keys = [
            _EPOCH_DAY + timedelta(days=int(i) if by == "day" else int(i) * 7 - 3)
            for i in uniq.tolist()
        ]
        unattributed = np.zeros(len(work), dtype=bool)
    else:
        labels = getattr(work, _LABEL_COLUMN[by]).astype(str)
        unattributed = (labels == "") & ~_TASK_WORK[work.activity]
        attributed_labels = labels[~unattributed]
        uniq_labels = np.unique(attributed_labels)
        keys = [str(x) for x in uniq_labels.tolist()]
        found = (
            np.searchsorted(uniq_labels, labels)
            if len(uniq_labels)
            else np.zeros(len(work), np.intp)
        )
    n = len(keys)
    slot: IntArray = np.where(unattributed, n, np.asarray(found, dtype=np.intp).reshape(-1))
    slots = n + 1

    # -- time: counted seconds per (slot, activity)
    counted = work.counted_seconds()
    cell = slot * _N_ACT + work.activity.astype(np.intp)
    time = np.bincount(cell, weights=counted, minlength=slots * _N_ACT).reshape(slots, _N_ACT)
    for gap_slot, gap_s in _gaps(work, policy, slot if by_time else None, n):
        time[gap_slot, _SEARCH] += gap_s

    # -- money per slot, in the report's currency
    factor = _factors(work.currency_table, currency, rates)
    row_factor = np.append(factor, 0.0)[work.currency_code]  # code -1 picks the 0
    reward = np.where(np.isnan(work.reward), 0.0, work.reward) * row_factor
    paid = work.activity == _PAID
    gross = np.bincount(slot, weights=np.where(paid, reward, 0.0), minlength=slots)
    fee_share = _worker_fee_shares(work, platform)
    platform_fees = np.bincount(
        slot, weights=np.where(paid, reward * fee_share, 0.0), minlength=slots
    )
    forgone = np.bincount(
        slot, weights=np.where(_REWARDED[work.activity], reward, 0.0), minlength=slots
    )
    balance_rows = np.where(paid, reward * (1.0 - fee_share), 0.0)
    payout_fees, carried = np.zeros(slots), np.zeros(slots)
    # Payout costs are settled once per platform (per label, with a mapping), as
    # wage_report does; each settlement is shared in proportion to balances.
    pools: list[tuple[npt.NDArray[np.bool_], WageReport]] = []
    if isinstance(platform, Mapping) and len(log):
        labels_all = log.platform.astype(str)
        work_labels = work.platform.astype(str)
        for label in np.unique(labels_all).tolist():
            part = wage_report(
                log[labels_all == label],
                currency,
                rates=rates,
                platform=platform,
                payout=payout,
                policy=policy,
            )
            pools.append((work_labels == label, part))
    else:
        pools.append((np.ones(len(work), dtype=bool), total))
    for rows_in, part in pools:
        balance = np.bincount(slot, weights=np.where(rows_in, balance_rows, 0.0), minlength=slots)
        if balance.sum() > 0:
            payout_fees += float(part.payout_fees.magnitude) * balance / balance.sum()
            carried += float(part.carried.magnitude) * balance / balance.sum()

    task_rows = _TASK_WORK[work.activity] & first_piece
    tasks = np.bincount(slot, weights=task_rows, minlength=slots)
    rows = np.bincount(slot, weights=first_piece, minlength=slots)

    # -- share out the unattributed slot
    shared_h = 0.0
    if attribute != "separate" and time[n].sum() > 0 and n > 0:
        counted_cols = np.array([a in policy.counted for a in _ACTIVITIES])
        w = time[:n, _PAID].copy() if attribute == "paid_time" else tasks[:n].astype(float)
        if w.sum() <= 0:
            w = time[:n][:, counted_cols].sum(axis=1)
        if w.sum() > 0:
            shared_h = float(time[n][counted_cols].sum()) / 3600.0
            time[:n] += np.outer(w / w.sum(), time[n])
            time[n] = 0.0

    # First start, last end and first row of each slot, in one pass (not one per group).
    size = np.bincount(slot, minlength=slots)
    first_us = np.full(slots, np.iinfo(np.int64).max, dtype=np.int64)
    last_us = np.full(slots, np.iinfo(np.int64).min, dtype=np.int64)
    np.minimum.at(first_us, slot, work.start_us)
    np.maximum.at(last_us, slot, work.end_us)
    first_row = np.full(slots, len(work), dtype=np.intp)
    np.minimum.at(first_row, slot, np.arange(len(work), dtype=np.intp))
    groups: dict[GroupKey, WageReport] = {}
    for g in range(slots):
        has_rows = bool(size[g] > 0)
        if g == n:
            if time[n].sum() <= 0 and not (attribute == "separate" and has_rows):
                continue
            key: GroupKey = None
        else:
            key = keys[g]
        period = None
        if has_rows:
            tz = timezone(timedelta(seconds=int(work.offset_s[first_row[g]])))
            period = (
                (_EPOCH + timedelta(microseconds=int(first_us[g]))).astimezone(tz),
                (_EPOCH + timedelta(microseconds=int(last_us[g]))).astimezone(tz),
            )
        groups[key] = _group_report(
            total,
            policy,
            time_s=time[g],
            gross=float(gross[g]),
            platform_fees=float(platform_fees[g]),
            payout_fees=float(payout_fees[g]),
            carried=float(carried[g]),
            forgone=float(forgone[g]),
            rows=int(rows[g]),
            tasks=int(tasks[g]),
            period=period,
        )
    return GroupedReport(
        by=by,
        groups=groups,
        total=total,
        attribution=attribute,
        day_rule=day_rule,
        shared_time=Q_(shared_h, "hour"),
    )


def _factors(table: tuple[str, ...], currency: str, rates: ExchangeRates | None) -> FloatArray:
    """Units of ``currency`` per unit of each code in ``table``.

    A currency without a rate gets 0: ``wage_report`` of the whole log has
    already refused any non-zero amount that cannot be converted.
    """
    out = np.zeros(len(table))
    for i, code in enumerate(table):
        if code == currency:
            out[i] = 1.0
        elif rates is not None:
            try:
                out[i] = rates.rate(code, currency)
            except MissingRateError:
                out[i] = 0.0
    return out


def _worker_fee_shares(
    work: WorkLog, platform: Platform | Mapping[str, Platform] | None
) -> FloatArray:
    if platform is None:
        return np.zeros(len(work))
    if isinstance(platform, Platform):
        return np.full(len(work), platform.worker_fee or 0.0)
    labels = work.platform.astype(str)
    out = np.zeros(len(work))
    for label in np.unique(labels).tolist():
        plat = platform.get(str(label))
        out[labels == label] = 0.0 if plat is None else (plat.worker_fee or 0.0)
    return out


def _gaps(
    work: WorkLog, policy: AccountingPolicy, slot: IntArray | None, unattributed: int
) -> Iterator[tuple[int, float]]:
    """The gaps the policy counts as search: (slot, seconds) for each.

    As ``wage_report`` counts them: gaps between the end of everything so far
    and the next start, no longer than ``policy.merge_gaps``. For days and weeks
    (``slot`` given) a gap goes to the group of the row it follows (in start
    order); otherwise to the unattributed slot.
    """
    limit = seconds(policy.merge_gaps, what="merge_gaps") * 1e6
    if limit <= 0 or len(work) < 2:
        return
    order = np.argsort(work.start_us, kind="stable")
    start = work.start_us[order]
    reach = np.maximum.accumulate(work.end_us[order])
    gaps = start[1:] - reach[:-1]
    chosen = np.flatnonzero((gaps > 0) & (gaps <= limit))
    if slot is None:
        total = float(gaps[chosen].sum()) / 1e6
        if total > 0:
            yield unattributed, total
        return
    for i in chosen.tolist():
        yield int(slot[order[i]]), float(gaps[i]) / 1e6


def _split_at_midnight(log: WorkLog) -> tuple[WorkLog, npt.NDArray[np.bool_]]:
    """The log with spans cut at local midnight, and which pieces begin a row."""
    n = len(log)
    if n == 0:
        return log, np.ones(0, dtype=bool)
    offset = log.offset_s.astype(np.int64) * 1_000_000
    local_start = log.start_us + offset
    local_end = log.end_us + offset
    first_day = np.floor_divide(local_start, _DAY_US)
    last_day = np.where(local_end > local_start, np.floor_divide(local_end - 1, _DAY_US), first_day)
    pieces = (last_day - first_day + 1).astype(np.intp)
    if bool(np.all(pieces == 1)):
        return log, np.ones(n, dtype=bool)
    row = np.repeat(np.arange(n), pieces)
    begin = np.repeat(np.cumsum(pieces) - pieces, pieces)
    k = np.arange(len(row)) - begin
    day = first_day[row] + k
    piece_start = np.maximum(local_start[row], day * _DAY_US)
    piece_end = np.minimum(local_end[row], (day + 1) * _DAY_US)
    piece_minutes = (piece_end - piece_start) / 60_000_000
    whole = log.minutes[row]
    fraction = np.divide(piece_minutes, whole, out=np.ones_like(piece_minutes), where=whole > 0)
    sub = log[row]
    split = attrs.evolve(
        sub,
        start_us=piece_start - offset[row],
        minutes=piece_minutes,
        reward=sub.reward * fraction,
    )
    return split, k == 0


def _group_report(
    total: WageReport,
    policy: AccountingPolicy,
    *,
    time_s: FloatArray,
    gross: float,
    platform_fees: float,
    payout_fees: float,
    carried: float,
    forgone: float,
    rows: int,
    tasks: int,
    period: tuple[datetime, datetime] | None,
) -> WageReport:
    cur = total.currency
    hours = time_s / 3600.0
    is_counted = np.array([a in policy.counted for a in _ACTIVITIES])
    paid_h = float(hours[_PAID])
    total_h = float(hours[is_counted].sum())
    unpaid_h = total_h - paid_h
    net = gross - platform_fees - payout_fees
    hourly = f"{cur}/hour"
    effective = Q_(net / total_h, hourly) if total_h > 0 else None
    ratio = shortfall = None
    ref = total.reference
    if ref is not None and effective is not None and ref.magnitude > 0:
        ratio = float(effective.magnitude / ref.magnitude)
        shortfall = Q_(max(0.0, float(ref.magnitude - effective.magnitude)), hourly)
    return attrs.evolve(
        total,
        gross=Q_(gross, cur),
        platform_fees=Q_(platform_fees, cur),
        payout_fees=Q_(payout_fees, cur),
        net=Q_(net, cur),
        carried=Q_(carried, cur),
        forgone=Q_(forgone, cur),
        time_by_activity={a: Q_(float(hours[i]), "hour") for i, a in enumerate(_ACTIVITIES)},
        paid_time=Q_(paid_h, "hour"),
        unpaid_time=Q_(unpaid_h, "hour"),
        total_time=Q_(total_h, "hour"),
        excluded_time=Q_(float(hours[~is_counted].sum()), "hour"),
        paid_hourly=Q_(net / paid_h, hourly) if paid_h > 0 else None,
        effective_hourly=effective,
        unpaid_share=unpaid_h / total_h if total_h > 0 else None,
        reference_ratio=ratio,
        shortfall=shortfall,
        rows=rows,
        tasks=tasks,
        period=period,
    )
