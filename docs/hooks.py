"""MkDocs hooks for the labourchain site (listed under ``hooks:`` in mkdocs.yml).

Two jobs, both written so that the strict build never fails because a module
or a page is not there yet:

1. **Optional pages.** Pages other parts of labourchain bring (time zones and
   rejection, JSON output, simulation, ...) are added to the navigation only
   if their file exists. A top-level page that nobody listed is added under
   "Topics" rather than left out of the site.
2. **Case studies.** When :mod:`labourchain.cases` exists, one page per shipped
   case is generated at build time from the case's own scenario and report,
   with its figures (and a picture when :mod:`labourchain.plot` and
   matplotlib are installed), so the pages can never drift from the code.
   ``docs/cases/index.md`` gets the list of cases in place of the
   ``<!-- cases-list -->`` marker. Without the module, the index says that no
   case ships yet.

Run ``mkdocs build --strict`` to use it; nothing here is imported by labourchain.
"""

from __future__ import annotations

import html
import importlib
import importlib.util
import io
import logging
import textwrap
from pathlib import Path
from typing import Any

log = logging.getLogger("mkdocs.hooks.labourchain")

#: Pages other parts of the project write, in the order they appear under "Topics".
OPTIONAL_PAGES: tuple[tuple[str, str], ...] = (
    ("Time zones and rejection", "timezones-and-rejection.md"),
    ("Breakdowns and requesters", "breakdowns-and-requesters.md"),
    ("Simulation", "simulation.md"),
    ("JSON output", "json.md"),
)
TOPICS = "Topics"
API_MARKER = "<!-- api-optional -->"
#: Modules documented in docs/api.md when they exist (in this order), with their heading.
OPTIONAL_MODULES: tuple[tuple[str, str], ...] = (
    ("labourchain.breakdown", "Breakdowns by day, week, platform, client"),
    ("labourchain.reference", "Reference wages, exchange rates and PPP"),
    ("labourchain.schedule", "Weekly schedules and time zones"),
    ("labourchain.demand", "Demand for tasks"),
    ("labourchain.rejection", "Rejection"),
    ("labourchain.pool", "Pooling workers' logs, rating clients"),
    ("labourchain.budget", "Fair pay for requesters"),
    ("labourchain.report", "Reports for publication"),
    ("labourchain.plot", "Pictures"),
    ("labourchain.simulate", "Simulation"),
    ("labourchain.cases", "Case studies"),
)
CASES_MARKER = "<!-- cases-list -->"
CASES_SECTION = "Case studies"

# Filled by on_files, read by on_page_markdown.
_CASES: list[dict[str, Any]] = []


# ------------------------------------------------------------------ navigation


def _nav_files(nav: Any) -> set[str]:
    """Every file named anywhere in a nav tree."""
    found: set[str] = set()
    if isinstance(nav, str):
        found.add(nav)
    elif isinstance(nav, list):
        for item in nav:
            found |= _nav_files(item)
    elif isinstance(nav, dict):
        for value in nav.values():
            found |= _nav_files(value)
    return found


def _title_of(path: Path) -> str:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return path.stem.replace("-", " ").capitalize()


def on_config(config: Any) -> Any:
    """Add the optional pages that exist to the navigation, under "Topics"."""
    nav = config["nav"]
    if not nav:
        return config
    docs = Path(config["docs_dir"])
    listed = _nav_files(nav)
    topics: list[dict[str, str]] = [
        {title: name}
        for title, name in OPTIONAL_PAGES
        if (docs / name).is_file() and name not in listed
    ]
    known = {name for _, name in OPTIONAL_PAGES} | listed
    for path in sorted(docs.glob("*.md")):
        if path.name not in known:
            topics.append({_title_of(path): path.name})
    if topics:
        # Topics go after the methodology, before the how-to guides.
        at = next(
            (i for i, item in enumerate(nav) if isinstance(item, dict) and "How-to guides" in item),
            len(nav),
        )
        nav.insert(at, {TOPICS: topics})
    return config


# ------------------------------------------------------------------ case studies


def _cases_module() -> Any | None:
    try:
        return importlib.import_module("labourchain.cases")
    except ImportError:
        return None


def _case_names(cases: Any) -> list[str]:
    for attr in ("names", "list_cases", "available"):
        fn = getattr(cases, attr, None)
        if callable(fn):
            return [str(n) for n in fn()]
    return []


