"""The worker-week model of labourchain.simulate in plain Python and as a Mesa 3 model.

Both run the same cycles as ``labourchain.simulate.simulate_week`` (search, unpaid test,
task, return, rejection with mass rejection, gating, outages, waiting where supply is
short, the end of the week's online time) and keep only what ``simulate_population``
returns per worker (earnings before payout fees, hours paid and in total, tasks), so that
the three can be timed on the same work. The plain loop draws from ``random.Random``;
the Mesa model from the model's own ``random`` (Mesa 3 seeds it from ``seed=``).

Loaded by path from ``benchmarks/conftest.py`` (benchmarks use pytest's importlib mode).
"""

from __future__ import annotations

import bisect
import math
import random
from typing import Any

import mesa

from labourchain.simulate._kernel import tables, week_grid
from labourchain.simulate.scenario import Scenario


def week_params(scenario: Scenario) -> dict[str, Any]:
    """Plain Python numbers and lists for one week of the scenario's typical worker."""
    grid = week_grid(scenario, scenario.week_of)
    tab = tables(scenario)
    q, o, v = scenario.qualification, scenario.outages, scenario.variation
    return {
        "busy_total": grid.busy_total,
        "online_total": grid.online_total,
        "training": grid.training,
        "knots_x": grid.knots_x.tolist(),
        "knots_y": grid.knots_y.tolist(),
        "cum_weight": tab.cum_weight.tolist(),
        "dur": list(zip(tab.dur_median.tolist(), tab.dur_sigma.tolist(), strict=True)),
        "rew": list(zip(tab.rew_median.tolist(), tab.rew_sigma.tolist(), strict=True)),
        "ret": tab.return_rate.tolist(),
        "client": tab.kind_client.tolist(),
        "rej": tab.rej_rate.tolist(),
        "mass": tab.mass_rate.tolist(),
        "batch": tab.batch_size.tolist(),
        "gating": tab.gating.tolist(),
        "gated_share": tab.gated_share.tolist(),
        "gated_pay": tab.gated_pay.tolist(),
        "country_multiplier": tab.country_multiplier,
        "search": scenario.search.minutes,
        "q_share": q.share,
        "q_pass": q.share * q.pass_rate,
        "q_minutes": q.minutes,
        "cut_scale": 60.0 / o.per_hour if o.per_hour > 0 else math.inf,
        "cut_minutes": o.minutes,
        "sigma": (v.speed, v.search, v.pay),
    }


