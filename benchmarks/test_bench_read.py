"""Reading big logs (issue #14 item 4, issue #12 item 8): the Python reader, the
pyarrow path and a bare ``pyarrow.csv.read_csv`` of the same file, in one run.

* ``python reader``: ``WorkLog.from_csv`` of a text stream (the reader used
  without pyarrow: one row at a time in Python);
* ``pyarrow path``: ``WorkLog.from_csv`` of the path (pyarrow installed);
* ``bare pyarrow.csv.read_csv``: the floor: parsing alone, types inferred,
  no validation, no log.

Peak memory is measured in a fresh process (``VmHWM`` of ``/proc/self/status``,
which a process started by ``exec`` does not inherit, unlike ``ru_maxrss``),
both in absolute terms and above the process's size once its modules are
imported. ``from_pandas`` of 10,000,000 rows is timed on a DataFrame with a
timezone-aware ``start`` and a categorical ``activity``.

Each test prints its figures and records them in ``benchmark.extra_info``.

Peak memory on the ~100 MB file (2,200,000 rows, empty labels), fresh process,
above imports: before the label columns were dictionary-encoded, 333 MB with
pyarrow (3.3 times the file) and 325 MB with the Python reader (3.2 times);
after, 268 MB (2.6 times) and 196 MB (1.9 times). The log itself is 36 bytes a
row (was 71).
"""

from __future__ import annotations

import io
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import labourchain as lc

pytest.importorskip("pyarrow")

N_ROWS = 1_000_000
GROUP = f"read a {N_ROWS:,}-row CSV log"
_NAMES = np.array([a.value for a in lc.Activity])


