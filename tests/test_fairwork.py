"""top_up_batch(method="fairwork") against the Fair Work reference implementation.

Whiting, Hugh and Bernstein, "Fair Work: Crowd Work Minimum Wage with One Line of Code"
(HCOMP 2019); reference implementation github.com/StanfordHCI/fairwork at commit 76ba6ff,
read line by line: ``auditor/management/commands/auditpayments.py`` lines 55-95 (which
HITs, per-HIT medians excluding frozen workers, the median of medians, the rate quantized
to the cent) and 245-253 (each worker's total rounded up to the cent), and
``auditor/models.py`` lines 115-134 (``reward * (floor / rate - 1)`` per approved
assignment when the rate is below the floor). ``_reference`` below transcribes those lines
(Decimal, ``statistics.median`` over ``timedelta``), independently of labourchain's code.
"""

from __future__ import annotations

import math
import statistics
from datetime import timedelta
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import labourchain as lc
from labourchain.errors import InvalidInputError
from labourchain.requester import top_up_batch

FLOOR = lc.money(15, "USD") / lc.Q_(1, "hour")


def minutes(*values: float) -> lc.units.Quantity:
    return lc.Q_(np.array(values, dtype=float), "minute")


def _reference(
    payment: str,
    floor: str,
    assignments: list[tuple[str, str, str, float | None]],
    frozen: set[str],
) -> dict[str, Decimal]:
    """What Fair Work sends each worker: (hit, worker, status, minutes reported or None)."""
    payment_d, floor_d = Decimal(payment), Decimal(floor)
    # auditpayments.py 55, 66: HITs with an approved assignment.
    hits = list(dict.fromkeys(h for h, _, s, _ in assignments if s == "approved"))
    hit_durations = []
    for hit in hits:
        # 72-80: reports of every assignment of the HIT, frozen workers left out; the median.
        durations = [
            timedelta(seconds=m * 60)
            for h, w, _, m in assignments
            if h == hit and w not in frozen and m is not None
        ]
        if durations:
            hit_durations.append(statistics.median(durations))
    if not hit_durations:
        return {}
    estimated_time = statistics.median(hit_durations)  # 91
    estimated_rate = Decimal(
        payment_d / Decimal(estimated_time.total_seconds() / (60 * 60))
    ).quantize(Decimal(".01"))  # 92
    if estimated_rate == 0:
        estimated_rate = Decimal("0.01")  # 93-94
    totals: dict[str, Decimal] = {}
    for _, w, s, _ in assignments:
        if s != "approved" or w in frozen:
            continue
        # models.py 125-134
        if estimated_rate < floor_d:
            underpayment = payment_d * (floor_d / estimated_rate - 1)
        else:
            underpayment = Decimal("0.00")
        totals[w] = totals.get(w, Decimal("0.00")) + underpayment
    # auditpayments.py 251-252: "don't shortchange workers --- round up to the nearest cent"
    return {
        w: Decimal(math.ceil(t * Decimal("100.0"))) / Decimal("100.0") for w, t in totals.items()
    }


def _run(
    reward: float,
    assignments: list[tuple[str, str, str, float | None]],
    frozen: set[str] = frozenset(),  # type: ignore[assignment]
    **kwargs: object,
) -> lc.TopUps:
    return top_up_batch(
        lc.money(reward, "USD"),
        minutes(*(np.nan if m is None else m for _, _, _, m in assignments)),
        FLOOR,
        workers=[w for _, w, _, _ in assignments],
        hits=[h for h, _, _, _ in assignments],
        statuses=[s for _, _, s, _ in assignments],
        frozen=frozen,
        method="fairwork",
        **kwargs,  # type: ignore[arg-type]
    )


def test_three_hits_of_three_assignments() -> None:
    # Nine workers, $0.50 a task. HIT medians 2.3, 2.3 and 3.6 min: Fair Work's estimate is
    # 2.3 min, a rate of 0.50 / (2.3 / 60) = $13.04/h, so 0.50 * (15 / 13.04 - 1) = $0.07515
    # per assignment, $0.08 per worker once rounded up: $0.72 in all. Pooling the nine times
    # (median 3.6 min) paid 15 * 3.6 / 60 - 0.50 = $0.40 a task, $3.60 in all.
    times = {"h1": (1.0, 2.3, 9.0), "h2": (2.0, 2.3, 9.0), "h3": (3.6, 3.6, 9.0)}
    batch = [(h, f"w{h}{i}", "approved", t) for h, ts in times.items() for i, t in enumerate(ts)]
    fw = _run(0.50, batch)
    assert fw.task_time is not None
    assert fw.task_time.magnitude == pytest.approx(2.3)
    assert fw.rate is not None
    assert fw.rate.magnitude == pytest.approx(13.04)
    assert fw.per_task is not None
    assert fw.per_task.magnitude == pytest.approx(0.50 * (15 / 13.04 - 1))
    assert {b.magnitude for b in fw.by_worker.values()} == {0.08}
    assert fw.total.magnitude == pytest.approx(0.72)
    assert fw.method == "fairwork"
    assert fw.to_dict()["rate"] == pytest.approx(13.04)
    pooled = top_up_batch(
        lc.money(0.50, "USD"), minutes(*(t for ts in times.values() for t in ts)), FLOOR
    )
    assert pooled.total.magnitude == pytest.approx(3.60)
    expected = _reference("0.50", "15", batch, set())
    assert {w: Decimal(str(b.magnitude)) for w, b in fw.by_worker.items()} == expected


