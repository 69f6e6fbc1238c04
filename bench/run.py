"""``make bench`` / ``python -m bench.run``: build, server-work and browser benchmarks of the
dashboard against a bare Streamlit + Plotly baseline (bench/baseline_app.py).

Prints a table with PASS/MISS against the targets and writes every figure and ratio to
bench/results.json. See bench/README.md for what each row means.
"""

from __future__ import annotations

import json
import os
import platform
import signal
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

from bench import browser_bench, build_bench

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results.json"

#: Dashboard URL paths measured in the browser and the page script behind each (dashboard/app.py).
URL_PAGES = {"/": "views/overview.py", "/sex-ratio": "views/sex_ratio_age.py"}
#: Every page, for the cold first visits (the URL paths of dashboard/app.py's navigation).
ALL_URL_PAGES = {
    "/": "views/overview.py", "/check": "views/check.py", "/sex-ratio": "views/sex_ratio_age.py",
    "/marriage": "views/marriage.py", "/srb": "views/sex_ratio_at_birth.py", "/provinces": "views/provinces.py",
    "/cases": "views/trafficking_cases.py", "/international": "views/international.py", "/rescues": "views/rescues.py",
    "/count-types": "views/count_types.py", "/data": "views/data_explorer.py", "/sources": "views/sources.py",
}

TARGETS = {
    "check_answer_ms_max": 1000,
    "first_chart_ratio_max": 1.15,
    "interaction_ratio_max": 1.15,
    "memory_ratio_max": 1.3,
    "cold_first_visit_ratio_max": 1.15,
}


def _sigterm(signum, frame):  # noqa: ANN001
    raise KeyboardInterrupt(f"signal {signum}")


def environment() -> dict:
    versions = {}
    for pkg in ("streamlit", "plotly", "pandas", "pyarrow", "numpy", "playwright", "psutil"):
        try:
            versions[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            versions[pkg] = None
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False).stdout.strip()
        dirty = bool(subprocess.run(["git", "status", "--porcelain", "--", "dashboard", "datasets"], cwd=ROOT,
                                    capture_output=True, text=True, check=False).stdout.strip())
    except OSError:
        commit, dirty = None, None
    return {"python": platform.python_version(), "cpus": os.cpu_count(), "machine": platform.machine(),
            "git_commit": commit, "product_code_modified": dirty, "packages": versions}


