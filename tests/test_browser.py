"""Real-browser tests: the dashboard served by ``make run`` and driven in headless chromium.

Fixtures (``server``, ``browser``, ``page``, ``request_log``, ``artifacts_dir``) are in
tests/conftest.py. Screenshots, the downloaded CSV and the server log go to test-artifacts/.
The no-outbound-network test is last on purpose: it checks every request the earlier tests made.
"""

from __future__ import annotations

import csv
import io
import re
import subprocess
from urllib.parse import urlsplit

import pandas as pd
import pytest

from tests.browser_helpers import charts_fit, next_frames
from tests.conftest import offending_urls

pytestmark = pytest.mark.browser

CHART = "[data-testid=stPlotlyChart] .js-plotly-plot"
MAIN = "[data-testid=stMain]"
ROWS_LINE = re.compile(r"^\s*([\d,]+) of ([\d,]+) rows\s*$")
# The landing page ("The news figures, checked") is served at "/".
PAGES = ["/", "/sex-ratio", "/marriage", "/srb", "/provinces", "/cases", "/international", "/rescues", "/count-types", "/data", "/sources"]
PAGE_NOT_FOUND = "[role=dialog]:has-text('Page not found')"


# --------------------------------------------------------------------------- helpers
def open_page(page, path: str, wait_for: str = CHART):
    """Go to ``path`` and wait until ``wait_for`` is rendered (the first Plotly chart by default)."""
    page.goto(page.base_url + path)
    page.wait_for_selector(wait_for, timeout=30_000)
    # Streamlit shows a modal "Page not found" (and makes the page inert) for an unknown path.
    assert page.locator(PAGE_NOT_FOUND).count() == 0, f"{path}: Streamlit says 'Page not found'"
    return page


def expect():
    from playwright.sync_api import expect as _expect

    return _expect


def rows_line(page):
    """The Data page's "**N of M rows**" paragraph."""
    return page.locator(f"{MAIN} [data-testid=stMarkdownContainer] p").filter(has_text=ROWS_LINE)


def row_counts(page) -> tuple[int, int]:
    text = rows_line(page).inner_text()
    m = ROWS_LINE.match(text)
    assert m, f"unexpected rows line {text!r}"
    return int(m.group(1).replace(",", "")), int(m.group(2).replace(",", ""))


def wait_for_rerun_after(page, action, locator) -> None:
    """Run ``action`` (a widget change) and wait until ``locator``'s text differs from before."""
    before = locator.inner_text()
    action()
    expect()(locator).not_to_have_text(before, timeout=30_000)


def choose_multiselect(page, key: str, option: str) -> None:
    """Pick ``option`` (exact text) in the multiselect with widget key ``key``."""
    box = page.locator(f".st-key-{key}").get_by_role("combobox")
    box.click()
    box.fill(option)
    page.get_by_role("option", name=option, exact=True).click()
    page.keyboard.press("Escape")


def grid_cells(grid) -> dict[tuple[int, int], str]:
    """Text of the rendered cells of a Streamlit dataframe (glide-data-grid), keyed by
    (row, column) from its accessibility table (``data-testid=glide-cell-<col>-<row>``)."""
    cells = grid.locator("td[data-testid^=glide-cell-]").evaluate_all(
        "tds => tds.map(td => [td.getAttribute('data-testid'), td.textContent])"
    )
    out = {}
    for testid, text in cells:
        col, row = (int(x) for x in testid.rsplit("-", 2)[1:])
        out[(row, col)] = text
    return out


def grid_headers(grid) -> dict[str, int]:
    """Column name -> 0-based column index, for the header cells currently rendered."""
    pairs = grid.locator("th[role=columnheader]").evaluate_all(
        "ths => ths.map(th => [th.textContent, Number(th.getAttribute('aria-colindex'))])"
    )
    return {name: idx - 1 for name, idx in pairs}


def scroll_grid(grid, page, left: bool) -> None:
    """Scroll the grid fully right (or left) so glide-data-grid renders those columns."""
    grid.locator(".dvn-scroller").evaluate(
        "(el, left) => { el.scrollLeft = left ? 0 : el.scrollWidth; el.dispatchEvent(new Event('scroll')); }", left
    )
    next_frames(page)


