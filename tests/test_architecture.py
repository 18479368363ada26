"""The layers of labourchain, enforced by walking its source (issue #17 items 1 and 2).

The package is built in layers (docs/architecture.md draws them): a module may import
only from its own layer or a lower one, the import graph between labourchain's modules has
no cycle, and no private name crosses a module boundary. These tests read the source with
:mod:`ast` (nothing is imported), so a violation is found wherever it hides, in a function
body too.

The rules, as checked here:

* **Every module has a layer.** :data:`LAYERS` maps module names (relative to
  ``labourchain``; a name covers its submodules, the longest match wins) to a rank. A new
  module that matches nothing fails :func:`test_every_module_has_a_layer`: add it to
  :data:`LAYERS` (and to the table in docs/architecture.md).
* **Imports.** An import is ``import labourchain.x``, ``from labourchain.x import y`` (``y``
  a submodule makes the edge go to it) and ``from labourchain import Name``, where a public
  name of the lazy façade counts as an import of its home module (read from ``_EXPORTS`` in
  ``labourchain/__init__.py``). ``import labourchain`` alone (then ``lc.Name``) is an
  import of the whole façade, which sits at the top rank. Imports inside functions count
  (they are deferred, not absent). ``importlib.import_module("...")`` strings are not
  followed: only ``labourchain/__init__.py`` and the forwarding modules of old paths use
  them.
* **No cycle.** Imports under ``if TYPE_CHECKING:`` are exempt from the cycle test only
  (they never run, and annotations between two modules of one layer are harmless); they
  still count for the layer rule, since a lower module naming a higher one's types depends
  on it.
* **Never upward.** No import from a lower rank to a higher one. ``labourchain/__init__.py``
  is exempt: it is the façade that re-exports every layer.
* **No private import across modules.** In ``from labourchain.a.b import c`` (or ``import
  labourchain.a.b.c``) the first name after ``labourchain`` that starts with a single
  underscore is private to the module or package that holds it: ``labourchain._time.monday``
  belongs to the package (any module may use the private module ``_time``);
  ``labourchain.worklog._io.read`` belongs to ``labourchain.worklog`` (only modules of the
  ``worklog`` package may import it); ``labourchain.schedule._resolve`` belongs to
  ``schedule``.
* **No private attribute of another module.** ``x._name`` (a single leading underscore, not
  a dunder) is allowed on ``self`` and ``cls``, and when ``_name`` is defined in the same
  module (a function, class, assignment, ``self._name = ...`` or ``__slots__`` entry there:
  then it is the module's own class or object). Anything else reads another module's
  private attribute or calls its private method, for instance ``log._aware(...)`` in a module
  that does not define ``_aware``. Without types this check is approximate: it cannot tell
  two modules' private names apart when both define the same one, and it does not follow
  ``getattr(x, "_name")``. Private names that third-party libraries make public by
  convention (:data:`PUBLIC_BY_CONVENTION`, e.g. ``namedtuple._replace``) are allowed.

Today's violations are listed in :data:`ALLOWLIST`, each with the engineer who owns the
fix. The list only shrinks: :func:`test_allowlist_is_exact` fails when an entry no longer
occurs, so remove the entry in the commit that fixes it.
"""

from __future__ import annotations

import ast
import collections
from collections.abc import Iterator
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "labourchain"
PACKAGE = "labourchain"

#: The layers of docs/architecture.md, lowest first: a module-name prefix (relative to
#: ``labourchain``) and its rank. A module may import from its own rank or lower ones.
#: Old paths kept as forwarding modules sit at the rank of their new home.
LAYERS: dict[str, int] = {
    # 0 core values
    "errors": 0,
    "_typing": 0,
    "_frozen": 0,
    "_validate": 0,
    "_deprecated": 0,
    "_json": 0,
    "_text": 0,
    "_parse": 0,
    "_data": 0,
    "units": 0,
    "activity": 0,
    "domain": 0,
    "platforms": 0,
    # 1 time
    "_time": 1,
    "_intervals": 1,
    "schedule": 1,
    "demand": 1,
    # 2 log
    "worklog": 2,  # incl. the format readers (_trackers, _batches, _frames, _formats)
    # 3 reference data
    "reference": 3,
    # 4 accounting
    "accounting": 4,
    "wage": 4,  # forwarding module of the old path
    "breakdown": 4,  # forwarding module of the old path
    "pool": 4,  # forwarding module of the old path
    # 5 rates
    "rates": 5,
    "rejection": 5,
    # 6 requester
    "requester": 6,
    "formats": 6,  # the public module of the format readers: re-exports worklog/ and Batch
    "budget": 6,  # forwarding module of the old path
    # 7 simulation
    "simulate": 7,
    "cases": 7,
    # 8 presentation
    "render": 8,
    "report": 8,  # forwarding module of the old path
    "plot": 8,
    "_sourced": 8,  # a wage report with its figures and notes, for cli/ and web/
    # 9 interfaces
    "cli": 9,
    "web": 9,
    "testing": 9,
    "_entry": 9,
    "__main__": 9,
}

