"""The surplus of men in the published tables, against sums taken straight from the raw cells
(tests/raw_reference.py: the csv module over datasets/raw/, no loader and no datasets.derived code).

Known facts typed from the official tables (README "Known facts"): the NBS 2020 census yearbook,
table 1-5, gives 721,416,394 men and 688,362,330 women (surplus 33,054,064), and men minus women
aged 20-39 = 15,337,091.
"""

from __future__ import annotations

import pandas as pd
import pytest

from datasets.derived import population
from tests.raw_reference import nbs_census_surplus, unsd_census_surplus

RANGES = [(20, 40), (20, 45), (25, 35), (0, 15), (60, 100)]


def _wide(published_dir, source_id: str, year: int) -> pd.DataFrame:
    pop = pd.read_parquet(published_dir / "population_by_age_sex.parquet")
    return population.by_sex_wide(population.select_dataset(pop, source_id, year))


def test_the_raw_cells_give_the_known_2020_figures():
    assert nbs_census_surplus(2020, 20, 40) == 15_337_091
    assert nbs_census_surplus(2020, 0, None) == 721_416_394 - 688_362_330 == 33_054_064


@pytest.mark.parametrize("age_from, age_to", RANGES)
@pytest.mark.parametrize("source_id, year, reference", [
    ("nbs_census2020_yb_t1_5", 2020, nbs_census_surplus),
    ("nbs_census2010_t1_7", 2010, nbs_census_surplus),
    ("unsd_dyb_census_1990_2000_2010", 1990, unsd_census_surplus),
    ("unsd_dyb_census_1990_2000_2010", 2000, unsd_census_surplus),
    ("unsd_dyb_census_1990_2000_2010", 2010, unsd_census_surplus),
])
def test_surplus_in_range_equals_the_raw_cells(published_dir, source_id, year, reference, age_from, age_to):
    got = population.surplus_in_range(_wide(published_dir, source_id, year), age_from, age_to)
    assert got["surplus_of_men"] == reference(year, age_from, age_to)
    assert got["label"] == f"{age_from}-{age_to - 1}"


def test_exact_surplus_of_the_2010_and_earlier_censuses(published_dir):
    """Ages 20-39, computed from the raw cells here; the 2010 NBS table and the UNSD copy of the 2010
    census agree with each other to the person."""
    nbs2010 = population.surplus_in_range(_wide(published_dir, "nbs_census2010_t1_7", 2010), 20, 40)["surplus_of_men"]
    unsd = {y: population.surplus_in_range(_wide(published_dir, "unsd_dyb_census_1990_2000_2010", y), 20, 40)["surplus_of_men"] for y in (1990, 2000, 2010)}
    assert nbs2010 == nbs_census_surplus(2010, 20, 40) == unsd_census_surplus(2010, 20, 40) == unsd[2010]
    assert unsd[1990] == unsd_census_surplus(1990, 20, 40)
    assert unsd[2000] == unsd_census_surplus(2000, 20, 40)


def test_all_ages_is_the_open_top_group_included(published_dir):
    got = population.surplus_in_range(_wide(published_dir, "nbs_census2020_yb_t1_5", 2020), 0, 999)
    assert (got["label"], got["last_age"], got["surplus_of_men"]) == ("0+", None, 33_054_064)


def test_a_table_whose_top_age_group_is_closed():
    """A table ending at 95-99 (no "100+" group): the last boundary is 100, a range to it is labelled
    "90-99" (not "90+"), and 999 is not a boundary of it."""
    rows = [(a, a + 4, f"{a}-{a + 4}") for a in range(80, 100, 5)]
    long = pd.DataFrame(
        [{"source_id": "s", "year": 2000, "geography_code": "CHN", "geography": "China", "age_start": a, "age_end": b, "age_label": label,
          "open_ended": False, "sex": sex, "population": (1000 + a) if sex == "male" else 900}
         for a, b, label in rows for sex in ("male", "female")]
    )
    long[["age_start", "age_end"]] = long[["age_start", "age_end"]].astype("Int64")
    wide = population.by_sex_wide(long)
    assert population.age_boundaries(wide) == [80, 85, 90, 95, 100]
    got = population.surplus_in_range(wide, 90, 100)
    assert (got["label"], got["last_age"], got["men"], got["women"], got["surplus_of_men"]) == ("90-99", 99, 1090 + 1095, 1800, 385)
    with pytest.raises(ValueError, match="999 is not a group boundary"):
        population.surplus_in_range(wide, 90, 999)
