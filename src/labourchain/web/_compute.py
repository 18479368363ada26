"""What the pages and the API compute, through labourchain's public API only.

Each function here takes plain values (bytes of an upload, strings from a form
or a query) and returns plain values; nothing touches the disk.
"""

from __future__ import annotations

import csv
import io
import math
import re
import threading
from collections.abc import Mapping, Sequence
from importlib import resources
from typing import Any, Final

import numpy as np

import labourchain as lc
import labourchain.formats
from labourchain import _parse
from labourchain._json import money_value
from labourchain._sourced import EXAMPLE_LABEL, EXAMPLE_LOG, JSON_SCHEMA, sourced_report
from labourchain.errors import (
    InvalidInputError,
    LabourchainError,
    LogFormatError,
)
from labourchain.units import currency_of

__all__ = (
    "EXAMPLE_LABEL",
    "EXAMPLE_LOG",
    "JSON_SCHEMA",
    "WageResult",
    "budget_payload",
    "example_log_bytes",
    "parse_hourly",
    "parse_time",
    "rate_payload",
    "read_log",
    "svg_pictures",
    "top_up_from_batch",
    "wage_result",
)


def example_log_bytes() -> bytes:
    """The bundled example log, as bytes."""
    return resources.files("labourchain").joinpath(EXAMPLE_LOG).read_bytes()


class _NamedText(io.StringIO):
    """Text in memory with a ``name``, so that errors say which upload they are about."""

    def __init__(self, text: str, name: str) -> None:
        super().__init__(text, newline="")
        self.name = name


