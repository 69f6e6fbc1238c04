"""Page: sex ratio at birth (SRB): UN WPP series, census SRB by birth order and by province."""


import pandas as pd
import streamlit as st

from dashboard import charts, data
from dashboard.formatting import RATIO_UNIT
from dashboard.i18n import N_, localised_column
from dashboard.ui import chart_block, guard, start_page
from dashboard.urlstate import url_widget
from datasets.derived.claims import printed_values

L, _, fv = start_page(__file__)

AREAS = {"all": N_("all"), "city": N_("city"), "town": N_("town"), "rural": N_("rural")}
ORDERS = ["all", "1", "2", "3", "4", "5+"]


def order_name(order: str) -> str:
    """A birth order in the reader's language: "all" is translated, numbers stay."""
    return _(AREAS[order]) if order == "all" else order

def srb_2020_sentence(series: pd.DataFrame, census: pd.DataFrame, printed: pd.DataFrame | None) -> str:
    """China's sex ratio at birth in 2020 by source, and the way it went since the peak, in one
    sentence computed from the data (no number typed)."""
    def value(revision: str, kind: str, year: int):
        row = series[(series["revision"] == revision) & (series["series"] == kind) & (series["year"] == year)]
        return fv(row["value"].iloc[0], RATIO_UNIT) if len(row) else _("not published")

    estimates = series[(series["revision"] == "WPP2024") & (series["series"] == "estimate")]
    peak = estimates.loc[estimates["value"].idxmax()]
    last = estimates.iloc[-1]
    official = printed[printed["year"] == 2020] if printed is not None else pd.DataFrame()
    census2020 = census[(census["census_year"] == 2020) & (census["geography_code"] == "CHN") & (census["area_type"] == "all") & (census["birth_order"] == "all")]
    return _("**In 2020** the sex ratio at birth was {official} in the census communique as printed by {outlet}, {census} in the census long-form table, "
             "{wpp2022} in the UN WPP 2022 estimates and {wpp2024} in WPP 2024. The WPP 2024 estimates peaked at {peak} in {peak_year} "
             "and were {last} in {last_year}, {direction} since the peak.",
             official=fv(official["value"].iloc[0], RATIO_UNIT, decimals=1) if len(official) else _("not published"),
             outlet=localised_column(official, "outlet", L).iloc[0] if len(official) else "—",
             census=fv(census2020["sex_ratio_at_birth"].iloc[0], RATIO_UNIT) if len(census2020) else _("not published"),
             wpp2022=value("WPP2022", "estimate", 2020), wpp2024=value("WPP2024", "estimate", 2020),
             peak=fv(peak["value"], RATIO_UNIT), peak_year=int(peak["year"]), last=fv(last["value"], RATIO_UNIT), last_year=int(last["year"]),
             direction=_("down") if last["value"] < peak["value"] else _("up"))


