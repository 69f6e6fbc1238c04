"""Real-browser tests: what a reader chose survives a switch of language and a server restart.

Each case switches to 中文 with one click, checks that every widget shows its value in Chinese,
then changes every kind of widget on the page or tab (multiselect chip, selectbox, radio,
slider) and checks that no error appears, the labels stay Chinese and the URL holds the change
and the earlier settings; then switches back to English and changes one more. The restart test
starts a server of its own on a free port and restarts it between two changes.
Fixtures: tests/conftest.py; helpers: tests/browser_helpers.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser_helpers import EXCEPTION, MAIN, WAIT, chips, choose, combobox, expect, goto, settle, thumbs

pytestmark = pytest.mark.browser

ERROR = "[data-testid=stAlertContentError]"
LINK_NOTICE = f"{MAIN} [data-testid=stAlertContentWarning]:has-text('链接中的设置'), {MAIN} [data-testid=stAlertContentWarning]:has-text(\"link's setting\")"


# --------------------------------------------------------------------------- widget actions
def pick(key: str, label: str) -> Callable:
    """Choose ``label`` in the selectbox (or add it to the multiselect) ``key``."""
    return lambda pg: choose(pg, key, label)


def unchip(key: str, label: str) -> Callable:
    """Remove the chip ``label`` from the multiselect ``key``."""
    return lambda pg: pg.locator(f".st-key-{key}").get_by_role("button", name=f"Remove {label}", exact=True).click()


def radio(key: str, label: str) -> Callable:
    """Click the radio option ``label`` of ``key``."""
    return lambda pg: pg.locator(f".st-key-{key}").get_by_text(label, exact=True).click()


def slide(key: str, thumb: int, arrow: str) -> Callable:
    """Focus thumb ``thumb`` (0: start, 1: end) of the slider ``key`` and press ``arrow`` once."""
    def act(pg):
        pg.locator(f".st-key-{key}").get_by_role("slider").nth(thumb).focus()
        pg.keyboard.press(arrow)
    return act


def next_option(key: str) -> Callable:
    """Open the selectbox ``key`` and take the option after the chosen one (keyboard)."""
    def act(pg):
        combobox(pg, key).click()
        pg.keyboard.press("ArrowDown")
        pg.keyboard.press("Enter")
    return act


def radio_value(pg, key: str) -> str:
    return pg.locator(f".st-key-{key} label:has(input:checked)").inner_text().strip()


def shown(pg, key: str):
    """What the widget ``key`` shows as its value: chips, the selectbox text, the checked radio
    label or the slider thumbs."""
    box = pg.locator(f".st-key-{key}")
    if box.get_by_role("radiogroup").count():
        return radio_value(pg, key)
    if box.get_by_role("slider").count():
        return thumbs(pg, key)
    if box.locator("[data-tag]").count() or box.get_by_role("button", name=re.compile("^Remove ")).count():
        return chips(pg, key)
    return combobox(pg, key).input_value()


def link(pg) -> dict[str, list[str]]:
    return parse_qs(urlsplit(pg.url).query, keep_blank_values=True)


@dataclass
class Case:
    path: str
    zh_shows: dict  # widget key -> what it shows right after the switch to 中文 (or a pattern it matches)
    steps: list  # (action, {param: values or None (absent)}) in 中文
    en_step: tuple  # one more change after switching back to English
    en_shows: dict = field(default_factory=dict)  # widget key -> what it shows in English at the end


CASES = {
    "pyramid": Case(
        "/sex-ratio?pyr_source=unsd_dyb_census_1990_2000_2010",
        {"pyr_source": "1990、2000、2010年普查（联合国统计司，单岁）", "pyr_year": ["2010"]},
        [(slide("pyr_year", 0, "ArrowLeft"), {"pyr_year": ["2000"], "pyr_source": ["unsd_dyb_census_1990_2000_2010"]}),
         (pick("pyr_source", "联合国《世界人口展望2022》估计（单岁，1950-2021年）"), {"pyr_source": ["wpp2022_single_age_decadal"], "pyr_year": ["2000"]})],
        (pick("pyr_source", "2020 census (NBS yearbook, 5-year groups)"), {"pyr_source": None, "pyr_year": None}),
        {"pyr_source": "2020 census (NBS yearbook, 5-year groups)"},
    ),
    "censuses": Case(
        "/sex-ratio?chart=censuses",
        {"sr_censuses": ["2020（国家统计局）", "2010（国家统计局）", "2000（联合国统计司）", "1990（联合国统计司）"]},
        [(unchip("sr_censuses", "2010（国家统计局）"), {"sr_censuses": ["2020 (NBS)", "2000 (UNSD)", "1990 (UNSD)"]}),
         (unchip("sr_censuses", "1990（联合国统计司）"), {"sr_censuses": ["2020 (NBS)", "2000 (UNSD)"]})],
        (unchip("sr_censuses", "2000 (UNSD)"), {"sr_censuses": ["2020 (NBS)"]}),
        {"sr_censuses": ["2020 (NBS)"]},
    ),
    "surplus": Case(
        "/sex-ratio?chart=surplus&surplus_range=20&surplus_range=45",
        {"surplus_census": "2020（国家统计局）", "surplus_range": ["20-24", "40-44"]},
        [(pick("surplus_census", "2010（国家统计局）"), {"surplus_census": ["2010 (NBS)"], "surplus_range": ["20", "45"]}),
         (slide("surplus_range", 1, "ArrowRight"), {"surplus_census": ["2010 (NBS)"], "surplus_range": ["20", "50"]})],
        (pick("surplus_census", "2000 (UNSD)"), {"surplus_census": ["2000 (UNSD)"], "surplus_range": ["20", "50"]}),
        {"surplus_census": "2000 (UNSD)"},
    ),
    "neighbours": Case(
        "/sex-ratio?chart=neighbours",
        {"nb_countries": ["中国", "印度", "日本", "韩国", "越南"], "nb_year": "2020"},
        [(unchip("nb_countries", "印度"), {"nb_countries": ["CHN", "JPN", "KOR", "VNM"]}),
         (pick("nb_year", "2010"), {"nb_countries": ["CHN", "JPN", "KOR", "VNM"], "nb_year": ["2010"]})],
        (unchip("nb_countries", "Japan"), {"nb_countries": ["CHN", "KOR", "VNM"], "nb_year": ["2010"]}),
        {"nb_countries": ["China", "Republic of Korea", "Viet Nam"]},
    ),
    "marriage": Case(
        "/marriage?nm_area=rural",
        {"nm_area": "乡村", "nm_sex": "男"},
        [(radio("nm_sex", "女"), {"nm_sex": ["female"], "nm_area": ["rural"]})],
        (radio("nm_area", "urban"), {"nm_area": ["urban"], "nm_sex": ["female"]}),
        {"nm_area": "urban", "nm_sex": "women"},
    ),
    "srb": Case(
        "/srb?srb_country=JPN",
        {"srb_country": "日本", "srb_area": "全部", "srb_prov_order": "全部"},
        [(radio("srb_area", "城市"), {"srb_country": ["JPN"], "srb_area": ["city"]}),
         (radio("srb_prov_year", "2010"), {"srb_country": ["JPN"], "srb_area": ["city"], "srb_prov_year": ["2010"]}),
         (pick("srb_prov_order", "2"), {"srb_country": ["JPN"], "srb_prov_order": ["2"]}),
         (pick("srb_country", "印度"), {"srb_country": ["IND"], "srb_area": ["city"]})],
        (radio("srb_area", "rural"), {"srb_country": ["IND"], "srb_area": ["rural"], "srb_prov_order": ["2"]}),
        {"srb_country": "India", "srb_area": "rural"},
    ),
    "count-types": Case(
        "/count-types",
        {"count_type": re.compile(r"^[^A-Za-z]+$")},  # Chinese label, Chinese count ("立案" ... "个数字")
        [(next_option("count_type"), {"count_type": ["cases_solved"]})],
        (next_option("count_type"), {"count_type": ["court_cases"]}),
    ),
    "data": Case(
        "/data?data_table=population_by_age_sex",
        {},  # no filter is set yet
        [(pick("f-population_by_age_sex-geography", "北京"), {"data_table": None, "f-population_by_age_sex-geography": ["Beijing"]}),
         (slide("f-population_by_age_sex-year", 0, "ArrowRight"), {"f-population_by_age_sex-geography": ["Beijing"], "f-population_by_age_sex-year": ["1960", "2100"]}),
         (pick("f-population_by_age_sex-sex", "female"), {"f-population_by_age_sex-sex": ["female"], "f-population_by_age_sex-year": ["1960", "2100"]})],
        (unchip("f-population_by_age_sex-geography", "Beijing"), {"f-population_by_age_sex-geography": None, "f-population_by_age_sex-sex": ["female"]}),
        {"f-population_by_age_sex-sex": ["female"]},
    ),
    "provinces": Case(
        "/provinces",
        {"prov_year": "2020"},
        [(radio("prov_year", "2010"), {"prov_year": ["2010"]})],
        (radio("prov_year", "2020"), {"prov_year": None}),
    ),
    "cases": Case(
        "/cases",
        {"cases_view": "立案数"},
        [(radio("cases_view", "每万起立案刑事案件"), {"cases_view": ["per 10,000 registered criminal cases"]})],
        (radio("cases_view", "cases registered"), {"cases_view": None}),
        {"cases_view": "cases registered"},
    ),
    "international": Case(
        "/international",
        {"glotip_indicator": "被发现的人口贩运受害者", "glotip_countries": ["中国"], "tip_countries": ["中国", "印度", "越南"]},
        [(pick("glotip_indicator", "被定罪人数"), {"glotip_indicator": ["Persons convicted"]}),
         (pick("glotip_countries", "印度"), {"glotip_indicator": ["Persons convicted"], "glotip_countries": ["CHN", "IND"]}),
         (unchip("tip_countries", "越南"), {"glotip_countries": ["CHN", "IND"], "tip_countries": ["China", "India"]})],
        (unchip("glotip_countries", "India"), {"glotip_indicator": ["Persons convicted"], "glotip_countries": None, "tip_countries": ["China", "India"]}),
        {"glotip_countries": ["China"], "tip_countries": ["China", "India"], "glotip_indicator": "Persons convicted"},
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_switch_language_then_change_every_widget(page, artifacts_dir, name):
    """streamlit/streamlit#5031, #11277: a relabelled widget must keep its value and take the next change."""
    case = CASES[name]
    goto(page, page.base_url + case.path, wait_for=f"{MAIN} h1")
    settle(page)
    page.locator("[data-testid=stSidebar]").get_by_text("中文", exact=True).click()
    expect()(page.locator("h1").first).to_have_text(re.compile(r"[\u4e00-\u9fff]"), timeout=WAIT)
    settle(page)
    for key, value in case.zh_shows.items():
        expect()(page.locator(f".st-key-{key}")).to_be_visible(timeout=WAIT)
        now = shown(page, key)
        assert value.search(now) if isinstance(value, re.Pattern) else now == value, (key, now, "after the switch to 中文")
    for i, (action, params) in enumerate([*case.steps, case.en_step]):
        if i == len(case.steps):  # back to English for the last change
            page.locator("[data-testid=stSidebar]").get_by_text("English", exact=True).click()
            expect()(page.locator("h1").first).not_to_have_text(re.compile(r"[\u4e00-\u9fff]"), timeout=WAIT)
            settle(page)
        action(page)
        settle(page)
        language = ["zh"] if i < len(case.steps) else None
        want = {k: v for k, v in (params | {"lang": language}).items()}
        where = f"{name}, change {i + 1}"
        try:
            page.wait_for_function(
                "want => { const q = new URLSearchParams(location.search);"
                " return Object.entries(want).every(([k, v]) => JSON.stringify(q.getAll(k)) === JSON.stringify(v || [])); }",
                arg=want, timeout=WAIT,
            )
        except Exception as exc:  # noqa: BLE001 - say which step and what the URL held
            page.screenshot(path=str(artifacts_dir / f"state_{name}_failed.png"))
            raise AssertionError(f"{where}: URL {link(page)} never matched {want}") from exc
        assert page.locator(EXCEPTION).count() == 0, where
        assert page.locator(ERROR).all_inner_texts() == [], where
        assert page.locator(LINK_NOTICE).count() == 0, (where, page.locator(LINK_NOTICE).all_inner_texts())
        if i < len(case.steps):
            for key in case.zh_shows:
                value = shown(page, key)
                text = " ".join(value) if isinstance(value, list) else value
                assert not re.search(r"[A-Za-z]{2,}", text), (where, key, value)
    for key, value in case.en_shows.items():
        assert shown(page, key) == value, (name, key, "in English at the end")
    page.screenshot(path=str(artifacts_dir / f"state_{name}.png"), full_page=False)


