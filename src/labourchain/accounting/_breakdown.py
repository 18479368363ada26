"""Where the hours go: one wage report per day, week, platform, client, kind or task.

:func:`breakdown` splits a :class:`~labourchain.worklog.WorkLog` into groups and
accounts for each group exactly as :func:`~labourchain.accounting.wage_report` does for
the whole log: a **ratio of sums** within the group (net earnings over all the
group's counted time). The groups add up to the total: their times, by
activity, and their money sum to the figures of ``wage_report`` on the whole log.

Three rules make that true; each is explicit and documented.

**Overlapping spans.** Time is counted on the whole log first (each instant
covered by ``k`` spans is shared ``1/k`` to each, see
:meth:`WorkLog.counted_seconds`), then summed by group. Two tasks for two
clients kept open at once share the overlapping minutes: no minute is
counted twice, in any grouping.

**Unpaid time that belongs to no group** (``attribute=``). Grouping by a label
(platform, client, kind, task), a row belongs to the group its label names. Task
work (paid, rejected, returned) with an empty label belongs to the group ``""``
(shown as "(unknown)": work for a client the worker was not told of). Any other
row with an empty label (searching, waiting, training with no client named) and
the gaps that :attr:`AccountingPolicy.merge_gaps` counts are **unattributed**,
and are shared out by one of three rules:

* ``"paid_time"`` (default): in proportion to each group's paid time. Finding
  work is a cost of the paid work it finds.
* ``"tasks"``: in proportion to each group's number of task attempts (paid,
  rejected and returned rows): each attempt needed a search.
* ``"separate"``: kept as its own group, under the key ``None`` ("(unattributed)").

If no group has any paid time (or task), the shares fall back to each group's
counted time; if no group has any, the time stays in the ``None`` group.
Unattributed rows carry no money (only task work can), so the rule moves only
time. Grouping by day or week every row has a group, and merged gaps go to the
day they start on.

**Days** are the worker's local calendar days, read from each row's own UTC
offset (:meth:`WorkLog.local_start_us`); weeks run Monday to Sunday (ISO 8601)
and are keyed by their Monday. With ``day_rule="start"`` (default) a span
belongs to the day it starts on (as in :meth:`WeeklySchedule.intervals`); with
``day_rule="split"`` a span crossing local midnight is cut there, its time
going to each day and its reward shared in proportion to the minutes on each
side (the task is counted once, on the day it starts).

**Payout costs** (a withdrawal fee, a minimum balance) are not additive: they
are computed once on the whole log, as ``wage_report`` does, and shared out to
groups in proportion to each group's earnings after platform fees. Platform
fees are a share of each reward and are computed per group.

>>> import labourchain as lc
>>> log = lc.WorkLog.from_records([
...     {"start": "2024-03-04T21:00:00+03:00", "minutes": 20, "activity": "search"},
...     {"start": "2024-03-04T21:20:00+03:00", "minutes": 30, "activity": "paid",
...      "reward": 3.00, "currency": "USD", "client": "A"},
...     {"start": "2024-03-04T21:50:00+03:00", "minutes": 10, "activity": "paid",
...      "reward": 0.50, "currency": "USD", "client": "B"},
... ])
>>> by_client = breakdown(log, by="client")
>>> for client, report in by_client.items():
...     print(client, round(report.total_time.to("minute").magnitude, 2),
...           round(report.effective_hourly.magnitude, 2))
A 45.0 4.0
B 15.0 2.0
>>> round(by_client.total.effective_hourly.magnitude, 2)
3.5
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any, Final, Literal, TypeAlias

import attrs
import numpy as np
import numpy.typing as npt

from labourchain._frozen import FrozenMap, frozen_map
from labourchain._json import figure_value
from labourchain._text import printable
from labourchain._typing import FloatArray
from labourchain.accounting._ledger import (
    ACTIVITIES,
    PAID,
    SEARCH,
    TASK_WORK,
    Figures,
    Ledger,
    ReportContext,
)
from labourchain.accounting._policy import AccountingPolicy, merged_gaps
from labourchain.accounting._report import WageReport
from labourchain.accounting._wage import wage_report
from labourchain.domain import PayoutPolicy, Platform
from labourchain.errors import InvalidInputError, MissingRateError
from labourchain.units import Q_, ExchangeRates, Quantity
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

_N_ACT: Final = len(ACTIVITIES)
_REWARDED: Final = np.array([a.is_task_work and not a.is_paid for a in ACTIVITIES])
_DAY_US: Final = 86_400_000_000
_EPOCH_DAY: Final = date(1970, 1, 1)
_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)
_LABEL_COLUMN: Final = {
    "platform": "platform",
    "client": "client",
    "kind": "kind",
    "task": "task_id",
}

IntArray = npt.NDArray[np.intp]


def key_label(key: GroupKey, by: str) -> str:
    """How a group's key is written in tables and JSON."""
    if key is None:
        return "(unattributed)"
    if isinstance(key, date):
        return key.isoformat()
    return key if key else "(unknown)"


