"""Server work per rerun, measured with Streamlit's AppTest (no browser, no websocket).

Run as ``python -m bench.server_work OUT.json`` (bench.run does this in a subprocess, so that
Streamlit's process-wide caches and runtime of this phase cannot touch the others).

For every page script in dashboard/views/*.py: ``AppTest.from_file(dashboard/app.py)``, one run
(the default page), ``switch_page(views/<page>.py)``, a first run of the page (discarded: it fills
``st.cache_data``), then 5 timed reruns (median) and one more rerun under cProfile.

AppTest executes the script in a thread of its own (``LocalScriptRunner._run_script_thread``),
so a profiler enabled in the calling thread sees nothing of the page. Here the thread's entry
point is wrapped so that the cProfile profiler is enabled inside the script thread itself.
"""

from __future__ import annotations

import cProfile
import json
import logging
import pstats
import statistics
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "dashboard" / "app.py"
PAGES_DIR = ROOT / "dashboard" / "views"
BASELINE = ROOT / "bench" / "baseline_app.py"
RERUNS = 5
TIMEOUT = 120
#: Pages with tabs run only the open tab: each other tab is measured too, opened by its link.
TAB_LINKS = {"sex_ratio_age.py": [{"chart": "censuses"}, {"chart": "surplus"}, {"chart": "neighbours"}]}

_PROFILER: cProfile.Profile | None = None


def _install_thread_profiler_hook() -> None:
    """Wrap LocalScriptRunner's thread entry point: when a profiler is armed, enable it in the
    script thread for the duration of that thread."""
    from streamlit.testing.v1 import local_script_runner

    cls = local_script_runner.LocalScriptRunner
    original = cls._run_script_thread

    def _run_script_thread(self):  # noqa: ANN001 - same signature as the original
        prof = _PROFILER
        if prof is None:
            return original(self)
        prof.enable()
        try:
            return original(self)
        finally:
            prof.disable()

    cls._run_script_thread = _run_script_thread


def _where(func: tuple) -> str:
    """pstats' (file, line, name) as a short readable string."""
    file, line, name = func
    if file == "~":
        return name  # a builtin, e.g. "<built-in method builtins.exec>"
    path = Path(file)
    try:
        shown = str(path.resolve().relative_to(ROOT))
    except (ValueError, OSError):
        shown = file
    if "site-packages/" in shown:
        shown = shown.split("site-packages/", 1)[1]
    elif "/lib/python3" in shown:
        shown = "stdlib/" + shown.split("/lib/python3", 1)[1].split("/", 1)[-1]
    return f"{shown}:{line}({name})"


def profile_rows(stats: pstats.Stats, n: int = 10, key: str = "cumtime_ms", only_project: bool = False) -> list[dict]:
    rows = []
    for func, (_cc, nc, tt, ct, _callers) in stats.stats.items():
        where = _where(func)
        if only_project and not (where.startswith("dashboard/") or where.startswith("datasets/")):
            continue
        rows.append({"function": where, "ncalls": nc, "tottime_ms": round(tt * 1000, 2), "cumtime_ms": round(ct * 1000, 2)})
    rows.sort(key=lambda r: r[key], reverse=True)
    return rows[:n]


def summarise_profile(prof: cProfile.Profile) -> dict:
    stats = pstats.Stats(prof)
    return {
        "top10_cumulative": profile_rows(stats),
        "top10_project_cumulative": profile_rows(stats, only_project=True),
        "top10_tottime": profile_rows(stats, key="tottime_ms"),
        "total_profiled_ms": round(stats.total_tt * 1000, 2),
    }


def measure(at_factory, label: str, switch_to: str | None, params: dict | None = None) -> dict:
    """First run(s) discarded, RERUNS timed reruns, one profiled rerun. ``params``: the link's
    query parameters when switching to the page (e.g. the tab to open)."""
    global _PROFILER
    at = at_factory()
    t = time.perf_counter()
    at.run(timeout=TIMEOUT)
    first_ms = (time.perf_counter() - t) * 1000
    if switch_to:
        at.switch_page(switch_to)
        for key, value in (params or {}).items():
            at.query_params[key] = value
        t = time.perf_counter()
        at.run(timeout=TIMEOUT)
        first_ms = (time.perf_counter() - t) * 1000
    titles = [e.value for e in at.title]
    plotly_charts = len(at.get("plotly_chart"))
    times = []
    for _ in range(RERUNS):
        t = time.perf_counter()
        at.run(timeout=TIMEOUT)
        times.append((time.perf_counter() - t) * 1000)
    prof = cProfile.Profile()
    _PROFILER = prof
    try:
        t = time.perf_counter()
        at.run(timeout=TIMEOUT)
        profiled_ms = (time.perf_counter() - t) * 1000
    finally:
        _PROFILER = None
    return {
        "page": label,
        "title": titles[0] if titles else None,
        "plotly_charts": plotly_charts,
        "exceptions": [e.message for e in at.exception],
        "errors": [e.value for e in at.error],
        "first_run_ms_discarded": round(first_ms, 1),
        "rerun_ms": [round(x, 1) for x in times],
        "rerun_median_ms": round(statistics.median(times), 1),
        "profiled_rerun_ms": round(profiled_ms, 1),
        "profile": summarise_profile(prof),
    }


def main(out: Path) -> int:
    warnings.filterwarnings("ignore")
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    from streamlit.testing.v1 import AppTest

    _install_thread_profiler_hook()
    results = {"method": "AppTest.from_file(dashboard/app.py) + switch_page(views/<page>.py); first run discarded; "
               f"median of {RERUNS} reruns; one more rerun profiled with cProfile enabled inside the script thread",
               "pages": [], "baseline": None}
    for page in sorted(PAGES_DIR.glob("*.py")):
        rel = f"views/{page.name}"
        for params in [None, *TAB_LINKS.get(page.name, [])]:
            label = f"dashboard/{rel}" + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")
            r = measure(lambda: AppTest.from_file(str(APP), default_timeout=TIMEOUT), label, rel, params)
            print(f"  server work {r['page']:<55} median {r['rerun_median_ms']:8.1f} ms", flush=True)
            results["pages"].append(r)
    results["baseline"] = measure(lambda: AppTest.from_file(str(BASELINE), default_timeout=TIMEOUT), "bench/baseline_app.py", None)
    print(f"  server work {'bench/baseline_app.py':<55} median {results['baseline']['rerun_median_ms']:8.1f} ms", flush=True)
    out.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
