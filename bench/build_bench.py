"""Build benchmark: the full data build as a subprocess, and Parquet read times.

* ``python -m datasets.build --out <tmpdir>/published-<i>`` (a fresh folder each run, so every run
  writes and swaps in a complete build), wall time of the whole subprocess, median of 5. The
  build's own "built 9 tables in X s" line is kept too: the difference is interpreter start-up
  and imports.
* One more build under ``python -m cProfile`` (not timed): top 10 functions by cumulative time.
* Each published table in datasets/published/ read with ``pyarrow.parquet.read_table``, median
  of 5 (``.to_pandas()`` on top timed separately, as dashboard.data.load_table does both).
"""

from __future__ import annotations

import pstats
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.server_work import profile_rows

ROOT = Path(__file__).resolve().parent.parent
PUBLISHED = ROOT / "datasets" / "published"
RUNS = 5
BUILD_TIMEOUT = 120
INTERNAL_RE = re.compile(r"built \d+ tables in ([0-9.]+) s")


def time_builds(runs: int = RUNS) -> dict:
    samples, internal = [], []
    with tempfile.TemporaryDirectory(prefix="bench-build-") as tmp:
        for i in range(runs):
            out = Path(tmp) / f"published-{i}"
            t = time.perf_counter()
            proc = subprocess.run(
                [sys.executable, "-m", "datasets.build", "--out", str(out)],
                cwd=ROOT, capture_output=True, text=True, timeout=BUILD_TIMEOUT, check=False,
            )
            elapsed = time.perf_counter() - t
            if proc.returncode != 0:
                raise RuntimeError(f"datasets.build failed (exit {proc.returncode}):\n{proc.stderr[-3000:]}")
            samples.append(elapsed)
            m = INTERNAL_RE.search(proc.stdout)
            if m:
                internal.append(float(m.group(1)))
        prof_file = Path(tmp) / "build.prof"
        proc = subprocess.run(
            [sys.executable, "-m", "cProfile", "-o", str(prof_file), "-m", "datasets.build", "--out", str(Path(tmp) / "published-prof")],
            cwd=ROOT, capture_output=True, text=True, timeout=BUILD_TIMEOUT, check=False,
        )
        profile = None
        if proc.returncode == 0 and prof_file.exists():
            stats = pstats.Stats(str(prof_file))
            profile = {
                "top10_cumulative": profile_rows(stats),
                "top10_project_cumulative": profile_rows(stats, only_project=True),
                "top10_tottime": profile_rows(stats, key="tottime_ms"),
                "total_profiled_ms": round(stats.total_tt * 1000, 1),
            }
    startup = _startup_seconds()
    return {
        "command": f"{Path(sys.executable).name} -m datasets.build --out <tmpdir>/published-<i>",
        "runs_s": [round(s, 3) for s in samples],
        "median_s": round(statistics.median(samples), 3),
        "internal_runs_s": internal,
        "internal_median_s": round(statistics.median(internal), 3) if internal else None,
        "interpreter_and_imports_median_s": _imports_seconds(),
        "bare_python_startup_s": startup,
        "profile": profile,
    }


def _startup_seconds() -> float:
    samples = []
    for _ in range(2):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True, timeout=60)
        samples.append(time.perf_counter() - t)
    return round(statistics.median(samples), 3)


def _imports_seconds() -> float:
    """Start-up plus the build's own imports (the part of the build wall time that is not work)."""
    samples = []
    for _ in range(2):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import datasets.build"], cwd=ROOT, check=True, timeout=60)
        samples.append(time.perf_counter() - t)
    return round(statistics.median(samples), 3)


def time_reads(runs: int = RUNS) -> dict:
    import pyarrow.parquet as pq

    tables = {}
    for path in sorted(PUBLISHED.glob("*.parquet")):
        read, to_pandas = [], []
        rows = None
        for _ in range(runs):
            t = time.perf_counter()
            table = pq.read_table(path)
            t1 = time.perf_counter()
            table.to_pandas()
            t2 = time.perf_counter()
            read.append((t1 - t) * 1000)
            to_pandas.append((t2 - t1) * 1000)
            rows = table.num_rows
        tables[path.stem] = {
            "bytes": path.stat().st_size,
            "rows": rows,
            "read_table_ms": [round(x, 2) for x in read],
            "read_table_median_ms": round(statistics.median(read), 2),
            "to_pandas_median_ms": round(statistics.median(to_pandas), 2),
        }
    return tables
