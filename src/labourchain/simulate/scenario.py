"""Scenarios: everything a simulation of data workers' weeks needs, loadable from TOML.

A :class:`Scenario` holds the platforms (fees and payout policy), the clients
(their rejection models), the task mix (kinds with lognormal rewards and
durations), the demand calendar (when tasks are posted, in the client's time
zone, and the claim half-life), search and qualification behaviour, outages,
the typical worker (``scenario.worker``: country, zone, availability) and the
variation across workers. The TOML format is documented in
``docs/simulation.md``; :meth:`Scenario.from_toml` and :meth:`Scenario.to_toml`
round-trip.

>>> from labourchain import cases
>>> s = cases.load("eduardo")
>>> s.worker.country, s.currency
('PH', 'USD')
>>> Scenario.from_toml_text(s.to_toml_text()) == s
True
"""

from __future__ import annotations

import math
import os
import re
import tomllib
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any, Final

import attrs

from labourchain._validate import check_country, check_timezone
from labourchain.domain import PayoutPolicy, Platform, Worker
from labourchain.errors import InvalidInputError, LabourchainError, ScenarioError
from labourchain.rejection import RejectionModel
from labourchain.schedule import WeeklySchedule
from labourchain.simulate._fitrecord import Fit
from labourchain.units import check_code, money

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


# ------------------------------------------------------------------ validators