# --------------------------------------------------------------------------- 0. first visit, landing page
def test_first_visit_of_a_fresh_server_can_be_a_deep_link(page, artifacts_dir):
    """First test on purpose: the server's very first visit is a deep link in Chinese, and it
    shows that page (no "Page not found", streamlit/streamlit#9624), in 中文, with its chart."""
    open_page(page, "/srb?lang=zh", wait_for="h1:has-text('出生人口性别比')")
    expect()(page.locator(CHART).first).to_be_visible(timeout=60_000)
    expect()(page.locator("[data-testid=stSidebarNav]")).to_contain_text("核查新闻中的数字")


def test_overview_cards_and_link_to_named_chart(page, artifacts_dir):
    open_page(page, "/", wait_for="text=17.52 million")
    cards = page.locator("[class*=st-key-card-NEWS]")  # keyed containers: class st-key-<key>
    expect()(cards).to_have_count(7)
    for printed in ["17.52 million", "320", "more than 10,000", "17", "eight", "26 years", "year-long"]:
        expect()(page.locator("h3", has_text=re.compile(rf"^{re.escape(printed)}$"))).to_have_count(1)
    expect()(page.locator(".stMarkdownBadge", has_text="different measure")).to_be_visible()
    height = page.locator(MAIN).evaluate("el => el.scrollHeight")
    page.set_viewport_size({"width": 1400, "height": int(height)})
    next_frames(page)
    charts_fit(page)
    page.screenshot(path=str(artifacts_dir / "overview_page.png"))
    page.set_viewport_size({"width": 1400, "height": 1000})
    # the 17.52 million card links to the surplus-of-men chart, scrolled into view
    card = page.locator(".st-key-card-NEWS001")
    card.get_by_role("link", name="Open the chart with the primary data").click()
    page.wait_for_url(re.compile(r"/sex-ratio\?chart=surplus$"), timeout=30_000)
    chart = page.locator(CHART).filter(has_text="surplus of men by age group")
    expect()(chart).to_have_count(1, timeout=30_000)
    expect()(page.locator("#surplus")).to_be_in_viewport(timeout=15_000)


# --------------------------------------------------------------------------- 1. sex-ratio page
def test_default_page_renders_pyramid_with_source(page, artifacts_dir):
    open_page(page, "/sex-ratio")
    expect()(page.locator(".js-plotly-plot .barlayer .point").nth(10)).to_be_attached()
    first_chart = page.locator(CHART).first
    assert first_chart.locator("svg.main-svg").count() >= 1
    assert first_chart.locator(".barlayer .point").count() > 10, "the population pyramid has no bars"
    source = page.locator("[data-testid=stCaptionContainer]").filter(has_text=re.compile(r"^Source: ")).first
    expect()(source).to_be_visible()
    expect()(page.get_by_text("Source:", exact=False).first).to_be_visible()

    # Four tabs; only the open one is drawn. Each tab, clicked, draws its own chart and says so in the URL.
    expect()(page.locator(CHART)).to_have_count(1)
    page.screenshot(path=str(artifacts_dir / "sex_ratio_page.png"), full_page=True)
    assert (artifacts_dir / "sex_ratio_page.png").stat().st_size > 50_000
    for tab, chart_key, title, query in [
        ("Sex ratio by census", "ratio-by-age", "China: sex ratio by age group at each census", "?chart=censuses"),
        ("Surplus of men", "surplus", "China, 2020 census: surplus of men by age group (selected: 20-39)", "?chart=surplus"),
        ("Neighbours", "neighbours", "Sex ratio by age group, 2020 (UN estimates)", "?chart=neighbours"),
        ("Population pyramid", "pyramid", "China, 2020 (census count): population by age and sex", ""),
    ]:
        page.get_by_role("tab", name=tab).click()
        chart = page.locator(f".st-key-{chart_key}-chart .js-plotly-plot")
        expect()(chart.locator(".main-svg .cartesianlayer")).to_be_attached(timeout=30_000)
        expect()(chart.locator(".gtitle")).to_have_text(title)
        expect()(page.locator(CHART)).to_have_count(1, timeout=30_000)  # the other tabs' charts are gone
        expect()(page).to_have_url(page.base_url + "/sex-ratio" + query)
        page.screenshot(path=str(artifacts_dir / f"sex_ratio_tab_{chart_key}.png"))


def test_sex_ratio_url_path(page):
    """The documented address /sex-ratio opens the sex-ratio page without a 'Page not found' modal."""
    page.goto(page.base_url + "/sex-ratio")
    page.wait_for_selector(CHART, timeout=30_000)
    expect()(page.locator("h1").filter(has_text="Sex ratio and age")).to_have_count(1)
    wait_until_idle(page)
    assert page.locator(PAGE_NOT_FOUND).count() == 0, page.locator(PAGE_NOT_FOUND).all_inner_texts()
    assert urlsplit(page.url).path == "/sex-ratio", page.url


