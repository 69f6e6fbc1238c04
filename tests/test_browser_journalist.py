"""Real-browser tests of what a journalist on deadline does with the dashboard: paste the "Cite
this view" text into a chat app and open the link from there; export a chart as a PNG and publish
it; read the whole page in 中文. Fixtures: tests/conftest.py; helpers: tests/browser_helpers.py."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser_helpers import WAIT, charts_fit, expect, goto, new_context_page, settle, thumbs

pytestmark = pytest.mark.browser

SURPLUS_VIEW = "/sex-ratio?chart=surplus&surplus_census=2010+%28NBS%29&surplus_range=25&surplus_range=35"


def citation_text(page) -> str:
    page.locator("[data-testid=stSidebar]").get_by_text(re.compile("^(Cite this view|引用此视图)$")).click()
    code = page.locator("[data-testid=stSidebar] [data-testid=stCode] code")
    expect()(code).to_be_visible(timeout=WAIT)
    return code.inner_text()


def surplus_view(page) -> dict:
    metric = page.locator("[data-testid=stMetric]").first
    expect()(metric.locator("[data-testid=stMetricValue]")).to_be_visible(timeout=WAIT)
    return {"metric": metric.inner_text(), "range": thumbs(page, "surplus_range"),
            "query": {k: v for k, v in parse_qs(urlsplit(page.url).query).items() if k != "lang"}}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_cited_link_survives_a_chat_app(page, browser, lang):
    """A chat app or mail client takes a link up to the first whitespace: the citation must keep
    its link apart, so that what is taken opens the same view with the same numbers."""
    goto(page, page.base_url + SURPLUS_VIEW + f"&lang={lang}")
    settle(page)
    before = surplus_view(page)
    text = citation_text(page)
    start = text.index("http")
    pasted = re.split(r"\s", text[start:], maxsplit=1)[0]  # what a chat app makes a link of
    assert "surplus_range=35" in pasted and "（" not in pasted and "(" not in pasted.split("?")[0], pasted
    context, other = new_context_page(browser)
    try:
        goto(other, pasted)
        settle(other)
        after = surplus_view(other)
        assert after == before, (pasted, before, after)
        assert before["range"] == (["25-29", "30-34"])  # ages 25-34, both ends included on the handles
        assert ("ages 25-34" if lang == "en" else "25-34岁") in after["metric"]
    finally:
        context.close()


# --------------------------------------------------------------------------- a chart ready to publish
#: Every chart, on every page and tab, as a computer shows it.
CHART_VIEWS = ["/sex-ratio", "/sex-ratio?chart=censuses", "/sex-ratio?chart=surplus", "/sex-ratio?chart=neighbours", "/srb", "/provinces",
               "/cases", "/international", "/rescues", "/check?number=15.34m&year=2020&age_from=20&age_to=39", "/srb?lang=zh", "/cases?lang=zh"]
PARTS = {"title": ".gtitle", "source": ".gtitle-subtitle", "xtitle": ".xtitle", "ytitle": ".ytitle", "legend": ".legend", "plot": ".nsewdrag",
         "xticks": ".xaxislayer-above"}


def chart_layout(chart) -> dict:
    """Bounding boxes (left, top, right, bottom, in px) of the chart's parts, and the source line's type size."""
    return chart.evaluate(
        """(c, parts) => { const box = e => { const b = e.getBoundingClientRect(); return [b.left, b.top, b.right, b.bottom]; };
          const out = {svg: box(c.querySelector('.main-svg'))};
          for (const [name, sel] of Object.entries(parts)) { const e = c.querySelector(sel); if (e && e.getBoundingClientRect().width > 0) out[name] = box(e); }
          const s = c.querySelector('.gtitle-subtitle'); out.source_px = s ? parseFloat(getComputedStyle(s).fontSize) : 0;
          return out; }""", PARTS)


def layout_problems(where: str, lay: dict) -> list[str]:
    problems = []
    left, top, right, bottom = lay["svg"]
    for name in PARTS:
        if name in lay:
            l, t, r, b = lay[name]
            if l < left - 1 or t < top - 1 or r > right + 1 or b > bottom + 1:
                problems.append(f"{where}: {name} {lay[name]} is cut by the image {lay['svg']}")
    names = [n for n in ("title", "source", "xtitle", "ytitle", "legend", "plot") if n in lay]
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            if {a, b} in ({"ytitle", "plot"}, {"xtitle", "plot"}):
                continue
            (al, at, ar, ab), (bl, bt, br, bb) = lay[a], lay[b]
            if al < br - 1 and bl < ar - 1 and at < bb - 1 and bt < ab - 1:
                problems.append(f"{where}: {a} {lay[a]} overlaps {b} {lay[b]}")
    lowest = max(lay[n][3] for n in ("xtitle", "xticks", "legend", "plot") if n in lay)
    if bottom - lowest > 40:
        problems.append(f"{where}: an empty band of {bottom - lowest:.0f} px under the chart")
    if lay["source_px"] < 11:
        problems.append(f"{where}: the source line is {lay['source_px']} px")
    return problems


def test_every_chart_exports_a_publishable_png(page, artifacts_dir):
    """The camera button's PNG is the chart as drawn (at twice the pixels): title, source line,
    axis titles, legend and plot must not overlap, nothing may be cut, no band may be empty, and
    the source line must be readable (at least 11 px)."""
    from PIL import Image

    problems, exported = [], 0
    for path in CHART_VIEWS:
        goto(page, page.base_url + path)
        settle(page)
        charts_fit(page)  # Plotly's last relayout after the run
        for i, chart in enumerate(page.locator("[data-testid=stPlotlyChart] .js-plotly-plot").all()):
            chart.scroll_into_view_if_needed()
            lay = chart_layout(chart)
            problems += layout_problems(f"{path} chart {i + 1}", lay)
            if i == 0:  # the camera button of the page's first chart: the file a journalist downloads
                chart.hover()
                with page.expect_download(timeout=WAIT) as download:
                    chart.locator("[data-title^='Download plot as a']").click()
                target = artifacts_dir / f"export_{exported}.png"
                download.value.save_as(target)
                width, height = Image.open(target).size
                svg_width, svg_height = lay["svg"][2] - lay["svg"][0], lay["svg"][3] - lay["svg"][1]
                assert (abs(width - 2 * svg_width) <= 4, abs(height - 2 * svg_height) <= 4) == (True, True), (path, width, height, svg_width, svg_height)
                exported += 1
    assert exported == len(CHART_VIEWS)
    assert not problems, "\n".join(problems)
