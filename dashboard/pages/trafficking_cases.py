"""Page: registered cases of abducting and trafficking women and children, 1995-2020 (and what is printed after)."""

import streamlit as st

from dashboard import cached, charts, data, trafficking
from dashboard.formatting import format_value
from dashboard.ui import chart_block, cite_this_view, figures_table, guard, scroll_to_requested_chart, url_widget

st.title("Trafficking cases")
cite_this_view("Trafficking cases")
st.markdown(
    "Criminal cases of abducting and trafficking women and children (拐卖妇女儿童, Criminal Law art. 240) registered "
    "(立案) by public security organs. This is not the UN definition of trafficking in persons, and registered cases "
    "measure police activity, not how much trafficking there is: campaign years and the 2015 law change break comparisons."
)

with guard("the trafficking cases page"):
    reported = data.load_table("reported_figures")
    cases = cached.registered_cases()
    conflicts = trafficking.case_conflicts(reported, cases)
    view = url_widget(st.radio, "Show", ["cases registered", "per 10,000 registered criminal cases"], horizontal=True, key="cases_view")
    per = view != "cases registered"
    first, last = cases.iloc[0], cases.dropna(subset=["value"]).iloc[-1]
    peak = cases.loc[cases["value"].astype(float).idxmax()]
    chart_block(
        charts.registered_cases(cases, conflicts, "Registered cases of abducting and trafficking women and children, mainland China" + (" (per 10,000 registered criminal cases)" if per else ""), per_10000=per),
        cases[["year", "value", "all_cases", "per_10000", "count_type", "source_id"]],
        units={"year": "year", "value": "cases", "all_cases": "cases"},
        source_ids=["nbs_csy_via_mybox_fe485f3", "trafficking_reported_figures_web", "trafficking_cases_2021_onward"], key="cases",
        summary=f"{format_value(first['value'], 'cases')} cases in {int(first['year'])}, a peak of {format_value(peak['value'], 'cases')} in {int(peak['year'])} "
        f"(campaign year), {format_value(last['value'], 'cases')} in {int(last['year'])}.",
        note="Shaded: campaign years. Markers beside 2020-2021: values printed elsewhere that conflict with, or stand in for, the yearbook.",
    )
    st.header("Where the printed values disagree")
    st.markdown("The same count for 2020 is printed three ways; for 2021 only UNODC's count of offences exists, which equals the yearbook series in 2019 and 2020 and is shown as a labelled stand-in.")
    st.dataframe(
        conflicts.assign(value=conflicts["value"].map(lambda v: format_value(v, "cases"))).fillna(""),
        hide_index=True, width="stretch", key="conflicts-table",
        column_config={"url": st.column_config.LinkColumn("link")},
    )
    st.header("Other registered-case figures printed in the news")
    other = reported[(reported["topic"] == "trafficking") & reported["count_type"].isin(["cases_registered", "percent_change"]) & reported["measure"].str.contains("regist|decline", regex=True)]
    figures_table(other, "cases-reported")

scroll_to_requested_chart()
