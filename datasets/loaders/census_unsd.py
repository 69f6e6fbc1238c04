"""UNSD Demographic Yearbook: China census population by single year of age and sex, 1990-2010."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from datasets import schemas
from datasets.dates import iso_dates
from datasets.loaders.names import chinese_names
from datasets.rawio import RAW_DIR, display_path, read_raw_csv
from datasets.validate import validate

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
    raw = validate(schemas.RAW_CENSUS_UNSD_SINGLE, read_raw_csv(path, list(schemas.RAW_CENSUS_UNSD_SINGLE.columns)), file)
    out = pd.DataFrame(index=raw.index)
    out["source_id"] = SOURCE_ID
    out["estimate_type"] = "census_count"
    out["geography_code"] = "CHN"
    out["geography"] = "China"
    out["geography_zh"] = chinese_names(out["geography_code"], "iso3", ("country",), file, "census_year")
    out["year"] = raw["census_year"].astype("Int64")
    out["reference_date"] = iso_dates(raw["census_year"].map(REFERENCE_DATE).astype("str").where(raw["census_year"].isin(list(REFERENCE_DATE)), None), file, "census_year")
    out["age_start"] = raw["age_start"].astype("Int64")
    out["age_end"] = raw["age_end"].astype("Int64")
    out["age_label"] = raw["age"].str.replace(r"\s+", "", regex=True).astype(str)
    out["open_ended"] = raw["age_end"].isna().astype(bool)
    out["sex"] = raw["sex"].astype(str)
    out["population"] = raw["population"].astype("Int64")
    return validate(schemas.POPULATION_BY_AGE_SEX, out[list(schemas.POPULATION_BY_AGE_SEX.columns)], file)
