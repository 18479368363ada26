"""The worker-week model's numerics, shared by the event-level and vectorised forms.

Three clocks. *Real time* is counted in minutes from the worker's local Monday
00:00 of the week (a grid of 8 days, so that a Sunday-night span that ends on
Monday fits). The *online clock* counts only the minutes she is online (her
availability, DST-correct), end to end: a task or a search interrupted by the
end of a session resumes at the start of the next one. The *busy clock*
counts only the time she spends searching, testing, working and cut off by
outages. Each online minute carries a *supply* ``w`` in [0, 1]: the share of
that minute in which a task can be found (see :func:`week_grid`); busy time
runs at rate ``w``, and the rest of her online time is waiting. The busy clock
maps to the online clock by the inverse of the cumulative supply, so a cycle
of busy time at busy position ``b`` starts at online time ``T(b)``; because
``T`` has slope ``1 / w >= 1``, cycles never overlap, and the gaps between them
are waiting. A cycle that would run past the end of her week's online time is
cut there (the task in hand is returned, unsubmitted).

Everything here works on plain float64 arrays of minutes and amounts in the
scenario's currency.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from functools import cached_property, lru_cache
from typing import Final

import attrs
import numpy as np
import numpy.typing as npt

from labourchain import _time
from labourchain.activity import Activity
from labourchain.demand import DemandProfile
from labourchain.simulate.scenario import Scenario

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]
BoolArray = npt.NDArray[np.bool_]

GRID_DAYS: Final = 8
GRID_MINUTES: Final = GRID_DAYS * 1440
WEEK_MINUTES: Final = 7 * 1440
NIGHT: Final = (22 * 60, 6 * 60)  # local night 22:00-06:00, as labourchain.night_share

#: Activity codes in WorkLog order.
CODE: Final = {a: i for i, a in enumerate(Activity)}
#: Codes of the activities the model logs.
PAID, REJECTED, RETURNED = CODE[Activity.PAID], CODE[Activity.REJECTED], CODE[Activity.RETURNED]
SEARCH, QUAL, TRAIN = (
    CODE[Activity.SEARCH],
    CODE[Activity.QUALIFICATION],
    CODE[Activity.TRAINING],
)
WAIT, OUTAGE = CODE[Activity.WAITING], CODE[Activity.OUTAGE]
N_ACTIVITIES: Final = len(CODE)

#: Uniform, normal and exponential draws per task slot, in this order.
UNIFORMS: Final = ("kind", "qualification", "outcome", "mass", "gated")
NORMALS: Final = ("duration", "reward")
EXPONENTIALS: Final = ("search", "test", "cut_after", "cut_length")


@attrs.frozen(kw_only=True, eq=False)
class WeekGrid:
    """A worker's week on the online clock: supply, night and the way back to real time.

    Attributes:
        t0_s: Epoch seconds of her local Monday 00:00.
        real_minute: For each online minute, its real minute (from ``t0_s``).
        run_starts: Online-clock starts of her sessions (runs of adjacent minutes).
        training: Minutes of training at the start of the online clock.
        supply: Per online minute, share of it in which a task can be found.
        pos_minute: Online minutes with positive supply (increasing).
        pos_cum: Busy-clock position at the start of each of those minutes.
        pos_supply: Their supply.
        busy_total: Total busy time the week's supply allows (minutes).
        online_total: Minutes online.
        night_cum: Cumulative night minutes at each online-minute boundary.
        offset_s: UTC offset (seconds) of each online minute's local time.
    """

    t0_s: int
    real_minute: IntArray
    run_starts: IntArray
    training: float
    supply: FloatArray
    pos_minute: FloatArray
    pos_cum: FloatArray
    pos_supply: FloatArray
    busy_total: float
    online_total: float
    night_cum: FloatArray
    offset_s: npt.NDArray[np.int32]

    @property
    def knots_x(self) -> FloatArray:
        """Busy-clock knots of ``T`` (piecewise linear; use with :func:`numpy.interp`)."""
        return self._knots[0]

    @property
    def knots_y(self) -> FloatArray:
        """Online-clock values of ``T`` at :attr:`knots_x`."""
        return self._knots[1]

    @cached_property
    def _knots(self) -> tuple[FloatArray, FloatArray]:
        x = np.empty(2 * self.pos_cum.size)
        y = np.empty(2 * self.pos_cum.size)
        x[0::2] = self.pos_cum
        x[1::2] = self.pos_cum + self.pos_supply
        y[0::2] = self.pos_minute
        y[1::2] = self.pos_minute + 1.0
        if x.size < 3:
            return x, y
        # Drop knots inside straight runs (same slope on both sides), so interpolation
        # searches a few knots per session rather than two per minute.
        dx, dy = np.diff(x), np.diff(y)
        keep = np.ones(x.size, dtype=bool)
        keep[1:-1] = (dy[1:] * dx[:-1] != dy[:-1] * dx[1:]) | (dx[:-1] == 0) | (dx[1:] == 0)
        return x[keep], y[keep]

    @cached_property
    def full_supply(self) -> bool:
        """Whether supply is 1 at every online minute after training (``T(b) = training + b``)."""
        after = self.supply[int(self.training) :]
        return bool(after.size) and bool(np.all(after == 1.0))

    def night_at(self, t: FloatArray) -> FloatArray:
        """Night minutes before online time ``t`` (direct lookup on the minute grid)."""
        n = self.real_minute.size
        t = np.clip(t, 0.0, float(n))
        i = t.astype(np.intp)
        np.minimum(i, max(n - 1, 0), out=i)
        nc = self.night_cum
        lo = nc[i]
        out: FloatArray = (nc[i + 1] - lo) * (t - i)
        out += lo
        return out

    def night(self, start: FloatArray, end: FloatArray) -> FloatArray:
        """Night minutes in ``[start, end)`` of the online clock."""
        out: FloatArray = self.night_at(end) - self.night_at(start)
        return out

    def to_real(self, start: float, end: float) -> list[tuple[float, float]]:
        """Real-time pieces (minutes from ``t0_s``) of an online-clock span, split by sessions."""
        pieces = []
        runs = [*self.run_starts.tolist(), int(self.online_total)]
        for r in range(len(runs) - 1):
            a, b = max(start, runs[r]), min(end, runs[r + 1])
            if b > a:
                base = float(self.real_minute[runs[r]]) - runs[r]
                pieces.append((a + base, b + base))
        return pieces


def _intensity(profile: DemandProfile, epoch_minute_mid: FloatArray, week_of: date) -> FloatArray:
    """Posting intensity at each instant (epoch seconds), from the client's weekly pieces."""
    starts, ends, rates = profile.postings(week_of)
    zone = _time.zone(profile.tz)
    c0 = float(_time.week_start(week_of, zone))
    x = c0 + np.mod(epoch_minute_mid - c0, 7 * 86400.0)
    idx = np.searchsorted(starts, x, side="right") - 1
    ok = idx >= 0
    idx = np.maximum(idx, 0)
    inside = ok & (x < ends[idx])
    return np.where(inside, rates[idx], 0.0)