class WeekState:
    """One worker's week in progress: her factors, busy clock and running totals."""

    __slots__ = (
        "b",
        "earned",
        "gated",
        "k",
        "mass_u",
        "p",
        "paid",
        "pay",
        "search",
        "speed",
        "tasks",
    )

    def __init__(self, p: dict[str, Any], rng: random.Random) -> None:
        s_speed, s_search, s_pay = p["sigma"]
        self.p = p
        self.speed = math.exp(s_speed * rng.gauss(0.0, 1.0))
        self.search = p["search"] * math.exp(s_search * rng.gauss(0.0, 1.0))
        self.pay = math.exp(s_pay * rng.gauss(0.0, 1.0)) * p["country_multiplier"]
        self.gated = [rng.random() < g for g in p["gating"]]
        self.mass_u = [1.0] * len(p["rej"])
        self.b = 0.0
        self.k = 0
        self.earned = 0.0
        self.paid = 0.0
        self.tasks = 0

    @property
    def done(self) -> bool:
        return self.b >= self.p["busy_total"]

    def cycle(self, rng: random.Random) -> None:
        """One search-test-task cycle (the same law as simulate_week's)."""
        p = self.p
        rand = rng.random
        for c, size in enumerate(p["batch"]):
            if self.k % size == 0:
                self.mass_u[c] = rand()
        cum = p["cum_weight"]
        kind = min(bisect.bisect_right(cum, rand()), len(cum) - 1) if len(cum) > 1 else 0
        s = self.search * rng.expovariate(1.0) if self.search > 0 else 0.0
        u_q = rand()
        t_q = p["q_minutes"] * rng.expovariate(1.0) if u_q < p["q_share"] else 0.0
        attempted = u_q >= p["q_share"] or u_q < p["q_pass"]
        med, sig = p["dur"][kind]
        duration = med * math.exp(sig * rng.gauss(0.0, 1.0)) * self.speed
        med, sig = p["rew"][kind]
        reward = med * math.exp(sig * rng.gauss(0.0, 1.0)) * self.pay
        rr = p["ret"][kind]
        u_ret = rand()
        returned = u_ret < rr
        work = (duration * u_ret / rr if returned else duration) if attempted else 0.0
        c = p["client"][kind]
        rejected = rand() < p["rej"][c] or self.mass_u[c] < p["mass"][c]
        if self.gated[c] and rand() < p["gated_share"][c]:
            reward *= p["gated_pay"][c]
        cycle = s + t_q + work
        cut_after = p["cut_scale"] * rng.expovariate(1.0) if p["cut_scale"] < math.inf else math.inf
        in_task = False
        if cut_after < cycle:
            in_task = attempted and cut_after > s + t_q
            work = min(work, max(cut_after - s - t_q, 0.0))
            cycle = cut_after + p["cut_minutes"] * rng.expovariate(1.0)
        # Place the cycle on the online clock (T, the inverse of cumulative supply).
        xs, ys = p["knots_x"], p["knots_y"]
        j = max(bisect.bisect_right(xs, self.b) - 1, 0)
        if j + 1 < len(xs) and xs[j + 1] > xs[j]:
            t = ys[j] + (self.b - xs[j]) * (ys[j + 1] - ys[j]) / (xs[j + 1] - xs[j])
        else:
            t = ys[j]
        room = max(p["online_total"] - t - s - t_q, 0.0)
        done = min(work, room)
        if attempted and done > 0:
            self.tasks += 1
            if not (returned or in_task or done < work or rejected):
                self.paid += done
                self.earned += reward
        self.b += cycle
        self.k += 1


def plain_python_population(p: dict[str, Any], n_workers: int, seed: int) -> dict[str, float]:
    """The population as a plain loop: each worker's week, one cycle at a time."""
    rng = random.Random(seed)
    earned = paid = 0.0
    tasks = 0
    for _ in range(n_workers):
        week = WeekState(p, rng)
        while not week.done:
            week.cycle(rng)
        earned += week.earned
        paid += week.paid
        tasks += week.tasks
    return {"earned": earned, "paid_minutes": paid, "tasks": tasks}


class WorkerAgent(mesa.Agent):  # type: ignore[misc]
    """A worker: each step, one search-test-task cycle; leaves when her week is over."""

    def __init__(self, model: WorkerWeekModel) -> None:
        super().__init__(model)
        self.week = WeekState(model.params, model.random)

    def step(self) -> None:
        self.week.cycle(self.model.random)
        if self.week.done:
            self.model.finished.append(self.week)
            self.remove()


class WorkerWeekModel(mesa.Model):  # type: ignore[misc]
    """Many workers' weeks; each model step advances every working agent by one cycle."""

    def __init__(self, params: dict[str, Any], n_workers: int, seed: int) -> None:
        super().__init__(seed=seed)
        self.params = params
        self.finished: list[WeekState] = []
        WorkerAgent.create_agents(self, n_workers)

    def step(self) -> None:
        self.agents.do("step")
        self.running = len(self.agents) > 0


def mesa_population(p: dict[str, Any], n_workers: int, seed: int) -> dict[str, float]:
    """Run the Mesa model to the end of everyone's week."""
    model = WorkerWeekModel(p, n_workers, seed)
    while model.running:
        model.step()
    weeks = model.finished
    return {
        "earned": sum(w.earned for w in weeks),
        "paid_minutes": sum(w.paid for w in weeks),
        "tasks": sum(w.tasks for w in weeks),
    }
