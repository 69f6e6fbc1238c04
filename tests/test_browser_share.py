"""Real-browser tests of shareable links, bad links, a 375 px phone screen, keyboard use.

Same fixtures as tests/test_browser.py (tests/conftest.py): one ``make run`` server and one headless
chromium for the whole session; ``page`` is a fresh 1400x1000 context per test. Screenshots of
the 375 px run go to test-artifacts/mobile375_*.png.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
from tests.browser_helpers import (  # noqa: F401
    ALERT,
    CHART,
    EXCEPTION,
    MAIN,
    PAGE_NOT_FOUND,
    WAIT,
    active,
    chart_titles,
    charts_fit,
    chips,
    choose,
    combobox,
    expect,
    expect_title,
    goto,
    legend,
    new_context_page,
    settle,
    tab_until,
    thumbs,
)

SURPLUS_METRIC = "[data-testid=stMetric]:has-text('Surplus of men, ages')"
PRIMARY = "rgb(197, 57, 72)"  # Streamlit's light theme primary colour: focus ring of widgets
UNSD = "1990, 2000, 2010 censuses (UNSD, single years)"
UNSD_ID = "unsd_dyb_census_1990_2000_2010"  # links hold option ids, not the labels on screen
# 2020 census (NBS yearbook table 1-5), men minus women: README "Known facts" and tests/test_population.py.
SURPLUS_2020 = {(20, 40): "15,337,091", (20, 45): "17,647,149", (20, 25): "4,410,315"}


def surplus_2010(age_from: int, age_to: int) -> str:
    """Men minus women in [age_from, age_to) of the 2010 census table, summed from the raw cells
    (tests/raw_reference.py), as the page prints it."""
    from tests.raw_reference import nbs_census_surplus

    return f"{nbs_census_surplus(2010, age_from, age_to):,}"


def metric_value(pg):
    return pg.locator(SURPLUS_METRIC).locator("[data-testid=stMetricValue]")


# --------------------------------------------------------------------------- 1. URL round trip
#: The /sex-ratio page's tabs (only the open one runs) and the chart key of each.
SEX_RATIO_TABS = {"Population pyramid": "pyramid", "Sex ratio by census": "ratio-by-age", "Surplus of men": "surplus", "Neighbours": "neighbours"}


def open_tab(pg, name: str) -> None:
    """Click the /sex-ratio tab ``name`` and wait until its chart is drawn and the run is over."""
    pg.get_by_role("tab", name=name).click()
    expect()(pg.get_by_role("tab", name=name)).to_have_attribute("aria-selected", "true", timeout=WAIT)
    expect()(pg.locator(f".st-key-{SEX_RATIO_TABS[name]}-chart .main-svg").first).to_be_attached(timeout=WAIT)
    settle(pg)


def sex_ratio_view(pg) -> dict:
    """Everything a shared /sex-ratio link must reproduce, tab by tab (each tab clicked in turn):
    widget values, metrics, chart titles."""
    view = {}
    for name, chart_key in SEX_RATIO_TABS.items():
        open_tab(pg, name)
        if name == "Surplus of men":  # its metrics come with a script bundle of their own, after the chart
            expect()(pg.locator(SURPLUS_METRIC)).to_have_count(1, timeout=WAIT)
        view[f"title {chart_key}"] = chart_titles(pg)
        view[f"metrics {chart_key}"] = pg.locator("[data-testid=stMetric]").all_inner_texts()
        if name == "Population pyramid":
            view |= {"pyr_source": combobox(pg, "pyr_source").input_value(), "pyr_year": thumbs(pg, "pyr_year")}
        if name == "Surplus of men":
            view |= {"surplus_census": combobox(pg, "surplus_census").input_value(), "surplus_range": thumbs(pg, "surplus_range")}
        if name == "Neighbours":
            view |= {"nb_countries": chips(pg, "nb_countries"), "nb_year": combobox(pg, "nb_year").input_value(),
                     "neighbours_legend": sorted(legend(pg, "neighbours-chart"))}
    return view


def test_sex_ratio_link_reopens_the_same_view(page, browser):
    goto(page, page.base_url + "/sex-ratio")
    expect()(page.locator(CHART)).to_have_count(1, timeout=WAIT)  # the first tab only

    # Pyramid: the UNSD censuses, then year 2010 -> 2000 with the keyboard.
    choose(page, "pyr_source", UNSD)
    year = page.locator(".st-key-pyr_year").get_by_role("slider")
    expect()(year).to_have_attribute("aria-valuetext", "2010", timeout=WAIT)
    year.focus()
    page.keyboard.press("ArrowLeft")
    expect_title(page.locator(".st-key-pyramid-chart"), "China, 2000 (census count): population by age and sex")

    # Surplus range with the keyboard: end 40 -> 45 (20-44), then back to 25 (20-24), 2020 census.
    open_tab(page, "Surplus of men")
    value = metric_value(page)
    expect()(value).to_have_text(SURPLUS_2020[(20, 40)])
    end = page.locator(".st-key-surplus_range").get_by_role("slider").nth(1)
    end.focus()
    page.keyboard.press("ArrowRight")
    expect()(value).to_have_text(SURPLUS_2020[(20, 45)], timeout=WAIT)
    for label in ["20-39", "20-34", "20-29", "20-24"]:
        expect()(end).to_be_focused()
        page.keyboard.press("ArrowLeft")
        expect()(page.locator(SURPLUS_METRIC)).to_contain_text(f"ages {label} (2020 census)", timeout=WAIT)
    expect()(value).to_have_text(SURPLUS_2020[(20, 25)])
    # Then the 2010 census for the same range.
    choose(page, "surplus_census", "2010 (NBS)")
    expect()(page.locator(SURPLUS_METRIC)).to_contain_text("ages 20-24 (2010 census)", timeout=WAIT)
    expect()(value).to_have_text(surplus_2010(20, 25))

    # Neighbours: without India, year 2000.
    open_tab(page, "Neighbours")
    page.locator(".st-key-nb_countries").get_by_role("button", name="Remove India").click()
    expect()(page.locator(".st-key-neighbours-chart .legendtext")).to_have_count(4, timeout=WAIT)
    choose(page, "nb_year", "2000")
    expect_title(page.locator(".st-key-neighbours-chart"), "Sex ratio by age group, 2000 (UN estimates)")
    settle(page)

    link = page.url
    assert urlsplit(link).path == "/sex-ratio"
    assert parse_qs(urlsplit(link).query) == {
        "pyr_source": [UNSD_ID],
        "pyr_year": ["2000"],
        "surplus_census": ["2010 (NBS)"],
        "surplus_range": ["20", "25"],
        "nb_countries": ["CHN", "JPN", "KOR", "VNM"],
        "nb_year": ["2000"],
        "chart": ["neighbours"],
    }, link
    here = sex_ratio_view(page)
    assert here["surplus_range"] == ["20-24", "20-24"] and here["pyr_year"] == ["2000"]  # inclusive groups on the handles
    assert here["neighbours_legend"] == ["China", "Japan", "Republic of Korea", "Viet Nam"]
    assert here["title surplus"] == ["China, 2010 census: surplus of men by age group (selected: 20-24)"]
    assert here["metrics surplus"][0].endswith(surplus_2010(20, 25))

    # The same link in a new browser context (no shared session, cookies or storage): it opens
    # the tab it was copied on, with every tab's settings.
    context, other = new_context_page(browser)
    try:
        goto(other, link)
        expect()(other.get_by_role("tab", name="Neighbours")).to_have_attribute("aria-selected", "true", timeout=WAIT)
        expect_title(other.locator(".st-key-neighbours-chart"), "Sex ratio by age group, 2000 (UN estimates)")
        settle(other)
        assert parse_qs(urlsplit(other.url).query) == parse_qs(urlsplit(link).query)
        assert other.locator(ALERT).count() == 0, other.locator(ALERT).all_inner_texts()
        assert sex_ratio_view(other) == here
        assert other.locator(ALERT).count() == 0, other.locator(ALERT).all_inner_texts()
    finally:
        context.close()


def test_data_and_international_links_reopen_the_same_view(page, browser):
    # Data page: population table filtered to Beijing, men, 2020 census.
    goto(page, page.base_url + "/data", wait_for="[data-testid=stDataFrame]")
    expect()(combobox(page, "data_table")).to_have_value("Population by age and sex (censuses, UN estimates and projections) · population_by_age_sex")
    pub = pd.read_parquet(ROOT / "datasets" / "published" / "population_by_age_sex.parquet")
    want = pub[(pub["geography"] == "Beijing") & (pub["sex"] == "male") & (pub["source_id"] == "nbs_census2020_yb_t1_5")]
    assert 0 < len(want) < len(pub)
    line = page.locator(f"{MAIN} [data-testid=stMarkdownContainer] p").filter(has_text=re.compile(r"^[\d,]+ of [\d,]+ rows$"))
    for key, option in [("geography", "Beijing"), ("sex", "male"), ("source_id", "nbs_census2020_yb_t1_5")]:
        before = line.inner_text()
        choose(page, f"f-population_by_age_sex-{key}", option)
        expect()(line).not_to_have_text(before, timeout=WAIT)
    expect()(line).to_have_text(f"{len(want):,} of {len(pub):,} rows")
    settle(page)
    data_link = page.url
    assert parse_qs(urlsplit(data_link).query) == {
        "f-population_by_age_sex-geography": ["Beijing"],
        "f-population_by_age_sex-sex": ["male"],
        "f-population_by_age_sex-source_id": ["nbs_census2020_yb_t1_5"],
    }, data_link

    # International page: another indicator, Thailand beside China.
    goto(page, page.base_url + "/international")
    choose(page, "glotip_indicator", "Persons convicted")
    expect_title(page.locator(".st-key-glotip-chart"), "Persons convicted, as reported to UNODC")
    choose(page, "glotip_countries", "Thailand")
    expect()(page.locator(".st-key-glotip-chart .legendtext")).to_have_count(2, timeout=WAIT)
    settle(page)
    intl_link = page.url
    assert parse_qs(urlsplit(intl_link).query) == {"glotip_indicator": ["Persons convicted"], "glotip_countries": ["CHN", "THA"]}, intl_link
    intl_view = (chips(page, "glotip_countries"), sorted(legend(page, "glotip-chart")), chart_titles(page), page.locator(ALERT).all_inner_texts())
    assert intl_view[0] == ["China", "Thailand"] and intl_view[1] == ["China", "Thailand"]

    context, other = new_context_page(browser)
    try:
        goto(other, data_link, wait_for="[data-testid=stDataFrame]")
        rows_line = other.locator(f"{MAIN} [data-testid=stMarkdownContainer] p").filter(has_text=re.compile(r"^[\d,]+ of [\d,]+ rows$"))
        expect()(rows_line).to_have_text(f"{len(want):,} of {len(pub):,} rows", timeout=WAIT)
        for key, option in [("geography", "Beijing"), ("sex", "male"), ("source_id", "nbs_census2020_yb_t1_5")]:
            widget = other.locator(f".st-key-f-population_by_age_sex-{key}")
            expect()(widget.get_by_role("button", name=re.compile("^Remove "))).to_have_count(1, timeout=WAIT)
            assert chips(other, f"f-population_by_age_sex-{key}") == [option]
        expect()(other.locator(f"{MAIN} [data-testid=stDataFrame] table[role=grid]")).to_have_attribute("aria-rowcount", str(len(want) + 1))

        goto(other, intl_link)
        expect_title(other.locator(".st-key-glotip-chart"), "Persons convicted, as reported to UNODC")
        expect()(other.locator(".st-key-glotip-chart .legendtext")).to_have_count(2, timeout=WAIT)
        settle(other)
        assert combobox(other, "glotip_indicator").input_value() == "Persons convicted"
        assert (chips(other, "glotip_countries"), sorted(legend(other, "glotip-chart")), chart_titles(other), other.locator(ALERT).all_inner_texts()) == intl_view
    finally:
        context.close()


# --------------------------------------------------------------------------- 2. bad links
def ignored(key: str, value: str, label: str) -> str:
    return f'The link\'s setting {key}={value} is not one of the choices for "{label}"; it was ignored.'


# The /sex-ratio page runs only its open tab, so a link's settings are checked when their tab is
# open: each case opens one tab (?chart=<tab id>, or the first tab whose settings the link has).
BAD_LINKS = [
    pytest.param(
        "/sex-ratio?pyr_source=UN+WPP+2022",
        [
            ignored("pyr_source", "UN WPP 2022", "Census or UN series"),  # a label-like text, not an option id
        ],
        1, id="sex-ratio-pyramid",
    ),
    pytest.param(
        "/sex-ratio?chart=surplus&surplus_census=1850&surplus_range=20&surplus_range=100%2B",
        [  # a census that does not exist; the label on screen instead of the id a link holds (999 for "100+")
            ignored("surplus_census", "1850", "Census"),
            ignored("surplus_range", "20, 100+", "Age groups (the first and the last, both included)"),
        ],
        1, id="sex-ratio-surplus",
    ),
    pytest.param(
        "/sex-ratio?chart=neighbours&nb_countries=XXX&nb_countries=China&nb_countries=JPN",
        [ignored("nb_countries", "XXX, China", "Countries")],  # China on screen is CHN in a link
        1, id="sex-ratio-neighbours",
    ),
    pytest.param(
        "/sex-ratio?chart=Surplus+of+men",  # the tab's label instead of its id
        ["The link's setting chart=Surplus of men is not one of this page's charts; it was ignored."],
        1, id="sex-ratio-tab",
    ),
    pytest.param(
        "/international?glotip_indicator=zzz&glotip_countries=QQQ&tip_countries=Atlantis",
        [
            ignored("glotip_indicator", "zzz", "Indicator (one count type per chart)"),
            ignored("glotip_countries", "QQQ", "Countries and areas"),
            ignored("tip_countries", "Atlantis", "Countries"),
        ],
        2, id="international",
    ),
    pytest.param("/srb?srb_area=moon&srb_country=XYZ", [ignored("srb_country", "XYZ", "Country"), ignored("srb_area", "moon", "Area")], 3, id="srb"),
    pytest.param("/provinces?prov_year=1850", [ignored("prov_year", "1850", "Census year for the map")], 2, id="provinces"),
    pytest.param("/cases?cases_view=%3Cscript%3E", [ignored("cases_view", "<script>", "Show")], 1, id="cases"),
    pytest.param(
        "/data?data_table=garbage",
        [ignored("data_table", "garbage", "Table")],
        0, id="data",
    ),
    pytest.param("/count-types?count_type=x", [ignored("count_type", "x", "Count type")], 0, id="count-types"),
    pytest.param(
        "/sex-ratio?chart=neighbours&nb_countries=%5Bclick+me%5D%28https%3A%2F%2Fexample.org%29&nb_year=**bold**",
        [ignored("nb_countries", "[click me](https://example.org)", "Countries"), ignored("nb_year", "**bold**", "Year (UN estimate)")],
        1, id="markdown-in-link",
    ),
]


@pytest.mark.parametrize(("path", "notices", "charts"), BAD_LINKS)
def test_bad_link_shows_notice_and_page_still_draws(page, path, notices, charts):
    goto(page, page.base_url + path, wait_for=f"{MAIN} h1")
    if charts:
        expect()(page.locator(CHART)).to_have_count(charts, timeout=WAIT)
        # every chart really drew (has its plot area)
        expect()(page.locator(f"{CHART} .main-svg .cartesianlayer, {CHART} .main-svg .scatterlayer").first).to_be_attached()
    else:
        expect()(page.locator(f"{MAIN} [data-testid=stDataFrame]").first).to_be_visible(timeout=WAIT)
    settle(page)
    alerts = page.locator(ALERT)
    texts = [t.strip() for t in alerts.all_inner_texts()]
    notices_shown = [t for t in texts if t.startswith("The link's setting")]
    assert notices_shown == notices, texts
    for notice in notices:
        expect()(alerts.filter(has_text=notice)).to_be_visible()
    assert page.locator(EXCEPTION).count() == 0
    assert page.locator(PAGE_NOT_FOUND).count() == 0
    # link text is shown literally: no link or styling smuggled into the notices
    assert alerts.locator("a", has_text="click me").count() == 0
    assert alerts.locator("strong, em, [class*=red]").filter(has_text=re.compile("bold|x")).count() == 0
    # Streamlit removes the invalid values from the address bar, so copying it gives a clean link
    query = parse_qs(urlsplit(page.url).query, keep_blank_values=True)
    assert not any(f"{k}={v}" in notice for k, vs in query.items() for v in vs for notice in notices), page.url
    if "chart=surplus" in path:
        expect()(metric_value(page)).to_have_text(SURPLUS_2020[(20, 40)])  # the defaults are drawn
    if path.startswith("/data"):
        expect()(combobox(page, "data_table")).to_have_value("Population by age and sex (censuses, UN estimates and projections) · population_by_age_sex")
        expect()(page.locator(f"{MAIN} p").filter(has_text=re.compile(r"^33,738 of 33,738 rows$"))).to_have_count(1)


def test_unknown_link_parameter_gets_a_notice(page):
    goto(page, page.base_url + "/sources?foo=bar&lang=zh", wait_for=f"{MAIN} [data-testid=stDataFrame]")
    settle(page)
    expect()(page.locator(ALERT).filter(has_text="foo=bar")).to_be_visible(timeout=5_000)
    assert parse_qs(urlsplit(page.url).query) == {"lang": ["zh"]}, page.url  # removed; the known one kept


# --------------------------------------------------------------------------- 3. 375 px phone screen
PAGES = ["/", "/sex-ratio", "/marriage", "/srb", "/provinces", "/cases", "/international", "/rescues", "/count-types", "/data", "/sources"]
# The first content block of each page: its first chart, or for pages without charts the first
# news card / table.
FIRST_BLOCK = {"/": "[class*=st-key-card-NEWS]", "/count-types": f"{MAIN} [data-testid=stDataFrame]",
               "/data": f"{MAIN} [data-testid=stDataFrame]", "/sources": f"{MAIN} [data-testid=stDataFrame]"}
# A phone browser says so in its User-Agent ("Mobile"); the dashboard then wraps chart titles to a
# phone's width (Plotly cannot wrap text to the chart's width by itself).
PHONE_USER_AGENT = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Mobile Safari/537.36"
MOBILE = {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2, "user_agent": PHONE_USER_AGENT}


def test_every_page_fits_a_375px_screen(browser, warm_server, artifacts_dir):
    context, pg = new_context_page(browser, **MOBILE)
    problems = []
    try:
        for path in PAGES:
            block = FIRST_BLOCK.get(path, CHART)
            goto(pg, warm_server + path, wait_for=block)
            settle(pg)
            charts_fit(pg)  # Plotly's resize to the narrow column
            name = path.strip("/") or "overview"
            pg.screenshot(path=str(artifacts_dir / f"mobile375_{name}.png"))
            m = pg.evaluate(
                """(sel) => { const d = document.documentElement, main = document.querySelector('[data-testid=stMain]');
                  const box = (e) => { const r = e.getBoundingClientRect(); return {left: r.left, right: r.right, top: r.top, width: r.width}; };
                  return {scrollWidth: d.scrollWidth, innerWidth: window.innerWidth, mainScroll: main.scrollWidth, mainClient: main.clientWidth,
                          h1: box(main.querySelector('h1')), block: box(document.querySelector(sel))}; }""",
                block,
            )
            assert m["innerWidth"] == 375
            if m["scrollWidth"] > m["innerWidth"] + 1 or m["mainScroll"] > m["mainClient"] + 1:
                problems.append(f"{path}: horizontal overflow {m}")
            expect()(pg.locator(f"{MAIN} h1").first).to_be_visible()
            expect()(pg.locator(block).first).to_be_visible()
            if not (0 <= m["h1"]["left"] and m["h1"]["right"] <= 375 + 1):
                problems.append(f"{path}: title outside the screen {m['h1']}")
            if not (m["block"]["width"] >= 300 and m["block"]["left"] >= 0 and m["block"]["right"] <= 375 + 1):
                problems.append(f"{path}: first block {block} is {m['block']}")
            # the sidebar is collapsed on a phone, so it does not cover the page
            expect()(pg.locator("[data-testid=stSidebar]")).to_have_attribute("data-collapsed", "true")
    finally:
        context.close()
    assert not problems, "\n".join(problems)
    assert len(list(artifacts_dir.glob("mobile375_*.png"))) >= len(PAGES)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_registered_cases_labels_neither_overlap_nor_leave_the_chart(page, lang):
    """The campaign labels, the law-change label and the labels of the peak and the last year on
    /cases: each label's text box inside the chart, and no two boxes overlapping."""
    goto(page, page.base_url + f"/cases?lang={lang}")
    settle(page)
    charts_fit(page)
    chart = page.locator(".st-key-cases-chart " + CHART)
    boxes = chart.evaluate("""c => [...c.querySelectorAll('.annotation-text')].map(t => {
        const r = t.getBoundingClientRect(); return {text: t.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom}; })""")
    frame = chart.evaluate("c => { const r = c.getBoundingClientRect(); return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; }")
    assert len(boxes) == 5, boxes  # two campaign periods, the 2015 law, the peak (2000: 23,163), the last year (2020: 3,035)
    assert {b["text"] for b in boxes} >= {"2000: 23,163", "2020: 3,035"}
    outside = [b["text"] for b in boxes if b["left"] < frame["left"] or b["right"] > frame["right"] + 1]
    assert not outside, outside
    overlapping = [(a["text"], b["text"]) for i, a in enumerate(boxes) for b in boxes[i + 1:]
                   if a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]]
    assert not overlapping, overlapping


