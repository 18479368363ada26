"""The reward per task that pays a wage floor to a stated share of workers (:func:`fair_reward`)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Final, Literal

import numpy as np

from labourchain._parse import as_hourly
from labourchain._typing import FloatArray
from labourchain._validate import check_country
from labourchain.domain import Platform
from labourchain.errors import InvalidInputError
from labourchain.requester._money import round_up, worker_fee
from labourchain.requester._overhead import Overhead, as_overhead, task_seconds
from labourchain.requester._results import FairReward
from labourchain.units import Q_, ExchangeRates, Quantity, currency_of, is_money

__all__ = ("WageKind", "fair_reward", "reference_floor")

#: Which reference wage a floor is: the statutory minimum or a living wage.
WageKind = Literal["minimum", "living"]
_TOLERANCE: Final = 1e-12


def reference_floor(
    country: str, *, on: date | datetime | None = None, kind: WageKind = "minimum"
) -> tuple[Quantity, str]:
    """The hourly minimum (or living) wage of ``country`` from the bundled reference data.

    This is the hook :func:`fair_reward` uses for ``floor="minimum"`` or
    ``"living"``: it calls :func:`labourchain.reference.reference_wage` and
    returns its ``.hourly`` (in the local currency) and a citation line.

    Raises:
        InvalidInputError: if the reference data is not available in this
            version; the errors of ``reference_wage`` otherwise (an unknown
            country, no statutory minimum, a date before the first figure).
    """
    try:
        from labourchain.reference import reference_wage
    except ImportError:  # pragma: no cover - reference.py ships with the package
        raise InvalidInputError(
            "labourchain.reference is not available: give floor= as an hourly wage, or a "
            "mapping of country to hourly wage"
        ) from None
    figure = reference_wage(country, on=on, kind=kind)
    citation = getattr(figure, "citation", None)
    label = f"{figure}" + (f" [{citation}]" if citation is not None else "")
    return figure.hourly, label


def _share(value: object) -> float:
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or not (math.isfinite(value) and 0.0 < value <= 1.0)
    ):
        raise InvalidInputError(f"share must be in (0, 1], got {value!r}")
    return float(value)


def _inverted_cdf(values: FloatArray, weights: FloatArray, share: float) -> tuple[int, float]:
    """Index of the smallest value whose cumulative weight reaches ``share``, and that weight."""
    order = np.argsort(values, kind="stable")
    cum = np.cumsum(weights[order])
    total = float(cum[-1])
    k = int(np.searchsorted(cum, share * total * (1.0 - _TOLERANCE), side="left"))
    k = min(k, len(order) - 1)
    value = values[order[k]]
    achieved = float(weights[values <= value].sum()) / total
    return int(order[k]), achieved


def fair_reward(
    task_time: Quantity,
    floor: Quantity | Mapping[str, Quantity] | WageKind,
    *,
    share: float = 0.5,
    overhead: Overhead | Quantity | None = None,
    countries: Sequence[str] | Mapping[str, float] | None = None,
    on: date | datetime | None = None,
    platform: Platform | None = None,
    currency: str | None = None,
    rates: ExchangeRates | None = None,
) -> FairReward:
    """The reward per task that pays at least a wage floor to ``share`` of the workers.

    Args:
        task_time: One time (taken as the median) or a sample of measured
            times, one per worker, e.g. ``Q_([4.2, 5.0, 6.5], "minute")``.
        floor: An hourly wage (``money(15, "USD") / Q_(1, "hour")``); a mapping
            of country code to hourly wage; or ``"minimum"`` / ``"living"`` to
            take each country's figure from the bundled reference data
            (:func:`reference_floor`), which needs ``countries``.
        share: The share of workers whose pay must meet their floor. With one
            time it must be 0.5 (the time is a median).
        overhead: The unpaid time per task: an :class:`Overhead`, or a time
            (taken as search time per task).
        countries: Where the workers live: one code per measured time (in the
            same order), or a mapping of code to the share of workers there
            (independent of the times). Needed for a floor per country.
        on: The date of the reference figures (for ``"minimum"``/``"living"``).
        platform: The platform, whose worker fee comes off the reward.
        currency: The reward's currency (default: the floor's, if it has one).
        rates: Exchange rates for floors in other currencies.

    Returns:
        A :class:`FairReward`.

    Raises:
        InvalidInputError: for a share outside (0, 1], a single time with a
            share other than 0.5, a missing country floor, or bad times.
        CurrencyMismatchError: for floors in another currency and no rates.
    """
    times, single = task_seconds(task_time)
    share = _share(share)
    if single and share != 0.5:
        raise InvalidInputError(
            f"one task time is taken as the median, which meets the floor for half the "
            f"workers: give a sample of measured times for share={share}"
        )
    over = as_overhead(overhead)
    fee = worker_fee(platform)
    sources: list[str] = []
    if rates is not None:
        sources.append(rates.describe())

    # The floor of each distinct country (or the one floor).
    codes: list[str]
    if isinstance(countries, Mapping):
        codes = [check_country(c, "countries") for c in countries]
    elif countries is not None:
        if isinstance(countries, str):
            raise InvalidInputError(
                "countries must be a list of country codes (one per time) or a mapping of "
                f"code to share, got the text {countries!r}"
            )
        codes = [check_country(c, "countries") for c in countries]
    else:
        codes = []
    raw: dict[str, Quantity] = {}
    if isinstance(floor, str):
        if floor not in ("minimum", "living"):
            raise InvalidInputError(
                f"floor must be an hourly wage, a mapping of country to hourly wage, or "
                f"'minimum' or 'living'; got {floor!r}"
            )
        if not codes:
            raise InvalidInputError(
                f"floor={floor!r} takes each worker's country's figure: give countries="
            )
        for code in dict.fromkeys(codes):
            raw[code], label = reference_floor(code, on=on, kind=floor)
            sources.append(f"floor for {code}: {label}")
    elif isinstance(floor, Mapping):
        if not codes:
            raise InvalidInputError("a floor per country needs countries= to say who works")
        for code in dict.fromkeys(codes):
            if code not in floor:
                raise InvalidInputError(
                    f"the floor mapping has no wage for {code} (it has {sorted(floor)})"
                )
            raw[code] = floor[code]
    else:
        raw["floor"] = floor
    if currency is None:
        present = {currency_of(v, what="floor") for v in raw.values() if is_money(v)}
        if len(present) != 1:
            raise InvalidInputError(
                "the floors are in several currencies: pass currency= (and rates=) to say "
                "which currency the reward is in"
            )
        currency = present.pop()
    floors = {
        k: as_hourly(v, currency, rates=rates, what=f"the floor ({k})") for k, v in raw.items()
    }
    per_second = {k: float(v.to(f"{currency}/second").magnitude) for k, v in floors.items()}
    if "floor" in per_second:  # one floor for all: every country's is the same
        per_second.update(dict.fromkeys(codes, per_second["floor"]))

    # Required reward per (worker, country) with its weight.
    need = over.time_per_paid_task(times)  # seconds per approved task
    if isinstance(countries, Mapping):
        shares = np.array([float(countries[c]) for c in countries], dtype=np.float64)
        if not np.all(np.isfinite(shares)) or np.any(shares < 0) or shares.sum() <= 0:
            raise InvalidInputError(
                f"country shares must be non-negative numbers, not all zero: {dict(countries)!r}"
            )
        rate_c = np.array([per_second[c] for c in codes])
        required = (need[:, None] * rate_c[None, :]).reshape(-1)
        weights = (np.ones(len(need))[:, None] * shares[None, :]).reshape(-1)
        time_index = np.repeat(np.arange(len(need)), len(codes))
    elif codes:
        if len(codes) != len(times):
            raise InvalidInputError(
                f"countries has {len(codes)} codes for {len(times)} times: give one per time, "
                "or a mapping of country to share"
            )
        required = need * np.array([per_second[c] for c in codes])
        weights = np.ones(len(need))
        time_index = np.arange(len(need))
    else:
        required = need * per_second["floor"]
        weights = np.ones(len(need))
        time_index = np.arange(len(need))
    required = required / (1.0 - fee)
    if single:
        # One time is a median: the reward meets every country's floor at it, so that
        # the half of the workers at or under the median time is paid the floor.
        k = int(np.argmax(np.where(weights > 0, required, -np.inf)))
        achieved = 0.5
    else:
        k, achieved = _inverted_cdf(required, weights, share)
    exact = float(required[k])
    binding = float(times[time_index[k]])
    return FairReward(
        reward=Q_(round_up(exact, currency), currency),
        unrounded=Q_(exact, currency),
        share=share,
        achieved_share=achieved,
        workers=len(times),
        binding_time=Q_(binding / 60.0, "minute"),
        overhead_time=Q_((float(need[time_index[k]]) - binding) / 60.0, "minute"),
        floors=floors,
        worker_fee=fee,
        sources=tuple(dict.fromkeys(sources)),
    )
