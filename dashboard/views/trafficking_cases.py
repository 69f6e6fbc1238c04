"""Page: registered cases of abducting and trafficking women and children, 1995-2020 (and what is printed after)."""


import streamlit as st

from dashboard import charts, data
from dashboard.charts import KIND_LABEL
from dashboard.i18n import N_
from dashboard.ui import chart_block, figures_table, guard, scroll_to_requested_chart, show_table, start_page
from dashboard.urlstate import url_widget

L, _, fv = start_page(__file__)
VIEWS = {"cases registered": N_("cases registered"), "per 10,000 registered criminal cases": N_("per 10,000 registered criminal cases")}

with guard(N_("the trafficking cases page")):
    reported = data.load_table("reported_figures")
    cases = data.load_table("registered_cases")
    conflicts = data.load_table("registered_cases_printed")
    view = url_widget(st.radio, _("Show"), list(VIEWS), format_func=lambda v: _(VIEWS[v]), horizontal=True, key="cases_view")
    per = view != "cases registered"
    first, last = cases.iloc[0], cases.dropna(subset=["value"]).iloc[-1]
    peak = cases.loc[cases["value"].astype(float).idxmax()]
    title = _("Registered cases of abducting and trafficking women and children, mainland China")
    if per:
        title += _(" (per 10,000 registered criminal cases)")
    chart_block(
        charts.registered_cases(cases, conflicts, title, per_10000=per, lang=L),
        cases[["year", "value", "all_cases", "per_10000", "count_type", "source_id"]],
        units={"year": "year", "value": "cases", "all_cases": "cases"},
        source_ids=["nbs_csy_via_mybox_fe485f3", "trafficking_reported_figures_web", "trafficking_cases_2021_onward"], key="cases",
        summary=_("{first} cases in {first_year}, a peak of {peak} in {peak_year} (campaign year), {last} in {last_year}.",
                  first=fv(first["value"], "cases"), first_year=int(first["year"]), peak=fv(peak["value"], "cases"), peak_year=int(peak["year"]),
                  last=fv(last["value"], "cases"), last_year=int(last["year"])),
        note=_("Shaded: campaign years. Markers beside 2020-2021: values printed elsewhere that conflict with, or stand in for, the yearbook."),
    )
    st.header(_("Where the printed values disagree"))
    st.markdown(_("The same count for 2020 is printed three ways; for 2021 only UNODC's count of offences exists, which equals the yearbook series in 2019 and 2020 and is shown as a labelled stand-in."))
    shown = conflicts.assign(
        kind=[_(KIND_LABEL[k]) if k in KIND_LABEL else k for k in conflicts["kind"]],
        label=[_("China Statistical Yearbook (NBS)") if k == "yearbook" else v for k, v in zip(conflicts["kind"], conflicts["label"])],
        grade=[data.grade_label(g, L) if isinstance(g, str) else g for g in conflicts["grade"]],
        source_id=[data.source_short(s, L) for s in conflicts["source_id"]],
    )
    show_table(shown, {"value": "cases", "year": "year"}, key="conflicts-table", static=True)
    st.header(_("Other registered-case figures printed in the news"))
    other = reported[(reported["topic"] == "trafficking") & reported["count_type"].isin(["cases_registered", "percent_change"]) & reported["measure"].str.contains("regist|decline", regex=True)]
    figures_table(other, "cases-reported")

scroll_to_requested_chart()
