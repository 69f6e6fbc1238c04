"""The marriage-squeeze page (/marriage, dashboard/views/marriage.py) in AppTest, English and 中文;
its links from the Overview and the surplus tab; the Data page on the new tables; the definition
finder's share_never_married. Expected numbers come from the raw files (tests/test_marriage_data.py
reads the cells) or from the published tables the build made from them."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from datasets.derived.finder import find_definitions
from datasets.derived.printed_number import parse_printed_number
from tests.catalogue import ZH
from tests.test_marriage_data import raw_cells, raw_single_ages

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "dashboard" / "views" / "marriage.py"


def run(lang: str = "en", **params) -> AppTest:
    at = AppTest.from_file(str(PAGE), default_timeout=90)
    at.session_state["lang"] = lang
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def text(at: AppTest) -> str:
    return " ".join(m.value for m in at.markdown).replace("\\", "")


def charts(at: AppTest) -> list[dict]:
    """The Plotly specs of the page's charts, with every trace's y values decoded."""
    out = []
    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        for trace in spec["data"]:
            y = trace["y"]
            trace["y"] = np.frombuffer(base64.b64decode(y["bdata"]), dtype=y["dtype"]).tolist() if isinstance(y, dict) else list(y)
        out.append(spec)
    return out


def share(year: str, sex: str, area: str = "Total", age: str = "30 - 34") -> str:
    """Per cent never married from the raw cells, 2 decimals, as the page prints it."""
    single, total = raw_cells(year, area, sex, age, "Single (never married)"), raw_cells(year, area, sex, age, "Total")
    return f"{100 * single / total:.2f}%"


def test_page_in_english_shows_the_rise_from_1990_to_2010():
    at = run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert at.title[0].value == "Marriage squeeze"
    got = metrics(at)
    assert got["Men aged 30-34 never married, 1990 (total)"] == share("1990", "Male") == "7.16%"
    assert got["Men aged 30-34 never married, 2010 (total)"] == share("2010", "Male") == "12.62%"
    assert "**Men aged 30-34 never married (total):** 8.84% in 1982, 7.16% in 1990, 7.45% in 2000, 12.62% in 2010." in text(at)
    # the marriage-market ratio from 1950 to 2100, each point with its source (its own tab)
    at = run(chart="market")
    summary = next(m.value for m in at.markdown if m.value.startswith("Men aged 25-34 per 100 women aged 20-29:"))
    assert " in 1950 (UN WPP 2022 estimates)" in summary and " in 2020 (NBS 2020 census yearbook, table 1-5)" in summary
    assert " in 2100 (UN WPP 2022 median projection)" in summary


#: The page's tabs (?chart=) and the charts each draws; only the open tab runs.
TAB_CHARTS = {"never-married": 1, "men-30-39": 1, "never-married-ratio": 1, "market": 2}


def all_charts() -> list[dict]:
    """The specs of every tab's charts, in tab order."""
    return [spec for tab in TAB_CHARTS for spec in charts(run(chart=tab))]


@pytest.mark.parametrize(("tab", "n"), TAB_CHARTS.items())
def test_each_tab_draws_its_charts_with_their_sources(tab, n):
    at = run(chart=tab)
    assert not at.exception and not at.error
    assert len(at.get("plotly_chart")) == n
    captions = [c.value for c in at.caption if c.value.startswith("Source:")]
    assert len(captions) == n
    if tab != "market":  # the census tables by marital status
        assert all("Demographic Yearbook" in c for c in captions)


def test_page_in_chinese_keeps_the_numbers():
    at = run("zh")
    assert not at.exception and not at.error
    assert at.title[0].value == ZH["Marriage squeeze"] == "婚姻挤压"
    got = metrics(at)
    label = ZH["{who} aged {ages} never married, {year} ({area})"]
    assert got[label.format(who=ZH["Men"], ages="30-34", year=2010, area=ZH["total"])] == "12.62%"
    assert got[label.format(who=ZH["Men"], ages="30-34", year=1990, area=ZH["total"])] == "7.16%"
    assert [h.value for h in at.header][0] == ZH["Never married, by age and sex"]
    assert charts(at)[0]["data"][3]["name"] == ZH["{year} census (long-form sample)"].format(year=2010)


