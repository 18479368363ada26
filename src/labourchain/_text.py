"""Text from a log, made safe to print on a terminal.

A label in a log (platform, client, task, kind, note, a file name) is data
written by someone else. Printed raw, a carriage return, an ANSI escape or a
bidirectional override could erase or forge lines of the report a worker
reads. :func:`printable` writes every such character as a visible escape
(``\\r``, ``\\x1b``, ``\\u202e``); every text output of labourchain passes
labels through it. JSON and CSV keep the labels as they are (JSON escapes
control characters by its own rules).

>>> printable("Acme\\r\\x1b[2KPaid 50 USD/h")
'Acme\\\\r\\\\x1b[2KPaid 50 USD/h'
>>> printable("Café, Nairobi")
'Café, Nairobi'

:func:`plural` counts things in words people read:

>>> plural(1, "task"), plural(2, "task"), plural(1_000, "entry", "entries")
('1 task', '2 tasks', '1,000 entries')
>>> plural(1, "worker", possessive=True), plural(3, "worker", possessive=True)
("1 worker's", "3 workers'")
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from typing import Any, Final

__all__ = ("low_confidence_note", "plural", "printable")

#: Characters that move the cursor, reorder text or hide it, beyond the C0/C1 controls.
_INVISIBLE: Final = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2028\u2029\ufeff"
)
_NAMED: Final = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape(char: str) -> str:
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str, *, newlines: bool = True) -> str:
    """``text`` with control, bidirectional-override and line-separator characters escaped.

    Args:
        text: Any text.
        newlines: Escape line feeds too (the default: a label stays on one line).
            With ``False`` line feeds are kept, for multi-line messages.

    Returns:
        The text, every other character unchanged.
    """
    if text.isprintable():
        return text
    out = []
    for char in text:
        if char == "\n" and not newlines:
            out.append(char)
        elif char in _INVISIBLE or unicodedata.category(char) in ("Cc", "Zl", "Zp"):
            out.append(_escape(char))
        else:
            out.append(char)
    return "".join(out)


def plural(count: int, word: str, many: str | None = None, *, possessive: bool = False) -> str:
    """``count`` and ``word``, in the plural unless ``count`` is one.

    Args:
        count: How many.
        word: The singular ("task").
        many: The plural, where it is not ``word + "s"`` ("entries").
        possessive: Write the possessive ("1 worker's", "3 workers'").
    """
    one = count == 1
    noun = word if one else (many if many is not None else f"{word}s")
    if possessive:
        noun += "'s" if one or not noun.endswith("s") else "'"
    return f"{count:,} {noun}"


def low_confidence_note(figure: Mapping[str, Any]) -> str:
    """The warning a report carries for a figure of low confidence (one entry of ``figures``)."""
    what = (
        f"the exchange rate for {figure['currency']} (from {figure['effective_from']})"
        if figure["role"] == "exchange_rate"
        else f"the {figure['label']}"
    )
    return (
        f"{what} has low confidence: not verified against its source, contested, or a "
        f"volatile rate ({figure['source']}); see docs/data-sources.md before quoting the result"
    )