# --------------------------------------------------------------------------- 2. filter
def test_surplus_range_slider_changes_metric(page):
    open_page(page, "/sex-ratio")
    page.get_by_role("tab", name="Surplus of men").click()
    metric = page.locator("[data-testid=stMetric]").filter(has_text="Surplus of men, ages")
    expect()(metric).to_contain_text("ages 20-39")
    expect()(metric.locator("[data-testid=stMetricValue]")).to_have_text("15,337,091")

    # Streamlit 1.67 renders select_slider with react-aria: each thumb holds a visually hidden
    # <input type=range> (role slider, aria-label "<label> — start" / "— end").
    slider = page.locator(".st-key-surplus_range")
    thumbs = slider.get_by_role("slider")
    expect()(thumbs).to_have_count(2)
    end = thumbs.nth(1)
    assert end.get_attribute("aria-valuetext") == "35-39"  # the last age group included: ages 20-39
    end.focus()
    expect()(end).to_be_focused()  # fails if a modal (e.g. "Page not found") made the page inert
    page.keyboard.press("ArrowRight")

    value = metric.locator("[data-testid=stMetricValue]")
    expect()(value).not_to_have_text("15,337,091", timeout=30_000)
    expect()(value).to_have_text("17,647,149")
    expect()(metric).to_contain_text("ages 20-44")
    assert slider.locator("[data-testid=stSliderThumbValue]").all_inner_texts() == ["20-24", "40-44"]
    # The chart title follows the selection too.
    expect()(page.locator(CHART).filter(has_text="selected: 20-44")).to_have_count(1)


# --------------------------------------------------------------------------- 3. data download
def test_data_page_filtered_csv_download(page, artifacts_dir):
    open_page(page, "/data", wait_for="[data-testid=stDataFrame]")

    # Table: population_by_age_sex (pick it explicitly even though it is the first entry).
    table_box = page.locator(".st-key-data_table").get_by_role("combobox")
    table_box.click()
    page.get_by_role("option", name="Population by age and sex (censuses, UN estimates and projections) · population_by_age_sex", exact=True).click()
    expect()(table_box).to_have_value("Population by age and sex (censuses, UN estimates and projections) · population_by_age_sex")  # the table's name, and its id
    line = rows_line(page)
    expect()(line).to_have_count(1)
    n_all, m_all = row_counts(page)
    assert n_all == m_all

    # Filters: multiselects for low-cardinality text columns (year is a range slider, covered by
    # the AppTest test_data_page_year_range_filter).
    filter_keys = {
        k.removeprefix("st-key-f-population_by_age_sex-")
        for k in page.locator("[class*='st-key-f-population_by_age_sex-']").evaluate_all(
            "els => els.flatMap(e => [...e.classList].filter(c => c.startsWith('st-key-f-')))"
        )
    }
    assert {"geography", "sex"} <= filter_keys, filter_keys
    wait_for_rerun_after(page, lambda: choose_multiselect(page, "f-population_by_age_sex-geography", "Beijing"), line)
    wait_for_rerun_after(page, lambda: choose_multiselect(page, "f-population_by_age_sex-sex", "male"), line)
    n, m = row_counts(page)
    assert m == m_all and 0 < n < m

    # Independent check of N against the published file the server reads.
    pub = pd.read_parquet(artifacts_dir.parent / "datasets" / "published" / "population_by_age_sex.parquet")
    want = pub[(pub["geography"] == "Beijing") & (pub["sex"] == "male")]
    assert (n, m) == (len(want), len(pub))

    # Download exactly those rows, once the rerun is over (a button drawn by the previous run
    # points at a file the finished rerun has already dropped).
    page.wait_for_selector("[data-testid=stApp][data-test-script-state=notRunning]", timeout=60_000)
    with page.expect_download(timeout=30_000) as dl_info:
        page.get_by_role("button", name="Download CSV", exact=True).click()
    download = dl_info.value
    csv_path = artifacts_dir / f"data_{download.suggested_filename}"
    download.save_as(csv_path)
    raw = csv_path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), raw[:20]
    records = list(csv.reader(io.StringIO(raw[3:].decode("utf-8"), newline="")))
    header, data_rows = records[0], records[1:]
    assert "population" in header and header[-1] == "source_citation", header
    assert len(data_rows) == n
    col = {name: i for i, name in enumerate(header)}
    assert {r[col["geography"]] for r in data_rows} == {"Beijing"}
    assert {r[col["sex"]] for r in data_rows} == {"male"}
    assert [int(r[col["population"]]) for r in data_rows] == [int(v) for v in want["population"]]

    # The grid shows the same rows: its row count, then the rendered cells of the first rows.
    # The key columns come first (value, sex, age, year, place), so the population and the sex
    # are on screen without scrolling; the place and the source are further right.
    grid = page.locator(f"{MAIN} [data-testid=stDataFrame]")  # the only grid; its key gives no st-key class
    expect()(grid).to_have_count(1)
    expect()(grid.locator("table[role=grid]")).to_have_attribute("aria-rowcount", str(n + 1))
    cells = grid_cells(grid)
    heads = grid_headers(grid)
    # headers on screen are labels with units (Chinese ones under ?lang=zh); the CSV keeps the column ids
    assert list(heads)[:3] == ["population (persons)", "sex", "age group"], heads
    pop_col, sex_col = heads["population (persons)"], heads["sex"]
    shown_rows = sorted(r for (r, c) in cells if c == pop_col)
    assert shown_rows and shown_rows[0] == 0
    for r in shown_rows:
        csv_value = int(data_rows[r][col["population"]])
        assert cells[(r, pop_col)] == f"{csv_value:,}", (r, cells[(r, pop_col)], csv_value)
        assert cells[(r, sex_col)] == "male"
    scroll_grid(grid, page, left=False)
    expect()(grid.locator("th[role=columnheader]").filter(has_text=re.compile(r"^source$"))).to_have_count(1)
    cells = grid_cells(grid)
    heads = grid_headers(grid)
    assert cells[(0, heads["area"])] == "Beijing"
    assert cells[(0, heads["source"])] == data_rows[0][col["source_id"]]


