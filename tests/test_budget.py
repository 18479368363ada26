"""The fair-pay calculator for requesters: worked examples, simulated batches, laws."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from datetime import date

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import labourchain as lc
from labourchain.errors import CurrencyMismatchError, InvalidInputError, UnpublishedRuleError
from labourchain.requester import (
    Overhead,
    batch_cost,
    fair_reward,
    plan_batch,
    reference_floor,
    top_up_batch,
)

PER_HOUR = lc.Q_(1, "hour")
FLOOR = lc.money(15, "USD") / PER_HOUR


def minutes(*values: float) -> lc.units.Quantity:
    return lc.Q_(np.array(values, dtype=float), "minute")


def test_worked_example_with_overhead() -> None:
    # Median 5 min; 1 min search per task; 20 % of attempts returned after 2 min; a 30-min
    # unpaid qualification spread over 60 tasks; 5 % rejected.
    # Per submitted task: 5 + 1 + 0.2/0.8 * (1 + 2) + 30/60 = 7.25 min;
    # per approved task: 7.25 / 0.95 = 7.6316 min; at $15/h: 15 * 7.6316 / 60 = $1.9079,
    # rounded up to the cent: $1.91.
    over = Overhead(
        search=lc.Q_(1, "minute"),
        qualification=lc.Q_(30, "minute"),
        tasks_per_worker=60,
        return_rate=0.2,
        returned_time=lc.Q_(2, "minute"),
        rejection_rate=0.05,
    )
    fair = fair_reward(lc.Q_(5, "minute"), FLOOR, overhead=over)
    assert fair.unrounded.magnitude == pytest.approx(15 * 7.25 / 0.95 / 60)
    assert fair.reward.magnitude == pytest.approx(1.91)
    assert fair.overhead_time.magnitude == pytest.approx(7.25 / 0.95 - 5)
    assert fair.achieved_share == 0.5  # one time is a median: half the workers
    assert "half the workers" in fair.describe_share()
    # A worker fee comes off the reward: a platform keeping 20 % needs $1.9079 / 0.8.
    platform = lc.Platform(name="P", worker_fee=0.2)
    with_fee = fair_reward(lc.Q_(5, "minute"), FLOOR, overhead=over, platform=platform)
    assert with_fee.unrounded.magnitude == pytest.approx(15 * 7.25 / 0.95 / 60 / 0.8)


def test_time_as_overhead_is_search() -> None:
    fair = fair_reward(lc.Q_(5, "minute"), FLOOR, overhead=lc.Q_(1, "minute"))
    assert fair.reward.magnitude == pytest.approx(1.50)  # 6 min at $15/h


def test_share_of_a_sample_uses_the_inverted_cdf() -> None:
    # Ten workers at 1..10 minutes; 80 % must reach $12/h: the 8th time (8 min) binds:
    # 12 * 8 / 60 = $1.60. Worker 9 and 10 fall short: 8 of 10 meet the floor.
    floor = lc.money(12, "USD") / PER_HOUR
    fair = fair_reward(minutes(*range(10, 0, -1)), floor, share=0.8)
    assert fair.reward.magnitude == pytest.approx(1.60)
    assert fair.binding_time.magnitude == pytest.approx(8)
    assert fair.achieved_share == pytest.approx(0.8)
    # 75 % of ten workers is 7.5: eight are needed, so 8 min still binds.
    assert fair_reward(minutes(*range(1, 11)), floor, share=0.75).binding_time.magnitude == 8


def test_reward_meets_the_floor_on_simulated_times() -> None:
    # Lognormal task times (median 5 min, wide spread), 1 min search, 10 % returned.
    rng = np.random.default_rng(20240304)
    sample = rng.lognormal(mean=np.log(5), sigma=0.5, size=2000)
    over = Overhead(search=lc.Q_(1, "minute"), return_rate=0.1)
    for share in (0.5, 0.8, 0.95):
        fair = fair_reward(lc.Q_(sample, "minute"), FLOOR, share=share, overhead=over)
        reward = fair.reward.magnitude

        def hourly(t: np.ndarray, reward: float = reward) -> np.ndarray:
            # Each worker's effective wage, computed here from the definition:
            # per submitted task t + 1 min search, plus 1/9 of a returned attempt (1 + t).
            per_task_min = t + 1 + (0.1 / 0.9) * (1 + t)
            out: np.ndarray = reward / per_task_min * 60
            return out

        assert np.mean(hourly(sample) >= 15 - 1e-9) >= share
        fresh = rng.lognormal(mean=np.log(5), sigma=0.5, size=200_000)
        assert np.mean(hourly(fresh) >= 15) == pytest.approx(share, abs=0.03)


@given(
    sample=st.lists(st.floats(0.1, 120), min_size=1, max_size=50),
    share=st.floats(0.01, 1.0),
    search=st.floats(0, 10),
)
def test_the_stated_share_is_always_met_on_the_sample(
    sample: list[float], share: float, search: float
) -> None:
    if len(sample) == 1:
        share = 0.5
    fair = fair_reward(
        lc.Q_(np.array(sample), "minute"), FLOOR, share=share, overhead=lc.Q_(search, "minute")
    )
    reward = fair.reward.magnitude
    met = [reward * 60 / (t + search) >= 15 * (1 - 1e-12) for t in sample]
    assert np.mean(met) >= share * (1 - 1e-12)
    assert fair.achieved_share >= share * (1 - 1e-12)
    # Rounded up, by less than a cent (to within float noise: 0.05000000000000001 -> 0.05).
    assert -1e-12 <= reward - fair.unrounded.magnitude < 0.01 + 1e-12


def test_floors_per_country() -> None:
    # Three workers: in KE, PH, KE with times 4, 5, 6 min. Floors $1 and $2 an hour.
    # Required: 1*4/60, 2*5/60, 1*6/60 = 0.0667, 0.1667, 0.10. Share 2/3: the 2nd smallest, $0.10.
    floors = {"KE": lc.money(1, "USD") / PER_HOUR, "PH": lc.money(2, "USD") / PER_HOUR}
    fair = fair_reward(
        minutes(4, 5, 6), floors, countries=["KE", "PH", "KE"], share=2 / 3, currency="USD"
    )
    assert fair.reward.magnitude == pytest.approx(0.10)
    assert fair.binding_time.magnitude == pytest.approx(6)
    # As shares of the workforce: 75 % KE, 25 % PH, independent of the times.
    # Cells (time x country), weights 1/3 * share: KE 4/60, 5/60, 6/60 (0.25 each),
    # PH 8/60, 10/60, 12/60 (1/12 each). 75 % of the weight is reached at KE 6 min: $0.10.
    mixed = fair_reward(
        minutes(4, 5, 6), floors, countries={"KE": 0.75, "PH": 0.25}, share=0.75, currency="USD"
    )
    assert mixed.unrounded.magnitude == pytest.approx(0.10)
    # One (median) time and several countries: the highest floor binds, 2 * 5 / 60.
    median = fair_reward(
        lc.Q_(5, "minute"), floors, countries={"KE": 0.75, "PH": 0.25}, currency="USD"
    )
    assert median.unrounded.magnitude == pytest.approx(10 / 60)
    with pytest.raises(InvalidInputError, match="no wage for PH"):
        fair_reward(minutes(4, 5), {"KE": floors["KE"]}, countries=["KE", "PH"], share=0.5)
    with pytest.raises(InvalidInputError, match="one per time"):
        fair_reward(minutes(4, 5), floors, countries=["KE"], share=0.5)


def test_local_minimum_wage_from_the_reference_data() -> None:
    hourly, label = reference_floor("KE", on=date(2025, 1, 1))
    assert lc.currency_of(hourly) == "KES"
    assert "Kenya" in label
    # 16,113.75 KES a month / 225.33 h; at 139.846 KES per USD.
    rates = lc.ExchangeRates({"KES": 139.846}, base="USD", source="test")
    fair = fair_reward(
        lc.Q_(60, "minute"),
        "minimum",
        countries=["KE"],
        on=date(2025, 1, 1),
        currency="USD",
        rates=rates,
    )
    assert fair.unrounded.magnitude == pytest.approx(16113.75 / 225.33 / 139.846)
    assert any("Kenya" in s for s in fair.sources)
    with pytest.raises(CurrencyMismatchError, match="rates"):
        fair_reward(
            lc.Q_(60, "minute"), "minimum", countries=["KE"], on=date(2025, 1, 1), currency="USD"
        )
    with pytest.raises(InvalidInputError, match="countries"):
        fair_reward(lc.Q_(60, "minute"), "minimum")


def test_bad_inputs() -> None:
    with pytest.raises(InvalidInputError, match="median"):
        fair_reward(lc.Q_(5, "minute"), FLOOR, share=0.9)
    with pytest.raises(InvalidInputError, match="share"):
        fair_reward(minutes(5, 6), FLOOR, share=0)
    with pytest.raises(InvalidInputError, match="time"):
        fair_reward(lc.money(5, "USD"), FLOOR)
    with pytest.raises(InvalidInputError, match="non-negative"):
        fair_reward(minutes(5, -1), FLOOR, share=0.5)
    with pytest.raises(InvalidInputError, match="hourly wage"):
        fair_reward(lc.Q_(5, "minute"), lc.money(15, "USD"))
    with pytest.raises(InvalidInputError, match="return_rate"):
        Overhead(return_rate=1.0)
    with pytest.raises(InvalidInputError, match="tasks_per_worker"):
        Overhead(tasks_per_worker=0)
    with pytest.raises(UnpublishedRuleError):
        fair_reward(lc.Q_(5, "minute"), FLOOR, platform=lc.Platform(name="X", worker_fee=None))


def test_batch_cost_on_mturk_includes_the_large_batch_tier() -> None:
    mturk = lc.platforms.get("mturk")
    # 9 assignments at $1.00: 20 % fee, $1.20 each, $10.80 in all.
    small = batch_cost(lc.money(1.0, "USD"), assignments=9, platform=mturk)
    assert small.total.magnitude == pytest.approx(10.80)
    # 10 or more: a further 20 %: $1.40 each; 100 assignments cost $140, $40 of it fees.
    large = batch_cost(lc.money(1.0, "USD"), assignments=100, platform=mturk)
    assert large.per_assignment.magnitude == pytest.approx(1.40)
    assert large.fees.magnitude == pytest.approx(40.0)
    assert large.rewards.magnitude == pytest.approx(100.0)
    assert any("Mechanical Turk" in s or "mturk" in s.lower() for s in large.sources)
    # The $0.01 minimum fee: a $0.03 reward pays $0.01, not $0.006.
    tiny = batch_cost(lc.money(0.03, "USD"), assignments=1, platform=mturk)
    assert tiny.per_assignment.magnitude == pytest.approx(0.04)


def test_plan_batch() -> None:
    plan = plan_batch(
        lc.Q_(5, "minute"),
        FLOOR,
        assignments=100,
        platform=lc.platforms.get("mturk"),
        overhead=lc.Q_(1, "minute"),
    )
    # $1.50 reward (6 min at $15/h) costs $2.10 an assignment: $210 for 100.
    assert plan.fair.reward.magnitude == pytest.approx(1.50)
    assert plan.cost.total.magnitude == pytest.approx(210.0)
    assert "210.00" in plan.to_text()
    assert plan.to_dict()["budget"]["total"] == pytest.approx(210.0)


def test_top_ups_fair_work_and_own_time() -> None:
    # Fair Work: $0.50 a task, median 5 min at $15/h -> 0.50 * (15/6 - 1) = $0.75 per task.
    floor = FLOOR
    times = minutes(4, 5, 9, 6)
    ids = ["a", "a", "b", "c"]
    median = top_up_batch(lc.money(0.50, "USD"), times, floor, workers=ids)
    # Median of 4, 5, 6, 9 is 5.5 min: 15 * 5.5 / 60 - 0.50 = $0.875 per task; each worker's
    # bonus rounded up to the cent: a $1.75, b and c $0.88 each.
    assert median.per_task.magnitude == pytest.approx(0.875)  # type: ignore[union-attr]
    assert median.by_worker["a"].magnitude == pytest.approx(1.75)
    assert median.by_worker["b"].magnitude == pytest.approx(0.88)
    assert median.total.magnitude == pytest.approx(1.75 + 0.88 + 0.88)
    # With 1 min search per task: 6.5 min -> 15 * 6.5 / 60 - 0.5 = $1.125.
    searching = top_up_batch(
        lc.money(0.50, "USD"), times, floor, workers=ids, overhead=lc.Q_(1, "minute")
    )
    assert searching.per_task.magnitude == pytest.approx(1.125)  # type: ignore[union-attr]
    # Own time: a: 9 min -> 15 * 9 / 60 - 1.00 = $1.25; b: 9 min -> 2.25 - 0.5 = $1.75;
    # c: 6 min -> 1.50 - 0.50 = $1.00.
    own = top_up_batch(lc.money(0.50, "USD"), times, floor, workers=ids, basis="own")
    assert {w: b.magnitude for w, b in own.by_worker.items()} == pytest.approx(
        {"a": 1.25, "b": 1.75, "c": 1.00}
    )
    # On MTurk bonuses pay the 20 % commission: $4.00 of bonuses cost $4.80.
    mturk = top_up_batch(
        lc.money(0.50, "USD"),
        times,
        floor,
        workers=ids,
        basis="own",
        platform=lc.platforms.get("mturk"),
    )
    assert mturk.client_cost.magnitude == pytest.approx(4.80)  # type: ignore[union-attr]
    # A reward already above the floor needs no top-up.
    rich = top_up_batch(lc.money(5.0, "USD"), times, floor)
    assert rich.total.magnitude == 0
    assert rich.to_dict()["total"] == 0


# ------------------------------------------------------------------ command line


def test_cli_budget(run_cli: Callable[..., subprocess.CompletedProcess[str]]) -> None:
    args = ["--median-time", "5min", "--floor", "15 USD/hour", "--platform", "mturk"]
    result = run_cli("budget", *args, "--assignments", "100", "--search", "1min", "--json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    # 6 min at $15/h = $1.50; on MTurk with 100 assignments $2.10 each: $210.
    assert payload["reward"]["reward"] == pytest.approx(1.50)
    assert payload["budget"]["total"] == pytest.approx(210.0)
    text = run_cli("budget", *args, "--assignments", "100", "--search", "1min")
    assert "210.00" in text.stdout
    sample = run_cli(
        "budget", "--times", "4,5,6,7,8", "--share", "0.8", "--floor", "12 USD/hour", "--json"
    )
    assert sample.returncode == 0, sample.stderr
    # 80 % of 5 workers is 4: the 4th time (7 min) binds: 12 * 7 / 60 = $1.40.
    assert json.loads(sample.stdout)["reward"]["reward"] == pytest.approx(1.40)
    assert json.loads(sample.stdout)["budget"] is None


def test_cli_budget_local_minimum_wage(
    run_cli: Callable[..., subprocess.CompletedProcess[str]],
) -> None:
    result = run_cli(
        "budget",
        "--median-time",
        "60min",
        "--floor",
        "minimum",
        "--country",
        "KE",
        "--currency",
        "USD",
        "--on",
        "2025-01-01",
    )
    assert result.returncode == 0, result.stderr
    assert "Kenya" in result.stdout


def test_cli_budget_errors(run_cli: Callable[..., subprocess.CompletedProcess[str]]) -> None:
    for args, message in [
        (["--median-time", "5min", "--floor", "15 USD"], "hourly wage"),
        (["--median-time", "5 USD", "--floor", "15 USD/hour"], "not a time"),
        (["--floor", "15 USD/hour"], "--median-time or --times"),
        (["--median-time", "5min", "--floor", "minimum"], "--country"),
        (["--median-time", "5min", "--floor", "15 USD/hour", "--platform", "nope"], "nope"),
        (["--median-time", "5min", "--floor", "15 USD/hour", "--return-rate", "1"], "return"),
    ]:
        result = run_cli("budget", *args)
        assert result.returncode == 2, (args, result.stderr)
        assert message in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "name",
    ["BatchCost", "BatchPlan", "FairReward", "Overhead", "TopUps", "batch_cost", "fair_reward",
     "plan_batch", "reference_floor", "top_up_batch"],
)
def test_the_old_module_forwards_with_a_warning(name: str) -> None:
    import labourchain.budget as old  # importing the old module is silent
    import labourchain.requester as new

    with pytest.warns(DeprecationWarning, match=rf"import {name} from labourchain\.requester"):
        moved = getattr(old, name)
    assert moved is getattr(new, name)
    assert sorted(new.__all__) == dir(old)


def test_an_unpublished_worker_fee_is_named() -> None:
    hidden = lc.Platform(name="Hidden", worker_fee=None)
    with pytest.raises(UnpublishedRuleError, match="Hidden has not published its worker fee"):
        fair_reward(lc.Q_(5, "minute"), FLOOR, platform=hidden)
