"""Overlapping spans: the time each row of a log counts for (the sweep), and its instants."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import attrs
import numpy as np

from labourchain._frozen import read_only
from labourchain._intervals import shared_lengths
from labourchain.worklog._columns import EPOCH, FloatArray, Int64Array, ObjArray

__all__ = ("Timeline", "at_offset", "sweep")


@attrs.frozen(kw_only=True, eq=False)
class Timeline:
    """What :meth:`WorkLog.timeline` finds.

    Attributes:
        minutes: The log's durations.
        shared: Seconds each row counts for where spans overlap (``None`` when
            they are disjoint and every row counts its own duration).
        first_us: The earliest start, microseconds since the epoch (UTC).
        last_us: The latest end, likewise.
    """

    minutes: FloatArray = attrs.field(converter=read_only)
    shared: FloatArray | None = attrs.field(converter=read_only)
    first_us: int
    last_us: int

    @property
    def disjoint(self) -> bool:
        """Whether no two spans overlap."""
        return self.shared is None

    @property
    def counted(self) -> FloatArray:
        """Seconds each row counts for (overlaps shared equally)."""
        if self.shared is not None:
            return self.shared
        seconds: FloatArray = self.minutes * 60.0
        return seconds


def at_offset(micros: int, offset_s: int) -> datetime:
    """``micros`` (microseconds since the epoch, UTC) as an aware datetime at ``offset_s``."""
    tz = timezone(timedelta(seconds=offset_s))
    return (EPOCH + timedelta(microseconds=micros)).astimezone(tz)


def sweep(
    start: Int64Array, end: Int64Array, minutes: FloatArray, workers: ObjArray | None
) -> Timeline:
    """Counted time per span and the first and last instants, in one pass.

    Where ``k`` spans cover the same instant each gets ``1/k`` of it; with
    ``workers`` (one label per span) spans are shared only among one worker's own.
    """
    n = len(start)
    if n == 0:
        return Timeline(minutes=minutes, shared=None, first_us=0, last_us=0)
    # Each span ending before the next starts implies sorted, disjoint spans.
    if n == 1 or bool(np.all(start[1:] >= end[:-1])):
        return Timeline(minutes=minutes, shared=None, first_us=int(start[0]), last_us=int(end[-1]))
    first_us, last_us = int(start.min()), int(end.max())
    if workers is not None:
        # Several people's time: a minute is shared only among one worker's spans.
        # Each worker's spans move to their own stretch of the time axis.
        _, group = np.unique(workers.astype(str), return_inverse=True)
        stride = np.int64(last_us - first_us + 1)
        shift = group.astype(np.int64) * stride
        start, end = start - first_us + shift, end - first_us + shift
    order = np.argsort(start, kind="stable")
    if bool(np.all(start[order][1:] >= np.maximum.accumulate(end[order])[:-1])):
        return Timeline(minutes=minutes, shared=None, first_us=first_us, last_us=last_us)
    # The sweep: each instant covered by k spans counts 1/k for each (seconds).
    counted = shared_lengths(start, end, unit=1e6)
    return Timeline(minutes=minutes, shared=counted, first_us=first_us, last_us=last_us)
