"""Fit the published-study cases and store each fit in its case file.

For each case named (default: all of :data:`labourchain.cases.fits.SPECS`), runs
:func:`labourchain.cases.fits.refit` (``labourchain.simulate.calibrate`` with the
case's targets, parameters and seed) and rewrites
``src/labourchain/cases/NAME.toml``: the comment block at the top of the file is
kept, the rest is the fitted scenario with its ``[calibration]`` table. Run from
the repository root (needs the ``calibrate`` extra, SciPy):

    python scripts/fit_cases.py mturk-hara-2018
    python scripts/fit_cases.py --workers 4000 mturk-hara-2018   # fewer workers per evaluation
"""

from __future__ import annotations

import sys
from pathlib import Path

from labourchain import cases
from labourchain.cases.fits import SPECS, refit

CASES = Path("src/labourchain/cases")


def write(name: str, workers: int | None = None) -> None:
    path = CASES / f"{name}.toml"
    text = path.read_text(encoding="utf-8")
    header = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        header.append(line)
    options = {} if workers is None else {"n_workers": workers}
    result = refit(name, cases.load(name), **options)
    print(f"{name}:\n{result.table()}\n", flush=True)
    body = result.scenario.to_toml_text()
    path.write_text("\n".join(header) + "\n" + body, encoding="utf-8")


def main(argv: list[str]) -> None:
    workers = None
    if argv[:1] == ["--workers"]:
        workers, argv = int(argv[1]), argv[2:]
    for name in argv or sorted(SPECS):
        write(name, workers)


if __name__ == "__main__":
    main(sys.argv[1:])
