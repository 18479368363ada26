"""Command-line pieces for breakdowns, client ratings and requester budgets (issue #8).

Registered on the ``labourchain`` group in :mod:`labourchain.cli`:

    labourchain wage LOG.csv --by day            # one line per local day
    labourchain rate logs/*.csv --json           # rate clients from many workers' logs
    labourchain budget --median-time 5min --floor "15 USD/hour" --platform mturk --assignments 100

This module does not import :mod:`labourchain.cli` at import time (the CLI
imports it); errors go through ``labourchain.cli._friendly_errors`` when a
command runs: one line, exit status 2.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import click
import numpy as np

from labourchain import platforms
from labourchain._cli_support import Number
from labourchain._json import dumps
from labourchain._parse import parse_duration, parse_number
from labourchain._text import printable
from labourchain.breakdown import ATTRIBUTION_RULES, BREAKDOWN_KEYS, DAY_RULES, breakdown
from labourchain.errors import CurrencyMismatchError, InvalidInputError
from labourchain.pool import pool
from labourchain.reference import load_exchange_rates
from labourchain.requester import Overhead, batch_cost, fair_reward
from labourchain.units import Q_, Quantity, currency_of
from labourchain.wage import POLICIES
from labourchain.worklog import WorkLog

__all__ = ("budget", "by_options", "echo_breakdown", "rate")

#: Largest batch ``budget --assignments`` accepts.
MAX_ASSIGNMENTS = 10_000_000
#: Most measured times ``budget --times`` accepts.
MAX_TIMES = 100_000

F = TypeVar("F", bound=Callable[..., Any])


def _friendly(command: F) -> F:
    """``labourchain.cli._friendly_errors``, looked up when the command runs."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from labourchain.cli import _friendly_errors

        return _friendly_errors(command)(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def _hourly(text: str, option: str) -> Any:
    from labourchain.cli import _parse_hourly

    return _parse_hourly(text, option)


def by_options(command: F) -> F:
    """The ``--by``, ``--attribute`` and ``--day-rule`` options of ``labourchain wage``."""
    command = click.option(
        "--day-rule",
        type=click.Choice(DAY_RULES),
        default="start",
        show_default=True,
        help="With --by day/week: a span belongs to the day it starts on, or is split at midnight.",
    )(command)
    command = click.option(
        "--attribute",
        type=click.Choice(ATTRIBUTION_RULES),
        default="paid_time",
        show_default=True,
        help="With --by: how unpaid time with no group (search, waiting) is shared out.",
    )(command)
    return click.option(
        "--by",
        type=click.Choice(BREAKDOWN_KEYS),
        default=None,
        help="One report per local day, week, platform, client, kind or task, and the total.",
    )(command)


def echo_breakdown(
    work: WorkLog,
    label: str,
    *,
    by: str,
    attribute: str = "paid_time",
    day_rule: str = "start",
    as_json: bool = False,
    **report_options: Any,
) -> None:
    """Print the breakdown of ``work`` (text or JSON); ``report_options`` go to ``wage_report``."""
    grouped = breakdown(
        work,
        by=by,  # type: ignore[arg-type]
        attribute=attribute,  # type: ignore[arg-type]
        day_rule=day_rule,  # type: ignore[arg-type]
        **report_options,
    )
    if as_json:
        click.echo(dumps({"log": label, **grouped.to_dict()}))
    else:
        click.echo(f"Log: {printable(label)}")
        click.echo(grouped.to_text())


# ---------------------------------------------------------------------- rate


def _log_files(paths: tuple[Path, ...]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(path.glob("*.csv"))
            if not found:
                raise click.UsageError(f"{path} holds no .csv logs")
            files.extend(found)
        else:
            files.append(path)
    return files


def _read_logs(files: list[Path]) -> dict[str, WorkLog]:
    """Each file's log, keyed by its name; the same log given twice (by content) is refused."""
    read: dict[str, WorkLog] = {}
    seen: dict[str, Path] = {}
    for path in files:
        log = WorkLog.from_csv(path)  # errors name the file, the line and the column
        digest = hashlib.sha256(log.to_csv_text().encode("utf-8")).hexdigest()
        if digest in seen:
            same = "is given twice" if path.resolve() == seen[digest].resolve() else (
                f"holds the same log as {seen[digest]}"
            )
            raise InvalidInputError(
                f"{path} {same}: each worker's log must be counted once (a rating from a "
                "log counted twice gives that worker twice the weight)"
            )
        seen[digest] = path
        read[str(path)] = log
    return read


def _quantiles(text: str) -> tuple[float, ...]:
    """Quantile levels: a comma-separated list of numbers in [0, 1] (at most 99)."""
    parts = [q for q in text.split(",") if q.strip()]
    if not parts or len(parts) > 99:
        raise InvalidInputError(
            f"--quantiles {text[:64]!r}: give 1 to 99 levels in [0, 1], such as 0.25,0.5,0.75"
        )
    return tuple(parse_number(q, "--quantiles", minimum=0.0, maximum=1.0) for q in parts)


@click.command()
@click.argument("logs", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--currency", metavar="CODE", help="Rate in this ISO 4217 currency.")
@click.option(
    "--platform",
    "platform_name",
    metavar="NAME",
    help="Apply this platform preset's published fees (e.g. mturk).",
)
@click.option("--reference", metavar="WAGE", help="Share of workers below this, e.g. '2 USD/hour'.")
@click.option(
    "--attribute",
    type=click.Choice(ATTRIBUTION_RULES),
    default="paid_time",
    show_default=True,
    help="How unpaid time with no client named (search, waiting) is shared out to clients.",
)
@click.option(
    "--policy",
    type=click.Choice(sorted(POLICIES)),
    default="ilo2018",
    show_default=True,
    help="What counts as working time.",
)
@click.option(
    "--quantiles",
    default="0.1,0.25,0.5,0.75,0.9",
    show_default=True,
    help="Quantiles of the per-worker wages to report: 1 to 99 levels in [0, 1].",
)
@click.option(
    "--min-workers",
    type=Number(1, 1e9, integer=True),
    default=5,
    show_default=True,
    help="Rate only clients logged by at least this many workers, so that a published "
    "rating never shows a few workers' figures.",
)
@click.option(
    "--rates",
    "rates_file",
    metavar="FILE.csv",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Exchange rates (columns currency,rate[,base,as_of,source]) for logs in several "
    "currencies, with --currency.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the ratings as JSON.")
@_friendly
def rate(
    logs: tuple[Path, ...],
    currency: str | None,
    platform_name: str | None,
    reference: str | None,
    attribute: str,
    policy: str,
    quantiles: str,
    min_workers: int,
    rates_file: Path | None,
    as_json: bool,
) -> None:
    """Rate clients by the effective hourly wage their tasks paid, from many workers' logs.

    Each LOG is one worker's CSV log (a folder: every .csv in it, one worker
    each). Wages are computed per worker, then summarised per client; no file
    name or worker id appears in the output.
    """
    files = _log_files(logs)
    read = _read_logs(files)
    present = sorted({c for log in read.values() for c in log.currencies})
    if currency is None and len(present) > 1:
        raise CurrencyMismatchError(
            f"the logs have rewards in {', '.join(present)}: choose the currency to rate "
            "clients in with --currency CODE, and give exchange rates with --rates FILE.csv"
        )
    if currency is None and not present:
        raise InvalidInputError(
            "the logs have no rewards, so there is no pay to rate clients by "
            "(give --currency CODE to rate them at zero)"
        )
    # The file names are the worker ids: errors name the file; no id reaches the output.
    pooled = pool(read)
    ratings = pooled.rate_clients(
        currency=currency,
        rates=load_exchange_rates(rates_file) if rates_file is not None else None,
        platform=platforms.get(platform_name) if platform_name else None,
        reference=_hourly(reference, "--reference") if reference else None,
        attribute=attribute,  # type: ignore[arg-type]
        policy=POLICIES[policy](),
        quantiles=_quantiles(quantiles),
        min_workers=min_workers,
    )
    if as_json:
        click.echo(dumps(ratings.to_dict()))
    else:
        click.echo(ratings.to_text())


# ---------------------------------------------------------------------- budget


def _time(text: str, option: str, *, allow_zero: bool = True) -> Quantity:
    """A time typed on the command line: '5min', '90 s', '1.5 hour' (a plain number: minutes).

    At most one week; zero only where ``allow_zero``.
    """
    return parse_duration(text, option, allow_zero=allow_zero)


def _countries(values: tuple[str, ...]) -> dict[str, float]:
    out: dict[str, float] = {}
    for item in values:
        code, _, share = item.partition("=")
        out[code.strip().upper()] = (
            parse_number(share, f"--country {code.strip()}", minimum=0.0, maximum=1.0)
            if share
            else 1.0
        )
    return out


@click.command()
@click.option(
    "--median-time", metavar="TIME", help="The task's median time, e.g. '5min' (meets 50 %)."
)
@click.option(
    "--times",
    metavar="LIST",
    help="Measured times, comma-separated, e.g. '4.5min,5min,7min' (plain numbers: minutes).",
)
@click.option(
    "--floor",
    required=True,
    metavar="WAGE",
    help="An hourly wage such as '15 USD/hour', or 'minimum' / 'living' (needs --country).",
)
@click.option(
    "--country",
    "country_list",
    multiple=True,
    metavar="CODE[=SHARE]",
    help="Where workers live, with the share of workers there (repeat: --country KE=0.6).",
)
@click.option("--on", "on_date", metavar="DATE", help="Date of the reference figures (YYYY-MM-DD).")
@click.option("--currency", metavar="CODE", help="The reward's currency (default: the floor's).")
@click.option(
    "--share",
    type=Number(0.0, 1.0, allow_minimum=False),
    default=0.5,
    show_default=True,
    help="Share of workers to lift to the floor, in (0, 1].",
)
@click.option(
    "--search", metavar="TIME", default="0min", show_default=True, help="Search per task."
)
@click.option(
    "--qualification",
    metavar="TIME",
    default="0min",
    show_default=True,
    help="Unpaid tests, per worker.",
)
@click.option(
    "--tasks-per-worker",
    type=Number(0.0, 1e6, allow_minimum=False),
    default=1.0,
    show_default=True,
    help="Tasks each worker does (spreads --qualification), in (0, 1e6].",
)
@click.option(
    "--return-rate",
    type=Number(0.0, 1.0),
    default=0.0,
    show_default=True,
    help="Share of attempts returned, in [0, 1).",
)
@click.option(
    "--rejection-rate",
    type=Number(0.0, 1.0),
    default=0.0,
    show_default=True,
    help="Share of work rejected, in [0, 1).",
)
@click.option(
    "--platform", "platform_name", metavar="NAME", help="Platform preset for fees (e.g. mturk)."
)
@click.option(
    "--assignments",
    type=Number(1, MAX_ASSIGNMENTS, integer=True),
    default=1,
    show_default=True,
    help=f"Batch size, 1 to {MAX_ASSIGNMENTS:,}.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@_friendly
def budget(
    median_time: str | None,
    times: str | None,
    floor: str,
    country_list: tuple[str, ...],
    on_date: str | None,
    currency: str | None,
    share: float,
    search: str,
    qualification: str,
    tasks_per_worker: float,
    return_rate: float,
    rejection_rate: float,
    platform_name: str | None,
    assignments: int,
    as_json: bool,
) -> None:
    """A reward per task that meets a wage floor, and the batch's cost with platform fees."""
    if (median_time is None) == (times is None):
        raise click.UsageError("give --median-time or --times (one of the two)")
    if median_time is not None:
        task_time = _time(median_time, "--median-time", allow_zero=False)
    else:
        assert times is not None
        pieces = [t for t in times.split(",") if t.strip()]
        if not pieces or len(pieces) > MAX_TIMES:
            raise InvalidInputError(f"--times: give 1 to {MAX_TIMES:,} times, comma-separated")
        parts = [_time(t, "--times", allow_zero=False) for t in pieces]
        task_time = Q_(np.array([p.to("minute").magnitude for p in parts]), "minute")
    on = None
    if on_date is not None:
        try:
            on = date.fromisoformat(on_date)
        except ValueError:
            raise click.BadParameter(
                f"{on_date!r} is not a date (YYYY-MM-DD)", param_hint="--on"
            ) from None
    countries = _countries(country_list) or None
    rates = None
    floor_value: Any
    if floor.strip().lower() in ("minimum", "living"):
        floor_value = floor.strip().lower()
        if not countries:
            raise click.UsageError(f"--floor {floor_value} needs --country (where workers live)")
        if currency is None:
            raise click.UsageError(
                f"--floor {floor_value} needs --currency (the reward's currency)"
            )
        from labourchain.reference import exchange_rates

        rates = exchange_rates(on=on)
    else:
        floor_value = _hourly(floor, "--floor")
    overhead = Overhead(
        search=_time(search, "--search"),
        qualification=_time(qualification, "--qualification"),
        tasks_per_worker=tasks_per_worker,
        return_rate=return_rate,
        rejection_rate=rejection_rate,
    )
    platform = platforms.get(platform_name) if platform_name else None
    fair = fair_reward(
        task_time,
        floor_value,
        share=share,
        overhead=overhead,
        countries=countries,
        on=on,
        platform=platform,
        currency=currency,
        rates=rates,
    )
    cost = (
        batch_cost(fair.reward, assignments=assignments, platform=platform)
        if platform is not None
        else None
    )
    if as_json:
        payload = {"reward": fair.to_dict(), "budget": None if cost is None else cost.to_dict()}
        click.echo(dumps(payload))
        return
    if cost is not None:
        from labourchain.requester import BatchPlan

        click.echo(BatchPlan(fair=fair, cost=cost).to_text())
        return
    code = currency_of(fair.reward)
    click.echo(f"Reward per task: {fair.reward.magnitude:,.2f} {code} ({fair.describe_share()})")
    click.echo(
        f"  {assignments} assignment(s): {assignments * fair.reward.magnitude:,.2f} {code} in "
        "rewards; give --platform for the platform's fees"
    )
    for source in fair.sources:
        click.echo(f"  - {source}")
