"""One worker's week, event by event: the reference form of the simulation model.

The model (the same in :func:`simulate_population`, vectorised over workers):

1. **Availability and demand.** She is online during her weekly availability,
   in her own time zone (DST-correct for the actual week). Tasks are posted on
   the clients' calendar (``scenario.demand``); tasks posted while she is
   offline are taken by others with the claim half-life. At each online minute
   the *supply* is the share of that minute in which a task can be found; the
   rest of her online time is logged as ``waiting``.
2. **Training.** ``search.training_hours`` of unpaid training open the week.
3. **Cycles.** Then, one cycle after another, as supply allows: she searches
   (exponential time, mean ``search.minutes`` times her search factor); finds a
   task of a kind drawn from the mix; with probability ``qualification.share``
   must first pass an unpaid test (exponential length; failing it, she goes
   back to searching); works for the kind's lognormal duration (times her speed
   factor); abandons it with the kind's ``return_rate`` (after a uniform share
   of its time: ``returned``), or submits it.
4. **Outages.** Cuts arrive as a Poisson process in busy time (``per_hour``);
   one that falls during a cycle ends it (a task in hand is lost: ``returned``)
   and lasts an exponential time (``outage``).
5. **Review.** The client rejects a submitted task with its rejection rate, or
   with its whole batch of ``batch_size`` consecutive tasks (mass rejection).
   Approval-rate gating: at the start of the week she is gated with the
   model's long-run probability; while gated, a ``gated_share`` of her tasks
   pays ``gated_pay_ratio`` of the reward.
6. **End of stretch.** Work that would run past the end of an online stretch
   stops there (a task in hand is returned, unsubmitted).
7. **Payout.** At the end of the week each platform keeps its fee and pays
   out the balance under its payout policy (minimum, fees, spread, carry-over).

Each worker draws factors (lognormal, median 1) for speed, search and pay from
``scenario.variation`` (and, in a mixture, her type, whose median factors multiply
them); rewards are also multiplied by ``pay_by_country`` for
her country.
"""

from __future__ import annotations

import bisect
import math
from datetime import date

import attrs
import numpy as np

from labourchain._time import monday
from labourchain._typing import SeedLike
from labourchain.accounting import WageReport, wage_report
from labourchain.domain import Platform, Worker
from labourchain.errors import InvalidInputError
from labourchain.simulate._kernel import (
    OUTAGE,
    PAID,
    QUAL,
    REJECTED,
    RETURNED,
    SEARCH,
    TRAIN,
    WAIT,
    Tables,
    WeekGrid,
    tables,
    week_grid,
)
from labourchain.simulate.scenario import Scenario
from labourchain.worklog import WorkLog

__all__ = ("WeekResult", "simulate_week")


#: A span: (start minute, end minute, activity code, reward or NaN, kind, slot).
Span = tuple[float, float, int, float, int, int]


@attrs.frozen(kw_only=True, eq=False)
class WeekResult:
    """A simulated week: every span in a :class:`~labourchain.WorkLog`, and its report.

    Attributes:
        log: One row per span (training, search, tests, tasks, outages, waiting).
        report: Its :class:`~labourchain.WageReport` under the scenario's platforms.
        night_share: Share of task work (paid, rejected, returned) at local night.
        tasks: Tasks attempted (started).
    """

    log: WorkLog
    report: WageReport
    night_share: float
    tasks: int


def _scenario_for(worker: Worker | None, scenario: Scenario) -> Scenario:
    if not isinstance(scenario, Scenario):
        raise InvalidInputError(f"scenario must be a Scenario, got {scenario!r}")
    if worker is None or worker == scenario.worker:
        return scenario
    if not isinstance(worker, Worker):
        raise InvalidInputError(f"worker must be a labourchain.Worker or None, got {worker!r}")
    return attrs.evolve(scenario, worker=worker)


