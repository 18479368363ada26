"""Pooling many workers' logs to rate clients (requesters) by what their tasks really pay.

A requester-rating site, in the spirit of Turkopticon, collects workers' own
logs and publishes, for each client, the hourly wage its tasks really paid
once unpaid time is counted. :class:`WorkerLogs` holds the logs, keyed by an
opaque worker id (nothing else about a worker is kept, and no id ever appears
in a rating); :meth:`WorkerLogs.rate_clients` gives one :class:`ClientRating`
per client.

The method, per-worker first, then summarised (as Hara et al., CHI 2018):

1. Each worker's log is broken down by client with
   :func:`~labourchain.accounting.breakdown`: overlapping spans are shared,
   and unpaid time with no client named (searching, waiting) is shared out
   to the clients by the ``attribute`` rule (by default in proportion to
   paid time).
2. For each client and worker: the worker's effective hourly wage on that
   client's tasks, a ratio of sums (net earnings over all counted time).
3. For each client: the number of workers and of task attempts; the median
   and other quantiles of the per-worker wages (each worker counts once,
   however much they worked); the share of workers below a reference wage;
   rejection and return rates (ratios of the pooled counts of attempts); and
   the pooled wage, total net over total time of all workers.

Quantiles use numpy's ``"linear"`` method by default (Hyndman and Fan's type
7, the default of numpy and R); pass ``method=`` for another. Results do not
depend on the order of the logs or of the rows in them.

>>> import labourchain as lc
>>> def task(start, minutes, reward, client, activity="paid"):
...     return {"start": start, "minutes": minutes, "activity": activity,
...             "reward": reward, "currency": "USD", "client": client}
>>> logs = pool({
...     "w1": lc.WorkLog.from_records([task("2024-03-04T09:00:00Z", 60, 6.0, "Acme")]),
...     "w2": lc.WorkLog.from_records([task("2024-03-04T09:00:00Z", 30, 1.0, "Acme"),
...                                    task("2024-03-04T09:30:00Z", 30, 1.0, "Acme",
...                                         "rejected")]),
... })
>>> acme = logs.rate_clients()["Acme"]
>>> acme.workers, acme.tasks, acme.rejection_rate
(2, 3, 0.3333333333333333)
>>> acme.median_hourly
<Quantity(3.5, 'USD / hour')>
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, Final

import attrs
import numpy as np

from labourchain._frozen import FrozenMap, frozen_map
from labourchain._json import figure, rate_value
from labourchain._parse import as_hourly
from labourchain._text import plural, printable
from labourchain.accounting._breakdown import ATTRIBUTION_RULES, Attribution, breakdown, key_label
from labourchain.accounting._ledger import ACTIVITIES, PAID
from labourchain.accounting._policy import AccountingPolicy
from labourchain.accounting._report import WageReport
from labourchain.accounting._wage import wage_report
from labourchain.activity import Activity
from labourchain.domain import Platform
from labourchain.errors import CurrencyMismatchError, InvalidInputError, UnknownClientError
from labourchain.units import Q_, ExchangeRates, Quantity
from labourchain.worklog import WorkLog

__all__ = ("DEFAULT_QUANTILES", "ClientRating", "RequesterRatings", "WorkerLogs", "pool")

#: The quantiles of per-worker wages reported by default.
DEFAULT_QUANTILES: Final = (0.1, 0.25, 0.5, 0.75, 0.9)

_REJECTED: Final = ACTIVITIES.index(Activity.REJECTED)
_RETURNED: Final = ACTIVITIES.index(Activity.RETURNED)


def _canonical(log: WorkLog) -> WorkLog:
    """The log's rows in one fixed order, so that sums do not depend on row order."""
    if len(log) < 2:
        return log
    order = np.lexsort(
        (
            log.note.astype(str),
            log.kind.astype(str),
            log.task_id.astype(str),
            log.platform.astype(str),
            log.client.astype(str),
            log.currency,
            np.nan_to_num(log.reward, nan=-1.0),
            log.offset_s,
            log.activity,
            log.minutes,
            log.start_us,
        )
    )
    return log[order]


