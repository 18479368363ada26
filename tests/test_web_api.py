"""The web application through the framework's test client: every endpoint, error path and limit.

Skipped only when the ``web`` extra (FastAPI, Jinja2, uvicorn, python-multipart,
Babel) is not installed; CI installs it through the ``test`` extra.
"""

from __future__ import annotations

import base64
import csv
import io
import json
import logging
import re
import subprocess
import tempfile
import zipfile
from collections.abc import Callable
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the web extra is not installed")
pytest.importorskip("babel", reason="the web extra is not installed")

from fastapi.testclient import TestClient

import labourchain as lc
from labourchain.errors import InvalidInputError
from labourchain.web import MIN_WORKERS_FLOOR, Limits, create_app
from labourchain.web import _compute as compute

EXAMPLE = resources.files("labourchain").joinpath("data/examples/remotasks-caracas-week.csv")
RunCli = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app())


@pytest.fixture(scope="module")
def example() -> bytes:
    return EXAMPLE.read_bytes()


def _log(
    *rows: str, header: str = "start,minutes,activity,reward,currency,client,task_id"
) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


def _decode(data_uri: str) -> str:
    head, _, payload = data_uri.partition(",")
    assert head.endswith(";base64")
    return base64.b64decode(payload).decode()


def _link(page: str, filename: str) -> str:
    match = re.search(r'href="(data:[^"]+)" download="' + re.escape(filename) + '"', page)
    assert match, f"no download link for {filename}"
    return _decode(match.group(1).replace("&#43;", "+"))


# ---------------------------------------------------------------------- /api/wage


def test_api_wage_is_the_cli_json(client: TestClient, run_cli: RunCli, example: bytes) -> None:
    cli = run_cli("wage", "--example", "--json", "--country", "KE")
    assert cli.returncode == 0, cli.stderr
    expected = json.loads(cli.stdout)
    r = client.post("/api/wage?country=KE", content=example, headers={"content-type": "text/csv"})
    assert r.status_code == 200
    got = r.json()
    assert got.pop("log") == "the uploaded log"
    expected.pop("log")
    assert got == expected
    assert got["schema"] == "labourchain.wage/1"


def test_api_wage_multipart_field_log_names_the_file(client: TestClient, example: bytes) -> None:
    r = client.post("/api/wage", files={"log": ("week.csv", example, "text/csv")})
    assert r.status_code == 200
    body = r.json()
    assert body["log"] == "week.csv"
    report = lc.wage_report(lc.WorkLog.from_csv(io.StringIO(example.decode(), newline="")))
    assert report.effective_hourly is not None
    assert body["effective_hourly"] == pytest.approx(report.effective_hourly.magnitude, rel=1e-9)


