"""A griffe extension that makes labourchain's docstrings render as Markdown.

labourchain's docstrings are Google style, with two habits from Sphinx that
Markdown does not understand (listed under ``extensions:`` in mkdocs.yml):

- **Doctest examples** written in the text (``>>> ...`` and their output).
  Markdown reads ``>>>`` as three nested quotes and output such as
  ``['2024-03-04']`` as a link. They are wrapped in ```` ```pycon ```` fences,
  so they render as code, exactly as pytest's doctests run them.
- **Sphinx roles** such as ``:func:`~labourchain.wage.wage_report` ``. They
  are rendered as inline code (``wage_report``), the ``~`` form keeping only
  the last component, as Sphinx does.

The docstrings in the code are not changed; only what the site shows.
"""

from __future__ import annotations

import re
from typing import Any

import griffe

_ROLE = re.compile(r":(?:meth|func|class|attr|data|mod|exc|obj|const):`(~?)([^`]+)`")
_PROMPT = re.compile(r"^(?P<indent>\s*)>>>( |$)")


def _role(match: re.Match[str]) -> str:
    target = match[2].strip()
    if match[1]:
        target = target.rsplit(".", 1)[-1]
    return f"`{target}`"


def _fence_doctests(text: str) -> str:
    """Wrap each run of doctest lines (prompts, continuations, output) in a fence."""
    lines = text.splitlines()
    out: list[str] = []
    i = 0
    inside_fence = False
    while i < len(lines):
        line = lines[i]
        if line.lstrip().startswith("```"):
            inside_fence = not inside_fence
        m = None if inside_fence else _PROMPT.match(line)
        if m is None:
            out.append(line)
            i += 1
            continue
        indent = m["indent"]
        block: list[str] = []
        while i < len(lines) and lines[i].strip() and lines[i].startswith(indent):
            block.append(lines[i][len(indent) :])
            i += 1
        if out and out[-1].strip():
            out.append("")
        out.append(f"{indent}```pycon")
        out.extend(f"{indent}{b}" for b in block)
        out.append(f"{indent}```")
    return "\n".join(out)


def markdown_docstring(text: str) -> str:
    """The docstring text with doctests fenced and Sphinx roles turned into code."""
    return _ROLE.sub(_role, _fence_doctests(text))


class MarkdownDocstrings(griffe.Extension):
    """Rewrite each docstring for Markdown before griffe parses it."""

    def on_instance(self, *, node: Any, obj: griffe.Object, agent: Any, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = markdown_docstring(obj.docstring.value)
