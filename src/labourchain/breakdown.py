"""Deprecated: breakdowns moved to :mod:`labourchain.accounting`. Importing this module
is silent; using a name from it warns ``DeprecationWarning`` and returns the object
from its new home (``labourchain.breakdown`` itself is the function, as before).
"""

from labourchain._deprecated import forwarding

#: Nothing is defined here any more (``from ... import *`` brings nothing).
__all__: tuple[str, ...] = ()

__getattr__, __dir__ = forwarding(
    "labourchain.breakdown",
    {
        "ATTRIBUTION_RULES": "labourchain.accounting",
        "BREAKDOWN_KEYS": "labourchain.accounting",
        "DAY_RULES": "labourchain.accounting",
        "GroupKey": "labourchain.accounting",
        "GroupedReport": "labourchain.accounting",
        "breakdown": "labourchain.accounting",
        "key_label": "labourchain.accounting._breakdown",
    },
)
