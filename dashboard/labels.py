"""Short labels shown on screen for ids in the data: kinds of estimate and sources (the full
citation of a source is in the catalogue). Translated with :func:`dashboard.i18n.t`."""

from __future__ import annotations

from dashboard.i18n import N_

#: Reading of estimate_type for labels.
ESTIMATE_LABEL = {"census_count": N_("census count"), "un_estimate": N_("UN estimate"), "un_projection": N_("UN projection")}

#: Short source names for labels (the full citation is in the catalogue).
SOURCE_SHORT = {
    "nbs_census2020_yb_t1_5": N_("NBS 2020 census yearbook, table 1-5"),
    "nbs_census2010_t1_7": N_("NBS 2010 census tabulation, table 1-7"),
    "unsd_dyb_census_1990_2000_2010": N_("UNSD Demographic Yearbook (census)"),
    "unsd_dyb_marital_status_1982_2010": N_("UNSD Demographic Yearbook (census, marital status)"),
    "wpp2022_single_age_decadal": N_("UN WPP 2022 estimates"),
    "wpp2022_age5_projection_median": N_("UN WPP 2022 median projection"),
    "wpp2022_srb": N_("UN WPP 2022"),
    "wpp2024_srb": N_("UN WPP 2024"),
    "nbs_census2020_yb_t6_1": N_("NBS 2020 census yearbook, table 6-1 (long-form sample)"),
    "nbs_census2010_t6_1": N_("NBS 2010 census tabulation, table 6-1 (long-form sample)"),
    "nbs_press_conference_2021_05_17_reports": N_("NBS spokesperson, 17 May 2021 (as reported)"),
    "natural_earth_admin1_50m": N_("Natural Earth (boundaries)"),
    "nbs_csy_via_mybox_fe485f3": N_("NBS China Statistical Yearbook"),
    "unodc_glotip_2025-04-14": N_("UNODC GLOTIP data, April 2025"),
    "kelley_cho_tiers_dta_2015-08-10": N_("US TIP Report (Cho/Kelley coding)"),
    "kelley_tiers_2015_csv": N_("US TIP Report 2015"),
    "us_tip_china_2016_2024_web_pages": N_("US TIP Report narratives (web copies)"),
    "trafficking_reported_figures_web": N_("official figures as reported online"),
    "trafficking_cases_2021_onward": N_("UNODC / MPS / China Daily"),
}
