"""Per-activity indices shared by the accounting modules (and, next, the ledger of sums)."""

from __future__ import annotations

from typing import Final

import numpy as np

from labourchain.activity import Activity

__all__ = ("ACTIVITIES", "LAST_TASK_WORK", "PAID", "SEARCH", "TASK_WORK")

#: Every activity, in the order of the per-activity columns.
ACTIVITIES: Final = tuple(Activity)
#: The column of approved (paid) work.
PAID: Final = ACTIVITIES.index(Activity.PAID)
#: The column of search, where merged gaps go.
SEARCH: Final = ACTIVITIES.index(Activity.SEARCH)
#: Which columns are task work (paid, rejected, returned).
TASK_WORK: Final = np.array([a.is_task_work for a in ACTIVITIES])
# Task work (paid, rejected, returned) comes first in Activity, so a comparison selects it.
LAST_TASK_WORK: Final = int(np.flatnonzero(TASK_WORK).max())
assert np.all(TASK_WORK[: LAST_TASK_WORK + 1]), "task-work activities must come first"
