"""NBS census tables: population by 5-year age group and sex (2010, 2020) and births by sex and order.

Sources (see datasets/catalog.yaml): China Population Census Yearbook 2020 table 1-5 and tables
6-1/6-1a/b/c; Tabulation on the 2010 Population Census table 1-7 and tables 6-1.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from datasets import schemas
from datasets.dates import iso_dates
from datasets.errors import BuildError
from datasets.loaders.geo import code_regions
from datasets.loaders.names import chinese_names
from datasets.loaders.population import population_frame
from datasets.rawio import RAW_DIR, display_path
from datasets.validate import read_validated, validate

AGE5_PROVINCE = RAW_DIR / "china_census_2010_2020_population_by_age5_sex_province.csv"
AGE5_NATIONAL = RAW_DIR / "china_census_2020_population_by_age5_sex_national.csv"
BIRTHS = RAW_DIR / "china_census_2010_2020_births_by_sex_order_province_longform.csv"

SOURCE_BY_YEAR = {2020: "nbs_census2020_yb_t1_5", 2010: "nbs_census2010_t1_7"}
BIRTHS_SOURCE_BY_YEAR = {2020: "nbs_census2020_yb_t6_1", 2010: "nbs_census2010_t6_1"}



def _plain(key: object) -> str:
    """A group key as a reader writes it: (2020, 'Beijing', 'male'), no numpy reprs."""
    parts = key if isinstance(key, tuple) else (key,)
    return "(" + ", ".join(str(p) for p in parts) + ")"


def _check_ages_sum_to_total(raw: pd.DataFrame, keys: list[str], file: str) -> None:
    """Every (keys, sex) group's age groups must add up to its printed 'total' row."""
    is_total = raw["age_group"] == "total"
    sums = raw[~is_total].groupby(keys + ["sex"])["population"].sum()
    totals = raw[is_total].set_index(keys + ["sex"])["population"]
    got = sums.reindex(totals.index)
    differs = (got != totals).fillna(True).to_numpy(dtype=bool)  # missing: a total without age groups
    if differs.any():
        first = int(differs.argmax())
        key, total, summed = totals.index[first], totals.iloc[first], got.iloc[first]
        line = int(raw.index[is_total & (raw[keys + ["sex"]].apply(tuple, axis=1) == key)][0])
        summed = 0 if pd.isna(summed) else int(summed)
        raise BuildError(file, f"age groups sum to {summed:,}, but the printed total is {int(total):,} for {_plain(key)}", line=line, column="population")


def _check_male_female_both(raw: pd.DataFrame, keys: list[str], file: str) -> None:
    """Every printed 'both' cell must equal male + female of the same key and age group."""
    # pivot_table(index=keys + ["age_group"], columns="sex", values="population", aggfunc="sum"), faster
    wide = raw.groupby(keys + ["age_group", "sex"])["population"].sum().unstack("sex")
    bad = wide[wide["male"] + wide["female"] != wide["both"]]
    if not bad.empty:
        key = bad.index[0]
        same = raw[keys + ["age_group"]].apply(tuple, axis=1) == key
        lines = {sex: int(raw.index[same & (raw["sex"] == sex)][0]) for sex in ("both", "male", "female")}
        row = bad.iloc[0]
        raise BuildError(
            file,
            f"both = {int(row['both']):,} but male + female = {int(row['male'] + row['female']):,} for {_plain(key)} "
            f"(male on line {lines['male']}, female on line {lines['female']})",
            line=lines["both"],
            column="population",
        )


def _tidy_age5(raw: pd.DataFrame, file: str, source_by_year: dict[int, str]) -> pd.DataFrame:
    keys = ["census_year", "region_en"] if "region_en" in raw else ["census_year"]
    _check_male_female_both(raw, keys, file)
    _check_ages_sum_to_total(raw, keys, file)
    rows = raw[raw["age_group"] != "total"]
    bad_bounds = rows["age_start"].isna()
    if bad_bounds.any():
        line = int(rows.index[bad_bounds][0])
        raise BuildError(file, "age group without age_start", line=line, column="age_start")
    if "region_en" in rows:
        geography = (code_regions(rows, file), rows["region_en"], rows["region_zh"])
    else:
        geography = ("CHN", "China (31 provinces, national total)", "全国")
    return population_frame(
        file, source_id=rows["census_year"].map(source_by_year), estimate_type="census_count", geography=geography, year=rows["census_year"],
        reference_date=iso_dates(rows["census_date"].astype(str), file, "census_date"), age_start=rows["age_start"], age_end=rows["age_end"],
        age_label=rows["age_group"], sex=rows["sex"], population=rows["population"])


def load_census_age5_province(path: Path = AGE5_PROVINCE) -> pd.DataFrame:
    """2010 and 2020 census population by 5-year age group and sex, national row and 31 provinces.

    Returns a frame in the ``population_by_age_sex`` layout (see :mod:`datasets.schemas`):
    source_id, estimate_type ("census_count"), geography_code ("CHN" or "CN-xx"), geography,
    geography_zh, year (Int64), reference_date, age_start/age_end (Int64 years, age_end missing for
    "100+"), age_label, open_ended (bool), sex (male/female/both), population (Int64 persons).
    The printed "total" rows are checked (ages sum to them) and then left out.

    Counts exclude active-duty servicemen (2,000,000 in 2020). Source: NBS census yearbook 2020
    table 1-5 and 2010 tabulation table 1-7, via the workbook named in catalog.yaml.

    Raises:
        BuildError: naming file, line and column for any failed check.
    """
    file = display_path(path)
    raw = read_validated(schemas.RAW_CENSUS_AGE5_PROVINCE, path)
    return _tidy_age5(raw, file, SOURCE_BY_YEAR)


