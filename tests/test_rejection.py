"""Tests for labourchain.rejection: closed forms by hand, by enumeration and by Monte Carlo."""

from __future__ import annotations

import itertools
import math

import attrs
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from labourchain.errors import InvalidInputError
from labourchain.rejection import (
    RejectionModel,
    Terms,
    long_run_hourly,
    rejection_cost,
    sample_rejections,
)
from labourchain.testing import rejection_models
from labourchain.units import Q_, money


def usd_per_hour(q: object) -> float:
    return float(q.to("USD/hour").magnitude)  # type: ignore[attr-defined]


@attrs.frozen
class Gig:
    """A stand-in for labourchain.Task: anything with .reward and .duration works."""

    reward: object
    duration: object


# ----------------------------------------------------------- hand-worked


def test_rejection_probability() -> None:
    # A task is rejected if its batch is (q = 0.2), or else on its own (p = 0.1):
    # 0.2 + 0.8 x 0.1 = 0.28.
    assert RejectionModel(rate=0.1, mass_rate=0.2).rejection_probability == pytest.approx(0.28)
    assert RejectionModel().rejection_probability == 0.0


def test_approvals_needed() -> None:
    assert RejectionModel(gate_threshold=0.95, gate_window=100).approvals_needed == 95
    assert RejectionModel(gate_threshold=0.9, gate_window=10).approvals_needed == 9
    assert RejectionModel(gate_threshold=0.5, gate_window=3).approvals_needed == 2  # ceil(1.5)
    assert RejectionModel(gate_threshold=0.0, gate_window=3).approvals_needed == 0


@pytest.mark.parametrize("p", [0.0, 0.01, 0.3, 1.0])
def test_gating_single_task_window(p: float) -> None:
    # N = 1, θ = 1: gated exactly when the last task was rejected.
    model = RejectionModel(rate=p, gate_threshold=1.0, gate_window=1)
    assert model.gating_probability == pytest.approx(p, abs=1e-15)


@pytest.mark.parametrize("p", [0.01, 0.05, 0.2])
def test_gating_binomial_window(p: float) -> None:
    # B = 1, q = 0, N = 10, θ = 0.9: gated with fewer than 9 approvals, i.e. two or
    # more rejections: 1 - (1-p)^10 - 10 p (1-p)^9.
    model = RejectionModel(rate=p, gate_threshold=0.9, gate_window=10)
    expected = 1 - (1 - p) ** 10 - 10 * p * (1 - p) ** 9
    assert model.gating_probability == pytest.approx(expected, rel=1e-12)


def test_gating_with_batches() -> None:
    # B = 2, N = 3, p = 0, θ = 1: the window is the last batch and one task of the
    # batch before; access needs both approved: π = 1 - (1-q)^2.
    model = RejectionModel(mass_rate=0.3, batch_size=2, gate_threshold=1.0, gate_window=3)
    assert model.gating_probability == pytest.approx(1 - 0.7**2)
    # B = 5, N = 12, p = 0, θ = 0.5 (6 approvals needed): approvals are
    # 5 b1 + 5 b2 + 2 a, each b, a approved with probability 1 - q. At least 6 needs
    # both whole batches, or one of them and the partial one:
    # P(keep) = (1-q)^2 + 2 q (1-q) (1-q) = (1-q)^2 (1 + 2q).
    q = 0.25
    model = RejectionModel(mass_rate=q, batch_size=5, gate_threshold=0.5, gate_window=12)
    assert model.gating_probability == pytest.approx(1 - (1 - q) ** 2 * (1 + 2 * q))


def test_pay_factor_worked() -> None:
    # p = 0.5, N = 2, θ = 1: π = 1 - 0.5^2 = 0.75; g = 0.4, f = 0:
    # (1 - 0.5)(1 - 0.75 x 0.4) = 0.5 x 0.7 = 0.35.
    model = RejectionModel(rate=0.5, gate_threshold=1.0, gate_window=2, gated_share=0.4)
    assert model.pay_factor == pytest.approx(0.35)
    # The gated share paid half as much: (1 - 0.5)(1 - 0.75 x 0.4 x 0.5) = 0.425.
    half = attrs.evolve(model, gated_pay_ratio=0.5)
    assert half.pay_factor == pytest.approx(0.425)


