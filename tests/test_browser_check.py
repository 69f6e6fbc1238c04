"""Real-browser test of "Check a figure" (/check): a reader types a number from a news story, sees
the ranked definitions and opens the chart of the closest one. Fixtures: tests/conftest.py."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser_helpers import CHART, EXCEPTION, MAIN, WAIT, choose, expect, goto, settle

pytestmark = pytest.mark.browser

# 2020 census yearbook table 1-5: men minus women aged 20-39 (README "Known facts").
SURPLUS_20_39 = "15,337,091"


def test_type_a_number_see_the_ranking_and_open_the_chart(page, artifacts_dir):
    goto(page, page.base_url + "/check", wait_for=f"{MAIN} h1")
    expect()(page.locator(MAIN).get_by_text("Type a number as printed")).to_be_visible(timeout=WAIT)
    box = page.locator(".st-key-number input")
    box.fill("15.34m")
    box.press("Enter")
    settle(page)
    for key, option in (("year", "2020"), ("age_from", "20"), ("age_to", "39")):
        choose(page, key, option)
        settle(page)
    expect()(page.locator(MAIN).get_by_text("reproduced", exact=True)).to_be_visible(timeout=WAIT)
    grid = page.locator(f"{MAIN} [data-testid=stDataFrame]").first
    expect()(grid).to_be_visible(timeout=WAIT)
    expect()(grid.locator("td[data-testid^=glide-cell-]").filter(has_text=SURPLUS_20_39).first).to_be_attached(timeout=WAIT)
    expect()(page.locator(CHART)).to_have_count(1, timeout=WAIT)
    query = parse_qs(urlsplit(page.url).query)
    assert (query["number"], query["year"], query["age_from"], query["age_to"]) == (["15.34m"], ["2020"], ["20"], ["39"])
    assert page.locator(EXCEPTION).count() == 0
    page.screenshot(path=str(artifacts_dir / "check_page.png"), full_page=True)

    page.get_by_text("Open the chart of the closest definition").click()
    page.wait_for_url(re.compile(r"/sex-ratio\?"), timeout=WAIT)
    metric = page.locator("[data-testid=stMetric]").filter(has_text="Surplus of men, ages 20-39")
    expect()(metric.locator("[data-testid=stMetricValue]")).to_have_text(SURPLUS_20_39, timeout=WAIT)
    query = parse_qs(urlsplit(page.url).query)
    assert query["chart"] == ["surplus"] and query.get("surplus_range", ["20", "40"]) == ["20", "40"]  # 20-40 is the tab's default: left out


def test_chinese_number_from_a_link(page):
    goto(page, page.base_url + "/check?lang=zh&number=1700多万人&year=2020&age_from=20&age_to=40&kind=census_count", wait_for=CHART)
    settle(page)
    expect()(page.locator(MAIN).get_by_text("按另一定义复现", exact=True)).to_be_visible(timeout=WAIT)
    expect()(page.locator(MAIN).get_by_text(re.compile("最接近的定义：20-44岁"))).to_be_visible(timeout=WAIT)
    assert "17,647,149" in page.locator(MAIN).inner_text()


def test_bad_text_gets_a_message_not_an_error(page):
    goto(page, page.base_url + "/check?number=%3Cscript%3Ealert(1)%3C/script%3E", wait_for=f"{MAIN} h1")
    settle(page)
    expect()(page.locator(MAIN).get_by_text(re.compile("looks like markup"))).to_be_visible(timeout=WAIT)
    assert page.locator(EXCEPTION).count() == 0 and page.locator(CHART).count() == 0
