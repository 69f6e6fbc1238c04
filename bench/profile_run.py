"""Where one run of ``/sex-ratio?chart=surplus`` spends its time: ``python -m bench.profile_run [N]``.

AppTest runs ``dashboard/app.py`` with the page and its link (``?chart=surplus``), first twice to fill
the caches, then once under cProfile (enabled inside the script thread, as ``bench/server_work.py``
does), and once more with the age-range slider moved. Prints the run times and, for each profiled
run, the functions with the most cumulative time (the project's own and all), grouped by where
they live. No server, no browser.
"""

from __future__ import annotations

import cProfile
import logging
import pstats
import statistics
import sys
import time
import warnings
from pathlib import Path

from bench import server_work

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 120


def _profiled(at, action) -> tuple[float, pstats.Stats]:
    prof = cProfile.Profile()
    server_work._PROFILER = prof
    try:
        t = time.perf_counter()
        action(at).run(timeout=TIMEOUT)
        ms = (time.perf_counter() - t) * 1000
    finally:
        server_work._PROFILER = None
    return ms, pstats.Stats(prof)


def groups(stats: pstats.Stats) -> dict[str, float]:
    """Own time (ms) by where the code lives: the project, Streamlit, Plotly, pandas/numpy/pyarrow, the rest."""
    out: dict[str, float] = {}
    for (file, _line, _name), (_cc, _nc, tt, _ct, _callers) in stats.stats.items():
        where = ("dashboard/datasets" if "/dashboard/" in file or "/datasets/" in file else
                 "streamlit" if "/streamlit/" in file else "plotly" if "/plotly/" in file or "_plotly_utils" in file else
                 "pandas/numpy/pyarrow" if any(k in file for k in ("/pandas/", "/numpy/", "/pyarrow/")) else
                 "json/protobuf" if any(k in file for k in ("/json/", "protobuf", "orjson")) else "other")
        out[where] = out.get(where, 0.0) + tt * 1000
    return {k: round(v, 1) for k, v in sorted(out.items(), key=lambda kv: -kv[1])}


def main(argv: list[str]) -> int:
    warnings.filterwarnings("ignore")
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    from streamlit.testing.v1 import AppTest

    reruns = int(argv[0]) if argv else 5
    server_work._install_thread_profiler_hook()
    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=TIMEOUT)
    at.run()
    at.switch_page("views/sex_ratio_age.py")
    at.query_params["chart"] = "surplus"
    at.run()
    at.run()
    times = []
    for _ in range(reruns):
        t = time.perf_counter()
        at.run()
        times.append((time.perf_counter() - t) * 1000)
    print(f"whole run of /sex-ratio?chart=surplus under AppTest: median {statistics.median(times):.0f} ms of {reruns} ({', '.join(f'{x:.0f}' for x in times)})")
    for label, action in (("whole page run", lambda a: a),
                          ("slider moved (20-44)", lambda a: a.select_slider(key="surplus_range").set_value((20, 40)))):
        ms, stats = _profiled(at, action)
        print(f"\n== {label}: {ms:.0f} ms under cProfile; own time by place: {groups(stats)}")
        for title, rows in (("project, cumulative", server_work.profile_rows(stats, 15, only_project=True)),
                            ("all, own time", server_work.profile_rows(stats, 15, key="tottime_ms"))):
            print(f"-- {title}")
            for r in rows:
                print(f"  {r['cumtime_ms']:8.1f} cum {r['tottime_ms']:8.1f} own {r['ncalls']:6d}x  {r['function']}")
        if at.exception:
            print("exceptions:", [e.message for e in at.exception])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
