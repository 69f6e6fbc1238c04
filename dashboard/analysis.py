"""Pure computations on published frames: pyramids, sex ratios, surplus of men, SRB by order/province.

No streamlit, no file access: every function takes a DataFrame (as returned by
:mod:`dashboard.data`) and returns a new one; inputs are never mutated. Sex ratio is always
males per 100 females; the surplus of men is male minus female population, in persons.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.i18n import N_, t

#: Reading of estimate_type for labels.
ESTIMATE_LABEL = {"census_count": N_("census count"), "un_estimate": N_("UN estimate"), "un_projection": N_("UN projection")}

#: Short source names for labels (the full citation is in the catalogue).
SOURCE_SHORT = {
    "nbs_census2020_yb_t1_5": N_("NBS 2020 census yearbook, table 1-5"),
    "nbs_census2010_t1_7": N_("NBS 2010 census tabulation, table 1-7"),
    "unsd_dyb_census_1990_2000_2010": N_("UNSD Demographic Yearbook (census)"),
    "wpp2022_single_age_decadal": N_("UN WPP 2022 estimates"),
    "wpp2022_age5_projection_median": N_("UN WPP 2022 median projection"),
    "wpp2022_srb": N_("UN WPP 2022"),
    "wpp2024_srb": N_("UN WPP 2024"),
    "nbs_census2020_yb_t6_1": N_("NBS 2020 census yearbook, table 6-1 (long-form sample)"),
    "nbs_census2010_t6_1": N_("NBS 2010 census tabulation, table 6-1 (long-form sample)"),
    "nbs_press_conference_2021_05_17_reports": N_("NBS spokesperson, 17 May 2021 (as reported)"),
    "natural_earth_admin1_50m": N_("Natural Earth (boundaries)"),
    "nbs_csy_via_mybox_fe485f3": N_("NBS China Statistical Yearbook"),
    "unodc_glotip_2025-04-14": N_("UNODC GLOTIP data, April 2025"),
    "kelley_cho_tiers_dta_2015-08-10": N_("US TIP Report (Cho/Kelley coding)"),
    "kelley_tiers_2015_csv": N_("US TIP Report 2015"),
    "us_tip_china_2016_2024_web_pages": N_("US TIP Report narratives (web copies)"),
    "trafficking_reported_figures_web": N_("official figures as reported online"),
    "trafficking_cases_2021_onward": N_("UNODC / MPS / China Daily"),
}


def population_datasets(pop: pd.DataFrame, geography_code: str = "CHN") -> pd.DataFrame:
    """The (source, year) pairs available for one geography, newest first, with a label.

    Args:
        pop: the ``population_by_age_sex`` table.
        geography_code: e.g. "CHN".

    Returns:
        Columns key (str "source_id|year"), source_id, year (Int64), estimate_type, label,
        e.g. "2020 · census count · NBS 2020 census yearbook, table 1-5 (5-year groups)".
    """
    rows = pop.loc[pop["geography_code"] == geography_code, ["source_id", "year", "estimate_type"]].drop_duplicates()
    widths = (
        pop[pop["geography_code"] == geography_code]
        .assign(width=lambda d: d["age_end"] - d["age_start"])
        .groupby(["source_id", "year"])["width"]
        .max()
    )
    order = {"census_count": 0, "un_estimate": 1, "un_projection": 2}
    rows = rows.assign(rank=rows["estimate_type"].map(order)).sort_values(["rank", "year", "source_id"], ascending=[True, False, True])
    labels = []
    for r in rows.itertuples():
        grouping = "single years" if widths.get((r.source_id, r.year), 0) == 0 else "5-year groups"
        labels.append(f"{r.year} · {ESTIMATE_LABEL[r.estimate_type]} · {SOURCE_SHORT.get(r.source_id, r.source_id)} ({grouping})")
    out = rows.drop(columns="rank").assign(label=labels)
    out.insert(0, "key", out["source_id"] + "|" + out["year"].astype(str))
    return out.reset_index(drop=True)


def select_dataset(pop: pd.DataFrame, source_id: str, year: int, geography_code: str = "CHN") -> pd.DataFrame:
    """Rows of one source, year and geography, ordered by age group and sex."""
    rows = pop[(pop["source_id"] == source_id) & (pop["year"] == year) & (pop["geography_code"] == geography_code)]
    return rows.sort_values(["age_start", "sex"]).reset_index(drop=True)


def by_sex_wide(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per age group with male, female (Int64 persons), sex_ratio (males per 100 females) and
    surplus (male - female, persons).

    Args:
        rows: ``population_by_age_sex`` rows of ONE source, year and geography.

    Returns:
        Columns source_id, year, geography, age_start, age_end, age_label, open_ended, male,
        female, surplus_of_men, sex_ratio; ordered by age_start.

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
    wide["male"] = wide["male"].astype("Int64")
    wide["female"] = wide["female"].astype("Int64")
    wide["surplus_of_men"] = (wide["male"] - wide["female"]).astype("Int64")
    wide["sex_ratio"] = sex_ratio(wide["male"], wide["female"])
    return wide


def sex_ratio(male: pd.Series, female: pd.Series) -> pd.Series:
    """100 x male / female, rounded to 2 decimals (float; missing where female is 0 or missing)."""
    m = pd.to_numeric(male, errors="coerce").astype(float)
    f = pd.to_numeric(female, errors="coerce").astype(float).replace(0, np.nan)
    return (100 * m / f).round(2)


def to_age5(rows: pd.DataFrame, top: int = 100) -> pd.DataFrame:
    """Regroup ``population_by_age_sex`` rows into 5-year groups 0-4 ... 95-99 and ``top``+.

    Single years and the census's "0" and "1-4" fold into "0-4". A source that stops before
    ``top`` (WPP single ages end at 99) keeps its last group closed. Groups that do not nest in
    5-year groups raise ValueError.

    Returns:
        The same columns as the input, one row per source, geography, year, sex and 5-year group.
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


