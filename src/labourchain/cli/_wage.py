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
from labourchain._text import low_confidence_note, printable
from labourchain._validate import check_timezone
from labourchain.breakdown import ATTRIBUTION_RULES, BREAKDOWN_KEYS, DAY_RULES, breakdown
from labourchain.cli._common import HourlyWage, Outputs
from labourchain.cli._formats import format_options, ignored_note, read_log
from labourchain.domain import Platform
from labourchain.errors import (
    CurrencyMismatchError,
    MissingRateError,
    NoStatutoryMinimumError,
    UnpublishedRuleError,
)
from labourchain.platforms import platform_notes
from labourchain.reference import (
    check_redenomination,
    exchange_rate_figures,
    exchange_rates,
    load_exchange_rates,
    resolve_reference,
    stale_rates,
)
from labourchain.render import to_html, to_markdown
from labourchain.units import ExchangeRates, Quantity, currency_of
from labourchain.wage import POLICIES, wage_report
from labourchain.worklog import WorkLog

__all__ = ("EXAMPLE_LOG", "JSON_SCHEMA", "by_options", "echo_breakdown", "wage")

F = TypeVar("F", bound=Callable[..., Any])

EXAMPLE_LOG = "data/examples/remotasks-caracas-week.csv"
#: Names the shape of ``labourchain wage --json`` (docs/json.md); changes only with a new version.
JSON_SCHEMA = "labourchain.wage/1"


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


@click.command()
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
    "--country",
    metavar="CODE",
    help="Compare with this country's minimum wage (ISO 3166-1, e.g. KE), as in force on "
    "the log's first day.",
)
@click.option(
    "--reference-kind",
    type=click.Choice(["minimum", "living"]),
    default="minimum",
    show_default=True,
    help="With --country: the minimum wage or the living wage.",
)
@click.option(
    "--reference",
    metavar="WAGE",
    type=HourlyWage(blank=True),
    help="Compare with this hourly wage instead, e.g. '1.20 USD/hour'.",
)
@click.option(
    "--rates",
    "rates_file",
    metavar="FILE.csv",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Your own exchange rates (columns currency,rate[,base,as_of,source]); by default "
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
@click.option(
    "--policy",
    type=click.Choice(sorted(POLICIES)),
    default="ilo2018",
    show_default=True,
    help="What counts as working time.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON (docs/json.md).")
@click.option(
    "--plot",
    "plot_path",
    metavar="OUT.png",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Draw the waterfall from paid rate to effective wage (needs matplotlib).",
)
@click.option(
    "--timeline",
    "timeline_path",
    metavar="OUT.png",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Draw the log's first week in local time, with night and the clients' business "
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
@click.option(
    "--markdown",
    "markdown_path",
    metavar="OUT.md",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write a report for publication in Markdown.",
)
@click.option(
    "--html",
    "html_path",
    metavar="OUT.html",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write a report for publication as an HTML page.",
)
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
    if country and len(country.strip()) == 2:
        country = country.strip().upper()
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
        label = f"bundled example log ({EXAMPLE_LOG}; illustrative, not a real worker's)"
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
    notes: list[str] = [n for n in [ignored_note(work)] if n]
    platform = _platform_with_fee(platform_name, assumed_fees, notes)
    figures: list[dict[str, Any]] = []
    ref: Any = None
    check_redenomination(work)
    if country:
        try:
            ref = resolve_reference(
                country, work, kind="living" if reference_kind == "living" else "minimum"
            )
        except NoStatutoryMinimumError as exc:
            notes.append(str(exc))
        else:
            figures.append(ref.to_dict())
            notes += [n for n in (ref.note, ref.review) if n]
    elif reference is not None:
        ref = reference
    if platform is not None and len(work):
        notes += platform_notes(platform, work.period[1].date())
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
    report_currency = currency or (work.currencies[0] if len(work.currencies) == 1 else None)
    rates: ExchangeRates | None = None
    bundled = False
    if rates_file is not None:
        rates = load_exchange_rates(rates_file)
    elif report_currency is not None and len(work):
        needed = set(work.currencies)
        if ref is not None:
            needed.add(currency_of(getattr(ref, "hourly", ref)))
        if needed - {report_currency}:
            day = work.period[0].date()
            rates, bundled = exchange_rates(on=day, currencies=needed | {report_currency}), True
            used = exchange_rate_figures(on=day)
            refused = stale_rates(on=day)
            for code in sorted(needed | {report_currency}):
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
    try:
        report = wage_report(
            work,
            currency=currency,
            platform=platform,
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
    notes += [low_confidence_note(f) for f in figures if f.get("confidence") == "low"]
    if grouping.get("by"):  # one report per day, platform, client... (issue #8)
        policy_obj = POLICIES[policy]()
        echo_breakdown(
            work,
            label,
            as_json=as_json,
            currency=currency,
            platform=platform,
            reference=ref,
            rates=rates,
            policy=policy_obj,
            **grouping,
        )
        return
    try:
        _write_outputs(outputs, report, work, label, notes, tz, client_tz)
        if as_json:
            payload = {
                "schema": JSON_SCHEMA,
                "labourchain_version": _version(),
                "log": label,
                **report.to_dict(),
                "figures": figures,
                "notes": notes,
            }
            click.echo(dumps(payload))
        else:
            click.echo(f"Log: {label}")
            click.echo(report.to_text())
            for note in notes:
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
