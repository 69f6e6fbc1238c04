"""Cross-totals that must hold in the published tables (run by ``python -m datasets.build --verify``
and at the end of every build): provinces sum to the national row, age groups and sexes add up,
crime categories sum to all registered cases, suppressed cells stay missing.
"""

from __future__ import annotations

import pandas as pd

from datasets.measures import ALL_CRIMINAL_CASES


def _provinces_sum_to_national(frame: pd.DataFrame, keys: list[str], value: str, what: str) -> list[str]:
    prov = frame[frame["geography_code"].str.startswith("CN-")].groupby(keys, dropna=False)[value].sum(min_count=1)
    nat = frame[frame["geography_code"] == "CHN"].set_index(keys)[value]
    joined = pd.concat([prov.rename("provinces"), nat.rename("national")], axis=1, join="inner").dropna()
    bad = joined[joined["provinces"] != joined["national"]]
    return [f"{what}: provinces sum to {int(r.provinces):,}, national row is {int(r.national):,} at {k}" for k, r in bad.head(3).iterrows()]


def check_population(pop: pd.DataFrame) -> list[str]:
    """Census provinces sum to the national row; male + female = both where both is printed (a
    missing male or female count there counts as a difference)."""
    census = pop[pop["source_id"].isin(["nbs_census2020_yb_t1_5", "nbs_census2010_t1_7"])]
    problems = _provinces_sum_to_national(census, ["source_id", "year", "sex", "age_start"], "population", "population_by_age_sex")
    # pivot_table(index=[...], columns="sex", values="population", aggfunc="sum"), without its overhead
    wide = pop.groupby(["source_id", "geography_code", "year", "age_start", "sex"])["population"].sum().unstack("sex")
    if "both" in wide:
        printed = wide.dropna(subset=["both"])
        # a missing male or female count where both is printed is a fault too (nullable NA would skip it)
        bad = printed[(printed["male"] + printed["female"] != printed["both"]).fillna(True).astype(bool)]
        problems += [f"population_by_age_sex: male + female != both at {k}" for k in bad.index[:3]]
    return problems


def check_births(births: pd.DataFrame) -> list[str]:
    """Provinces sum to the national row; city + town + rural = all (where printed)."""
    problems = _provinces_sum_to_national(births, ["census_year", "area_type", "birth_order"], "births_both", "births_by_sex_order")
    # pivot_table(index=[...], columns="area_type", values="births_both", aggfunc="sum"), without its overhead
    areas = births.groupby(["census_year", "geography_code", "birth_order", "area_type"])["births_both"].sum().unstack("area_type")
    parts = areas[["city", "town", "rural"]].fillna(0).sum(axis=1)
    bad = areas[areas["all"].notna() & (parts != areas["all"])]
    return problems + [f"births_by_sex_order: city + town + rural != all at {k}" for k in bad.index[:3]]


def check_crime(crime: pd.DataFrame) -> list[str]:
    """The categories of registered criminal cases sum to the total, every year."""
    total = crime[crime["measure"] == ALL_CRIMINAL_CASES].set_index("year")["value"]
    parts = crime[crime["measure"] != ALL_CRIMINAL_CASES].groupby("year")["value"].sum()
    bad = [y for y in total.index if parts.get(y) != total[y]]
    return [f"crime_cases_registered: categories of {y} sum to {parts.get(y)}, total is {total[y]}" for y in bad[:3]]


def check_glotip(glotip: pd.DataFrame) -> list[str]:
    """A '<5' cell is missing with its flag, never 0."""
    flagged = glotip["value_flag"] == "suppressed_lt5"
    bad = glotip[(flagged & glotip["value"].notna()) | (~flagged & glotip["value"].isna())]
    return [f"glotip: suppressed cell with a value, or a missing value without flag, at row {i}" for i in bad.index[:3]]


def check_marital(marital: pd.DataFrame) -> list[str]:
    """Marital statuses add up to the total of each (year, area, sex, age group); urban + rural = total where both are printed."""
    keys = ["year", "area", "sex", "age_label"]
    is_total = marital["marital_status"] == "total"
    parts = marital[~is_total].groupby(keys)["persons"].sum()
    totals = marital[is_total].set_index(keys)["persons"]
    bad = totals[parts.reindex(totals.index) != totals]
    problems = [f"marital_status_by_age: statuses of {k} sum to {parts.get(k)}, total is {v}" for k, v in bad.head(3).items()]
    areas = marital.groupby(["year", "sex", "age_label", "marital_status", "area"])["persons"].sum().unstack("area")
    both = areas.dropna(subset=[c for c in ("total", "urban", "rural") if c in areas])
    if {"urban", "rural"} <= set(both.columns):
        wrong = both[both["urban"] + both["rural"] != both["total"]]
        problems += [f"marital_status_by_age: urban + rural != total at {k}" for k in wrong.index[:3]]
    return problems


def check_rescue_groups(reported: pd.DataFrame) -> list[str]:
    """Every figure of the curated rescue groups (datasets/curated/rescue_figure_groups.csv) is a
    figure of ``reported_figures``, and each group drawn as a series of persons found (all but the
    two campaign lists) holds figures of that count type (a group cannot drift from the figures it
    names; the other figures of a group, alerts or rates, are listed beside the chart)."""
    from datasets.derived.trafficking import CAMPAIGN_2009_2011, CAMPAIGN_2022, rescue_groups

    kinds = reported.set_index("figure_id")["count_type"]
    problems = []
    for group, ids in rescue_groups().items():
        missing = [i for i in ids if i not in kinds.index]
        if missing:
            problems.append(f"rescue_figure_groups.csv: group {group} names figures not in reported_figures: {missing[:5]}")
        elif group not in (CAMPAIGN_2009_2011, CAMPAIGN_2022) and "persons_rescued_or_found" not in set(kinds[list(ids)]):
            problems.append(f"rescue_figure_groups.csv: group {group} has no figure of persons rescued or found to draw")
    return problems


CHECKS = {
    "population_by_age_sex": check_population,
    "births_by_sex_order": check_births,
    "crime_cases_registered": check_crime,
    "glotip": check_glotip,
    "marital_status_by_age": check_marital,
    "reported_figures": check_rescue_groups,
}


def cross_totals(tables: dict[str, pd.DataFrame]) -> list[str]:
    """Run every cross-total check for the tables given; return the problems found (empty = all hold)."""
    problems = []
    for name, check in CHECKS.items():
        if name in tables:
            problems += check(tables[name])
    return problems
