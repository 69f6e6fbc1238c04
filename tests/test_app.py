"""AppTest: every page runs without an exception; widgets change the numbers shown (fast, no browser)."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from dashboard import data
from tests.raw_reference import nbs_census_surplus, unsd_census_surplus

ROOT = Path(__file__).resolve().parent.parent

PAGES = ["sex_ratio_age", "marriage", "sex_ratio_at_birth", "provinces", "data_explorer", "sources"]


def run(page: str, **params: str | list[str]) -> AppTest:
    """Run a page script on its own, with the link's query parameters ``params``."""
    at = AppTest.from_file(str(ROOT / "dashboard" / "views" / f"{page}.py"), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


#: The sex-ratio page's tabs (?chart=<id>); only the open one runs.
SEX_RATIO_TABS = ["pyramid", "censuses", "surplus", "neighbours"]


@pytest.mark.parametrize("page", PAGES)
def test_page_runs_without_exception_or_error(page):
    at = run(page)
    assert not at.exception, [e.message for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def test_every_page_script_is_declared_once_with_its_title_and_introduction_in_both_languages():
    from dashboard.i18n import t
    from dashboard.pages import PAGES, SCRIPTS, page_of

    scripts = sorted(path.name for path in (ROOT / "dashboard" / "views").glob("*.py"))
    assert sorted(page.script for page in PAGES) == scripts and len(scripts) == 12
    assert len(SCRIPTS) == 12 and SCRIPTS["sex-ratio"] == "views/sex_ratio_age.py"
    assert page_of(ROOT / "dashboard" / "views" / "marriage.py").title == "Marriage squeeze"
    with pytest.raises(KeyError, match="no page in dashboard/pages.py has the script 'nowhere.py'"):
        page_of("nowhere.py")
    at = AppTest.from_file(str(ROOT / "dashboard" / "views" / "provinces.py"), default_timeout=60)
    at.session_state["lang"] = "zh"
    at.run()
    assert at.title[0].value == "各省份"
    assert at.markdown[0].value.startswith("内地31个省级行政区全部人口的性别比") and at.markdown[0].value == t(page_of("provinces.py").intro, "zh")


def test_entry_point_runs_default_page():
    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=60).run()
    assert not at.exception
    assert at.title[0].value == "The news figures, checked"


def _metric(at: AppTest, prefix: str) -> str:
    return next(m.value for m in at.metric if m.label.startswith(prefix))


def test_age_range_changes_surplus_to_exact_sum():
    at = run("sex_ratio_age", chart="surplus")
    assert _metric(at, "Surplus of men, ages 20-39") == "15,337,091"
    assert _metric(at, "Sex ratio in this range") == "108.19"
    assert _metric(at, "Cited in the news") == "17,520,000"
    # the slider picks the first and the last age group, both included: 20-24 to 40-44 is ages 20-44
    at.select_slider(key="surplus_range").set_value((20, 40)).run()
    assert _metric(at, "Surplus of men, ages 20-44") == "17,647,149"
    assert at.query_params["surplus_range"] == ["20", "45"]  # the link keeps its half-open boundaries
    assert at.select_slider(key="surplus_range").options[:3] == ["0", "1-4", "5-9"]  # handles read as age groups
    at.select_slider(key="surplus_range").set_value((20, 20)).run()
    assert _metric(at, "Surplus of men, ages 20-24") == "4,410,315"


def test_all_ages_shows_the_table_and_the_communique_totals():
    """All ages of the 2020 census: the yearbook table (721,416,394 - 688,362,330) beside the
    communique with the servicemen (723,339,956 - 688,438,768), each with its source; no
    difference from the cited 20-40 figure, which is another definition."""
    at = run("sex_ratio_age", chart="surplus", surplus_range=["0", "999"])
    assert _metric(at, "Surplus of men, all ages (2020 census table") == "33,054,064"
    assert _metric(at, "Surplus of men, all ages (2020 census communique") == "34,901,188"
    assert not [m for m in at.metric if m.label.startswith("Cited in the news")]
    caption = " ".join(c.value for c in at.caption)
    assert "721,416,394" in caption and "723,339,956" in caption and "NBS 2020 census yearbook, table 1-5" in caption
    assert "selected: all ages" in at.get("plotly_chart")[0].proto.spec


def test_cited_difference_only_for_the_readings_of_20_40():
    at = run("sex_ratio_age", chart="surplus", surplus_range=["25", "35"])
    cited = next(m for m in at.metric if m.label.startswith("Cited in the news"))
    assert cited.value == "17,520,000" and not cited.proto.delta
    at = run("sex_ratio_age", chart="surplus", surplus_range=["20", "45"])
    cited = next(m for m in at.metric if m.label.startswith("Cited in the news"))
    assert "+127,149" in cited.proto.delta


def test_surplus_text_states_definition_and_servicemen():
    at = run("sex_ratio_age", chart="surplus")
    text = " ".join(m.value for m in at.markdown)
    assert "exclude 2,000,000 servicemen (1,923,562 men, 76,438 women" in text
    assert "ages 20-39 give 15,337,091 (ratio 108.19)" in text
    assert "ages 20-44 give 17,647,149" in text


def test_single_year_census_allows_20_to_40_inclusive():
    at = run("sex_ratio_age", chart="surplus")
    at.selectbox(key="surplus_census").set_value("2010 (NBS)").run()
    assert _metric(at, "Surplus of men, ages 20-39 (2010 census)") == f"{nbs_census_surplus(2010, 20, 40):,}"
    at.selectbox(key="surplus_census").set_value("2000 (UNSD)").run()
    at.select_slider(key="surplus_range").set_value((20, 40)).run()
    assert _metric(at, "Surplus of men, ages 20-40 (2000 census)") == f"{unsd_census_surplus(2000, 20, 41):,}"  # single years: 40 included
    assert at.query_params["surplus_range"] == ["20", "41"]


def test_every_chart_has_source_caption():
    views = [("sex_ratio_age", {"chart": tab}) for tab in SEX_RATIO_TABS] + [("sex_ratio_at_birth", {}), ("provinces", {})]
    drawn = 0
    for page, params in views:
        at = run(page, **params)
        captions = [c.value for c in at.caption if c.value.startswith("Source:")]
        charts = at.get("plotly_chart")
        assert len(charts) >= 1 and len(captions) >= len(charts), (page, params)
        drawn += len(charts)
    assert drawn == 4 + 3 + 2


def test_sex_ratio_tabs_run_only_the_open_one():
    """The first load draws one chart, not four (time to first chart); ?chart=<tab id> opens a tab."""
    at = run("sex_ratio_age")
    assert [tab.label for tab in at.tabs] == ["Population pyramid", "Sex ratio by census", "Surplus of men", "Neighbours"]
    assert [h.value for h in at.header] == ["Population pyramid"] and len(at.get("plotly_chart")) == 1
    assert not at.metric and "surplus_range" not in at.session_state and dict(at.query_params) == {}
    headers = {"censuses": "Sex ratio by age, census by census", "surplus": "Surplus of men in an age range",
               "neighbours": "China beside its neighbours (UN WPP 2022)"}
    for tab, header in headers.items():
        at = run("sex_ratio_age", chart=tab)
        assert [h.value for h in at.header] == [header] and len(at.get("plotly_chart")) == 1, tab
        assert dict(at.query_params) == {"chart": tab} and not at.warning


def test_sex_ratio_tab_links():
    # not a tab: a notice, and the first tab
    at = run("sex_ratio_age", chart="Surplus of men")
    assert [w.value.replace("\\", "") for w in at.warning] == ["The link's setting chart=Surplus of men is not one of this page's charts; it was ignored."]
    assert [h.value for h in at.header] == ["Population pyramid"] and dict(at.query_params) == {}
    # a link made before the page had tabs opens the tab its settings belong to
    at = run("sex_ratio_age", surplus_range=["20", "45"])
    assert _metric(at, "Surplus of men, ages 20-44") == "17,647,149" and not at.warning
    assert dict(at.query_params) == {"surplus_range": ["20", "45"], "chart": "surplus"}
    # settings of closed tabs stay in the link, without a notice, and apply when their tab opens
    at = run("sex_ratio_age", chart="surplus", nb_countries=["CHN", "JPN"], pyr_year="2000", pyr_source="unsd_dyb_census_1990_2000_2010")
    assert not at.warning and dict(at.query_params)["nb_countries"] == ["CHN", "JPN"]
    at.session_state["chart"] = "Neighbours"  # the reader clicks the tab
    at.run()
    assert at.multiselect(key="nb_countries").value == ["CHN", "JPN"] and dict(at.query_params)["chart"] == "neighbours"
    at.session_state["chart"] = "Population pyramid"
    at.run()
    assert at.select_slider(key="pyr_year").value == 2000 and "chart" not in at.query_params  # the first tab is left out


def test_sex_ratio_tab_is_kept_across_a_change_of_language():
    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=60).run()
    at.switch_page("views/sex_ratio_age.py")
    at.query_params["chart"] = "surplus"
    at.run()
    at.select_slider(key="surplus_range").set_value((20, 40)).run()
    at.sidebar.radio(key="lang").set_value("zh").run()
    assert [tab.label for tab in at.tabs] == ["人口金字塔", "各次普查的性别比", "男性多出人数", "与邻国比较"]
    assert [h.value for h in at.header] == ["某一年龄段男性多出人数"] and at.metric[0].value == "17,647,149"
    assert dict(at.query_params) == {"chart": "surplus", "surplus_range": ["20", "45"], "lang": "zh"}