def _convert_logs(value: Mapping[str, WorkLog]) -> FrozenMap[str, WorkLog]:
    if not isinstance(value, Mapping):
        raise InvalidInputError(
            f"WorkerLogs needs a mapping of worker id to WorkLog, got {type(value).__name__}"
        )
    out: dict[str, WorkLog] = {}
    for worker, log in sorted(value.items(), key=lambda kv: str(kv[0])):
        if not isinstance(worker, str) or not worker:
            raise InvalidInputError(f"a worker id must be non-empty text, got {worker!r}")
        if not isinstance(log, WorkLog):
            raise InvalidInputError(
                f"the log of worker {worker!r} must be a WorkLog, got {type(log).__name__}"
            )
        out[worker] = _canonical(log)
    return FrozenMap(out)


@attrs.frozen(kw_only=True)
class ClientRating:
    """How one client's tasks paid, across the workers who logged them.

    Attributes:
        client: The client's label ("" for task work whose client was not named).
        currency: The currency of every amount.
        workers: Workers whose logs name the client.
        rated_workers: Of those, workers with counted time (whose wage exists).
        tasks: Task attempts (paid, rejected and returned rows).
        paid, rejected, returned: Attempts of each kind.
        rejection_rate: ``rejected / (paid + rejected)``: of submitted work.
        return_rate: ``returned / tasks``: of attempts started.
        hours: Counted hours of all workers on the client's work.
        median_hourly: Median of the per-worker effective hourly wages.
        quantiles: Quantile level -> per-worker effective hourly wage.
        pooled_hourly: All workers' net earnings over all their time.
        median_paid_hourly: Median per-worker pay for paid time only (what
            counting only task time would report).
        share_below_reference: Share of rated workers whose effective wage is
            below their reference wage (None without a reference).
    """

    client: str
    currency: str
    workers: int
    rated_workers: int
    tasks: int
    paid: int
    rejected: int
    returned: int
    rejection_rate: float | None
    return_rate: float | None
    hours: Quantity
    median_hourly: Quantity | None
    quantiles: Mapping[float, Quantity] = attrs.field(converter=frozen_map)
    pooled_hourly: Quantity | None
    median_paid_hourly: Quantity | None
    share_below_reference: float | None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready values: money per hour in ``currency``, time in hours."""

        def num(q: Quantity | None) -> float | None:
            return None if q is None else rate_value(float(q.magnitude), self.currency)

        return {
            "client": self.client,
            "currency": self.currency,
            "workers": self.workers,
            "rated_workers": self.rated_workers,
            "tasks": self.tasks,
            "paid": self.paid,
            "rejected": self.rejected,
            "returned": self.returned,
            "rejection_rate": figure(self.rejection_rate),
            "return_rate": figure(self.return_rate),
            "hours": figure(float(self.hours.to("hour").magnitude)),
            "median_hourly": num(self.median_hourly),
            "quantiles": {f"{q:g}": num(v) for q, v in self.quantiles.items()},
            "pooled_hourly": num(self.pooled_hourly),
            "median_paid_hourly": num(self.median_paid_hourly),
            "share_below_reference": figure(self.share_below_reference),
        }


@attrs.frozen(kw_only=True)
class RequesterRatings:
    """Ratings of clients from pooled logs. Reads as a mapping client -> :class:`ClientRating`.

    Attributes:
        ratings: One rating per client, sorted by client label.
        currency: The currency of every amount.
        workers: Workers whose logs were pooled.
        attribution: How unattributed unpaid time was shared out to clients.
        quantile_method: numpy's quantile method used.
        min_workers: Clients logged by fewer workers than this are not rated.
        suppressed: How many clients that rule left out.
        reference_label: What the reference wage is, if one was given.
        policy: The accounting policy's name.
    """

    ratings: tuple[ClientRating, ...]
    currency: str
    workers: int
    attribution: str
    quantile_method: str
    min_workers: int
    suppressed: int
    reference_label: str | None
    policy: str

    def __getitem__(self, client: str) -> ClientRating:
        for rating in self.ratings:
            if rating.client == client:
                return rating
        rated = ", ".join(repr(r.client) for r in self.ratings) or "none"
        raise UnknownClientError(f"no rating for client {client!r}; clients rated: {rated}")

    def __iter__(self) -> Iterator[ClientRating]:
        return iter(self.ratings)

    def __len__(self) -> int:
        return len(self.ratings)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready values, with the method alongside the numbers."""
        return {
            "currency": self.currency,
            "units": {"hourly": f"{self.currency}/hour", "time": "hour"},
            "workers": self.workers,
            "method": {
                "wage": "per worker: net earnings / all counted time (ratio of sums), "
                "then summarised across workers",
                "attribution": self.attribution,
                "quantile_method": self.quantile_method,
                "min_workers": self.min_workers,
                "policy": self.policy,
            },
            "reference": self.reference_label,
            "suppressed": self.suppressed,
            "clients": [r.to_dict() for r in self.ratings],
        }

    def to_text(self) -> str:
        """A table for a terminal."""
        cur = self.currency
        labels = [printable(key_label(r.client, "client")) for r in self.ratings]
        width = max([6, *(len(label) for label in labels)]) + 2
        lines = [
            f"Client ratings from {plural(self.workers, 'worker', possessive=True)} "
            f"{'log' if self.workers == 1 else 'logs'} "
            f"(effective wage per worker, {cur}/hour; unattributed time shared by "
            f"{self.attribution})",
            "",
            f"  {'client':<{width}}{'workers':>8}{'tasks':>7}{'median':>9}{'p25':>8}"
            f"{'p75':>8}{'pooled':>9}{'rejected':>10}{'returned':>10}"
            + ("  below ref" if self.reference_label else ""),
        ]

        def fmt(q: Quantity | None) -> str:
            return "-" if q is None else f"{q.magnitude:.2f}"

        def pct(x: float | None) -> str:
            return "-" if x is None else f"{100 * x:.0f}%"

        for label, r in zip(labels, self.ratings, strict=True):
            line = (
                f"  {label:<{width}}{r.workers:>8}{r.tasks:>7}"
                f"{fmt(r.median_hourly):>9}{fmt(r.quantiles.get(0.25)):>8}"
                f"{fmt(r.quantiles.get(0.75)):>8}{fmt(r.pooled_hourly):>9}"
                f"{pct(r.rejection_rate):>10}{pct(r.return_rate):>10}"
            )
            if self.reference_label:
                line += f"{pct(r.share_below_reference):>11}"
            lines.append(line)
        if self.reference_label:
            lines.append("")
            lines.append(f"  reference wage: {self.reference_label}")
        if self.suppressed:
            lines.append("")
            lines.append(
                f"  {self.suppressed} client(s) logged by fewer than {self.min_workers} "
                "workers are not shown"
            )
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.to_text()


