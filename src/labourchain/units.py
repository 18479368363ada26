"""Money and units: one pint registry in which each currency is its own dimension.

Every active ISO 4217 code (the 178 codes of List One, read from the bundled
table ``data/currencies.csv``) is a unit of a dimension of its own, so that
``money(1, "USD") + money(1, "KES")`` raises instead of adding shillings to
dollars. Conversion between currencies goes only through an explicit, dated
:class:`ExchangeRates`; nothing converts implicitly.

>>> from labourchain import money, Q_
>>> wage = money(1.50, "USD") / Q_(30, "minute")
>>> wage.to("USD/hour")
<Quantity(3.0, 'USD / hour')>
>>> rates = ExchangeRates({"KES": 139.846}, base="USD")
>>> round(rates.convert(money(21000, "KES"), "USD").magnitude, 2)
150.17
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date
from functools import cache
from typing import TYPE_CHECKING, Any, Final, TypeAlias, cast

import attrs
import numpy as np
import pint

from labourchain._data import bundled_table
from labourchain._deprecated import keywords_after, renamed_names
from labourchain._frozen import FrozenMap
from labourchain.errors import (
    CurrencyMismatchError,
    InvalidInputError,
    MissingRateError,
    UnknownCurrencyError,
)

__all__ = (
    "Q_",
    "Currency",
    "ExchangeRates",
    "Quantity",
    "check_code",
    "currencies",
    "currency",
    "currency_of",
    "hours",
    "is_money",
    "money",
    "same_currency",
    "seconds_of",
    "ureg",
)

#: The type of the quantities labourchain takes and returns.
if TYPE_CHECKING:
    Quantity: TypeAlias = pint.Quantity[Any]
else:  # pint.Quantity is generic only from pint 0.25 on
    Quantity = pint.Quantity

_CURRENCY_DIMENSION_PREFIX: Final = "[currency_"


@attrs.frozen(kw_only=True)
class Currency:
    """One row of ISO 4217 List One.

    Attributes:
        code: The alphabetic code, e.g. ``"KES"``.
        numeric: The numeric code, e.g. ``"404"``.
        minor_units: Digits after the decimal point, or ``None`` where the list says N.A.
        name: The currency's name in the list, e.g. ``"Kenyan Shilling"``.
        is_fund: Whether the code is a fund code (e.g. ``"BOV"``) rather than a currency.
    """

    code: str
    numeric: str
    minor_units: int | None
    name: str
    is_fund: bool


@cache
def _currency_table() -> dict[str, Currency]:
    table: dict[str, Currency] = {}
    for _line, row in bundled_table("data/currencies.csv").records():
        table[row["code"]] = Currency(
            code=row["code"],
            numeric=row["numeric"],
            minor_units=int(row["minor_units"]) if row["minor_units"] else None,
            name=row["name"],
            is_fund=row["is_fund"] == "true",
        )
    return table


def _make_registry() -> pint.UnitRegistry[Any]:
    # pint parses its default definitions in ~0.1-0.2 s; its own cache (flexcache,
    # in the user's cache folder) brings that to ~0.03 s. Fall back to no cache
    # where the folder cannot be written (read-only home, sandbox).
    try:
        registry: pint.UnitRegistry[Any] = pint.UnitRegistry(
            cache_folder=":auto:", on_redefinition="raise"
        )
    except OSError:  # pragma: no cover - depends on the machine
        registry = pint.UnitRegistry(on_redefinition="raise")
    registry.load_definitions(
        [
            *(f"{code} = [currency_{code}]" for code in _currency_table()),
            # Purchasing-power-parity dollars (labourchain.reference): a dimension of their
            # own, so that they never mix with US dollars.
            "international_dollar = [international_dollar] = Int$",
        ]
    )
    # pint's application registry is what unpickles quantities (and so what moves them
    # between processes): make it this one, so that money survives pickling.
    pint.set_application_registry(registry)  # type: ignore[no-untyped-call]
    # pint's own pickles name only pint, so a fresh process (multiprocessing's "spawn",
    # Dask's process pools) would unpickle KES with pint's default registry, which has no
    # currencies. Name labourchain instead: unpickling imports it, which makes this
    # registry before any unit is looked up.
    registry.Quantity.__reduce__ = _reduce_quantity  # type: ignore[method-assign,assignment]
    registry.Unit.__reduce__ = _reduce_unit  # type: ignore[method-assign,assignment]
    return registry


def _reduce_quantity(q: Quantity) -> tuple[Any, ...]:
    return (_unpickle_quantity, (q.magnitude, q._units))


def _reduce_unit(u: pint.Unit) -> tuple[Any, ...]:
    return (_unpickle_unit, (u._units,))


def _unpickle_quantity(magnitude: Any, units: Any) -> Quantity:
    return ureg.Quantity(magnitude, units)


def _unpickle_unit(units: Any) -> pint.Unit:
    return ureg.Unit(units)


#: The application registry: pint's default units plus one dimension per currency and
#: ``international_dollar``; also pint's application registry (so quantities pickle).
ureg: Final[pint.UnitRegistry[Any]] = _make_registry()
#: Shorthand for ``ureg.Quantity``.
Q_: Final = ureg.Quantity


def currencies() -> tuple[str, ...]:
    """Every currency code the registry knows (ISO 4217 List One), sorted."""
    return tuple(_currency_table())


def currency(code: str) -> Currency:
    """The ISO 4217 entry for ``code``.

    Raises:
        UnknownCurrencyError: if ``code`` is not in ISO 4217 List One.
    """
    return _currency_table()[check_code(code)]


def check_code(code: object, where: str = "") -> str:
    """``code`` if it is an ISO 4217 code, else :class:`UnknownCurrencyError` (naming ``where``)."""
    table = _currency_table()
    if isinstance(code, str) and code in table:
        return code
    hint = ""
    if isinstance(code, str) and code.strip().upper() in table:
        hint = f"; did you mean {code.strip().upper()!r}? (codes are upper case)"
    elif isinstance(code, str) and code.strip().upper() == "VEF":
        hint = "; the bolívar fuerte was replaced by VES in 2018"
    place = f" in {where}" if where else ""
    raise UnknownCurrencyError(
        f"unknown currency code {code!r}{place}: expected an active ISO 4217 code "
        f"such as 'USD', 'EUR' or 'KES' (labourchain.currencies() lists all {len(table)}){hint}"
    )


def money(amount: float | int | np.ndarray[Any, Any], code: str) -> Quantity:
    """An amount of money in the currency ``code``.

    Args:
        amount: A finite number, or an array of finite numbers.
        code: An ISO 4217 code such as ``"USD"``.

    Returns:
        A quantity in the currency's unit.

    Raises:
        UnknownCurrencyError: if ``code`` is not an ISO 4217 code.
        InvalidInputError: if ``amount`` is not a finite number.

    >>> money(21000, "KES")
    <Quantity(21000, 'KES')>
    """
    check_code(code)
    if isinstance(amount, bool) or not isinstance(amount, (int, float, np.ndarray, np.number)):
        raise InvalidInputError(
            f"money amount must be a number or a numpy array, got {amount!r} "
            f"({type(amount).__name__})"
        )
    if not np.all(np.isfinite(amount)):
        raise InvalidInputError(f"money amount must be finite, got {amount!r} {code}")
    return Q_(amount, code)


def _currency_dimensions(q: Quantity) -> dict[str, float]:
    return {
        str(dim)[len(_CURRENCY_DIMENSION_PREFIX) : -1]: cast(float, exp)
        for dim, exp in q.dimensionality.items()
        if str(dim).startswith(_CURRENCY_DIMENSION_PREFIX)
    }


def is_money(q: object) -> bool:
    """Whether ``q`` is a quantity of exactly one currency (to the first power).

    True for money (``USD``) and money rates (``USD/hour``).
    """
    if not isinstance(q, pint.Quantity):
        return False
    dims = _currency_dimensions(q)
    return len(dims) == 1 and next(iter(dims.values())) == 1


def currency_of(q: Quantity, *, what: str = "value") -> str:
    """The currency code of a money quantity (``USD``) or money rate (``USD/hour``).

    Raises:
        InvalidInputError: if ``q`` is not money in exactly one currency.

    >>> currency_of(money(3, "EUR") / Q_(1, "hour"))
    'EUR'
    """
    if not isinstance(q, pint.Quantity):
        raise InvalidInputError(
            f"{what} must be a money quantity such as labourchain.money(1.5, 'USD'), got {q!r}"
        )
    dims = _currency_dimensions(q)
    if len(dims) != 1 or next(iter(dims.values())) != 1:
        raise InvalidInputError(
            f"{what} must be money in one currency (e.g. USD, or USD/hour), got {q!r}"
        )
    return next(iter(dims))


def _non_currency_units(q: Quantity) -> Any:
    rest = ureg.dimensionless
    for name, exp in q.unit_items():
        dims = ureg.get_dimensionality(name)
        if not any(str(d).startswith(_CURRENCY_DIMENSION_PREFIX) for d in dims):
            rest = rest * ureg.Unit(name) ** exp
    return rest


def _check_rate(code: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.number)):
        raise InvalidInputError(f"exchange rate for {code} must be a number, got {value!r}")
    rate = float(value)
    if not math.isfinite(rate) or rate <= 0:
        raise InvalidInputError(
            f"exchange rate for {code} must be a positive finite number, got {value!r}"
        )
    return rate


def _convert_rates(value: Mapping[str, float]) -> FrozenMap[str, float]:
    if not isinstance(value, Mapping):
        raise InvalidInputError(
            f"rates must be a mapping of currency code to units per base, got {value!r}"
        )
    return FrozenMap(
        {check_code(code, "exchange rates"): _check_rate(code, r) for code, r in value.items()}
    )


def _validate_base(instance: ExchangeRates, attribute: attrs.Attribute[str], value: str) -> None:
    check_code(value, "the base of the exchange rates")
    if value in instance.rates and instance.rates[value] != 1.0:
        raise InvalidInputError(
            f"the base currency {value} must have rate 1 against itself, "
            f"got {instance.rates[value]}"
        )


@attrs.frozen(kw_only=False)
class ExchangeRates:
    """Dated exchange rates against one base currency.

    Attributes:
        rates: Units of each currency per one unit of ``base``, e.g.
            ``{"KES": 139.846}`` with base USD means 1 USD = 139.846 KES.
        base: The base currency (rate 1).
        as_of: The date the rates hold for (kept and reported).
        source: Where the rates come from (kept and reported).

    Conversion between two non-base currencies goes through the base (a cross
    rate). A currency missing from ``rates`` raises :class:`MissingRateError`
    naming it.

    >>> from datetime import date
    >>> rates = ExchangeRates({"KES": 139.846, "EUR": 0.9248}, base="USD",
    ...                       as_of=date(2023, 12, 31), source="World Bank PA.NUS.FCRF")
    >>> round(rates.rate("EUR", "KES"), 2)
    151.22
    """

    rates: Mapping[str, float] = attrs.field(converter=_convert_rates)
    base: str = attrs.field(default="USD", validator=_validate_base)
    as_of: date | None = attrs.field(default=None, kw_only=True)
    source: str | None = attrs.field(default=None, kw_only=True)

    @property
    def codes(self) -> frozenset[str]:
        """Every currency these rates can convert, the base included."""
        return frozenset(self.rates) | {self.base}

    def _per_base(self, code: str) -> float:
        if code == self.base:
            return 1.0
        try:
            return self.rates[code]
        except KeyError:
            known = ", ".join(sorted(self.codes))
            dated = f" as of {self.as_of.isoformat()}" if self.as_of else ""
            raise MissingRateError(
                f"no exchange rate for {code}{dated}: these rates "
                f"({self.source or 'no source given'}) cover {known}"
            ) from None

    def rate(self, from_code: str, to_code: str) -> float:
        """Units of ``to_code`` per one unit of ``from_code``."""
        check_code(from_code)
        check_code(to_code)
        if from_code == to_code:
            return 1.0
        return self._per_base(to_code) / self._per_base(from_code)

    def convert(self, q: Quantity, to: str) -> Quantity:
        """Convert money (``KES``) or a money rate (``KES/hour``) into currency ``to``.

        The non-currency part of the unit is kept: ``KES/hour`` becomes ``USD/hour``.

        Raises:
            MissingRateError: if either currency has no rate here.
            InvalidInputError: if ``q`` is not money in one currency.
        """
        from_code = currency_of(q, what="the amount to convert")
        check_code(to)
        if from_code == to:
            return q
        factor = self.rate(from_code, to)
        rest = _non_currency_units(q)
        plain = q.to(ureg.Unit(from_code) * rest)
        return Q_(plain.magnitude * factor, ureg.Unit(to) * rest)

    def rebase(self, base: str) -> ExchangeRates:
        """The same rates expressed against another base currency."""
        pivot = self._per_base(base)
        new = {code: self._per_base(code) / pivot for code in self.codes if code != base}
        return ExchangeRates(new, base=base, as_of=self.as_of, source=self.source)

    def describe(self) -> str:
        """One line saying what these rates are and where they come from."""
        dated = f" as of {self.as_of.isoformat()}" if self.as_of else " (undated)"
        return f"exchange rates against {self.base}{dated}, source: {self.source or 'not given'}"


@keywords_after(2, "what")
def same_currency(a: Quantity, b: Quantity, *, what: str = "amounts") -> str:
    """The common currency of ``a`` and ``b``, or :class:`CurrencyMismatchError`.

    ``what`` (keyword-only; by position it still works, with a ``DeprecationWarning``)
    names the amounts in the message.
    """
    ca, cb = currency_of(a, what=what), currency_of(b, what=what)
    if ca != cb:
        raise CurrencyMismatchError(
            f"{what} are in different currencies ({ca} and {cb}); convert one with "
            "ExchangeRates.convert first"
        )
    return ca


def seconds_of(q: object, *, what: str = "duration", allow_negative: bool = False) -> float:
    """The magnitude of a time quantity in seconds, checked.

    It reads a quantity, as :func:`currency_of` does; :func:`hours`, like :func:`money`,
    builds one. It was called ``seconds``, which still works, with a ``DeprecationWarning``.

    >>> seconds_of(Q_(2, "minute"))
    120.0

    Raises:
        InvalidInputError: if ``q`` is not a finite time quantity (or is negative).
    """
    if not isinstance(q, pint.Quantity) or q.dimensionality != ureg.second.dimensionality:
        raise InvalidInputError(
            f"{what} must be a time quantity such as labourchain.Q_(5, 'minute'), got {q!r}"
        )
    value = float(q.to(ureg.second).magnitude)
    if not math.isfinite(value) or (value < 0 and not allow_negative):
        raise InvalidInputError(f"{what} must be a finite, non-negative time, got {q!r}")
    return value


def hours(value: float) -> Quantity:
    """A float number of hours as a quantity (the opposite direction of :func:`seconds_of`).

    >>> hours(1.5)
    <Quantity(1.5, 'hour')>
    """
    return Q_(value, ureg.hour)


__getattr__ = renamed_names("labourchain.units", {"seconds": "seconds_of"})