# --------------------------------------------------------------------------- 3b. English / 中文
def test_chinese_switch_renders_chinese_labels_and_keeps_the_view(page, artifacts_dir):
    """Switching to 中文 in the sidebar re-draws the page in Chinese (title, chart title and axis,
    metric label, table header), keeps the link's settings and the exact numbers, puts lang=zh in
    the URL, and the text is drawn with the installed CJK font (fonts-noto-cjk), not boxes."""
    fonts = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True).stdout
    assert "Noto Sans CJK" in fonts, "fonts-noto-cjk is not installed"
    open_page(page, "/sex-ratio?surplus_range=20&surplus_range=45")
    metric = page.locator("[data-testid=stMetric]").first
    expect()(metric).to_contain_text("17,647,149")
    page.locator("[data-testid=stSidebar]").get_by_text("中文", exact=True).click()
    expect()(page.locator(f"{MAIN} h1").first).to_have_text("性别比与年龄", timeout=30_000)
    expect()(metric).to_contain_text("男性多出人数，20-44岁（2020年普查）")
    expect()(metric).to_contain_text("17,647,149")
    # the link's surplus_range opens the surplus tab (a link made before the page had tabs)
    expect()(page.get_by_role("tab", name="男性多出人数")).to_have_attribute("aria-selected", "true")
    expect()(page.locator(CHART).first).to_contain_text("中国，2020年普查：各年龄组男性多出人数（已选：20-44）")
    expect()(page.locator(CHART).first).to_contain_text("年龄组（岁）")
    assert re.search(r"[?&]lang=zh(&|$)", page.url) and "surplus_range=45" in page.url, page.url
    # the Chinese glyphs come from Noto Sans CJK: the browser has it and lays 性别比 out at CJK width
    assert page.evaluate("() => document.fonts.check(\"16px 'Noto Sans CJK SC'\", '性别比')")
    width = page.evaluate(
        """() => { const c = document.createElement('canvas').getContext('2d');
                   c.font = "40px 'Noto Sans CJK SC'"; return c.measureText('性别比').width; }"""
    )
    assert 110 <= width <= 130, width  # three full-width glyphs at 40 px
    page.locator(".st-key-surplus-table-view").get_by_text("表格视图与下载：本图中的数字").click()
    grid = page.locator(f"{MAIN} [data-testid=stDataFrame]").first
    expect()(grid.locator("th[role=columnheader]").filter(has_text="男性多出人数（人）")).to_have_count(1, timeout=30_000)
    page.screenshot(path=str(artifacts_dir / "sex_ratio_zh.png"), full_page=True)


