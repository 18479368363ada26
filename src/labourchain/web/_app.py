"""The ASGI application: three pages and a JSON API over labourchain's public API."""

from __future__ import annotations

import base64
import json
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from datetime import date
from importlib import resources
from typing import Annotated, Any, Final, TypeVar

import anyio
import attrs
import jinja2
from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel
from pydantic import Field as PydanticField
from starlette.exceptions import HTTPException as StarletteHTTPException

import labourchain as lc
import labourchain.formats
import labourchain.render
from labourchain._validate import check_timezone
from labourchain.errors import InvalidInputError, LabourchainError, LogFormatError
from labourchain.web import _compute as compute
from labourchain.web._i18n import LANGUAGES, Formatter, choose_language, translations
from labourchain.web._uploads import (
    Field,
    LimitError,
    count_rows,
    file_fields,
    parse_form,
    unzip_logs,
)

__all__ = ("Limits", "create_app")

logger = logging.getLogger("labourchain.web")

_T = TypeVar("_T")
#: A page's work on its submitted form: ``(fields, text fields) -> the template's context``.
FormHandler = Callable[[Sequence[Field], dict[str, str]], Awaitable[dict[str, Any]]]


def _at_least(minimum: float) -> Callable[[Any, attrs.Attribute[Any], Any], None]:
    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < minimum:
            raise InvalidInputError(f"{attribute.name} must be at least {minimum}, got {value!r}")

    return check


@attrs.frozen(kw_only=True)
class Limits:
    """What one request may ask of the server; every limit answers with a clear message.

    Attributes:
        max_upload_bytes: The largest request body (an upload), in bytes: 413 over it.
        max_rows: The most rows in one log (a zip's logs together): 413 over it.
        max_seconds: The longest a request may compute, in seconds: 503 after it.
        min_workers: Workers a client needs before the organisation's page publishes
            its rating (never below 3).
    """

    max_upload_bytes: int = attrs.field(default=20_000_000, validator=_at_least(1))
    max_rows: int = attrs.field(default=2_000_000, validator=_at_least(1))
    max_seconds: float = attrs.field(default=30.0, validator=_at_least(0.001))
    min_workers: int = attrs.field(default=5, validator=_at_least(3))


#: Published ratings never rest on fewer workers than this, whatever is asked.
MIN_WORKERS_FLOOR: Final = 3

CSP: Final = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS: Final = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


class ApiError(Exception):
    """An error answered as JSON (or as a page) with a 4xx status."""

    def __init__(self, message: str, status: int = 400, kind: str = "InvalidRequest") -> None:
        super().__init__(message)
        self.status = status
        self.kind = kind


def _error_body(exc: BaseException, status: int) -> dict[str, Any]:
    body: dict[str, Any] = {
        "error": str(exc),
        "type": getattr(exc, "kind", type(exc).__name__),
        "status": status,
    }
    if isinstance(exc, LogFormatError):
        body["line"] = exc.row
        body["column"] = exc.column
    return body


def _status(exc: BaseException) -> int:
    if isinstance(exc, (LimitError, ApiError)):
        return exc.status
    return 422


# ---------------------------------------------------------------------- templates


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("labourchain.web", "templates"),
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


_ENVIRONMENTS: dict[str, jinja2.Environment] = {}


def _env(language: str) -> jinja2.Environment:
    env = _ENVIRONMENTS.get(language)
    if env is None:
        env = _environment()
        env.install_gettext_translations(translations(language), newstyle=True)  # type: ignore[attr-defined]
        _ENVIRONMENTS[language] = env
    return env


def _data_uri(text: str, mime: str) -> str:
    return f"data:{mime};charset=utf-8;base64," + base64.b64encode(text.encode()).decode()


def _countries() -> list[str]:
    return sorted({f.country for f in lc.reference.figures() if f.kind == "minimum_wage"})


# ---------------------------------------------------------------------- the app


