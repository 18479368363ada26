"""Interval algebra on float arrays: union, cumulative cover, intersection, the circle.

An interval set is two float64 arrays ``(starts, ends)`` of half-open intervals
``[start, end)`` in any unit (seconds, minutes). Most functions want a
*normalised* set: sorted, disjoint and non-touching, as :func:`union` returns.
:func:`on_circle` folds intervals onto a period (a week), which is how weekly
patterns repeat; :func:`wrap` is the same fold for pieces that carry a value
each (posting rates) and must stay apart.

This is a private module: its functions are the package's internal API, named and
documented, but not part of the public surface. It needs numpy only.

>>> import numpy as np
>>> s, e = union(np.array([0.0, 5.0, 2.0]), np.array([3.0, 6.0, 4.0]))
>>> s.tolist(), e.tolist()
([0.0, 5.0], [4.0, 6.0])
"""

from __future__ import annotations

from typing import Any, Final

import numpy as np
import numpy.typing as npt

from labourchain._typing import FloatArray

__all__ = (
    "SECONDS_PER_WEEK",
    "cover",
    "difference_segments",
    "intersection_length",
    "on_circle",
    "shared_lengths",
    "short_gaps",
    "union",
    "wrap",
)


#: The period of weekly patterns, in seconds (:func:`on_circle`'s default).
SECONDS_PER_WEEK: Final = 7 * 86400


