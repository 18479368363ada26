"""The parts of a :class:`~labourchain.simulate.Scenario`: platforms, clients, task kinds, ...

Each part validates its own fields (a :class:`ScenarioError` naming the field);
:mod:`labourchain.simulate.scenario` assembles them (and is their public home),
:mod:`labourchain.simulate._toml` maps them to and from TOML tables.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Final

import attrs

from labourchain._validate import check_country, check_timezone
from labourchain.domain import PayoutPolicy, Platform, Worker
from labourchain.errors import InvalidInputError, LabourchainError, ScenarioError
from labourchain.rejection import RejectionModel
from labourchain.schedule import WeeklySchedule
from labourchain.units import money

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


def check_text(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
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


def check_name(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
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

    name: str = attrs.field(validator=check_name)
    preset: str | None = attrs.field(default=None, validator=check_text)
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

    name: str = attrs.field(validator=check_name)
    country: str | None = attrs.field(default=None, validator=check_text)
    timezone: str | None = attrs.field(default=None, validator=check_text)
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

    name: str = attrs.field(validator=check_name)
    platform: str = attrs.field(validator=check_name)
    client: str = attrs.field(validator=check_name)
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

    timezone: str = attrs.field(default="America/New_York", validator=check_text)
    hours: str = attrs.field(default="always", validator=check_text)
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

    name: str = attrs.field(validator=check_name)
    share: float = attrs.field(converter=_float, validator=_share)
    speed: float = attrs.field(default=1.0, converter=_float, validator=_positive)
    search: float = attrs.field(default=1.0, converter=_float, validator=_number)
    pay: float = attrs.field(default=1.0, converter=_float, validator=_number)


def build(
    cls: Callable[..., Any],
    table: Mapping[str, Any],
    mapping: tuple[tuple[str, str], ...],
    where: str,
    **extra: Any,
) -> Any:
    """``cls`` from a table: each key to the attribute ``mapping`` pairs it with.

    ``extra`` are further keyword arguments. Unknown keys and bad values raise a
    :class:`ScenarioError` that names ``where`` (and, for a key, the accepted ones).
    """
    keys = [key for key, _ in mapping]
    unknown = sorted(set(table) - set(keys))
    if unknown:
        raise ScenarioError(
            f"{where}: unknown field {unknown[0]!r}; accepted fields: {', '.join(keys)}"
        )
    attribute = dict(mapping)
    try:
        return cls(**{attribute[key]: value for key, value in table.items()}, **extra)
    except TypeError as exc:
        raise ScenarioError(f"{where}: {exc}") from None
    except LabourchainError as exc:
        raise ScenarioError(f"{where}: {exc}") from None


#: A worker type given as a mapping (``Variation(types=[{...}])``): its keys are attributes.
_TYPE_FIELDS: Final = tuple((name, name) for name in ("name", "share", "speed", "search", "pay"))


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
            out.append(build(WorkerType, item, _TYPE_FIELDS, f"variation.types[{i}]"))
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


def pay_pairs(value: object) -> tuple[tuple[str, float], ...]:
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


def source_pairs(value: object) -> tuple[tuple[str, str], ...]:
    return tuple((k, str(v)) for k, v in _pairs(value))


def check_worker(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, Worker) or not isinstance(value.availability, WeeklySchedule):
        raise ScenarioError(
            "Scenario.worker must be a labourchain.Worker whose availability is a "
            f"WeeklySchedule, got {value!r}"
        )
