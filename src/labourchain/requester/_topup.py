"""Bonuses after a batch that lift workers' pay to a wage floor (:func:`top_up_batch`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Final, Literal

import numpy as np
import pint

from labourchain._parse import as_hourly
from labourchain._typing import FloatArray
from labourchain.domain import Platform
from labourchain.errors import InvalidInputError
from labourchain.requester._fairwork import fairwork_audit
from labourchain.requester._money import round_up, sum_minor_units, worker_fee
from labourchain.requester._overhead import Overhead, as_overhead, task_seconds
from labourchain.requester._results import TopUps
from labourchain.units import Q_, Quantity, currency_of

__all__ = ("top_up_batch",)

_METHODS: Final = ("fairwork", "median", "own")
_STATUSES: Final = ("approved", "rejected", "submitted")


def top_up_batch(
    reward: Quantity,
    times: Quantity,
    floor: Quantity,
    *,
    workers: Sequence[str] | None = None,
    overhead: Overhead | Quantity | None = None,
    platform: Platform | None = None,
    method: Literal["fairwork", "median", "own"] | None = None,
    basis: Literal["fairwork", "median", "own"] | None = None,
    hits: Sequence[str] | None = None,
    statuses: Sequence[str] | None = None,
    frozen: Iterable[str] = (),
) -> TopUps:
    """Bonuses that lift each worker's pay for a batch to ``floor``.

    Three methods; in every one each worker's bonus is rounded **up** to the
    cent (the currency's minor unit) and the client's cost is computed on the
    rounded bonuses.

    ``"fairwork"`` reproduces the Fair Work reference implementation
    (Whiting, Hugh and Bernstein, HCOMP 2019; github.com/StanfordHCI/fairwork at
    76ba6ff, ``auditor/management/commands/auditpayments.py`` lines 55-95 and
    245-253, ``auditor/models.py`` lines 115-134):

    1. the HITs estimated are those with an approved assignment (line 55, 66);
       in each, the median of the times reported for its assignments, approved
       or rejected, leaving out frozen workers (lines 72-80);
    2. the time estimate is the median of those per-HIT medians (line 91);
    3. the rate, ``reward / time``, is rounded to the cent (half to even, as
       ``Decimal.quantize``; a rate that rounds to 0 becomes 0.01; line 92-94);
    4. below the floor, each approved assignment earns
       ``reward * (floor / rate - 1)`` (models.py lines 125-134);
    5. each worker's total is rounded up to the cent (line 252).

    Frozen workers get no bonus. A time of NaN is a report never made: it
    enters no median. With no report left, nobody is bonused (Fair Work: "No
    bonuses will be sent"). Fair Work knows no overhead and no worker fee:
    ``overhead`` and a platform with a worker fee are refused.

    ``"median"`` (the default, labourchain's own) pools every assignment's time,
    with no regard to HITs or status, and takes the median (not Fair Work's
    median of per-HIT medians, which differs on any batch of more than one HIT);
    it counts ``overhead`` (unpaid time per task, see :class:`Overhead`) and
    grosses the bonus up for the platform's worker fee, with no rounding of the
    rate: ``bonus = F * T(median) / (1 - worker_fee) - reward`` per task, never
    negative. ``"own"`` does the same with each worker's own times (a worker's
    bonus is the sum over her tasks, never negative).

    Args:
        reward: The reward each approved assignment paid.
        times: The measured (or reported) time of each assignment.
        floor: The hourly wage floor, in the reward's currency.
        workers: The (opaque) worker id of each assignment; by default each
            assignment is its own worker, named by its position.
        overhead: Unpaid time per task, as for :func:`fair_reward`
            (``"median"`` and ``"own"`` only).
        platform: Its worker fee comes off bonuses too; its client fee gives
            ``client_cost``.
        method: ``"fairwork"``, ``"median"`` or ``"own"``, as above.
        basis: The same as ``method`` (its earlier name).
        hits: The HIT of each assignment (``"fairwork"``; by default one HIT).
        statuses: ``"approved"`` or ``"rejected"`` for each assignment (by
            default all approved; any case). Only approved assignments earn a
            bonus. ``"submitted"`` (awaiting review) is accepted too: as in Fair
            Work, its reported time counts and it earns no bonus until approved.
        frozen: Worker ids whose bonuses the requester froze (``"fairwork"``).

    Raises:
        InvalidInputError: for lists of the wrong length, an unknown method or
            status, or an option the method does not use.

    >>> import labourchain as lc
    >>> floor = lc.money(15, "USD") / lc.Q_(1, "hour")
    >>> t = top_up_batch(lc.money(0.50, "USD"), lc.Q_([4, 5, 9], "minute"), floor)
    >>> t.per_task, t.total
    (<Quantity(0.75, 'USD')>, <Quantity(2.25, 'USD')>)
    >>> fw = top_up_batch(lc.money(0.50, "USD"), lc.Q_([4, 5, 9], "minute"), floor,
    ...                   method="fairwork", hits=["h1", "h1", "h2"])
    >>> fw.task_time, fw.rate, fw.total
    (<Quantity(6.75, 'minute')>, <Quantity(4.44, 'USD / hour')>, <Quantity(3.57, 'USD')>)
    """
    if method is not None and basis is not None and method != basis:
        raise InvalidInputError(f"method={method!r} and basis={basis!r} disagree: give one")
    chosen = method if method is not None else (basis if basis is not None else "median")
    if chosen not in _METHODS:
        raise InvalidInputError(
            f"method must be one of {', '.join(map(repr, _METHODS))}, got {chosen!r}"
        )
    code = currency_of(reward, what="reward")
    if chosen == "fairwork":
        mag = _reported_times(times)
    else:
        mag, _ = task_seconds(times, "times")
    n = len(mag)
    ids = [str(i) for i in range(n)] if workers is None else _labels(workers, "workers", n)
    hit_ids = ["1"] * n if hits is None else _labels(hits, "hits", n)
    raw_status = ["approved"] * n if statuses is None else _labels(statuses, "statuses", n)
    status = [x.strip().lower() for x in raw_status]  # MTurk writes "Approved", "Rejected"
    bad = sorted({g for g, x in zip(raw_status, status, strict=True) if x not in _STATUSES})
    if bad:
        raise InvalidInputError(
            f"statuses must be 'approved', 'rejected' or 'submitted', got {bad}"
        )
    if isinstance(frozen, str):
        raise InvalidInputError(f"frozen must be a list of worker ids, got the string {frozen!r}")
    frozen_ids = {str(w) for w in frozen}
    if chosen != "fairwork":
        for name, given in (("hits", hits), ("frozen", frozen_ids or None)):
            if given is not None:
                raise InvalidInputError(f"{name}= is used by method='fairwork' only")
    approved = np.array([x == "approved" for x in status], dtype=bool)
    if chosen == "fairwork":
        if overhead is not None:
            raise InvalidInputError(
                "method='fairwork' counts no overhead (Fair Work does not): use "
                "method='median' or 'own' to count unpaid time"
            )
        if worker_fee(platform) > 0:
            raise InvalidInputError(
                f"method='fairwork' takes no worker fee into account (Fair Work ran on "
                f"Mechanical Turk, which takes none), but {platform.name!r} takes "  # type: ignore[union-attr]
                f"{worker_fee(platform):g} of rewards: use method='median' or 'own'"
            )
        hourly = float(as_hourly(floor, code, what="floor").to(f"{code}/hour").magnitude)
        audit = fairwork_audit(reward, mag, hourly, code, ids, hit_ids, approved, frozen_ids)
        return _top_ups(
            "fairwork", audit.task_time, audit.per_task, audit.bonuses, code, platform, audit.rate
        )

    over = as_overhead(overhead)
    fee = worker_fee(platform)
    per_second = float(as_hourly(floor, code, what="floor").to(f"{code}/second").magnitude)
    r = float(reward.magnitude)
    median = float(np.median(mag))
    owed: dict[str, float] = dict.fromkeys(sorted(set(ids)), 0.0)
    per_task = None
    if chosen == "median":
        need = float(over.time_per_paid_task(np.array([median]))[0])
        bonus = max(0.0, per_second * need / (1.0 - fee) - r)
        per_task = Q_(bonus, code)
        for w, ok in zip(ids, approved.tolist(), strict=True):
            if ok:
                owed[w] += bonus
    else:
        need_each = over.time_per_paid_task(mag)
        due: dict[str, float] = dict.fromkeys(owed, 0.0)
        for w, seconds_needed, ok in zip(ids, need_each.tolist(), approved.tolist(), strict=True):
            if ok:
                due[w] += per_second * seconds_needed / (1.0 - fee) - r
        owed = {w: max(0.0, v) for w, v in due.items()}
    rounded = {w: round_up(v, code) for w, v in owed.items()}
    return _top_ups(chosen, Q_(median / 60.0, "minute"), per_task, rounded, code, platform)


def _labels(values: Sequence[str], what: str, n: int) -> list[str]:
    if isinstance(values, str):
        raise InvalidInputError(f"{what} must be a list with one entry per time, got {values!r}")
    out = [str(v) for v in values]
    if len(out) != n:
        raise InvalidInputError(f"{what} has {len(out)} entries for {n} times")
    return out


def _reported_times(value: object) -> FloatArray:
    """Seconds; NaN marks an assignment whose worker reported no time."""
    if not isinstance(value, pint.Quantity) or value.dimensionality != Q_(1, "s").dimensionality:
        raise InvalidInputError(
            f"times must be a time such as Q_([4.5, 5, 7], 'minute'), got {value!r}"
        )
    mag = np.asarray(value.to("second").magnitude, dtype=np.float64).reshape(-1)
    if mag.size == 0:
        raise InvalidInputError("times has no times")
    known = mag[~np.isnan(mag)]
    if not np.all(np.isfinite(known)) or np.any(known < 0):
        raise InvalidInputError(f"times must be finite and non-negative (or NaN), got {value!r}")
    return mag


def _top_ups(
    method: str,
    task_time: Quantity | None,
    per_task: Quantity | None,
    rounded: dict[str, float],
    code: str,
    platform: Platform | None,
    rate: Quantity | None = None,
) -> TopUps:
    client_cost = None
    if platform is not None and platform.client_fee is not None:
        client_cost = Q_(
            sum(float(platform.client_cost(Q_(v, code)).magnitude) for v in rounded.values() if v),
            code,
        )
    return TopUps(
        basis=method,
        task_time=task_time,
        per_task=per_task,
        by_worker={w: Q_(v, code) for w, v in rounded.items()},
        total=Q_(sum_minor_units(rounded.values(), code), code),
        client_cost=client_cost,
        rate=rate,
    )