def union(starts: FloatArray, ends: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Sorted, disjoint, non-touching union of half-open intervals (empty ones dropped).

    >>> s, e = union(np.array([4.0, 0.0, 2.0, 9.0]), np.array([6.0, 2.0, 3.0, 9.0]))
    >>> s.tolist(), e.tolist()   # [0, 2) and [2, 3) touch; [9, 9) is empty
    ([0.0, 4.0], [3.0, 6.0])
    """
    keep = ends > starts
    s, e = starts[keep], ends[keep]
    if s.size == 0:
        return s, e
    order = np.argsort(s, kind="stable")
    s, e = s[order], e[order]
    reach = np.maximum.accumulate(e)
    new = np.empty(s.size, dtype=bool)
    new[0] = True
    new[1:] = s[1:] > reach[:-1]
    group = np.cumsum(new) - 1
    out_e = np.full(int(group[-1]) + 1, -np.inf)
    np.maximum.at(out_e, group, e)
    return s[new], out_e


def cover(t: FloatArray, starts: FloatArray, ends: FloatArray) -> FloatArray:
    """Measure of the normalised set ``[starts, ends)`` below each ``t``.

    ``cover(b) - cover(a)`` is the measure of the set within ``[a, b)``.

    >>> cover(np.array([0.0, 1.5, 2.5, 10.0]), np.array([1.0, 3.0]), np.array([2.0, 4.0]))
    array([0. , 0.5, 1. , 2. ])
    """
    t = np.asarray(t, dtype=np.float64)
    if starts.size == 0:
        return np.zeros_like(t)
    lengths = ends - starts
    before = np.concatenate(([0.0], np.cumsum(lengths)))
    idx = np.searchsorted(starts, t, side="right")
    last = np.maximum(idx - 1, 0)
    partial = np.where(idx > 0, np.clip(t - starts[last], 0.0, lengths[last]), 0.0)
    result: FloatArray = before[last] + partial
    return result


def intersection_length(
    a_starts: FloatArray, a_ends: FloatArray, b_starts: FloatArray, b_ends: FloatArray
) -> float:
    """Measure of the intersection of two normalised interval sets.

    >>> intersection_length(np.array([0.0, 10.0]), np.array([5.0, 12.0]),
    ...                     np.array([4.0]), np.array([11.0]))
    2.0
    """
    if a_starts.size == 0 or b_starts.size == 0:
        return 0.0
    return float(np.sum(cover(a_ends, b_starts, b_ends) - cover(a_starts, b_starts, b_ends)))


def wrap(
    starts: FloatArray, ends: FloatArray, period: float
) -> tuple[FloatArray, FloatArray, npt.NDArray[np.bool_]]:
    """Intervals folded onto ``[0, period)``, each split in two where it crosses ``period``.

    Returns the folded starts and ends (one piece per interval, in order, then the
    second pieces of those that cross) and which intervals cross. An interval longer
    than ``period`` is cut to ``period``.

    >>> s, e, crosses = wrap(np.array([5.0, 13.0]), np.array([6.0, 16.0]), 10.0)
    >>> s.tolist(), e.tolist(), crosses.tolist()
    ([5.0, 3.0], [6.0, 6.0], [False, False])
    >>> s, e, crosses = wrap(np.array([8.0]), np.array([12.0]), 10.0)
    >>> s.tolist(), e.tolist(), crosses.tolist()
    ([8.0, 0.0], [10.0, 2.0], [True])
    """
    lengths = np.minimum(ends - starts, period)
    a = np.mod(starts, period)
    b = a + lengths
    wraps = b > period
    s = np.concatenate((a, np.zeros(int(wraps.sum()))))
    e = np.concatenate((np.minimum(b, period), b[wraps] - period))
    return s, e, wraps


def on_circle(
    starts: FloatArray, ends: FloatArray, period: float = SECONDS_PER_WEEK
) -> tuple[FloatArray, FloatArray]:
    """Intervals folded onto ``[0, period)`` and merged: the set their repetition covers.

    The default period is a week of seconds: a week's instants repeated every 7 x 24 hours.

    >>> s, e = on_circle(np.array([8.0, 11.0]), np.array([12.0, 13.0]), 10.0)
    >>> s.tolist(), e.tolist()
    ([0.0, 8.0], [3.0, 10.0])
    """
    s, e, _ = wrap(starts, ends, period)
    return union(s, e)


def difference_segments(
    base: tuple[FloatArray, FloatArray],
    minus: tuple[FloatArray, FloatArray],
    cuts: FloatArray,
) -> tuple[FloatArray, FloatArray]:
    """Elementary segments of ``base`` minus ``minus`` (both normalised), also split at ``cuts``.

    >>> s, e = difference_segments((np.array([0.0]), np.array([10.0])),
    ...                            (np.array([2.0]), np.array([4.0])), np.array([7.0]))
    >>> s.tolist(), e.tolist()
    ([0.0, 4.0, 7.0], [2.0, 7.0, 10.0])
    """
    points = np.unique(np.concatenate((base[0], base[1], minus[0], minus[1], cuts)))
    left, right = points[:-1], points[1:]
    mid = (left + right) / 2

    def member(sets: tuple[FloatArray, FloatArray]) -> npt.NDArray[np.bool_]:
        s, e = sets
        if s.size == 0:
            return np.zeros(mid.shape, dtype=bool)
        idx = np.searchsorted(s, mid, side="right") - 1
        result: npt.NDArray[np.bool_] = (idx >= 0) & (mid < e[np.maximum(idx, 0)])
        return result

    keep = member(base) & ~member(minus)
    return left[keep], right[keep]


def short_gaps(
    starts: npt.NDArray[Any], ends: npt.NDArray[Any], limit: float
) -> tuple[npt.NDArray[np.intp], npt.NDArray[Any]]:
    """The gaps no longer than ``limit`` between the intervals, as a sweep in start order sees them.

    A gap runs from the end of everything started so far (the running maximum
    of the ends, in start order, ties kept in input order) to the next start;
    only gaps longer than zero and at most ``limit`` are returned. The arrays may
    be of any numeric type (a log's microseconds); the gaps keep it.

    Returns:
        ``(after, length)``: for each gap, the index (into the inputs) of the
        interval it follows in start order, and its length, in start order.

    >>> after, length = short_gaps(np.array([0, 10, 12, 40]), np.array([8, 11, 15, 50]), 5)
    >>> after.tolist(), length.tolist()     # 8..10 and 11..12; 15..40 is too long
    ([0, 1], [2, 1])
    """
    if len(starts) < 2:
        return np.zeros(0, dtype=np.intp), starts[:0] - ends[:0]
    order = np.argsort(starts, kind="stable")
    reach = np.maximum.accumulate(ends[order])
    gaps = starts[order][1:] - reach[:-1]
    chosen = np.flatnonzero((gaps > 0) & (gaps <= limit))
    return order[chosen], gaps[chosen]


def shared_lengths(
    starts: npt.NDArray[Any], ends: npt.NDArray[Any], unit: float = 1.0
) -> FloatArray:
    r"""Each interval's share of the union when overlaps are shared equally, in ``unit``\ s.

    The sweep line: the distinct boundaries cut the axis into elementary segments; a
    segment covered by ``k`` intervals gives ``1/k`` of its length to each. The shares
    add up to the length of the union, and where no two intervals overlap each share
    is the interval's own length. Lengths are divided by ``unit`` before they are
    shared (a log passes microseconds and ``unit=1e6`` to get seconds).

    >>> shared_lengths(np.array([0, 2]), np.array([4, 6])).tolist()  # 2..4 shared
    [3.0, 3.0]
    """
    # Sorted distinct boundaries. (np.unique's hash path is ~50x slower here.)
    bounds = np.sort(np.concatenate([starts, ends]))
    keep = np.empty(len(bounds), dtype=bool)
    keep[0] = True
    np.not_equal(bounds[1:], bounds[:-1], out=keep[1:])
    bounds = bounds[keep]
    i_start = np.searchsorted(bounds, starts)
    i_end = np.searchsorted(bounds, ends)
    delta = np.bincount(i_start, minlength=len(bounds)) - np.bincount(i_end, minlength=len(bounds))
    cover = np.cumsum(delta)[:-1]
    seg = np.diff(bounds).astype(np.float64) / unit
    weight = np.divide(seg, cover, out=np.zeros_like(seg), where=cover > 0)
    cumulative = np.concatenate([[0.0], np.cumsum(weight)])
    shared: FloatArray = cumulative[i_end] - cumulative[i_start]
    return shared