class _Groups(Mapping[GroupKey, WageReport]):
    """A breakdown's groups, read-only: sums in a :class:`Ledger`, reports built on lookup.

    Each group's :class:`WageReport` is built the first time it is looked up and
    kept. It compares and hashes as the mapping of every key to its report does
    (a :class:`~labourchain._frozen.FrozenMap` of the same items is equal to it).
    """

    __slots__ = ("_built", "_context", "_index", "_keys", "_ledger", "_period", "_slots")

    def __init__(
        self,
        keys: list[GroupKey],
        slots: list[int],
        ledger: Ledger,
        context: ReportContext,
        period: Callable[[int], tuple[datetime, datetime] | None],
    ) -> None:
        self._keys = tuple(keys)
        self._slots = slots
        self._index = {key: i for i, key in enumerate(keys)}
        self._ledger = ledger
        self._context = context
        self._period = period
        self._built: list[WageReport | None] = [None] * len(keys)

    def __getitem__(self, key: GroupKey) -> WageReport:
        i = self._index[key]
        report = self._built[i]
        if report is None:
            g = self._slots[i]
            report = self._ledger.report(g, self._context, period=self._period(g))
            self._built[i] = report
        return report

    def __iter__(self) -> Iterator[GroupKey]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def __contains__(self, key: object) -> bool:
        try:
            return key in self._index
        except TypeError:  # an unhashable key is in no mapping
            return False

    # Mapping's __eq__ compares items; equal mappings hash alike, as FrozenMaps do.
    def __hash__(self) -> int:
        return hash(frozenset(self.items()))

    def __repr__(self) -> str:
        return repr(dict(self.items()))

    def __reduce__(self) -> tuple[Any, ...]:  # pickled with every report built
        return (FrozenMap, (dict(self.items()),))

    def figures(self) -> Iterator[Figures]:
        """Each group's figures, in key order, without building its report."""
        ref = self._context.reference
        magnitude = None if ref is None else ref.magnitude
        return (self._ledger.figures(g, magnitude) for g in self._slots)


def _read_only_groups(
    value: Mapping[GroupKey, WageReport],
) -> FrozenMap[GroupKey, WageReport] | _Groups:
    """The groups, read-only: a breakdown's columnar groups as they are, any other mapping
    as a :class:`~labourchain._frozen.FrozenMap`."""
    return value if isinstance(value, _Groups) else frozen_map(value)


def _report_figures(report: WageReport) -> Figures:
    """The figures a table shows, read from a built report."""

    def m(q: Quantity | None) -> float | None:
        return None if q is None else float(q.magnitude)

    return Figures(
        net=float(report.net.magnitude),
        paid_time=float(report.paid_time.to("hour").magnitude),
        unpaid_time=float(report.unpaid_time.to("hour").magnitude),
        total_time=float(report.total_time.to("hour").magnitude),
        excluded_time=float(report.excluded_time.to("hour").magnitude),
        paid_hourly=m(report.paid_hourly),
        effective_hourly=m(report.effective_hourly),
        unpaid_share=report.unpaid_share,
        reference_ratio=report.reference_ratio,
        shortfall=m(report.shortfall),
    )


def _figures(groups: Mapping[GroupKey, WageReport]) -> Iterator[Figures]:
    if isinstance(groups, _Groups):
        return groups.figures()
    return (_report_figures(r) for r in groups.values())


