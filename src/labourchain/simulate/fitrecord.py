"""The record of a calibration, as stored with a scenario (its ``[calibration]`` table).

Plain values only (no numpy, no simulation), so that :mod:`labourchain.simulate.scenario`
can read and write it; :func:`labourchain.simulate.calibrate` makes one.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

import attrs

from labourchain.errors import InvalidInputError

__all__ = ("Fit", "FitTarget")


def _finite(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InvalidInputError(
            f"{type(instance).__name__}.{attribute.name} must be a finite number, got {value!r}"
        )


def _optional_finite(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        _finite(instance, attribute, value)


def _float(value: object) -> object:
    if isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value


def _optional_float(value: object) -> object:
    return None if value is None else _float(value)


@attrs.frozen(kw_only=True)
class FitTarget:
    """One target of a fit: the published figure, what the fitted model gives, and how sure.

    Attributes:
        statistic: The statistic's name (see :data:`labourchain.simulate.STATISTICS`).
        at: Its argument (a probability for a quantile, a wage for a share), if any.
        value: The published figure.
        simulated: The fitted scenario's value (with the fit's seed and workers).
        se: Its Monte Carlo standard error at the fit's number of workers.
        tolerance: How far from ``value`` the shipped case may be (checked by the tests).
        source: Where the figure comes from.
    """

    statistic: str
    value: float = attrs.field(converter=_float, validator=_finite)
    simulated: float = attrs.field(converter=_float, validator=_finite)
    se: float = attrs.field(converter=_float, validator=_finite)
    at: float | None = attrs.field(
        default=None, converter=_optional_float, validator=_optional_finite
    )
    tolerance: float | None = attrs.field(
        default=None, converter=_optional_float, validator=_optional_finite
    )
    source: str = ""

    @property
    def label(self) -> str:
        """``statistic`` or ``statistic@at``."""
        return self.statistic if self.at is None else f"{self.statistic}@{self.at:g}"


def _targets(value: object) -> tuple[FitTarget, ...]:
    if not isinstance(value, Iterable) or isinstance(value, str | bytes | Mapping):
        raise InvalidInputError(f"calibration.targets must be an array of tables, got {value!r}")
    out = []
    for i, item in enumerate(value):
        if isinstance(item, FitTarget):
            out.append(item)
            continue
        if not isinstance(item, Mapping):
            raise InvalidInputError(f"calibration.targets[{i}] must be a table, got {item!r}")
        allowed = [f.name for f in attrs.fields(FitTarget)]
        unknown = sorted(set(item) - set(allowed))
        if unknown:
            raise InvalidInputError(
                f"calibration.targets[{i}]: unknown field {unknown[0]!r}; "
                f"accepted fields: {', '.join(allowed)}"
            )
        try:
            out.append(FitTarget(**item))
        except TypeError as exc:
            raise InvalidInputError(f"calibration.targets[{i}]: {exc}") from None
    return tuple(out)


def _params(value: object) -> tuple[tuple[str, float], ...]:
    items = value.items() if isinstance(value, Mapping) else value
    if not isinstance(items, Iterable):
        raise InvalidInputError(f"calibration.params must be a table, got {value!r}")
    out = []
    for pair in items:
        name, number = pair
        if isinstance(number, bool) or not isinstance(number, int | float):
            raise InvalidInputError(f"calibration.params.{name} must be a number, got {number!r}")
        out.append((str(name), float(number)))
    return tuple(out)


@attrs.frozen(kw_only=True)
class Fit:
    """How a scenario was fitted: targets, the fitted values, the seed, the date.

    Attributes:
        method: The fitting method, in words.
        seed: The root seed of the common random numbers.
        workers: Simulated workers per evaluation.
        date: When the fit was made.
        evaluations: Simulations run by the optimiser.
        seconds: Wall time of the fit.
        params: The fitted parameters (dotted paths into the scenario) and their values.
        targets: The targets and how well the fitted scenario meets them.
        note: Anything a reader should know (what was left out, and why).
    """

    seed: int
    workers: int
    date: date
    params: tuple[tuple[str, float], ...] = attrs.field(converter=_params)
    targets: tuple[FitTarget, ...] = attrs.field(converter=_targets)
    method: str = "simulated method of moments"
    evaluations: int = 0
    seconds: float = attrs.field(default=0.0, converter=_float, validator=_finite)
    note: str = ""

    def __attrs_post_init__(self) -> None:
        for name in ("seed", "workers", "evaluations"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise InvalidInputError(
                    f"calibration.{name} must be a whole number >= 0, got {value!r}"
                )
        if not isinstance(self.date, date):
            raise InvalidInputError(
                f"calibration.date must be a TOML date such as 2026-11-29, got {self.date!r}"
            )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Fit:
        """From a ``[calibration]`` table (as ``tomllib`` reads it)."""
        allowed = [f.name for f in attrs.fields(cls)]
        unknown = sorted(set(data) - set(allowed))
        if unknown:
            raise InvalidInputError(
                f"calibration: unknown field {unknown[0]!r}; accepted fields: {', '.join(allowed)}"
            )
        try:
            return cls(**data)
        except TypeError as exc:
            raise InvalidInputError(f"calibration: {exc}") from None