#: The façade ``labourchain/__init__.py`` re-exports every layer: importing it is
#: importing the top.
FACADE_RANK = max(LAYERS.values())

#: Private names that libraries make public by convention.
PUBLIC_BY_CONVENTION = frozenset({"_replace", "_asdict", "_fields", "_make", "_field_defaults"})

#: Private attributes of third-party objects that a module needs, for good, and why.
EXEMPT: dict[tuple[str, str], str] = {
    ("private-attribute", "labourchain.units: ._units"): (
        "pint's Quantity and Unit keep their UnitsContainer in ._units, which pickling "
        "needs so that money unpickles into labourchain's registry (no public accessor)"
    ),
}

#: Today's violations, each owned by the engineer who fixes it (issue #17). Kinds:
#: ``cycle`` (an edge of an import cycle, "a -> b"), ``upward`` ("a -> b", rank of a below
#: b's), ``private-import`` ("importer: labourchain.x._y"), ``private-attribute``
#: ("module: ._name"). Remove an entry in the commit that fixes it; the list must be empty
#: when the redesign lands.
ALLOWLIST: dict[tuple[str, str], str] = {}


# -- reading the source ------------------------------------------------------------------


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, ast.Module]:
    return {
        _module_name(path): ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for path in sorted(SRC.rglob("*.py"))
    }


MODULES = _modules()


def _facade_exports() -> dict[str, str]:
    """``_EXPORTS`` of ``labourchain/__init__.py``: each public name's home module."""
    for node in MODULES[PACKAGE].body:
        if (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and node.target.id == "_EXPORTS"
            and node.value is not None
        ):
            table = ast.literal_eval(node.value)
            return {name: target.partition(":")[0] for name, target in table.items()}
    raise AssertionError("labourchain/__init__.py has no _EXPORTS table")


EXPORTS = _facade_exports()


def rank(module: str) -> int | None:
    """The rank of ``module`` (a dotted name from ``labourchain``), or None if unknown."""
    if module == PACKAGE:
        return FACADE_RANK
    parts = module.split(".")[1:]
    for end in range(len(parts), 0, -1):
        found = LAYERS.get(".".join(parts[:end]))
        if found is not None:
            return found
    return None


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.Module) -> Iterator[tuple[ast.Import | ast.ImportFrom, bool]]:
    """Each import statement anywhere in ``tree``, and whether it is TYPE_CHECKING-only."""

    Found = Iterator[tuple[ast.Import | ast.ImportFrom, bool]]

    def visit(node: ast.AST, typing_only: bool) -> Found:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import | ast.ImportFrom):
                yield child, typing_only
            elif isinstance(child, ast.If) and _is_type_checking(child.test):
                for statement in child.body:
                    yield from visit(ast.Module(body=[statement], type_ignores=[]), True)
                for statement in child.orelse:
                    yield from visit(ast.Module(body=[statement], type_ignores=[]), typing_only)
            else:
                yield from visit(child, typing_only)

    yield from visit(tree, False)


def _targets(node: ast.Import | ast.ImportFrom) -> Iterator[tuple[str, str]]:
    """The labourchain modules an import reaches, each with the full dotted name imported."""
    if isinstance(node, ast.Import):
        for alias in node.names:
            if alias.name == PACKAGE or alias.name.startswith(PACKAGE + "."):
                yield alias.name, alias.name
        return
    base = node.module or ""
    if node.level or not (base == PACKAGE or base.startswith(PACKAGE + ".")):
        return
    for alias in node.names:
        full = f"{base}.{alias.name}"
        if full in MODULES:
            yield full, full
        elif base == PACKAGE and alias.name.startswith("__"):
            continue  # the package's metadata (__version__), not a layer
        elif base == PACKAGE and alias.name in EXPORTS:
            yield EXPORTS[alias.name], full
        else:
            yield base, full


