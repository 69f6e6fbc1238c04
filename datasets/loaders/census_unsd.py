"""UNSD Demographic Yearbook: China census population by single year of age and sex, 1990-2010."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from datasets import schemas
from datasets.dates import iso_dates
from datasets.loaders.names import chinese_names
from datasets.loaders.population import population_frame
from datasets.rawio import RAW_DIR, display_path
from datasets.validate import read_validated

UNSD_SINGLE = RAW_DIR / "china_census_1990_2000_2010_population_by_single_age_sex_unsd.csv"
SOURCE_ID = "unsd_dyb_census_1990_2000_2010"
# Census days. 2010: 1 November (the notes that came with the raw files, census section). 1990 and 2000 are not stated in the
# files we hold, so their reference date is left missing rather than typed from memory.
REFERENCE_DATE = {2010: "2010-11-01"}


def load_census_single_age_unsd(path: Path = UNSD_SINGLE) -> pd.DataFrame:
    """1990, 2000 and 2010 census population by single year of age (0-99, 100+) and sex.

    Returns the ``population_by_age_sex`` layout with estimate_type "census_count", geography
    "China" (code CHN), sex male/female only (no "both" is printed), population in persons
    (Int64). UNSD footnotes: the data exclude Hong Kong, Macao and Taiwan; 2010 excludes 2.3
    million servicemen; 1990 is the civilian population of 30 provinces.

    Source: UNSD Demographic Yearbook census datasets, as exported on 21 January 2018.

    Raises:
        BuildError: naming file, line and column for any failed check.
    """
    file = display_path(path)
    raw = read_validated(schemas.RAW_CENSUS_UNSD_SINGLE, path)
    code = pd.Series("CHN", index=raw.index)
    reference_date = iso_dates(raw["census_year"].map(REFERENCE_DATE).astype("str").where(raw["census_year"].isin(list(REFERENCE_DATE)), None), file, "census_year")
    return population_frame(
        file, source_id=SOURCE_ID, estimate_type="census_count", geography=(code, "China", chinese_names(code, "iso3", ("country",), file, "census_year")),
        year=raw["census_year"], reference_date=reference_date, age_start=raw["age_start"], age_end=raw["age_end"],
        age_label=raw["age"].str.replace(r"\s+", "", regex=True), sex=raw["sex"], population=raw["population"])