def _text(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LogFormatError(
            f"the file is not UTF-8 text ({exc.reason} at byte {exc.start}); save it as UTF-8 CSV",
            source=name,
        ) from None


def _detect(text: str, name: str) -> str:
    """The format whose header the text has (labourchain's own CSV when in doubt)."""
    header = next(csv.reader(io.StringIO(text[:65536], newline="")), [])
    names = tuple(h.strip() for h in header)
    lowered = tuple(h.lower() for h in names)
    fits = [
        n
        for n in labourchain.formats.names()
        if labourchain.formats.get(n).matches(names)
        or (n == "labourchain" and labourchain.formats.get(n).matches(lowered))
    ]
    if len(fits) > 1:
        raise LogFormatError(
            f"the header fits several formats ({', '.join(fits)}): name one with format=",
            row=1,
            source=name,
        )
    return fits[0] if fits else "labourchain"


def read_log(
    data: bytes,
    name: str,
    fmt: str | None = None,
    *,
    tz: str | None = None,
    reward: str | None = None,
    date_format: str | None = None,
) -> lc.WorkLog:
    """A work log from the bytes of an upload, in memory, in any format labourchain reads.

    ``fmt`` is a format name as on the command line (``--format``); by default
    it is detected from the header. ``tz`` (Toggl, Clockify), ``reward``
    (Prolific) and ``date_format`` go to the formats that take them, with the
    command line's messages when one is missing or does not apply.
    """
    text = _text(data, name)
    chosen = labourchain.formats.get(fmt).name if fmt else _detect(text, name)
    if chosen == "labourchain":
        return lc.WorkLog.from_csv(_NamedText(text, name))
    takes = labourchain.formats.get(chosen).options
    options: dict[str, Any] = {}
    given = {
        "tz": ("tz", tz),
        "reward": ("reward", _money(reward, "reward") if reward else None),
        "date_format": ("date_format", date_format),
    }
    for key, (flag, value) in given.items():
        if value is None:
            continue
        if key in takes:
            options[key] = value
        elif key != "tz":  # tz also sets the timeline's zone
            raise InvalidInputError(f"{flag} does not apply to the {chosen} format")
    if "tz" in takes and tz is None:
        raise InvalidInputError(
            f"a {chosen} export's times have no UTC offset: give the worker's time zone "
            "with tz, e.g. tz=Africa/Nairobi"
        )
    if "reward" in takes and reward is None:
        raise InvalidInputError(
            "a Prolific export has no reward column: give the study's reward per submission "
            "with reward, e.g. reward=2.50 GBP"
        )
    return lc.WorkLog.read(_NamedText(text, name), chosen, **options)


def worker_logs(data: bytes, name: str, fmt: str | None = None, **options: Any) -> list[lc.WorkLog]:
    """The logs of one upload, one per worker: a batch file (MTurk, Prolific) holds many."""
    text = _text(data, name)
    chosen = labourchain.formats.get(fmt).name if fmt else _detect(text, name)
    if not labourchain.formats.get(chosen).batch:
        return [read_log(data, name, chosen, **options)]
    given = {"reward": _money(options["reward"], "reward")} if options.get("reward") else {}
    batch = labourchain.formats.read_batch(_NamedText(text, name), chosen, **given)
    workers = np.asarray(batch.workers)
    return [batch.log[workers == w] for w in sorted(set(batch.workers))]


def parse_hourly(text: str, where: str) -> Any:
    """An hourly wage typed in a form: ``'2.50 USD/hour'``, or ``'15 usd'`` (taken per hour).

    :func:`labourchain._parse.parse_hourly` with the form's leniency: any case,
    a bare amount per hour, zero allowed.
    """
    return _parse.parse_hourly(text, where, allow_zero=True, any_case=True, per_hour=True)


def parse_time(text: str, where: str) -> Any:
    """A time typed in a form: ``'5min'``, ``'90 s'``, ``'1.5 hour'`` (a plain number: minutes).

    :func:`labourchain._parse.parse_duration` with the form's leniency: any case,
    no one-week cap.
    """
    return _parse.parse_duration(
        text, where, any_case=True, maximum_minutes=math.inf, noun="a time"
    )


# ---------------------------------------------------------------------- wage


class WageResult:
    """A wage report with the ``labourchain.wage/1`` payload and the notes that went with it."""

    def __init__(
        self,
        log: lc.WorkLog,
        report: lc.WageReport,
        payload: dict[str, Any],
        notes: list[str],
        figures: list[dict[str, Any]],
    ) -> None:
        self.log = log
        self.report = report
        self.payload = payload
        self.notes = notes
        self.figures = figures


def wage_result(
    work: lc.WorkLog,
    label: str,
    *,
    country: str | None = None,
    currency: str | None = None,
    reference_kind: str = "minimum",
    platform: str | None = None,
    policy: str = "ilo2018",
) -> WageResult:
    """The report of a log and its JSON, exactly as ``labourchain wage --json`` builds them."""
    run = sourced_report(
        work,
        currency=currency.strip().upper() if currency else None,
        platform=platform or None,
        country=country,
        kind=reference_kind,
        policy=policy,
    )
    payload = run.to_dict(label, version=lc.__version__)
    return WageResult(work, run.report, payload, run.notes, run.figures)


# ---------------------------------------------------------------------- pictures

_PICTURE_LOCK: Final = threading.Lock()
_STYLE_ATTR: Final = re.compile(r'\sstyle="([^"]*)"')
_FONT: Final = re.compile(r"(?:(italic|oblique)\s+)?(?:(\d{3}|bold|normal)\s+)?([\d.]+px)\s+(.+)")
_NUMBER: Final = re.compile(r"(?<![#\w])(-?\d+\.\d{3,})")
_PRESENTATION: Final = frozenset(
    {
        "fill",
        "fill-opacity",
        "fill-rule",
        "stroke",
        "stroke-width",
        "stroke-opacity",
        "stroke-linejoin",
        "stroke-linecap",
        "stroke-dasharray",
        "stroke-dashoffset",
        "stroke-miterlimit",
        "opacity",
        "text-anchor",
        "clip-path",
        "font-family",
        "font-size",
        "font-weight",
        "font-style",
        "dominant-baseline",
    }
)


def _attrs_from_style(match: re.Match[str]) -> str:
    out: list[str] = []
    for declaration in match.group(1).split(";"):
        name, _, value = declaration.partition(":")
        name, value = name.strip(), value.strip().replace('"', "'")
        if not name or not value:
            continue
        if name == "font":
            font = _FONT.fullmatch(value)
            if font is None:
                continue
            style, weight, size, family = font.groups()
            if style:
                out.append(f'font-style="{style}"')
            if weight:
                out.append(f'font-weight="{weight}"')
            out.append(f'font-size="{size}"')
            out.append(f'font-family="{family}"')
        elif name in _PRESENTATION:
            out.append(f'{name}="{value}"')
    return (" " + " ".join(out)) if out else ""


def _inline_svg(svg: str) -> str:
    """Matplotlib's SVG made fit for a page with a strict Content-Security-Policy.

    Style attributes and ``<style>`` elements would be blocked (no
    ``'unsafe-inline'``): they become presentation attributes. Coordinates
    are cut to two decimals, which keeps the page small.
    """
    start = svg.find("<svg")
    svg = svg[start:]
    svg = re.sub(r"<style[^>]*>.*?</style>", "", svg, flags=re.S)
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.S)
    svg = _STYLE_ATTR.sub(_attrs_from_style, svg)
    svg = _NUMBER.sub(lambda m: f"{float(m.group(1)):.2f}", svg)
    svg = re.sub(r"\n\s*", "\n", svg)
    # a fluid picture: the page's CSS sets the width, the viewBox keeps the shape
    return re.sub(r'(<svg[^>]*?)\swidth="[^"]*"\s+height="[^"]*"', r"\1", svg, count=1)