def load_census_age5_national(path: Path = AGE5_NATIONAL) -> pd.DataFrame:
    """2020 census national population by 5-year age group and sex (same layout as the province loader).

    The build checks that these rows equal the national rows of the province file, so the
    published table holds them once. Source: NBS census yearbook 2020 table 1-5, national row.

    Raises:
        BuildError: naming file, line and column for any failed check.
    """
    file = display_path(path)
    raw = read_validated(schemas.RAW_CENSUS_AGE5_NATIONAL, path)
    return _tidy_age5(raw, file, SOURCE_BY_YEAR)


def _iso_date(text: pd.Series) -> pd.Series:
    """``2019.11.1`` -> ``2019-11-01`` (text)."""
    parts = text.str.split(".", expand=True).astype(int)
    return parts[0].astype(str) + "-" + parts[1].map("{:02d}".format) + "-" + parts[2].map("{:02d}".format)


def load_births_by_sex_order(path: Path = BIRTHS) -> pd.DataFrame:
    """Births in the 12 months before the 2010 and 2020 censuses, by sex and birth order.

    Returns the ``births_by_sex_order`` layout: source_id, census_year (Int64), period_start,
    period_end (``datetime.date``), area_type (all/city/town/rural), geography_code, geography,
    geography_zh, birth_order (all, 1..4, 5+), births_both/births_male/births_female (Int64
    births in the long-form SAMPLE, about 10% of households: use for ratios only),
    sex_ratio_at_birth_as_printed (float, males per 100 females, missing where not printed).

    Source: NBS census tables 6-1, 6-1a/b/c (2020 yearbook; 2010 tabulation).

    Raises:
        BuildError: naming file, line and column for any failed check.
    """
    file = display_path(path)
    raw = read_validated(schemas.RAW_BIRTHS, path)
    out = pd.DataFrame(index=raw.index)
    end = _iso_date(raw["period_end"])
    out["census_year"] = end.str[:4].astype(int).astype("Int64")
    unknown = ~out["census_year"].isin(list(BIRTHS_SOURCE_BY_YEAR))
    if unknown.any():
        line = int(raw.index[unknown][0])
        raise BuildError(file, f"reference period {raw.loc[line, 'reference_period']!r} is not 2009-2010 or 2019-2020", line=line, column="period_end")
    out.insert(0, "source_id", out["census_year"].map(BIRTHS_SOURCE_BY_YEAR).astype(str))
    out["period_start"] = iso_dates(_iso_date(raw["period_start"]), file, "period_start")
    out["period_end"] = iso_dates(end, file, "period_end")
    out["area_type"] = raw["area_type"].astype(str)
    out["geography_code"] = code_regions(raw, file).astype(str)
    out["geography"] = raw["region_en"].astype(str)
    out["geography_zh"] = raw["region_zh"].astype(str)
    out["birth_order"] = raw["birth_order"].astype(str)
    for col in ("births_both", "births_male", "births_female"):
        out[col] = raw[col].astype("Int64")
    out["sex_ratio_at_birth_as_printed"] = raw["sex_ratio_at_birth_as_printed"].astype(float)
    return validate(schemas.BIRTHS_BY_SEX_ORDER, out[list(schemas.BIRTHS_BY_SEX_ORDER.columns)], file)


def load_census_srb_national(path: Path = BIRTHS) -> pd.DataFrame:
    """National census SRB as printed, read from the births file (:func:`census_srb_national` of
    :func:`load_births_by_sex_order`), in the sex_ratio_at_birth layout."""
    return census_srb_national(load_births_by_sex_order(path))


def census_srb_national(births: pd.DataFrame) -> pd.DataFrame:
    """National census SRB as printed (all areas, all birth orders), in the sex_ratio_at_birth layout.

    Returns rows with series "census" and revision "census YYYY (long-form sample)", geography
    "China" / geography_zh 中国 (Unicode CLDR, as for the WPP rows of the same table); value is
    males per 100 females as printed in table 6-1 (112.28 for 2020, 121.21 for 2010).
    """
    rows = births[(births["geography_code"] == "CHN") & (births["area_type"] == "all") & (births["birth_order"] == "all")]
    out = pd.DataFrame(index=rows.index)
    out["source_id"] = rows["source_id"]
    out["geography_code"] = "CHN"
    out["geography"] = "China"
    out["geography_zh"] = chinese_names(out["geography_code"], "iso3", ("country",), display_path(BIRTHS), "region_zh")
    out["year"] = rows["census_year"]
    out["series"] = "census"
    out["revision"] = "census " + rows["census_year"].astype(str) + " (long-form sample)"
    out["value"] = rows["sex_ratio_at_birth_as_printed"].astype(float)
    return out
