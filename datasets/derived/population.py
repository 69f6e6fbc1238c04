"""Sex ratio and surplus of men by age, population totals, census SRB: computed from the published
population, birth and reported-figure tables, and published by the build as tables of their own.

Pure functions: every one takes DataFrames (published tables, as ``python -m datasets.build``
makes them) and returns a new one; inputs are never changed. Sex ratio is always males per 100
females (2 decimals); the surplus of men is male minus female population, in persons.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: The 2020 census source whose tables leave out the active-duty servicemen, and the source of
#: the census communique's totals that count them (reported figures, graded per row).
CENSUS_2020 = "nbs_census2020_yb_t1_5"
COMMUNIQUE = "nbs_press_conference_2021_05_17_reports"
COMMUNIQUE_MEASURES = {"male": "male_population_census", "female": "female_population_census"}

#: Age groupings of the ``sex_ratio_by_age`` table: the table's own groups, and 5-year groups.
AS_PUBLISHED, FIVE_YEAR = "as_published", "5-year"
WIDE_COLUMNS = ["source_id", "year", "geography", "age_start", "age_end", "age_label", "open_ended", "male", "female", "surplus_of_men", "sex_ratio"]


def select_dataset(pop: pd.DataFrame, source_id: str, year: int, geography_code: str = "CHN") -> pd.DataFrame:
    """Rows of one source, year and geography of ``population_by_age_sex``, ordered by age group and sex."""
    rows = pop[(pop["source_id"] == source_id) & (pop["year"] == year) & (pop["geography_code"] == geography_code)]
    return rows.sort_values(["age_start", "sex"]).reset_index(drop=True)


def sex_ratio(male: pd.Series, female: pd.Series) -> pd.Series:
    """100 x male / female, rounded to 2 decimals (float; missing where female is 0 or missing)."""
    m = pd.to_numeric(male, errors="coerce").astype(float)
    f = pd.to_numeric(female, errors="coerce").astype(float).replace(0, np.nan)
    return (100 * m / f).round(2)


def by_sex_wide(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per age group with male, female (Int64 persons), surplus_of_men (male - female,
    persons) and sex_ratio (males per 100 females).

    Args:
        rows: ``population_by_age_sex`` rows of ONE source, year and geography.

    Returns:
        Columns :data:`WIDE_COLUMNS`, ordered by age_start.

    Raises:
        ValueError: rows mix several sources, years or geographies (their sums would be meaningless).
    """
    for col in ("source_id", "year", "geography_code"):
        if rows[col].nunique() > 1:
            raise ValueError(f"by_sex_wide needs one {col}; got {sorted(rows[col].astype(str).unique())}")
    keys = ["source_id", "year", "geography", "age_start", "age_end", "age_label", "open_ended"]
    wide = (
        rows[rows["sex"].isin(["male", "female"])]
        .pivot_table(index=keys, columns="sex", values="population", aggfunc="sum", dropna=False, observed=True)
        .reset_index()
    )
    wide.columns.name = None
    wide = wide.dropna(subset=["male", "female"], how="all").sort_values("age_start").reset_index(drop=True)
    return _with_ratios(wide)[WIDE_COLUMNS]


def _with_ratios(wide: pd.DataFrame) -> pd.DataFrame:
    wide["male"] = wide["male"].astype("Int64")
    wide["female"] = wide["female"].astype("Int64")
    wide["surplus_of_men"] = (wide["male"] - wide["female"]).astype("Int64")
    wide["sex_ratio"] = sex_ratio(wide["male"], wide["female"])
    return wide


