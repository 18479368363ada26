"""Reference figures: minimum and living wages, exchange rates and PPP factors, dated and cited.

The figures ship in ``data/reference.csv`` (see ``docs/data-sources.md``): one
row per figure with its amount, period, the hours in that period used to get an
hourly figure, the date it applies from, its source, URL, date retrieved and a
confidence. For one country and kind the rows form a **timeline**: a row
applies from its ``effective_from`` until the next row. Rows whose scope starts
with ``also:`` are narrower alternatives (India's central sphere, Shanghai),
off the main timeline; ask for them with ``alternative=``.

Three answers are never a number, and each has its own error, so that a
missing figure can never become a silent zero:

* a date before the first figure: :class:`~labourchain.errors.MissingRateError`
  naming the first date available;
* a country **without a statutory minimum wage** (Finland; China nationally):
  :class:`~labourchain.errors.NoStatutoryMinimumError`; ask first with
  :func:`has_statutory_minimum`;
* a figure known to exist but not verified (Tanzania from 2026):
  :class:`~labourchain.errors.MissingRateError` saying so.

>>> from datetime import date
>>> ke = reference_wage("KE", on=date(2025, 1, 1))
>>> str(ke)
'minimum wage, Kenya, from 2024-11-01 (16,113.75 KES a month / 225.33 h)'
>>> round(ke.hourly.magnitude, 2), str(ke.hourly.units)
(71.51, 'KES / hour')
>>> rates = exchange_rates(on=date(2025, 1, 1))
>>> round(rates.convert(ke.hourly, "USD").magnitude, 3)
0.511
>>> has_statutory_minimum("FI", on=date(2025, 1, 1))
False
"""

from __future__ import annotations

import csv
import math
import os
from collections.abc import Mapping
from datetime import date, datetime
from functools import cache
from importlib import resources
from typing import Any, Final, Literal

import attrs

from labourchain._validate import check_country, countries
from labourchain.domain import Citation
from labourchain.errors import (
    CurrencyMismatchError,
    InvalidInputError,
    MissingRateError,
    NoStatutoryMinimumError,
    UnknownCountryError,
)
from labourchain.units import Q_, ExchangeRates, Quantity, check_code, currency_of, ureg
from labourchain.worklog import WorkLog

__all__ = (
    "PPPConverter",
    "ReferenceFigure",
    "ReferenceWage",
    "alternatives",
    "exchange_rate_figures",
    "exchange_rates",
    "figures",
    "has_statutory_minimum",
    "load_exchange_rates",
    "ppp_converter",
    "reference_wage",
    "resolve_reference",
)

#: The kinds of reference wage, as :func:`reference_wage` names them.
WageKind = Literal["minimum", "living"]
_WAGE_KINDS: Final[dict[str, str]] = {"minimum": "minimum_wage", "living": "living_wage"}
_FX: Final = "fx_lcu_per_usd"
_PPP: Final = "ppp_private_consumption"
_KINDS: Final = frozenset({*_WAGE_KINDS.values(), _FX, _PPP})
_PERIODS: Final = ("hour", "day", "week", "month", "year")
_CONFIDENCE: Final = ("high", "medium", "low")
_DATA: Final = "data/reference.csv"

# International dollars (PPP, ``ureg.international_dollar``) are not a currency that can be
# exchanged: labourchain.units defines them as a dimension of their own, so that they never add
# to market-rate dollars by accident.

def _parse_date(text: str, *, line: int, column: str, where: str = _DATA) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        at = f", line {line}" if line else ""
        raise InvalidInputError(
            f"{where}{at}, column {column!r}: {text!r} is not a date (YYYY-MM-DD)"
        ) from None


def _parse_float(text: str, *, line: int, column: str, where: str = _DATA) -> float | None:
    if not text.strip():
        return None
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value <= 0:
        raise InvalidInputError(
            f"{where}, line {line}, column {column!r}: {text!r} is not a positive number"
        )
    return value


