"""Browser benchmark: the dashboard and the baseline app served side by side, driven in headless
Chromium (Debian's /usr/bin/chromium through Playwright; never ``playwright install``).

The dashboard is started as ``make run`` starts it (``.venv/bin/python -m dashboard.serve``: its
modules imported before it serves, then Streamlit's own ``streamlit run dashboard/app.py``), the
baseline with ``.venv/bin/streamlit run bench/baseline_app.py``; both with ``--server.port P
--server.address 127.0.0.1`` and the repository as cwd (so .streamlit/config.toml applies), each
in a process group of its own, killed at the end.

Each load opens a fresh browser context (empty cache, no cookies) and, after the timed event,
waits until the script run is over (``data-test-script-state=notRunning`` on stApp) so that no
load starts while a server still works on the previous one. Order, per URL path ("/sex-ratio",
then "/"): one untimed warm-up load of each app, then 7 timed loads each, interleaved dashboard,
baseline, dashboard, ...

* first chart  time from ``page.goto`` to the first drawn Plotly chart
               (``[data-testid=stPlotlyChart] .js-plotly-plot .main-svg``) or, for a dashboard page
               whose script renders no Plotly chart (per AppTest), to the ``h1`` of both apps.
* interaction  on each timed /sex-ratio load (and each baseline load beside it), once the page is
               idle (for the dashboard: after a click on its "Surplus of men" tab, whose content runs
               only when open, and the rerun that draws it) and its chart says "(selected: 20-39)":
               focus the end thumb of the
               ``surplus_range`` select_slider, press ArrowRight (35-39 -> 40-44), time until a Plotly
               chart's text contains "(selected: 20-44)".
* memory       RSS of each server (streamlit process + children): idle before any load, after 5
               loads of each app (the /sex-ratio warm-up + 4 timed loads, for the baseline its "/"),
               and at the end of the run.
* cold first   per dashboard page: both servers restarted, then the page opened in a new browser
  visit        context (empty cache) as the servers' first visitor, and the baseline's page beside
               it under the same conditions; time to the first chart (or h1 where the page draws
               no chart); COLD_LOADS times each, median. What a reader meets who opens a shared link
               on a server nobody has visited since it started.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from bench.common import CHROMIUM, CHROMIUM_ARGS, free_port
from deploy import processes

ROOT = Path(__file__).resolve().parent.parent
STREAMLIT = ROOT / ".venv" / "bin" / "streamlit"
#: The dashboard is started as ``make run`` starts it (its modules loaded before it serves).
DASHBOARD_COMMAND = [str(ROOT / ".venv" / "bin" / "python"), "-m", "dashboard.serve"]
VIEWPORT = {"width": 1400, "height": 1000}
WAIT_MS = 90_000
ATTEMPTS = 3  # a load that times out (busy machine) is recorded in 'failures' and redone
LOADS = 7
MEMORY_LOADS = 5
COLD_LOADS = 3

CHART_SELECTOR = "[data-testid=stPlotlyChart] .js-plotly-plot .main-svg"
H1_SELECTOR = "[data-testid=stMain] h1"
# Each returns performance.now() (ms since the document's time origin) once the condition holds.
PRESENT_JS = "(sel) => document.querySelector(sel) ? performance.now() : false"
IDLE_JS = """() => {
  const app = document.querySelector('[data-testid=stApp]');
  return app && app.getAttribute('data-test-script-state') === 'notRunning' ? performance.now() : false;
}"""
TITLE_JS = """(needle) => [...document.querySelectorAll('[data-testid=stPlotlyChart]')]
  .some(e => e.textContent.includes(needle)) ? performance.now() : false"""
# The thumbs are visually hidden <input type=range> (implicit role "slider").
#: The dashboard's /sex-ratio page has tabs (only the open one runs); the slider is on this one.
SURPLUS_TAB = "Surplus of men"
THUMBS_JS = "() => document.querySelectorAll('.st-key-surplus_range input[type=range]').length === 2"
COUNT_JS = "(sel) => document.querySelectorAll(sel).length"
# Installed only in untimed loads: notes whether Streamlit's "Page not found" dialog ever showed.
PAGE_NOT_FOUND_OBSERVER = """
window.__benchPageNotFound = false;
new MutationObserver(() => {
  if (window.__benchPageNotFound) return;
  for (const d of document.querySelectorAll('[role=dialog]')) {
    if (d.textContent.includes('Page not found')) { window.__benchPageNotFound = true; return; }
  }
}).observe(document, {childList: true, subtree: true});
"""


def median(xs: list[float]) -> float:
    return round(statistics.median(xs), 1)


class Server:
    """One Streamlit server in its own process group, bound to 127.0.0.1: ``command`` (the
    dashboard: ``python -m dashboard.serve``, as ``make run`` starts it) or ``streamlit run script``."""

    def __init__(self, name: str, script: str, log_dir: Path, command: list[str] | None = None):
        self.name, self.script = name, script
        self.command = command or [str(STREAMLIT), "run", script]
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_dir / f"{name}-{self.port}.log"
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        self._log = open(self.log_path, "ab")  # noqa: SIM115 - closed in stop(); appended to across restarts
        self.proc = subprocess.Popen(
            [*self.command, "--server.port", str(self.port), "--server.address", "127.0.0.1"],
            cwd=ROOT, start_new_session=True, stdin=subprocess.DEVNULL, stdout=self._log, stderr=subprocess.STDOUT,
        )

    def wait_healthy(self, timeout: float = 90) -> float:
        """Seconds until the server answered its health check (polled every 0.2 s)."""
        return processes.wait_healthy(self.base_url, self.proc, self.name, self.log_path, timeout, poll=0.2)

    def rss_bytes(self) -> dict:
        """RSS of the streamlit process and all its children."""
        pid = self.proc.pid
        try:
            import psutil

            root = psutil.Process(pid)
            procs = [root, *root.children(recursive=True)]
            per = {p.pid: p.memory_info().rss for p in procs}
            method = "psutil"
        except ImportError:
            per = {p: _vmrss(p) for p in [pid, *_children(pid)]}
            method = "/proc VmRSS"
        return {"total": sum(per.values()), "by_pid": per, "method": method}

    def log_tail(self, chars: int = 3000) -> str:
        return processes.log_tail(self.log_path, chars)

    def stop(self) -> None:
        if self.proc is None:
            return
        processes.stop(self.proc)
        self._log.close()


def _vmrss(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def _children(pid: int) -> list[int]:
    out = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            out += [int(child), *_children(int(child))]
    return out


class Bench:
    def __init__(self, browser):
        self.browser = browser

    def _page(self, observe_not_found: bool = False):
        ctx = self.browser.new_context(viewport=VIEWPORT)
        ctx.set_default_timeout(WAIT_MS)
        if observe_not_found:
            ctx.add_init_script(PAGE_NOT_FOUND_OBSERVER)
        return ctx, ctx.new_page()

    @staticmethod
    def _wait(page, js: str, arg=None) -> float:
        return page.wait_for_function(js, arg=arg, polling="raf", timeout=WAIT_MS).json_value()

    def load(self, url: str, target: str, observe_not_found: bool = False, keep: bool = False) -> dict:
        """Open ``url`` in a fresh context; time goto -> ``target`` selector present, then wait
        until the script run is over. Returns wall and in-page times (ms)."""
        ctx, page = self._page(observe_not_found)
        try:
            t0 = time.perf_counter()
            page.goto(url, wait_until="commit", timeout=WAIT_MS)
            h1_in_page = self._wait(page, PRESENT_JS, H1_SELECTOR) if target != H1_SELECTOR else None
            in_page = self._wait(page, PRESENT_JS, target)
            wall = (time.perf_counter() - t0) * 1000
            idle_in_page = self._wait(page, IDLE_JS)
            idle_wall = (time.perf_counter() - t0) * 1000
            result = {
                "wall_ms": round(wall, 1),
                "in_page_ms": round(in_page, 1),
                "h1_in_page_ms": round(h1_in_page if h1_in_page is not None else in_page, 1),
                "until_script_idle_wall_ms": round(idle_wall, 1),
                "until_script_idle_in_page_ms": round(idle_in_page, 1),
                "charts": page.evaluate(COUNT_JS, "[data-testid=stPlotlyChart]"),
                "h1": page.evaluate("() => [...document.querySelectorAll('[data-testid=stMain] h1')].map(e => e.textContent)"),
            }
            if observe_not_found:
                result["page_not_found_shown"] = page.evaluate("() => window.__benchPageNotFound")
            if keep:
                result["_ctx"], result["_page"] = ctx, page
            return result
        except BaseException:
            keep = False
            raise
        finally:
            if not keep:
                ctx.close()

    def interact_on(self, page, tab: str | None = None) -> dict:
        """On a loaded page: click ``tab`` (a tab's name) if given, wait for the chart titled
        '(selected: 20-39)' and an idle script, focus the end thumb of surplus_range, press
        ArrowRight (35-39 -> 40-44) and time until a chart's text contains '(selected: 20-44)'."""
        if tab is not None:
            self._wait(page, IDLE_JS)
            page.get_by_role("tab", name=tab).click()
        self._wait(page, TITLE_JS, "(selected: 20-39)")
        self._wait(page, IDLE_JS)
        try:  # the select_slider's code is a lazily loaded chunk: its thumbs may come after the chart
            page.wait_for_function(THUMBS_JS, polling="raf", timeout=WAIT_MS)
        except Exception:  # noqa: BLE001 - reported below with the count found
            pass
        thumbs = page.locator(".st-key-surplus_range").get_by_role("slider")
        if thumbs.count() != 2:
            raise RuntimeError(f"{page.url}: expected 2 slider thumbs in .st-key-surplus_range, found {thumbs.count()}")
        end = thumbs.nth(1)
        before = end.get_attribute("aria-valuetext")
        if before != "35-39":  # the last age group of 20-39
            raise RuntimeError(f"{page.url}: the end thumb of surplus_range says {before!r}, expected '35-39'")
        for _ in range(50):  # a re-render can take the focus; a "Page not found" dialog makes the page inert
            end.focus()
            page.wait_for_timeout(100)
            if end.evaluate("e => e === document.activeElement"):
                break
        else:
            raise RuntimeError(f"{page.url}: the end thumb of surplus_range cannot be focused")
        t_page0 = page.evaluate("performance.now()")
        t0 = time.perf_counter()
        page.keyboard.press("ArrowRight")
        t_page1 = self._wait(page, TITLE_JS, "(selected: 20-44)")
        wall = (time.perf_counter() - t0) * 1000
        t_idle = self._wait(page, IDLE_JS)
        return {
            "wall_ms": round(wall, 1),
            "in_page_ms": round(t_page1 - t_page0, 1),
            "until_script_idle_in_page_ms": round(max(t_idle, t_page1) - t_page0, 1),
            "thumb_before": before,
            "thumb_after": end.get_attribute("aria-valuetext"),
        }


def _summarise(samples: dict, key: str, idle_key: str) -> dict:
    row = {}
    for name in ("dashboard", "baseline"):
        row[f"{name}_median_ms"] = median([x[key] for x in samples[name]])
        row[f"{name}_median_until_script_idle_ms"] = median([x[idle_key] for x in samples[name]])
    row["ratio"] = round(row["dashboard_median_ms"] / row["baseline_median_ms"], 3)
    row["idle_ratio"] = round(row["dashboard_median_until_script_idle_ms"] / row["baseline_median_until_script_idle_ms"], 3)
    return row


def cold_first_visits(bench: Bench, servers: dict, chart_counts: dict[str, int], retry, progress=print) -> dict:
    """The cold first visit of every page: for each URL path in ``chart_counts`` (path -> Plotly
    charts its script draws; 0: time to h1), COLD_LOADS times: restart both servers, load the
    dashboard's page, then the baseline's, each in a new browser context. Returns path -> samples,
    medians and ratio."""
    out = {}
    for path, charts in chart_counts.items():
        target = CHART_SELECTOR if charts > 0 else H1_SELECTOR
        samples = {"dashboard": [], "baseline": []}
        for i in range(COLD_LOADS):
            for s in servers.values():
                s.stop()
                s.start()
            for s in servers.values():
                s.wait_healthy()
            for name, url in (("dashboard", servers["dashboard"].base_url + path), ("baseline", servers["baseline"].base_url + "/")):
                samples[name].append(retry(lambda: bench.load(url, target), name, f"cold {path}", i))
        row = {"mode": "chart" if charts > 0 else "h1", "target_selector": target, "samples": samples,
               **_summarise(samples, "wall_ms", "until_script_idle_wall_ms")}
        out[path] = row
        progress(f"  cold first visit {path}: dashboard {row['dashboard_median_ms']:.0f} ms, baseline {row['baseline_median_ms']:.0f} ms ({row['ratio']:.2f}x)")
    return out


def run(chart_counts: dict[str, int], log_dir: Path | None = None, progress=print, cold_counts: dict[str, int] | None = None) -> dict:
    """Run the three browser phases.

    Args:
        chart_counts: dashboard URL path ("/", "/sex-ratio") -> number of st.plotly_chart elements
            its page script renders (from the AppTest phase); 0 means "time to h1" for that row.
        cold_counts: the same for every page, for the cold first visits (None: not run).
    """
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"{CHROMIUM} not found: install Debian's chromium (make test does, as root)")
    own_tmp = None
    if log_dir is None:
        own_tmp = tempfile.TemporaryDirectory(prefix="bench-logs-")
        log_dir = Path(own_tmp.name)
    dash = Server("dashboard", "dashboard/app.py", log_dir, command=DASHBOARD_COMMAND)
    base = Server("baseline", "bench/baseline_app.py", log_dir)
    servers = {"dashboard": dash, "baseline": base}
    out: dict = {"servers": {}, "loadavg_start": os.getloadavg()}
    pw = None
    try:
        for s in servers.values():
            s.start()
        for name, s in servers.items():
            out["servers"][name] = {
                "command": f"{' '.join(s.command)} --server.port {s.port} --server.address 127.0.0.1 (cwd: repository)",
                "healthy_after_s": round(s.wait_healthy(), 2),
            }
        pw = sync_playwright().start()
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        out["chromium"] = browser.version
        bench = Bench(browser)
        mem: dict = {name: {"idle_before_loads_bytes": s.rss_bytes()["total"]} for name, s in servers.items()}

        first: dict = {}
        inter = {"dashboard": [], "baseline": []}
        failures: list[dict] = []
        out["failures"] = failures

        def retry(fn, name, path, load):
            for attempt in range(ATTEMPTS):
                try:
                    return fn()
                except Exception as exc:  # noqa: BLE001 - recorded, then redone
                    failures.append({"app": name, "path": path, "load": load, "attempt": attempt, "error": f"{type(exc).__name__}: {str(exc)[:300]}"})
                    progress(f"  ! {name} {path} load {load} attempt {attempt}: {type(exc).__name__}")
                    if attempt == ATTEMPTS - 1:
                        raise
            return None

        def load_and_interact(url, target, tab):
            r = bench.load(url, target, keep=True)
            ctx, page = r.pop("_ctx"), r.pop("_page")
            try:  # the interaction, on the page just loaded (its script has finished)
                return r, bench.interact_on(page, tab)
            finally:
                ctx.close()

        for path in ["/sex-ratio", "/"]:
            mode = "chart" if chart_counts.get(path, 0) > 0 else "h1"
            target = CHART_SELECTOR if mode == "chart" else H1_SELECTOR
            # Warm-up (untimed): also records whether "Page not found" was ever shown.
            warm = {"dashboard": retry(lambda: bench.load(dash.base_url + path, target, observe_not_found=True), "dashboard", path, "warm-up"),
                    "baseline": retry(lambda: bench.load(base.base_url + "/", target, observe_not_found=True), "baseline", path, "warm-up")}
            samples = {"dashboard": [], "baseline": []}
            for i in range(LOADS):
                for name, url in (("dashboard", dash.base_url + path), ("baseline", base.base_url + "/")):
                    if path == "/sex-ratio":
                        tab = SURPLUS_TAB if name == "dashboard" else None
                        r, ri = retry(lambda: load_and_interact(url, target, tab), name, path, i)
                        inter[name].append(ri)
                    else:
                        r = retry(lambda: bench.load(url, target), name, path, i)
                    samples[name].append(r)
                if path == "/sex-ratio" and i == MEMORY_LOADS - 2:  # warm-up + 4 loads = 5 loads per app
                    time.sleep(1.0)
                    for name, s in servers.items():
                        rss = s.rss_bytes()
                        mem[name].update({"after_5_loads_bytes": rss["total"], "after_5_loads_by_pid": rss["by_pid"], "method": rss["method"],
                                          "loads": f"5 loads of {path if name == 'dashboard' else '/'} (1 warm-up + 4 timed), each with one slider rerun except the warm-up"})
                    progress(f"  memory after 5 loads: dashboard {mem['dashboard']['after_5_loads_bytes'] / 2**20:.0f} MiB, "
                             f"baseline {mem['baseline']['after_5_loads_bytes'] / 2**20:.0f} MiB")
            row = {
                "dashboard_url_path": path,
                "baseline_url_path": "/",
                "mode": mode,
                "dashboard_plotly_charts_on_page": chart_counts.get(path),
                "target_selector": target,
                "note": None if mode == "chart" else
                f"the dashboard's {path} page renders no Plotly chart: time to its h1 (and the baseline's h1) measured instead",
                "warmup": warm,
                "samples": samples,
                **_summarise(samples, "wall_ms", "until_script_idle_wall_ms"),
                "dashboard_median_in_page_ms": median([x["in_page_ms"] for x in samples["dashboard"]]),
                "baseline_median_in_page_ms": median([x["in_page_ms"] for x in samples["baseline"]]),
                "dashboard_median_h1_in_page_ms": median([x["h1_in_page_ms"] for x in samples["dashboard"]]),
                "baseline_median_h1_in_page_ms": median([x["h1_in_page_ms"] for x in samples["baseline"]]),
            }
            first[path] = row
            progress(f"  first {mode} {path}: dashboard {row['dashboard_median_ms']:.0f} ms, baseline {row['baseline_median_ms']:.0f} ms")
        out["first_chart"] = first

        irow = {"dashboard_url_path": "/sex-ratio", "baseline_url_path": "/", "samples": inter,
                **_summarise(inter, "wall_ms", "until_script_idle_in_page_ms"),
                "dashboard_median_in_page_ms": median([x["in_page_ms"] for x in inter["dashboard"]]),
                "baseline_median_in_page_ms": median([x["in_page_ms"] for x in inter["baseline"]])}
        out["interaction"] = irow
        progress(f"  interaction: dashboard {irow['dashboard_median_ms']:.0f} ms, baseline {irow['baseline_median_ms']:.0f} ms")

        mem["ratio"] = round(mem["dashboard"]["after_5_loads_bytes"] / mem["baseline"]["after_5_loads_bytes"], 3)
        for name, s in servers.items():
            mem[name]["end_of_run_bytes"] = s.rss_bytes()["total"]
        mem["end_of_run_ratio"] = round(mem["dashboard"]["end_of_run_bytes"] / mem["baseline"]["end_of_run_bytes"], 3)
        out["memory"] = mem
        if cold_counts:
            out["cold_first_visit"] = cold_first_visits(bench, servers, cold_counts, retry, progress)
        out["loadavg_end"] = os.getloadavg()
        browser.close()
    finally:
        if pw is not None:
            pw.stop()
        for name, s in servers.items():
            s.stop()
            log = s.log_tail(200_000)
            out["servers"].setdefault(name, {})["log_tracebacks"] = log.count("Traceback")
            out["servers"][name]["exited"] = s.proc is not None and s.proc.poll() is not None
        if own_tmp is not None:
            own_tmp.cleanup()
    return out
