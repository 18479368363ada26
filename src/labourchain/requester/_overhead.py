"""The unpaid time a task costs a worker beyond doing it (:class:`Overhead`), and task times."""

from __future__ import annotations

import math
from typing import Any

import attrs
import numpy as np
import pint

from labourchain._typing import FloatArray
from labourchain.errors import InvalidInputError
from labourchain.units import Q_, Quantity, seconds_of

__all__ = ("Overhead", "as_overhead", "task_seconds")


def _time(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    seconds_of(value, what=f"Overhead.{attribute.name}")


def _optional_time(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        _time(instance, attribute, value)


def _rate_below_one(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or not (math.isfinite(value) and 0.0 <= value < 1.0)
    ):
        raise InvalidInputError(
            f"Overhead.{attribute.name} must be a share in [0, 1), got {value!r} "
            "(at 1 no task would ever be paid)"
        )


def _positive(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or not (math.isfinite(value) and value >= 1.0)
    ):
        raise InvalidInputError(
            f"Overhead.{attribute.name} must be a number of tasks >= 1, got {value!r}"
        )


def _zero() -> Quantity:
    return Q_(0.0, "minute")


@attrs.frozen(kw_only=True)
class Overhead:
    """The unpaid time a task costs a worker, beyond doing it.

    Attributes:
        search: Finding and selecting each task (Hara et al. 2018 counted gaps
            of a minute or less between tasks as such).
        qualification: Unpaid qualification tests and training, once per worker.
        tasks_per_worker: Tasks a worker does, over which ``qualification`` is spread.
        return_rate: Share of started attempts returned or abandoned (about
            13 % on Amazon Mechanical Turk in Hara et al. 2018).
        returned_time: Time lost on each returned attempt; ``None`` counts the
            task's own time (a worker who gives up near the end).
        rejection_rate: Share of submitted work rejected, unpaid.

    >>> from labourchain import Q_
    >>> o = Overhead(search=Q_(1, "minute"), return_rate=0.2, returned_time=Q_(2, "minute"))
    >>> round(o.per_task(Q_(5, "minute")).to("minute").magnitude, 6)
    1.75
    """

    search: Quantity = attrs.field(factory=_zero, validator=_time)
    qualification: Quantity = attrs.field(factory=_zero, validator=_time)
    tasks_per_worker: float = attrs.field(default=1.0, validator=_positive)
    return_rate: float = attrs.field(default=0.0, validator=_rate_below_one)
    returned_time: Quantity | None = attrs.field(default=None, validator=_optional_time)
    rejection_rate: float = attrs.field(default=0.0, validator=_rate_below_one)

    def time_per_paid_task(self, task_seconds: FloatArray) -> FloatArray:
        """``T(t)``: seconds of the worker's time per approved task of ``t`` seconds."""
        s = seconds_of(self.search)
        returned = task_seconds if self.returned_time is None else seconds_of(self.returned_time)
        r = self.return_rate
        q = seconds_of(self.qualification) / self.tasks_per_worker
        per_submitted = task_seconds + s + r / (1.0 - r) * (s + returned) + q
        result: FloatArray = per_submitted / (1.0 - self.rejection_rate)
        return result

    def per_task(self, task_time: Quantity) -> Quantity:
        """The unpaid time per approved task of ``task_time``: ``T(t) - t``."""
        t = seconds_of(task_time, what="task_time")
        extra = float(self.time_per_paid_task(np.array([t]))[0]) - t
        return Q_(extra, "second").to("minute")


def as_overhead(value: Overhead | Quantity | None) -> Overhead:
    """``value`` as an :class:`Overhead`: none, or a time taken as search time per task."""
    if value is None:
        return Overhead()
    if isinstance(value, Overhead):
        return value
    return Overhead(search=value)


def task_seconds(value: object, what: str = "task_time") -> tuple[FloatArray, bool]:
    """Seconds (an array) and whether one time was given.

    Raises:
        InvalidInputError: if ``value`` is not a time, holds no times, or a time
            that is negative or not finite.
    """
    if not isinstance(value, pint.Quantity) or value.dimensionality != Q_(1, "s").dimensionality:
        raise InvalidInputError(
            f"{what} must be a time such as Q_(5, 'minute') or Q_([4.5, 5, 7], 'minute'), "
            f"got {value!r}"
        )
    mag = np.asarray(value.to("second").magnitude, dtype=np.float64)
    single = mag.ndim == 0
    mag = mag.reshape(-1)
    if mag.size == 0:
        raise InvalidInputError(f"{what} has no times")
    if not np.all(np.isfinite(mag)) or np.any(mag < 0):
        raise InvalidInputError(f"{what} must be finite and non-negative, got {value!r}")
    return mag, single
