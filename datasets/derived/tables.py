"""The derived tables the build publishes after the source tables (``python -m datasets.build``).

:func:`derived_tables` computes them from the validated source tables; the build validates each
against its schema (:data:`datasets.derived.schemas.DERIVED`) and publishes it like any table
(Parquet, manifest, Data page, downloads).
"""

from __future__ import annotations

import pandas as pd

from datasets.derived import claims, marriage, population, trafficking


def derived_tables(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Derived table name -> frame, in the order of :data:`datasets.derived.schemas.DERIVED`.

    Args:
        tables: the published source tables by name (population_by_age_sex, births_by_sex_order,
            reported_figures, crime_cases_registered, glotip, cited_figures, repeated_claims,
            marital_status_by_age ...).

    Raises:
        KeyError: a source table is missing. ValueError: a table lacks the rows a derivation needs
        (e.g. the census communique's totals); the build reports it with the table's name.
    """
    out: dict[str, pd.DataFrame] = {}
    pop = tables["population_by_age_sex"]
    out["sex_ratio_by_age"] = population.sex_ratio_by_age_table(pop)
    out["population_totals"] = population.population_totals_table(pop, tables["reported_figures"])
    out["census_2020_servicemen"] = population.servicemen_2020_table(out["population_totals"])
    out["census_srb"] = population.census_srb_table(tables["births_by_sex_order"])
    out["registered_cases"] = trafficking.registered_cases_table(tables["crime_cases_registered"])
    out["registered_cases_printed"] = trafficking.registered_cases_printed_table(tables["reported_figures"], out["registered_cases"])
    out["never_married_share"] = marriage.never_married_share_table(tables["marital_status_by_age"])
    out["marriage_market_sex_ratio"] = marriage.marriage_market_table(pop)
    out["claim_checks"], out["claim_check_numbers"] = claims.claim_checks_tables({**tables, **out})
    return out
