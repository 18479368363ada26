"""Type aliases shared by several modules: one definition each.

>>> import numpy as np
>>> from labourchain._typing import SeedLike
>>> seed: SeedLike = np.random.SeedSequence(1)
>>> int(np.random.default_rng(seed).integers(1000)) == int(np.random.default_rng(1).integers(1000))
True
"""

from __future__ import annotations

from typing import TypeAlias

import numpy as np
import numpy.typing as npt

__all__ = ("BoolArray", "FloatArray", "SeedLike")

#: What a function that draws accepts as ``seed``: an ``int``, a
#: :class:`numpy.random.SeedSequence`, a :class:`numpy.random.Generator` or ``None``
#: (fresh entropy from the operating system), as :func:`numpy.random.default_rng` does.
SeedLike: TypeAlias = int | np.random.SeedSequence | np.random.Generator | None

#: A float64 array (seconds, amounts in one currency, shares).
FloatArray: TypeAlias = npt.NDArray[np.float64]

#: A boolean array (masks).
BoolArray: TypeAlias = npt.NDArray[np.bool_]
