"""The labourchain web application: a worker's page, an organisation's page, a requester's page
and a JSON API, for advocacy groups (needs the ``web`` extra: ``pip install "labourchain[web]"``).

    labourchain serve                       # http://127.0.0.1:8000 on this computer only
    labourchain serve --host 0.0.0.0 --port 8080 --max-upload-mb 5

Or build the ASGI application yourself and give it to any ASGI server:

    from labourchain.web import Limits, create_app
    app = create_app(Limits(max_upload_bytes=5_000_000, max_seconds=10))

Nothing a user sends is written to disk or logged: uploads are read into
memory, processed and dropped; the log records method, path, status and
duration only. See docs/web.md for deployment.
"""

from __future__ import annotations

import json
import logging
import os
from typing import Any

import attrs
from fastapi import FastAPI

from labourchain import errors as lc_errors
from labourchain.web._app import MIN_WORKERS_FLOOR, Limits, create_app

__all__ = (
    "LIMITS_VARIABLE",
    "MIN_WORKERS_FLOOR",
    "Limits",
    "app_from_environment",
    "create_app",
    "serve",
)

#: The environment variable that carries the limits to each process of a multi-process server.
LIMITS_VARIABLE = "LABOURCHAIN_WEB_LIMITS"
LOG_LEVEL_VARIABLE = "LABOURCHAIN_WEB_LOG_LEVEL"
LOG_FORMAT = "%(asctime)s %(message)s"


def app_from_environment() -> FastAPI:
    """The application with the limits in ``$LABOURCHAIN_WEB_LIMITS`` (JSON), or the defaults.

    For ASGI servers that build the application in each of their processes
    (``uvicorn --factory labourchain.web:app_from_environment``), e.g.
    ``LABOURCHAIN_WEB_LIMITS='{"max_upload_bytes": 5000000, "max_seconds": 10}'``.
    """
    level = os.environ.get(LOG_LEVEL_VARIABLE)
    if level:  # set by serve() for its worker processes
        logging.basicConfig(level=level.upper(), format=LOG_FORMAT)
    text = os.environ.get(LIMITS_VARIABLE, "").strip()
    if not text:
        return create_app()
    try:
        given = json.loads(text)
    except ValueError:
        given = None
    names = {f.name for f in attrs.fields(Limits)}
    if not isinstance(given, dict) or not set(given) <= names:
        raise lc_errors.InvalidInputError(
            f"{LIMITS_VARIABLE} must be a JSON object with some of {', '.join(sorted(names))}, "
            f"got {text[:200]!r}"
        )
    return create_app(Limits(**given))


def serve(
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    limits: Limits | None = None,
    log_level: str = "info",
    workers: int = 1,
) -> None:
    """Run the application with uvicorn until interrupted.

    uvicorn's own access log (which records client addresses and query
    strings) is off; the application logs method, path, status and duration.
    With ``workers`` above 1, that many processes share the port (one per
    core is a good start); each builds the application with the same limits.
    """
    import uvicorn

    logging.basicConfig(level=log_level.upper(), format=LOG_FORMAT)
    app: Any = create_app(limits)
    if workers > 1:  # each process builds its own application, with the same limits
        os.environ[LIMITS_VARIABLE] = json.dumps(attrs.asdict(limits or Limits()))
        os.environ[LOG_LEVEL_VARIABLE] = log_level
        app = "labourchain.web:app_from_environment"
    uvicorn.run(
        app,
        host=host,
        port=port,
        access_log=False,
        log_level=log_level,
        server_header=False,
        proxy_headers=False,
        workers=workers if workers > 1 else None,
        factory=workers > 1,
        timeout_worker_healthcheck=60,  # a busy machine takes its time to import
    )
