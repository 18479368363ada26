"""Scenario files: TOML tables to :class:`~labourchain.simulate.Scenario` and back.

Every table of the format (documented in ``docs/simulation.md``) is mapped here
explicitly, key by key, to the attribute it fills: renaming an attribute in Python
does not change the file format, and a key is never read or written because a
class happens to have a field of that name. ``tests/test_simulate_scenario.py``
checks that each mapping covers its class's fields.

The reader returns what :class:`Scenario` is built from; the class itself is passed in
(``Scenario.from_toml`` passes ``cls``), so that this module needs the scenario module
only for type checking.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, TypeVar

from labourchain.domain import Worker
from labourchain.errors import LabourchainError, ScenarioError
from labourchain.rejection import RejectionModel
from labourchain.schedule import WeeklySchedule
from labourchain.simulate import _parts
from labourchain.simulate._parts import build
from labourchain.simulate.fitrecord import Fit, FitTarget

if TYPE_CHECKING:
    from labourchain.simulate.scenario import Scenario

__all__ = ("MAPPINGS", "read_file", "read_text", "write_file", "write_text")

S = TypeVar("S")

#: A table's keys in the order they are written, each with the attribute it fills.
Mapping_ = tuple[tuple[str, str], ...]


def _same(*names: str) -> Mapping_:
    return tuple((name, name) for name in names)


#: Top-level keys and what each holds (for the messages about missing or unknown keys).
TOP: Final = {
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
#: ``[worker]``: keys of :class:`~labourchain.Worker` (``availability`` is its schedule's text).
WORKER: Final = _same("name", "country", "timezone", "currency", "availability")
LOGNORMAL: Final = _same("median", "sigma")
PLATFORM: Final = _same(
    "name",
    "preset",
    "worker_fee",
    "payout_minimum",
    "payout_fixed_fee",
    "payout_share_fee",
    "fx_spread",
    "carry_over",
)
CLIENT: Final = _same("name", "country", "timezone", "rejection")
REJECTION: Final = _same(
    "rate",
    "mass_rate",
    "batch_size",
    "gate_threshold",
    "gate_window",
    "gated_share",
    "gated_pay_ratio",
)
KIND: Final = _same("name", "platform", "client", "reward", "minutes", "weight", "return_rate")
DEMAND: Final = _same("timezone", "hours", "background", "scale", "half_life_hours")
SEARCH: Final = _same("minutes", "training_hours")
QUALIFICATION: Final = _same("share", "minutes", "pass_rate")
OUTAGES: Final = _same("per_hour", "minutes")
VARIATION: Final = _same("speed", "search", "pay", "types")
WORKER_TYPE: Final = _same("name", "share", "speed", "search", "pay")
FIT: Final = _same(
    "seed", "workers", "date", "params", "targets", "method", "evaluations", "seconds", "note"
)
FIT_TARGET: Final = _same("statistic", "value", "simulated", "se", "at", "tolerance", "source")

#: The class each table's mapping fills (checked against the classes' fields by the tests).
MAPPINGS: Final[dict[type, Mapping_]] = {
    _parts.Lognormal: LOGNORMAL,
    _parts.PlatformSpec: PLATFORM,
    _parts.ClientSpec: CLIENT,
    RejectionModel: REJECTION,
    _parts.TaskKind: KIND,
    _parts.Demand: DEMAND,
    _parts.Search: SEARCH,
    _parts.Qualification: QUALIFICATION,
    _parts.Outages: OUTAGES,
    _parts.Variation: VARIATION,
    _parts.WorkerType: WORKER_TYPE,
    Fit: FIT,
    FitTarget: FIT_TARGET,
}
#: The sections given as one table each: key, class, mapping.
SECTIONS: Final = (
    ("demand", _parts.Demand, DEMAND),
    ("search", _parts.Search, SEARCH),
    ("qualification", _parts.Qualification, QUALIFICATION),
    ("outages", _parts.Outages, OUTAGES),
    ("variation", _parts.Variation, VARIATION),
)


# --------------------------------------------------------------------- reading


def read_file(make: Callable[..., S], path: str | os.PathLike[str]) -> S:
    """The scenario of a UTF-8 TOML file, built by ``make`` (the :class:`Scenario` class)."""
    data = Path(path).read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ScenarioError(
            f"{path}: not UTF-8 text: byte 0x{data[exc.start]:02x} at offset {exc.start} "
            f"of the file (line {line}; {exc.reason}); save it as UTF-8"
        ) from None
    return read_text(make, text, source=str(path))


def read_text(make: Callable[..., S], text: str, *, source: str = "<scenario>") -> S:
    """The scenario of TOML text (a leading byte-order mark is allowed), built by ``make``.

    Raises:
        ScenarioError: ``source``, then the field and what it accepts.
    """
    text = text.removeprefix("\ufeff")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"{source}: not valid TOML: {_toml_error(exc, text)}") from None
    try:
        fields = _scenario_fields(data)
        try:
            return make(**fields)
        except TypeError as exc:
            raise ScenarioError(f"scenario: {exc}") from None
    except LabourchainError as exc:
        raise ScenarioError(f"{source}: {exc}") from None


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


def _worker(data: dict[str, Any]) -> Worker:
    w = _table(data["worker"], "worker")
    _keys(w, (key for key, _ in WORKER), "worker")
    for required in ("country", "timezone", "availability"):
        if required not in w:
            raise ScenarioError(f"worker: missing field {required!r}")
    try:
        availability = WeeklySchedule.parse(str(w["availability"]), tz=w["timezone"])
    except LabourchainError as exc:
        raise ScenarioError(f"worker.availability: {exc}") from None
    try:
        return Worker(
            name=str(w.get("name", "worker")),
            country=w["country"],
            timezone=w["timezone"],
            currency=w.get("currency", data.get("currency", "USD")),
            availability=availability,
        )
    except LabourchainError as exc:
        raise ScenarioError(f"worker: {exc}") from None


def _scenario_fields(data: dict[str, Any]) -> dict[str, Any]:
    """The keyword arguments of :class:`Scenario` from a parsed scenario file."""
    _keys(data, TOP, "scenario")
    for required in ("name", "worker", "platforms", "clients", "kinds"):
        if required not in data:
            raise ScenarioError(f"scenario: missing field {required!r} ({TOP[required]})")
    worker = _worker(data)

    def items(key: str) -> list[dict[str, Any]]:
        value = data[key]
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise ScenarioError(f"{key} must be an array of tables ([[{key}]]), got {value!r}")
        return value

    platforms_ = []
    for i, p in enumerate(items("platforms")):
        where = f"platforms[{i}]"
        _keys(p, (key for key, _ in PLATFORM), where)
        values = _preset_values(p["preset"], where) if p.get("preset") else {}
        platforms_.append(build(_parts.PlatformSpec, {**values, **p}, PLATFORM, where))
    clients_ = []
    for i, c in enumerate(items("clients")):
        where = f"clients[{i}]"
        _keys(c, (key for key, _ in CLIENT), where)
        rejection = _table(c.get("rejection", {}), f"{where}.rejection")
        model = build(RejectionModel, rejection, REJECTION, f"{where}.rejection")
        rest = {k: v for k, v in c.items() if k != "rejection"}
        clients_.append(build(_parts.ClientSpec, rest, CLIENT, where, rejection=model))
    kinds_ = []
    for i, k in enumerate(items("kinds")):
        where = f"kinds[{i}]"
        _keys(k, (key for key, _ in KIND), where)
        dists = {}
        for field in ("reward", "minutes"):
            if field not in k:
                raise ScenarioError(f"{where}: missing field {field!r} ({{ median, sigma }})")
            table = _table(k[field], f"{where}.{field}")
            dists[dict(KIND)[field]] = build(_parts.Lognormal, table, LOGNORMAL, f"{where}.{field}")
        rest = {key: v for key, v in k.items() if key not in ("reward", "minutes")}
        kinds_.append(build(_parts.TaskKind, rest, KIND, where, **dists))
    sections: dict[str, Any] = {}
    for key, cls, mapping in SECTIONS:
        if key in data:
            table = _table(data[key], key)
            if cls is _parts.Variation and "types" in table:
                try:
                    table = {**table, "types": _worker_types(table["types"])}
                except ScenarioError as exc:
                    raise ScenarioError(f"{key}: {exc}") from None
            sections[key] = build(cls, table, mapping, key)
    fit = _fit(_table(data["calibration"], "calibration")) if "calibration" in data else None
    week_of = data.get("week_of", date(2024, 7, 1))
    if not isinstance(week_of, date):
        raise ScenarioError(f"week_of must be a TOML date such as 2024-07-01, got {week_of!r}")
    return {
        "name": data["name"],
        "description": str(data.get("description", "")),
        "currency": data.get("currency", "USD"),
        "week_of": week_of,
        "worker": worker,
        "platforms": platforms_,
        "clients": clients_,
        "kinds": kinds_,
        "pay_by_country": _table(data.get("pay_by_country", {}), "pay_by_country"),
        "sources": _table(data.get("sources", {}), "sources"),
        "calibration": fit,
        "population": data.get("population"),
        **sections,
    }


def _worker_types(value: object) -> object:
    """``[[variation.types]]`` tables as :class:`WorkerType` (anything else for its check)."""
    if not isinstance(value, list):
        return value  # Variation's converter says what is wrong
    return [
        build(_parts.WorkerType, item, WORKER_TYPE, f"variation.types[{i}]")
        if isinstance(item, dict)
        else item
        for i, item in enumerate(value)
    ]


def _fit(table: dict[str, Any]) -> Fit:
    """``[calibration]``: the record of a fit, with its ``[[calibration.targets]]``."""
    _keys(table, (key for key, _ in FIT), "calibration")
    attribute = dict(FIT)
    values = {attribute[key]: value for key, value in table.items()}
    targets = values.get("targets")
    if isinstance(targets, list):
        fields = dict(FIT_TARGET)
        renamed: list[object] = []
        for i, item in enumerate(targets):
            if isinstance(item, dict):
                _keys(item, fields, f"calibration.targets[{i}]")
                item = {fields[key]: v for key, v in item.items()}
            renamed.append(item)
        values["targets"] = renamed
    try:
        return Fit.from_dict(values)
    except LabourchainError as exc:
        raise ScenarioError(str(exc)) from None


# --------------------------------------------------------------------- writing


def write_file(scenario: Scenario, path: str | os.PathLike[str]) -> None:
    """Write ``scenario`` as a UTF-8 TOML file (:func:`read_file` reads it back equal)."""
    Path(path).write_text(write_text(scenario), encoding="utf-8")


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


def _fields(obj: object, mapping: Mapping_, skip: tuple[str, ...] = ()) -> list[str]:
    """``key = value`` lines of ``obj`` by ``mapping`` (``skip``ped keys, None values left out)."""
    lines = []
    for key, attribute in mapping:
        value = getattr(obj, attribute)
        if key in skip or value is None:
            continue
        lines.append(f"{key} = {_value(value)}")
    return lines


def write_text(s: Scenario) -> str:
    """``s`` as TOML text, every table written by its mapping."""
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
    for key, _, mapping in SECTIONS:
        out += ["", f"[{key}]", *_fields(getattr(s, key), mapping, skip=("types",))]
    for t in s.variation.types:
        out += ["", "[[variation.types]]", *_fields(t, WORKER_TYPE)]
    for p in s.platforms:
        out += ["", "[[platforms]]", *_fields(p, PLATFORM)]
    for c in s.clients:
        out += ["", "[[clients]]", *_fields(c, CLIENT, skip=("rejection",))]
        out += [f"rejection = {{ {', '.join(_fields(c.rejection, REJECTION))} }}"]
    for k in s.kinds:
        out += ["", "[[kinds]]", *_fields(k, KIND, skip=("reward", "minutes"))]
        for key in ("reward", "minutes"):
            dist = getattr(k, dict(KIND)[key])
            out.append(f"{key} = {{ {', '.join(_fields(dist, LOGNORMAL))} }}")
    if s.pay_by_country:
        out += ["", "[pay_by_country]", *(f"{c} = {f!r}" for c, f in s.pay_by_country)]
    if s.sources:
        out += ["", "[sources]", *(f"{_key(k)} = {_value(v)}" for k, v in s.sources)]
    if s.calibration is not None:
        out += _fit_toml(s.calibration)
    return "\n".join(out) + "\n"


def _fit_toml(fit: Fit) -> list[str]:
    out = ["", "[calibration]", *_fields(fit, FIT, skip=("params", "targets"))]
    out += ["", "[calibration.params]", *(f"{_key(k)} = {v!r}" for k, v in fit.params)]
    for t in fit.targets:
        out += ["", "[[calibration.targets]]", *_fields(t, FIT_TARGET)]
    return out
