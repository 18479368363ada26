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

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any, Final

import attrs
import numpy as np

from labourchain._frozen import frozen_map
from labourchain._json import figure_value, money_value, rate_value
from labourchain._text import plural
from labourchain.activity import Activity
from labourchain.domain import PayoutPolicy, Platform, Task
from labourchain.errors import (
    CurrencyMismatchError,
    InvalidInputError,
    MissingRateError,
    UnpublishedRuleError,
)
from labourchain.units import (
    Q_,
    ExchangeRates,
    Quantity,
    check_code,
    currency_of,
    is_money,
    seconds,
)
from labourchain.worklog import WorkLog

__all__ = (
    "POLICIES",
    "AccountingPolicy",
    "WageReport",
    "combine_reports",
    "effective_hourly_wage",
    "expected_hourly",
    "fair_top_up",
    "wage_report",
)

_ACTIVITIES: Final = tuple(Activity)
_PAID: Final = _ACTIVITIES.index(Activity.PAID)
_TASK_WORK: Final = np.array([a.is_task_work for a in _ACTIVITIES])
# Task work (paid, rejected, returned) comes first in Activity, so a comparison selects it.
_LAST_TASK_WORK: Final = int(np.flatnonzero(_TASK_WORK).max())
assert np.all(_TASK_WORK[: _LAST_TASK_WORK + 1]), "task-work activities must come first"


def _activities(value: Iterable[Activity | str]) -> frozenset[Activity]:
    chosen = frozenset(Activity.parse(a) if isinstance(a, str) else a for a in value)
    if Activity.PAID not in chosen:
        raise InvalidInputError("AccountingPolicy.counted must include Activity.PAID")
    return chosen


