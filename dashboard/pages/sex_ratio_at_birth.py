"""Page: sex ratio at birth (SRB): UN WPP series, census SRB by birth order and by province."""

import streamlit as st

from dashboard import analysis, charts, data
from dashboard.formatting import RATIO_UNIT, format_value
from dashboard.ui import chart_block, cite_this_view, guard, url_widget

st.title("Sex ratio at birth")
cite_this_view("Sex ratio at birth")
st.markdown("Boys born per 100 girls. Around 105 is the usual biological level; higher values point to sex-selective practices.")

with guard("the sex ratio at birth page"):
    srb = data.load_table("sex_ratio_at_birth")
    births = data.load_table("births_by_sex_order")

    st.header("UN World Population Prospects, 1950-2100")
    locations = {"CHN": "China", "IND": "India", "JPN": "Japan", "KOR": "Republic of Korea", "VNM": "Viet Nam", "WLD": "World"}
    code = url_widget(st.selectbox, "Country", list(locations), format_func=locations.get, key="srb_country")
    series = srb[srb["geography_code"] == code].sort_values(["revision", "year"]).reset_index(drop=True)
    latest = series[(series["revision"] == "WPP2024") & (series["series"] == "estimate")].tail(1)
    chart_block(
        charts.srb_over_time(series, f"{locations[code]}: sex ratio at birth, WPP 2022 and WPP 2024"),
        series[["source_id", "revision", "series", "year", "value"]],
        units={"value": RATIO_UNIT, "year": "year"},
        source_ids=list(series["source_id"].unique()), key="srb-wpp",
        summary=(f"Latest WPP 2024 estimate for {locations[code]}: {format_value(latest['value'].iloc[0], RATIO_UNIT, decimals=1)} in {int(latest['year'].iloc[0])}." if not latest.empty else "")
        + " Estimates are drawn solid, projections dashed; census values (China only) as diamonds.",
        note="UN estimates (to 2021 in WPP 2022, to 2023 in WPP 2024) and projections after; the cut-off labels are the compiler's. "
        "In this extract the WPP 2024 projections equal WPP 2022's for the five countries (not for the World): see Sources.",
    )

    st.header("Census: sex ratio at birth by birth order")
    st.info("Census births come from the long-form sample (about 10% of households): use them for ratios, not as numbers of births.")
    area = url_widget(st.radio, "Area", ["all", "city", "town", "rural"], horizontal=True, key="srb_area")
    order = analysis.srb_by_birth_order(births, "CHN", area)
    chart_block(
        charts.srb_by_birth_order(order, f"China, census births in the 12 months before the census: SRB by birth order ({area} areas)"),
        order,
        units={"births_male": "births", "births_female": "births", "sex_ratio_at_birth": RATIO_UNIT, "sex_ratio_at_birth_as_printed": RATIO_UNIT, "census_year": "year"},
        source_ids=list(order["source_id"].unique()), key="srb-order",
        summary="SRB by birth order, computed as 100 x male / female sample births; the printed ratio is shown beside it.",
    )

    st.header("Census: sex ratio at birth by province")
    p1, p2 = st.columns(2)
    cyear = url_widget(p1.radio, "Census", [2020, 2010], horizontal=True, key="srb_prov_year")
    border = url_widget(p2.selectbox, "Birth order", ["all", "1", "2", "3", "4", "5+"], key="srb_prov_order")
    prov = analysis.srb_by_province(births, cyear, border)
    shown = prov.dropna(subset=["sex_ratio_at_birth"]).assign(census=str(cyear))
    chart_block(
        charts.ranked_bars(shown, "sex_ratio_at_birth", "geography", "census", f"Sex ratio at birth by province, {cyear} census (birth order: {border})", "sex ratio at birth (males per 100 females)"),
        prov.drop(columns=["geography_code"]),
        units={"births_male": "births", "births_female": "births", "sex_ratio_at_birth": RATIO_UNIT, "sex_ratio_at_birth_as_printed": RATIO_UNIT},
        source_ids=list(prov["source_id"].unique()), key="srb-province",
        summary=f"{len(shown)} provinces with at least 100 female births in the sample; "
        f"{int(prov['small_sample'].sum())} with fewer are listed in the table but not drawn.",
    )
