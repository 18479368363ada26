"""Exchange rates: the bundled rate of each currency for a date, with its period and age.

A curated dated rate (``reference.csv``) first, then HMRC monthly rates for the currencies
in :data:`MONTHLY_FIRST`, then World Bank annual averages, then HMRC monthly rates; and
:func:`load_exchange_rates` for a file of your own.
"""

from __future__ import annotations

import bisect
import functools
import os
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from functools import cache
from typing import Any, Final

import attrs

from labourchain._data import parse_date, parse_positive, read_table
from labourchain.domain import Citation
from labourchain.errors import InvalidInputError, MissingRateError
from labourchain.reference._redenominations import unit_factor
from labourchain.reference._tables import (
    FX_KIND,
    ReferenceFigure,
    annual_tables,
    as_day,
    effective,
    figures,
    iso,
    month_end,
    monthly_table,
)
from labourchain.units import ExchangeRates, check_code

__all__ = (
    "FIRST_YEAR",
    "MONTHLY_FIRST",
    "STALE_LIMIT_DAYS",
    "WB_PPP",
    "RateFigure",
    "exchange_rate_figures",
    "exchange_rates",
    "load_exchange_rates",
    "stale_rates",
)

MONTHLY_FIRST: Final = frozenset({"ARS", "EGP", "LBP", "NGN", "SYP", "TRY", "VES"})
#: How long after the end of the last period held a rate (or PPP factor) may still be used.
STALE_LIMIT_DAYS: Final = 365
FIRST_YEAR: Final = 2010
_WB_FX = "The World Bank: World Development Indicators (CC BY 4.0), PA.NUS.FCRF"
WB_PPP = "The World Bank: World Development Indicators (CC BY 4.0), PA.NUS.PRVT.PP"
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
            "retrieved": iso(self.citation.retrieved),
            "confidence": self.confidence,
        }


@cache
def _curated() -> dict[str, list[ReferenceFigure]]:
    out: dict[str, list[ReferenceFigure]] = {}
    for figure in figures():
        if figure.kind == FX_KIND and figure.amount is not None and not figure.is_alternative:
            out.setdefault(figure.currency, []).append(figure)
    for rows in out.values():
        rows.sort(key=effective)
    return out


def _curated_end(figure: ReferenceFigure) -> date:
    start = figure.effective_from
    if figure.period == "year":
        return date(start.year, 12, 31)
    if figure.period == "month":
        return month_end(start.year, start.month)
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
    rates, _, notes = annual_tables()
    monthly, package = monthly_table()
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
        month_end(year, month),
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
    factor = unit_factor(code, end, day)
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
    rates, _, _ = annual_tables()
    monthly, _ = monthly_table()
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
    return dict(_rates_on(as_day(on))[0])


def stale_rates(on: date | datetime | None = None) -> dict[str, str]:
    """Currencies whose latest bundled rate is more than a year old on ``on``, and why."""
    return dict(_rates_on(as_day(on))[1])


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
    return _exchange_rates(as_day(on), only)


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
    table = read_table(
        text,
        name,
        required=("currency", "rate"),
        allowed=("currency", "rate", "base", "as_of", "source"),
    )
    rates: dict[str, float] = {}
    shared: dict[str, str] = {}
    for line, row in table.records(strip=True):

        def bad(column: str, expected: str, row: dict[str, str] = row, line: int = line) -> str:
            return f"{name}, line {line}, column {column!r}: {row[column]!r} is not {expected}"

        try:
            code = check_code(row["currency"])
        except InvalidInputError:
            raise InvalidInputError(bad("currency", "an ISO 4217 code such as KES")) from None
        value = parse_positive(row["rate"], line=line, column="rate", where=name)
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
        as_of = parse_date(shared["as_of"], line=0, column="as_of", where=name)
    rates.pop(base, None)
    return ExchangeRates(rates, base=base, as_of=as_of, source=shared.get("source", name))
