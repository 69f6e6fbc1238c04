"""Short labels shown on screen for ids in the data: kinds of estimate and the published tables (the sources' short names
and grade labels are in the catalogue, datasets/catalog.yaml). Translated with :func:`dashboard.i18n.t`."""

from __future__ import annotations

from dashboard.i18n import N_

#: Reading of estimate_type for labels.
ESTIMATE_LABEL = {"census_count": N_("census count"), "un_estimate": N_("UN estimate"), "un_projection": N_("UN projection")}

#: Name of each published table on screen (the Data page's picker, the Excel title); the id stays
#: in the link and the file name.
TABLE_LABELS = {
    "population_by_age_sex": N_("Population by age and sex (censuses, UN estimates and projections)"),
    "sex_ratio_at_birth": N_("Sex ratio at birth (UN WPP)"),
    "births_by_sex_order": N_("Births by sex and birth order (census long form, as printed)"),
    "reported_figures": N_("Official figures as reported by news outlets"),
    "crime_cases_registered": N_("Criminal cases registered by the police (yearbook)"),
    "glotip": N_("Trafficking offences, detected victims, prosecutions and convictions by country (UNODC GLOTIP)"),
    "glotip_regional_sums_derived": N_("Detected victims by region (sums of the GLOTIP countries)"),
    "tip_tiers": N_("US TIP Report tiers by country"),
    "cited_figures": N_("Figures cited by the March 2022 news report"),
    "repeated_claims": N_("Figures repeated in the news, with where they were printed"),
    "sex_ratio_by_age": N_("Sex ratio and surplus of men by age group"),
    "population_totals": N_("Population totals by sex (all ages)"),
    "census_2020_servicemen": N_("2020 census: communiqué totals, table totals and servicemen"),
    "census_srb": N_("Sex ratio at birth from the census births tables"),
    "registered_cases": N_("Registered cases of trafficking of women and children"),
    "registered_cases_printed": N_("Registered cases for 2020-2021 as printed by other sources"),
    "claim_checks": N_("Checked claims: verdict and closest definition"),
    "claim_check_numbers": N_("Checked claims: every definition compared"),
    "marital_status_by_age": N_("Population by marital status, age and sex (censuses 1982-2010, UNSD)"),
    "never_married_share": N_("Share never married by age and sex"),
    "marriage_market_sex_ratio": N_("Marriage-market sex ratio: men per 100 women a few years younger"),
}
