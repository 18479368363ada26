"""Stream versions of ``simulate_population`` (issue #16).

Version 2, the default, sizes each worker's blocks of task slots to her own week, so
that nearly every number drawn becomes a task; version 1 (fixed-size blocks) is kept
for one release so that earlier results can be reproduced. Both draw the same model:
they agree in distribution, never draw for draw.
"""

from __future__ import annotations

import json
import math
import warnings
from typing import Any

import numpy as np
import pytest
from click.testing import CliRunner

from labourchain import cases
from labourchain.cli import main
from labourchain.errors import InvalidInputError
from labourchain.simulate import _sized, simulate_population
from labourchain.simulate._chunk import ChunkState, batch_decisions, layout
from labourchain.simulate._kernel import N_ACTIVITIES, tables, week_grid
from labourchain.simulate._streams import Streams
from labourchain.simulate.population import (
    STREAM_VERSIONS,
    PopulationResult,
    simulate_population_summary,
    worker_seeds,
)

CASES = cases.names()
FIELDS = ("gross", "fees", "earnings", "hours", "outcomes", "rate_sum", "night_share")


def version_1(scenario: Any, n: int, **options: Any) -> PopulationResult:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return simulate_population(scenario, n, stream_version=1, **options)


def same(a: PopulationResult, b: PopulationResult) -> bool:
    return all(np.array_equal(getattr(a, f), getattr(b, f)) for f in FIELDS)


def test_version_2_is_the_default_and_the_result_says_which_was_drawn() -> None:
    s = cases.load("eduardo")
    two = simulate_population(s, 20, seed=1)
    assert two.stream_version == 2 == max(STREAM_VERSIONS)
    assert same(two, simulate_population(s, 20, seed=1, stream_version=2))
    with pytest.warns(DeprecationWarning, match=r"stream version 1 goes in 0\.3"):
        one = simulate_population(s, 20, seed=1, stream_version=1)
    assert one.stream_version == 1
    assert not np.array_equal(one.earnings, two.earnings)  # the same seed, other draws


