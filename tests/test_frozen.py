"""Frozen means frozen: container fields cannot change in place, value objects hash
(issue #11, item 3)."""

from __future__ import annotations

import importlib
import inspect
import pickle
import pkgutil
import re
from datetime import date

import attrs
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import labourchain as lc
from labourchain._frozen import FrozenMap, read_only

PUBLIC_MODULES = sorted(
    info.name
    for info in pkgutil.walk_packages(lc.__path__, "labourchain.")
    if not any(part.startswith("_") for part in info.name.split("."))
)

LOG = lc.WorkLog.from_records(
    [
        {"start": "2024-03-04T10:00:00Z", "minutes": 10, "activity": "search"},
        {
            "start": "2024-03-04T10:10:00Z",
            "minutes": 30,
            "activity": "paid",
            "reward": 1.5,
            "currency": "USD",
            "client": "Acme",
        },
    ]
)


def test_exchange_rates_cannot_be_changed_in_place() -> None:
    rates = lc.ExchangeRates({"KES": 139.846}, base="USD", as_of=date(2024, 1, 1))
    with pytest.raises(TypeError):
        rates.rates["KES"] = -1.0  # type: ignore[index]
    assert rates.convert(lc.money(1398.46, "KES"), "USD").magnitude == pytest.approx(10.0)
    assert hash(rates) == hash(lc.ExchangeRates({"KES": 139.846}, as_of=date(2024, 1, 1)))
    assert {rates, lc.ExchangeRates({"KES": 139.846}, as_of=date(2024, 1, 1))} == {rates}
    assert rates.rates == {"KES": 139.846}


def test_value_objects_hash_and_keep_their_mappings_read_only() -> None:
    report = lc.wage_report(LOG)
    assert hash(report) == hash(lc.wage_report(LOG))
    with pytest.raises(TypeError):
        report.time_by_activity[lc.Activity.SEARCH] = lc.Q_(0, "hour")  # type: ignore[index]
    grouped = lc.breakdown(LOG, by="client")
    assert hash(grouped) == hash(lc.breakdown(LOG, by="client"))
    with pytest.raises(TypeError):
        grouped.groups["Acme"] = report  # type: ignore[index]
    ratings = lc.pool({"a": LOG}).rate_clients(min_workers=1)
    assert hash(ratings) == hash(lc.pool({"a": LOG}).rate_clients(min_workers=1))
    with pytest.raises(TypeError):
        ratings["Acme"].quantiles[0.5] = lc.money(0, "USD")  # type: ignore[index]
    times = lc.Q_(np.array([10.0, 12.0]), "minute")
    top_ups = lc.top_up_batch(lc.money(0.5, "USD"), times, lc.money(15, "USD") / lc.Q_(1, "hour"))
    with pytest.raises(TypeError):
        top_ups.by_worker["w1"] = lc.money(0, "USD")  # type: ignore[index]
    assert isinstance(hash(top_ups), int)


def test_arrays_handed_out_are_read_only() -> None:
    population = lc.simulate_population(lc.cases.load("maria"), n_workers=3, seed=1)
    for name in ("gross", "fees", "earnings", "hours", "outcomes", "rate_sum", "night_share"):
        with pytest.raises(ValueError, match="read-only"):
            getattr(population, name)[0] = 1e9
    timeline = LOG.timeline()
    with pytest.raises(ValueError, match="read-only"):
        timeline.minutes[0] = -1.0


def test_frozen_map_behaves_as_a_read_only_dict() -> None:
    m = FrozenMap({"b": 2, "a": 1})
    assert list(m) == ["b", "a"]  # order kept
    assert m == {"a": 1, "b": 2}
    assert m != {"a": 1}
    assert repr(m) == "{'b': 2, 'a': 1}"
    assert pickle.loads(pickle.dumps(m)) == m
    assert "a" in m
    assert m.get("c") is None
    with pytest.raises(TypeError):
        m["c"] = 3  # type: ignore[index]
    with pytest.raises(AttributeError):
        m.update({"c": 3})  # type: ignore[attr-defined]
    source = np.array([1.0, 2.0])
    view = read_only(source)
    with pytest.raises(ValueError, match="read-only"):
        view[0] = 0.0
    assert read_only(None) is None


@given(st.dictionaries(st.text(max_size=3), st.integers()))
def test_equal_frozen_maps_hash_equal(items: dict[str, int]) -> None:
    reordered = dict(reversed(list(items.items())))
    assert FrozenMap(items) == FrozenMap(reordered)
    assert hash(FrozenMap(items)) == hash(FrozenMap(reordered))


_MUTABLE = re.compile(r"\b(dict|list|set|Mapping|MutableMapping|Sequence)\[|ndarray|Array\b")


def _public_attrs_classes() -> list[type]:
    found: dict[type, None] = {}
    for name in PUBLIC_MODULES:
        module = importlib.import_module(name)
        for export in module.__all__:
            value = getattr(module, export)
            if inspect.isclass(value) and attrs.has(value):
                found[value] = None
    return list(found)


def test_every_container_field_of_a_frozen_class_is_immutable() -> None:
    """Statically: a field that holds a container is converted to an immutable one."""
    # _extra_columns: a tuple of (name, read-only array) pairs
    immutable = {"frozen_map", "read_only", "_frozen_array", "FrozenMap", "_extra_columns"}
    loose = []
    classes = _public_attrs_classes()
    assert len(classes) > 30
    for cls in classes:
        for field in attrs.fields(cls):
            if not _MUTABLE.search(str(field.type)):
                continue
            converter = field.converter
            name = getattr(converter, "__name__", "")
            returns = str(getattr(converter, "__annotations__", {}).get("return", ""))
            if name not in immutable and "FrozenMap" not in returns:
                loose.append(f"{cls.__module__}.{cls.__qualname__}.{field.name}: {field.type}")
    assert loose == []
