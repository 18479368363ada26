"""JSON output: exact money, and always valid JSON.

Every ``--json`` output of the command line (and the web API's) is built
with :func:`dumps`, which refuses ``NaN`` and ``Infinity`` (they are not
JSON): a figure that does not exist is ``null``. Amounts of money are
rounded with :func:`money_value` to the currency's minor unit (ISO 4217,
from the bundled ``data/currencies.csv``: 2 digits for USD, 0 for JPY, 3 for
KWD), decimally, half to even; money per hour with :func:`rate_value` to
10 significant digits, never coarser than four digits beyond the minor unit.
Other figures (hours, shares) keep 10 significant digits: :func:`figure`
(which refuses a figure that is not finite) or :func:`figure_value` (which
makes it ``null``). These are the only JSON rounding rules of labourchain:
every ``to_dict`` and every ``--json`` output uses them.

>>> money_value(2000 * 98_765_432.17, "IDR")
197530864340.0
>>> money_value(0.125, "USD"), money_value(1234.5, "JPY")
(0.12, 1234.0)
"""

from __future__ import annotations

import json
import math
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any, Final, overload

from labourchain.errors import InvalidInputError, LabourchainError
from labourchain.units import currency

__all__ = ("dumps", "figure", "figure_value", "money_value", "rate_value")

#: Digits kept beyond the minor unit for money per hour (a hundredth of a cent for USD).
RATE_EXTRA_DIGITS: Final = 4
_DEFAULT_MINOR: Final = 2


def _minor(code: str) -> int:
    units = currency(code).minor_units
    return _DEFAULT_MINOR if units is None else units


def _quantize(value: float, digits: int) -> float:
    # Decimal(repr(x)) is the shortest decimal that reads back as x: rounding it
    # (not the binary value) gives 0.125 -> 0.12 and 2.675 -> 2.68, as written.
    exact = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-digits), ROUND_HALF_EVEN)
    return float(exact) + 0.0  # + 0.0 turns -0.0 into 0.0


def money_value(value: float | None, code: str) -> float | None:
    """An amount of money rounded to ``code``'s minor unit (``None`` stays ``None``).

    Raises:
        LabourchainError: if the value is not finite.
    """
    if value is None:
        return None
    _check_finite(value)
    return _quantize(value, _minor(code))


def rate_value(value: float | None, code: str) -> float | None:
    """Money per hour in ``code``: 10 significant digits, and never coarser than the
    minor unit plus :data:`RATE_EXTRA_DIGITS` (so large amounts keep their cents)."""
    if value is None:
        return None
    _check_finite(value)
    if value == 0:
        return 0.0
    integer_digits = math.floor(math.log10(abs(value))) + 1
    return _quantize(value, max(10 - integer_digits, _minor(code) + RATE_EXTRA_DIGITS))


def figure_value(value: float | None) -> float | None:
    """Any other figure (hours, a share), to 10 significant digits; ``None`` if not finite."""
    if value is None or not math.isfinite(value):
        return None
    return float(f"{float(value):.10g}")


@overload
def figure(value: float, what: str = ...) -> float: ...
@overload
def figure(value: None, what: str = ...) -> None: ...
@overload
def figure(value: float | None, what: str = ...) -> float | None: ...


def figure(value: float | None, what: str = "a figure") -> float | None:
    """A figure (hours, a share) to 10 significant digits (``None`` stays ``None``).

    Raises:
        InvalidInputError: if the value is not finite, naming it as ``what``.

    >>> figure(2 / 3), figure(1e-20 / 3), figure(None)
    (0.6666666667, 3.333333333e-21, None)
    >>> figure(float("nan"), "a figure of the report")
    Traceback (most recent call last):
    labourchain.errors.InvalidInputError: a figure of the report is nan, not a finite number
    """
    if value is None:
        return None
    rounded = figure_value(value)
    if rounded is None:
        raise InvalidInputError(f"{what} is {value!r}, not a finite number")
    return rounded


def _check_finite(value: float) -> None:
    if not math.isfinite(value):
        raise LabourchainError(
            f"a result is {value!r}, not a finite number: the input holds values too large "
            "to compute with (please report the input that led here)"
        )


def dumps(payload: Any) -> str:
    """``payload`` as indented JSON (UTF-8 text kept as is); never ``NaN`` or ``Infinity``.

    Raises:
        LabourchainError: if the payload holds a number that is not finite.
    """
    try:
        return json.dumps(payload, indent=2, ensure_ascii=False, allow_nan=False)
    except ValueError as exc:
        raise LabourchainError(
            f"the result holds a number that is not finite, which JSON cannot carry ({exc}); "
            "please report the input that led here"
        ) from None
