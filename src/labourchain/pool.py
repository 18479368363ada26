"""Deprecated: pooling logs and rating clients moved to :mod:`labourchain.accounting`.
Importing this module is silent; using a name from it warns ``DeprecationWarning`` and
returns the object from its new home (``labourchain.pool`` itself is the function, as
before).
"""

from labourchain._deprecated import forwarding

#: Nothing is defined here any more (``from ... import *`` brings nothing).
__all__: tuple[str, ...] = ()

__getattr__, __dir__ = forwarding(
    "labourchain.pool",
    {
        "DEFAULT_QUANTILES": "labourchain.accounting",
        "ClientRating": "labourchain.accounting",
        "RequesterRatings": "labourchain.accounting",
        "WorkerLogs": "labourchain.accounting",
        "pool": "labourchain.accounting",
    },
)
