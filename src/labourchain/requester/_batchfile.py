"""A requester's batch file read (MTurk batch results, Prolific submissions): :class:`Batch`.

The reading is the log layer's (``labourchain.worklog._batches`` gives the log's
columns and each assignment's worker, HIT and status); :class:`Batch` adds what a
requester does with them: pooling per worker, top-ups and the platform's bonus file.
"""

from __future__ import annotations

import csv
import io
import math
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import attrs
import numpy as np

from labourchain.activity import Activity
from labourchain.errors import InvalidInputError
from labourchain.requester._topup import top_up_batch
from labourchain.units import Q_, Quantity
from labourchain.worklog import WorkLog

if TYPE_CHECKING:
    from labourchain.domain import Platform
    from labourchain.requester._results import TopUps

__all__ = ("Batch", "batch_of")

# A row's status as top_up_batch takes it (anything else paid counts as approved).
_TOP_UP_STATUS: Final = {
    "approved": "approved",
    "rejected": "rejected",
    "submitted": "submitted",
    "awaiting review": "submitted",
}


@attrs.frozen(kw_only=True, eq=False)
class Batch:
    """One batch (MTurk) or study (Prolific): each assignment's time, pay, worker and status.

    Attributes:
        platform: ``"mturk"`` or ``"prolific"``.
        log: One row per assignment: ``paid`` (approved, or awaiting review),
            ``rejected`` or ``returned``, with its reward; the worker id,
            assignment id and status are kept as its extra columns.
        workers: The worker (participant) id of each row.
        hits: The HIT of each row (Prolific: the study).
        assignments: The assignment (submission) id of each row.
        statuses: Each row's status as the platform writes it, lower case
            (``"approved"``, ``"rejected"``, ``"submitted"``, ``"awaiting review"``...).
        reward: The reward of one assignment (``None`` if the file mixes rewards).
        skipped: Lines left out, with the reason (submissions still in progress).
    """

    platform: str
    log: WorkLog
    workers: tuple[str, ...]
    hits: tuple[str, ...]
    assignments: tuple[str, ...]
    statuses: tuple[str, ...]
    reward: Quantity | None
    skipped: tuple[tuple[int, str], ...] = ()

    def __len__(self) -> int:
        return len(self.workers)

    @property
    def approved(self) -> np.ndarray[Any, np.dtype[np.bool_]]:
        """Which rows were paid (approved, or awaiting review)."""
        paid: np.ndarray[Any, np.dtype[np.bool_]] = np.asarray(self.log.activity) == list(
            Activity
        ).index(Activity.PAID)
        return paid

    @property
    def times(self) -> Quantity:
        """Each row's measured time (minutes)."""
        return Q_(np.asarray(self.log.minutes, dtype=float), "minute")

    def logs(self) -> dict[str, WorkLog]:
        """One log per worker id (in order of first appearance), for :func:`~labourchain.pool`."""
        ids = np.asarray(self.workers, dtype=object)
        return {w: self.log[np.flatnonzero(ids == w)] for w in dict.fromkeys(self.workers)}

    def top_up(
        self,
        floor: Quantity,
        *,
        method: str = "fairwork",
        frozen: Sequence[str] = (),
        platform: Platform | None = None,
        **options: Any,
    ) -> TopUps:
        """Bonuses that lift the batch's approved work to ``floor`` (see ``top_up_batch``).

        By default Fair Work's method (``method="fairwork"``): the batch's
        HITs, each assignment's status and its measured time go to
        :func:`~labourchain.requester.top_up_batch` (MTurk's Submitted and
        Prolific's AWAITING REVIEW as ``"submitted"``: their time counts, and
        they earn no bonus until approved, as in Fair Work); returned work is
        left out.
        Workers in ``frozen`` get no bonus (under ``"median"`` and ``"own"``
        their assignments are left out). ``options`` go to ``top_up_batch``.
        """
        if self.reward is None:
            raise InvalidInputError(
                "the batch mixes rewards: a top-up takes one reward per batch; split the file "
                "by reward"
            )
        codes = np.asarray(self.log.activity)
        rejected = codes == list(Activity).index(Activity.REJECTED)
        keep = self.approved | rejected
        if method != "fairwork":
            keep &= ~np.isin(np.asarray(self.workers, dtype=object), list(frozen))
        if not (keep & self.approved).any():
            raise InvalidInputError("the batch has no approved assignments to top up")
        rows = np.flatnonzero(keep).tolist()
        extra: dict[str, Any] = {}
        if method == "fairwork":
            extra = {"hits": [self.hits[i] for i in rows], "frozen": list(frozen)}
        return top_up_batch(
            self.reward,
            Q_(np.asarray(self.log.minutes, dtype=float)[rows], "minute"),
            floor,
            workers=[self.workers[i] for i in rows],
            statuses=[_TOP_UP_STATUS.get(self.statuses[i], "approved") for i in rows],
            platform=platform,
            method=method,  # type: ignore[arg-type]
            **extra,
            **options,
        )

    def bonus_rows(self, top_ups: TopUps, reason: str = "") -> list[dict[str, str]]:
        """The bonuses in the platform's upload shape (see :meth:`write_bonuses`)."""
        rows = []
        for worker, amount in top_ups.by_worker.items():
            value = float(amount.magnitude)
            if value <= 0:
                continue
            cents = f"{math.ceil(round(value * 100, 6)) / 100:.2f}"
            if self.platform == "prolific":
                rows.append({"participant_id": worker, "amount": cents})
            else:
                mine = [
                    (status != "approved", a)
                    for a, w, status, ok in zip(
                        self.assignments, self.workers, self.statuses, self.approved, strict=True
                    )
                    if w == worker and ok
                ]
                first = min(mine)[1]  # an approved assignment first
                rows.append(
                    {
                        "WorkerId": worker,
                        "AssignmentId": first,
                        "BonusAmount": cents,
                        "Reason": reason
                        or "Top-up to the batch's wage floor (labourchain top-up).",
                    }
                )
        return rows

    def bonus_text(self, top_ups: TopUps, reason: str = "") -> str:
        """The bonus file's text (see :meth:`write_bonuses`)."""
        rows = self.bonus_rows(top_ups, reason)
        buffer = io.StringIO()
        if self.platform == "prolific":
            # Prolific's "Bulk bonus payment" box: one "participant ID,amount" per line.
            for row in rows:
                buffer.write(f"{row['participant_id']},{row['amount']}\n")
        else:
            writer = csv.DictWriter(
                buffer,
                fieldnames=["WorkerId", "AssignmentId", "BonusAmount", "Reason"],
                lineterminator="\n",
            )
            writer.writeheader()
            writer.writerows(rows)
        return buffer.getvalue()

    def write_bonuses(
        self, path: str | os.PathLike[str], top_ups: TopUps, reason: str = ""
    ) -> None:
        """Write the bonuses in the shape the platform takes.

        Prolific: the lines its "Bulk bonus payment" form accepts, one
        ``participant_id,amount`` per line, amounts in the study's currency.
        MTurk has no bulk-upload form for bonuses: the file has one row per
        worker with the parameters of the ``SendBonus`` API call (``WorkerId``,
        ``AssignmentId``, ``BonusAmount`` in US dollars, ``Reason``), for a
        script or a tool that calls it. Amounts are rounded up to the cent.
        """
        Path(path).write_text(self.bonus_text(top_ups, reason), encoding="utf-8")


def batch_of(read: Any) -> Batch:
    """The :class:`Batch` of what a batch reader read (a ``BatchColumns``: the log's
    columns, workers, HITs, assignments, statuses, reward and skipped lines)."""
    return Batch(
        platform=read.platform,
        log=WorkLog(**read.columns),
        workers=read.workers,
        hits=read.hits,
        assignments=read.assignments,
        statuses=read.statuses,
        reward=read.reward,
        skipped=read.skipped,
    )
