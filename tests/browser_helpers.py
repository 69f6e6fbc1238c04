"""Helpers shared by the real-browser tests (Playwright driving Debian's headless chromium):
waiting for a Streamlit run to end, reading and changing widgets by their key, reading charts."""

from __future__ import annotations

import re

MAIN = "[data-testid=stMain]"
CHART = "[data-testid=stPlotlyChart] .js-plotly-plot"
EXCEPTION = "[data-testid=stException]"
ALERT = "[data-testid=stAlert]"
PAGE_NOT_FOUND = "[role=dialog]:has-text('Page not found')"
WAIT = 60_000  # generous: other jobs share this 2-core machine


def expect():
    from playwright.sync_api import expect as _expect

    return _expect


def goto(pg, url: str, wait_for: str = CHART):
    pg.goto(url)
    pg.wait_for_selector(wait_for, timeout=WAIT)
    assert pg.locator(PAGE_NOT_FOUND).count() == 0, f"{url}: Streamlit says 'Page not found'"
    return pg


def settle(pg) -> None:
    """Wait until the script run is over: no running-man widget and no stale (greyed) elements."""
    expect()(pg.locator("[data-testid=stStatusWidget]")).to_have_count(0, timeout=WAIT)
    expect()(pg.locator(f"{MAIN} [data-stale=true]")).to_have_count(0, timeout=WAIT)


def charts_fit(pg, timeout: int = WAIT) -> None:
    """Wait until every Plotly chart on the page is drawn at its container's width: Plotly resizes
    a chart after the script run and after a change of window size."""
    pg.wait_for_function(
        """() => [...document.querySelectorAll('.js-plotly-plot')].every(
               p => p._fullLayout && Math.abs(p._fullLayout.width - p.getBoundingClientRect().width) <= 1)""",
        timeout=timeout,
    )


def next_frames(pg) -> None:
    """Wait for two animation frames: what a scroll or resize changes is painted by then."""
    pg.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")


def combobox(pg, key: str):
    return pg.locator(f".st-key-{key}").get_by_role("combobox")


def choose(pg, key: str, option: str) -> None:
    """Pick ``option`` in the selectbox/multiselect with widget key ``key`` (mouse)."""
    box = combobox(pg, key)
    box.click()
    box.fill(option)  # long lists are virtualised: filter first
    pg.get_by_role("option", name=option, exact=True).click()
    if pg.get_by_role("listbox").count():
        pg.keyboard.press("Escape")


def chips(pg, key: str) -> list[str]:
    """The chosen values of a multiselect, from its "Remove <value>" buttons."""
    labels = pg.locator(f".st-key-{key}").get_by_role("button").evaluate_all("bs => bs.map(b => b.getAttribute('aria-label'))")
    return [lab.removeprefix("Remove ") for lab in labels if lab and lab.startswith("Remove ")]


def thumbs(pg, key: str) -> list[str]:
    return pg.locator(f".st-key-{key} [data-testid=stSliderThumbValue]").all_inner_texts()


def chart_titles(pg) -> list[str]:
    return pg.locator(f"{CHART} .gtitle").evaluate_all("ts => ts.map(t => t.textContent)")


def legend(pg, chart_key: str) -> list[str]:
    return pg.locator(f".st-key-{chart_key} .legendtext").evaluate_all("ts => ts.map(t => t.textContent)")


def expect_title(scope, text: str) -> None:
    """Wait until the chart(s) in ``scope`` show exactly one title, ``text`` (Plotly may briefly
    hold the old and the new title while it redraws)."""
    expect()(scope.locator(".gtitle").filter(has_text=re.compile(f"^{re.escape(text)}$"))).to_have_count(1, timeout=WAIT)
    expect()(scope.locator(".gtitle")).to_have_count(1, timeout=WAIT)


def active(pg) -> dict:
    """What has the keyboard focus: tag, aria-label / text, and the st-key-* of its widget."""
    return pg.evaluate(
        """() => { const e = document.activeElement;
          const key = [...(e.closest('[class*=st-key-]')?.classList || [])].find(c => c.startsWith('st-key-')) || '';
          return {tag: e.tagName, label: e.getAttribute('aria-label') || (e.innerText || '').trim().slice(0, 60),
                  key: key.replace('st-key-', ''), href: e.getAttribute('href')}; }"""
    )


def tab_until(pg, predicate, limit: int = 120) -> dict:
    """Press Tab until ``predicate(active(pg))`` holds; fail after ``limit`` presses."""
    for _ in range(limit):
        pg.keyboard.press("Tab")
        now = active(pg)
        if predicate(now):
            return now
    raise AssertionError(f"not reached with {limit} Tab presses; focus ended on {active(pg)}")


def new_context_page(browser, **kw):
    context = browser.new_context(**({"viewport": {"width": 1400, "height": 1000}} | kw))
    context.set_default_timeout(30_000)
    return context, context.new_page()