def create_app(limits: Limits | None = None) -> FastAPI:
    """The labourchain web application (worker, organisation and requester pages; JSON API).

    Args:
        limits: Upload size, rows, processing time and minimum workers per rating.

    Nothing is written to disk: uploads are read into memory, processed and
    dropped; the log records only method, path, status and duration.
    """
    limits = limits or Limits()
    app = FastAPI(
        title="labourchain",
        version=lc.__version__,
        summary="Effective hourly wages of data workers, every unpaid minute counted.",
        description=(
            "Logs are processed in memory and dropped; nothing is stored or logged beyond "
            "method, path, status and duration. Errors are JSON with a 4xx status: "
            '`{"error": message, "type": ..., "status": ..., "line": ..., "column": ...}`.'
        ),
        docs_url=None,  # Swagger and ReDoc load scripts from CDNs: the description is enough
        redoc_url=None,
    )
    app.state.limits = limits
    static = resources.files("labourchain.web").joinpath("static")
    stylesheet = static.joinpath("app.css").read_bytes()

    @app.middleware("http")
    async def privacy_and_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        started = time.perf_counter()
        length = request.headers.get("content-length")
        response: Response
        try:
            size = int(length) if length is not None else 0
        except ValueError:
            size = -1
        try:
            if size < 0:
                raise ApiError("Content-Length is not a number", 400)
            if size > limits.max_upload_bytes:
                raise LimitError(_too_big(limits))
        except ApiError as exc:
            response = _json_error(exc)
        except LimitError as exc:
            response = (
                _json_error(exc)
                if request.url.path.startswith("/api/")
                else _page_error(request, exc)
            )
        else:
            try:
                response = await call_next(request)
            except Exception as exc:  # never a traceback to the client or the log
                logger.error(
                    "%s %s: unexpected %s", request.method, request.url.path, type(exc).__name__
                )
                response = _json_error(
                    ApiError("internal error (nothing was kept)", 500, "InternalError")
                )
        for key, value in SECURITY_HEADERS.items():
            response.headers.setdefault(key, value)
        logger.info(
            "%s %s %d %.1fms",
            request.method,
            request.url.path,
            response.status_code,
            1000 * (time.perf_counter() - started),
        )
        return response

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ()) if p not in ('body', 'query'))}: "
            f"{e.get('msg', 'invalid')}"
            for e in exc.errors()
        )
        return _json_error(ApiError(problems or "invalid request", 422, "InvalidInputError"))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return _json_error(ApiError(str(exc.detail), exc.status_code, "HTTPError"))

    async def body_of(request: Request) -> bytes:
        chunks: list[bytes] = []
        size = 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > limits.max_upload_bytes:
                raise LimitError(_too_big(limits))
            chunks.append(chunk)
        return b"".join(chunks)

    async def run(function: Callable[[], _T]) -> _T:
        try:
            with anyio.fail_after(limits.max_seconds):
                return await anyio.to_thread.run_sync(function, abandon_on_cancel=True)
        except TimeoutError:
            raise LimitError(
                f"the request took longer than this server's limit of {limits.max_seconds:g} s "
                "and was stopped (send a shorter log, or ask whoever runs the server to raise "
                "--max-seconds)",
                status=503,
            ) from None

    def read_logs(
        uploads: Sequence[tuple[str, bytes]], fmt: str | None, tz: str | None = None
    ) -> list[lc.WorkLog]:
        logs: list[lc.WorkLog] = []
        rows = 0
        for name, data in uploads:
            count_rows(data, name, limits.max_rows - rows)
            rows += max(0, data.count(b"\n") - 1)
            logs += compute.worker_logs(data, name, fmt, tz=tz)
        return logs

    def expand(fields: Sequence[Field], name: str) -> list[tuple[str, bytes]]:
        out: list[tuple[str, bytes]] = []
        for f in file_fields(fields, name):
            label = _label(f.filename)
            if f.data[:4] == b"PK\x03\x04" or label.lower().endswith(".zip"):
                out += unzip_logs(f.data, label, max_bytes=limits.max_upload_bytes * 5)
            else:
                out.append((label, f.data))
        return out

    # ------------------------------------------------------------------ pages

    def render(
        request: Request, template: str, language: str, status: int = 200, **context: Any
    ) -> HTMLResponse:
        fmt = Formatter(language)
        context.setdefault("error", None)
        page = (
            _env(language)
            .get_template(template)
            .render(
                lang=language,
                languages=LANGUAGES,
                path=request.url.path,
                f=fmt,
                limits=limits,
                countries=_countries(),
                platforms=lc.platforms.names(),
                formats=labourchain.formats.names(),
                version=lc.__version__,
                **context,
            )
        )
        return HTMLResponse(
            page,
            status_code=status,
            headers={"Content-Language": language, "Vary": "Accept-Language"},
        )

    def language_of(request: Request, fields: Sequence[Field] = ()) -> str:
        asked = request.query_params.get("lang")
        for f in fields:
            if f.name == "lang" and f.filename is None:
                asked = f.text
        return choose_language(asked, request.headers.get("accept-language"))

    def error_page(
        request: Request, template: str, language: str, exc: BaseException, form: dict[str, str]
    ) -> HTMLResponse:
        status = _status(exc)
        return render(
            request, template, language, status=status, error=_error_body(exc, status), form=form
        )

    def _page_error(request: Request, exc: BaseException) -> HTMLResponse:
        template = {"/organisation": "organisation.html", "/requester": "requester.html"}.get(
            request.url.path.rstrip("/") or "/", "worker.html"
        )
        return error_page(request, template, language_of(request), exc, {})

    async def form_page(request: Request, template: str, handle: FormHandler) -> HTMLResponse:
        """A page's answer to its form: ``handle(fields, form)`` gives the template's context.

        The form's text fields (trimmed, at most 100 characters each) are shown again on
        the page; a labourchain error or a bad request is shown on the page, with its status.
        """
        language = language_of(request)
        form: dict[str, str] = {}
        try:
            body = await body_of(request)
            fields = parse_form(body, request.headers.get("content-type", ""))
            language = language_of(request, fields)
            form = {f.name: f.text.strip()[:100] for f in fields if f.filename is None}
            context = await handle(fields, form)
        except (LabourchainError, ApiError) as exc:
            return error_page(request, template, language, exc, form)
        return render(request, template, language, form=form, **context)

    @app.get("/static/app.css", include_in_schema=False)
    async def css() -> Response:
        return Response(
            stylesheet, media_type="text/css", headers={"Cache-Control": "public, max-age=3600"}
        )

    def add_page(path: str, template: str, handle: FormHandler) -> None:
        """The page at ``path``: its empty form (GET), and its answer to the form (POST)."""

        async def page(request: Request) -> HTMLResponse:
            return render(request, template, language_of(request), form={})

        async def result(request: Request) -> HTMLResponse:
            return await form_page(request, template, handle)

        app.get(path, response_class=HTMLResponse, include_in_schema=False)(page)
        app.post(path, response_class=HTMLResponse, include_in_schema=False)(result)

    async def worker_form(fields: Sequence[Field], form: dict[str, str]) -> dict[str, Any]:
        uploads = file_fields(fields, "log")
        example = form.get("example") == "1"
        if not uploads and not example:
            raise ApiError("choose a log file to upload (CSV)", 400, "MissingLog")
        name = compute.EXAMPLE_LABEL if example else _label(uploads[0].filename)
        data = compute.example_log_bytes() if example else uploads[0].data
        tz = form.get("tz") or None

        def work() -> dict[str, Any]:
            if tz:
                check_timezone(tz, "tz")
            count_rows(data, name, limits.max_rows)
            log = compute.read_log(
                data,
                name,
                form.get("format") or None,
                tz=tz,
                reward=form.get("reward") or None,
            )
            result = compute.wage_result(
                log,
                name,
                country=form.get("country") or None,
                currency=form.get("currency") or None,
                platform=form.get("platform") or None,
            )
            return _worker_context(result, name, tz, form.get("country") or None)

        return await run(work)

    async def organisation_form(fields: Sequence[Field], form: dict[str, str]) -> dict[str, Any]:
        uploads = expand(fields, "logs")
        if not uploads:
            raise ApiError(
                "choose workers' logs to upload (CSV files or one zip)", 400, "MissingLog"
            )
        min_workers = _min_workers(form.get("min_workers"), limits)

        def work() -> dict[str, Any]:
            logs = read_logs(uploads, form.get("format") or None, form.get("tz") or None)
            payload = compute.rate_payload(
                logs,
                currency=form.get("currency") or None,
                reference=form.get("reference") or None,
                platform=form.get("platform") or None,
                min_workers=min_workers,
            )
            return {
                "ratings": payload,
                "logs_read": len(logs),
                "downloads": {
                    "csv": _data_uri(compute.ratings_csv(payload), "text/csv"),
                    "json": _data_uri(
                        json.dumps(payload, indent=2, ensure_ascii=False), "application/json"
                    ),
                },
            }

        return await run(work)

    async def requester_form(fields: Sequence[Field], form: dict[str, str]) -> dict[str, Any]:
        if form.get("action") == "top-up":
            batch = file_fields(fields, "batch")
            if not batch:
                raise ApiError("choose a batch results file (CSV) to upload", 400, "MissingBatch")
            name = _label(batch[0].filename)
            count_rows(batch[0].data, name, limits.max_rows)

            def top_up() -> dict[str, Any]:
                payload, bonus_csv = compute.top_up_from_batch(
                    batch[0].data,
                    name,
                    floor=form.get("floor", ""),
                    reward=form.get("reward") or None,
                    platform=form.get("platform") or None,
                    method=form.get("method") or "fairwork",
                    frozen=form.get("frozen", ""),
                )
                return {"top_up": payload, "bonus_file": _data_uri(bonus_csv, "text/csv")}

            return await run(top_up)

        def fair() -> dict[str, Any]:
            return {
                "budget": compute.budget_payload(
                    median_time=form.get("median_time", ""),
                    floor=form.get("floor", ""),
                    platform=form.get("platform") or None,
                    assignments=_int(form.get("assignments") or "1", "assignments"),
                    search=form.get("search") or "0min",
                )
            }

        return await run(fair)

    add_page("/", "worker.html", worker_form)
    add_page("/organisation", "organisation.html", organisation_form)
    add_page("/requester", "requester.html", requester_form)

    # ------------------------------------------------------------------ API

    async def json_answer(answer: Callable[[], Awaitable[dict[str, Any]]]) -> JSONResponse:
        """``answer()`` as JSON, or a labourchain error or bad request as a JSON error."""
        try:
            payload = await answer()
        except (LabourchainError, ApiError) as exc:
            return _json_error(exc)
        return JSONResponse(payload)

    log_body = {
        "requestBody": {
            "required": True,
            "content": {
                "text/csv": {"schema": {"type": "string"}},
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "properties": {"log": {"type": "string", "format": "binary"}},
                        "required": ["log"],
                    }
                },
            },
        }
    }

    @app.post(
        "/api/wage",
        summary="The effective hourly wage of one log (labourchain.wage/1, as wage --json)",
        openapi_extra=log_body,
        responses={
            413: {"description": "over the size or row limit"},
            422: {"description": "a bad log: the message names line and column"},
        },
    )
    async def api_wage(
        request: Request,
        format: Annotated[
            str | None, Query(description="Log format, as --format (default: labourchain CSV)")
        ] = None,
        country: Annotated[
            str | None,
            Query(description="Compare with this country's minimum wage (ISO 3166-1)"),
        ] = None,
        currency: Annotated[
            str | None, Query(description="Report in this ISO 4217 currency")
        ] = None,
        tz: Annotated[str | None, Query(description="The worker's IANA time zone")] = None,
        reference_kind: Annotated[str, Query(description="minimum or living")] = "minimum",
        platform: Annotated[
            str | None, Query(description="A platform preset whose fees apply")
        ] = None,
        policy: Annotated[
            str, Query(description="Accounting policy: ilo2018, hara2018, task-time-only")
        ] = "ilo2018",
        reward: Annotated[
            str | None, Query(description="Prolific exports: the reward per submission")
        ] = None,
        date_format: Annotated[
            str | None, Query(description="Time trackers: the export's date format")
        ] = None,
    ) -> JSONResponse:
        async def answer() -> dict[str, Any]:
            body = await body_of(request)
            content_type = request.headers.get("content-type", "")
            name = "the uploaded log"
            if content_type.startswith("multipart/form-data"):
                logs = file_fields(parse_form(body, content_type), "log")
                if not logs:
                    raise ApiError("the form has no file field named 'log'", 400, "MissingLog")
                name, data = _label(logs[0].filename), logs[0].data
            elif content_type.split(";")[0].strip() in (
                "text/csv",
                "text/plain",
                "application/csv",
                "application/octet-stream",
                "",
            ):
                data = body
            else:
                raise ApiError(
                    f"send the log as text/csv or as a multipart field named 'log', not "
                    f"{content_type!r}",
                    415,
                    "UnsupportedMediaType",
                )
            if not data:
                raise ApiError("the request has no log in it", 400, "MissingLog")

            def work() -> dict[str, Any]:
                if tz:
                    check_timezone(tz, "tz")
                count_rows(data, name, limits.max_rows)
                log = compute.read_log(
                    data, name, format, tz=tz, reward=reward, date_format=date_format
                )
                return compute.wage_result(
                    log,
                    name,
                    country=country,
                    currency=currency,
                    reference_kind=reference_kind,
                    platform=platform,
                    policy=policy,
                ).payload

            return await run(work)

        return await json_answer(answer)

    @app.post(
        "/api/rate",
        summary="Client ratings from many workers' logs (as rate --json)",
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {
                    "multipart/form-data": {
                        "schema": {
                            "type": "object",
                            "properties": {
                                "logs": {
                                    "type": "array",
                                    "items": {"type": "string", "format": "binary"},
                                }
                            },
                            "required": ["logs"],
                        }
                    }
                },
            }
        },
    )
    async def api_rate(
        request: Request,
        format: Annotated[str | None, Query(description="Log format of every file")] = None,
        currency: Annotated[str | None, Query(description="Rate in this currency")] = None,
        reference: Annotated[str | None, Query(description="e.g. '2 USD/hour'")] = None,
        platform: Annotated[str | None, Query(description="A platform preset")] = None,
        min_workers: Annotated[int | None, Query(description="At least 3; default 5")] = None,
        tz: Annotated[str | None, Query(description="Time trackers: the workers' zone")] = None,
    ) -> JSONResponse:
        async def answer() -> dict[str, Any]:
            body = await body_of(request)
            fields = parse_form(body, request.headers.get("content-type", ""))
            uploads = expand(fields, "logs") or expand(fields, "log")
            if not uploads:
                raise ApiError(
                    "the form has no file fields named 'logs' (CSV files or a zip)",
                    400,
                    "MissingLog",
                )
            least = _min_workers(None if min_workers is None else str(min_workers), limits)

            def work() -> dict[str, Any]:
                logs = read_logs(uploads, format, tz)
                return compute.rate_payload(
                    logs,
                    currency=currency,
                    reference=reference,
                    platform=platform,
                    min_workers=least,
                )

            return await run(work)

        return await json_answer(answer)

    @app.post("/api/budget", summary="A fair reward per task and the batch's cost (budget --json)")
    async def api_budget(request: BudgetRequest) -> JSONResponse:
        def work() -> dict[str, Any]:
            return compute.budget_payload(
                median_time=request.median_time,
                floor=request.floor,
                platform=request.platform,
                assignments=request.assignments,
                search=request.search,
            )

        return await json_answer(lambda: run(work))

    @app.get(
        "/api/reference/{country}",
        summary="A country's minimum (or living) wage in force on a date, with its source",
    )
    async def api_reference(
        country: str,
        on: Annotated[date | None, Query(description="YYYY-MM-DD (default: today)")] = None,
        kind: Annotated[str, Query(description="minimum or living")] = "minimum",
    ) -> JSONResponse:
        day = on or date.today()
        code = country.strip().upper() if len(country.strip()) == 2 else country
        if kind not in ("minimum", "living"):
            return _json_error(
                ApiError(
                    f"kind must be 'minimum' or 'living', got {kind!r}", 422, "InvalidInputError"
                )
            )
        try:
            figure = lc.reference_wage(
                code, on=day, kind="living" if kind == "living" else "minimum"
            )
        except lc.errors.NoStatutoryMinimumError as exc:
            return JSONResponse(
                {
                    "country": code,
                    "kind": kind,
                    "on": day.isoformat(),
                    "status": "none",
                    "note": str(exc),
                }
            )
        except LabourchainError as exc:
            status = 404 if isinstance(exc, lc.errors.UnknownCountryError) else 422
            return _json_error(ApiError(str(exc), status, type(exc).__name__))
        return JSONResponse({"on": day.isoformat(), "status": "figure", **figure.to_dict()})

    return app