def test_chart_titles_fit_a_375px_screen(browser, warm_server):
    """Plotly does not wrap titles: on a phone, charts.wrap_title breaks titles and source lines so
    that none runs past a 375 px chart."""
    context, pg = new_context_page(browser, **MOBILE)
    cut = []
    try:
        for path in ["/sex-ratio", "/sex-ratio?chart=surplus", "/sex-ratio?chart=censuses", "/sex-ratio?chart=neighbours", "/cases",
                     "/sex-ratio?lang=zh", "/sex-ratio?chart=surplus&lang=zh", "/sex-ratio?chart=neighbours&lang=zh", "/srb?lang=zh",
                     "/marriage", "/marriage?lang=zh"]:
            goto(pg, warm_server + path)
            settle(pg)
            charts_fit(pg)
            for chart in pg.locator(CHART).all():
                for part in (".gtitle", ".gtitle-subtitle"):  # the title and the source line under it
                    found = chart.evaluate(
                        "(c, s) => { const t = c.querySelector(s); return t && [t.getBoundingClientRect().right, c.getBoundingClientRect().right, t.textContent]; }",
                        part)
                    if found and found[0] > found[1] + 1:
                        cut.append(f"{path}: {found[2]!r} ends at {found[0]:.0f} px, the chart at {found[1]:.0f} px")
    finally:
        context.close()
    assert not cut, "\n".join(cut)


