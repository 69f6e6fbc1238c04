"""The definition finder (datasets/derived/finder.py) on the real published tables, and the
"Check a figure" page (AppTest). Expected values come from the official tables, as named."""

from __future__ import annotations

import time
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from datasets.derived.finder import MEASURES, FinderError, candidates, find_definitions, rank
from datasets.derived.printed_number import parse_printed_number as printed

ROOT = Path(__file__).resolve().parent.parent
NAMES = ["sex_ratio_by_age", "population_totals", "sex_ratio_at_birth", "census_srb", "reported_figures", "registered_cases",
         "registered_cases_printed", "glotip", "never_married_share"]


@pytest.fixture(scope="module")
def tables(published_dir):
    return {n: pd.read_parquet(published_dir / f"{n}.parquet") for n in NAMES}


def find(tables, text, measure, **stated):
    return find_definitions(printed(text), measure, tables, **stated)


# --------------------------------------------------------------------------- the figures

def test_34_9_million_is_the_communique_with_servicemen(tables):
    """2020 census communique: 723,339,956 men, 688,438,768 women (servicemen included): 34,901,188."""
    found = find(tables, "34.9 million", "surplus_of_men", year=2020)
    assert found.verdict == "reproduced"
    best = found.best
    assert (best["table"], best["basis"], best["value"]) == ("population_totals", "communique", 723_339_956 - 688_438_768)
    table = found.candidates[(found.candidates["basis"] == "table") & found.candidates["same_definition"]].iloc[0]
    assert table["value"] == 721_416_394 - 688_362_330 and not table["admits"]  # the yearbook tables leave the servicemen out


def test_15_34m_aged_20_39_in_2020(tables):
    found = find(tables, "15.34m", "surplus_of_men", year=2020, age_from=20, age_to=39)
    assert found.verdict == "reproduced"
    assert (found.best["source_id"], found.best["age_label"], found.best["value"]) == ("nbs_census2020_yb_t1_5", "20-39", 15_337_091)


def test_17_52_million_aged_20_40_keeps_its_closest_definition(tables):
    """The 5-year census tables hold no band 20-40: not checkable as printed; the closest census
    definition is 20-44 (17,647,149), as on the Overview's card."""
    found = find(tables, "17.52 million", "surplus_of_men", year=2020, age_from=20, age_to=40, kind="census_count")
    assert found.verdict == "not checkable with the data held"
    assert (found.best["source_id"], found.best["age_label"], found.best["value"], found.best["difference"]) == (
        "nbs_census2020_yb_t1_5", "20-44", 17_647_149, 127_149)
    assert found.candidates.iloc[1]["age_label"] == "20-39" and found.candidates.iloc[1]["value"] == 15_337_091


def test_chinese_prints_parse_and_search(tables):
    assert (printed("1752万").value, printed("1752万").precision) == (17_520_000, 10_000)
    assert printed("三千万").value == 30_000_000
    found = find(tables, "1700多万人", "surplus_of_men", year=2020, age_from=20, age_to=40, kind="census_count")
    assert found.verdict == "reproduced under another definition"  # 17,000,000 to 18,000,000: ages 20-44 give 17,647,149
    assert (found.best["age_label"], found.best["value"]) == ("20-44", 17_647_149)


def test_a_print_without_year_or_kind_is_not_matched_by_a_projection_decades_away(tables):
    """"1752万" with nothing else stated: the WPP 2022 median projection for 2077 (17,529,190,
    all ages) lies within 0.1 % of it, "20 million" within 1 % of the one for 2034 (20,194,114),
    but a print without a year reports a count or an estimate. Projections are two steps away and
    make no verdict; no census or UN estimate of all ages comes near (the closest, the 2010
    census, 31,847,339), so both are "not reproduced"."""
    found = find(tables, "1752万", "surplus_of_men")
    assert found.verdict == "not reproduced"
    assert (found.best["kind"], found.best["year"], found.best["value"]) == ("census_count", 2010, 31_847_339)
    projected = found.candidates[found.candidates["year"] == 2077].iloc[0]
    assert (projected["kind"], projected["value"], projected["steps"]) == ("un_projection", 17_529_190, 2)
    assert find(tables, "20 million", "surplus_of_men").verdict == "not reproduced"
    # Stated as a projection, the same print is consistent with the 2077 projection.
    stated = find(tables, "1752万", "surplus_of_men", kind="un_projection")
    assert (stated.verdict, stated.best["year"]) == ("consistent", 2077)
    # SRB 111.3 with no year: the WPP 2022 estimate for 2020 (111.2) is within 0.5, not a projection.
    srb = find(tables, "111.3", "sex_ratio_at_birth")
    assert (srb.verdict, srb.best["kind"], srb.best["year"], srb.best["value"]) == ("consistent", "un_estimate", 2020, 111.2)


