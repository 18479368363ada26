"""Laws about labourchain's own source: no dead code, no vacuous doctests, no stray errors."""

from __future__ import annotations

import ast
import collections
import doctest
import importlib
import re
from pathlib import Path

import labourchain

SRC = Path(labourchain.__file__).parent
MODULES = sorted(p for p in SRC.rglob("*.py") if p.name != "__main__.py")


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def test_every_private_function_and_class_is_used() -> None:
    """A private top-level function or class that nothing names is dead code (issue #11,
    item 7: ``population._lognormal`` was never called)."""
    defined: dict[str, str] = {}
    named: collections.Counter[str] = collections.Counter()
    for path in MODULES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and re.fullmatch(
                r"_[a-zA-Z]\w*", node.name
            ):
                defined[node.name] = f"{path.relative_to(SRC)}:{node.lineno}"
        for node in ast.walk(tree):
            if isinstance(node, ast.Name):
                named[node.id] += 1
            elif isinstance(node, ast.Attribute):
                named[node.attr] += 1
            elif isinstance(node, ast.alias):
                named[node.name.rsplit(".", 1)[-1]] += 1
    dead = sorted(f"{where} {name}" for name, where in defined.items() if not named[name])
    assert dead == []


def test_tests_defined_in_docstrings_are_run() -> None:
    """A doctest that defines ``test_...`` must call it, or it checks nothing (issue #11,
    item 7: ``testing.py`` defined a property test and never ran it)."""
    vacuous = []
    finder = doctest.DocTestFinder()
    for path in MODULES:
        module = importlib.import_module(_module_name(path))
        for test in finder.find(module):
            source = "".join(example.source for example in test.examples)
            for name in re.findall(r"^\s*def (test_\w+)\(", source, flags=re.MULTILINE):
                if not re.search(rf"^(?!\s*def ).*\b{name}\(", source, flags=re.MULTILINE):
                    vacuous.append(f"{test.name}: {name}")
    assert vacuous == []
