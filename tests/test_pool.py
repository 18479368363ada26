"""Pooling workers' logs and rating clients: worked examples and invariances."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import labourchain as lc
from labourchain.accounting import RequesterRatings, WorkerLogs, pool
from labourchain.errors import CurrencyMismatchError, InvalidInputError
from labourchain.testing import work_records

T0 = datetime(2024, 3, 4, 9, tzinfo=UTC)


def rec(
    minute: float, minutes: float, activity: str, reward: float | None = None, **extra: Any
) -> dict[str, Any]:
    r: dict[str, Any] = {
        "start": T0 + timedelta(minutes=minute),
        "minutes": minutes,
        "activity": activity,
        **extra,
    }
    if reward is not None:
        r |= {"reward": reward, "currency": "USD"}
    return r


def three_workers() -> WorkerLogs:
    return pool(
        {
            # w1: 20 min search, then Acme 60 min paid $3 and Beta 20 min paid $2.
            # Search is shared by paid time 60:20, so Acme gets 15 min, Beta 5 min.
            # Acme: $3 / 75 min = $2.40/h; Beta: $2 / 25 min = $4.80/h.
            "a7f3": lc.WorkLog.from_records(
                [
                    rec(0, 20, "search"),
                    rec(20, 60, "paid", 3.0, client="Acme"),
                    rec(80, 20, "paid", 2.0, client="Beta"),
                ]
            ),
            # w2: Acme 30 min paid $3, 30 min returned: $3 / 1 h = $3/h.
            "0c19": lc.WorkLog.from_records(
                [
                    rec(0, 30, "paid", 3.0, client="Acme"),
                    rec(30, 30, "returned", client="Acme"),
                ]
            ),
            # w3: Acme 60 min rejected ($0), 60 min paid $6: $6 / 2 h = $3/h.
            "e5d2": lc.WorkLog.from_records(
                [
                    rec(0, 60, "rejected", 6.0, client="Acme"),
                    rec(60, 60, "paid", 6.0, client="Acme"),
                ]
            ),
        }
    )


def test_worked_example() -> None:
    ratings = three_workers().rate_clients(reference=lc.money(2.5, "USD") / lc.Q_(1, "hour"))
    acme = ratings["Acme"]
    assert acme.workers == 3
    assert acme.tasks == 5  # 3 paid, 1 rejected, 1 returned
    assert (acme.paid, acme.rejected, acme.returned) == (3, 1, 1)
    assert acme.rejection_rate == pytest.approx(1 / 4)  # of submitted work
    assert acme.return_rate == pytest.approx(1 / 5)  # of attempts
    # Per-worker wages 2.40, 3.00, 3.00: the median is 3.00.
    assert acme.median_hourly.magnitude == pytest.approx(3.0)  # type: ignore[union-attr]
    # Linear quantile of [2.4, 3, 3] at 0.25: 2.4 + 0.5 * 0.6 = 2.7.
    assert acme.quantiles[0.25].magnitude == pytest.approx(2.7)
    # Pooled: ($3 + $3 + $6) / (1.25 + 1 + 2) h.
    assert acme.pooled_hourly.magnitude == pytest.approx(12 / 4.25)  # type: ignore[union-attr]
    # Paid time only: w1 $3/1h, w2 $3/0.5h, w3 $6/1h -> median $6/h, twice the real median.
    assert acme.median_paid_hourly.magnitude == pytest.approx(6.0)  # type: ignore[union-attr]
    # One of three workers (w1, at $2.40) is below $2.50.
    assert acme.share_below_reference == pytest.approx(1 / 3)
    beta = ratings["Beta"]
    assert beta.workers == 1
    assert beta.median_hourly.magnitude == pytest.approx(4.8)  # type: ignore[union-attr]
    assert beta.rejection_rate == 0
    assert [r.client for r in ratings] == ["Acme", "Beta"]


def test_min_workers_suppresses_small_clients_and_no_id_is_shown() -> None:
    ratings = three_workers().rate_clients(min_workers=2)
    assert [r.client for r in ratings] == ["Acme"]
    assert ratings.suppressed == 1
    text, payload = ratings.to_text(), str(ratings.to_dict())
    for worker in ("a7f3", "0c19", "e5d2"):
        assert worker not in text
        assert worker not in payload
    assert "fewer than 2 workers" in text


def test_each_workers_own_reference() -> None:
    per_hour = lc.Q_(1, "hour")
    refs = {
        "a7f3": lc.money(2, "USD") / per_hour,
        "0c19": lc.money(4, "USD") / per_hour,
        "e5d2": lc.money(280, "KES") / per_hour,  # $2 at 140 KES/USD
    }
    rates = lc.ExchangeRates({"KES": 140.0})
    acme = three_workers().rate_clients(reference=refs, rates=rates)["Acme"]
    assert acme.share_below_reference == pytest.approx(1 / 3)  # only 0c19 ($3 < $4)
    with pytest.raises(InvalidInputError, match="no wage for 1 worker"):
        three_workers().rate_clients(reference={k: refs[k] for k in ("a7f3", "0c19")})


def test_separate_rule_leaves_search_out() -> None:
    ratings = three_workers().rate_clients(attribute="separate")
    # w1's Acme wage is now $3 / 1 h.
    assert ratings["Acme"].quantiles[0.1].magnitude == pytest.approx(3.0)


def test_pairs_with_the_same_id_are_joined() -> None:
    a = lc.WorkLog.from_records([rec(0, 60, "paid", 1.0, client="X")])
    b = lc.WorkLog.from_records([rec(60, 60, "paid", 3.0, client="X")])
    logs = pool([("w", a), ("w", b)])
    assert len(logs) == 1
    assert logs.rate_clients()["X"].median_hourly.magnitude == pytest.approx(2.0)  # type: ignore[union-attr]


def test_errors() -> None:
    logs = three_workers()
    with pytest.raises(InvalidInputError, match="quantiles"):
        logs.rate_clients(quantiles=(0.5, 1.5))
    with pytest.raises(InvalidInputError, match="quantile method"):
        logs.rate_clients(method="bogus")
    with pytest.raises(InvalidInputError, match="min_workers"):
        logs.rate_clients(min_workers=0)
    with pytest.raises(InvalidInputError, match="worker id"):
        pool({"": lc.WorkLog.empty()})
    with pytest.raises(InvalidInputError, match="WorkLog"):
        pool({"w": "log.csv"})  # type: ignore[dict-item]
    mixed = pool(
        {
            "a": lc.WorkLog.from_records([rec(0, 60, "paid", 1.0)]),
            "b": lc.WorkLog.from_records(
                [{"start": T0, "minutes": 60, "activity": "paid", "reward": 1, "currency": "EUR"}]
            ),
        }
    )
    with pytest.raises(CurrencyMismatchError, match="EUR, USD"):
        mixed.rate_clients()


def test_reports_per_worker() -> None:
    reports = three_workers().reports()
    assert set(reports) == {"a7f3", "0c19", "e5d2"}
    assert reports["e5d2"].effective_hourly.magnitude == pytest.approx(3.0)  # type: ignore[union-attr]


# ------------------------------------------------------------------ invariance

_CLIENTS = st.sampled_from(["", "A", "B"])


@st.composite
def worker_logs(draw: st.DrawFn) -> dict[str, list[dict[str, Any]]]:
    n = draw(st.integers(1, 5))
    out = {}
    for i in range(n):
        records = draw(work_records(min_size=1, max_size=12))
        for r in records:
            r["client"] = draw(_CLIENTS)
        out[f"w{i}"] = records
    return out


def _summary(ratings: RequesterRatings) -> dict[str, Any]:
    return ratings.to_dict()


@given(logs=worker_logs(), data=st.data())
def test_pooling_is_invariant_to_the_order_of_logs_and_rows(
    logs: dict[str, list[dict[str, Any]]], data: st.DataObject
) -> None:
    ref = lc.money(3, "USD") / lc.Q_(1, "hour")
    base = pool({w: lc.WorkLog.from_records(r) for w, r in logs.items()}).rate_clients(
        currency="USD", reference=ref
    )
    workers = data.draw(st.permutations(list(logs)))
    shuffled = [(w, lc.WorkLog.from_records(data.draw(st.permutations(logs[w])))) for w in workers]
    again = pool(shuffled).rate_clients(currency="USD", reference=ref)
    assert _summary(again) == _summary(base)


@given(logs=worker_logs())
def test_rating_summarises_per_worker_wages(logs: dict[str, list[dict[str, Any]]]) -> None:
    pooled = pool({w: lc.WorkLog.from_records(r) for w, r in logs.items()})
    ratings = pooled.rate_clients(currency="USD")
    for rating in ratings:
        assert rating.rated_workers <= rating.workers <= len(logs)
        assert rating.paid + rating.rejected + rating.returned == rating.tasks
        if rating.median_hourly is not None:
            qs = [rating.quantiles[q].magnitude for q in sorted(rating.quantiles)]
            assert qs == sorted(qs)
            assert qs[0] <= rating.median_hourly.magnitude <= qs[-1]
        for rate in (rating.rejection_rate, rating.return_rate):
            assert rate is None or 0 <= rate <= 1
    # Time is neither created nor counted twice: the clients' hours add up to at most
    # the workers' total (less only where a log names no client and has no task work).
    reports = pooled.reports(currency="USD")
    total_hours = sum(r.total_time.magnitude for r in reports.values())
    rated_hours = sum(r.hours.magnitude for r in ratings)
    assert rated_hours <= total_hours + 1e-9
    if all(any(r["activity"] == "paid" and r["minutes"] > 0 for r in v) for v in logs.values()):
        assert rated_hours == pytest.approx(total_hours, abs=1e-9)


# ------------------------------------------------------------------ command line


def test_cli_rate(tmp_path: Path, run_cli: Callable[..., subprocess.CompletedProcess[str]]) -> None:
    folder = tmp_path / "logs"
    folder.mkdir()
    for worker, log in three_workers().items():
        log.to_csv(folder / f"{worker}.csv")
    result = run_cli(
        "rate", str(folder), "--json", "--reference", "2.5 USD/hour", "--min-workers", "3"
    )
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    acme = next(c for c in payload["clients"] if c["client"] == "Acme")
    assert acme["workers"] == 3
    assert acme["median_hourly"] == pytest.approx(3.0)
    assert acme["share_below_reference"] == pytest.approx(1 / 3)
    for worker in ("a7f3", "0c19", "e5d2"):
        assert worker not in result.stdout  # neither ids nor file names
    files = sorted(str(p) for p in folder.glob("*.csv"))
    text = run_cli("rate", *files, "--min-workers", "2")
    assert text.returncode == 0, text.stderr
    assert "Acme" in text.stdout
    assert "Beta" not in text.stdout
    assert "fewer than 2 workers" in text.stdout


def test_cli_rate_errors_are_one_line(
    tmp_path: Path, run_cli: Callable[..., subprocess.CompletedProcess[str]]
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("start,minutes,activity\n2024-03-04T09:00:00,5,search\n", "utf-8")
    result = run_cli("rate", str(bad))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "line 2" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
