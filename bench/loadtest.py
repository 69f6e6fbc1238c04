"""``make loadtest`` / ``python -m bench.loadtest``: a burst of readers arriving at once, without a browser.

Each reader is a thread driving the server through Streamlit's agent API (``server.enableAgentApi``,
Streamlit >= 1.67; the protocol is at ``GET /_stcore/agent/openapi.json``): one
``POST /_stcore/agent/interact`` with ``{"page", "query_params"}`` opens the page with its link
parameters (a new session, a whole run), then ``--changes`` requests with ``{"session_id",
"widget_state"}`` move the age-range slider (``surplus_range``), each one a rerun. All readers wait
at a barrier and are released together.

Pages, each on a server of its own started for it, under the same load in the same run:

- ``floor``: ``bench/floor_app.py``, a trivial page holding only the same slider: what Streamlit and
  its agent API cost by themselves;
- ``baseline``: ``bench/baseline_app.py``, the bare Streamlit + Plotly page of ``make bench``;
- ``dashboard``: ``/sex-ratio?chart=surplus`` on ``python -m dashboard.serve`` (what ``make run`` starts);
- ``replicas``: the same page through HAProxy in front of ``--replicas`` dashboard processes
  (``deploy/serve_replicas.py``, what ``make serve`` starts); each reader keeps the proxy's cookie.
  Skipped, with the reason in the results, when haproxy is not installed.

Per page: one reader alone first (also the warm-up: it fills the caches), then the burst. Reported:
p50 / p95 of opening the page and of each change (seconds, from the barrier's release for the
opening, from the request for a change), errors by kind (HTTP status and agent error code, time-outs,
connection errors, a snapshot whose status is not "ready", an error or exception element on the page,
a slider that does not hold the value sent), the server's memory (RSS of its processes: before the
burst, after the single reader; at the peak, sampled every 0.1 s; after the burst, sessions still
open), and throughput (successful runs per second of the burst). Ratios against the floor and the
baseline; the replicas' throughput against one process.

Bounded: at most 500 readers and 20 changes each; traffic to 127.0.0.1 only; each page's burst stops
at ``--timeout`` seconds (requests still running then count as errors of kind ``deadline``); every
server is stopped at the end, also on Ctrl-C. Writes ``bench/loadtest.json``.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

from bench.common import free_port, snapshot_elements
from deploy import processes

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "loadtest.json"
LOGS = ROOT / "test-artifacts" / "loadtest"
MAX_READERS, MAX_CHANGES = 500, 20
INTERACT = "/_stcore/agent/interact"
#: The slider's key and the first and last age groups each change sends, in turn, as the agent API
#: takes a select_slider's value: its option labels (the page opens at "20-24" to "35-39": ages 20-39).
SLIDER = "surplus_range"
CHANGES = [("20-24", "40-44"), ("20-24", "45-49"), ("25-29", "45-49"), ("25-29", "40-44"), ("20-24", "35-39")]
PAGES = {
    "floor": {"app": "bench/floor_app.py", "page": None, "query_params": {}},
    "baseline": {"app": "bench/baseline_app.py", "page": None, "query_params": {}},
    "dashboard": {"app": "dashboard", "page": "sex-ratio", "query_params": {"chart": ["surplus"]}},
}
TARGETS = {"open_p95_vs_floor_max": 1.5, "change_p95_vs_floor_max": 1.5, "errors_max": 0, "memory_growth_mb_per_reader_max": 1.0,
           "replicas_throughput_vs_one_process_min": 1.6}


def _sigterm(signum, frame):  # noqa: ANN001
    raise KeyboardInterrupt(f"signal {signum}")


def agent_args(readers: int, timeout: float) -> list[str]:
    """Command-line options that turn the agent API on for this run only: room for every reader's
    session, and a wait as long as the run's time limit (the defaults are 100 sessions and 30 s)."""
    return ["--server.enableAgentApi", "true", "--server.agentMaxSessions", str(readers + 20),
            "--server.agentWaitTimeout", str(int(timeout) + 30), "--server.agentSessionTTL", "900"]