class BudgetRequest(BaseModel):
    """The body of ``POST /api/budget``: what ``labourchain budget`` takes as options."""

    median_time: str = PydanticField(
        description="The task's median time, e.g. '5min'", max_length=40
    )
    floor: str = PydanticField(description="Hourly wage floor, e.g. '15 USD/hour'", max_length=40)
    platform: str | None = PydanticField(None, max_length=40)
    assignments: int = PydanticField(1, ge=1, le=10_000_000)
    search: str = PydanticField("0min", max_length=40)


def _json_error(exc: BaseException) -> JSONResponse:
    status = _status(exc)
    return JSONResponse(_error_body(exc, status), status_code=status)


def _too_big(limits: Limits) -> str:
    return (
        f"the upload is larger than this server's limit of {limits.max_upload_bytes:,} bytes "
        f"({limits.max_upload_bytes / 1e6:g} MB): split the log, or ask whoever runs the "
        "server to raise --max-upload-mb"
    )


def _label(filename: str | None) -> str:
    """A file name as sent by the browser, reduced to a short, plain label."""
    if not filename:
        return "the uploaded log"
    base = filename.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(c for c in base if c.isprintable())[:80]
    return cleaned or "the uploaded log"


def _int(text: str, where: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise InvalidInputError(f"{text!r} in {where} is not a whole number") from None


def _min_workers(text: str | None, limits: Limits) -> int:
    if not text:
        return limits.min_workers
    value = _int(text, "min_workers")
    if value < MIN_WORKERS_FLOOR:
        raise InvalidInputError(
            f"min_workers must be at least {MIN_WORKERS_FLOOR} (got {value}): a rating from "
            "fewer workers could reveal one worker's own figures"
        )
    return value


_ACTIVITY_ORDER: Final = (
    "search",
    "qualification",
    "training",
    "waiting",
    "rejected",
    "returned",
    "admin",
    "outage",
)


def _worker_context(
    result: compute.WageResult, label: str, tz: str | None, country: str | None
) -> dict[str, Any]:
    report = result.report
    data = result.payload
    hours = data["time_by_activity"]
    unpaid = [(a, hours[a]) for a in _ACTIVITY_ORDER if hours.get(a)]
    references: list[dict[str, Any]] = [
        f for f in result.figures if f.get("role") == "reference_wage"
    ]
    if country and len(result.log):
        # the living wage beside the minimum wage, where the data has one
        try:
            living = lc.reference.resolve_reference(
                country.strip().upper(), result.log, kind="living"
            )
        except LabourchainError:
            living = None
        if living is not None:
            converted: float | None = None
            if living.currency == report.currency:
                converted = float(living.hourly.magnitude)
            else:
                try:
                    rates = lc.reference.exchange_rates(on=result.log.period[0].date())
                    converted = float(rates.convert(living.hourly, report.currency).magnitude)
                except LabourchainError:
                    converted = None
            references.append({**living.to_dict(), "in_report_currency": converted})
    for ref in references:
        if ref["kind"] == "minimum" or ref.get("in_report_currency") is None:
            ref.setdefault("in_report_currency", data["reference"])
    pictures = compute.svg_pictures(result, tz=tz)
    markdown = labourchain.render.to_markdown(report, log_label=label, sources=result.notes)
    html_report = labourchain.render.to_html(report, log_label=label, sources=result.notes)
    return {
        "result": data,
        "unpaid": unpaid,
        "references": references,
        "pictures": pictures,
        "downloads": {
            "html": _data_uri(html_report, "text/html"),
            "md": _data_uri(markdown, "text/markdown"),
            "json": _data_uri(json.dumps(data, indent=2, ensure_ascii=False), "application/json"),
        },
    }
