"""Per-worker random streams, seeded in bulk.

Worker ``i`` draws from ``Generator(PCG64(child_i))``, ``child_i`` being
``SeedSequence(entropy, spawn_key=(*root.spawn_key, i))``: the child ``i`` that
``root.spawn`` gives. Building a ``SeedSequence`` and a ``PCG64`` per worker
costs about 25 µs in Python, more than simulating a short week; here the
SeedSequence hash (numpy's ``SeedSequence.generate_state``) and PCG64's
seeding are computed for a whole chunk of workers with numpy, and one
generator is pointed at each worker's state in turn, by writing the four words
of her state straight into the generator's C state (see :func:`_state_view`;
the ``state`` property is the fallback). The streams are bit-for-bit those of
``Generator(PCG64(child_i))`` (checked by the tests).
"""

from __future__ import annotations

import ctypes
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from labourchain.errors import InvalidInputError

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


def child_words(root: np.random.SeedSequence, lo: int, hi: int) -> npt.NDArray[np.uint64]:
    """PCG64 states of the generators of children ``lo..hi-1`` of ``root``, as words.

    One row per child: ``state`` low and high 64-bit words, then ``inc`` low and high,
    computed with numpy for all the children at once (no Python int per child).
    """
    n = hi - lo
    pool_size = int(root.pool_size)
    run = _words(root.entropy) if root.entropy is not None else [0]  # type: ignore[arg-type]
    if len(run) < pool_size:
        run = run + [0] * (pool_size - len(run))
    prefix = [*run, *_words(tuple(root.spawn_key))]
    columns: list[U32] = [np.full(n, w, dtype=np.uint32) for w in prefix]
    last = np.arange(lo, hi, dtype=np.uint64)
    if hi > 0 and hi - 1 > _MASK32:  # pragma: no cover - 4 billion workers
        raise InvalidInputError("more than 2**32 workers per root seed")
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
        # initstate = (v0, v1), initseq = (v2, v3) as (high, low) 64-bit words.
        v0, v1, v2, v3 = ((words[2 * k + 1] << np.uint64(32)) | words[2 * k] for k in range(4))
        # PCG64 seeding: inc = 2 initseq + 1; state = (inc + initstate) * MULT + inc (mod 2**128).
        one = np.uint64(1)
        inc_hi = (v2 << one) | (v3 >> np.uint64(63))
        inc_lo = (v3 << one) | one
        s_lo = inc_lo + v1
        s_hi = inc_hi + v0 + (s_lo < inc_lo)
        m_hi, m_lo = np.uint64(_PCG_MULT >> 64), np.uint64(_PCG_MULT & ((1 << 64) - 1))
        p_hi, p_lo = _mul_64(s_lo, m_lo)
        p_hi += s_hi * m_lo + s_lo * m_hi
        out = np.empty((n, 4), dtype=np.uint64)
        out[:, 0] = p_lo + inc_lo
        out[:, 1] = p_hi + inc_hi + (out[:, 0] < p_lo)
        out[:, 2] = inc_lo
        out[:, 3] = inc_hi
    return out


def _mul_64(a: npt.NDArray[np.uint64], b: np.uint64) -> tuple[npt.NDArray[np.uint64], ...]:
    """High and low 64-bit words of the 128-bit products ``a * b`` (32-bit halves)."""
    m32, s32 = np.uint64(_MASK32), np.uint64(32)
    a0, a1 = a & m32, a >> s32
    b0, b1 = b & m32, b >> s32
    p00, p01, p10, p11 = a0 * b0, a0 * b1, a1 * b0, a1 * b1
    mid = (p00 >> s32) + (p01 & m32) + (p10 & m32)
    low = (p00 & m32) | (mid << s32)
    high = p11 + (p01 >> s32) + (p10 >> s32) + (mid >> s32)
    return high, low


def child_states(root: np.random.SeedSequence, lo: int, hi: int) -> list[tuple[int, int]]:
    """PCG64 ``(state, inc)`` of the generators of children ``lo..hi-1`` of ``root``."""
    return [(a | (b << 64), c | (d << 64)) for a, b, c, d in child_words(root, lo, hi).tolist()]


