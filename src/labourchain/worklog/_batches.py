"""Requesters' batch files: Amazon Mechanical Turk's batch results and Prolific's submissions.

One file holds every worker's assignments for one batch (one study): when
each started, how long it took, whether it was approved, and (MTurk) the
reward. The readers give a :class:`BatchColumns`: the log's columns and the
columns a top-up needs (worker, HIT, status), from which
:class:`labourchain.formats.Batch` is built.
"""

from __future__ import annotations

import math
import os
import re
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Final

import attrs

from labourchain.activity import Activity
from labourchain.errors import InvalidInputError, LabourchainError
from labourchain.units import Q_, Quantity, check_code, currency_of
from labourchain.worklog._io import Columns
from labourchain.worklog._table import Row, Source, columns_from_records, open_table

__all__ = ("MTURK_COLUMNS", "PROLIFIC_COLUMNS", "BatchColumns", "read_mturk_batch", "read_prolific")

_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)

#: The batch results columns labourchain reads (the file has more: Input.*, Answer.*, ...).
MTURK_COLUMNS: Final = (
    "HITId",
    "Title",
    "Reward",
    "AssignmentId",
    "WorkerId",
    "AssignmentStatus",
    "AcceptTime",
    "SubmitTime",
    "WorkTimeInSeconds",
)
#: The submissions export columns labourchain reads.
PROLIFIC_COLUMNS: Final = (
    "Submission id",
    "Participant id",
    "Status",
    "Started at",
    "Completed at",
    "Time taken",
)

# AssignmentStatus -> activity. "Submitted" is awaiting review: MTurk approves
# it automatically when the auto-approval delay ends, unless it is rejected.
_MTURK_STATUS: Final = {
    "approved": Activity.PAID,
    "submitted": Activity.PAID,
    "rejected": Activity.REJECTED,
}
# Prolific's statuses (docs.prolific.com, "Submission object").
_PROLIFIC_STATUS: Final = {
    "approved": Activity.PAID,
    "awaiting review": Activity.PAID,
    "rejected": Activity.REJECTED,
    "returned": Activity.RETURNED,
    "timed-out": Activity.RETURNED,
}
_PROLIFIC_IN_PROGRESS: Final = frozenset({"active", "reserved"})
# US time-zone abbreviations that MTurk writes after a time (AcceptTime, SubmitTime).
_ZONES: Final = {"PST": -8, "PDT": -7, "UTC": 0, "GMT": 0, "Z": 0}


@attrs.frozen(kw_only=True)
class BatchColumns:
    """What a batch reader read: the log's columns and each assignment's worker, HIT and status.

    Attributes:
        platform: ``"mturk"`` or ``"prolific"``.
        columns: The log's columns (``WorkLog(...)``'s keyword arguments), one row per
            assignment; the worker id, assignment id and status as its extra columns.
        workers: The worker (participant) id of each row.
        hits: The HIT of each row (Prolific: the study).
        assignments: The assignment (submission) id of each row.
        statuses: Each row's status as the platform writes it, lower case.
        reward: The reward of one assignment (``None`` if the file mixes rewards).
        skipped: Lines left out, with the reason (submissions still in progress).
    """

    platform: str
    columns: Columns
    workers: tuple[str, ...]
    hits: tuple[str, ...]
    assignments: tuple[str, ...]
    statuses: tuple[str, ...]
    reward: Quantity | None
    skipped: tuple[tuple[int, str], ...] = ()


# --------------------------------------------------------------------- MTurk


def _mturk_time(row: Row, column: str) -> datetime:
    text = row.get(column)
    # "Wed Jan 18 09:23:12 PST 2017"
    match = re.fullmatch(r"\w{3} (\w{3}) +(\d{1,2}) (\d\d:\d\d:\d\d) ([A-Z]+) (\d{4})", text)
    if match:
        month, day, clock, zone, year = match.groups()
        if zone not in _ZONES:
            raise row.error(
                f"unknown time zone {zone!r} in {text!r}: expected one of {', '.join(_ZONES)}",
                column,
            )
        try:
            naive = datetime.strptime(f"{year} {month} {day} {clock}", "%Y %b %d %H:%M:%S")
        except ValueError:
            raise row.error(f"{text!r} is not a date and time", column) from None
        return naive.replace(tzinfo=timezone(timedelta(hours=_ZONES[zone])))
    moment = row.moment(column, text, expected="a time such as 'Wed Jan 18 09:23:12 PST 2017'")
    if moment.tzinfo is None:
        raise row.error(f"{text!r} has no time zone", column)
    return moment