def test_a_change_in_per_cent_needs_both_years(tables):
    """Of the 325 pairs of years of registered cases, one or another gives almost any per cent
    (37 %: 1999 to 2019, -37.01 %): without both years stated a change makes no verdict."""
    for asked in ({}, {"year": 2013}, {"year_to": 2020}):
        found = find(tables, "37%", "change_percent", **asked)
        assert found.verdict == "not checkable with the data held", asked
    found = find(tables, "37%", "change_percent", year=1999, year_to=2019)
    assert (found.verdict, found.best["value"]) == ("reproduced", -37.01)


def test_each_verdict_kind(tables):
    assert find(tables, "more than 30 million", "surplus_of_men", year=2020).verdict == "reproduced"  # 33,054,064 and 34,901,188
    assert find(tables, "13,964", "registered_cases", year=2011).verdict == "reproduced"  # yearbook, 2011
    assert find(tables, "3,055", "registered_cases", year=2020).verdict == "consistent"  # the yearbook's 3,035 is within 1%
    assert find(tables, "3,305", "registered_cases", year=2020).verdict == "not reproduced"  # China Daily's print, not the yearbook's 3,035
    assert find(tables, "111.3", "sex_ratio_at_birth", year=2020, kind="census_count").verdict == "not reproduced"  # long form 112.28
    assert find(tables, "88.3%", "change_percent", year=2013, year_to=2021).verdict == "not checkable with the data held"  # no 2021 yearbook
    assert find(tables, "12", "detected_victims", year=1990).verdict == "not checkable with the data held"


def test_change_in_per_cent_between_two_years(tables):
    """Registered cases: 20,735 in 2013, 3,035 in 2020 (NBS yearbook): a fall of 85.36%."""
    found = find(tables, "fell by 85.4%", "change_percent", year=2013, year_to=2020)
    assert found.verdict == "reproduced"
    assert (found.best["year"], found.best["year_to"], found.best["value"]) == (2013, 2020, round((3_035 / 20_735 - 1) * 100, 2))
    assert find(tables, "rose by 85.4%", "change_percent", year=2013, year_to=2020).verdict == "not reproduced"


def test_reported_figure_never_confirms_its_own_page(tables):
    reunion = tables["reported_figures"].set_index("figure_id").loc["CNRF061"]
    assert reunion["value"] == 10_932
    with_it = find(tables, "10,932", "persons_rescued_or_found", year=2021)
    assert with_it.verdict == "reproduced under another definition" and with_it.best["figure_id"] == "CNRF061"
    without = find(tables, "10,932", "persons_rescued_or_found", year=2021, exclude_url=reunion["url"])
    assert "CNRF061" not in set(without.candidates["figure_id"].dropna())


def test_every_candidate_names_its_table_and_source(tables):
    for measure in MEASURES:
        found = candidates(measure, tables)
        assert found["table"].notna().all() and found["source_id"].notna().all(), measure
        assert set(found["table"]) <= set(NAMES) | {"glotip"}, measure


def test_bad_requests_raise_a_finder_error(tables):
    with pytest.raises(FinderError) as err:
        find(tables, "1", "bachelors")
    assert err.value.code == "measure"
    with pytest.raises(FinderError) as err:
        find(tables, "1", "surplus_of_men", age_from=40, age_to=20)
    assert err.value.code == "ages"
    empty = rank(candidates("detected_victims", tables, place="XXX"), printed("12"))
    assert empty.verdict == "not checkable with the data held" and empty.total == 0


