"""Page: the marriage squeeze. Per cent never married by age and sex (census marital-status tables,
1982-2010), never-married men per 100 never-married women, and the marriage-market sex ratio (men
aged a to b per 100 women aged a-g to b-g) with the surplus of men, 1950-2100."""


import streamlit as st

from dashboard import cached_marriage as cm
from dashboard import charts_marriage, data
from dashboard.formatting import RATIO_UNIT
from dashboard.i18n import N_
from dashboard.labels import ESTIMATE_LABEL
from dashboard.ui import chart_block, guard, section, source_caption, start_page
from dashboard.urlstate import url_tabs, url_widget
from datasets.derived.marriage import FIVE_YEAR_GROUPS, GAPS, MARITAL_SOURCE, STARTS, WIDTHS

L, _, fv = start_page(__file__)
st.info(_(
    "The census tables by marital status held here are those of 1982, 1990, 2000 and 2010 (UN Demographic Yearbook). The 2020 census "
    "table by marital status is not held, so the shares stop at 2010: nothing is extrapolated. The 2000 and 2010 tables are samples "
    "(2010: the long form, 10% of households): only their shares and ratios are shown, never their counts as population counts. "
    "1982 and 1990 cover the civilian population only."
))

SEXES = {"male": N_("men"), "female": N_("women")}
SEX_WHO = {"male": N_("Men"), "female": N_("Women")}
AREAS = {"total": N_("total"), "urban": N_("urban"), "rural": N_("rural")}
COUNT_BASIS = {
    "complete": N_("complete count (civilian population)"),
    "sample": N_("sample count (sample tabulation), not a population count"),
    "long_form_sample": N_("sample count (long form, 10% of households), not a population count"),
}
#: The census age group the page's headline follows, and the band "rural men aged 30-39".
HEADLINE_AGE = "30-34"
BAND = (30, 39)
SHARE_UNITS = {"share_never_married": "percent", "never_married_counted": "persons", "persons_counted": "persons", "year": "year"}
#: Shares never married are shown with 2 decimals (12.62%) in the table view too (the frame's attrs, read by the formatter).
SHARE_DECIMALS = {"share_never_married": 2}


def counted(rows):
    """The never-married and all-status counts as the table view shows them: named as counts in the
    table, with what they are beside them (a sample count is never a population count)."""
    return rows.rename(columns={"never_married": "never_married_counted", "total": "persons_counted"}).assign(
        count_basis=[_(COUNT_BASIS[k]) for k in rows["tabulation"]])


def value_in(rows, year: int, column: str = "share_never_married"):
    hit = rows[rows["year"] == year]
    return hit[column].iloc[0] if len(hit) else None


@section(N_("the never-married shares"))
def never_married_section() -> None:
    st.header(_("Never married, by age and sex"), anchor="never-married")
    c1, c2 = st.columns(2)
    sex = url_widget(c1.radio, _("Sex"), list(SEXES), format_func=lambda s: _(SEXES[s]), key="nm_sex", horizontal=True)
    area = url_widget(c2.radio, _("Area"), list(AREAS), format_func=lambda a: _(AREAS[a]), key="nm_area", horizontal=True)
    rows = cm.never_married_by_age(area, sex, L)
    headline = rows[rows["age_label"] == HEADLINE_AGE]
    points = [_("{value} in {year}", value=fv(r.share_never_married, "percent", decimals=2), year=int(r.year)) for r in headline.itertuples()]
    st.markdown(_("**{who} aged {ages} never married ({area}):** {points}.", who=_(SEX_WHO[sex]), ages=HEADLINE_AGE, area=_(AREAS[area]),
                  points=_(", ").join(points)))
    m1, m2 = st.columns(2)
    for box, year in ((m1, 1990), (m2, 2010)):
        box.metric(_("{who} aged {ages} never married, {year} ({area})", who=_(SEX_WHO[sex]), ages=HEADLINE_AGE, year=year, area=_(AREAS[area])),
                   fv(value_in(headline, year), "percent", decimals=2),
                   help=source_caption(ids) if (ids := sorted(set(headline.loc[headline["year"] == year, "source_id"]))) else None)
    missing = sorted({1982, 1990, 2000, 2010} - set(int(y) for y in rows["year"]))
    note = _("Shares of the persons counted in each census table; 2000 and 2010 are samples.")
    if missing:
        note += " " + _("No {area} table for {years}: the 1982 table has the total only.", area=_(AREAS[area]), years=_(", ").join(str(y) for y in missing))
    table = counted(rows)[["series", "year", "area", "sex", "age_label", "share_never_married", "never_married_counted", "persons_counted",
                           "count_basis", "source_id"]]
    table.attrs["decimals"] = SHARE_DECIMALS
    chart_block(
        charts_marriage.lines_by_age(rows, _("China: {who} never married by age group, {area}", who=_(SEXES[sex]), area=_(AREAS[area])),
                                     "share_never_married", "percent", _("never married (%)"), decimals=2, lang=L),
        table, units=SHARE_UNITS, source_ids=[MARITAL_SOURCE], key="never-married",
        summary=_("Per cent of {who} never married by age group at each census, {area}; aged {ages}: {points}.", who=_(SEXES[sex]),
                  area=_(AREAS[area]), ages=HEADLINE_AGE, points=_(", ").join(points)),
        note=note + " " + _("The 2020 census table by marital status is not held: nothing is shown or extrapolated after 2010."),
    )


