"""Page: sex ratio by province, 2010 beside 2020: an offline map and a sorted chart."""

import streamlit as st

from dashboard import cached, charts, data
from dashboard.formatting import RATIO_UNIT, format_value
from dashboard.geo import province_map
from dashboard.ui import chart_block, cite_this_view, guard, url_widget

st.title("Provinces")
cite_this_view("Provinces")
st.markdown("Sex ratio of the whole population (males per 100 females) in each of the 31 provincial-level units of the mainland, 2010 and 2020 censuses.")

with guard("the provinces page"):
    geojson = data.provinces_geojson()
    ratios = cached.province_sex_ratio()
    year = url_widget(st.radio, "Census year for the map", [2020, 2010], horizontal=True, key="prov_year")
    shown = ratios[ratios["year"] == year].rename(columns={"geography": "region_en"})
    lo, hi = float(ratios["sex_ratio"].min()), float(ratios["sex_ratio"].max())
    top = shown.iloc[0]
    fig = province_map(
        shown[["region_en", "sex_ratio"]], geojson, value_col="sex_ratio",
        title=f"Sex ratio by province, {year} census", colorbar_title="males per<br>100 females",
        hover_unit="males per 100 females", zmin=lo, zmax=hi,
    )
    chart_block(
        fig,
        shown.rename(columns={"region_en": "geography"})[["year", "source_id", "geography", "geography_zh", "male", "female", "sex_ratio"]],
        units={"male": "persons", "female": "persons", "sex_ratio": RATIO_UNIT, "year": "year"},
        source_ids=[shown["source_id"].iloc[0], "natural_earth_admin1_50m"], key="province-map",
        summary=f"Highest sex ratio in {year}: {top['region_en']} ({format_value(top['sex_ratio'], RATIO_UNIT)}). Same colour scale for both years.",
        note="Hong Kong, Macao and Taiwan (grey) are outside the mainland census. Boundaries: Natural Earth (de facto lines, not official boundaries).",
    )
    both = ratios.assign(census=ratios["year"].astype(str))
    chart_block(
        charts.ranked_bars(both, "sex_ratio", "geography", "census", "Sex ratio by province, 2010 (open) and 2020 (filled), sorted by 2020", "sex ratio (males per 100 females)"),
        both[["year", "source_id", "geography", "geography_zh", "male", "female", "sex_ratio"]],
        units={"male": "persons", "female": "persons", "sex_ratio": RATIO_UNIT, "year": "year"},
        source_ids=list(both["source_id"].unique()), key="province-ranked",
        summary="Each province's sex ratio at the 2010 and 2020 censuses; counts exclude active-duty servicemen.",
    )