def _svg(fig: Any) -> str:
    import matplotlib  # type: ignore[import-not-found, unused-ignore]

    buffer = io.StringIO()
    with _PICTURE_LOCK, matplotlib.rc_context({"svg.fonttype": "none"}):
        fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    return _inline_svg(buffer.getvalue())


def svg_pictures(result: WageResult, *, tz: str | None = None) -> dict[str, str]:
    """The waterfall and the week timeline as inline SVG (empty when they cannot be drawn).

    A picture that cannot be drawn (no paid time, an empty log, matplotlib
    missing) is left out; the figures on the page say everything the
    pictures do.
    """
    try:
        import labourchain.plot as plot
    except ImportError:  # pragma: no cover - plot ships with labourchain
        return {}
    out: dict[str, str] = {}
    try:
        with _PICTURE_LOCK:
            fig = plot.waterfall(result.report)
        out["waterfall"] = _svg(fig)
    except LabourchainError:
        pass
    try:
        with _PICTURE_LOCK:
            fig = plot.week_timeline(result.log, tz=tz)
        out["timeline"] = _svg(fig)
    except LabourchainError:
        pass
    return out


# ---------------------------------------------------------------------- organisation


def rate_payload(
    logs: Sequence[lc.WorkLog],
    *,
    currency: str | None = None,
    reference: str | None = None,
    platform: str | None = None,
    min_workers: int = 5,
) -> dict[str, Any]:
    """Client ratings from many workers' logs, as ``labourchain rate --json`` prints them."""
    pooled = lc.pool([(str(i), log) for i, log in enumerate(logs)])
    ratings = pooled.rate_clients(
        currency=currency or None,
        platform=lc.platforms.get(platform) if platform else None,
        reference=parse_hourly(reference, "reference") if reference else None,
        min_workers=min_workers,
    )
    payload: dict[str, Any] = ratings.to_dict()
    return payload


def ratings_csv(payload: Mapping[str, Any]) -> str:
    """The ratings as CSV, one client a row (no worker's own figures)."""
    levels: list[str] = []
    for client in payload["clients"]:
        levels = list(client["quantiles"])
        break
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    head = [
        "client",
        "currency",
        "workers",
        "rated_workers",
        "tasks",
        "paid",
        "rejected",
        "returned",
        "rejection_rate",
        "return_rate",
        "hours",
        "median_hourly",
        "pooled_hourly",
        "median_paid_hourly",
        "share_below_reference",
    ]
    writer.writerow(head + [f"q{level}_hourly" for level in levels])
    for client in payload["clients"]:
        row = ["" if client[k] is None else client[k] for k in head]
        row += [
            "" if client["quantiles"].get(level) is None else client["quantiles"][level]
            for level in levels
        ]
        writer.writerow([_csv_safe(v) for v in row])
    return buffer.getvalue()


