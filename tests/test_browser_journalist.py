"""Real-browser tests of what a journalist on deadline does with the dashboard: paste the "Cite
this view" text into a chat app and open the link from there; export a chart as a PNG and publish
it; read the whole page in 中文. Fixtures: tests/conftest.py; helpers: tests/browser_helpers.py."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser_helpers import WAIT, expect, goto, new_context_page, settle, thumbs

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