def _case_page(cases: Any, name: str) -> dict[str, Any]:
    """Title, summary, figures and picture of one case, taken from the code."""
    get = getattr(cases, "get", None) or getattr(cases, "load", None)
    case = get(name) if callable(get) else None
    title = str(getattr(case, "title", None) or getattr(case, "name", None) or name)
    summary = (getattr(case, "summary", None) or getattr(case, "description", None) or "").strip()
    if not summary and case is not None and type(case).__doc__:
        summary = ""
    sources = getattr(case, "sources", None) or getattr(case, "citations", None) or ()
    report_text = ""
    figures: dict[str, Any] = {}
    for attr in ("report", "run", "wage_report"):
        fn = getattr(case, attr, None) or getattr(cases, attr, None)
        if not callable(fn):
            continue
        try:
            result = fn() if getattr(case, attr, None) is fn else fn(name)
        except Exception as exc:  # a broken case must break the build loudly
            raise RuntimeError(f"case {name!r}: {attr}() failed: {exc}") from exc
        report = getattr(result, "report", result)
        if hasattr(report, "to_text"):
            report_text = report.to_text()
        elif result is not None:
            report_text = str(result)
        if hasattr(report, "to_dict"):
            figures = report.to_dict()
        break
    return {
        "name": name,
        "title": title,
        "summary": summary,
        "sources": [str(s) for s in sources],
        "report_text": report_text,
        "figures": figures,
        "report": locals().get("report"),
    }


def _picture(report: Any) -> str | None:
    """An SVG waterfall of the report, if labourchain.plot and matplotlib are there."""
    try:
        plot = importlib.import_module("labourchain.plot")
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return None
    draw = getattr(plot, "waterfall", None)
    if not callable(draw) or report is None:
        return None
    result = draw(report)
    figure = getattr(result, "figure", result)
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight")
    plt.close(figure)
    return buffer.getvalue()


def _render_case(case: dict[str, Any], picture: bool) -> str:
    lines = [f"# {case['title']}", ""]
    lines += [
        '!!! note "Generated page"',
        f"    This page is generated at build time by `docs/hooks.py` from the case "
        f"`{case['name']}` in `labourchain.cases`. Reproduce it with "
        f"`labourchain cases {case['name']}`.",
        "",
    ]
    if case["summary"]:
        lines += [case["summary"], ""]
    figures = case["figures"]
    if figures:
        unit = figures.get("currency", "")
        rows = [
            ("effective hourly wage", figures.get("effective_hourly"), f"{unit}/hour"),
            ("paid-time hourly wage", figures.get("paid_hourly"), f"{unit}/hour"),
            ("unpaid share of time", figures.get("unpaid_share"), "share"),
            ("net earnings", figures.get("net"), unit),
            ("hours counted", figures.get("total_time"), "hour"),
            ("reference wage", figures.get("reference"), f"{unit}/hour"),
            ("effective / reference", figures.get("reference_ratio"), "ratio"),
        ]
        lines += ["## Figures", "", "| figure | value | unit |", "| --- | ---: | --- |"]
        for label, value, u in rows:
            if value is not None:
                shown = f"{value:.2f}" if isinstance(value, float) else html.escape(str(value))
                lines.append(f"| {label} | {shown} | {u} |")
        lines.append("")
    if picture:
        lines += [
            "## Picture",
            "",
            f"![{case['title']}: from nominal rate to effective wage]({case['name']}.svg)",
            "",
        ]
    if case["report_text"]:
        lines += ["## Report", "", "```text", case["report_text"], "```", ""]
    if case["sources"]:
        lines += ["## Sources", ""] + [f"- {s}" for s in case["sources"]] + [""]
    return "\n".join(lines)


def on_files(files: Any, config: Any) -> Any:
    """Generate one page per shipped case study (and its picture)."""
    from mkdocs.structure.files import File

    _CASES.clear()
    cases = _cases_module()
    if cases is None:
        log.info("labourchain.cases is not there: no case-study pages generated")
        return files
    for name in _case_names(cases):
        case = _case_page(cases, name)
        svg = _picture(case.pop("report"))
        files.append(
            File.generated(config, f"cases/{name}.md", content=_render_case(case, svg is not None))
        )
        if svg is not None:
            files.append(File.generated(config, f"cases/{name}.svg", content=svg))
        _CASES.append(case)
    if _CASES:
        for item in config["nav"]:
            if isinstance(item, dict) and CASES_SECTION in item:
                index = item[CASES_SECTION]
                entries = [index] if isinstance(index, str) else list(index)
                entries += [{c["title"]: f"cases/{c['name']}.md"} for c in _CASES]
                item[CASES_SECTION] = entries
    return files


def _module_exists(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ImportError:
        return False


def _api_sections() -> str:
    return "\n".join(
        f"## {title}\n\n::: {name}\n" for name, title in OPTIONAL_MODULES if _module_exists(name)
    )


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """Fill the markers: optional modules in the API page, the list of case studies."""
    if API_MARKER in markdown:
        markdown = markdown.replace(API_MARKER, _api_sections())
    if CASES_MARKER not in markdown:
        return markdown
    if not _CASES:
        listing = textwrap.dedent(
            """\
            !!! info "No case study ships in this version"
                `labourchain.cases` is not part of this version of labourchain. When it
                is, this list and one page per case are generated here at build time.
            """
        )
    else:
        listing = "\n".join(
            f"- [{c['title']}]({c['name']}.md)"
            + (f": {c['summary'].splitlines()[0]}" if c["summary"] else "")
            for c in _CASES
        )
    return markdown.replace(CASES_MARKER, listing)
