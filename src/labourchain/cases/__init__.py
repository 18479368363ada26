"""Case studies: the worker situations reported in the press, as scenario files.

Each case is a TOML scenario shipped with the package (see
``docs/simulation.md`` for the format and how each was calibrated). Every
figure in a file is cited in its ``[sources]`` table, or marked as an
assumption.

>>> from labourchain import cases
>>> "eduardo" in cases.names()
True
>>> cases.load("eduardo").worker.country
'PH'
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from labourchain.errors import UnknownCaseError
from labourchain.simulate.scenario import Scenario

__all__ = ("describe", "load", "names", "text")


def names() -> tuple[str, ...]:
    """The names of the shipped cases, sorted."""
    root = resources.files(__name__)
    return tuple(
        sorted(p.name.removesuffix(".toml") for p in root.iterdir() if p.name.endswith(".toml"))
    )


def text(name: str) -> str:
    """The TOML text of case ``name`` (with its comments).

    Raises:
        UnknownCaseError: for a name that is not shipped.
    """
    if not isinstance(name, str) or name not in names():
        raise UnknownCaseError(
            f"no case {name!r}: the shipped cases are {', '.join(names())}; "
            "load your own with Scenario.from_toml(path)"
        )
    return resources.files(__name__).joinpath(f"{name}.toml").read_text(encoding="utf-8")


def load(name: str) -> Scenario:
    """The :class:`~labourchain.simulate.Scenario` of case ``name`` (read once, then cached).

    Raises:
        UnknownCaseError: for a name that is not shipped.
    """
    return _load(text(name) and name)


@cache
def _load(name: str) -> Scenario:
    return Scenario.from_toml_text(text(name), source=f"labourchain case {name!r}")


def describe(name: str) -> str:
    """The case's one-line description."""
    return load(name).description