# --------------------------------------------------------------------------- 4. provinces map
def test_provinces_map_draws(page):
    open_page(page, "/provinces")
    first = page.locator(CHART).first
    fills = first.locator(".scatterlayer .trace path.js-fill")
    expect()(fills.nth(33)).to_be_attached()
    assert fills.count() >= 34
    expect()(page.get_by_text("Source:", exact=False).first).to_be_visible()


# --------------------------------------------------------------------------- many users
def test_twenty_simultaneous_sessions_get_their_own_results(browser, warm_server):
    """20 sessions at once, each with its own age range from the URL; each shows its own exact sum
    (men minus women of the 2020 census table, summed from the raw cells: tests/raw_reference.py)."""
    from tests.raw_reference import nbs_census_surplus

    ranges = [(20, b) for b in range(25, 105, 5)] + [(15, 40), (25, 45), (30, 60), (0, 100)]
    assert len(ranges) == 20
    contexts = [browser.new_context(viewport={"width": 1200, "height": 900}) for _ in ranges]
    try:
        pages = [c.new_page() for c in contexts]
        for pg, (a, b) in zip(pages, ranges):  # all sessions open at once
            pg.goto(f"{warm_server}/sex-ratio?surplus_range={a}&surplus_range={b}", wait_until="commit")
        for pg, (a, b) in zip(pages, ranges):
            metric = pg.locator("[data-testid=stMetric]").filter(has_text="Surplus of men, ages").first
            expect()(metric).to_contain_text(f"ages {a}-{b - 1} (2020 census)", timeout=120_000)
            expect()(metric.locator("[data-testid=stMetricValue]")).to_have_text(f"{nbs_census_surplus(2020, a, b):,}", timeout=60_000)
            assert pg.locator(PAGE_NOT_FOUND).count() == 0
    finally:
        for c in contexts:
            c.close()


# --------------------------------------------------------------------------- 5. no network
def test_trafficking_cases_chart_and_source_caption(page, artifacts_dir):
    open_page(page, "/cases")
    chart = page.locator(CHART).first
    # the yearbook series: one marker per year 1995-2020, plus the conflicting and stand-in markers
    assert chart.locator(".scatterlayer .trace").first.locator(".points path").count() == 26
    assert chart.locator(".legendtext", has_text="conflicting report").count() == 2
    assert chart.locator(".legendtext", has_text="stand-in: UNODC offences").count() == 1
    caption = page.locator("[data-testid=stCaptionContainer]", has_text="Source:").first
    expect()(caption).to_contain_text("National Bureau of Statistics of China")
    expect()(caption).to_contain_text("公安机关立案的刑事案件")
    page.screenshot(path=str(artifacts_dir / "trafficking_cases_page.png"))


def sidebar_paths(page) -> list[str]:
    """Paths of the pages listed in the sidebar navigation (so pages added later are covered)."""
    hrefs = page.locator("[data-testid=stSidebarNav] a").evaluate_all("as => as.map(a => a.href)")
    return [urlsplit(h).path or "/" for h in hrefs]


def wait_until_idle(page) -> None:
    """Wait for the page title, for the script run to finish, and a little for late requests."""
    page.wait_for_selector(f"{MAIN} h1", timeout=30_000)
    expect()(page.locator("[data-testid=stStatusWidget]")).to_have_count(0, timeout=60_000)
    expect()(page.locator(f"{MAIN} [data-stale=true]")).to_have_count(0, timeout=60_000)
    page.wait_for_load_state("networkidle")  # lazy chunks, fonts, images after first paint


def test_no_outbound_network(page, request_log):
    """Every page only talks to the dashboard itself (no CDN, fonts, telemetry or map tiles)."""
    open_page(page, "/", wait_for=f"{MAIN} h1")
    paths = list(dict.fromkeys(PAGES + sidebar_paths(page)))
    for path in paths:
        open_page(page, path, wait_for=f"{MAIN} h1")
        wait_until_idle(page)
    assert {"/sex-ratio", "/srb", "/provinces", "/cases", "/international", "/rescues", "/count-types", "/data", "/sources"} <= set(paths), paths
    assert any(u.startswith(page.base_url) for u in page.requests)
    urls = list(request_log)
    bad = offending_urls(urls)
    if bad:
        print("requests to other hosts:", *bad, sep="\n  ")
    assert not bad, f"{len(bad)} of {len(urls)} requests left 127.0.0.1/localhost: {bad[:20]}"
