"""Money arithmetic the requester tools share: rounding up to the cent, worker fees."""

from __future__ import annotations

import math
from collections.abc import Iterable

from labourchain.domain import Platform
from labourchain.units import currency

__all__ = ("round_up", "sum_minor_units", "worker_fee")


def round_up(amount: float, code: str) -> float:
    """``amount`` rounded up to ``code``'s minor unit (the cent); as is for a currency with none.

    >>> round_up(1.9079, "USD"), round_up(1.9000000000001, "USD"), round_up(12.2, "JPY")
    (1.91, 1.9, 13.0)
    """
    digits = currency(code).minor_units
    if digits is None:
        return amount
    scale = 10**digits
    return float(math.ceil(round(amount * scale, 9)) / scale)


def sum_minor_units(values: Iterable[float], code: str) -> float:
    """The sum of amounts in whole cents (the currency's minor unit), added as whole cents.

    >>> sum_minor_units([0.1, 0.2], "USD")
    0.3
    """
    digits = currency(code).minor_units
    if digits is None:
        return math.fsum(values)
    scale = int(10**digits)
    cents: int = sum(round(float(v) * scale) for v in values)
    return cents / scale


def worker_fee(platform: Platform | None) -> float:
    """The share of the reward ``platform`` keeps from the worker (0 without a platform).

    Raises:
        UnpublishedRuleError: if the platform has not published its worker fee.
    """
    if platform is None:
        return 0.0
    if platform.worker_fee is None:
        raise platform.unpublished_error("worker fee", "worker_fee")
    return float(platform.worker_fee)
