"""Scalar forms of the accounting: one task's or one period's hourly figures.

:func:`effective_hourly_wage`, :func:`fair_top_up` and :func:`expected_hourly`
take quantities (money, times, a :class:`~labourchain.domain.Task`) rather
than a log; :func:`labourchain.accounting.wage_report` does the same accounting
for a whole log.
"""

from __future__ import annotations

import math

from labourchain._deprecated import keywords_after
from labourchain.domain import Task
from labourchain.errors import CurrencyMismatchError, InvalidInputError
from labourchain.units import Q_, Quantity, currency_of, is_money, seconds_of

__all__ = ("effective_hourly_wage", "expected_hourly", "fair_top_up")


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
    total = seconds_of(paid_time, what="paid_time") + seconds_of(unpaid_time, what="unpaid_time")
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
    hours = seconds_of(duration, what="duration") / 3600.0
    owed = _hourly_in(floor, code) * hours - float(reward.to(code).magnitude)
    return Q_(max(0.0, owed), code)


@keywords_after(1, "search", "rejection_rate")
def expected_hourly(
    task: Task, *, search: Quantity | None = None, rejection_rate: float = 0.0
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
    search_s = 0.0 if search is None else seconds_of(search, what="search")
    total = seconds_of(task.duration, what="Task.duration") + search_s
    if total == 0:
        raise InvalidInputError("a task with no duration and no search has no hourly rate")
    code = task.currency
    return Q_(
        float(task.reward.magnitude) * (1.0 - rejection_rate) * 3600.0 / total, f"{code}/hour"
    )