def test_market_ratio_of_the_default_window_equals_the_raw_single_ages():
    """1990 census point of the default window: 100 x men aged 25-34 / women aged 20-29 (g = 5), from the raw UNSD single ages."""
    at = run(chart="market")
    market = charts(at)[0]
    census = next(t for t in market["data"] if t["name"] == "UNSD Demographic Yearbook (census)")
    ratio = round(100 * raw_single_ages(1990, "male", 25, 34) / raw_single_ages(1990, "female", 20, 29), 2)
    assert census["y"][0] == ratio
    dashes = {t["name"]: (t.get("mode"), t.get("line", {}).get("dash")) for t in market["data"]}
    assert dashes["UN WPP 2022 estimates"] == ("lines+markers", "solid")
    assert dashes["UN WPP 2022 median projection"] == ("lines", "dash")
    assert dashes["NBS 2020 census yearbook, table 1-5"][0] == "markers"


def test_a_gap_that_is_not_a_multiple_of_5_drops_the_5_year_tables_and_says_so():
    at = run(chart="market")
    at.select_slider(key="mm_gap").set_value(2).run()
    assert not at.exception and at.query_params["mm_gap"] in ("2", ["2"])
    infos = " ".join(i.value for i in at.info)
    assert "come in 5-year age groups" in infos and "nothing is interpolated" in infos
    names = {t["name"] for t in charts(at)[0]["data"]}
    assert names == {"UN WPP 2022 estimates", "UNSD Demographic Yearbook (census)"}
    assert "men aged 25-34 per 100 women aged 23-32, 1950-2021" in charts(at)[0]["layout"]["title"]["text"].replace("<br>", "")
    row = next(t for t in charts(at)[0]["data"] if t["name"] == "UNSD Demographic Yearbook (census)")
    assert row["y"][-1] == round(100 * raw_single_ages(2010, "male", 25, 34) / raw_single_ages(2010, "female", 23, 32), 2)


def test_link_settings_open_the_same_view():
    link = {"nm_area": "rural", "nm_sex": "female", "nmr_area": "urban", "mm_gap": "10", "mm_from": "30", "mm_width": "5"}
    at = run(**link)  # no ?chart=: the first tab the link sets something on
    assert not at.exception and not at.warning
    assert at.radio(key="nm_area").value == "rural" and at.radio(key="nm_sex").value == "female"
    got = metrics(at)
    assert got["Women aged 30-34 never married, 2010 (rural)"] == share("2010", "Female", "Rural")
    assert at.query_params["mm_gap"] in ("10", ["10"])  # the closed tabs' settings stay in the link
    at = run(chart="market", **link)
    assert not at.exception and not at.warning
    assert at.select_slider(key="mm_gap").value == 10 and at.radio(key="mm_width").value == 5
    assert "**Men aged 30-34 per 100 women aged 20-24**" in text(at)
    bad = run(mm_gap="11")  # opens the market tab, the only one with mm_gap
    assert any("mm_gap=11" in w.value.replace("\\", "") for w in bad.warning) and bad.select_slider(key="mm_gap").value == 5