def _money(row: Row, column: str) -> tuple[float, str]:
    text = row.get(column)
    match = re.fullmatch(r"\$\s*(\d+(?:\.\d+)?)|(\d+(?:\.\d+)?)\s*(?:USD)?", text)
    if not match:
        raise row.error(f"{text!r} is not a reward such as $0.50", column)
    return float(match.group(1) or match.group(2)), "USD"


def _seconds(row: Row, column: str) -> float:
    text = row.get(column)
    return row.number(
        column,
        text,
        not_number=f"{text!r} is not a number of seconds",
        negative=f"{text!r} is not a number of seconds >= 0",
    )


def read_mturk_batch(source: Source) -> BatchColumns:
    """Read an MTurk batch results CSV (see :mod:`labourchain.formats`)."""
    records: list[dict[str, Any]] = []
    meta: list[tuple[str, str, str, str]] = []
    lines: list[int] = []
    rewards: set[float] = set()
    with open_table(source, MTURK_COLUMNS) as table:
        table.require(
            ("HITId", "WorkerId", "AssignmentStatus", "AcceptTime", "WorkTimeInSeconds", "Reward"),
            "an MTurk batch results file",
        )
        for row in table.rows:
            status = row.get("AssignmentStatus").lower()
            if status not in _MTURK_STATUS:
                raise row.error(
                    f"unknown assignment status {row.get('AssignmentStatus')!r}: expected "
                    "Submitted, Approved or Rejected",
                    "AssignmentStatus",
                )
            worker = row.get("WorkerId")
            if not worker:
                raise row.error("the worker id is missing", "WorkerId")
            reward, code = _money(row, "Reward")
            rewards.add(reward)
            start = _mturk_time(row, "AcceptTime")
            seconds = _seconds(row, "WorkTimeInSeconds")
            records.append(
                {
                    "start": start,
                    "minutes": seconds / 60,
                    "activity": _MTURK_STATUS[status],
                    "reward": reward,
                    "currency": code,
                    "platform": "MTurk",
                    "task_id": row.get("HITId"),
                    "kind": row.get("Title"),
                }
            )
            meta.append((worker, row.get("HITId"), row.get("AssignmentId"), status))
            lines.append(row.line)
        source_name = table.source
    return _batch("mturk", records, meta, lines, source_name, rewards, "USD")


# ------------------------------------------------------------------- Prolific


def _iso(row: Row, column: str) -> datetime | None:
    text = row.get(column)
    if not text or text.lower() in ("not applicable", "none", "null"):
        return None
    moment = row.moment(column, text, expected="an ISO 8601 time such as 2024-10-25T12:27:09Z")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)  # Prolific's times are UTC
    return moment


def _study_name(source: Source) -> str:
    name = Path(
        getattr(source, "name", "") if not isinstance(source, (str, os.PathLike)) else source
    ).stem
    match = re.fullmatch(r"prolific_export_([0-9a-f]+)", name)
    return match.group(1) if match else (name or "study")