# --------------------------------------------------------------------------- 4. keyboard only
def arrow_to_tab(page, name: str, *, chart: str, param: str) -> None:
    """Press ArrowRight on the focused tab list and wait until the tab ``name`` is open: selected,
    its chart drawn, its id in the link and the script run over (the next key is not lost)."""
    page.keyboard.press("ArrowRight")
    expect()(page.get_by_role("tab", name=name)).to_have_attribute("aria-selected", "true", timeout=WAIT)
    expect()(page.locator(f".st-key-{chart}-chart {CHART}")).to_be_visible(timeout=WAIT)
    page.wait_for_url(lambda url: param in url, timeout=WAIT)
    settle(page)
    # react-aria's own mark of the focused tab, which the next arrow key moves from (Playwright's
    # to_be_focused also asks that the page have the window's focus, which a headless run may not give)
    expect()(page.get_by_role("tab", name=name)).to_have_attribute("data-focused", "true", timeout=WAIT)


def test_keyboard_only_changes_surplus_range_and_census(page):
    goto(page, page.base_url + "/sex-ratio")
    settle(page)

    # From page load: Tab, Tab, ... reaches the tab list; the arrow keys open the next tabs.
    reached = tab_until(page, lambda a: a["label"] == "Population pyramid")
    assert page.evaluate("() => document.activeElement.getAttribute('role')") == "tab"
    # Each arrow key opens its tab, which starts a rerun; the tabs ignore keys until it is over.
    # The tab is selected on screen at once: wait, as a reader does, for its chart and its link.
    arrow_to_tab(page, "Sex ratio by census", chart="ratio-by-age", param="chart=censuses")
    arrow_to_tab(page, "Surplus of men", chart="surplus", param="chart=surplus")
    value = metric_value(page)
    expect()(value).to_have_text(SURPLUS_2020[(20, 40)], timeout=WAIT)
    settle(page)
    census_group = combobox(page, "surplus_census").locator("xpath=..")
    border_unfocused = census_group.evaluate("e => getComputedStyle(e).borderTopColor")

    # Then Tab reaches the census selectbox, then the slider's two thumbs.
    reached = tab_until(page, lambda a: a["key"] == "surplus_census")
    assert reached["label"] == "Census" and reached["tag"] == "INPUT"
    assert census_group.evaluate("e => getComputedStyle(e).borderTopColor") == PRIMARY != border_unfocused
    page.keyboard.press("Tab")
    assert active(page)["label"].endswith("— start") and active(page)["key"] == "surplus_range"
    page.keyboard.press("Tab")
    end = page.locator(".st-key-surplus_range").get_by_role("slider").nth(1)
    expect()(end).to_be_focused()
    # focus is visible: react-aria marks the visible thumb and Streamlit draws a ring around it
    thumb = end.locator("xpath=../..")
    expect()(thumb).to_have_attribute("data-focus-visible", "true")
    assert thumb.evaluate("e => getComputedStyle(e).boxShadow") != "none"
    other_thumb = page.locator(".st-key-surplus_range").get_by_role("slider").nth(0).locator("xpath=../..")
    assert other_thumb.evaluate("e => getComputedStyle(e).boxShadow") == "none"

    page.keyboard.press("ArrowRight")
    expect()(value).to_have_text(SURPLUS_2020[(20, 45)], timeout=WAIT)
    expect_title(page.locator(".st-key-surplus-chart"), "China, 2020 census: surplus of men by age group (selected: 20-44)")
    expect()(end).to_be_focused()  # the rerun keeps the focus where it was
    assert thumbs(page, "surplus_range") == ["20-24", "40-44"]

    # Back to the selectbox (Shift+Tab twice), open it with ArrowDown, take the next census with Enter.
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    assert active(page)["key"] == "surplus_census"
    page.keyboard.press("ArrowDown")
    expect()(combobox(page, "surplus_census")).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Enter")
    expect()(page.locator(SURPLUS_METRIC)).to_contain_text("ages 20-44 (2010 census)", timeout=WAIT)
    expect()(value).to_have_text(surplus_2010(20, 45))
    expect_title(page.locator(".st-key-surplus-chart"), "China, 2010 census: surplus of men by age group (selected: 20-44)")
    assert parse_qs(urlsplit(page.url).query) == {"chart": ["surplus"], "surplus_census": ["2010 (NBS)"], "surplus_range": ["20", "45"]}


