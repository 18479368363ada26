"""The requester's and the organisation's commands: ``rate``, ``budget`` and ``top-up``.

Registered on the ``labourchain`` group in :mod:`labourchain.cli`:

    labourchain rate logs/*.csv --json           # rate clients from many workers' logs
    labourchain budget --median-time 5min --floor "15 USD/hour" --platform mturk --assignments 100
    labourchain top-up batch.csv --floor "15 USD/hour"   # bonuses up to a wage floor
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import click
import numpy as np

from labourchain import platforms
from labourchain._json import dumps, money_value
from labourchain._parse import parse_duration, parse_number
from labourchain._text import printable
from labourchain.accounting import ATTRIBUTION_RULES, POLICIES, pool
from labourchain.cli._common import (
    Date,
    Number,
    choice_option,
    file_option,
    number_option,
    platform_option,
    time_option,
    wage_option,
)
from labourchain.errors import CurrencyMismatchError, InvalidInputError
from labourchain.reference import load_exchange_rates
from labourchain.requester import Overhead, batch_cost, fair_reward
from labourchain.units import Q_, Quantity, currency_of
from labourchain.worklog import WorkLog

__all__ = ("budget", "rate", "top_up_command")

#: Largest batch ``budget --assignments`` accepts.
MAX_ASSIGNMENTS = 10_000_000
#: Most measured times ``budget --times`` accepts.
MAX_TIMES = 100_000

F = TypeVar("F", bound=Callable[..., Any])


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
            same = (
                "is given twice"
                if path.resolve() == seen[digest].resolve()
                else (f"holds the same log as {seen[digest]}")
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
@platform_option("Apply this platform preset's published fees (e.g. mturk).")
@wage_option("--reference", "Share of workers below this, e.g. '2 USD/hour'.", blank=True)
@choice_option(
    "--attribute",
    ATTRIBUTION_RULES,
    "paid_time",
    "How unpaid time with no client named (search, waiting) is shared out to clients.",
)
@choice_option("--policy", sorted(POLICIES), "ilo2018", "What counts as working time.")
@click.option(
    "--quantiles",
    default="0.1,0.25,0.5,0.75,0.9",
    show_default=True,
    help="Quantiles of the per-worker wages to report: 1 to 99 levels in [0, 1].",
)
@number_option(
    "--min-workers",
    Number(1, 1e9, integer=True),
    5,
    "Rate only clients logged by at least this many workers, so that a published "
    "rating never shows a few workers' figures.",
)
@file_option(
    "--rates",
    "rates_file",
    "FILE.csv",
    "Exchange rates (columns currency,rate[,base,as_of,source]) for logs in several "
    "currencies, with --currency.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the ratings as JSON.")
def rate(
    logs: tuple[Path, ...],
    currency: str | None,
    platform_name: str | None,
    reference: Quantity | None,
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
        reference=reference,
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
@time_option("--median-time", "The task's median time, e.g. '5min' (meets 50 %).", allow_zero=False)
@click.option(
    "--times",
    metavar="LIST",
    help="Measured times, comma-separated, e.g. '4.5min,5min,7min' (plain numbers: minutes).",
)
@wage_option(
    "--floor",
    "An hourly wage such as '15 USD/hour', or 'minimum' / 'living' (needs --country).",
    required=True,
    keywords=("minimum", "living"),
)
@click.option(
    "--country",
    "country_list",
    multiple=True,
    metavar="CODE[=SHARE]",
    help="Where workers live, with the share of workers there (repeat: --country KE=0.6).",
)
@click.option(
    "--on",
    "on",
    metavar="DATE",
    type=Date(iso=True),
    help="Date of the reference figures (YYYY-MM-DD).",
)
@click.option("--currency", metavar="CODE", help="The reward's currency (default: the floor's).")
@number_option(
    "--share",
    Number(0.0, 1.0, allow_minimum=False),
    0.5,
    "Share of workers to lift to the floor, in (0, 1].",
)
@time_option("--search", "Search per task.", default="0min")
@time_option("--qualification", "Unpaid tests, per worker.", default="0min")
@number_option(
    "--tasks-per-worker",
    Number(0.0, 1e6, allow_minimum=False),
    1.0,
    "Tasks each worker does (spreads --qualification), in (0, 1e6].",
)
@number_option("--return-rate", Number(0.0, 1.0), 0.0, "Share of attempts returned, in [0, 1).")
@number_option("--rejection-rate", Number(0.0, 1.0), 0.0, "Share of work rejected, in [0, 1).")
@platform_option("Platform preset for fees (e.g. mturk).")
@number_option(
    "--assignments",
    Number(1, MAX_ASSIGNMENTS, integer=True),
    1,
    f"Batch size, 1 to {MAX_ASSIGNMENTS:,}.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def budget(
    median_time: Quantity | None,
    times: str | None,
    floor: Any,
    country_list: tuple[str, ...],
    on: date | None,
    currency: str | None,
    share: float,
    search: Quantity,
    qualification: Quantity,
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
        task_time = median_time
    else:
        assert times is not None
        pieces = [t for t in times.split(",") if t.strip()]
        if not pieces or len(pieces) > MAX_TIMES:
            raise InvalidInputError(f"--times: give 1 to {MAX_TIMES:,} times, comma-separated")
        parts = [parse_duration(t, "--times", allow_zero=False) for t in pieces]
        task_time = Q_(np.array([p.to("minute").magnitude for p in parts]), "minute")
    countries = _countries(country_list) or None
    rates = None
    floor_value = floor
    if isinstance(floor_value, str):  # minimum or living
        if not countries:
            raise click.UsageError(f"--floor {floor_value} needs --country (where workers live)")
        if currency is None:
            raise click.UsageError(
                f"--floor {floor_value} needs --currency (the reward's currency)"
            )
        from labourchain.reference import exchange_rates

        rates = exchange_rates(on=on)
    overhead = Overhead(
        search=search,
        qualification=qualification,
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


# ---------------------------------------------------------------------- top-up


def _write_new(path: Path, text: str, force: bool) -> None:
    if path.exists() and not force:
        raise InvalidInputError(f"{path} exists: remove it, or pass --force to replace it")
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise InvalidInputError(f"no such directory for the bonus file: {directory}")
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@click.command(name="top-up")
@click.argument("batch_file", metavar="BATCH.csv", type=click.Path(dir_okay=False, path_type=Path))
@wage_option("--floor", "The hourly wage floor, e.g. '15 USD/hour'.", required=True)
@click.option(
    "--format",
    "batch_format",
    type=click.Choice(["mturk", "mturk-batch", "prolific"]),
    help="The batch file's format (detected from the header by default).",
)
@click.option(
    "--reward",
    "batch_reward",
    metavar="AMOUNT",
    help="Prolific: the study's reward per submission, e.g. '2.50 GBP'.",
)
@platform_option("Platform preset for fees (default: mturk or prolific, from the format).")
@choice_option(
    "--method",
    ["fairwork", "median", "own"],
    "fairwork",
    "fairwork: the Fair Work reference implementation (median over HITs of each HIT's "
    "median time); median: labourchain's pooled median; own: each worker's own times.",
)
@click.option(
    "--frozen",
    metavar="ID,ID",
    default="",
    help="Worker ids to leave out of the top-up (comma-separated).",
)
@file_option(
    "--out",
    "out_path",
    "BONUSES.csv",
    "Where to write the bonus file (default: BATCH-bonuses.csv beside the batch).",
)
@click.option("--force", is_flag=True, help="Replace the bonus file if it exists.")
@click.option("--json", "as_json", is_flag=True, help="Print the top-up as JSON.")
def top_up_command(
    batch_file: Path,
    floor: Quantity,
    batch_format: str | None,
    batch_reward: str | None,
    platform_name: str | None,
    method: str,
    frozen: str,
    out_path: Path | None,
    force: bool,
    as_json: bool,
) -> None:
    """Bonuses that lift a batch's approved work to a wage floor (Fair Work), and its cost.

    BATCH.csv is an MTurk batch results file or a Prolific submissions export.
    Prints each worker's bonus and what the batch costs, and writes the bonus
    file in the shape the platform takes (Prolific: its bulk bonus form's
    lines; MTurk: one row per worker with SendBonus's parameters).
    """
    from labourchain import formats

    floor_value = floor
    name = None if batch_format is None else formats.get(batch_format).name
    options = {"reward": batch_reward} if batch_reward is not None else {}
    fmt = formats.get(name) if name else formats.detect(batch_file)
    if not fmt.batch:
        raise InvalidInputError(
            f"{batch_file} is a {fmt.name} file: top-up takes an MTurk batch results file or "
            "a Prolific submissions export"
        )
    if batch_reward is not None and "reward" not in fmt.options:
        raise InvalidInputError(f"--reward does not apply to the {fmt.name} format")
    if "reward" in fmt.options and batch_reward is None:
        raise InvalidInputError(
            "a Prolific export has no reward column: give the study's reward per submission "
            "with --reward, e.g. --reward '2.50 GBP'"
        )
    batch = formats.read_batch(batch_file, fmt.name, **options)
    platform = platforms.get(platform_name or batch.platform)
    ids = [w.strip() for w in frozen.split(",") if w.strip()]
    top_ups = batch.top_up(floor_value, method=method, frozen=ids, platform=platform)
    assert batch.reward is not None
    approved = int(batch.approved.sum())
    rewards = batch_cost(batch.reward, assignments=max(approved, 1), platform=platform)
    code = batch.reward.units
    currency = currency_of(batch.reward)
    out = out_path or batch_file.with_name(f"{batch_file.stem}-bonuses.csv")
    text = batch.bonus_text(top_ups)
    bonus_cost = top_ups.client_cost if top_ups.client_cost is not None else top_ups.total
    reward_cost = rewards.total if approved else rewards.total * 0
    if as_json:
        payload = {
            "batch": str(batch_file),
            "format": fmt.name,
            "assignments": len(batch),
            "approved": approved,
            "workers": len(set(batch.workers)),
            "frozen": ids,
            **top_ups.to_dict(),
            "rewards_cost": money_value(float(reward_cost.magnitude), currency),
            "bonuses_cost": money_value(float(bonus_cost.magnitude), currency),
            "batch_cost": money_value(float((reward_cost + bonus_cost).magnitude), currency),
            "bonus_file": str(out),
        }
        _write_new(out, text, force)
        click.echo(dumps(payload))
        return
    _write_new(out, text, force)
    click.echo(
        f"Batch: {batch_file} ({fmt.name}: {len(batch)} assignments, {approved} approved, "
        f"{len(set(batch.workers))} workers)"
    )
    click.echo(
        f"Floor: {floor_value.magnitude:.2f} {code:~}/hour; method: {method}; "
        f"platform: {platform.name}"
    )
    rate = getattr(top_ups, "rate", None)
    if rate is not None:
        click.echo(
            f"Rate of the batch (Fair Work, to the cent): {rate.magnitude:.2f} {code:~}/hour"
        )
    if top_ups.task_time is not None:
        click.echo(f"Task time used: {top_ups.task_time.to('minute').magnitude:.2f} min")
    click.echo("Bonus per worker:")
    shown = {worker: printable(worker) for worker in top_ups.by_worker}
    width = max([6, *(len(w) for w in shown.values())]) + 2
    for worker, amount in top_ups.by_worker.items():
        click.echo(f"  {shown[worker]:<{width}}{amount.magnitude:>10.2f} {code:~}")
    click.echo(f"Bonuses: {top_ups.total.magnitude:.2f} {code:~}")
    click.echo(
        f"Batch cost: {(reward_cost + bonus_cost).magnitude:.2f} {code:~} "
        f"(rewards {reward_cost.magnitude:.2f} and bonuses {bonus_cost.magnitude:.2f}, "
        "platform fees included)"
    )
    click.echo(f"labourchain: bonus file written to {out}", err=True)
