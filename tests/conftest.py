"""Shared fixtures for the real-browser tests (tests/test_browser.py).

* ``server``   -- the dashboard started exactly as the README says (``make run PORT=...``),
                  once per test session; its log goes to test-artifacts/.
* ``browser``  -- Debian's headless chromium driven by Playwright's sync API (no
                  pytest-playwright plugin); skips when chromium or the Noto CJK fonts are missing,
                  fails instead in CI (CI=true). Every context it opens records each request and
                  websocket URL in the session-wide ``request_log``; after the last browser test no
                  URL may point to another host.
* ``page``     -- a fresh browser context + page per test; its URLs also in ``page.requests``.

Playwright is imported lazily so that the non-browser tests never need it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from bench.common import CHROMIUM, CHROMIUM_ARGS, free_port
from deploy.processes import ServeError, stop, wait_healthy

REPO_ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = REPO_ROOT / "test-artifacts"
BROWSER_DEPS_MESSAGE = "install Debian packages chromium and fonts-noto-cjk (make test does this as root)"
SERVER_START_TIMEOUT = 120.0


@pytest.fixture(scope="session", autouse=True)
def published_dir(tmp_path_factory) -> Path:
    """One build of the raw files (``datasets.build.main``) into a temporary folder per test
    session, which the dashboard's Parquet reader (``dashboard.data.PUBLISHED_DIR``) reads during
    the tests: no test depends on the last ``make data``. (The browser tests' server is started
    with ``make run`` as the README says, and reads the build that command makes.)"""
    from dashboard import data
    from datasets import build

    out = tmp_path_factory.mktemp("session-build") / "published"
    assert build.main(["--out", str(out)]) == 0, "the data build failed: see the output above"
    before = data.PUBLISHED_DIR
    data.PUBLISHED_DIR = out
    yield out
    data.PUBLISHED_DIR = before


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """test-artifacts/ at the repository root (git-ignored): logs, screenshots, downloads."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def _outbound_connections(pid: int) -> list[str]:
    """Remote addresses (not loopback) of every inet connection of the process tree under ``pid``."""
    import psutil

    found = []
    root = psutil.Process(pid)
    for proc in [root, *root.children(recursive=True)]:
        try:
            conns = proc.net_connections(kind="inet")
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
        for c in conns:
            if c.raddr and not (c.raddr.ip.startswith("127.") or c.raddr.ip in ("::1", "::ffff:127.0.0.1")):
                found.append(f"{proc.name()} -> {c.raddr.ip}:{c.raddr.port}")
    return found


def start_dashboard(port: int, log_file) -> tuple[subprocess.Popen, str]:
    """Start ``make run PORT=<port>`` (as the README says) in its own process group, its output
    appended to ``log_file``; wait up to 120 s for /_stcore/health to answer "ok".

    Returns the process and the base URL; fails the test if the server exits or is not healthy.
    """
    proc = subprocess.Popen(
        ["make", "run", f"PORT={port}"],
        cwd=REPO_ROOT,
        start_new_session=True,
        stdout=log_file,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base_url, proc, "`make run`", log_file.name, timeout=SERVER_START_TIMEOUT)
    except ServeError as exc:
        stop(proc, wait=15)
        pytest.fail(str(exc))
    return proc, base_url


def stop_dashboard(proc: subprocess.Popen) -> None:
    """SIGTERM the server's process group (make + streamlit), then SIGKILL if it lingers."""
    stop(proc, wait=15)


@pytest.fixture(scope="session")
def server(artifacts_dir: Path):
    """Start ``make run PORT=<free port>`` once per session; yield the base URL.

    At teardown the whole process group is killed, the server must not have opened connections to
    other hosts, and the server log must not contain a Python traceback.
    """
    port = free_port()
    log_path = artifacts_dir / f"server-{port}.log"
    log_file = open(log_path, "wb")  # noqa: SIM115 - closed at teardown
    proc = None
    try:
        proc, base_url = start_dashboard(port, log_file)
        yield base_url
        outbound = _outbound_connections(proc.pid)
    finally:
        if proc is not None:
            stop_dashboard(proc)
        log_file.close()
    assert not outbound, f"the server opened connections to other hosts: {outbound}"
    log = log_path.read_text(encoding="utf-8", errors="replace")
    assert "Traceback" not in log, f"server log {log_path} contains a traceback:\n{log[-6000:]}"


