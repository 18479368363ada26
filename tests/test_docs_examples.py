"""Every example in the README and the documentation runs as pasted.

For each page (README.md and every ``docs/**/*.md``) the fenced blocks are run
in order, in a fresh temporary working directory:

- a ```` ```python ```` block is executed; the blocks of one page share one
  namespace, as a reader pasting them one after another into one session would;
- a block with a file name, ```` ```csv title="my-log.csv" ````, is written to
  that file, so that later blocks can read it;
- in a ```` ```sh ```` or ```` ```console ```` block, each line starting with
  ``labourchain`` (after an optional ``$``) is run through the command line
  (in-process, with click's runner) and must exit with status 0; ``> FILE``
  writes its output to a file, and after a pipe ``|`` only the ``labourchain``
  part runs; other lines (``pip install ...``) are not run;
- a ```` ```text ```` block right after a shell block of one command is the
  output it shows: each of its lines must be printed by the command, in the
  same order (``...`` stands for lines left out).

A block may opt out only when it needs an optional extra that is not
installed: put ``<!-- skip-example: needs matplotlib -->`` (one or more module
names, comma-separated) on the line just before the block, or
``<!-- skip-examples: needs dask -->`` anywhere in a page for all its blocks.
Such blocks still run when the modules are importable.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import os
import re
import shlex
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted(
    [ROOT / "README.md", *(ROOT / "docs").rglob("*.md")],
    key=lambda p: p.relative_to(ROOT).as_posix(),
)

_FENCE = re.compile(r"^(?P<indent> *)(?P<fence>`{3,}|~{3,})(?P<info>[^`\n]*)$")
_SKIP_BLOCK = re.compile(r"<!--\s*skip-example:\s*needs\s+(?P<mods>[\w., ]+?)\s*-->")
_SKIP_PAGE = re.compile(r"<!--\s*skip-examples:\s*needs\s+(?P<mods>[\w., ]+?)\s*-->")
_TITLE = re.compile(r"""title=["'](?P<title>[^"']+)["']""")
_SHELL = {"sh", "shell", "bash", "console"}


@dataclass(frozen=True)
class Block:
    """One fenced block of a page."""

    lang: str
    title: str | None
    code: str
    line: int  # line of the opening fence, 1-based
    needs: tuple[str, ...]  # modules the block needs (from a skip-example marker)


def _modules(text: str) -> tuple[str, ...]:
    return tuple(m.strip() for m in re.split(r"[,\s]+", text) if m.strip())


def blocks(text: str) -> list[Block]:
    """The fenced blocks of a Markdown text, with what they need."""
    page_needs: tuple[str, ...] = ()
    for match in _SKIP_PAGE.finditer(text):
        page_needs += _modules(match["mods"])
    lines = text.splitlines()
    found: list[Block] = []
    i = 0
    while i < len(lines):
        m = _FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        indent, fence, info = len(m["indent"]), m["fence"], m["info"].strip()
        lang = info.split()[0].lstrip(".{").lower() if info else ""
        title = t["title"] if (t := _TITLE.search(info)) else None
        body: list[str] = []
        j = i + 1
        while j < len(lines):
            close = lines[j].strip()
            if close.startswith(fence[0] * len(fence)) and set(close) == {fence[0]}:
                break
            body.append(lines[j][indent:] if lines[j][:indent].strip() == "" else lines[j])
            j += 1
        previous = next((lines[k] for k in range(i - 1, -1, -1) if lines[k].strip()), "")
        needs = page_needs
        if marker := _SKIP_BLOCK.search(previous):
            needs += _modules(marker["mods"])
        found.append(Block(lang, title, "\n".join(body) + "\n", i + 1, needs))
        i = j + 1
    return found


def _missing(modules: tuple[str, ...]) -> list[str]:
    return [m for m in modules if importlib.util.find_spec(m) is None]


def _run_shell(block: Block, where: str) -> list[str]:
    """Run the block's ``labourchain`` commands; return the output of each."""
    from click.testing import CliRunner

    from labourchain.cli import main

    outputs: list[str] = []
    for raw in block.code.splitlines():
        line = raw.strip().removeprefix("$ ").strip()
        if not line.startswith("labourchain ") and line != "labourchain":
            continue
        line = line.split(" #", 1)[0]
        for command in line.split("&&"):
            command = command.split("|", 1)[0]  # a pipe: run the labourchain part
            args = shlex.split(command)
            if not args or args[0] != "labourchain":
                continue
            target = None
            if ">" in args:  # output redirected to a file
                at = args.index(">")
                args, target = args[:at], args[at + 1]
            result = CliRunner().invoke(main, args[1:], catch_exceptions=True)
            assert result.exit_code == 0, (
                f"{where}: `{command.strip()}` exited with {result.exit_code}:\n"
                f"{result.output}\n{result.exception!r}"
            )
            if target is not None:
                Path(target).write_text(result.stdout, encoding="utf-8")
            outputs.append(result.stdout)
    return outputs


