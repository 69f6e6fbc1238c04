"""Real browser (headless chromium): on /marriage, opening the marriage-market tab and changing the
age gap redraws its chart and puts the tab and the gap in the link. Fixtures: tests/conftest.py; helpers: tests/browser_helpers.py."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser_helpers import EXCEPTION, expect, expect_title, goto, legend, settle

pytestmark = pytest.mark.browser


def test_age_gap_redraws_the_chart_and_changes_the_link(page, artifacts_dir):
    goto(page, page.base_url + "/marriage")
    settle(page)
    assert page.locator(".st-key-market-chart").count() == 0  # only the open tab runs
    page.get_by_role("tab", name="Marriage-market sex ratio").click()
    market = page.locator(".st-key-market-chart")
    expect_title(market, "China: men aged 25-34 per 100 women aged 20-29, 1950-2100")
    assert "UN WPP 2022 median projection" in legend(page, "market-chart")
    thumb = page.locator(".st-key-mm_gap").get_by_role("slider")
    assert thumb.get_attribute("aria-valuetext") == "5"
    thumb.focus()
    page.keyboard.press("ArrowLeft")  # gap 5 -> 4: only the single-year tables give it
    expect_title(market, "China: men aged 25-34 per 100 women aged 21-30, 1950-2021")
    settle(page)
    assert parse_qs(urlsplit(page.url).query) == {"chart": ["market"], "mm_gap": ["4"]}
    assert legend(page, "market-chart") == ["UN WPP 2022 estimates", "UNSD Demographic Yearbook (census)"]
    expect()(page.get_by_text("come in 5-year age groups", exact=False)).to_have_count(1)
    assert page.locator(EXCEPTION).count() == 0
    page.screenshot(path=str(artifacts_dir / "marriage_gap4.png"))
