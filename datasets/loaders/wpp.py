"""UN World Population Prospects (WPP 2022, WPP 2024): population by age and sex, sex ratio at birth.

WPP values are UN estimates and projections for 1 July, published in thousands; they are
converted here to persons (x 1,000; the source has at most 3 decimals, so the result is exact).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from datasets import schemas
from datasets.dates import iso_dates
from datasets.errors import BuildError
from datasets.loaders.names import chinese_names
from datasets.loaders.population import population_frame
from datasets.rawio import RAW_DIR, display_path
from datasets.validate import read_validated

SINGLE_AGE = RAW_DIR / "un_wpp2022_population_by_single_age_sex_1950_2021_decadal_thousands.csv"
PROJECTION = RAW_DIR / "un_wpp2022_population_by_age5_sex_projection_median_2022_2100_thousands.csv"
SRB = RAW_DIR / "un_wpp_sex_ratio_at_birth_1950_2100.csv"

SOURCE_SINGLE_AGE = "wpp2022_single_age_decadal"
SOURCE_PROJECTION = "wpp2022_age5_projection_median"
SOURCE_SRB = {"WPP2022": "wpp2022_srb", "WPP2024": "wpp2024_srb"}

def thousands_to_persons(values: pd.Series, file: str, column: str) -> pd.Series:
    """Convert WPP thousands to whole persons (Int64).

    Raises:
        BuildError: a value has more than 3 decimals, so x 1,000 would not be a whole number
            (a sign the column is not in thousands), naming the line.
    """
    persons = values.astype(float) * 1000
    rounded = np.round(persons)
    bad = (persons - rounded).abs() > 1e-6
    if bad.any():
        line = int(values.index[bad][0])
        raise BuildError(file, f"value {values[line]!r} has more than 3 decimals; expected thousands of persons", line=line, column=column)
    return pd.Series(rounded, index=values.index).astype("Int64")


def _geo(raw: pd.DataFrame, file: str) -> tuple[pd.Series, pd.Series, pd.Series]:
    """geography_code (iso3; WLD for World), geography and geography_zh (Unicode CLDR, from
    datasets/curated/country_names_zh.csv; a location without one is a BuildError)."""
    code = raw["iso3"].fillna("WLD").where(raw["location"] != "World", "WLD").astype(str)
    return code, raw["location"].astype(str), chinese_names(code, "iso3", ("country", "world"), file, "iso3")


def _population(path: Path, schema, source_id: str, estimate_type: str, ages: tuple[str, str, str]) -> pd.DataFrame:
    """A WPP population file in the ``population_by_age_sex`` layout: persons from thousands,
    reference date 1 July of the year; ``ages`` names the raw columns of age_start, age_end and
    age_label."""
    file = display_path(path)
    raw = read_validated(schema, path)
    start, end, label = ages
    return population_frame(
        file, source_id=source_id, estimate_type=estimate_type, geography=_geo(raw, file), year=raw["year"],
        reference_date=iso_dates(raw["year"].astype(str) + "-07-01", file, "year"), age_start=raw[start], age_end=raw[end], age_label=raw[label],
        sex=raw["sex"], population=thousands_to_persons(raw["population_thousands"], file, "population_thousands"))


def load_wpp_single_age(path: Path = SINGLE_AGE) -> pd.DataFrame:
    """WPP 2022 estimates by single year of age (0-99) and sex, 1950-2020 by decade and 2021.

    Returns the ``population_by_age_sex`` layout, estimate_type "un_estimate", population in
    persons (Int64, converted from thousands), reference date 1 July. The source extract stops
    at age 99: there is no 100+ group, so totals are slightly low.
    Locations: China (excluding Hong Kong, Macao, Taiwan), India, Japan, Republic of Korea, Viet Nam.

    Raises:
        BuildError: naming file, line and column for any failed check.
    """
    return _population(path, schemas.RAW_WPP_SINGLE_AGE, SOURCE_SINGLE_AGE, "un_estimate", ages=("age", "age", "age"))


def load_wpp_projection(path: Path = PROJECTION) -> pd.DataFrame:
    """WPP 2022 median projections by 5-year age group (0-4 ... 95-99, 100+) and sex, 2022-2100.

    Returns the ``population_by_age_sex`` layout, estimate_type "un_projection", population in
    persons (Int64, converted from thousands), reference date 1 July. Locations as
    :func:`load_wpp_single_age` plus World (code WLD).

    Raises:
        BuildError: naming file, line and column for any failed check.
    """
    return _population(path, schemas.RAW_WPP_PROJECTION, SOURCE_PROJECTION, "un_projection", ages=("age_start", "age_end", "age_group"))


def load_wpp_srb(path: Path = SRB) -> pd.DataFrame:
    """WPP 2022 and WPP 2024 sex ratio at birth, 1950-2100, as males per 100 female births.

    Returns the ``sex_ratio_at_birth`` layout: source_id, geography_code, geography,
    geography_zh (Chinese, Unicode CLDR), year (Int64),
    series (estimate/projection; the cut-off is the compiler's labelling: 2021 for WPP 2022,
    2023 for WPP 2024), revision (WPP2022/WPP2024), value (float, males per 100 females,
    converted from WPP's males per female and rounded to the source's precision).

    Raises:
        BuildError: naming file, line and column for any failed check.
    """
    file = display_path(path)
    raw = read_validated(schemas.RAW_WPP_SRB, path)
    out = pd.DataFrame(index=raw.index)
    out["source_id"] = raw["wpp_revision"].map(SOURCE_SRB).astype(str)
    out["geography_code"], out["geography"], out["geography_zh"] = _geo(raw, file)
    out["year"] = raw["year"].astype("Int64")
    out["series"] = raw["series"].astype(str)
    out["revision"] = raw["wpp_revision"].astype(str)
    out["value"] = (raw["srb_males_per_female"].astype(float) * 100).round(4)
    return out[list(schemas.SEX_RATIO_AT_BIRTH.columns)]
