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

The package: :mod:`~labourchain.reference._tables` reads and validates the bundled dated
tables (through :mod:`labourchain._data`, the one reader of labourchain's CSV tables);
``_wages`` answers for minimum and living wages, ``_fx`` for exchange rates (and your own
rates file), ``_ppp`` for purchasing power parity, ``_redenominations`` for re-based
currencies.

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

from labourchain.reference._fx import FIRST_YEAR as FIRST_YEAR
from labourchain.reference._fx import (
    MONTHLY_FIRST,
    STALE_LIMIT_DAYS,
    RateFigure,
    exchange_rate_figures,
    exchange_rates,
    load_exchange_rates,
    stale_rates,
)
from labourchain.reference._ppp import PPPConverter, ppp_converter, ppp_figure
from labourchain.reference._redenominations import (
    REDENOMINATIONS,
    Redenomination,
    check_redenomination,
    redenominate,
    redenominations,
)
from labourchain.reference._tables import ReferenceFigure, figures
from labourchain.reference._tables import WageKind as WageKind
from labourchain.reference._wages import (
    ReferenceWage,
    alternatives,
    has_statutory_minimum,
    reference_wage,
    resolve_reference,
)

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