@attrs.frozen
class WorkerLogs(Mapping[str, WorkLog]):
    """Many workers' logs, keyed by an opaque worker id. Build it with :func:`pool`.

    Each log's rows are kept in a canonical order and the workers sorted by id,
    so that every result is the same whatever order the logs came in.
    """

    logs: Mapping[str, WorkLog] = attrs.field(converter=_convert_logs)

    def __getitem__(self, worker: str) -> WorkLog:
        return self.logs[worker]

    def __iter__(self) -> Iterator[str]:
        return iter(self.logs)

    def __len__(self) -> int:
        return len(self.logs)

    def _currency(self, currency: str | None) -> str:
        if currency is not None:
            return currency
        present = sorted({c for log in self.logs.values() for c in log.currencies})
        if len(present) == 1:
            return present[0]
        if not present:
            raise InvalidInputError(
                "the logs have no rewards, so no currency: pass currency= to say which to use"
            )
        raise CurrencyMismatchError(
            f"the logs have rewards in {', '.join(present)}: pass currency= and rates= "
            "to rate clients in one currency"
        )

    def reports(
        self,
        *,
        currency: str | None = None,
        rates: ExchangeRates | None = None,
        platform: Platform | Mapping[str, Platform] | None = None,
        policy: AccountingPolicy | None = None,
    ) -> dict[str, WageReport]:
        """Each worker's whole-log :class:`~labourchain.accounting.WageReport`, by worker id."""
        code = self._currency(currency)
        return {
            worker: wage_report(log, code, rates=rates, platform=platform, policy=policy)
            for worker, log in self.logs.items()
        }

    def rate_clients(
        self,
        *,
        currency: str | None = None,
        rates: ExchangeRates | None = None,
        platform: Platform | Mapping[str, Platform] | None = None,
        reference: Quantity | Mapping[str, Quantity] | None = None,
        reference_label: str | None = None,
        quantiles: Sequence[float] = DEFAULT_QUANTILES,
        method: str = "linear",
        attribute: Attribution = "paid_time",
        policy: AccountingPolicy | None = None,
        min_workers: int = 1,
    ) -> RequesterRatings:
        """Rate each client by the hourly wage its tasks really paid, per worker.

        Args:
            currency: The currency to rate in (by default the logs' one currency).
            rates: Exchange rates for logs (or references) in other currencies.
            platform: A platform (or a mapping of platform labels to platforms)
                whose fees apply, as for :func:`~labourchain.accounting.wage_report`.
            reference: A reference hourly wage for every worker, or a mapping
                from worker id to each worker's own (for example the minimum
                wage where they live, looked up by the caller).
            reference_label: What the reference is, for the report.
            quantiles: Quantile levels of the per-worker wages to report.
            method: numpy's quantile method (default ``"linear"``).
            attribute: How unpaid time with no client named is shared out
                (see :func:`labourchain.accounting.breakdown`).
            policy: What counts as working time.
            min_workers: Rate only clients logged by at least this many workers
                (a site publishing ratings may want 5 or more, so that no
                rating reveals one worker's figures).

        Raises:
            InvalidInputError: for a quantile outside [0, 1], a bad rule, or a
                reference mapping that misses a worker.
        """
        code = self._currency(currency)
        if attribute not in ATTRIBUTION_RULES:
            raise InvalidInputError(
                f"attribute must be one of {', '.join(ATTRIBUTION_RULES)}; got {attribute!r}"
            )
        levels = tuple(float(q) for q in quantiles)
        if any(not 0.0 <= q <= 1.0 for q in levels):
            raise InvalidInputError(f"quantiles must be in [0, 1], got {tuple(quantiles)!r}")
        if isinstance(min_workers, bool) or not isinstance(min_workers, int) or min_workers < 1:
            raise InvalidInputError(f"min_workers must be a whole number >= 1, got {min_workers!r}")
        _quantile(np.zeros(1), (0.5,), method)  # an unknown method fails here, not later
        refs = self._references(reference, code, rates)
        if reference is not None and reference_label is None:
            reference_label = (
                f"{float(next(iter(refs.values())).magnitude):.4g} {code}/hour"
                if not isinstance(reference, Mapping)
                else "each worker's own reference wage"
            )

        # client -> per-worker figures
        rows: dict[str, list[tuple[str, WageReport, np.ndarray[Any, Any]]]] = {}
        for worker, log in self.logs.items():
            grouped = breakdown(
                log,
                by="client",
                attribute=attribute,
                currency=code,
                rates=rates,
                platform=platform,
                policy=policy,
            )
            labels = log.client.astype(str)
            for client, report in grouped.items():
                if client is None:
                    continue  # unattributed time kept apart: no client's
                assert isinstance(client, str)
                counts = np.bincount(log.activity[labels == client], minlength=len(ACTIVITIES))
                rows.setdefault(client, []).append((worker, report, counts))

        ratings = []
        suppressed = 0
        for client in sorted(rows):
            entries = rows[client]
            if len(entries) < min_workers:
                suppressed += 1
                continue
            ratings.append(self._rate(client, entries, code, levels, method, refs))
        return RequesterRatings(
            ratings=tuple(ratings),
            currency=code,
            workers=len(self.logs),
            attribution=attribute,
            quantile_method=method,
            min_workers=min_workers,
            suppressed=suppressed,
            reference_label=reference_label,
            policy=(policy or AccountingPolicy()).name,
        )

    def _references(
        self,
        reference: Quantity | Mapping[str, Quantity] | None,
        code: str,
        rates: ExchangeRates | None,
    ) -> dict[str, Quantity]:
        if reference is None:
            return {}
        if isinstance(reference, Mapping):
            missing = sorted(set(self.logs) - set(reference))
            if missing:
                raise InvalidInputError(
                    f"the reference mapping has no wage for {len(missing)} worker(s) "
                    f"(e.g. {missing[0]!r}): give one per worker id"
                )
            given = dict(reference)
        else:
            given = dict.fromkeys(self.logs, reference)
        out = {}
        for worker in self.logs:
            out[worker] = as_hourly(
                given[worker],
                code,
                rates=rates,
                what="a reference",
                target="the rating",
                example="2 USD/hour",
            )
        return out

    @staticmethod
    def _rate(
        client: str,
        entries: list[tuple[str, WageReport, np.ndarray[Any, Any]]],
        code: str,
        levels: tuple[float, ...],
        method: str,
        refs: Mapping[str, Quantity],
    ) -> ClientRating:
        hourly = f"{code}/hour"
        counts = np.sum([c for _, _, c in entries], axis=0)
        paid, rejected, returned = (int(counts[i]) for i in (PAID, _REJECTED, _RETURNED))
        tasks = paid + rejected + returned
        rated = [(w, r) for w, r, _ in entries if r.effective_hourly is not None]
        wages = np.array([float(r.effective_hourly.magnitude) for _, r in rated])  # type: ignore[union-attr]
        paid_wages = np.array(
            [float(r.paid_hourly.magnitude) for _, r, _ in entries if r.paid_hourly is not None]
        )
        net = sum(float(r.net.magnitude) for _, r, _ in entries)
        hours = sum(float(r.total_time.to("hour").magnitude) for _, r, _ in entries)
        quantile_values = _quantile(wages, levels, method) if len(wages) else []
        below = None
        if refs and rated:
            below = sum(
                float(r.effective_hourly.magnitude) < float(refs[w].magnitude)  # type: ignore[union-attr]
                for w, r in rated
            ) / len(rated)
        return ClientRating(
            client=client,
            currency=code,
            workers=len(entries),
            rated_workers=len(rated),
            tasks=tasks,
            paid=paid,
            rejected=rejected,
            returned=returned,
            rejection_rate=rejected / (paid + rejected) if paid + rejected else None,
            return_rate=returned / tasks if tasks else None,
            hours=Q_(hours, "hour"),
            median_hourly=(Q_(_quantile(wages, (0.5,), method)[0], hourly) if len(wages) else None),
            quantiles={q: Q_(v, hourly) for q, v in zip(levels, quantile_values, strict=False)},
            pooled_hourly=Q_(net / hours, hourly) if hours > 0 else None,
            median_paid_hourly=(
                Q_(_quantile(paid_wages, (0.5,), method)[0], hourly) if len(paid_wages) else None
            ),
            share_below_reference=below,
        )