def missing_tool(message: str) -> None:
    """A Debian package a test needs is missing: skip with ``message`` (what to install), except in
    CI (``CI=true``), where the run fails rather than stay green without the test."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true and this test cannot run: {message}", pytrace=False)
    pytest.skip(message)


def missing_browser() -> None:
    """Chromium or the CJK fonts are missing: skip the browser test, except in CI (``CI=true``,
    set by .ci/run), where a skipped browser suite would leave the run green without having
    looked at a single page: there it fails."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true and the browser tests cannot run: {BROWSER_DEPS_MESSAGE}", pytrace=False)
    pytest.skip(BROWSER_DEPS_MESSAGE)


class RecordingBrowser:
    """The Playwright browser, with every context it opens recording each request and WebSocket
    URL of its pages in the session's ``request_log`` (so the no-outbound-request check covers
    every browser test, whatever context it opened)."""

    def __init__(self, browser, log: list[str]):
        self._browser = browser
        self._log = log

    def new_context(self, **kw):
        context = self._browser.new_context(**kw)
        context.on("request", lambda req: self._log.append(req.url))
        context.on("page", lambda pg: pg.on("websocket", lambda ws: self._log.append(ws.url)))
        return context

    def __getattr__(self, name):
        return getattr(self._browser, name)


def offending_urls(urls: list[str]) -> list[str]:
    """The URLs that leave the machine: any host other than 127.0.0.1/localhost (data: and blob: are local)."""
    bad = []
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob") or parts.hostname in ("127.0.0.1", "localhost"):
            continue
        bad.append(url)
    return bad


@pytest.fixture(scope="session")
def browser(request_log):
    """Debian's chromium, headless, through Playwright's sync API (one per session), as a
    :class:`RecordingBrowser`. At the end of the session, after every browser test, no page may
    have requested anything from another host."""
    fonts = subprocess.run(["fc-list"], capture_output=True, text=True, check=False).stdout if shutil.which("fc-list") else ""
    if not Path(CHROMIUM).exists() or "Noto Sans CJK" not in fonts:
        missing_browser()
    from playwright.sync_api import sync_playwright

    pw = sync_playwright().start()
    try:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield RecordingBrowser(chromium, request_log)
        finally:
            chromium.close()
    finally:
        pw.stop()
    bad = offending_urls(request_log)
    assert request_log, "the browser tests requested nothing: the request recording is broken"
    assert not bad, f"{len(bad)} of {len(request_log)} requests of the browser tests left 127.0.0.1/localhost: {bad[:20]}"


@pytest.fixture(scope="session")
def request_log() -> list[str]:
    """Every request / websocket URL any test page made, in order (for the no-network test)."""
    return []


@pytest.fixture(scope="session")
def warm_server(browser, server) -> str:
    """The server, not visited yet. (The page scripts live in dashboard/views/, not pages/:
    Streamlit reads a pages/ folder as its old multipage mode, which made a fresh server's first
    deep link show "Page not found", streamlit/streamlit#9624. test_browser.py's first test opens
    a deep link as the server's very first visit to keep it that way.)"""
    return server


@pytest.fixture
def page(browser, warm_server):
    """A new context (1400x1000, downloads allowed) and page; ``page.requests`` lists the URLs
    it requested and ``page.base_url`` is the server's base URL."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    context.set_default_timeout(30_000)
    pg = context.new_page()
    pg.requests = []
    pg.base_url = warm_server
    pg.on("request", lambda req: pg.requests.append(req.url))
    pg.on("websocket", lambda ws: pg.requests.append(ws.url))
    try:
        yield pg
    finally:
        context.close()