@section(N_("never-married men aged 30-39 by area"))
def band_section() -> None:
    st.subheader(_("Men aged {ages} never married: total, urban and rural", ages=f"{BAND[0]}-{BAND[1]}"), anchor="men-30-39")
    rows = cm.band_by_area("male", *BAND, lang=L)
    rural = rows[rows["area"] == "rural"]
    points = [_("{value} in {year}", value=fv(r.share_never_married, "percent", decimals=2), year=int(r.year)) for r in rural.itertuples()]
    st.markdown(_(
        "Rural men aged {ages} are the group most often discussed. Never married among them: {points}. The band adds the census groups {first} and {second}.",
        ages=f"{BAND[0]}-{BAND[1]}", points=_(", ").join(points), first=f"{BAND[0]}-{BAND[0] + 4}", second=f"{BAND[0] + 5}-{BAND[1]}",
    ))
    table = counted(rows)[["series", "year", "area", "age_from", "age_to", "share_never_married", "never_married_counted", "persons_counted",
                           "count_basis", "source_id"]]
    table.attrs["decimals"] = SHARE_DECIMALS
    chart_block(
        charts_marriage.shares_by_year(rows, _("China: men aged {ages} never married, by area", ages=f"{BAND[0]}-{BAND[1]}"), lang=L),
        table, units=SHARE_UNITS, source_ids=[MARITAL_SOURCE], key="men-30-39",
        summary=_("Per cent of men aged {ages} never married at each census, total, urban and rural; rural: {points}.",
                  ages=f"{BAND[0]}-{BAND[1]}", points=_(", ").join(points)),
        note=_("1982: total only. 2000 and 2010 are samples: shares, not counts."),
    )


