"""How a minute of a data worker's time is spent.

The categories follow the ILO's definition of unpaid work on micro-task
platforms (Berg et al., *Digital labour platforms and the future of work*,
ILO 2018, ch. 4): looking for tasks, unpaid qualification tests, learning,
communicating and managing payments, and work that is rejected or never
submitted. Toxtli, Suri and Savage (CSCW 2021) add "hyper-vigilance",
watching for tasks to appear, which labourchain records as ``WAITING``.
Only ``PAID`` (approved task work) earns money.

>>> Activity.parse("search")
<Activity.SEARCH: 'search'>
>>> Activity.PAID.is_paid, Activity.REJECTED.is_paid
(True, False)
"""

from __future__ import annotations

import enum
from typing import Final

import numpy as np
import numpy.typing as npt

from labourchain.errors import InvalidInputError

__all__ = ("Activity",)


class Activity(enum.Enum):
    """How a span of time was spent. The value is the name used in logs and files."""

    #: Approved task work: the only paid time.
    PAID = "paid"
    #: Task work that was submitted and rejected by the client: unpaid.
    REJECTED = "rejected"
    #: Task work started and never submitted: returned, abandoned or expired.
    RETURNED = "returned"
    #: Looking for and selecting tasks.
    SEARCH = "search"
    #: Unpaid qualification tests and trial tasks.
    QUALIFICATION = "qualification"
    #: Learning guidelines and unpaid training.
    TRAINING = "training"
    #: Logged on and watching for tasks, none available ("hyper-vigilance").
    WAITING = "waiting"
    #: Payments, messages, disputes, reviews, account management.
    ADMIN = "admin"
    #: Power or connection lost while working.
    OUTAGE = "outage"

    @property
    def is_paid(self) -> bool:
        """Whether time spent on this activity is paid (only ``PAID`` is)."""
        return self is Activity.PAID

    @property
    def is_task_work(self) -> bool:
        """Whether this is work on a task (paid, rejected or returned).

        Only task work may carry a reward in a log: the reward earned (``PAID``)
        or the reward forgone (``REJECTED``, ``RETURNED``).
        """
        return self in _TASK_WORK

    @classmethod
    def parse(cls, text: str) -> Activity:
        """The activity named ``text`` (case-insensitive, surrounding space ignored).

        Raises:
            InvalidInputError: if ``text`` names no activity.
        """
        if isinstance(text, cls):
            return text
        if isinstance(text, str):
            key = text.strip().lower()
            for member in cls:
                if member.value == key:
                    return member
        raise InvalidInputError(
            f"unknown activity {text!r}: expected one of {', '.join(cls.names())}"
        )

    @classmethod
    def names(cls) -> tuple[str, ...]:
        """The names used in logs, in declaration order."""
        return tuple(member.value for member in cls)


_TASK_WORK = frozenset({Activity.PAID, Activity.REJECTED, Activity.RETURNED})


#: The activities in declaration order: a log's ``activity`` column holds the index
#: of each row's activity in this tuple (its code).
ACTIVITIES: Final[tuple[Activity, ...]] = tuple(Activity)
#: The code of each activity (its index in :data:`ACTIVITIES`).
CODE: Final[dict[Activity, int]] = {a: i for i, a in enumerate(ACTIVITIES)}
#: How many activities there are (the length of a per-activity table).
N_ACTIVITIES: Final = len(ACTIVITIES)
#: By code: whether the activity is task work (paid, rejected or returned).
TASK_WORK: Final[npt.NDArray[np.bool_]] = np.array([a.is_task_work for a in ACTIVITIES])
#: By code: whether the activity is task work whose reward was forgone (rejected, returned).
FORGONE: Final[npt.NDArray[np.bool_]] = np.array(
    [a.is_task_work and not a.is_paid for a in ACTIVITIES]
)
TASK_WORK.flags.writeable = False
FORGONE.flags.writeable = False
