"""Load on the web API: the example log posted 1,000 times by 8 concurrent clients.

A server is started in a fresh process (``labourchain serve``, as a user would
run it), on 127.0.0.1; 8 client threads, each on its own keep-alive
connection, post the bundled example log (one week, 277 rows) to
``POST /api/wage`` until 1,000 requests are answered. Reported in
``extra_info`` and printed: requests per second, the median and 99th
percentile latency, and the server's CPU time beside the wall time. The
baseline, in the same run and the same way, is ``GET /api/reference/KE``
(the HTTP stack and the framework with a small computation). Target for the
wage: p99 under 200 ms on a 2-core machine.

    pytest benchmarks/test_bench_web.py -s -p no:cacheprovider
"""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from importlib import resources
from typing import Any

import numpy as np
import pytest

pytest.importorskip("fastapi", reason="the web extra is not installed")
pytest.importorskip("uvicorn", reason="the web extra is not installed")

REQUESTS = 1_000
CLIENTS = 8
EXAMPLE = resources.files("labourchain").joinpath("data/examples/remotasks-caracas-week.csv")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and its children so far (Linux /proc)."""
    with open(f"/proc/{pid}/stat") as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    own = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    children = 0.0
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                children += sum(_cpu_seconds(int(c)) for c in handle.read().split())
        except OSError:
            pass
    return own + children


def _start(*options: str) -> tuple[subprocess.Popen[bytes], int]:
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "labourchain", "serve", "--port", str(port), *options],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 90
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            if time.monotonic() > deadline:
                proc.kill()
                raise RuntimeError("the server did not start") from None
            time.sleep(0.1)
    return proc, port


def _stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    proc.wait(timeout=30)


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[int, int]]:
    proc, port = _start()
    yield port, proc.pid
    _stop(proc)


@pytest.fixture(scope="module")
def two_workers() -> Iterator[tuple[int, int]]:
    proc, port = _start("--workers", "2")
    yield port, proc.pid
    _stop(proc)


def _load(port: int, method: str, path: str, body: bytes | None) -> dict[str, float]:
    latencies: list[float] = []
    lock = threading.Lock()
    remaining = [REQUESTS]
    failures: list[str] = []

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        headers = {"Content-Type": "text/csv"} if body is not None else {}
        while True:
            with lock:
                if remaining[0] == 0:
                    break
                remaining[0] -= 1
            started = time.perf_counter()
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                if response.status != 200:
                    failures.append(str(response.status))
        conn.close()

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    assert not failures, failures[:5]
    ms = np.array(latencies) * 1000
    return {
        "requests": float(len(latencies)),
        "wall_s": wall,
        "requests_per_s": len(latencies) / wall,
        "p50_ms": float(np.percentile(ms, 50)),
        "p99_ms": float(np.percentile(ms, 99)),
        "max_ms": float(ms.max()),
    }


def _run(
    benchmark: Any, server: tuple[int, int], method: str, path: str, body: bytes | None
) -> None:
    port, pid = server
    _load(port, method, path, body)  # warm up: imports, first pictures of pint, caches
    cpu_before = _cpu_seconds(pid)
    result = benchmark.pedantic(_load, args=(port, method, path, body), rounds=1, iterations=1)
    result["server_cpu_s"] = _cpu_seconds(pid) - cpu_before
    benchmark.extra_info.update(result)
    print(
        f"\n{method} {path}: {result['requests']:.0f} requests, {CLIENTS} clients, "
        f"{result['requests_per_s']:.0f} requests/s, p50 {result['p50_ms']:.1f} ms, "
        f"p99 {result['p99_ms']:.1f} ms, max {result['max_ms']:.1f} ms; "
        f"wall {result['wall_s']:.2f} s, server CPU {result['server_cpu_s']:.2f} s"
    )


@pytest.mark.benchmark(group="web: 1,000 requests, 8 clients")
def test_post_example_log_to_api_wage(benchmark: Any, server: tuple[int, int]) -> None:
    _run(benchmark, server, "POST", "/api/wage?country=KE", EXAMPLE.read_bytes())


@pytest.mark.benchmark(group="web: 1,000 requests, 8 clients")
def test_baseline_get_reference(benchmark: Any, server: tuple[int, int]) -> None:
    _run(benchmark, server, "GET", "/api/reference/KE?on=2025-01-01", None)


@pytest.mark.benchmark(group="web: 1,000 requests, 8 clients")
def test_post_example_log_two_worker_processes(
    benchmark: Any, two_workers: tuple[int, int]
) -> None:
    _run(benchmark, two_workers, "POST", "/api/wage?country=KE", EXAMPLE.read_bytes())
