"""Command-line commands for simulation (issue #5): ``simulate`` and ``cases``.

Registered on the ``labourchain`` group in :mod:`labourchain.cli`:

    labourchain simulate SCENARIO.toml --workers 10000 --seed 1      # a population
    labourchain simulate eduardo --workers 1000 --reference "2 USD/hour" --json
    labourchain cases                                                 # the case studies
    labourchain cases maria --workers 2000                            # one case's report
    labourchain cases maria --toml > maria.toml                       # its scenario file

This module does not import :mod:`labourchain.cli` at import time (the CLI
imports it); errors go through ``labourchain.cli._friendly_errors`` when a
command runs: one line, exit status 2.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import click
import numpy as np

from labourchain import cases as _cases
from labourchain._json import dumps, money_value
from labourchain.errors import UnknownCaseError
from labourchain.simulate.population import PopulationResult, simulate_population
from labourchain.simulate.scenario import Scenario

__all__ = ("cases", "simulate")

F = TypeVar("F", bound=Callable[..., Any])


def _friendly(command: F) -> F:
    """``labourchain.cli._friendly_errors``, looked up when the command runs."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from labourchain.cli import _friendly_errors

        return _friendly_errors(command)(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def _hourly(text: str | None, option: str) -> Any:
    if text is None:
        return None
    from labourchain.cli import _parse_hourly

    return _parse_hourly(text, option)


def _scenario(source: str) -> tuple[Scenario, str]:
    """A scenario file, or the name of a shipped case."""
    path = Path(source)
    if path.exists():
        return Scenario.from_toml(path), str(path)
    if source in _cases.names():
        return _cases.load(source), f"case {source!r}"
    raise UnknownCaseError(
        f"{source!r} is neither a scenario file nor a shipped case ({', '.join(_cases.names())})"
    )


def _week(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return datetime.strptime(text, "%Y-%m-%d").date()
    except ValueError:
        raise click.BadParameter(
            f"{text!r} is not a date; write it like 2024-07-01", param_hint="--week"
        ) from None


def _minimum_wage(scen: Scenario, week: date) -> tuple[Any, dict[str, Any] | None, list[str]]:
    """The minimum wage where the scenario's worker lives, in force that week, in its currency.

    Returns the hourly figure in the scenario's currency (or ``None``), the figure and rates
    used (JSON-ready) and notes: why there is no comparison, a redenomination, a stale rate,
    a figure that may have been replaced, a platform closed by then.
    """
    from labourchain.errors import LabourchainError, MissingRateError
    from labourchain.platforms import get as preset
    from labourchain.platforms import platform_notes
    from labourchain.reference import (
        exchange_rate_figures,
        exchange_rates,
        reference_wage,
        stale_rates,
    )
    from labourchain.units import Q_

    notes: list[str] = []
    for spec in scen.platforms:
        if spec.preset is not None:
            notes += platform_notes(preset(spec.preset), week + timedelta(days=6))
    country = scen.worker.country
    if country is None:
        notes.append("no comparison: the scenario's worker has no country")
        return None, None, notes
    try:
        wage = reference_wage(country, on=week)
    except LabourchainError as exc:
        notes.append(f"no comparison with a minimum wage: {exc}")
        return None, None, notes
    figure: dict[str, Any] = wage.to_dict()
    notes += [n for n in (wage.note, wage.review) if n]
    hourly = wage.hourly
    if wage.currency != scen.currency:
        refused = stale_rates(on=week)
        try:
            for code in (wage.currency, scen.currency):
                if code in refused:
                    raise MissingRateError(refused[code])
            rates_used = exchange_rates(on=week, currencies={wage.currency, scen.currency})
            hourly = rates_used.convert(hourly, scen.currency)
        except LabourchainError as exc:
            notes.append(
                f"no comparison with the {wage}: {exc}. Pass --reference with an hourly "
                f"wage in {scen.currency}"
            )
            return None, figure, notes
        used = exchange_rate_figures(on=week)
        rates = [used[c] for c in sorted({wage.currency, scen.currency} - {"USD"}) if c in used]
        figure["exchange_rates"] = [r.to_dict() for r in rates]
        notes += [
            f"the {r.currency} rate is STALE by {r.stale_by_days} days ({r.describe()})"
            for r in rates
            if r.stale_by_days
        ]
    figure["hourly_in_scenario_currency"] = float(f"{hourly.magnitude:.10g}")
    return Q_(float(hourly.magnitude), f"{scen.currency}/hour"), figure, notes


def _payload(label: str, result: PopulationResult, reference: Any, seed: int) -> dict[str, Any]:
    summary = result.summary(reference)
    unpaid = {
        a.value: float(np.mean(v)) if len(result) else None
        for a, v in result.unpaid_by_activity().items()
    }
    return {
        "scenario": label,
        "name": result.scenario,
        "workers": len(result),
        "seed": seed,
        "week_of": result.week_of.isoformat(),
        "currency": result.currency,
        "units": {"money": result.currency, "time": "hour", "wages": f"{result.currency}/hour"},
        "summary": summary.to_dict(),
        "mean": {
            "earnings": money_value(float(np.mean(result.earnings)), result.currency)
            if len(result)
            else None,
            "paid_hours": float(np.mean(result.paid_hours)) if len(result) else None,
            "unpaid_hours": float(np.mean(result.unpaid_hours)) if len(result) else None,
            "unpaid_hours_by_activity": unpaid,
            "tasks": float(np.mean(result.tasks)) if len(result) else None,
            "night_share": float(np.mean(result.night_share)) if len(result) else None,
        },
        "task_shares": result.task_shares(),
    }


def _compared(
    label: str, result: PopulationResult, reference: Any, seed: int, scen: Scenario
) -> dict[str, Any]:
    """The payload, compared with ``reference`` or else the worker's minimum wage that week."""
    figure: dict[str, Any] | None = None
    notes: list[str] = []
    if reference is None:
        reference, figure, notes = _minimum_wage(scen, result.week_of)
    payload = _payload(label, result, reference, seed)
    payload["reference_wage"] = figure
    payload["notes"] = notes
    return payload


def _echo_text(payload: dict[str, Any]) -> None:
    s, m, cur = payload["summary"], payload["mean"], payload["currency"]
    click.echo(
        f"Scenario: {payload['scenario']} ({payload['name']}), week of {payload['week_of']}, "
        f"{payload['workers']:,} workers, seed {payload['seed']}"
    )
    if not payload["workers"]:
        return
    click.echo(
        f"  median effective hourly wage   {s['median_effective']:8.2f} {cur}/hour"
        f"{_se(s['se_median_effective'])}"
    )
    click.echo(
        f"  median paid-only hourly wage   {s['median_paid']:8.2f} {cur}/hour"
        f"{_se(s['se_median_paid'])}"
    )
    ses = s["se_quantiles"] or [None] * len(s["quantiles"])
    levels = ", ".join(
        f"{round(100 * p)}%: {q:.2f}{_se(e, short=True)}"
        for p, q, e in zip(s["probabilities"], s["quantiles"], ses, strict=True)
    )
    click.echo(f"  effective wage quantiles       {levels}")
    click.echo(
        f"  mean unpaid share of time      {100 * s['mean_unpaid_share']:7.1f}%"
        f"{_se(s['se_mean_unpaid_share'], percent=True)}"
    )
    figure = payload.get("reference_wage")
    if s["reference"] is not None:
        if figure is not None:
            rates = "; ".join(
                f"{r['per_base']:.6g} {r['currency']} per USD ({r['period']})"
                for r in figure.get("exchange_rates", [])
            )
            click.echo(
                f"  compared with the {figure['label']}"
                f" = {s['reference']:.2f} {cur}/hour" + (f" at {rates}" if rates else "")
            )
        click.echo(
            f"  below {s['reference']:.2f} {cur}/hour          "
            f"{100 * s['share_below']:7.1f}% of workers{_se(s['se_share_below'], percent=True)}"
        )
    click.echo("  (± one Monte Carlo standard error: what another seed would move)")
    click.echo(
        f"  mean week: earnings {m['earnings']:.2f} {cur}, paid {m['paid_hours']:.1f} h, "
        f"unpaid {m['unpaid_hours']:.1f} h, {m['tasks']:.0f} tasks, "
        f"{100 * m['night_share']:.0f}% of task work at night"
    )
    unpaid = ", ".join(f"{k} {v:.1f} h" for k, v in m["unpaid_hours_by_activity"].items() if v)
    click.echo(f"  unpaid time: {unpaid or 'none'}")
    for note in payload.get("notes", []):
        click.echo(f"  Note: {note}")


def _workers(workers: int | None, scenario: Scenario) -> int:
    """``--workers``, else the scenario's population, else 1000."""
    if workers is not None:
        return workers
    return scenario.population if scenario.population is not None else 1000


def _se(value: float | None, *, short: bool = False, percent: bool = False) -> str:
    """`` ± se`` (or nothing when unknown)."""
    if value is None or value != value:  # None or NaN
        return ""
    if percent:
        return f" ± {100 * value:.1f}%"
    return f" ±{value:.2f}" if short else f" ± {value:.2f}"


def _population_options(command: F) -> F:
    for option in reversed(
        [
            click.option(
                "--workers",
                "-n",
                default=None,
                type=click.IntRange(0),
                help="Workers to simulate [default: the scenario's population, else 1000].",
            ),
            click.option("--seed", default=1, show_default=True, type=click.IntRange(0)),
            click.option("--week", "week", default=None, help="Any date in the week (YYYY-MM-DD)."),
            click.option(
                "--reference",
                default=None,
                help="Hourly wage to compare with, e.g. '2 USD/hour' (scenario currency).",
            ),
            click.option("--json", "as_json", is_flag=True, help="Print JSON."),
        ]
    ):
        command = option(command)
    return command


@click.command(name="simulate")
@click.argument("scenario")
@_population_options
@click.option("--chunk-size", default=None, type=click.IntRange(1), help="Workers per chunk.")
@click.option("--backend", type=click.Choice(["numpy", "dask"]), default="numpy", show_default=True)
@_friendly
def simulate(
    scenario: str,
    workers: int | None,
    seed: int,
    week: str | None,
    reference: str | None,
    as_json: bool,
    chunk_size: int | None,
    backend: str,
) -> None:
    """Simulate a population of workers' weeks under SCENARIO (a TOML file or a case name)."""
    scen, label = _scenario(scenario)
    ref = _hourly(reference, "--reference")
    result = simulate_population(
        scen,
        _workers(workers, scen),
        seed=seed,
        week_of=_week(week),
        chunk_size=chunk_size,
        backend="dask" if backend == "dask" else "numpy",
    )
    payload = _compared(label, result, ref, seed, scen)
    if as_json:
        click.echo(dumps(payload))
    else:
        _echo_text(payload)


@click.command(name="cases")
@click.argument("name", required=False)
@_population_options
@click.option("--toml", "as_toml", is_flag=True, help="Print the case's scenario file.")
@_friendly
def cases(
    name: str | None,
    workers: int | None,
    seed: int,
    week: str | None,
    reference: str | None,
    as_json: bool,
    as_toml: bool,
) -> None:
    """List the case studies, or report case NAME (a simulated population of its worker)."""
    if name is None:
        listing = [{"name": n, "description": _cases.describe(n)} for n in _cases.names()]
        if as_json:
            click.echo(dumps(listing))
        else:
            width = max(len(item["name"]) for item in listing)
            for item in listing:
                click.echo(f"{item['name']:<{width}}  {item['description']}")
        return
    if as_toml:
        click.echo(_cases.text(name), nl=False)
        return
    scen = _cases.load(name)
    ref = _hourly(reference, "--reference")
    result = simulate_population(scen, _workers(workers, scen), seed=seed, week_of=_week(week))
    payload = _compared(f"case {name!r}", result, ref, seed, scen)
    payload["description"] = scen.description
    payload["sources"] = dict(scen.sources)
    if as_json:
        click.echo(dumps(payload))
    else:
        click.echo(scen.description)
        _echo_text(payload)
        click.echo(f"  sources: labourchain cases {name} --toml (the [sources] table)")
