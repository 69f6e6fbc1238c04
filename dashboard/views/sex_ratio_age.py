"""Page: population pyramid, sex ratio by age, surplus of men by age range, comparison with neighbours."""


import streamlit as st

from dashboard import cached, charts, data
from dashboard.formatting import RATIO_UNIT
from dashboard.i18n import N_
from dashboard.labels import ESTIMATE_LABEL
from dashboard.ui import chart, chart_block, guard, section, source_caption, start_page
from dashboard.urlstate import url_tabs, url_widget

L, _, fv = start_page(__file__)

FAMILIES = {
    "nbs_census2020_yb_t1_5": N_("2020 census (NBS yearbook, 5-year groups)"),
    "nbs_census2010_t1_7": N_("2010 census (NBS tabulation, 5-year groups)"),
    "unsd_dyb_census_1990_2000_2010": N_("1990, 2000, 2010 censuses (UNSD, single years)"),
    "wpp2022_single_age_decadal": N_("UN WPP 2022 estimates (single years, 1950-2021)"),
    "wpp2022_age5_projection_median": N_("UN WPP 2022 median projection (5-year groups, 2022-2100)"),
}
CENSUSES = {
    "2020 (NBS)": ("nbs_census2020_yb_t1_5", 2020),
    "2010 (NBS)": ("nbs_census2010_t1_7", 2010),
    "2000 (UNSD)": ("unsd_dyb_census_1990_2000_2010", 2000),
    "1990 (UNSD)": ("unsd_dyb_census_1990_2000_2010", 1990),
}
WPP = "wpp2022_single_age_decadal"
PERSONS_UNITS = {"male": "persons", "female": "persons", "surplus_of_men": "persons", "sex_ratio": RATIO_UNIT, "year": "year"}


CENSUS_NAMES = {"2020 (NBS)": N_("2020 (NBS)"), "2010 (NBS)": N_("2010 (NBS)"), "2000 (UNSD)": N_("2000 (UNSD)"), "1990 (UNSD)": N_("1990 (UNSD)")}


def census_name(key: str) -> str:
    """A census choice in the reader's language ('2020 (NBS)' / '2020（国家统计局）'); the URL keeps the key."""
    return _(CENSUS_NAMES[key])


# Each section is a fragment: changing its widgets reruns that section only.
@section(N_("the population pyramid"))
def pyramid_section() -> None:
    st.header(_("Population pyramid"))
    datasets = cached.population_datasets()
    c1, c2 = st.columns([2, 1])
    source_id = url_widget(c1.selectbox, _("Census or UN series"), list(FAMILIES), format_func=lambda s: _(FAMILIES[s]), key="pyr_source")
    years = sorted(int(y) for y in datasets.loc[datasets["source_id"] == source_id, "year"])
    default_year = years[-1] if source_id != "wpp2022_age5_projection_median" else 2050
    year = url_widget(c2.select_slider, _("Year"), years, value=default_year, key="pyr_year")  # not drawn for a single year
    wide = cached.by_sex_wide(source_id, year, equal_width=True)
    est_id = datasets.loc[datasets["source_id"] == source_id, "estimate_type"].iloc[0]
    est = _(ESTIMATE_LABEL[est_id])
    total_m, total_f = int(wide["male"].sum()), int(wide["female"].sum())
    note = _("UN estimates for 1 July, converted from thousands to persons.")
    if est_id == "census_count":
        gap = cached.servicemen_gap()
        note = _("Census tables exclude active-duty servicemen ({count} in 2020).", count=fv(gap["total"], "persons"))
    chart_block(
        chart(charts.population_pyramid, wide, _("China, {year} ({estimate}): population by age and sex", year=year, estimate=est), lang=L),
        wide[["source_id", "year", "age_label", "male", "female", "surplus_of_men", "sex_ratio"]],
        units=PERSONS_UNITS, source_ids=[source_id], key="pyramid",
        summary=_("{year}, {estimate}: {men} men and {women} women in the table (sex ratio {ratio}).",
                  year=year, estimate=est, men=fv(total_m, "persons"), women=fv(total_f, "persons"), ratio=fv(100 * total_m / total_f, RATIO_UNIT)),
        note=note,
    )


@section(N_("the census comparison"))
def censuses_section() -> None:
    st.header(_("Sex ratio by age, census by census"))
    chosen = url_widget(st.multiselect, _("Censuses"), list(CENSUSES), default=list(CENSUSES), format_func=census_name, key="sr_censuses")
    ratios = cached.sex_ratio_by_age([CENSUSES[c] for c in chosen], L)
    if ratios.empty:
        st.info(_("Choose at least one census."))
        return
    chart_block(
        chart(charts.sex_ratio_by_age, ratios, _("China: sex ratio by age group at each census"), lang=L),
        ratios[["series", "source_id", "age_label", "male", "female", "sex_ratio"]],
        units={"male": "persons", "female": "persons", "sex_ratio": RATIO_UNIT},
        source_ids=list(ratios["source_id"].unique()), key="ratio-by-age",
        summary=_("Sex ratio (males per 100 females) by 5-year age group for {censuses}. Single-year census tables are grouped into 5-year groups.",
                  censuses=_(", ").join(census_name(c) for c in chosen)),
        note=_("1990: civilian population of 30 provinces (UNSD footnote)."),
    )


