"""A wage report with the figures it rests on and the notes a reader needs.

``labourchain wage`` and the web app's worker page and ``POST /api/wage`` print
the same report: the effective hourly wage of a log, beside a reference wage
(a country's minimum or living wage in force on the log's first day, or one
given), with every figure used (the reference wage, the exchange rates) and
every note (columns ignored, a fee assumed, a stale rate, a platform rule, a
low-confidence figure). :func:`sourced_report` assembles them, once for both.

The notes name the command line's options (``--rates FILE``): the web app says
the same, as it always has.

>>> from labourchain.worklog import WorkLog
>>> import datetime as dt
>>> log = WorkLog.from_records([
...     {"start": dt.datetime(2024, 3, 4, 9, tzinfo=dt.timezone.utc), "minutes": 60,
...      "activity": "paid", "reward": 3.0, "currency": "USD"}])
>>> run = sourced_report(log, country="us")
>>> run.report.effective_hourly, run.reference.country
(<Quantity(3.0, 'USD / hour')>, 'US')
>>> [f["role"] for f in run.figures]
['reference_wage']
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

import attrs

from labourchain import platforms
from labourchain._text import low_confidence_note
from labourchain.accounting import POLICIES, WageReport, wage_report
from labourchain.domain import Platform
from labourchain.errors import (
    CurrencyMismatchError,
    InvalidInputError,
    MissingRateError,
    NoStatutoryMinimumError,
)
from labourchain.reference import (
    check_redenomination,
    exchange_rate_figures,
    exchange_rates,
    resolve_reference,
    stale_rates,
)
from labourchain.units import ExchangeRates, currency_of
from labourchain.worklog import WorkLog

__all__ = (
    "EXAMPLE_LABEL",
    "EXAMPLE_LOG",
    "JSON_SCHEMA",
    "SourcedReport",
    "ignored_note",
    "sourced_report",
)

#: Names the shape of ``labourchain wage --json`` and ``POST /api/wage`` (docs/json.md);
#: changes only with a new version.
JSON_SCHEMA: Final = "labourchain.wage/1"
#: The bundled example log (``labourchain wage --example``, the worker page's example),
#: relative to the package, and how reports name it.
EXAMPLE_LOG: Final = "data/examples/remotasks-caracas-week.csv"
EXAMPLE_LABEL: Final = f"bundled example log ({EXAMPLE_LOG}; illustrative, not a real worker's)"


@attrs.frozen(kw_only=True)
class SourcedReport:
    """A wage report, the reference and rates it used, its figures and notes.

    Attributes:
        report: The wage report.
        currency: The currency asked for, or chosen (``choose_currency``), if any.
        reference: The reference it was compared with: a ``ReferenceWage``, an
            hourly quantity, or ``None``.
        rates: The exchange rates used (bundled or given), or ``None``.
        figures: Each figure used, as JSON-ready dicts (docs/json.md, ``figures``).
        notes: What the reader must know, in order.
    """

    report: WageReport
    currency: str | None
    reference: Any
    rates: ExchangeRates | None
    figures: list[dict[str, Any]]
    notes: list[str]

    def to_dict(self, label: str, *, version: str) -> dict[str, Any]:
        """The ``labourchain.wage/1`` JSON document of the log named ``label``."""
        return {
            "schema": JSON_SCHEMA,
            "labourchain_version": version,
            "log": label,
            **self.report.to_dict(),
            "figures": self.figures,
            "notes": self.notes,
        }


def ignored_note(log: WorkLog) -> str | None:
    """The report's note on columns kept but not used for accounting."""
    if not log.extra_columns:
        return None
    return f"columns kept but ignored for accounting: {', '.join(log.extra_columns)}"


