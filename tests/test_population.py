"""The population computations of the build (datasets/derived/population.py) and the chart
functions, on hand-made frames and on the real published tables."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard import charts
from datasets.derived import population as analysis


def frame(rows):
    cols = ["source_id", "estimate_type", "geography_code", "geography", "year", "age_start", "age_end", "age_label", "open_ended", "sex", "population"]
    df = pd.DataFrame(rows, columns=cols)
    for c in ("year", "age_start", "age_end", "population"):
        df[c] = df[c].astype("Int64")
    return df


SMALL = frame([
    ("s", "census_count", "CHN", "China", 2020, 0, 4, "0-4", False, "male", 110),
    ("s", "census_count", "CHN", "China", 2020, 0, 4, "0-4", False, "female", 100),
    ("s", "census_count", "CHN", "China", 2020, 5, 9, "5-9", False, "male", 120),
    ("s", "census_count", "CHN", "China", 2020, 5, 9, "5-9", False, "female", 100),
    ("s", "census_count", "CHN", "China", 2020, 10, None, "10+", True, "male", 50),
    ("s", "census_count", "CHN", "China", 2020, 10, None, "10+", True, "female", 75),
])


def test_by_sex_wide_and_surplus_on_hand_made_rows():
    wide = analysis.by_sex_wide(SMALL)
    assert wide["surplus_of_men"].tolist() == [10, 20, -25]
    assert wide["sex_ratio"].tolist() == [110.0, 120.0, 66.67]
    assert analysis.age_boundaries(wide) == [0, 5, 10, 999]
    r = analysis.surplus_in_range(wide, 0, 10)
    assert (r["label"], r["men"], r["women"], r["surplus_of_men"], r["sex_ratio"]) == ("0-9", 230, 200, 30, 115.0)
    assert analysis.surplus_in_range(wide, 5, 999)["label"] == "5+"
    with pytest.raises(ValueError, match="not a group boundary"):
        analysis.surplus_in_range(wide, 3, 10)
    with pytest.raises(ValueError, match="empty"):
        analysis.surplus_in_range(wide, 5, 5)


def test_by_sex_wide_refuses_mixed_years():
    mixed = pd.concat([SMALL, SMALL.assign(year=pd.array([2010] * 6, dtype="Int64"))])
    with pytest.raises(ValueError, match="one year"):
        analysis.by_sex_wide(mixed)


def test_to_age5_groups_single_years_and_keeps_open_top():
    single = frame([("s", "census_count", "CHN", "China", 2000, a, a, str(a), False, "male", a + 1) for a in range(0, 7)]
                   + [("s", "census_count", "CHN", "China", 2000, 7, None, "7+", True, "male", 100)])
    grouped = analysis.to_age5(single, top=5)
    assert grouped["age_label"].tolist() == ["0-4", "5+"]
    assert grouped["population"].tolist() == [1 + 2 + 3 + 4 + 5, 6 + 7 + 100]


def test_to_age5_refuses_groups_that_do_not_nest():
    bad = frame([("s", "census_count", "CHN", "China", 2000, 3, 7, "3-7", False, "male", 1)])
    with pytest.raises(ValueError, match="does not nest"):
        analysis.to_age5(bad)


@pytest.fixture(scope="module")
def published(published_dir):
    names = ("population_by_age_sex", "reported_figures", "census_2020_servicemen", "population_totals", "census_srb", "sex_ratio_by_age")
    return {n: pd.read_parquet(published_dir / f"{n}.parquet") for n in names}


def test_servicemen_from_communique_minus_tables(published):
    gap = published["census_2020_servicemen"].set_index("sex")["servicemen"].to_dict()
    assert gap == {"male": 1_923_562, "female": 76_438, "total": 2_000_000}
    # the same from the published totals, by hand: communique 723,339,956 / 688,438,768 (reported figures CNSR014/015)
    totals = published["population_totals"]
    china = totals[(totals["geography_code"] == "CHN") & (totals["year"] == 2020) & (totals["source_id"] == "nbs_census2020_yb_t1_5")].iloc[0]
    assert (723_339_956 - int(china["male"]), 688_438_768 - int(china["female"])) == (1_923_562, 76_438)


def test_province_totals_sum_to_the_national_table(published):
    totals = published["population_totals"]
    p2020 = totals[totals["geography_code"].str.startswith("CN-") & (totals["year"] == 2020) & (totals["basis"] == "table")]
    assert len(p2020) == 31
    assert int(p2020["male"].sum()) == 721_416_394 and int(p2020["female"].sum()) == 688_362_330


def test_communique_totals_carry_the_servicemen(published):
    totals = published["population_totals"].set_index(["source_id", "geography_code", "year"])
    communique = totals.loc[("nbs_press_conference_2021_05_17_reports", "CHN", 2020)]
    assert (communique["basis"], int(communique["male"]), int(communique["female"])) == ("communique", 723_339_956, 688_438_768)
    assert int(communique["surplus_of_men"]) == 34_901_188 and communique["sex_ratio"] == 105.07
    table = totals.loc[("nbs_census2020_yb_t1_5", "CHN", 2020)]
    assert int(table["surplus_of_men"]) == 721_416_394 - 688_362_330 == 33_054_064


def test_census_srb_2020_third_child(published):
    srb = published["census_srb"]
    third = srb[(srb["census_year"] == 2020) & (srb["birth_order"] == "3") & (srb["geography_code"] == "CHN") & (srb["area_type"] == "all")].iloc[0]
    assert third["sex_ratio_at_birth"] == 132.93 == third["sex_ratio_at_birth_as_printed"]


def test_census_srb_flags_tiny_samples(published):
    srb = published["census_srb"]
    fifth = srb[(srb["census_year"] == 2010) & (srb["birth_order"] == "5+") & srb["geography_code"].str.startswith("CN-")]
    tiny = fifth[fifth["small_sample"]]
    assert len(tiny) > 0 and (tiny["births_female"].fillna(0) < 100).all()
    assert not fifth.loc[~fifth["small_sample"], "births_female"].lt(100).any()


def test_sex_ratio_by_age_table_20_24_and_five_year_groups(published):
    ages = published["sex_ratio_by_age"]
    rows = ages[(ages["source_id"] == "nbs_census2020_yb_t1_5") & (ages["geography_code"] == "CHN")].set_index(["grouping", "age_label"])
    assert int(rows.loc[("as_published", "20-24"), "surplus_of_men"]) == 4_410_315
    # the census's "0" and "1-4" fold into "0-4" in the 5-year grouping
    assert int(rows.loc[("5-year", "0-4"), "male"]) == int(rows.loc[("as_published", "0"), "male"]) + int(rows.loc[("as_published", "1-4"), "male"])
    assert ("as_published", "0-4") not in rows.index


def test_pyramid_men_left_women_right():
    fig = charts.population_pyramid(analysis.by_sex_wide(SMALL), "t")
    men, women = fig.data
    assert list(men.x) == [-110, -120, -50] and list(women.x) == [100, 100, 75]
    assert "G" not in " ".join(fig.layout.xaxis.ticktext)


def test_chart_functions_name_missing_columns():
    with pytest.raises(ValueError, match=r"missing column\(s\) \['sex_ratio'\]"):
        charts.sex_ratio_by_age(pd.DataFrame({"series": [], "age_start": [], "age_label": []}), "t")


def test_surplus_chart_highlights_selected_range():
    fig = charts.surplus_by_age(analysis.by_sex_wide(SMALL), 5, 999, "t")
    assert list(fig.data[0].marker.color) == [charts.MUTED, charts.HIGHLIGHT, charts.HIGHLIGHT]


def test_sex_colours_differ_in_luminance():
    def lum(hex_colour):
        r, g, b = (int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    a, b = sorted([lum(charts.SEX_COLOURS["male"]), lum(charts.SEX_COLOURS["female"])])
    assert (b + 0.05) / (a + 0.05) >= 4


def test_chart_image_carries_source_and_data_date():
    fig = charts.population_pyramid(analysis.by_sex_wide(SMALL), "Pyramid")
    out = charts.add_source_line(fig, "NBS census yearbook 2020, table 1-5", "2026-11-29")
    source = out.layout.title.subtitle  # under the title, in 12 px type (at least 11 px in the exported image)
    assert source.text.replace("<br>", "") == "Source: NBS census yearbook 2020, table 1-5 · data built 2026-11-29"
    assert source.font.size >= 11
    assert out.layout.title.text == "Pyramid"
    assert out.layout.margin.t == 20 + 21 + 16 + 6 + 16 * (source.text.count("<br>") + 1)  # room for the title and the source line
    other = charts.population_pyramid(analysis.by_sex_wide(SMALL), "Pyramid")
    long = charts.add_source_line(other, "x" * 400, "2026-11-29").layout.title.subtitle.text
    assert len(long) < 200 and "…" in long


def test_titles_use_a_computers_width_and_wrap_on_a_phone():
    title = "China, 2020 census: surplus of men by age group (selected: 20-39) and a few more words"
    def fig():
        return charts.surplus_by_age(analysis.by_sex_wide(SMALL), 0, 5, title)
    assert fig().layout.title.text.count("<br>") >= 2  # 40 columns: a phone's width
    wide = charts.add_source_line(fig(), "NBS", "2026-11-29", wide=True).layout.title.text
    assert wide == title and "<br>" not in wide  # one line on a computer
    phone = charts.add_source_line(fig(), "NBS", "2026-11-29").layout.title.text
    assert phone.replace("<br>", "") == title and phone.count("<br>") >= 2
    long_axis = charts.sex_ratio_by_age(pd.DataFrame({"series": ["a"], "age_start": [0], "age_label": ["0-4"], "sex_ratio": [105.0]}), "t")
    assert "<br>" in long_axis.layout.yaxis.title.text or len(long_axis.layout.yaxis.title.text) <= charts.AXIS_TITLE_COLUMNS
