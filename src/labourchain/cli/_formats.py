"""Other programs' files on the command line: ``--format`` and its options, ``labourchain formats``.

``labourchain wage`` reads its log with :func:`read_log` (the options of
:func:`format_options`); ``labourchain top-up`` reads batch files in
:mod:`labourchain.cli._requester`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from labourchain._json import dumps
from labourchain.errors import InvalidInputError
from labourchain.worklog import WorkLog

__all__ = ("format_options", "formats_command", "read_log")

F = TypeVar("F", bound=Callable[..., Any])

FORMAT_NAMES = ("labourchain", "toggl", "clockify", "mturk-batch", "prolific")


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


@click.command(name="formats")
@click.option(
    "--activity-map-template",
    is_flag=True,
    help="Print the default activity map for Toggl and Clockify exports, to save and edit.",
)
@click.option("--json", "as_json", is_flag=True, help="List the formats as JSON.")
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
