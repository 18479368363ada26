"""A small, safe parser for the quantities people type: wages, durations, money, numbers.

pint's string parser evaluates expressions (``9**9**9 USD/hour`` pins a core
for as long as it runs), so no text from a user reaches it. This module reads
a number, a unit from a fixed list and at most one ``/``, with a length cap,
and refuses everything else with an :class:`~labourchain.errors.InvalidInputError`
naming the text and where it came from. The command line uses it for every
wage, duration and numeric option; the web API reuses it.

Grammar (spaces allowed between the parts, text at most :data:`MAX_LENGTH`
characters)::

    number   = [+-] digits [. digits] [(e|E) [+-] digits]     (no nan, no inf)
    duration = number [time-unit]                              "5min", "90 s", "1.5 hour"
    money    = number CODE                                     "1.50 USD"
    hourly   = number CODE "/" time-unit                       "2.50 USD/hour"

``CODE`` is an active ISO 4217 code (upper case); ``time-unit`` one of
:data:`TIME_UNITS`. Ranges are checked after parsing: see :func:`parse_number`.

This is the one parser of these values: the command line's parameter types
(:mod:`labourchain.cli._common`) and the web app (:mod:`labourchain.web`) both
call it. The web app reads what people type in a form more leniently, with
keywords rather than a parser of its own: ``any_case=True`` (``15 usd/hour``,
``5MIN``), ``per_hour=True`` on wages (a bare ``15 USD`` is per hour) and no
one-week cap on durations.

>>> parse_hourly("2.50 USD/hour")
<Quantity(2.5, 'USD / hour')>
>>> parse_duration("90 s").to("minute")
<Quantity(1.5, 'minute')>
>>> parse_hourly("9**9**9 USD/hour")  # doctest: +ELLIPSIS
Traceback (most recent call last):
labourchain.errors.InvalidInputError: '9**9**9 USD/hour' in wage is not an hourly wage: ...
"""

from __future__ import annotations

import math
import re
from typing import Final

import pint

from labourchain.errors import CurrencyMismatchError, InvalidInputError, LabourchainError
from labourchain.units import Q_, ExchangeRates, Quantity, check_code, currency_of, is_money

__all__ = (
    "MAX_AMOUNT",
    "MAX_DURATION_MINUTES",
    "MAX_LENGTH",
    "TIME_UNITS",
    "as_hourly",
    "describe_range",
    "parse_duration",
    "parse_hourly",
    "parse_money",
    "parse_number",
)

#: Longest text accepted for one value, in characters.
MAX_LENGTH: Final = 64
#: Largest amount of money (or money per hour) accepted, in the currency's units.
MAX_AMOUNT: Final = 1e12
#: Longest duration accepted: one week, in minutes.
MAX_DURATION_MINUTES: Final = 7 * 24 * 60.0

#: The time units a duration or a wage may be written in, and their length in seconds.
TIME_UNITS: Final[dict[str, float]] = {
    "s": 1.0,
    "sec": 1.0,
    "second": 1.0,
    "seconds": 1.0,
    "min": 60.0,
    "mins": 60.0,
    "minute": 60.0,
    "minutes": 60.0,
    "h": 3600.0,
    "hr": 3600.0,
    "hrs": 3600.0,
    "hour": 3600.0,
    "hours": 3600.0,
}
_NUMBER: Final = r"[+-]?(?:\d{1,20}(?:\.\d{0,20})?|\.\d{1,20})(?:[eE][+-]?\d{1,4})?"
_NUMBER_RE: Final = re.compile(rf"\s*({_NUMBER})\s*")
_DURATION_RE: Final = re.compile(rf"\s*({_NUMBER})\s*([A-Za-z]{{1,10}})?\s*")
_MONEY_RE: Final = re.compile(rf"\s*({_NUMBER})\s*([A-Za-z]{{3}})\s*")
_HOURLY_RE: Final = re.compile(
    rf"\s*({_NUMBER})\s*([A-Za-z]{{3}})\s*(?:/\s*([A-Za-z]{{1,10}})\s*)?"
)


def _shown(text: str) -> str:
    return repr(text if len(text) <= MAX_LENGTH else text[:MAX_LENGTH] + "...")


def _match(
    pattern: re.Pattern[str], text: object, where: str, what: str, example: str
) -> re.Match[str]:
    if not isinstance(text, str):
        raise InvalidInputError(f"{where} must be text such as {example!r}, got {text!r}")
    if len(text) > MAX_LENGTH:
        raise InvalidInputError(
            f"{_shown(text)} in {where} is too long ({len(text)} characters, at most "
            f"{MAX_LENGTH}): write it like {example!r}"
        )
    found = pattern.fullmatch(text)
    if found is None:
        raise InvalidInputError(
            f"{_shown(text)} in {where} is not {what}: write it like {example!r}"
        )
    return found