def test_api_wage_query_options(client: TestClient, example: bytes) -> None:
    r = client.post(
        "/api/wage?currency=eur&tz=America/Caracas&platform=mturk&policy=hara2018",
        content=example,
        headers={"content-type": "text/csv"},
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["currency"] == "EUR"
    assert body["policy"].startswith("Hara et al. 2018")
    assert any(f["role"] == "exchange_rate" for f in body["figures"])


def test_api_wage_living_wage(client: TestClient, example: bytes) -> None:
    r = client.post(
        "/api/wage?country=KE&reference_kind=living",
        content=example,
        headers={"content-type": "text/csv"},
    )
    assert r.status_code == 200
    assert r.json()["figures"][0]["kind"] == "living"


def test_api_wage_bad_log_has_the_cli_message(
    client: TestClient, run_cli: RunCli, tmp_path: Path
) -> None:
    bad = _log(
        "2024-03-04T09:00:00+03:00,30,search,,,,",
        "2024-03-04T09:30:00+03:00,ten,paid,1.5,USD,,t1",
    )
    (tmp_path / "bad.csv").write_bytes(bad)
    cli = run_cli("wage", "bad.csv", cwd=tmp_path)
    assert cli.returncode == 2
    r = client.post("/api/wage", files={"log": ("bad.csv", bad, "text/csv")})
    assert r.status_code == 422
    body = r.json()
    assert cli.stderr.strip() == f"labourchain: error: {body['error']}"
    assert (body["line"], body["column"], body["type"]) == (3, "minutes", "LogFormatError")
    assert "line 3" in body["error"]


FORMATS = Path(__file__).parent / "data" / "formats"


def test_api_wage_reads_every_format_the_cli_reads(client: TestClient, run_cli: RunCli) -> None:
    toggl = FORMATS / "toggl-nairobi.csv"
    cli = run_cli("wage", toggl, "--format", "toggl", "--tz", "Africa/Nairobi", "--json")
    assert cli.returncode == 0, cli.stderr
    expected = json.loads(cli.stdout)
    for query in ("format=toggl&tz=Africa/Nairobi", "tz=Africa/Nairobi"):  # named, or detected
        r = client.post(
            f"/api/wage?{query}", files={"log": ("toggl-nairobi.csv", toggl.read_bytes())}
        )
        assert r.status_code == 200, r.text
        got = r.json()
        assert got.pop("log") == "toggl-nairobi.csv"
        assert got == {k: v for k, v in expected.items() if k != "log"}
    r = client.post("/api/wage?format=toggl", files={"log": ("t.csv", toggl.read_bytes())})
    assert r.status_code == 422
    assert "time zone" in r.json()["error"]
    prolific = (FORMATS / "prolific_export_65f1c0ffee.csv").read_bytes()
    r = client.post("/api/wage?format=prolific", files={"log": ("p.csv", prolific)})
    assert r.status_code == 422
    assert "reward" in r.json()["error"]
    r = client.post("/api/wage?format=prolific&reward=2.50 GBP", files={"log": ("p.csv", prolific)})
    assert r.status_code == 200, r.text


@pytest.mark.parametrize(
    ("query", "status", "words"),
    [
        ("country=ZZ", 422, "ZZ"),
        ("currency=XYZ", 422, "XYZ"),
        ("tz=Mars/Olympus", 422, "unknown time zone 'Mars/Olympus'"),
        ("policy=generous", 422, "generous"),
        ("reference_kind=decent", 422, "decent"),
        ("platform=nowhere", 422, "nowhere"),
        ("format=klingon", 422, "klingon"),
    ],
)
def test_api_wage_bad_options(
    client: TestClient, example: bytes, query: str, status: int, words: str
) -> None:
    r = client.post(f"/api/wage?{query}", content=example, headers={"content-type": "text/csv"})
    assert r.status_code == status
    assert words in r.json()["error"]
    assert "Traceback" not in r.text


@pytest.mark.parametrize(
    ("body", "headers", "status"),
    [
        (b"", {"content-type": "text/csv"}, 400),
        (b"{}", {"content-type": "application/json"}, 415),
        (b"--x--\r\n", {"content-type": "multipart/form-data; boundary=x"}, 400),
        (b"junk", {"content-type": "multipart/form-data"}, 422),
        (b"\xff\xfe\x00bad", {"content-type": "text/csv"}, 422),
        (b"start,minutes\n", {"content-type": "text/csv"}, 422),
    ],
)
def test_api_wage_bad_requests(
    client: TestClient, body: bytes, headers: dict[str, str], status: int
) -> None:
    r = client.post("/api/wage", content=body, headers=headers)
    assert r.status_code == status, r.text
    assert r.json()["error"]
    assert r.json()["status"] == status


# ---------------------------------------------------------------------- limits


def test_upload_over_the_size_limit_is_413() -> None:
    small = TestClient(create_app(Limits(max_upload_bytes=1000)))
    r = small.post("/api/wage", content=b"x" * 1001, headers={"content-type": "text/csv"})
    assert r.status_code == 413
    assert "1,000 bytes" in r.json()["error"]
    # a page gets a page, with the same message
    page = small.post("/", files={"log": ("big.csv", b"x" * 2000, "text/csv")})
    assert page.status_code == 413
    assert "1,000 bytes" in page.text


def test_streamed_upload_over_the_size_limit_is_413() -> None:
    small = TestClient(create_app(Limits(max_upload_bytes=1000)))

    def chunks() -> Any:
        for _ in range(10):
            yield b"y" * 500

    r = small.post("/api/wage", content=chunks(), headers={"content-type": "text/csv"})
    assert r.status_code == 413


def test_rows_limit_is_413(example: bytes) -> None:
    limited = TestClient(create_app(Limits(max_rows=100)))
    r = limited.post("/api/wage", content=example, headers={"content-type": "text/csv"})
    assert r.status_code == 413
    assert "277 rows" in r.json()["error"]
    assert "100 rows" in r.json()["error"]
    ok = limited.post("/api/wage?currency=USD", content=_log("2024-03-04T09:00:00Z,30,search,,,,"))
    assert ok.status_code == 200


def test_processing_time_limit(example: bytes) -> None:
    # about 14,000 rows: far longer to read than the limit of 10 ms
    long_log = example + example.split(b"\n", 1)[1] * 50
    hurried = TestClient(create_app(Limits(max_seconds=0.01)))
    r = hurried.post("/api/wage", content=long_log, headers={"content-type": "text/csv"})
    assert r.status_code == 503
    assert "0.01 s" in r.json()["error"]


@pytest.mark.parametrize(
    "kwargs",
    [{"max_upload_bytes": 0}, {"max_rows": 0}, {"max_seconds": 0}, {"min_workers": 2}],
)
def test_limits_are_checked(kwargs: dict[str, Any]) -> None:
    with pytest.raises(lc.errors.InvalidInputError):
        Limits(**kwargs)


def test_bad_content_length_is_400(client: TestClient) -> None:
    r = client.post("/api/wage", content=b"a", headers={"content-length": "many"})
    assert r.status_code == 400


# ---------------------------------------------------------------------- /api/rate


def _worker_log(reward: float, client_name: str = "Acme") -> bytes:
    return _log(
        f"2024-03-04T09:00:00Z,30,paid,{reward},USD,{client_name},t1",
        "2024-03-04T09:30:00Z,30,search,,,,",
    )


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_api_rate_many_files(client: TestClient) -> None:
    files = [("logs", (f"w{i}.csv", _worker_log(1.0 + i), "text/csv")) for i in range(5)]
    r = client.post("/api/rate", files=files)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["method"]["min_workers"] == 5
    (acme,) = body["clients"]
    logs = [lc.WorkLog.from_csv(io.StringIO(_worker_log(1.0 + i).decode())) for i in range(5)]
    expected = lc.pool({str(i): log for i, log in enumerate(logs)}).rate_clients(min_workers=5)
    assert acme["median_hourly"] == pytest.approx(expected["Acme"].median_hourly.magnitude)
    assert "w0.csv" not in r.text


def test_api_rate_zip_and_min_workers(client: TestClient) -> None:
    archive = _zip({f"logs/w{i}.csv": _worker_log(2.0) for i in range(4)})
    r = client.post("/api/rate", files={"logs": ("logs.zip", archive, "application/zip")})
    assert r.status_code == 200
    assert r.json()["clients"] == []  # 4 workers: under the default of 5
    assert r.json()["suppressed"] == 1
    r = client.post(
        "/api/rate?min_workers=3", files={"logs": ("logs.zip", archive, "application/zip")}
    )
    assert [c["client"] for c in r.json()["clients"]] == ["Acme"]


def test_api_rate_never_below_three(client: TestClient) -> None:
    files = {"logs": ("w.csv", _worker_log(1.0), "text/csv")}
    r = client.post(f"/api/rate?min_workers={MIN_WORKERS_FLOOR - 1}", files=files)
    assert r.status_code == 422
    assert "at least 3" in r.json()["error"]


def test_api_rate_errors(client: TestClient) -> None:
    assert client.post("/api/rate", files={"other": ("x.csv", b"a", "text/csv")}).status_code == 400
    bad = client.post("/api/rate", files={"logs": ("w.csv", b"start,minutes\n1,2\n", "text/csv")})
    assert bad.status_code == 422
    assert "w.csv" in bad.json()["error"]


def test_zip_with_path_outside_its_folder_is_refused(client: TestClient) -> None:
    for name in ("../evil.csv", "/etc/evil.csv", "a/../../evil.csv", "C:/evil.csv"):
        archive = _zip({"ok.csv": _worker_log(1.0), name: _worker_log(1.0)})
        r = client.post("/api/rate", files={"logs": ("logs.zip", archive, "application/zip")})
        assert r.status_code == 422, name
        assert "outside its folder" in r.json()["error"]


def test_zip_bomb_is_refused(client: TestClient) -> None:
    bomb = _zip({"bomb.csv": b"0" * 30_000_000})  # 30 MB of zeros in about 30 kB
    assert len(bomb) < 100_000
    r = client.post("/api/rate", files={"logs": ("bomb.zip", bomb, "application/zip")})
    assert r.status_code == 413
    assert "zip bomb" in r.json()["error"]
    # unpacking to more than five times the upload limit is refused, whatever the ratio
    small = TestClient(create_app(Limits(max_upload_bytes=2000)))
    text = "".join(f"2024-03-04T09:{i % 60:02d}:00Z,{i},search\n" for i in range(400)).encode()
    archive = _zip({"a.csv": text})
    assert len(archive) < 2000 < 10_000 < len(text)
    r = small.post("/api/rate", files={"logs": ("a.zip", archive, "application/zip")})
    assert r.status_code == 413
    assert "10,000 bytes" in r.json()["error"]


def test_not_a_zip(client: TestClient) -> None:
    r = client.post("/api/rate", files={"logs": ("x.zip", b"PK\x03\x04broken", "application/zip")})
    assert r.status_code == 422
    assert "not a zip" in r.json()["error"]


# ---------------------------------------------------------------------- /api/budget


def test_api_budget_is_budget_json(client: TestClient, run_cli: RunCli) -> None:
    cli = run_cli(
        "budget",
        "--median-time",
        "5min",
        "--floor",
        "15 USD/hour",
        "--platform",
        "mturk",
        "--assignments",
        "100",
        "--json",
    )
    assert cli.returncode == 0, cli.stderr
    r = client.post(
        "/api/budget",
        json={
            "median_time": "5min",
            "floor": "15 USD/hour",
            "platform": "mturk",
            "assignments": 100,
        },
    )
    assert r.status_code == 200
    assert r.json() == json.loads(cli.stdout)


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({"median_time": "five", "floor": "15 USD/hour"}, "not a time"),
        ({"median_time": "5min", "floor": "lots"}, "not an hourly wage"),
        ({"median_time": "5min", "floor": "15 USD/hour", "platform": "x"}, "x"),
        ({"median_time": "5min", "floor": "15 USD/hour", "assignments": 0}, "assignments"),
        ({"floor": "15 USD/hour"}, "median_time"),
    ],
)
def test_api_budget_errors(client: TestClient, body: dict[str, Any], words: str) -> None:
    r = client.post("/api/budget", json=body)
    assert r.status_code == 422
    assert words in r.json()["error"]


