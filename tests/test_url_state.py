"""AppTest: settings kept in the URL (dashboard/urlstate.py) across a change of language and a
hand-edited link. The same cases in a real browser, with a server restart, are in
tests/test_browser_state.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "dashboard" / "app.py")

#: Every page with widgets, and on /sex-ratio every tab: a link that sets some of them, and one
#: change of each widget to make after the switch of language (widget key -> new value, by id).
VIEWS = [
    ("views/sex_ratio_age.py", {"pyr_source": "unsd_dyb_census_1990_2000_2010", "pyr_year": "2000"},
     {"pyr_source": "wpp2022_single_age_decadal", "pyr_year": 1990}),
    ("views/sex_ratio_age.py", {"chart": "censuses"}, {"sr_censuses": ["2020 (NBS)", "1990 (UNSD)"]}),
    ("views/sex_ratio_age.py", {"chart": "surplus", "surplus_census": "2010 (NBS)", "surplus_range": ["20", "45"]},
     {"surplus_census": "2000 (UNSD)", "surplus_range": (25, 34)}),
    ("views/sex_ratio_age.py", {"chart": "neighbours", "nb_countries": ["CHN", "JPN"]}, {"nb_countries": ["CHN"], "nb_year": 2010}),
    ("views/marriage.py", {"nm_area": "rural"}, {"nm_sex": "female", "nm_area": "urban"}),
    ("views/marriage.py", {"chart": "market", "mm_gap": "10"}, {"mm_from": 30, "mm_width": 5, "mm_gap": 2}),
    ("views/sex_ratio_at_birth.py", {"srb_country": "JPN", "srb_area": "city"},
     {"srb_area": "rural", "srb_country": "IND", "srb_prov_year": 2010, "srb_prov_order": "2"}),
    ("views/provinces.py", {"prov_year": "2010"}, {"prov_year": 2020}),
    ("views/trafficking_cases.py", {"cases_view": "per 10,000 registered criminal cases"}, {"cases_view": "cases registered"}),
    ("views/international.py", {"glotip_countries": ["CHN", "IND"]},
     {"glotip_indicator": "Persons convicted", "glotip_countries": ["CHN"], "tip_countries": ["China"]}),
    ("views/count_types.py", {}, {"count_type": "cases_solved"}),
    ("views/data_explorer.py", {"data_table": "population_by_age_sex", "f-population_by_age_sex-sex": "female"},
     {"f-population_by_age_sex-sex": ["male"], "f-population_by_age_sex-geography": ["Beijing"]}),
]
KINDS = ("selectbox", "radio", "multiselect", "select_slider")
#: Views whose choices are all numbers (years, ages), the same in both languages.
NUMBERS_ONLY = {("views/provinces.py", None), ("views/marriage.py", "market")}
CJK = re.compile(r"[\u4e00-\u9fff]")


def open_view(page: str, params: dict) -> AppTest:
    """app.py (language switch, URL checks, citation) showing ``page`` opened by a link."""
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page(page)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def widgets(at: AppTest) -> dict:
    """Keyed select widgets on screen (main area and sidebar): key -> element."""
    return {w.key: w for kind in KINDS for w in getattr(at, kind) if w.key}


def sent_labels(widget) -> list[str]:
    """The label(s) the server told the browser to show as the widget's value."""
    proto = widget.proto
    return list(proto.raw_values) if hasattr(proto, "raw_values") else (list(proto.raw_value) if widget.type == "select_slider" else [proto.raw_value])


def assert_clean(at: AppTest, where: str) -> None:
    assert not at.exception, (where, [e.message for e in at.exception])
    assert not at.error, (where, [e.value for e in at.error])
    notices = [w.value for w in at.warning if "link's setting" in w.value or "链接中的设置" in w.value]
    assert not notices, (where, notices)