def read_prolific(
    source: Source,
    *,
    reward: Quantity | str | None = None,
    screened_out_reward: Quantity | str | None = None,
    study: str | None = None,
) -> BatchColumns:
    """Read a Prolific submissions export CSV (see :mod:`labourchain.formats`).

    Args:
        source: The file (``prolific_export_<study id>.csv``) or a text stream.
        reward: The study's reward per submission (the export has no reward
            column), e.g. ``"2.50 GBP"`` or ``lc.money(2.5, "GBP")``.
        screened_out_reward: The fixed reward of a screened-out submission,
            required if the export has any.
        study: The study's id (default: from the file name).
    """
    if reward is None:
        raise InvalidInputError(
            "a Prolific submissions export has no reward column: give the study's reward per "
            "submission (reward='2.50 GBP' in Python, --reward '2.50 GBP' on the command line)"
        )
    amount, code = _reward(reward, "reward")
    screened = (
        None if screened_out_reward is None else _reward(screened_out_reward, "screened_out_reward")
    )
    if screened is not None and screened[1] != code:
        raise InvalidInputError(
            f"screened_out_reward is in {screened[1]} but the reward is in {code}"
        )
    name = study or _study_name(source)
    records: list[dict[str, Any]] = []
    meta: list[tuple[str, str, str, str]] = []
    lines: list[int] = []
    skipped: list[tuple[int, str]] = []
    with open_table(source, PROLIFIC_COLUMNS) as table:
        table.require(
            ("Submission id", "Participant id", "Status", "Started at", "Time taken"),
            "a Prolific submissions export",
        )
        for row in table.rows:
            status = row.get("Status").lower().replace("_", " ")
            if status in _PROLIFIC_IN_PROGRESS:
                skipped.append((row.line, f"still in progress ({row.get('Status')})"))
                continue
            if status == "screened out":
                if screened is None:
                    raise row.error(
                        "a screened-out submission is paid the study's screen-out reward: "
                        "give it (screened_out_reward= in Python, --screened-out-reward)",
                        "Status",
                    )
                activity, pay = Activity.PAID, screened[0]
            elif status in _PROLIFIC_STATUS:
                activity = _PROLIFIC_STATUS[status]
                pay = amount if activity is not Activity.RETURNED else math.nan
            else:
                raise row.error(
                    f"unknown status {row.get('Status')!r}: expected one of APPROVED, "
                    "AWAITING REVIEW, REJECTED, RETURNED, TIMED-OUT, SCREENED OUT, ACTIVE",
                    "Status",
                )
            worker = row.get("Participant id")
            if not worker:
                raise row.error("the participant id is missing", "Participant id")
            start = _iso(row, "Started at")
            if start is None:
                raise row.error("the start time is missing", "Started at")
            if row.get("Time taken"):
                minutes = _seconds(row, "Time taken") / 60
            else:
                end = _iso(row, "Completed at")
                minutes = 0.0 if end is None else max(0.0, (end - start).total_seconds() / 60)
            records.append(
                {
                    "start": start,
                    "minutes": minutes,
                    "activity": activity,
                    "reward": None if math.isnan(pay) else pay,
                    "currency": None if math.isnan(pay) else code,
                    "platform": "Prolific",
                    "task_id": name,
                }
            )
            meta.append((worker, name, row.get("Submission id"), status))
            lines.append(row.line)
        source_name = table.source
    return _batch("prolific", records, meta, lines, source_name, {amount}, code, tuple(skipped))


def _reward(value: Quantity | str, what: str) -> tuple[float, str]:
    if isinstance(value, str):
        match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([A-Za-z]{3})\s*", value)
        if not match:
            raise InvalidInputError(
                f"{what} {value!r} is not an amount with its currency, such as '2.50 GBP'"
            )
        number, code = float(match.group(1)), match.group(2).upper()
        try:
            return number, check_code(code, what)
        except LabourchainError as exc:
            raise InvalidInputError(str(exc)) from None
    code = currency_of(value, what=what)
    number = float(value.magnitude)
    if not math.isfinite(number) or number < 0:
        raise InvalidInputError(f"{what} must be a finite amount >= 0, got {value!r}")
    return number, code


# --------------------------------------------------------------------- shared


def _batch(
    platform: str,
    records: list[dict[str, Any]],
    meta: list[tuple[str, str, str, str]],
    lines: list[int],
    source: str,
    rewards: set[float],
    code: str,
    skipped: tuple[tuple[int, str], ...] = (),
) -> BatchColumns:
    columns = columns_from_records(records, lines, source)
    workers = tuple(m[0] for m in meta)
    hits = tuple(m[1] for m in meta)
    assignments = tuple(m[2] for m in meta)
    statuses = tuple(m[3] for m in meta)
    columns["extra"] = (
        ("worker_id", list(workers)),
        ("assignment_id", list(assignments)),
        ("status", list(statuses)),
    )
    reward = Q_(rewards.pop(), code) if len(rewards) == 1 else None
    return BatchColumns(
        platform=platform,
        columns=columns,
        workers=workers,
        hits=hits,
        assignments=assignments,
        statuses=statuses,
        reward=reward,
        skipped=skipped,
    )
