"""Checks shared by the domain classes: countries, time zones, shares, names."""

from __future__ import annotations

import math
import zoneinfo
from functools import cache
from typing import Any

import attrs

from labourchain._data import bundled_table
from labourchain.errors import InvalidInputError, UnknownCountryError, UnknownTimezoneError

__all__ = ("Country", "check_country", "check_share", "check_timezone", "countries")


@attrs.frozen(kw_only=True)
class Country:
    """One ISO 3166-1 country: codes, English short name and national currency."""

    iso2: str
    iso3: str
    name: str
    currency: str | None


@cache
def countries() -> dict[str, Country]:
    """ISO 3166-1 countries by alpha-2 code, from the bundled ``data/countries.csv``."""
    return {
        row["iso2"]: Country(
            iso2=row["iso2"], iso3=row["iso3"], name=row["name"], currency=row["currency"] or None
        )
        for _line, row in bundled_table("data/countries.csv").records()
    }


def check_country(code: object, where: str = "country") -> str:
    """``code`` if it is an ISO 3166-1 alpha-2 code, else :class:`UnknownCountryError`."""
    table = countries()
    if isinstance(code, str) and code in table:
        return code
    hint = ""
    if isinstance(code, str):
        upper = code.strip().upper()
        if upper in table:
            hint = f"; did you mean {upper!r}? (codes are upper case)"
        else:
            by_iso3 = {c.iso3: c.iso2 for c in table.values()}
            if upper in by_iso3:
                hint = f"; {upper!r} is an alpha-3 code, use {by_iso3[upper]!r}"
    raise UnknownCountryError(
        f"unknown country {code!r} in {where}: expected an ISO 3166-1 alpha-2 code "
        f"such as 'KE', 'PH' or 'VE'{hint}"
    )


@cache
def _zone(name: str) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(name)


def check_timezone(name: object, where: str = "timezone") -> str:
    """``name`` if it is an IANA time-zone name, else :class:`UnknownTimezoneError`."""
    if isinstance(name, str) and name and not name.startswith(("/", ".")):
        try:
            _zone(name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):  # OSError: too long
            pass
        else:
            return name
    raise UnknownTimezoneError(
        f"unknown time zone {name!r} in {where}: expected an IANA time-zone name such as "
        "'Africa/Nairobi', 'Asia/Manila', 'America/New_York' or 'UTC' "
        "(zoneinfo.available_timezones() lists them)"
    )


def zone(name: object, where: str = "timezone") -> zoneinfo.ZoneInfo:
    """The ``ZoneInfo`` for an IANA name, else :class:`UnknownTimezoneError` naming ``where``."""
    return _zone(check_timezone(name, where))


def check_share(value: Any, where: str) -> float:
    """``value`` as a float in [0, 1], else :class:`InvalidInputError`."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InvalidInputError(f"{where} must be a number in [0, 1], got {value!r}")
    share = float(value)
    if not math.isfinite(share) or not 0.0 <= share <= 1.0:
        raise InvalidInputError(f"{where} must be a number in [0, 1], got {value!r}")
    return share


def check_positive(value: Any, where: str, *, allow_zero: bool = False) -> float:
    """``value`` as a finite float > 0 (or >= 0), else :class:`InvalidInputError`."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InvalidInputError(f"{where} must be a number, got {value!r}")
    number = float(value)
    ok = number >= 0 if allow_zero else number > 0
    if not math.isfinite(number) or not ok:
        bound = "non-negative" if allow_zero else "positive"
        raise InvalidInputError(f"{where} must be a {bound} finite number, got {value!r}")
    return number
