"""Deprecated: the Markdown and HTML reports moved to :mod:`labourchain.render` (goes in 0.3).

Importing this module is silent; using a name from it warns ``DeprecationWarning``
and returns the object from :mod:`labourchain.render`.
"""

from labourchain._deprecated import forwarding

#: Nothing is star-imported from a forwarding module: import from labourchain.render.
__all__: tuple[str, ...] = ()

__getattr__, __dir__ = forwarding(
    "labourchain.report",
    dict.fromkeys(("method_paragraph", "to_html", "to_markdown"), "labourchain.render"),
)
