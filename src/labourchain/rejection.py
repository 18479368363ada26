"""Rejection: how a client's review turns paid time into unpaid time.

A :class:`RejectionModel` describes one client's review policy:

* **individual rejection**: each task is rejected with probability ``p``
  (``rate``), independently;
* **mass rejection**: work comes in batches of ``B`` tasks (``batch_size``),
  and with probability ``q`` (``mass_rate``) the client rejects the whole batch
  at once (FACTS.md: Yasser Al Rayes, ten hours of work, all rejected);
* **approval-rate gating**: before each batch, the platform checks the
  worker's approval rate over her last ``N`` reviewed tasks (``gate_window``);
  below the threshold ``θ`` (``gate_threshold``: fewer than ``ceil(θ N)``
  approvals), a share ``g`` (``gated_share``) of her work is cut off from the
  better tasks and paid ``f`` (``gated_pay_ratio``) times as much (``f = 0``:
  that share of her time finds no task she may take, and is unpaid).

Formulas (per task of reward ``R``, duration ``d``, unpaid search ``s``):

* rejection probability of a task: ``ρ = q + (1 - q) p``;
* gating probability: ``π = P(A < ceil(θ N))``, where ``A``, the approvals
  among the last ``N`` tasks, is the sum of ``N // B`` whole batches and the
  last ``N % B`` tasks of an earlier one; a batch segment of ``m`` tasks gives
  0 approvals with probability ``q`` and ``Binomial(m, 1 - p)`` otherwise. The
  distribution of ``A`` is the exact convolution of these.
* long-run share of nominal pay reaching the worker:
  ``pay_factor = (1 - ρ) (1 - π g (1 - f))``;
* long-run effective hourly wage: ``R · pay_factor / (d + s)``; with no mass
  rejection and no gating this is ``expected_hourly(task, search=s,
  rejection_rate=p)`` = ``R (1 - p) / (d + s)``.

Assumptions: batches are independent of one another; every earlier batch is
reviewed before the next starts (a fixed review lag of whole batches changes
nothing below, because the window still holds only earlier, independent
batches); rejection does not depend on gating (the fallback work is rejected
at the same rate); the worker keeps working through rejections and gating at
the same pace. Under these assumptions the gating state before a batch is
independent of that batch's outcome, so the long-run formula is exact (by the
renewal-reward theorem, long-run pay per hour is expected pay per task over
expected time per task: a ratio of sums, not a mean of ratios) once the worker
has done her first ``N`` tasks; :func:`sample_rejections` draws from the same
model for simulation and for checking the formulas.

>>> from labourchain.units import Q_, money
>>> model = RejectionModel(rate=0.02, mass_rate=0.05, batch_size=20)
>>> round(model.rejection_probability, 3)
0.069
>>> task = Terms(reward=money(0.5, "USD"), duration=Q_(5, "minute"))
>>> round(long_run_hourly(task, model), 3)
<Quantity(5.586, 'USD / hour')>
"""

from __future__ import annotations

import math
from functools import cached_property
from typing import Final, Protocol

import attrs
import numpy as np
import numpy.typing as npt
import pint

from labourchain._frozen import read_only
from labourchain._typing import BoolArray, FloatArray, SeedLike
from labourchain.errors import InvalidInputError
from labourchain.units import Q_, Quantity, currency_of, is_money, seconds_of, ureg

__all__ = (
    "RejectionModel",
    "RejectionSample",
    "TaskLike",
    "Terms",
    "long_run_hourly",
    "rejection_cost",
    "sample_rejections",
)

#: Largest gate window whose exact distribution is computed (cost grows as N squared).
MAX_GATE_WINDOW: Final = 10_000


class TaskLike(Protocol):
    """Anything with a money ``reward`` and a time ``duration`` (e.g. ``labourchain.Task``)."""

    @property
    def reward(self) -> Quantity: ...

    @property
    def duration(self) -> Quantity: ...


