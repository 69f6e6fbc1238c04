"""Landing page: each figure the March 2022 news report cites, re-computed from the primary table, with a verdict."""

import streamlit as st

from dashboard import cached, crosscheck, data
from dashboard.formatting import escape_markdown as esc
from dashboard.i18n import N_
from dashboard.ui import guard, lang, page_title, show_table, source_caption, translator

L = lang()
_ = translator()

PAGES = {
    "sex-ratio": "views/sex_ratio_age.py",
    "cases": "views/trafficking_cases.py",
    "rescues": "views/rescues.py",
}
BADGE_COLOUR = {
    crosscheck.REPRODUCED: "green",
    crosscheck.REPRODUCED_OTHER_DEFINITION: "blue",
    crosscheck.CONSISTENT: "green",
    crosscheck.DIFFERENT_MEASURE: "orange",
    crosscheck.NOT_REPRODUCED: "red",
    crosscheck.NOT_CHECKABLE: "gray",
}


def in_language(row, field: str) -> str:
    """A cited figure's text field in the reader's language (``<field>_zh`` for 中文 where the data have it)."""
    zh = getattr(row, f"{field}_zh", None) if L == "zh" else None
    return zh if isinstance(zh, str) and zh else getattr(row, field)


page_title(N_("The news figures, checked"))

with guard(N_("the overview")):
    cited = data.load_table("cited_figures")
    _tables, problems = data.load_tables(["population_by_age_sex", "reported_figures", "crime_cases_registered", "glotip"])
    for message in problems.values():
        st.error(message)
    checks = {c.figure_id: c for c in cached.cited_figure_checks(L)}
    report = cited.iloc[0]
    st.markdown(_(
        "On {date} the *{outlet}* reported on China's response to trafficking of women and children: {title} ({url}). "
        "Below, every figure it cites: what it says, in our words; the number as printed; and what the primary table behind it gives.",
        date=esc(report["published_date"]), outlet=esc(report["outlet"]), title=esc(report["title"]), url=esc(report["url"]),
    ))
    st.info(_(
        "What these numbers can and cannot tell: registered cases, rescues and UNODC's detected victims measure what police "
        "and courts did, not how much trafficking there is; campaign years inflate them. Census tables exclude active-duty "
        "servicemen. A figure 'consistent' with the data is not the same as one reproduced from it."
    ))
    with st.expander(_("What the verdicts mean")):
        st.markdown(_(
            "- **reproduced**: the primary table gives the cited number at the precision printed.\n"
            "- **reproduced under another definition**: a different, stated definition gives it.\n"
            "- **consistent**: it cannot be reproduced exactly, but the data agree within a stated tolerance "
            "under stated assumptions, or satisfy a 'more than' bound.\n"
            "- **different measure**: the primary data count something else; the numbers cannot be compared.\n"
            "- **not reproduced**: the same definition gives a different number.\n"
            "- **not checkable with the data held**: no primary data for this figure here."
        ))
    cols = st.columns(2)
    for i, row in enumerate(cited.sort_values("figure_id").itertuples()):
        check = checks[row.figure_id]
        with cols[i % 2].container(border=True, key=f"card-{row.figure_id}"):
            st.markdown(f"### {esc(row.locator)}")
            st.markdown(esc(in_language(row, "claim")))
            st.badge(_(check.verdict), color=BADGE_COLOUR[check.verdict])
            st.markdown(esc(check.finding))
            st.caption(_("Cited by {outlet}, {date}; attributed to {who}.", outlet=esc(row.outlet), date=esc(row.published_date),
                         who=esc(in_language(row, "attributed_to"))) + " " + esc(in_language(row, "note")))
            # Expanders whose content runs only when opened (on_change="rerun"): a collapsed expander
            # would still send its table, and the table's 1.2 MB script bundle, on every first visit (issue 7).
            if len(check.numbers):
                numbers = st.expander(_("The numbers behind the verdict"), key=f"numbers-{row.figure_id}", on_change="rerun")
                if numbers.open:
                    with numbers:
                        st.dataframe(crosscheck.numbers_for_display(check, L), hide_index=True, width="stretch")
                        for a in check.assumptions:
                            st.markdown(f"- {esc(a)}")
                        st.caption(source_caption(sorted(set(check.numbers["source_id"]))))
            if isinstance(row.chart_page, str) and row.chart_page in PAGES:
                params = {"chart": row.chart_anchor} if isinstance(row.chart_anchor, str) and row.chart_anchor else None
                st.page_link(PAGES[row.chart_page], label=_("Open the chart with the primary data"), query_params=params, icon=":material/bar_chart:")
    st.caption(source_caption([report["source_id"]]))
    everything = st.expander(_("All cited figures as a table"), key="cited-figures-table", on_change="rerun")
    if everything.open:
        with everything:
            show_table(cited, {}, key="cited-table")
