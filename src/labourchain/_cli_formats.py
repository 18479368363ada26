"""Command-line pieces for other programs' files: ``--format`` and its options,
``labourchain formats`` and ``labourchain top-up``.

Kept apart from :mod:`labourchain.cli` (which imports it); errors go through
``labourchain.cli._friendly_errors`` when a command runs.
"""

from __future__ import annotations

import functools
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from labourchain._json import dumps, money_value
from labourchain._text import printable
from labourchain.errors import InvalidInputError
from labourchain.units import currency_of
from labourchain.worklog import WorkLog

__all__ = ("format_options", "formats_command", "read_log", "top_up_command")

F = TypeVar("F", bound=Callable[..., Any])

FORMAT_NAMES = ("labourchain", "toggl", "clockify", "mturk-batch", "prolific")


def _friendly(command: F) -> F:
    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from labourchain.cli import _friendly_errors

        return _friendly_errors(command)(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def format_options(command: F) -> F:
    """``--format``, ``--activity-map``, ``--date-format`` and ``--reward``."""
    for option in reversed(
        [
            click.option(
                "--format",
                "log_format",
                metavar="NAME",
                help="The file's format: labourchain (default), toggl, clockify, mturk-batch, "
                "prolific (labourchain formats lists them); detected from the header if "
                "only one fits.",
            ),
            click.option(
                "--activity-map",
                metavar="MAP.toml",
                type=click.Path(dir_okay=False, path_type=Path),
                help="Toggl/Clockify: which projects, tags or descriptions are which activity "
                "(labourchain formats --activity-map-template prints the default).",
            ),
            click.option(
                "--date-format",
                metavar="FMT",
                help="Toggl/Clockify: the export's date format when not YYYY-MM-DD, "
                "e.g. '%m/%d/%Y'.",
            ),
            click.option(
                "--reward",
                "batch_reward",
                metavar="AMOUNT",
                help="Prolific: the study's reward per submission, e.g. '2.50 GBP'.",
            ),
        ]
    ):
        command = option(command)
    return command


def read_log(
    path: Path,
    log_format: str | None,
    *,
    tz: str | None = None,
    activity_map: Path | None = None,
    date_format: str | None = None,
    batch_reward: str | None = None,
) -> WorkLog:
    """Read a log in the format named (or detected), with the options that apply to it."""
    from labourchain import formats

    fmt = formats.get(log_format) if log_format else formats.detect(path)
    options: dict[str, Any] = {}
    given = {
        "tz": ("--tz", tz),
        "activity_map": ("--activity-map", activity_map),
        "date_format": ("--date-format", date_format),
        "reward": ("--reward", batch_reward),
    }
    for key, (flag, value) in given.items():
        if value is None:
            continue
        if key in fmt.options:
            options[key] = value
        elif key != "tz":  # --tz also sets the timeline's zone
            raise InvalidInputError(f"{flag} does not apply to the {fmt.name} format")
    if "tz" in fmt.options and tz is None:
        raise InvalidInputError(
            f"a {fmt.name} export's times have no UTC offset: give the worker's time zone "
            "with --tz, e.g. --tz Africa/Nairobi"
        )
    if "reward" in fmt.options and batch_reward is None:
        raise InvalidInputError(
            "a Prolific export has no reward column: give the study's reward per submission "
            "with --reward, e.g. --reward '2.50 GBP'"
        )
    return formats.read(path, fmt.name, **options)


def ignored_note(log: WorkLog) -> str | None:
    """The report's note on columns kept but not used for accounting."""
    if not log.extra_columns:
        return None
    names = ", ".join(log.extra_columns)
    return f"columns kept but ignored for accounting: {names}"


@click.command(name="formats")
@click.option(
    "--activity-map-template",
    is_flag=True,
    help="Print the default activity map for Toggl and Clockify exports, to save and edit.",
)
@click.option("--json", "as_json", is_flag=True, help="List the formats as JSON.")
@_friendly
def formats_command(activity_map_template: bool, as_json: bool) -> None:
    """The file formats labourchain reads (wage --format NAME)."""
    from labourchain import formats

    if activity_map_template:
        click.echo(formats.ActivityMap.default_text(), nl=False)
        return
    if as_json:
        payload = [
            {
                "name": f.name,
                "description": f.description,
                "options": list(f.options),
                "batch": f.batch,
                "source": f.source,
            }
            for f in formats.FORMATS.values()
        ]
        click.echo(dumps(payload))
        return
    width = max(len(n) for n in formats.FORMATS) + 2
    for f in formats.FORMATS.values():
        click.echo(f"{f.name:<{width}}{f.description}")


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
@click.option(
    "--floor", required=True, metavar="WAGE", help="The hourly wage floor, e.g. '15 USD/hour'."
)
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
@click.option(
    "--platform",
    "platform_name",
    metavar="NAME",
    help="Platform preset for fees (default: mturk or prolific, from the format).",
)
@click.option(
    "--method",
    type=click.Choice(["fairwork", "median", "own"]),
    default="fairwork",
    show_default=True,
    help="fairwork: the Fair Work reference implementation (median over HITs of each HIT's "
    "median time); median: labourchain's pooled median; own: each worker's own times.",
)
@click.option(
    "--frozen",
    metavar="ID,ID",
    default="",
    help="Worker ids to leave out of the top-up (comma-separated).",
)
@click.option(
    "--out",
    "out_path",
    metavar="BONUSES.csv",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the bonus file (default: BATCH-bonuses.csv beside the batch).",
)
@click.option("--force", is_flag=True, help="Replace the bonus file if it exists.")
@click.option("--json", "as_json", is_flag=True, help="Print the top-up as JSON.")
@_friendly
def top_up_command(
    batch_file: Path,
    floor: str,
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
    from labourchain import formats, platforms
    from labourchain.cli import _parse_hourly
    from labourchain.requester import batch_cost

    floor_value = _parse_hourly(floor, "--floor")
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
