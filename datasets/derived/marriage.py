"""The marriage squeeze: share never married by age and sex (census marital-status tables), and the
marriage-market sex ratio, men aged a to b per woman aged a-g to b-g (g = the age gap between
husbands and wives), from every population table held. Published by the build as the tables
``never_married_share`` and ``marriage_market_sex_ratio``.

Pure functions: DataFrames (published tables) in, new DataFrames out; inputs are never changed.
Shares are in per cent (2 decimals); ratios are men per 100 women (2 decimals); counts persons.

What is published in ``marriage_market_sex_ratio``: for every source and year, men's windows of
:data:`WIDTHS` years starting at each age of :data:`STARTS` (20-24 ... 40-49), and every gap of
:data:`GAPS` (0-10 years), wherever both windows fall on the table's own age groups. Tables in
single years (UNSD censuses 1990-2010, WPP estimates 1950-2021) give every window and gap; tables
in 5-year groups (2020 census, WPP projections 2022-2100) only windows starting at a multiple of 5
and gaps of 0, 5 or 10. Nothing is interpolated: a window that would split an age group is not
computed, and the table says so by not having the row.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: The population sources of the marriage-market ratio, in the order their points are listed:
#: census single years, WPP single-age estimates, the 2020 census (5-year groups), WPP projections
#: (5-year groups). The 2010 NBS tabulation (5-year groups) is left out: its national groups equal
#: the UNSD single-year 2010 census exactly (catalogue), which gives every window.
MARKET_SOURCES = ["unsd_dyb_census_1990_2000_2010", "wpp2022_single_age_decadal", "nbs_census2020_yb_t1_5", "wpp2022_age5_projection_median"]
#: First ages of the men's windows, their widths (years) and the age gaps published.
STARTS = range(20, 41)
WIDTHS = (5, 10)
GAPS = range(0, 11)
SINGLE_YEARS, FIVE_YEAR_GROUPS = "single years", "5-year groups"
#: The marital source (UNSD Demographic Yearbook, population by marital status).
MARITAL_SOURCE = "unsd_dyb_marital_status_1982_2010"

NEVER_MARRIED_COLUMNS = ["source_id", "year", "area", "sex", "age_label", "age_start", "age_end", "all_ages", "never_married", "total",
                         "share_never_married", "never_married_ratio", "tabulation", "sample", "civilian_only"]
MARKET_COLUMNS = ["source_id", "estimate_type", "year", "grid", "gap", "men_age_from", "men_age_to", "women_age_from", "women_age_to",
                  "men_ages", "women_ages", "men", "women", "ratio", "surplus_of_men"]


def _ratio(num, den) -> np.ndarray:
    """100 x num / den, 2 decimals; NaN where den is 0 or missing."""
    num = np.asarray(num, dtype=float)
    den = np.asarray(den, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(den > 0, 100 * num / den, np.nan)
    return np.round(out, 2)


# --------------------------------------------------------------------------- never married

def never_married_share_table(marital: pd.DataFrame) -> pd.DataFrame:
    """The ``never_married_share`` table: per census year, area, sex and age group, the persons
    never married, all persons, the share never married and the never-married sex ratio.

    Args:
        marital: the ``marital_status_by_age`` table (UNSD Demographic Yearbook, 1982-2010).

    Returns:
        Columns :data:`NEVER_MARRIED_COLUMNS`: source_id, year (Int64), area, sex, age_label,
        age_start, age_end (Int64; age_end missing for an open group), all_ages (bool: the 15+
        row), never_married and total (Int64 persons counted in the table: SAMPLE counts where
        ``sample``, never population counts), share_never_married (float, per cent, 2 decimals:
        100 x never_married / total), never_married_ratio (float, never-married men per 100
        never-married women of that year, area and age group, 2 decimals; the same value on
        both sexes' rows), tabulation, sample, civilian_only. Rows whose age is not stated
        ("unknown", 0 persons in 1982 and 1990) are left out. Ordered by year, area, sex, age.

    Raises:
        ValueError: a group lacks its Total or its never-married row.
    """
    rows = marital[marital["marital_status"].isin(["total", "never_married"]) & marital["age_start"].notna()]
    keys = ["source_id", "year", "area", "sex", "age_label", "age_start", "age_end", "all_ages", "tabulation", "sample", "civilian_only"]
    wide = rows.groupby(keys + ["marital_status"], sort=False, dropna=False, observed=True)["persons"].sum(min_count=1).unstack("marital_status").reset_index()
    wide.columns.name = None
    wide = wide.reindex(columns=keys + ["never_married", "total"])
    if wide[["never_married", "total"]].isna().any().any():
        bad = wide[wide[["never_married", "total"]].isna().any(axis=1)].iloc[0]
        raise ValueError(f"marital_status_by_age: {bad['year']} {bad['area']} {bad['sex']} {bad['age_label']} lacks its total or never-married row")
    wide["never_married"] = wide["never_married"].astype("Int64")
    wide["total"] = wide["total"].astype("Int64")
    wide["share_never_married"] = _ratio(wide["never_married"], wide["total"])
    single = wide.set_index(["source_id", "year", "area", "age_label", "sex"])["never_married"].unstack("sex").reindex(columns=["male", "female"])
    ratio = pd.Series(_ratio(single["male"], single["female"]), index=single.index, name="never_married_ratio")
    wide = wide.join(ratio, on=["source_id", "year", "area", "age_label"])
    wide["never_married_ratio"] = wide["never_married_ratio"].astype(float)
    order = {"total": 0, "urban": 1, "rural": 2}
    wide = wide.assign(_area=wide["area"].map(order), _all=wide["all_ages"].astype(int)).sort_values(
        ["year", "_area", "sex", "_all", "age_start"], ascending=[True, True, False, True, True]).drop(columns=["_area", "_all"])
    for col in ("source_id", "area", "sex", "age_label", "tabulation"):
        wide[col] = wide[col].astype(str)
    for col in ("all_ages", "sample", "civilian_only"):
        wide[col] = wide[col].astype(bool)
    return wide[NEVER_MARRIED_COLUMNS].reset_index(drop=True)


def never_married_bands(share: pd.DataFrame) -> pd.DataFrame:
    """Every band of whole, contiguous age groups of each census year, area and sex of
    ``never_married_share`` (the 15+ total row itself left out: the widest band equals it), with
    the share never married of the band, for the definition finder.

    Returns:
        Columns year, area, sex, tabulation, sample, source_id, age_from, age_to (float; age_to
        NaN for a band that ends with an open group), never_married, total (float, persons in
        the table), share_never_married (per cent, 2 decimals).
    """
    rows = share[~share["all_ages"]].sort_values(["year", "area", "sex", "age_start"])
    keys = ["source_id", "year", "area", "sex", "tabulation", "sample"]
    pieces = []
    for key, grp in rows.groupby(keys, sort=False, observed=True):
        nm = np.concatenate([[0.0], np.cumsum(grp["never_married"].to_numpy(dtype=float))])
        total = np.concatenate([[0.0], np.cumsum(grp["total"].to_numpy(dtype=float))])
        starts = grp["age_start"].to_numpy(dtype=float)
        ends = grp["age_end"].to_numpy(dtype=float, na_value=np.nan)
        first, last = np.triu_indices(len(grp) + 1, 1)  # groups first .. last-1
        band = pd.DataFrame({"age_from": starts[first], "age_to": ends[last - 1], "never_married": nm[last] - nm[first],
                             "total": total[last] - total[first]})
        pieces.append(band.assign(**dict(zip(keys, key))))
    out = pd.concat(pieces, ignore_index=True)
    out["share_never_married"] = _ratio(out["never_married"], out["total"])
    return out[keys + ["age_from", "age_to", "never_married", "total", "share_never_married"]]


# --------------------------------------------------------------------------- marriage market

def _age_label(first: np.ndarray, last: np.ndarray) -> list[str]:
    return [f"{a}-{b}" for a, b in zip(first.astype(int), last.astype(int))]


def _windows(group_starts: np.ndarray, group_ends: np.ndarray, male: np.ndarray, female: np.ndarray, starts=STARTS, widths=WIDTHS,
             gaps=GAPS) -> dict[str, np.ndarray]:
    """:func:`market_windows` on the closed age groups of one table, as arrays (sorted by age)."""
    if not np.all(group_starts[1:] == group_ends[:-1] + 1):
        raise ValueError("market_windows: the age groups are not contiguous")
    # Boundaries: where each closed group starts, and where the last one ends (+1); cumulative sums at each.
    bounds = np.concatenate([group_starts, group_ends[-1:] + 1])
    cum_m = np.concatenate([[0], np.cumsum(male)])
    cum_f = np.concatenate([[0], np.cumsum(female)])
    a, w, g = (x.ravel() for x in np.meshgrid(np.asarray(list(starts)), np.asarray(list(widths)), np.asarray(list(gaps)), indexing="ij"))
    lo_m, hi_m, lo_f, hi_f = a, a + w, a - g, a + w - g  # half-open [lo, hi)

    def position(values):
        idx = np.minimum(np.searchsorted(bounds, values), len(bounds) - 1)
        return idx, bounds[idx] == values

    (i_lo_m, ok1), (i_hi_m, ok2), (i_lo_f, ok3), (i_hi_f, ok4) = (position(v) for v in (lo_m, hi_m, lo_f, hi_f))
    ok = ok1 & ok2 & ok3 & ok4
    touched = (group_ends >= lo_f.min()) & (group_starts < hi_m.max())
    grid = SINGLE_YEARS if touched.any() and bool((group_ends[touched] == group_starts[touched]).all()) else FIVE_YEAR_GROUPS
    return {
        "gap": g[ok], "men_age_from": lo_m[ok], "men_age_to": hi_m[ok] - 1, "women_age_from": lo_f[ok], "women_age_to": hi_f[ok] - 1,
        "men": cum_m[i_hi_m[ok]] - cum_m[i_lo_m[ok]], "women": cum_f[i_hi_f[ok]] - cum_f[i_lo_f[ok]], "grid": np.full(int(ok.sum()), grid),
    }


def market_windows(wide: pd.DataFrame, starts=STARTS, widths=WIDTHS, gaps=GAPS) -> pd.DataFrame:
    """Men aged a..b and women aged (a-g)..(b-g) of ONE table (one source, geography and year),
    for every men's window (first age in ``starts``, ``widths`` years long, b = a + width - 1) and
    gap in ``gaps`` whose two windows both fall on the table's age groups.

    A window covers whole groups only: it must start where a group starts and end where a group
    ends. Nothing is split or interpolated; a window that does not fit is left out.

    Args:
        wide: one row per age group of one table: age_start, age_end (missing = open-ended top
            group, never used), male, female (persons).

    Returns:
        Columns gap, men_age_from, men_age_to, women_age_from, women_age_to (int, inclusive),
        men, women (int persons), grid ("single years" where every group the windows can touch
        is one year wide, else "5-year groups").

    Raises:
        ValueError: the closed age groups are not contiguous.
    """
    closed = wide[wide["age_end"].notna()].sort_values("age_start")
    return pd.DataFrame(_windows(closed["age_start"].to_numpy(dtype=np.int64), closed["age_end"].to_numpy(dtype=np.int64),
                                 closed["male"].to_numpy(dtype=np.int64), closed["female"].to_numpy(dtype=np.int64), starts, widths, gaps))


def marriage_market_table(pop: pd.DataFrame, sources=MARKET_SOURCES, geography_code: str = "CHN") -> pd.DataFrame:
    """The ``marriage_market_sex_ratio`` table: men aged a..b per 100 women aged (a-g)..(b-g), and
    men minus those women, for China, every year of the sources :data:`MARKET_SOURCES` and every
    window and gap :func:`market_windows` can compute on the table's own age groups.

    Args:
        pop: the ``population_by_age_sex`` table.

    Returns:
        Columns :data:`MARKET_COLUMNS`: source_id, estimate_type (census_count, un_estimate,
        un_projection), year, grid ("single years" / "5-year groups"), gap (years), men_age_from,
        men_age_to, women_age_from, women_age_to (Int64, inclusive ages), men_ages and
        women_ages (labels "25-34"), men and women (Int64 persons: census counts, or UN
        estimates and projections converted from thousands), ratio (float, men per 100 women of
        the matching ages, 2 decimals), surplus_of_men (Int64 persons, men minus women of the
        matching ages). Ordered by source (in the order of ``sources``), year, gap, window.

    Raises:
        ValueError: a source is missing from ``pop``, or a table's age groups are not contiguous.
    """
    rows = pop[(pop["geography_code"] == geography_code) & pop["source_id"].isin(list(sources)) & pop["sex"].isin(["male", "female"])
               & pop["age_end"].notna()]
    missing = [s for s in sources if s not in set(rows["source_id"].unique())]
    if missing:
        raise ValueError(f"population_by_age_sex has no rows of {missing[0]} for {geography_code}")
    keys = ["source_id", "estimate_type", "year"]
    wide = rows.groupby(keys + ["age_start", "age_end", "sex"], sort=True, observed=True)["population"].sum().unstack("sex").reset_index()
    arrays = {c: wide[c].to_numpy(dtype=np.int64) for c in ("age_start", "age_end", "male", "female")}
    order = {s: i for i, s in enumerate(sources)}
    parts, labels = [], []
    for key, idx in sorted(wide.groupby(keys, sort=False, observed=True).indices.items(), key=lambda kv: (order[kv[0][0]], kv[0][2])):
        part = _windows(arrays["age_start"][idx], arrays["age_end"][idx], arrays["male"][idx], arrays["female"][idx])
        parts.append(part)
        labels.append((key, len(part["gap"])))
    out = pd.DataFrame({c: np.concatenate([p[c] for p in parts]) for c in parts[0]})
    for i, name in enumerate(keys):
        out[name] = np.repeat([k[i] for k, _n in labels], [n for _k, n in labels])
    out["men_ages"] = _age_label(out["men_age_from"].to_numpy(), out["men_age_to"].to_numpy())
    out["women_ages"] = _age_label(out["women_age_from"].to_numpy(), out["women_age_to"].to_numpy())
    out["ratio"] = _ratio(out["men"], out["women"])
    out["surplus_of_men"] = out["men"] - out["women"]
    for col in ("year", "gap", "men_age_from", "men_age_to", "women_age_from", "women_age_to", "men", "women", "surplus_of_men"):
        out[col] = out[col].astype("Int64")
    for col in ("source_id", "estimate_type", "grid", "men_ages", "women_ages"):
        out[col] = out[col].astype(str)
    out["_table"] = np.repeat(np.arange(len(labels)), [n for _k, n in labels])  # the tables' order: source, year
    return out.sort_values(["_table", "gap", "men_age_from", "men_age_to"])[MARKET_COLUMNS].reset_index(drop=True)


def market_series(market: pd.DataFrame, gap: int, men_age_from: int, men_age_to: int) -> pd.DataFrame:
    """One marriage-market series over time: the rows of ``marriage_market_sex_ratio`` for the
    gap and men's window asked, every source and year that gives them, ordered by year and source.

    Args:
        market: the ``marriage_market_sex_ratio`` table.
        gap: the age gap g in years; men_age_from, men_age_to: the men's ages a and b (inclusive).

    Returns:
        The table's columns (:data:`MARKET_COLUMNS`); empty where no table gives the window.
    """
    rows = market[(market["gap"] == gap) & (market["men_age_from"] == men_age_from) & (market["men_age_to"] == men_age_to)]
    return rows.sort_values(["year", "source_id"]).reset_index(drop=True)


def band_shares(share: pd.DataFrame, sex: str, age_from: int, age_to: int) -> pd.DataFrame:
    """Per cent never married of one sex over the age band ``age_from``..``age_to`` (whole groups
    of the table, e.g. 30-39 = the 30-34 and 35-39 groups), for every census year and area.

    Args:
        share: the ``never_married_share`` table.
        sex: "male" or "female"; age_from, age_to: the band's first and last ages (inclusive).

    Returns:
        Columns of :func:`never_married_bands` (year, area, sex, tabulation, sample, source_id,
        age_from, age_to, never_married, total, share_never_married), ordered by area and year;
        empty where the band is not made of whole groups in any census.
    """
    bands = never_married_bands(share)
    rows = bands[(bands["sex"] == sex) & (bands["age_from"] == age_from) & (bands["age_to"] == age_to)]
    order = {"total": 0, "urban": 1, "rural": 2}
    return rows.assign(_area=rows["area"].map(order)).sort_values(["_area", "year"]).drop(columns="_area").reset_index(drop=True)