@attrs.frozen(kw_only=True)
class GroupedReport:
    """One :class:`~labourchain.accounting.WageReport` per group, and the total.

    Build it with :func:`breakdown`. It reads as a mapping from group key to
    report (``grouped[date(2024, 3, 4)]``, ``grouped.items()``).

    Attributes:
        by: What the log was grouped by ("day", "week", "platform", ...).
        groups: The report of each group, keys in order (dates ascending,
            labels sorted, ``None`` last). The sums are kept as float arrays; a
            group's :class:`~labourchain.accounting.WageReport` is built when it
            is first looked up.
        total: The report of the whole log (``wage_report`` of it): the groups
            add up to it.
        attribution: The rule that shared out unattributed time.
        day_rule: Where spans crossing local midnight went ("start" or "split").
        shared_time: Hours of unattributed time shared out to the groups (zero
            under ``"separate"``, where it is the ``None`` group).
    """

    by: str
    groups: Mapping[GroupKey, WageReport] = attrs.field(converter=_read_only_groups)
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

        def line(label: str, f: Figures) -> str:
            share = "-" if f.unpaid_share is None else f"{100 * f.unpaid_share:.0f}%"
            paid = "-" if f.paid_hourly is None else f"{f.paid_hourly:.2f}"
            eff = "-" if f.effective_hourly is None else f"{f.effective_hourly:.2f}"
            return (
                f"  {label:<{width}}{f.total_time:>8.2f}{share:>8}"
                f"{f.net:>12,.2f}{paid:>9}{eff:>13}"
            )

        lines.extend(
            line(label, figures)
            for label, figures in zip(labels, _figures(self.groups), strict=True)
        )
        lines.append(line("total", _report_figures(self.total)))
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
        currency: As for :func:`~labourchain.accounting.wage_report`; so are
            ``rates``, ``platform``, ``reference``, ``payout`` and ``policy``.

    Returns:
        A :class:`GroupedReport` whose groups add up to its ``total``.

    Raises:
        InvalidInputError: for an unknown ``by``, ``attribute`` or ``day_rule``,
            and whatever :func:`~labourchain.accounting.wage_report` raises.

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
        unattributed = (labels == "") & ~TASK_WORK[work.activity]
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
        time[gap_slot, SEARCH] += gap_s

    # -- money per slot, in the report's currency
    factor = _factors(work.currency_table, currency, rates)
    row_factor = np.append(factor, 0.0)[work.currency_code]  # code -1 picks the 0
    reward = np.where(np.isnan(work.reward), 0.0, work.reward) * row_factor
    paid = work.activity == PAID
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

    task_rows = TASK_WORK[work.activity] & first_piece
    tasks = np.bincount(slot, weights=task_rows, minlength=slots)
    rows = np.bincount(slot, weights=first_piece, minlength=slots)

    # -- share out the unattributed slot
    shared_h = 0.0
    if attribute != "separate" and time[n].sum() > 0 and n > 0:
        counted_cols = np.array([a in policy.counted for a in ACTIVITIES])
        w = time[:n, PAID].copy() if attribute == "paid_time" else tasks[:n].astype(float)
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
    chosen: list[int] = list(range(n))
    group_keys: list[GroupKey] = list(keys)
    if time[n].sum() > 0 or (attribute == "separate" and size[n] > 0):
        chosen.append(n)
        group_keys.append(None)
    offsets = work.offset_s

    def period(g: int) -> tuple[datetime, datetime] | None:
        if size[g] <= 0:
            return None
        tz = timezone(timedelta(seconds=int(offsets[first_row[g]])))
        return (
            (_EPOCH + timedelta(microseconds=int(first_us[g]))).astimezone(tz),
            (_EPOCH + timedelta(microseconds=int(last_us[g]))).astimezone(tz),
        )

    ledger = Ledger.from_seconds(
        currency=currency,
        counted=policy.counted,
        seconds=time,
        gross=gross,
        platform_fees=platform_fees,
        payout_fees=payout_fees,
        carried=carried,
        forgone=forgone,
        rows=rows,
        tasks=tasks,
    )
    groups = _Groups(group_keys, chosen, ledger, ReportContext.of(total), period)
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
    after, gaps = merged_gaps(work, policy)
    if slot is None:
        total = float(gaps.sum()) / 1e6
        if total > 0:
            yield unattributed, total
        return
    for row, gap in zip(after.tolist(), gaps.tolist(), strict=True):
        yield int(slot[row]), float(gap) / 1e6


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