def test_no_sample_count_is_drawn_as_a_population_count():
    specs = all_charts()
    for spec in specs[:2]:  # shares: per cent, never counts
        assert all(0 <= y <= 100 for trace in spec["data"] for y in trace["y"] if y == y)
    assert specs[2]["layout"]["yaxis"]["type"] == "log"  # never-married men per 100 never-married women (a ratio)
    assert "Demographic Yearbook (census, marital status)" not in json.dumps(specs[3:])  # the market uses the full-count tables only
    at = run()
    at.toggle(key="never-married-table-view").set_value(True).run()
    table = at.dataframe[0].value
    basis = dict(zip(table["year"], table["what the counts are"]))
    assert basis["2010"] == "sample count (long form, 10% of households), not a population count"
    assert basis["2000"] == "sample count (sample tabulation), not a population count"
    assert basis["1990"] == "complete count (civilian population)"
    row = table[(table["year"] == "2010") & (table["age group"] == "30-34")].iloc[0]
    assert (row["share never married (percent)"], row["never married, counted in the table (persons)"]) == ("12.62%", "572,135")


def test_surplus_tab_and_overview_card_link_to_the_page():
    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=90).run()
    assert any(p.proto.page == "marriage" for p in at.get("page_link"))  # the 17.52 million card
    at.switch_page("views/sex_ratio_age.py")
    at.query_params["chart"] = "surplus"
    at.run()
    assert [p.proto.page for p in at.get("page_link")] == ["marriage"]
    at.switch_page("views/marriage.py").run()
    assert at.title[0].value == "Marriage squeeze" and not at.exception


@pytest.mark.parametrize("table", ["marital_status_by_age", "never_married_share", "marriage_market_sex_ratio"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_data_page_opens_the_new_tables(table, lang, published_dir):
    at = AppTest.from_file(str(ROOT / "dashboard" / "views" / "data_explorer.py"), default_timeout=90)
    at.session_state["lang"] = lang
    at.query_params["data_table"] = table
    at.run()
    assert not at.exception and not at.error
    rows = len(pd.read_parquet(published_dir / f"{table}.parquet"))
    assert any(f"{rows:,}" in m.value for m in at.markdown)
    assert len(at.dataframe) == 1
    if lang == "zh":
        assert not [c for c in at.dataframe[0].value.columns if "_" in c]  # every header has its Chinese label


def test_finder_places_per_cent_never_married(published_dir):
    tables = {n: pd.read_parquet(published_dir / f"{n}.parquet") for n in ["never_married_share"]}
    found = find_definitions(parse_printed_number("12.62%"), "share_never_married", tables, year=2010, age_from=30, age_to=34)
    assert found.verdict == "reproduced"
    assert (found.best["basis"], found.best["value"]) == ("never_married:male:total:long_form_sample", 12.62)
    # RC020: 30% of men aged 25-39 in 2022: no table of 2022 is held; the closest definitions are 2010's
    checks = pd.read_parquet(published_dir / "claim_checks.parquet").set_index("claim_id")
    assert checks.loc["RC020", "verdict"] == "not checkable with the data held" and checks.loc["RC020", "checked_as"] == "share_never_married"
    assert (checks.loc["RC020", "best_year"], checks.loc["RC020", "best_age_from"], checks.loc["RC020", "best_age_to"]) == (2010, 25, 39)
    nm = sum(raw_cells("2010", "Total", "Male", a, "Single (never married)") for a in ("25 - 29", "30 - 34", "35 - 39"))
    total = sum(raw_cells("2010", "Total", "Male", a, "Total") for a in ("25 - 29", "30 - 34", "35 - 39"))
    assert checks.loc["RC020", "best_value"] == round(100 * nm / total, 2)


def test_check_page_finds_a_share_never_married_and_links_to_the_page():
    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=90).run()
    at.switch_page("views/check.py")
    for key, value in {"number": "12.62%", "measure": "share_never_married", "year": "2010", "age_from": "30", "age_to": "34"}.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception and not at.error
    assert [b.value for b in at.markdown if "-badge[" in b.value] == [":green-badge[reproduced]"]
    first = at.dataframe[0].value.iloc[0]
    assert first["definition"].startswith("men, ages 30-34, China, 2010 census (long-form sample") and first["link"] == "/marriage"
    assert [p.proto.page for p in at.get("page_link")] == ["marriage"]
