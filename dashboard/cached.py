"""Selections of the published (derived) tables that the pages draw, cached per server process
with ``st.cache_data``.

The computations themselves run in the build (:mod:`datasets.derived`) and are published as
tables (``sex_ratio_by_age``, ``population_totals``, ``census_2020_servicemen``, ``census_srb``,
``registered_cases``, ``claim_checks`` ...); here they are only read and filtered. Each selection
is cached by :func:`dashboard.data.cached_per_version`: per arguments and version of the published
file(s) it reads, so a new build is picked up without a restart. Each caller gets a copy.
"""

from __future__ import annotations

import pandas as pd

from dashboard import data
from dashboard.i18n import localised_column, t
from dashboard.labels import ESTIMATE_LABEL
from datasets.derived import finder
from datasets.derived.population import AS_PUBLISHED, FIVE_YEAR, WIDE_COLUMNS, surplus_in_range

AGES = "sex_ratio_by_age"
TOTALS = "population_totals"


@data.cached_per_version(AGES, max_entries=8)
def population_datasets() -> pd.DataFrame:
    """The (source, year) pairs of China's population tables: source_id, year, estimate_type,
    single_years (True where the table has single years of age)."""
    ages = data.load_table(AGES)
    china = ages[(ages["geography_code"] == "CHN") & (ages["grouping"] == AS_PUBLISHED)]
    single = (china["age_end"] - china["age_start"]).fillna(0).groupby([china["source_id"], china["year"]]).max().eq(0).rename("single_years")
    rows = china[["source_id", "year", "estimate_type"]].drop_duplicates().merge(single.reset_index(), on=["source_id", "year"])
    return rows.sort_values(["source_id", "year"]).reset_index(drop=True)


@data.cached_per_version(AGES, max_entries=256)
def _wide(source_id: str, year: int, geography_code: str, grouping: str) -> pd.DataFrame:
    ages = data.load_table(AGES)
    rows = ages[(ages["source_id"] == source_id) & (ages["year"] == year) & (ages["geography_code"] == geography_code) & (ages["grouping"] == grouping)]
    return rows[WIDE_COLUMNS].sort_values("age_start").reset_index(drop=True)


def by_sex_wide(source_id: str, year: int, geography_code: str = "CHN", equal_width: bool = False) -> pd.DataFrame:
    """Men, women, surplus of men and sex ratio by age group for one source, year and geography
    (``sex_ratio_by_age``, columns :data:`datasets.derived.population.WIDE_COLUMNS`).

    ``equal_width``: as drawn in a pyramid: single years stay single years, other tables come in
    5-year groups (the census's "0" and "1-4" folded into "0-4").
    """
    grouping = AS_PUBLISHED
    if equal_width:
        sets = population_datasets()
        single = sets[(sets["source_id"] == source_id) & (sets["year"] == int(year))]["single_years"]
        grouping = AS_PUBLISHED if bool(single.any()) else FIVE_YEAR
    return _wide(source_id, int(year), geography_code, grouping)


@data.cached_per_version(AGES, max_entries=1024)
def surplus(source_id: str, year: int, age_from: int, age_to_exclusive: int, geography_code: str = "CHN") -> dict:
    """:func:`datasets.derived.population.surplus_in_range` over :func:`by_sex_wide` (the table as
    published), computed once per source, year, place, range and data version: the page asks for
    the same ranges (its own and the cited 20-39 and 20-44) on every run of every reader.

    Raises:
        ValueError: a bound falls inside an age group, or the range is empty.
    """
    return surplus_in_range(_wide(source_id, int(year), geography_code, AS_PUBLISHED), int(age_from), int(age_to_exclusive))


@data.cached_per_version("reported_figures", max_entries=16)
def reported_value(measure: str) -> int | None:
    """The value of the first ``reported_figures`` row of ``measure`` (e.g. the 17.52 million,
    ``excess_males_over_females_age_20_40``, in persons), None when the table has none."""
    reported = data.load_table("reported_figures")
    rows = reported[reported["measure"] == measure]
    return int(rows["value"].iloc[0]) if not rows.empty else None


@data.cached_per_version(AGES, max_entries=8)
def geography_names(source_id: str, lang: str = "en") -> dict[str, str]:
    """geography_code -> name in ``lang`` (``geography`` / ``geography_zh``) of one population
    source, in the table's order."""
    rows = data.load_table(AGES)
    first = rows[rows["source_id"] == source_id].drop_duplicates("geography_code")
    return dict(zip(first["geography_code"], localised_column(first, "geography", lang)))


@data.cached_per_version(AGES, max_entries=64)
def _five_year_ratios(selections: list[tuple[str, int]]) -> pd.DataFrame:
    ages = data.load_table(AGES)
    five = ages[(ages["grouping"] == FIVE_YEAR) & (ages["geography_code"] == "CHN")]
    columns = ["estimate_type", "source_id", "year", "age_start", "age_label", "male", "female", "sex_ratio"]
    parts = [five[(five["source_id"] == s) & (five["year"] == y)].sort_values("age_start")[columns] for s, y in selections]
    parts = [p for p in parts if not p.empty]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)