@attrs.frozen(kw_only=True)
class ReferenceFigure:
    """One row of the bundled ``reference.csv``, exactly as published there.

    Attributes:
        country: ISO 3166-1 alpha-2 code.
        currency: ISO 4217 code of ``amount``.
        kind: ``minimum_wage``, ``living_wage``, ``fx_lcu_per_usd`` or
            ``ppp_private_consumption``.
        amount: The figure, or ``None`` where there is none (see ``status``).
        period: ``hour``, ``day``, ``month`` or ``year``.
        hours_basis: Hours in one period used to get an hourly figure (wages only).
        scope: What the figure covers, and caveats.
        effective_from: The date the figure applies from.
        citation: Source, URL, date retrieved and date in force.
        confidence: ``high``, ``medium`` or ``low``.
        line: The line of ``reference.csv`` it comes from.
    """

    country: str
    currency: str
    kind: str
    amount: float | None
    period: str
    hours_basis: float | None
    scope: str
    effective_from: date
    citation: Citation
    confidence: str
    line: int

    @property
    def status(self) -> Literal["figure", "none", "unverified"]:
        """``figure`` for a number; ``none`` for no statutory figure; ``unverified`` for unknown."""
        if self.amount is not None:
            return "figure"
        return "none" if self.scope.lower().startswith("none") else "unverified"

    @property
    def is_alternative(self) -> bool:
        """Whether the row is an ``also:`` alternative, off the main timeline."""
        return self.scope.lower().startswith("also:")


def _row(raw: Mapping[str, str], line: int) -> ReferenceFigure:
    def where(column: str) -> str:
        return f"{_DATA}, line {line}, column {column!r}"

    kind = raw["kind"]
    if kind not in _KINDS:
        raise InvalidInputError(f"{where('kind')}: unknown kind {kind!r}")
    if raw["period"] not in _PERIODS:
        raise InvalidInputError(f"{where('period')}: unknown period {raw['period']!r}")
    if raw["confidence"] not in _CONFIDENCE:
        raise InvalidInputError(f"{where('confidence')}: unknown {raw['confidence']!r}")
    amount = _parse_float(raw["amount"], line=line, column="amount")
    hours_basis = _parse_float(raw["hours_basis"], line=line, column="hours_basis")
    scope = raw["scope"].strip()
    if amount is None and not scope.lower().startswith(("none", "unverified")):
        raise InvalidInputError(
            f"{where('amount')}: empty, but the scope does not start with 'none' or 'unverified'"
        )
    if amount is not None and kind in _WAGE_KINDS.values() and hours_basis is None:
        raise InvalidInputError(f"{where('hours_basis')}: a wage needs its hours basis")
    effective = _parse_date(raw["effective_from"], line=line, column="effective_from")
    retrieved = raw["retrieved"].strip()
    return ReferenceFigure(
        country=check_country(raw["iso2"], where("iso2")),
        currency=raw["currency"],
        kind=kind,
        amount=amount,
        period=raw["period"],
        hours_basis=hours_basis,
        scope=scope,
        effective_from=effective,
        citation=Citation(
            source=raw["source"].strip(),
            url=raw["url"].strip() or None,
            retrieved=_parse_date(retrieved, line=line, column="retrieved") if retrieved else None,
            effective_from=effective,
            note=scope or None,
        ),
        confidence=raw["confidence"],
        line=line,
    )


@cache
def figures() -> tuple[ReferenceFigure, ...]:
    """Every figure of the bundled ``reference.csv``, in file order.

    >>> all(f.citation.source and f.effective_from for f in figures())
    True
    """
    text = resources.files("labourchain").joinpath(_DATA).read_text("utf-8")
    numbered = [
        (n, line)
        for n, line in enumerate(text.splitlines(), start=1)
        if line.strip() and not line.startswith("#")
    ]
    reader = csv.DictReader(line for _, line in numbered)
    rows = []
    for index, raw in enumerate(reader, start=1):
        line = numbered[index][0] if index < len(numbered) else -1
        rows.append(_row(raw, line))
    return tuple(rows)