# --------------------------------------------------------------------------- server restart
# a link from before the filters kept the id (geography_zh=北京): it opens the same rows
DATA_LINK = "/data?lang=zh&data_table=population_by_age_sex&f-population_by_age_sex-geography_zh=北京&f-population_by_age_sex-sex=female"
ROWS_ZH = re.compile(r"共 ([\d,]+) 行，符合筛选的 ([\d,]+) 行")


def shown_rows(pg) -> int:
    text = pg.locator(MAIN).get_by_text(ROWS_ZH).inner_text()
    return int(ROWS_ZH.search(text).group(2).replace(",", ""))


def test_first_change_after_a_server_restart_applies(browser, artifacts_dir):
    """streamlit/streamlit#8901, #4297: after a restart the browser reconnects to a new server
    session and sends the values it shows with the reader's first change. That change must apply:
    the link's older value must not overwrite it (a filter chip, and a tab)."""
    from tests.conftest import free_port, start_dashboard, stop_dashboard

    port = free_port()
    log_path = artifacts_dir / f"server-restart-{port}.log"
    with open(log_path, "ab") as log:
        proc, base = start_dashboard(port, log)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        context.set_default_timeout(WAIT)
        try:
            data_page, tabs_page = context.new_page(), context.new_page()
            goto(data_page, base + DATA_LINK, wait_for=f"{MAIN} [data-testid=stDataFrame]")
            settle(data_page)
            assert shown_rows(data_page) == 44  # Beijing, women, 2010 and 2020 censuses: 2 x 22 age groups
            goto(tabs_page, base + "/sex-ratio?chart=surplus")
            settle(tabs_page)
            with data_page.expect_websocket(timeout=WAIT), tabs_page.expect_websocket(timeout=WAIT):
                stop_dashboard(proc)
                proc, _ = start_dashboard(port, log)
            # the pages reconnected to the new server: the first change of each must apply
            choose(data_page, "f-population_by_age_sex-geography", "天津")
            expect()(data_page.locator(MAIN).get_by_text(ROWS_ZH)).to_contain_text("符合筛选的 88 行", timeout=WAIT)
            assert chips(data_page, "f-population_by_age_sex-geography") == ["北京", "天津"]
            data_page.wait_for_function("() => new URLSearchParams(location.search).getAll('f-population_by_age_sex-geography').join() === 'Beijing,Tianjin'")
            tabs_page.get_by_role("tab", name="Neighbours").click()
            expect()(tabs_page.locator(".st-key-neighbours-chart .main-svg").first).to_be_attached(timeout=WAIT)
            settle(tabs_page)
            assert tabs_page.get_by_role("tab", name="Neighbours").get_attribute("aria-selected") == "true"
            tabs_page.wait_for_function("() => new URLSearchParams(location.search).get('chart') === 'neighbours'")
            data_page.screenshot(path=str(artifacts_dir / "state_after_restart.png"))
        finally:
            context.close()
            stop_dashboard(proc)
    assert "Traceback" not in log_path.read_text(encoding="utf-8", errors="replace")
