"""``python -m bench.agent_api``: what the agent API's session limits in .streamlit/config.toml are
set from (server.agentWaitTimeout, server.agentMaxSessions, server.agentSessionTTL).

Starts the dashboard as ``make run`` does (``python -m dashboard.serve``, 127.0.0.1, a free port,
its own process group, killed at the end) and talks to its MCP endpoint ``/_stcore/agent/mcp`` the
way an assistant does (JSON-RPC ``tools/call interact``):

1. **Run time**: every page (and each tab of /sex-ratio) opened in a new agent session, once as the
   server's first visitor of that page and once more: wall time of the interact call, which returns
   when the page has finished running. The slowest is what ``agentWaitTimeout`` must cover.
2. **Memory per session**: resident memory (RSS) of the server's process tree before and after
   opening ``SESSIONS`` more sessions on each of two views that leave a table in the session for
   ``get_data``: /sex-ratio's surplus tab with its table view on, and the Data page (its grid holds
   up to 5,000 rows): MB per idle session, which with the memory budget below gives
   ``agentMaxSessions``.
3. **Follow-up time**: an assistant's follow-up call in the same session (setting the age range):
   wall time, to compare with the first call.

Prints a table and writes every figure to ``test-artifacts/agent_api.json`` (git-ignored).
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from bench.common import free_port
from deploy import processes

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "test-artifacts" / "agent_api.json"
#: The dashboard's pages (dashboard/app.py's url paths; "" is the default page, the Overview) and the sex-ratio page's tabs.
VIEWS = [
    ("", {}), ("check", {}), ("check", {"number": ["17.52 million"], "year": ["2020"], "age_from": ["20"], "age_to": ["40"]}),
    ("sex-ratio", {}), ("sex-ratio", {"chart": ["surplus"]}), ("sex-ratio", {"chart": ["neighbours"]}),
    ("marriage", {}), ("srb", {}), ("provinces", {}), ("cases", {}), ("international", {}), ("rescues", {}),
    ("count-types", {}), ("data", {}), ("sources", {}),
]
SESSIONS = 60
#: Memory the agent sessions may hold together, on top of the server's own (MB): a quarter of the
#: 2 GB a small VM gives the whole dashboard.
MEMORY_BUDGET_MB = 512


def rpc(base: str, method: str, params: dict | None = None, timeout: float = 300) -> dict:
    body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": method, "params": params or {}}).encode()
    req = urllib.request.Request(f"{base}/_stcore/agent/mcp", data=body, method="POST",
                                 headers={"Content-Type": "application/json", "Accept": "application/json, text/event-stream"})
    with urllib.request.urlopen(req, timeout=timeout) as resp:
        return json.loads(resp.read())


def interact(base: str, **arguments) -> tuple[float, dict]:
    """(seconds, snapshot) of one interact call."""
    start = time.perf_counter()
    answer = rpc(base, "tools/call", {"name": "interact", "arguments": arguments})
    seconds = time.perf_counter() - start
    result = answer["result"]
    snapshot = json.loads(result["content"][0]["text"])
    if result.get("isError"):
        raise RuntimeError(f"interact refused: {snapshot}")
    return seconds, snapshot


def rss_mb(pid: int) -> float:
    import psutil

    root = psutil.Process(pid)
    total = 0
    for proc in [root, *root.children(recursive=True)]:
        try:
            total += proc.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return total / 2**20


def main() -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    OUT.parent.mkdir(exist_ok=True)
    log = open(OUT.with_suffix(".log"), "wb")  # noqa: SIM115 - closed below
    proc = subprocess.Popen([sys.executable, "-m", "dashboard.serve", "--server.address", "127.0.0.1", "--server.port", str(port),
                             # room for every session this script opens (the config's limit is what is being sized)
                             "--server.agentMaxSessions", "1000"],
                            cwd=ROOT, start_new_session=True, stdout=log, stderr=subprocess.STDOUT)
    results: dict = {"sessions": SESSIONS, "memory_budget_mb": MEMORY_BUDGET_MB}
    try:
        processes.wait_healthy(base, proc, "dashboard", OUT.with_suffix(".log"), timeout=120)
        rpc(base, "initialize", {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "bench", "version": "0"}})
        runs = []
        for page, params in VIEWS:
            first, _snap = interact(base, page=page, query_params=params)
            again, _snap = interact(base, page=page, query_params=params)
            runs.append({"page": page, "query_params": params, "first_s": round(first, 3), "again_s": round(again, 3)})
            print(f"{page:12} {json.dumps(params, ensure_ascii=False)[:60]:62} first {first:6.2f} s   again {again:6.2f} s", flush=True)
        results["runs"] = runs
        results["slowest_s"] = max(max(r["first_s"], r["again_s"]) for r in runs)

        view = {"page": "sex-ratio", "query_params": {"chart": ["surplus"]}}
        _s, snap = interact(base, **view)
        sid = snap["session_id"]
        start = time.perf_counter()
        interact(base, session_id=sid, widget_state={"surplus-table-view": True})
        results["follow_up_table_view_s"] = round(time.perf_counter() - start, 3)
        print(f"slowest interact: {results['slowest_s']:.2f} s; follow-up (table view on): {results['follow_up_table_view_s']:.2f} s")
        memory = {}
        for name, open_view in (
            ("surplus_table", lambda: interact(base, session_id=interact(base, **view)[1]["session_id"], widget_state={"surplus-table-view": True})),
            ("data_page", lambda: interact(base, page="data")),
        ):
            open_view()  # the view's caches are warm before the count starts
            time.sleep(2)
            before = rss_mb(proc.pid)
            for _ in range(SESSIONS):
                open_view()
            time.sleep(2)
            after = rss_mb(proc.pid)
            per = (after - before) / SESSIONS
            memory[name] = {"rss_before_mb": round(before, 1), "rss_after_mb": round(after, 1), "mb_per_session": round(per, 2)}
            print(f"{name}: RSS {before:.0f} MB -> {after:.0f} MB after {SESSIONS} more sessions: {per:.2f} MB per session", flush=True)
        worst = max(m["mb_per_session"] for m in memory.values())
        results.update(memory=memory, mb_per_session_worst=worst, max_sessions_for_budget=int(MEMORY_BUDGET_MB / worst) if worst > 0 else None)
        print(f"{MEMORY_BUDGET_MB} MB budget / {worst:.2f} MB per session -> {results['max_sessions_for_budget']} sessions")
    finally:
        processes.stop(proc, wait=20)
        log.close()
        OUT.write_text(json.dumps(results, indent=2, ensure_ascii=False))
        print(f"written {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