@lru_cache(maxsize=64)
def week_grid(scenario: Scenario, week_of: date) -> WeekGrid:
    """The typical worker's week on the online clock (cached per scenario and week).

    Supply: the client posts with relative intensity ``λ`` (the demand profile,
    peak 1, times ``demand.scale``) per minute of her capacity. Posted work not
    taken at once waits in a backlog that other workers deplete with the claim
    half-life; while online (and not training) she takes up to one minute of
    work per minute from what was posted that minute plus the backlog. The
    backlog at the start of the week is the one left by the same week before it.
    """
    availability = scenario.availability
    zone = _time.zone(availability.tz)
    t0 = _time.week_start(week_of, zone)
    minutes = np.arange(GRID_MINUTES, dtype=np.float64)
    online = np.zeros(GRID_MINUTES, dtype=bool)
    a_starts, a_ends = availability.instants(week_of)
    for s, e in zip(a_starts, a_ends, strict=True):
        i = round((s - t0) / 60)
        j = round((e - t0) / 60)
        online[max(i, 0) : min(j, GRID_MINUTES)] = True

    # Local clock: UTC offset per minute (looked up each hour; zones change on the hour).
    hours_ = [_offset(t0 + 3600 * h, zone) for h in range(GRID_DAYS * 24)]
    offset_s = np.repeat(np.asarray(hours_, dtype=np.int32), 60)
    local = np.mod((t0 + 60 * minutes + offset_s) / 60.0, 1440.0)
    start, end = NIGHT
    is_night = (local >= start) | (local < end)

    demand = scenario.demand
    profile = DemandProfile.from_schedule(
        demand.schedule(), intensity=1.0, background=demand.background
    )
    lam = _intensity(profile, t0 + 60 * minutes + 30, week_of)
    peak = float(lam.max()) if lam.size else 0.0
    supply_in = demand.scale * lam / peak if peak > 0 else np.zeros_like(lam)

    # Training: the first minutes online (whole minutes).
    real = np.flatnonzero(online)
    n_train = min(real.size, math.ceil(scenario.search.training_hours * 60.0 - 1e-9))
    takes = online.copy()
    takes[real[:n_train]] = False

    h = demand.half_life_hours * 60.0
    decay = 0.0 if h == 0 else 2.0 ** (-1.0 / h)
    supply = _supply(supply_in, takes, decay)[real]

    pos = np.flatnonzero(supply > 0)
    cum = np.concatenate(([0.0], np.cumsum(supply)))
    jumps = np.flatnonzero(np.diff(real) > 1) + 1
    run_starts = np.concatenate(([0], jumps)).astype(np.intp) if real.size else np.zeros(0, np.intp)
    night_cum = np.concatenate(([0.0], np.cumsum(is_night[real], dtype=np.float64)))
    return WeekGrid(
        t0_s=int(t0),
        real_minute=real.astype(np.intp),
        run_starts=run_starts,
        training=float(n_train),
        supply=supply,
        pos_minute=pos.astype(np.float64),
        pos_cum=cum[pos],
        pos_supply=supply[pos],
        busy_total=float(cum[-1]),
        online_total=float(real.size),
        night_cum=night_cum,
        offset_s=offset_s[real],
    )


