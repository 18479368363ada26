"""The vectorised population (labourchain.simulate.simulate_population): laws it obeys."""

from __future__ import annotations

import importlib.util
import tracemalloc
import warnings

import attrs
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from labourchain import Q_, Activity, cases, money
from labourchain.errors import CurrencyMismatchError, InvalidInputError
from labourchain.simulate import PopulationResult, _streams, simulate_population
from labourchain.simulate._streams import Streams, child_words
from labourchain.simulate.population import STREAM_VERSIONS, worker_seeds

CASES = cases.names()
FIELDS = ("gross", "fees", "earnings", "hours", "outcomes", "rate_sum", "night_share")


def same(a: PopulationResult, b: PopulationResult) -> bool:
    return all(np.array_equal(getattr(a, f), getattr(b, f)) for f in FIELDS)


def take(p: PopulationResult, index: slice) -> PopulationResult:
    return attrs.evolve(p, **{f: getattr(p, f)[index] for f in FIELDS})


@settings(max_examples=20, deadline=None)
@given(
    name=st.sampled_from(CASES),
    n=st.integers(1, 40),
    chunk=st.integers(1, 50),
    seed=st.integers(0, 2**63 - 1),
    version=st.sampled_from(STREAM_VERSIONS),
)
def test_results_do_not_depend_on_chunk_size(
    name: str, n: int, chunk: int, seed: int, version: int
) -> None:
    s = cases.load(name)

    def run(workers: int, chunk_size: int) -> PopulationResult:
        with warnings.catch_warnings():  # version 1 is deprecated; still tested until 0.3
            warnings.filterwarnings("ignore", "stream_version=1", DeprecationWarning)
            return simulate_population(
                s, workers, seed=seed, chunk_size=chunk_size, stream_version=version
            )

    one = run(n, chunk)
    other = run(n, max(1, n // 2 + 7 - chunk % 5))
    assert same(one, other)
    # Worker i is worker i: simulating more workers alongside changes nobody.
    more = run(n + 3, chunk)
    assert same(take(more, slice(0, n)), one)


def test_same_seed_same_results_other_seed_other() -> None:
    s = cases.load("yasser")
    a = simulate_population(s, 30, seed=11)
    assert same(a, simulate_population(s, 30, seed=11))
    assert same(a, simulate_population(s, 30, seed=np.random.SeedSequence(11)))
    assert not same(a, simulate_population(s, 30, seed=12))


@settings(max_examples=10, deadline=None)
@given(name=st.sampled_from(CASES), seed=st.integers(0, 2**32 - 1))
def test_time_is_conserved_for_every_worker(name: str, seed: int) -> None:
    s = cases.load(name)
    p = simulate_population(s, 25, seed=seed)
    available = s.availability.hours_in(s.week_of).magnitude
    assert np.all(p.hours >= 0)
    np.testing.assert_allclose(p.total_hours, available, rtol=0, atol=1e-9)
    np.testing.assert_allclose(p.paid_hours + p.unpaid_hours, p.total_hours, atol=1e-9)
    assert np.all(p.earnings <= p.gross + 1e-12)
    ok = ~np.isnan(p.paid_hourly)
    assert np.all(p.effective_hourly[ok] <= p.paid_hourly[ok] + 1e-12)
    assert np.all((p.night_share >= 0) & (p.night_share <= 1))


@settings(max_examples=8, deadline=None)
@given(
    name=st.sampled_from(CASES),
    rate=st.floats(0.0, 0.5),
    extra=st.floats(0.0, 0.5),
    seed=st.integers(0, 2**32 - 1),
)
def test_rejection_never_raises_any_workers_wage(
    name: str, rate: float, extra: float, seed: int
) -> None:
    # Same seed, same draws: a higher rejection rate only turns paid tasks into rejected ones,
    # so every worker's effective wage falls or stays (not only in expectation).
    s = cases.load(name)

    def with_rate(r: float):  # type: ignore[no-untyped-def]
        clients = [attrs.evolve(c, rejection=attrs.evolve(c.rejection, rate=r)) for c in s.clients]
        return simulate_population(attrs.evolve(s, clients=clients), 20, seed=seed)

    low, high = with_rate(rate), with_rate(min(1.0, rate + extra))
    np.testing.assert_allclose(low.total_hours, high.total_hours, atol=1e-9)
    assert np.all(high.earnings <= low.earnings + 1e-9)


@pytest.mark.parametrize(("seed", "low", "high"), [(1, 0.05, 0.07), (3, 0.02, 0.03)])
def test_a_balance_pushed_under_the_minimum_does_not_raise_earnings(
    seed: int, low: float, high: float
) -> None:
    # Seeded oskarina draws in which more rejection pushed a worker's platform-A balance
    # under its $10 minimum: carried at face value, it escaped the 3 % conversion spread,
    # and the worker earned more (fees fell from about 0.42 to 0.12). Valued net of the
    # cost of paying it out, it can't.
    s = cases.load("oskarina")

    def with_rate(r: float) -> PopulationResult:
        clients = [attrs.evolve(c, rejection=attrs.evolve(c.rejection, rate=r)) for c in s.clients]
        return simulate_population(attrs.evolve(s, clients=clients), 20, seed=seed)

    a, b = with_rate(low), with_rate(high)
    assert np.any(b.gross < a.gross)  # the draw does turn paid work into rejected work
    assert np.all(b.earnings <= a.earnings + 1e-9)
    # A worker's fees are the payout costs of her whole balance, carried or paid out.
    spreads = np.array([p.fx_spread for p in s.platforms])
    assert np.all(a.fees <= a.gross * spreads.max() + 1e-9)
    assert np.all(a.fees >= a.gross * spreads.min() - 1e-9)


@pytest.mark.parametrize("name", ["eduardo", "mturk-hara-2018", "oskarina"])
def test_more_unpaid_search_lowers_wages_in_expectation(name: str) -> None:
    s = cases.load(name)
    base = simulate_population(s, 300, seed=1)
    slow = attrs.evolve(s, search=attrs.evolve(s.search, minutes=s.search.minutes * 2 + 1))
    worse = simulate_population(slow, 300, seed=1)
    se = np.hypot(
        np.nanstd(base.effective_hourly) / np.sqrt(300),
        np.nanstd(worse.effective_hourly) / np.sqrt(300),
    )
    assert np.nanmean(worse.effective_hourly) < np.nanmean(base.effective_hourly) - 2 * se
    assert np.mean(worse.hours[:, 3]) > np.mean(base.hours[:, 3])


@settings(max_examples=6, deadline=None)
@given(name=st.sampled_from(CASES), hours=st.floats(0.5, 6.0), seed=st.integers(0, 2**32 - 1))
def test_unpaid_training_never_raises_wages_in_expectation(
    name: str, hours: float, seed: int
) -> None:
    s = cases.load(name)
    longer = attrs.evolve(
        s, search=attrs.evolve(s.search, training_hours=s.search.training_hours + hours)
    )
    base = simulate_population(s, 150, seed=seed)
    trained = simulate_population(longer, 150, seed=seed)
    np.testing.assert_allclose(trained.total_hours, base.total_hours, atol=1e-9)
    assert np.all(trained.hours[:, 5] >= base.hours[:, 5])
    # Same draws, less of her week left for tasks: the mean effective wage does not rise.
    mean_base = np.nanmean(base.effective_hourly)
    se = np.nanstd(base.effective_hourly) / np.sqrt(150)
    assert np.nanmean(trained.effective_hourly) <= mean_base + 2 * se + 1e-12


def test_summary_is_a_ratio_of_sums_per_worker_then_quantiles() -> None:
    p = simulate_population(cases.load("mturk-hara-2018"), 200, seed=3)
    s = p.summary(reference=money(2, "USD") / Q_(1, "hour"))
    eff = p.earnings / p.total_hours
    assert s.median_effective == pytest.approx(float(np.median(eff)))
    assert s.share_below == pytest.approx(float(np.mean(eff < 2.0)))
    assert s.quantiles[2] == pytest.approx(s.median_effective)
    assert s.median_effective < s.median_paid
    assert set(p.unpaid_by_activity()) == {a for a in Activity if not a.is_paid}
    assert set(p.columns()) >= {"earnings", "effective_hourly", "search_hours", "night_share"}
    assert p.summary(2.0).share_below == s.share_below
    with pytest.raises(CurrencyMismatchError, match="EUR"):
        p.summary(money(2, "EUR") / Q_(1, "hour"))


def test_memory_is_bounded_by_the_chunk() -> None:
    s = cases.load("mturk-hara-2018")
    simulate_population(s, 10, seed=1)  # warm caches
    peaks = []
    for n in (200, 2000):
        tracemalloc.start()
        simulate_population(s, n, seed=1, chunk_size=100)
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    # Ten times the workers: the per-worker results grow (about 100 bytes each), the
    # working set of a chunk does not.
    assert peaks[1] < peaks[0] + 2000 * 400


def test_zero_workers_and_bad_arguments() -> None:
    s = cases.load("eduardo")
    empty = simulate_population(s, 0, seed=1)
    assert len(empty) == 0
    assert np.isnan(empty.summary().median_effective)
    for kwargs in ({"n_workers": -1}, {"n_workers": 2.5}, {"n_workers": 3, "chunk_size": 0}):
        with pytest.raises(InvalidInputError):
            simulate_population(s, **kwargs)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="backend"):
        simulate_population(s, 3, backend="spark")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="seed"):
        simulate_population(s, 3, seed=-1)


