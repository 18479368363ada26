"""The ledger of per-group sums and the columnar GroupedReport (issue #17)."""

from __future__ import annotations

import pickle

import attrs
import pytest

import labourchain as lc
from labourchain.accounting import GroupedReport

LOG = lc.WorkLog.from_records(
    [
        {"start": "2024-03-04T09:00:00+01:00", "minutes": 20, "activity": "search"},
        {"start": "2024-03-04T09:20:00+01:00", "minutes": 30, "activity": "paid",
         "reward": 3.0, "currency": "USD", "client": "A", "task_id": "t1"},
        {"start": "2024-03-04T09:50:00+01:00", "minutes": 10, "activity": "rejected",
         "reward": 0.5, "currency": "USD", "client": "B", "task_id": "t2"},
        {"start": "2024-03-05T23:30:00+01:00", "minutes": 60, "activity": "paid",
         "reward": 2.0, "currency": "USD", "client": "B", "task_id": "t3"},
        {"start": "2024-03-06T10:00:00+01:00", "minutes": 15, "activity": "waiting"},
    ]
)  # fmt: skip
REFERENCE = lc.money(5, "USD") / lc.Q_(1, "hour")


def test_combining_one_report_gives_it_back() -> None:
    """wage_report and combine_reports build their reports through the same ledger."""
    for policy in (lc.AccountingPolicy(), lc.AccountingPolicy.hara2018()):
        report = lc.wage_report(LOG, reference=REFERENCE, policy=policy)
        assert lc.combine_reports([report]) == report


@pytest.mark.parametrize("by", ["day", "client", "task"])
@pytest.mark.parametrize("attribute", ["paid_time", "separate"])
def test_columnar_groups_read_as_the_reports_they_build(by: str, attribute: str) -> None:
    def grouping() -> GroupedReport:
        return lc.breakdown(LOG, by=by, attribute=attribute, reference=REFERENCE)  # type: ignore[arg-type]

    grouped = grouping()
    built = dict(grouped.items())
    assert grouped.groups == built
    assert hash(grouped.groups) == hash(grouping().groups)
    assert hash(grouped) == hash(grouping())
    # The same report object on every lookup (built once).
    first = next(iter(grouped))
    assert grouped[first] is grouped.groups[first]
    # The table from the sums is the table from the built reports.
    plain = attrs.evolve(grouped, groups=built)
    assert type(plain.groups).__name__ == "FrozenMap"
    assert plain.to_text() == grouped.to_text()
    assert plain.to_dict() == grouped.to_dict()
    assert plain == grouped


def test_columnar_groups_are_read_only_and_take_any_key() -> None:
    grouped = lc.breakdown(LOG, by="client")
    assert [] not in grouped.groups  # unhashable: in no mapping
    assert "nobody" not in grouped
    with pytest.raises(KeyError):
        grouped["nobody"]
    with pytest.raises(TypeError):
        grouped.groups["A"] = grouped.total  # type: ignore[index]
    assert isinstance(grouped, GroupedReport)


def test_a_grouped_report_pickles_with_its_reports() -> None:
    grouped = lc.breakdown(LOG, by="task", reference=REFERENCE)
    again = pickle.loads(pickle.dumps(grouped))
    assert again == grouped
    assert again.to_text() == grouped.to_text()
    assert again["t3"] == grouped["t3"]
