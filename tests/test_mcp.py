"""The dashboard as an MCP server (Streamlit's agent API, .streamlit/config.toml
``server.enableAgentApi``): an AI assistant connects to ``/_stcore/agent/mcp`` of the server
``make run`` starts (the session's ``server`` fixture, tests/conftest.py: a free port on 127.0.0.1)
and speaks JSON-RPC 2.0 to it, as a client does: ``initialize``, ``tools/list``, ``tools/call``
``interact`` (open a page with its link parameters, set widgets) and ``get_data`` (read a
table's rows from its ``data.url``).

Expected figures are typed from the official tables, not computed by the code under test:
15,337,091 = men minus women aged 20-39 in the 2020 census, NBS China Population Census Yearbook
2020, table 1-5 (national row); sex ratio 108.19 for the same ages.
"""

from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.request

import pytest

from bench.common import snapshot_elements
from tests.catalogue import ZH

MCP_PATH = "/_stcore/agent/mcp"
NBS_2020_YEARBOOK = "National Bureau of Statistics of China (NBS), China Population Census Yearbook 2020"
NBS_2020_YEARBOOK_ZH = "国家统计局，中国人口普查年鉴-2020"


def post(base: str, message: dict, headers: dict | None = None, timeout: float = 180) -> tuple[int, dict]:
    """POST one JSON-RPC message; (HTTP status, JSON body), also for a refused request."""
    req = urllib.request.Request(
        base + MCP_PATH, data=json.dumps(message).encode(), method="POST",
        headers={"Content-Type": "application/json", "Accept": "application/json, text/event-stream", **(headers or {})},
    )
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        body = exc.read()
        return exc.code, json.loads(body) if body.strip().startswith(b"{") else {"raw": body.decode(errors="replace")}


def rpc(base: str, method: str, params: dict | None = None, **kw) -> dict:
    status, body = post(base, {"jsonrpc": "2.0", "id": 7, "method": method, "params": params or {}}, **kw)
    assert status == 200, (status, body)
    assert body.get("jsonrpc") == "2.0" and body.get("id") == 7 and "error" not in body, body
    return body["result"]


def call(base: str, tool: str, **arguments) -> tuple[dict, str]:
    """A tools/call of ``tool``; (parsed JSON of its text result, the text as the model reads it).
    A run that outlasts server.agentWaitTimeout (a busy machine) answers ``wait_timed_out``; it is
    collected as a client does, by calling interact again with only its ``session_id``."""
    for _attempt in range(12):
        result = rpc(base, "tools/call", {"name": tool, "arguments": arguments})
        text = result["content"][0]["text"]
        assert result["isError"] is False, text
        parsed = json.loads(text)
        if (parsed.get("error") or {}).get("code") != "wait_timed_out":
            return parsed, text
        arguments = {"session_id": parsed["session_id"]}
        time.sleep(1)
    raise AssertionError(f"the run did not settle: {text}")


def plain(text: str) -> str:
    """Markdown as read: the backslashes that escape data text (dashboard.formatting.escape_markdown) dropped."""
    return re.sub(r"\\(.)", r"\1", text)


def of_type(snapshot: dict, kind: str) -> list[dict]:
    return [e for e in snapshot_elements(snapshot.get("tree")) if e.get("type") == kind]


@pytest.fixture(scope="module")
def mcp(server) -> str:
    """The server, after the MCP handshake."""
    result = rpc(server, "initialize", {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "pytest", "version": "1"}})
    assert result["protocolVersion"] == "2025-06-18"
    assert "tools" in result["capabilities"]
    return server


def test_tools_list_offers_interact_and_get_data(mcp):
    tools = {t["name"]: t for t in rpc(mcp, "tools/list")["tools"]}
    assert set(tools) == {"interact", "get_data"}
    assert "query_params" in json.dumps(tools["interact"]["inputSchema"])


def open_surplus(base: str, **extra_params) -> tuple[dict, str]:
    """/sex-ratio, the surplus tab, ages 20-40 as the link keeps them (the groups 20-24 to 35-39: ages 20-39)."""
    params = {"chart": ["surplus"], "surplus_range": ["20", "40"], **extra_params}
    return call(base, "interact", page="sex-ratio", query_params=params)