def _csv_safe(value: object) -> object:
    """Text that a spreadsheet would run as a formula gets a leading quote."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


# ---------------------------------------------------------------------- requester


def budget_payload(
    *,
    median_time: str,
    floor: str,
    platform: str | None = None,
    assignments: int = 1,
    search: str = "0min",
    share: float = 0.5,
) -> dict[str, Any]:
    """A fair reward per task and the batch's cost, as ``labourchain budget --json`` prints them."""
    if assignments < 1:
        raise InvalidInputError(f"assignments must be at least 1, got {assignments}")
    task_time = parse_time(median_time, "median_time")
    floor_value = parse_hourly(floor, "floor")
    the_platform = lc.platforms.get(platform) if platform else None
    fair = lc.fair_reward(
        task_time,
        floor_value,
        share=share,
        overhead=lc.Overhead(search=parse_time(search, "search")),
        platform=the_platform,
    )
    cost = (
        lc.batch_cost(fair.reward, assignments=assignments, platform=the_platform)
        if the_platform is not None
        else None
    )
    return {"reward": fair.to_dict(), "budget": None if cost is None else cost.to_dict()}


def top_up_from_batch(
    data: bytes,
    name: str,
    *,
    floor: str,
    fmt: str | None = None,
    reward: str | None = None,
    platform: str | None = None,
    method: str = "fairwork",
    frozen: str = "",
) -> tuple[dict[str, Any], str]:
    """Top-ups for a batch results file, as ``labourchain top-up --json`` gives them, and the
    bonus file in the shape the platform takes.

    The file is an MTurk batch results file or a Prolific submissions export
    (detected from the header unless ``fmt`` names it); Prolific needs the
    study's ``reward``. ``method`` is ``"fairwork"`` (the Fair Work reference
    implementation, the default), ``"median"`` or ``"own"``.
    """
    floor_value = parse_hourly(floor, "floor")
    text = _text(data, name)
    chosen = labourchain.formats.get(fmt).name if fmt else _detect(text, name)
    batch_format = labourchain.formats.get(chosen)
    if not batch_format.batch:
        raise InvalidInputError(
            f"{name} is a {chosen} file: a top-up takes an MTurk batch results file or a "
            "Prolific submissions export"
        )
    if reward and "reward" not in batch_format.options:
        raise InvalidInputError(f"reward does not apply to the {chosen} format")
    if "reward" in batch_format.options and not reward:
        raise InvalidInputError(
            "a Prolific export has no reward column: give the study's reward per submission, "
            "e.g. 2.50 GBP"
        )
    if method not in ("fairwork", "median", "own"):
        raise InvalidInputError(
            f"unknown top-up method {method!r}: expected fairwork, median or own"
        )
    options = {"reward": _money(reward, "reward")} if reward else {}
    batch = labourchain.formats.read_batch(_NamedText(text, name), chosen, **options)
    the_platform = lc.platforms.get(platform or batch.platform)
    ids = [w.strip() for w in frozen.split(",") if w.strip()]
    top_ups = batch.top_up(floor_value, method=method, frozen=ids, platform=the_platform)
    if batch.reward is None:
        raise InvalidInputError(f"{name} mixes rewards: a top-up needs one reward per assignment")
    approved = int(batch.approved.sum())
    rewards = lc.batch_cost(batch.reward, assignments=max(approved, 1), platform=the_platform)
    bonus_cost = top_ups.client_cost if top_ups.client_cost is not None else top_ups.total
    reward_cost = rewards.total if approved else rewards.total * 0
    currency = currency_of(reward_cost)
    payload: dict[str, Any] = {
        "batch": name,
        "format": chosen,
        "assignments": len(batch),
        "approved": approved,
        "workers": len(set(batch.workers)),
        "frozen": ids,
        **top_ups.to_dict(),
        # rounded to the currency's minor unit, as `labourchain top-up --json` rounds them
        "rewards_cost": money_value(float(reward_cost.magnitude), currency),
        "bonuses_cost": money_value(float(bonus_cost.magnitude), currency),
        "batch_cost": money_value(float((reward_cost + bonus_cost).magnitude), currency),
    }
    bonus_text: str = batch.bonus_text(top_ups)
    return payload, bonus_text


def _money(text: str, where: str) -> Any:
    """An amount typed in a form, such as ``'0.50 USD'`` (any case)."""
    return _parse.parse_money(text, where, any_case=True)