def test_rejected_reports_count_frozen_workers_do_not() -> None:
    # h1: approved a (4 min), rejected b (10 min), approved c (6 min) -> median 6 min.
    # h2: only rejected work -> not audited, its 1-min report is ignored.
    # Frozen worker f's 1-min report in h1 is left out, and f gets nothing.
    batch = [
        ("h1", "a", "approved", 4.0),
        ("h1", "b", "rejected", 10.0),
        ("h1", "c", "approved", 6.0),
        ("h1", "f", "approved", 1.0),
        ("h2", "d", "rejected", 1.0),
        ("h1", "a", "approved", 6.0),
        ("h1", "a", "approved", None),  # a third task of a's, no time reported
    ]
    fw = _run(0.50, batch, frozen={"f"})
    # Reports in h1 without f: 4, 10, 6, 6 -> median 6 min; rate 0.50 / 0.1 h = $5/h;
    # per approved assignment 0.50 * (15 / 5 - 1) = $1.00. a did three: $3.00; c one.
    assert fw.task_time is not None
    assert fw.task_time.magnitude == pytest.approx(6.0)
    assert fw.rate is not None
    assert fw.rate.magnitude == pytest.approx(5.0)
    got = {w: b.magnitude for w, b in fw.by_worker.items()}
    assert got == {"a": 3.0, "b": 0.0, "c": 1.0, "d": 0.0, "f": 0.0}
    assert fw.total.magnitude == pytest.approx(4.0)
    expected = _reference("0.50", "15", batch, {"f"})
    assert {w: Decimal(str(got[w])) for w in expected} == expected


def test_a_workers_total_is_rounded_up_once_and_the_rate_to_the_cent() -> None:
    # One HIT, reports 2.3 min: rate 13.04 (not 13.0435), per assignment $0.07515.
    # Worker a did three: 3 * 0.07515 = 0.22546 -> $0.23 (rounding each would give $0.24).
    batch = [("h", "a", "approved", 2.3)] * 3
    fw = _run(0.50, batch)
    assert fw.by_worker["a"].magnitude == pytest.approx(0.23)
    # Rounding the rate matters: unrounded, 3 * 0.50 * (15 / 13.0435 - 1) = 0.2250 -> $0.23
    # here too, but at $0.51 a task: 0.51 / (2.3 / 60) = 13.3043 -> 13.30, and
    # 3 * 0.51 * (15 / 13.30 - 1) = 0.19556 -> $0.20, where 13.3043 gives 0.1950 -> $0.20 and
    # rounding a worker's total down would give $0.19. Each checked against the reference.
    assert _run(0.51, batch).by_worker["a"].magnitude == pytest.approx(0.20)
    # $0.06 for 7 min: 0.06 / (7 / 60) = 0.5143 -> $0.51/h; 0.06 * (15 / 0.51 - 1) = 1.7047
    # -> $1.71 (the unrounded rate would pay 0.06 * (15 / 0.5143 - 1) = $1.69).
    assert _run(0.06, [("h", "a", "approved", 7.0)]).by_worker["a"].magnitude == 1.71
    for reward, text in ((0.50, "0.50"), (0.51, "0.51"), (0.07, "0.07"), (1.99, "1.99")):
        fw = _run(reward, batch)
        ref = _reference(text, "15", batch, set())
        assert Decimal(str(fw.by_worker["a"].magnitude)) == ref["a"]


def test_client_cost_is_on_the_rounded_bonuses() -> None:
    # MTurk's 20 % commission on each worker's rounded $0.08: 9 * 0.096 = $0.864.
    times = {"h1": (1.0, 2.3, 9.0), "h2": (2.0, 2.3, 9.0), "h3": (3.6, 3.6, 9.0)}
    batch = [(h, f"w{h}{i}", "approved", t) for h, ts in times.items() for i, t in enumerate(ts)]
    fw = _run(0.50, batch, platform=lc.platforms.get("mturk"))
    assert fw.client_cost is not None
    assert fw.client_cost.magnitude == pytest.approx(9 * 0.08 * 1.2)


def test_nobody_reported_a_time_no_bonus() -> None:
    fw = _run(0.50, [("h", "a", "approved", None), ("h", "b", "approved", 3.0)], frozen={"b"})
    assert fw.task_time is None
    assert fw.rate is None
    assert fw.total.magnitude == 0.0
    assert fw.to_dict()["task_time_minutes"] is None


