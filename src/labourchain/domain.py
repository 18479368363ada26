"""The actors of data labour: tasks, clients, workers, salaries, platforms and payouts.

All of them are frozen attrs classes: an invalid one cannot be built, and a
change is made with :func:`attrs.evolve`.

>>> from labourchain import Q_, money
>>> Task(reward=money(0.5, "USD"), duration=Q_(5, "minute")).hourly_rate
<Quantity(6.0, 'USD / hour')>
>>> Salary(amount=money(21000, "KES"), per="month", hours_per_day=9, days_per_period=22).hourly
<Quantity(106.060606, 'KES / hour')>
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any, Literal

import attrs
import numpy as np
import numpy.typing as npt
import pint
from pint.util import UnitsContainer

from labourchain._typing import FloatArray
from labourchain._validate import check_country, check_positive, check_share, check_timezone
from labourchain.errors import CurrencyMismatchError, InvalidInputError, UnpublishedRuleError
from labourchain.units import Q_, Quantity, check_code, currency_of, seconds_of, ureg

__all__ = (
    "Citation",
    "Client",
    "ClientFee",
    "PayoutPolicy",
    "Platform",
    "Salary",
    "Settlement",
    "Task",
    "Worker",
)


def _money_validator(what: str, *, optional: bool = False, non_negative: bool = True) -> Any:
    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is None and optional:
            return
        where = f"{type(instance).__name__}.{attribute.name}"
        code = currency_of(value, what=where)  # type: ignore[arg-type]
        assert isinstance(value, pint.Quantity)
        if ureg.Quantity(1, code).dimensionality != value.dimensionality:
            raise InvalidInputError(
                f"{type(instance).__name__}.{attribute.name} must be an amount of money "
                f"(e.g. money(10, 'EUR')), not a rate: got {value!r}"
            )
        if non_negative and float(value.magnitude) < 0:
            raise InvalidInputError(
                f"{type(instance).__name__}.{attribute.name} must not be negative, got {value!r}"
            )

    return check


def _time_validator(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    seconds_of(value, what=f"{type(instance).__name__}.{attribute.name}")


def _share(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    check_share(value, f"{type(instance).__name__}.{attribute.name}")


def _optional_share(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        _share(instance, attribute, value)


def _non_negative(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    check_positive(value, f"{type(instance).__name__}.{attribute.name}", allow_zero=True)


def _optional_count(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
        raise InvalidInputError(
            f"{type(instance).__name__}.{attribute.name} must be a whole number >= 1 or None, "
            f"got {value!r}"
        )


def _country(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        check_country(value, f"{type(instance).__name__}.{attribute.name}")


def _timezone(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        check_timezone(value, f"{type(instance).__name__}.{attribute.name}")


@attrs.frozen(kw_only=True)
class Citation:
    """Where a figure or a rule comes from.

    Attributes:
        source: Who published it, and in what (e.g. "Amazon Mechanical Turk, Pricing").
        url: Where it can be read.
        retrieved: When it was read.
        effective_from: When the rule or figure took effect, if known.
        note: Anything a reader needs to interpret it (an assumption, a caveat).
    """

    source: str
    url: str | None = None
    retrieved: date | None = None
    effective_from: date | None = None
    note: str | None = None

    def __str__(self) -> str:
        parts = [self.source]
        if self.effective_from:
            parts.append(f"in force from {self.effective_from.isoformat()}")
        if self.retrieved:
            parts.append(f"retrieved {self.retrieved.isoformat()}")
        if self.url:
            parts.append(self.url)
        return ", ".join(parts)


@attrs.frozen(kw_only=True)
class Task:
    """One unit of paid work.

    Attributes:
        reward: What the task pays when approved, e.g. ``money(0.5, "USD")``.
        duration: How long it takes to do, e.g. ``Q_(5, "minute")``.
        kind: What kind of work it is ("bounding boxes", "categorisation").
        client: Who buys the work, if known.
        platform: Through which platform, if known.
    """

    reward: Quantity = attrs.field(validator=_money_validator("reward"))
    duration: Quantity = attrs.field(validator=_time_validator)
    kind: str | None = None
    client: Client | None = None
    platform: Platform | None = None

    @property
    def currency(self) -> str:
        """The currency of the reward."""
        return currency_of(self.reward)

    @property
    def hourly_rate(self) -> Quantity:
        """The nominal (advertised) rate: reward per hour of the task's own duration.

        Raises:
            InvalidInputError: for a task of zero duration.
        """
        secs = seconds_of(self.duration, what="Task.duration")
        if secs == 0:
            raise InvalidInputError("a task of zero duration has no hourly rate")
        return Q_(float(self.reward.magnitude) * 3600.0 / secs, f"{self.currency}/hour")


@attrs.frozen(kw_only=True)
class Client:
    """Who buys the labelled data; often unknown to the worker.

    Attributes:
        name: A label ("unknown client, Japan").
        country: ISO 3166-1 alpha-2 code, if known.
        timezone: IANA time-zone name of its business hours, if known.
    """

    name: str
    country: str | None = attrs.field(default=None, validator=_country)
    timezone: str | None = attrs.field(default=None, validator=_timezone)


@attrs.frozen(kw_only=True)
class Worker:
    """A person doing data work.

    Attributes:
        name: A label or pseudonym.
        country: Where they live (ISO 3166-1 alpha-2).
        timezone: Their IANA time zone.
        currency: The currency they live on (ISO 4217).
        availability: When they can work each week (a ``WeeklySchedule``), if modelled.
        platforms: Names of the platforms they work on.
    """

    name: str
    country: str = attrs.field(validator=_country)
    timezone: str = attrs.field(validator=_timezone)
    currency: str = attrs.field()
    availability: Any = None
    platforms: tuple[str, ...] = attrs.field(default=(), converter=tuple)

    @currency.validator
    def _check_currency(self, attribute: attrs.Attribute[str], value: object) -> None:
        check_code(value, "Worker.currency")


_PERIODS = ("day", "week", "month", "year")


@attrs.frozen(kw_only=True)
class Salary:
    """A salaried arrangement, as with outsourcing firms such as Sama.

    Attributes:
        amount: Pay per period, e.g. ``money(21000, "KES")``.
        per: The period: "day", "week", "month" or "year".
        hours_per_day: Hours worked per working day (a shift).
        days_per_period: Working days in the period (1 for "day"; required otherwise).

    The hourly equivalent is ``amount / (hours_per_day * days_per_period)``.
    """

    amount: Quantity = attrs.field(validator=_money_validator("amount"))
    per: Literal["day", "week", "month", "year"] = attrs.field()
    hours_per_day: float = attrs.field()
    days_per_period: float | None = attrs.field(default=None)

    @per.validator
    def _check_per(self, attribute: attrs.Attribute[str], value: str) -> None:
        if value not in _PERIODS:
            raise InvalidInputError(
                f"Salary.per must be one of {', '.join(_PERIODS)}, got {value!r}"
            )

    @hours_per_day.validator
    def _check_hours(self, attribute: attrs.Attribute[float], value: float) -> None:
        hours = check_positive(value, "Salary.hours_per_day")
        if hours > 24:
            raise InvalidInputError(f"Salary.hours_per_day must be at most 24, got {value!r}")

    @days_per_period.validator
    def _check_days(self, attribute: attrs.Attribute[float | None], value: float | None) -> None:
        if value is None:
            if self.per != "day":
                raise InvalidInputError(
                    f"Salary.days_per_period is required for a salary per {self.per} "
                    "(e.g. 22 working days a month)"
                )
            return
        days = check_positive(value, "Salary.days_per_period")
        limit = {"day": 1, "week": 7, "month": 31, "year": 366}[self.per]
        if days > limit:
            raise InvalidInputError(
                f"Salary.days_per_period must be at most {limit} for a salary per "
                f"{self.per}, got {value!r}"
            )

    @property
    def hours_per_period(self) -> Quantity:
        """Hours worked in one period."""
        days = 1.0 if self.days_per_period is None else float(self.days_per_period)
        return Q_(float(self.hours_per_day) * days, "hour")

    @property
    def hourly(self) -> Quantity:
        """The hourly equivalent of the salary, in its currency per hour."""
        code = currency_of(self.amount)
        return Q_(float(self.amount.magnitude) / self.hours_per_period.magnitude, f"{code}/hour")


@attrs.frozen(kw_only=True)
class Settlement:
    """The outcome of withdrawing a balance.

    ``paid + fees + carried == balance``. A balance forfeited under a
    no-carry-over rule is a cost to the worker: it is counted in ``fees`` and
    also shown on its own in ``forfeited``.
    """

    paid: Quantity
    fees: Quantity
    carried: Quantity
    forfeited: Quantity

    @property
    def balance(self) -> Quantity:
        """The balance that was settled."""
        total: Quantity = self.paid + self.fees + self.carried
        return total


def _settlement(code: str, paid: Any, fees: Any, carried: Any, forfeited: Any) -> Settlement:
    """A :class:`Settlement` in ``code`` of four amounts (numbers, or arrays of one shape)."""

    def amount(value: Any) -> Quantity:
        if isinstance(value, np.generic):  # one balance: a plain float, as settle gave
            value = float(value)
        return Q_(value, unit)

    unit = UnitsContainer({code: 1})  # parsed once for the four amounts
    return Settlement(
        paid=amount(paid), fees=amount(fees), carried=amount(carried), forfeited=amount(forfeited)
    )


@attrs.frozen(kw_only=True)
class PayoutPolicy:
    """How a platform pays out a worker's balance.

    Attributes:
        minimum: The smallest balance that can be withdrawn (None: no minimum).
        fixed_fee: A fee per withdrawal, in the policy's currency.
        share_fee: A fee as a share of the withdrawn balance.
        fx_spread: The share lost converting the payout into the worker's
            currency, above the mid-market rate (e.g. about 0.02 for Payoneer).
        carry_over: Whether a balance below the minimum is kept for next time
            (True) or forfeited (False).
        citation: Where the rules come from.

    Fees are taken in this order: the fixed fee, the share fee on the balance,
    then the conversion spread on what is left. Fees never exceed the balance.

    A balance below the minimum, carried over, is valued net of the same
    costs of paying it out: its fees are counted now and ``carried`` is what
    is left. So what the worker keeps (``paid + carried``) never falls as the
    balance grows: crossing the minimum cannot make a smaller balance worth
    more than a larger one (without this, a worker whose work was rejected
    could earn more than one whose work was approved).

    >>> from labourchain import money
    >>> policy = PayoutPolicy(minimum=money(10, "EUR"), share_fee=0.01)
    >>> policy.settle(money(25, "EUR")).paid
    <Quantity(24.75, 'EUR')>
    >>> policy.settle(money(8, "EUR")).carried
    <Quantity(7.92, 'EUR')>
    """

    minimum: Quantity | None = attrs.field(
        default=None, validator=_money_validator("minimum", optional=True)
    )
    fixed_fee: Quantity | None = attrs.field(
        default=None, validator=_money_validator("fixed_fee", optional=True)
    )
    share_fee: float = attrs.field(default=0.0, validator=_share)
    fx_spread: float = attrs.field(default=0.0, validator=_share)
    carry_over: bool = True
    citation: Citation | None = None

    def __attrs_post_init__(self) -> None:
        if self.minimum is not None and self.fixed_fee is not None:
            a, b = currency_of(self.minimum), currency_of(self.fixed_fee)
            if a != b:
                raise CurrencyMismatchError(
                    f"PayoutPolicy.minimum is in {a} but fixed_fee is in {b}: give both "
                    "in the currency the balance is held in"
                )

    @property
    def currency(self) -> str | None:
        """The currency the policy's amounts are in (None if it has none)."""
        for amount in (self.minimum, self.fixed_fee):
            if amount is not None:
                return currency_of(amount)
        return None

    def settle(self, balance: Quantity) -> Settlement:
        """Withdraw ``balance`` under this policy (:meth:`settle_many` for many at once).

        Raises:
            CurrencyMismatchError: if the balance is not in the policy's currency.
            InvalidInputError: if the balance is negative or not money.
        """
        code = currency_of(balance, what="balance")
        if self.currency is not None and code != self.currency:
            raise CurrencyMismatchError(
                f"balance is in {code} but this payout policy is in {self.currency}; "
                "convert the balance with ExchangeRates first"
            )
        amount = float(balance.to(code).magnitude)
        if amount < 0:
            raise InvalidInputError(f"a balance to settle must not be negative, got {balance!r}")
        paid, fees, carried, lost = self._settle_amounts(np.array([amount]), code)
        return _settlement(code, paid[0], fees[0], carried[0], lost[0])

    def settle_many(
        self, balances: Quantity | npt.ArrayLike, currency: str | None = None
    ) -> Settlement:
        """Withdraw many balances at once (one per worker, platform or week), vectorised.

        Each element is settled exactly as :meth:`settle` settles it alone; the
        :class:`Settlement`'s four amounts are arrays of the balances' shape.

        Args:
            balances: Money whose magnitude is an array
                (``money(np.array([25.0, 8.0]), "EUR")``), or a plain array of
                amounts in ``currency``.
            currency: The currency of plain amounts (default: the policy's own).

        Raises:
            CurrencyMismatchError: if the balances are not in the policy's currency.
            InvalidInputError: for a negative or missing balance, amounts that are
                not numbers, or plain amounts with no currency to read them in.

        >>> import numpy as np
        >>> from labourchain import money
        >>> policy = PayoutPolicy(minimum=money(10, "EUR"), share_fee=0.01)
        >>> settled = policy.settle_many(np.array([25.0, 8.0, 0.0]))
        >>> settled.paid.magnitude.tolist(), settled.carried.magnitude.tolist()
        ([24.75, 0.0, 0.0], [0.0, 7.92, 0.0])
        """
        if isinstance(balances, pint.Quantity):
            code = currency_of(balances, what="balances")
            if currency is not None and currency != code:
                raise CurrencyMismatchError(
                    f"the balances are in {code} but currency={currency!r} was given"
                )
            magnitude: Any = balances.to(code).magnitude
        else:
            found = currency if currency is not None else self.currency
            if found is None:
                raise InvalidInputError(
                    "settle_many needs the balances' currency: pass money "
                    "(money(array, 'EUR')) or currency=, as this payout policy has none"
                )
            code = check_code(found, "settle_many(currency=...)")
            magnitude = balances
        if self.currency is not None and code != self.currency:
            raise CurrencyMismatchError(
                f"balances are in {code} but this payout policy is in {self.currency}; "
                "convert the balances with ExchangeRates first"
            )
        try:
            amounts = np.asarray(magnitude, dtype=np.float64)
        except (TypeError, ValueError):
            raise InvalidInputError(
                f"balances to settle must be numbers, got {balances!r}"
            ) from None
        if not bool(np.all(amounts >= 0)):  # NaN fails too
            bad = int(np.flatnonzero(~(amounts >= 0).reshape(-1))[0])
            raise InvalidInputError(
                f"a balance to settle must be a number not below zero, got "
                f"{float(amounts.reshape(-1)[bad])!r} at position {bad}"
            )
        return _settlement(code, *self._settle_amounts(amounts, code))

    def _settle_amounts(
        self, amount: FloatArray, code: str
    ) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
        """``(paid, fees, carried, forfeited)`` of non-negative balances in ``code``.

        The one statement of the rules (the fixed fee, the share fee, then the
        spread on what is left; a balance below the minimum carried net of those
        costs, or forfeited), used by :meth:`settle` and :meth:`settle_many`.
        """
        # The minimum and the fixed fee are in the policy's currency, which is ``code``
        # whenever the policy has one (settle and settle_many check): no conversion.
        minimum = 0.0 if self.minimum is None else float(self.minimum.magnitude)
        fixed = 0.0 if self.fixed_fee is None else float(self.fixed_fee.magnitude)
        fees = np.minimum(amount, fixed + self.share_fee * amount)
        fees = fees + self.fx_spread * (amount - fees)
        nothing = amount == 0
        below = (amount < minimum) & ~nothing
        if not self.carry_over:
            fees = np.where(below, amount, fees)
        fees[nothing] = 0.0
        zero = np.zeros_like(amount)
        kept = amount - fees
        if self.carry_over:
            paid, carried, lost = np.where(below, zero, kept), np.where(below, kept, zero), zero
        else:
            paid, carried, lost = np.where(below, zero, kept), zero, np.where(below, amount, zero)
        paid[nothing] = 0.0
        return paid, fees, carried, lost