def write_log_csv(path: Path, columns: dict[str, np.ndarray], offset_s: int = 3 * 3600) -> None:
    """Write labourchain's CSV of synthetic columns quickly (numpy string formatting)."""
    local = (
        (columns["start"] + offset_s * 1_000_000).astype("datetime64[us]").astype("datetime64[s]")
    )
    sign = "+" if offset_s >= 0 else "-"
    hh, mm = divmod(abs(offset_s) // 60, 60)
    start = np.char.add(np.datetime_as_string(local, unit="s"), f"{sign}{hh:02d}:{mm:02d}")
    minutes = columns["minutes"].astype(np.int64).astype(str)
    activity = _NAMES[columns["activity"]]
    has = ~np.isnan(columns["reward"])
    reward = np.where(has, np.char.mod("%.2f", np.nan_to_num(columns["reward"])), "")
    currency = np.where(has, "USD", "")
    rows = np.char.add(start, ",")
    for part in (minutes, activity, reward, currency):
        rows = np.char.add(np.char.add(rows, part), ",")
    header = "start,minutes,activity,reward,currency,platform,client,task_id,kind,note\n"
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(header)
        handle.write(",,,,\n".join(rows.tolist()))
        handle.write(",,,,\n")


@pytest.fixture(scope="module")
def csv_path(tmp_path_factory: pytest.TempPathFactory, columns: dict[str, np.ndarray]) -> Path:
    path = tmp_path_factory.mktemp("read") / "log.csv"
    write_log_csv(path, columns)
    return path


def _timed(fn: Any) -> tuple[Any, float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return result, time.perf_counter() - wall, time.process_time() - cpu


_PEAK = textwrap.dedent(
    """
    import sys, time
    def vm(key):
        for line in open("/proc/self/status"):
            if line.startswith(key):
                return int(line.split()[1]) * 1024
    import labourchain as lc
    {imports}
    base = vm("VmRSS:")
    {work}
    print(base, vm("VmHWM:"))
    """
)


def peak_memory(path: Path, work: str, imports: str = "") -> tuple[int, int]:
    """(size after imports, peak) in bytes of a fresh process doing ``work``."""
    code = _PEAK.format(imports=imports, work=work.replace("PATH", repr(str(path))))
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=600
    )
    base, peak = map(int, out.stdout.split())
    return base, peak


@pytest.mark.benchmark(group=GROUP)
def test_read_pyarrow_path(benchmark: Any, csv_path: Path) -> None:
    """The pyarrow path against the Python reader and a bare read_csv, same file, same run."""
    import pyarrow.csv as pacsv

    size = csv_path.stat().st_size
    log = benchmark.pedantic(lc.WorkLog.from_csv, args=(csv_path,), rounds=3, iterations=1)
    assert len(log) == N_ROWS
    _, fast_wall, fast_cpu = _timed(lambda: lc.WorkLog.from_csv(csv_path))
    _, bare_wall, bare_cpu = _timed(lambda: pacsv.read_csv(csv_path))
    with open(csv_path, encoding="utf-8", newline="") as handle:
        slow, slow_wall, slow_cpu = _timed(lambda: lc.WorkLog.from_csv(handle))
    assert slow == log
    figures = {
        "file_mb": size / 1e6,
        "python_reader_s": slow_wall,
        "python_reader_cpu_s": slow_cpu,
        "pyarrow_path_s": fast_wall,
        "pyarrow_path_cpu_s": fast_cpu,
        "bare_read_csv_s": bare_wall,
        "bare_read_csv_cpu_s": bare_cpu,
        "speedup_over_python_reader": slow_wall / fast_wall,
        "times_bare_read_csv": fast_wall / bare_wall,
    }
    benchmark.extra_info.update(figures)
    print(figures)
    assert figures["speedup_over_python_reader"] >= 10
    assert figures["times_bare_read_csv"] <= 2


@pytest.fixture(scope="module")
def csv_100mb(tmp_path_factory: pytest.TempPathFactory, make_columns: Any) -> Path:
    """A ~100 MB log (2,200,000 rows): issue #12's 1 GiB read, scaled down."""
    path = tmp_path_factory.mktemp("read100") / "log.csv"
    write_log_csv(path, make_columns(2_200_000))
    return path


@pytest.mark.benchmark(group="read a ~100 MB CSV log: peak memory, fresh process")
def test_read_peak_memory(benchmark: Any, csv_100mb: Path) -> None:
    csv_path = csv_100mb
    size = csv_path.stat().st_size
    imports = "import labourchain.formats, pyarrow, pyarrow.csv, pyarrow.compute"
    fast = peak_memory(csv_path, "lc.WorkLog.from_csv(PATH)", imports)
    slow = peak_memory(
        csv_path, "lc.WorkLog.from_csv(open(PATH, encoding='utf-8', newline=''))", imports
    )
    bare = peak_memory(csv_path, "pyarrow.csv.read_csv(PATH)", imports)
    figures = {
        "file_mb": size / 1e6,
        "pyarrow_path_peak_mb": fast[1] / 1e6,
        "pyarrow_path_above_imports_mb": (fast[1] - fast[0]) / 1e6,
        "python_reader_peak_mb": slow[1] / 1e6,
        "python_reader_above_imports_mb": (slow[1] - slow[0]) / 1e6,
        "bare_read_csv_above_imports_mb": (bare[1] - bare[0]) / 1e6,
        "pyarrow_path_above_imports_per_file_byte": (fast[1] - fast[0]) / size,
        "python_reader_above_imports_per_file_byte": (slow[1] - slow[0]) / size,
    }
    benchmark.extra_info.update(figures)
    benchmark.pedantic(lambda: None, rounds=1)
    print(figures)
    assert figures["pyarrow_path_above_imports_per_file_byte"] < 4


@pytest.mark.benchmark(group="from_pandas, 10,000,000 rows")
def test_from_pandas_10m(benchmark: Any, make_columns: Any) -> None:
    pd = pytest.importorskip("pandas")
    cols = make_columns(10_000_000)
    df = pd.DataFrame(
        {
            "start": pd.Series(cols["start"].astype("datetime64[us]")).dt.tz_localize("UTC"),
            "minutes": cols["minutes"],
            "activity": pd.Categorical.from_codes(cols["activity"], categories=list(_NAMES)),
            "reward": cols["reward"],
            "currency": pd.Categorical.from_codes(
                np.where(np.isnan(cols["reward"]), -1, 0), categories=["USD"]
            ),
        }
    )
    log = benchmark.pedantic(lc.WorkLog.from_pandas, args=(df,), rounds=3, iterations=1)
    assert len(log) == 10_000_000
    _, wall, cpu = _timed(lambda: lc.WorkLog.from_pandas(df))
    benchmark.extra_info.update({"wall_s": wall, "cpu_s": cpu})
    print({"from_pandas_10m_wall_s": wall, "cpu_s": cpu})
    assert wall < 2


def test_writer_matches_to_csv(tmp_path: Path, make_columns: Any) -> None:
    """The fast synthetic writer writes what WorkLog.to_csv would."""
    cols = make_columns(50)
    path = tmp_path / "log.csv"
    write_log_csv(path, cols)
    log = lc.WorkLog.from_arrays(
        start=cols["start"] // 1_000_000 * 1_000_000,
        minutes=cols["minutes"],
        activity=cols["activity"],
        reward=np.round(cols["reward"], 2),
        currency="USD",
        offset_s=3 * 3600,
    )
    assert lc.WorkLog.from_csv(io.StringIO(path.read_text())) == log
