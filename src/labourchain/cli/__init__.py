"""The ``labourchain`` command line.

    labourchain wage --example              # the report of a bundled example log
    labourchain wage my-log.csv --json      # your own log, as JSON
    labourchain wage my-log.csv --country KE --plot week.png --html report.html
    labourchain reference KE --on 2025-01-01  # a minimum wage, with its source

Errors in the input are reported in one line naming the file, line and
column, with exit status 2; ``--debug`` shows the traceback instead.

One module per family of commands, each importing only :mod:`._common` (and
:mod:`._formats`, for logs in other programs' formats); this module makes the
group and registers them:

- :mod:`._common`: the group that handles every error, parameter types, output files;
- :mod:`._wage`: ``wage`` (and ``--by``); :mod:`._reference`: ``reference``;
- :mod:`._requester`: ``rate``, ``budget``, ``top-up``; :mod:`._formats`: ``formats``;
- :mod:`._simulate`: ``simulate``, ``cases``; :mod:`._serve`: ``serve``.
"""

from __future__ import annotations

import click

from labourchain.cli._common import OneLineGroup
from labourchain.cli._formats import formats_command as formats_command
from labourchain.cli._reference import reference_command as reference_command
from labourchain.cli._requester import budget as budget
from labourchain.cli._requester import rate as rate
from labourchain.cli._requester import top_up_command as top_up_command
from labourchain.cli._serve import serve as serve
from labourchain.cli._simulate import cases as cases
from labourchain.cli._simulate import simulate as simulate
from labourchain.cli._wage import EXAMPLE_LOG as EXAMPLE_LOG
from labourchain.cli._wage import JSON_SCHEMA as JSON_SCHEMA
from labourchain.cli._wage import wage as wage

__all__ = ("main",)


@click.group(cls=OneLineGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="labourchain")
@click.option("--debug", is_flag=True, help="Show full tracebacks on errors.")
def main(debug: bool) -> None:
    """labourchain: what data workers really earn per hour, every minute counted."""


main.add_command(wage)
main.add_command(reference_command)
main.add_command(serve)
main.add_command(rate)
main.add_command(formats_command)
main.add_command(top_up_command)
main.add_command(budget)
main.add_command(simulate)
main.add_command(cases)