@pytest.mark.parametrize(("page", "params", "changes"), VIEWS, ids=[f"{p.split('/')[1][:-3]}-{q.get('chart', '')}" for p, q, _ in VIEWS])
def test_language_switch_sends_every_widget_its_value_in_the_new_labels(page, params, changes):
    """streamlit/streamlit#5031, #11277: the browser shows a select widget's value by its label. After
    a switch of language, a widget whose labels changed must be sent its value in the new labels
    (else it keeps the English ones, and the next change matches nothing: a lost value or, for a
    multiselect, a TypeError). The next change of each widget then works and keeps the others."""
    at = open_view(page, params)
    assert_clean(at, "en")
    before = {k: (list(w.options), w.value) for k, w in widgets(at).items() if k != "lang"}
    link = dict(at.query_params)
    at.sidebar.radio(key="lang").set_value("zh").run()
    assert_clean(at, "zh")
    assert dict(at.query_params) == link | {"lang": "zh"}
    relabelled = []
    for key, widget in widgets(at).items():
        if key == "lang":
            continue
        options, value = before[key]
        assert widget.value == value, (key, "the switch changed the value")
        if list(widget.options) != options:  # labels that follow the language
            relabelled.append(key)
            assert widget.proto.set_value, (key, "value not sent again with the new labels")
            assert set(sent_labels(widget)) <= set(widget.options), (key, sent_labels(widget), list(widget.options)[:5])
            assert all(CJK.search(label) for label in sent_labels(widget) if not label.isdigit()), (key, sent_labels(widget))
    if (page, params.get("chart")) not in NUMBERS_ONLY:
        assert relabelled, "no widget here follows the language"
    # the next change of each widget works, is kept, and keeps what was set before it
    expected = {k: v for k, (_, v) in before.items()}
    for key, new in changes.items():
        widgets(at)[key].set_value(new).run()
        assert_clean(at, f"after changing {key}")
        expected[key] = new
        if key == "surplus_census":  # the range keeps its ages (20-44), now in the 2000 census's single years
            expected["surplus_range"] = (20, 44)
        now = {k: w.value for k, w in widgets(at).items()}
        assert {k: now.get(k) for k in expected if k in now} == {k: v for k, v in expected.items() if k in now}, key
        assert at.query_params.get("lang") == "zh"


def link_notices(at: AppTest) -> list[str]:
    return [w.value.replace("\\", "") for w in at.warning if "link's setting" in w.value]


def test_link_value_is_checked_where_there_is_a_single_choice():
    """The 2020 census table has one year: ?pyr_year=-2020 gets a notice, leaves the link and the
    citation (the year slider is not drawn for a single year, but its link value is still read)."""
    at = open_view("views/sex_ratio_age.py", {"pyr_year": "-2020"})
    assert link_notices(at) == ["The link's setting pyr_year=-2020 is not one of the choices for \"Year\"; it was ignored."]
    assert not at.select_slider and "pyr_year" not in at.query_params
    at.sidebar.toggle(key="cite-this-view").set_value(True).run()
    citation = at.sidebar.code[0].value
    assert "pyr_year" not in citation and "-2020" not in citation, citation
    # the same value where there are several years, and a year that is one of them
    at = open_view("views/sex_ratio_age.py", {"pyr_source": "unsd_dyb_census_1990_2000_2010", "pyr_year": "-2020"})
    assert link_notices(at) == ["The link's setting pyr_year=-2020 is not one of the choices for \"Year\"; it was ignored."]
    at = open_view("views/sex_ratio_age.py", {"pyr_source": "unsd_dyb_census_1990_2000_2010", "pyr_year": "1990"})
    assert not link_notices(at) and at.select_slider(key="pyr_year").value == 1990


@pytest.mark.parametrize(("params", "notice"), [
    ({"lang": ["en", "zh"]}, "The link's setting lang=en, zh is not one of the choices for \"Language / 语言\"; it was ignored."),
    ({"chart": ["surplus", "neighbours"]}, "The link's setting chart=surplus, neighbours is not one of this page's charts; it was ignored."),
    ({"chart": "surplus", "surplus_census": ["2010 (NBS)", "2020 (NBS)"]},
     "The link's setting surplus_census=2010 (NBS), 2020 (NBS) is not one of the choices for \"Census\"; it was ignored."),
    ({"chart": "surplus", "surplus_range": ["20", "45", "50"]},
     "The link's setting surplus_range=20, 45, 50 is not one of the choices for \"Age groups (the first and the last, both included)\"; it was ignored."),
])
def test_single_valued_key_given_twice_gets_the_bad_value_notice(params, notice):
    at = open_view("views/sex_ratio_age.py", params)
    assert link_notices(at) == [notice]
    assert not at.exception and not at.error
    for key in params:
        if key != "chart" or len(params["chart"]) > 1:
            assert not isinstance(at.query_params.get(key), list), (key, at.query_params.get(key))
    if "surplus_census" in params or "surplus_range" in params:
        assert at.metric[0].value == "15,337,091"  # the default census and range: 2020, ages 20-39


