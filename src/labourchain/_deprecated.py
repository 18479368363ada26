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

import functools
import importlib
import warnings
from collections.abc import Callable, Mapping
from typing import Any, TypeVar, cast

__all__ = (
    "REMOVED_IN",
    "forwarding",
    "keywords_after",
    "renamed_attribute",
    "renamed_names",
    "warn_renamed",
)

F = TypeVar("F", bound=Callable[..., Any])

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
    ...     warn_renamed("units.seconds", "units.seconds_of")
    >>> print(caught[0].message)
    units.seconds is deprecated: use units.seconds_of (units.seconds goes in 0.3)
    """
    warnings.warn(
        f"{old} is deprecated: use {new} ({old} goes in {REMOVED_IN})",
        DeprecationWarning,
        stacklevel=stacklevel,
    )


def renamed_attribute(owner: str, old: str, new: str) -> Any:
    """A read-only property ``old`` that warns and returns the attribute ``new``.

    Put it in the class body: ``tasks = renamed_attribute("WageReport", "tasks", "task_rows")``.

    >>> import warnings
    >>> class Box:
    ...     size = 3
    ...     width = renamed_attribute("Box", "width", "size")
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     Box().width
    3
    >>> print(caught[0].message)
    Box.width is deprecated: use Box.size (Box.width goes in 0.3)
    """

    def getter(self: object) -> Any:
        warn_renamed(f"{owner}.{old}", f"{owner}.{new}")
        return getattr(self, new)

    return property(getter, doc=f"Deprecated: the old name of ``{new}`` (goes in {REMOVED_IN}).")


def renamed_names(module: str, renamed: Mapping[str, str]) -> Callable[[str], object]:
    """A module ``__getattr__`` for names renamed within ``module`` (old name -> new name).

    >>> import math, sys, warnings
    >>> getattr_ = renamed_names("math", {"square_root": "sqrt"})
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     getattr_("square_root") is math.sqrt
    True
    >>> print(caught[0].message)
    math.square_root is deprecated: use math.sqrt (math.square_root goes in 0.3)
    """
    table = dict(renamed)

    def __getattr__(name: str) -> object:
        new = table.get(name)
        if new is None:
            raise AttributeError(f"module {module!r} has no attribute {name!r}")
        warn_renamed(f"{module}.{name}", f"{module}.{new}")
        return getattr(importlib.import_module(module), new)

    return __getattr__


def keywords_after(count: int, *names: str) -> Callable[[F], F]:
    """For a function whose parameters ``names``, after its first ``count``, became
    keyword-only: passing them by position still works, with a ``DeprecationWarning``.

    >>> import warnings
    >>> @keywords_after(1, "b", "c")
    ... def f(a, *, b=0, c=0):
    ...     return a, b, c
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     f(1, 2)
    (1, 2, 0)
    >>> print(caught[0].message)
    f(): passing b by position is deprecated: use the keyword b= (by position goes in 0.3)
    >>> f(1, b=2, c=3)
    (1, 2, 3)
    >>> f(1, 2, b=2)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    TypeError: f() takes 1 positional argument but 2 ... given
    """

    def decorate(function: F) -> F:
        shown_name = function.__qualname__

        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            extra = args[count:]
            given = names[: len(extra)]
            # Too many, or given twice: leave them, for Python's own TypeError.
            if extra and len(extra) <= len(names) and not set(given) & set(kwargs):
                kwargs.update(zip(given, extra, strict=True))
                warnings.warn(
                    f"{shown_name}(): passing {', '.join(given)} by position is deprecated: "
                    f"use the keyword{'s' if len(given) > 1 else ''} "
                    f"{', '.join(f'{name}=' for name in given)} (by position goes in {REMOVED_IN})",
                    DeprecationWarning,
                    stacklevel=2,
                )
                args = args[:count]
            return function(*args, **kwargs)

        return cast(F, wrapper)

    return decorate