def to_age5(rows: pd.DataFrame, top: int = 100) -> pd.DataFrame:
    """Regroup ``population_by_age_sex`` rows into 5-year groups 0-4 ... 95-99 and ``top``+.

    Single years and the census's "0" and "1-4" fold into "0-4". A source that stops before
    ``top`` (WPP single ages end at 99) keeps its last group closed.

    Returns:
        The same columns as the input, one row per source, geography, year, sex and 5-year group.

    Raises:
        ValueError: an age group does not nest in 5-year groups.
    """
    if rows.empty:
        return rows.copy()
    start5 = (rows["age_start"] // 5) * 5
    end_ok = rows["age_end"].isna() | ((rows["age_end"] // 5) * 5 == start5) | (rows["age_start"] >= top)
    if not bool(end_ok.all()):
        bad = rows.loc[~end_ok, "age_label"].iloc[0]
        raise ValueError(f"age group {bad!r} does not nest in 5-year groups")
    out = rows.assign(age_start=start5.where(rows["age_start"] < top, top).astype("Int64"))
    keys = [c for c in rows.columns if c not in ("population", "age_end", "age_label", "open_ended")]
    grouped = out.groupby(keys, dropna=False, sort=False, observed=True).agg(
        population=("population", "sum"), open_ended=("open_ended", "max"), age_end_max=("age_end", "max")
    ).reset_index()
    grouped["open_ended"] = grouped["open_ended"].astype(bool)
    grouped["age_end"] = (grouped["age_start"] + 4).astype("Int64").where(~grouped["open_ended"], pd.NA)
    grouped.loc[grouped["open_ended"], "age_end"] = pd.NA
    closed_top = (~grouped["open_ended"]) & (grouped["age_start"] >= top)
    grouped.loc[closed_top, "age_end"] = grouped.loc[closed_top, "age_end_max"]
    grouped["age_end"] = grouped["age_end"].astype("Int64")
    grouped["age_label"] = [
        f"{s}+" if o else (f"{s}-{e}" if e != s else f"{s}") for s, e, o in zip(grouped["age_start"], grouped["age_end"], grouped["open_ended"])
    ]
    grouped["population"] = grouped["population"].astype("Int64")
    return grouped[list(rows.columns)].sort_values("age_start", kind="stable").reset_index(drop=True)


def age_boundaries(wide: pd.DataFrame) -> list[int]:
    """Possible range boundaries of an age table: each group's first age, plus the end.

    The last boundary is ``last age_end + 1`` for a closed top group and 999 ("and over") for an
    open-ended one, so a range (a, b) always covers whole groups: age_start >= a and < b.
    """
    starts = [int(a) for a in wide["age_start"]]
    last = wide.iloc[-1]
    end = 999 if bool(last["open_ended"]) else int(last["age_end"]) + 1
    return starts + [end]


def surplus_in_range(wide: pd.DataFrame, age_from: int, age_to_exclusive: int) -> dict:
    """Sum men, women and the surplus of men over the groups with age_from <= age_start < age_to.

    Args:
        wide: one source, year and geography of ``sex_ratio_by_age`` (or :func:`by_sex_wide`).
        age_from: first age (must be a group boundary).
        age_to_exclusive: first age NOT included (a group boundary, or 999 for "and over").

    Returns:
        dict with first_age, last_age (None for open-ended), label ("20-39"), men, women,
        surplus_of_men (int persons) and sex_ratio (float, males per 100 females).

    Raises:
        ValueError: a bound falls inside a group (the tables cannot be split), or the range is empty.
    """
    bounds = age_boundaries(wide)
    for b in (age_from, age_to_exclusive):
        if b not in bounds:
            raise ValueError(f"age {b} is not a group boundary of this table (boundaries: {bounds})")
    if age_to_exclusive <= age_from:
        raise ValueError("the range is empty: the upper bound must be above the lower bound")
    rows = wide[(wide["age_start"] >= age_from) & (wide["age_start"] < age_to_exclusive)]
    men, women = int(rows["male"].sum()), int(rows["female"].sum())
    open_top = bool(rows["open_ended"].any())
    last = None if open_top else int(rows["age_end"].max())
    label = f"{age_from}+" if open_top else f"{age_from}-{last}"
    return {
        "first_age": age_from,
        "last_age": last,
        "label": label,
        "men": men,
        "women": women,
        "surplus_of_men": men - women,
        "sex_ratio": round(100 * men / women, 2) if women else None,
    }


# --------------------------------------------------------------------------- published tables

def sex_ratio_by_age_table(pop: pd.DataFrame) -> pd.DataFrame:
    """The ``sex_ratio_by_age`` table: men, women, surplus of men and sex ratio for every source,
    geography, year and age group of ``population_by_age_sex``, in the table's own groups
    (``grouping`` "as_published") and in 5-year groups ("5-year": single years and the census's
    "0" and "1-4" folded; the groups every chart that overlays sources uses).

    Returns:
        Columns source_id, estimate_type, geography_code, geography, geography_zh, year (Int64),
        grouping, age_start, age_end (Int64, missing = open-ended), age_label, open_ended (bool),
        male, female, surplus_of_men (Int64 persons), sex_ratio (float, males per 100 females);
        ordered by source, geography, year, grouping, age.
    """
    keys = ["source_id", "estimate_type", "geography_code", "geography", "geography_zh", "year"]
    ages = ["age_start", "age_end", "age_label", "open_ended"]
    counted = pop[pop["sex"].isin(["male", "female"])]
    parts = []
    for grouping, rows in ((AS_PUBLISHED, counted), (FIVE_YEAR, to_age5(counted))):
        wide = rows.groupby(keys + ages + ["sex"], observed=True, sort=False, dropna=False)["population"].sum(min_count=1).unstack("sex").reset_index()
        wide.columns.name = None
        parts.append(_with_ratios(wide).assign(grouping=grouping))
    out = pd.concat(parts, ignore_index=True)
    out["geography_zh"] = out["geography_zh"].astype(pop["geography_zh"].dtype)
    columns = keys + ["grouping"] + ages + ["male", "female", "surplus_of_men", "sex_ratio"]
    return out[columns].sort_values(["source_id", "geography_code", "year", "grouping", "age_start"]).reset_index(drop=True)


def population_totals_table(pop: pd.DataFrame, reported: pd.DataFrame) -> pd.DataFrame:
    """The ``population_totals`` table: men, women, surplus of men and sex ratio of the whole
    population in each source, geography and year (``basis`` "table": the sum of the table's age
    groups), and the 2020 census communique's totals, which count the 2,000,000 active-duty
    servicemen the yearbook tables leave out (``basis`` "communique", reported figures
    CNSR014/CNSR015).

    Returns:
        Columns source_id, estimate_type, geography_code, geography, geography_zh, year, basis,
        top_age_label (the table's last age group: "100+", or "99" where an extract stops at 99),
        male, female, surplus_of_men (Int64 persons), sex_ratio (float).

    Raises:
        ValueError: the communique's totals are missing from the reported figures.
    """
    keys = ["source_id", "estimate_type", "geography_code", "geography", "geography_zh", "year"]
    counted = pop[pop["sex"].isin(["male", "female"])]
    sums = counted.groupby(keys + ["sex"], observed=True, sort=False)["population"].sum().unstack("sex").reset_index()
    sums.columns.name = None
    top = counted.sort_values("age_start").groupby(keys, observed=True, sort=False)["age_label"].last().rename("top_age_label").reset_index()
    sums = sums.merge(top, on=keys).assign(basis="table")
    china = sums[(sums["source_id"] == CENSUS_2020) & (sums["geography_code"] == "CHN")]
    if china.empty:
        raise ValueError("the 2020 census national rows are missing")
    printed = reported.set_index("measure")["value"]
    if not set(COMMUNIQUE_MEASURES.values()) <= set(printed.index):
        raise ValueError("the census communique totals are not among the reported figures")
    communique = china.assign(
        source_id=COMMUNIQUE, basis="communique",
        male=int(printed[COMMUNIQUE_MEASURES["male"]]), female=int(printed[COMMUNIQUE_MEASURES["female"]]),
    )
    out = _with_ratios(pd.concat([sums, communique], ignore_index=True))
    columns = keys + ["basis", "top_age_label", "male", "female", "surplus_of_men", "sex_ratio"]
    return out[columns].sort_values(["source_id", "geography_code", "year"]).reset_index(drop=True)


def servicemen_2020_table(totals: pd.DataFrame) -> pd.DataFrame:
    """The ``census_2020_servicemen`` table: the persons the 2020 census communique counts but the
    yearbook tables leave out (active-duty servicemen), communique minus table, by sex.

    Args:
        totals: the ``population_totals`` table.

    Returns:
        Rows male, female, total; columns sex, communique, table, servicemen (Int64 persons),
        source_id (the communique's), table_source_id (the yearbook's). With the published data:
        1,923,562 men, 76,438 women, 2,000,000 in all.
    """
    china = totals[(totals["geography_code"] == "CHN") & (totals["year"] == 2020) & totals["source_id"].isin([CENSUS_2020, COMMUNIQUE])].set_index("basis")
    rows = []
    for sex in ("male", "female"):
        rows.append((sex, int(china.loc["communique", sex]), int(china.loc["table", sex])))
    rows.append(("total", rows[0][1] + rows[1][1], rows[0][2] + rows[1][2]))
    out = pd.DataFrame(rows, columns=["sex", "communique", "table"])
    out["servicemen"] = out["communique"] - out["table"]
    for col in ("communique", "table", "servicemen"):
        out[col] = out[col].astype("Int64")
    return out.assign(source_id=COMMUNIQUE, table_source_id=CENSUS_2020)


def census_srb_table(births: pd.DataFrame, min_female_births: int = 100) -> pd.DataFrame:
    """The ``census_srb`` table: the sex ratio at birth computed from the census long-form sample
    births (``births_by_sex_order``), for every census, area type, geography and birth order.

    Rows with fewer than ``min_female_births`` female births in the sample are flagged
    ``small_sample``: too few births for a ratio to mean much (the province charts leave them out).

    Returns:
        The ``births_by_sex_order`` columns plus sex_ratio_at_birth (float, 100 x male / female,
        2 decimals; missing where no female births are printed) and small_sample (bool), in the
        same row order.
    """
    out = births.copy()
    out["sex_ratio_at_birth"] = sex_ratio(out["births_male"], out["births_female"])
    out["small_sample"] = (out["births_female"].fillna(0) < min_female_births).astype(bool)
    return out.reset_index(drop=True)
