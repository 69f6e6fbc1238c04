"""UNODC Global Report on Trafficking in Persons (GLOTIP) data, release of 14 April 2025."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from datasets import schemas
from datasets.errors import BuildError
from datasets.loaders.names import chinese_names
from datasets.rawio import RAW_DIR, display_path
from datasets.validate import read_validated, validate

CHINA_HK_MACAO = RAW_DIR / "unodc_glotip_china_hk_macao.csv"
COUNTRY_TOTALS = RAW_DIR / "unodc_glotip_country_totals.csv"
REGIONAL_SUMS = RAW_DIR / "unodc_glotip_regional_sums_derived.csv"
REGIONAL_SOURCE_ID = "glotip_regional_sums_derived"

KEY = ["iso3", "indicator", "dimension", "category", "sex", "age", "year"]


def _read(path: Path) -> pd.DataFrame:
    """One GLOTIP raw file, validated, with the Chinese names of country, region and subregion."""
    file = display_path(path)
    raw = read_validated(schemas.RAW_GLOTIP, path)
    raw["geography_zh"] = chinese_names(raw["iso3"], "iso3", ("country",), file, "iso3")
    raw["region_zh"] = chinese_names(raw["region"], "name_en", ("region",), file, "region")
    raw["subregion_zh"] = chinese_names(raw["subregion"], "name_en", ("subregion",), file, "subregion")
    return raw


def load_glotip(china_path: Path = CHINA_HK_MACAO, totals_path: Path = COUNTRY_TOTALS) -> pd.DataFrame:
    """GLOTIP rows: every country's headline totals plus every breakdown for China, Hong Kong, Macao.

    Returns the ``glotip`` layout: source_id, iso3, geography, region, subregion, indicator
    (detected trafficking victims, persons prosecuted, persons convicted, persons brought into
    formal contact, offences), dimension, category, sex, age, year (Int64), value (Int64 count;
    MISSING where UNODC printed "<5", with value_flag "suppressed_lt5" — never 0),
    value_flag, value_as_published (the text as printed, e.g. "2,161" or "<5"); geography_zh,
    region_zh and subregion_zh are the Chinese names (Unicode CLDR, from
    datasets/curated/country_names_zh.csv; the country by iso3, regions by their M49 English name).

    Detected victims measure enforcement, not prevalence. The China headline rows appear in both
    files; the build checks that they agree and keeps one copy.

    Raises:
        BuildError: naming file, line and column for any failed check, or a country or region
            without a Chinese name.
    """
    china = _read(china_path)
    totals = _read(totals_path)
    overlap = china.merge(totals, on=KEY, suffixes=("", "_totals"))
    for line, row in overlap.iterrows():
        if row["value_as_published"] != row["value_as_published_totals"]:
            raise BuildError(display_path(china_path), f"{row['value_as_published']!r} differs from the country-totals file's {row['value_as_published_totals']!r}", column="value")
    breakdowns = china.merge(totals[KEY], on=KEY, how="left", indicator=True)
    breakdowns = china[(breakdowns["_merge"] == "left_only").to_numpy()]
    out = pd.concat([totals, breakdowns])
    out = out[list(schemas.GLOTIP.columns)].sort_values(KEY).reset_index(drop=True)
    return validate(schemas.GLOTIP, out, "published table glotip")


def load_glotip_regional_sums(path: Path = REGIONAL_SUMS) -> pd.DataFrame:
    """Sums of GLOTIP country values by world, region and subregion — DERIVED, not UNODC figures.

    Returns the ``glotip_regional_sums_derived`` layout: source_id ("glotip_regional_sums_derived"),
    geography_level, geography, geography_zh (Chinese, Unicode CLDR), indicator, sex, age, year, value_sum_reported and the counts of
    countries with a number, suppressed (<5) and left out for duplicate keys (all Int64).

    Raises:
        BuildError: naming file, line and column for any failed check.
    """
    file = display_path(path)
    raw = read_validated(schemas.RAW_GLOTIP_REGIONAL, path)
    out = raw.drop(columns=["unit", "source_id"])
    out.insert(0, "source_id", REGIONAL_SOURCE_ID)
    out.insert(3, "geography_zh", chinese_names(raw["geography"], "name_en", ("world", "region", "subregion"), file, "geography"))
    for col in ("year", "value_sum_reported", "n_countries_with_numeric_value", "n_countries_suppressed_lt5", "n_countries_excluded_duplicate_rows"):
        out[col] = out[col].astype("Int64")
    return validate(schemas.GLOTIP_REGIONAL_SUMS, out, file)
