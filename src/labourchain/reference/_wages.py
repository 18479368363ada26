"""Reference wages: the minimum or living wage of a country in force on a date, with its source."""

from __future__ import annotations

import itertools
import sys
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, TypeGuard, cast

import attrs

from labourchain._deprecated import keywords_after
from labourchain._json import figure
from labourchain._validate import check_country
from labourchain.domain import Citation
from labourchain.errors import InvalidInputError, MissingRateError, NoStatutoryMinimumError
from labourchain.reference._redenominations import changes_between, unit_factor
from labourchain.reference._tables import (
    WAGE_KINDS,
    ReferenceFigure,
    WageKind,
    as_day,
    country_name,
    effective,
    figures,
    iso,
    main_timeline,
    pick,
)
from labourchain.units import Q_, Quantity, currency_of

if TYPE_CHECKING:
    from labourchain.worklog import WorkLog

__all__ = (
    "ReferenceWage",
    "alternatives",
    "has_statutory_minimum",
    "reference_wage",
    "resolve_reference",
)


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
        return country_name(self.country)

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
            "hourly": figure(float(self.hourly.magnitude)),
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
            "last_checked": iso(self.last_checked),
            "may_be_replaced": self.review is not None,
            "review": self.review,
            "note": self.note,
            "label": str(self),
        }


def _check_kind(kind: object) -> str:
    if kind not in WAGE_KINDS:
        raise InvalidInputError(
            f"kind must be one of {', '.join(map(repr, WAGE_KINDS))}, got {kind!r}"
        )
    return WAGE_KINDS[str(kind)]


def _review(row: ReferenceFigure, until: date | None, on: date | None) -> str | None:
    """A warning when ``row`` may have been replaced by ``on`` (it is the latest figure held)."""
    if until is not None or on is None:
        return None
    dates = [f.effective_from for f in main_timeline(row.country, row.kind)]
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
        f"{country_name(row.country)} has revised this figure about every {usual // 30} "
        f"months; the latest held is from {row.effective_from.isoformat()}, last checked "
        f"{iso(checked) or 'never'}: a newer figure may be in force on {on.isoformat()}"
    )


def _wage(
    row: ReferenceFigure, kind: WageKind, until: date | None, on: date | None = None
) -> ReferenceWage:
    assert row.amount is not None
    assert row.hours_basis is not None
    amount = row.amount
    note = None
    if on is not None:
        factor = unit_factor(row.currency, row.effective_from, on)
        if factor != 1.0:
            changes = changes_between(row.currency, row.effective_from, on)
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


@keywords_after(2, "kind")
def reference_wage(
    country: str,
    on: date | datetime | None = None,
    *,
    kind: WageKind = "minimum",
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
    day = as_day(on)
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
        in_force = sorted((f for f in options if f.effective_from <= day), key=effective)
        if not in_force:
            known = "; ".join(f"{f.scope} (from {f.effective_from})" for f in alternatives(code))
            raise MissingRateError(
                f"no {what} alternative matching {alternative!r} for {country_name(code)} on "
                f"{day.isoformat()}; alternatives held: {known or 'none'}"
            )
        later = [
            f.effective_from for f in options if f.effective_from > in_force[-1].effective_from
        ]
        return _wage(in_force[-1], wage_kind, min(later) if later else None, day)
    row, until = pick(country, column, day, what)
    if row.status == "none":
        raise NoStatutoryMinimumError(
            f"{country_name(row.country)} ({row.country}) has no statutory {what} on "
            f"{day.isoformat()}: {row.scope} [{row.citation.source}]. There is no figure to "
            "compare with; pass your own reference (for example a collective-agreement rate)"
            + _alternatives_hint(row.country, column)
        )
    if row.status == "unverified":
        raise MissingRateError(
            f"the {what} of {country_name(row.country)} ({row.country}) in force on "
            f"{day.isoformat()} (from {row.effective_from.isoformat()}) could not be verified: "
            f"{row.scope}. Pass your own figure, or a date before "
            f"{row.effective_from.isoformat()}"
        )
    return _wage(row, wage_kind, until, day)


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
        key=effective,
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
    row, _ = pick(country, WAGE_KINDS["minimum"], as_day(on), "minimum wage")
    return row.status != "none"


@keywords_after(2, "kind")
def resolve_reference(
    country: str,
    log: WorkLog | tuple[datetime, datetime] | date | datetime,
    *,
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
    if _is_log(log):
        if not len(log):
            raise InvalidInputError(
                "an empty log has no date, so no reference wage in force: pass a date"
            )
        day = log.period[0].date()
    elif isinstance(log, tuple):
        day = as_day(log[0], "the log's period")
    else:
        day = as_day(cast("date | datetime | None", log), "the log's date")
    return reference_wage(country, on=day, kind=kind)


def _is_log(value: object) -> TypeGuard[WorkLog]:
    """Whether ``value`` is a :class:`~labourchain.worklog.WorkLog`.

    Without importing the log layer here: a log exists only once ``labourchain.worklog``
    is imported, so where it is not, ``value`` is no log.
    """
    worklog = sys.modules.get("labourchain.worklog")
    return worklog is not None and isinstance(value, worklog.WorkLog)