@attrs.frozen(kw_only=True)
class ClientFee:
    """What a platform charges the client on top of the worker's reward.

    For one assignment of a task with reward ``r`` in a batch of ``n``
    assignments the fee is ``max(share * r, minimum)``, plus ``extra_share * r``
    when ``n >= extra_from`` (Amazon Mechanical Turk's surcharge for tasks with
    10 or more assignments).

    Attributes:
        share: The commission as a share of the reward (0.2 for 20 %).
        minimum: The smallest fee per assignment, if any.
        extra_share: A further share charged on large batches.
        extra_from: The batch size from which ``extra_share`` applies.
        citation: Where the rule comes from.
    """

    share: float = attrs.field(validator=_non_negative)
    minimum: Quantity | None = attrs.field(
        default=None, validator=_money_validator("minimum", optional=True)
    )
    extra_share: float = attrs.field(default=0.0, validator=_non_negative)
    extra_from: int | None = attrs.field(default=None, validator=_optional_count)
    citation: Citation | None = None

    def fee(self, reward: Quantity, assignments: int = 1) -> Quantity:
        """The fee for one assignment of a task paying ``reward``."""
        code = currency_of(reward, what="reward")
        r = float(reward.magnitude)
        fee = self.share * r
        if self.minimum is not None:
            if currency_of(self.minimum) != code:
                raise CurrencyMismatchError(
                    f"the platform's minimum fee is in {currency_of(self.minimum)}, the "
                    f"reward in {code}: convert the reward first"
                )
            fee = max(fee, float(self.minimum.magnitude))
        if self.extra_from is not None and assignments >= self.extra_from:
            fee += self.extra_share * r
        return Q_(fee, reward.units)