@pytest.mark.skipif(importlib.util.find_spec("dask") is None, reason="dask extra not installed")
def test_dask_backend_gives_the_same_results() -> None:
    s = cases.load("krystal")
    local = simulate_population(s, 45, seed=9, chunk_size=10)
    import dask

    # The same results in this process, on threads, and in separate processes
    # (chunks pickled to worker processes and back).
    for scheduler in ("synchronous", "threads", "processes"):
        with dask.config.set(scheduler=scheduler):
            remote = simulate_population(s, 45, seed=9, chunk_size=16, backend="dask")
        assert same(local, remote), scheduler
    with dask.config.set(scheduler="synchronous"):
        assert simulate_population(s, 0, seed=9, backend="dask").gross.shape == (0,)


@settings(max_examples=10, deadline=None)
@given(
    entropy=st.one_of(st.none(), st.integers(0, 2**200)),
    key=st.lists(st.integers(0, 2**40), max_size=2),
    lo=st.integers(0, 5000),
    n=st.integers(1, 6),
)
def test_each_worker_draws_from_her_own_seedsequence_child(
    entropy: int | None, key: list[int], lo: int, n: int
) -> None:
    # The bulk seeding reproduces Generator(PCG64(root's child i)) bit for bit, and the
    # shared generator resumes each worker's stream where she left it.
    root = np.random.SeedSequence(entropy, spawn_key=tuple(key))
    streams = Streams(root, lo, lo + n)
    children = worker_seeds(root, lo, lo + n)
    refs = [np.random.Generator(np.random.PCG64(c)) for c in children]
    for i in [*range(n), *reversed(range(n))]:
        np.testing.assert_array_equal(streams.use(i).random(3), refs[i].random(3))
        np.testing.assert_array_equal(streams.use(i).standard_normal(2), refs[i].standard_normal(2))
    assert worker_seeds(root, 0, 3)[2].generate_state(4).tolist() == (
        root.spawn(3)[2].generate_state(4).tolist()
    )


