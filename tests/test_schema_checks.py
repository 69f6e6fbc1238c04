"""The cross-row checks of datasets/schemas.py give, row for row, what their first (groupby and
pivot based) versions gave: on every source of the published population table and on damaged
copies of it (changed, missing, duplicated and reordered rows, missing values, a float column).

The first versions are kept below as the reference.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from datasets import schemas
from datasets.loaders import census_nbs, census_unsd, wpp

MF_KEYS = ["source_id", "geography_code", "year", "age_start"]
AGE_KEYS = ["source_id", "geography_code", "year", "sex"]


def reference_male_plus_female(df: pd.DataFrame, keys: list[str] = MF_KEYS, value: str = "population") -> pd.Series:
    wide = df.groupby(keys + ["sex"], sort=True, dropna=False)[value].sum().unstack("sex")
    if not {"male", "female", "both"} <= set(wide.columns):
        return pd.Series(True, index=df.index)
    bad = wide[(wide["male"] + wide["female"]) != wide["both"]].dropna(how="all")
    if bad.empty:
        return pd.Series(True, index=df.index)
    bad_keys = set(bad.index.to_list())
    key_of_row = pd.Series(list(zip(*(df[k] for k in keys))) if len(keys) > 1 else df[keys[0]], index=df.index)
    return ~(key_of_row.isin(bad_keys) & (df["sex"] == "both"))


def reference_age_groups(df: pd.DataFrame, keys: list[str] = AGE_KEYS) -> pd.Series:
    ordered = df.sort_values(keys + ["age_start"], kind="stable")
    grouped = ordered.groupby(keys, sort=False, dropna=False)
    first = grouped.cumcount() == 0
    last = grouped.cumcount(ascending=False) == 0
    prev_end = grouped["age_end"].shift(1)
    starts_at_zero = ~first | (ordered["age_start"] == 0)
    follows_previous = first | (prev_end.notna() & (ordered["age_start"] == prev_end + 1))
    open_only_at_top = last | ordered["age_end"].notna()
    ok = (starts_at_zero & follows_previous & open_only_at_top).fillna(False)
    return ok.reindex(df.index).astype(bool)


def _check(name: str):
    return next(c for c in schemas.POPULATION_BY_AGE_SEX.checks if c.name.startswith(name))._check_fn


MALE_PLUS_FEMALE = _check("male + female")
AGE_GROUPS = _check("age groups contiguous")


@pytest.fixture(scope="module")
def parts() -> dict[str, pd.DataFrame]:
    return {
        "province": census_nbs.load_census_age5_province(),
        "national": census_nbs.load_census_age5_national(),
        "unsd": census_unsd.load_census_single_age_unsd(),
        "wpp_single_age": wpp.load_wpp_single_age(),
        "wpp_projection": wpp.load_wpp_projection(),
    }


def _damaged(frame: pd.DataFrame, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    df = frame.copy()
    n = len(df)
    pick = lambda k: df.index[rng.choice(n, size=min(k, n), replace=False)]  # noqa: E731
    df.loc[pick(3), "population"] = df.loc[pick(3), "population"].to_numpy() + 1
    df.loc[pick(2), "population"] = pd.NA
    df.loc[pick(3), "age_start"] = rng.integers(0, 100, size=min(3, n))
    df.loc[pick(2), "age_start"] = pd.NA
    df.loc[pick(3), "age_end"] = pd.NA
    df.loc[pick(2), "age_end"] = rng.integers(0, 100, size=min(2, n))
    df.loc[pick(1), "sex"] = "female"
    df = df.drop(pick(4))
    duplicated = df.iloc[rng.choice(len(df), size=3, replace=False)]
    df = pd.concat([df, duplicated.set_axis(duplicated.index + 10**6)])
    return df.iloc[rng.permutation(len(df))]


CASES = ["as_loaded", "damaged_1", "damaged_2", "damaged_3", "float_population", "no_both_rows", "empty"]


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("part", ["province", "national", "unsd", "wpp_single_age", "wpp_projection"])
def test_checks_equal_their_reference(parts: dict[str, pd.DataFrame], part: str, case: str):
    df = parts[part]
    if case.startswith("damaged"):
        df = _damaged(df, int(case[-1]))
    elif case == "float_population":
        df = _damaged(df, 7).astype({"population": "float64"})
    elif case == "no_both_rows":
        df = df[df["sex"] != "both"]
    elif case == "empty":
        df = df.iloc[:0]
    got, want = MALE_PLUS_FEMALE(df), reference_male_plus_female(df)
    pd.testing.assert_series_equal(got, want, check_names=False)
    got, want = AGE_GROUPS(df), reference_age_groups(df)
    pd.testing.assert_series_equal(got, want, check_names=False)


def test_damage_is_detected(parts: dict[str, pd.DataFrame]):
    """The damaged copies above do fail both checks somewhere (the comparison is not vacuous)."""
    df = _damaged(parts["province"], 1)
    assert not MALE_PLUS_FEMALE(df).all()
    assert not AGE_GROUPS(df).all()