@section(N_("the never-married sex ratio"))
def ratio_section() -> None:
    st.header(_("Never-married men per 100 never-married women"), anchor="never-married-ratio")
    area = url_widget(st.radio, _("Area"), list(AREAS), format_func=lambda a: _(AREAS[a]), key="nmr_area", horizontal=True)
    men, women = cm.never_married_by_age(area, "male", L), cm.never_married_by_age(area, "female", L)
    both = men.merge(women[["year", "age_label", "never_married", "total"]], on=["year", "age_label"], suffixes=("_men", "_women"))
    at = both[both["age_label"] == HEADLINE_AGE]
    points = [_("{value} in {year}", value=fv(r.never_married_ratio, RATIO_UNIT), year=int(r.year)) for r in at.itertuples()]
    st.markdown(_("Among people aged {ages} who have never married ({area}), there were this many men per 100 women: {points}.",
                  ages=HEADLINE_AGE, area=_(AREAS[area]), points=_(", ").join(points)))
    table = both.rename(columns={"never_married_men": "never_married_men_counted", "never_married_women": "never_married_women_counted"}).assign(
        count_basis=[_(COUNT_BASIS[k]) for k in both["tabulation"]])[
        ["series", "year", "area", "age_label", "never_married_ratio", "never_married_men_counted", "never_married_women_counted", "count_basis", "source_id"]]
    chart_block(
        charts_marriage.lines_by_age(both, _("China: never-married men per 100 never-married women by age group, {area}", area=_(AREAS[area])),
                                     "never_married_ratio", RATIO_UNIT, _("men per 100 women (log scale)"),
                                     reference=100, reference_label=_("100 = as many men as women"), log_y=True, lang=L),
        table, units={"never_married_ratio": RATIO_UNIT, "never_married_men_counted": "persons", "never_married_women_counted": "persons", "year": "year"},
        source_ids=[MARITAL_SOURCE], key="never-married-ratio",
        summary=_("Never-married men per 100 never-married women by age group at each census, {area}; aged {ages}: {points}.",
                  area=_(AREAS[area]), ages=HEADLINE_AGE, points=_(", ").join(points)),
        note=_("A ratio of the counts in the same census table, so it holds for the sample years too. Logarithmic scale: few women stay "
               "unmarried past 30, so the ratio runs into the thousands at older ages."),
    )


def _point(rows, year: int, kinds: tuple[str, ...]):
    hit = rows[(rows["year"] == year) & rows["estimate_type"].isin(kinds)]
    return hit.iloc[0] if len(hit) else None


