"""``labourchain serve``: the web pages and JSON API (needs the ``web`` extra; see docs/web.md)."""

from __future__ import annotations

import click

from labourchain.cli._common import Number, number_option

__all__ = ("serve",)


@click.command()
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on (127.0.0.1: this computer only; 0.0.0.0: the local network).",
)
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@number_option(
    "--max-upload-mb",
    Number(0.001, 100_000),
    20.0,
    "Largest upload, in MB (1 MB = 1,000,000 bytes): 413 over it.",
)
@number_option("--max-rows", Number(1, 10**9, integer=True), 2_000_000, "Most rows in one log.")
@number_option("--max-seconds", Number(0.001, 86_400), 30.0, "Longest a request may compute.")
@number_option(
    "--min-workers",
    Number(3, 10**9, integer=True),
    5,
    "Workers a client needs before the organisation's page rates it (at least 3).",
)
@number_option(
    "--workers",
    Number(1, 1024, integer=True),
    1,
    "Server processes sharing the port (one per core for a public site).",
)
def serve(
    host: str,
    port: int,
    max_upload_mb: float,
    max_rows: int,
    max_seconds: float,
    min_workers: int,
    workers: int,
) -> None:
    """Run the web pages and JSON API (needs labourchain[web]); see docs/web.md."""
    try:
        from labourchain.web import Limits
        from labourchain.web import serve as run_server
    except ImportError as exc:
        raise click.ClickException(
            f"the web application needs the web extra ({exc.name} is not installed): "
            "pip install 'labourchain[web]'"
        ) from None
    limits = Limits(
        max_upload_bytes=round(max_upload_mb * 1_000_000),
        max_rows=max_rows,
        max_seconds=max_seconds,
        min_workers=min_workers,
    )
    click.echo(
        f"labourchain: serving on http://{host}:{port} (Ctrl+C to stop); uploads stay in "
        "memory, nothing is stored",
        err=True,
    )
    run_server(host, port, limits=limits, workers=workers)
