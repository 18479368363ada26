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
import zoneinfo
from collections.abc import Mapping, Sequence
from importlib import resources
from typing import Any, Final

import labourchain as lc
from labourchain.errors import (
    InvalidInputError,
    LabourchainError,
    LogFormatError,
    MissingRateError,
    NoStatutoryMinimumError,
    UnknownTimezoneError,
)

__all__ = (
    "EXAMPLE_LOG",
    "JSON_SCHEMA",
    "WageResult",
    "budget_payload",
    "check_timezone",
    "example_log_bytes",
    "parse_hourly",
    "parse_time",
    "rate_payload",
    "read_log",
    "svg_pictures",
    "top_up_from_batch",
    "wage_result",
)

#: The bundled example log, as ``labourchain wage --example`` reads it.
EXAMPLE_LOG: Final = "data/examples/remotasks-caracas-week.csv"
#: The schema of ``labourchain wage --json`` (docs/json.md).
JSON_SCHEMA: Final = "labourchain.wage/1"
POLICY_NAMES: Final = ("ilo2018", "hara2018", "task-time-only")


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


def read_log(data: bytes, name: str, fmt: str | None = None) -> lc.WorkLog:
    """A work log from the bytes of an upload, in memory.

    ``fmt`` is a format name as on the command line (``--format``); the
    labourchain CSV is read by default. Other formats go through
    ``WorkLog.read`` where this version of labourchain has it.
    """
    if fmt in (None, "", "labourchain", "csv"):
        return lc.WorkLog.from_csv(_NamedText(_text(data, name), name))
    reader = getattr(lc.WorkLog, "read", None)
    if reader is None:
        raise InvalidInputError(
            f"unknown log format {fmt!r}: this version of labourchain reads 'labourchain' "
            "(its own CSV) only"
        )
    try:
        log: lc.WorkLog = reader(io.BytesIO(data), format=fmt)
    except (TypeError, AttributeError):  # a reader that only takes paths
        log = reader(_NamedText(_text(data, name), name), format=fmt)
    return log


def check_timezone(name: str, where: str = "tz") -> str:
    """``name`` if it is an IANA time-zone name (the command line's message otherwise)."""
    if name and not name.startswith(("/", ".")):
        try:
            zoneinfo.ZoneInfo(name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError, IsADirectoryError, OSError):
            pass
        else:
            return name
    raise UnknownTimezoneError(
        f"unknown time zone {name!r} in {where}: expected an IANA time-zone name such as "
        "'Africa/Nairobi', 'Asia/Manila', 'America/New_York' or 'UTC' "
        "(zoneinfo.available_timezones() lists them)"
    )


_HOURLY_HINT: Final = "write it like '2.50 USD/hour'"


def parse_hourly(text: str, where: str) -> Any:
    """An hourly wage such as ``'2.50 USD/hour'`` (or ``'15 USD'``, taken per hour)."""
    cleaned = " ".join(text.split())
    match = re.fullmatch(r"([0-9]+(?:\.[0-9]+)?)\s*([A-Za-z]{3})(?:\s*/\s*(?:hour|h|hr))?", cleaned)
    if not match or len(cleaned) > 40:
        raise InvalidInputError(f"{text!r} in {where} is not an hourly wage; {_HOURLY_HINT}")
    amount, code = float(match.group(1)), match.group(2).upper()
    return lc.money(amount, code) / lc.Q_(1, "hour")


_TIME: Final = re.compile(
    r"([0-9]+(?:\.[0-9]+)?)\s*(s|sec|second|seconds|min|minute|minutes|h|hour|hours)?"
)
_TIME_UNITS: Final = {"s": "second", "sec": "second", "min": "minute", "h": "hour"}


def parse_time(text: str, where: str) -> Any:
    """A time such as ``'5min'``, ``'90 s'`` or ``'1.5 hour'`` (a plain number: minutes)."""
    match = _TIME.fullmatch(text.strip().lower())
    if not match or len(text) > 40:
        raise InvalidInputError(
            f"{text!r} in {where} is not a time; write it like '5min', '90 s' or '1.5 hour'"
        )
    unit = match.group(2) or "minute"
    unit = _TIME_UNITS.get(unit, unit.rstrip("s") if unit.endswith("s") else unit)
    return lc.Q_(float(match.group(1)), unit)


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


