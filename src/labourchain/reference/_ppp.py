"""Purchasing power parity: local money in international dollars, from the bundled factors."""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from datetime import date, datetime

import attrs

from labourchain._frozen import FrozenMap, frozen_map
from labourchain._validate import check_country
from labourchain.domain import Citation
from labourchain.errors import CurrencyMismatchError, InvalidInputError, MissingRateError
from labourchain.reference._fx import FIRST_YEAR, STALE_LIMIT_DAYS, WB_PPP, RateFigure
from labourchain.reference._redenominations import unit_factor
from labourchain.reference._tables import annual_tables, as_day, country_name
from labourchain.units import Q_, Quantity, currency_of, ureg

__all__ = ("PPPConverter", "ppp_converter", "ppp_figure")


def _factors(value: Mapping[str, float]) -> FrozenMap[str, float]:
    out: dict[str, float] = {}
    for country, factor in value.items():
        check_country(country, "PPP factors")
        if isinstance(factor, bool) or not isinstance(factor, (int, float)):
            raise InvalidInputError(f"PPP factor for {country} must be a number, got {factor!r}")
        if not (math.isfinite(factor) and factor > 0):
            raise InvalidInputError(
                f"PPP factor for {country} must be positive and finite, got {factor!r}"
            )
        out[country] = float(factor)
    return FrozenMap(out)


@attrs.frozen(kw_only=True)
class PPPConverter:
    """Converts local money to international dollars (purchasing power parity).

    An international dollar buys in a country what one US dollar buys in the
    United States. The factors are local currency units per international
    dollar (World Bank PA.NUS.PRVT.PP, private consumption). International
    dollars have a unit of their own, ``international_dollar``, which never
    adds to market-rate dollars.

    Attributes:
        factors: Local currency units per international dollar, by country.
        currencies: The currency each factor is in, by country.
        as_of: The date the factors were chosen for.
        source: Where they come from.

    >>> from datetime import date
    >>> from labourchain import money
    >>> ppp = ppp_converter(on=date(2023, 6, 1))
    >>> round(ppp.convert(money(43.73735237, "KES"), "KE").magnitude, 6)
    1.0
    """

    factors: Mapping[str, float] = attrs.field(converter=_factors)
    currencies: Mapping[str, str] = attrs.field(factory=FrozenMap, converter=frozen_map)
    as_of: date | None = None
    source: str | None = None

    def convert(self, q: Quantity, country: str) -> Quantity:
        """``q`` (money or money per time, in ``country``'s currency) in international dollars.

        Raises:
            MissingRateError: if there is no factor for ``country``.
            CurrencyMismatchError: if ``q`` is not in the currency of the factor.
        """
        code = check_country(country, "PPPConverter.convert")
        if code not in self.factors:
            dated = f" as of {self.as_of.isoformat()}" if self.as_of else ""
            raise MissingRateError(
                f"no PPP factor for {country_name(code)} ({code}){dated}; factors held for "
                f"{', '.join(sorted(self.factors))}"
            )
        have = currency_of(q, what="the amount to convert")
        want = self.currencies.get(code, have)
        if have != want:
            raise CurrencyMismatchError(
                f"the PPP factor for {code} is in {want}, the amount in {have}: convert it to "
                f"{want} with ExchangeRates first"
            )
        rest = q.units / ureg.Unit(have)
        plain = q.to(ureg.Unit(have) * rest)
        return Q_(float(plain.magnitude) / self.factors[code], ureg.international_dollar * rest)

    def describe(self) -> str:
        """One line saying what these factors are and where they come from."""
        dated = f" as of {self.as_of.isoformat()}" if self.as_of else " (undated)"
        return f"PPP factors{dated}, source: {self.source or 'not given'}"


def ppp_figure(country: str, on: date | datetime | None = None) -> RateFigure:
    """The bundled PPP factor of ``country`` for ``on``'s year, with its age.

    Raises:
        MissingRateError: if none is held for that year or the year before it, naming
            what to pass instead.
    """
    code = check_country(country, "a PPP lookup")
    day = as_day(on)
    _, ppp, notes = annual_tables()
    years = ppp.get(code, {})
    held = sorted(y for y in years if y <= day.year)
    if not held:
        raise MissingRateError(
            f"no bundled PPP factor for {country_name(code)} ({code}) on {day.isoformat()}"
            + (f": the first is for {min(years)}" if years else "")
        )
    year = held[-1]
    end = date(year, 12, 31)
    stale = max(0, (day - end).days)
    if stale > STALE_LIMIT_DAYS:
        raise MissingRateError(
            f"the latest bundled PPP factor for {country_name(code)} ({code}) is for {year}, "
            f"more than {STALE_LIMIT_DAYS} days before {day.isoformat()}: pass your own "
            "(PPPConverter(factors={...}) in Python)"
        )
    currency, value = years[year]
    return RateFigure(
        currency=currency,
        amount=value * unit_factor(currency, end, day),
        period=str(year),
        effective_from=date(year, 1, 1),
        period_end=end,
        stale_by_days=stale,
        citation=Citation(
            source=f"{WB_PPP}, {year}; {notes['ppp']}",
            url="https://data.worldbank.org/indicator/PA.NUS.PRVT.PP",
            retrieved=date(2026, 11, 29),
            effective_from=date(year, 1, 1),
        ),
        confidence="high",
        country=code,
    )


@functools.lru_cache(maxsize=64)
def _ppp_converter(day: date) -> PPPConverter:
    _, ppp, _ = annual_tables()
    chosen: dict[str, RateFigure] = {}
    for country in ppp:
        try:
            chosen[country] = ppp_figure(country, day)
        except MissingRateError:
            continue
    if not chosen:
        raise MissingRateError(
            f"no bundled PPP factor applies on {day.isoformat()} (the bundled World Bank "
            f"series cover {FIRST_YEAR} to {max(max(y) for y in ppp.values())}, each usable "
            f"{STALE_LIMIT_DAYS} days past its year): pass your own PPPConverter(factors=...)"
        )
    years = sorted({f.period for f in chosen.values()})
    stale = sorted(c for c, f in chosen.items() if f.stale_by_days)
    note = f"; STALE (latest year held) for {len(stale)} countries" if stale else ""
    return PPPConverter(
        factors={c: f.amount for c, f in chosen.items()},
        currencies={c: f.currency for c, f in chosen.items()},
        as_of=day,
        source=f"{WB_PPP}, {', '.join(years)} (labourchain fx_annual.csv){note}",
    )


def ppp_converter(on: date | datetime | None = None) -> PPPConverter:
    """A :class:`PPPConverter` from the bundled PPP factors for ``on``'s year.

    A country's factor for the latest year held is used for up to a year after that year
    ends (:func:`ppp_figure` gives its age); later it is left out.

    Raises:
        MissingRateError: if no bundled factor applies on ``on``.
    """
    return _ppp_converter(as_day(on))
