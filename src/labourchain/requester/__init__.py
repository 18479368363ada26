"""Fair pay for requesters: a reward that meets a wage floor, a batch budget, and top-ups.

Where each part lives: :class:`Overhead` (the unpaid time per task) in
``_overhead``; :func:`fair_reward` and :func:`reference_floor` in ``_reward``;
:func:`batch_cost` and :func:`plan_batch` in ``_batch``; :func:`top_up_batch`
in ``_topup``, with the Fair Work arithmetic in ``_fairwork``; the results
(:class:`FairReward`, :class:`BatchCost`, :class:`BatchPlan`, :class:`TopUps`)
in ``_results``; rounding up to the cent and worker fees in ``_money``.
Until 0.3 the same names can be imported from ``labourchain.budget`` (with a
``DeprecationWarning``).

A conscientious requester wants the workers who do a task to earn at least a
wage floor per hour (a fixed figure such as $15/h, or the minimum wage where
each worker lives), once the unpaid time the task costs them is counted and
the platform's fees are paid.

**The worker's time per paid task.** A task measured at ``t`` (the time to do
it) costs a worker, per approved task, on average::

    T(t) = [ t + s + r / (1 - r) * (s + t_ret) + q / n ] / (1 - rho)

with ``s`` the search for each task, ``r`` the share of started attempts
returned (each costing its search and ``t_ret``, by default the task's own
time), ``q`` an unpaid qualification or training done once per worker and
spread over the ``n`` tasks a worker does, and ``rho`` the share of submitted
work rejected (unpaid). See :class:`Overhead`. With no overhead, ``T(t) = t``.

**The reward** (:func:`fair_reward`). A worker with time ``t`` and floor ``F``
is paid at least ``F`` an hour when ``reward * (1 - worker_fee) >= F * T(t)``.
Given a sample of measured times (one per worker, in any country mix), the
reward is the smallest that satisfies this for at least the stated ``share``
of workers: the ``share`` quantile, with the "inverted CDF" definition
(Hyndman and Fan type 1), of the per-worker required rewards, so the share is
met exactly on the sample, never rounded down. It is then rounded **up** to
the currency's minor unit (cents). Given one time, it is taken as the median,
and the reward meets the floor for half the workers (``share=0.5``), as in
the Fair Work method; with several countries it then meets the highest of
their floors.

**The budget** (:func:`batch_cost`): what the client pays for the batch,
platform fees included (:meth:`Platform.client_cost` for each assignment;
the batch size may set the fee tier).

**Top-ups after a batch** (:func:`top_up_batch`): ``method="fairwork"``
reproduces the Fair Work reference implementation (Whiting, Hugh and
Bernstein, HCOMP 2019): the median over HITs of each HIT's median reported
time, the rate rounded to the cent, ``reward * (floor / rate - 1)`` per
approved assignment. ``method="median"`` (the default) is labourchain's own
extension, which counts overhead: the median of all the batch's times pooled,
``bonus = F * T(median) / (1 - worker_fee) - reward`` per task, never
negative; ``method="own"`` takes each worker's own times. Every worker's bonus
is rounded up to the cent.

>>> import labourchain as lc
>>> floor = lc.money(15, "USD") / lc.Q_(1, "hour")
>>> fair = fair_reward(lc.Q_(5, "minute"), floor, overhead=Overhead(search=lc.Q_(1, "minute")))
>>> fair.reward
<Quantity(1.5, 'USD')>
>>> cost = batch_cost(fair.reward, assignments=100, platform=lc.platforms.get("mturk"))
>>> round(cost.total.magnitude, 2), round(cost.fees.magnitude, 2)
(210.0, 60.0)
"""

from __future__ import annotations

from labourchain.requester._batch import batch_cost, plan_batch
from labourchain.requester._batchfile import Batch as Batch
from labourchain.requester._batchfile import batch_of as batch_of
from labourchain.requester._overhead import Overhead
from labourchain.requester._results import BatchCost, BatchPlan, FairReward, TopUps
from labourchain.requester._reward import fair_reward, reference_floor
from labourchain.requester._topup import top_up_batch

__all__ = (
    "BatchCost",
    "BatchPlan",
    "FairReward",
    "Overhead",
    "TopUps",
    "batch_cost",
    "fair_reward",
    "plan_batch",
    "reference_floor",
    "top_up_batch",
)
