"""The cross-totals of datasets/integrity.py find what they should: on damaged copies of the
published population and births tables, each test names the exact problems the damage must cause,
worked out from the damage itself (which rows, by how much) and the undamaged national rows, not
from the code under test. Each check reports at most three problems of each kind.
"""

from __future__ import annotations

import pandas as pd
import pytest

from datasets import build, integrity

CENSUS_2020 = "nbs_census2020_yb_t1_5"


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    return build.build_tables()


def _national(pop: pd.DataFrame, sex: str, age_start: int) -> int:
    row = pop[(pop["source_id"] == CENSUS_2020) & (pop["geography_code"] == "CHN") & (pop["sex"] == sex) & (pop["age_start"] == age_start)]
    return int(row["population"].iloc[0])


def test_population_cross_totals(tables: dict[str, pd.DataFrame]):
    pop = tables["population_by_age_sex"]
    assert integrity.check_population(pop) == []
    assert integrity.check_population(pop[pop["sex"] != "both"]) == []  # nothing to compare male + female with

    # two Beijing rows of men (ages 0 and 1 of the 2020 census) gain 7 persons each: the provinces no
    # longer add up to the national row, and Beijing's men + women no longer equal its printed total
    beijing = pop.index[(pop["geography_code"] == "CN-BJ") & (pop["sex"] == "male")][:2]
    assert pop.loc[beijing, ["source_id", "age_start"]].values.tolist() == [[CENSUS_2020, 0], [CENSUS_2020, 1]]
    damaged = pop.assign(population=pop["population"].mask(pop.index.isin(beijing), pop["population"] + 7))
    assert integrity.check_population(damaged) == [
        f"population_by_age_sex: provinces sum to {_national(pop, 'male', a) + 7:,}, national row is {_national(pop, 'male', a):,} at ('{CENSUS_2020}', 2020, 'male', {a})"
        for a in (0, 1)
    ] + [f"population_by_age_sex: male + female != both at ('{CENSUS_2020}', 'CN-BJ', 2020, {a})" for a in (0, 1)]

    # four Shanghai "both" rows (ages 0, 1, 5, 10) set to 1: the provinces no longer add up, and male + female != both there
    shanghai = pop.index[(pop["sex"] == "both") & (pop["geography_code"] == "CN-SH")][:4]
    lost = dict(zip(pop.loc[shanghai, "age_start"], pop.loc[shanghai, "population"] - 1))
    assert list(lost) == [0, 1, 5, 10]
    damaged = pop.assign(population=pop["population"].mask(pop.index.isin(shanghai), 1))
    assert integrity.check_population(damaged) == [
        f"population_by_age_sex: provinces sum to {_national(pop, 'both', a) - lost[a]:,}, national row is {_national(pop, 'both', a):,} at ('{CENSUS_2020}', 2020, 'both', {a})"
        for a in (0, 1, 5)
    ] + [f"population_by_age_sex: male + female != both at ('{CENSUS_2020}', 'CN-SH', 2020, {a})" for a in (0, 1, 5)]

    # the row of Shanghai's men aged 0 dropped: the provinces fall short by its count, and men + women != both there
    row = pop.index[(pop["geography_code"] == "CN-SH") & (pop["sex"] == "male") & (pop["source_id"] == CENSUS_2020) & (pop["age_start"] == 0)]
    missing = int(pop.loc[row, "population"].iloc[0])
    assert integrity.check_population(pop.drop(row)) == [
        f"population_by_age_sex: provinces sum to {_national(pop, 'male', 0) - missing:,}, national row is {_national(pop, 'male', 0):,} at ('{CENSUS_2020}', 2020, 'male', 0)",
        f"population_by_age_sex: male + female != both at ('{CENSUS_2020}', 'CN-SH', 2020, 0)",
    ]


def test_births_cross_totals(tables: dict[str, pd.DataFrame]):
    births = tables["births_by_sex_order"]
    assert integrity.check_births(births) == []
    national = births[births["geography_code"] == "CHN"].set_index(["census_year", "area_type", "birth_order"])["births_both"]

    # three Beijing city rows of 2020 (orders all, 1, 2) gain one birth each
    city = births.index[(births["area_type"] == "city") & (births["geography_code"] != "CHN")][:3]
    assert births.loc[city, ["census_year", "geography_code", "birth_order"]].values.tolist() == [[2020, "CN-BJ", "all"], [2020, "CN-BJ", "1"], [2020, "CN-BJ", "2"]]
    damaged = births.assign(births_both=births["births_both"].mask(births.index.isin(city), births["births_both"] + 1))
    assert integrity.check_births(damaged) == [
        f"births_by_sex_order: provinces sum to {int(national[(2020, 'city', o)]) + 1:,}, national row is {int(national[(2020, 'city', o)]):,} at (2020, 'city', '{o}')"
        for o in ("1", "2", "all")
    ] + [f"births_by_sex_order: city + town + rural != all at (2020, 'CN-BJ', '{o}')" for o in ("1", "2", "all")]

    # the national rural rows of orders all, 1, 2, 3 dropped: city + town + rural != all there
    rural = births.index[births["area_type"] == "rural"][:4]
    assert births.loc[rural, ["geography_code", "birth_order"]].values.tolist() == [["CHN", "all"], ["CHN", "1"], ["CHN", "2"], ["CHN", "3"]]
    assert integrity.check_births(births.drop(rural)) == [f"births_by_sex_order: city + town + rural != all at (2020, 'CHN', '{o}')" for o in ("1", "2", "3")]