def run_module(module: str) -> dict:
    """Run ``python -m <module> OUT.json`` in a subprocess (its Streamlit caches stay its own) and read OUT."""
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        out = Path(tmp) / "out.json"
        proc = subprocess.run([sys.executable, "-m", module, str(out)], cwd=ROOT, timeout=600, check=False,
                              stderr=subprocess.PIPE, text=True)
        if proc.returncode != 0:
            raise RuntimeError(f"{module} failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
        return json.loads(out.read_text(encoding="utf-8"))


def verdict(ok: bool | None) -> str:
    return "-" if ok is None else ("PASS" if ok else "MISS")


def summary_rows(r: dict) -> list[dict]:
    rows = []
    b = r["build"]
    # Build time is not a target: a plain, readable build of a few seconds is fine (it now also runs
    # every repeated claim through the definition finder).
    rows.append({"row": "build: python -m datasets.build (median of 5)", "dashboard": f"{b['median_s']:.2f} s",
                 "baseline": "", "ratio": "", "target": "", "pass": None})
    for name, t in r["parquet_reads"].items():
        rows.append({"row": f"  read {name}.parquet ({t['rows']:,} rows)", "dashboard": f"{t['read_table_median_ms']:.1f} ms",
                     "baseline": "", "ratio": "", "target": "", "pass": None})
    for path, f in r["first_chart"].items():
        what = "first chart" if f["mode"] == "chart" else "first h1 (no chart)"
        rows.append({"row": f"{what} {path}", "dashboard": f"{f['dashboard_median_ms']:.0f} ms", "baseline": f"{f['baseline_median_ms']:.0f} ms",
                     "ratio": f"{f['ratio']:.2f}", "target": f"<= {TARGETS['first_chart_ratio_max']}x",
                     "pass": f["ratio"] <= TARGETS["first_chart_ratio_max"]})
        rows.append({"row": f"  (script finished) {path}", "dashboard": f"{f['dashboard_median_until_script_idle_ms']:.0f} ms",
                     "baseline": f"{f['baseline_median_until_script_idle_ms']:.0f} ms",
                     "ratio": f"{f['idle_ratio']:.2f}",
                     "target": "", "pass": None})
    i = r["interaction"]
    rows.append({"row": "interaction: surplus_range -> chart title", "dashboard": f"{i['dashboard_median_ms']:.0f} ms",
                 "baseline": f"{i['baseline_median_ms']:.0f} ms", "ratio": f"{i['ratio']:.2f}",
                 "target": f"<= {TARGETS['interaction_ratio_max']}x", "pass": i["ratio"] <= TARGETS["interaction_ratio_max"]})
    rows.append({"row": "  (rerun finished)", "dashboard": f"{i['dashboard_median_until_script_idle_ms']:.0f} ms",
                 "baseline": f"{i['baseline_median_until_script_idle_ms']:.0f} ms",
                 "ratio": f"{i['idle_ratio']:.2f}", "target": "", "pass": None})
    f = r["check"]
    rows.append({"row": "check a figure: slowest finder query (median of 5)", "dashboard": f"{f['finder']['max_median_ms']:.0f} ms",
                 "baseline": "", "ratio": "", "target": f"<= {TARGETS['check_answer_ms_max']} ms",
                 "pass": f["finder"]["max_median_ms"] <= TARGETS["check_answer_ms_max"]})
    rows.append({"row": "check a figure: slowest /check page run, new question", "dashboard": f"{f['page']['max_first_run_ms']:.0f} ms",
                 "baseline": "", "ratio": "", "target": f"<= {TARGETS['check_answer_ms_max']} ms",
                 "pass": f["page"]["max_first_run_ms"] <= TARGETS["check_answer_ms_max"]})
    m = r["memory"]
    rows.append({"row": "memory: server RSS after 5 loads", "dashboard": f"{m['dashboard']['after_5_loads_bytes'] / 2**20:.0f} MiB",
                 "baseline": f"{m['baseline']['after_5_loads_bytes'] / 2**20:.0f} MiB", "ratio": f"{m['ratio']:.2f}",
                 "target": f"<= {TARGETS['memory_ratio_max']}x", "pass": m["ratio"] <= TARGETS["memory_ratio_max"]})
    for path, c in r.get("cold_first_visit", {}).items():
        what = "first chart" if c["mode"] == "chart" else "first h1"
        rows.append({"row": f"cold first visit {path} ({what})", "dashboard": f"{c['dashboard_median_ms']:.0f} ms",
                     "baseline": f"{c['baseline_median_ms']:.0f} ms", "ratio": f"{c['ratio']:.2f}",
                     "target": f"<= {TARGETS['cold_first_visit_ratio_max']}x", "pass": c["ratio"] <= TARGETS["cold_first_visit_ratio_max"]})
    sw = r["server_work"]
    base_ms = sw["baseline"]["rerun_median_ms"]
    for p in sw["pages"]:
        rows.append({"row": f"server rerun {Path(p['page']).name}", "dashboard": f"{p['rerun_median_ms']:.0f} ms",
                     "baseline": f"{base_ms:.0f} ms", "ratio": f"{p['rerun_median_ms'] / base_ms:.2f}", "target": "", "pass": None})
    return rows


def print_table(rows: list[dict]) -> None:
    headers = ["row", "dashboard", "baseline", "ratio", "target", "result"]
    table = [[r["row"], r["dashboard"], r["baseline"], r["ratio"], r["target"], verdict(r["pass"])] for r in rows]
    widths = [max(len(h), *(len(str(t[i])) for t in table)) for i, h in enumerate(headers)]
    line = "  ".join(h.ljust(w) if i == 0 else h.rjust(w) for i, (h, w) in enumerate(zip(headers, widths)))
    print(line)
    print("-" * len(line))
    for t in table:
        print("  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(t, widths))))


def main() -> int:
    signal.signal(signal.SIGTERM, _sigterm)
    started = time.perf_counter()
    results: dict = {"generated_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "environment": environment(),
                     "targets": TARGETS, "loadavg_at_start": os.getloadavg()}

    print("[1/4] data build (5 runs + 1 profiled) and Parquet reads ...", flush=True)
    results["build"] = build_bench.time_builds()
    results["parquet_reads"] = build_bench.time_reads()
    print(f"  build median {results['build']['median_s']:.2f} s", flush=True)

    print("[2/4] server work per rerun (AppTest, every page) and check-a-figure answers ...", flush=True)
    results["server_work"] = run_module("bench.server_work")
    results["check"] = run_module("bench.finder_bench")

    print("[3/4] browser: time to first chart, interaction, memory, cold first visit of every page (dashboard vs baseline) ...", flush=True)
    counts = {path: next(p["plotly_charts"] for p in results["server_work"]["pages"] if p["page"].endswith(script))
              for path, script in URL_PAGES.items()}
    charts_of = {Path(p["page"]).name: p["plotly_charts"] for p in results["server_work"]["pages"]}
    cold = {path: charts_of[Path(script).name] for path, script in ALL_URL_PAGES.items()}
    results["browser"] = browser_bench.run(counts, progress=lambda s: print(s, flush=True), cold_counts=cold)
    for key in ("first_chart", "interaction", "memory", "cold_first_visit"):
        results[key] = results["browser"].pop(key)

    print("[4/4] summary", flush=True)
    rows = summary_rows(results)
    results["summary"] = rows
    results["elapsed_s"] = round(time.perf_counter() - started, 1)
    RESULTS.write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")
    print()
    print_table(rows)
    notes = [f["note"] for f in results["first_chart"].values() if f["note"]]
    for n in notes:
        print(f"note: {n}")
    br = results["browser"]
    print(f"load average (1 min) at browser start {br['loadavg_start'][0]:.1f}, at end {br['loadavg_end'][0]:.1f} "
          f"on {results['environment']['cpus']} CPUs" + ("  -- machine busy: timings are noisy" if max(br['loadavg_start'][0], br['loadavg_end'][0]) > (results['environment']['cpus'] or 1) else ""))
    print(f"\nresults: {RESULTS.relative_to(ROOT)}   total {results['elapsed_s']:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