def _check_range(
    value: float,
    text: str,
    where: str,
    *,
    minimum: float | None,
    maximum: float | None,
    allow_minimum: bool,
    unit: str = "",
) -> float:
    if not math.isfinite(value):
        raise InvalidInputError(f"{_shown(text)} in {where} is not a finite number")
    low_ok = minimum is None or value > minimum or (allow_minimum and value == minimum)
    high_ok = maximum is None or value <= maximum
    if not (low_ok and high_ok):
        raise InvalidInputError(
            f"{_shown(text)} in {where} is out of range: expected "
            f"{describe_range(minimum, maximum, allow_minimum)}{unit}"
        )
    return value


def _plain(value: float) -> str:
    """A bound as people read it: 10,000,000 rather than 1e+07."""
    if float(value).is_integer() and abs(value) < 1e16:
        return f"{int(value):,}"
    return f"{value:g}"


def describe_range(minimum: float | None, maximum: float | None, allow_minimum: bool) -> str:
    """A range in words: "more than 0 and at most 1"."""
    parts = []
    if minimum is not None:
        parts.append(f"{'at least' if allow_minimum else 'more than'} {_plain(minimum)}")
    if maximum is not None:
        parts.append(f"at most {_plain(maximum)}")
    return " and ".join(parts) or "a finite number"


def parse_number(
    text: object,
    where: str = "value",
    *,
    minimum: float | None = None,
    maximum: float | None = None,
    allow_minimum: bool = True,
    integer: bool = False,
) -> float:
    """A plain number from text, checked against a range.

    Args:
        text: The text, e.g. ``"0.25"`` or ``"1e3"``; ``nan``, ``inf`` and
            expressions are refused.
        where: Where the text came from (an option, a field), named in errors.
        minimum: The smallest value accepted (``None``: no lower bound).
        maximum: The largest value accepted (``None``: no upper bound).
        allow_minimum: Whether ``minimum`` itself is accepted (else only above it).
        integer: Whether the value must be a whole number.

    Returns:
        The value as a float.

    Raises:
        InvalidInputError: naming the text and ``where``, for anything else.

    >>> parse_number("0.25", "--share", minimum=0, maximum=1)
    0.25
    """
    found = _match(_NUMBER_RE, text, where, "a number", "0.5")
    value = _check_range(
        float(found.group(1)),
        str(text),
        where,
        minimum=minimum,
        maximum=maximum,
        allow_minimum=allow_minimum,
    )
    if integer and not value.is_integer():
        raise InvalidInputError(f"{_shown(str(text))} in {where} is not a whole number")
    return value


def _seconds_per(unit: str, text: str, where: str) -> float:
    try:
        return TIME_UNITS[unit]
    except KeyError:
        known = ", ".join(sorted(set(TIME_UNITS), key=lambda u: (TIME_UNITS[u], u)))
        raise InvalidInputError(
            f"{_shown(text)} in {where}: {unit!r} is not a time unit labourchain reads "
            f"(one of {known})"
        ) from None


def _code(code: str, text: str, where: str, *, any_case: bool = False) -> str:
    if any_case:
        code = code.upper()
    try:
        return check_code(code, where)
    except LabourchainError:
        hint = f"; did you mean {code.upper()!r}?" if code.upper() != code else ""
        raise InvalidInputError(
            f"{_shown(text)} in {where}: {code!r} is not an active ISO 4217 currency code "
            f"such as USD, EUR or KES{hint}"
        ) from None


def parse_duration(
    text: object,
    where: str = "duration",
    *,
    default_unit: str = "minute",
    allow_zero: bool = True,
    maximum_minutes: float = MAX_DURATION_MINUTES,
    any_case: bool = False,
    noun: str = "a duration",
) -> Quantity:
    """A duration from text such as ``"5min"``, ``"90 s"`` or ``"1.5 hour"``.

    A plain number is in ``default_unit``. The duration must be zero or more
    (more than zero if not ``allow_zero``) and at most ``maximum_minutes``
    (one week by default; ``math.inf`` for no cap). With ``any_case`` the unit
    may be written in capitals (``5MIN``). ``noun`` names what was expected in
    the message (the web app says "a time").

    Returns:
        A time quantity in minutes.

    Raises:
        InvalidInputError: naming the text and ``where``.

    >>> parse_duration("1.5 hour")
    <Quantity(90.0, 'minute')>
    """
    example = "5min"
    found = _match(_DURATION_RE, text, where, noun, example)
    raw = str(text)
    unit = found.group(2) or default_unit
    if any_case:
        unit = unit.lower()
    minutes = float(found.group(1)) * _seconds_per(unit, raw, where) / 60.0
    if not math.isfinite(minutes):
        raise InvalidInputError(f"{_shown(raw)} in {where} is not a finite duration")
    if minutes < 0 or (minutes == 0 and not allow_zero) or minutes > maximum_minutes:
        low = "at least 0" if allow_zero else "more than 0"
        raise InvalidInputError(
            f"{_shown(raw)} in {where} is out of range: expected {low} and at most "
            f"{maximum_minutes:g} minutes"
        )
    return Q_(minutes, "minute")


