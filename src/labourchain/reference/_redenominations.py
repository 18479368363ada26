"""Currencies re-based on a date (Venezuela's bolivar, the Syrian pound) and how amounts cross."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Final

import attrs

from labourchain._data import bundled_table, parse_date, parse_positive
from labourchain.errors import InvalidInputError
from labourchain.reference._tables import as_day
from labourchain.units import Quantity, check_code, currency_of

if TYPE_CHECKING:
    from labourchain.worklog import WorkLog

__all__ = (
    "REDENOMINATIONS",
    "Redenomination",
    "changes_between",
    "check_redenomination",
    "redenominate",
    "redenominations",
    "unit_factor",
)


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


_DATA: Final = "data/redenominations.csv"


def _read() -> tuple[Redenomination, ...]:
    """The rows of the bundled ``redenominations.csv``, validated as every bundled table is."""
    out = []
    for line, row in bundled_table(_DATA).records():
        factor = parse_positive(row["factor"], line=line, column="factor", where=_DATA)
        if factor is None:
            raise InvalidInputError(f"{_DATA}, line {line}, column 'factor': empty")
        out.append(
            Redenomination(
                currency=check_code(row["currency"]),
                on=parse_date(row["on"], line=line, column="on", where=_DATA),
                factor=factor,
                old=row["old"],
                new=row["new"],
                source=row["source"],
                url=row["url"] or None,
            )
        )
    return tuple(out)


#: The redenominations labourchain knows, oldest first (from ``data/redenominations.csv``).
REDENOMINATIONS: Final[tuple[Redenomination, ...]] = _read()


def redenominations(currency: str | None = None) -> tuple[Redenomination, ...]:
    """The redenominations labourchain knows, oldest first (of one currency if given).

    >>> [(r.currency, r.on.isoformat(), r.factor) for r in redenominations("SYP")]
    [('SYP', '2026-01-01', 100.0)]
    """
    return tuple(r for r in REDENOMINATIONS if currency is None or r.currency == currency)


def unit_factor(currency: str, written: date, on: date) -> float:
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


def changes_between(currency: str, start: date, end: date) -> list[Redenomination]:
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
    factor = unit_factor(code, as_day(written_on, "written_on"), as_day(on))
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
        for change in changes_between(code, first, last):
            raise InvalidInputError(
                f"the log has {code} amounts from {first.isoformat()} to {last.isoformat()}, "
                f"across {change.on.isoformat()}, when 1 {change.new} became "
                f"{change.factor:,.0f} {change.old}s ({change.source}): split the log at "
                f"{change.on.isoformat()}, or convert the older amounts with "
                "labourchain.reference.redenominate() first"
            )