def start_server(name: str, port: int, extra: list[str]) -> tuple[subprocess.Popen, object]:
    """Start the server of page ``name`` on 127.0.0.1:``port`` in its own process group."""
    app = PAGES[name]["app"]
    if app == "dashboard":
        cmd = [sys.executable, "-m", "dashboard.serve"]
    else:
        cmd = [sys.executable, "-m", "streamlit", "run", app]
    LOGS.mkdir(parents=True, exist_ok=True)
    log = open(LOGS / f"{name}-{port}.log", "wb")  # noqa: SIM115 - closed by the caller
    proc = subprocess.Popen([*cmd, "--server.address", "127.0.0.1", "--server.port", str(port), *extra], cwd=ROOT,
                            start_new_session=True, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    return proc, log


def wait_healthy(port: int, proc: subprocess.Popen, log: Path | str, timeout: float = 120) -> None:
    """Wait until the server on ``port`` answers its health check (:func:`deploy.processes.wait_healthy`);
    a failure's message ends with the end of ``log``."""
    processes.wait_healthy(f"http://127.0.0.1:{port}", proc, f"server on port {port}", log, timeout)


def rss(pids: list[int]) -> int:
    """Resident memory of these processes and their children, bytes."""
    import psutil

    total = 0
    for pid in pids:
        try:
            root = psutil.Process(pid)
            for p in [root, *root.children(recursive=True)]:
                try:
                    total += p.memory_info().rss
                except psutil.NoSuchProcess:
                    pass
        except psutil.NoSuchProcess:
            pass
    return total


class MemorySampler(threading.Thread):
    """RSS of the server processes every ``interval`` seconds while running; ``peak`` is the largest."""

    def __init__(self, pids: list[int], interval: float = 0.1):
        super().__init__(daemon=True)
        self.pids, self.interval, self.peak = pids, interval, 0
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            self.peak = max(self.peak, rss(self.pids))
            self._stop_event.wait(self.interval)

    def stop(self) -> int:
        self._stop_event.set()
        self.join()
        self.peak = max(self.peak, rss(self.pids))
        return self.peak


class Reader:
    """One reader: its own HTTP connection to 127.0.0.1:port, the proxy's cookie once it has one."""

    def __init__(self, port: int, deadline: float):
        self.port, self.deadline = port, deadline
        self.cookies: dict[str, str] = {}
        self.conn: http.client.HTTPConnection | None = None

    def post(self, body: dict) -> tuple[int, dict | None]:
        """POST ``body`` to the interact route; (HTTP status, JSON body or None). Raises TimeoutError
        past the deadline, OSError / http.client errors on a broken connection."""
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("deadline")
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=remaining)
        else:
            self.conn.timeout = remaining
            if self.conn.sock is not None:
                self.conn.sock.settimeout(remaining)
        headers = {"Content-Type": "application/json"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            self.conn.request("POST", INTERACT, body=json.dumps(body), headers=headers)
            resp = self.conn.getresponse()
            raw = resp.read()
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = None
            raise
        for header in resp.headers.get_all("Set-Cookie") or []:
            name, _, value = header.split(";", 1)[0].partition("=")
            self.cookies[name.strip()] = value.strip()
        try:
            return resp.status, json.loads(raw)
        except ValueError:
            return resp.status, None

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()


def problem(status: int, body: dict | None, sent: tuple[str, str] | None = None) -> str | None:
    """What went wrong with one response (an error kind), or None when the run succeeded: HTTP
    status and agent error code, a snapshot status other than "ready", an ``exception`` or ``error``
    element on the page, or (for a change) a slider that does not hold the value sent."""
    if status != 200 or body is None:
        code = (body or {}).get("error", {}).get("code") if isinstance(body, dict) else None
        return f"http_{status}" + (f":{code}" if code else "")
    if body.get("status") != "ready":
        return f"snapshot_{body.get('status')}"
    elements = snapshot_elements(body.get("tree"))
    bad = [e["type"] for e in elements if e.get("type") in ("exception", "error")]
    if bad:
        return f"page_{bad[0]}"
    slider = [e for e in elements if e.get("key") == SLIDER]
    if not slider:
        return "slider_missing"
    if sent is not None and list(slider[0].get("value") or []) != list(sent):
        return "slider_value_not_kept"
    return None


def _post(reader, body: dict, errors: list[str]) -> tuple | None:
    """One agent API request: (status, answer), or None after adding its error kind to ``errors``
    (``deadline`` when the run's time is up, ``connection:<exception>`` when the server dropped it)."""
    try:
        return reader.post(body)
    except TimeoutError:
        errors.append("deadline")
    except (OSError, http.client.HTTPException) as exc:
        errors.append(f"connection:{type(exc).__name__}")
    return None


def one_reader(port: int, spec: dict, changes: int, deadline: float, barrier: threading.Barrier | None, out: dict) -> None:
    """Open the page, then make ``changes`` changes; records latencies and errors into ``out``."""
    reader = Reader(port, deadline)
    out.update(open_s=None, change_s=[], errors=[], runs_ok=0, done_at=None, cookie=None)
    try:
        if barrier is not None:
            barrier.wait()
        start = time.monotonic()
        out["start"] = start
        body = {"query_params": spec["query_params"]}
        if spec["page"]:
            body["page"] = spec["page"]
        sent = _post(reader, body, out["errors"])
        if sent is None:
            return
        status, answer = sent
        out["open_s"] = time.monotonic() - start
        kind = problem(status, answer)
        if kind:
            out["errors"].append(kind)
            if not (answer or {}).get("session_id"):
                return
        else:
            out["runs_ok"] += 1
        session = answer["session_id"]
        for i in range(changes):
            value = CHANGES[i % len(CHANGES)]
            t = time.monotonic()
            sent = _post(reader, {"session_id": session, "widget_state": {SLIDER: list(value)}}, out["errors"])
            if sent is None:
                return
            status, answer = sent
            out["change_s"].append(time.monotonic() - t)
            kind = problem(status, answer, value)
            if kind:
                out["errors"].append(kind)
            else:
                out["runs_ok"] += 1
    finally:
        out["done_at"] = time.monotonic()
        out["cookie"] = dict(reader.cookies)
        reader.close()


def pct(values: list[float], q: float) -> float | None:
    """The q-th percentile (0-100), linear interpolation between closest ranks; None when empty."""
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1] if q < 100 else max(values)


