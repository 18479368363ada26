"""The bundled dated tables: ``reference.csv``, ``fx_annual.csv`` and ``fx_monthly.csv``.

Each table is read once, through :func:`labourchain._data.read_table` (the one reader of
labourchain's CSV tables), and validated here: :func:`figures` gives the rows of
``reference.csv`` as :class:`ReferenceFigure` objects (a row names its line when it is
wrong), :func:`timeline` the main timeline of one country and kind, :func:`pick` the row
in force on a date; :func:`annual_tables` and :func:`monthly_table` the World Bank and
HMRC series. The wage, exchange-rate and PPP modules of :mod:`labourchain.reference`
answer questions from these.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from functools import cache
from typing import Final, Literal

import attrs

from labourchain._data import bundled_table, parse_date, parse_positive
from labourchain._validate import check_country, countries
from labourchain.domain import Citation
from labourchain.errors import InvalidInputError, MissingRateError, UnknownCountryError

__all__ = (
    "ANNUAL",
    "DATA",
    "FX_KIND",
    "MONTHLY",
    "WAGE_KINDS",
    "ReferenceFigure",
    "WageKind",
    "annual_tables",
    "as_day",
    "country_name",
    "covered",
    "effective",
    "figures",
    "iso",
    "main_timeline",
    "month_end",
    "monthly_table",
    "pick",
    "vintage",
)

#: The kinds of reference wage, as :func:`reference_wage` names them.
WageKind = Literal["minimum", "living"]
#: The ``kind`` column of ``reference.csv`` for each kind of reference wage.
WAGE_KINDS: Final[dict[str, str]] = {"minimum": "minimum_wage", "living": "living_wage"}
#: The ``kind`` of an exchange rate in ``reference.csv``.
FX_KIND: Final = "fx_lcu_per_usd"
_PPP: Final = "ppp_private_consumption"
_KINDS: Final = frozenset({*WAGE_KINDS.values(), FX_KIND, _PPP})
_PERIODS: Final = ("hour", "day", "week", "month", "year")
_CONFIDENCE: Final = ("high", "medium", "low")
#: The bundled tables.
DATA: Final = "data/reference.csv"
ANNUAL: Final = "data/fx_annual.csv"
MONTHLY: Final = "data/fx_monthly.csv"

# International dollars (PPP, ``ureg.international_dollar``) are not a currency that can be
# exchanged: labourchain.units defines them as a dimension of their own, so that they never add
# to market-rate dollars by accident.


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
        return f"{DATA}, line {line}, column {column!r}"

    kind = raw["kind"]
    if kind not in _KINDS:
        raise InvalidInputError(f"{where('kind')}: unknown kind {kind!r}")
    if raw["period"] not in _PERIODS:
        raise InvalidInputError(f"{where('period')}: unknown period {raw['period']!r}")
    if raw["confidence"] not in _CONFIDENCE:
        raise InvalidInputError(f"{where('confidence')}: unknown {raw['confidence']!r}")
    amount = parse_positive(raw["amount"], line=line, column="amount", where=DATA)
    hours_basis = parse_positive(raw["hours_basis"], line=line, column="hours_basis", where=DATA)
    scope = raw["scope"].strip()
    if amount is None and not scope.lower().startswith(("none", "unverified")):
        raise InvalidInputError(
            f"{where('amount')}: empty, but the scope does not start with 'none' or 'unverified'"
        )
    if amount is not None and kind in WAGE_KINDS.values() and hours_basis is None:
        raise InvalidInputError(f"{where('hours_basis')}: a wage needs its hours basis")
    effective = parse_date(raw["effective_from"], line=line, column="effective_from", where=DATA)
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
            retrieved=parse_date(retrieved, line=line, column="retrieved", where=DATA)
            if retrieved
            else None,
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
    return tuple(_row(raw, line) for line, raw in bundled_table(DATA).records())


def main_timeline(country: str, kind: str) -> list[ReferenceFigure]:
    return sorted(
        (f for f in figures() if f.country == country and f.kind == kind and not f.is_alternative),
        key=lambda f: f.effective_from,
    )


def as_day(on: date | datetime | None, what: str = "on") -> date:
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


def country_name(code: str) -> str:
    return countries()[code].name


def covered(kind: str) -> str:
    return ", ".join(sorted({f.country for f in figures() if f.kind == kind}))


def pick(country: object, kind: str, on: date, what: str) -> tuple[ReferenceFigure, date | None]:
    """The main-timeline row of ``country`` and ``kind`` in force on ``on``, and when it ends."""
    code = check_country(country, "a reference-wage lookup")
    timeline = main_timeline(code, kind)
    if not timeline:
        raise UnknownCountryError(
            f"labourchain has no {what} figure for {country_name(code)} ({code}); countries "
            f"with one: {covered(kind)}. Pass your own figure instead (see docs/data-sources.md)"
        )
    before = [f for f in timeline if f.effective_from <= on]
    if not before:
        first = timeline[0].effective_from
        raise MissingRateError(
            f"no {what} figure for {country_name(code)} ({code}) on {on.isoformat()}: the first "
            f"figure labourchain holds applies from {first.isoformat()}"
        )
    row = before[-1]
    later = [f.effective_from for f in timeline if f.effective_from > row.effective_from]
    return row, (later[0] if later else None)


def iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def effective(figure: ReferenceFigure) -> date:
    return figure.effective_from


def vintage(comments: str, key: str) -> str:
    start = comments.find(key)
    if start < 0:
        return ""
    end = comments.find(" PA.NUS.", start + len(key))
    return comments[start : end if end > 0 else None].strip()


@cache
def annual_tables() -> tuple[
    dict[str, dict[int, float]], dict[str, dict[int, tuple[str, float]]], dict[str, str]
]:
    """Bundled World Bank tables: rates by currency and year, PPP by country and year."""
    table = bundled_table(ANNUAL)
    comments = table.comments
    by_currency: dict[str, dict[int, list[float]]] = {}
    ppp: dict[str, dict[int, tuple[str, float]]] = {}
    for _line, (iso2, _iso3, currency, year_text, fx, factor) in table.lines():
        year = int(year_text)
        if fx:
            by_currency.setdefault(currency, {}).setdefault(year, []).append(float(fx))
        if factor:
            ppp.setdefault(iso2, {})[year] = (currency, float(factor))
    rates = {
        code: {year: sorted(values)[len(values) // 2] for year, values in years.items()}
        for code, years in by_currency.items()
    }
    notes = {"fx": vintage(comments, "PA.NUS.FCRF:"), "ppp": vintage(comments, "PA.NUS.PRVT.PP:")}
    return rates, ppp, notes


@cache
def monthly_table() -> tuple[dict[str, dict[str, float]], str]:
    """HMRC monthly rates by currency and ``"YYYY-MM"`` month (strings sort as months do)."""
    table = bundled_table(MONTHLY)
    out: dict[str, dict[str, float]] = {}
    for _line, (code, month, value) in table.lines():
        out.setdefault(code, {})[month] = float(value)
    package = table.comments.split("hmrc-rates package ")[-1].split(" ")[0]
    return out, package


def month_end(year: int, month: int) -> date:
    following = date(year + month // 12, month % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)