def _check_output(expected: str, output: str, where: str) -> None:
    """Each line shown (but ``...``) is in the output, in the same order."""
    lines = [line.rstrip() for line in output.splitlines()]
    at = 0
    for want in (line.rstrip() for line in expected.splitlines()):
        if want.strip() in ("", "..."):
            continue
        while at < len(lines) and lines[at] != want:
            at += 1
        assert at < len(lines), (
            f"{where}: the output shown has a line the command does not print:\n{want!r}\n"
            f"The command printed:\n{output}"
        )
        at += 1


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_examples_run_as_pasted(
    page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MPLBACKEND", "Agg")
    name = page.relative_to(ROOT).as_posix()
    namespace: dict[str, object] = {"__name__": f"docs_example_{page.stem.replace('-', '_')}"}
    shown: list[str] = []  # outputs of the shell block just before, if one command
    for block in blocks(page.read_text(encoding="utf-8")):
        where = f"{name}, block at line {block.line}"
        previous, shown = shown, []
        if _missing(block.needs):
            continue  # an optional extra is not installed: see the module docstring
        if block.title and block.lang not in ("python", "py", *_SHELL):
            Path(block.title).write_text(block.code, encoding="utf-8")
        elif block.lang in ("python", "py"):
            code = compile(block.code, f"<{where}>", "exec")
            with contextlib.redirect_stdout(io.StringIO()):
                exec(code, namespace)
        elif block.lang in _SHELL:
            shown = _run_shell(block, where)
        elif block.lang == "text" and len(previous) == 1:
            _check_output(block.code, previous[0], where)


def test_the_parser_finds_blocks_and_markers() -> None:
    text = (
        "Intro\n\n```python\nx = 1\n```\n\n<!-- skip-example: needs not_a_module_xyz -->\n"
        '```python\nimport not_a_module_xyz\n```\n\n```csv title="a.csv"\na,b\n```\n'
        "    ```python\n    y = 2\n    ```\n"
    )
    found = blocks(text)
    assert [b.lang for b in found] == ["python", "python", "csv", "python"]
    assert found[1].needs == ("not_a_module_xyz",)
    assert _missing(found[1].needs) == ["not_a_module_xyz"]
    assert found[2].title == "a.csv"
    assert found[3].code == "y = 2\n"


def test_every_page_is_collected() -> None:
    names = {p.relative_to(ROOT).as_posix() for p in PAGES}
    assert "README.md" in names
    assert "docs/getting-started.md" in names
    assert os.path.isfile(ROOT / "mkdocs.yml")


def _load(path: Path) -> Any:
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_hook_lists_only_pages_that_exist(tmp_path: Path) -> None:
    hooks = _load(ROOT / "docs" / "hooks.py")
    (tmp_path / "index.md").write_text("# Home\n")
    (tmp_path / "json.md").write_text("# JSON output\n")
    (tmp_path / "extra.md").write_text("# An extra page\n")
    nav: list[object] = [{"Home": "index.md"}, {"How-to guides": ["howto/index.md"]}]
    hooks.on_config({"nav": nav, "docs_dir": str(tmp_path)})
    assert nav[1] == {"Topics": [{"JSON output": "json.md"}, {"An extra page": "extra.md"}]}


def test_doctests_and_roles_render_as_markdown() -> None:
    pytest.importorskip("griffe")
    ext = _load(ROOT / "docs" / "griffe_markdown.py")
    text = "See :func:`~labourchain.wage.wage_report`.\n\n>>> f(1)\n['a']\n\nAfter."
    out = ext.markdown_docstring(text)
    assert out == "See `wage_report`.\n\n```pycon\n>>> f(1)\n['a']\n```\n\nAfter."


def test_output_shown_must_be_printed() -> None:
    output = "Log: x.csv\nWage report: 2 spans\n  effective   1.17 USD/hour\n"
    _check_output("Wage report: 2 spans\n...\n  effective   1.17 USD/hour\n", output, "page")
    with pytest.raises(AssertionError, match="does not print"):
        _check_output("  effective   9.99 USD/hour\n", output, "page")
    with pytest.raises(AssertionError, match="does not print"):  # order matters
        _check_output("  effective   1.17 USD/hour\nWage report: 2 spans\n", output, "page")