def burst(port: int, spec: dict, readers: int, changes: int, timeout: float) -> dict:
    """``readers`` threads released at once against 127.0.0.1:``port``; summary of their latencies."""
    barrier = threading.Barrier(readers + 1)
    deadline = time.monotonic() + timeout
    outs = [dict() for _ in range(readers)]
    threads = [threading.Thread(target=one_reader, args=(port, spec, changes, deadline, barrier, outs[i]), daemon=True) for i in range(readers)]
    for th in threads:
        th.start()
    barrier.wait()
    released = time.monotonic()
    for th in threads:
        th.join(max(0.0, deadline + 5 - time.monotonic()))
    ended = max((o.get("done_at") or time.monotonic()) for o in outs)
    errors = Counter(e for o in outs for e in o.get("errors", []))
    unfinished = sum(1 for th in threads if th.is_alive())
    if unfinished:
        errors["deadline"] += unfinished
    opens = [o["open_s"] for o in outs if o.get("open_s") is not None]
    change_s = [c for o in outs for c in o.get("change_s", [])]
    runs_ok = sum(o.get("runs_ok", 0) for o in outs)
    wall = ended - released
    return {
        "readers": readers, "changes_each": changes, "wall_s": round(wall, 2),
        "open_p50_s": _r(pct(opens, 50)), "open_p95_s": _r(pct(opens, 95)), "open_max_s": _r(max(opens, default=None)),
        "change_p50_s": _r(pct(change_s, 50)), "change_p95_s": _r(pct(change_s, 95)), "change_max_s": _r(max(change_s, default=None)),
        "runs_ok": runs_ok, "runs_expected": readers * (1 + changes), "throughput_runs_per_s": round(runs_ok / wall, 2) if wall > 0 else None,
        "errors": dict(errors), "error_count": sum(errors.values()),
        "cookies": Counter(json.dumps(o.get("cookie") or {}, sort_keys=True) for o in outs),
    }


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 3)


def single_reader(port: int, spec: dict, changes: int, timeout: float) -> dict:
    """One reader alone (the warm-up): its opening and change times."""
    out: dict = {}
    one_reader(port, spec, changes, time.monotonic() + timeout, None, out)
    return {"open_s": _r(out.get("open_s")), "change_s": [_r(c) for c in out.get("change_s", [])], "errors": out.get("errors", [])}


def measure_page(name: str, readers: int, changes: int, timeout: float, progress) -> dict:
    """Start the page's server, run one reader then the burst, stop it."""
    spec = PAGES[name]
    port = free_port()
    proc, log = start_server(name, port, agent_args(readers, timeout))
    try:
        wait_healthy(port, proc, log.name)
        pids = [proc.pid]
        idle = rss(pids)
        alone = single_reader(port, spec, changes, timeout)
        if alone["errors"]:
            progress(f"  {name}: the single reader got {alone['errors']} (see {LOGS})")
        result = measured_burst(port, spec, readers, changes, timeout, pids, idle)
        result.pop("cookies")
        result.update(page=_describe(name), single_reader=alone)
        return result
    finally:
        processes.stop(proc)
        log.close()