def sourced_report(
    work: WorkLog,
    *,
    currency: str | None = None,
    platform: Platform | str | None = None,
    country: str | None = None,
    kind: str = "minimum",
    reference: Any = None,
    rates: ExchangeRates | None = None,
    policy: str = "ilo2018",
    notes: Sequence[str] = (),
    choose_currency: bool = False,
) -> SourcedReport:
    """The wage report of ``work`` with the figures and notes that go with it.

    Args:
        work: The log.
        currency: The currency to report in (default: the log's, if it has one).
        platform: A platform (or a preset's name) whose fees and rules apply.
        country: Compare with this country's ``kind`` wage in force on the log's first
            day (ISO 3166-1; two letters in any case). A country without one adds a note.
        kind: ``"minimum"`` or ``"living"``.
        reference: Else, an hourly wage to compare with.
        rates: Exchange rates to use; by default the bundled rates in force on the log's
            first day, where the currencies differ (each one's figure is listed, a stale
            one noted).
        policy: The name of an accounting policy (``ilo2018``, ``hara2018``,
            ``task-time-only``).
        notes: Notes of the caller's (e.g. a fee assumed), after the note on ignored
            columns.
        choose_currency: As the command line does: refuse a log in several currencies
            without ``currency``, and report a log without rewards in the reference's
            currency (else USD), with a note.

    Raises:
        InvalidInputError: for an unknown ``kind`` or ``policy``.
        CurrencyMismatchError: with ``choose_currency``, for a log in several currencies.
        MissingRateError: when a rate needed is missing (naming ``--rates``).
    """
    if kind not in ("minimum", "living"):
        raise InvalidInputError(f"reference kind must be 'minimum' or 'living', got {kind!r}")
    if policy not in POLICIES:
        raise InvalidInputError(
            f"unknown accounting policy {policy!r}: expected one of {', '.join(POLICIES)}"
        )
    if country and len(country.strip()) == 2:
        country = country.strip().upper()
    the_platform = platforms.get(platform) if isinstance(platform, str) else platform
    all_notes = [n for n in [ignored_note(work)] if n] + list(notes)
    figures: list[dict[str, Any]] = []
    ref: Any = None
    check_redenomination(work)
    if country:
        try:
            ref = resolve_reference(country, work, kind="living" if kind == "living" else "minimum")
        except NoStatutoryMinimumError as exc:
            all_notes.append(str(exc))
        else:
            figures.append(ref.to_dict())
            all_notes += [n for n in (ref.note, ref.review) if n]
    elif reference is not None:
        ref = reference
    if the_platform is not None and len(work):
        all_notes += platforms.platform_notes(the_platform, work.period[1].date())
    if choose_currency:
        currency = _choose_currency(work, currency, ref, all_notes)
    report_currency = currency or (work.currencies[0] if len(work.currencies) == 1 else None)
    bundled = False
    if rates is None and report_currency is not None and len(work):
        needed = set(work.currencies)
        if ref is not None:
            needed.add(currency_of(getattr(ref, "hourly", ref)))
        if needed - {report_currency}:
            rates, bundled = _bundled_rates(work, needed | {report_currency}, figures, all_notes)
    try:
        report = wage_report(
            work,
            currency=currency,
            platform=the_platform,
            reference=ref,
            rates=rates,
            policy=POLICIES[policy](),
        )
    except MissingRateError as exc:
        if not bundled:
            raise
        raise MissingRateError(
            f"{exc}. The bundled rates in force on the log's first day lack it: pass "
            "--rates FILE.csv with a rate for that day (see labourchain wage --help)"
        ) from None
    if rates is not None and not bundled:
        figures += [
            {
                "role": "exchange_rate",
                "currency": code,
                "per_base": value,
                "base": rates.base,
                "effective_from": None if rates.as_of is None else rates.as_of.isoformat(),
                "source": rates.source,
                "url": None,
                "retrieved": None,
                "confidence": None,
            }
            for code, value in sorted(rates.rates.items())
        ]
    all_notes += [low_confidence_note(f) for f in figures if f.get("confidence") == "low"]
    return SourcedReport(
        report=report,
        currency=currency,
        reference=ref,
        rates=rates,
        figures=figures,
        notes=all_notes,
    )


def _choose_currency(work: WorkLog, currency: str | None, ref: Any, notes: list[str]) -> str | None:
    """The command line's currency: one must be chosen for a log in several; none earned, any."""
    if currency is None and len(work.currencies) > 1:
        raise CurrencyMismatchError(
            f"the log has rewards in {', '.join(work.currencies)}: choose the currency to "
            "report in with --currency CODE (the others are converted at the bundled exchange "
            "rates in force on the log's first day, or at yours with --rates FILE.csv)"
        )
    if currency is None and not work.currencies:
        # Nothing was earned: zero is zero in any currency. Report in the reference's.
        currency = currency_of(getattr(ref, "hourly", ref)) if ref is not None else "USD"
        notes.append(
            f"the log has no rewards, so amounts are shown in {currency} "
            "(choose another with --currency CODE)"
        )
    return currency


def _bundled_rates(
    work: WorkLog, codes: set[str], figures: list[dict[str, Any]], notes: list[str]
) -> tuple[ExchangeRates, bool]:
    """The bundled rates in force on the log's first day; each figure used, stale ones noted."""
    day = work.period[0].date()
    rates = exchange_rates(on=day, currencies=codes)
    used = exchange_rate_figures(on=day)
    refused = stale_rates(on=day)
    for code in sorted(codes):
        row = used.get(code)
        if row is not None:
            figures.append(row.to_dict())
            if row.stale_by_days:
                notes.append(
                    f"the {code} rate is STALE by {row.stale_by_days} days: the latest "
                    f"held is for {row.period} ({row.citation.source}); pass --rates "
                    "FILE for a rate of the log's own period"
                )
        elif code in refused:
            notes.append(refused[code])
    return rates, True