Edge = tuple[str, str, bool]  # importer, imported module, TYPE_CHECKING-only


def _edges() -> list[Edge]:
    edges = set()
    for importer, tree in MODULES.items():
        for node, typing_only in _imports(tree):
            for target, _ in _targets(node):
                if target != importer:
                    edges.add((importer, target, typing_only))
    return sorted(edges)


EDGES = _edges()


# -- the rules ---------------------------------------------------------------------------


def _cycle_violations() -> set[tuple[str, str]]:
    """Each edge that lies on a cycle of runtime imports, as ("cycle", "a -> b")."""
    graph: dict[str, set[str]] = collections.defaultdict(set)
    for importer, target, typing_only in EDGES:
        if not typing_only and importer != PACKAGE and target != PACKAGE:
            graph[importer].add(target)
    # Tarjan's strongly connected components; an edge inside a component lies on a cycle.
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    component: dict[str, int] = {}

    def strongconnect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for successor in sorted(graph[node]):
            if successor not in index:
                strongconnect(successor)
                low[node] = min(low[node], low[successor])
            elif successor in on_stack:
                low[node] = min(low[node], index[successor])
        if low[node] == index[node]:
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component[member] = index[node]
                if member == node:
                    break

    for node in sorted(graph):
        if node not in index:
            strongconnect(node)
    return {
        ("cycle", f"{a} -> {b}")
        for a, targets in graph.items()
        for b in targets
        if component.get(a) == component.get(b)
    }


def _upward_violations() -> set[tuple[str, str]]:
    found = set()
    for importer, target, _ in EDGES:
        if importer == PACKAGE:
            continue
        low, high = rank(importer), rank(target)
        if low is not None and high is not None and high > low:
            found.add(("upward", f"{importer} -> {target}"))
    return found


def _owner_of_private(full: str) -> str | None:
    """The module or package a dotted name is private to, or None if it is public."""
    parts = full.split(".")
    for i, part in enumerate(parts[1:], start=1):
        if part.startswith("_") and not part.startswith("__"):
            return ".".join(parts[:i])
    return None


def _private_import_violations() -> set[tuple[str, str]]:
    found = set()
    for importer, tree in MODULES.items():
        for node, _ in _imports(tree):
            for _, full in _targets(node):
                owner = _owner_of_private(full)
                if owner is None or owner == PACKAGE:
                    continue
                if importer != owner and not importer.startswith(owner + "."):
                    found.add(("private-import", f"{importer}: {full}"))
    return found


def _is_slots_or_setattr(node: ast.AST) -> bool:
    if isinstance(node, ast.Assign):
        return any(isinstance(t, ast.Name) and t.id == "__slots__" for t in node.targets)
    if isinstance(node, ast.Call):
        function = node.func
        name = function.attr if isinstance(function, ast.Attribute) else getattr(function, "id", "")
        return name in ("setattr", "__setattr__")
    return False


def _defined_private_names(tree: ast.Module) -> set[str]:
    """Names with one leading underscore that ``tree`` defines, at any depth."""
    defined: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            defined.add(node.name)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            defined.add(node.id)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            defined.add(node.attr)
        elif isinstance(node, ast.arg):
            defined.add(node.arg)
        elif isinstance(node, ast.alias):
            defined.add((node.asname or node.name).rsplit(".", 1)[-1])
        elif _is_slots_or_setattr(node):
            # __slots__ = ("_x", ...), setattr(obj, "_x", ...), object.__setattr__(obj, "_x", ...)
            defined.update(
                sub.value
                for sub in ast.walk(node)
                if isinstance(sub, ast.Constant) and isinstance(sub.value, str)
            )
    return {name for name in defined if name.startswith("_") and not name.startswith("__")}