def _assignments(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidInputError(f"assignments must be a whole number >= 1, got {value!r}")
    return value


def _citations(value: Iterable[Citation]) -> tuple[Citation, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class Platform:
    """An intermediary between clients and workers.

    Attributes:
        name: The platform's name.
        worker_fee: Share of the reward the platform keeps from the worker;
            ``None`` where the platform has not published it.
        client_fee: What the client pays on top of the reward; ``None`` where
            not published.
        payout: How balances are paid out; ``None`` where not published.
        citations: Sources for the rules, and notes on what is unknown.
        closes: The date the platform closes for good, where it has announced one
            (Amazon Mechanical Turk: 2026-09-30); ``None`` otherwise.

    A rule left ``None`` is unknown, not zero: using it raises
    :class:`~labourchain.errors.UnpublishedRuleError`. Give an assumed value
    with :func:`attrs.evolve` to go on.
    """

    name: str
    worker_fee: float | None = attrs.field(default=0.0, validator=_optional_share)
    client_fee: ClientFee | None = None
    payout: PayoutPolicy | None = None
    citations: tuple[Citation, ...] = attrs.field(default=(), converter=_citations)
    closes: date | None = None

    def unpublished_error(self, rule: str, field: str) -> UnpublishedRuleError:
        """The error to raise where ``rule`` (held in the attribute ``field``) is not published.

        >>> p = Platform(name="Example", worker_fee=None)
        >>> error = p.unpublished_error("worker fee", "worker_fee")
        >>> type(error).__name__, str(error).split(";")[0]
        ('UnpublishedRuleError', 'Example has not published its worker fee')
        """
        return UnpublishedRuleError(
            f"{self.name} has not published its {rule}; labourchain leaves it unknown. "
            f"Give an assumed value, e.g. attrs.evolve(platform, {field}=...)"
        )

    def client_cost(self, reward: Quantity, assignments: int = 1) -> Quantity:
        """What the client pays for ONE assignment of a task, fees included.

        Args:
            reward: The reward paid to the worker for the assignment.
            assignments: The batch size (number of assignments of the task),
                which may set the fee tier.

        >>> import labourchain as lc
        >>> lc.platforms.get("mturk").client_cost(lc.money(1.00, "USD"), assignments=10)
        <Quantity(1.4, 'USD')>
        """
        _assignments(assignments)
        currency_of(reward, what="reward")
        if self.client_fee is None:
            raise self.unpublished_error("client fee", "client_fee")
        cost: Quantity = reward + self.client_fee.fee(reward, assignments)
        return cost

    def worker_net(self, reward: Quantity) -> Quantity:
        """What reaches the worker's balance from a task paying ``reward``."""
        currency_of(reward, what="reward")
        if self.worker_fee is None:
            raise self.unpublished_error("worker fee", "worker_fee")
        net: Quantity = reward * (1.0 - self.worker_fee)
        return net
