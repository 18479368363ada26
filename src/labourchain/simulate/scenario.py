"""Scenarios: everything a simulation of data workers' weeks needs, loadable from TOML.

A :class:`Scenario` holds the platforms (fees and payout policy), the clients
(their rejection models), the task mix (kinds with lognormal rewards and
durations), the demand calendar (when tasks are posted, in the client's time
zone, and the claim half-life), search and qualification behaviour, outages,
the typical worker (``scenario.worker``: country, zone, availability) and the
variation across workers. The parts are defined in
:mod:`labourchain.simulate._parts` (this module is their public home); the TOML
format is documented in ``docs/simulation.md`` and mapped, table by table, in
:mod:`labourchain.simulate._toml`: :meth:`Scenario.from_toml` and
:meth:`Scenario.to_toml` round-trip.

>>> from labourchain import cases
>>> s = cases.load("eduardo")
>>> s.worker.country, s.currency
('PH', 'USD')
>>> Scenario.from_toml_text(s.to_toml_text()) == s
True
"""

from __future__ import annotations

import os
from datetime import date

import attrs

from labourchain._deprecated import renamed_attribute
from labourchain.domain import Platform, Worker
from labourchain.errors import ScenarioError
from labourchain.schedule import WeeklySchedule
from labourchain.simulate import _toml
from labourchain.simulate._parts import (
    ClientSpec,
    Demand,
    Lognormal,
    Outages,
    PlatformSpec,
    Qualification,
    Search,
    TaskKind,
    Variation,
    WorkerType,
    check_name,
    check_text,
    check_worker,
    pay_pairs,
    source_pairs,
)
from labourchain.simulate.fitrecord import Fit
from labourchain.units import check_code

__all__ = (
    "ClientSpec",
    "Demand",
    "Lognormal",
    "Outages",
    "PlatformSpec",
    "Qualification",
    "Scenario",
    "ScenarioError",
    "Search",
    "TaskKind",
    "Variation",
    "WorkerType",
)


@attrs.frozen(kw_only=True)
class Scenario:
    """Everything a simulation needs (see the module docstring and docs/simulation.md).

    Attributes:
        name: Short name.
        description: What it models.
        currency: Currency of rewards, fees and results.
        week_of: Default week simulated (any date in it).
        worker: The typical worker (availability a :class:`WeeklySchedule`).
        platforms: Platforms, by name.
        clients: Clients, by name.
        kinds: The task mix.
        demand: The posting calendar and claim half-life.
        search: Search and training time.
        qualification: Unpaid tests.
        outages: Power and connection cuts.
        variation: How workers differ.
        pay_by_country: Factor on rewards by the worker's country (default 1).
        sources: Where each figure comes from (field path, citation), or "assumption".
        population: Workers a population of this scenario has by default (for a
            published study, its sample size); None: the caller says.
        calibration: How the scenario was fitted to published figures (None if it was not).
    """

    name: str = attrs.field(validator=check_name)
    worker: Worker = attrs.field(validator=check_worker)
    platforms: tuple[PlatformSpec, ...] = attrs.field(converter=tuple)
    clients: tuple[ClientSpec, ...] = attrs.field(converter=tuple)
    kinds: tuple[TaskKind, ...] = attrs.field(converter=tuple)
    description: str = attrs.field(default="", validator=check_text)
    currency: str = attrs.field(default="USD", validator=check_text)
    week_of: date = date(2024, 7, 1)
    demand: Demand = attrs.field(factory=Demand)
    search: Search = attrs.field(factory=Search)
    qualification: Qualification = attrs.field(factory=Qualification)
    outages: Outages = attrs.field(factory=Outages)
    variation: Variation = attrs.field(factory=Variation)
    pay_by_country: tuple[tuple[str, float], ...] = attrs.field(default=(), converter=pay_pairs)
    sources: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=source_pairs)
    population: int | None = None
    calibration: Fit | None = None

    def __attrs_post_init__(self) -> None:
        if self.population is not None and (
            isinstance(self.population, bool)
            or not isinstance(self.population, int)
            or self.population < 1
        ):
            raise ScenarioError(
                f"population must be a whole number of workers >= 1, got {self.population!r}"
            )
        check_code(self.currency, "scenario currency")
        if not self.kinds:
            raise ScenarioError("a scenario needs at least one [[kinds]] entry")
        for what, items in (("platforms", self.platforms), ("clients", self.clients)):
            names = [item.name for item in items]
            if len(set(names)) != len(names):
                raise ScenarioError(f"{what}: names must be unique, got {names}")
        platforms = {p.name for p in self.platforms}
        clients = {c.name for c in self.clients}
        for i, kind in enumerate(self.kinds):
            if kind.platform not in platforms:
                raise ScenarioError(
                    f"kinds[{i}].platform {kind.platform!r} is not one of the scenario's "
                    f"platforms: {', '.join(sorted(platforms)) or '(none)'}"
                )
            if kind.client not in clients:
                raise ScenarioError(
                    f"kinds[{i}].client {kind.client!r} is not one of the scenario's "
                    f"clients: {', '.join(sorted(clients)) or '(none)'}"
                )

    @property
    def availability(self) -> WeeklySchedule:
        """The typical worker's weekly availability."""
        schedule = self.worker.availability
        assert isinstance(schedule, WeeklySchedule)
        return schedule

    @property
    def country_multiplier(self) -> float:
        """Factor on rewards for the typical worker's country (1 if not listed).

        Not to be confused with :attr:`RejectionModel.pay_factor
        <labourchain.RejectionModel.pay_factor>`, the share of pay that rejections leave.
        """
        return dict(self.pay_by_country).get(self.worker.country, 1.0)

    pay_factor = renamed_attribute("Scenario", "pay_factor", "country_multiplier")

    def platform(self, name: str) -> Platform:
        """The :class:`~labourchain.Platform` of the scenario's platform ``name``."""
        for spec in self.platforms:
            if spec.name == name:
                return spec.platform(self.currency)
        raise ScenarioError(f"no platform {name!r} in scenario {self.name!r}")

    # ------------------------------------------------------------------ TOML

    @classmethod
    def from_toml(cls, path: str | os.PathLike[str]) -> Scenario:
        """Read a scenario file (see docs/simulation.md for the format).

        Raises:
            ScenarioError: naming the field and what is accepted.
        """
        return _toml.read_file(cls, path)

    @classmethod
    def from_toml_text(cls, text: str, *, source: str = "<scenario>") -> Scenario:
        """Read a scenario from TOML text (a leading byte-order mark is allowed)."""
        return _toml.read_text(cls, text, source=source)

    def to_toml(self, path: str | os.PathLike[str]) -> None:
        """Write the scenario as TOML; :meth:`from_toml` reads it back equal."""
        _toml.write_file(self, path)

    def to_toml_text(self) -> str:
        """The scenario as TOML text."""
        return _toml.write_text(self)