def test_data_page_filter_changes_row_count():
    at = run("data_explorer")
    at.selectbox(key="data_table").set_value("population_by_age_sex").run()
    assert any("33,738 of 33,738 rows" in m.value for m in at.markdown)
    at.multiselect(key="f-population_by_age_sex-geography").set_value(["Beijing"]).run()
    # 2 censuses x 22 age groups x 3 sexes
    assert any("132 of 33,738 rows" in m.value for m in at.markdown)


def test_missing_parquet_shows_message_with_fix_not_traceback(tmp_path, monkeypatch):
    monkeypatch.setattr(data, "PUBLISHED_DIR", tmp_path)
    st.cache_data.clear()
    try:
        at = run("sex_ratio_age")
        assert not at.exception
        assert "make data" in at.error[0].value
        # a page that needs no Parquet (but the catalogue) keeps working
        at_sources = run("sources")
        assert any("What the grades mean" in e.label for e in at_sources.expander)
    finally:
        st.cache_data.clear()


def test_corrupt_parquet_shows_message(tmp_path, monkeypatch):
    (tmp_path / "sex_ratio_at_birth.parquet").write_bytes(b"not a parquet file")
    monkeypatch.setattr(data, "PUBLISHED_DIR", tmp_path)
    st.cache_data.clear()
    try:
        at = run("sex_ratio_at_birth")
        assert not at.exception
        assert "cannot be read" in at.error[0].value and "make data" in at.error[0].value
    finally:
        st.cache_data.clear()