def test_long_run_hourly_reduces_to_expected_hourly() -> None:
    # DESIGN.md: expected_hourly(task, search, r) = reward (1 - r) / (duration + search).
    # $0.50 for 5 minutes, 1 minute of search, r = 0.1: 0.45 / (6/60 h) = $4.50 an hour.
    task = Terms(reward=money(0.5, "USD"), duration=Q_(5, "minute"))
    got = long_run_hourly(task, RejectionModel(rate=0.1), search=Q_(1, "minute"))
    assert usd_per_hour(got) == pytest.approx(4.5)
    # No search: 0.45 / (5/60) = $5.40.
    assert usd_per_hour(long_run_hourly(task, RejectionModel(rate=0.1))) == pytest.approx(5.4)
    # The currency is kept.
    kes = Gig(reward=money(100, "KES"), duration=Q_(1, "hour"))
    assert str(long_run_hourly(kes, RejectionModel()).units) == "KES / hour"


def test_rejection_cost_worked() -> None:
    # Astro's $16 an hour (FACTS.md, Appen), with one batch in ten rejected wholesale:
    # 16 x 0.1 = $1.60 of every hour.
    task = Gig(reward=money(16, "USD"), duration=Q_(1, "hour"))
    model = RejectionModel(mass_rate=0.1, batch_size=10)
    assert usd_per_hour(rejection_cost(task, model)) == pytest.approx(1.6)
    # Yasser (FACTS.md): ten hours, all rejected. If that happens to one ten-hour
    # batch in five, it costs a fifth of the rate.
    model = RejectionModel(mass_rate=0.2, batch_size=10)
    assert usd_per_hour(rejection_cost(task, model)) == pytest.approx(3.2)
    # Against a baseline that already rejects 1 %: 16 x (0.99 - 0.8) = 3.04.
    base = RejectionModel(rate=0.01)
    assert usd_per_hour(rejection_cost(task, model, baseline=base)) == pytest.approx(3.04)


def test_validation() -> None:
    for field, bad in [
        ("rate", 1.5),
        ("rate", -0.1),
        ("mass_rate", math.nan),
        ("gate_threshold", True),
        ("gated_share", "0.5"),
        ("batch_size", 0),
        ("batch_size", 2.0),
        ("gate_window", 10_001),
    ]:
        with pytest.raises(InvalidInputError, match=field):
            RejectionModel(**{field: bad})
    assert RejectionModel(rate=np.float64(0.25)).rate == 0.25
    good = RejectionModel()
    with pytest.raises(InvalidInputError, match="reward"):
        long_run_hourly(object(), good)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="amount of money"):
        long_run_hourly(Gig(money(1, "USD") / Q_(1, "hour"), Q_(1, "hour")), good)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="positive"):
        long_run_hourly(Gig(money(1, "USD"), Q_(0, "hour")), good)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="time quantity"):
        long_run_hourly(Gig(money(1, "USD"), 5), good)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="RejectionModel"):
        long_run_hourly(Gig(money(1, "USD"), Q_(1, "hour")), 0.1)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="batches"):
        sample_rejections(good, batches=0)


# ------------------------------------------------------------ enumeration


def brute_force_gating(p: float, q: float, b: int, n: int, theta: float) -> float:
    """π by listing every reject/approve pattern of the window's tasks."""
    full, partial = divmod(n, b)
    sizes = [b] * full + ([partial] if partial else [])
    needed = math.ceil(round(theta * n, 9))
    gated = 0.0
    for pattern in itertools.product((0, 1), repeat=n):  # 1 = rejected
        prob, i = 1.0, 0
        for m in sizes:
            seg = pattern[i : i + m]
            i += m
            alone = math.prod(p if x else 1 - p for x in seg)
            prob *= (1 - q) * alone + (q if all(seg) else 0.0)
        if n - sum(pattern) < needed:
            gated += prob
    return gated


@settings(deadline=None, max_examples=60)
@given(
    p=st.floats(0, 1),
    q=st.floats(0, 1),
    b=st.integers(1, 4),
    n=st.integers(1, 8),
    theta=st.floats(0, 1),
)
def test_gating_matches_enumeration(p: float, q: float, b: int, n: int, theta: float) -> None:
    model = RejectionModel(rate=p, mass_rate=q, batch_size=b, gate_threshold=theta, gate_window=n)
    assert model.gating_probability == pytest.approx(
        brute_force_gating(p, q, b, n, theta), abs=1e-12
    )


# ------------------------------------------------------------ Monte Carlo