def test_the_surplus_with_its_source_in_the_same_answer(mcp):
    snapshot, text = open_surplus(mcp)
    assert snapshot["status"] == "ready" and snapshot["page"]["url_path"] == "sex-ratio"
    metrics = {plain(m["props"]["label"]): m for m in of_type(snapshot, "metric")}
    surplus = metrics["Surplus of men, ages 20-39 (2020 census)"]
    assert surplus["props"]["value"] == "15,337,091"
    # The number carries its source: the metric's help (its tooltip on screen) and the chart caption.
    assert plain(surplus["props"]["help"]).startswith("Source: " + NBS_2020_YEARBOOK)
    assert metrics["Sex ratio in this range"]["props"]["value"] == "108.19"
    assert NBS_2020_YEARBOOK in plain(metrics["Sex ratio in this range"]["props"]["help"])
    captions = [plain(c["props"]["body"]) for c in of_type(snapshot, "caption")]
    assert any(c.startswith("Source: " + NBS_2020_YEARBOOK) for c in captions), captions
    cited = metrics["Cited in the news: ages 20-40, 2020 census"]
    assert cited["props"]["value"] == "17,520,000" and "State Council Information Office" in plain(cited["props"]["help"])
    assert "Traceback" not in text and not of_type(snapshot, "exception")


def test_a_table_read_with_get_data_has_its_source_column(mcp):
    snapshot, _text = open_surplus(mcp)
    # The table view is a switch under the chart; the assistant turns it on as a reader would.
    snapshot, _text = call(mcp, "interact", session_id=snapshot["session_id"], widget_state={"surplus-table-view": True})
    tables = of_type(snapshot, "dataframe")
    assert tables, "the table view shows the chart's numbers"
    page, _text = call(mcp, "get_data", session_id=snapshot["session_id"], url=tables[0]["data"]["url"])
    columns = [c["name"] if isinstance(c, dict) else c for c in page["columns"]]
    rows = [dict(zip(columns, r)) for r in page["rows"]]
    source_col = next(c for c in columns if c.startswith("source"))
    age_col = next(c for c in columns if c.startswith("age group"))
    surplus_col = next(c for c in columns if c.startswith("surplus of men"))
    by_age = {r[age_col]: r for r in rows}
    # The rows for 20-24 to 35-39 sum to the 15,337,091 of the yearbook table, and every row names its source.
    total = sum(int(str(by_age[a][surplus_col]).replace(",", "")) for a in ("20-24", "25-29", "30-34", "35-39"))
    assert total == 15_337_091
    assert {r[source_col] for r in rows} == {"nbs_census2020_yb_t1_5"}
    assert page["row_count"] == len(rows) and page["next_offset"] is None


def test_a_bad_parameter_gives_the_page_notice_and_no_error(mcp):
    snapshot, text = open_surplus(mcp, surplus_census=["1850"])
    assert snapshot["status"] == "ready" and "Traceback" not in text
    notices = [plain(w["props"]["body"]) for w in of_type(snapshot, "warning")]
    assert any(n.startswith("The link's setting surplus_census=1850 is not one of the choices for \"Census\"") for n in notices), notices
    assert not of_type(snapshot, "exception") and not of_type(snapshot, "error")
    metrics = {plain(m["props"]["label"]): m["props"]["value"] for m in of_type(snapshot, "metric")}
    assert metrics["Surplus of men, ages 20-39 (2020 census)"] == "15,337,091"  # the page's default census


def test_a_chinese_request_gets_chinese_labels_and_sources(mcp):
    snapshot, _text = open_surplus(mcp, lang=["zh"])
    titles = [t["props"]["body"] for t in of_type(snapshot, "title")]
    assert titles == [ZH["Sex ratio and age"]] == ["性别比与年龄"]
    metrics = {plain(m["props"]["label"]): m for m in of_type(snapshot, "metric")}
    label = ZH["Surplus of men, ages {ages} ({year} census)"].format(ages="20-39", year=2020)
    assert metrics[label]["props"]["value"] == "15,337,091"
    source = plain(metrics[label]["props"]["help"])
    assert source.startswith("来源：") and NBS_2020_YEARBOOK_ZH in source
    headers = [plain(h["props"]["body"]) for h in of_type(snapshot, "header")]
    assert ZH["Surplus of men in an age range"] in headers


