"""pandera schemas of the derived tables the build publishes (see :mod:`datasets.derived.tables`).

The same contract as the source tables' schemas (:mod:`datasets.schemas`): exact columns in
order, exact dtypes (no coercion), units in column metadata, unique keys. Every row keeps the
``source_id`` of the rows it was computed from, so citations work as for any table.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from datasets.schemas import BIRTHS_BY_SEX_ORDER, INT64, PERSONS, SEX_RATIO, _col, _marital_keys, _partial_date, _tabulation, _zh

#: pandas' nullable boolean (missing where a number is not ranked against the print).
BOOLEAN = pd.BooleanDtype()
_GEO = r"^([A-Z]{3}|CN-[A-Z]{2})$"
_VERDICTS = ["reproduced", "reproduced under another definition", "consistent", "different measure", "not reproduced",
             "not checkable with the data held"]


def _population_keys() -> dict:
    return {
        "source_id": _col(str, title="source (joins datasets/catalog.yaml)"),
        "estimate_type": _col(str, pa.Check.isin(["census_count", "un_estimate", "un_projection"]), title="census count, UN estimate or UN projection"),
        "geography_code": _col(str, pa.Check.str_matches(_GEO), title="ISO 3166 code"),
        "geography": _col(str, title="geography (English)"),
        "geography_zh": _col(str, nullable=True, title="geography (Chinese)"),
        "year": _col(INT64, pa.Check.in_range(1950, 2100), title="census year or UN reference year"),
    }


def _sexes() -> dict:
    return {
        "male": _col(INT64, pa.Check.ge(0), unit=PERSONS, title="men"),
        "female": _col(INT64, pa.Check.ge(0), unit=PERSONS, title="women"),
        "surplus_of_men": _col(INT64, unit=PERSONS, title="surplus of men (men minus women)"),
        "sex_ratio": _col(float, nullable=True, unit=SEX_RATIO, title="sex ratio (males per 100 females)"),
    }


#: The dtype of each column that says where a compared number comes from and what it covers.
_NUMBER_DTYPES = {"role": str, "source_id": str, "table": str, "kind": str, "basis": str, "figure_id": str, "year": INT64, "year_to": INT64,
                  "geography_code": str, "geography": str, "geography_zh": str, "age_from": INT64, "age_to": INT64, "value": float}


def _number_columns(titles: dict[str, str | None], prefix: str = "") -> dict:
    """Nullable columns describing a number (a claim's, or one it is checked against), in the
    order of ``titles`` (column -> title, None for no title), each named ``prefix`` + column.
    claim_checks holds them for the claim and, prefixed ``best_``, for the closest number;
    claim_check_numbers for every number behind a verdict."""
    return {prefix + name: _col(_NUMBER_DTYPES[name], nullable=True, title=title) for name, title in titles.items()}


def _surplus_is_male_minus_female(df):
    return df["surplus_of_men"] == df["male"] - df["female"]


SEX_RATIO_BY_AGE = pa.DataFrameSchema(
    {
        **_population_keys(),
        "grouping": _col(str, pa.Check.isin(["as_published", "5-year"]), title="age groups as published, or regrouped into 5-year groups"),
        "age_start": _col(INT64, pa.Check.in_range(0, 120), title="first age in group (completed years)"),
        "age_end": _col(INT64, pa.Check.in_range(0, 120), nullable=True, title="last age in group (missing = open-ended)"),
        "age_label": _col(str, title="age group"),
        "open_ended": _col(bool, title="open-ended top age group"),
        **_sexes(),
    },
    strict=True,
    ordered=True,
    unique=["source_id", "geography_code", "year", "grouping", "age_start"],
    checks=[pa.Check(_surplus_is_male_minus_female, name="surplus_of_men == male - female")],
    name="sex_ratio_by_age",
    description="DERIVED from population_by_age_sex: men, women, surplus of men and sex ratio by age group, as published and in 5-year groups.",
)

POPULATION_TOTALS = pa.DataFrameSchema(
    {
        **_population_keys(),
        "basis": _col(str, pa.Check.isin(["table", "communique"]), title="sum of the table's age groups, or the census communique (incl. servicemen)"),
        "top_age_label": _col(str, title="the table's last age group (the totals stop there)"),
        **_sexes(),
    },
    strict=True,
    ordered=True,
    unique=["source_id", "geography_code", "year", "basis"],
    checks=[pa.Check(_surplus_is_male_minus_female, name="surplus_of_men == male - female")],
    name="population_totals",
    description="DERIVED: men, women, surplus of men and sex ratio of the whole population by source, geography and year; for 2020 also the census communique's totals, which count the active-duty servicemen.",
)

CENSUS_2020_SERVICEMEN = pa.DataFrameSchema(
    {
        "sex": _col(str, pa.Check.isin(["male", "female", "total"])),
        "communique": _col(INT64, pa.Check.ge(0), unit=PERSONS, title="2020 census communique total (incl. servicemen)"),
        "table": _col(INT64, pa.Check.ge(0), unit=PERSONS, title="2020 census yearbook table 1-5 total"),
        "servicemen": _col(INT64, pa.Check.ge(0), unit=PERSONS, title="active-duty servicemen (communique minus table)"),
        "source_id": _col(str),
        "table_source_id": _col(str),
    },
    strict=True,
    ordered=True,
    unique=["sex"],
    checks=[pa.Check(lambda df: df["servicemen"] == df["communique"] - df["table"], name="servicemen == communique - table")],
    name="census_2020_servicemen",
    description="DERIVED: the active-duty servicemen the 2020 census communique counts and the yearbook tables leave out (communique minus table).",
)


CENSUS_SRB = pa.DataFrameSchema(
    {
        **BIRTHS_BY_SEX_ORDER.columns,
        "sex_ratio_at_birth": _col(float, nullable=True, unit=SEX_RATIO, title="SRB computed as 100 x male / female sample births"),
        "small_sample": _col(bool, title="fewer than 100 female births in the sample: too few for a ratio"),
    },
    strict=True,
    ordered=True,
    unique=BIRTHS_BY_SEX_ORDER.unique,
    checks=BIRTHS_BY_SEX_ORDER.checks,
    name="census_srb",
    description="DERIVED from births_by_sex_order: census sex ratio at birth computed from the long-form sample births (use for ratios only), by area, geography and birth order.",
)

REGISTERED_CASES = pa.DataFrameSchema(
    {
        "year": _col(INT64, pa.Check.in_range(1949, 2100)),
        "value": _col(INT64, pa.Check.ge(0), nullable=True, unit="cases", title="cases of abducting and trafficking women and children registered (立案)"),
        "all_cases": _col(INT64, pa.Check.ge(0), nullable=True, unit="cases", title="all criminal cases registered"),
        "per_10000": _col(float, nullable=True, title="per 10,000 registered criminal cases"),
        "count_type": _col(str, pa.Check.isin(["cases_registered"])),
        "source_id": _col(str),
    },
    strict=True,
    ordered=True,
    unique=["year"],
    name="registered_cases",
    description="DERIVED from crime_cases_registered: registered cases of abducting and trafficking women and children by year, and per 10,000 registered criminal cases.",
)

REGISTERED_CASES_PRINTED = pa.DataFrameSchema(
    {
        "year": _col(INT64),
        "value": _col(INT64, pa.Check.ge(0), unit="cases"),
        "label": _col(str, title="the yearbook, or the outlet that printed the value"),
        "kind": _col(str, pa.Check.isin(["yearbook", "conflicting report", "stand-in: UNODC offences"])),
        "figure_id": _col(str, nullable=True),
        "source_id": _col(str),
        "url": _col(str, nullable=True),
        "grade": _col(str, nullable=True),
    },
    strict=True,
    ordered=True,
    name="registered_cases_printed",
    description="DERIVED: values of registered cases printed elsewhere beside the yearbook's, where they conflict or stand in.",
)

CLAIM_CHECKS = pa.DataFrameSchema(
    {
        "claim_id": _col(str, unique=True, title="NEWS… (the seed report) or RC… (repeated claims)"),
        "origin": _col(str, pa.Check.isin(["news_report", "repeated_claim"])),
        "topic": _col(str),
        "claim": _col(str, title="the claim in our own words"),
        "claim_zh": _zh("the claim in our own words, Chinese"),
        "outlet": _col(str),
        "outlet_zh": _zh("the outlet in Chinese"),
        "attributed_to": _col(str),
        **_partial_date("published_date", "date the page was published (missing: not shown)"),
        "url": _col(str),
        "grade": _col(str, title="how close the page we read is to the agency's own publication"),
        "number_as_printed": _col(str),
        "measure": _col(str, title="what the number counts"),
        "checked_as": _col(str, nullable=True, title="the measure searched in the published tables (missing: none held)"),
        **_number_columns({
            "year": "year the figure is about (missing = not stated)",
            "year_to": "second year, for a change between two years",
            "geography_code": None,
            "age_from": "first age as printed",
            "age_to": "last age as printed (inclusive)",
            "kind": "kind of source the print states (census count, UN estimate or projection)",
            "value": "the number as parsed",
        }),
        "precision": _col(float, nullable=True, title="unit of the last printed digit"),
        "bound": _col(str, nullable=True, title="exact, at_least, at_most or approximately"),
        "low": _col(float, nullable=True, title="smallest value the printed number admits"),
        "high": _col(float, nullable=True, title="largest value it admits"),
        "verdict": _col(str, pa.Check.isin(_VERDICTS)),
        "finding": _col(str, title="id of the sentence that explains the verdict"),
        **_number_columns({
            "role": "what the closest number is",
            "source_id": None,
            "table": "published table of the closest number",
            "year": None,
            "geography_code": None,
            "age_from": None,
            "age_to": "last age of the closest definition (inclusive; missing = open-ended or all ages)",
            "value": None,
        }, prefix="best_"),
        "difference": _col(float, nullable=True, title="closest value minus the printed value"),
        "difference_pct": _col(float, nullable=True, title="difference in per cent of the printed value"),
        "source_ids": _col(str, title="sources of the numbers behind the verdict, ';'-separated"),
        "assumptions": _col(str, nullable=True, title="assumptions, ' | '-separated"),
        "chart_page": _col(str, nullable=True),
        "chart_anchor": _col(str, nullable=True),
        "source_id": _col(str, title="source of the claim itself"),
    },
    strict=True,
    ordered=True,
    name="claim_checks",
    description="DERIVED: every figure of the seed news report and of the library of repeated claims, checked against the published tables: verdict, closest definition, difference.",
)

CLAIM_CHECK_NUMBERS = pa.DataFrameSchema(
    {
        "claim_id": _col(str),
        "position": _col(INT64, pa.Check.ge(0)),
        "role": _col(str, title="what the number is"),
        **_number_columns({
            "table": "published table it comes from",
            "kind": "census count, UN estimate or projection, registered or reported count",
            "year": None,
            "year_to": "second year (changes between two years)",
            "geography_code": None,
            "geography": None,
            "geography_zh": None,
            "age_from": None,
            "age_to": None,
            "basis": "table, communique, estimate, reported figure ...",
            "figure_id": None,
            "value": None,
        }),
        "unit": _col(str),
        "sex_ratio": _col(float, nullable=True, unit=SEX_RATIO),
        "admits": _col(BOOLEAN, nullable=True, title="within the printed number's range"),
        "same_definition": _col(BOOLEAN, nullable=True, title="the claim's own definition (year, place, ages)"),
        "source_id": _col(str),
    },
    strict=True,
    ordered=True,
    unique=["claim_id", "position"],
    name="claim_check_numbers",
    description="DERIVED: the numbers behind each verdict of claim_checks (the closest definitions for repeated claims).",
)

NEVER_MARRIED_SHARE = pa.DataFrameSchema(
    {
        **_marital_keys(),
        "age_label": _col(str, title="age group as published (15+ = every group together)"),
        "age_start": _col(INT64, pa.Check.in_range(0, 120), title="first age in group"),
        "age_end": _col(INT64, pa.Check.in_range(0, 120), nullable=True, title="last age in group (missing = open-ended)"),
        "all_ages": _col(bool, title="the 15+ row: every age group together"),
        "never_married": _col(INT64, pa.Check.ge(0), unit=PERSONS,
                              title="never married, counted in the table: a sample count where sample is True, never a population count"),
        "total": _col(INT64, pa.Check.gt(0), unit=PERSONS,
                      title="all marital statuses, counted in the table: a sample count where sample is True, never a population count"),
        "share_never_married": _col(float, pa.Check.in_range(0, 100), unit="percent", title="per cent never married (100 x never married / total)"),
        "never_married_ratio": _col(float, pa.Check.ge(0), nullable=True, unit=SEX_RATIO,
                                    title="never-married men per 100 never-married women of the same year, area and age group"),
        "tabulation": _tabulation(),
        "sample": _col(bool, title="the counts are a sample: use the share and the ratio, never the counts"),
        "civilian_only": _col(bool, title="the census table covers the civilian population only"),
    },
    strict=True,
    ordered=True,
    unique=["source_id", "year", "area", "sex", "age_label"],
    checks=[pa.Check(lambda df: df["never_married"] <= df["total"], name="never_married <= total")],
    name="never_married_share",
    description="DERIVED from marital_status_by_age: per cent never married by census year (1982-2010), area, sex and age group, "
                "and never-married men per 100 never-married women. 2000 and 2010 counts are samples: use the shares.",
)

MARRIAGE_MARKET_SEX_RATIO = pa.DataFrameSchema(
    {
        "source_id": _col(str, title="source (joins datasets/catalog.yaml)"),
        "estimate_type": _col(str, pa.Check.isin(["census_count", "un_estimate", "un_projection"]), title="census count, UN estimate or UN projection"),
        "year": _col(INT64, pa.Check.in_range(1950, 2100), title="census year or UN reference year"),
        "grid": _col(str, pa.Check.isin(["single years", "5-year groups"]), title="the table's age groups: single years, or 5-year groups (gaps of 0, 5, 10 only)"),
        "gap": _col(INT64, pa.Check.in_range(0, 10), title="age gap g between husbands and wives (years)"),
        "men_age_from": _col(INT64, pa.Check.in_range(0, 120), title="men's window: first age a"),
        "men_age_to": _col(INT64, pa.Check.in_range(0, 120), title="men's window: last age b (inclusive)"),
        "women_age_from": _col(INT64, pa.Check.in_range(0, 120), title="women's window: first age a - g"),
        "women_age_to": _col(INT64, pa.Check.in_range(0, 120), title="women's window: last age b - g (inclusive)"),
        "men_ages": _col(str, title="men's ages"),
        "women_ages": _col(str, title="women's ages"),
        "men": _col(INT64, pa.Check.ge(0), unit=PERSONS, title="men aged a to b"),
        "women": _col(INT64, pa.Check.gt(0), unit=PERSONS, title="women aged a - g to b - g"),
        "ratio": _col(float, pa.Check.gt(0), unit=SEX_RATIO, title="marriage-market sex ratio: men aged a to b per 100 women aged a - g to b - g"),
        "surplus_of_men": _col(INT64, unit=PERSONS, title="men aged a to b minus women aged a - g to b - g"),
    },
    strict=True,
    ordered=True,
    unique=["source_id", "year", "gap", "men_age_from", "men_age_to"],
    checks=[
        pa.Check(lambda df: df["surplus_of_men"] == df["men"] - df["women"], name="surplus_of_men == men - women"),
        pa.Check(lambda df: (df["women_age_from"] == df["men_age_from"] - df["gap"]) & (df["women_age_to"] == df["men_age_to"] - df["gap"]),
                 name="women's window == men's window - gap"),
    ],
    name="marriage_market_sex_ratio",
    description="DERIVED from population_by_age_sex: men aged a to b per 100 women aged a-g to b-g (the age gap g, 0-10 years), "
                "and the surplus of men, for China by source and year, 1950-2100; men's windows of 5 and 10 years starting at 20-40, "
                "where both windows fall on the table's age groups (5-year tables: starts and gaps in multiples of 5). Nothing is interpolated.",
)

#: Derived table name -> schema, in build order (the build publishes them after the source tables).
DERIVED = {
    "sex_ratio_by_age": SEX_RATIO_BY_AGE,
    "population_totals": POPULATION_TOTALS,
    "census_2020_servicemen": CENSUS_2020_SERVICEMEN,
    "census_srb": CENSUS_SRB,
    "registered_cases": REGISTERED_CASES,
    "registered_cases_printed": REGISTERED_CASES_PRINTED,
    "never_married_share": NEVER_MARRIED_SHARE,
    "marriage_market_sex_ratio": MARRIAGE_MARKET_SEX_RATIO,
    "claim_checks": CLAIM_CHECKS,
    "claim_check_numbers": CLAIM_CHECK_NUMBERS,
}