def measured_burst(port: int, spec: dict, readers: int, changes: int, timeout: float, pids: list[int], idle: int) -> dict:
    """:func:`burst` with the servers' memory (RSS of ``pids``: ``idle`` at start, before the burst,
    peak during it, one second after) and the machine's load average before and after."""
    before = rss(pids)
    sampler = MemorySampler(pids)
    sampler.start()
    load = os.getloadavg()
    result = burst(port, spec, readers, changes, timeout)
    peak = sampler.stop()
    time.sleep(1.0)
    after = rss(pids)
    result.update(loadavg_before=[round(x, 2) for x in load], loadavg_after=[round(x, 2) for x in os.getloadavg()],
                  memory_mb={"idle": _mb(idle), "before": _mb(before), "peak": _mb(peak), "after": _mb(after),
                             "growth_per_reader": round((after - before) / readers / 2**20, 3)})
    return result


def measure_replicas(replicas: int, readers: int, changes: int, timeout: float, progress) -> dict:
    """The dashboard page through HAProxy in front of ``replicas`` processes (deploy/serve_replicas.py)."""
    from deploy.serve_replicas import ServeError, running

    spec = PAGES["dashboard"]
    port = free_port(replicas + 1)
    try:
        with running(replicas, port, agent_args(readers, timeout), log_dir=LOGS) as cluster:
            pids = [p.pid for p in cluster.replicas]
            idle = rss(pids)
            # One reader per replica first: fills each process's caches, as the single reader does for one.
            alone = [single_reader(port, spec, changes, timeout) for _ in range(replicas)]
            result = measured_burst(port, spec, readers, changes, timeout, pids, idle)
    except ServeError as exc:
        progress(f"  replicas: skipped ({str(exc).splitlines()[0]})")
        return {"skipped": str(exc)}
    cookies = result.pop("cookies")
    per_replica = Counter()
    for text, n in cookies.items():
        per_replica[json.loads(text).get("DASHBOARD_REPLICA", "(none)")] += n
    result.update(page=f"{_describe('dashboard')} through HAProxy, {replicas} processes", replicas=replicas,
                  readers_per_replica=dict(per_replica), single_reader=alone)
    return result


def _describe(name: str) -> str:
    spec = PAGES[name]
    if spec["page"]:
        query = "&".join(f"{k}={v}" for k, vs in spec["query_params"].items() for v in vs)
        return f"/{spec['page']}" + (f"?{query}" if query else "")
    return spec["app"]


def _mb(b: int) -> float:
    return round(b / 2**20, 1)


def ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 2) if a is not None and b else None


def summarise(pages: dict) -> dict:
    """Ratios against the floor and the baseline, and each target met or not."""
    floor, base, dash, rep = (pages.get(k) or {} for k in ("floor", "baseline", "dashboard", "replicas"))
    s = {
        "dashboard_vs_floor": {"open_p95": ratio(dash.get("open_p95_s"), floor.get("open_p95_s")),
                               "change_p95": ratio(dash.get("change_p95_s"), floor.get("change_p95_s")),
                               "open_p50": ratio(dash.get("open_p50_s"), floor.get("open_p50_s")),
                               "change_p50": ratio(dash.get("change_p50_s"), floor.get("change_p50_s"))},
        "baseline_vs_floor": {"open_p95": ratio(base.get("open_p95_s"), floor.get("open_p95_s")),
                              "change_p95": ratio(base.get("change_p95_s"), floor.get("change_p95_s"))},
        "dashboard_vs_baseline": {"open_p95": ratio(dash.get("open_p95_s"), base.get("open_p95_s")),
                                  "change_p95": ratio(dash.get("change_p95_s"), base.get("change_p95_s"))},
        "replicas_throughput_vs_one_process": ratio(rep.get("throughput_runs_per_s"), dash.get("throughput_runs_per_s")),
    }
    d = s["dashboard_vs_floor"]
    s["targets_met"] = {
        "open_p95_vs_floor": None if d["open_p95"] is None else d["open_p95"] <= TARGETS["open_p95_vs_floor_max"],
        "change_p95_vs_floor": None if d["change_p95"] is None else d["change_p95"] <= TARGETS["change_p95_vs_floor_max"],
        "errors": dash.get("error_count") == 0 if dash else None,
        "memory_growth_per_reader": (dash["memory_mb"]["growth_per_reader"] <= TARGETS["memory_growth_mb_per_reader_max"]) if dash else None,
        "replicas_throughput": (None if s["replicas_throughput_vs_one_process"] is None
                                else s["replicas_throughput_vs_one_process"] >= TARGETS["replicas_throughput_vs_one_process_min"]),
    }
    return s


