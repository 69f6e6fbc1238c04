"""Page: population pyramid, sex ratio by age, surplus of men by age range, comparison with neighbours."""

import streamlit as st

from dashboard import analysis, cached, charts, data
from dashboard.formatting import RATIO_UNIT, format_value
from dashboard.ui import chart_block, cite_this_view, guard, scroll_to_requested_chart, section, url_widget

st.title("Sex ratio and age")
cite_this_view("Sex ratio and age")
st.markdown(
    "How many more men than women China has, at which ages, by census and UN series. "
    "Sex ratio = males per 100 females; surplus of men = male minus female population."
)

FAMILIES = {
    "nbs_census2020_yb_t1_5": "2020 census (NBS yearbook, 5-year groups)",
    "nbs_census2010_t1_7": "2010 census (NBS tabulation, 5-year groups)",
    "unsd_dyb_census_1990_2000_2010": "1990, 2000, 2010 censuses (UNSD, single years)",
    "wpp2022_single_age_decadal": "UN WPP 2022 estimates (single years, 1950-2021)",
    "wpp2022_age5_projection_median": "UN WPP 2022 median projection (5-year groups, 2022-2100)",
}
CENSUSES = {
    "2020 (NBS)": ("nbs_census2020_yb_t1_5", 2020),
    "2010 (NBS)": ("nbs_census2010_t1_7", 2010),
    "2000 (UNSD)": ("unsd_dyb_census_1990_2000_2010", 2000),
    "1990 (UNSD)": ("unsd_dyb_census_1990_2000_2010", 1990),
}
COUNTRIES = {"CHN": "China", "IND": "India", "JPN": "Japan", "KOR": "Republic of Korea", "VNM": "Viet Nam"}
PERSONS_UNITS = {"male": "persons", "female": "persons", "surplus_of_men": "persons", "sex_ratio": RATIO_UNIT, "year": "year"}


# Each section is a fragment: changing its widgets reruns that section only.
@section("the population pyramid")
def pyramid_section() -> None:
    st.header("Population pyramid")
    datasets = cached.population_datasets()
    c1, c2 = st.columns([2, 1])
    source_id = url_widget(c1.selectbox, "Census or UN series", list(FAMILIES), format_func=FAMILIES.get, key="pyr_source")
    years = sorted(int(y) for y in datasets.loc[datasets["source_id"] == source_id, "year"])
    default_year = years[-1] if source_id != "wpp2022_age5_projection_median" else 2050
    year = url_widget(c2.select_slider, "Year", years, value=default_year, key="pyr_year") if len(years) > 1 else years[0]
    wide = cached.by_sex_wide(source_id, year, equal_width=True)
    est = analysis.ESTIMATE_LABEL[datasets.loc[datasets["source_id"] == source_id, "estimate_type"].iloc[0]]
    total_m, total_f = int(wide["male"].sum()), int(wide["female"].sum())
    note = "UN estimates for 1 July, converted from thousands to persons."
    if est == "census count":
        gap = cached.servicemen_gap()
        note = f"Census tables exclude active-duty servicemen ({format_value(gap['total'], 'persons')} in 2020)."
    chart_block(
        charts.population_pyramid(wide, f"China, {year} ({est}): population by age and sex"),
        wide[["source_id", "year", "age_label", "male", "female", "surplus_of_men", "sex_ratio"]],
        units=PERSONS_UNITS, source_ids=[source_id], key="pyramid",
        summary=f"{year}, {est}: {format_value(total_m, 'persons')} men and {format_value(total_f, 'persons')} women in the table "
        f"(sex ratio {format_value(100 * total_m / total_f, RATIO_UNIT)}).",
        note=note,
    )


@section("the census comparison")
def censuses_section() -> None:
    st.header("Sex ratio by age, census by census")
    chosen = url_widget(st.multiselect, "Censuses", list(CENSUSES), default=list(CENSUSES), key="sr_censuses")
    ratios = cached.sex_ratio_by_age([CENSUSES[c] for c in chosen])
    if ratios.empty:
        st.info("Choose at least one census.")
        return
    chart_block(
        charts.sex_ratio_by_age(ratios, "China: sex ratio by age group at each census"),
        ratios[["series", "source_id", "age_label", "male", "female", "sex_ratio"]],
        units={"male": "persons", "female": "persons", "sex_ratio": RATIO_UNIT},
        source_ids=list(ratios["source_id"].unique()), key="ratio-by-age",
        summary="Sex ratio (males per 100 females) by 5-year age group for " + ", ".join(chosen) + ". Single-year census tables are grouped into 5-year groups.",
        note="1990: civilian population of 30 provinces (UNSD footnote).",
    )


