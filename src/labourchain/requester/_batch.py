"""The cost of a batch to the client, and a fair reward with its budget."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from labourchain.domain import Platform
from labourchain.requester._results import BatchCost, BatchPlan
from labourchain.requester._reward import WageKind, fair_reward
from labourchain.units import Q_, Quantity, currency_of

__all__ = ("batch_cost", "plan_batch")


def batch_cost(reward: Quantity, *, assignments: int, platform: Platform) -> BatchCost:
    """What a batch of ``assignments`` at ``reward`` costs the client, fees included.

    Raises:
        UnpublishedRuleError: if the platform has not published its client fee.
        InvalidInputError: for a batch size below 1.

    >>> import labourchain as lc
    >>> c = batch_cost(lc.money(0.50, "USD"), assignments=9, platform=lc.platforms.get("mturk"))
    >>> round(c.per_assignment.magnitude, 2), round(c.total.magnitude, 2)
    (0.6, 5.4)
    """
    code = currency_of(reward, what="reward")
    per = platform.client_cost(reward, assignments=assignments)
    per_amount = float(per.to(code).magnitude)
    r = float(reward.magnitude)
    sources = [f"{platform.name}: {c}" for c in platform.citations]
    if platform.client_fee is not None and platform.client_fee.citation is not None:
        sources.append(f"{platform.name} client fee: {platform.client_fee.citation}")
    return BatchCost(
        reward=reward,
        assignments=assignments,
        per_assignment=per,
        rewards=Q_(r * assignments, code),
        fees=Q_((per_amount - r) * assignments, code),
        total=Q_(per_amount * assignments, code),
        platform=platform.name,
        sources=tuple(dict.fromkeys(sources)),
    )


def plan_batch(
    task_time: Quantity,
    floor: Quantity | Mapping[str, Quantity] | WageKind,
    *,
    assignments: int,
    platform: Platform,
    **kwargs: Any,
) -> BatchPlan:
    """:func:`fair_reward` (with the platform's worker fee) and the :func:`batch_cost` at it.

    Keyword arguments other than ``assignments`` and ``platform`` go to
    :func:`fair_reward`.

    >>> import labourchain as lc
    >>> floor = lc.money(15, "USD") / lc.Q_(1, "hour")
    >>> plan = plan_batch(lc.Q_(5, "minute"), floor, assignments=100,
    ...                   platform=lc.platforms.get("mturk"))
    >>> plan.fair.reward, plan.cost.total
    (<Quantity(1.25, 'USD')>, <Quantity(175.0, 'USD')>)
    """
    fair = fair_reward(task_time, floor, platform=platform, **kwargs)
    return BatchPlan(
        fair=fair, cost=batch_cost(fair.reward, assignments=assignments, platform=platform)
    )