def _state_view(bit: np.random.PCG64) -> tuple[npt.NDArray[np.uint64], bool] | None:
    """A writable view of ``bit``'s 128-bit state and increment as four uint64 words.

    numpy keeps a PCG64's state in C (``pcg64_random_t``: state, then increment,
    each 128 bits); writing the words through this view moves the generator to
    another worker's stream in a fraction of a microsecond, where the ``state``
    property (a dict) costs several. The word order is found by writing a known
    state and reading it back through ``bit.state``: returns the view and
    whether the low word comes first, or None (use the property) if neither
    order reads back.
    """
    try:
        address = ctypes.cast(bit.ctypes.state_address, ctypes.POINTER(ctypes.c_void_p))[0]
        words: npt.NDArray[np.uint64] = np.ctypeslib.as_array(
            (ctypes.c_uint64 * 4).from_address(address)
        )
    except (AttributeError, TypeError, ValueError):  # pragma: no cover - other builds
        return None
    state, inc = (3 << 64) | 5, (7 << 64) | 9
    saved = bit.state
    found = None
    for order, low_first in (([5, 3, 9, 7], True), ([3, 5, 7, 9], False)):
        words[:] = order
        now = bit.state["state"]
        if now["state"] == state and now["inc"] == inc:
            found = words, low_first
            break
    bit.state = saved
    return found


def state_words(states: list[tuple[int, int]]) -> npt.NDArray[np.uint64]:
    """``(state, inc)`` pairs as rows of four uint64 words (low word first)."""
    out = np.empty((len(states), 4), dtype=np.uint64)
    m64 = (1 << 64) - 1
    flat = [w for s, i in states for w in (s & m64, s >> 64, i & m64, i >> 64)]
    out.reshape(-1)[:] = flat
    return out


#: Workers' PCG64 states: rows of :func:`child_words`, ``(state, inc)`` pairs, or None (computed).
States = list[tuple[int, int]] | npt.NDArray[np.uint64] | None


class Streams:
    """One generator pointed at each worker's stream in turn (states saved between uses)."""

    def __init__(
        self, root: np.random.SeedSequence, lo: int, hi: int, states: States = None
    ) -> None:
        """Streams of children ``lo..hi-1``; ``states``: their :func:`child_words`
        (or :func:`child_states`), if known."""
        self._bit = np.random.PCG64(0)
        self.generator = np.random.Generator(self._bit)
        self._view = _state_view(self._bit)
        self.point(root, lo, hi, states)

    def point(self, root: np.random.SeedSequence, lo: int, hi: int, states: States = None) -> None:
        """Point the streams at children ``lo..hi-1`` of ``root`` (a new chunk, same generator)."""
        if states is None:
            states = child_words(root, lo, hi)
        elif len(states) != hi - lo:
            raise InvalidInputError("states must hold one (state, inc) per worker")
        self._current = -1
        if self._view is not None:
            low_first = self._view[1]
            words = states if isinstance(states, np.ndarray) else state_words(states)
            if not low_first:  # pragma: no cover - emulated 128-bit builds
                words = words[:, [1, 0, 3, 2]].copy()
            self._words = np.ascontiguousarray(words)
            self._rows = list(self._words)  # one row view per worker (indexing costs less)
            return
        if isinstance(states, np.ndarray):  # builds without the C view
            states = [(a | (b << 64), c | (d << 64)) for a, b, c, d in states.tolist()]
        self._states: list[Any] = [
            {
                "bit_generator": "PCG64",
                "state": {"state": s, "inc": i},
                "has_uint32": 0,
                "uinteger": 0,
            }
            for s, i in states
        ]

    def switch(self) -> tuple[npt.NDArray[np.uint64], list[npt.NDArray[np.uint64]]] | None:
        """The C state view and each worker's saved words, for a loop that moves the
        generator itself (``view[:] = rows[i]``, draw, ``rows[i][:] = view``), or None
        on builds without the view (then use :meth:`use`). Call it between uses only:
        it saves the current worker's state first."""
        if self._view is None:
            return None
        if self._current >= 0:
            self._rows[self._current][:] = self._view[0]
            self._current = -1
        return self._view[0], self._rows

    def memory(self) -> tuple[memoryview, memoryview] | None:
        """Like :meth:`switch`, as byte memoryviews: the generator's state and every
        worker's saved state end to end, 32 bytes each (a copy between two costs a
        third of numpy's slice assignment): ``view[:] = saved[32 * i : 32 * i + 32]``,
        draw, ``saved[32 * i : 32 * i + 32] = view``. None on builds without the C
        state view."""
        switch = self.switch()
        if switch is None:
            return None
        view: Any = switch[0]  # ndarrays are buffers (numpy 1.26's stubs do not say so)
        words: Any = self._words
        return memoryview(view).cast("B"), memoryview(words).cast("B")

    def use(self, i: int) -> np.random.Generator:
        """The generator, at worker ``i``'s position in her stream."""
        if self._current != i:
            if self._view is not None:
                view = self._view[0]
                if self._current >= 0:
                    self._rows[self._current][:] = view
                view[:] = self._rows[i]
            else:  # builds without the C view
                if self._current >= 0:
                    self._states[self._current] = self._bit.state
                self._bit.state = self._states[i]
            self._current = i
        return self.generator