@section(N_("the surplus of men"))
def surplus_section(cited_value: int | None) -> None:
    st.header(_("Surplus of men in an age range"), anchor="surplus")
    s1, s2 = st.columns([1, 2])
    surplus_source = url_widget(s1.selectbox, _("Census"), list(CENSUSES), format_func=census_name, key="surplus_census")
    sid, syear = CENSUSES[surplus_source]
    swide = cached.by_sex_wide(sid, syear)
    # The slider picks the first and the last age group, both included (the handles read "20-24" and
    # "35-39": ages 20-39); the link keeps the half-open boundaries it always had (?surplus_range=20&surplus_range=40).
    groups = [int(a) for a in swide["age_start"]]
    labels = dict(zip(groups, swide["age_label"]))
    ends = dict(zip(groups, [999 if o else int(e) + 1 for e, o in zip(swide["age_end"].fillna(-1), swide["open_ended"])]))
    group_ending = {end: start for start, end in ends.items()}

    def from_link(raw: list[str]):
        if len(raw) != 2 or not all(v.isdigit() for v in raw) or int(raw[0]) not in labels or int(raw[1]) not in group_ending:
            return None
        first, last = int(raw[0]), group_ending[int(raw[1])]
        return (first, last) if first <= last else None

    default = (20, group_ending[40]) if 20 in labels and 40 in group_ending else (groups[0], groups[-1])
    first, last = url_widget(
        s2.select_slider, _("Age groups (the first and the last, both included)"), groups, value=default, format_func=labels.get,
        to_link=lambda v: [str(v[0]), str(ends[v[1]])], from_link=from_link, key="surplus_range",
    )
    age_from, age_to = first, ends[last]
    result = cached.surplus(sid, syear, age_from, age_to)
    whole = first == groups[0] and last == groups[-1]
    ages = _("all ages") if whole else result["label"]
    m1, m2, m3 = st.columns(3)
    # Each number names its source where it stands (the metric's help, a tooltip on screen), so that
    # whoever reads it alone, a reader or an assistant through the agent API, has it.
    table_source = source_caption([sid])
    if whole:
        m1.metric(_("Surplus of men, all ages ({year} census table, servicemen excluded)", year=syear), fv(result["surplus_of_men"], "persons"), help=table_source)
    else:
        m1.metric(_("Surplus of men, ages {ages} ({year} census)", ages=result["label"], year=syear), fv(result["surplus_of_men"], "persons"), help=table_source)
    m2.metric(_("Sex ratio in this range"), fv(result["sex_ratio"], RATIO_UNIT), help=table_source)
    communique = cached.communique_totals() if whole and syear == 2020 else None
    cited_source = source_caption(["nbs_press_conference_2021_05_17_reports"])
    if communique is not None:
        m3.metric(_("Surplus of men, all ages (2020 census communique, servicemen included)"), fv(communique["surplus_of_men"], "persons"),
                  help=source_caption([communique["source_id"]]))
        st.caption(_("Table total: {table} men minus {table_f} women ({table_source}). Communique total: {men} men minus {women} women ({source}).",
                     table=fv(result["men"], "persons"), table_f=fv(result["women"], "persons"), table_source=data.source_short(sid, L),
                     men=fv(communique["male"], "persons"), women=fv(communique["female"], "persons"), source=data.source_short(communique["source_id"], L)))
    elif cited_value is not None and syear == 2020 and (age_from, age_to) in ((20, 40), (20, 45)):
        diff = result["surplus_of_men"] - cited_value  # 20-39 and 20-44 are the two readings of the cited "20-40" this table allows
        m3.metric(_("Cited in the news: ages 20-40, 2020 census"), fv(cited_value, "persons"), help=cited_source,
                  delta=_("{difference} (this range minus the cited figure)", difference=f"{diff:+,}"), delta_color="off", delta_arrow="off")
    elif cited_value is not None:
        m3.metric(_("Cited in the news: ages 20-40, 2020 census"), fv(cited_value, "persons"), help=cited_source)
    r2039, r2044 = cached.surplus("nbs_census2020_yb_t1_5", 2020, 20, 40), cached.surplus("nbs_census2020_yb_t1_5", 2020, 20, 45)
    gap = cached.servicemen_gap()
    st.markdown(_(
        "**Definition used:** men minus women aged {ages} in the {census} census table ({men} men, {women} women). "
        "The {cited} (sex ratio 108.9) was given by the NBS spokesperson at the State Council Information Office "
        "press conference of 17 May 2021 for ages \"20-40\". The 2020 yearbook tables come in 5-year groups and exclude "
        "{servicemen} servicemen ({servicemen_m} men, {servicemen_f} women: communique minus table totals), so that band cannot be reproduced "
        "exactly: ages 20-39 give {s2039} (ratio {r2039}) and ages 20-44 give {s2044}.",
        ages=ages, census=census_name(surplus_source), men=fv(result["men"], "persons"), women=fv(result["women"], "persons"),
        cited=fv(cited_value, "persons", style="compact"),
        servicemen=fv(gap["total"], "persons"), servicemen_m=fv(gap["male"], "persons"), servicemen_f=fv(gap["female"], "persons"),
        s2039=fv(r2039["surplus_of_men"], "persons"), r2039=fv(r2039["sex_ratio"], RATIO_UNIT), s2044=fv(r2044["surplus_of_men"], "persons"),
    ))
    from dashboard.marriage_link import marriage_page_link  # imported here: a small addition for the marriage page

    marriage_page_link(L)
    chart_block(
        chart(charts.surplus_by_age, swide, age_from, age_to, _("China, {year} census: surplus of men by age group (selected: {ages})", year=syear, ages=ages), lang=L),
        swide[["source_id", "year", "age_label", "male", "female", "surplus_of_men", "sex_ratio"]],
        units=PERSONS_UNITS, source_ids=[sid, "nbs_press_conference_2021_05_17_reports"], key="surplus",
        summary=_("Men minus women by age group, {year} census; the selected range {ages} sums to {value}.",
                  year=syear, ages=ages, value=fv(result["surplus_of_men"], "persons")),
    )