def sex_ratio_by_age(selections: list[tuple[str, int]], lang: str = "en") -> pd.DataFrame:
    """Sex ratio by 5-year age group for several (source_id, year) pairs of China, for
    overlaying: series (label "2020 census count" / "2020 普查数", in ``lang``), source_id, year,
    age_start, age_label, male, female, sex_ratio. The numbers are cached once for every language."""
    rows = _five_year_ratios([(s, int(y)) for s, y in selections])
    series = [f"{y} {t(ESTIMATE_LABEL[e], lang)}" for y, e in zip(rows["year"], rows["estimate_type"])]
    return rows.assign(series=series)[["series", "source_id", "year", "age_start", "age_label", "male", "female", "sex_ratio"]]


@data.cached_per_version(AGES, max_entries=64)
def countries_sex_ratio_by_age(source_id: str, year: int, codes: list[str]) -> pd.DataFrame:
    """Sex ratio by 5-year age group for several countries of one WPP source and year: columns
    geography_code, geography, source_id, year, age_start, age_label, male, female, sex_ratio."""
    ages = data.load_table(AGES)
    rows = ages[(ages["grouping"] == FIVE_YEAR) & (ages["source_id"] == source_id) & (ages["year"] == int(year)) & ages["geography_code"].isin(codes)]
    order = {c: i for i, c in enumerate(codes)}
    rows = rows.assign(_order=rows["geography_code"].map(order)).sort_values(["_order", "age_start"])
    return rows[["geography_code", "geography", "source_id", "year", "age_start", "age_label", "male", "female", "sex_ratio"]].reset_index(drop=True)


@data.cached_per_version(TOTALS, max_entries=4)
def province_sex_ratio() -> pd.DataFrame:
    """Sex ratio of the whole population by province, 2010 and 2020 censuses (``population_totals``):
    year, source_id, geography_code, geography, geography_zh, male, female, sex_ratio."""
    totals = data.load_table(TOTALS)
    rows = totals[totals["geography_code"].str.startswith("CN-") & (totals["estimate_type"] == "census_count") & (totals["basis"] == "table")]
    cols = ["year", "source_id", "geography_code", "geography", "geography_zh", "male", "female", "sex_ratio"]
    return rows[cols].sort_values(["year", "sex_ratio"], ascending=[True, False]).reset_index(drop=True)


def communique_totals() -> dict:
    """The 2020 census communique's totals, servicemen included (``population_totals``, basis
    "communique"): male, female, surplus_of_men (persons), sex_ratio, source_id."""
    totals = data.load_table(TOTALS)
    row = totals[(totals["basis"] == "communique") & (totals["geography_code"] == "CHN")].iloc[0]
    return {"male": int(row["male"]), "female": int(row["female"]), "surplus_of_men": int(row["surplus_of_men"]),
            "sex_ratio": float(row["sex_ratio"]), "source_id": row["source_id"]}


def servicemen_gap() -> dict:
    """The 2020 census's active-duty servicemen (``census_2020_servicemen``): male, female, total (persons)."""
    gap = data.load_table("census_2020_servicemen").set_index("sex")["servicemen"]
    return {"male": int(gap["male"]), "female": int(gap["female"]), "total": int(gap["total"])}


#: The published tables the definition finder searches.
FINDER_TABLES = ["sex_ratio_by_age", "population_totals", "sex_ratio_at_birth", "census_srb", "reported_figures", "registered_cases",
                 "registered_cases_printed", "glotip", "never_married_share"]


@data.cached_per_version(*FINDER_TABLES, max_entries=256)
def _find(number: str, measure: str, stated: tuple) -> finder.Finding:
    tables = {name: data.load_table(name) for name in FINDER_TABLES}
    from datasets.derived.printed_number import parse_printed_number  # cn2an: only the pages that read printed numbers load it

    return finder.find_definitions(parse_printed_number(number), measure, tables, **dict(stated))


def find_definitions(number: str, measure: str, **stated) -> finder.Finding:
    """:func:`datasets.derived.finder.find_definitions` for a number as printed (text), cached
    per text, measure, stated year/place/ages/kind and data version.

    Raises:
        datasets.derived.printed_number.PrintedNumberError: the text is not a number as printed.
        datasets.derived.finder.FinderError: unknown measure or a reversed age range.
    """
    return _find(number, measure, tuple(sorted(stated.items())))


@data.cached_per_version(AGES, max_entries=4)
def check_places(lang: str = "en") -> dict[str, str]:
    """Places the finder can search, code -> name in ``lang``: China, its provinces, then the
    other countries and areas of the population tables."""
    ages = data.load_table(AGES)
    first = ages.drop_duplicates("geography_code")
    names = dict(zip(first["geography_code"], localised_column(first, "geography", lang)))
    order = ["CHN"] + sorted(c for c in names if c.startswith("CN-")) + sorted(c for c in names if c != "CHN" and not c.startswith("CN-"))
    return {c: names[c] for c in order}