def parse_money(
    text: object,
    where: str = "amount",
    *,
    allow_zero: bool = True,
    maximum: float = MAX_AMOUNT,
    any_case: bool = False,
) -> Quantity:
    """An amount of money from text such as ``"1.50 USD"``.

    The amount must be zero or more (more than zero if not ``allow_zero``) and
    at most ``maximum`` (:data:`MAX_AMOUNT` by default). With ``any_case`` the
    code may be written in lower case (``1.50 usd``).

    Raises:
        InvalidInputError: naming the text and ``where``.

    >>> parse_money("21000 KES")
    <Quantity(21000.0, 'KES')>
    """
    found = _match(_MONEY_RE, text, where, "an amount of money", "1.50 USD")
    raw = str(text)
    code = _code(found.group(2), raw, where, any_case=any_case)
    value = _check_range(
        float(found.group(1)),
        raw,
        where,
        minimum=0.0,
        maximum=maximum,
        allow_minimum=allow_zero,
        unit=f" {code}",
    )
    return Q_(value, code)


def parse_hourly(
    text: object,
    where: str = "wage",
    *,
    allow_zero: bool = False,
    maximum: float = MAX_AMOUNT,
    any_case: bool = False,
    per_hour: bool = False,
) -> Quantity:
    """An hourly wage from text such as ``"2.50 USD/hour"`` (or ``"0.05 USD/min"``).

    The wage must be more than zero (zero too with ``allow_zero``) and at most
    ``maximum`` (:data:`MAX_AMOUNT`) per hour. With ``any_case`` the code and
    the unit may be written in any case (``15 usd/HR``); with ``per_hour`` an
    amount without a unit of time (``15 USD``) is taken per hour.

    Returns:
        A quantity in the currency per hour.

    Raises:
        InvalidInputError: naming the text and ``where``.

    >>> parse_hourly("0.05 USD/min")
    <Quantity(3.0, 'USD / hour')>
    """
    example = "2.50 USD/hour"
    found = _match(_HOURLY_RE, text, where, "an hourly wage", example)
    raw = str(text)
    unit = found.group(3)
    if unit is None and not per_hour:
        raise InvalidInputError(
            f"{_shown(raw)} in {where} is not an hourly wage: write it like {example!r}"
        )
    code = _code(found.group(2), raw, where, any_case=any_case)
    unit = (unit or "hour").lower() if any_case else (unit or "hour")
    amount = float(found.group(1)) * 3600.0 / _seconds_per(unit, raw, where)
    value = _check_range(
        amount,
        raw,
        where,
        minimum=0.0,
        maximum=maximum,
        allow_minimum=allow_zero,
        unit=f" {code}/hour",
    )
    return Q_(value, f"{code}/hour")


def as_hourly(
    value: object,
    code: str | None = None,
    *,
    rates: ExchangeRates | None = None,
    what: str = "wage",
    target: str = "the reward",
    example: str = "15 USD/hour",
) -> Quantity:
    """An hourly wage given as a quantity (money per unit of time), per hour and in ``code``.

    The one coercion of hourly wages that callers pass as quantities (a floor, a
    reference wage); text goes through :func:`parse_hourly` first.

    Args:
        value: Money per unit of time (``money(15, "USD") / Q_(1, "hour")``).
        code: The currency wanted; ``None`` keeps the value's own.
        rates: Exchange rates to convert from another currency.
        what: What the value is, for messages (``"the floor (KE)"``).
        target: What is in ``code``, for messages (``"the reward"``).
        example: An example of a valid value, for messages.

    Raises:
        InvalidInputError: if ``value`` is not money per unit of time.
        CurrencyMismatchError: if it is in another currency and ``rates`` is ``None``.

    >>> from labourchain.units import money
    >>> as_hourly(money(0.25, "USD") / Q_(1, "minute"))
    <Quantity(15.0, 'USD / hour')>
    >>> as_hourly(money(15, "EUR") / Q_(1, "hour"), "USD", what="floor")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    labourchain.errors.CurrencyMismatchError: floor is in EUR but the reward is in USD: pass ...
    """
    if not is_money(value):
        raise InvalidInputError(f"{what} must be an hourly wage such as {example}, got {value!r}")
    assert isinstance(value, pint.Quantity)
    from_code = currency_of(value)
    try:
        hourly: Quantity = value.to(f"{from_code}/hour")
    except pint.DimensionalityError:
        raise InvalidInputError(
            f"{what} must be an hourly wage such as {example}, got {value!r}"
        ) from None
    if code is not None and from_code != code:
        if rates is None:
            raise CurrencyMismatchError(
                f"{what} is in {from_code} but {target} is in {code}: pass rates= "
                "(e.g. labourchain.reference.exchange_rates(on=...)) to convert it"
            )
        hourly = rates.convert(hourly, code)
    return hourly