def equal_width_groups(rows: pd.DataFrame) -> pd.DataFrame:
    """Rows as drawn in a pyramid: single years stay single years; tables in 5-year groups whose
    first groups are "0" and "1-4" (NBS) are folded into "0-4", so every bar spans the same ages.
    The "both" rows are dropped (a pyramid draws men and women)."""
    rows = rows[rows["sex"] != "both"]
    widths = (rows["age_end"] - rows["age_start"]).dropna()
    if widths.empty or int(widths.max()) == 0:
        return rows.reset_index(drop=True)
    return to_age5(rows)


def age_boundaries(wide: pd.DataFrame) -> list[int]:
    """Possible range boundaries for the surplus selector: each group's first age, plus the end.

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
        wide: output of :func:`by_sex_wide`.
        age_from: first age (must be a group boundary).
        age_to_exclusive: first age NOT included (a group boundary, or 999 for "and over").

    Returns:
        dict with first_age, last_age (None for open-ended), label ("20-39"), men, women,
        surplus_of_men (int persons) and sex_ratio (float, males per 100 females).

    Raises:
        ValueError: a bound falls inside a group (the tables cannot be split).
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


def sex_ratio_by_age(pop: pd.DataFrame, selections: list[tuple[str, int]], geography_code: str = "CHN", lang: str = "en") -> pd.DataFrame:
    """Sex ratio by 5-year age group for several (source_id, year) pairs, for overlaying.

    Returns:
        Columns series (label "2020 census count" / "2020 普查数", in ``lang``), source_id, year, age_start, age_label, male,
        female, sex_ratio (males per 100 females).
    """
    parts = []
    for source_id, year in selections:
        rows = select_dataset(pop, source_id, year, geography_code)
        if rows.empty:
            continue
        wide = by_sex_wide(to_age5(rows[rows["sex"] != "both"]))
        est = ESTIMATE_LABEL[rows["estimate_type"].iloc[0]]
        wide.insert(0, "series", f"{year} {t(est, lang)}")
        parts.append(wide[["series", "source_id", "year", "age_start", "age_label", "male", "female", "sex_ratio"]])
    if not parts:
        return pd.DataFrame(columns=["series", "source_id", "year", "age_start", "age_label", "male", "female", "sex_ratio"])
    return pd.concat(parts, ignore_index=True)


def countries_sex_ratio_by_age(pop: pd.DataFrame, source_id: str, year: int, codes: list[str]) -> pd.DataFrame:
    """Sex ratio by 5-year age group for several countries in one WPP source and year.

    Returns:
        Columns geography_code, geography, source_id, year, age_start, age_label, male, female,
        sex_ratio (males per 100 females).
    """
    parts = []
    for code in codes:
        rows = select_dataset(pop, source_id, year, code)
        if rows.empty:
            continue
        wide = by_sex_wide(to_age5(rows[rows["sex"] != "both"]))
        wide.insert(0, "geography_code", code)
        parts.append(wide[["geography_code", "geography", "source_id", "year", "age_start", "age_label", "male", "female", "sex_ratio"]])
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


def province_sex_ratio(pop: pd.DataFrame, years: tuple[int, ...] = (2010, 2020)) -> pd.DataFrame:
    """Sex ratio of the whole population by province for the NBS censuses (national row excluded).

    Returns:
        Columns year, source_id, geography_code, geography, geography_zh, male, female (Int64
        persons, summed over age groups, equal to the printed totals), sex_ratio.
    """
    rows = pop[pop["geography_code"].str.startswith("CN-") & pop["year"].isin(years) & pop["sex"].isin(["male", "female"]) & (pop["estimate_type"] == "census_count")]
    sums = rows.groupby(["year", "source_id", "geography_code", "geography", "geography_zh", "sex"], observed=True)["population"].sum().unstack("sex").reset_index()
    sums.columns.name = None
    sums["male"] = sums["male"].astype("Int64")
    sums["female"] = sums["female"].astype("Int64")
    sums["sex_ratio"] = sex_ratio(sums["male"], sums["female"])
    return sums.sort_values(["year", "sex_ratio"], ascending=[True, False]).reset_index(drop=True)


def srb_by_birth_order(births: pd.DataFrame, geography_code: str = "CHN", area_type: str = "all") -> pd.DataFrame:
    """Census SRB by birth order (long-form sample), computed from the counts.

    Returns:
        Columns census_year, birth_order, births_male, births_female, sex_ratio_at_birth
        (computed 100 x male / female, 2 decimals), sex_ratio_at_birth_as_printed, source_id.
    """
    rows = births[(births["geography_code"] == geography_code) & (births["area_type"] == area_type) & (births["birth_order"] != "all")]
    out = rows[["census_year", "birth_order", "births_male", "births_female", "sex_ratio_at_birth_as_printed", "source_id"]].copy()
    out.insert(4, "sex_ratio_at_birth", sex_ratio(out["births_male"], out["births_female"]))
    return out.sort_values(["census_year", "birth_order"]).reset_index(drop=True)


def srb_by_province(births: pd.DataFrame, census_year: int, birth_order: str = "all", area_type: str = "all", min_female_births: int = 100) -> pd.DataFrame:
    """Census SRB by province (long-form sample), computed from the counts, highest first.

    Provinces with fewer than ``min_female_births`` female births in the sample get a missing
    ratio (too few births for a ratio) and are flagged in ``small_sample``.

    Returns:
        Columns geography_code, geography, geography_zh, births_male, births_female,
        sex_ratio_at_birth, sex_ratio_at_birth_as_printed, small_sample (bool), source_id.
    """
    rows = births[(births["census_year"] == census_year) & (births["birth_order"] == birth_order) & (births["area_type"] == area_type) & births["geography_code"].str.startswith("CN-")]
    out = rows[["geography_code", "geography", "geography_zh", "births_male", "births_female", "sex_ratio_at_birth_as_printed", "source_id"]].copy()
    small = out["births_female"].fillna(0) < min_female_births
    out.insert(5, "sex_ratio_at_birth", sex_ratio(out["births_male"], out["births_female"]).where(~small))
    out.insert(7, "small_sample", small.astype(bool))
    return out.sort_values("sex_ratio_at_birth", ascending=False, na_position="last").reset_index(drop=True)


def servicemen_gap(pop: pd.DataFrame, reported: pd.DataFrame) -> dict:
    """The persons the 2020 census communique counts but the yearbook tables leave out
    (active-duty servicemen): communique totals (reported figures CNSR014/CNSR015) minus the
    yearbook table 1-5 national totals.

    Returns:
        dict with male, female, total (int persons); 1,923,562 / 76,438 / 2,000,000 with the
        published data.

    Raises:
        ValueError: the communique figures or the 2020 national rows are missing.
    """
    comm = reported.set_index("measure")["value"]
    if not {"male_population_census", "female_population_census"} <= set(comm.index):
        raise ValueError("the census communique totals are not among the reported figures")
    table = select_dataset(pop, "nbs_census2020_yb_t1_5", 2020, "CHN")
    if table.empty:
        raise ValueError("the 2020 census national rows are missing")
    male = int(comm["male_population_census"]) - int(table.loc[table["sex"] == "male", "population"].sum())
    female = int(comm["female_population_census"]) - int(table.loc[table["sex"] == "female", "population"].sum())
    return {"male": male, "female": female, "total": male + female}