def event_week(
    scenario: Scenario, grid: WeekGrid, tab: Tables, rng: np.random.Generator
) -> list[Span]:
    """The week's spans, one cycle at a time (a plain Python loop; see the module docstring)."""
    z = rng.standard_normal(3)
    v = scenario.variation
    speed = math.exp(v.speed * float(z[0]))
    search_f = math.exp(v.search * float(z[1]))
    pay = math.exp(v.pay * float(z[2])) * tab.country_multiplier
    n_clients = tab.rej_rate.size
    gated = [float(u) < float(g) for u, g in zip(rng.random(n_clients), tab.gating, strict=True)]
    if v.types:  # her type, in a mixture
        cum, factors = v.type_factors()
        f_speed, f_search, f_pay = factors[
            min(bisect.bisect_right(cum, rng.random()), len(cum) - 1)
        ]
        speed, search_f, pay = speed * f_speed, search_f * f_search, pay * f_pay

    s_mean = scenario.search.minutes * search_f
    q = scenario.qualification
    q_need, q_pass, q_mean = q.share, q.share * q.pass_rate, q.minutes
    o = scenario.outages
    cut_scale = 60.0 / o.per_hour if o.per_hour > 0 else math.inf
    cum_w = tab.cum_weight.tolist()
    batch = tab.batch_size.tolist()
    mass_u = [1.0] * n_clients

    spans: list[Span] = []
    total = grid.busy_total
    stop = grid.online_total
    pos_cum = grid.pos_cum.tolist()
    pos_minute = grid.pos_minute.tolist()
    pos_supply = grid.pos_supply.tolist()
    b = 0.0
    k = 0
    while b < total:
        for c in range(n_clients):
            if k % batch[c] == 0:
                mass_u[c] = rng.random()
        u_kind = rng.random()
        kind = min(sum(1 for w in cum_w if w <= u_kind), len(cum_w) - 1)
        s = s_mean * rng.standard_exponential()
        u_q = rng.random()
        t_q = q_mean * rng.standard_exponential() if u_q < q_need else 0.0
        attempted = u_q >= q_need or u_q < q_pass
        duration = (
            float(tab.dur_median[kind])
            * math.exp(float(tab.dur_sigma[kind]) * rng.standard_normal())
            * speed
        )
        reward = (
            float(tab.rew_median[kind])
            * math.exp(float(tab.rew_sigma[kind]) * rng.standard_normal())
            * pay
        )
        u_ret = rng.random()
        rr = float(tab.return_rate[kind])
        returned = u_ret < rr
        work = (duration * u_ret / rr if returned else duration) if attempted else 0.0
        client = int(tab.kind_client[kind])
        rejected = rng.random() < tab.rej_rate[client] or mass_u[client] < tab.mass_rate[client]
        if gated[client] and rng.random() < tab.gated_share[client]:
            reward *= float(tab.gated_pay[client])
        cut_after = cut_scale * rng.standard_exponential()
        cut_len = o.minutes * rng.standard_exponential()

        cycle = s + t_q + work
        cut = cut_after < cycle
        pieces: list[tuple[float, int]] = []
        if cut:
            s_, q_, w_ = _truncate(cut_after, s, t_q, work)
            in_task = cut_after > s + t_q and attempted
            pieces = [(s_, SEARCH), (q_, QUAL), (w_, RETURNED if in_task else -1)]
            pieces.append((cut_len, OUTAGE))
            cycle = cut_after + cut_len
        else:
            task_code = -1
            if attempted:
                task_code = RETURNED if returned else (REJECTED if rejected else PAID)
            pieces = [(s, SEARCH), (t_q, QUAL), (work, task_code)]

        j = max(bisect.bisect_right(pos_cum, b) - 1, 0)
        t = pos_minute[j] + (b - pos_cum[j]) / pos_supply[j]
        for length, code in pieces:
            if length <= 0 or code < 0 or t >= stop:
                t += max(length, 0.0)
                continue
            end = min(t + length, stop)
            if code in (PAID, REJECTED) and end < t + length:
                code = RETURNED
            is_task = code in (PAID, REJECTED, RETURNED)
            spans.append((t, end, code, reward if is_task else math.nan, kind, k))
            t += length
        b += cycle
        k += 1
    return spans


def _truncate(at: float, *lengths: float) -> tuple[float, ...]:
    out = []
    for length in lengths:
        out.append(min(length, max(at, 0.0)))
        at -= length
    return tuple(out)


def _waiting(grid: WeekGrid, spans: list[Span]) -> list[Span]:
    """Training and waiting spans: the online time the given spans leave free."""
    out: list[Span] = []
    if grid.training > 0:
        out.append((0.0, grid.training, TRAIN, math.nan, -1, -1))
    t = grid.training
    for s in sorted(spans, key=lambda x: x[0]):
        if s[0] > t:
            out.append((t, s[0], WAIT, math.nan, -1, -1))
        t = max(t, s[1])
    if t < grid.online_total:
        out.append((t, grid.online_total, WAIT, math.nan, -1, -1))
    return out


