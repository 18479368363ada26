"""Timing shared by the benchmarks: CPU time beside wall time, and the load average.

The machine may be shared, so each figure is reported with the load average around it
and with the process's CPU time as well as pytest-benchmark's wall time.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import Any


def load_average() -> str:
    """The 1- and 5-minute load averages, as ``"1.2/0.9"``."""
    one, five, _ = os.getloadavg()
    return f"{one:.1f}/{five:.1f}"


class Timings:
    """Least CPU and wall times of a benchmark module's runs, with the load around each."""

    def __init__(self) -> None:
        self.results: dict[str, float] = {}
        self.load: dict[str, str] = {}

    def timed(self, benchmark: Any, key: str, fn: Callable[[], Any], rounds: int) -> Any:
        """Run ``fn`` under pytest-benchmark (wall time) and record its least CPU time too."""
        cpu: list[float] = []
        out: list[Any] = []

        def run() -> None:
            began = time.process_time()
            out.append(fn())
            cpu.append(time.process_time() - began)

        before = load_average()
        benchmark.pedantic(run, rounds=rounds)
        self.results[f"{key} cpu"] = min(cpu)
        self.results[f"{key} wall"] = benchmark.stats.stats.min
        self.load[key] = f"load {before} -> {load_average()}"
        benchmark.extra_info["cpu_seconds"] = min(cpu)
        return out[-1]
