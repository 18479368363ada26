"""``labourchain serve``: the web pages and JSON API (needs the ``web`` extra; see docs/web.md)."""

from __future__ import annotations

import click

from labourchain.cli._common import Number

__all__ = ("serve",)


@click.command()
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on (127.0.0.1: this computer only; 0.0.0.0: the local network).",
)
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option(
    "--max-upload-mb",
    type=Number(0.001, 100_000),
    default=20.0,
    show_default=True,
    help="Largest upload, in MB (1 MB = 1,000,000 bytes): 413 over it.",
)
@click.option(
    "--max-rows",
    type=Number(1, 10**9, integer=True),
    default=2_000_000,
    show_default=True,
    help="Most rows in one log.",
)
@click.option(
    "--max-seconds",
    type=Number(0.001, 86_400),
    default=30.0,
    show_default=True,
    help="Longest a request may compute.",
)
@click.option(
    "--min-workers",
    type=Number(3, 10**9, integer=True),
    default=5,
    show_default=True,
    help="Workers a client needs before the organisation's page rates it (at least 3).",
)
@click.option(
    "--workers",
    type=Number(1, 1024, integer=True),
    default=1,
    show_default=True,
    help="Server processes sharing the port (one per core for a public site).",
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
