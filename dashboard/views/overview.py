"""Landing page: each figure the March 2022 news report cites, and each figure repeated elsewhere,
checked against the primary tables (the build's ``claim_checks``), with the verdict."""

import streamlit as st

from dashboard import claim_text, data
from dashboard.checklinks import check_link, href
from dashboard.claim_text import BADGE_COLOUR
from dashboard.formatting import escape_markdown as esc
from dashboard.i18n import N_, localised_column
from dashboard.marriage_link import marriage_page_link
from dashboard.pages import SCRIPTS
from dashboard.ui import guard, show_table, source_caption, start_page
from dashboard.urlstate import url_widget
from datasets.derived.claims import select_checks

TOPICS = {
    "surplus_all_ages": N_("surplus of men, all ages"), "surplus_age_band": N_("surplus of men by age"), "sex_ratio": N_("sex ratio"),
    "sex_ratio_at_birth": N_("sex ratio at birth"), "bachelors_projection": N_("projections of bachelors"),
    "trafficking_trend": N_("trafficking trends"), "trafficking_cases": N_("trafficking cases"), "dna_database": N_("DNA database"),
    "rescues": N_("rescues and reunions"), "tip_tier": N_("US TIP tiers"), "unodc": N_("UNODC"), "other": N_("other"),
}


def in_language(row, field: str) -> str:
    """A cited figure's text field in the reader's language (``<field>_zh`` for 中文 where the data have it)."""
    zh = getattr(row, f"{field}_zh", None) if L == "zh" else None
    return zh if isinstance(zh, str) and zh else getattr(row, field)


L, _, fv = start_page(__file__)

with guard(N_("the overview")):
    cited = data.load_table("cited_figures")
    checks = data.load_table("claim_checks").set_index("claim_id", drop=False)
    # The numbers behind the verdicts: without them a card still shows its verdict.
    extra, problems = data.load_tables(["claim_check_numbers", "reported_figures"])
    for message in problems.values():
        st.error(message)
    numbers, reported = extra.get("claim_check_numbers"), extra.get("reported_figures")
    explained = numbers is not None and reported is not None
    report = cited.iloc[0]
    st.markdown(_(
        "On {date} the *{outlet}* reported on China's response to trafficking of women and children: {title} ({url}). "
        "Below, every figure it cites: what it says, in our words; the number as printed; and what the primary table behind it gives.",
        date=esc(report["published_date"].isoformat()), outlet=esc(in_language(report, "outlet")), title=esc(report["title"]), url=esc(report["url"]),
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
        check = checks.loc[row.figure_id]
        mine = numbers[numbers["claim_id"] == row.figure_id].sort_values("position") if explained else []
        with cols[i % 2].container(border=True, key=f"card-{row.figure_id}"):
            st.markdown(f"### {esc(in_language(row, 'locator'))}")
            st.markdown(esc(in_language(row, "claim")))
            st.badge(_(check["verdict"]), color=BADGE_COLOUR[check["verdict"]])
            if explained:
                st.markdown(esc(claim_text.finding(check, mine, reported, L)))
            st.caption(_("Cited by {outlet}, {date}; attributed to {who}.", outlet=esc(in_language(row, "outlet")), date=esc(row.published_date.isoformat()),
                         who=esc(in_language(row, "attributed_to"))) + " " + esc(in_language(row, "note")))
            # Expanders whose content runs only when opened (on_change="rerun"): a collapsed expander
            # would still send its table, and the table's 1.2 MB script bundle, on every first visit.
            if len(mine):
                opened = st.expander(_("The numbers behind the verdict"), key=f"numbers-{row.figure_id}", on_change="rerun")
                if opened.open:
                    with opened:
                        st.dataframe(claim_text.numbers_for_display(mine, check, reported, L), hide_index=True, width="stretch")
                        for a in claim_text.assumptions(check, L):
                            st.markdown(f"- {esc(a)}")
                        st.caption(source_caption(sorted(set(mine["source_id"]))))
            if isinstance(row.chart_page, str) and row.chart_page in SCRIPTS:
                params = {"chart": row.chart_anchor} if isinstance(row.chart_anchor, str) and row.chart_anchor else None
                st.page_link(SCRIPTS[row.chart_page], label=_("Open the chart with the primary data"), query_params=params, icon=":material/bar_chart:")
            link = check_link(check)
            if link:
                st.page_link(SCRIPTS["check"], label=_("Check this figure against every table"), query_params=link, icon=":material/search:")
            if row.figure_id == "NEWS001":  # the 17.52 million men aged 20-40: what it means for marriage
                marriage_page_link(L)
    st.caption(source_caption([report["source_id"]]))
    everything = st.expander(_("All cited figures as a table"), key="cited-figures-table", on_change="rerun")
    if everything.open:
        with everything:
            show_table(cited, {}, key="cited-table")

    repeated = checks[checks["origin"] == "repeated_claim"]
    st.header(_("Figures repeated elsewhere, checked"), anchor="repeated")
    st.markdown(_(
        "{count} more figures on these topics, as printed by news outlets and official pages (each with its outlet, date and link), "
        "run through the same checks against every published table.", count=len(repeated)))
    filters_in_link = any(k in st.query_params for k in ("claims_topic", "claims_verdict"))
    library = st.expander(_("The repeated figures and their verdicts"), key="repeated-claims", on_change="rerun", expanded=filters_in_link)
    if library.open and explained:
        with library:
            f1, f2 = st.columns(2)
            topics = url_widget(f1.multiselect, _("Topic"), [k for k in TOPICS if k in set(repeated["topic"])],
                                format_func=lambda k: _(TOPICS[k]), key="claims_topic")
            verdicts = url_widget(f2.multiselect, _("Verdict"), [v for v in BADGE_COLOUR if v in set(repeated["verdict"])],
                                  format_func=_, key="claims_verdict")
            shown = select_checks(repeated, topics, verdicts)
            links = [check_link(c) for _i, c in shown.iterrows()]
            table = shown.assign(
                claim=localised_column(shown, "claim", L), outlet=localised_column(shown, "outlet", L), topic=[_(TOPICS.get(k, k)) for k in shown["topic"]], verdict=[_(v) for v in shown["verdict"]],
                closest=[claim_text.finding(c, numbers[numbers["claim_id"] == c["claim_id"]].sort_values("position"), reported, L) for _i, c in shown.iterrows()],
                link=[href("check", link) if link else None for link in links],
            )[["claim_id", "number_as_printed", "verdict", "closest", "claim", "topic", "outlet", "published_date", "grade", "url", "link", "source_id"]]
            st.markdown(_("**{shown} of {total} figures**", shown=len(table), total=len(repeated)))
            show_table(table, {}, key="repeated-table")
            st.caption(source_caption(sorted(set(shown["source_id"]))))