@section("the surplus of men")
def surplus_section(cited_value: int | None) -> None:
    st.header("Surplus of men in an age range", anchor="surplus")
    s1, s2 = st.columns([1, 2])
    surplus_source = url_widget(s1.selectbox, "Census", list(CENSUSES), key="surplus_census")
    sid, syear = CENSUSES[surplus_source]
    swide = cached.by_sex_wide(sid, syear)
    bounds = analysis.age_boundaries(swide)
    default = (20, 40) if {20, 40} <= set(bounds) else (bounds[0], bounds[-1])
    age_from, age_to = url_widget(
        s2.select_slider, "Age range (from the first age up to, not including, the second)", bounds, value=default,
        format_func=lambda b: "100+" if b == 999 else str(b), key="surplus_range",
    )
    if age_to <= age_from:
        st.warning("Choose a range of at least one age group.")
        return
    result = analysis.surplus_in_range(swide, age_from, age_to)
    m1, m2, m3 = st.columns(3)
    m1.metric(f"Surplus of men, ages {result['label']} ({syear} census)", format_value(result["surplus_of_men"], "persons"))
    m2.metric("Sex ratio in this range", format_value(result["sex_ratio"], RATIO_UNIT))
    if cited_value is not None:
        diff = result["surplus_of_men"] - cited_value
        m3.metric("Cited in the news: ages 20-40, 2020 census", format_value(cited_value, "persons"), delta=f"{diff:+,} (this range minus the cited figure)", delta_color="off", delta_arrow="off")
    w2020 = cached.by_sex_wide("nbs_census2020_yb_t1_5", 2020)
    r2039, r2044 = analysis.surplus_in_range(w2020, 20, 40), analysis.surplus_in_range(w2020, 20, 45)
    gap = cached.servicemen_gap()
    st.markdown(
        f"**Definition used:** men minus women aged {result['label']} in the {surplus_source} census table "
        f"({format_value(result['men'], 'persons')} men, {format_value(result['women'], 'persons')} women). "
        "The 17.52 million (sex ratio 108.9) was given by the NBS spokesperson at the State Council Information Office "
        "press conference of 17 May 2021 for ages \"20-40\". The 2020 yearbook tables come in 5-year groups and exclude "
        f"{format_value(gap['total'], 'persons')} servicemen ({format_value(gap['male'], 'persons')} men, "
        f"{format_value(gap['female'], 'persons')} women: communique minus table totals), so that band cannot be reproduced "
        f"exactly: ages 20-39 give {format_value(r2039['surplus_of_men'], 'persons')} (ratio {format_value(r2039['sex_ratio'], RATIO_UNIT)}) "
        f"and ages 20-44 give {format_value(r2044['surplus_of_men'], 'persons')}."
    )
    chart_block(
        charts.surplus_by_age(swide, age_from, age_to, f"China, {syear} census: surplus of men by age group (selected: {result['label']})"),
        swide[["source_id", "year", "age_label", "male", "female", "surplus_of_men", "sex_ratio"]],
        units=PERSONS_UNITS, source_ids=[sid, "nbs_press_conference_2021_05_17_reports"], key="surplus",
        summary=f"Men minus women by age group, {syear} census; the selected range {result['label']} sums to {format_value(result['surplus_of_men'], 'persons')}.",
    )


@section("the comparison with neighbours")
def neighbours_section(wpp_years: list[int]) -> None:
    st.header("China beside its neighbours (UN WPP 2022)")
    n1, n2 = st.columns([2, 1])
    picked = url_widget(n1.multiselect, "Countries", list(COUNTRIES), default=list(COUNTRIES), format_func=COUNTRIES.get, key="nb_countries")
    nyear = url_widget(n2.selectbox, "Year (UN estimate)", wpp_years, index=wpp_years.index(2020), key="nb_year")
    neighbours = cached.countries_sex_ratio_by_age("wpp2022_single_age_decadal", nyear, picked)
    if neighbours.empty:
        st.info("Choose at least one country.")
        return
    chart_block(
        charts.sex_ratio_by_age(neighbours, f"Sex ratio by age group, {nyear} (UN estimates)", series_col="geography"),
        neighbours[["geography", "source_id", "year", "age_label", "male", "female", "sex_ratio"]],
        units={"male": "persons", "female": "persons", "sex_ratio": RATIO_UNIT, "year": "year"},
        source_ids=["wpp2022_single_age_decadal"], key="neighbours",
        summary=f"Sex ratio by 5-year age group in {nyear} for " + ", ".join(COUNTRIES[c] for c in picked) + ".",
        note="UN estimates, not census counts; the extract stops at age 99.",
    )


with guard("the sex ratio page"):
    reported = data.load_table("reported_figures")
    cited = reported[reported["measure"] == "excess_males_over_females_age_20_40"]
    datasets = cached.population_datasets()
    pyramid_section()
    censuses_section()
    surplus_section(int(cited["value"].iloc[0]) if not cited.empty else None)
    neighbours_section(sorted(int(y) for y in datasets.loc[datasets["source_id"] == "wpp2022_single_age_decadal", "year"]))

scroll_to_requested_chart()