def _probability(instance: object, attribute: attrs.Attribute[float], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidInputError(
            f"RejectionModel.{attribute.name} must be a probability in [0, 1], got {value!r}"
        )
    if not (math.isfinite(value) and 0.0 <= value <= 1.0):
        raise InvalidInputError(
            f"RejectionModel.{attribute.name} must be a probability in [0, 1], got {value!r}"
        )


def _count(instance: object, attribute: attrs.Attribute[int], value: object) -> None:
    limit = MAX_GATE_WINDOW if attribute.name == "gate_window" else None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidInputError(
            f"RejectionModel.{attribute.name} must be a whole number >= 1, got {value!r}"
        )
    if limit is not None and value > limit:
        raise InvalidInputError(
            f"RejectionModel.{attribute.name} must be at most {limit} tasks, got {value}; "
            "an approval rate over more tasks barely moves and is not computed exactly here"
        )


def _float(value: object) -> object:
    # Accept numpy scalars and ints as floats; leave anything else for the validator.
    if isinstance(value, np.floating | np.integer) and not isinstance(value, np.bool_):
        return float(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value


def _binomial_pmf(n: int, success: float) -> FloatArray:
    """P(X = k), k = 0..n, for X ~ Binomial(n, success), computed in log space."""
    if success <= 0.0:
        out = np.zeros(n + 1)
        out[0] = 1.0
        return out
    if success >= 1.0:
        out = np.zeros(n + 1)
        out[n] = 1.0
        return out
    k = np.arange(n + 1, dtype=np.float64)
    log_choose = np.concatenate(([0.0], np.cumsum(np.log((n - k[1:] + 1) / k[1:]))))
    pmf: FloatArray = np.exp(log_choose + k * math.log(success) + (n - k) * math.log1p(-success))
    return pmf


def _segment_pmf(m: int, p: float, q: float) -> FloatArray:
    """Approvals among ``m`` tasks of one batch: 0 if mass-rejected, else Binomial."""
    pmf = (1.0 - q) * _binomial_pmf(m, 1.0 - p)
    pmf[0] += q
    return pmf


def _power(pmf: FloatArray, times: int) -> FloatArray:
    """The distribution of the sum of ``times`` independent draws (by squaring)."""
    result: FloatArray = np.ones(1)
    base = pmf
    while times:
        if times & 1:
            result = np.convolve(result, base)
        times >>= 1
        if times:
            base = np.convolve(base, base)
    return result


@attrs.frozen(kw_only=True)
class RejectionModel:
    """One client's review policy: individual and mass rejection, approval-rate gating.

    The defaults reject nothing. See the module docstring for the model, its
    formulas and its assumptions.

    Attributes:
        rate: ``p``, probability that a task is rejected on its own.
        mass_rate: ``q``, probability that a whole batch is rejected at once.
        batch_size: ``B``, tasks per batch (the unit of mass rejection and of gating checks).
        gate_threshold: ``θ``, the approval rate below which access is cut
            (0 never gates; 0.95 is a common requirement).
        gate_window: ``N``, how many of the last tasks the approval rate counts
            (at most 10,000).
        gated_share: ``g``, share of her work cut off from the better tasks while gated.
        gated_pay_ratio: ``f``, pay of that share relative to the better tasks
            (0: the time finds no task and is unpaid).

    >>> RejectionModel(rate=0.01).pay_factor
    0.99
    """

    rate: float = attrs.field(default=0.0, converter=_float, validator=_probability)
    mass_rate: float = attrs.field(default=0.0, converter=_float, validator=_probability)
    batch_size: int = attrs.field(default=1, validator=_count)
    gate_threshold: float = attrs.field(default=0.0, converter=_float, validator=_probability)
    gate_window: int = attrs.field(default=100, validator=_count)
    gated_share: float = attrs.field(default=0.0, converter=_float, validator=_probability)
    gated_pay_ratio: float = attrs.field(default=0.0, converter=_float, validator=_probability)

    @property
    def rejection_probability(self) -> float:
        """``ρ = q + (1 - q) p``: the long-run share of tasks rejected.

        >>> RejectionModel(rate=0.1, mass_rate=0.2).rejection_probability
        0.28
        """
        return self.mass_rate + (1.0 - self.mass_rate) * self.rate

    @property
    def approvals_needed(self) -> int:
        """``ceil(θ N)``: approvals among the last ``N`` tasks that keep access.

        >>> RejectionModel(gate_threshold=0.95, gate_window=100).approvals_needed
        95
        """
        # Round first so that 0.95 * 100 = 95.00000000000001 still means 95.
        return math.ceil(round(self.gate_threshold * self.gate_window, 9))

    @cached_property
    def gating_probability(self) -> float:
        """``π``: long-run probability that a batch starts with access cut.

        >>> RejectionModel(rate=0.5, gate_threshold=1.0, gate_window=2).gating_probability
        0.75
        """
        needed = self.approvals_needed
        if needed <= 0:
            return 0.0
        p, q, b, n = self.rate, self.mass_rate, self.batch_size, self.gate_window
        full, partial = divmod(n, b)
        pmf = _power(_segment_pmf(b, p, q), full)
        if partial:
            pmf = np.convolve(pmf, _segment_pmf(partial, p, q))
        return float(min(1.0, max(0.0, np.sum(pmf[:needed]))))

    @property
    def pay_factor(self) -> float:
        """``(1 - ρ)(1 - π g (1 - f))``: long-run share of nominal pay that reaches her.

        >>> RejectionModel(rate=0.5, gate_threshold=1.0, gate_window=2, gated_share=0.4).pay_factor
        0.35
        """
        cut = self.gating_probability * self.gated_share * (1.0 - self.gated_pay_ratio)
        return (1.0 - self.rejection_probability) * (1.0 - cut)


@attrs.frozen(kw_only=True)
class Terms:
    """A task's reward and duration, for callers without a ``labourchain.Task``.

    >>> from labourchain.units import Q_, money
    >>> Terms(reward=money(1.5, "USD"), duration=Q_(1, "hour")).reward
    <Quantity(1.5, 'USD')>
    """

    reward: Quantity
    duration: Quantity


def _task_terms(task: object, search: object) -> tuple[float, str, float]:
    """(reward, currency, seconds of duration + search), checked."""
    reward = getattr(task, "reward", None)
    duration = getattr(task, "duration", None)
    if reward is None or duration is None:
        raise InvalidInputError(
            f"task must have a money .reward and a time .duration (a labourchain.Task or "
            f"labourchain.rejection.Terms), got {task!r}"
        )
    if not is_money(reward):
        raise InvalidInputError(
            f"task.reward must be money such as labourchain.money(0.5, 'USD'), got {reward!r}"
        )
    assert isinstance(reward, pint.Quantity)
    code = currency_of(reward, what="task.reward")
    if reward.dimensionality != ureg.Unit(code).dimensionality:
        raise InvalidInputError(
            f"task.reward must be an amount of money (not a rate), got {reward!r}"
        )
    amount = float(reward.to(code).magnitude)
    if not (math.isfinite(amount) and amount >= 0):
        raise InvalidInputError(f"task.reward must be finite and >= 0, got {reward!r}")
    time = seconds_of(duration, what="task.duration")
    time += 0.0 if search is None else seconds_of(search, what="search")
    if time <= 0:
        raise InvalidInputError(
            f"task.duration plus search must be positive to give an hourly wage, got "
            f"{duration!r} and {search!r}"
        )
    return amount, code, time


def long_run_hourly(
    task: TaskLike, model: RejectionModel, *, search: Quantity | None = None
) -> Quantity:
    """Long-run expected effective hourly wage on a task under a rejection model.

    ``reward x pay_factor / (duration + search)``: rejected and gated-off work
    is done but not paid (see the module docstring for the formula and its
    assumptions).

    Args:
        task: Anything with ``.reward`` (money) and ``.duration`` (time).
        model: The client's rejection model.
        search: Unpaid time to find each task (default none).

    Returns:
        Money per hour in the reward's currency.

    >>> from labourchain.units import Q_, money
    >>> task = Terms(reward=money(0.5, "USD"), duration=Q_(5, "minute"))
    >>> long_run_hourly(task, RejectionModel(rate=0.1), search=Q_(1, "minute"))
    <Quantity(4.5, 'USD / hour')>
    """
    if not isinstance(model, RejectionModel):
        raise InvalidInputError(f"model must be a RejectionModel, got {model!r}")
    amount, code, time = _task_terms(task, search)
    return Q_(amount * model.pay_factor / time * 3600, f"{code}/hour")


def rejection_cost(
    task: TaskLike,
    model: RejectionModel,
    *,
    search: Quantity | None = None,
    baseline: RejectionModel | None = None,
) -> Quantity:
    """What a rejection policy costs the worker per hour, against a baseline.

    ``long_run_hourly(task, baseline) - long_run_hourly(task, model)``; the
    baseline defaults to rejecting nothing, so the result is what the policy
    takes from each hour she works.

    >>> from labourchain.units import Q_, money
    >>> task = Terms(reward=money(16, "USD"), duration=Q_(1, "hour"))
    >>> rejection_cost(task, RejectionModel(mass_rate=0.1, batch_size=10))
    <Quantity(1.6, 'USD / hour')>
    """
    base = RejectionModel() if baseline is None else baseline
    if not isinstance(base, RejectionModel):
        raise InvalidInputError(f"baseline must be a RejectionModel, got {base!r}")
    cost: Quantity = long_run_hourly(task, base, search=search) - long_run_hourly(
        task, model, search=search
    )
    return cost


@attrs.frozen(kw_only=True, eq=False)
class RejectionSample:
    """Draws from a :class:`RejectionModel` (see :func:`sample_rejections`).

    Attributes:
        model: The model drawn from.
        rejected: Booleans, shape ``(workers, batches, batch_size)``: task rejected.
        mass: Booleans, shape ``(workers, batches)``: batch rejected as a whole.
        gated: Booleans, shape ``(workers, batches)``: batch started with access cut.
    """

    model: RejectionModel
    rejected: BoolArray = attrs.field(converter=read_only)
    mass: BoolArray = attrs.field(converter=read_only)
    gated: BoolArray = attrs.field(converter=read_only)

    @property
    def pay_factors(self) -> FloatArray:
        """Share of nominal pay each worker received over her batches, shape ``(workers,)``."""
        m = self.model
        cut = m.gated_share * (1.0 - m.gated_pay_ratio)
        approved = (~self.rejected).mean(axis=2)
        paid: FloatArray = (approved * (1.0 - cut * self.gated)).mean(axis=1)
        return paid


def sample_rejections(
    model: RejectionModel,
    *,
    batches: int,
    workers: int = 1,
    seed: SeedLike = None,
) -> RejectionSample:
    """Draw review outcomes for ``workers`` workers doing ``batches`` batches each.

    Each worker starts with a review history drawn from the model (enough
    earlier batches to fill the gate window, then discarded), so the draws are
    from the long-run regime that :attr:`RejectionModel.pay_factor` describes.
    Vectorised: about ``workers x batches x batch_size`` booleans of memory.

    Args:
        model: The rejection model.
        batches: Batches per worker.
        workers: Independent workers (rows).
        seed: Seed or generator for :func:`numpy.random.default_rng`.

    >>> s = sample_rejections(RejectionModel(rate=0.1, batch_size=5), batches=4, workers=2, seed=1)
    >>> s.rejected.shape, s.gated.shape
    ((2, 4, 5), (2, 4))
    """
    if not isinstance(model, RejectionModel):
        raise InvalidInputError(f"model must be a RejectionModel, got {model!r}")
    for name, value in (("batches", batches), ("workers", workers)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise InvalidInputError(f"{name} must be a whole number >= 1, got {value!r}")
    rng = np.random.default_rng(seed)
    b, n = model.batch_size, model.gate_window
    warm = -(-n // b) if model.approvals_needed > 0 else 0
    total = warm + batches
    mass = rng.random((workers, total)) < model.mass_rate
    alone = rng.random((workers, total, b)) < model.rate
    rejected = mass[:, :, None] | alone
    if warm:
        approved = (~rejected).reshape(workers, total * b)
        counts: npt.NDArray[np.int64] = np.concatenate(
            (np.zeros((workers, 1), dtype=np.int64), np.cumsum(approved, axis=1, dtype=np.int64)),
            axis=1,
        )
        ends = np.arange(warm, total) * b
        in_window = counts[:, ends] - counts[:, ends - n]
        gated = in_window < model.approvals_needed
    else:
        gated = np.zeros((workers, batches), dtype=bool)
    return RejectionSample(
        model=model, rejected=rejected[:, warm:], mass=mass[:, warm:], gated=gated
    )
