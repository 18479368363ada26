"""``python -m labourchain.cli``: the command line (as ``python -m labourchain``)."""

from labourchain._entry import run

run()