def test_answers_within_a_second(tables):
    """Every measure, no year or place stated (the widest search), on this machine."""
    for measure in MEASURES:
        started = time.perf_counter()
        find(tables, "17.52 million", measure)
        assert time.perf_counter() - started < 1.0, measure


# --------------------------------------------------------------------------- the page

def run_check(**params) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=60).run()
    at.switch_page("views/check.py")
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def test_check_page_ranks_definitions_from_a_link():
    at = run_check(number="15.34m", measure="surplus_of_men", year="2020", age_from="20", age_to="39")
    assert not at.exception and not at.error
    assert at.text_input(key="number").value == "15.34m"
    assert [b.value for b in at.markdown if "-badge[" in b.value] == [":green-badge[reproduced]"]
    text = " ".join(m.value for m in at.markdown).replace("\\", "")
    assert "15,337,091" in text and "ages 20-39, China" in text
    assert len(at.get("plotly_chart")) == 1
    ranked = at.dataframe[0].value
    first = ranked.iloc[0]
    assert (first["rank"], first["value (persons)"], first["within the printed range"], first["last age"]) == (1, "15,337,091", "yes", 39)
    assert first["link"] == "/sex-ratio?chart=surplus&surplus_census=2020+%28NBS%29&surplus_range=20&surplus_range=40"
    links = {p.proto.page: p.proto.query_string for p in at.get("page_link")}
    assert "surplus_range=20&surplus_range=40" in links["sex-ratio"]  # the surplus tab, ages 20-39 (half-open in the link)


def test_check_page_in_chinese():
    at = run_check(number="1752万", measure="surplus_of_men", year="2020", age_from="20", age_to="40", kind="census_count", lang="zh")
    assert not at.exception and not at.error
    text = " ".join(m.value for m in at.markdown)
    assert "1752万" in at.text_input(key="number").value and "17,647,149" in text


@pytest.mark.parametrize(("text", "says"), [
    ("", "Type a number as printed"),
    ("letters only", "No number was found"),
    ("1e999", "too large"),
    ("-15 million", "without a sign"),
    ("<b>17.52 million</b>", "looks like markup"),
    ("17.52 million and 3 million", "More than one number"),
])
def test_check_page_explains_bad_text(text, says):
    at = run_check(number=text, measure="surplus_of_men") if text else run_check(measure="surplus_of_men")
    assert not at.exception and not at.error
    shown = " ".join([w.value for w in at.warning] + [i.value for i in at.info])
    assert says in shown.replace("\\", ""), shown
    assert not at.get("plotly_chart")


def test_overview_cards_link_to_the_check_page():
    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=60).run()
    links = [p.proto for p in at.get("page_link") if p.proto.page == "check"]
    assert any("number=17.52+million" in link.query_string and "age_from=20" in link.query_string for link in links)


def test_overview_lists_the_repeated_claims_filterable():
    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=60)
    at.query_params["claims_topic"] = "tip_tier"
    at.run()
    assert not at.exception and not at.error
    table = at.dataframe[-1].value
    assert len(table) == 5 and set(table["topic"]) == {"US TIP tiers"} and set(table["verdict"]) == {"reproduced"}
    assert any("**5 of " in m.value for m in at.markdown)


@pytest.mark.parametrize("number, measure, admitted", [
    ("108.9", "sex_ratio", "admit 108.85 to 108.95"),  # half a printed unit either side, one digit more than printed
    ("15.34m", "surplus_of_men", "admit 15,335,000 to 15,345,000"),
])
def test_check_page_states_the_admitted_range_exactly(number, measure, admitted):
    at = run_check(number=number, measure=measure)
    assert not at.exception and not at.error
    assert admitted in " ".join(m.value for m in at.markdown).replace("\\", "")