def test_a_request_from_a_web_page_origin_is_refused(mcp):
    """A web page cannot drive the dashboard through a reader's browser: any Origin not in
    server.corsAllowedOrigins (none is) is refused before the app runs."""
    message = {"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {"name": "interact", "arguments": {"page": "sex-ratio"}}}
    status, body = post(mcp, message, headers={"Origin": "https://example.org"})
    assert status == 403, (status, body)
    assert "15,337,091" not in json.dumps(body)
    assert "origin" in json.dumps(body).lower()
    status, _body = post(mcp, message)  # the same request from a program (no Origin) is served
    assert status == 200


def test_checking_17_52_million_names_the_source_of_every_definition(mcp):
    """/check with the printed "17.52 million" (ages 20-40, 2020): the reading, a verdict, and
    definitions that each name their source, in the same answer."""
    snapshot, _text = call(mcp, "interact", page="check",
                           query_params={"number": ["17.52 million"], "year": ["2020"], "age_from": ["20"], "age_to": ["40"]})
    assert snapshot["status"] == "ready"
    texts = [plain(m["props"]["body"]) for m in of_type(snapshot, "markdown")]
    assert any(t.startswith("Read as **17,520,000**") for t in texts), texts
    assert len(of_type(snapshot, "badge")) == 1  # the verdict
    closest = next(t for t in texts if t.startswith(("Closest definition:", "Nearest value under the printed definition:")))
    assert "(census count:" in closest or "(UN estimate:" in closest or "(UN projection:" in closest  # its kind and source
    table = of_type(snapshot, "dataframe")[0]["data"]
    columns = [c["name"] for c in table["columns"]]
    rows = [dict(zip(columns, r)) for r in table["preview"]["rows"]]
    assert all(r["source"] for r in rows) and all(r["table"] for r in rows)
    # NBS China Population Census Yearbook 2020, table 1-5: men minus women aged 20-44 = 17,647,149.
    nbs = [r for r in rows if r["source"] == "nbs_census2020_yb_t1_5" and r["first age"] == 20 and r["last age"] == 44 and r["area code"] == "CHN"]
    assert nbs and nbs[0]["value (persons)"] == "17,647,149"
    captions = [plain(c["props"]["body"]) for c in of_type(snapshot, "caption")]
    assert any(c.startswith("Source: ") and NBS_2020_YEARBOOK in c for c in captions)


#: Every page (the url paths of dashboard/app.py; "" is the Overview) and the sex-ratio tabs.
ALL_VIEWS = [("", {}), ("check", {"number": ["17.52 million"], "year": ["2020"], "age_from": ["20"], "age_to": ["40"]}),
             ("sex-ratio", {}), ("sex-ratio", {"chart": ["censuses"]}), ("sex-ratio", {"chart": ["surplus"]}), ("sex-ratio", {"chart": ["neighbours"]}),
             ("marriage", {}), ("srb", {}), ("provinces", {}), ("cases", {}), ("international", {}), ("rescues", {}),
             ("count-types", {}), ("data", {}), ("sources", {})]


@pytest.mark.parametrize(("page", "params"), ALL_VIEWS, ids=[f"{p or 'overview'}{'-' + v['chart'][0] if 'chart' in v else ''}" for p, v in ALL_VIEWS])
def test_every_number_an_assistant_reads_carries_its_source(mcp, page, params):
    """What an assistant reads of a page (with every chart's table view switched on) gives each
    number's source in the same answer, as the screen does: a metric in its help, a chart in the
    caption under it, a table in a source column (reported figures: their agency, outlet and link)."""
    snapshot, _text = call(mcp, "interact", page=page, query_params=params)
    switches = [e["key"] for e in of_type(snapshot, "toggle") if str(e.get("key", "")).endswith("-table-view")]
    if switches:
        snapshot, _text = call(mcp, "interact", session_id=snapshot["session_id"], widget_state={k: True for k in switches})
    assert snapshot["status"] == "ready"
    assert [plain(m["props"]["label"]) for m in of_type(snapshot, "metric") if not m["props"].get("help")] == []
    source_captions = [c for c in of_type(snapshot, "caption") if plain(c["props"]["body"]).startswith("Source: ")]
    assert len(source_captions) >= len(of_type(snapshot, "plotly_chart"))
    for table in of_type(snapshot, "dataframe") + of_type(snapshot, "table"):
        columns = [c["name"] for c in table["data"]["columns"]]
        assert any(c.startswith("source") for c in columns) or {"agency", "outlet", "link"} <= set(columns), columns
