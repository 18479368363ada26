"""``labourchain wage``: the report of a work log, its breakdowns, pictures and documents.

    labourchain wage --example              # the report of a bundled example log
    labourchain wage my-log.csv --json      # your own log, as JSON
    labourchain wage my-log.csv --country KE --plot week.png --html report.html
    labourchain wage my-log.csv --by day    # one line per local day

Output files are checked before any work and written all or none
(:class:`labourchain.cli._common.Outputs`).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import attrs
import click

from labourchain import platforms
from labourchain._json import dumps
from labourchain._sourced import EXAMPLE_LABEL, EXAMPLE_LOG, JSON_SCHEMA, sourced_report
from labourchain._text import printable
from labourchain._validate import check_timezone
from labourchain.accounting import ATTRIBUTION_RULES, BREAKDOWN_KEYS, DAY_RULES, POLICIES, breakdown
from labourchain.cli._common import (
    Outputs,
    choice_option,
    file_option,
    platform_option,
    wage_option,
)
from labourchain.cli._formats import format_options, read_log
from labourchain.domain import Platform
from labourchain.errors import (
    UnpublishedRuleError,
)
from labourchain.reference import (
    load_exchange_rates,
)
from labourchain.render import to_html, to_markdown
from labourchain.units import Quantity
from labourchain.worklog import WorkLog

__all__ = ("EXAMPLE_LOG", "JSON_SCHEMA", "by_options", "echo_breakdown", "wage")

F = TypeVar("F", bound=Callable[..., Any])


def by_options(command: F) -> F:
    """The ``--by``, ``--attribute`` and ``--day-rule`` options of ``labourchain wage``."""
    command = choice_option(
        "--day-rule",
        DAY_RULES,
        "start",
        "With --by day/week: a span belongs to the day it starts on, or is split at midnight.",
    )(command)
    command = choice_option(
        "--attribute",
        ATTRIBUTION_RULES,
        "paid_time",
        "With --by: how unpaid time with no group (search, waiting) is shared out.",
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


@click.command()
@click.argument("log", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--example", is_flag=True, help="Use the bundled example log (illustrative).")
@click.option("--currency", metavar="CODE", help="Report in this ISO 4217 currency.")
@platform_option("Apply this platform preset's published fees and payout rules (e.g. mturk).")
@click.option(
    "--country",
    metavar="CODE",
    help="Compare with this country's minimum wage (ISO 3166-1, e.g. KE), as in force on "
    "the log's first day.",
)
@choice_option(
    "--reference-kind",
    ["minimum", "living"],
    "minimum",
    "With --country: the minimum wage or the living wage.",
)
@wage_option(
    "--reference", "Compare with this hourly wage instead, e.g. '1.20 USD/hour'.", blank=True
)
@file_option(
    "--rates",
    "rates_file",
    "FILE.csv",
    "Your own exchange rates (columns currency,rate[,base,as_of,source]); by default "
    "the bundled rates in force on the log's first day are used where needed.",
)
@click.option(
    "--assume-fee",
    "assumed_fees",
    metavar="PLATFORM=SHARE",
    multiple=True,
    help="With --platform: the worker fee to assume for a platform that has not published "
    "one, as a share of each reward (e.g. remotasks=0.1 for 10 %); the report says it is "
    "assumed.",
)
@choice_option("--policy", sorted(POLICIES), "ilo2018", "What counts as working time.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON (docs/json.md).")
@file_option(
    "--plot",
    "plot_path",
    "OUT.png",
    "Draw the waterfall from paid rate to effective wage (needs matplotlib).",
)
@file_option(
    "--timeline",
    "timeline_path",
    "OUT.png",
    "Draw the log's first week in local time, with night and the clients' business "
    "hours (see --client-tz).",
)
@click.option(
    "--tz",
    metavar="ZONE",
    help="The worker's IANA time zone: of a Toggl or Clockify export's times (required "
    "there), and for --timeline (default: the log's UTC offset).",
)
@click.option(
    "--client-tz",
    metavar="ZONE",
    default="America/New_York",
    show_default=True,
    help="The IANA time zone of the clients' business hours (09:00-18:00, Mon-Fri) "
    "drawn by --timeline.",
)
@file_option("--markdown", "markdown_path", "OUT.md", "Write a report for publication in Markdown.")
@file_option("--html", "html_path", "OUT.html", "Write a report for publication as an HTML page.")
@by_options
@format_options
def wage(
    log: Path | None,
    example: bool,
    currency: str | None,
    platform_name: str | None,
    country: str | None,
    reference_kind: str,
    reference: Quantity | None,
    rates_file: Path | None,
    assumed_fees: tuple[str, ...],
    policy: str,
    as_json: bool,
    plot_path: Path | None,
    markdown_path: Path | None,
    html_path: Path | None,
    timeline_path: Path | None,
    tz: str | None,
    client_tz: str,
    log_format: str | None,
    activity_map: Path | None,
    date_format: str | None,
    batch_reward: str | None,
    **grouping: Any,
) -> None:
    """Report the effective hourly wage of a work log (CSV).

    LOG is labourchain's CSV or another program's export (--format; labourchain
    formats lists them): a Toggl or Clockify export (with --tz), an MTurk batch
    results file or a Prolific submissions export (all its workers together).
    """
    if example == (log is not None):
        raise click.UsageError("give a LOG.csv file or --example (one of the two)")
    if country and reference is not None:
        raise click.UsageError("give --country or --reference, not both")
    if tz is not None:
        check_timezone(tz, "--tz")
    check_timezone(client_tz, "--client-tz")
    if grouping.get("by"):
        given = [
            name
            for name, value in (
                ("--plot", plot_path),
                ("--timeline", timeline_path),
                ("--markdown", markdown_path),
                ("--html", html_path),
            )
            if value is not None
        ]
        if given:
            raise click.UsageError(
                f"--by prints one report per group and draws no pictures or documents: "
                f"run without --by for {', '.join(given)}"
            )
    # Check every output file before any work, so that nothing is printed in vain.
    outputs = Outputs(inputs=[log] if log is not None else [])
    if plot_path is not None:
        plot_path = outputs.add("--plot", plot_path, picture=True)
    if timeline_path is not None:
        timeline_path = outputs.add("--timeline", timeline_path, picture=True)
    if markdown_path is not None:
        markdown_path = outputs.add("--markdown", markdown_path)
    if html_path is not None:
        html_path = outputs.add("--html", html_path)
    if plot_path is not None or timeline_path is not None:
        from labourchain.plot import require_matplotlib

        require_matplotlib()  # before any work, so that nothing is printed in vain
    if example:
        source = resources.files("labourchain").joinpath(EXAMPLE_LOG)
        with resources.as_file(source) as path:
            work = WorkLog.from_csv(path)
        label = EXAMPLE_LABEL
    else:
        assert log is not None
        work = read_log(
            log,
            log_format,
            tz=tz,
            activity_map=activity_map,
            date_format=date_format,
            batch_reward=batch_reward,
        )
        label = printable(str(log))
    notes: list[str] = []
    platform = _platform_with_fee(platform_name, assumed_fees, notes)
    run = sourced_report(
        work,
        currency=currency,
        platform=platform,
        country=country,
        kind=reference_kind,
        reference=reference,
        rates=load_exchange_rates(rates_file) if rates_file is not None else None,
        policy=policy,
        notes=notes,
        choose_currency=True,
    )
    if grouping.get("by"):  # one report per day, platform, client... (issue #8)
        echo_breakdown(
            work,
            label,
            as_json=as_json,
            currency=run.currency,
            platform=platform,
            reference=run.reference,
            rates=run.rates,
            policy=POLICIES[policy](),
            **grouping,
        )
        return
    try:
        _write_outputs(outputs, run.report, work, label, run.notes, tz, client_tz)
        if as_json:
            click.echo(dumps(run.to_dict(label, version=_version())))
        else:
            click.echo(f"Log: {label}")
            click.echo(run.report.to_text())
            for note in run.notes:
                click.echo(f"\nNote: {printable(note)}")
        for option, path in outputs.commit():
            what = _WRITTEN[option]
            click.echo(f"labourchain: {what} written to {printable(str(path))}", err=True)
    finally:
        outputs.discard()


_WRITTEN = {
    "--plot": "picture",
    "--timeline": "picture",
    "--markdown": "Markdown report",
    "--html": "HTML report",
}


def _write_outputs(
    outputs: Outputs,
    report: Any,
    work: WorkLog,
    label: str,
    notes: list[str],
    tz: str | None,
    client_tz: str,
) -> None:
    """Write the requested files to temporary files (renamed by ``outputs.commit``)."""
    if "--plot" in outputs:
        from labourchain.plot import waterfall

        waterfall(report, path=outputs.temporary("--plot"), subtitle=f"Log: {label}")
    if "--timeline" in outputs:
        from labourchain.plot import week_timeline

        week_timeline(work, tz=tz, client_tz=client_tz, path=outputs.temporary("--timeline"))
    if "--markdown" in outputs:
        outputs.write_text("--markdown", to_markdown(report, log_label=label, sources=notes))
    if "--html" in outputs:
        outputs.write_text("--html", to_html(report, log_label=label, sources=notes))


def _platform_with_fee(
    name: str | None, assumed_fees: tuple[str, ...], notes: list[str]
) -> Platform | None:
    """The ``--platform`` preset, with a worker fee from ``--assume-fee`` where it has none."""
    platform = platforms.get(name) if name else None
    assumed: dict[str, float] = {}
    for item in assumed_fees:
        key, sep, share_text = item.partition("=")
        try:
            share = float(share_text) if sep else math.nan
        except ValueError:
            share = math.nan
        if not (math.isfinite(share) and 0.0 <= share < 1.0):
            raise click.BadParameter(
                f"{item!r}: write PLATFORM=SHARE with a share from 0 to below 1, such as "
                "remotasks=0.1 for 10 %",
                param_hint="--assume-fee",
            )
        assumed[key.strip().lower()] = share
    if not assumed:
        if platform is not None and platform.worker_fee is None:
            raise UnpublishedRuleError(
                f"{platform.name} has not published a fee taken from workers' rewards, so "
                "labourchain will not assume one: leave out --platform (rewards then count as "
                f"credited in full), or state the fee you assume, e.g. --assume-fee {name}=0.1 "
                "for 10 %"
            )
        return platform
    if platform is None or name is None or set(assumed) != {name.strip().lower()}:
        raise click.BadParameter(
            f"assumes a fee for {', '.join(sorted(assumed))}, but the platform is "
            f"{'not given (use --platform NAME)' if name is None else repr(name)}",
            param_hint="--assume-fee",
        )
    if platform.worker_fee is not None:
        raise click.BadParameter(
            f"{platform.name} publishes its worker fee ({platform.worker_fee:.0%}): leave out "
            "--assume-fee",
            param_hint="--assume-fee",
        )
    share = assumed[name.strip().lower()]
    notes.append(
        f"{platform.name}'s worker fee is assumed, not published: {share:.1%} of each reward "
        "(--assume-fee)"
    )
    return attrs.evolve(platform, worker_fee=share)


def _version() -> str:
    from labourchain import __version__

    return __version__