def test_data_page_year_range_filter():
    at = run("data_explorer")
    at.selectbox(key="data_table").set_value("crime_cases_registered").run()
    at.select_slider(key="f-crime_cases_registered-year").set_value((2013, 2013)).run()
    assert any("11 of 286 rows" in m.value for m in at.markdown)  # 11 measures in one year
    assert at.query_params.get("f-crime_cases_registered-year") == ["2013", "2013"]  # kept in the link
    at = run("data_explorer", **{"data_table": "crime_cases_registered", "f-crime_cases_registered-year": ["2010", "2013"]})
    assert any("44 of 286 rows" in m.value for m in at.markdown) and not at.warning  # the link opens the same rows


def test_schema_changed_parquet_shows_message(tmp_path, monkeypatch):
    import shutil

    import pandas as pd

    for f in data.PUBLISHED_DIR.iterdir():
        shutil.copy(f, tmp_path / f.name)
    frame = pd.read_parquet(tmp_path / "sex_ratio_at_birth.parquet").rename(columns={"value": "srb"})
    frame.to_parquet(tmp_path / "sex_ratio_at_birth.parquet")
    monkeypatch.setattr(data, "PUBLISHED_DIR", tmp_path)
    st.cache_data.clear()
    try:
        at = run("sex_ratio_at_birth")
        assert not at.exception
        assert "does not match its schema" in at.error[0].value and "make data" in at.error[0].value
        assert not run("provinces").error  # a page that does not need it keeps working
    finally:
        st.cache_data.clear()


def test_table_view_is_built_on_demand_with_the_charted_numbers():
    at = run("sex_ratio_age", chart="surplus")
    assert len(at.dataframe) == 0 and len(at.get("download_button")) == 0  # nothing sent until asked for
    at.toggle(key="surplus-table-view").set_value(True).run()
    assert len(at.dataframe) == 1 and len(at.get("download_button")) == 3
    table = at.dataframe[0].value.set_index("age group")
    assert table.loc["20-24", "surplus of men (persons)"] == "4,410,315"
    men, women = (int(table.loc["20-24", c].replace(",", "")) for c in ["men (persons)", "women (persons)"])
    assert men - women == 4_410_315
    assert table.loc["20-24", "sex ratio (males per 100 females)"] == f"{100 * men / women:.2f}"
    assert any("sums to 15,337,091" in m.value for m in at.markdown)


def test_unknown_link_parameter_gets_a_notice_and_is_dropped():
    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=60)
    at.query_params["foo"] = "bar"
    at.query_params["chart"] = "surplus"  # read by the page (scroll target): no notice
    at.run()
    notices = [w.value.replace("\\", "") for w in at.warning]
    assert notices == ["The link's setting foo=bar is not used on this page; it was ignored."], notices
    assert dict(at.query_params) == {"chart": "surplus"}