def _caveat(figure: Mapping[str, Any]) -> str:
    what = (
        f"the exchange rate for {figure['currency']} (from {figure['effective_from']})"
        if figure["role"] == "exchange_rate"
        else f"the {figure['label']}"
    )
    return (
        f"{what} has low confidence: not verified against its source, contested, or a "
        f"volatile rate ({figure['source']}); see docs/data-sources.md before quoting the result"
    )


def _rate_figure(row: Any) -> dict[str, Any]:
    return {
        "role": "exchange_rate",
        "currency": row.currency,
        "per_base": row.amount,
        "base": "USD",
        "effective_from": row.effective_from.isoformat(),
        "source": row.citation.source,
        "url": row.citation.url,
        "retrieved": None if row.citation.retrieved is None else row.citation.retrieved.isoformat(),
        "confidence": row.confidence,
    }


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
    if reference_kind not in ("minimum", "living"):
        raise InvalidInputError(
            f"reference kind must be 'minimum' or 'living', got {reference_kind!r}"
        )
    if policy not in POLICY_NAMES:
        raise InvalidInputError(
            f"unknown accounting policy {policy!r}: expected one of {', '.join(POLICY_NAMES)}"
        )
    if country and len(country.strip()) == 2:
        country = country.strip().upper()
    if currency:
        currency = currency.strip().upper()
    the_platform = lc.platforms.get(platform) if platform else None
    notes: list[str] = []
    figures: list[dict[str, Any]] = []
    ref: Any = None
    if country:
        try:
            ref = lc.reference.resolve_reference(
                country, work, kind="living" if reference_kind == "living" else "minimum"
            )
        except NoStatutoryMinimumError as exc:
            notes.append(str(exc))
        else:
            figures.append(ref.to_dict())
    report_currency = currency or (work.currencies[0] if len(work.currencies) == 1 else None)
    rates = None
    if report_currency is not None and len(work):
        needed = set(work.currencies)
        if ref is not None:
            needed.add(lc.currency_of(ref.hourly))
        if needed - {report_currency}:
            day = work.period[0].date()
            rates = lc.reference.exchange_rates(on=day)
            for code in sorted(needed | {report_currency}):
                row = lc.reference.exchange_rate_figures(on=day).get(code)
                if row is not None:
                    figures.append(_rate_figure(row))
    policy_obj = {
        "ilo2018": lc.AccountingPolicy.ilo2018,
        "hara2018": lc.AccountingPolicy.hara2018,
        "task-time-only": lc.AccountingPolicy.task_time_only,
    }[policy]()
    try:
        report = lc.wage_report(
            work,
            currency=currency or None,
            platform=the_platform,
            reference=ref,
            rates=rates,
            policy=policy_obj,
        )
    except MissingRateError as exc:
        if rates is None:
            raise
        raise MissingRateError(
            f"{exc}. The bundled rates in force on the log's first day lack it: pass "
            "--rates FILE.csv with a rate for that day (see labourchain wage --help)"
        ) from None
    notes += [_caveat(f) for f in figures if f.get("confidence") == "low"]
    payload = {
        "schema": JSON_SCHEMA,
        "labourchain_version": lc.__version__,
        "log": label,
        **report.to_dict(),
        "figures": figures,
        "notes": notes,
    }
    return WageResult(work, report, payload, notes, figures)


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


_WORKER: Final = ("WorkerId", "worker_id", "worker")
_SECONDS: Final = ("WorkTimeInSeconds", "work_time_seconds", "seconds")
_STATUS: Final = ("AssignmentStatus", "status")
_ASSIGNMENT: Final = ("AssignmentId", "assignment_id")


def _column(names: Sequence[str], options: Sequence[str]) -> str | None:
    for option in options:
        if option in names:
            return option
    return None


