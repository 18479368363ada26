"""Immutable containers for the fields of frozen classes.

A frozen attrs class only stops its attributes from being rebound: a ``dict``
field can still be changed in place (``rates.rates["KES"] = -1.0`` bypassed
every check) and makes the object unhashable. Container fields are therefore
tuples, read-only numpy arrays, or :class:`FrozenMap`.

>>> m = FrozenMap({"KES": 139.846})
>>> m["KES"], m == {"KES": 139.846}, hash(m) == hash(FrozenMap({"KES": 139.846}))
(139.846, True, True)
>>> m["KES"] = -1.0
Traceback (most recent call last):
    ...
TypeError: 'FrozenMap' object does not support item assignment
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, TypeVar

import numpy as np

__all__ = ("FrozenMap", "frozen_map", "read_only")

K = TypeVar("K")
V = TypeVar("V")


class FrozenMap(Mapping[K, V]):
    """A read-only, hashable mapping that keeps its keys' order.

    It compares equal to any mapping with the same items (a ``dict`` included),
    and hashes when its keys and values do.
    """

    __slots__ = ("_data", "_hash")

    def __init__(self, items: Mapping[K, V] | Any = ()) -> None:
        self._data: dict[K, V] = dict(items)
        self._hash: int | None = None

    def __getitem__(self, key: K) -> V:
        return self._data[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __contains__(self, key: object) -> bool:
        return key in self._data

    def __eq__(self, other: object) -> bool:
        if isinstance(other, FrozenMap):
            return self._data == other._data
        if isinstance(other, Mapping):
            return self._data == dict(other)
        return NotImplemented

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(frozenset(self._data.items()))
        return self._hash

    def __repr__(self) -> str:
        return repr(self._data)

    def __reduce__(self) -> tuple[Any, ...]:
        return (FrozenMap, (self._data,))


def frozen_map(value: Mapping[Any, Any]) -> FrozenMap[Any, Any]:
    """``value`` as a :class:`FrozenMap` (an attrs converter: typed loosely, as attrs
    cannot carry a generic converter's types to ``__init__``)."""
    return value if isinstance(value, FrozenMap) else FrozenMap(value)


def read_only(value: Any) -> Any:
    """A read-only view of an array (an attrs converter; ``None`` passes through).

    No copy is made: whoever built the array keeps it, the object's users only
    read it.
    """
    if value is None:
        return None
    array = np.asarray(value)
    if array.flags.writeable:
        array = array.view()
        array.flags.writeable = False
    return array
