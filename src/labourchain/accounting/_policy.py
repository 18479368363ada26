"""What counts as working time: :class:`AccountingPolicy` and the named policies."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, Final

import attrs
import numpy as np
import numpy.typing as npt

from labourchain._intervals import short_gaps
from labourchain.activity import Activity
from labourchain.errors import InvalidInputError
from labourchain.units import Q_, Quantity, seconds_of
from labourchain.worklog import WorkLog

__all__ = ("POLICIES", "AccountingPolicy", "merged_gaps")


def _activities(value: Iterable[Activity | str]) -> frozenset[Activity]:
    chosen = frozenset(Activity.parse(a) if isinstance(a, str) else a for a in value)
    if Activity.PAID not in chosen:
        raise InvalidInputError("AccountingPolicy.counted must include Activity.PAID")
    return chosen


def _gap(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    seconds_of(value, what="AccountingPolicy.merge_gaps")


@attrs.frozen(kw_only=True)
class AccountingPolicy:
    """What counts as working time. Every report says which policy it used.

    Attributes:
        name: A short name shown in reports.
        counted: The activities whose time counts as working time. The default
            counts all of them (the ILO definition). Time of an activity left
            out is reported as ``excluded_time`` and does not enter any wage.
        merge_gaps: Gaps between spans no longer than this count as working
            time, recorded as ``search`` (the time it takes to pick the next
            task). Zero, the default, merges nothing. Hara et al. (CHI 2018)
            counted intervals of a minute or less between tasks as work
            (:meth:`hara2018`).

    >>> AccountingPolicy.hara2018().merge_gaps
    <Quantity(1, 'minute')>
    """

    name: str = "ILO 2018: all logged time counts"
    counted: frozenset[Activity] = attrs.field(default=frozenset(Activity), converter=_activities)
    merge_gaps: Quantity = attrs.field(factory=lambda: Q_(0, "minute"), validator=_gap)

    @classmethod
    def ilo2018(cls) -> AccountingPolicy:
        """The default: every logged minute counts (Berg et al., ILO 2018)."""
        return cls()

    @classmethod
    def hara2018(cls) -> AccountingPolicy:
        """What Hara et al. (CHI 2018) measured: task work, search, and gaps of a minute or less.

        Hara, Adams, Milland, Savage, Callison-Burch and Bigham, "A Data-Driven
        Analysis of Workers' Earnings on Amazon Mechanical Turk" (CHI 2018,
        doi:10.1145/3173574.3174023) recorded task work with a browser
        extension: approved, rejected and submitted work, and work on tasks
        "ultimately not submitted" (returned), plus "time spent searching for
        tasks"; intervals of a minute or less between tasks counted as work
        (here, as ``search``). Logged waiting, training, qualification tests,
        admin and outages are not what the paper measured, so this policy
        leaves them out (reported as ``excluded_time``).

        >>> sorted(a.value for a in AccountingPolicy.hara2018().counted)
        ['paid', 'rejected', 'returned', 'search']
        """
        return cls(
            name="Hara et al. 2018: task work, search, 1-min gaps",
            counted=frozenset(
                {Activity.PAID, Activity.REJECTED, Activity.RETURNED, Activity.SEARCH}
            ),
            merge_gaps=Q_(1, "minute"),
        )

    @classmethod
    def task_time_only(cls) -> AccountingPolicy:
        """Only time on submitted tasks (paid and rejected), as many rating sites count.

        This leaves out search, returned work and every other unpaid activity;
        it is the method the effective wage exists to correct, provided for
        comparison.
        """
        return cls(
            name="task time only (paid and rejected work)",
            counted=frozenset({Activity.PAID, Activity.REJECTED}),
        )


#: The named accounting policies, as the command line's ``--policy`` offers them.
POLICIES: Final[Mapping[str, Callable[[], AccountingPolicy]]] = {
    "ilo2018": AccountingPolicy.ilo2018,
    "hara2018": AccountingPolicy.hara2018,
    "task-time-only": AccountingPolicy.task_time_only,
}


def merged_gaps(
    log: WorkLog, policy: AccountingPolicy
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.int64]]:
    """The gaps between a log's spans that ``policy`` counts as working time (as search).

    The one rule of gap merging (``wage_report`` and ``breakdown`` both use it): gaps
    longer than zero and no longer than :attr:`AccountingPolicy.merge_gaps` between
    the end of everything so far and the next start.

    Returns:
        ``(after, microseconds)``: for each gap, the row it follows (in start order)
        and its length. Empty when the policy merges nothing.
    """
    limit = seconds_of(policy.merge_gaps, what="merge_gaps") * 1e6
    if limit <= 0:
        return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.int64)
    return short_gaps(log.start_us, log.end_us, limit)
