"""The ``labourchain`` command line.

    labourchain wage --example              # the report of a bundled example log
    labourchain wage my-log.csv --json      # your own log, as JSON

Errors in the input are reported in one line naming the file, line and
column, with exit status 2; ``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import click

from labourchain import platforms
from labourchain.errors import LabourchainError
from labourchain.units import Q_, currency_of, is_money
from labourchain.wage import AccountingPolicy, wage_report
from labourchain.worklog import WorkLog

__all__ = ("main",)

F = TypeVar("F", bound=Callable[..., Any])

EXAMPLE_LOG = "data/examples/remotasks-caracas-week.csv"
_POLICIES: dict[str, Callable[[], AccountingPolicy]] = {
    "ilo2018": AccountingPolicy.ilo2018,
    "hara2018": AccountingPolicy.hara2018,
    "task-time-only": AccountingPolicy.task_time_only,
}


def _friendly_errors(command: F) -> F:
    """Turn labourchain errors into one clear line and exit status 2 (unless --debug)."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        ctx = click.get_current_context()
        try:
            return command(*args, **kwargs)
        except (LabourchainError, OSError) as exc:
            if ctx.find_root().params.get("debug"):
                raise
            click.echo(f"labourchain: error: {exc}", err=True)
            ctx.exit(2)

    return wrapper  # type: ignore[return-value]


def _parse_hourly(text: str, option: str) -> Any:
    value: Any = None
    try:
        value = Q_(text)
    except Exception:
        value = None
    if value is None or not is_money(value):
        raise click.BadParameter(
            f"{text!r} is not an hourly wage; write it like '2.50 USD/hour'", param_hint=option
        )
    code = currency_of(value)
    try:
        return value.to(f"{code}/hour")
    except Exception:
        raise click.BadParameter(
            f"{text!r} is not an hourly wage; write it like '2.50 USD/hour'", param_hint=option
        ) from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="labourchain")
@click.option("--debug", is_flag=True, help="Show full tracebacks on errors.")
def main(debug: bool) -> None:
    """labourchain: what data workers really earn per hour, every minute counted."""


@main.command()
@click.argument("log", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--example", is_flag=True, help="Use the bundled example log (illustrative).")
@click.option("--currency", metavar="CODE", help="Report in this ISO 4217 currency.")
@click.option(
    "--platform",
    "platform_name",
    metavar="NAME",
    help="Apply this platform preset's published fees and payout rules (e.g. mturk).",
)
@click.option(
    "--reference",
    metavar="WAGE",
    help="Compare with this hourly wage, e.g. '1.20 USD/hour'.",
)
@click.option(
    "--policy",
    type=click.Choice(sorted(_POLICIES)),
    default="ilo2018",
    show_default=True,
    help="What counts as working time.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@_friendly_errors
def wage(
    log: Path | None,
    example: bool,
    currency: str | None,
    platform_name: str | None,
    reference: str | None,
    policy: str,
    as_json: bool,
) -> None:
    """Report the effective hourly wage of a work log (CSV)."""
    if example == (log is not None):
        raise click.UsageError("give a LOG.csv file or --example (one of the two)")
    if example:
        source = resources.files("labourchain").joinpath(EXAMPLE_LOG)
        with resources.as_file(source) as path:
            work = WorkLog.from_csv(path)
        label = f"bundled example log ({EXAMPLE_LOG}; illustrative, not a real worker's)"
    else:
        assert log is not None
        work = WorkLog.from_csv(log)
        label = str(log)
    platform = platforms.get(platform_name) if platform_name else None
    ref = _parse_hourly(reference, "--reference") if reference else None
    report = wage_report(
        work, currency=currency, platform=platform, reference=ref, policy=_POLICIES[policy]()
    )
    if as_json:
        payload = {"log": label, **report.to_dict()}
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        click.echo(f"Log: {label}")
        click.echo(report.to_text())


# ---------------------------------------------------------------------------
# Subcommands defined in other modules are registered here, one line each:
#     from labourchain.<module> import <command>  (at the top of this file)
#     main.add_command(<command>)
# ---------------------------------------------------------------------------


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
