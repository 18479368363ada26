"""The one parser of wages, durations and money (labourchain._parse), in its two readings:
the command line's strict one and the web forms' lenient one (issue #17; the web's own
tests are in test_web_api.py)."""

from __future__ import annotations

import math

import pytest

import labourchain as lc
from labourchain import _parse
from labourchain.errors import InvalidInputError


def test_the_command_line_wants_the_unit_of_time_and_upper_case() -> None:
    with pytest.raises(InvalidInputError, match="'15 USD' in --floor is not an hourly wage"):
        _parse.parse_hourly("15 USD", "--floor")
    with pytest.raises(InvalidInputError, match="did you mean 'USD'"):
        _parse.parse_hourly("15 usd/hour", "--floor")
    with pytest.raises(InvalidInputError, match="out of range"):
        _parse.parse_hourly("0 USD/hour", "--floor")


def test_the_lenient_keywords() -> None:
    assert _parse.parse_hourly("15 USD", per_hour=True) == lc.Q_(15.0, "USD/hour")
    assert _parse.parse_hourly("15 usd/HR", any_case=True) == lc.Q_(15.0, "USD/hour")
    assert _parse.parse_hourly("0.5 kes/min", any_case=True).magnitude == pytest.approx(30)
    assert _parse.parse_duration("5MIN", any_case=True) == lc.Q_(5.0, "minute")
    assert _parse.parse_money("1.50 usd", any_case=True) == lc.money(1.5, "USD")
    with pytest.raises(InvalidInputError, match="out of range"):
        _parse.parse_duration("20000")  # more than a week
    assert _parse.parse_duration("20000", maximum_minutes=math.inf).magnitude == 20000
    with pytest.raises(InvalidInputError, match="is not a time: write"):
        _parse.parse_duration("five", "t", noun="a time")


def test_a_time_zone_name_too_long_for_a_file_is_an_unknown_zone() -> None:
    # zoneinfo raises OSError (file name too long); the command line and the web app share
    # _validate.check_timezone, which names the value and where it came from.
    from labourchain._validate import check_timezone
    from labourchain.errors import UnknownTimezoneError

    with pytest.raises(UnknownTimezoneError, match="in --tz"):
        check_timezone("Europe/" + "x" * 300, "--tz")
