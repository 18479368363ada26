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

import logging

from labourchain.web._app import MIN_WORKERS_FLOOR, Limits, create_app

__all__ = ("MIN_WORKERS_FLOOR", "Limits", "create_app", "serve")


def serve(
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    limits: Limits | None = None,
    log_level: str = "info",
) -> None:
    """Run the application with uvicorn until interrupted.

    uvicorn's own access log (which records client addresses and query
    strings) is off; the application logs method, path, status and duration.
    """
    import uvicorn

    logging.basicConfig(level=log_level.upper(), format="%(asctime)s %(message)s")
    uvicorn.run(
        create_app(limits),
        host=host,
        port=port,
        access_log=False,
        log_level=log_level,
        server_header=False,
        proxy_headers=False,
    )
