"""Command-line commands for simulation (issue #5): ``simulate`` and ``cases``.

Registered on the ``labourchain`` group in :mod:`labourchain.cli`:

    labourchain simulate SCENARIO.toml --workers 10000 --seed 1      # a population
    labourchain simulate eduardo --workers 1000 --reference "2 USD/hour" --json
    labourchain cases                                                 # the case studies
    labourchain cases maria --workers 2000                            # one case's report
    labourchain cases maria --toml > maria.toml                       # its scenario file
"""

from __future__ import annotations

import math
import os
import warnings
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any, TypeVar

import click
import numpy as np

from labourchain import cases as _cases
from labourchain._json import dumps, money_value
from labourchain._json import figure as json_figure
from labourchain._parse import parse_hourly
from labourchain._text import plural
from labourchain.cli._common import Date, Number
from labourchain.errors import InvalidInputError, UnknownCaseError
from labourchain.simulate.population import (
    PopulationResult,
    PopulationTotals,
    estimate_population,
    simulate_population,
    simulate_population_summary,
)
from labourchain.simulate.scenario import Scenario
from labourchain.units import currency_of

__all__ = ("cases", "simulate")

F = TypeVar("F", bound=Callable[..., Any])


def _reference_in(scenario: Scenario, text: str | None) -> Any:
    """``--reference`` as an hourly wage, in the currency the scenario pays in.

    Read here rather than by a parameter type: the message names the text as typed,
    and a scenario that cannot be read is reported first.
    """
    if text is None:
        return None
    ref = parse_hourly(text, "--reference")
    if currency_of(ref) != scenario.currency:
        raise click.BadParameter(
            f"{text!r} is in {currency_of(ref)}, but the scenario pays in {scenario.currency}: "
            f"give the reference in {scenario.currency}, e.g. '2.00 {scenario.currency}/hour'",
            param_hint="--reference",
        )
    return ref


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
    figure["hourly_in_scenario_currency"] = json_figure(float(hourly.magnitude))
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
        "stream_version": result.stream_version,
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


def _totals_payload(
    label: str, totals: PopulationTotals, seed: int, stream_version: int
) -> dict[str, Any]:
    """The same keys as :func:`_payload`, from a summary-only run."""

    def mean(value: float) -> float | None:
        return None if math.isnan(value) else value

    means = {k: mean(v) for k, v in totals.means.items()}
    if means["earnings"] is not None:
        means["earnings"] = money_value(means["earnings"], totals.currency)
    return {
        "scenario": label,
        "name": totals.scenario,
        "workers": totals.workers,
        "seed": seed,
        "stream_version": stream_version,
        "week_of": totals.week_of.isoformat(),
        "currency": totals.currency,
        "units": {"money": totals.currency, "time": "hour", "wages": f"{totals.currency}/hour"},
        "summary_only": True,
        "summary": totals.summary.to_dict(),
        "mean": {
            "earnings": means["earnings"],
            "paid_hours": means["paid_hours"],
            "unpaid_hours": means["unpaid_hours"],
            "unpaid_hours_by_activity": {
                k: mean(v) for k, v in totals.unpaid_hours_by_activity.items()
            },
            "tasks": means["tasks"],
            "night_share": means["night_share"],
        },
        "task_shares": dict(totals.task_shares),
    }


#: Most workers ``simulate --workers`` accepts.
MAX_WORKERS = 10**12
#: Runs of this many workers or more are estimated (a pilot run) before they start.
ESTIMATE_FROM = 100_000
#: Share of the memory available a run may take.
MEMORY_SHARE = 0.8
#: Runs estimated to take longer than this are refused (seconds: one week).
MAX_SECONDS = 7 * 24 * 3600.0


