"""Per-worker random streams, seeded in bulk.

Worker ``i`` draws from ``Generator(PCG64(child_i))``, ``child_i`` being
``SeedSequence(entropy, spawn_key=(*root.spawn_key, i))``: the child ``i`` that
``root.spawn`` gives. Building a ``SeedSequence`` and a ``PCG64`` per worker
costs about 25 µs in Python, more than simulating a short week; here the
SeedSequence hash (numpy's ``SeedSequence.generate_state``) and PCG64's
seeding are computed for a whole chunk of workers with numpy, and one
generator is pointed at each worker's state in turn. The streams are
bit-for-bit those of ``Generator(PCG64(child_i))`` (checked by the tests).
"""

from __future__ import annotations

from typing import Any, Final

import numpy as np
import numpy.typing as npt

U32 = npt.NDArray[np.uint32]

_INIT_A: Final = 0x43B0D7E5
_MULT_A: Final = 0x931E8875
_INIT_B: Final = 0x8B51F9DD
_MULT_B: Final = 0x58F38DED
_MIX_MULT_L: Final = 0xCA01F9DD
_MIX_MULT_R: Final = 0x4973F715
_MASK32: Final = 0xFFFFFFFF
_MASK128: Final = (1 << 128) - 1
_PCG_MULT: Final = (2549297995355413924 << 64) + 4865540595714422341


def _words(value: int | tuple[int, ...] | list[int]) -> list[int]:
    """numpy's ``_coerce_to_uint32_array`` for ints and sequences of ints."""
    if isinstance(value, tuple | list):
        return [w for v in value for w in _words(int(v))]
    n = int(value)
    if n == 0:
        return [0]
    out = []
    while n > 0:
        out.append(n & _MASK32)
        n >>= 32
    return out


class _Hash:
    """The running hash constant of SeedSequence (same for every worker)."""

    def __init__(self, start: int) -> None:
        self.value = start

    def mix(self, values: U32) -> U32:
        """``hashmix``: values ^ h, h *= MULT_A, * h, xorshift 16."""
        out = values ^ np.uint32(self.value)
        self.value = (self.value * _MULT_A) & _MASK32
        out = out * np.uint32(self.value)
        out ^= out >> np.uint32(16)
        return out


def _mix(x: U32, y: U32) -> U32:
    out = np.uint32(_MIX_MULT_L) * x - np.uint32(_MIX_MULT_R) * y
    out ^= out >> np.uint32(16)
    return out


def child_states(root: np.random.SeedSequence, lo: int, hi: int) -> list[tuple[int, int]]:
    """PCG64 ``(state, inc)`` of the generators of children ``lo..hi-1`` of ``root``."""
    n = hi - lo
    pool_size = int(root.pool_size)
    run = _words(root.entropy) if root.entropy is not None else [0]  # type: ignore[arg-type]
    if len(run) < pool_size:
        run = run + [0] * (pool_size - len(run))
    prefix = [*run, *_words(tuple(root.spawn_key))]
    columns: list[U32] = [np.full(n, w, dtype=np.uint32) for w in prefix]
    last = np.arange(lo, hi, dtype=np.uint64)
    if hi > 0 and hi - 1 > _MASK32:  # pragma: no cover - 4 billion workers
        raise ValueError("more than 2**32 workers per root seed")
    columns.append(last.astype(np.uint32))
    with np.errstate(over="ignore"):
        h = _Hash(_INIT_A)
        zero = np.zeros(n, dtype=np.uint32)
        mixer = [h.mix(columns[i] if i < len(columns) else zero) for i in range(pool_size)]
        for src in range(pool_size):
            for dst in range(pool_size):
                if src != dst:
                    mixer[dst] = _mix(mixer[dst], h.mix(mixer[src]))
        for src in range(pool_size, len(columns)):
            for dst in range(pool_size):
                mixer[dst] = _mix(mixer[dst], h.mix(columns[src]))
        # generate_state(4, uint64): 8 words from the pool, cycling.
        hb = _INIT_B
        words = []
        for i in range(8):
            data = mixer[i % pool_size] ^ np.uint32(hb)
            hb = (hb * _MULT_B) & _MASK32
            data = data * np.uint32(hb)
            data ^= data >> np.uint32(16)
            words.append(data.astype(np.uint64))
    val = [(words[2 * k + 1] << np.uint64(32)) | words[2 * k] for k in range(4)]
    v = [x.tolist() for x in val]
    out = []
    for j in range(n):
        initstate = (v[0][j] << 64) + v[1][j]
        initseq = (v[2][j] << 64) + v[3][j]
        inc = ((initseq << 1) | 1) & _MASK128
        state = inc  # 0 * MULT + inc
        state = (state + initstate) & _MASK128
        state = (state * _PCG_MULT + inc) & _MASK128
        out.append((state, inc))
    return out


class Streams:
    """One generator pointed at each worker's stream in turn (states saved between uses)."""

    def __init__(
        self,
        root: np.random.SeedSequence,
        lo: int,
        hi: int,
        states: list[tuple[int, int]] | None = None,
    ) -> None:
        """Streams of children ``lo..hi-1``; ``states``: their :func:`child_states`, if known."""
        if states is None:
            states = child_states(root, lo, hi)
        elif len(states) != hi - lo:
            raise ValueError("states must hold one (state, inc) per worker")
        self._states: list[Any] = [
            {
                "bit_generator": "PCG64",
                "state": {"state": s, "inc": i},
                "has_uint32": 0,
                "uinteger": 0,
            }
            for s, i in states
        ]
        self._bit = np.random.PCG64(0)
        self.generator = np.random.Generator(self._bit)
        self._current = -1

    def use(self, i: int) -> np.random.Generator:
        """The generator, at worker ``i``'s position in her stream."""
        if self._current != i:
            if self._current >= 0:
                self._states[self._current] = self._bit.state
            self._bit.state = self._states[i]
            self._current = i
        return self.generator
