"""Markdown and HTML reports for publication."""

from __future__ import annotations

import html.parser
from datetime import date

import pytest

import labourchain as lc
from labourchain import render as pub
from labourchain.reference import exchange_rates, reference_wage

EVIL = '<script>alert("x")</script> | **bold** [link](http://evil.example) & co'


@pytest.fixture
def report() -> lc.WageReport:
    log = lc.WorkLog.from_records(
        [
            {"start": "2025-01-06T20:00:00+03:00", "minutes": 30, "activity": "search"},
            {
                "start": "2025-01-06T20:30:00+03:00",
                "minutes": 90,
                "activity": "paid",
                "reward": 3.0,
                "currency": "USD",
            },
            {
                "start": "2025-01-06T22:00:00+03:00",
                "minutes": 60,
                "activity": "rejected",
                "reward": 2.0,
                "currency": "USD",
            },
        ]
    )
    wage = reference_wage("KE", on=date(2025, 1, 6))
    return lc.wage_report(log, reference=wage, rates=exchange_rates(on=date(2025, 1, 6)))


def test_markdown_has_figures_method_and_sources(report: lc.WageReport) -> None:
    text = pub.to_markdown(report, log_label="my-log.csv", generated=date(2026, 1, 1))
    assert text.startswith("# Effective hourly wage: 1.00 USD an hour\n")
    assert "| Effective hourly wage (all time) | 1.00 USD an hour |" in text
    assert "| Hourly wage, paid time only | 2.00 USD an hour |" in text
    assert "## Method" in text
    assert "ratio of sums" in text
    assert "## Sources" in text
    assert "Legal Notice No. 163 of 2024" in text
    assert "PA.NUS.FCRF" in text
    assert "minimum wage, Nairobi, Mombasa and Kisumu, Kenya, from 2024-11-01" in text
    assert "on 2026-01-01" in text
    # every table row has the same number of cells as its header
    for line in text.splitlines():
        if line.startswith("| activity"):
            assert line.count("|") == 4


def test_markdown_escapes_outside_text(report: lc.WageReport) -> None:
    text = pub.to_markdown(report, log_label=EVIL, title=EVIL, sources=[EVIL])
    assert "<script>" not in text
    assert "**bold**" not in text
    assert "[link](" not in text
    assert r"\<script\>" in text
    assert r"\|" in text


class _Collector(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.hrefs += [v or "" for k, v in attrs if k == "href"]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_is_escaped_and_well_formed(report: lc.WageReport) -> None:
    page = pub.to_html(report, log_label=EVIL, sources=[EVIL])
    assert page.startswith("<!DOCTYPE html>")
    assert "<script>" not in page
    parser = _Collector()
    parser.feed(page)
    assert "script" not in parser.tags
    assert EVIL.split("|")[0].strip() in " ".join(parser.text)  # shown as text
    assert any(h.startswith("https://www.tuko.co.ke/") for h in parser.hrefs)
    assert all(h.startswith("http") for h in parser.hrefs)


def test_html_fragment(report: lc.WageReport) -> None:
    fragment = pub.to_html(report, standalone=False)
    assert fragment.startswith('<section class="labourchain-report">')
    assert "<style>" not in fragment
    assert "<td>1.00 USD an hour</td>" in fragment


def test_empty_log() -> None:
    empty = lc.wage_report(lc.WorkLog.empty(), currency="USD")
    assert "no hourly wage" in pub.to_markdown(empty)
    assert "No outside figures were used." in pub.to_html(empty)


def test_a_log_is_reported_with_the_defaults() -> None:
    log = lc.WorkLog.from_records(
        [
            {
                "start": "2025-01-06T20:30:00+03:00",
                "minutes": 60,
                "activity": "paid",
                "reward": 3.0,
                "currency": "USD",
            }
        ]
    )
    assert pub.to_markdown(log) == pub.to_markdown(lc.wage_report(log))
    assert pub.to_html(log, standalone=False) == pub.to_html(lc.wage_report(log), standalone=False)


@pytest.mark.parametrize("name", ["method_paragraph", "to_html", "to_markdown"])
def test_the_old_module_forwards_with_a_warning(name: str) -> None:
    import labourchain.report as old  # importing the old module is silent

    with pytest.warns(DeprecationWarning, match=rf"labourchain\.report\.{name} is deprecated"):
        moved = getattr(old, name)
    assert moved is getattr(pub, name)
    assert name in dir(old)
    with pytest.raises(AttributeError, match="no attribute '_md'"):
        _ = old._md  # the private helpers did not stay behind
