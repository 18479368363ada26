"""Presets for the platforms data workers use, with their published rules.

Each preset is read from the bundled ``data/platforms.toml``, where every
rule carries its source, URL and date. A rule a platform has not published
is left unknown (``None``), never set to zero: using it raises
:class:`~labourchain.errors.UnpublishedRuleError`.

>>> from labourchain import platforms
>>> "mturk" in platforms.names()
True
>>> platforms.get("prolific-academic").client_fee.share
0.333
"""

from __future__ import annotations

import tomllib
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from labourchain.domain import Citation, ClientFee, PayoutPolicy, Platform
from labourchain.errors import InvalidInputError, UnknownPlatformError
from labourchain.units import money

__all__ = ("get", "names", "platform_notes")

_PLATFORM_KEYS = frozenset({"name", "worker_fee", "citations", "client_fee", "payout", "closes"})
_FEE_KEYS = frozenset({"share", "minimum", "extra_share", "extra_from", "citation"})
_PAYOUT_KEYS = frozenset(
    {"minimum", "fixed_fee", "share_fee", "fx_spread", "carry_over", "citation"}
)
_CITATION_KEYS = frozenset({"source", "url", "retrieved", "effective_from", "note"})


def _check_keys(table: dict[str, Any], allowed: frozenset[str], where: str) -> None:
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise InvalidInputError(
            f"{where}: unknown field {unknown[0]!r}; accepted fields: {', '.join(sorted(allowed))}"
        )


def _date(value: Any, where: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    raise InvalidInputError(f"{where} must be a TOML date such as 2025-01-31, got {value!r}")


def _citation(table: Any, where: str) -> Citation:
    if not isinstance(table, dict) or "source" not in table:
        raise InvalidInputError(f"{where} must be a table with at least a 'source'")
    _check_keys(table, _CITATION_KEYS, where)
    return Citation(
        source=str(table["source"]),
        url=table.get("url"),
        retrieved=_date(table.get("retrieved"), f"{where}.retrieved"),
        effective_from=_date(table.get("effective_from"), f"{where}.effective_from"),
        note=table.get("note"),
    )


def _money(table: Any, where: str) -> Any:
    if table is None:
        return None
    if not isinstance(table, dict) or set(table) != {"amount", "currency"}:
        raise InvalidInputError(
            f'{where} must be {{ amount = ..., currency = "..." }}, got {table!r}'
        )
    return money(table["amount"], table["currency"])


def _platform(key: str, table: dict[str, Any]) -> Platform:
    where = f"platforms.toml [{key}]"
    _check_keys(table, _PLATFORM_KEYS, where)
    citations = [
        _citation(c, f"{where}.citations[{i}]") for i, c in enumerate(table.get("citations", []))
    ]
    client_fee = None
    if (fee := table.get("client_fee")) is not None:
        _check_keys(fee, _FEE_KEYS, f"{where}.client_fee")
        client_fee = ClientFee(
            share=float(fee["share"]),
            minimum=_money(fee.get("minimum"), f"{where}.client_fee.minimum"),
            extra_share=float(fee.get("extra_share", 0.0)),
            extra_from=fee.get("extra_from"),
            citation=_citation(fee.get("citation"), f"{where}.client_fee.citation"),
        )
    payout = None
    if (pay := table.get("payout")) is not None:
        _check_keys(pay, _PAYOUT_KEYS, f"{where}.payout")
        payout = PayoutPolicy(
            minimum=_money(pay.get("minimum"), f"{where}.payout.minimum"),
            fixed_fee=_money(pay.get("fixed_fee"), f"{where}.payout.fixed_fee"),
            share_fee=float(pay.get("share_fee", 0.0)),
            fx_spread=float(pay.get("fx_spread", 0.0)),
            carry_over=bool(pay.get("carry_over", True)),
            citation=_citation(pay.get("citation"), f"{where}.payout.citation"),
        )
    worker_fee = table.get("worker_fee")
    return Platform(
        name=str(table.get("name", key)),
        worker_fee=None if worker_fee is None else float(worker_fee),
        client_fee=client_fee,
        payout=payout,
        citations=tuple(citations),
        closes=_date(table.get("closes"), f"{where}.closes"),
    )


def platform_notes(platform: Platform, last_day: date) -> list[str]:
    """Notes a report on work up to ``last_day`` on ``platform`` must carry (a closure).

    >>> from datetime import date
    >>> platform_notes(get("mturk"), date(2026, 10, 5))[0][:60]
    'Amazon Mechanical Turk closed permanently on 2026-09-30 (AWS'
    """
    if platform.closes is None or last_day <= platform.closes:
        return []
    return [
        f"{platform.name} closed permanently on {platform.closes.isoformat()} (AWS API "
        f"documentation): work dated {last_day.isoformat()} is after the closure, so the "
        "preset's rules describe a platform that no longer operates"
    ]


def _load(text: str) -> dict[str, Platform]:
    data = tomllib.loads(text)
    return {key: _platform(key, table) for key, table in data.items()}


@cache
def _presets() -> dict[str, Platform]:
    text = resources.files("labourchain").joinpath("data/platforms.toml").read_text("utf-8")
    return _load(text)


def names() -> tuple[str, ...]:
    """The names of the bundled presets, sorted."""
    return tuple(sorted(_presets()))


def get(name: str) -> Platform:
    """The preset for ``name`` (one of :func:`names`).

    Raises:
        UnknownPlatformError: for a name with no preset.
    """
    presets = _presets()
    if isinstance(name, str) and name in presets:
        return presets[name]
    hint = ""
    if isinstance(name, str):
        key = name.strip().lower().replace(" ", "-").replace("_", "-")
        if key in presets:
            hint = f"; did you mean {key!r}?"
        else:
            by_display = {p.name.lower(): k for k, p in presets.items()}
            if name.strip().lower() in by_display:
                hint = f"; the preset for {name!r} is {by_display[name.strip().lower()]!r}"
    raise UnknownPlatformError(
        f"no platform preset {name!r}: the presets are {', '.join(sorted(presets))}{hint}. "
        "Build your own with labourchain.Platform(...)"
    )