def _private_attribute_violations() -> set[tuple[str, str]]:
    found = set()
    for module, tree in MODULES.items():
        own = _defined_private_names(tree)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Attribute):
                continue
            name = node.attr
            if not name.startswith("_") or name.startswith("__"):
                continue
            if isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"):
                continue
            if name in own or name in PUBLIC_BY_CONVENTION:
                continue
            found.add(("private-attribute", f"{module}: .{name}"))
    return found


def _violations() -> set[tuple[str, str]]:
    return (
        _cycle_violations()
        | _upward_violations()
        | _private_import_violations()
        | _private_attribute_violations()
    )


VIOLATIONS = _violations() - set(EXEMPT)


# -- the tests ---------------------------------------------------------------------------


def test_every_module_has_a_layer() -> None:
    unknown = sorted(module for module in MODULES if rank(module) is None)
    assert unknown == [], (
        f"no layer for {unknown}: add each module (or its package) to LAYERS in "
        "tests/test_architecture.py and to the table in docs/architecture.md"
    )


def test_layers_are_known_modules() -> None:
    """Every entry of LAYERS names a module or package that exists."""
    names = {module.split(".", 1)[1] for module in MODULES if module != PACKAGE}
    prefixes = {name.split(".")[0] for name in names}
    stale = sorted(set(LAYERS) - prefixes)
    assert stale == [], f"LAYERS names modules that do not exist: {stale}"


@pytest.mark.parametrize("kind", ["cycle", "upward", "private-import", "private-attribute"])
def test_no_violation_beyond_the_allowlist(kind: str) -> None:
    new = sorted(detail for found_kind, detail in VIOLATIONS - set(ALLOWLIST) if found_kind == kind)
    assert new == [], (
        f"{kind} violations of the layers (see the docstring of tests/test_architecture.py "
        f"and docs/architecture.md): {new}"
    )


def test_allowlist_is_exact() -> None:
    """An allowlisted violation that no longer occurs must leave the list (it only shrinks)."""
    fixed = sorted(f"{kind}: {detail}" for kind, detail in set(ALLOWLIST) - VIOLATIONS)
    assert fixed == [], f"fixed, remove from ALLOWLIST in tests/test_architecture.py: {fixed}"


def test_allowlist_names_its_owners() -> None:
    owners = {"time", "log", "accounting", "cli", "render", "simulate", "names"}
    assert set(ALLOWLIST.values()) <= owners


# -- the checks themselves can fail --------------------------------------------------------


def test_rank_takes_the_longest_prefix() -> None:
    assert rank("labourchain.worklog._io") == LAYERS["worklog"]
    assert rank("labourchain.simulate._kernel") == LAYERS["simulate"]
    assert rank("labourchain") == FACADE_RANK
    assert rank("labourchain.no_such_module") is None
    assert rank("labourchain.worklogs") is None  # a prefix of names, not of characters


def test_private_owner() -> None:
    assert _owner_of_private("labourchain._time.monday") == "labourchain"
    assert _owner_of_private("labourchain.worklog._io.read") == "labourchain.worklog"
    assert _owner_of_private("labourchain.schedule._resolve") == "labourchain.schedule"
    assert _owner_of_private("labourchain.schedule.WeeklySchedule") is None
    assert _owner_of_private("labourchain.__version__") is None


def test_checks_see_imports_in_functions_and_type_checking() -> None:
    tree = ast.parse(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from labourchain.cli import main\n"
        "def f():\n"
        "    from labourchain.worklog._io import read\n"
        "    import labourchain.units\n"
    )
    found = [(typing_only, list(_targets(node))) for node, typing_only in _imports(tree)]
    assert found == [
        (False, []),  # typing is not labourchain
        (True, [("labourchain.cli", "labourchain.cli.main")]),
        (False, [("labourchain.worklog._io", "labourchain.worklog._io.read")]),
        (False, [("labourchain.units", "labourchain.units")]),
    ]


def test_private_names_of_a_module() -> None:
    tree = ast.parse(
        "class A:\n"
        "    __slots__ = ('_x',)\n"
        "    def _m(self): self._y = 1\n"
        "    def g(self): object.__setattr__(self, '_w', 1)\n"
        "def f(a): return a._x, a._y, a._m(), a._z, a._w, '_v'\n"
    )
    assert _defined_private_names(tree) == {"_x", "_y", "_m", "_w"}
