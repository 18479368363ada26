"""The Fair Work audit of a batch (Whiting, Hugh and Bernstein, HCOMP 2019), to the cent.

:func:`fairwork_audit` reproduces the arithmetic of the Fair Work reference
implementation (github.com/StanfordHCI/fairwork at 76ba6ff,
``auditor/management/commands/auditpayments.py`` and ``auditor/models.py``):
:func:`~labourchain.requester.top_up_batch` with ``method="fairwork"`` checks
its input and calls it.
"""

from __future__ import annotations

import math
from datetime import timedelta
from decimal import Decimal
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from labourchain._typing import FloatArray
from labourchain.errors import InvalidInputError
from labourchain.units import Q_, Quantity, currency

__all__ = ("FairWorkAudit", "fairwork_audit")


class FairWorkAudit(NamedTuple):
    """What the audit found (``None`` where nobody reported a time)."""

    #: The time estimate: the median of the per-HIT medians of reported times.
    task_time: Quantity | None
    #: The bonus for each approved assignment, before a worker's total is rounded up.
    per_task: Quantity | None
    #: Each worker's bonus, rounded up to the cent.
    bonuses: dict[str, float]
    #: The task's estimated hourly rate, rounded to the cent.
    rate: Quantity | None


def _median(values: list[timedelta]) -> timedelta:
    """``statistics.median`` of durations, as Fair Work takes it (even counts: the mean of two)."""
    data = sorted(values)
    n, i = len(data), len(data) // 2
    return data[i] if n % 2 else (data[i - 1] + data[i]) / 2


def fairwork_audit(
    reward: Quantity,
    mag: FloatArray,
    hourly_floor: float,
    code: str,
    ids: list[str],
    hit_ids: list[str],
    approved: npt.NDArray[np.bool_],
    frozen: set[str],
) -> FairWorkAudit:
    """Fair Work's audit (auditpayments.py lines 64-95, models.py 115-134, line 245-253).

    Args:
        reward: The reward each approved assignment paid.
        mag: Each assignment's reported time in seconds (NaN: no report).
        hourly_floor: The floor in ``code`` per hour.
        code: The reward's currency.
        ids: Each assignment's worker.
        hit_ids: Each assignment's HIT.
        approved: Whether each assignment was approved.
        frozen: The workers whose bonuses are frozen.

    Raises:
        InvalidInputError: if the reported times' median is zero.
    """
    payment = Decimal(repr(float(reward.magnitude)))
    minimum_wage = Decimal(repr(hourly_floor))
    # The HITs with an approved assignment; in each, the median of the reports of
    # workers not frozen, whatever their assignment's status (lines 66-80).
    audited = list(dict.fromkeys(h for h, ok in zip(hit_ids, approved.tolist(), strict=True) if ok))
    hit_durations: list[timedelta] = []
    for hit in audited:
        reports = [
            timedelta(seconds=float(t))
            for t, h, w in zip(mag.tolist(), hit_ids, ids, strict=True)
            if h == hit and w not in frozen and not math.isnan(t)
        ]
        if reports:
            hit_durations.append(_median(reports))
    owed: dict[str, Decimal] = dict.fromkeys(sorted(set(ids)), Decimal(0))
    if not hit_durations:  # nobody reported a time: no estimate, no bonus
        return FairWorkAudit(None, None, dict.fromkeys(owed, 0.0), None)
    estimated_time = _median(hit_durations)
    hours = estimated_time.total_seconds() / (60 * 60)
    if hours == 0:
        raise InvalidInputError("the reported times' median is zero: the task has no rate")
    rate = Decimal(payment / Decimal(hours)).quantize(Decimal(".01"))
    if rate == 0:
        rate = Decimal("0.01")
    underpayment = payment * (minimum_wage / rate - 1) if rate < minimum_wage else Decimal(0)
    for w, ok in zip(ids, approved.tolist(), strict=True):
        if ok and w not in frozen:
            owed[w] += underpayment
    # "don't shortchange workers --- round up to the nearest cent" (line 251-252)
    scale = Decimal(10) ** (currency(code).minor_units or 0)
    rounded = {w: float(math.ceil(v * scale) / scale) for w, v in owed.items()}
    return FairWorkAudit(
        Q_(estimated_time.total_seconds() / 60.0, "minute"),
        Q_(float(underpayment), code),
        rounded,
        Q_(float(rate), f"{code}/hour"),
    )
