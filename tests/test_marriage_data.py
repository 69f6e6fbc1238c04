"""The marriage squeeze in the data layer: the UNSD marital-status loader (datasets/loaders/
census_unsd_marital.py), its damaged copies, and the derived tables never_married_share and
marriage_market_sex_ratio (datasets/derived/marriage.py).

Every expected value comes from the raw files: computed here from their cells, or typed from the
file with its line named.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from datasets.catalog import load_catalog
from datasets.derived import marriage
from datasets.errors import BuildError
from datasets.loaders import census_unsd, census_unsd_marital
from datasets.rawio import RAW_DIR
from tests.test_build_errors import RawCopy

MARITAL = census_unsd_marital.UNSD_MARITAL
SINGLE_AGES = RAW_DIR / "china_census_1990_2000_2010_population_by_single_age_sex_unsd.csv"


def raw_cells(year: str, area: str, sex: str, age: str, status: str) -> int:
    """The Value cell of one row of the raw marital file, read with the csv module (data rows only)."""
    with MARITAL.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if not row["Year"]:  # the empty line before the footnotes
                break
            if (row["Year"], row["Area"], row["Sex"], row["Age"], row["Marital status"]) == (year, area, sex, age, status):
                return int(row["Value"])
    raise KeyError((year, area, sex, age, status))


def raw_single_ages(year: int, sex: str, first: int, last: int) -> int:
    """Persons of ``sex`` aged ``first`` to ``last`` (inclusive) in the UNSD single-age census file."""
    total = 0
    with SINGLE_AGES.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if int(row["census_year"]) == year and row["sex"] == sex and row["age_end"] and first <= int(row["age_start"]) <= last:
                total += int(row["population"])
    return total


@pytest.fixture(scope="module")
def marital() -> pd.DataFrame:
    return census_unsd_marital.load_marital_status_unsd()


@pytest.fixture(scope="module")
def share(marital) -> pd.DataFrame:
    return marriage.never_married_share_table(marital)


@pytest.fixture(scope="module")
def market(published_dir) -> pd.DataFrame:
    return pd.read_parquet(published_dir / "marriage_market_sex_ratio.parquet")


def _share(share: pd.DataFrame, year: int, sex: str, age: str = "30-34", area: str = "total") -> pd.Series:
    rows = share[(share["year"] == year) & (share["sex"] == sex) & (share["age_label"] == age) & (share["area"] == area)]
    assert len(rows) == 1
    return rows.iloc[0]


# --------------------------------------------------------------------------- the figures

def test_men_30_34_never_married_2010():
    """Lines 22-23 of the raw file: 4,531,862 men aged 30-34 (Total), 572,135 never married: 12.62%."""
    assert raw_cells("2010", "Total", "Male", "30 - 34", "Total") == 4_531_862
    assert raw_cells("2010", "Total", "Male", "30 - 34", "Single (never married)") == 572_135


def test_shares_from_the_raw_cells(share):
    men10 = _share(share, 2010, "male")
    assert (men10["never_married"], men10["total"], men10["share_never_married"]) == (572_135, 4_531_862, 12.62)
    women10 = _share(share, 2010, "female")  # lines 82-83
    assert (women10["never_married"], women10["total"], women10["share_never_married"]) == (239_225, 4_467_437, 5.35)
    men90 = _share(share, 1990, "male")  # lines 813-814
    single, total = raw_cells("1990", "Total", "Male", "30 - 34", "Single (never married)"), raw_cells("1990", "Total", "Male", "30 - 34", "Total")
    assert men90["share_never_married"] == round(100 * single / total, 2) == 7.16
    # the never-married sex ratio: 572,135 never-married men per 239,225 never-married women, per 100
    assert men10["never_married_ratio"] == women10["never_married_ratio"] == round(100 * 572_135 / 239_225, 2)


def test_every_share_is_never_married_over_total(share, marital):
    for row in share.sample(40, random_state=1).itertuples():
        cells = marital[(marital["year"] == row.year) & (marital["area"] == row.area) & (marital["sex"] == row.sex) & (marital["age_label"] == row.age_label)]
        by_status = cells.set_index("marital_status")["persons"]
        assert row.share_never_married == round(100 * by_status["never_married"] / by_status["total"], 2)


def test_rural_men_30_39_are_published(share):
    rural = share[(share["area"] == "rural") & (share["sex"] == "male") & share["age_label"].isin(["30-34", "35-39"])]
    assert sorted(set(rural["year"])) == [1990, 2000, 2010]  # 1982 has Area = Total only
    row = _share(share, 2010, "male", "30-34", "rural")
    single, total = raw_cells("2010", "Rural", "Male", "30 - 34", "Single (never married)"), raw_cells("2010", "Rural", "Male", "30 - 34", "Total")
    assert row["share_never_married"] == round(100 * single / total, 2)


def test_sample_and_civilian_flags_come_from_the_file(marital, share):
    flags = marital.groupby("year")[["tabulation", "sample", "civilian_only"]].agg(lambda s: set(s))
    assert flags.loc[2010, "tabulation"] == {"long_form_sample"} and flags.loc[2000, "tabulation"] == {"sample"}
    assert flags.loc[1990, "tabulation"] == flags.loc[1982, "tabulation"] == {"complete"}
    assert flags.loc[2010, "sample"] == flags.loc[2000, "sample"] == {True}
    assert flags.loc[1990, "civilian_only"] == flags.loc[1982, "civilian_only"] == {True}
    assert flags.loc[2010, "civilian_only"] == flags.loc[2000, "civilian_only"] == {False}
    assert set(share.loc[share["sample"], "year"]) == {2000, 2010}


def test_footnotes_are_the_catalogue_caveats():
    """The data part ends at the empty line; the five UN footnotes are quoted in the catalogue."""
    data, footnotes = census_unsd_marital.split_footnotes(MARITAL)
    assert data.count(b"\n") == 1 + 1261  # header and 1,261 data rows
    assert sorted(footnotes, key=int) == ["1", "2", "3", "4", "5"]
    entry = next(s for s in load_catalog()["sources"] if s["source_id"] == census_unsd_marital.SOURCE_ID)
    caveats = " ".join(entry["caveats"])
    for text, _line in footnotes.values():
        assert text in caveats, text
    assert len(entry["caveats_zh"]) == len(entry["caveats"])


def test_1990_totals_equal_the_single_age_census(marital):
    """Cross-check run by the build: 1990 totals by age group = the UNSD single-age table."""
    single = census_unsd.load_census_single_age_unsd()
    census_unsd_marital.check_against_single_ages(marital, single, "marital.csv")
    assert raw_cells("1990", "Total", "Female", "20 - 24", "Total") == raw_single_ages(1990, "female", 20, 24)
    off = marital.copy()
    line = off[(off["year"] == 1990) & (off["area"] == "total") & (off["sex"] == "male") & (off["age_label"] == "25-29") & (off["marital_status"] == "total")].index[0]
    off.loc[line, "persons"] += 1
    with pytest.raises(BuildError) as err:
        census_unsd_marital.check_against_single_ages(off, single, "marital.csv")
    assert (err.value.line, err.value.column) == (line, "Value") and "25-29" in err.value.detail


def test_the_widest_band_is_the_15_plus_row(share):
    bands = marriage.never_married_bands(share)
    for (year, area, sex), rows in share[share["all_ages"]].groupby(["year", "area", "sex"]):
        whole = bands[(bands["year"] == year) & (bands["area"] == area) & (bands["sex"] == sex) & (bands["age_from"] == 15) & bands["age_to"].isna()]
        assert len(whole) == 1 and whole["total"].iloc[0] == rows["total"].iloc[0], (year, area, sex)


# --------------------------------------------------------------------------- the marriage-market ratio

def test_market_ratio_by_hand_from_the_single_age_file(market):
    """ratio = 100 x (men aged a..b) / (women aged a-g..b-g); here 2010, men 25-34, g = 2: women 23-32,
    each summed from the single-age rows of the raw UNSD file."""
    men, women = raw_single_ages(2010, "male", 25, 34), raw_single_ages(2010, "female", 23, 32)
    row = market[(market["source_id"] == "unsd_dyb_census_1990_2000_2010") & (market["year"] == 2010) & (market["gap"] == 2)
                 & (market["men_age_from"] == 25) & (market["men_age_to"] == 34)].iloc[0]
    assert (row["women_age_from"], row["women_age_to"], row["women_ages"], row["grid"]) == (23, 32, "23-32", "single years")
    assert (row["men"], row["women"]) == (men, women)
    assert row["ratio"] == round(100 * men / women, 2)
    assert row["surplus_of_men"] == men - women


def test_market_covers_1950_to_2100_and_never_interpolates(market):
    series = marriage.market_series(market, 5, 25, 34)
    assert series["year"].min() == 1950 and series["year"].max() == 2100
    assert set(series["estimate_type"]) == {"census_count", "un_estimate", "un_projection"}
    five = market[market["grid"] == "5-year groups"]
    assert set(five["gap"]) == {0, 5, 10} and set(five["men_age_from"] % 5) == {0}
    assert set(five["source_id"]) == {"nbs_census2020_yb_t1_5", "wpp2022_age5_projection_median"}
    gap2 = marriage.market_series(market, 2, 25, 34)  # only the single-year tables give a 2-year gap
    assert set(gap2["grid"]) == {"single years"} and gap2["year"].max() == 2021
    assert marriage.market_series(market, 5, 22, 31)["source_id"].isin(["unsd_dyb_census_1990_2000_2010", "wpp2022_single_age_decadal"]).all()


def test_market_windows_on_a_hand_made_5_year_table():
    wide = pd.DataFrame({"age_start": [10, 15, 20, 25, 30, 35, 40, 45, 50], "age_end": [14, 19, 24, 29, 34, 39, 44, 49, pd.NA],
                         "male": [1, 2, 3, 4, 5, 6, 7, 8, 9], "female": [10, 20, 30, 40, 50, 60, 70, 80, 90]})
    got = marriage.market_windows(wide)
    assert set(got["grid"]) == {"5-year groups"} and set(got["gap"]) == {0, 5, 10}
    row = got[(got["gap"] == 5) & (got["men_age_from"] == 25) & (got["men_age_to"] == 34)].iloc[0]
    assert (row["women_age_from"], row["women_age_to"], row["men"], row["women"]) == (20, 29, 4 + 5, 30 + 40)
    assert got[got["men_age_from"] == 22].empty  # would split the 20-24 group


# --------------------------------------------------------------------------- damaged copies

def _damaged(tmp_path: Path, edit) -> Path:
    raw = RawCopy(MARITAL)
    edit(raw)
    path = tmp_path / MARITAL.name
    raw.write(path)
    return path


def _remove_blank_line(raw: RawCopy) -> None:
    raw.lines.remove("")  # the empty line between the data and the footnote table


@pytest.mark.parametrize(("edit", "line", "column", "words"), [
    # line 23 (2010 men 30-34 never married, 572135) + 1: the group's Total row, line 22, no longer matches
    (lambda raw: raw.set_cell(23, "Value", "572136", "572135"), 22, "Value", "add up to 4,531,863"),
    # the footnote table read as data: its header lands on line 1263 once the empty line is gone
    (_remove_blank_line, 1263, "Country or Area", "footnote table"),
    (lambda raw: raw.set_cell(23, "Value", "-5", "572135"), 23, "Value", "greater_than_or_equal_to(0)"),
    (lambda raw: raw.set_cell(23, "Value", "1,234", "572135"), 23, "Value", "'1,234'"),
    # Urban + Rural: +1 on an urban cell and on its status total keeps the statuses adding up (lines 142, 143)
    (lambda raw: [raw.set_cell(n, "Value", str(int(raw.fields(n)[9]) + 1)) for n in (142, 143)], 22, "Value", "Urban"),
    (lambda raw: raw.set_cell(22, "Value Footnotes", "1,9", "1,2"), 22, "Value Footnotes", "footnote 9"),
    (lambda raw: raw.set_cell(22, "Marital status", "Separated", "Total"), 22, "Marital status", "Separated"),
    (lambda raw: raw.lines.insert(30, ""), 32, None, "footnote table"),
])
def test_damaged_copy_names_file_line_and_column(tmp_path, edit, line, column, words):
    path = _damaged(tmp_path, edit)
    with pytest.raises(BuildError) as err:
        census_unsd_marital.load_marital_status_unsd(path)
    assert Path(err.value.file).name == MARITAL.name and MARITAL.name in str(err.value)
    assert (err.value.line, err.value.column) == (line, column), str(err.value)
    assert words in err.value.detail
    assert f"line {line}" in str(err.value) and (column is None or f"column '{column}'" in str(err.value))


def test_undamaged_copy_loads_the_same(tmp_path, marital):
    path = _damaged(tmp_path, lambda raw: None)
    assert path.read_bytes() == MARITAL.read_bytes()
    pd.testing.assert_frame_equal(census_unsd_marital.load_marital_status_unsd(path), marital)
