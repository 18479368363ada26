"""Tests for labourchain._intervals: the interval algebra of the time layer.

Each property is checked against a brute-force count on a grid of integer points:
intervals with integer ends, so a half-open ``[a, b)`` holds the points a .. b-1
and its measure is the number of points it holds.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from labourchain import _intervals

GRID = 40
pairs = st.lists(
    st.tuples(st.integers(0, GRID), st.integers(0, GRID)).map(sorted),
    max_size=8,
)


def arrays(items: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
    starts = np.array([a for a, _ in items], dtype=np.float64)
    ends = np.array([b for _, b in items], dtype=np.float64)
    return starts, ends


def members(items: list[list[int]], period: int | None = None) -> set[int]:
    """The integer points that the intervals hold (on the circle, if a period is given)."""
    points = set()
    for a, b in items:
        for x in range(a, b):
            points.add(x if period is None else x % period)
    return points


def points_of(starts: np.ndarray, ends: np.ndarray) -> set[int]:
    return {x for a, b in zip(starts, ends, strict=True) for x in range(int(a), int(b))}


@settings(max_examples=80, deadline=None)
@given(pairs)
def test_union_is_normalised_and_holds_the_same_points(items: list[list[int]]) -> None:
    starts, ends = _intervals.union(*arrays(items))
    assert np.all(ends > starts)
    assert np.all(starts[1:] > ends[:-1])  # sorted, disjoint and not touching
    assert points_of(starts, ends) == members(items)


@settings(max_examples=80, deadline=None)
@given(pairs, st.lists(st.integers(-2, GRID + 2), max_size=6))
def test_cover_counts_the_points_below(items: list[list[int]], ts: list[int]) -> None:
    starts, ends = _intervals.union(*arrays(items))
    got = _intervals.cover(np.array(ts, dtype=np.float64), starts, ends)
    held = members(items)
    assert got.tolist() == [float(sum(1 for x in held if x < t)) for t in ts]


@settings(max_examples=80, deadline=None)
@given(pairs, pairs)
def test_intersection_length_is_the_shared_points(a: list[list[int]], b: list[list[int]]) -> None:
    sa, sb = _intervals.union(*arrays(a)), _intervals.union(*arrays(b))
    shared = float(len(members(a) & members(b)))
    assert _intervals.intersection_length(*sa, *sb) == shared
    assert _intervals.intersection_length(*sb, *sa) == shared


@settings(max_examples=80, deadline=None)
@given(pairs, st.integers(1, 15))
def test_wrap_and_on_circle_fold_onto_the_period(items: list[list[int]], period: int) -> None:
    starts, ends = arrays(items)
    s, e, crosses = _intervals.wrap(starts, ends, float(period))
    assert s.size == e.size == starts.size + int(crosses.sum())
    assert np.all((s >= 0) & (e <= period) & (e >= s))
    assert float(np.sum(e - s)) == float(np.sum(np.minimum(ends - starts, period)))
    circle = _intervals.on_circle(starts, ends, float(period))
    assert points_of(*circle) == members(items, period)


@settings(max_examples=80, deadline=None)
@given(pairs, pairs, st.lists(st.integers(0, GRID), max_size=4))
def test_difference_segments(
    base: list[list[int]], minus: list[list[int]], cuts: list[int]
) -> None:
    b, m = _intervals.union(*arrays(base)), _intervals.union(*arrays(minus))
    s, e = _intervals.difference_segments(b, m, np.array(cuts, dtype=np.float64))
    assert points_of(s, e) == members(base) - members(minus)
    assert np.all(e > s)
    assert np.all(s[1:] >= e[:-1])
    for cut in cuts:  # no segment straddles a cut
        assert not np.any((s < cut) & (cut < e))


@given(pairs.filter(lambda items: len(items) > 0))
@settings(max_examples=200)
def test_shared_lengths_share_each_point_among_its_intervals(items: list[list[int]]) -> None:
    starts = np.array([a for a, _ in items], dtype=np.int64)
    ends = np.array([b for _, b in items], dtype=np.int64)
    expected = []
    for a, b in items:
        share = 0.0
        for x in range(a, b):
            k = sum(1 for c, d in items if c <= x < d)
            share += 1.0 / k
        expected.append(share)
    got = _intervals.shared_lengths(starts, ends)
    assert np.allclose(got, expected)
    assert np.isclose(got.sum(), len(members(items)))
    scaled = _intervals.shared_lengths(starts * 1000, ends * 1000, unit=1000.0)
    assert np.allclose(scaled, expected)
