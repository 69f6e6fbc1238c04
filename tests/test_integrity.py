"""The cross-totals of datasets/integrity.py find what they should, and give the same problems as
their first versions (pivot_table based, kept below as the reference) on damaged copies of the
published population and births tables.
"""

from __future__ import annotations

import pandas as pd
import pytest

from datasets import build, integrity


def reference_check_population(pop: pd.DataFrame) -> list[str]:
    census = pop[pop["source_id"].isin(["nbs_census2020_yb_t1_5", "nbs_census2010_t1_7"])]
    problems = integrity._provinces_sum_to_national(census, ["source_id", "year", "sex", "age_start"], "population", "population_by_age_sex")
    wide = pop.pivot_table(index=["source_id", "geography_code", "year", "age_start"], columns="sex", values="population", aggfunc="sum")
    if "both" in wide:
        printed = wide.dropna(subset=["both"])
        bad = printed[printed["male"] + printed["female"] != printed["both"]]
        problems += [f"population_by_age_sex: male + female != both at {k}" for k in bad.index[:3]]
    return problems


def reference_check_births(births: pd.DataFrame) -> list[str]:
    problems = integrity._provinces_sum_to_national(births, ["census_year", "area_type", "birth_order"], "births_both", "births_by_sex_order")
    areas = births.pivot_table(index=["census_year", "geography_code", "birth_order"], columns="area_type", values="births_both", aggfunc="sum")
    parts = areas[["city", "town", "rural"]].fillna(0).sum(axis=1)
    bad = areas[areas["all"].notna() & (parts != areas["all"])]
    return problems + [f"births_by_sex_order: city + town + rural != all at {k}" for k in bad.index[:3]]


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    return build.build_tables()


def _population_cases(pop: pd.DataFrame):
    yield "as_built", pop
    province = pop.index[(pop["geography_code"] == "CN-BJ") & (pop["sex"] == "male")][:2]
    yield "province_changed", pop.assign(population=pop["population"].mask(pop.index.isin(province), pop["population"] + 7))
    both = pop.index[(pop["sex"] == "both") & (pop["geography_code"] == "CN-SH")][:4]
    yield "both_changed", pop.assign(population=pop["population"].mask(pop.index.isin(both), 1))
    yield "male_row_dropped", pop.drop(pop.index[pop["sex"] == "male"][:5])
    yield "no_both_rows", pop[pop["sex"] != "both"]
    yield "float_population", pop.assign(population=pop["population"].astype("float64").mask(pop.index.isin(both), float("nan")))


def _births_cases(births: pd.DataFrame):
    yield "as_built", births
    city = births.index[(births["area_type"] == "city") & (births["geography_code"] != "CHN")][:3]
    yield "city_changed", births.assign(births_both=births["births_both"].mask(births.index.isin(city), births["births_both"] + 1))
    yield "all_missing", births.assign(births_both=births["births_both"].mask(births.index.isin(city), pd.NA))
    yield "rural_dropped", births.drop(births.index[births["area_type"] == "rural"][:4])


def test_population_cross_totals_equal_their_reference(tables: dict[str, pd.DataFrame]):
    found = {}
    for case, pop in _population_cases(tables["population_by_age_sex"]):
        got = integrity.check_population(pop)
        assert got == reference_check_population(pop), case
        found[case] = got
    assert found["as_built"] == []
    assert found["province_changed"] and found["both_changed"]


def test_births_cross_totals_equal_their_reference(tables: dict[str, pd.DataFrame]):
    found = {}
    for case, births in _births_cases(tables["births_by_sex_order"]):
        got = integrity.check_births(births)
        assert got == reference_check_births(births), case
        found[case] = got
    assert found["as_built"] == []
    assert found["city_changed"] and found["rural_dropped"]
