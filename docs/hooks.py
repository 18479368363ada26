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
    ("Limits and hostile input", "limits.md"),
)
TOPICS = "Topics"
API_MARKER = "<!-- api-optional -->"
API_SECTION = "API reference"
#: Modules documented in docs/api.md when they exist (in this order), with their heading.
OPTIONAL_MODULES: tuple[tuple[str, str, str], ...] = (
    ("labourchain.rates", "Scalar rates", "Effective hourly wage, fair top-up, expected hourly."),
    ("labourchain.reference", "Reference figures", "Minimum and living wages, rates, PPP."),
    ("labourchain.schedule", "Schedules and time zones", "Weekly hours, overlap, night work."),
    ("labourchain.demand", "Demand for tasks", "When tasks are posted; what misalignment costs."),
    ("labourchain.rejection", "Rejection", "Individual and mass rejection, approval gating."),
    (
        "labourchain.requester",
        "Fair pay for requesters",
        "Rewards that meet a wage floor; top-ups.",
    ),
    ("labourchain.render", "Reports for publication", "A wage report as Markdown or HTML."),
    ("labourchain.plot", "Pictures", "Waterfalls, week timelines, distributions (matplotlib)."),
    ("labourchain.simulate", "Simulation", "Scenarios, simulated weeks and populations."),
    ("labourchain.cases", "Case studies", "The shipped case-study scenarios."),
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

#: The seed and population size of the generated case pages (stated on each page).
CASE_SEED = 1
CASE_POPULATION = 2000


def _cases_module() -> Any | None:
    """labourchain.cases and the simulation it needs, or None if not there yet."""
    try:
        cases = importlib.import_module("labourchain.cases")
        importlib.import_module("labourchain.simulate")
    except ImportError:
        return None
    return cases


def _minimum_wage(scenario: Any, currency: str) -> tuple[Any, Any, str]:
    """(reference wage, its hourly figure in ``currency``, note) for the case's week."""
    from labourchain.errors import LabourchainError

    try:
        from labourchain.reference import exchange_rate_figures, exchange_rates, reference_wage

        day = scenario.week_of
        wage = reference_wage(scenario.worker.country, on=day)
        hourly = exchange_rates(on=day).convert(wage.hourly, currency).to(f"{currency}/hour")
        used = exchange_rate_figures(on=day)
        rates = "; ".join(
            used[code].describe() for code in sorted({wage.currency, currency} - {"USD"})
        )
    except ImportError:
        return None, None, "labourchain.reference is not available in this version."
    except LabourchainError as error:
        reason = str(error).split(": these rates", 1)[0]  # not the whole list of rates
        return None, None, f"{reason[:1].upper()}{reason[1:]}."
    return wage, hourly, rates


def _svg(figure: Any) -> str:
    import matplotlib.pyplot as plt

    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(figure)
    return buffer.getvalue()


def _pictures(name: str, scenario: Any, week: Any) -> dict[str, str]:
    """SVG pictures of the case's week, if labourchain.plot and matplotlib are there."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        plot = importlib.import_module("labourchain.plot")
    except ImportError:
        return {}
    subtitle = scenario.description  # labourchain.plot draws it as plain text
    pictures = {f"{name}-waterfall.svg": _svg(plot.waterfall(week.report, subtitle=subtitle))}
    demand = scenario.demand.schedule() if hasattr(scenario.demand, "schedule") else None
    timeline = plot.week_timeline(week.log, tz=scenario.worker.timezone, demand=demand)
    pictures[f"{name}-week.svg"] = _svg(timeline)
    return pictures


def _money(value: float | None, unit: str) -> str:
    return "n/a" if value is None else f"{value:,.2f} {unit}"


def _case_page(cases: Any, name: str) -> tuple[dict[str, Any], dict[str, str]]:
    """The page of one case, and its pictures, computed from the code."""
    from labourchain.simulate import simulate_population, simulate_week

    scenario = cases.load(name)
    week = simulate_week(None, scenario, seed=CASE_SEED)
    report = week.report
    reference, ref_hourly, note = _minimum_wage(scenario, report.currency)
    population = simulate_population(scenario, n_workers=CASE_POPULATION, seed=CASE_SEED)
    summary = population.summary(ref_hourly)
    pictures = _pictures(name, scenario, week)

    cur = report.currency
    fig = report.to_dict()
    worker = scenario.worker
    lines = [f"# {worker.name} ({worker.country})", "", scenario.description, ""]
    lines += [
        '!!! note "Generated page"',
        "    This page is generated when the site is built (`docs/hooks.py`), from the",
        f"    case `{name}` shipped in `labourchain.cases`, one simulated week with seed",
        f"    {CASE_SEED} and a population of {CASE_POPULATION:,} workers. Its figures always",
        "    match the code. They illustrate the mechanism under the case's cited",
        "    figures and stated assumptions; they are not a measurement of this",
        "    person's pay.",
        "",
        f"**Worker**: {worker.country}, time zone `{worker.timezone}`"
        + (f", available {worker.availability.text}" if worker.availability is not None else "")
        + ".",
        "",
        "## One simulated week",
        "",
        "| figure | value |",
        "| --- | ---: |",
        f"| hours counted | {fig['total_time']:.1f} h |",
        f"| of which paid | {fig['paid_time']:.1f} h |",
        f"| unpaid share of time | {fig['unpaid_share']:.0%} |"
        if fig["unpaid_share"] is not None
        else "| unpaid share of time | n/a |",
        f"| net earnings | {_money(fig['net'], cur)} |",
        f"| paid-time hourly wage | {_money(fig['paid_hourly'], cur + '/h')} |",
        f"| **effective hourly wage** | **{_money(fig['effective_hourly'], cur + '/h')}** |",
        f"| task work at local night | {week.night_share:.0%} |",
    ]
    if ref_hourly is not None and fig["effective_hourly"] is not None:
        ref = float(ref_hourly.magnitude)
        lines += [
            f"| {html.escape(str(reference))} | {_money(ref, cur + '/h')} |",
            f"| effective / minimum wage | {fig['effective_hourly'] / ref:.0%} |",
        ]
        if note:
            lines.append(f"| exchange rate of that week | {html.escape(note)} |")
    lines.append("")
    if note and ref_hourly is None:
        lines += ['!!! info "No comparison with a minimum wage"', f"    {note}", ""]
    if pictures:
        lines += [
            f"![From the pay for task time to the effective wage]({name}-waterfall.svg)",
            "",
            f"![The week in local time, with when tasks are posted]({name}-week.svg)",
            "",
        ]
    lines += [
        '??? abstract "The full report"',
        "    ```text",
        *("    " + line for line in report.to_text().splitlines()),
        "    ```",
        "",
        f"## A population of {summary.workers:,} workers like this one",
        "",
        "Each worker's effective wage is computed first (a ratio of sums over their",
        "own week), then summarised.",
        "",
        "| figure | value |",
        "| --- | ---: |",
        f"| median effective hourly wage | {_money(summary.median_effective, cur + '/h')} |",
        f"| median paid-time hourly wage | {_money(summary.median_paid, cur + '/h')} |",
        f"| mean unpaid share of time | {summary.mean_unpaid_share:.0%} |",
    ]
    for p, q in zip(summary.probabilities, summary.quantiles, strict=True):
        lines.append(f"| effective wage, {p:.0%} quantile | {_money(q, cur + '/h')} |")
    if summary.share_below is not None:
        lines.append(f"| share of workers below the minimum wage | {summary.share_below:.0%} |")
    fit_lines, fit_pictures = _fit_section(name, scenario)
    lines += fit_lines
    pictures.update(fit_pictures)
    lines += ["", "## Sources and assumptions", ""]
    lines += [f"- `{field}`: {html.escape(str(text))}" for field, text in scenario.sources]
    lines += [
        "",
        "## Reproduce it",
        "",
        "```python",
        "from labourchain import cases",
        "from labourchain.simulate import simulate_week",
        "",
        f'week = simulate_week(None, cases.load("{name}"), seed={CASE_SEED})',
        "print(week.report)",
        "```",
        "",
        '??? abstract "The scenario file"',
        "    ```toml",
        *("    " + line for line in cases.text(name).splitlines()),
        "    ```",
        "",
    ]
    page = {
        "name": name,
        "title": f"{worker.name} ({worker.country})",
        "summary": scenario.description,
        "markdown": "\n".join(lines),
    }
    return page, pictures


_POPULATIONS: dict[str, Any] = {}


def _fitted_population(name: str, scenario: Any) -> Any:
    """The case's population with its fit's seed and workers (simulated once per build)."""
    if name not in _POPULATIONS:
        from labourchain.simulate import simulate_population

        fit = scenario.calibration
        _POPULATIONS[name] = simulate_population(scenario, fit.workers, seed=fit.seed)
    return _POPULATIONS[name]


def _fit_section(name: str, scenario: Any) -> tuple[list[str], dict[str, str]]:
    """The case's fit to published figures (its ``[calibration]``), re-simulated, and a picture."""
    fit = getattr(scenario, "calibration", None)
    if fit is None:
        return [], {}
    from labourchain.simulate import standard_error, statistic

    population = _fitted_population(name, scenario)
    lines = [
        "",
        "## Fit to the published figures",
        "",
        f"This case was fitted with `labourchain.simulate.calibrate` on {fit.date.isoformat()}:",
        f"{fit.method}; {fit.workers:,} simulated workers per evaluation, seed {fit.seed},",
        f"{fit.evaluations} evaluations ({fit.seconds:.0f} s). Simulated here again with the",
        "same seed and workers, when the site was built. *s.e.*: the Monte Carlo standard",
        "error of the simulated figure; *tolerance*: how far a fresh population of the",
        f"case's default size ({scenario.population or fit.workers:,} workers) may land from",
        "the published figure (the fit's residual plus four standard errors at that size),",
        "checked by `tests/test_cases.py`.",
        "",
        "| figure | published | simulated | s.e. | tolerance | source |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for t in fit.targets:
        value = statistic(population, t.statistic, t.at)
        se = standard_error(population, t.statistic, t.at)
        tol = "" if t.tolerance is None else f"±{t.tolerance:.4g}"
        lines.append(
            f"| `{t.label}` | {t.value:.4g} | {value:.4g} | {se:.2g} | {tol} | "
            f"{html.escape(t.source)} |"
        )
    lines += ["", "Fitted parameters: " + ", ".join(f"`{k}` = {v:.4g}" for k, v in fit.params)]
    if fit.note:
        lines += ["", fit.note]
    pictures: dict[str, str] = {}
    try:
        import matplotlib

        matplotlib.use("Agg")
        plot = importlib.import_module("labourchain.plot")
    except ImportError:
        return lines, pictures
    if hasattr(plot, "fit_distribution"):
        figure = plot.fit_distribution(
            population, fit, title=f"{name}: simulated wages and the published figures"
        )
        pictures[f"{name}-fit.svg"] = _svg(figure)
        lines += ["", f"![Simulated wage distributions and the published figures]({name}-fit.svg)"]
    return lines, pictures


def on_files(files: Any, config: Any) -> Any:
    """Generate the API pages of optional modules, and one page per case study."""
    from mkdocs.structure.files import File

    _add_api_pages(files, config)
    _CASES.clear()
    _POPULATIONS.clear()
    cases = _cases_module()
    if cases is None:
        log.info("labourchain.cases is not there: no case-study pages generated")
        return files
    for name in cases.names():
        page, pictures = _case_page(cases, name)
        files.append(File.generated(config, f"cases/{name}.md", content=page["markdown"]))
        for filename, svg in pictures.items():
            files.append(File.generated(config, f"cases/{filename}", content=svg))
        _CASES.append(page)
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


def _optional_modules() -> list[tuple[str, str, str, str]]:
    """(module, title, description, page) of each optional module this version has."""
    return [
        (name, title, about, f"api/{name.rsplit('.', 1)[-1]}.md")
        for name, title, about in OPTIONAL_MODULES
        if _module_exists(name)
    ]


def _section(nav: Any, title: str) -> list[Any] | None:
    """The list of entries of the nav section called ``title``, wherever it is."""
    if isinstance(nav, list):
        for item in nav:
            found = _section(item, title)
            if found is not None:
                return found
    elif isinstance(nav, dict):
        for key, value in nav.items():
            if key == title and isinstance(value, list):
                return value
            found = _section(value, title)
            if found is not None:
                return found
    return None


def _add_api_pages(files: Any, config: Any) -> None:
    """One generated API page per optional module, listed in the nav."""
    from mkdocs.structure.files import File

    entries = _section(config["nav"], API_SECTION)
    for name, title, _, page in _optional_modules():
        if files.get_file_from_path(page) is None:
            content = (
                f"# {title}\n\n::: {name}\n    options:\n      show_root_heading: false\n"
                "      heading_level: 2\n"
            )
            files.append(File.generated(config, page, content=content))
        if entries is not None and not any(page in _nav_files(e) for e in entries):
            entries.append({title: page})


def _api_rows() -> str:
    return "".join(
        f"| [{title}]({page.removeprefix('api/')}) | `{name}` | {about} |\n"
        for name, title, about, page in _optional_modules()
    )


FITS_MARKER = "<!-- fits-table -->"


def _fits_table() -> str:
    """Every fitted case's targets against the fitted scenario, from the stored fits."""
    cases = _cases_module()
    if cases is None:
        return ""
    from labourchain.simulate import standard_error, statistic

    rows = [
        "| case | figure | published | simulated | s.e. | distance |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for name in cases.names():
        scenario = cases.load(name)
        fit = getattr(scenario, "calibration", None)
        if fit is None:
            continue
        population = _fitted_population(name, scenario)
        for t in fit.targets:
            value = statistic(population, t.statistic, t.at)
            se = standard_error(population, t.statistic, t.at)
            rows.append(
                f"| [`{name}`](cases/{name}.md) | `{t.label}` | {t.value:.4g} | {value:.4g} | "
                f"{se:.2g} | {(value - t.value) / abs(t.value):+.1%} |"
            )
    rows += [
        "",
        "Simulated with each fit's seed and number of workers (on the case's page);",
        "*distance*: relative to the published figure.",
    ]
    return "\n".join(rows)


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """Fill the markers: optional modules in the API page, the list of case studies."""
    if FITS_MARKER in markdown:
        markdown = markdown.replace(FITS_MARKER, _fits_table())
    if API_MARKER in markdown:
        markdown = markdown.replace(API_MARKER + "\n", _api_rows())
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