def _available_memory() -> int | None:
    """Bytes of memory available to a new process (Linux: MemAvailable), if known."""
    try:
        with open("/proc/meminfo", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return int(os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE"))
    except (ValueError, OSError, AttributeError):
        return None


def _size(n: float) -> str:
    for unit in ("bytes", "KiB", "MiB", "GiB", "TiB", "PiB"):
        if n < 1024 or unit == "PiB":
            return f"{n:,.0f} {unit}" if unit == "bytes" else f"{n:,.1f} {unit}"
        n /= 1024
    raise AssertionError("unreachable")  # pragma: no cover


def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 90 * 60:
        return f"{seconds / 60:.0f} min"
    if seconds < 48 * 3600:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:,.1f} days"


def _check_size(scen: Scenario, workers: int, day: date | None, *, summary_only: bool) -> bool:
    """Estimate a large run; refuse what cannot fit. Returns whether to show progress."""
    if workers < ESTIMATE_FROM:
        return False
    estimate = estimate_population(scen, workers, week_of=day)
    available = _available_memory()
    memory = estimate.summary_memory_bytes if summary_only else estimate.memory_bytes
    what = f"simulating {workers:,} workers would take about {_duration(estimate.seconds)}"
    if not summary_only and available is not None and memory > MEMORY_SHARE * available:
        raise InvalidInputError(
            f"{what} and {_size(memory)} of memory for the per-worker results, more than "
            f"the {_size(available)} available: add --summary-only (keeps no per-worker "
            f"arrays: about {_size(estimate.summary_memory_bytes)}), or simulate fewer "
            "workers (a summary hardly changes beyond a million)"
        )
    if estimate.seconds > MAX_SECONDS:
        raise InvalidInputError(
            f"{what} (estimated from {estimate.pilot_workers:,} workers), more than a week: "
            "simulate fewer workers, or split the run into several with different --seed "
            "(--backend dask spreads a run over cores)"
        )
    if estimate.seconds > 10:
        click.echo(
            f"labourchain: {what} and {_size(memory)} of memory (estimated from "
            f"{estimate.pilot_workers:,} workers); Ctrl-C stops it",
            err=True,
        )
        return True
    return False


def _echo_text(payload: dict[str, Any]) -> None:
    s, m, cur = payload["summary"], payload["mean"], payload["currency"]
    click.echo(
        f"Scenario: {payload['scenario']} ({payload['name']}), week of {payload['week_of']}, "
        f"{plural(payload['workers'], 'worker')}, seed {payload['seed']}"
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
        if workers < 1:
            raise InvalidInputError(
                f"--workers {workers}: simulate at least 1 worker (e.g. --workers 1000)"
            )
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
                type=Number(0, MAX_WORKERS, integer=True),
                help="Workers to simulate, 0 to 10^12 [default: the scenario's population, "
                "else 1000]; runs that cannot fit in memory are refused with an estimate "
                "(see --summary-only).",
            ),
            click.option(
                "--seed",
                default=1,
                show_default=True,
                type=Number(0, 2**63 - 1, integer=True),
                help="Root seed, 0 to 2^63-1: the same seed gives the same workers.",
            ),
            click.option(
                "--week",
                "week",
                default=None,
                metavar="TEXT",
                type=Date(),
                help="Any date in the week (YYYY-MM-DD).",
            ),
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
@click.option(
    "--chunk-size",
    default=None,
    type=Number(1, 10_000_000, integer=True),
    help="Workers per chunk, 1 to 10^7 (results do not depend on it).",
)
@click.option("--backend", type=click.Choice(["numpy", "dask"]), default="numpy", show_default=True)
@click.option(
    "--stream-version",
    type=click.Choice(["1", "2"]),
    default="2",
    show_default=True,
    help="Layout of the workers' random streams: 2 sizes each block of draws to the "
    "worker's week; 1 reproduces results of labourchain 0.1 (deprecated, removed in 0.3).",
)
@click.option(
    "--summary-only",
    is_flag=True,
    help="Keep no per-worker arrays: memory stays that of one chunk whatever --workers "
    "(medians and quantiles within 0.1 %).",
)
def simulate(
    scenario: str,
    workers: int | None,
    seed: int,
    week: date | None,
    reference: str | None,
    as_json: bool,
    chunk_size: int | None,
    backend: str,
    stream_version: str,
    summary_only: bool,
) -> None:
    """Simulate a population of workers' weeks under SCENARIO (a TOML file or a case name).

    Before a large run (100,000 workers or more) labourchain estimates its time
    and memory from a short pilot run: it refuses a run that cannot fit in
    memory (naming --summary-only), and shows the estimate and a progress line
    on stderr for a long one.
    """
    scen, label = _scenario(scenario)
    ref = _reference_in(scen, reference)
    version = int(stream_version)
    if version == 1:  # said once on stderr, not as a Python warning
        click.echo(
            "note: --stream-version 1 is deprecated (removed in 0.3): it reproduces results "
            "of labourchain 0.1; version 2 draws the same model in blocks sized to each week",
            err=True,
        )
    if summary_only and backend == "dask":
        raise click.UsageError("--summary-only runs in this process: leave out --backend dask")
    workers = _workers(workers, scen)
    progress = _check_size(scen, workers, week, summary_only=summary_only)
    with warnings.catch_warnings():  # the note above said it
        warnings.filterwarnings("ignore", "stream_version=1", DeprecationWarning)
        if summary_only:
            start = week or scen.week_of
            figure: dict[str, Any] | None = None
            notes: list[str] = []
            if ref is None:
                ref, figure, notes = _minimum_wage(scen, start - timedelta(days=start.weekday()))
            totals = simulate_population_summary(
                scen,
                workers,
                seed=seed,
                week_of=week,
                reference=ref,
                chunk_size=chunk_size,
                progress=progress,
                stream_version=version,
            )
            payload = _totals_payload(label, totals, seed, version)
            payload["reference_wage"] = figure
            payload["notes"] = notes
        else:
            result = simulate_population(
                scen,
                workers,
                seed=seed,
                week_of=week,
                chunk_size=chunk_size,
                backend="dask" if backend == "dask" else "numpy",
                progress=progress,
                stream_version=version,
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
def cases(
    name: str | None,
    workers: int | None,
    seed: int,
    week: date | None,
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
    ref = _reference_in(scen, reference)
    workers = _workers(workers, scen)
    progress = _check_size(scen, workers, week, summary_only=False)
    result = simulate_population(scen, workers, seed=seed, week_of=week, progress=progress)
    payload = _compared(f"case {name!r}", result, ref, seed, scen)
    payload["description"] = scen.description
    payload["sources"] = dict(scen.sources)
    if as_json:
        click.echo(dumps(payload))
    else:
        click.echo(scen.description)
        _echo_text(payload)
        click.echo(f"  sources: labourchain cases {name} --toml (the [sources] table)")