@section(N_("the comparison with neighbours"))
def neighbours_section(wpp_years: list[int]) -> None:
    st.header(_("China beside its neighbours (UN WPP 2022)"))
    n1, n2 = st.columns([2, 1])
    names = cached.geography_names(WPP, L)  # China, India, Japan, Republic of Korea, Viet Nam (中国, 印度 ...)
    picked = url_widget(n1.multiselect, _("Countries"), list(names), default=list(names), format_func=names.get, key="nb_countries")
    nyear = url_widget(n2.selectbox, _("Year (UN estimate)"), wpp_years, index=wpp_years.index(2020), key="nb_year")
    neighbours = cached.countries_sex_ratio_by_age(WPP, nyear, picked)
    if neighbours.empty:
        st.info(_("Choose at least one country."))
        return
    neighbours = neighbours.assign(geography=neighbours["geography_code"].map(names))
    chart_block(
        chart(charts.sex_ratio_by_age, neighbours, _("Sex ratio by age group, {year} (UN estimates)", year=nyear), series_col="geography", lang=L),
        neighbours[["geography", "source_id", "year", "age_label", "male", "female", "sex_ratio"]],
        units={"male": "persons", "female": "persons", "sex_ratio": RATIO_UNIT, "year": "year"},
        source_ids=[WPP], key="neighbours",
        summary=_("Sex ratio by 5-year age group in {year} for {countries}.", year=nyear, countries=_(", ").join(names[c] for c in picked)),
        note=_("UN estimates, not census counts; the extract stops at age 99."),
    )


#: Tab id (the URL's ?chart=, also used by the Overview's links) -> label, and the URL parameters
#: of each tab's widgets. Only the open tab runs: the first load draws one chart, not four (time to first chart, bench/README.md).
TABS = {"pyramid": N_("Population pyramid"), "censuses": N_("Sex ratio by census"), "surplus": N_("Surplus of men"), "neighbours": N_("Neighbours")}
TAB_PARAMS = {"pyramid": ["pyr_source", "pyr_year"], "censuses": ["sr_censuses"], "surplus": ["surplus_census", "surplus_range"], "neighbours": ["nb_countries", "nb_year"]}

with guard(N_("the sex ratio page")):
    tabs = url_tabs({i: _(label) for i, label in TABS.items()}, key="chart", params=TAB_PARAMS)
    with tabs["pyramid"]:
        if tabs["pyramid"].open:
            pyramid_section()
    with tabs["censuses"]:
        if tabs["censuses"].open:
            censuses_section()
    with tabs["surplus"]:
        if tabs["surplus"].open:
            surplus_section(cached.reported_value("excess_males_over_females_age_20_40"))
    with tabs["neighbours"]:
        if tabs["neighbours"].open:
            datasets = cached.population_datasets()
            neighbours_section(sorted(int(y) for y in datasets.loc[datasets["source_id"] == WPP, "year"]))