@section(N_("the marriage-market sex ratio"))
def market_section() -> None:
    st.header(_("Marriage-market sex ratio: men per 100 women a few years younger"), anchor="market")
    st.markdown(_(
        "**Definition.** Men aged a to b per 100 women aged a − g to b − g, where g is the age gap between husbands and wives: "
        "a man of 30 is matched with women of 30 − g. **Formula:** ratio = 100 × (men aged a to b) ÷ (women aged a − g to b − g); "
        "surplus of men = (men aged a to b) − (women aged a − g to b − g). Above 100, some men of those ages cannot marry women "
        "that much younger than themselves, whatever else happens."
    ))
    c1, c2, c3 = st.columns(3)
    gap = url_widget(c1.select_slider, _("Age gap g (years)"), list(GAPS), value=5, key="mm_gap")
    start = url_widget(c2.select_slider, _("Men's first age a"), list(STARTS), value=25, key="mm_from")
    width = url_widget(c3.radio, _("Men's window (years)"), list(WIDTHS), index=list(WIDTHS).index(10), key="mm_width", horizontal=True)
    end = start + width - 1
    men_ages, women_ages = f"{start}-{end}", f"{start - gap}-{end - gap}"
    rows = cm.market(gap, start, end, L)
    st.markdown(_("**Men aged {men} per 100 women aged {women}** (a = {a}, b = {b}, g = {g}).", men=men_ages, women=women_ages, a=start, b=end, g=gap))
    sources = cm.market_sources()
    five = sources[sources["grid"] == FIVE_YEAR_GROUPS]
    if not set(five["source_id"]) <= set(rows["source_id"]):
        st.info(_(
            "The 2020 census and the UN projections (2022-2100) come in 5-year age groups: a window must start where a group starts, so they give "
            "this ratio only for a first age a and a gap g that are multiples of 5. For men aged {men} and women aged {women} only the tables in "
            "single years are drawn (censuses 1990-2010, UN estimates 1950-2021); nothing is interpolated.", men=men_ages, women=women_ages))
    if rows.empty:
        st.warning(_("No table gives this window."))
        return
    census = _point(rows, 2020, ("census_count",))
    if census is None:
        census = _point(rows, 2020, ("un_estimate",))
    later = _point(rows, 2050, ("un_projection",))
    top = rows.loc[rows["ratio"].idxmax()]
    first, last = rows.iloc[0], rows.iloc[-1]
    seen, points = set(), []
    for row in (first, census, later, last):  # 1950, 2020, 2050, the last year: each once, with its source
        if row is not None and (int(row["year"]), row["source_id"]) not in seen:
            seen.add((int(row["year"]), row["source_id"]))
            points.append(_("{value} in {year} ({source})", value=fv(row["ratio"], RATIO_UNIT), year=int(row["year"]), source=row["source"]))
    highest = _("{value} in {year} ({source})", value=fv(top["ratio"], RATIO_UNIT), year=int(top["year"]), source=top["source"])
    shown = [(_("{year}, {kind}", year=int(r["year"]), kind=_(ESTIMATE_LABEL[r["estimate_type"]])), r) for r in (census, later) if r is not None]
    shown.append((_("Highest: {year}, {kind}", year=int(top["year"]), kind=_(ESTIMATE_LABEL[top["estimate_type"]])), top))
    for box, (label, row) in zip(st.columns(3), shown):
        box.metric(label, fv(row["ratio"], RATIO_UNIT), help=row["source"])
    summary = _("Men aged {men} per 100 women aged {women}: {points}. Highest: {highest}.", men=men_ages, women=women_ages,
                points=_("; ").join(points), highest=highest)
    st.markdown(summary)
    table = rows[["year", "source_id", "estimate_type", "grid", "gap", "men_ages", "women_ages", "men", "women", "ratio", "surplus_of_men"]]
    units = {"men": "persons", "women": "persons", "ratio": RATIO_UNIT, "surplus_of_men": "persons", "year": "year"}
    note = _("Census tables exclude active-duty servicemen; 1990 covers the civilian population of 30 provinces. UN estimates and projections "
             "are for 1 July. Estimates solid, projections dashed, censuses as points.")
    chart_block(
        charts_marriage.market_over_time(rows, _("China: men aged {men} per 100 women aged {women}, {first}-{last}", men=men_ages, women=women_ages,
                                                  first=int(first["year"]), last=int(last["year"])),
                                         "ratio", RATIO_UNIT, _("men per 100 women"),
                                         reference=100, reference_label=_("100 = as many men as women"), lang=L),
        table, units=units, source_ids=list(dict.fromkeys(rows["source_id"])), key="market", summary=summary, note=note,
    )
    st.subheader(_("Surplus of men in the window"), anchor="market-surplus")
    peak = rows.loc[rows["surplus_of_men"].idxmax()]
    surplus_summary = _("Men aged {men} minus women aged {women}: highest {value} in {year} ({source}).", men=men_ages, women=women_ages,
                        value=fv(peak["surplus_of_men"], "persons"), year=int(peak["year"]), source=peak["source"])
    st.markdown(surplus_summary)
    chart_block(
        charts_marriage.market_over_time(rows, _("China: men aged {men} minus women aged {women}, {first}-{last}", men=men_ages, women=women_ages,
                                                  first=int(first["year"]), last=int(last["year"])),
                                         "surplus_of_men", "persons", _("men minus women (persons)"),
                                         reference=0, lang=L),
        table, units=units, source_ids=list(dict.fromkeys(rows["source_id"])), key="market-surplus", summary=surplus_summary, note=note,
    )


#: Tab id (the URL's ?chart=) -> label, and the URL parameters of each tab's widgets. Only the open
#: tab runs: a first visit draws one or two charts, not five in the same browser frame (each costs
#: the browser 120-250 ms of drawing before the first one shows).
TABS = {"never-married": N_("Never married, by age and sex"), "men-30-39": N_("Men aged 30-39 by area"),
        "never-married-ratio": N_("Never-married men per 100 never-married women"), "market": N_("Marriage-market sex ratio")}
TAB_PARAMS = {"never-married": ["nm_sex", "nm_area"], "men-30-39": [], "never-married-ratio": ["nmr_area"], "market": ["mm_gap", "mm_from", "mm_width"]}
SECTIONS = {"never-married": never_married_section, "men-30-39": band_section, "never-married-ratio": ratio_section, "market": market_section}

with guard(N_("the marriage page")):
    data.load_table(cm.SHARE)  # a missing build stops here with its message
    tabs = url_tabs({i: _(label) for i, label in TABS.items()}, key="chart", params=TAB_PARAMS)
    for tab_id, draw in SECTIONS.items():
        with tabs[tab_id]:
            if tabs[tab_id].open:
                draw()