def _gap(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    seconds(value, what="AccountingPolicy.merge_gaps")


@attrs.frozen(kw_only=True)
class AccountingPolicy:
    """What counts as working time. Every report says which policy it used.

    Attributes:
        name: A short name shown in reports.
        counted: The activities whose time counts as working time. The default
            counts all of them (the ILO definition). Time of an activity left
            out is reported as ``excluded_time`` and does not enter any wage.
        merge_gaps: Gaps between spans no longer than this count as working
            time, recorded as ``search`` (the time it takes to pick the next
            task). Zero, the default, merges nothing. Hara et al. (CHI 2018)
            counted intervals of a minute or less between tasks as work
            (:meth:`hara2018`).

    >>> AccountingPolicy.hara2018().merge_gaps
    <Quantity(1, 'minute')>
    """

    name: str = "ILO 2018: all logged time counts"
    counted: frozenset[Activity] = attrs.field(default=frozenset(Activity), converter=_activities)
    merge_gaps: Quantity = attrs.field(factory=lambda: Q_(0, "minute"), validator=_gap)

    @classmethod
    def ilo2018(cls) -> AccountingPolicy:
        """The default: every logged minute counts (Berg et al., ILO 2018)."""
        return cls()

    @classmethod
    def hara2018(cls) -> AccountingPolicy:
        """What Hara et al. (CHI 2018) measured: task work, search, and gaps of a minute or less.

        Hara, Adams, Milland, Savage, Callison-Burch and Bigham, "A Data-Driven
        Analysis of Workers' Earnings on Amazon Mechanical Turk" (CHI 2018,
        doi:10.1145/3173574.3174023) recorded task work with a browser
        extension: approved, rejected and submitted work, and work on tasks
        "ultimately not submitted" (returned), plus "time spent searching for
        tasks"; intervals of a minute or less between tasks counted as work
        (here, as ``search``). Logged waiting, training, qualification tests,
        admin and outages are not what the paper measured, so this policy
        leaves them out (reported as ``excluded_time``).

        >>> sorted(a.value for a in AccountingPolicy.hara2018().counted)
        ['paid', 'rejected', 'returned', 'search']
        """
        return cls(
            name="Hara et al. 2018: task work, search, 1-min gaps",
            counted=frozenset(
                {Activity.PAID, Activity.REJECTED, Activity.RETURNED, Activity.SEARCH}
            ),
            merge_gaps=Q_(1, "minute"),
        )

    @classmethod
    def task_time_only(cls) -> AccountingPolicy:
        """Only time on submitted tasks (paid and rejected), as many rating sites count.

        This leaves out search, returned work and every other unpaid activity;
        it is the method the effective wage exists to correct, provided for
        comparison.
        """
        return cls(
            name="task time only (paid and rejected work)",
            counted=frozenset({Activity.PAID, Activity.REJECTED}),
        )


#: The named accounting policies, as the command line's ``--policy`` offers them.
POLICIES: Final[Mapping[str, Callable[[], AccountingPolicy]]] = {
    "ilo2018": AccountingPolicy.ilo2018,
    "hara2018": AccountingPolicy.hara2018,
    "task-time-only": AccountingPolicy.task_time_only,
}


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
            return _round(value)

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
            "unpaid_share": None if self.unpaid_share is None else _round(self.unpaid_share),
            "reference": num(self.reference, rate_unit),
            "reference_label": self.reference_label,
            "reference_ratio": (
                None if self.reference_ratio is None else _round(self.reference_ratio)
            ),
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


def _round(value: float) -> float:
    rounded = figure_value(value)
    if rounded is None:
        raise InvalidInputError(f"a figure of the report is {value!r}, not a finite number")
    return rounded


# ---------------------------------------------------------------------- accounting


def _merged_gaps(log: WorkLog, policy: AccountingPolicy) -> float:
    """Seconds of the gaps between spans that the policy counts (as search)."""
    gap_limit = seconds(policy.merge_gaps, what="merge_gaps") * 1e6
    if gap_limit <= 0 or len(log) < 2:
        return 0.0
    order = np.argsort(log.start_us, kind="stable")
    start = log.start_us[order]
    reach = np.maximum.accumulate(log.end_us[order])
    gaps = start[1:] - reach[:-1]
    merged = gaps[(gaps > 0) & (gaps <= gap_limit)]
    return float(merged.sum()) / 1e6


#: Money is summed in thousandths of the currency unit (every ISO 4217 currency but
#: four has at most 3 minor digits): whole thousandths add up exactly in float64
#: up to 2**53, so a total of up to 9 * 10**12 units is exact to its minor unit.
_MONEY_SCALE: Final = 1000.0


def _money_bincount(
    index: np.ndarray[Any, Any], amounts: np.ndarray[Any, Any], size: int
) -> np.ndarray[Any, Any]:
    """``np.bincount(index, weights=amounts)``, without float rounding error piling up.

    Each amount is split into whole thousandths (summed exactly) and a remainder
    (summed in float, tiny): 2,000 rewards of 98,765,432.17 IDR sum to exactly
    197,530,864,340.00, where a plain sum is off by a cent or more. NaN propagates.
    """
    scaled = amounts * _MONEY_SCALE
    whole = np.rint(scaled)
    rest = np.bincount(index, weights=scaled - whole, minlength=size)
    total: np.ndarray[Any, Any] = np.bincount(index, weights=whole, minlength=size) + rest
    return total / _MONEY_SCALE


@attrs.define
class _Money:
    """Per-currency totals before conversion."""

    gross: dict[str, float] = attrs.field(factory=dict)
    platform_fees: dict[str, float] = attrs.field(factory=dict)
    payout_fees: dict[str, float] = attrs.field(factory=dict)
    carried: dict[str, float] = attrs.field(factory=dict)
    forgone: dict[str, float] = attrs.field(factory=dict)

    @staticmethod
    def add(into: dict[str, float], code: str, value: float) -> None:
        into[code] = into.get(code, 0.0) + value


def _check_mapping(platform: Mapping[str, Platform], labels: list[str]) -> None:
    missing = [label for label in labels if label not in platform]
    if missing:
        raise InvalidInputError(
            f"the log's platform labels {missing} have no Platform in the mapping given "
            f"(it has {sorted(platform)}); every row's fees must be known"
        )


def _collect_money(
    log: WorkLog,
    platform: Platform | Mapping[str, Platform] | None,
    payout: PayoutPolicy | None,
    rates: ExchangeRates | None,
    sources: list[str],
) -> _Money:
    """Sum rewards per currency (and per platform, for a mapping), then apply fees."""
    totals = _Money()
    if not len(log):
        return totals
    table = log.currency_table
    n_codes = len(table) + 1  # slot 0 holds rows without a reward
    paid = log.activity == _PAID
    slot = None
    if n_codes == 2:  # one currency: one weighted count per activity gives every sum
        by_activity = _money_bincount(log.activity, log.reward, len(_ACTIVITIES))
        forgone_sum = 0.0
        for activity in range(_LAST_TASK_WORK + 1):
            if activity == _PAID:
                continue
            value = float(by_activity[activity])
            if np.isnan(value):  # some of these rows carry no reward: sum the others
                value = float(np.nansum(log.reward[log.activity == activity]))
            forgone_sum += value
        forgone = np.array([0.0, forgone_sum])
    else:
        # Rejected and returned rows may carry the reward forgone; no other row has one.
        forgone_rows = (log.activity <= _LAST_TASK_WORK) & ~paid & ~np.isnan(log.reward)
        slot = log.currency_code.astype(np.intp) + 1
        forgone_reward = np.where(forgone_rows, log.reward, 0.0)
        forgone = _money_bincount(slot, forgone_reward, n_codes)
    for code, value in zip(table, forgone[1:].tolist(), strict=True):
        _Money.add(totals.forgone, code, value)

    if isinstance(platform, Mapping):
        labels_arr, group = np.unique(log.platform.astype(str), return_inverse=True)
        labels = [str(x) for x in labels_arr]
        _check_mapping(platform, labels)
        groups: list[tuple[Platform | None, int]] = [(platform[x], i) for i, x in enumerate(labels)]
    elif platform is None or isinstance(platform, Platform):
        group = None
        groups = [(platform, 0)]
    else:
        raise InvalidInputError(
            f"platform must be a Platform or a mapping of the log's platform labels to "
            f"Platforms, got {platform!r}"
        )
    if group is None and slot is None:
        gross = np.array([[0.0, by_activity[_PAID]]])
        counts = np.array([[0, np.count_nonzero(paid)]])
    else:
        if slot is None:
            slot = log.currency_code.astype(np.intp) + 1
        index = slot if group is None else group * n_codes + slot
        size = len(groups) * n_codes
        paid_reward = np.where(paid, log.reward, 0.0)  # paid rows always have a reward
        gross = _money_bincount(index, paid_reward, size)
        counts = np.bincount(index, weights=paid, minlength=size)
        gross, counts = gross.reshape(len(groups), n_codes), counts.reshape(len(groups), n_codes)
    for plat, g in groups:
        policy = payout if payout is not None else (plat.payout if plat else None)
        if plat is not None:
            sources.extend(f"{plat.name}: {c}" for c in plat.citations)
        for k, code in enumerate(table, start=1):
            if counts[g, k] == 0:
                continue
            amount = float(gross[g, k])
            _Money.add(totals.gross, code, amount)
            fee = 0.0
            if plat is not None:
                if plat.worker_fee is None:
                    raise UnpublishedRuleError(
                        f"{plat.name} has not published a fee taken from workers' rewards, "
                        "so labourchain will not assume one: leave the platform out (rewards "
                        "then count as credited in full), or state the fee you assume "
                        "(in Python, attrs.evolve(platform, worker_fee=0.0))"
                    )
                fee = amount * plat.worker_fee
            _Money.add(totals.platform_fees, code, fee)
            if policy is not None:
                _settle(totals, code, amount - fee, policy, rates)
                if policy.citation is not None:
                    sources.append(f"payout rules: {policy.citation}")
    return totals


def _settle(
    totals: _Money, code: str, balance: float, policy: PayoutPolicy, rates: ExchangeRates | None
) -> None:
    held = policy.currency or code
    amount = Q_(balance, code)
    if held != code:
        if rates is None:
            raise MissingRateError(
                f"the payout policy is in {held} but earnings are in {code}: pass rates= "
                "to convert them"
            )
        amount = rates.convert(amount, held)
    settlement = policy.settle(amount)
    back: dict[str, float] = {}
    for name in ("fees", "carried"):
        value = getattr(settlement, name)
        if held != code:
            assert rates is not None  # checked above
            value = rates.convert(value, code)
        back[name] = float(value.magnitude)
    _Money.add(totals.payout_fees, code, back["fees"])
    _Money.add(totals.carried, code, back["carried"])


def _to_currency(amounts: dict[str, float], currency: str, rates: ExchangeRates | None) -> float:
    total = 0.0
    for code, value in amounts.items():
        if code == currency:
            total += value
        elif value == 0.0:
            continue
        elif rates is None:
            raise CurrencyMismatchError(
                f"the log has amounts in {code} but the report is in {currency}: pass "
                f"rates=ExchangeRates(...) to convert them (labourchain never converts implicitly)"
            )
        else:
            total += value * rates.rate(code, currency)
    return total


def _resolve_reference(
    reference: Any, currency: str, rates: ExchangeRates | None, sources: list[str]
) -> tuple[Quantity | None, str | None]:
    if reference is None:
        return None, None
    label: str | None = None
    hourly = reference
    if not is_money(reference) and hasattr(reference, "hourly"):
        hourly = reference.hourly
        label = str(reference)
        citation = getattr(reference, "citation", None)
        if citation is not None:
            sources.append(f"reference wage: {citation}")
    if (
        not is_money(hourly)
        or Q_(1, "hour").dimensionality != (Q_(1, currency_of(hourly)) / hourly).dimensionality
    ):
        raise InvalidInputError(
            f"reference must be an hourly wage such as money(15, 'USD') / Q_(1, 'hour'), "
            f"got {reference!r}"
        )
    code = currency_of(hourly)
    if code != currency:
        if rates is None:
            raise CurrencyMismatchError(
                f"the reference wage is in {code} but the report is in {currency}: pass rates="
            )
        hourly = rates.convert(hourly, currency)
    hourly = hourly.to(f"{currency}/hour")
    if label is None:
        label = f"{hourly.magnitude:.4g} {currency}/hour"
    return hourly, label


def wage_report(
    log: WorkLog,
    currency: str | None = None,
    rates: ExchangeRates | None = None,
    platform: Platform | Mapping[str, Platform] | None = None,
    reference: Any = None,
    *,
    payout: PayoutPolicy | None = None,
    policy: AccountingPolicy | None = None,
) -> WageReport:
    """Account for a work log: earnings, fees, time by activity, and hourly wages.

    Args:
        log: The worker's log.
        currency: The currency to report in. By default the log's one currency;
            a log with several currencies (or none) needs it, and rates.
        rates: Exchange rates for converting rewards, fees and the reference.
        platform: The platform whose fees and payout rules apply to every row,
            or a mapping from the log's ``platform`` labels to platforms. The
            ``platform`` column alone is a label: without this, no fees apply.
        reference: An hourly wage to compare with (money per time, or an
            object with ``.hourly`` and ``.citation`` such as a reference wage
            from the bundled data), or a country code such as ``"KE"``: its
            minimum wage in force on the log's first day
            (:func:`labourchain.reference.resolve_reference`).
        payout: A payout policy to apply instead of the platform's own.
        policy: What counts as working time (default: every logged minute).

    Returns:
        The :class:`WageReport`.

    Raises:
        CurrencyMismatchError: for amounts in another currency and no rates.
        MissingRateError: if the rates lack a currency of the log.
        UnpublishedRuleError: if the platform's worker fee is unknown.
        InvalidInputError: for a log without rewards and no ``currency``.
    """
    if not isinstance(log, WorkLog):
        raise InvalidInputError(f"wage_report needs a WorkLog, got {type(log).__name__}")
    policy = policy or AccountingPolicy()
    sources: list[str] = []
    if currency is None:
        present = log.currencies
        if len(present) == 1:
            currency = present[0]
        elif not present:
            raise InvalidInputError(
                "the log has no rewards, so it has no currency: pass currency= to say "
                "which currency to report in"
            )
        else:
            raise CurrencyMismatchError(
                f"the log has rewards in {', '.join(present)}: pass currency= and rates= "
                "to report them in one currency"
            )
    check_code(currency, "wage_report(currency=...)")
    if rates is not None:
        sources.append(rates.describe())

    timeline = log.timeline()
    if timeline.shared is None:  # disjoint spans: each row counts its own duration
        minutes = np.bincount(log.activity, weights=log.minutes, minlength=len(_ACTIVITIES))
        per_activity = 60.0 * minutes.astype(np.float64)
    else:
        shared = np.bincount(log.activity, weights=timeline.shared, minlength=len(_ACTIVITIES))
        per_activity = shared.astype(np.float64)
    per_activity[_ACTIVITIES.index(Activity.SEARCH)] += _merged_gaps(log, policy)
    is_counted = np.array([a in policy.counted for a in _ACTIVITIES])
    hours_by_activity = per_activity / 3600.0
    paid_h = float(hours_by_activity[_PAID])
    total_h = float(hours_by_activity[is_counted].sum())
    unpaid_h = total_h - paid_h
    excluded_h = float(hours_by_activity[~is_counted].sum())

    totals = _collect_money(log, platform, payout, rates, sources)
    gross = _to_currency(totals.gross, currency, rates)
    platform_fees = _to_currency(totals.platform_fees, currency, rates)
    payout_fees = _to_currency(totals.payout_fees, currency, rates)
    carried = _to_currency(totals.carried, currency, rates)
    forgone = _to_currency(totals.forgone, currency, rates)
    net = gross - platform_fees - payout_fees

    hourly = f"{currency}/hour"
    paid_hourly = Q_(net / paid_h, hourly) if paid_h > 0 else None
    effective = Q_(net / total_h, hourly) if total_h > 0 else None
    if isinstance(reference, str):  # a country code: the bundled figure in force at the start
        from labourchain.reference import resolve_reference

        reference = resolve_reference(reference, log)
    ref, ref_label = _resolve_reference(reference, currency, rates, sources)
    ratio = shortfall = None
    if ref is not None and effective is not None and ref.magnitude > 0:
        ratio = float(effective.magnitude / ref.magnitude)
        shortfall = Q_(max(0.0, float(ref.magnitude - effective.magnitude)), hourly)

    return WageReport(
        currency=currency,
        gross=Q_(gross, currency),
        platform_fees=Q_(platform_fees, currency),
        payout_fees=Q_(payout_fees, currency),
        net=Q_(net, currency),
        carried=Q_(carried, currency),
        forgone=Q_(forgone, currency),
        time_by_activity={
            a: Q_(float(hours_by_activity[i]), "hour") for i, a in enumerate(_ACTIVITIES)
        },
        paid_time=Q_(paid_h, "hour"),
        unpaid_time=Q_(unpaid_h, "hour"),
        total_time=Q_(total_h, "hour"),
        excluded_time=Q_(excluded_h, "hour"),
        paid_hourly=paid_hourly,
        effective_hourly=effective,
        unpaid_share=unpaid_h / total_h if total_h > 0 else None,
        reference=ref,
        reference_label=ref_label,
        reference_ratio=ratio,
        shortfall=shortfall,
        rows=len(log),
        tasks=int(np.count_nonzero(log.activity <= _LAST_TASK_WORK)),
        period=(log._aware(timeline.first_us), log._aware(timeline.last_us)) if len(log) else None,
        policy=policy.name,
        sources=tuple(dict.fromkeys(sources)),
        not_counted=frozenset(a for a in _ACTIVITIES if a not in policy.counted),
    )


def combine_reports(reports: Sequence[WageReport]) -> WageReport:
    """One report from the reports of disjoint parts of a log.

    Money and time add; wages and shares are recomputed as ratios of the
    sums, so combining the reports of a log split in two gives the report of
    the whole (where no span crosses the split and no payout minimum applies:
    a payout threshold is not additive).

    Raises:
        CurrencyMismatchError: if the reports are in different currencies.
        InvalidInputError: for no reports.
    """
    if not reports:
        raise InvalidInputError("combine_reports needs at least one report")
    currency = reports[0].currency
    for r in reports:
        if r.currency != currency:
            raise CurrencyMismatchError(
                f"reports in {currency} and {r.currency} cannot be combined; convert first"
            )
    first = reports[0]

    def total(name: str) -> Quantity:
        return sum((getattr(r, name) for r in reports[1:]), start=getattr(first, name))  # type: ignore[no-any-return]

    by_activity = {
        a: sum((r.time_by_activity[a] for r in reports[1:]), start=first.time_by_activity[a])
        for a in first.time_by_activity
    }
    net, paid, tot = total("net"), total("paid_time"), total("total_time")
    unpaid = total("unpaid_time")
    hourly = f"{currency}/hour"
    effective = Q_(net.magnitude / tot.magnitude, hourly) if tot.magnitude > 0 else None
    ref = first.reference
    ratio = shortfall = None
    if ref is not None and effective is not None and ref.magnitude > 0:
        ratio = float(effective.magnitude / ref.magnitude)
        shortfall = Q_(max(0.0, float(ref.magnitude - effective.magnitude)), hourly)
    periods = [r.period for r in reports if r.period is not None]
    return attrs.evolve(
        first,
        gross=total("gross"),
        platform_fees=total("platform_fees"),
        payout_fees=total("payout_fees"),
        net=net,
        carried=total("carried"),
        forgone=total("forgone"),
        time_by_activity=by_activity,
        paid_time=paid,
        unpaid_time=unpaid,
        total_time=tot,
        excluded_time=total("excluded_time"),
        paid_hourly=Q_(net.magnitude / paid.magnitude, hourly) if paid.magnitude > 0 else None,
        effective_hourly=effective,
        unpaid_share=float(unpaid.magnitude / tot.magnitude) if tot.magnitude > 0 else None,
        reference_ratio=ratio,
        shortfall=shortfall,
        rows=sum(r.rows for r in reports),
        tasks=sum(r.tasks for r in reports),
        period=(min(p[0] for p in periods), max(p[1] for p in periods)) if periods else None,
        sources=tuple(dict.fromkeys(s for r in reports for s in r.sources)),
    )


# ---------------------------------------------------------------------- scalar forms


def effective_hourly_wage(
    earnings: Quantity, paid_time: Quantity, unpaid_time: Quantity
) -> Quantity:
    """Earnings per hour of all the time the work took: ``earnings / (paid + unpaid)``.

    Raises:
        InvalidInputError: if the times are negative or add up to zero.

    >>> import labourchain as lc
    >>> lc.effective_hourly_wage(lc.money(10, "USD"), lc.Q_(2, "hour"), lc.Q_(3, "hour"))
    <Quantity(2.0, 'USD / hour')>
    """
    code = currency_of(earnings, what="earnings")
    total = seconds(paid_time, what="paid_time") + seconds(unpaid_time, what="unpaid_time")
    if total == 0:
        raise InvalidInputError("no time was worked: an hourly wage over zero hours does not exist")
    return Q_(float(earnings.to(code).magnitude) * 3600.0 / total, f"{code}/hour")


def _hourly_in(floor: Quantity, code: str) -> float:
    if not is_money(floor):
        raise InvalidInputError(f"floor must be an hourly wage such as 15 USD/hour, got {floor!r}")
    fcode = currency_of(floor)
    if fcode != code:
        raise CurrencyMismatchError(
            f"the floor is in {fcode} but the reward in {code}: convert one with ExchangeRates"
        )
    try:
        return float(floor.to(f"{code}/hour").magnitude)
    except Exception:
        raise InvalidInputError(
            f"floor must be an hourly wage such as 15 USD/hour, got {floor!r}"
        ) from None


def fair_top_up(reward: Quantity, duration: Quantity, floor: Quantity) -> Quantity:
    """The bonus that lifts a task's pay to a wage floor (the Fair Work method).

    Whiting, Hugh and Bernstein (HCOMP 2019): estimate the task's time as the
    median reported by workers, ``rate = reward / time``; below the floor, pay
    ``reward * (floor / rate - 1)``, which equals ``floor * time - reward``.
    Never negative.

    >>> import labourchain as lc
    >>> floor = lc.money(15, "USD") / lc.Q_(1, "hour")
    >>> lc.fair_top_up(lc.money(0.50, "USD"), lc.Q_(5, "minute"), floor)
    <Quantity(0.75, 'USD')>
    """
    code = currency_of(reward, what="reward")
    hours = seconds(duration, what="duration") / 3600.0
    owed = _hourly_in(floor, code) * hours - float(reward.to(code).magnitude)
    return Q_(max(0.0, owed), code)


def expected_hourly(
    task: Task, search: Quantity | None = None, rejection_rate: float = 0.0
) -> Quantity:
    """The expected pay per hour of a task once search and rejection are counted.

    ``reward * (1 - r) / (duration + search)``: each attempt costs the task's
    duration plus the search that found it, and pays only if approved
    (probability ``1 - r``).

    Raises:
        InvalidInputError: if ``rejection_rate`` is outside [0, 1] or the time is zero.

    >>> import labourchain as lc
    >>> task = lc.Task(reward=lc.money(0.5, "USD"), duration=lc.Q_(5, "minute"))
    >>> lc.expected_hourly(task, search=lc.Q_(1, "minute"), rejection_rate=0.1)
    <Quantity(4.5, 'USD / hour')>
    """
    if isinstance(rejection_rate, bool) or not isinstance(rejection_rate, (int, float)):
        raise InvalidInputError(
            f"rejection_rate must be a number in [0, 1], got {rejection_rate!r}"
        )
    if not (math.isfinite(rejection_rate) and 0.0 <= rejection_rate <= 1.0):
        raise InvalidInputError(f"rejection_rate must be in [0, 1], got {rejection_rate!r}")
    search_s = 0.0 if search is None else seconds(search, what="search")
    total = seconds(task.duration, what="Task.duration") + search_s
    if total == 0:
        raise InvalidInputError("a task with no duration and no search has no hourly rate")
    code = task.currency
    return Q_(
        float(task.reward.magnitude) * (1.0 - rejection_rate) * 3600.0 / total, f"{code}/hour"
    )


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