def _timeline(country: str, kind: str) -> list[ReferenceFigure]:
    return sorted(
        (f for f in figures() if f.country == country and f.kind == kind and not f.is_alternative),
        key=lambda f: f.effective_from,
    )


def _day(on: date | datetime | None, what: str = "on") -> date:
    if on is None:
        return date.today()
    if isinstance(on, datetime):
        return on.date()
    if isinstance(on, date):
        return on
    if isinstance(on, str):
        try:
            return date.fromisoformat(on)
        except ValueError:
            pass
    raise InvalidInputError(f"{what} must be a date such as date(2025, 1, 1), got {on!r}")


def _country_name(code: str) -> str:
    return countries()[code].name


def _covered(kind: str) -> str:
    return ", ".join(sorted({f.country for f in figures() if f.kind == kind}))


def _pick(country: object, kind: str, on: date, what: str) -> tuple[ReferenceFigure, date | None]:
    """The main-timeline row of ``country`` and ``kind`` in force on ``on``, and when it ends."""
    code = check_country(country, "a reference-wage lookup")
    timeline = _timeline(code, kind)
    if not timeline:
        raise UnknownCountryError(
            f"labourchain has no {what} figure for {_country_name(code)} ({code}); countries "
            f"with one: {_covered(kind)}. Pass your own figure instead (see docs/data-sources.md)"
        )
    before = [f for f in timeline if f.effective_from <= on]
    if not before:
        first = timeline[0].effective_from
        raise MissingRateError(
            f"no {what} figure for {_country_name(code)} ({code}) on {on.isoformat()}: the first "
            f"figure labourchain holds applies from {first.isoformat()}"
        )
    row = before[-1]
    later = [f.effective_from for f in timeline if f.effective_from > row.effective_from]
    return row, (later[0] if later else None)


@attrs.frozen(kw_only=True)
class ReferenceWage:
    """A reference wage (minimum or living) for one country, in force from a date.

    Pass it as ``reference=`` to :func:`~labourchain.wage.wage_report`: the
    report compares with :attr:`hourly`, labels it with ``str(self)`` and cites
    :attr:`citation`.

    Attributes:
        country: ISO 3166-1 alpha-2 code.
        kind: ``"minimum"`` or ``"living"``.
        amount: The figure as published, money per ``period`` (e.g. 16,113.75 KES).
        period: ``hour``, ``day``, ``month`` or ``year``.
        hours_basis: Hours in one period used for the hourly figure (a time quantity).
        scope: Who the figure covers, and caveats.
        effective_from: The date it applies from.
        until: The date the next figure applies from (``None``: the latest figure).
        citation: Where it comes from.
        confidence: ``high``, ``medium`` or ``low`` (see ``docs/data-sources.md``).
    """

    country: str
    kind: WageKind
    amount: Quantity
    period: str
    hours_basis: Quantity
    scope: str
    effective_from: date
    until: date | None
    citation: Citation
    confidence: str

    @property
    def currency(self) -> str:
        """The currency of the figure."""
        return currency_of(self.amount)

    @property
    def hourly(self) -> Quantity:
        """``amount / hours_basis``, in the local currency per hour."""
        per_hour = float(self.amount.magnitude) / float(self.hours_basis.to("hour").magnitude)
        return Q_(per_hour, f"{self.currency}/hour")

    @property
    def country_name(self) -> str:
        """The country's English short name (ISO 3166-1)."""
        return _country_name(self.country)

    def __str__(self) -> str:
        amount = f"{self.amount.magnitude:,.2f}".removesuffix(".00")
        basis = f"{self.hours_basis.to('hour').magnitude:g}"
        if self.period == "hour":
            detail = f"{amount} {self.currency} an hour"
        else:
            detail = f"{amount} {self.currency} a {self.period} / {basis} h"
        return (
            f"{self.kind} wage, {self.country_name}, from {self.effective_from.isoformat()} "
            f"({detail})"
        )

    def to_dict(self) -> dict[str, Any]:
        """The figure as JSON-ready values (the shape ``docs/json.md`` documents)."""
        return {
            "role": "reference_wage",
            "kind": self.kind,
            "country": self.country,
            "currency": self.currency,
            "amount": float(self.amount.magnitude),
            "period": self.period,
            "hours_basis": float(self.hours_basis.to("hour").magnitude),
            "hourly": float(f"{self.hourly.magnitude:.10g}"),
            "effective_from": self.effective_from.isoformat(),
            "until": None if self.until is None else self.until.isoformat(),
            "scope": self.scope,
            "source": self.citation.source,
            "url": self.citation.url,
            "retrieved": None
            if self.citation.retrieved is None
            else self.citation.retrieved.isoformat(),
            "confidence": self.confidence,
            "label": str(self),
        }


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _check_kind(kind: object) -> str:
    if kind not in _WAGE_KINDS:
        raise InvalidInputError(
            f"kind must be one of {', '.join(map(repr, _WAGE_KINDS))}, got {kind!r}"
        )
    return _WAGE_KINDS[str(kind)]


