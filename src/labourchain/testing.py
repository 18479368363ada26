"""Hypothesis strategies for labourchain's objects, for your own property tests.

Written by hand for bounded, valid values (``st.builds`` would ignore the
attrs validators and produce objects that cannot exist).

>>> from hypothesis import given, settings
>>> from labourchain.testing import work_logs
>>> @settings(max_examples=25, deadline=None)
... @given(work_logs())
... def test_no_minute_is_counted_twice(log):
...     assert log.counted_seconds().sum() <= log.total_minutes * 60 * (1 + 1e-9) + 1e-6
>>> test_no_minute_is_counted_twice()  # hypothesis runs it on 25 logs

Strategies:
    currency_codes: ISO 4217 codes (by default a handful of common ones).
    amounts: finite, non-negative amounts with cent precision.
    money_amounts: money quantities in a currency.
    exchange_rates: :class:`~labourchain.units.ExchangeRates` over given codes.
    payout_policies: :class:`~labourchain.domain.PayoutPolicy` in a currency.
    work_records: lists of valid work-log records (dicts).
    work_logs: :class:`~labourchain.worklog.WorkLog` objects.
    time_zones: IANA zones covering the awkward cases (DST, half hours, the date line).
    weeks: dates from 2000 to 2037.
    weekly_schedules: :class:`~labourchain.schedule.WeeklySchedule` objects.
    rejection_models: :class:`~labourchain.rejection.RejectionModel` objects.

Extreme values, for testing that hostile input gives a result or a clear
error (``LabourchainError``), never a crash:
    hostile_labels: any Unicode text, weighted to control characters, carriage
        returns, ANSI escapes, bidirectional overrides and CSV quoting.
    extreme_datetimes: aware datetimes across the full range ``datetime`` allows.
    extreme_floats: any float: the largest double, subnormals, negatives, NaN, infinities.
    extreme_records: log records mixing valid and extreme values, as Python values or text.
    extreme_csv: CSV text of such records (and a header, usually valid).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from hypothesis import strategies as st

from labourchain.activity import Activity
from labourchain.domain import PayoutPolicy
from labourchain.rejection import RejectionModel
from labourchain.schedule import WeeklySchedule
from labourchain.units import ExchangeRates, Quantity, money
from labourchain.worklog import COLUMNS, WorkLog

__all__ = (
    "COMMON_CURRENCIES",
    "ZONES",
    "amounts",
    "currency_codes",
    "exchange_rates",
    "extreme_csv",
    "extreme_datetimes",
    "extreme_floats",
    "extreme_records",
    "hostile_labels",
    "money_amounts",
    "payout_policies",
    "rejection_models",
    "time_zones",
    "weekly_schedules",
    "weeks",
    "work_logs",
    "work_records",
)

#: Currencies of the countries in labourchain's case studies.
COMMON_CURRENCIES = ("USD", "EUR", "KES", "PHP", "VES", "COP", "TZS", "GBP", "INR")


def currency_codes(codes: Sequence[str] = COMMON_CURRENCIES) -> st.SearchStrategy[str]:
    """One of ``codes``."""
    return st.sampled_from(tuple(codes))


def amounts(max_value: float = 1000.0) -> st.SearchStrategy[float]:
    """Non-negative amounts with two decimals, up to ``max_value``."""
    return st.integers(min_value=0, max_value=round(max_value * 100)).map(lambda c: c / 100)


def money_amounts(
    codes: Sequence[str] = COMMON_CURRENCIES, max_value: float = 1000.0
) -> st.SearchStrategy[Quantity]:
    """Money in one of ``codes``."""
    return st.builds(money, amounts(max_value), currency_codes(codes))


@st.composite
def exchange_rates(
    draw: st.DrawFn, codes: Sequence[str] = COMMON_CURRENCIES, base: str = "USD"
) -> ExchangeRates:
    """Exchange rates against ``base`` covering every code in ``codes``."""
    rates = {
        code: draw(st.floats(min_value=1e-3, max_value=1e5, allow_nan=False))
        for code in codes
        if code != base
    }
    return ExchangeRates(rates, base=base, source="hypothesis")


@st.composite
def payout_policies(draw: st.DrawFn, code: str = "USD") -> PayoutPolicy:
    """Payout policies with amounts in ``code``."""
    minimum = draw(st.none() | amounts(50).map(lambda a: money(a, code)))
    fixed = draw(st.none() | amounts(5).map(lambda a: money(a, code)))
    return PayoutPolicy(
        minimum=minimum,
        fixed_fee=fixed,
        share_fee=draw(st.floats(min_value=0, max_value=0.1)),
        fx_spread=draw(st.floats(min_value=0, max_value=0.05)),
        carry_over=draw(st.booleans()),
    )


_OFFSETS = st.sampled_from([-5, -4, 0, 1, 3, 8]).map(lambda h: timezone(timedelta(hours=h)))


@st.composite
def work_records(
    draw: st.DrawFn,
    *,
    min_size: int = 0,
    max_size: int = 30,
    codes: Sequence[str] = ("USD",),
    overlapping: bool = True,
) -> list[dict[str, Any]]:
    """Lists of valid log records, in time order.

    Args:
        min_size: The fewest records.
        max_size: The most records.
        codes: Currencies the rewards are drawn in.
        overlapping: Whether spans may overlap (if False, each starts at or
            after the previous one's end).
    """
    n = draw(st.integers(min_value=min_size, max_value=max_size))
    t = datetime(2024, 1, 1, tzinfo=UTC) + timedelta(
        minutes=draw(st.integers(min_value=0, max_value=60 * 24 * 365))
    )
    records: list[dict[str, Any]] = []
    for _ in range(n):
        minutes = draw(st.integers(min_value=0, max_value=240))
        activity = draw(st.sampled_from(tuple(Activity)))
        record: dict[str, Any] = {
            "start": t.astimezone(draw(_OFFSETS)),
            "minutes": minutes,
            "activity": activity.value,
        }
        if activity.is_paid or (activity.is_task_work and draw(st.booleans())):
            record["reward"] = draw(amounts(20))
            record["currency"] = draw(currency_codes(codes))
        records.append(record)
        if overlapping:
            step = draw(st.integers(min_value=0, max_value=minutes + 30))
        else:
            step = minutes + draw(st.integers(min_value=0, max_value=30))
        t += timedelta(minutes=step)
    return records


def work_logs(
    *,
    min_size: int = 0,
    max_size: int = 30,
    codes: Sequence[str] = ("USD",),
    overlapping: bool = True,
) -> st.SearchStrategy[WorkLog]:
    """Valid work logs (see :func:`work_records` for the arguments)."""
    return work_records(
        min_size=min_size, max_size=max_size, codes=codes, overlapping=overlapping
    ).map(WorkLog.from_records)


#: Zones with and without DST, with half-hour and 45-minute offsets and DST
#: (Lord Howe moves by 30 minutes), both hemispheres, and the far ends of the clock.
ZONES = (
    "UTC",
    "America/New_York",
    "Europe/Paris",
    "Europe/London",
    "Africa/Nairobi",
    "Africa/Dar_es_Salaam",
    "Asia/Manila",
    "America/Caracas",
    "America/Bogota",
    "Asia/Tokyo",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
    "America/Santiago",
    "Pacific/Kiritimati",
    "Pacific/Pago_Pago",
)


def time_zones() -> st.SearchStrategy[str]:
    """IANA zone names covering the awkward cases."""
    return st.sampled_from(ZONES)


def weeks() -> st.SearchStrategy[date]:
    """Dates from 2000 to 2037, where tzdata's rules are explicit."""
    return st.dates(min_value=date(2000, 1, 1), max_value=date(2037, 12, 31))


@st.composite
def weekly_schedules(draw: st.DrawFn, tz: str | None = None, max_spans: int = 6) -> WeeklySchedule:
    """Weekly schedules with short and long spans, some crossing midnight or the week's end."""
    zone = draw(time_zones()) if tz is None else tz
    quarter = st.integers(0, 10079 // 15).map(lambda k: k * 15)
    length = st.one_of(
        st.integers(1, 12).map(lambda k: k * 60), st.integers(1, 3000), st.just(10080)
    )
    spans = draw(
        st.lists(st.tuples(st.one_of(quarter, st.integers(0, 10079)), length), max_size=max_spans)
    )
    return WeeklySchedule(tz=zone, spans=spans)


@st.composite
def rejection_models(draw: st.DrawFn, max_window: int = 200) -> RejectionModel:
    """Rejection models with small gate windows, every probability in [0, 1]."""
    probability = st.floats(0, 1)
    return RejectionModel(
        rate=draw(probability),
        mass_rate=draw(probability),
        batch_size=draw(st.integers(1, 20)),
        gate_threshold=draw(probability),
        gate_window=draw(st.integers(1, max_window)),
        gated_share=draw(probability),
        gated_pay_ratio=draw(probability),
    )


# ---------------------------------------------------------------- extreme values

#: Characters that move the cursor, reorder or hide text, or break CSV quoting.
HOSTILE_CHARACTERS = "\r\n\t\x00\x07\x08\x1b\x7f\x85\x9b\u200b\u202e\u2028\u2066\ufeff\",;'"


def hostile_labels(max_size: int = 40) -> st.SearchStrategy[str]:
    """Any Unicode text, often full of control characters and ANSI escape sequences."""
    pieces = st.one_of(
        st.text(max_size=8),
        st.text(alphabet=st.sampled_from(HOSTILE_CHARACTERS), max_size=8),
        st.sampled_from(
            ["\x1b[2K", "\x1b[1A", "\x1b]8;;http://x\x1b\\", "\r\n", "=cmd|' /C calc'!A0"]
        ),
    )
    return st.lists(pieces, max_size=5).map("".join).map(lambda t: t[:max_size])


def extreme_datetimes() -> st.SearchStrategy[datetime]:
    """Aware datetimes from year 1 to year 9999, with offsets up to +-23:59."""
    offsets = st.integers(min_value=-(24 * 60 - 1), max_value=24 * 60 - 1).map(
        lambda m: timezone(timedelta(minutes=m))
    )
    return st.builds(
        lambda moment, tz: moment.replace(tzinfo=tz),
        st.datetimes(min_value=datetime.min, max_value=datetime.max),
        offsets,
    )


def extreme_floats() -> st.SearchStrategy[float]:
    """Any float, the edges likelier: 0, -0, subnormals, the largest double, NaN, infinities."""
    return st.one_of(
        st.sampled_from([0.0, -0.0, 5e-324, 1.7976931348623157e308, -1.7976931348623157e308]),
        st.sampled_from([float("nan"), float("inf"), float("-inf"), 1e12, 1e12 + 1, 10080.0]),
        st.floats(),
    )


def _as_text(value: Any) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    return repr(value) if isinstance(value, float) else str(value)


@st.composite
def extreme_records(
    draw: st.DrawFn, *, max_size: int = 5, text: bool = False
) -> list[dict[str, Any]]:
    """Log records mixing valid values with extreme ones (see the module docs).

    Args:
        max_size: The most records.
        text: Give every value as text, as read from a file.
    """
    records = []
    for _ in range(draw(st.integers(min_value=0, max_value=max_size))):
        record: dict[str, Any] = {
            "start": draw(
                st.one_of(extreme_datetimes(), st.just(datetime(2024, 3, 4, tzinfo=UTC)))
            ),
            "minutes": draw(st.one_of(extreme_floats(), st.integers(0, 600))),
            "activity": draw(
                st.one_of(st.sampled_from([a.value for a in Activity]), hostile_labels(10))
            ),
        }
        if draw(st.booleans()):
            record["reward"] = draw(st.one_of(extreme_floats(), amounts(100)))
            record["currency"] = draw(st.one_of(currency_codes(), hostile_labels(4)))
        for column in ("platform", "client", "task_id", "kind", "note"):
            if draw(st.booleans()):
                record[column] = draw(hostile_labels())
        if text:
            record = {k: _as_text(v) for k, v in record.items()}
        records.append(record)
    return records


@st.composite
def extreme_csv(draw: st.DrawFn, *, max_size: int = 5) -> str:
    """CSV text of :func:`extreme_records` (text values), under a header of their columns."""
    import csv
    import io

    records = draw(extreme_records(max_size=max_size, text=True))
    columns = list(COLUMNS)
    if draw(st.booleans()):
        columns = draw(st.permutations(columns))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=draw(st.sampled_from(["\n", "\r\n"])))
    writer.writerow(columns)
    for record in records:
        writer.writerow([record.get(c, "") for c in columns])
    return buffer.getvalue()
