"""Page: UNODC GLOTIP figures for China and chosen countries; US TIP tiers over time."""

import streamlit as st

from dashboard import charts, data, trafficking
from dashboard.i18n import N_, localised_column
from dashboard.ui import chart_block, guard, start_page
from dashboard.urlstate import url_widget
from datasets.derived import trafficking as derived

L, _, fv = start_page(__file__)
st.warning(_(
    "UNODC counts are victims *detected* and persons prosecuted or convicted as reported by national authorities: "
    "they measure enforcement, not prevalence. For China, detected victims in 2017 and 2018 equal the offences exactly, "
    "and the 2014 values (5-13) are implausibly small; China's rows are not consistent in scope over time. "
    "Cells UNODC publishes as \"<5\" are shown as missing, never as 0."
))
INDICATORS = {
    "Detected trafficking victims": N_("Detected trafficking victims"),
    "Persons convicted": N_("Persons convicted"),
    "Persons prosecuted": N_("Persons prosecuted"),
    "Offences of trafficking in persons": N_("Offences of trafficking in persons"),
    "Persons brought into formal contact": N_("Persons brought into formal contact"),
}

with guard(N_("the international page")):
    glotip = data.load_table("glotip")
    tiers = data.load_table("tip_tiers")

    st.header(_("China in UNODC's data"))
    indicator = url_widget(st.selectbox, _("Indicator (one count type per chart)"), list(derived.GLOTIP_COUNT_TYPE), format_func=lambda i: _(INDICATORS[i]), key="glotip_indicator")
    first = glotip.drop_duplicates("iso3")
    names = dict(zip(first["iso3"], localised_column(first, "geography", L)))
    picked = url_widget(st.multiselect, _("Countries and areas"), sorted(names, key=names.get), default=["CHN"], format_func=names.get, key="glotip_countries")
    series = derived.glotip_series(glotip, picked, indicator)
    without = [names[c] for c in picked if c not in set(series.dropna(subset=["value"])["iso3"])]
    if without:
        st.caption(_("No published headline value of this indicator for: {areas}.", areas=_(", ").join(without)))
    if series.empty:
        st.info(_("No values for this choice."))
    else:
        suppressed = int((series["value_flag"] == "suppressed_lt5").sum())
        drawn = series.assign(area=series["iso3"].map(names))
        chart_block(
            charts.count_lines(drawn, "year", "value", "area", _("{indicator}, as reported to UNODC", indicator=_(INDICATORS[indicator])),
                               trafficking.count_type_label(derived.GLOTIP_COUNT_TYPE[indicator], L), unit="count", lang=L),
            series,
            units={"year": "year", "value": "count"},
            source_ids=["unodc_glotip_2025-04-14"], key="glotip",
            summary=_("{indicator}: {rows} country-years; {suppressed} suppressed as \"<5\" (left as gaps).",
                      indicator=_(INDICATORS[indicator]), rows=len(series), suppressed=suppressed),
            note=_("Release of 14 April 2025."),
        )

    st.header(_("US Trafficking in Persons Report tiers"))
    countries = sorted(tiers["country"].unique())
    tier_names = dict(zip(tiers["country"], localised_column(tiers, "country", L)))
    chosen = url_widget(st.multiselect, _("Countries"), countries, default=["China"] + [c for c in ["India", "Vietnam"] if c in countries],
                        format_func=lambda c: tier_names.get(c, c), key="tip_countries")
    timeline = derived.tier_timeline(tiers, chosen or ["China"])
    china = timeline[timeline["country"] == "China"]
    chart_block(
        charts.tier_timeline(timeline.assign(country=timeline["country"].map(lambda c: tier_names.get(c, c))),
                             _("US TIP Report tier by report year (Tier 1 best, Tier 3 worst)"), lang=L),
        timeline,
        units={"report_year": "year"},
        source_ids=list(timeline["source_id"].unique()), key="tiers",
        summary=_("China: {tiers}", tiers=_(", ").join(f"{int(r.report_year)} {_(r.tier) if isinstance(r.tier, str) else _('not rated')}" for r in china.itertuples()))
        if not china.empty else "",
        note=_("Other countries: 2001-2015 only (Kelley/Cho coding). China 2016-2024 from web pages (copies of the report's narrative)."),
    )
