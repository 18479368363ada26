"""Renamed public names (issue #17 item 5, docs/glossary.md): each new name gives what the
old one gave, and the old one still works for one release with a DeprecationWarning."""

from __future__ import annotations

import attrs
import pytest

from labourchain import cases


def test_scenario_country_multiplier_was_pay_factor() -> None:
    krystal = cases.load("krystal")  # pay_by_country: US 1.0, IN 0.5, VE 0.4
    scenario = attrs.evolve(krystal, worker=attrs.evolve(krystal.worker, country="IN"))
    assert scenario.country_multiplier == 0.5
    with pytest.warns(DeprecationWarning, match=r"Scenario\.pay_factor .* Scenario\.country_mult"):
        old = scenario.pay_factor
    assert old == 0.5