def _wage(row: ReferenceFigure, kind: WageKind, until: date | None) -> ReferenceWage:
    assert row.amount is not None
    assert row.hours_basis is not None
    return ReferenceWage(
        country=row.country,
        kind=kind,
        amount=Q_(row.amount, row.currency),
        period=row.period,
        hours_basis=Q_(row.hours_basis, "hour"),
        scope=row.scope,
        effective_from=row.effective_from,
        until=until,
        citation=row.citation,
        confidence=row.confidence,
    )


def reference_wage(
    country: str,
    on: date | datetime | None = None,
    kind: WageKind = "minimum",
    *,
    alternative: str | None = None,
) -> ReferenceWage:
    """The minimum or living wage of ``country`` in force on ``on``, with its source.

    Args:
        country: ISO 3166-1 alpha-2 code, e.g. ``"KE"``.
        on: The date (default: today; pass a date for reproducible results).
        kind: ``"minimum"`` (statutory minimum wage) or ``"living"``.
        alternative: Text matched (case-insensitively) against the scope of the
            ``also:`` rows, e.g. ``"Shanghai"``: a narrower reference instead of
            the national one.

    Raises:
        UnknownCountryError: if the code is not ISO 3166-1, or labourchain holds
            no figure of that kind for the country.
        MissingRateError: if ``on`` is before the first figure (the message gives
            its date), or the figure in force could not be verified.
        NoStatutoryMinimumError: if the country has no statutory minimum on that
            date (the answer is "none", never zero).

    >>> from datetime import date
    >>> str(reference_wage("KE", on=date(2024, 10, 31)))
    'minimum wage, Kenya, from 2022-05-01 (15,201.65 KES a month / 225.33 h)'
    >>> str(reference_wage("CN", on=date(2025, 9, 1), alternative="Shanghai"))
    'minimum wage, China, from 2025-07-01 (2,740 CNY a month / 173.33 h)'
    """
    column = _check_kind(kind)
    day = _day(on)
    what = f"{kind} wage"
    wage_kind: WageKind = "living" if kind == "living" else "minimum"
    if alternative is not None:
        code = check_country(country, "a reference-wage lookup")
        options = [
            f
            for f in figures()
            if f.country == code
            and f.kind == column
            and f.is_alternative
            and alternative.lower() in f.scope.lower()
        ]
        in_force = sorted((f for f in options if f.effective_from <= day), key=_effective)
        if not in_force:
            known = "; ".join(f"{f.scope} (from {f.effective_from})" for f in alternatives(code))
            raise MissingRateError(
                f"no {what} alternative matching {alternative!r} for {_country_name(code)} on "
                f"{day.isoformat()}; alternatives held: {known or 'none'}"
            )
        later = [
            f.effective_from for f in options if f.effective_from > in_force[-1].effective_from
        ]
        return _wage(in_force[-1], wage_kind, min(later) if later else None)
    row, until = _pick(country, column, day, what)
    if row.status == "none":
        raise NoStatutoryMinimumError(
            f"{_country_name(row.country)} ({row.country}) has no statutory {what} on "
            f"{day.isoformat()}: {row.scope} [{row.citation.source}]. There is no figure to "
            "compare with; pass your own reference (for example a collective-agreement rate)"
            + _alternatives_hint(row.country, column)
        )
    if row.status == "unverified":
        raise MissingRateError(
            f"the {what} of {_country_name(row.country)} ({row.country}) in force on "
            f"{day.isoformat()} (from {row.effective_from.isoformat()}) could not be verified: "
            f"{row.scope}. Pass your own figure, or a date before "
            f"{row.effective_from.isoformat()}"
        )
    return _wage(row, wage_kind, until)