def _offset(epoch_s: int, zone: object) -> int:
    off = _time.from_epoch(epoch_s, zone).utcoffset()  # type: ignore[arg-type]
    return 0 if off is None else int(off // timedelta(seconds=1))


def _supply(supply_in: FloatArray, takes: BoolArray, decay: float) -> FloatArray:
    """Per-minute work she can take, given postings, when she takes, and backlog decay."""
    n = supply_in.size
    out = np.zeros(n)
    post = supply_in.tolist()
    take = takes.tolist()
    backlog = 0.0
    # Warm-up over the first week so the backlog starts where the previous week left it.
    for m in range(WEEK_MINUTES):
        avail = backlog + post[m]
        used = min(1.0, avail) if take[m] else 0.0
        backlog = (avail - used) * decay
    for m in range(n):
        avail = backlog + post[m]
        used = min(1.0, avail) if take[m] else 0.0
        out[m] = used
        backlog = (avail - used) * decay
    return out


@attrs.frozen(kw_only=True, eq=False)
class Tables:
    """The scenario's task mix and clients as arrays, for the kernels."""

    cum_weight: FloatArray
    dur_median: FloatArray
    dur_sigma: FloatArray
    rew_median: FloatArray
    rew_sigma: FloatArray
    return_rate: FloatArray
    kind_client: IntArray
    kind_platform: IntArray
    rej_rate: FloatArray
    mass_rate: FloatArray
    batch_size: IntArray
    gating: FloatArray
    gated_share: FloatArray
    gated_pay: FloatArray
    worker_fee: FloatArray
    country_multiplier: float
    any_rejection: bool
    any_return: bool
    all_return: bool


@lru_cache(maxsize=64)
def tables(scenario: Scenario) -> Tables:
    """Arrays of the scenario's kinds, clients and platforms."""
    kinds = scenario.kinds
    clients = [c.name for c in scenario.clients]
    platforms = [p.name for p in scenario.platforms]
    weights = np.array([k.weight for k in kinds])
    cum = np.cumsum(weights) / weights.sum()
    cum[-1] = 1.0
    models = [c.rejection for c in scenario.clients]
    batch = np.array([m.batch_size for m in models], dtype=np.intp)
    return Tables(
        cum_weight=cum,
        dur_median=np.array([k.minutes.median for k in kinds]),
        dur_sigma=np.array([k.minutes.sigma for k in kinds]),
        rew_median=np.array([k.reward.median for k in kinds]),
        rew_sigma=np.array([k.reward.sigma for k in kinds]),
        return_rate=np.array([k.return_rate for k in kinds]),
        kind_client=np.array([clients.index(k.client) for k in kinds], dtype=np.intp),
        kind_platform=np.array([platforms.index(k.platform) for k in kinds], dtype=np.intp),
        rej_rate=np.array([m.rate for m in models]),
        mass_rate=np.array([m.mass_rate for m in models]),
        batch_size=batch,
        gating=np.array([m.gating_probability for m in models]),
        gated_share=np.array([m.gated_share for m in models]),
        gated_pay=np.array([m.gated_pay_ratio for m in models]),
        worker_fee=np.array([p.worker_fee for p in scenario.platforms]),
        country_multiplier=scenario.country_multiplier,
        any_rejection=any(m.rate > 0 for m in models),
        any_return=any(k.return_rate > 0 for k in kinds),
        all_return=all(k.return_rate > 0 for k in kinds),
    )