@pytest.mark.parametrize(
    "model",
    [
        RejectionModel(rate=0.03, mass_rate=0.05, batch_size=10),
        RejectionModel(
            rate=0.02,
            mass_rate=0.04,
            batch_size=5,
            gate_threshold=0.95,
            gate_window=50,
            gated_share=0.6,
            gated_pay_ratio=0.25,
        ),
        RejectionModel(rate=0.1, gate_threshold=0.9, gate_window=20, gated_share=1.0),
    ],
)
def test_closed_form_matches_monte_carlo(model: RejectionModel) -> None:
    # Workers are independent; within a worker, batches are correlated through the
    # gate, so the standard error is taken across workers' means. Tolerance: 4 SE
    # (a false alarm about once in 16,000 runs; the seed is fixed anyway).
    draws = sample_rejections(model, batches=200, workers=2000, seed=4)
    pay = draws.pay_factors
    se = pay.std(ddof=1) / math.sqrt(pay.size)
    assert abs(pay.mean() - model.pay_factor) < 4 * se
    gated = draws.gated.mean(axis=1)
    if model.approvals_needed:
        se = max(gated.std(ddof=1) / math.sqrt(gated.size), 1e-12)
        assert abs(gated.mean() - model.gating_probability) < 4 * se
    rejected = draws.rejected.mean(axis=(1, 2))
    se = rejected.std(ddof=1) / math.sqrt(rejected.size)
    assert abs(rejected.mean() - model.rejection_probability) < 4 * se
    # Mass rejection rejects the whole batch.
    assert draws.rejected[draws.mass].all()


def test_sample_is_reproducible() -> None:
    model = RejectionModel(rate=0.1, mass_rate=0.1, batch_size=3, gate_threshold=0.8)
    a = sample_rejections(model, batches=50, workers=3, seed=7)
    b = sample_rejections(model, batches=50, workers=3, seed=np.random.default_rng(7))
    assert np.array_equal(a.rejected, b.rejected)
    assert np.array_equal(a.gated, b.gated)
    assert a.rejected.shape == (3, 50, 3)
    assert a.gated.shape == a.mass.shape == (3, 50)


# ------------------------------------------------------------- properties

probabilities = st.floats(0, 1)


@settings(deadline=None)
@given(
    model=rejection_models(),
    field=st.sampled_from(["rate", "mass_rate", "gate_threshold"]),
    other=probabilities,
)
def test_income_never_rises_with_rejection(model: RejectionModel, field: str, other: float) -> None:
    # Raising p, q or θ never raises expected income.
    now = getattr(model, field)
    lower, higher = (
        attrs.evolve(model, **{field: min(now, other)}),
        attrs.evolve(model, **{field: max(now, other)}),
    )
    task = Terms(reward=money(1.5, "USD"), duration=Q_(30, "minute"))
    low = usd_per_hour(long_run_hourly(task, lower, search=Q_(12, "minute")))
    high = usd_per_hour(long_run_hourly(task, higher, search=Q_(12, "minute")))
    assert high <= low + 1e-12
    assert 0.0 <= higher.pay_factor <= lower.pay_factor + 1e-12 <= 1.0 + 1e-12
    assert 0.0 <= higher.gating_probability <= 1.0
    assert usd_per_hour(rejection_cost(task, higher)) >= -1e-12


@settings(deadline=None)
@given(model=rejection_models(), share=probabilities, ratio=probabilities)
def test_gating_cuts_more_when_it_cuts_more(
    model: RejectionModel, share: float, ratio: float
) -> None:
    # A larger gated share, or a lower pay for it, never raises income.
    wider = attrs.evolve(model, gated_share=max(share, model.gated_share))
    assert wider.pay_factor <= model.pay_factor + 1e-12
    poorer = attrs.evolve(model, gated_pay_ratio=min(ratio, model.gated_pay_ratio))
    assert poorer.pay_factor <= model.pay_factor + 1e-12


@settings(deadline=None)
@given(
    p=probabilities,
    reward=st.floats(0, 100),
    minutes=st.floats(0.5, 600),
    search=st.floats(0, 60),
)
def test_agrees_with_expected_hourly(
    p: float, reward: float, minutes: float, search: float
) -> None:
    # The contract (DESIGN.md): with individual rejection only, the long-run wage is
    # labourchain.expected_hourly(task, search=, rejection_rate=), on a real Task.
    from labourchain.domain import Task
    from labourchain.rates import expected_hourly

    task = Task(reward=money(reward, "USD"), duration=Q_(minutes, "minute"))
    ours = long_run_hourly(task, RejectionModel(rate=p), search=Q_(search, "minute"))
    theirs = expected_hourly(task, search=Q_(search, "minute"), rejection_rate=p)
    assert usd_per_hour(ours) == pytest.approx(usd_per_hour(theirs), rel=1e-12, abs=1e-12)
