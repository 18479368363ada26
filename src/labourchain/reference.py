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
>>> str(ke)  # doctest: +ELLIPSIS
'minimum wage, Nairobi, Mombasa and Kisumu, Kenya, from 2024-11-01 (16,113.75 KES a month / ...)'
>>> round(ke.hourly.magnitude, 2), str(ke.hourly.units)
(71.51, 'KES / hour')
>>> rates = exchange_rates(on=date(2025, 1, 1))
>>> round(rates.convert(ke.hourly, "USD").magnitude, 3)
0.553
>>> has_statutory_minimum("FI", on=date(2025, 1, 1))
False
"""

from __future__ import annotations

import bisect
import csv
import functools
import itertools
import math
import os
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from functools import cache
from importlib import resources
from typing import Any, Final, Literal

import attrs

from labourchain._frozen import FrozenMap, frozen_map
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
    "MONTHLY_FIRST",
    "REDENOMINATIONS",
    "STALE_LIMIT_DAYS",
    "PPPConverter",
    "RateFigure",
    "Redenomination",
    "ReferenceFigure",
    "ReferenceWage",
    "alternatives",
    "check_redenomination",
    "exchange_rate_figures",
    "exchange_rates",
    "figures",
    "has_statutory_minimum",
    "load_exchange_rates",
    "ppp_converter",
    "ppp_figure",
    "redenominate",
    "redenominations",
    "reference_wage",
    "resolve_reference",
    "stale_rates",
)

#: The kinds of reference wage, as :func:`reference_wage` names them.
WageKind = Literal["minimum", "living"]
_WAGE_KINDS: Final[dict[str, str]] = {"minimum": "minimum_wage", "living": "living_wage"}
_FX: Final = "fx_lcu_per_usd"
_PPP: Final = "ppp_private_consumption"
_KINDS: Final = frozenset({*_WAGE_KINDS.values(), _FX, _PPP})
_PERIODS: Final = ("hour", "day", "week", "month", "year")
_DAY_RATE: Final = "day"
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
        area: Where (or for whom) the figure holds, in a few words: ``national``, ``Metro
            Manila (NCR)``, ``public sector``... printed wherever the figure is named.
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
    area: str = "national"

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
        area=(raw.get("area") or "").strip() or "national",
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

    Pass it as ``reference=`` to :func:`~labourchain.accounting.wage_report`: the
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
        area: Where or for whom it holds (``national``, ``Metro Manila (NCR)``...), printed
            with the country wherever the figure is named.
        last_checked: The date the source was last checked (``None``: never verified).
        review: Set when the figure may have been replaced by the date asked for: the
            country revises this figure often and the date is past its usual interval (a
            figure in force is never "stale"; this says when to check for a newer one).
        note: How the amount was rescaled to the unit of the date asked for (a
            redenomination), or ``None``.
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
    area: str = "national"
    last_checked: date | None = None
    review: str | None = None
    note: str | None = None

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

    @property
    def where(self) -> str:
        """The country, preceded by the area when the figure is not national."""
        if self.area == "national":
            return self.country_name
        return f"{self.area}, {self.country_name}"

    def __str__(self) -> str:
        amount = f"{self.amount.magnitude:,.2f}".removesuffix(".00")
        basis = f"{self.hours_basis.to('hour').magnitude:g}"
        if self.period == "hour":
            detail = f"{amount} {self.currency} an hour"
        else:
            detail = f"{amount} {self.currency} a {self.period} / {basis} h"
        return f"{self.kind} wage, {self.where}, from {self.effective_from.isoformat()} ({detail})"

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
            "area": self.area,
            "last_checked": _iso(self.last_checked),
            "may_be_replaced": self.review is not None,
            "review": self.review,
            "note": self.note,
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


def _review(row: ReferenceFigure, until: date | None, on: date | None) -> str | None:
    """A warning when ``row`` may have been replaced by ``on`` (it is the latest figure held)."""
    if until is not None or on is None:
        return None
    dates = [f.effective_from for f in _timeline(row.country, row.kind)]
    gaps = sorted((b - a).days for a, b in itertools.pairwise(dates) if b > a)
    if not gaps:
        return None
    usual = gaps[len(gaps) // 2]
    checked = row.citation.retrieved
    if usual > 2 * 365 or (on - row.effective_from).days <= usual:
        return None
    if checked is not None and on <= checked:
        return None
    return (
        f"{_country_name(row.country)} has revised this figure about every {usual // 30} "
        f"months; the latest held is from {row.effective_from.isoformat()}, last checked "
        f"{_iso(checked) or 'never'}: a newer figure may be in force on {on.isoformat()}"
    )


def _wage(
    row: ReferenceFigure, kind: WageKind, until: date | None, on: date | None = None
) -> ReferenceWage:
    assert row.amount is not None
    assert row.hours_basis is not None
    amount = row.amount
    note = None
    if on is not None:
        factor = _unit_factor(row.currency, row.effective_from, on)
        if factor != 1.0:
            changes = _changes_between(row.currency, row.effective_from, on)
            amount = row.amount * factor
            note = (
                f"published as {row.amount:,.0f} {row.currency} in the unit of "
                f"{row.effective_from.isoformat()}; shown in the unit in force on "
                f"{on.isoformat()} ("
                + "; ".join(f"1 {c.new} = {c.factor:,.0f} {c.old}s from {c.on}" for c in changes)
                + ")"
            )
    return ReferenceWage(
        country=row.country,
        kind=kind,
        amount=Q_(amount, row.currency),
        period=row.period,
        hours_basis=Q_(row.hours_basis, "hour"),
        scope=row.scope,
        effective_from=row.effective_from,
        until=until,
        citation=row.citation,
        confidence=row.confidence,
        area=row.area,
        last_checked=row.citation.retrieved,
        review=_review(row, until, on),
        note=note,
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
    >>> str(reference_wage("PH", on=date(2024, 3, 4)))
    'minimum wage, Metro Manila (NCR), Philippines, from 2023-07-16 (610 PHP a day / 8 h)'
    >>> str(reference_wage("CN", on=date(2025, 9, 1), alternative="Shanghai"))
    'minimum wage, Shanghai, China, from 2025-07-01 (2,740 CNY a month / 173.33 h)'
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
        return _wage(in_force[-1], wage_kind, min(later) if later else None, day)
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
    return _wage(row, wage_kind, until, day)


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
    split the log (and use :func:`~labourchain.accounting.combine_reports`) to
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


# ---------------------------------------------------------------------- redenominations


@attrs.frozen(kw_only=True)
class Redenomination:
    """A currency re-based on a date: from ``on``, one new unit is worth ``factor`` old units.

    labourchain keeps one ISO code per currency (``VES``, ``SYP``) and reads an amount in the
    unit **in force on the date it belongs to**: bolivares fuertes before 2018-08-20, the
    bolivar soberano until 2021-09-30 and the 2021 bolivar since; old Syrian pounds before
    2026-01-01 and new pounds since. Use :func:`redenominate` to carry an amount across.
    """

    currency: str
    on: date
    factor: float
    old: str
    new: str
    source: str
    url: str | None


REDENOMINATIONS: Final[tuple[Redenomination, ...]] = (
    Redenomination(
        currency="VES",
        on=date(2018, 8, 20),
        factor=100_000.0,
        old="bolivar fuerte (VEF)",
        new="bolivar soberano (VES)",
        source="Venezuela's monetary reconversion of 20 August 2018: 1 VES = 100,000 VEF "
        "(widely documented; the decree text was not read for this table)",
        url=None,
    ),
    Redenomination(
        currency="VES",
        on=date(2021, 10, 1),
        factor=1_000_000.0,
        old="bolivar soberano of 2018",
        new="bolivar of 2021 (ISO code VES kept)",
        source="Venezuela's monetary reconversion of 1 October 2021: six zeros removed "
        "(widely documented; the decree text was not read for this table)",
        url=None,
    ),
    Redenomination(
        currency="SYP",
        on=date(2026, 1, 1),
        factor=100.0,
        old="old Syrian pound",
        new="new Syrian pound",
        source="Central Bank of Syria: two zeros removed from the pound from 1 January 2026 "
        "(project notes, docs/data-sources.md)",
        url=None,
    ),
)


def redenominations(currency: str | None = None) -> tuple[Redenomination, ...]:
    """The redenominations labourchain knows, oldest first (of one currency if given).

    >>> [(r.currency, r.on.isoformat(), r.factor) for r in redenominations("SYP")]
    [('SYP', '2026-01-01', 100.0)]
    """
    return tuple(r for r in REDENOMINATIONS if currency is None or r.currency == currency)


def _unit_factor(currency: str, written: date, on: date) -> float:
    """How many units of ``on``'s unit one unit of ``written``'s unit is worth (or its inverse)."""
    factor = 1.0
    for change in REDENOMINATIONS:
        if change.currency != currency:
            continue
        if written < change.on <= on:
            factor /= change.factor
        elif on < change.on <= written:
            factor *= change.factor
    return factor


def _changes_between(currency: str, start: date, end: date) -> list[Redenomination]:
    low, high = min(start, end), max(start, end)
    return [r for r in REDENOMINATIONS if r.currency == currency and low < r.on <= high]


def redenominate(q: Quantity, written_on: date | datetime, on: date | datetime) -> Quantity:
    """An amount written on ``written_on`` in the unit of its day, in the unit in force on ``on``.

    >>> from datetime import date
    >>> from labourchain import money
    >>> redenominate(money(750_000, "SYP"), date(2025, 7, 1), date(2026, 3, 1))
    <Quantity(7500.0, 'SYP')>
    """
    code = currency_of(q, what="the amount to redenominate")
    factor = _unit_factor(code, _day(written_on, "written_on"), _day(on))
    return q if factor == 1.0 else q * factor


def check_redenomination(log: WorkLog) -> None:
    """Refuse a log whose amounts in one currency straddle a redenomination.

    Amounts are read in the unit in force on their own day, and a report converts them all
    with one set of rates: a log with Syrian pounds on 2025-12-31 and 2026-01-02 would be read
    100 times off for one side. Split the log at the date, or convert the older amounts with
    :func:`redenominate` first.

    Raises:
        InvalidInputError: naming the currency, the date and what to do.
    """
    if not len(log):
        return
    first, last = log.period[0].date(), log.period[1].date()
    for code in log.currencies:
        for change in _changes_between(code, first, last):
            raise InvalidInputError(
                f"the log has {code} amounts from {first.isoformat()} to {last.isoformat()}, "
                f"across {change.on.isoformat()}, when 1 {change.new} became "
                f"{change.factor:,.0f} {change.old}s ({change.source}): split the log at "
                f"{change.on.isoformat()}, or convert the older amounts with "
                "labourchain.reference.redenominate() first"
            )


# ---------------------------------------------------------------------- exchange rates

#: Currencies whose annual average misleads within a year: monthly rates come first.
MONTHLY_FIRST: Final = frozenset({"ARS", "EGP", "LBP", "NGN", "SYP", "TRY", "VES"})
#: How long after the end of the last period held a rate (or PPP factor) may still be used.
STALE_LIMIT_DAYS: Final = 365
_ANNUAL: Final = "data/fx_annual.csv"
FIRST_YEAR: Final = 2010
_MONTHLY: Final = "data/fx_monthly.csv"
_WB_FX = "The World Bank: World Development Indicators (CC BY 4.0), PA.NUS.FCRF"
_WB_PPP = "The World Bank: World Development Indicators (CC BY 4.0), PA.NUS.PRVT.PP"
_HMRC = "HM Revenue & Customs monthly exchange rates (OGL v3.0), via the hmrc-rates package"


@attrs.frozen(kw_only=True)
class RateFigure:
    """One bundled exchange rate (or PPP factor) as used for a date, with its age.

    Attributes:
        currency: ISO 4217 code (for PPP factors, the country's currency).
        amount: Local currency units per US$ (PPP: per international $), in the unit of the
            currency in force on the date asked for (see :func:`redenominations`).
        period: What the figure is an average or a quote of: ``"2023"``, ``"2024-07"``, or a
            day ``"2025-10-24"``.
        effective_from: The first day of that period.
        period_end: Its last day.
        stale_by_days: 0 when the date asked for is within the period; otherwise the days
            since the period ended (the latest figure held, used for up to a year).
        citation: Source (with the copy read), URL and date retrieved.
        confidence: ``high``, ``medium`` or ``low``.
        country: The country of a PPP factor or of a curated rate (``None`` for a currency).
    """

    currency: str
    amount: float
    period: str
    effective_from: date
    period_end: date
    stale_by_days: int
    citation: Citation
    confidence: str
    country: str | None = None

    @property
    def is_stale(self) -> bool:
        """Whether the date asked for is after the period (the figure is the latest held)."""
        return self.stale_by_days > 0

    def describe(self) -> str:
        """``"139.846 KES per USD (2023 average, World Bank ...)"``, with its age if stale."""
        stale = (
            f"; STALE by {self.stale_by_days} days: the latest figure held"
            if self.stale_by_days
            else ""
        )
        what = f"{self.period}, {self.citation.source}{stale}"
        return f"{self.amount:.6g} {self.currency} per USD ({what})"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready values, ``stale_by_days`` included."""
        return {
            "role": "exchange_rate",
            "currency": self.currency,
            "per_base": self.amount,
            "base": "USD",
            "period": self.period,
            "effective_from": self.effective_from.isoformat(),
            "period_end": self.period_end.isoformat(),
            "stale_by_days": self.stale_by_days,
            "source": self.citation.source,
            "url": self.citation.url,
            "retrieved": _iso(self.citation.retrieved),
            "confidence": self.confidence,
        }


def _comments(text: str) -> str:
    return " ".join(line.lstrip("# ").strip() for line in text.splitlines() if line.startswith("#"))


def _vintage(comments: str, key: str) -> str:
    start = comments.find(key)
    if start < 0:
        return ""
    end = comments.find(" PA.NUS.", start + len(key))
    return comments[start : end if end > 0 else None].strip()


@cache
def _annual() -> tuple[
    dict[str, dict[int, float]], dict[str, dict[int, tuple[str, float]]], dict[str, str]
]:
    """Bundled World Bank tables: rates by currency and year, PPP by country and year."""
    text = resources.files("labourchain").joinpath(_ANNUAL).read_text("utf-8")
    comments = _comments(text)
    by_currency: dict[str, dict[int, list[float]]] = {}
    ppp: dict[str, dict[int, tuple[str, float]]] = {}
    header = True
    for line in text.splitlines():
        if not line or line[0] == "#":
            continue
        if header:
            header = False
            continue
        iso2, _iso3, currency, year_text, fx, factor = line.split(",")
        year = int(year_text)
        if fx:
            by_currency.setdefault(currency, {}).setdefault(year, []).append(float(fx))
        if factor:
            ppp.setdefault(iso2, {})[year] = (currency, float(factor))
    rates = {
        code: {year: sorted(values)[len(values) // 2] for year, values in years.items()}
        for code, years in by_currency.items()
    }
    notes = {"fx": _vintage(comments, "PA.NUS.FCRF:"), "ppp": _vintage(comments, "PA.NUS.PRVT.PP:")}
    return rates, ppp, notes


@cache
def _monthly() -> tuple[dict[str, dict[str, float]], str]:
    """HMRC monthly rates by currency and ``"YYYY-MM"`` month (strings sort as months do)."""
    text = resources.files("labourchain").joinpath(_MONTHLY).read_text("utf-8")
    out: dict[str, dict[str, float]] = {}
    body = text[text.index("\ncurrency,month,") + 1 :].split("\n")
    for line in body[1:]:
        if line:
            code, month, value = line.split(",")
            out.setdefault(code, {})[month] = float(value)
    head = text[: text.index("\ncurrency,month,")]
    package = head.split("hmrc-rates package ")[-1].split(" ")[0]
    return out, package


def _month_end(year: int, month: int) -> date:
    following = date(year + month // 12, month % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)


@cache
def _curated() -> dict[str, list[ReferenceFigure]]:
    out: dict[str, list[ReferenceFigure]] = {}
    for figure in figures():
        if figure.kind == _FX and figure.amount is not None and not figure.is_alternative:
            out.setdefault(figure.currency, []).append(figure)
    for rows in out.values():
        rows.sort(key=_effective)
    return out


def _curated_end(figure: ReferenceFigure) -> date:
    start = figure.effective_from
    if figure.period == "year":
        return date(start.year, 12, 31)
    if figure.period == "month":
        return _month_end(start.year, start.month)
    return start


_Entry = tuple[int, date, date, str, float, Citation, str]


@attrs.frozen
class _Series:
    """Every period held for one currency, indexed for lookups by date."""

    curated: tuple[_Entry, ...]
    monthly: Mapping[str, float]
    annual: Mapping[int, float]
    month_first: bool
    hmrc: Citation
    wb: Citation
    months: tuple[str, ...]
    years: tuple[int, ...]


@cache
def _series(code: str) -> _Series:
    rates, _, notes = _annual()
    monthly, package = _monthly()
    curated: list[_Entry] = []
    for figure in _curated().get(code, []):
        assert figure.amount is not None
        label = (
            str(figure.effective_from.year)
            if figure.period == "year"
            else figure.effective_from.isoformat()[: 7 if figure.period == "month" else 10]
        )
        curated.append(
            (
                0,
                figure.effective_from,
                _curated_end(figure),
                label,
                figure.amount,
                figure.citation,
                figure.confidence,
            )
        )
    months = monthly.get(code, {})
    years = rates.get(code, {})
    return _Series(
        curated=tuple(curated),
        monthly=months,
        annual=years,
        month_first=code in MONTHLY_FIRST,
        hmrc=Citation(
            source=f"{_HMRC} {package}, month average basis set by HMRC",
            url="https://github.com/velikodniy/hmrc-rates",
            retrieved=date(2026, 11, 29),
            effective_from=None,
        ),
        wb=Citation(
            source=f"{_WB_FX}, annual average; {notes['fx']}",
            url="https://data.worldbank.org/indicator/PA.NUS.FCRF",
            retrieved=date(2026, 11, 29),
            effective_from=None,
        ),
        months=tuple(sorted(months)),
        years=tuple(sorted(years)),
    )


def _month_entry(series: _Series, key: str) -> _Entry:
    year, month = int(key[:4]), int(key[5:7])
    rank = 1 if series.month_first else 3
    return (
        rank,
        date(year, month, 1),
        _month_end(year, month),
        key,
        series.monthly[key],
        series.hmrc,
        "high",
    )


def _year_entry(series: _Series, year: int) -> _Entry:
    return (
        2,
        date(year, 1, 1),
        date(year, 12, 31),
        str(year),
        series.annual[year],
        series.wb,
        "high",
    )


def _held(series: _Series, day: date) -> tuple[_Entry | None, int]:
    """The entry whose period contains ``day`` (stale 0), else the latest before it."""
    inside = [e for e in series.curated if e[1] <= day <= e[2]]
    if inside:  # the most specific: a day's quote before its month, a month before its year
        return min(inside, key=lambda e: (e[2] - e[1], -e[1].toordinal())), 0
    month = f"{day.year:04d}-{day.month:02d}"
    in_month = _month_entry(series, month) if month in series.monthly else None
    in_year = _year_entry(series, day.year) if day.year in series.annual else None
    found = (in_month or in_year) if series.month_first else (in_year or in_month)
    if found is not None:
        return found, 0
    before: list[_Entry] = [e for e in series.curated if e[2] < day]
    at = bisect.bisect_left(series.months, month)
    if at:
        before.append(_month_entry(series, series.months[at - 1]))
    at = bisect.bisect_left(series.years, day.year)
    if at:
        before.append(_year_entry(series, series.years[at - 1]))
    if not before:
        return None, 0
    latest = max(before, key=lambda e: (e[2], -e[0]))
    return latest, (day - latest[2]).days


def _rate(code: str, day: date) -> RateFigure | tuple[RateFigure, str] | None:
    """The rate for ``code`` on ``day``; a (figure, why) pair when refused; None when none."""
    entry, stale = _held(_series(code), day)
    if entry is None:
        return None
    _rank, start, end, label, value, citation, confidence = entry
    factor = _unit_factor(code, end, day)
    figure = RateFigure(
        currency=code,
        amount=value * factor,
        period=label,
        effective_from=start,
        period_end=end,
        stale_by_days=stale,
        citation=citation
        if factor == 1.0
        else attrs.evolve(
            citation,
            source=f"{citation.source}; rescaled to the unit in force on {day.isoformat()} "
            f"(x {factor:g}, see labourchain.reference.redenominations)",
        ),
        confidence=confidence,
    )
    if stale > STALE_LIMIT_DAYS:
        return figure, (
            f"the latest bundled {code} rate is for {label} (ended {end.isoformat()}), "
            f"{stale} days before {day.isoformat()}: more than {STALE_LIMIT_DAYS} days, so it "
            "is not used. Pass your own rates: rates=ExchangeRates(...) or "
            "load_exchange_rates(FILE) in Python, --rates FILE on the command line"
        )
    return figure


@cache
def _currencies() -> list[str]:
    rates, _, _ = _annual()
    monthly, _ = _monthly()
    return sorted(set(rates) | set(monthly) | set(_curated()))


@functools.lru_cache(maxsize=256)
def _rates_on(day: date) -> tuple[dict[str, RateFigure], dict[str, str]]:
    used: dict[str, RateFigure] = {}
    refused: dict[str, str] = {}
    for code in _currencies():
        if code == "USD":
            continue
        found = _rate(code, day)
        if isinstance(found, tuple):
            refused[code] = found[1]
        elif found is not None:
            used[code] = found
    return used, refused


def exchange_rate_figures(on: date | datetime | None = None) -> dict[str, RateFigure]:
    """The bundled rate used for each currency on ``on``, with its period and age.

    For each currency the figure whose period contains ``on`` is used: a curated dated rate
    (``reference.csv``) first, then for the currencies in :data:`MONTHLY_FIRST` the HMRC
    monthly rate, then the World Bank annual average, then the HMRC monthly rate. After the
    last period held the latest figure is used for up to :data:`STALE_LIMIT_DAYS` days with
    ``stale_by_days`` set; later it is left out (see :func:`stale_rates`).

    >>> from datetime import date
    >>> ng = exchange_rate_figures(on=date(2024, 7, 15))["NGN"]
    >>> ng.period, round(ng.amount), ng.stale_by_days
    ('2024-07', 1501, 0)
    """
    return dict(_rates_on(_day(on))[0])


def stale_rates(on: date | datetime | None = None) -> dict[str, str]:
    """Currencies whose latest bundled rate is more than a year old on ``on``, and why."""
    return dict(_rates_on(_day(on))[1])


@functools.lru_cache(maxsize=256)
def _exchange_rates(day: date, only: frozenset[str] | None = None) -> ExchangeRates:
    used, refused = _rates_on(day)
    if only is not None and used:
        used = {c: f for c, f in used.items() if c in only}
        refused = {c: why for c, why in refused.items() if c in only}
        if not used and refused:
            raise MissingRateError("; ".join(refused[c] for c in sorted(refused)))
        if not used:  # none of them is held: converting one names it (MissingRateError)
            return ExchangeRates(
                {}, base="USD", as_of=day, source=f"labourchain bundled rates for {day}"
            )
    if not used and refused:
        raise MissingRateError(
            f"every bundled exchange rate is more than {STALE_LIMIT_DAYS} days old on "
            f"{day.isoformat()}: pass your own rates (rates= in Python, --rates FILE on the "
            "command line)"
        )
    if not used:
        raise MissingRateError(
            f"no bundled exchange rate applies on {day.isoformat()}: the bundled series start "
            f"in {FIRST_YEAR}. Pass your own rates (rates= in Python, --rates FILE)"
        )
    stale = sorted(c for c, f in used.items() if f.stale_by_days)
    if only is not None:  # the few rates a report used, each with its period and age
        return ExchangeRates(
            {code: f.amount for code, f in used.items()},
            base="USD",
            as_of=day,
            source=f"labourchain bundled rates of the period for {day.isoformat()}: "
            + "; ".join(used[c].describe() for c in sorted(used)),
        )
    parts = [
        f"labourchain bundled rates for {day.isoformat()}: each currency's rate of the period "
        "(World Bank PA.NUS.FCRF annual averages; HMRC monthly rates for "
        f"{', '.join(sorted(MONTHLY_FIRST))} and beyond the World Bank years; dated "
        "central-bank rates in reference.csv)"
    ]
    if stale:
        listed = "; ".join(
            f"{c} {used[c].period} by {used[c].stale_by_days} days" for c in stale[:8]
        )
        more = f"; and {len(stale) - 8} more" if len(stale) > 8 else ""
        parts.append(f"STALE (latest figure held, used for up to a year): {listed}{more}")
    if refused:
        parts.append(
            f"not used, more than a year old: {', '.join(sorted(refused))} (pass rates= or "
            "--rates FILE)"
        )
    return ExchangeRates(
        {code: f.amount for code, f in used.items()},
        base="USD",
        as_of=day,
        source=". ".join(parts),
    )


def exchange_rates(
    on: date | datetime | None = None, *, currencies: Iterable[str] | None = None
) -> ExchangeRates:
    """Exchange rates against USD of the period that contains ``on``.

    ``currencies`` keeps only those (the base is always there), so that the ``source``
    a report prints speaks of the rates it used and their age, not of every currency.

    Each currency's rate is the one of its own period (see :func:`exchange_rate_figures`):
    a month for high-inflation currencies, a year otherwise. A rate past the end of the
    last period held is used for up to a year and the ``source`` says so (``STALE``); beyond
    that the currency is left out and converting it raises
    :class:`~labourchain.errors.MissingRateError` whose message names ``rates=`` and
    ``--rates FILE``. Amounts of ``VES`` and ``SYP`` are in the unit in force on ``on``
    (:func:`redenominations`).

    Raises:
        MissingRateError: if no bundled rate applies on ``on`` (before 2010).

    >>> from datetime import date
    >>> rates = exchange_rates(on=date(2023, 6, 1))
    >>> rates.base, round(rates.rates["KES"], 3)
    ('USD', 139.846)
    """
    only = None if currencies is None else frozenset(currencies) - {"USD"}
    return _exchange_rates(_day(on), only)


# ---------------------------------------------------------------------- PPP


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


def ppp_figure(country: str, on: date | datetime | None = None) -> RateFigure:
    """The bundled PPP factor of ``country`` for ``on``'s year, with its age.

    Raises:
        MissingRateError: if none is held for that year or the year before it, naming
            what to pass instead.
    """
    code = check_country(country, "a PPP lookup")
    day = _day(on)
    _, ppp, notes = _annual()
    years = ppp.get(code, {})
    held = sorted(y for y in years if y <= day.year)
    if not held:
        raise MissingRateError(
            f"no bundled PPP factor for {_country_name(code)} ({code}) on {day.isoformat()}"
            + (f": the first is for {min(years)}" if years else "")
        )
    year = held[-1]
    end = date(year, 12, 31)
    stale = max(0, (day - end).days)
    if stale > STALE_LIMIT_DAYS:
        raise MissingRateError(
            f"the latest bundled PPP factor for {_country_name(code)} ({code}) is for {year}, "
            f"more than {STALE_LIMIT_DAYS} days before {day.isoformat()}: pass your own "
            "(PPPConverter(factors={...}) in Python)"
        )
    currency, value = years[year]
    return RateFigure(
        currency=currency,
        amount=value * _unit_factor(currency, end, day),
        period=str(year),
        effective_from=date(year, 1, 1),
        period_end=end,
        stale_by_days=stale,
        citation=Citation(
            source=f"{_WB_PPP}, {year}; {notes['ppp']}",
            url="https://data.worldbank.org/indicator/PA.NUS.PRVT.PP",
            retrieved=date(2026, 11, 29),
            effective_from=date(year, 1, 1),
        ),
        confidence="high",
        country=code,
    )


@functools.lru_cache(maxsize=64)
def _ppp_converter(day: date) -> PPPConverter:
    _, ppp, _ = _annual()
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
        source=f"{_WB_PPP}, {', '.join(years)} (labourchain fx_annual.csv){note}",
    )


def ppp_converter(on: date | datetime | None = None) -> PPPConverter:
    """A :class:`PPPConverter` from the bundled PPP factors for ``on``'s year.

    A country's factor for the latest year held is used for up to a year after that year
    ends (:func:`ppp_figure` gives its age); later it is left out.

    Raises:
        MissingRateError: if no bundled factor applies on ``on``.
    """
    return _ppp_converter(_day(on))


# ---------------------------------------------------------------------- your own rates


def _csv_records(text: str, name: str) -> list[tuple[int, list[str]]]:
    """The CSV records of ``text`` with the line each starts on, skipping comment lines.

    A quoted field may span lines (a multi-line ``source``); a line starting
    with ``#`` outside a quoted field is a comment.
    """
    records: list[tuple[int, list[str]]] = []
    pending: list[str] = []
    first = 0
    for number, line in enumerate(text.splitlines(keepends=True), start=1):
        if not pending:
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            first = number
        pending.append(line)
        joined = "".join(pending)
        if joined.count('"') % 2:  # inside a quoted field: the record goes on
            continue
        try:
            rows = list(csv.reader([joined]))
        except csv.Error as exc:
            raise InvalidInputError(f"{name}, line {first}: not valid CSV: {exc}") from None
        records.append((first, rows[0] if rows else []))
        pending = []
    if pending:
        raise InvalidInputError(f"{name}, line {first}: a quoted field is never closed")
    return records


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
    numbered = _csv_records(text, name)
    if not numbered:
        raise InvalidInputError(f"{name}: empty; expected a header such as 'currency,rate'")
    header = [h.strip() for h in numbered[0][1]]
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
    for line, fields in numbered[1:]:
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