@pytest.mark.parametrize("bad", [0, 3, -1, True, "2", 2.0, None])
def test_an_unknown_stream_version_is_refused_naming_it(bad: object) -> None:
    with pytest.raises(InvalidInputError, match=r"stream_version must be one of 1, 2, got"):
        simulate_population(cases.load("eduardo"), 5, seed=1, stream_version=bad)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="stream_version"):
        simulate_population_summary(cases.load("eduardo"), 5, seed=1, stream_version=bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("name", CASES)
def test_nine_in_ten_drawn_task_slots_become_tasks(name: str) -> None:
    # The bar: at least 90 % of the numbers drawn become tasks, on every case.
    s = cases.load(name)
    grid, tab = week_grid(s, s.week_of), tables(s)
    chunk, plan = _sized.run_chunk(s, grid, tab, layout(s, grid, tab), _root(3), 0, 1000)
    drawn = sum(int(slots.sum()) for groups in plan.rounds for _, _, slots in groups)
    assert chunk.cycles is not None
    assert int(chunk.cycles.sum()) <= drawn
    assert chunk.counts.sum() >= 0.9 * drawn, (name, chunk.counts.sum() / drawn)


def _root(seed: int) -> np.random.SeedSequence:
    return np.random.SeedSequence(seed)


def test_a_workers_blocks_are_her_own_stream_in_the_documented_order() -> None:
    # docs/simulation.md and simulate/_sized.py: her factors from the shared stream at
    # i * (4 + clients); each block: K slots of uniform laws (exponentials as uniforms),
    # slot after slot, in one call, then K slots of normals, from Generator(PCG64(child_i)).
    s = cases.load("eduardo")
    grid, tab = week_grid(s, s.week_of), tables(s)
    lay = layout(s, grid, tab)
    root = np.random.SeedSequence(11)
    lo, hi = 5, 9
    _, plan = _sized.run_chunk(s, grid, tab, lay, root, lo, hi)
    per = _sized.TRAIT_UNIFORMS + tab.rej_rate.size
    shared = np.random.SeedSequence(root.entropy, spawn_key=(_sized.TRAIT_KEY,))
    expected = np.random.Generator(np.random.PCG64(shared)).random(hi * per)[lo * per :]
    np.testing.assert_array_equal(
        _sized.factor_uniforms(root, lo, hi, per).reshape(-1), expected
    )
    streams = Streams(root, lo, hi)
    own = {i: np.random.Generator(np.random.PCG64(worker_seeds(root, lo + i, lo + i + 1)[0]))
           for i in range(hi - lo)}  # fmt: skip
    n_u = len(lay.uniforms) + len(lay.exponentials)
    n_z = len(lay.normals)
    checked = 0
    for groups in plan.rounds:
        for width, rows, slots in _sized.slabs(list(groups)):
            block = _sized.Workspace(lay).block(slots, width)
            _sized.draw(streams, block, rows)
            for j, (i, k) in enumerate(zip(rows.tolist(), slots.tolist(), strict=True)):
                at_u, at_z = j * n_u * width, j * n_z * width
                uniforms = block.u_flat[at_u : at_u + k * n_u]
                normals = block.z_flat[at_z : at_z + k * n_z]
                np.testing.assert_array_equal(uniforms, own[i].random(k * n_u))
                np.testing.assert_array_equal(normals, own[i].standard_normal(k * n_z))
                checked += 1
    assert checked >= hi - lo


def test_a_batch_across_two_blocks_keeps_the_decision_of_its_first_slot() -> None:
    s = cases.load("yasser")  # one client, mass rejection in batches of 10
    grid, tab = week_grid(s, s.week_of), tables(s)
    assert tab.batch_size.tolist() == [10]
    assert tab.mass_rate[0] > 0
    n = 2
    state = ChunkState(
        scenario=s,
        grid=grid,
        tab=tab,
        draws=_sized.Workspace(layout(s, grid, tab)).block(np.ones(0, dtype=np.int64), 1),
        slots=12,
        speed=np.ones(n),
        search=np.ones(n),
        pay=np.ones(n),
        gated=np.zeros((n, 1), dtype=bool),
        mass_start=[],
        busy=np.zeros(n),
        gross=np.zeros((n, 1)),
        minutes=np.zeros((n, N_ACTIVITIES)),
        counts=np.zeros((n, 3), dtype=np.int64),
        rate_sum=np.zeros(n),
        night=np.zeros(n),
        task_minutes=np.zeros(n),
        offset=np.array([0, 7]),  # worker 1 drew 7 slots before: her batch 0 ends at slot 2
        mass_carry=np.array([[False], [False]]),
    )
    u = np.full((n, 12), 0.999)  # no batch that starts in this block is rejected...
    u[0, 10] = 0.0  # ...but worker 0's batch starting at slot 10
    u[1, 3] = 0.0  # ...and worker 1's batch starting at her 11th slot (slot 3 here)
    u[1, 0] = 0.0  # a slot inside a carried batch decides nothing
    mass = batch_decisions(state, slice(None), u, 0, np.array([12, 10]))
    assert mass[0].tolist() == [False] * 10 + [True] * 2
    assert mass[1, :10].tolist() == [False] * 3 + [True] * 7
    assert state.mass_carry is not None
    assert state.mass_carry[:, 0].tolist() == [True, True]  # carried into their next blocks
    state.mass_carry[1, 0] = True
    again = batch_decisions(state, slice(None), np.full((n, 12), 0.999), 0, None)
    assert again[1, :3].all()  # worker 1 (offset 7): her slots 7 to 9, the carried batch
    assert not again[1, 3:].any()


@pytest.mark.parametrize("name", CASES)
def test_the_two_versions_agree_in_distribution(name: str) -> None:
    s = cases.load(name)
    n = 1500
    two = simulate_population(s, n, seed=21)
    one = version_1(s, n, seed=22)
    for what in ("paid_hours", "unpaid_hours", "earnings", "tasks", "night_share"):
        x, y = getattr(two, what), getattr(one, what)
        se = math.sqrt(float(np.var(x)) / n + float(np.var(y)) / n)
        gap = abs(float(np.mean(x)) - float(np.mean(y)))
        assert gap <= 4.5 * se + 1e-9 * max(1.0, abs(float(np.mean(y)))), (name, what)
    rejected_two, rejected_one = two.outcomes[:, 1], one.outcomes[:, 1]
    se = math.sqrt(float(np.var(rejected_two) + np.var(rejected_one)) / n)
    assert abs(float(rejected_two.mean() - rejected_one.mean())) <= 4.5 * se + 1e-9


def test_large_blocks_and_chunks_split_into_slabs_give_the_same_workers() -> None:
    # A chunk of many workers runs in slabs of SLAB_SLOTS; one worker alone is one slab.
    s = cases.load("mturk-hara-2018")
    together = simulate_population(s, 300, seed=4, chunk_size=300)
    alone = simulate_population(s, 300, seed=4, chunk_size=1)
    assert same(together, alone)


def _runner() -> CliRunner:
    """stdout and stderr apart, as with click 8.2 (click 8.1 mixes them by default)."""
    try:
        return CliRunner(mix_stderr=False)  # type: ignore[call-arg]  # click < 8.2
    except TypeError:
        return CliRunner()


def test_the_command_line_says_and_chooses_the_stream_version() -> None:
    runner = _runner()
    two = runner.invoke(main, ["simulate", "eduardo", "-n", "30", "--seed", "4", "--json"])
    assert two.exit_code == 0
    assert json.loads(two.stdout)["stream_version"] == 2
    one = runner.invoke(
        main, ["simulate", "eduardo", "-n", "30", "--seed", "4", "--json", "--stream-version", "1"]
    )
    assert one.exit_code == 0
    assert json.loads(one.stdout)["stream_version"] == 1
    assert "--stream-version 1 is deprecated" in one.stderr
    assert json.loads(one.stdout)["summary"] != json.loads(two.stdout)["summary"]
    summary = runner.invoke(
        main, ["simulate", "eduardo", "-n", "30", "--summary-only", "--json",
               "--stream-version", "1"],
    )  # fmt: skip
    assert summary.exit_code == 0
    assert json.loads(summary.stdout)["stream_version"] == 1
    bad = runner.invoke(main, ["simulate", "eduardo", "-n", "30", "--stream-version", "3"])
    assert bad.exit_code == 2
    assert "--stream-version" in bad.stderr  # click's own words differ from 8.1 to 8.2
    assert "3" in bad.stderr
    assert "Traceback" not in bad.stderr + bad.stdout
