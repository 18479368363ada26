"""Old public names that keep working for one release, with a ``DeprecationWarning``.

A module that moved leaves a forwarding module at its old path::

    # labourchain/wage.py
    from labourchain._deprecated import forwarding

    __getattr__, __dir__ = forwarding(
        "labourchain.wage", {"wage_report": "labourchain.accounting:wage_report"}
    )

Importing the old module is silent (the package itself may import it); using a
name from it warns once per call site and returns the object from its new home.

>>> import warnings
>>> getattr_, dir_ = forwarding("old.place", {"sqrt": "math:sqrt"})
>>> with warnings.catch_warnings(record=True) as caught:
...     warnings.simplefilter("always")
...     getattr_("sqrt")(4.0)
2.0
>>> print(caught[0].message)
old.place.sqrt is deprecated: import sqrt from math (old.place goes in 0.3)
>>> dir_()
['sqrt']
"""

from __future__ import annotations

import importlib
import warnings
from collections.abc import Callable, Mapping

__all__ = ("REMOVED_IN", "forwarding", "warn_renamed")

#: The release in which deprecated names go.
REMOVED_IN = "0.3"


def forwarding(
    old: str, moved: Mapping[str, str]
) -> tuple[Callable[[str], object], Callable[[], list[str]]]:
    """A module ``__getattr__`` and ``__dir__`` forwarding ``old``'s names to their new homes.

    Args:
        old: The old module's dotted name (for the message).
        moved: Each old name and its new home as ``"module:name"`` (or ``"module"``
            for a name that stays the same there).
    """
    table = dict(moved)

    def __getattr__(name: str) -> object:
        target = table.get(name)
        if target is None:
            raise AttributeError(f"module {old!r} has no attribute {name!r}")
        module_name, _, attribute = target.partition(":")
        attribute = attribute or name
        shown = attribute if attribute == name else f"{attribute} (was {name})"
        warnings.warn(
            f"{old}.{name} is deprecated: import {shown} from {module_name} "
            f"({old} goes in {REMOVED_IN})",
            DeprecationWarning,
            stacklevel=2,
        )
        return getattr(importlib.import_module(module_name), attribute)

    def __dir__() -> list[str]:
        return sorted(table)

    return __getattr__, __dir__


def warn_renamed(old: str, new: str, *, stacklevel: int = 3) -> None:
    """Warn that the public name ``old`` is now ``new`` (for keyword and attribute renames).

    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     warn_renamed("WageReport.tasks", "WageReport.rows")
    >>> print(caught[0].message)
    WageReport.tasks is deprecated: use WageReport.rows (WageReport.tasks goes in 0.3)
    """
    warnings.warn(
        f"{old} is deprecated: use {new} ({old} goes in {REMOVED_IN})",
        DeprecationWarning,
        stacklevel=stacklevel,
    )