def _log(scenario: Scenario, grid: WeekGrid, spans: list[Span]) -> WorkLog:
    """One row per span, split where a session ends (real time, local offsets)."""
    rows = []
    for span in sorted(spans, key=lambda s: s[0]):
        for a, e in grid.to_real(span[0], span[1]):
            rows.append((a, e, span))
    if not rows:
        return WorkLog.empty()
    arr = np.array([(r[0], r[1]) for r in rows])
    start_us = np.rint((grid.t0_s + 60.0 * arr[:, 0]) * 1e6).astype(np.int64)
    end_us = np.rint((grid.t0_s + 60.0 * arr[:, 1]) * 1e6).astype(np.int64)
    minutes = (end_us - start_us) / 60e6
    codes = np.array([r[2][2] for r in rows], dtype=np.int8)
    reward = np.array([r[2][3] for r in rows])
    task = np.isin(codes, (PAID, REJECTED, RETURNED))
    kinds = [scenario.kinds[r[2][4]] if t else None for r, t in zip(rows, task, strict=True)]
    online_minute = np.searchsorted(grid.real_minute, arr[:, 0].astype(np.intp))
    online_minute = np.clip(online_minute, 0, max(grid.offset_s.size - 1, 0))
    # A task split across sessions shares its reward among its pieces by time.
    i = 0
    while i < len(rows):
        j = i
        while j + 1 < len(rows) and rows[j + 1][2] is rows[i][2]:
            j += 1
        if j > i and task[i]:
            share = minutes[i : j + 1] / max(float(minutes[i : j + 1].sum()), 1e-300)
            total = float(reward[i])
            reward[i:j] = total * share[:-1]
            reward[j] = total - float(reward[i:j].sum())
        i = j + 1
    return WorkLog.from_arrays(
        start=start_us,
        minutes=minutes,
        activity=codes,
        reward=reward,
        currency=scenario.currency,
        offset_s=grid.offset_s[online_minute] if grid.offset_s.size else 0,
        platform=np.array([k.platform if k else "" for k in kinds], dtype=object),
        client=np.array([k.client if k else "" for k in kinds], dtype=object),
        task_id=np.array(
            [f"t{r[2][5]}" if t else "" for r, t in zip(rows, task, strict=True)], dtype=object
        ),
        kind=np.array([k.name if k else "" for k in kinds], dtype=object),
    )


def platforms_of(scenario: Scenario) -> dict[str, Platform]:
    """The scenario's platforms by log label ('' for rows without a platform)."""
    out = {p.name: p.platform(scenario.currency) for p in scenario.platforms}
    out.setdefault("", Platform(name="(no platform)", worker_fee=0.0))
    return out


def simulate_week(
    worker: Worker | None,
    scenario: Scenario,
    *,
    week_of: date | None = None,
    seed: SeedLike = None,
) -> WeekResult:
    """Simulate one worker's week, event by event (see the module docstring for the model).

    Args:
        worker: The worker (country, zone, availability); ``None`` for the
            scenario's typical worker. Her individual factors (speed, search,
            pay) are drawn from ``scenario.variation``.
        scenario: The :class:`Scenario`.
        week_of: Any date in the week (default ``scenario.week_of``).
        seed: Seed, ``SeedSequence`` or generator for :func:`numpy.random.default_rng`.

    Returns:
        A :class:`WeekResult`: the log of every span and its wage report.

    >>> from labourchain import cases
    >>> week = simulate_week(None, cases.load("eduardo"), seed=1)
    >>> round(week.report.total_time.magnitude, 6)   # all of her 48 hours online, logged
    48.0
    """
    scen = _scenario_for(worker, scenario)
    day = monday(scenario.week_of if week_of is None else week_of)
    grid = week_grid(scen, day)
    rng = np.random.default_rng(seed)
    spans = event_week(scen, grid, tables(scen), rng)
    all_spans = spans + _waiting(grid, spans)
    log = _log(scen, grid, all_spans)
    report = wage_report(log, currency=scen.currency, platform=platforms_of(scen))
    task = [s for s in spans if s[2] in (PAID, REJECTED, RETURNED)]
    if task:
        a = np.array([s[0] for s in task])
        e = np.array([s[1] for s in task])
        total = float(np.sum(e - a))
        night = float(np.sum(grid.night(a, e))) / total if total > 0 else 0.0
    else:
        night = 0.0
    n_tasks = len({s[5] for s in task})
    return WeekResult(log=log, report=report, night_share=night, tasks=n_tasks)