def print_table(pages: dict, summary: dict) -> None:
    print(f"\n{'page':<46} {'open p50/p95 s':>15} {'change p50/p95 s':>17} {'runs/s':>7} {'errors':>7} {'memory MB before/peak/after':>28} {'load':>5}")
    for name, r in pages.items():
        if not r or "skipped" in r:
            print(f"{name:<46} skipped: {(r or {}).get('skipped', '')[:80]}")
            continue
        m = r["memory_mb"]
        print(f"{r['page'][:46]:<46} {r['open_p50_s']:>6.2f} / {r['open_p95_s']:<6.2f} {r['change_p50_s'] or 0:>7.2f} / {r['change_p95_s'] or 0:<7.2f} "
              f"{r['throughput_runs_per_s'] or 0:>7.2f} {r['error_count']:>7} {m['before']:>9.0f} / {m['peak']:>5.0f} / {m['after']:<7.0f} {r['loadavg_before'][0]:>5.1f}")
        if r["errors"]:
            print(f"{'':<46} errors: {r['errors']}")
    d = summary["dashboard_vs_floor"]
    print(f"\ndashboard / floor: opening p95 {d['open_p95']}x, change p95 {d['change_p95']}x (targets <= 1.5x); "
          f"replicas / one process throughput: {summary['replicas_throughput_vs_one_process']}x (target >= 1.6x)")
    print(f"targets met: {summary['targets_met']}")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.loadtest", description=__doc__.split("\n\n")[0])
    parser.add_argument("--readers", type=int, default=100, help=f"readers arriving at once (at most {MAX_READERS})")
    parser.add_argument("--changes", type=int, default=3, help=f"slider changes per reader (at most {MAX_CHANGES})")
    parser.add_argument("--pages", default="floor,baseline,dashboard,replicas", help="which of floor, baseline, dashboard, replicas")
    parser.add_argument("--replicas", type=int, default=2, help="dashboard processes behind the proxy")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds a page's burst may take at most")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    if not (1 <= args.readers <= MAX_READERS and 0 <= args.changes <= MAX_CHANGES and 1 <= args.replicas <= 8 and 0 < args.timeout <= 1800):
        parser.error(f"readers 1-{MAX_READERS}, changes 0-{MAX_CHANGES}, replicas 1-8, timeout up to 1800 s")
    signal.signal(signal.SIGTERM, _sigterm)
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from bench.run import environment

    started = time.time()
    results = {"generated_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "environment": environment(),
               "settings": {"readers": args.readers, "changes": args.changes, "timeout_s": args.timeout, "replicas": args.replicas,
                            "slider_values_sent": [list(v) for v in CHANGES[: args.changes]]},
               "targets": TARGETS, "loadavg_at_start": [round(x, 2) for x in os.getloadavg()], "pages": {}}
    progress = lambda s: print(s, flush=True)  # noqa: E731
    for name in [p.strip() for p in args.pages.split(",") if p.strip()]:
        progress(f"[{name}] {args.readers} readers at once, {args.changes} changes each (load average {os.getloadavg()[0]:.1f}) ...")
        if name == "replicas":
            results["pages"][name] = measure_replicas(args.replicas, args.readers, args.changes, args.timeout, progress)
        elif name in PAGES:
            results["pages"][name] = measure_page(name, args.readers, args.changes, args.timeout, progress)
        else:
            parser.error(f"unknown page {name!r}")
        r = results["pages"][name]
        if "skipped" not in r:
            progress(f"  open p95 {r['open_p95_s']} s, change p95 {r['change_p95_s']} s, {r['throughput_runs_per_s']} runs/s, errors {r['errors']}")
    results["summary"] = summarise(results["pages"])
    results["loadavg_at_end"] = [round(x, 2) for x in os.getloadavg()]
    results["elapsed_s"] = round(time.time() - started, 1)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print_table(results["pages"], results["summary"])
    print(f"load average at start {results['loadavg_at_start'][0]:.1f}, at end {results['loadavg_at_end'][0]:.1f} on {os.cpu_count()} CPUs "
          "(other work on the machine slows every page; the ratios, measured in the same run, less so)")
    print(f"results: {args.out}   total {results['elapsed_s']:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
