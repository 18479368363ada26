"""Scenario objects and their TOML format (docs/simulation.md)."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

from labourchain import cases
from labourchain.errors import InvalidInputError
from labourchain.simulate import Lognormal, Scenario, ScenarioError

MINIMAL = """
name = "minimal"
[worker]
country = "KE"
timezone = "Africa/Nairobi"
availability = "Mon-Fri 16:00-01:00"
[[platforms]]
name = "P"
[[clients]]
name = "C"
[[kinds]]
name = "k"
platform = "P"
client = "C"
reward = { median = 0.5, sigma = 0.2 }
minutes = { median = 5.0 }
"""


@pytest.mark.parametrize("name", cases.names())
def test_every_case_round_trips_through_toml(name: str, tmp_path: Path) -> None:
    scenario = cases.load(name)
    path = tmp_path / f"{name}.toml"
    scenario.to_toml(path)
    assert Scenario.from_toml(path) == scenario


def test_minimal_file_takes_documented_defaults() -> None:
    s = Scenario.from_toml_text(MINIMAL)
    assert s.currency == "USD"
    assert s.demand.hours == "always"
    assert s.search.minutes == 0.0
    assert s.kinds[0].minutes == Lognormal(median=5.0, sigma=0.0)
    assert s.worker.currency == "USD"
    assert s.availability.hours.magnitude == 45.0


def test_preset_fills_platform_rules_and_file_overrides_them() -> None:
    text = MINIMAL.replace('name = "P"\n', 'name = "P"\npreset = "appen"\npayout_minimum = 5.0\n')
    s = Scenario.from_toml_text(text)
    spec = s.platforms[0]
    assert spec.fx_spread == 0.02  # from the appen preset
    assert spec.payout_minimum == 5.0
    overridden = Scenario.from_toml_text(text.replace("preset", "fx_spread = 0.0\npreset"))
    assert overridden.platforms[0].fx_spread == 0.0


@pytest.mark.parametrize(
    ("edit", "words"),
    [
        (('name = "k"', 'name = "k"\ncolour = "red"'), ["kinds[0]", "'colour'", "return_rate"]),
        (
            ("[[clients]]", "[[clients]]\nrejection = { rate = 2.0 }"),
            ["clients[0]", "rate", "[0, 1]"],
        ),
        (("median = 0.5", "median = -1"), ["kinds[0].reward", "median", ">= 0"]),
        (('platform = "P"', 'platform = "Q"'), ["kinds[0].platform", "'Q'", "P"]),
        (('timezone = "Africa/Nairobi"', 'timezone = "Mars/Olympus"'), ["worker", "Mars/Olympus"]),
        (("Mon-Fri 16:00-01:00", "Someday 9-5"), ["worker.availability", "Someday"]),
        (
            ("[[platforms]]", "[demand]\nhalf_life_hours = -2\n[[platforms]]"),
            ["demand", "half_life"],
        ),
        (('name = "minimal"', 'name = "minimal"\nweek_of = "July"'), ["week_of", "date"]),
        (('name = "minimal"', 'name = "minimal"\nspeed = 1'), ["scenario", "'speed'", "variation"]),
    ],
)
def test_bad_file_names_the_field_and_what_is_accepted(
    edit: tuple[str, str], words: list[str]
) -> None:
    text = MINIMAL.replace(*edit, 1)
    with pytest.raises(ScenarioError) as info:
        Scenario.from_toml_text(text, source="bad.toml")
    message = str(info.value)
    assert message.startswith("bad.toml: ")
    for word in words:
        assert word in message


def test_missing_required_field_and_invalid_toml() -> None:
    with pytest.raises(ScenarioError, match="missing field 'kinds'"):
        Scenario.from_toml_text(MINIMAL.split("[[kinds]]")[0])
    with pytest.raises(ScenarioError, match="not valid TOML"):
        Scenario.from_toml_text("name = ")
    assert issubclass(ScenarioError, InvalidInputError)


@pytest.mark.filterwarnings("ignore:Scenario.pay_factor is deprecated:DeprecationWarning")
def test_objects_validate_on_construction() -> None:
    s = cases.load("eduardo")
    with pytest.raises(ScenarioError, match="share in"):
        attrs.evolve(s.qualification, share=1.5)
    with pytest.raises(ScenarioError, match="at least one"):
        attrs.evolve(s, kinds=())
    assert s.platform("Remotasks").worker_fee == 0.0
    assert s.pay_factor == 1.0


def test_sources_and_strings_survive_the_writer() -> None:
    s = attrs.evolve(
        Scenario.from_toml_text(MINIMAL),
        description='quotes " and \\ backslashes\nand lines',
        sources={"kinds.k.reward": "a 'cited' figure", "plain": "x"},
    )
    assert Scenario.from_toml_text(s.to_toml_text()) == s


def test_every_toml_mapping_covers_its_class_fields() -> None:
    # _toml maps each table key by key: a field added to a class without a key in its
    # table would silently never be read or written.
    from labourchain.simulate import _toml

    for cls, mapping in _toml.MAPPINGS.items():
        attributes = [attribute for _, attribute in mapping]
        assert sorted(attributes) == sorted(f.name for f in attrs.fields(cls)), cls.__name__
        keys = [key for key, _ in mapping]
        assert len(set(keys)) == len(keys), cls.__name__


def test_a_toml_key_fills_the_attribute_its_mapping_names(monkeypatch: pytest.MonkeyPatch) -> None:
    # The key and the attribute are separate names: a renamed key reads into the same field.
    from labourchain.simulate import _toml

    renamed = tuple(("per_hour_cuts" if k == "per_hour" else k, a) for k, a in _toml.OUTAGES)
    monkeypatch.setattr(_toml, "OUTAGES", renamed)
    monkeypatch.setattr(
        _toml,
        "SECTIONS",
        tuple((k, c, renamed if k == "outages" else m) for k, c, m in _toml.SECTIONS),
    )
    text = cases.load("eduardo").to_toml_text()
    assert "per_hour_cuts = " in text
    scenario = Scenario.from_toml_text(text)
    assert scenario.outages == cases.load("eduardo").outages
