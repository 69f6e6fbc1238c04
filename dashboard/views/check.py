"""Page: check any figure a reader brings ("34.9 million more men", "1752万") against every
published table: which table, year, place and age range give it, ranked, with the verdict."""


import streamlit as st

from dashboard import cached, charts, claim_text, data
from dashboard.checklinks import chart_link, href
from dashboard.claim_text import BADGE_COLOUR, KIND_LABEL, MEASURE_LABELS
from dashboard.formatting import display_unit, escape_markdown
from dashboard.i18n import N_
from dashboard.pages import SCRIPTS
from dashboard.ui import chart_block, guard, show_table, start_page
from dashboard.urlstate import url_text, url_widget
from datasets.derived.finder import MEASURES, FinderError, check_printed_for_measure
from datasets.derived.printed_number import PrintedNumberError, parse_printed_number

L, _, fv = start_page(__file__)

ANY = "any"
#: Why a text is not a number, by the parser's code (datasets.derived.printed_number.CODES).
NOT_A_NUMBER = {
    "empty": N_("Type a number as printed, for example 17.52 million or 1752万."),
    "no_number": N_("No number was found in “{printed}”."),
    "not_understood": N_("Not understood: “{fragment}”. Write the number as printed, for example 17.52 million, 1,752万 or 12.6%."),
    "several_numbers": N_("More than one number: “{fragment}”. Type one number; give the year, place and ages in their own boxes."),
    "too_large": N_("“{fragment}” is too large to be a figure held here."),
    "signed": N_("Write the number as printed, without a sign: for a fall, write for example “fell by 88%”."),
    "markup": N_("Only plain text, please: “{fragment}” looks like markup."),
    "too_long": N_("Too long: paste the number and the words around it only (at most 200 characters)."),
}
BOUND_TEXT = {
    "exact": N_("exact at the printed precision"),
    "at_least": N_("at least (a lower bound)"),
    "at_most": N_("at most (an upper bound)"),
    "approximately": N_("approximately"),
}


#: A number that cannot be a value of the measure asked (codes of :func:`datasets.derived.finder.check_printed_for_measure`).
NOT_THIS_MEASURE = {
    "percent_for_count": N_("“{printed}” is a percentage, but {measure} is a count. Choose what it counts (a change in per cent, "
                            "a share never married), or type the count as printed."),
    "fraction_for_count": N_("“{printed}” is not a whole number, but {measure} is a count. A number like 111.3 is a ratio: choose "
                             "“sex ratio” or “sex ratio at birth” under “What it counts”."),
}


def not_a_number(exc: PrintedNumberError, text: str) -> str:
    message = NOT_A_NUMBER.get(exc.code, NOT_A_NUMBER["not_understood"])
    return _(message, printed=escape_markdown(text[:80]), fragment=escape_markdown(str(exc.fragment)[:80]))


