"""Accounting for a whole log: :func:`wage_report` and :func:`combine_reports`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

import attrs
import numpy as np

from labourchain._deprecated import keywords_after
from labourchain.accounting._ledger import (
    ACTIVITIES,
    LAST_TASK_WORK,
    PAID,
    SEARCH,
    Ledger,
    ReportContext,
)
from labourchain.accounting._policy import AccountingPolicy, merged_gaps
from labourchain.accounting._report import WageReport
from labourchain.domain import PayoutPolicy, Platform
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
)
from labourchain.worklog import WorkLog

__all__ = ("combine_reports", "wage_report")


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
    paid = log.activity == PAID
    slot = None
    if n_codes == 2:  # one currency: one weighted count per activity gives every sum
        by_activity = _money_bincount(log.activity, log.reward, len(ACTIVITIES))
        forgone_sum = 0.0
        for activity in range(LAST_TASK_WORK + 1):
            if activity == PAID:
                continue
            value = float(by_activity[activity])
            if np.isnan(value):  # some of these rows carry no reward: sum the others
                value = float(np.nansum(log.reward[log.activity == activity]))
            forgone_sum += value
        forgone = np.array([0.0, forgone_sum])
    else:
        # Rejected and returned rows may carry the reward forgone; no other row has one.
        forgone_rows = (log.activity <= LAST_TASK_WORK) & ~paid & ~np.isnan(log.reward)
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
        gross = np.array([[0.0, by_activity[PAID]]])
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


@keywords_after(2, "rates", "platform", "reference")
def wage_report(
    log: WorkLog,
    currency: str | None = None,
    *,
    rates: ExchangeRates | None = None,
    platform: Platform | Mapping[str, Platform] | None = None,
    reference: Any = None,
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
        minutes = np.bincount(log.activity, weights=log.minutes, minlength=len(ACTIVITIES))
        per_activity = 60.0 * minutes.astype(np.float64)
    else:
        shared = np.bincount(log.activity, weights=timeline.shared, minlength=len(ACTIVITIES))
        per_activity = shared.astype(np.float64)
    _, gaps = merged_gaps(log, policy)
    per_activity[SEARCH] += float(gaps.sum()) / 1e6
    totals = _collect_money(log, platform, payout, rates, sources)
    ledger = Ledger.from_seconds(
        currency=currency,
        counted=policy.counted,
        seconds=per_activity,
        gross=_to_currency(totals.gross, currency, rates),
        platform_fees=_to_currency(totals.platform_fees, currency, rates),
        payout_fees=_to_currency(totals.payout_fees, currency, rates),
        carried=_to_currency(totals.carried, currency, rates),
        forgone=_to_currency(totals.forgone, currency, rates),
        rows=len(log),
        tasks=int(np.count_nonzero(log.activity <= LAST_TASK_WORK)),
    )
    if isinstance(reference, str):  # a country code: the bundled figure in force at the start
        from labourchain.reference import resolve_reference

        reference = resolve_reference(reference, log)
    ref, ref_label = _resolve_reference(reference, currency, rates, sources)
    context = ReportContext(
        reference=ref,
        reference_label=ref_label,
        policy=policy.name,
        sources=tuple(dict.fromkeys(sources)),
        not_counted=frozenset(a for a in ACTIVITIES if a not in policy.counted),
    )
    period = (log.instant(timeline.first_us), log.instant(timeline.last_us)) if len(log) else None
    return ledger.report(0, context, period=period)


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
    periods = [r.period for r in reports if r.period is not None]
    context = attrs.evolve(
        ReportContext.of(first),
        sources=tuple(dict.fromkeys(s for r in reports for s in r.sources)),
    )
    return Ledger.of_reports(reports).report(
        0,
        context,
        period=(min(p[0] for p in periods), max(p[1] for p in periods)) if periods else None,
    )