with guard(N_("the sex ratio at birth page")):
    srb = data.load_table("sex_ratio_at_birth")
    census = data.load_table("census_srb")

    st.header(_("UN World Population Prospects, 1950-2100"))
    first = srb.drop_duplicates("geography_code")
    locations = dict(zip(first["geography_code"], localised_column(first, "geography", L)))  # China ... World / 中国 ... 世界
    code = url_widget(st.selectbox, _("Country"), list(locations), format_func=locations.get, key="srb_country")
    place = locations[code]
    series = srb[srb["geography_code"] == code].sort_values(["revision", "year"]).reset_index(drop=True)
    latest = series[(series["revision"] == "WPP2024") & (series["series"] == "estimate")].tail(1)
    printed = printed_values(data.load_table("repeated_claims"), "sex_ratio_at_birth", code) if code == "CHN" else None
    summary = _("Estimates are drawn solid, projections dashed; census values (China only) as diamonds.")
    if not latest.empty:
        summary = _("Latest WPP 2024 estimate for {place}: {value} in {year}.", place=place, value=fv(latest["value"].iloc[0], RATIO_UNIT, decimals=1),
                    year=int(latest["year"].iloc[0])) + " " + summary
    if code == "CHN":
        st.markdown(srb_2020_sentence(series, census, printed))
    table = series[["source_id", "revision", "series", "year", "value"]]
    if printed is not None and not printed.empty:
        table = pd.concat([table, printed.assign(revision=_("official figure as printed"), series=printed["outlet"])[table.columns]], ignore_index=True)
    chart_block(
        charts.srb_over_time(series, _("{place}: sex ratio at birth, WPP 2022 and WPP 2024", place=place), printed=printed, lang=L),
        table,
        units={"value": RATIO_UNIT, "year": "year"},
        source_ids=list(table["source_id"].unique()), key="srb-wpp",
        summary=summary,
        note=_("UN estimates (to 2021 in WPP 2022, to 2023 in WPP 2024) and projections after; the cut-off labels are the compiler's. "
               "In this extract the WPP 2024 projections equal WPP 2022's for the five countries (not for the World): see Sources."),
    )

    st.header(_("Census: sex ratio at birth by birth order"))
    st.info(_("Census births come from the long-form sample (about 10% of households): use them for ratios, not as numbers of births."))
    area = url_widget(st.radio, _("Area"), list(AREAS), format_func=lambda a: _(AREAS[a]), horizontal=True, key="srb_area")
    order = census[(census["geography_code"] == "CHN") & (census["area_type"] == area) & (census["birth_order"] != "all")].sort_values(["census_year", "birth_order"])
    order = order[["census_year", "birth_order", "births_male", "births_female", "sex_ratio_at_birth", "sex_ratio_at_birth_as_printed", "source_id"]].reset_index(drop=True)
    chart_block(
        charts.srb_by_birth_order(order, _("China, census births in the 12 months before the census: SRB by birth order ({area} areas)", area=_(AREAS[area])), lang=L),
        order,
        units={"births_male": "births", "births_female": "births", "sex_ratio_at_birth": RATIO_UNIT, "sex_ratio_at_birth_as_printed": RATIO_UNIT, "census_year": "year"},
        source_ids=list(order["source_id"].unique()), key="srb-order",
        summary=_("SRB by birth order, computed as 100 x male / female sample births; the printed ratio is shown beside it."),
    )

    st.header(_("Census: sex ratio at birth by province"))
    p1, p2 = st.columns(2)
    cyear = url_widget(p1.radio, _("Census"), [2020, 2010], horizontal=True, key="srb_prov_year")
    border = url_widget(p2.selectbox, _("Birth order"), ORDERS, format_func=order_name, key="srb_prov_order")
    prov = census[(census["census_year"] == cyear) & (census["birth_order"] == border) & (census["area_type"] == "all") & census["geography_code"].str.startswith("CN-")]
    prov = prov.assign(sex_ratio_at_birth=prov["sex_ratio_at_birth"].where(~prov["small_sample"]))  # too few births for a ratio
    prov = prov.sort_values("sex_ratio_at_birth", ascending=False, na_position="last")[
        ["geography_code", "geography", "geography_zh", "births_male", "births_female", "sex_ratio_at_birth", "sex_ratio_at_birth_as_printed", "small_sample", "source_id"]]
    shown = prov.dropna(subset=["sex_ratio_at_birth"]).assign(census=str(cyear))
    shown = shown.assign(province=localised_column(shown, "geography", L))
    chart_block(
        charts.ranked_bars(shown, "sex_ratio_at_birth", "province", "census",
                           _("Sex ratio at birth by province, {year} census (birth order: {order})", year=cyear, order=order_name(border)),
                           _("sex ratio at birth (males per 100 females)"), lang=L),
        prov.drop(columns=["geography_code"]),
        units={"births_male": "births", "births_female": "births", "sex_ratio_at_birth": RATIO_UNIT, "sex_ratio_at_birth_as_printed": RATIO_UNIT},
        source_ids=list(prov["source_id"].unique()), key="srb-province",
        summary=_("{drawn} provinces with at least 100 female births in the sample; {small} with fewer are listed in the table but not drawn.",
                  drawn=len(shown), small=int(prov["small_sample"].sum())),
    )
