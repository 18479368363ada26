"""``labourchain reference``: a country's minimum (or living) wage on a date, with its source.

    labourchain reference KE --on 2025-01-01  # a minimum wage, with its source
    labourchain reference KE --currency USD --ppp --json

The figure is printed with its source, period of validity and confidence.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

import click

from labourchain._json import dumps, rate_value
from labourchain._json import figure as json_figure
from labourchain.cli._common import choice_option
from labourchain.errors import NoStatutoryMinimumError
from labourchain.reference import (
    exchange_rate_figures,
    exchange_rates,
    ppp_converter,
    reference_wage,
)

__all__ = ("reference_command",)


@click.command(name="reference")
@click.argument("country")
@click.option(
    "--on",
    "on",
    metavar="YYYY-MM-DD",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="The date the figure must be in force on (default: today).",
)
@choice_option("--kind", ["minimum", "living"], "minimum", "Statutory minimum wage or living wage.")
@click.option("--currency", metavar="CODE", help="Also show the hourly figure in this currency.")
@click.option(
    "--ppp",
    is_flag=True,
    help="Also show the hourly figure in international dollars (PPP, private consumption).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the figure as JSON.")
def reference_command(
    country: str, on: datetime | None, kind: str, currency: str | None, ppp: bool, as_json: bool
) -> None:
    """Show a country's minimum (or living) wage in force on a date, with its source."""
    day = on.date() if on is not None else date.today()
    code = country.strip().upper() if len(country.strip()) == 2 else country
    wage_kind: Literal["minimum", "living"] = "living" if kind == "living" else "minimum"
    try:
        figure = reference_wage(code, on=day, kind=wage_kind)
    except NoStatutoryMinimumError as exc:
        if as_json:
            none = {
                "country": code,
                "kind": kind,
                "on": day.isoformat(),
                "status": "none",
                "note": str(exc),
            }
            click.echo(dumps(none))
        else:
            click.echo(f"none: {exc}")
        return
    converted = None
    if currency and currency != figure.currency:
        rates = exchange_rates(on=day)
        converted = rates.convert(figure.hourly, currency)
    international = converter = None
    if ppp:
        converter = ppp_converter(on=day)
        international = converter.convert(figure.hourly, figure.country)
    if as_json:
        payload: dict[str, Any] = {"on": day.isoformat(), "status": "figure", **figure.to_dict()}
        if converted is not None:
            payload["converted"] = {
                "currency": currency,
                "hourly": rate_value(float(converted.magnitude), str(currency)),
                "rates": rates.describe(),
                "exchange_rates": [
                    f.to_dict()
                    for c, f in sorted(exchange_rate_figures(on=day).items())
                    if c in {figure.currency, str(currency)}
                ],
            }
        if international is not None and converter is not None:
            payload["ppp"] = {
                "hourly": json_figure(float(international.magnitude)),
                "unit": "international_dollar/hour",
                "factor": converter.factors[figure.country],
                "source": converter.describe(),
            }
        click.echo(dumps(payload))
        return
    hourly = figure.hourly.magnitude
    lines = [
        str(figure),
        f"  hourly        {hourly:,.2f} {figure.currency} an hour"
        + (
            ""
            if figure.period == "hour"
            else f" ({figure.amount.magnitude:,.2f} / {figure.hours_basis.magnitude:g} h)"
        ),
    ]
    if converted is not None:
        used = exchange_rate_figures(on=day)
        basis = "; ".join(
            f"{used[c].amount:g} {c} per USD, {used[c].period}, {used[c].citation.source}"
            for c in sorted({figure.currency, str(currency)} - {"USD"})
            if c in used
        )
        lines.append(f"                = {converted.magnitude:,.2f} {currency} an hour ({basis})")
    if international is not None and converter is not None:
        lines.append(
            f"                = {international.magnitude:,.2f} international $ an hour at PPP "
            f"({converter.factors[figure.country]:g} {figure.currency} per international $, "
            f"{converter.source})"
        )
    until = f"until {figure.until.isoformat()}" if figure.until else "(latest figure held)"
    lines += [
        f"  in force      from {figure.effective_from.isoformat()} {until}",
        f"  where         {figure.where}",
        f"  covers        {figure.scope}",
        f"  source        {figure.citation.source}",
        f"  url           {figure.citation.url or '-'}",
        f"  retrieved     {figure.citation.retrieved or '-'}",
        f"  confidence    {figure.confidence}",
    ]
    lines += [f"  note          {n}" for n in (figure.note, figure.review) if n]
    if converted is not None:
        lines += [
            f"  stale rate    {f.describe()}"
            for c in sorted({figure.currency, str(currency)} - {"USD"})
            if (f := used.get(c)) is not None and f.stale_by_days
        ]
    click.echo("\n".join(lines))
