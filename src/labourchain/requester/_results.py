"""The results of the requester tools: a fair reward, a batch's cost, a plan, top-ups."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from labourchain._frozen import frozen_map
from labourchain._json import figure, money_value, rate_value
from labourchain._text import plural
from labourchain.units import Quantity, currency_of

__all__ = ("BatchCost", "BatchPlan", "FairReward", "TopUps")


@attrs.frozen(kw_only=True)
class FairReward:
    """A reward per task that meets a wage floor for a stated share of workers.

    Attributes:
        reward: The reward per task, rounded up to the currency's minor unit.
        unrounded: The exact reward before rounding.
        share: The share of workers asked for.
        achieved_share: The share of the sample (weighted by country shares)
            that the reward lifts to their floor: at least ``share``.
        workers: Workers in the sample (measured times).
        binding_time: The task time of the worker at the ``share`` quantile.
        overhead_time: Unpaid time per approved task for that worker.
        floors: The hourly floor of each country (or ``"floor"``), in the reward's currency.
        worker_fee: The share of the reward the platform keeps from the worker.
        sources: Where the floors and rates come from.
    """

    reward: Quantity
    unrounded: Quantity
    share: float
    achieved_share: float
    workers: int
    binding_time: Quantity
    overhead_time: Quantity
    floors: Mapping[str, Quantity] = attrs.field(converter=frozen_map)
    worker_fee: float
    sources: tuple[str, ...] = ()

    def describe_share(self) -> str:
        """Whom the reward lifts to the floor, in words."""
        if self.workers == 1:
            return "a worker at the median time is paid the floor: half the workers"
        return (
            f"meets the floor for {100 * self.achieved_share:.1f}% of {self.workers} measured "
            f"workers; asked {100 * self.share:.1f}%"
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready values: money in the reward's currency, time in minutes."""
        code = currency_of(self.reward)
        return {
            "currency": code,
            "reward": money_value(float(self.reward.magnitude), code),
            "unrounded": figure(self.unrounded.magnitude),
            "share": self.share,
            "achieved_share": figure(self.achieved_share),
            "workers": self.workers,
            "binding_time_minutes": figure(self.binding_time.to("minute").magnitude),
            "overhead_minutes": figure(self.overhead_time.to("minute").magnitude),
            "floors": {
                k: rate_value(float(v.to(f"{code}/hour").magnitude), code)
                for k, v in self.floors.items()
            },
            "worker_fee": self.worker_fee,
            "sources": list(self.sources),
        }


@attrs.frozen(kw_only=True)
class BatchCost:
    """What a client pays for a batch of assignments, platform fees included.

    Attributes:
        reward: The reward per assignment.
        assignments: The batch size.
        per_assignment: What one assignment costs the client (:meth:`Platform.client_cost`).
        rewards: ``reward * assignments``: what reaches the workers' balances
            before any worker fee.
        fees: The platform's fees to the client for the batch.
        total: ``rewards + fees``.
        platform: The platform's name.
        sources: Where the fee rules come from.
    """

    reward: Quantity
    assignments: int
    per_assignment: Quantity
    rewards: Quantity
    fees: Quantity
    total: Quantity
    platform: str
    sources: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready values in the reward's currency."""
        code = currency_of(self.reward)
        return {
            "currency": code,
            "platform": self.platform,
            "reward": money_value(float(self.reward.magnitude), code),
            "assignments": self.assignments,
            "per_assignment": money_value(float(self.per_assignment.magnitude), code),
            "rewards": money_value(float(self.rewards.magnitude), code),
            "fees": money_value(float(self.fees.magnitude), code),
            "total": money_value(float(self.total.magnitude), code),
            "sources": list(self.sources),
        }


@attrs.frozen(kw_only=True)
class BatchPlan:
    """A fair reward and the batch budget at that reward (see :func:`plan_batch`)."""

    fair: FairReward
    cost: BatchCost

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready values."""
        return {"reward": self.fair.to_dict(), "budget": self.cost.to_dict()}

    def to_text(self) -> str:
        """A plain-text summary."""
        f, c = self.fair, self.cost
        code = currency_of(f.reward)
        lines = [
            f"Reward per task: {f.reward.magnitude:,.2f} {code} ({f.describe_share()})",
            f"  task time at that share: {f.binding_time.to('minute').magnitude:.2f} min, "
            f"plus {f.overhead_time.to('minute').magnitude:.2f} min unpaid overhead per paid task",
        ]
        for name, hourly in f.floors.items():
            which = "floor" if name == "floor" else f"floor in {name}"
            lines.append(f"  {which}: {hourly.to(f'{code}/hour').magnitude:,.2f} {code}/hour")
        if f.worker_fee:
            lines.append(f"  worker fee: {100 * f.worker_fee:g}% of the reward")
        lines += [
            "",
            f"Batch on {c.platform}: {plural(c.assignments, 'assignment')}",
            f"  rewards {c.rewards.magnitude:>12,.2f} {code}",
            f"  fees    {c.fees.magnitude:>12,.2f} {code}",
            f"  total   {c.total.magnitude:>12,.2f} {code}",
        ]
        sources = tuple(dict.fromkeys((*f.sources, *c.sources)))
        if sources:
            lines += ["", "Figures used:", *(f"  - {s}" for s in sources)]
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.to_text()


@attrs.frozen(kw_only=True)
class TopUps:
    """Bonuses after a batch that lift workers to the floor. Build it with :func:`top_up_batch`.

    Attributes:
        basis: The method used: ``"fairwork"``, ``"median"`` or ``"own"``.
        task_time: The time estimate for the task (``None`` where nobody reported
            a time under ``"fairwork"``): Fair Work's median of per-HIT medians,
            or the median of all times.
        per_task: The bonus for each approved assignment before the worker's
            total is rounded up (``None`` under ``"own"`` and where Fair Work
            has no estimate).
        by_worker: Each worker's bonus, by the id given, rounded up to the cent
            (the currency's minor unit).
        total: All bonuses (the sum of the rounded ones).
        client_cost: What the bonuses cost the client, platform fees included,
            computed on the rounded bonuses (``None`` without a platform with a
            published client fee).
        rate: Under ``"fairwork"``, the estimated hourly rate of the task
            (reward over the time estimate, rounded to the cent); else ``None``.
    """

    basis: str
    task_time: Quantity | None
    per_task: Quantity | None
    by_worker: Mapping[str, Quantity] = attrs.field(converter=frozen_map)
    total: Quantity
    client_cost: Quantity | None
    rate: Quantity | None = None

    @property
    def method(self) -> str:
        """The method used (the same as :attr:`basis`)."""
        return self.basis

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready values in the reward's currency."""
        code = currency_of(self.total)

        def cash(q: Quantity | None) -> float | None:
            return None if q is None else money_value(float(q.magnitude), code)

        return {
            "currency": code,
            "basis": self.basis,
            "task_time_minutes": (
                None if self.task_time is None else figure(self.task_time.to("minute").magnitude)
            ),
            "rate": None if self.rate is None else rate_value(float(self.rate.magnitude), code),
            "per_task": cash(self.per_task),
            "by_worker": {w: cash(b) for w, b in self.by_worker.items()},
            "total": cash(self.total),
            "client_cost": cash(self.client_cost),
        }
