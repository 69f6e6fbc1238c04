"""Where the server's time goes for one reader's run of ``/sex-ratio?chart=surplus``, profiled inside
the real server under the agent API: ``python -m bench.profile_server [--runs 20]``.

The server is started as ``make run`` starts it (``python -m dashboard.serve``: the modules loaded and
frozen out of garbage collection first), with cProfile enabled in every script-run thread (Streamlit
runs each script run in a thread of its own, which a profiler of the main thread would not see) and
in the main thread, which runs the event loop (HTTP, the agent API, sending the results). One reader
opens the page and moves the slider ``--runs`` times each, one request at a time, after 3 untimed
openings; then the server writes its profiles and is stopped. Prints, per run, the CPU time of the
script threads and of the event loop (``time.thread_time``: time spent waiting for a CPU on a busy
machine, or in ``poll``, is not counted), and the functions with the most of it in each.
``--no-freeze`` starts the server without ``gc.freeze()`` (what it did before), for comparison.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _serve(out: str, freeze: bool, streamlit_args: list[str]) -> None:
    """Child: the dashboard server with profilers; SIGUSR1 starts them afresh, SIGUSR2 writes them."""
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    import gc

    from dashboard import serve

    serve.preload()
    if freeze:
        gc.freeze()
    from streamlit.runtime.scriptrunner import script_runner

    lock = threading.Lock()
    collected: dict = {"stats": None, "on": False}
    original = script_runner.ScriptRunner._run_script_thread

    def _run_script_thread(self):  # noqa: ANN001 - the original's signature
        if not collected["on"]:
            return original(self)
        prof = cProfile.Profile(time.thread_time)
        prof.enable()
        try:
            return original(self)
        finally:
            prof.disable()
            with lock:
                if collected["stats"] is None:
                    collected["stats"] = pstats.Stats(prof)
                else:
                    collected["stats"].add(prof)

    script_runner.ScriptRunner._run_script_thread = _run_script_thread
    main = cProfile.Profile(time.thread_time)

    def start(signum, frame):  # noqa: ANN001
        main.disable()
        main.clear()
        collected["stats"] = None
        collected["on"] = True
        main.enable()

    def dump(signum, frame):  # noqa: ANN001
        main.disable()
        pstats.Stats(main).dump_stats(out + ".loop")
        if collected["stats"] is not None:
            collected["stats"].dump_stats(out + ".script")

    signal.signal(signal.SIGUSR1, start)
    signal.signal(signal.SIGUSR2, dump)
    from streamlit.web import cli

    sys.argv = ["streamlit", "run", str(ROOT / "dashboard" / "app.py"), *streamlit_args]
    cli.main()


def _print(stats: pstats.Stats, runs: int, title: str, n: int = 15) -> None:
    from bench.server_work import profile_rows

    print(f"\n== {title}: {stats.total_tt * 1000 / runs:.1f} ms per run")
    for key, label in (("tottime_ms", "own time"), ("cumtime_ms", "cumulative")):
        print(f"-- by {label} (ms per run)")
        for r in profile_rows(stats, n, key=key):
            print(f"  {r['cumtime_ms'] / runs:7.1f} cum {r['tottime_ms'] / runs:7.1f} own {r['ncalls'] / runs:8.1f} calls  {r['function']}")


def _cpu_per_run(pid: int, reader, body: dict, runs: int) -> tuple[float, float]:
    """Open the page and move the slider ``runs`` times each, one request at a time; the server
    process's CPU time (user + system, ms) per opening and per change."""
    import psutil

    from bench import loadtest as lt

    server = psutil.Process(pid)

    def used() -> float:
        t = server.cpu_times()
        return t.user + t.system

    opening = change = 0.0
    for i in range(runs):
        start = used()
        status, answer = reader.post(body)
        opening += used() - start
        value = lt.CHANGES[i % len(lt.CHANGES)]
        start = used()
        status, changed = reader.post({"session_id": answer["session_id"], "widget_state": {lt.SLIDER: list(value)}})
        change += used() - start
        if lt.problem(status, changed, value):
            print(f"run {i}: {lt.problem(status, changed, value)}", file=sys.stderr)
    return 1000 * opening / runs, 1000 * change / runs


def main(argv: list[str]) -> int:
    if argv[:1] == ["--child"]:
        _serve(argv[1], argv[2] == "freeze", argv[3:])
        return 0
    parser = argparse.ArgumentParser(prog="python -m bench.profile_server", description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20, help="openings, and as many slider changes (at most 200)")
    parser.add_argument("--no-freeze", action="store_true", help="without gc.freeze() after loading the modules")
    args = parser.parse_args(argv)
    runs = max(1, min(args.runs, 200))
    from bench import loadtest as lt
    from deploy import processes

    port = lt.free_port()
    with tempfile.TemporaryDirectory(prefix="profile-") as tmp:
        out = str(Path(tmp) / "prof")
        log = open(Path(tmp) / "server.log", "wb")  # noqa: SIM115 - closed below
        proc = subprocess.Popen([sys.executable, "-m", "bench.profile_server", "--child", out, "nofreeze" if args.no_freeze else "freeze",
                                 "--server.address", "127.0.0.1", "--server.port", str(port), *lt.agent_args(runs + 10, 300)],
                                cwd=ROOT, start_new_session=True, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        try:
            lt.wait_healthy(port, proc, log.name)
            spec = lt.PAGES["dashboard"]
            body = {"page": spec["page"], "query_params": spec["query_params"]}
            reader = lt.Reader(port, time.monotonic() + 600)
            for _ in range(3):
                reader.post(body)
            time.sleep(0.5)
            cpu = unprofiled = _cpu_per_run(proc.pid, reader, body, runs)
            os.kill(proc.pid, signal.SIGUSR1)
            time.sleep(0.3)
            cpu = _cpu_per_run(proc.pid, reader, body, runs)
            time.sleep(0.3)
            os.kill(proc.pid, signal.SIGUSR2)
            deadline = time.monotonic() + 30
            while not Path(out + ".script").exists() and time.monotonic() < deadline:
                time.sleep(0.2)
            time.sleep(0.5)
        finally:
            processes.stop(proc)
            log.close()
        print(f"/sex-ratio?chart=surplus, {runs} openings and {runs} slider changes, one at a time; "
              f"gc.freeze() {'off' if args.no_freeze else 'on'}; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
        print(f"server CPU time (all its threads) without the profiler: {unprofiled[0]:.0f} ms per opening, {unprofiled[1]:.0f} ms per change; "
              f"with it: {cpu[0]:.0f} / {cpu[1]:.0f} ms (the profiler's own cost inflates many small calls more than a few long ones)")
        _print(pstats.Stats(out + ".script"), 2 * runs, "script-run threads (the page, then Streamlit's end of run)")
        _print(pstats.Stats(out + ".loop"), 2 * runs, "event loop thread (HTTP, agent API, sending)", n=10)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