def _quantile(values: np.ndarray[Any, Any], levels: Sequence[float], method: str) -> list[float]:
    quantile: Any = np.quantile  # numpy's stubs want the method as a Literal
    try:
        return [float(v) for v in quantile(values, list(levels), method=method)]
    except ValueError:
        raise InvalidInputError(
            f"unknown quantile method {method!r}: use one of numpy.quantile's methods, "
            "such as 'linear' (the default) or 'inverted_cdf'"
        ) from None


def pool(logs: Mapping[str, WorkLog] | Iterable[tuple[str, WorkLog]]) -> WorkerLogs:
    """Pool workers' logs under opaque ids.

    Args:
        logs: A mapping of worker id to log, or ``(id, log)`` pairs; where an
            id appears more than once its logs are joined (two files of the
            same worker). The ids should be opaque (random, or a salted hash):
            labourchain keeps nothing else about a worker and never shows an id
            in a rating.

    Returns:
        A :class:`WorkerLogs`.
    """
    if isinstance(logs, Mapping):
        return WorkerLogs(logs)
    joined: dict[str, list[WorkLog]] = {}
    for item in logs:
        if not (isinstance(item, tuple) and len(item) == 2):
            raise InvalidInputError(f"pool takes (worker id, WorkLog) pairs, got {item!r}")
        worker, log = item
        if not isinstance(log, WorkLog):
            raise InvalidInputError(
                f"the log of worker {worker!r} must be a WorkLog, got {type(log).__name__}"
            )
        joined.setdefault(worker, []).append(log)
    return WorkerLogs({w: WorkLog.concat(parts) for w, parts in joined.items()})