@settings(max_examples=10, deadline=None)
@given(
    entropy=st.one_of(st.none(), st.integers(0, 2**200)),
    key=st.lists(st.integers(0, 2**40), max_size=2),
    lo=st.integers(0, 10**6),
)
def test_bulk_seeding_gives_each_childs_pcg64_state(
    entropy: int | None, key: list[int], lo: int
) -> None:
    # The 128-bit seeding arithmetic, done in 64-bit numpy words, against numpy's own PCG64.
    root = np.random.SeedSequence(entropy, spawn_key=tuple(key))
    words = child_words(root, lo, lo + 5)
    for row, child in zip(words.tolist(), worker_seeds(root, lo, lo + 5), strict=True):
        state = np.random.PCG64(child).state["state"]
        assert (state["state"], state["inc"]) == (row[0] | row[1] << 64, row[2] | row[3] << 64)


def test_streams_without_the_c_state_view(monkeypatch: pytest.MonkeyPatch) -> None:
    # Where the generator's C state cannot be written directly, the state property is used:
    # the same streams.
    root = np.random.SeedSequence(3)
    fast = Streams(root, 10, 14)
    monkeypatch.setattr(_streams, "_state_view", lambda bit: None)
    slow = Streams(root, 10, 14)
    for i in [0, 1, 2, 3, 1, 0, 3]:
        np.testing.assert_array_equal(fast.use(i).random(4), slow.use(i).random(4))