with guard(N_("the check page")):
    number = url_text(_("The number as printed"), key="number", placeholder="17.52 million / 1752万")
    c1, c2, c3 = st.columns([2, 1, 1])
    measure = url_widget(c1.selectbox, _("What it counts"), list(MEASURES), format_func=lambda m: _(MEASURE_LABELS[m]), key="measure")
    places = cached.check_places(L)
    place = url_widget(c2.selectbox, _("Place"), list(places), format_func=places.get, key="place")
    kind = url_widget(c3.selectbox, _("Kind of source"), [ANY, "census_count", "un_estimate", "un_projection"],
                      format_func=lambda k: _("any") if k == ANY else _(KIND_LABEL[k]), key="kind")
    years = [ANY] + [str(y) for y in range(1950, 2101)]
    ages = [ANY] + [str(a) for a in range(0, 101)]
    y1, y2, a1, a2 = st.columns(4)
    year = url_widget(y1.selectbox, _("Year"), years, format_func=lambda y: _("not stated") if y == ANY else y, key="year")
    year_to = url_widget(y2.selectbox, _("To year (for a change)"), years, format_func=lambda y: _("not stated") if y == ANY else y, key="year_to")
    age_from = url_widget(a1.selectbox, _("From age"), ages, format_func=lambda a: _("not stated") if a == ANY else a, key="age_from")
    age_to = url_widget(a2.selectbox, _("To age (inclusive)"), ages, format_func=lambda a: _("not stated") if a == ANY else a, key="age_to")

    if not number:
        st.info(_(NOT_A_NUMBER["empty"]))
        st.stop()
    try:
        printed = parse_printed_number(number)
    except PrintedNumberError as exc:
        st.warning(not_a_number(exc, number))
        st.stop()
    try:
        check_printed_for_measure(printed, measure)
    except FinderError as exc:
        st.warning(_(NOT_THIS_MEASURE[exc.code], printed=escape_markdown(number[:80]), measure=_(MEASURE_LABELS[measure])))
        st.stop()
    unit = MEASURES[measure]
    shown_unit = display_unit(unit)
    digits = None if shown_unit not in ("males per 100 females", "percent") else max(0, len(f"{printed.precision:g}".partition(".")[2]))
    # The admitted range lies half a printed unit either side: one digit more than printed (108.9 -> 108.85 to 108.95).
    edge = None if digits is None else digits + 1
    low = _("no lower limit") if printed.low == float("-inf") else fv(printed.low, shown_unit, decimals=edge) if edge is not None else fv(round(printed.low), shown_unit)
    high = _("no upper limit") if printed.high == float("inf") else fv(printed.high, shown_unit, decimals=edge) if edge is not None else fv(round(printed.high), shown_unit)
    st.markdown(_("Read as **{value}**, {bound}: the printed digits admit {low} to {high}.",
                  value=fv(printed.value, shown_unit, decimals=digits) if digits is not None else fv(round(printed.value), shown_unit),
                  bound=_(BOUND_TEXT[printed.bound]), low=low, high=high))

    stated = {"year": None if year == ANY else int(year), "year_to": None if year_to == ANY else int(year_to),
              "age_from": None if age_from == ANY else int(age_from), "age_to": None if age_to == ANY else int(age_to),
              "place": None if place == "CHN" else place, "kind": None if kind == ANY else kind}
    if stated["age_from"] is not None and stated["age_to"] is not None and stated["age_to"] < stated["age_from"]:
        st.warning(_("The age range ends before it starts: choose a last age at or above the first."))
        st.stop()
    found = cached.find_definitions(number, measure, **stated)
    st.badge(_(found.verdict), color=BADGE_COLOUR[found.verdict])
    reported = data.load_table("reported_figures")
    # The same figure may be one the news report cites: the Overview checks it with stated
    # assumptions (an estimate of ages 20-40 with the servicemen, say), which the finder does not
    # make. Show that verdict too, so the two pages never seem to disagree without saying why.
    cited = data.load_table("claim_checks")
    same = cited[(cited["origin"] == "news_report") & (cited["checked_as"] == measure)
                 & ((cited["value"] - printed.value).abs() <= printed.precision / 2)  # the same number as printed, not merely inside a bound
                 & ((cited["year"] == stated["year"]).fillna(False) if stated["year"] else True)]
    behind = data.load_table("claim_check_numbers")
    for _i, row in same.iterrows():
        numbers = behind[behind["claim_id"] == row["claim_id"]].sort_values("position").reset_index(drop=True)
        st.info(_("The news report's figure {value} ({claim_id}) is also checked on the Overview, under the assumptions it states: "
                  "**{verdict}**. {finding} The verdict above compares only definitions that a published table gives exactly.",
                  value=fv(row["value"], shown_unit), claim_id=row["claim_id"], verdict=_(row["verdict"]),
                  finding=claim_text.finding(row, numbers, reported, L)))
    ranked = found.candidates
    if ranked.empty:
        st.markdown(_("No published table gives this measure for this place and year."))
        st.stop()
    best = ranked.iloc[0]
    # The printed definition comes first even where its nearest value is far off: say so, so that a
    # number far away is not read as the best match of all ("1752万" alone: the 2010 census, all ages).
    closest = (N_("Nearest value under the printed definition: {definition}, {value} ({difference} against the printed figure).")
               if best["steps"] == 0 else N_("Closest definition: {definition}, {value} ({difference} against the printed figure)."))
    st.markdown(_(closest, definition=escape_markdown(claim_text.definition(best, reported, L)), value=fv(best["value"], shown_unit),
                  difference=claim_text._signed(best["difference"], unit, L)))
    labels = [claim_text.definition(r, reported, L) for _i, r in ranked.iterrows()]
    links = [chart_link(r) for _i, r in ranked.iterrows()]
    table = ranked.assign(
        definition=labels,
        within=[_("yes") if a else _("no") for a in ranked["admits"]],
        link=[href(*link) if link else None for link in links],
    )[["rank", "definition", "value", "difference", "difference_pct", "within", "steps", "table", "source_id", "year", "geography_code", "age_from", "age_to", "link"]]
    st.markdown(_("**{count} definitions computed**; the {shown} closest, the printed definition and its near variants first:",
                  count=fv(found.total, "count"), shown=fv(len(table), "count")))
    show_table(table, {"value": shown_unit, "difference": shown_unit, "year": "year"}, key="check-ranked")
    top = table.head(15)
    chart_block(
        charts.definitions_chart(top.assign(label=[f"{r}. {claim_text.definition(c, reported, L, short=True)}" for r, (_i, c) in zip(top["rank"], ranked.head(15).iterrows())],
                                            admits=ranked["admits"].head(15)),
                                 printed.value, printed.low, printed.high,
                                 _("Definitions closest to {printed}", printed=number), _(MEASURE_LABELS[measure]), shown_unit, lang=L),
        table,
        units={"value": shown_unit, "difference": shown_unit, "year": "year"},
        source_ids=list(dict.fromkeys(ranked["source_id"].dropna())), key="check",
        summary=_("{count} definitions computed; {within} within the printed range. Verdict: {verdict}.",
                  count=fv(found.total, "count"), within=fv(int(ranked["admits"].sum()), "count") + ("+" if len(ranked) < found.total else ""),
                  verdict=_(found.verdict)),
        note=_("Steps: how many of the stated year, place, ages and kind of source a definition differs in (0 = the printed definition)."),
    )
    if links[0]:
        path, params = links[0]
        st.page_link(SCRIPTS[path], label=_("Open the chart of the closest definition"), query_params=params or None, icon=":material/bar_chart:")