def _effective(figure: ReferenceFigure) -> date:
    return figure.effective_from


def _alternatives_hint(country: str, column: str) -> str:
    others = [
        f for f in figures() if f.country == country and f.kind == column and f.is_alternative
    ]
    if not others:
        return ""
    listed = "; ".join(f"{f.scope.removeprefix('also:').strip()}" for f in others)
    return f". Narrower figures held (use alternative=...): {listed}"


def alternatives(country: str, kind: WageKind = "minimum") -> tuple[ReferenceWage, ...]:
    """The ``also:`` figures of a country (narrower references), oldest first.

    >>> [w.scope.split(",")[0] for w in alternatives("IN")]
    ['also: central sphere']
    """
    column = _check_kind(kind)
    code = check_country(country, "a reference-wage lookup")
    wage_kind: WageKind = "living" if kind == "living" else "minimum"
    rows = sorted(
        (
            f
            for f in figures()
            if f.country == code and f.kind == column and f.is_alternative and f.amount is not None
        ),
        key=_effective,
    )
    return tuple(_wage(f, wage_kind, None) for f in rows)


def has_statutory_minimum(country: str, on: date | datetime | None = None) -> bool:
    """Whether ``country`` has a statutory national minimum wage on ``on``.

    ``False`` for a country whose row says "none" (Finland: sectoral
    agreements; China: provincial minimums). ``True`` also where the figure in
    force is unverified: a minimum exists, its amount is unknown.

    Raises:
        UnknownCountryError: for a country labourchain has no minimum-wage row for.
        MissingRateError: if ``on`` is before the first row.
    """
    row, _ = _pick(country, _WAGE_KINDS["minimum"], _day(on), "minimum wage")
    return row.status != "none"


def resolve_reference(
    country: str,
    log: WorkLog | tuple[datetime, datetime] | date | datetime,
    kind: WageKind = "minimum",
) -> ReferenceWage:
    """The reference wage in force where a log starts: what ``wage_report`` compares with.

    The figure is the one in force on the local date of the log's first start
    (the day in the UTC offset its first row was written with). A log that
    spans a change of the minimum wage is compared with the earlier figure;
    split the log (and use :func:`~labourchain.wage.combine_reports`) to
    compare each part with its own.

    Args:
        country: ISO 3166-1 alpha-2 code.
        log: A work log, its ``period`` (first start, last end), or a date.
        kind: ``"minimum"`` or ``"living"``.
    """
    if isinstance(log, WorkLog):
        if not len(log):
            raise InvalidInputError(
                "an empty log has no date, so no reference wage in force: pass a date"
            )
        day = log.period[0].date()
    elif isinstance(log, tuple):
        day = _day(log[0], "the log's period")
    else:
        day = _day(log, "the log's date")
    return reference_wage(country, on=day, kind=kind)


# ---------------------------------------------------------------------- exchange rates


