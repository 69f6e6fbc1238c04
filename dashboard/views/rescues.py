"""Page: children found through the DNA database, Operation Reunion 2021, campaigns, the Tuanyuan platform."""


import streamlit as st

from dashboard import charts, data, trafficking
from dashboard.i18n import N_, localised_column
from dashboard.ui import chart_block, figures_table, guard, scroll_to_requested_chart, start_page
from datasets.derived import trafficking as derived

L, _, fv = start_page(__file__)

with guard(N_("the rescues page")):
    reported = data.load_table("reported_figures")

    def block(ids, title, key, summary_prefix, note=""):
        rows = derived.reported_series(reported, ids)
        found = rows[rows["count_type"] == "persons_rescued_or_found"]
        found = found.assign(series=trafficking.measure_names(found, L))
        last = found.iloc[-1]
        chart_block(
            charts.count_lines(found, "date", "value_int", "series", title, _("persons rescued or found"), unit="persons", markers_only=True, lang=L),
            found[["figure_id", "date", "measure", "value_int", "locator", "count_type", "outlet", "published_date", "url", "grade", "source_id"]],
            units={"value_int": "persons"}, source_ids=list(found["source_id"].unique()), key=key,
            summary=_("{prefix} {value} by {date} ({outlet}; {grade}).", prefix=summary_prefix, value=fv(last["value_int"], "persons"),
                      date=last["period_end_as_printed"], outlet=localised_column(found.tail(1), "outlet", L).iloc[0], grade=data.grade_label(last["grade"], L)),
            note=note,
        )
        figures_table(rows, f"{key}-all")

    st.header(_("Children found through the DNA database (since 2009)"), anchor="dna")
    block(derived.DNA_DATABASE, _("Children found or reunited through the anti-trafficking DNA database (cumulative)"), "dna", _("Latest:"),
          note=_("Cumulative counts since the database began in 2009; the wording (identified, found, reunited) varies by report."))
    st.header(_("Operation Reunion (团圆行动), 2021"), anchor="reunion")
    block(derived.OPERATION_REUNION_FOUND, _("Operation Reunion 2021: abducted or missing children found (cumulative)"), "reunion", _("Found:"))
    st.header(_("Tuanyuan missing-child alert platform (since 2016)"))
    block(derived.TUANYUAN_PLATFORM, _("Tuanyuan platform: children found after an alert (cumulative)"), "tuanyuan", _("Found:"))
    st.header(_("Campaign results: 2009-2011 and 2022"), anchor="campaigns")
    st.markdown(_("Each row is one announced figure. Rows of different count types are listed, not added."))
    figures_table(derived.reported_series(reported, derived.rescue_group(derived.CAMPAIGN_2009_2011) + derived.rescue_group(derived.CAMPAIGN_2022)), "campaigns")

scroll_to_requested_chart()
