"""Trafficking tables and pages: exact values from the real files, count types kept apart."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import charts, exports, trafficking
from datasets.derived import trafficking as derived

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def tables(published_dir):
    names = ["crime_cases_registered", "glotip", "tip_tiers", "reported_figures", "glotip_regional_sums_derived", "registered_cases", "registered_cases_printed"]
    return {n: pd.read_parquet(published_dir / f"{n}.parquet") for n in names}


def test_registered_trafficking_cases_exact(tables):
    cases = tables["registered_cases"].set_index("year")
    assert cases.loc[2013, "value"] == 20_735
    assert cases.loc[2000, "value"] == 23_163
    assert cases.loc[2007, "value"] == 2_378
    assert cases.loc[2020, "value"] == 3_035
    assert cases.loc[2000, "per_10000"] == 63.68  # equals the compiler's own share column
    assert str(cases["value"].dtype) == "Int64"
    assert list(cases.index) == list(range(1995, 2021))


def test_conflicting_2020_values_shown_side_by_side(tables):
    conflicts = tables["registered_cases_printed"]
    y2020 = conflicts[conflicts["year"] == 2020]
    assert sorted(y2020["value"].tolist()) == [3_035, 3_055, 3_305]
    stand_in = conflicts[conflicts["kind"] == "stand-in: UNODC offences"].iloc[0]
    assert (stand_in["year"], stand_in["value"]) == (2021, 2_860)


def test_tip_tier_china(tables):
    china = tables["tip_tiers"][tables["tip_tiers"]["country"] == "China"].set_index("report_year")
    assert china.loc[2013, "tier"] == "Tier 3"
    assert china.loc[2017, "tier"] == "Tier 3"
    assert china.loc[2014, "tier"] == "Tier 2 Watch List"
    assert china.loc[2001, "tier"] == "Tier 2"
    assert [china.loc[y, "tier_order"] for y in (2001, 2013, 2014)] == [2, 4, 3]
    assert list(china.index) == list(range(2001, 2025))


def test_operation_reunion_december_2021(tables):
    found = derived.reported_series(tables["reported_figures"], derived.OPERATION_REUNION_FOUND)
    assert found["value_int"].tolist() == [1_680, 4_142, 10_932]
    assert found.iloc[-1]["locator"] == "10932"


def test_glotip_china_convicted_2018(tables):
    s = derived.glotip_series(tables["glotip"], ["CHN"], "Persons convicted").set_index("year")
    assert s.loc[2018, "value"] == 2_400
    assert s.loc[2008, "value_as_published"] == "2,161"


def test_suppressed_cells_stay_missing_after_parquet_round_trip(tables):
    g = tables["glotip"]
    sup = g[g["value_flag"] == "suppressed_lt5"]
    assert len(sup) == 1_725
    assert sup["value"].isna().all() and (sup["value_as_published"] == "<5").all()
    assert not (g["value"] == 0)[g["value_flag"] == "suppressed_lt5"].any()
    assert str(g["value"].dtype) == "Int64"


def test_counts_download_as_integers_not_floats(tables):
    series = derived.glotip_series(tables["glotip"], ["CHN", "HKG"], "Detected trafficking victims")
    text = exports.to_csv_bytes(series, {"value": "count", "year": "year"}, {"unodc_glotip_2025-04-14": "UNODC"}).decode("utf-8-sig")
    back = pd.read_csv(io.StringIO(text), dtype=str)
    values = back["value"].dropna()
    assert len(values) > 0 and not values.str.contains(r"\.").any()
    assert back["value"].isna().sum() == int(series["value"].isna().sum())


def test_lower_bound_flag_for_more_than(tables):
    r = tables["reported_figures"].set_index("figure_id")
    assert bool(r.loc["CNRF032", "lower_bound"]) is True  # "1400余"
    assert bool(r.loc["CNRF060", "lower_bound"]) is False  # "10764"
    assert r.loc["CNRF060", "value"] == 10_764


def test_every_reported_figure_has_grade_and_count_type(tables):
    r = tables["reported_figures"]
    assert len(r) == 114
    assert r["grade"].notna().all() and r["count_type"].notna().all()
    assert (r.loc[r["figure_id"] == "CNRF087", "grade"] == "secondary_only").all()


def test_chart_refuses_two_count_types():
    mixed = pd.DataFrame({"date": [2020, 2021], "value": [1, 2], "series": ["a", "b"], "count_type": ["cases_solved", "persons_rescued_or_found"]})
    with pytest.raises(trafficking.MixedCountTypes, match="cases_solved, persons_rescued_or_found"):
        charts.count_lines(mixed, "date", "value", "series", "t", "y")
    with pytest.raises(ValueError, match=r"missing column\(s\) \['count_type'\]"):
        charts.count_lines(mixed.drop(columns="count_type"), "date", "value", "series", "t", "y")


def test_registered_cases_chart_leaves_gaps_and_marks_campaigns():
    crime = pd.DataFrame({
        "source_id": "s", "geography": "g", "year": pd.array([2000, 2000, 2002, 2002], dtype="Int64"),
        "measure": [derived.TRAFFICKING_MEASURE, derived.TOTAL_MEASURE] * 2, "measure_zh": "x", "count_type": "cases_registered",
        "value": pd.array([10, 1000, 30, 3000], dtype="Int64"),
    })
    cases = derived.registered_cases_table(crime)
    assert cases["year"].tolist() == [2000, 2001, 2002]
    assert cases["value"].isna().tolist() == [False, True, False]
    fig = charts.registered_cases(cases, pd.DataFrame(columns=["kind"]), "t")
    line = fig.data[0]
    assert line.connectgaps is False and pd.isna(line.y[1])
    assert len(fig.layout.shapes) >= 3  # two campaign periods + the law-change line


def test_glotip_regional_sums_are_labelled_derived(tables):
    r = tables["glotip_regional_sums_derived"]
    assert set(r["source_id"]) == {"glotip_regional_sums_derived"}


@pytest.mark.parametrize("page", ["trafficking_cases", "international", "rescues", "count_types"])
def test_new_pages_run(page):
    at = AppTest.from_file(str(ROOT / "dashboard" / "views" / f"{page}.py"), default_timeout=60).run()
    assert not at.exception, [e.message for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def test_international_page_switches_indicator():
    at = AppTest.from_file(str(ROOT / "dashboard" / "views" / "international.py"), default_timeout=60).run()
    at.selectbox(key="glotip_indicator").set_value("Persons convicted").run()
    assert not at.exception and not at.error
    assert at.selectbox(key="glotip_indicator").value == "Persons convicted"
    assert "Persons convicted" in at.get("plotly_chart")[0].proto.spec


def test_count_types_page_lists_one_type():
    at = AppTest.from_file(str(ROOT / "dashboard" / "views" / "count_types.py"), default_timeout=60).run()
    at.selectbox(key="count_type").set_value("persons_convicted").run()
    assert not at.exception and not at.error


def test_readable_figures_for_journalists(tables):

    rows = tables["reported_figures"].set_index("figure_id").loc[["CNRF020", "CNRF032", "CNRF046", "CNRF090"]].reset_index()
    shown = trafficking.readable_figures(rows).set_index("figure")
    assert shown.loc["CNRF020", "value"] == "23,085" and shown.loc["CNRF020", "as printed"] == "23.085"
    assert shown.loc["CNRF032", "value"] == "more than 1,400"
    assert shown.loc["CNRF046", "value"] == "98.2%"
    assert shown.loc["CNRF090", "period"] == "2011"
    assert shown.loc["CNRF020", "period"] == "from 2009-04-09"
    assert "_" not in shown.loc["CNRF090", "measure"]
    assert shown.loc["CNRF032", "quality"] == "copy on a mirror or repost site"
    zh = trafficking.readable_figures(rows, "zh").set_index("编号")
    assert zh.loc["CNRF032", "数值"] == "多于1,400"
    assert zh.loc["CNRF020", "时期"] == "自 2009-04-09"
    assert zh.loc["CNRF032", "质量"] == "镜像或转载网站上的副本"
    assert zh.loc["CNRF020", "原文写法"] == "23.085"  # as printed, in both languages


def test_count_types_page_shows_every_count_type(tables):
    """Every count type lists its figures, ratios and percentages included (a sex ratio of 108.9
    was once formatted as a whole count and broke the page)."""
    reported = tables["reported_figures"]
    for kind in sorted(reported["count_type"].unique()):
        at = AppTest.from_file(str(ROOT / "dashboard" / "views" / "count_types.py"), default_timeout=60)
        at.query_params["count_type"] = kind
        at.run()
        assert not at.exception and not at.error, (kind, [e.value for e in at.error])
        assert len(at.dataframe[0].value) == int((reported["count_type"] == kind).sum()), kind
    shown = trafficking.readable_figures(reported[reported["figure_id"] == "CNSR002"]).iloc[0]
    assert shown["value"] == "108.90"  # males per 100 females, as a ratio (CNSR002: 108.9 as printed)


# --------------------------------------------------------------------------- curated lists: count types and rescue groups


def test_count_types_and_their_labels_come_from_one_curated_file():
    from datasets import schemas

    en, zh = derived.count_type_labels("en"), derived.count_type_labels("zh")
    assert list(en) == list(zh) == schemas.COUNT_TYPES
    assert len(en) == 15 and en["cases_registered"] == "cases registered (立案) by police" and zh["cases_registered"] == "公安机关立案数"
    assert all(re.search(r"[\u3400-\u9fff]", label) for label in zh.values())
    assert trafficking.count_type_label("victims_detected", "zh") == "被发现的受害者（联合国毒罪办）"


def test_rescue_groups_are_checked_against_the_reported_figures(tables):
    from datasets import integrity

    reported = tables["reported_figures"]
    assert derived.rescue_group(derived.DNA_DATABASE) == ["CNRF007", "CNRF032", "CNRF033", "CNRF034", "CNRF060"]
    assert integrity.check_rescue_groups(reported) == []
    without = reported[reported["figure_id"] != "CNRF032"]
    assert integrity.check_rescue_groups(without) == ["rescue_figure_groups.csv: group dna_database names figures not in reported_figures: ['CNRF032']"]
    relabelled = reported.assign(count_type=reported["count_type"].mask(reported["figure_id"].isin(["CNRF047", "CNRF054", "CNRF061"]), "other"))
    assert integrity.check_rescue_groups(relabelled) == ["rescue_figure_groups.csv: group operation_reunion_found has no figure of persons rescued or found to draw"]
    with pytest.raises(KeyError, match="no rescue group 'dna'"):
        derived.rescue_group("dna")


def test_cases_and_rescues_in_chinese_name_grades_sources_and_months_in_chinese():
    """The table of conflicting 2020 values names each grade and source in Chinese (no ids), and
    the rescues' date axes name months the Chinese way (Plotly would write "Jun 2021")."""
    at = AppTest.from_file(str(ROOT / "dashboard" / "views" / "trafficking_cases.py"), default_timeout=60)
    at.session_state["lang"] = "zh"
    at.run()
    assert not at.exception and not at.error
    tables = " ".join(t.value.to_string() for t in at.table)
    assert "镜像或转载网站上的副本" in tables and "国家统计局《中国统计年鉴》" in tables
    assert "mirror_copy" not in tables and "nbs_csy_via_mybox_fe485f3" not in tables
    at = AppTest.from_file(str(ROOT / "dashboard" / "views" / "rescues.py"), default_timeout=60)
    at.session_state["lang"] = "zh"
    at.run()
    assert not at.exception and not at.error
    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    assert len(charts) == 3 and all(c["layout"]["xaxis"]["tickformat"] == "%Y年%-m月" for c in charts)


def test_figures_per_count_type_follows_the_curated_order_and_counts_every_figure(tables):
    reported = tables["reported_figures"]
    counts = derived.figures_per_count_type(reported)
    order = list(derived.count_type_labels())
    assert list(counts.index) == sorted(counts.index, key=order.index)
    assert int(counts.sum()) == len(reported) == 114
    # Rows of datasets/curated/reported_figure_grades.csv with that count type: 29 persons rescued or found
    # (DNA database, Operation Reunion, Tuanyuan, campaigns), 9 cases registered.
    assert counts["persons_rescued_or_found"] == 29 and counts["cases_registered"] == 9
    assert "victims_detected" not in counts.index  # a count type of GLOTIP, never of a reported figure