def exchange_rate_figures(on: date | datetime | None = None) -> dict[str, ReferenceFigure]:
    """The bundled exchange-rate rows in force on ``on``, one per currency.

    A currency used by several countries (EUR) comes from the row with the
    latest ``effective_from`` (the bundled rows for one currency agree).
    """
    day = _day(on)
    chosen: dict[str, ReferenceFigure] = {}
    for figure in figures():
        if figure.kind != _FX or figure.is_alternative or figure.effective_from > day:
            continue
        held = chosen.get(figure.currency)
        if held is None or figure.effective_from > held.effective_from:
            chosen[figure.currency] = figure
    return {code: f for code, f in sorted(chosen.items()) if f.amount is not None}


def exchange_rates(on: date | datetime | None = None) -> ExchangeRates:
    """Exchange rates against USD from the bundled figures in force on ``on``.

    Each currency gets its latest row dated on or before ``on``: a World Bank
    annual average for most (2023), a dated central-bank rate where the World
    Bank has none (VES, SYP, and LBP from 2025). ``as_of`` is ``on``; ``source``
    says which rows were used. A currency with no row by then is left out, so
    converting it raises :class:`~labourchain.errors.MissingRateError`.

    Raises:
        MissingRateError: if no bundled rate applies yet on ``on``.

    >>> from datetime import date
    >>> rates = exchange_rates(on=date(2025, 1, 1))
    >>> rates.base, rates.rates["KES"]
    ('USD', 139.846)
    """
    day = _day(on)
    chosen = exchange_rate_figures(day)
    if not chosen:
        first = min(f.effective_from for f in figures() if f.kind == _FX)
        raise MissingRateError(
            f"no bundled exchange rate applies on {day.isoformat()}: the first one applies "
            f"from {first.isoformat()}"
        )
    groups: dict[str, list[str]] = {}
    for code, figure in chosen.items():
        key = f"{figure.citation.source} (from {figure.effective_from.isoformat()})"
        groups.setdefault(key, []).append(code)
    described = "; ".join(f"{' '.join(codes)}: {key}" for key, codes in groups.items())
    rates = {code: float(f.amount) for code, f in chosen.items() if f.amount is not None}
    return ExchangeRates(
        rates,
        base="USD",
        as_of=day,
        source=f"labourchain reference.csv, latest rates by {day.isoformat()}: {described}",
    )


# ---------------------------------------------------------------------- PPP


