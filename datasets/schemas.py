"""One pandera schema per raw file (types, allowed values) and per published table (the contract).

Raw schemas coerce text to types, so "1,234", "n/a" or "一千" in a count fails with the line and
column named. Published schemas do not coerce: a loader must hand over the exact dtypes, and the
cross-row checks (male + female = both, age groups contiguous, unique keys) run there.

Units live in each column's ``metadata["unit"]`` and are copied into the Parquet metadata and into
every download.

The file is laid out by published table, in publishing order: each section holds the schemas of
the raw files the table is made from, then the table's own schema. :data:`PUBLISHED`, at the end,
lists the tables; the derived tables' schemas are in :mod:`datasets.derived.schemas`.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.engines import pandas_engine

from datasets.measures import TRAFFICKING_CASES

SEXES = ["male", "female", "both"]
ESTIMATE_TYPES = ["census_count", "un_estimate", "un_projection"]
CENSUS_YEARS = [1990, 2000, 2010, 2020]
#: The curated list of count types, with each type's label in English and Chinese.
COUNT_TYPES_FILE = Path(__file__).resolve().parent / "curated" / "count_types.csv"


def _count_types() -> list[str]:
    with COUNT_TYPES_FILE.open(encoding="utf-8", newline="") as f:
        return [row["count_type"] for row in csv.DictReader(f)]


#: What a reported figure counts (datasets/curated/count_types.csv). Figures of different count
#: types are never summed or drawn on one axis.
COUNT_TYPES = _count_types()

#: US TIP Report tier placements, best to worst, as published in ``tip_tiers.tier`` (``tier_order`` is the position, from 1).
TIERS = ["Tier 1", "Tier 2", "Tier 2 Watch List", "Tier 3", "special case"]

PERSONS = "persons"
SEX_RATIO = "males per 100 females"


class _Text(pandas_engine.STRING):
    """pandera's ``str`` dtype (pandas' ``StringDtype``, same name in messages) with the same
    check, answered once per column: a column whose dtype already is that string dtype passes as
    a whole. pandera's own check returns one ``True`` per cell there and then collects (and
    prints) the empty list of failing cells, column by column, which was most of the
    validation time. Any other dtype (e.g. object) is still checked cell by cell by pandera.
    """

    def check(self, pandera_dtype, data_container=None):
        try:
            same = pandas_engine.Engine.dtype(pandera_dtype).type == self.type
        except TypeError:
            same = False
        return True if same else super().check(pandera_dtype, data_container)

    def __deepcopy__(self, memo: dict) -> _Text:
        # Immutable (a frozen dataclass, as all pandera dtypes): every DataFrameSchema deep-copies
        # its columns, and copying this dtype for each of the ~250 text columns cost ~5 ms of import.
        return self


TEXT = _Text()
#: pandas' nullable integer dtype, given as an instance: the string "Int64" is resolved by pandera
#: through a slower path (which also tries to import geopandas) for each of the 46 columns.
INT64 = pd.Int64Dtype()


def _col(dtype, *checks, nullable=False, unit=None, title=None, coerce=False, **kw) -> pa.Column:
    metadata = {"unit": unit} if unit else None
    dtype = TEXT if dtype is str else dtype
    return pa.Column(dtype, list(checks), nullable=nullable, coerce=coerce, title=title, metadata=metadata, **kw)


def _count(title: str, unit: str = PERSONS, nullable: bool = False) -> pa.Column:
    """A non-negative integer count (nullable Int64: a value not published is missing, never 0)."""
    return _col(INT64, pa.Check.ge(0), nullable=nullable, unit=unit, title=title, coerce=True)


def _published_date() -> pa.Column:
    """A publication date as printed: year, year-month or full ISO date; missing when not shown."""
    return _col(str, pa.Check.str_matches(r"^\d{4}(-\d{2}(-\d{2})?)?$"), nullable=True)


#: A date as printed in a raw file: year, year-month or full ISO date (missing allowed).
_PRINTED_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"


def _date(title: str | None = None, nullable: bool = False) -> pa.Column:
    """A date: ``datetime.date`` objects (dtype object, missing = None), written to Parquet as
    ``date32`` (see :mod:`datasets.dates`)."""
    return _col(pa.Date, nullable=nullable, title=title)


def _partial_date(name: str, title: str | None = None, nullable: bool = True) -> dict[str, pa.Column]:
    """A date the source may print only to the year or month: the date itself (first day of the
    year/month; last day for ``period_end``), ``<name>_precision`` and ``<name>_as_printed``
    (:func:`datasets.dates.with_partial_dates`)."""
    return {
        name: _date(title, nullable=nullable),
        f"{name}_precision": _col(str, pa.Check.isin(["year", "month", "day"]), nullable=nullable, title=f"{name}: precision as printed (year, month or day)"),
        f"{name}_as_printed": _col(str, pa.Check.str_matches(_PRINTED_DATE), nullable=nullable, title=f"{name} as printed"),
    }


def _web_url() -> pa.Column:
    """An http(s) address."""
    return _col(str, pa.Check.str_matches(r"^https?://"))


#: At least one CJK ideograph: a Chinese name or translation, not an empty or English placeholder.
HAS_CHINESE = pa.Check(lambda s: s.str.contains(r"[\u3400-\u9fff]"), name="contains Chinese characters")


def _zh(title: str, nullable: bool = False) -> pa.Column:
    """Chinese text (a name, label or translation): must contain Chinese characters."""
    return _col(str, HAS_CHINESE, nullable=nullable, title=title)


def _raw_file(name: str, columns: dict[str, pa.Column], unique: list[str] | None = None, **kw) -> pa.DataFrameSchema:
    """The schema of a raw file: exactly these columns (strict). Where the file has a key
    (``unique``), each repeat of a key is reported, not the line it first stands on."""
    if unique:
        kw.update(unique=unique, report_duplicates="exclude_first")
    return pa.DataFrameSchema(columns, strict=True, name=name, **kw)


def _published_table(name: str, description: str, columns: dict[str, pa.Column], **kw) -> pa.DataFrameSchema:
    """The schema of a published table: exactly these columns, in this order (strict, ordered)."""
    return pa.DataFrameSchema(columns, strict=True, ordered=True, name=name, description=description, **kw)


# --------------------------------------------------------------------------- cross-row checks
# Each returns a boolean Series aligned with the frame, so failing rows are reported by line.

def _group_codes(df: pd.DataFrame, keys: list[str]) -> np.ndarray:
    """One integer per row, the same for rows with the same values in all ``keys`` (a missing
    value is a value of its own, as in ``groupby(dropna=False)``).

    Factorizing column by column is several times faster than a ``groupby`` over the key
    columns, whose MultiIndex dominated these checks' time on small frames.
    """
    codes = np.zeros(len(df), dtype=np.int64)
    for key in keys:
        column, uniques = pd.factorize(df[key], use_na_sentinel=False)
        codes, _ = pd.factorize(codes * len(uniques) + column)
    return codes


def _male_plus_female_equals_both(keys: list[str], value: str):
    def check(df: pd.DataFrame) -> pd.Series:
        # Per key: the sum of each sex (what pivot_table(index=keys, columns="sex",
        # aggfunc="sum") gives, missing where the key has no row of that sex).
        group = _group_codes(df, keys)
        groups = pd.RangeIndex(group.max() + 1 if len(group) else 0)
        sums = {}
        for sex in ("male", "female", "both"):
            rows = (df["sex"] == sex).to_numpy(dtype=bool, na_value=False)
            if not rows.any():
                return pd.Series(True, index=df.index)
            sums[sex] = df[value][rows].groupby(group[rows]).sum().reindex(groups)
        bad_key = ((sums["male"] + sums["female"]) != sums["both"]).fillna(False).to_numpy(dtype=bool)
        return pd.Series(~(bad_key[group] & (df["sex"] == "both").to_numpy(dtype=bool, na_value=False)), index=df.index)

    return pa.Check(check, name="male + female == both", error="male + female != both for this key")


def _age_groups_contiguous(keys: list[str]):
    def check(df: pd.DataFrame) -> pd.Series:
        # Each key's rows in order of age_start (missing last; ties in frame order).
        ordered = pd.DataFrame(
            {"group": _group_codes(df, keys), "age_start": df["age_start"].array, "age_end": df["age_end"].array},
            index=df.index,
        ).sort_values(["group", "age_start"], kind="stable")
        group = ordered["group"].to_numpy()
        new_group = group[1:] != group[:-1]
        first = pd.Series(np.concatenate([[True], new_group]) if len(group) else [], index=ordered.index, dtype=bool)
        last = pd.Series(np.concatenate([new_group, [True]]) if len(group) else [], index=ordered.index, dtype=bool)
        prev_end = ordered["age_end"].shift(1)  # another key's end on a key's first row: not used there
        starts_at_zero = ~first | (ordered["age_start"] == 0)
        follows_previous = first | (prev_end.notna() & (ordered["age_start"] == prev_end + 1))
        open_only_at_top = last | ordered["age_end"].notna()
        ok = (starts_at_zero & follows_previous & open_only_at_top).fillna(False)
        return ok.reindex(df.index).astype(bool)

    return pa.Check(check, name="age groups contiguous from 0, non-overlapping, open-ended only at the top")


def _births_add_up(df: pd.DataFrame) -> pd.Series:
    """male + female == both; a blank sex cell counts as 0 here (the source leaves zeros blank)."""
    cols = df[["births_male", "births_female", "births_both"]]
    none_printed = cols.isna().all(axis=1)
    adds_up = (df["births_male"].fillna(0) + df["births_female"].fillna(0) == df["births_both"]).fillna(False)
    return (none_printed | adds_up).astype(bool)


def _open_ended_marked(df: pd.DataFrame) -> pd.Series:
    return df["open_ended"] == df["age_end"].isna()


def _age_end_not_below_start(df: pd.DataFrame) -> pd.Series:
    return df["age_end"].isna() | (df["age_end"] >= df["age_start"])


# --------------------------------------------------------------------------- population_by_age_sex
# Census counts (NBS by 5-year age group, national and by province; UNSD by single year of age)
# and UN WPP estimates and projections, each tidied by its loader into one layout.

def _census_age5_columns() -> dict[str, pa.Column]:
    """The age, sex and population columns of the NBS census tables by 5-year age group (national
    and by province), which one function tidies into population_by_age_sex."""
    return {
        "age_group": _col(str, pa.Check.str_matches(r"^(total|\d+|\d+-\d+|\d+\+)$")),
        "age_start": _col(INT64, pa.Check.in_range(0, 120), nullable=True, coerce=True),
        "age_end": _col(INT64, pa.Check.in_range(0, 120), nullable=True, coerce=True),
        "sex": _col(str, pa.Check.isin(SEXES)),
        "population": _count("population"),
    }


RAW_CENSUS_AGE5_NATIONAL = _raw_file(
    "china_census_2020_population_by_age5_sex_national",
    {
        "census_year": _col(INT64, pa.Check.isin([2020]), coerce=True),
        "census_date": _col(str, pa.Check.isin(["2020-11-01"])),
        **_census_age5_columns(),
    },
)

RAW_CENSUS_AGE5_PROVINCE = _raw_file(
    "china_census_2010_2020_population_by_age5_sex_province",
    {
        "census_year": _col(INT64, pa.Check.isin([2010, 2020]), coerce=True),
        "census_date": _col(str, pa.Check.isin(["2010-11-01", "2020-11-01"])),
        "region_zh": _col(str),
        "region_en": _col(str),
        **_census_age5_columns(),
    },
    unique=["census_year", "region_en", "age_group", "sex"],
)

RAW_CENSUS_UNSD_SINGLE = _raw_file(
    "china_census_1990_2000_2010_population_by_single_age_sex_unsd",
    {
        "census_year": _col(INT64, pa.Check.isin([1990, 2000, 2010]), coerce=True),
        "record_type": _col(str),
        "age": _col(str, pa.Check.str_matches(r"^(\d+|\d+\s*\+)$")),
        "age_start": _col(INT64, pa.Check.in_range(0, 120), coerce=True),
        "age_end": _col(INT64, pa.Check.in_range(0, 120), nullable=True, coerce=True),
        "sex": _col(str, pa.Check.isin(["male", "female"])),
        "population": _count("population"),
        "unsd_footnotes": _col(str, nullable=True),
    },
    unique=["census_year", "age", "sex"],
)

_WPP_LOCATIONS = ["China", "India", "Japan", "Republic of Korea", "Viet Nam", "World"]

RAW_WPP_SINGLE_AGE = _raw_file(
    "un_wpp2022_population_by_single_age_sex_1950_2021_decadal_thousands",
    {
        "location": _col(str, pa.Check.isin(_WPP_LOCATIONS)),
        "iso3": _col(str, pa.Check.str_matches(r"^[A-Z]{3}$")),
        "un_location_code": _col(INT64, coerce=True),
        "year": _col(INT64, pa.Check.in_range(1950, 2021), coerce=True),
        "sex": _col(str, pa.Check.isin(["male", "female"])),
        "age": _col(INT64, pa.Check.in_range(0, 99), coerce=True),
        "population_thousands": _col(float, pa.Check.ge(0), coerce=True, unit="thousands of persons"),
    },
    unique=["location", "year", "sex", "age"],
)

RAW_WPP_PROJECTION = _raw_file(
    "un_wpp2022_population_by_age5_sex_projection_median_2022_2100_thousands",
    {
        "location": _col(str, pa.Check.isin(_WPP_LOCATIONS)),
        "iso3": _col(str, pa.Check.str_matches(r"^[A-Z]{3}$"), nullable=True),
        "un_location_code": _col(INT64, coerce=True),
        "year": _col(INT64, pa.Check.in_range(2022, 2100), coerce=True),
        "projection_series": _col(str, pa.Check.isin(["Med"])),
        "sex": _col(str, pa.Check.isin(["male", "female"])),
        "age_group": _col(str, pa.Check.str_matches(r"^(\d+-\d+|\d+\+)$")),
        "age_start": _col(INT64, pa.Check.in_range(0, 120), coerce=True),
        "age_end": _col(INT64, pa.Check.in_range(0, 120), nullable=True, coerce=True),
        "population_thousands": _col(float, pa.Check.ge(0), coerce=True, unit="thousands of persons"),
    },
    unique=["location", "year", "sex", "age_group"],
)

POPULATION_BY_AGE_SEX = _published_table(
    "population_by_age_sex",
    "Population by age group and sex: census counts (NBS, UNSD) and UN WPP estimates and projections, in persons.",
    {
        "source_id": _col(str, title="source (joins datasets/catalog.yaml)"),
        "estimate_type": _col(str, pa.Check.isin(ESTIMATE_TYPES), title="census count, UN estimate or UN projection"),
        "geography_code": _col(str, pa.Check.str_matches(r"^([A-Z]{3}|CN-[A-Z]{2})$"), title="ISO 3166 code"),
        "geography": _col(str, title="geography (English)"),
        "geography_zh": _col(str, nullable=True, title="geography (Chinese)"),
        "year": _col(INT64, pa.Check.in_range(1950, 2100), title="census year or UN reference year"),
        "reference_date": _date("reference date (missing where our sources do not state it)", nullable=True),
        "age_start": _col(INT64, pa.Check.in_range(0, 120), title="first age in group (completed years)"),
        "age_end": _col(INT64, pa.Check.in_range(0, 120), nullable=True, title="last age in group, completed years (missing = open-ended)"),
        "age_label": _col(str, title="age group"),
        "open_ended": _col(bool, title="open-ended top age group"),
        "sex": _col(str, pa.Check.isin(SEXES)),
        "population": _col(INT64, pa.Check.ge(0), title="population", unit=PERSONS),
    },
    unique=["source_id", "geography_code", "year", "sex", "age_start"],
    checks=[
        pa.Check(_open_ended_marked, name="open_ended == age_end is missing"),
        pa.Check(_age_end_not_below_start, name="age_end >= age_start"),
        _male_plus_female_equals_both(["source_id", "geography_code", "year", "age_start"], "population"),
        _age_groups_contiguous(["source_id", "geography_code", "year", "sex"]),
    ],
)


# --------------------------------------------------------------------------- sex_ratio_at_birth
# UN WPP sex ratio at birth; the census rows come from the long-form births file (RAW_BIRTHS,
# in the births_by_sex_order section).

RAW_WPP_SRB = _raw_file(
    "un_wpp_sex_ratio_at_birth_1950_2100",
    {
        "wpp_revision": _col(str, pa.Check.isin(["WPP2022", "WPP2024"])),
        "location": _col(str, pa.Check.isin(_WPP_LOCATIONS)),
        "iso3": _col(str, pa.Check.str_matches(r"^[A-Z]{3}$"), nullable=True),
        "un_location_code": _col(INT64, coerce=True),
        "year": _col(INT64, pa.Check.in_range(1950, 2100), coerce=True),
        "series": _col(str, pa.Check.isin(["estimate", "projection"])),
        # males per female; biologically ~1.05, a value above 2 means the wrong unit
        "srb_males_per_female": _col(float, pa.Check.in_range(0.8, 2.0), coerce=True, unit="males per female"),
    },
    unique=["wpp_revision", "location", "year"],
)

SEX_RATIO_AT_BIRTH = _published_table(
    "sex_ratio_at_birth",
    "Sex ratio at birth (SRB), males per 100 female births: UN WPP 2022 and 2024 (estimates and projections) and the 2010/2020 census long form.",
    {
        "source_id": _col(str),
        "geography_code": _col(str, pa.Check.str_matches(r"^([A-Z]{3}|CN-[A-Z]{2})$")),
        "geography": _col(str),
        "geography_zh": _zh("geography (Chinese; countries from Unicode CLDR, see datasets/curated/country_names_zh.csv)"),
        "year": _col(INT64, pa.Check.in_range(1950, 2100), title="year (census: end of the 12-month reference period)"),
        "series": _col(str, pa.Check.isin(["estimate", "projection", "census"])),
        "revision": _col(str, title="WPP revision or census"),
        "value": _col(float, pa.Check.in_range(80, 200), title="sex ratio at birth", unit=SEX_RATIO),
    },
    unique=["source_id", "geography_code", "year", "series"],
)


# --------------------------------------------------------------------------- births_by_sex_order
# Census long-form births by sex and birth order (sample counts).

RAW_BIRTHS = _raw_file(
    "china_census_2010_2020_births_by_sex_order_province_longform",
    {
        "reference_period": _col(str),
        "period_start": _col(str, pa.Check.str_matches(r"^\d{4}\.\d{1,2}\.\d{1,2}$")),
        "period_end": _col(str, pa.Check.str_matches(r"^\d{4}\.\d{1,2}\.\d{1,2}$")),
        "area_type": _col(str, pa.Check.isin(["all", "city", "town", "rural"])),
        "region_zh": _col(str),
        "region_en": _col(str),
        "birth_order": _col(str, pa.Check.isin(["all", "1", "2", "3", "4", "5+"])),
        "births_both": _count("births, both sexes", unit="births", nullable=True),
        "births_male": _count("births, male", unit="births", nullable=True),
        "births_female": _count("births, female", unit="births", nullable=True),
        # copied as printed, including meaningless values where female births are blank (e.g. 572157)
        "sex_ratio_at_birth_as_printed": _col(float, pa.Check.ge(0), nullable=True, coerce=True),
    },
    unique=["reference_period", "area_type", "region_en", "birth_order"],
)

BIRTHS_BY_SEX_ORDER = _published_table(
    "births_by_sex_order",
    "Births in the 12 months before the census by sex and birth order (long-form sample counts: use for ratios only).",
    {
        "source_id": _col(str),
        "census_year": _col(INT64, pa.Check.isin([2010, 2020])),
        "period_start": _date("first day of the 12-month reference period"),
        "period_end": _date("last day of the 12-month reference period"),
        "area_type": _col(str, pa.Check.isin(["all", "city", "town", "rural"])),
        "geography_code": _col(str, pa.Check.str_matches(r"^([A-Z]{3}|CN-[A-Z]{2})$")),
        "geography": _col(str),
        "geography_zh": _col(str),
        "birth_order": _col(str, pa.Check.isin(["all", "1", "2", "3", "4", "5+"])),
        "births_both": _col(INT64, pa.Check.ge(0), nullable=True, unit="births", title="births, both sexes (long-form sample count)"),
        "births_male": _col(INT64, pa.Check.ge(0), nullable=True, unit="births"),
        "births_female": _col(INT64, pa.Check.ge(0), nullable=True, unit="births"),
        "sex_ratio_at_birth_as_printed": _col(float, nullable=True, unit=SEX_RATIO, title="SRB as printed (meaningless where female births are blank or tiny)"),
    },
    unique=["census_year", "area_type", "geography_code", "birth_order"],
    checks=[
        pa.Check(_births_add_up, name="births_male + births_female == births_both (or all three not printed)"),
    ],
)


# --------------------------------------------------------------------------- reported_figures
# Single official figures as reported by outlets and pages. The sex-ratio and the trafficking figures
# share one raw layout; the registered cases from 2020 on have their own, with the same number and
# citation columns.

def _figure_number() -> dict[str, pa.Column]:
    """A reported figure's number as a raw file gives it: what it measures, the value (text
    coerced to float) and its unit."""
    return {"measure": _col(str), "value": _col(float, coerce=True), "unit": _col(str)}


def _figure_citation(outlet: str = "outlet", url: str = "url") -> dict[str, pa.Column]:
    """Where a raw file's reported figure was printed: the outlet, the publication date as
    printed, the page's http(s) address, the number exactly as printed (locator) and a note.
    ``outlet`` and ``url`` name the first and third column (the files name them differently)."""
    return {
        outlet: _col(str),
        "published_date": _published_date(),
        url: _web_url(),
        "locator": _col(str),
        "note": _col(str, nullable=True),
    }


RAW_REPORTED_FIGURES = _raw_file(
    "china_sex_ratio_reported_figures",
    {
        "figure_id": _col(str, pa.Check.str_matches(r"^[A-Z]{4}\d{3}$"), unique=True),
        **_figure_number(),
        "period_start": _col(str, pa.Check.str_matches(_PRINTED_DATE), nullable=True),
        "period_end": _col(str, pa.Check.str_matches(_PRINTED_DATE), nullable=True),
        "geography": _col(str),
        "agency": _col(str),
        **_figure_citation(),
    },
)

RAW_TRAFFICKING_2021_ONWARD = _raw_file(
    "china_trafficking_cases_registered_2021_onward",
    {
        "figure_id": _col(str, pa.Check.str_matches(r"^CNTR\d{3}$"), unique=True),
        "year": _col(INT64, pa.Check.in_range(2000, 2100), coerce=True),
        "geography": _col(str),
        **_figure_number(),
        "agency": _col(str),
        "source_type": _col(str),
        **_figure_citation(outlet="outlet_or_repository", url="url_or_path"),
    },
)

REPORTED_FIGURES = _published_table(
    "reported_figures",
    "Single official figures as reported by news outlets and other pages, each with agency, outlet, date, URL and the number as printed.",
    {
        "figure_id": _col(str, unique=True),
        "source_id": _col(str),
        "topic": _col(str, pa.Check.isin(["sex_ratio", "trafficking"])),
        "measure": _col(str),
        "measure_label": _col(str, title="short label of the measure (datasets/curated/measure_names.csv)"),
        "measure_label_zh": _zh("short label of the measure, Chinese (datasets/curated/measure_names.csv)"),
        "value": _col(float),
        "unit": _col(str),
        "count_type": _col(str, pa.Check.isin(COUNT_TYPES), title="what is counted (never summed across types)"),
        "lower_bound": _col(bool, title="the source prints 'more than' this value"),
        **_partial_date("period_start", "first day of the period the figure covers"),
        **_partial_date("period_end", "last day of the period the figure covers"),
        "geography": _col(str),
        "agency": _col(str),
        "outlet": _col(str),
        "outlet_zh": _zh("the outlet in Chinese (datasets/curated/outlet_names_zh.csv)"),
        **_partial_date("published_date", "date the page was published (missing: not shown)"),
        "url": _col(str),
        "locator": _col(str, title="the number exactly as printed"),
        "grade": _col(str, pa.Check.isin(["agency_figure_named_outlet", "mirror_copy", "secondary_only", "official_table_copy"])),
        "note": _col(str, nullable=True),
    },
)


# --------------------------------------------------------------------------- marital_status_by_age
# UNSD census population by marital status, age, sex and urban/rural residence, 1982-2010.

#: Marital statuses of the UNSD table, as printed -> our id.
MARITAL_STATUSES = {
    "Total": "total",
    "Single (never married)": "never_married",
    "Married": "married",
    "Widowed and not remarried": "widowed",
    "Divorced and not remarried": "divorced",
    "In consensual union": "consensual_union",
}

#: The UNdata export's data rows (the loader reads the footnote table after them on its own; the
#: cross-row checks, statuses add up to the Total row and Urban + Rural = Total, run in
#: datasets.loaders.census_unsd_marital with the numbers in the message).
RAW_MARITAL_UNSD = _raw_file(
    "unsd_china_population_by_marital_status_age_sex_census_1982_2010",
    {
        "Country or Area": _col(str, pa.Check.isin(["China"])),
        "Year": _col(INT64, pa.Check.isin([1982, 1990, 2000, 2010]), coerce=True),
        "Area": _col(str, pa.Check.isin(["Total", "Urban", "Rural"])),
        "Sex": _col(str, pa.Check.isin(["Male", "Female"])),
        "Age": _col(str, pa.Check.str_matches(r"^(\d+ - \d+|\d+ \+|Unknown)$")),
        "Marital status": _col(str, pa.Check.isin(list(MARITAL_STATUSES))),
        "Record Type": _col(str, pa.Check.str_matches(r"^Census - de (facto|jure) - (complete|sample) tabulation$")),
        "Reliability": _col(str),
        "Source Year": _col(INT64, pa.Check.in_range(1982, 2100), coerce=True),
        "Value": _count("persons in the table (a sample count in 2000 and 2010)"),
        "Value Footnotes": _col(str, pa.Check.str_matches(r"^\d+(,\d+)*$"), nullable=True),
    },
    unique=["Year", "Area", "Sex", "Age", "Marital status"],
)


def _marital_keys() -> dict[str, pa.Column]:
    """The first columns of marital_status_by_age and of the tables derived from it
    (:mod:`datasets.derived.schemas`): source, census year, area and sex."""
    return {
        "source_id": _col(str, title="source (joins datasets/catalog.yaml)"),
        "year": _col(INT64, pa.Check.isin([1982, 1990, 2000, 2010]), title="census year"),
        "area": _col(str, pa.Check.isin(["total", "urban", "rural"]), title="total, urban or rural"),
        "sex": _col(str, pa.Check.isin(["male", "female"])),
    }


def _tabulation() -> pa.Column:
    """How the census table was counted, in marital_status_by_age and the tables derived from it."""
    return _col(str, pa.Check.isin(["complete", "sample", "long_form_sample"]), title="complete count, sample tabulation, or long form (10% of households)")


MARITAL_STATUS_BY_AGE = _published_table(
    "marital_status_by_age",
    "Census population aged 15 and over by marital status, age group, sex and urban/rural residence, 1982-2010 (UNSD Demographic Yearbook). 2000 and 2010 are sample counts: use shares, not counts.",
    {
        **_marital_keys(),
        "age_label": _col(str, title="age group as published (15+ = every group together; unknown = age not stated)"),
        "age_start": _col(INT64, pa.Check.in_range(0, 120), nullable=True, title="first age in group (missing = age not stated)"),
        "age_end": _col(INT64, pa.Check.in_range(0, 120), nullable=True, title="last age in group (missing = open-ended)"),
        "all_ages": _col(bool, title="the 15+ row: the total of every age group"),
        "marital_status": _col(str, pa.Check.isin(list(MARITAL_STATUSES.values())), title="marital status (total = all statuses)"),
        "marital_status_as_published": _col(str, pa.Check.isin(list(MARITAL_STATUSES)), title="marital status as the UN table prints it"),
        "persons": _col(INT64, pa.Check.ge(0), unit=PERSONS,
                        title="persons counted in the table: a sample count where sample is True (2000, 2010), never a population count"),
        "tabulation": _tabulation(),
        "sample": _col(bool, title="the counts are a sample: use shares and ratios, never the counts"),
        "civilian_only": _col(bool, title="the census table covers the civilian population only (UN footnotes)"),
        "unsd_footnotes": _col(str, nullable=True, title="UN footnote codes of the row (see the catalogue's caveats)"),
    },
    unique=["source_id", "year", "area", "sex", "age_label", "marital_status"],
)


# --------------------------------------------------------------------------- crime_cases_registered
# NBS yearbook: criminal cases registered by category; the trafficking-only extract is checked against it.

RAW_CRIME_CASES = _raw_file(
    "china_criminal_cases_registered_by_police_1995_2020",
    {
        "year": _col(INT64, pa.Check.in_range(1949, 2100), coerce=True),
        "geography": _col(str, pa.Check.isin(["China (mainland)"])),
        "measure": _col(str, pa.Check.str_matches(r"^[a-z_]+$")),
        "measure_zh": _col(str),
        "value": _count("registered cases", unit="cases"),
        "unit": _col(str, pa.Check.isin(["cases"])),
        "source_id": _col(str),
    },
    unique=["year", "measure"],
)

RAW_TRAFFICKING_CASES = _raw_file(
    "china_trafficking_cases_registered",
    {
        "year": _col(INT64, pa.Check.in_range(1949, 2100), coerce=True),
        "geography": _col(str),
        "measure": _col(str, pa.Check.isin([TRAFFICKING_CASES])),
        "value": _count("registered cases", unit="cases"),
        "unit": _col(str, pa.Check.isin(["cases"])),
        "share_of_all_registered_criminal_cases_per_10000": _col(float, pa.Check.in_range(0, 10000), coerce=True),
        "source_id": _col(str),
    },
    unique=["year"],
)

CRIME_CASES_REGISTERED = _published_table(
    "crime_cases_registered",
    "Criminal cases registered (立案) by public security organs, all categories, mainland China (NBS China Statistical Yearbook).",
    {
        "source_id": _col(str),
        "geography": _col(str),
        "year": _col(INT64, pa.Check.in_range(1949, 2100)),
        "measure": _col(str),
        "measure_zh": _col(str, title="category as labelled in Chinese in the source copy"),
        "measure_label": _col(str, title="category label, English (datasets/curated/measure_names.csv)"),
        "count_type": _col(str, pa.Check.isin(["cases_registered"])),
        "value": _col(INT64, pa.Check.ge(0), nullable=True, title="criminal cases registered (立案) by public security organs", unit="cases"),
    },
    unique=["source_id", "year", "measure"],
)


# --------------------------------------------------------------------------- glotip
# UNODC Global Report on Trafficking in Persons data by country and year.

_GLOTIP_COLUMNS = {
    "iso3": _col(str, pa.Check.str_matches(r"^[A-Z0-9]{3}$")),
    "geography": _col(str),
    "region": _col(str),
    "subregion": _col(str),
    "indicator": _col(str, pa.Check.isin(["Detected trafficking victims", "Persons convicted", "Persons prosecuted", "Offences of trafficking in persons", "Persons brought into formal contact"])),
    "dimension": _col(str),
    "category": _col(str),
    "sex": _col(str),
    "age": _col(str),
    "year": _col(INT64, pa.Check.in_range(2000, 2100), coerce=True),
    "value": _col(INT64, pa.Check.ge(0), nullable=True, coerce=True),
    "value_flag": _col(str, pa.Check.isin(["suppressed_lt5"]), nullable=True),
    "value_as_published": _col(str),
    "unit": _col(str, pa.Check.isin(["count"])),
    "source_id": _col(str),
}
_GLOTIP_KEY = ["iso3", "indicator", "dimension", "category", "sex", "age", "year"]


def _suppressed_is_missing(df: pd.DataFrame) -> pd.Series:
    """A '<5' cell must be missing with its flag, never 0; a missing value must carry the flag."""
    flagged = df["value_flag"] == "suppressed_lt5"
    return (flagged & df["value"].isna()) | (~flagged.fillna(False) & df["value"].notna())


RAW_GLOTIP = _raw_file("unodc_glotip", _GLOTIP_COLUMNS, checks=[pa.Check(_suppressed_is_missing, name="'<5' suppressed cells are missing, never 0")])

_GLOTIP_ZH = {
    "geography": _zh("country or territory (Chinese, Unicode CLDR)"),
    "region": _zh("UN M49 region (Chinese, Unicode CLDR)"),
    "subregion": _zh("UN M49 subregion (Chinese, Unicode CLDR)"),
}

GLOTIP = _published_table(
    "glotip",
    "UNODC Global Report on Trafficking in Persons data: detected victims, persons prosecuted and convicted, offences, by country and year (release of 14 April 2025).",
    {
        "source_id": _col(str),
        **{
            name: col
            for k, v in _GLOTIP_COLUMNS.items()
            if k not in ("source_id", "unit", "value")
            for name, col in ([(k, v), (k + "_zh", _GLOTIP_ZH[k])] if k in _GLOTIP_ZH else [(k, v)])
        },
        "value": _col(INT64, pa.Check.ge(0), nullable=True, title="count reported to UNODC (missing where suppressed '<5')", unit="count"),
    },
    unique=_GLOTIP_KEY,
    checks=[pa.Check(_suppressed_is_missing, name="'<5' suppressed cells are missing, never 0")],
)


# --------------------------------------------------------------------------- glotip_regional_sums_derived
# Sums of the GLOTIP country values by world, region and subregion (not UNODC figures).

RAW_GLOTIP_REGIONAL = _raw_file(
    "unodc_glotip_regional_sums_derived",
    {
        "geography_level": _col(str, pa.Check.isin(["world", "region", "subregion"])),
        "geography": _col(str),
        "indicator": _GLOTIP_COLUMNS["indicator"],
        "sex": _col(str),
        "age": _col(str),
        "year": _col(INT64, pa.Check.in_range(2000, 2100), coerce=True),
        "value_sum_reported": _count("sum of reported country values", unit="count"),
        "n_countries_with_numeric_value": _count("countries with a number", unit="count"),
        "n_countries_suppressed_lt5": _count("countries suppressed (<5)", unit="count"),
        "n_countries_excluded_duplicate_rows": _count("countries left out (duplicate keys)", unit="count"),
        "unit": _col(str, pa.Check.isin(["count"])),
        "source_id": _col(str),
    },
    unique=["geography_level", "geography", "indicator", "sex", "age", "year"],
)

GLOTIP_REGIONAL_SUMS = _published_table(
    "glotip_regional_sums_derived",
    "DERIVED by this project's data compiler, not UNODC figures: sums of the country values of GLOTIP by region; the number of reporting countries changes every year, so these are not trends.",
    {
        "source_id": _col(str),
        "geography_level": RAW_GLOTIP_REGIONAL.columns["geography_level"],
        "geography": _col(str),
        "geography_zh": _zh("world, region or subregion (Chinese, Unicode CLDR)"),
        "indicator": _GLOTIP_COLUMNS["indicator"],
        "sex": _col(str),
        "age": _col(str),
        "year": _col(INT64),
        "value_sum_reported": _col(INT64, pa.Check.ge(0), unit="count", title="sum of the published country values (DERIVED, not a UNODC figure)"),
        "n_countries_with_numeric_value": _col(INT64, pa.Check.ge(0), unit="count"),
        "n_countries_suppressed_lt5": _col(INT64, pa.Check.ge(0), unit="count"),
        "n_countries_excluded_duplicate_rows": _col(INT64, pa.Check.ge(0), unit="count"),
    },
    unique=["geography_level", "geography", "indicator", "sex", "age", "year"],
)


# --------------------------------------------------------------------------- tip_tiers
# US TIP Report tier placements: all countries 2001-2015, and China in every report year.

RAW_TIP_ALL = _raw_file(
    "us_tip_tiers_all_countries_2001_2015",
    {
        "report_year": _col(INT64, pa.Check.in_range(2001, 2100), coerce=True),
        "geography": _col(str),
        "cow_code": _col(INT64, nullable=True, coerce=True),
        "tier_code": _col(float, pa.Check.isin([1.0, 2.0, 2.5, 3.0]), nullable=True, coerce=True),  # 2.5 = Tier 2 Watch List
        "tier_label": _col(str, pa.Check.isin(["Tier 1", "Tier 2", "Tier 2 Watch List", "Tier 3", "Special case"]), nullable=True),
        "value_flag": _col(str, nullable=True),
        "source_id": _col(str),
    },
    unique=["report_year", "geography"],
)

RAW_TIP_CHINA = _raw_file(
    "china_us_tip_tier_2001_2024",
    {
        "report_year": _col(INT64, pa.Check.in_range(2001, 2100), coerce=True),
        "geography": _col(str, pa.Check.isin(["China"])),
        "tier_code": _col(float, pa.Check.isin([1.0, 2.0, 2.5, 3.0]), coerce=True),
        "tier_label": _col(str, pa.Check.isin(["Tier 1", "Tier 2", "Tier 2 Watch List", "Tier 3"])),
        "source_id": _col(str),
        "source_location": _col(str),
        "locator": _col(str, nullable=True),
        "note": _col(str, nullable=True),
    },
    unique=["report_year"],
)

TIP_TIERS = _published_table(
    "tip_tiers",
    "US State Department Trafficking in Persons Report tier placements by country and report year.",
    {
        "source_id": _col(str),
        "report_year": _col(INT64, pa.Check.in_range(2001, 2100)),
        "country": _col(str, title="country (names harmonised across years)"),
        "country_zh": _zh("country (Chinese, Unicode CLDR)"),
        "name_in_source": _col(str),
        "tier": _col(str, pa.Check.isin(TIERS), nullable=True, title="tier placement as the report names it (missing: not rated)"),
        "tier_order": _col(INT64, pa.Check.isin(list(range(1, len(TIERS) + 1))), nullable=True,
                           title="sort order of the tier: 1 Tier 1, 2 Tier 2, 3 Tier 2 Watch List, 4 Tier 3, 5 special case"),
        "value_flag": _col(str, nullable=True),
        "source_location": _col(str, nullable=True),
        "locator": _col(str, nullable=True),
        "note": _col(str, nullable=True),
    },
    unique=["report_year", "country"],
)


# --------------------------------------------------------------------------- cited_figures (curated)
# Every figure the seed news report cites, with its Chinese translations.

#: Name of the frame check pairing note and note_zh (datasets.validate reports it in column note_zh).
NOTE_ZH_PAIRED = "note_zh given exactly where note is given"

RAW_CITED_FIGURES = _raw_file(
    "cited_figures (curated)",
    {
        "figure_id": _col(str, pa.Check.str_matches(r"^NEWS\d{3}$"), unique=True),
        "claim": _col(str, pa.Check.str_length(10, 200)),
        "claim_zh": _zh("the claim in our own words, Chinese translation"),
        "value": _col(float, coerce=True),
        "unit": _col(str),
        "lower_bound": _col(str, pa.Check.isin(["True", "False"])),
        "period_start": _col(str, pa.Check.str_matches(_PRINTED_DATE), nullable=True),
        "period_end": _col(str, pa.Check.str_matches(_PRINTED_DATE), nullable=True),
        "population": _col(str),
        "population_zh": _zh("who or what is counted, Chinese"),
        "locator": _col(str),
        "locator_zh": _zh("the number as a Chinese report would print it"),
        "attributed_to": _col(str),
        "attributed_to_zh": _zh("the source the report names, Chinese"),
        "recompute": _col(str, nullable=True),
        "chart_page": _col(str, nullable=True),
        "chart_anchor": _col(str, nullable=True),
        "note": _col(str, nullable=True),
        "note_zh": _zh("note, Chinese translation", nullable=True),
    },
    checks=[pa.Check(lambda df: df["note"].isna() == df["note_zh"].isna(), name=NOTE_ZH_PAIRED)],
)

CITED_FIGURES = _published_table(
    "cited_figures",
    "Every figure the March 2022 SCMP report cites, recorded as facts with a citation (no sentence of the report is copied).",
    {
        "figure_id": _col(str, unique=True),
        "source_id": _col(str),
        "claim": _col(str, title="the claim in our own words"),
        "claim_zh": _zh("the claim in our own words, Chinese translation"),
        "value": _col(float, title="the number as cited"),
        "unit": _col(str),
        "lower_bound": _col(bool, title="the report prints 'more than'"),
        **_partial_date("period_start", "first day of the period the figure covers"),
        **_partial_date("period_end", "last day of the period the figure covers"),
        "population": _col(str, title="who or what is counted"),
        "population_zh": _zh("who or what is counted, Chinese"),
        "outlet": _col(str),
        "outlet_zh": _zh("the outlet in Chinese"),
        "title": _col(str),
        "published_date": _date("date the report was published"),
        "url": _col(str),
        "locator": _col(str, title="the number exactly as printed in the report"),
        "locator_zh": _zh("the same number as a Chinese report would print it (our translation)"),
        "attributed_to": _col(str, title="the source the report names"),
        "attributed_to_zh": _zh("the source the report names, Chinese"),
        "recompute": _col(str, nullable=True, title="cross-check method (datasets.derived.claims)"),
        "chart_page": _col(str, nullable=True),
        "chart_anchor": _col(str, nullable=True),
        "note": _col(str, nullable=True),
        "note_zh": _zh("note, Chinese translation", nullable=True),
    },
    checks=[pa.Check(lambda df: df["note"].isna() == df["note_zh"].isna(), name=NOTE_ZH_PAIRED)],
)


# --------------------------------------------------------------------------- repeated_claims (curated)
# Figures on these topics repeated by outlets and official pages.

REPEATED_TOPICS = ["surplus_all_ages", "surplus_age_band", "sex_ratio", "sex_ratio_at_birth", "bachelors_projection", "trafficking_trend",
                   "trafficking_cases", "dna_database", "rescues", "tip_tier", "unodc", "other"]
#: What a repeated claim counts; the finder searches the measure in ``checked_as`` (datasets.derived.finder.MEASURES, or tip_tier).
CLAIM_MEASURES = ["surplus_of_men", "sex_ratio", "men", "women", "population", "sex_ratio_at_birth", "registered_cases", "change_percent",
                  "persons_rescued_or_found", "persons_convicted", "detected_victims", "projected_surplus_of_men", "share_never_married",
                  "cases_solved", "suspects_arrested", "persons_prosecuted", "tip_tier", "other"]
CHECKED_AS = ["surplus_of_men", "sex_ratio", "men", "women", "population", "sex_ratio_at_birth", "registered_cases", "change_percent",
              "persons_rescued_or_found", "persons_convicted", "detected_victims", "tip_tier", "share_never_married"]


def _repeated_claim_columns(coerce: bool) -> dict:
    year = _col(INT64, pa.Check.in_range(1949, 2100), nullable=True, coerce=coerce)
    age = _col(INT64, pa.Check.in_range(0, 120), nullable=True, coerce=coerce)
    return {
        "claim_id": _col(str, pa.Check.str_matches(r"^RC\d{3}$"), unique=True),
        "topic": _col(str, pa.Check.isin(REPEATED_TOPICS)),
        "claim": _col(str, pa.Check.str_length(10, 250), title="the claim in our own words"),
        "claim_zh": _zh("the claim in our own words, Chinese"),
        "number_as_printed": _col(str, pa.Check.str_length(1, 60), title="the number exactly as printed, with its bound words"),
        "measure": _col(str, pa.Check.isin(CLAIM_MEASURES), title="what the number counts"),
        "checked_as": _col(str, pa.Check.isin(CHECKED_AS), nullable=True, title="measure searched in the published tables (missing: none held)"),
        "year": year,
        "year_to": year,
        "geography_code": _col(str, pa.Check.str_matches(r"^([A-Z]{3}|CN-[A-Z]{2})$"), nullable=True),
        "age_from": age,
        "age_to": age,
        "kind": _col(str, pa.Check.isin(["census_count", "un_estimate", "un_projection"]), nullable=True),
        "outlet": _col(str),
        "attributed_to": _col(str),
        "published_date": _published_date(),
        "url": _web_url(),
        "locator": _col(str, title="a few words around the number, to find it on the page"),
        "grade": _col(str, pa.Check.isin(["official_release", "agency_figure_named_outlet", "mirror_copy", "secondary_only"])),
        "note": _col(str, nullable=True),
    }


RAW_REPEATED_CLAIMS = _raw_file(
    "repeated_claims (curated)",
    _repeated_claim_columns(coerce=True),
    ordered=True,
    checks=[pa.Check(lambda df: df["age_to"].isna() | df["age_from"].isna() | (df["age_to"] >= df["age_from"]), name="age_to >= age_from")],
)


def _with_outlet_zh(columns: dict) -> dict:
    """The published columns: outlet_zh after outlet, and the publication date as a date with its
    precision and the text as printed."""
    out = {}
    for name, col in columns.items():
        if name == "published_date":
            out.update(_partial_date("published_date", "date the page was published (missing: not shown)"))
            continue
        out[name] = col
        if name == "outlet":
            out["outlet_zh"] = _zh("the outlet in Chinese (datasets/curated/outlet_names_zh.csv)")
    return out


REPEATED_CLAIMS = _published_table(
    "repeated_claims",
    "Figures on these topics repeated by news outlets and official pages, each with outlet, date, URL and the number as printed (claims in our own words).",
    {"source_id": _col(str), **_with_outlet_zh(_repeated_claim_columns(coerce=False))},
)


# --------------------------------------------------------------------------- Chinese names and labels (curated)
# Lookup files with no table of their own: the loaders take the Chinese names, measure labels and
# outlet names of the tables above from them (datasets.loaders.names).

RAW_COUNTRY_NAMES_ZH = _raw_file(
    "country_names_zh (curated)",
    {
        "kind": _col(str, pa.Check.isin(["country", "region", "subregion", "world"])),
        "iso3": _col(str, pa.Check.str_matches(r"^[A-Z]{3}$"), nullable=True),
        "m49": _col(str, pa.Check.str_matches(r"^\d{3}$"), nullable=True),
        "cldr_code": _col(str, pa.Check.str_matches(r"^([A-Z]{2}|\d{3})$")),
        "name_en": _col(str),
        "name_zh": _zh("name in Chinese (CLDR zh)"),
        "cldr_name_en": _col(str),
        "code_from": _col(str),
        "used_in": _col(str),
    },
    unique=["kind", "name_en"],
)

RAW_MEASURE_NAMES = _raw_file(
    "measure_names (curated)",
    {
        "measure": _col(str, pa.Check.str_matches(r"^[a-z0-9_]+$"), unique=True),
        "label_en": _col(str, pa.Check.str_length(3, 90)),
        "label_zh": _zh("label in Chinese"),
    },
)

RAW_OUTLET_NAMES = _raw_file(
    "outlet_names_zh (curated)",
    {
        "outlet": _col(str, unique=True),
        "outlet_zh": _zh("the outlet in Chinese: its established Chinese name, or the Latin name with the description translated"),
    },
)


# --------------------------------------------------------------------------- every published table

#: Published table name -> schema, in publishing order. The build writes exactly these tables.
PUBLISHED = {
    "population_by_age_sex": POPULATION_BY_AGE_SEX,
    "sex_ratio_at_birth": SEX_RATIO_AT_BIRTH,
    "births_by_sex_order": BIRTHS_BY_SEX_ORDER,
    "reported_figures": REPORTED_FIGURES,
    "marital_status_by_age": MARITAL_STATUS_BY_AGE,
    "crime_cases_registered": CRIME_CASES_REGISTERED,
    "glotip": GLOTIP,
    "glotip_regional_sums_derived": GLOTIP_REGIONAL_SUMS,
    "tip_tiers": TIP_TIERS,
    "cited_figures": CITED_FIGURES,
    "repeated_claims": REPEATED_CLAIMS,
}
