"""Page: sex ratio by province, 2010 beside 2020: an offline map and a sorted chart."""


import streamlit as st

from dashboard import cached, charts, data
from dashboard.formatting import RATIO_UNIT
from dashboard.geo import province_map
from dashboard.i18n import N_, localised_column, unit_label
from dashboard.ui import chart_block, guard, start_page
from dashboard.urlstate import url_widget

L, _, fv = start_page(__file__)

with guard(N_("the provinces page")):
    geojson = data.provinces_geojson()
    ratios = cached.province_sex_ratio()
    year = url_widget(st.radio, _("Census year for the map"), [2020, 2010], horizontal=True, key="prov_year")
    shown = ratios[ratios["year"] == year].rename(columns={"geography": "region_en"})
    lo, hi = float(ratios["sex_ratio"].min()), float(ratios["sex_ratio"].max())
    top = shown.iloc[0]
    fig = province_map(
        shown[["region_en", "sex_ratio"]], geojson, value_col="sex_ratio",
        title=_("Sex ratio by province, {year} census", year=year), colorbar_title=_("males per<br>100 females"),
        hover_unit=unit_label(RATIO_UNIT, L), lang=L, zmin=lo, zmax=hi,
    )
    chart_block(
        fig,
        shown.rename(columns={"region_en": "geography"})[["year", "source_id", "geography", "geography_zh", "male", "female", "sex_ratio"]],
        units={"male": "persons", "female": "persons", "sex_ratio": RATIO_UNIT, "year": "year"},
        source_ids=[shown["source_id"].iloc[0], "natural_earth_admin1_50m"], key="province-map",
        summary=_("Highest sex ratio in {year}: {province} ({ratio}). Same colour scale for both years.",
                  year=year, province=top["geography_zh"] if L == "zh" else top["region_en"], ratio=fv(top["sex_ratio"], RATIO_UNIT)),
        note=_("Hong Kong, Macao and Taiwan (grey) are outside the mainland census. Boundaries: Natural Earth (de facto lines, not official boundaries)."),
    )
    both = ratios.assign(census=ratios["year"].astype(str), province=localised_column(ratios, "geography", L))
    chart_block(
        charts.ranked_bars(both, "sex_ratio", "province", "census", _("Sex ratio by province, 2010 (open) and 2020 (filled), sorted by 2020"),
                           _("sex ratio (males per 100 females)"), lang=L),
        both[["year", "source_id", "geography", "geography_zh", "male", "female", "sex_ratio"]],
        units={"male": "persons", "female": "persons", "sex_ratio": RATIO_UNIT, "year": "year"},
        source_ids=list(both["source_id"].unique()), key="province-ranked",
        summary=_("Each province's sex ratio at the 2010 and 2020 censuses; counts exclude active-duty servicemen."),
    )
