"""``make serve REPLICAS=2``: two dashboard processes behind HAProxy (deploy/haproxy.cfg,
deploy/serve_replicas.py). A reader stays on one process across reruns (the proxy's cookie), and a
page works through the proxy in a real browser (WebSocket included).

Skips when the Debian package haproxy is not installed (``bash scripts/install_proxy.sh`` as root).
"""

from __future__ import annotations

import http.client
import json
from pathlib import Path

import pytest

from bench.common import free_port, snapshot_elements
from deploy import serve_replicas
from tests.browser_helpers import CHART, EXCEPTION, expect, settle
from tests.conftest import missing_tool

COOKIE = serve_replicas.COOKIE
#: 2020 census table, men minus women (tests/test_population.py checks them against the raw file).
SURPLUS_20_39, SURPLUS_20_44 = "15,337,091", "17,647,149"


@pytest.fixture(scope="module")
def cluster(artifacts_dir: Path):
    try:
        serve_replicas.haproxy()
    except serve_replicas.ServeError as exc:
        missing_tool(str(exc))  # fails on CI (scripts/install_browser_deps.sh installs haproxy there)
    port = free_port()
    agent = ["--server.enableAgentApi", "true"]  # the agent API for this test only: it talks to each process by HTTP
    with serve_replicas.running(2, port, agent, log_dir=artifacts_dir / "replicas") as c:
        yield c


def _post(url: str, body: dict, cookie: str | None = None) -> tuple[int, dict, dict]:
    """POST to the agent API at ``url``; (status, JSON body, cookies set by the response)."""
    host, port = url.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=120)
    headers = {"Content-Type": "application/json"}
    if cookie:
        headers["Cookie"] = cookie
    conn.request("POST", "/_stcore/agent/interact", body=json.dumps(body), headers=headers)
    resp = conn.getresponse()
    payload = json.loads(resp.read())
    cookies = dict(h.split(";", 1)[0].split("=", 1) for h in resp.headers.get_all("Set-Cookie") or [])
    conn.close()
    return resp.status, payload, cookies


def _slider(snapshot: dict) -> list:
    return next(e for e in snapshot_elements(snapshot["tree"]) if e.get("key") == "surplus_range")["value"]


def _metric_text(snapshot: dict) -> str:
    return json.dumps([e for e in snapshot_elements(snapshot["tree"]) if e.get("type") == "metric"], ensure_ascii=False)


def test_a_reader_stays_on_one_process_across_reruns(cluster):
    status, first, cookies = _post(cluster.url, {"page": "sex-ratio", "query_params": {"chart": ["surplus"]}})
    assert status == 200 and first["status"] == "ready", first
    replica = cookies.get(COOKIE)
    assert replica in ("app1", "app2"), cookies  # the proxy named the process that holds the session
    session = first["session_id"]
    assert _slider(first) == ["20-24", "35-39"] and SURPLUS_20_39 in _metric_text(first)
    for value, surplus in ((["20-24", "40-44"], SURPLUS_20_44), (["20-24", "35-39"], SURPLUS_20_39), (["20-24", "40-44"], SURPLUS_20_44)):
        status, snap, again = _post(cluster.url, {"session_id": session, "widget_state": {"surplus_range": value}}, f"{COOKIE}={replica}")
        # The session lives in one process only: a rerun sent to the other would be "unknown_session".
        assert status == 200 and snap["status"] == "ready", snap
        assert _slider(snap) == value and surplus in _metric_text(snap)
        assert COOKIE not in again  # the cookie is set once, on the first answer
    # Why the cookie matters: the same session asked of each process directly.
    own, other = (cluster.replica_urls[0], cluster.replica_urls[1]) if replica == "app1" else (cluster.replica_urls[1], cluster.replica_urls[0])
    assert _post(own, {"session_id": session, "widget_state": {"surplus_range": ["20-24", "35-39"]}})[0] == 200
    status, refused, _ = _post(other, {"session_id": session, "widget_state": {"surplus_range": ["20-24", "35-39"]}})
    assert status != 200 and refused["error"]["code"] == "unknown_session", refused


def test_new_readers_are_spread_over_both_processes(cluster):
    seen = [_post(cluster.url, {"query_params": {}})[2].get(COOKIE) for _ in range(4)]
    assert set(seen) == {"app1", "app2"}, seen


def test_health_check_answers_through_the_proxy(cluster):
    host, port = cluster.url.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    conn.request("GET", "/_stcore/health")
    resp = conn.getresponse()
    assert (resp.status, resp.read()) == (200, b"ok")


def test_a_page_works_through_the_proxy_in_the_browser(cluster, browser, artifacts_dir: Path):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        pg = context.new_page()
        sockets = []
        pg.on("websocket", lambda ws: sockets.append(ws.url))
        pg.goto(cluster.url + "/sex-ratio?chart=surplus")
        pg.wait_for_selector(CHART, timeout=60_000)
        settle(pg)
        replica = {c["name"]: c["value"] for c in context.cookies()}.get(COOKIE)
        assert replica in ("app1", "app2")
        assert sockets and all(s.startswith(cluster.url.replace("http", "ws")) for s in sockets), sockets  # through the proxy
        metric = pg.locator("[data-testid=stMetric]").filter(has_text="Surplus of men, ages")
        expect()(metric.locator("[data-testid=stMetricValue]")).to_have_text(SURPLUS_20_39)
        end = pg.locator(".st-key-surplus_range").get_by_role("slider").nth(1)
        end.focus()
        pg.keyboard.press("ArrowRight")  # a rerun over the WebSocket, through the proxy
        expect()(metric.locator("[data-testid=stMetricValue]")).to_have_text(SURPLUS_20_44, timeout=60_000)
        expect()(pg.locator(CHART).filter(has_text="selected: 20-44")).to_have_count(1, timeout=60_000)
        assert pg.locator(EXCEPTION).count() == 0
        pg.screenshot(path=str(artifacts_dir / "proxy_sex_ratio_surplus.png"), full_page=True)
        pg.reload()  # the same browser comes back to the same process
        pg.wait_for_selector(CHART, timeout=60_000)
        assert {c["name"]: c["value"] for c in context.cookies()}.get(COOKIE) == replica
    finally:
        context.close()