def test_keyboard_only_sidebar_navigation(page):
    goto(page, page.base_url + "/sex-ratio")
    settle(page)
    # The first Tab stop is the "Skip to main content" link, shown when focused.
    page.keyboard.press("Tab")
    skip = active(page)
    assert skip["tag"] == "A" and skip["label"] == "Skip to main content"
    expect()(page.get_by_role("link", name="Skip to main content")).to_be_in_viewport()

    link = page.locator("[data-testid=stSidebarNav] a", has_text="Provinces")
    bg_unfocused = link.evaluate("e => getComputedStyle(e).backgroundColor")
    reached = tab_until(page, lambda a: a["tag"] == "A" and a["label"] == "Provinces", limit=20)
    assert urlsplit(reached["href"] or "").path.endswith("/provinces")
    # Streamlit's only focus cue on a nav link is a light background tint (no outline or ring)
    bg_focused = link.evaluate("e => getComputedStyle(e).backgroundColor")
    assert bg_focused != bg_unfocused, (bg_unfocused, bg_focused)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/provinces$"), timeout=WAIT)
    expect()(page.locator(f"{MAIN} h1").filter(has_text="Provinces")).to_have_count(1, timeout=WAIT)
    expect()(page.locator(CHART)).to_have_count(2, timeout=WAIT)

    # And on the new page, the year radio is reachable and changes the map with arrows.
    map_chart = page.locator(".st-key-province-map-chart")
    expect_title(map_chart, "Sex ratio by province, 2020 census")
    tab_until(page, lambda a: a["key"] == "prov_year", limit=60)
    expect()(page.locator(".st-key-prov_year").get_by_role("radio", name="2020")).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect_title(map_chart, "Sex ratio by province, 2010 census")
    assert parse_qs(urlsplit(page.url).query) == {"prov_year": ["2010"]}
