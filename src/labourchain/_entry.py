"""The ``labourchain`` command's entry point: Ctrl-C while loading exits 130 too, quietly.

``labourchain.cli`` handles Ctrl-C once its commands run (exit status 130, no
file left half-written); this catches one that arrives while the command
line is still being imported, on a slow or busy machine.
"""

from __future__ import annotations

import sys

__all__ = ("run",)


def run() -> None:
    """Import the command line and run it."""
    try:
        from labourchain.cli import main
    except KeyboardInterrupt:
        sys.stderr.write("\nlabourchain: interrupted\n")
        sys.exit(130)
    main()