def test_api_budget_not_json(client: TestClient) -> None:
    r = client.post("/api/budget", content=b"{", headers={"content-type": "application/json"})
    assert r.status_code == 422
    assert r.json()["error"]


# ---------------------------------------------------------------------- /api/reference


def test_api_reference_is_reference_json(client: TestClient, run_cli: RunCli) -> None:
    cli = run_cli("reference", "KE", "--on", "2025-01-01", "--json")
    r = client.get("/api/reference/ke?on=2025-01-01")
    assert r.status_code == 200
    assert r.json() == json.loads(cli.stdout)


def test_api_reference_errors(client: TestClient) -> None:
    assert client.get("/api/reference/ZZ").status_code == 404
    assert client.get("/api/reference/KE?kind=decent").status_code == 422
    assert client.get("/api/reference/KE?on=yesterday").status_code == 422
    assert client.get("/api/reference/KE?on=1990-01-01").status_code == 422  # before the data
    living = client.get("/api/reference/KE?kind=living&on=2025-01-01")
    assert living.status_code == 200
    assert living.json()["kind"] == "living"


def test_openapi_is_served_without_cdn_pages(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert set(spec["paths"]) == {
        "/api/wage",
        "/api/rate",
        "/api/budget",
        "/api/reference/{country}",
    }
    wage = spec["paths"]["/api/wage"]["post"]
    assert {"text/csv", "multipart/form-data"} <= set(wage["requestBody"]["content"])
    assert {p["name"] for p in wage["parameters"]} >= {"format", "country", "currency", "tz"}
    assert client.get("/docs").status_code == 404  # Swagger UI would load scripts from a CDN
    assert client.get("/nowhere").json()["status"] == 404


# ---------------------------------------------------------------------- pages


def test_pages_and_security_headers(client: TestClient) -> None:
    for path in ("/", "/organisation", "/requester"):
        r = client.get(path)
        assert r.status_code == 200
        assert r.headers["x-content-type-options"] == "nosniff"
        csp = r.headers["content-security-policy"]
        assert "default-src 'none'" in csp
        assert "unsafe-inline" not in csp
        assert "<script" not in r.text
        # nothing loaded from elsewhere: no fonts, scripts or stylesheets from a CDN
        assert not re.search(r'(src|href)="(https?:)?//', r.text)
    css = client.get("/static/app.css")
    assert css.headers["content-type"].startswith("text/css")
    assert "url(" not in css.text
    assert "@import" not in css.text


def test_worker_page_shows_the_library_figures(client: TestClient, example: bytes) -> None:
    r = client.post("/", files={"log": ("week.csv", example, "text/csv")}, data={"country": "KE"})
    assert r.status_code == 200
    log = lc.WorkLog.from_csv(io.StringIO(example.decode(), newline=""))
    ref = lc.reference.resolve_reference("KE", log)
    rates = lc.reference.exchange_rates(on=log.period[0].date())
    report = lc.wage_report(log, reference=ref, rates=rates)
    assert report.effective_hourly is not None
    assert report.paid_hourly is not None
    shown = re.search(r'id="effective-wage"[^>]*>([^<]+)<', r.text)
    assert shown
    assert shown.group(1) == f"{report.effective_hourly.magnitude:,.2f}"
    assert f"{report.paid_hourly.magnitude:,.2f} USD" in r.text
    assert ref.citation.source.split(",")[0] in r.text  # the minimum wage with its source
    assert "Living wage" in r.text  # Kenya has a living-wage figure too
    assert r.text.count("<svg") == 2  # waterfall and timeline, inline
    assert "style=" not in r.text  # the strict CSP would block inline styles
    assert len(r.content) + len(client.get("/static/app.css").content) < 300_000
    assert "hours looking for tasks" in r.text  # unpaid time in plain words
    # the three downloads
    assert _link(r.text, "labourchain-report.md").startswith("# Effective hourly wage")
    assert "<!DOCTYPE html>" in _link(r.text, "labourchain-report.html")
    data = json.loads(_link(r.text, "labourchain-report.json"))
    assert data["schema"] == "labourchain.wage/1"
    assert data["log"] == "week.csv"


def test_worker_page_example_button(client: TestClient) -> None:
    r = client.post("/", data={"example": "1"})
    assert r.status_code == 200
    assert 'id="effective-wage"' in r.text
    assert "illustrative, not a real worker&#39;s" in r.text  # labelled as the CLI labels it


def test_worker_page_errors(client: TestClient) -> None:
    r = client.post("/", data={"country": "KE"})
    assert r.status_code == 400
    assert "choose a log file" in r.text
    bad = _log("2024-03-04T09:00:00+03:00,-5,search,,,,")
    r = client.post("/", files={"log": ("bad.csv", bad, "text/csv")})
    assert r.status_code == 422
    assert "line 2" in r.text
    assert "Look at line 2 of the file" in r.text


def test_hostile_labels_are_shown_as_text(client: TestClient) -> None:
    evil = "<script>alert(1)</script>"
    log = _log(
        f'2024-03-04T09:00:00Z,30,paid,1.5,USD,"{evil}","<img src=x onerror=alert(1)>"',
        "2024-03-04T09:30:00Z,30,search,,,,",
    )
    r = client.post("/", files={"log": ("<b onmouseover=alert(1)>.csv", log, "text/csv")})
    assert r.status_code == 200
    assert "<script>alert" not in r.text
    assert "<img src=x" not in r.text
    assert "<b " not in r.text
    assert "&lt;b onmouseover=alert(1)&gt;.csv" in r.text
    # an error message quoting the bad value is escaped too
    bad = _log(f"2024-03-04T09:00:00Z,30,{evil},,,,")
    r = client.post("/", files={"log": ("bad.csv", bad, "text/csv")})
    assert r.status_code == 422
    assert "<script>alert" not in r.text
    # ratings from logs whose client is HTML
    files = [("logs", (f"w{i}.csv", _worker_log(1.0, evil), "text/csv")) for i in range(5)]
    r = client.post("/organisation", files=files)
    assert r.status_code == 200
    assert "<script>alert" not in r.text
    assert "&lt;script&gt;" in r.text


def test_organisation_page(client: TestClient) -> None:
    archive = _zip({f"w{i}.csv": _worker_log(1.0 + i) for i in range(5)})
    r = client.post("/organisation", files={"logs": ("logs.zip", archive, "application/zip")})
    assert r.status_code == 200
    assert "Acme" in r.text
    assert "w0.csv" not in r.text
    table = list(csv.DictReader(io.StringIO(_link(r.text, "labourchain-ratings.csv"))))
    assert [row["client"] for row in table] == ["Acme"]
    assert table[0]["workers"] == "5"
    assert json.loads(_link(r.text, "labourchain-ratings.json"))["clients"][0]["workers"] == 5
    r = client.post(
        "/organisation",
        files={"logs": ("logs.zip", archive, "application/zip")},
        data={"min_workers": "2"},
    )
    assert r.status_code == 422
    assert "at least 3" in r.text
    assert client.post("/organisation", data={"min_workers": "5"}).status_code == 400


def test_requester_page_budget(client: TestClient) -> None:
    r = client.post(
        "/requester",
        data={
            "action": "budget",
            "median_time": "5min",
            "floor": "15 USD/hour",
            "platform": "mturk",
            "assignments": "100",
        },
    )
    assert r.status_code == 200
    plan = lc.fair_reward(
        lc.Q_(5, "minute"),
        lc.money(15, "USD") / lc.Q_(1, "hour"),
        platform=lc.platforms.get("mturk"),
    )
    cost = lc.batch_cost(plan.reward, assignments=100, platform=lc.platforms.get("mturk"))
    assert re.search(r'id="fair-reward">' + re.escape(f"{plan.reward.magnitude:.2f}"), r.text)
    assert f"{cost.total.magnitude:,.2f} USD" in r.text
    r = client.post("/requester", data={"action": "budget", "median_time": "x", "floor": "1"})
    assert r.status_code == 422


BATCH = (
    "HITId,Title,Reward,AssignmentId,WorkerId,AssignmentStatus,AcceptTime,SubmitTime,"
    "WorkTimeInSeconds\n"
    "H1,Label,$0.50,A1,W1,Approved,2024-03-04T09:00:00Z,2024-03-04T09:04:00Z,240\n"
    "H1,Label,$0.50,A2,W2,Approved,2024-03-04T09:00:00Z,2024-03-04T09:05:00Z,300\n"
    "H2,Label,$0.50,A3,W3,Approved,2024-03-04T09:00:00Z,2024-03-04T09:09:00Z,540\n"
    "H2,Label,$0.50,A4,W1,Rejected,2024-03-04T09:10:00Z,2024-03-04T09:10:30Z,30\n"
)


PROLIFIC_JPY = "Submission id,Participant id,Status,Started at,Completed at,Time taken\n" + "".join(
    f"s{i},p{i},APPROVED,2024-07-01T10:00:00Z,2024-07-01T10:{20 + i}:00Z,{1200 + 60 * i}\n"
    for i in range(3)
)


def test_top_up_costs_are_rounded_to_the_currencys_minor_unit(
    run_cli: RunCli, tmp_path: Path
) -> None:
    # Yen have no minor unit: the web's costs are whole yen, as `labourchain top-up --json`'s.
    (tmp_path / "study.csv").write_text(PROLIFIC_JPY, encoding="utf-8")
    cli = run_cli(
        "top-up", "study.csv", "--floor", "2000 JPY/hour", "--reward", "333 JPY", "--json",
        cwd=tmp_path,
    )  # fmt: skip
    assert cli.returncode == 0, cli.stderr
    expected = json.loads(cli.stdout)
    payload, _ = compute.top_up_from_batch(
        PROLIFIC_JPY.encode(), "study.csv", floor="2000 JPY/hour", reward="333 JPY"
    )
    for key in ("rewards_cost", "bonuses_cost", "batch_cost"):
        assert payload[key] == expected[key], key
        assert float(payload[key]).is_integer(), (key, payload[key])
    assert payload["rewards_cost"] > 999  # 3 x 333 yen and the platform's fee


def test_requester_page_top_up_is_the_cli_top_up(
    client: TestClient, run_cli: RunCli, tmp_path: Path
) -> None:
    (tmp_path / "batch.csv").write_text(BATCH, encoding="utf-8")
    cli = run_cli("top-up", "batch.csv", "--floor", "15 USD/hour", "--json", cwd=tmp_path)
    assert cli.returncode == 0, cli.stderr
    expected = json.loads(cli.stdout)
    r = client.post(
        "/requester",
        files={"batch": ("batch.csv", BATCH.encode(), "text/csv")},
        data={"action": "top-up", "floor": "15 USD/hour", "method": "fairwork"},
    )
    assert r.status_code == 200, r.text
    shown = re.search(r'id="top-up-total">([^<]+)<', r.text)
    assert shown
    assert shown.group(1) == f"{expected['total']:,.2f}"
    assert expected["total"] > 0
    bonus_file = _link(r.text, "labourchain-bonuses.csv")
    assert bonus_file == (tmp_path / "batch-bonuses.csv").read_text(encoding="utf-8")
    assert bonus_file.splitlines()[0] == "WorkerId,AssignmentId,BonusAmount,Reason"


def test_requester_page_top_up_errors(client: TestClient) -> None:
    bad = BATCH.replace("A2,W2,Approved", "A2,W2,Lost")
    r = client.post(
        "/requester",
        files={"batch": ("batch.csv", bad.encode(), "text/csv")},
        data={"action": "top-up", "floor": "15 USD/hour"},
    )
    assert r.status_code == 422
    assert "line 3" in r.text
    log = _log("2024-03-04T09:00:00Z,30,search,,,,")
    r = client.post(
        "/requester",
        files={"batch": ("log.csv", log, "text/csv")},
        data={"action": "top-up", "floor": "15 USD/hour"},
    )
    assert r.status_code == 422
    assert "MTurk batch results file" in r.text
    r = client.post(
        "/requester",
        files={"batch": ("batch.csv", BATCH.encode(), "text/csv")},
        data={"action": "top-up", "floor": "15 USD/hour", "method": "generous"},
    )
    assert r.status_code == 422
    missing = client.post("/requester", data={"action": "top-up"})
    assert missing.status_code == 400


def test_api_rate_reads_a_batch_file_per_worker(client: TestClient) -> None:
    r = client.post(
        "/api/rate?min_workers=3", files={"logs": ("batch.csv", BATCH.encode(), "text/csv")}
    )
    assert r.status_code == 200, r.text
    assert r.json()["workers"] == 3  # one batch file, three workers


# ---------------------------------------------------------------------- languages


def test_language_from_accept_language_and_switch(client: TestClient, example: bytes) -> None:
    es = client.get("/", headers={"accept-language": "es-VE,es;q=0.9,en;q=0.5"})
    assert "Tu salario real por hora" in es.text
    assert es.headers["content-language"] == "es"
    fr = client.get("/?lang=fr", headers={"accept-language": "es"})
    assert "Votre vrai salaire horaire" in fr.text
    assert '<html lang="fr">' in fr.text
    de = client.get("/", headers={"accept-language": "de, *;q=0.1"})
    assert '<html lang="en">' in de.text
    r = client.post("/", files={"log": ("w.csv", example, "text/csv")}, data={"lang": "es"})
    assert "Tu salario efectivo por hora" in r.text
    report = lc.wage_report(lc.WorkLog.from_csv(io.StringIO(example.decode(), newline="")))
    assert report.effective_hourly is not None
    # numbers written the Spanish way: a decimal comma
    assert f"{report.effective_hourly.magnitude:.2f}".replace(".", ",") in r.text
    assert "4 de marzo de 2024" in r.text


def test_catalogs_are_complete_and_compiled() -> None:
    from babel.messages.mofile import read_mo
    from babel.messages.pofile import read_po

    root = resources.files("labourchain.web").joinpath("locale")
    with root.joinpath("labourchain-web.pot").open("rb") as handle:
        template = {m.id for m in read_po(handle) if m.id}
    for language in ("es", "fr"):
        folder = root.joinpath(language, "LC_MESSAGES")
        with folder.joinpath("labourchain-web.po").open("rb") as handle:
            po = {m.id: m.string for m in read_po(handle) if m.id}
        with folder.joinpath("labourchain-web.mo").open("rb") as handle:
            mo = {m.id: m.string for m in read_mo(handle) if m.id}
        assert set(po) == template, language
        assert all(po.values()), f"{language}: untranslated messages"
        assert mo == po, f"{language}: the .mo is older than the .po (pybabel compile)"


# ---------------------------------------------------------------------- privacy


def test_log_keeps_method_path_status_duration_only(
    client: TestClient, example: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="labourchain.web")
    client.post("/api/wage?country=KE", files={"log": ("maria.csv", example, "text/csv")})
    lines = [r.getMessage() for r in caplog.records if r.name == "labourchain.web"]
    assert len(lines) == 1
    assert re.fullmatch(r"POST /api/wage 200 \d+\.\dms", lines[0])


def test_uploads_never_touch_the_disk(
    client: TestClient, example: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("an upload was written to a temporary file")

    for name in ("SpooledTemporaryFile", "TemporaryFile", "NamedTemporaryFile", "mkstemp"):
        monkeypatch.setattr(tempfile, name, refuse)
    big = example + example.split(b"\n", 1)[1] * 60  # about 1.5 MB: Starlette would spool it
    assert len(big) > 1_100_000
    r = client.post("/api/wage", files={"log": ("big.csv", big, "text/csv")})
    assert r.status_code == 200


def test_today_is_used_without_a_date(client: TestClient) -> None:
    r = client.get("/api/reference/KE")
    assert r.json()["on"] == date.today().isoformat()


def test_serve_command_line(run_cli: RunCli) -> None:
    help_text = run_cli("serve", "--help")
    assert help_text.returncode == 0
    for option in ("--host", "--port", "--max-upload-mb", "--max-rows", "--max-seconds"):
        assert option in help_text.stdout
    assert "127.0.0.1" in help_text.stdout
    too_few = run_cli("serve", "--min-workers", "2")
    assert too_few.returncode == 2
    assert "--min-workers" in too_few.stderr


def test_app_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from labourchain.web import LIMITS_VARIABLE, app_from_environment

    monkeypatch.delenv(LIMITS_VARIABLE, raising=False)
    assert app_from_environment().state.limits == Limits()
    monkeypatch.setenv(LIMITS_VARIABLE, '{"max_upload_bytes": 1000, "min_workers": 7}')
    app = app_from_environment()
    assert app.state.limits == Limits(max_upload_bytes=1000, min_workers=7)
    r = TestClient(app).post("/api/wage", content=b"x" * 2000)
    assert r.status_code == 413
    for bad in ("{", '{"max_bytes": 1}', "[1]", '{"min_workers": 1}'):
        monkeypatch.setenv(LIMITS_VARIABLE, bad)
        with pytest.raises(lc.errors.InvalidInputError):
            app_from_environment()


# ---------------------------------------------------------------------- forms' values


@pytest.mark.parametrize(
    ("text", "hourly"),
    [("15 USD", 15.0), ("15 usd/hour", 15.0), ("2.50 USD/hour", 2.5), ("0 USD/h", 0.0)],
)
def test_the_web_forms_read_what_they_documented(text: str, hourly: float) -> None:
    # web/compute.parse_hourly: "'2.50 USD/hour' (or '15 USD', taken per hour)", any case
    assert compute.parse_hourly(text, "floor") == lc.Q_(hourly, "USD/hour")


def test_the_web_forms_read_times_without_a_cap() -> None:
    assert compute.parse_time("90 s", "median_time") == lc.Q_(1.5, "minute")
    assert compute.parse_time("200 HOURS", "median_time") == lc.Q_(12000.0, "minute")
    with pytest.raises(InvalidInputError, match="'five' in median_time is not a time"):
        compute.parse_time("five", "median_time")