def test_cite_this_view_gives_link_build_and_date_on_demand():
    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=60)
    at.query_params["lang"] = "en"
    at.query_params["claims_topic"] = "tip_tier"
    at.run()
    assert len(at.sidebar.code) == 0  # not sent until asked for
    at.sidebar.toggle(key="cite-this-view").set_value(True).run()
    text = at.sidebar.code[0].value
    m = data.manifest()
    assert text.startswith('"The news figures, checked", China sex ratio and trafficking statistics dashboard (')
    first, link = text.split("\n")
    assert link.endswith("?claims_topic=tip_tier") and " " not in link  # on a line of its own: a chat app keeps it whole
    assert f"data build {m['inputs_sha256'][:12]} of {m['built_at'][:10]}" in text and "accessed 20" in text


def test_data_page_filters_glotip_to_china_by_link():
    """Every column a user filters has a filter, long lists included (179 countries)."""
    at = run("data_explorer", **{"data_table": "glotip", "f-glotip-geography": "China"})
    assert not at.exception and not at.warning
    assert any("85 of 7,274 rows" in m.value for m in at.markdown)
    for key in ("geography", "age", "value_flag", "indicator", "sex"):
        assert at.multiselect(key=f"f-glotip-{key}") is not None
    assert len(at.multiselect(key="f-glotip-geography").options) > 170


def test_data_page_offers_the_data_package_and_shows_tiers_as_text():
    at = run("data_explorer", data_table="tip_tiers")
    assert not at.exception
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["Download CSV", "Download Excel", "Download Parquet", "Download all tables as a data package (zip)"]
    shown = at.dataframe[0].value
    assert "tier" in shown.columns and "tier order" in shown.columns and "tier code" not in shown.columns
    assert {"Tier 1", "Tier 2", "Tier 2 Watch List", "Tier 3", "special case"} <= set(shown["tier"])
    # a country not rated that year has no tier and no order: "—" on screen, never "None"
    assert set(shown.loc[shown["tier"] == "—", "tier order"]) == {"—"} and {"1", "4"} <= set(shown["tier order"])
    assert any("data package below" in c.value for c in at.caption)


def test_data_page_key_columns_first_and_table_named_in_the_readers_language():
    at = AppTest.from_file(str(ROOT / "dashboard" / "views" / "data_explorer.py"), default_timeout=60)
    at.session_state["lang"] = "zh"  # set by app.py's language switch before a page runs
    at.query_params["data_table"] = "population_by_age_sex"
    at.query_params["f-population_by_age_sex-geography"] = "Guangdong"
    at.query_params["f-population_by_age_sex-year"] = ["2020", "2020"]
    at.run()
    assert not at.exception
    place = at.multiselect(key="f-population_by_age_sex-geography")
    assert place.value == ["Guangdong"] and place.format_func("Guangdong") == "广东"  # the link keeps the id
    picker = at.selectbox(key="data_table")
    assert picker.format_func(picker.value) == "分年龄、性别人口（普查、联合国估计和预测） · population_by_age_sex"
    shown = at.dataframe[0].value
    # value, sex, age, year, place first; the source last
    assert list(shown.columns) == ["人口（人）", "性别", "年龄组", "起始年龄", "终止年龄", "开口组", "年份", "参考日期",
                                   "地区", "地区（中文）", "地区代码", "数据类型", "来源"]
    assert len(shown) == 66  # 22 age groups x 3 sexes
    wide = [b for b in at.get("download_button") if "宽表" in b.proto.label]
    assert len(wide) == 1 and "1 个工作表" in wide[0].proto.label


def test_every_published_table_has_a_name_in_both_languages():
    from dashboard.i18n import t
    from dashboard.labels import TABLE_LABELS

    names = data.table_names()
    assert sorted(TABLE_LABELS) == sorted(names)
    for name in names:
        assert t(TABLE_LABELS[name], "zh") != TABLE_LABELS[name]


def test_data_page_old_link_on_the_chinese_column_opens_the_same_rows():
    """Before the filters kept the id, a 中文 filter link named the Chinese column."""
    at = AppTest.from_file(str(ROOT / "dashboard" / "views" / "data_explorer.py"), default_timeout=60)
    at.session_state["lang"] = "zh"
    at.query_params["data_table"] = "population_by_age_sex"
    at.query_params["f-population_by_age_sex-geography_zh"] = "北京"
    at.query_params["f-population_by_age_sex-sex"] = "female"
    at.run()
    assert not at.exception and not at.warning
    assert at.multiselect(key="f-population_by_age_sex-geography").value == ["Beijing"]
    assert len(at.dataframe[0].value) == 44  # Beijing, women, 2010 and 2020 censuses: 2 x 22 age groups
    assert dict(at.query_params) == {"f-population_by_age_sex-geography": "Beijing", "f-population_by_age_sex-sex": "female"}
