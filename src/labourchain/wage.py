"""Deprecated: the accounting moved to :mod:`labourchain.accounting` (and the scalar
forms to :mod:`labourchain.rates`). Importing this module is silent; using a name
from it warns ``DeprecationWarning`` and returns the object from its new home.
"""

from labourchain._deprecated import forwarding

#: Nothing is defined here any more (``from ... import *`` brings nothing).
__all__: tuple[str, ...] = ()

__getattr__, __dir__ = forwarding(
    "labourchain.wage",
    {
        "POLICIES": "labourchain.accounting",
        "AccountingPolicy": "labourchain.accounting",
        "WageReport": "labourchain.accounting",
        "combine_reports": "labourchain.accounting",
        "effective_hourly_wage": "labourchain.rates",
        "expected_hourly": "labourchain.rates",
        "fair_top_up": "labourchain.rates",
        "wage_report": "labourchain.accounting",
    },
)