def top_up_from_batch(
    data: bytes, name: str, *, reward: str, floor: str, platform: str | None = None
) -> tuple[dict[str, Any], str]:
    """Fair Work top-ups for a batch results file (MTurk's columns), and the bonus file.

    The file needs a worker id (``WorkerId``) and a time in seconds
    (``WorkTimeInSeconds``) per assignment; with ``AssignmentStatus``, only
    approved (or submitted) assignments count. Returns the JSON of
    ``top_up_batch`` and a CSV with one bonus per worker (``WorkerId``,
    ``AssignmentId`` of their first assignment, ``BonusAmount``, ``Reason``).
    """
    text = _text(data, name)
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if not header:
        raise LogFormatError("the batch file is empty: expected a header row", source=name)
    names = [h.strip() for h in header]
    worker_col = _column(names, _WORKER)
    seconds_col = _column(names, _SECONDS)
    if worker_col is None or seconds_col is None:
        raise LogFormatError(
            "the batch file needs a WorkerId and a WorkTimeInSeconds column "
            f"(header: {', '.join(names[:20])})",
            row=1,
            source=name,
        )
    status_col = _column(names, _STATUS)
    assignment_col = _column(names, _ASSIGNMENT)
    workers: list[str] = []
    seconds: list[float] = []
    first_assignment: dict[str, str] = {}
    line = reader.line_num
    for fields in reader:
        row = line + 1
        line = reader.line_num
        if not fields or (len(fields) == 1 and not fields[0].strip()):
            continue
        if len(fields) != len(names):
            raise LogFormatError(
                f"has {len(fields)} fields but the header has {len(names)}", row=row, source=name
            )
        record = dict(zip(names, fields, strict=True))
        if status_col is not None and record[status_col].strip().lower() not in (
            "approved",
            "submitted",
        ):
            continue
        worker = record[worker_col].strip()
        if not worker:
            raise LogFormatError("empty worker id", row=row, column=worker_col, source=name)
        raw = record[seconds_col].strip()
        try:
            value = float(raw)
        except ValueError:
            value = float("nan")
        if not (value == value and 0 <= value < 1e9):  # NaN, negative, absurd
            raise LogFormatError(
                f"{raw!r} is not a time in seconds", row=row, column=seconds_col, source=name
            )
        workers.append(worker)
        seconds.append(value)
        if assignment_col is not None:
            first_assignment.setdefault(worker, record[assignment_col].strip())
    if not seconds:
        raise InvalidInputError(f"{name}: no approved or submitted assignment to top up")
    reward_q = _money(reward, "reward")
    floor_q = parse_hourly(floor, "floor")
    tops = lc.top_up_batch(
        reward_q,
        lc.Q_(seconds, "second"),
        floor_q,
        workers=workers,
        platform=lc.platforms.get(platform) if platform else None,
    )
    payload: dict[str, Any] = tops.to_dict()
    code = payload["currency"]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["WorkerId", "AssignmentId", "BonusAmount", "Currency", "Reason"])
    for worker, bonus in payload["by_worker"].items():
        if bonus <= 0:
            continue
        writer.writerow(
            [
                _csv_safe(worker),
                _csv_safe(first_assignment.get(worker, "")),
                f"{_cents_up(bonus):.2f}",
                code,
                "Top-up to the hourly wage floor (Fair Work method)",
            ]
        )
    return payload, buffer.getvalue()


def _cents_up(amount: float) -> float:
    """``amount`` rounded up to the cent, as Fair Work pays each worker's total bonus."""
    return math.ceil(round(amount * 100, 6)) / 100


def _money(text: str, where: str) -> Any:
    match = re.fullmatch(r"\s*([0-9]+(?:\.[0-9]+)?)\s*([A-Za-z]{3})\s*", text)
    if not match:
        raise InvalidInputError(f"{text!r} in {where} is not an amount; write it like '0.50 USD'")
    return lc.money(float(match.group(1)), match.group(2).upper())