def test_a_rate_at_or_above_the_floor_needs_no_bonus() -> None:
    # 1.25 / (5 / 60) = $15.00/h exactly: not below the floor.
    fw = _run(1.25, [("h", "a", "approved", 5.0)])
    assert fw.total.magnitude == 0.0


def test_fairwork_refuses_what_it_does_not_model() -> None:
    t = minutes(4, 5)
    with pytest.raises(InvalidInputError, match="overhead"):
        top_up_batch(lc.money(0.5, "USD"), t, FLOOR, method="fairwork", overhead=lc.Q_(1, "min"))
    fee = lc.Platform(name="P", worker_fee=0.2)
    with pytest.raises(InvalidInputError, match="worker fee"):
        top_up_batch(lc.money(0.5, "USD"), t, FLOOR, method="fairwork", platform=fee)
    with pytest.raises(InvalidInputError, match="hits has 1 entries for 2 times"):
        top_up_batch(lc.money(0.5, "USD"), t, FLOOR, method="fairwork", hits=["h"])
    # MTurk's own spelling is accepted; a submitted (unreviewed) assignment's report counts
    # for the time but earns nothing yet, as in Fair Work (only approved ones are audited).
    mixed = top_up_batch(
        lc.money(0.5, "USD"),
        minutes(4, 10),
        FLOOR,
        workers=["a", "b"],
        method="fairwork",
        statuses=["Approved", "Submitted"],
    )
    assert mixed.task_time is not None
    assert mixed.task_time.magnitude == pytest.approx(7.0)
    assert mixed.by_worker["b"].magnitude == 0.0
    assert mixed.by_worker["a"].magnitude > 0
    with pytest.raises(InvalidInputError, match="'paid'"):
        top_up_batch(
            lc.money(0.5, "USD"), t, FLOOR, method="fairwork", statuses=["approved", "paid"]
        )
    with pytest.raises(InvalidInputError, match="fairwork"):
        top_up_batch(lc.money(0.5, "USD"), t, FLOOR, method="median", hits=["h", "h"])
    with pytest.raises(InvalidInputError, match="method must be"):
        top_up_batch(lc.money(0.5, "USD"), t, FLOOR, method="mean")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="disagree"):
        top_up_batch(lc.money(0.5, "USD"), t, FLOOR, method="own", basis="median")


_assignment = st.tuples(
    st.sampled_from(["h1", "h2", "h3", "h4"]),
    st.sampled_from(["a", "b", "c", "d", "e"]),
    st.sampled_from(["approved", "approved", "rejected"]),
    st.one_of(st.none(), st.integers(1, 3600).map(lambda s: s / 60)),
)


@settings(max_examples=60, deadline=None)
@given(
    batch=st.lists(_assignment, min_size=1, max_size=15),
    cents=st.integers(1, 300),
    frozen=st.sets(st.sampled_from(["a", "b", "c", "d", "e"]), max_size=2),
)
def test_pays_what_the_reference_implementation_pays(
    batch: list[tuple[str, str, str, float | None]], cents: int, frozen: set[str]
) -> None:
    payment = f"{cents // 100}.{cents % 100:02d}"
    fw = _run(cents / 100, batch, frozen=frozen)
    ref = _reference(payment, "15", batch, frozen)
    for w, bonus in fw.by_worker.items():
        assert Decimal(str(bonus.magnitude)) == ref.get(w, Decimal("0.00")), w


@settings(max_examples=60, deadline=None)
@given(
    times=st.lists(st.floats(0.1, 120), min_size=1, max_size=12),
    reward=st.floats(0.01, 5),
    method=st.sampled_from(["fairwork", "median", "own"]),
    data=st.data(),
)
def test_every_bonus_is_whole_cents_and_at_least_the_unrounded_amount(
    times: list[float], reward: float, method: str, data: st.DataObject
) -> None:
    ids = data.draw(st.lists(st.sampled_from("abc"), min_size=len(times), max_size=len(times)))
    t = top_up_batch(
        lc.money(reward, "USD"),
        minutes(*times),
        FLOOR,
        workers=ids,
        method=method,  # type: ignore[arg-type]
    )
    for w, bonus in t.by_worker.items():
        cents = bonus.magnitude * 100
        assert cents == pytest.approx(round(cents), abs=1e-6)
        mine = [m for m, i in zip(times, ids, strict=True) if i == w]
        if method == "own":
            unrounded = max(0.0, sum(15 * m / 60 - reward for m in mine))
        else:
            assert t.per_task is not None
            unrounded = t.per_task.magnitude * len(mine)
        assert bonus.magnitude >= unrounded - 1e-9
        assert bonus.magnitude < unrounded + 0.01 + 1e-9
    assert t.total.magnitude == pytest.approx(sum(b.magnitude for b in t.by_worker.values()))
    assert t.total.magnitude == round(t.total.magnitude, 2)  # whole cents, no float residue