def _factors(value: Mapping[str, float]) -> dict[str, float]:
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
    return out


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
    >>> ppp = ppp_converter(on=date(2025, 1, 1))
    >>> ppp.convert(money(43.737, "KES"), "KE")
    <Quantity(1.0, 'international_dollar')>
    """

    factors: Mapping[str, float] = attrs.field(converter=_factors)
    currencies: Mapping[str, str] = attrs.field(factory=dict)
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
                f"no PPP factor for {_country_name(code)} ({code}){dated}; factors held for "
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


def ppp_converter(on: date | datetime | None = None) -> PPPConverter:
    """A :class:`PPPConverter` from the bundled PPP factors in force on ``on``.

    Raises:
        MissingRateError: if no bundled factor applies yet on ``on``.
    """
    day = _day(on)
    chosen: dict[str, ReferenceFigure] = {}
    for figure in figures():
        if figure.kind == _PPP and figure.amount is not None and figure.effective_from <= day:
            held = chosen.get(figure.country)
            if held is None or figure.effective_from > held.effective_from:
                chosen[figure.country] = figure
    if not chosen:
        first = min(f.effective_from for f in figures() if f.kind == _PPP)
        raise MissingRateError(
            f"no bundled PPP factor applies on {day.isoformat()}: the first one applies from "
            f"{first.isoformat()}"
        )
    years = sorted({f.effective_from.year for f in chosen.values()})
    return PPPConverter(
        factors={c: float(f.amount) for c, f in chosen.items() if f.amount is not None},
        currencies={c: f.currency for c, f in chosen.items()},
        as_of=day,
        source=(
            "The World Bank: World Development Indicators (CC BY 4.0), PA.NUS.PRVT.PP, "
            f"{', '.join(map(str, years))} (labourchain reference.csv)"
        ),
    )


# ---------------------------------------------------------------------- your own rates


def load_exchange_rates(path: str | os.PathLike[str]) -> ExchangeRates:
    """Read exchange rates from a CSV file of your own.

    The file has a header row and one row per currency; lines starting with
    ``#`` are comments::

        currency,rate,base,as_of,source
        KES,129.3,USD,2025-01-06,Central Bank of Kenya mean rate

    ``rate`` is units of ``currency`` per one unit of ``base``. ``base``
    (default USD), ``as_of`` and ``source`` are optional columns; if given they
    must be the same on every row.

    Raises:
        InvalidInputError: naming the file, line and column of anything wrong.
    """
    name = os.fspath(path)
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            text = handle.read()
    except FileNotFoundError:
        raise InvalidInputError(f"no such exchange-rate file: {name}") from None
    except IsADirectoryError:
        raise InvalidInputError(f"{name} is a directory, not an exchange-rate file") from None
    except UnicodeDecodeError:
        raise InvalidInputError(f"{name}: not UTF-8 text; save it as UTF-8 CSV") from None
    numbered = [
        (n, line)
        for n, line in enumerate(text.splitlines(), start=1)
        if line.strip() and not line.lstrip().startswith("#")
    ]
    if not numbered:
        raise InvalidInputError(f"{name}: empty; expected a header such as 'currency,rate'")
    reader = csv.reader(line for _, line in numbered)
    header = [h.strip() for h in next(reader)]
    allowed = ("currency", "rate", "base", "as_of", "source")
    for column in header:
        if column not in allowed:
            raise InvalidInputError(
                f"{name}, line {numbered[0][0]}: unknown column {column!r}; expected "
                f"{', '.join(allowed)} (currency and rate required)"
            )
    for required in ("currency", "rate"):
        if required not in header:
            raise InvalidInputError(
                f"{name}, line {numbered[0][0]}: the header has no {required!r} column"
            )
    rates: dict[str, float] = {}
    shared: dict[str, str] = {}
    for (line, _), fields in zip(numbered[1:], reader, strict=True):
        if len(fields) != len(header):
            raise InvalidInputError(
                f"{name}, line {line}: has {len(fields)} fields but the header has {len(header)}"
            )
        row = dict(zip(header, (f.strip() for f in fields), strict=True))

        def bad(column: str, expected: str, row: dict[str, str] = row, line: int = line) -> str:
            return f"{name}, line {line}, column {column!r}: {row[column]!r} is not {expected}"

        try:
            code = check_code(row["currency"])
        except InvalidInputError:
            raise InvalidInputError(bad("currency", "an ISO 4217 code such as KES")) from None
        value = _parse_float(row["rate"], line=line, column="rate", where=name)
        if value is None:
            raise InvalidInputError(bad("rate", "a positive number"))
        if code in rates:
            raise InvalidInputError(f"{name}, line {line}: {code} appears twice")
        rates[code] = value
        for column in ("base", "as_of", "source"):
            if row.get(column) and shared.setdefault(column, row[column]) != row[column]:
                raise InvalidInputError(
                    bad(column, f"the same as on the rows above ({shared[column]!r})")
                )
    if not rates:
        raise InvalidInputError(f"{name}: no rates below the header")
    base = shared.get("base", "USD")
    try:
        check_code(base)
    except InvalidInputError:
        raise InvalidInputError(f"{name}, column 'base': {base!r} is not an ISO 4217 code") from (
            None
        )
    as_of = None
    if "as_of" in shared:
        as_of = _parse_date(shared["as_of"], line=0, column="as_of", where=name)
    rates.pop(base, None)
    return ExchangeRates(rates, base=base, as_of=as_of, source=shared.get("source", name))