def _number(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ScenarioError(
            f"{type(instance).__name__}.{attribute.name} must be a number, got {value!r}"
        )
    if not math.isfinite(value) or value < 0:
        raise ScenarioError(
            f"{type(instance).__name__}.{attribute.name} must be a finite number >= 0, "
            f"got {value!r}"
        )


def _positive(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    _number(instance, attribute, value)
    if value == 0:
        raise ScenarioError(f"{type(instance).__name__}.{attribute.name} must be > 0, got 0")


def _share(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    _number(instance, attribute, value)
    assert isinstance(value, int | float)
    if value > 1:
        raise ScenarioError(
            f"{type(instance).__name__}.{attribute.name} must be a share in [0, 1], got {value!r}"
        )


def _text(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not isinstance(value, str):
        raise ScenarioError(
            f"{type(instance).__name__}.{attribute.name} must be text (a TOML string in "
            f"quotes), got {value!r}"
        )


def _boolean(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, bool):
        raise ScenarioError(
            f"{type(instance).__name__}.{attribute.name} must be true or false (a TOML "
            f"boolean, without quotes), got {value!r}"
        )


def _float(value: object) -> object:
    if isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value


def _name(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ScenarioError(
            f"{type(instance).__name__}.{attribute.name} must be a non-empty string, got {value!r}"
        )


# --------------------------------------------------------------------- pieces


@attrs.frozen(kw_only=True)
class Lognormal:
    """A positive quantity drawn as ``median * exp(sigma * Z)``, ``Z`` standard normal.

    >>> Lognormal(median=2.0, sigma=0.5).mean > 2.0
    True
    """

    median: float = attrs.field(converter=_float, validator=_positive)
    sigma: float = attrs.field(default=0.0, converter=_float, validator=_number)

    @property
    def mean(self) -> float:
        """``median * exp(sigma**2 / 2)``."""
        return self.median * math.exp(self.sigma**2 / 2)


@attrs.frozen(kw_only=True)
class PlatformSpec:
    """A platform as a simulation sees it: the worker's fee and the payout policy.

    Amounts are in the scenario's currency. ``preset`` names the
    :mod:`labourchain.platforms` preset the values were taken from (a label:
    the values written here are the ones used).

    Attributes:
        name: The label written in the log's ``platform`` column.
        preset: The preset key, if any.
        worker_fee: Share of each reward the platform keeps.
        payout_minimum: Smallest balance paid out at the end of the week.
        payout_fixed_fee: Fee per payout.
        payout_share_fee: Fee as a share of the payout.
        fx_spread: Conversion margin lost on the payout.
        carry_over: Whether a balance below the minimum is kept (True) or lost.
    """

    name: str = attrs.field(validator=_name)
    preset: str | None = attrs.field(default=None, validator=_text)
    worker_fee: float = attrs.field(default=0.0, converter=_float, validator=_share)
    payout_minimum: float = attrs.field(default=0.0, converter=_float, validator=_number)
    payout_fixed_fee: float = attrs.field(default=0.0, converter=_float, validator=_number)
    payout_share_fee: float = attrs.field(default=0.0, converter=_float, validator=_share)
    fx_spread: float = attrs.field(default=0.0, converter=_float, validator=_share)
    carry_over: bool = attrs.field(default=True, validator=_boolean)

    def platform(self, currency: str) -> Platform:
        """The :class:`~labourchain.Platform` these rules describe, amounts in ``currency``."""
        policy = PayoutPolicy(
            minimum=money(self.payout_minimum, currency) if self.payout_minimum else None,
            fixed_fee=money(self.payout_fixed_fee, currency) if self.payout_fixed_fee else None,
            share_fee=self.payout_share_fee,
            fx_spread=self.fx_spread,
            carry_over=self.carry_over,
        )
        return Platform(name=self.name, worker_fee=self.worker_fee, payout=policy)


@attrs.frozen(kw_only=True)
class ClientSpec:
    """A client (requester) and how it reviews work.

    Attributes:
        name: The label written in the log's ``client`` column.
        country: ISO 3166-1 alpha-2 code, if known.
        timezone: IANA zone, if known.
        rejection: Its :class:`~labourchain.rejection.RejectionModel`.
    """

    name: str = attrs.field(validator=_name)
    country: str | None = attrs.field(default=None, validator=_text)
    timezone: str | None = attrs.field(default=None, validator=_text)
    rejection: RejectionModel = attrs.field(factory=RejectionModel)

    def __attrs_post_init__(self) -> None:
        if self.country is not None:
            check_country(self.country, f"client {self.name!r} country")
        if self.timezone is not None:
            check_timezone(self.timezone, f"client {self.name!r} timezone")


@attrs.frozen(kw_only=True)
class TaskKind:
    """A kind of task in the mix.

    Attributes:
        name: Label for the log's ``kind`` column.
        platform: Name of a platform of the scenario.
        client: Name of a client of the scenario.
        weight: Relative frequency among the tasks she finds.
        reward: Reward per task in the scenario currency (before the pay factor
            for her country).
        minutes: Minutes the task takes the typical worker.
        return_rate: Probability she starts it and does not submit it
            (abandoned or expired; she spends a uniform share of its time).
    """

    name: str = attrs.field(validator=_name)
    platform: str = attrs.field(validator=_name)
    client: str = attrs.field(validator=_name)
    reward: Lognormal
    minutes: Lognormal
    weight: float = attrs.field(default=1.0, converter=_float, validator=_positive)
    return_rate: float = attrs.field(default=0.0, converter=_float, validator=_share)


@attrs.frozen(kw_only=True)
class Demand:
    """When tasks are posted, and how fast others take them.

    Attributes:
        timezone: The zone of the posting calendar (the clients').
        hours: Posting hours in :meth:`WeeklySchedule.parse` grammar
            ("Mon-Fri 09:00-18:00"), or "always".
        background: Posting intensity outside ``hours``, relative to inside.
        scale: Share of her time in which she can find a task at the busiest hour.
        half_life_hours: Claim half-life: tasks posted while she is offline are
            taken by others at this half-life (0: she sees only tasks posted
            while she is online).
    """

    timezone: str = attrs.field(default="America/New_York", validator=_text)
    hours: str = attrs.field(default="always", validator=_text)
    background: float = attrs.field(default=0.0, converter=_float, validator=_share)
    scale: float = attrs.field(default=1.0, converter=_float, validator=_share)
    half_life_hours: float = attrs.field(default=0.0, converter=_float, validator=_number)

    def __attrs_post_init__(self) -> None:
        check_timezone(self.timezone, "demand.timezone")
        self.schedule()  # validate the text

    def schedule(self) -> WeeklySchedule:
        """The posting hours as a :class:`WeeklySchedule` in :attr:`timezone`."""
        if self.hours.strip().lower() == "always":
            return WeeklySchedule.always(self.timezone)
        try:
            return WeeklySchedule.parse(self.hours, tz=self.timezone)
        except InvalidInputError as exc:
            raise ScenarioError(f"demand.hours: {exc}") from None


@attrs.frozen(kw_only=True)
class Search:
    """Unpaid time to find tasks and learn guidelines.

    Attributes:
        minutes: Mean minutes to find and select each task (exponential).
        training_hours: Unpaid training at the start of the week.
    """

    minutes: float = attrs.field(default=0.0, converter=_float, validator=_number)
    training_hours: float = attrs.field(default=0.0, converter=_float, validator=_number)


@attrs.frozen(kw_only=True)
class Qualification:
    """Unpaid qualification tests.

    Attributes:
        share: Probability that a task she finds needs an unpaid test first.
        minutes: Mean minutes of a test (exponential).
        pass_rate: Probability of passing it (failing: no task this time).
    """

    share: float = attrs.field(default=0.0, converter=_float, validator=_share)
    minutes: float = attrs.field(default=0.0, converter=_float, validator=_number)
    pass_rate: float = attrs.field(default=1.0, converter=_float, validator=_share)


@attrs.frozen(kw_only=True)
class Outages:
    """Power and connection cuts.

    Attributes:
        per_hour: Cuts per hour of busy time (search, tests, tasks): Poisson.
        minutes: Mean length of a cut (exponential). The task in hand is lost.
    """

    per_hour: float = attrs.field(default=0.0, converter=_float, validator=_number)
    minutes: float = attrs.field(default=0.0, converter=_float, validator=_number)


@attrs.frozen(kw_only=True)
class WorkerType:
    """One type of worker in a mixture (newcomers, experienced workers...): median factors.

    A worker of this type has, on top of her individual lognormal factors
    (:class:`Variation`'s sigmas), these median factors on task durations,
    search time and rewards (task choice: a type that picks better-paid work has
    ``pay`` above 1).

    Attributes:
        name: Label of the type.
        share: Share of the population of this type (the shares of a scenario sum to 1).
        speed: Factor on every task's duration (below 1: faster).
        search: Factor on search time.
        pay: Factor on rewards.

    >>> WorkerType(name="experienced", share=0.3, search=0.5, pay=1.4).speed
    1.0
    """

    name: str = attrs.field(validator=_name)
    share: float = attrs.field(converter=_float, validator=_share)
    speed: float = attrs.field(default=1.0, converter=_float, validator=_positive)
    search: float = attrs.field(default=1.0, converter=_float, validator=_number)
    pay: float = attrs.field(default=1.0, converter=_float, validator=_number)


def _types(value: object) -> tuple[WorkerType, ...]:
    if isinstance(value, Mapping):
        raise ScenarioError(
            f"variation.types must be an array of tables ([[variation.types]]), got {value!r}"
        )
    out = []
    for i, item in enumerate(value if isinstance(value, Iterable) else [value]):
        if isinstance(item, WorkerType):
            out.append(item)
        elif isinstance(item, Mapping):
            out.append(_build(WorkerType, dict(item), f"variation.types[{i}]"))
        else:
            raise ScenarioError(
                f"variation.types[{i}] must be a table (name, share, speed, search, pay), "
                f"got {item!r}"
            )
    return tuple(out)


def _check_types(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    assert isinstance(value, tuple)
    if not value:
        return
    names = [t.name for t in value]
    if len(set(names)) != len(names):
        raise ScenarioError(f"variation.types: names must be unique, got {names}")
    total = math.fsum(t.share for t in value)
    if abs(total - 1.0) > 1e-6:
        raise ScenarioError(
            f"variation.types: the shares must sum to 1, got {total!r} "
            f"({', '.join(f'{t.name} {t.share!r}' for t in value)})"
        )


@attrs.frozen(kw_only=True)
class Variation:
    """How workers differ from the typical worker: sigmas of lognormal factors (median 1).

    With ``types`` the population is a mixture: each worker is of one type, drawn
    with the types' shares, and her factors are the type's median factors times
    her individual lognormal ones.

    Attributes:
        speed: Factor on every task's duration.
        search: Factor on search time.
        pay: Factor on rewards (rates set per worker, e.g. by country or level).
        types: The worker types of a mixture (none: one type, factors of median 1).
    """

    speed: float = attrs.field(default=0.0, converter=_float, validator=_number)
    search: float = attrs.field(default=0.0, converter=_float, validator=_number)
    pay: float = attrs.field(default=0.0, converter=_float, validator=_number)
    types: tuple[WorkerType, ...] = attrs.field(
        default=(), converter=_types, validator=_check_types
    )

    def type_factors(self) -> tuple[tuple[float, ...], tuple[tuple[float, float, float], ...]]:
        """Cumulative shares of the types, and each type's (speed, search, pay) factors."""
        cum = []
        acc = 0.0
        for t in self.types:
            acc += t.share
            cum.append(acc)
        if cum:
            cum[-1] = 1.0
        return tuple(cum), tuple((t.speed, t.search, t.pay) for t in self.types)


def _pairs(value: object) -> tuple[tuple[str, Any], ...]:
    if isinstance(value, Mapping):
        return tuple((str(k), v) for k, v in value.items())
    if isinstance(value, Iterable) and not isinstance(value, str | bytes):
        return tuple((str(k), v) for k, v in value)
    raise ScenarioError(f"expected a table of name = value pairs, got {value!r}")


def _pay_pairs(value: object) -> tuple[tuple[str, float], ...]:
    out = []
    for code, factor in _pairs(value):
        check_country(code, "pay_by_country")
        if (
            isinstance(factor, bool)
            or not isinstance(factor, int | float)
            or not (math.isfinite(factor) and factor >= 0)
        ):
            raise ScenarioError(
                f"pay_by_country.{code} must be a number >= 0 (a factor on rewards), got {factor!r}"
            )
        out.append((code, float(factor)))
    return tuple(out)


def _source_pairs(value: object) -> tuple[tuple[str, str], ...]:
    return tuple((k, str(v)) for k, v in _pairs(value))


def _worker(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, Worker) or not isinstance(value.availability, WeeklySchedule):
        raise ScenarioError(
            "Scenario.worker must be a labourchain.Worker whose availability is a "
            f"WeeklySchedule, got {value!r}"
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

    name: str = attrs.field(validator=_name)
    worker: Worker = attrs.field(validator=_worker)
    platforms: tuple[PlatformSpec, ...] = attrs.field(converter=tuple)
    clients: tuple[ClientSpec, ...] = attrs.field(converter=tuple)
    kinds: tuple[TaskKind, ...] = attrs.field(converter=tuple)
    description: str = attrs.field(default="", validator=_text)
    currency: str = attrs.field(default="USD", validator=_text)
    week_of: date = date(2024, 7, 1)
    demand: Demand = attrs.field(factory=Demand)
    search: Search = attrs.field(factory=Search)
    qualification: Qualification = attrs.field(factory=Qualification)
    outages: Outages = attrs.field(factory=Outages)
    variation: Variation = attrs.field(factory=Variation)
    pay_by_country: tuple[tuple[str, float], ...] = attrs.field(default=(), converter=_pay_pairs)
    sources: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_source_pairs)
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
    def pay_factor(self) -> float:
        """Factor on rewards for the typical worker's country (1 if not listed)."""
        return dict(self.pay_by_country).get(self.worker.country, 1.0)

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
        data = Path(path).read_bytes()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise ScenarioError(
                f"{path}: not UTF-8 text: byte 0x{data[exc.start]:02x} at offset {exc.start} "
                f"of the file (line {line}; {exc.reason}); save it as UTF-8"
            ) from None
        return cls.from_toml_text(text, source=str(path))

    @classmethod
    def from_toml_text(cls, text: str, *, source: str = "<scenario>") -> Scenario:
        """Read a scenario from TOML text (a leading byte-order mark is allowed)."""
        text = text.removeprefix("\ufeff")
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ScenarioError(f"{source}: not valid TOML: {_toml_error(exc, text)}") from None
        try:
            return _from_dict(data)
        except LabourchainError as exc:
            raise ScenarioError(f"{source}: {exc}") from None

    def to_toml(self, path: str | os.PathLike[str]) -> None:
        """Write the scenario as TOML; :meth:`from_toml` reads it back equal."""
        Path(path).write_text(self.to_toml_text(), encoding="utf-8")

    def to_toml_text(self) -> str:
        """The scenario as TOML text."""
        return _to_toml(self)


# ---------------------------------------------------------------- TOML reading

_TOP: Final = {
    "name": "a short name",
    "description": "free text",
    "currency": "ISO 4217 code of rewards",
    "week_of": "a TOML date such as 2024-07-01",
    "worker": "table",
    "platforms": "array of tables",
    "clients": "array of tables",
    "kinds": "array of tables",
    "demand": "table",
    "search": "table",
    "qualification": "table",
    "outages": "table",
    "variation": "table",
    "pay_by_country": "table of country = factor",
    "sources": "table of field = citation",
    "population": "default number of workers to simulate (a study's sample size)",
    "calibration": "table: how the scenario was fitted (see labourchain.simulate.calibrate)",
}
_WORKER: Final = ("name", "country", "timezone", "currency", "availability")
_PLATFORM: Final = tuple(f.name for f in attrs.fields(PlatformSpec))
_CLIENT: Final = ("name", "country", "timezone", "rejection")
_REJECTION: Final = tuple(f.name for f in attrs.fields(RejectionModel))
_KIND: Final = tuple(f.name for f in attrs.fields(TaskKind))
_LOGNORMAL: Final = ("median", "sigma")


def _toml_error(exc: tomllib.TOMLDecodeError, text: str) -> str:
    """tomllib's message, with the field it is about where it names a line."""
    message = str(exc)
    line_no = getattr(exc, "lineno", None)
    if line_no is None:
        found = re.search(r"at line (\d+)", message)
        line_no = int(found.group(1)) if found else None
    if line_no is None:
        return message
    lines = text.splitlines()
    if not 1 <= line_no <= len(lines):
        return message
    table = ""
    for previous in lines[: line_no - 1]:
        header = re.match(r"\s*\[\[?\s*([^\]]+?)\s*\]\]?", previous)
        if header:
            table = header.group(1).strip()
    line = lines[line_no - 1]
    key = line.split("=", 1)[0].strip() if "=" in line else line.strip().strip("[]").strip()
    field = f"{table}.{key}" if table and "=" in line else key
    if "overwrite" in message or "twice" in message:
        return f"{message}: field {field!r} is given twice"
    return f"{message}: in field {field!r}" if field else message


def _table(value: object, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ScenarioError(f"{where} must be a table, got {value!r}")
    return value


def _keys(table: dict[str, Any], allowed: Iterable[str], where: str) -> None:
    allowed = tuple(allowed)
    unknown = sorted(set(table) - set(allowed))
    if unknown:
        raise ScenarioError(
            f"{where}: unknown field {unknown[0]!r}; accepted fields: {', '.join(allowed)}"
        )


def _build(cls: type[Any], table: dict[str, Any], where: str, **extra: Any) -> Any:
    allowed = [f.name for f in attrs.fields(cls)]
    _keys(table, allowed, where)
    try:
        return cls(**{**table, **extra})
    except TypeError as exc:
        raise ScenarioError(f"{where}: {exc}") from None
    except LabourchainError as exc:
        raise ScenarioError(f"{where}: {exc}") from None


def _preset_values(key: str, where: str) -> dict[str, Any]:
    from labourchain import platforms

    try:
        preset = platforms.get(key)
    except LabourchainError as exc:
        raise ScenarioError(f"{where}.preset: {exc}") from None
    values: dict[str, Any] = {}
    if preset.worker_fee is not None:
        values["worker_fee"] = preset.worker_fee
    policy = preset.payout
    if policy is not None:
        values.update(
            payout_share_fee=policy.share_fee,
            fx_spread=policy.fx_spread,
            carry_over=policy.carry_over,
        )
        # Amounts stay out: they may be in another currency; write them in the file.
    return values


def _from_dict(data: dict[str, Any]) -> Scenario:
    _keys(data, _TOP, "scenario")
    for required in ("name", "worker", "platforms", "clients", "kinds"):
        if required not in data:
            raise ScenarioError(f"scenario: missing field {required!r} ({_TOP[required]})")
    w = _table(data["worker"], "worker")
    _keys(w, _WORKER, "worker")
    for required in ("country", "timezone", "availability"):
        if required not in w:
            raise ScenarioError(f"worker: missing field {required!r}")
    try:
        availability = WeeklySchedule.parse(str(w["availability"]), tz=w["timezone"])
    except LabourchainError as exc:
        raise ScenarioError(f"worker.availability: {exc}") from None
    try:
        worker = Worker(
            name=str(w.get("name", "worker")),
            country=w["country"],
            timezone=w["timezone"],
            currency=w.get("currency", data.get("currency", "USD")),
            availability=availability,
        )
    except LabourchainError as exc:
        raise ScenarioError(f"worker: {exc}") from None

    def items(key: str) -> list[dict[str, Any]]:
        value = data[key]
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise ScenarioError(f"{key} must be an array of tables ([[{key}]]), got {value!r}")
        return value

    platforms_ = []
    for i, p in enumerate(items("platforms")):
        where = f"platforms[{i}]"
        _keys(p, _PLATFORM, where)
        values = _preset_values(p["preset"], where) if p.get("preset") else {}
        platforms_.append(_build(PlatformSpec, {**values, **p}, where))
    clients_ = []
    for i, c in enumerate(items("clients")):
        where = f"clients[{i}]"
        _keys(c, _CLIENT, where)
        rejection = _table(c.get("rejection", {}), f"{where}.rejection")
        model = _build(RejectionModel, rejection, f"{where}.rejection")
        rest = {k: v for k, v in c.items() if k != "rejection"}
        clients_.append(_build(ClientSpec, rest, where, rejection=model))
    kinds_ = []
    for i, k in enumerate(items("kinds")):
        where = f"kinds[{i}]"
        _keys(k, _KIND, where)
        dists = {}
        for field in ("reward", "minutes"):
            if field not in k:
                raise ScenarioError(f"{where}: missing field {field!r} ({{ median, sigma }})")
            table = _table(k[field], f"{where}.{field}")
            dists[field] = _build(Lognormal, table, f"{where}.{field}")
        rest = {key: v for key, v in k.items() if key not in ("reward", "minutes")}
        kinds_.append(_build(TaskKind, rest, where, **dists))
    sections: dict[str, Any] = {}
    for key, cls in (
        ("demand", Demand),
        ("search", Search),
        ("qualification", Qualification),
        ("outages", Outages),
        ("variation", Variation),
    ):
        if key in data:
            sections[key] = _build(cls, _table(data[key], key), key)
    fit = None
    if "calibration" in data:
        try:
            fit = Fit.from_dict(_table(data["calibration"], "calibration"))
        except LabourchainError as exc:
            raise ScenarioError(str(exc)) from None
    week_of = data.get("week_of", date(2024, 7, 1))
    if not isinstance(week_of, date):
        raise ScenarioError(f"week_of must be a TOML date such as 2024-07-01, got {week_of!r}")
    try:
        return Scenario(
            name=data["name"],
            description=str(data.get("description", "")),
            currency=data.get("currency", "USD"),
            week_of=week_of,
            worker=worker,
            platforms=platforms_,
            clients=clients_,
            kinds=kinds_,
            pay_by_country=_table(data.get("pay_by_country", {}), "pay_by_country"),
            sources=_table(data.get("sources", {}), "sources"),
            calibration=fit,
            population=data.get("population"),
            **sections,
        )
    except TypeError as exc:
        raise ScenarioError(f"scenario: {exc}") from None


# ---------------------------------------------------------------- TOML writing


def _value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        escaped = (
            value.replace("\\", "\\\\")
            .replace('"', '\\"')
            .replace("\n", "\\n")
            .replace("\t", "\\t")
        )
        return f'"{escaped}"'
    raise ScenarioError(f"cannot write {value!r} as TOML")  # pragma: no cover - internal


def _key(name: str) -> str:
    bare = name.replace("-", "").replace("_", "").isalnum() and name.isascii()
    return name if bare else _value(name)


def _fields(obj: Any, skip: tuple[str, ...] = ()) -> list[str]:
    lines = []
    for f in attrs.fields(type(obj)):
        value = getattr(obj, f.name)
        if f.name in skip or value is None:
            continue
        lines.append(f"{f.name} = {_value(value)}")
    return lines


def _to_toml(s: Scenario) -> str:
    out = [
        f"name = {_value(s.name)}",
        f"description = {_value(s.description)}",
        f"currency = {_value(s.currency)}",
        f"week_of = {_value(s.week_of)}",
        *([f"population = {s.population}"] if s.population is not None else []),
        "",
        "[worker]",
        f"name = {_value(s.worker.name)}",
        f"country = {_value(s.worker.country)}",
        f"timezone = {_value(s.worker.timezone)}",
        f"currency = {_value(s.worker.currency)}",
        f"availability = {_value(s.availability.text)}",
    ]
    for key in ("demand", "search", "qualification", "outages", "variation"):
        out += ["", f"[{key}]", *_fields(getattr(s, key), skip=("types",))]
    for t in s.variation.types:
        out += ["", "[[variation.types]]", *_fields(t)]
    for p in s.platforms:
        out += ["", "[[platforms]]", *_fields(p)]
    for c in s.clients:
        out += ["", "[[clients]]", *_fields(c, skip=("rejection",))]
        out += [f"rejection = {{ {', '.join(_fields(c.rejection))} }}"]
    for k in s.kinds:
        out += ["", "[[kinds]]", *_fields(k, skip=("reward", "minutes"))]
        for name in ("reward", "minutes"):
            dist = getattr(k, name)
            out.append(f"{name} = {{ median = {dist.median!r}, sigma = {dist.sigma!r} }}")
    if s.pay_by_country:
        out += ["", "[pay_by_country]", *(f"{c} = {f!r}" for c, f in s.pay_by_country)]
    if s.sources:
        out += ["", "[sources]", *(f"{_key(k)} = {_value(v)}" for k, v in s.sources)]
    if s.calibration is not None:
        out += _fit_toml(s.calibration)
    return "\n".join(out) + "\n"


def _fit_toml(fit: Fit) -> list[str]:
    out = ["", "[calibration]", *_fields(fit, skip=("params", "targets"))]
    out += ["", "[calibration.params]", *(f"{_key(k)} = {v!r}" for k, v in fit.params)]
    for t in fit.targets:
        out += ["", "[[calibration.targets]]", *_fields(t)]
    return out
