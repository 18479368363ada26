"""Worker types of a mixture, drawn per worker before the kernel runs.

Each worker's type comes from a stream of its own, apart from her task
draws: ``PCG64(SeedSequence(entropy, spawn_key=(*root.spawn_key, TYPE_KEY)))``,
advanced to the worker's index (one uniform per worker). Worker ``i``'s type
therefore depends only on the root seed and ``i``, never on the chunk, and a
scenario without types draws nothing: its results are unchanged. The kernel
only sees the per-worker factors (speed, search, pay), multiplied into the ones
it draws from ``scenario.variation``'s sigmas.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import numpy.typing as npt

from labourchain.simulate.scenario import Variation

FloatArray = npt.NDArray[np.float64]

#: Spawn-key component of the types' stream (never a worker's index: at most 2**32 workers).
TYPE_KEY: Final = 2**32 + 1


def type_uniforms(root: np.random.SeedSequence, lo: int, hi: int) -> FloatArray:
    """The uniforms that decide the types of workers ``lo..hi-1``."""
    seq = np.random.SeedSequence(
        root.entropy, spawn_key=(*root.spawn_key, TYPE_KEY), pool_size=root.pool_size
    )
    bits = np.random.PCG64(seq)
    if lo:
        bits.advance(lo)
    return np.random.Generator(bits).random(hi - lo)


def type_index(variation: Variation, u: FloatArray) -> npt.NDArray[np.intp]:
    """Each worker's type (index into ``variation.types``) from her uniform."""
    cum, _ = variation.type_factors()
    out = np.searchsorted(np.asarray(cum), u, side="right")
    np.minimum(out, len(cum) - 1, out=out)
    return out


def type_factors(
    variation: Variation, root: np.random.SeedSequence, lo: int, hi: int
) -> FloatArray | None:
    """Per-worker (speed, search, pay) factors of workers ``lo..hi-1``' types, or None."""
    if not variation.types:
        return None
    _, factors = variation.type_factors()
    table = np.asarray(factors, dtype=np.float64)
    out: FloatArray = table[type_index(variation, type_uniforms(root, lo, hi))]
    return out
