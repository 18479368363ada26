"""Dictionary-encoded text columns: a log's labels and currencies as integer codes."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any, Protocol, overload

import attrs
import numpy as np
import numpy.typing as npt

from labourchain.errors import LogFormatError
from labourchain.worklog._columns import ObjArray, StrArray, _frozen_array, str_tuple

__all__ = ("Decoded", "LabelColumn", "code_dtype", "factorize", "label_column", "object_array")


def code_dtype(size: int) -> np.dtype[Any]:
    """The smallest integer type that indexes a table of ``size`` labels."""
    if size <= 1 << 8:
        return np.dtype(np.uint8)
    if size <= 1 << 16:
        return np.dtype(np.uint16)
    return np.dtype(np.int32)


def object_array(values: Sequence[Any]) -> ObjArray:
    """``values`` as a 1-D object array (tuples stay elements)."""
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


@attrs.frozen(eq=False)
class LabelColumn:
    """A text column stored dictionary-encoded: integer codes into a table of labels.

    A log's label columns (``platform``, ``client``, ``task_id``, ``kind``,
    ``note``) are held this way, as its currencies are, so a column of a
    million empty labels takes a million bytes, not eight million pointers.
    :meth:`decode` gives back the values (what ``log.platform`` returns).

    Attributes:
        codes: Index of each row's label in ``table`` (uint8, uint16 or int32:
            the smallest type the table needs).
        table: The distinct labels, in order of first appearance.

    >>> col = LabelColumn.encode(["Remotasks", "", "Remotasks"])
    >>> col.codes.tolist(), col.table
    ([0, 1, 0], ('Remotasks', ''))
    >>> col.decode().tolist()
    ['Remotasks', '', 'Remotasks']
    """

    codes: npt.NDArray[np.integer[Any]] = attrs.field(converter=_frozen_array)
    table: tuple[str, ...] = attrs.field(converter=str_tuple)

    @staticmethod
    def code_dtype(size: int) -> np.dtype[Any]:
        """The smallest integer type that indexes a table of ``size`` labels.

        >>> LabelColumn.code_dtype(256), LabelColumn.code_dtype(257)
        (dtype('uint8'), dtype('uint16'))
        """
        return code_dtype(size)

    @classmethod
    def encode(cls, values: LabelColumn | npt.ArrayLike) -> LabelColumn:
        """Encode a 1-D sequence of labels (a scalar or a 2-D array is refused)."""
        if isinstance(values, LabelColumn):
            return values
        arr = np.asarray(values, dtype=object)
        if arr.ndim != 1:
            raise LogFormatError(f"has shape {arr.shape}, expected one value per row")
        index: dict[Any, int] = {}
        codes = np.fromiter(
            (index.setdefault(v, len(index)) for v in arr.tolist()), dtype=np.int64, count=len(arr)
        )
        return cls(codes.astype(code_dtype(len(index))), tuple(index))

    @classmethod
    def blank(cls, n: int) -> LabelColumn:
        """``n`` empty labels."""
        return cls(np.zeros(n, dtype=np.uint8), ("",))

    @classmethod
    def concat(cls, columns: Sequence[LabelColumn]) -> LabelColumn:
        """The rows of several columns, one after another (tables merged)."""
        if len({c.table for c in columns}) == 1:
            table = columns[0].table
            dtype = code_dtype(len(table))
            return cls(np.concatenate([c.codes.astype(dtype) for c in columns]), table)
        index: dict[Any, int] = {}
        remaps = [
            np.array([index.setdefault(v, len(index)) for v in c.table], dtype=np.int64)
            for c in columns
        ]
        dtype = code_dtype(len(index))
        parts = [remap[c.codes].astype(dtype) for remap, c in zip(remaps, columns, strict=True)]
        return cls(np.concatenate(parts) if parts else np.array([], dtype=dtype), tuple(index))

    def __len__(self) -> int:
        return len(self.codes)

    def __getitem__(self, index: slice | npt.ArrayLike) -> LabelColumn:
        """The rows selected by a slice, a boolean mask or an array of indices."""
        return LabelColumn(self.codes[index], self.table)  # type: ignore[index]

    @property
    def nbytes(self) -> int:
        """Bytes held: the codes plus the table's strings (as Python objects)."""
        return int(self.codes.nbytes) + sum(sys.getsizeof(v) for v in self.table)

    def decode(self) -> ObjArray:
        """The labels, one per row, as a read-only object array."""
        decoded: ObjArray = (
            object_array(self.table)[self.codes]
            if self.table
            else (np.empty(len(self.codes), dtype=object))
        )
        decoded.flags.writeable = False
        return decoded

    def equals(self, other: LabelColumn) -> bool:
        """Whether both hold the same labels row by row (whatever their tables)."""
        if len(self) != len(other):
            return False
        if self.table == other.table:
            return bool(np.array_equal(self.codes, other.codes))
        return bool(np.array_equal(self.decode(), other.decode()))


def label_column(value: LabelColumn | npt.ArrayLike) -> LabelColumn:
    """``value`` as a :class:`LabelColumn` (an attrs converter)."""
    return LabelColumn.encode(value)


def factorize(codes: StrArray) -> tuple[npt.NDArray[np.int16], tuple[str, ...]]:
    """Integer codes and the table of distinct non-empty strings ("" becomes -1)."""
    table, inverse = np.unique(codes, return_inverse=True)
    names = [str(c) for c in table]
    if names and names[0] == "":
        return (inverse - 1).astype(np.int16), tuple(names[1:])
    return inverse.astype(np.int16), tuple(names)


class _HasLabels(Protocol):
    def labels(self, column: str) -> LabelColumn: ...


class Decoded:
    """A read-only attribute of a log: one label column decoded, one label per row.

    ``log.platform`` is ``log.labels("platform").decode()``; likewise the other label
    columns, each declared once as ``platform = Decoded("platform")``.
    """

    def __init__(self, column: str) -> None:
        self.column = column

    @overload
    def __get__(self, obj: None, owner: type[Any] | None = None) -> Decoded: ...

    @overload
    def __get__(self, obj: _HasLabels, owner: type[Any] | None = None) -> ObjArray: ...

    def __get__(self, obj: _HasLabels | None, owner: type[Any] | None = None) -> Any:
        if obj is None:
            return self
        return obj.labels(self.column).decode()
