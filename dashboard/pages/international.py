"""Page: UNODC GLOTIP figures for China and chosen countries; US TIP tiers over time."""

import streamlit as st

from dashboard import charts, data, trafficking
from dashboard.ui import chart_block, cite_this_view, guard, url_widget

st.title("International view")
cite_this_view("International view")
st.warning(
    "UNODC counts are victims *detected* and persons prosecuted or convicted as reported by national authorities: "
    "they measure enforcement, not prevalence. For China, detected victims in 2017 and 2018 equal the offences exactly, "
    "and the 2014 values (5-13) are implausibly small; China's rows are not consistent in scope over time. "
    "Cells UNODC publishes as \"<5\" are shown as missing, never as 0."
)

with guard("the international page"):
    glotip = data.load_table("glotip")
    tiers = data.load_table("tip_tiers")

    st.header("China in UNODC's data")
    indicator = url_widget(st.selectbox, "Indicator (one count type per chart)", list(trafficking.GLOTIP_COUNT_TYPE), key="glotip_indicator")
    names = glotip.drop_duplicates("iso3").set_index("iso3")["geography"].to_dict()
    default = ["CHN"]
    picked = url_widget(st.multiselect, "Countries and areas", sorted(names, key=names.get), default=default, format_func=names.get, key="glotip_countries")
    series = trafficking.glotip_series(glotip, picked, indicator)
    without = [names[c] for c in picked if c not in set(series.dropna(subset=["value"])["iso3"])]
    if without:
        st.caption(f"No published headline value of this indicator for: {', '.join(without)}.")
    if series.empty:
        st.info("No values for this choice.")
    else:
        suppressed = int((series["value_flag"] == "suppressed_lt5").sum())
        chart_block(
            charts.count_lines(series, "year", "value", "geography", f"{indicator}, as reported to UNODC", trafficking.COUNT_TYPE_LABEL[trafficking.GLOTIP_COUNT_TYPE[indicator]], unit="count"),
            series,
            units={"year": "year", "value": "count"},
            source_ids=["unodc_glotip_2025-04-14"], key="glotip",
            summary=f"{indicator}: {len(series)} country-years; {suppressed} suppressed as \"<5\" (left as gaps).",
            note="Release of 14 April 2025.",
        )

    st.header("US Trafficking in Persons Report tiers")
    countries = sorted(tiers["country"].unique())
    chosen = url_widget(st.multiselect, "Countries", countries, default=["China"] + [c for c in ["India", "Vietnam"] if c in countries], key="tip_countries")
    timeline = trafficking.tier_timeline(tiers, chosen or ["China"])
    china = timeline[timeline["country"] == "China"]
    chart_block(
        charts.tier_timeline(timeline, "US TIP Report tier by report year (Tier 1 best, Tier 3 worst)"),
        timeline,
        units={"report_year": "year"},
        source_ids=list(timeline["source_id"].unique()), key="tiers",
        summary="China: " + ", ".join(f"{int(r.report_year)} {r.tier_label}" for r in china.itertuples()) if not china.empty else "",
        note="Other countries: 2001-2015 only (Kelley/Cho coding). China 2016-2024 from web pages (copies of the report's narrative).",
    )
