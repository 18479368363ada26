"""Deprecated: the requester tools moved to :mod:`labourchain.requester` (this module goes in 0.3).

Importing this module is silent; using a name from it warns ``DeprecationWarning``
and returns the object from :mod:`labourchain.requester`.
"""

from labourchain._deprecated import forwarding

#: Nothing is star-imported from a forwarding module: import from labourchain.requester.
__all__: tuple[str, ...] = ()

_MOVED = (
    "BatchCost",
    "BatchPlan",
    "FairReward",
    "Overhead",
    "TopUps",
    "batch_cost",
    "fair_reward",
    "plan_batch",
    "reference_floor",
    "top_up_batch",
)
__getattr__, __dir__ = forwarding(
    "labourchain.budget", dict.fromkeys(_MOVED, "labourchain.requester")
)
