"""Laws about labourchain's own source: no dead code, no vacuous doctests, no stray errors."""

from __future__ import annotations

import ast
import collections
import doctest
import importlib
import inspect
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


# The command line reports its errors through click, which turns them into one line and exit
# status 2; module ``__getattr__`` must raise AttributeError (the import protocol); and
# ``raise AssertionError`` marks a branch that no input can reach (an internal invariant).
_CLI_MODULES = frozenset(p for p in MODULES if p.parent == SRC / "cli")  # the cli/ package


def _raised(tree: ast.Module) -> list[tuple[ast.Raise, str]]:
    """Each ``raise`` with an exception, and the name of the function it is in."""
    found: list[tuple[ast.Raise, str]] = []

    def visit(node: ast.AST, function: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                visit(child, child.name)
            else:
                if isinstance(child, ast.Raise) and child.exc is not None:
                    found.append((child, function))
                visit(child, function)

    visit(tree, "<module>")
    return found


def test_every_raise_is_a_labourchain_error() -> None:
    """Every error labourchain raises is a LabourchainError (issue #11, item 6), so that
    ``except LabourchainError`` catches whatever a user's input can cause."""
    import builtins

    import click

    trees = {path: ast.parse(path.read_text(encoding="utf-8")) for path in MODULES}
    modules = {path: importlib.import_module(_module_name(path)) for path in MODULES}
    # Functions that build an exception for the caller to raise: name -> (module, annotation).
    makers: dict[str, list[tuple[object, str]]] = collections.defaultdict(list)
    for path, tree in trees.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and node.returns is not None:
                makers[node.name].append((modules[path], ast.unparse(node.returns)))

    def resolve(expression: str, module: object) -> object:
        # the module's names, and the errors a function may import locally
        namespace = {**vars(builtins), **vars(labourchain.errors), **vars(module)}
        value = eval(expression, namespace)
        if inspect.isfunction(value):  # a function that builds the exception to raise
            returns = inspect.get_annotations(value).get("return")
            if isinstance(returns, str):
                return resolve(returns, inspect.getmodule(value))
            return returns
        return value

    problems: list[str] = []
    checked = 0
    for path, tree in trees.items():
        module = modules[path]
        for node, function in _raised(tree):
            exc = node.exc
            assert exc is not None
            target = exc.func if isinstance(exc, ast.Call) else exc
            where = f"{path.relative_to(SRC)}:{node.lineno} raise {ast.unparse(target)}"
            classes: list[object] = []
            try:
                classes.append(resolve(ast.unparse(target), module))
            except (NameError, AttributeError):
                name = target.attr if isinstance(target, ast.Attribute) else ast.unparse(target)
                classes.extend(resolve(annotation, home) for home, annotation in makers[name])
            if not classes or not all(isinstance(c, type) for c in classes):
                problems.append(f"{where}: cannot tell what it raises")
                continue
            for cls in classes:
                assert isinstance(cls, type)
                checked += 1
                if issubclass(cls, labourchain.errors.LabourchainError):
                    continue
                if path in _CLI_MODULES and issubclass(cls, click.ClickException):
                    continue
                if function == "__getattr__" and cls is AttributeError:
                    continue
                if cls is AssertionError:
                    continue
                if cls.__name__.startswith("_") and re.search(
                    rf"except\b[^:\n]*\b{cls.__name__}\b", path.read_text(encoding="utf-8")
                ):
                    continue  # private control flow, caught in the module itself
                if "web" in path.relative_to(SRC).parts and cls.__module__.startswith(
                    "labourchain.web"
                ):
                    continue  # the web application's own errors, answered as HTTP responses
                problems.append(f"{where}: {cls.__name__} is not a LabourchainError")
    assert problems == []
    assert checked > 300  # the walk saw the raises


def test_errors_refine_builtins() -> None:
    e = labourchain.errors
    for name in e.__all__:
        cls = getattr(e, name)
        assert issubclass(cls, e.LabourchainError)
        if cls is not e.LabourchainError:
            assert any(
                issubclass(cls, builtin)
                for builtin in (ValueError, TypeError, LookupError, ImportError)
            ), name


def test_moved_errors_keep_their_old_import_paths() -> None:
    from labourchain.errors import MissingDependencyError, ScenarioError
    from labourchain.plot import MissingDependencyError as from_plot
    from labourchain.simulate import ScenarioError as from_simulate
    from labourchain.simulate.scenario import ScenarioError as from_scenario

    assert from_plot is MissingDependencyError
    assert from_simulate is from_scenario is ScenarioError
    assert MissingDependencyError.__module__ == ScenarioError.__module__ == "labourchain.errors"


def test_no_validator_raises_a_bare_builtin() -> None:
    """attrs' ready-made validators raise bare ValueError / TypeError: labourchain's own
    validators raise InvalidInputError instead (``ClientFee(share=-1)`` did)."""
    users = [
        f"{path.relative_to(SRC)}"
        for path in MODULES
        if "attrs.validators." in path.read_text(encoding="utf-8")
    ]
    assert users == []