def test_multiselect_takes_a_key_given_several_times():
    at = open_view("views/sex_ratio_age.py", {"chart": "neighbours", "nb_countries": ["CHN", "JPN", "CHN"]})
    assert not link_notices(at) and at.multiselect(key="nb_countries").value == ["CHN", "JPN"]


def test_a_value_this_session_wrote_leaves_quietly_when_the_page_stops_offering_it():
    """The reader picks WPP year 1960, then the 2020 census (one year): no notice about "the
    link", and the year leaves the URL. A hand-edited link with the same value gets the notice."""
    at = open_view("views/sex_ratio_age.py", {"pyr_source": "wpp2022_single_age_decadal"})
    at.select_slider(key="pyr_year").set_value(1960).run()
    assert at.query_params.get("pyr_year") == "1960"
    at.selectbox(key="pyr_source").set_value("nbs_census2020_yb_t1_5").run()
    assert not link_notices(at) and "pyr_year" not in at.query_params and not at.select_slider
    at.selectbox(key="pyr_source").set_value("unsd_dyb_census_1990_2000_2010").run()
    assert not link_notices(at) and at.select_slider(key="pyr_year").value == 2010
    at = open_view("views/sex_ratio_age.py", {"pyr_year": "1960"})
    assert link_notices(at) == ["The link's setting pyr_year=1960 is not one of the choices for \"Year\"; it was ignored."]


def test_citation_follows_a_change_made_inside_a_section():
    """A section reruns on its own; with the citation open, its link still follows the change."""
    at = open_view("views/sex_ratio_age.py", {"chart": "surplus"})
    at.sidebar.toggle(key="cite-this-view").set_value(True).run()
    assert "surplus_range" not in at.sidebar.code[0].value
    at.select_slider(key="surplus_range").set_value((25, 30)).run()  # age groups 25-29 to 30-34
    assert "surplus_range=25&surplus_range=35" in at.sidebar.code[0].value


def test_surplus_range_keeps_its_ages_when_the_census_changes():
    """The range is kept as ages (the link's boundaries), not as the old census's age groups: ages
    20-49 in the 2010 tables (5-year groups) are ages 20-49 in the 2000 UNSD tables (single years)."""
    at = open_view("views/sex_ratio_age.py", {"chart": "surplus"})
    at.selectbox(key="surplus_census").set_value("2010 (NBS)").run()
    at.select_slider(key="surplus_range").set_value((20, 45)).run()  # groups 20-24 to 45-49
    assert at.query_params.get("surplus_range") == ["20", "50"]
    at.selectbox(key="surplus_census").set_value("2000 (UNSD)").run()
    assert not at.exception and not at.warning
    assert at.select_slider(key="surplus_range").value == (20, 49)  # single years 20 to 49
    assert at.query_params.get("surplus_range") == ["20", "50"]
    assert "ages 20-49 (2000 census)" in at.metric[0].label


def test_a_very_long_link_value_is_quoted_short():
    """A hand-edited link may hold thousands of characters: the notice quotes 40 of them and says
    what was wrong; a text over the box's limit is called too long, not "not one of the choices"."""
    at = open_view("views/data_explorer.py", {"data_table": "A" * 5000})
    [notice] = link_notices(at)
    assert f"data_table={'A' * 40}…" in notice and len(notice) < 200
    at = open_view("views/check.py", {"number": "9" * 3000})
    [notice] = link_notices(at)
    assert f"number={'9' * 40}…" in notice and "longer than the 200 characters" in notice and len(notice) < 250