@pytest.mark.parametrize("lang, verdict", [("en", "consistent"), ("zh", "相符")])
def test_check_page_shows_the_overviews_verdict_for_a_cited_figure(lang, verdict):
    """17.52 million with the report's own definition: the finder has no table giving ages 20-40 of
    the 2020 census exactly, the Overview's check (an estimate under stated assumptions) finds it
    consistent; /check says both, and why they differ."""
    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=60)
    at.query_params["lang"] = lang  # read by app.py's language switch on the first run
    at.run()
    at.switch_page("views/check.py")
    for key, value in dict(number="17.52 million", measure="surplus_of_men", year="2020", age_from="20", age_to="40", kind="census_count").items():
        at.query_params[key] = value
    at.run()
    assert not at.exception and not at.error
    [note] = [i.value for i in at.info if "NEWS001" in i.value]
    assert f"**{verdict}**" in note and "17,520,000" in note.replace("\\", "")
    assert not [i for i in run_check(number="15.34m", measure="surplus_of_men", year="2020").info if "NEWS" in i.value]


def test_check_page_shows_the_overviews_verdict_only_for_the_same_number():
    """"1700多万" (more than 17 million) admits 17.52 million but is another print: no note of NEWS001."""
    at = run_check(number="1700多万人", measure="surplus_of_men", year="2020", age_from="20", age_to="40", kind="census_count")
    assert not at.exception and not at.error
    assert not [i for i in at.info if "NEWS001" in i.value]
    at = run_check(number="1752万", measure="surplus_of_men", year="2020", age_from="20", age_to="40", kind="census_count")
    assert [i for i in at.info if "NEWS001" in i.value]


def test_a_ratio_or_a_percentage_asked_as_a_count_gets_a_message_not_a_crash(tables):
    """"111.3" asked as a surplus of men (the page's default measure) and "12.6%" asked as
    registered cases raised a ValueError from the number formatter; they now get a message that
    says why and what to choose, in English and 中文."""
    from datasets.derived.finder import check_printed_for_measure

    with pytest.raises(FinderError, match="'111.3' is not a whole number; surplus_of_men is a count of persons") as fraction:
        find(tables, "111.3", "surplus_of_men")
    assert fraction.value.code == "fraction_for_count"
    with pytest.raises(FinderError) as percent:
        find(tables, "12.6%", "registered_cases", year=2020)
    assert percent.value.code == "percent_for_count"
    check_printed_for_measure(printed("111.3"), "sex_ratio")  # a ratio may have decimals
    check_printed_for_measure(printed("1.75亿"), "population")  # 175,000,000: whole
    at = run_check(number="111.3")
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert at.warning[0].value.replace("\\", "").startswith("“111.3” is not a whole number, but surplus of men (men minus women) is a count.")
    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=60)
    at.query_params["lang"] = "zh"  # the language is read from the link when the app starts
    at.run()
    at.switch_page("views/check.py")
    at.query_params.update(number="12.6%", measure="registered_cases")
    at.run()
    assert not at.exception and not at.error
    assert at.warning[0].value.replace("\\", "").startswith("“12.6%”是一个百分比，而拐卖妇女儿童案件立案数是一个计数。")


def test_check_page_says_when_its_first_definition_is_only_the_nearest_under_the_printed_one():
    at = run_check(number="1752万", measure="surplus_of_men")
    assert not at.exception and not at.error
    texts = [m.value.replace("\\", "") for m in at.markdown]
    assert any(t.startswith("Nearest value under the printed definition: all ages, China, 2010 (census count") and "31,847,339" in t for t in texts)
    at = run_check(number="1700多万人", measure="surplus_of_men", year="2020", age_from="20", age_to="40", kind="census_count")
    assert any(m.value.replace("\\", "").startswith("Closest definition: ages 20-44") for m in at.markdown)


def test_a_link_giving_the_number_twice_says_so():
    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=60).run()
    at.switch_page("views/check.py")
    at.query_params["number"] = ["1", "2"]
    at.run()
    assert not at.exception and not at.error
    notice = at.warning[0].value.replace("\\", "")
    assert notice == 'The link gives "The number as printed" more than once (number=1, 2); it was ignored.', notice
