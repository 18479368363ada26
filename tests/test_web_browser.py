"""The web pages in a real browser: Debian's headless Chromium driven by Playwright.

Opens the worker's page, uploads the bundled example log, reads the effective
wage and checks it against the library; switches to Spanish; uploads a bad
log and reads the line-and-column message; saves screenshots of the three
pages at phone and desktop widths into docs/screenshots/ (linked from
docs/web.md). Skipped only when the ``web`` extra is not installed; CI
installs it and Chromium (``.ci/run``).
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the web extra is not installed")
pytest.importorskip("uvicorn", reason="the web extra is not installed")
playwright_sync = pytest.importorskip(
    "playwright.sync_api", reason="the web extra is not installed"
)

import uvicorn  # noqa: E402

import labourchain as lc  # noqa: E402
from labourchain.web import create_app  # noqa: E402

CHROMIUM = os.environ.get("LABOURCHAIN_CHROMIUM", "/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SHOTS = Path(
    os.environ.get("LABOURCHAIN_SCREENSHOTS", Path(__file__).parents[1] / "docs" / "screenshots")
)
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    port = _free_port()
    config = uvicorn.Config(
        create_app(), host="127.0.0.1", port=port, log_level="warning", access_log=False
    )
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if time.monotonic() > deadline:  # pragma: no cover
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists() and shutil.which("chromium") is None:
        pytest.fail(f"no Chromium at {CHROMIUM}: apt-get install chromium (.ci/run does)")
    with playwright_sync.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield b
        b.close()


@pytest.fixture
def example_path(tmp_path: Path) -> Path:
    data = resources.files("labourchain").joinpath("data/examples/remotasks-caracas-week.csv")
    path = tmp_path / "remotasks-caracas-week.csv"
    path.write_bytes(data.read_bytes())
    return path


def _figure(text: str) -> float:
    return float(text.strip().replace(",", ""))


def test_worker_page_example_log_spanish_and_bad_log(
    server: str, browser: Any, example_path: Path, tmp_path: Path
) -> None:
    expected = lc.wage_report(lc.WorkLog.from_csv(example_path)).effective_hourly
    assert expected is not None
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport=DESKTOP, extra_http_headers={"Accept-Language": "en"})
    page.goto(server + "/")
    assert page.locator("h1").inner_text() == "Your real hourly wage"
    page.set_input_files("#log", str(example_path))
    page.click("#submit")
    page.wait_for_selector("#effective-wage")
    shown = _figure(page.inner_text("#effective-wage"))
    assert shown == pytest.approx(round(expected.magnitude, 2), abs=0.005)
    assert page.locator("#result svg").count() == 2  # waterfall and week timeline, inline
    page.screenshot(path=str(SHOTS / "worker-desktop.png"), full_page=True)
    page.set_viewport_size(PHONE)
    page.screenshot(path=str(SHOTS / "worker-phone.png"), full_page=True)
    # the page fits a 360 px phone: nothing wider than the screen
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]

    # Spanish, from the switch on the page
    page.click("a[hreflang=es]")
    assert page.locator("h1").inner_text() == "Tu salario real por hora"
    assert page.get_attribute("html", "lang") == "es"
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "start,minutes,activity\n2024-03-04T09:00:00+03:00,30,search\n"
        "2024-03-04T09:30:00+03:00,ten,paid\n",
        encoding="utf-8",
    )
    page.set_input_files("#log", str(bad))
    page.click("#submit")
    page.wait_for_selector("#error")
    message = page.inner_text("#error-message")
    assert "line 3" in message
    assert "'minutes'" in message
    assert "No ha funcionado" in page.inner_text("#error")
    page.set_viewport_size(PHONE)
    page.screenshot(path=str(SHOTS / "worker-error-phone-es.png"), full_page=True)
    page.close()


def _worker_logs(folder: Path) -> list[str]:
    """Six workers' logs of two clients, as an organisation would collect them."""
    paths = []
    for i in range(6):
        path = folder / f"worker-{i}.csv"
        path.write_text(
            "start,minutes,activity,reward,currency,client\n"
            f"2024-03-04T09:00:00Z,{20 + 5 * i},search,,,\n"
            f"2024-03-04T10:00:00Z,30,paid,{1.0 + 0.25 * i},USD,Acme Labelling\n"
            f"2024-03-04T11:00:00Z,45,paid,{3.0 - 0.2 * i},USD,Borealis AI\n"
            f"2024-03-04T12:00:00Z,15,rejected,0.80,USD,Borealis AI\n",
            encoding="utf-8",
        )
        paths.append(str(path))
    return paths


@pytest.mark.parametrize("name", ["organisation", "requester"])
def test_other_pages_screenshots(server: str, browser: Any, name: str, tmp_path: Path) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    logs = _worker_logs(tmp_path)
    for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page = browser.new_page(viewport=size)
        page.goto(f"{server}/{name}?lang=en")
        if name == "organisation":
            page.set_input_files("#logs", logs)
            page.click("form.card button")
            page.wait_for_selector("#ratings")
            assert page.locator("#ratings tr").count() == 3  # a header and two clients
            assert "worker-0" not in page.content()
        if name == "requester":
            page.click("form.card button")  # the fair reward with the form's defaults
            page.wait_for_selector("#fair-reward")
            assert _figure(page.inner_text("#fair-reward")) > 0
        assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
        page.screenshot(path=str(SHOTS / f"{name}-{label}.png"), full_page=True)
        page.close()
