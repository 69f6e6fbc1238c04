"""Loaders and the build against the real raw files: published facts, unit conversions, row counts,
Parquet round trips and catalogue joins.

The expected numbers are facts printed by the sources (census yearbook totals, printed SRBs, WPP
values) or counts of the committed raw files; computed results are compared with independent
computations on the raw CSV, never with hard-coded outputs of the code under test.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from datasets import build, schemas, table_schemas
from datasets.catalog import load_catalog
from datasets.derived.population import by_sex_wide, surplus_in_range, to_age5
from datasets.derived.schemas import DERIVED
from datasets.loaders import census_nbs, census_unsd, reported, wpp

# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def province() -> pd.DataFrame:
    return census_nbs.load_census_age5_province()


@pytest.fixture(scope="module")
def national() -> pd.DataFrame:
    return census_nbs.load_census_age5_national()


@pytest.fixture(scope="module")
def births() -> pd.DataFrame:
    return census_nbs.load_births_by_sex_order()


@pytest.fixture(scope="module")
def unsd() -> pd.DataFrame:
    return census_unsd.load_census_single_age_unsd()


@pytest.fixture(scope="module")
def wpp_srb() -> pd.DataFrame:
    return wpp.load_wpp_srb()


def _raw(path: Path) -> pd.DataFrame:
    """A raw CSV as text, independently of datasets.rawio; index = line number in the file."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    frame.index = frame.index + 2
    return frame


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    """One real build (datasets.build.main) into a temporary folder."""
    out = tmp_path_factory.mktemp("build") / "published"
    assert build.main(["--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def built_tables() -> dict[str, pd.DataFrame]:
    return build.build_tables()


def _read(published: Path, name: str) -> pd.DataFrame:
    """Read a published table the way the dashboard does (dashboard/data.py)."""
    return pq.read_table(published / f"{name}.parquet").to_pandas()


# --------------------------------------------------------------------------- 2020 census totals

CENSUS_2020_TOTALS = {"both": 1_409_778_724, "male": 721_416_394, "female": 688_362_330}


@pytest.mark.parametrize("loader", ["province", "national"])
def test_2020_census_totals_summed_over_age_groups(loader, province, national):
    frame = {"province": province, "national": national}[loader]
    rows = frame[(frame["source_id"] == "nbs_census2020_yb_t1_5") & (frame["geography_code"] == "CHN") & (frame["year"] == 2020)]
    assert rows["age_label"].nunique() == 22  # 0, 1-4, 5-9 ... 95-99, 100+ (the "total" rows are left out)
    assert "total" not in set(rows["age_label"])
    totals = {sex: int(v) for sex, v in rows.groupby("sex")["population"].sum().items()}
    assert totals == CENSUS_2020_TOTALS
    assert totals["male"] + totals["female"] == totals["both"]


def test_2020_census_printed_total_rows_match_the_facts():
    raw = _raw(census_nbs.AGE5_PROVINCE)
    total = raw[(raw["census_year"] == "2020") & (raw["region_zh"] == "全国") & (raw["age_group"] == "total")]
    assert {r.sex: int(r.population) for r in total.itertuples()} == CENSUS_2020_TOTALS


# --------------------------------------------------------------------------- surplus of men, 2020


@pytest.fixture(scope="module")
def wide_2020(province) -> pd.DataFrame:
    rows = province[(province["source_id"] == "nbs_census2020_yb_t1_5") & (province["geography_code"] == "CHN") & (province["year"] == 2020)]
    return by_sex_wide(rows)


@pytest.mark.parametrize(
    ("age_from", "age_to", "label", "surplus"),
    [(20, 25, "20-24", 4_410_315), (20, 40, "20-39", 15_337_091), (20, 45, "20-44", 17_647_149)],
)
def test_2020_surplus_of_men(wide_2020, age_from, age_to, label, surplus):
    got = surplus_in_range(wide_2020, age_from, age_to)
    assert got["label"] == label
    assert got["surplus_of_men"] == surplus
    assert got["men"] - got["women"] == surplus
    assert isinstance(got["surplus_of_men"], int)


def test_2020_surplus_20_24_equals_raw_cells():
    """The 20-24 surplus straight from the raw CSV cells (no loader, no analysis code)."""
    raw = _raw(census_nbs.AGE5_PROVINCE)
    cells = raw[(raw["census_year"] == "2020") & (raw["region_zh"] == "全国") & (raw["age_group"] == "20-24")]
    by_sex = {r.sex: int(r.population) for r in cells.itertuples()}
    assert by_sex["male"] - by_sex["female"] == 4_410_315


# --------------------------------------------------------------------------- sex ratio at birth


@pytest.mark.parametrize(("year", "printed"), [(2020, 112.28), (2010, 121.21)])
def test_census_srb_as_printed(births, year, printed):
    rows = births[(births["census_year"] == year) & (births["geography_code"] == "CHN") & (births["area_type"] == "all") & (births["birth_order"] == "all")]
    assert len(rows) == 1
    assert rows["sex_ratio_at_birth_as_printed"].iloc[0] == printed
    srb = census_nbs.census_srb_national(births)
    value = srb.loc[srb["year"] == year, "value"]
    assert value.tolist() == [printed]
    assert srb.loc[srb["year"] == year, "series"].tolist() == ["census"]


def test_wpp_srb_converted_to_males_per_100_females(wpp_srb):
    raw = _raw(wpp.SRB)
    line = raw.index[(raw["wpp_revision"] == "WPP2022") & (raw["location"] == "China") & (raw["year"] == "1950")]
    assert len(line) == 1
    assert raw.loc[line[0], "srb_males_per_female"] == "1.061"
    row = wpp_srb.loc[line[0]]
    assert (row["source_id"], row["geography_code"], int(row["year"]), row["revision"]) == ("wpp2022_srb", "CHN", 1950, "WPP2022")
    assert row["value"] == 106.1
    assert wpp_srb["value"].dtype == "float64"


def test_wpp_srb_every_value_is_raw_times_100(wpp_srb):
    raw = _raw(wpp.SRB)
    expected = raw["srb_males_per_female"].map(lambda s: float(Decimal(s) * 100))
    assert len(wpp_srb) == len(raw)
    assert wpp_srb["value"].tolist() == expected.loc[wpp_srb.index].tolist()


# --------------------------------------------------------------------------- WPP thousands -> persons


@pytest.mark.parametrize(
    ("path", "loader", "year"),
    [(wpp.SINGLE_AGE, wpp.load_wpp_single_age, "2020"), (wpp.PROJECTION, wpp.load_wpp_projection, "2050")],
    ids=["single_age", "projection"],
)
def test_wpp_thousands_to_persons_exact(path, loader, year):
    raw = _raw(path)
    out = loader()
    assert str(out["population"].dtype) == "Int64"
    assert out["population"].notna().all()
    # one value, picked from the raw file with pandas
    line = raw.index[(raw["location"] == "China") & (raw["sex"] == "male") & (raw["year"] == year)][5]
    thousands = raw.loc[line, "population_thousands"]
    assert out.loc[line, "population"] == round(float(thousands) * 1000)
    assert out.loc[line, "population"] == int(Decimal(thousands) * 1000)
    # and every value, exactly (Decimal: no float rounding in the expectation)
    expected = raw["population_thousands"].map(lambda s: int(Decimal(s) * 1000))
    assert (raw["population_thousands"].map(lambda s: Decimal(s) * 1000 == int(Decimal(s) * 1000))).all()
    assert out["population"].astype("int64").tolist() == expected.loc[out.index].tolist()


def test_wpp_single_age_known_value():
    """China, 2020, male, age 25: 9507.589 thousand in the raw file = 9,507,589 persons."""
    out = wpp.load_wpp_single_age()
    row = out[(out["geography_code"] == "CHN") & (out["year"] == 2020) & (out["sex"] == "male") & (out["age_start"] == 25)]
    assert row["population"].tolist() == [9_507_589]
    assert str(row["population"].dtype) == "Int64"


# --------------------------------------------------------------------------- NBS 2010 vs UNSD 2010


def test_nbs_2010_national_equals_unsd_2010_regrouped(province, unsd):
    nbs = province[(province["source_id"] == "nbs_census2010_t1_7") & (province["geography_code"] == "CHN") & (province["year"] == 2010) & (province["sex"] != "both")]
    un = unsd[unsd["year"] == 2010]
    assert len(un) == 2 * 101  # single ages 0-99 and 100+, two sexes
    nbs5 = to_age5(nbs).set_index(["sex", "age_start"]).sort_index()
    un5 = to_age5(un).set_index(["sex", "age_start"]).sort_index()
    assert len(un5) == len(nbs5) == 2 * 21  # 0-4 ... 95-99, 100+
    assert nbs5.index.equals(un5.index)
    assert nbs5["age_label"].tolist() == un5["age_label"].tolist()
    assert str(nbs5["population"].dtype) == str(un5["population"].dtype) == "Int64"
    diff = nbs5["population"] - un5["population"]
    assert diff.notna().all()
    assert (diff == 0).all(), diff[diff != 0]


# --------------------------------------------------------------------------- the build


EXPECTED_ROWS = {
    "population_by_age_sex": 33_738,
    "sex_ratio_at_birth": 1_814,
    "births_by_sex_order": 1_536,
    "census_srb": 1_536,  # one computed SRB for each row of births_by_sex_order
    "census_2020_servicemen": 3,
    "registered_cases": 26,  # 1995-2020
}
#: reported_figures: the 16 sex-ratio statements (china_sex_ratio_reported_figures.csv). Other
#: topics may be appended to the same table by other loaders; they are counted from their own rows.
SEX_RATIO_FIGURES_ROWS = 16
ALL_TABLES = list(schemas.PUBLISHED) + list(DERIVED)


def _manifest(published: Path) -> dict:
    return json.loads((published / "manifest.json").read_text(encoding="utf-8"))


def test_manifest_lists_every_published_table(published):
    manifest = _manifest(published)
    assert set(manifest["tables"]) == set(ALL_TABLES)
    assert set(EXPECTED_ROWS) | {"reported_figures"} <= set(ALL_TABLES)
    for name, entry in manifest["tables"].items():
        assert pq.ParquetFile(published / entry["file"]).metadata.num_rows == entry["rows"], name
    assert build.verify(published) == []


@pytest.mark.parametrize("name", list(EXPECTED_ROWS))
def test_published_row_counts(published, name):
    assert _manifest(published)["tables"][name]["rows"] == EXPECTED_ROWS[name]
    assert pq.ParquetFile(published / f"{name}.parquet").metadata.num_rows == EXPECTED_ROWS[name]
    assert len(_read(published, name)) == EXPECTED_ROWS[name]


def test_published_reported_figures_rows(published):
    figs = _read(published, "reported_figures")
    assert (figs["source_id"] == reported.SOURCE_SEX_RATIO).sum() == SEX_RATIO_FIGURES_ROWS
    assert (figs["topic"] == "sex_ratio").sum() == SEX_RATIO_FIGURES_ROWS
    assert figs["figure_id"].is_unique
    assert _manifest(published)["tables"]["reported_figures"]["rows"] == len(figs)


def test_published_row_counts_match_raw_files(published):
    """Where a table is a plain copy of raw rows, its row count is the raw file's data-row count."""
    assert len(_read(published, "births_by_sex_order")) == len(_raw(census_nbs.BIRTHS))
    figs = _read(published, "reported_figures")
    sex_ratio_ids = _raw(reported.SEX_RATIO_FIGURES)["figure_id"]
    assert len(sex_ratio_ids) == SEX_RATIO_FIGURES_ROWS
    assert sorted(figs.loc[figs["source_id"] == reported.SOURCE_SEX_RATIO, "figure_id"]) == sorted(sex_ratio_ids)
    # WPP SRB rows + one census row per census (2010, 2020)
    assert len(_read(published, "sex_ratio_at_birth")) == len(_raw(wpp.SRB)) + 2
    raw_prov = _raw(census_nbs.AGE5_PROVINCE)
    expected_pop = (
        (raw_prov["age_group"] != "total").sum() + len(_raw(census_unsd.UNSD_SINGLE)) + len(_raw(wpp.SINGLE_AGE)) + len(_raw(wpp.PROJECTION))
    )
    assert len(_read(published, "population_by_age_sex")) == expected_pop


def _int64_columns(name: str) -> list[str]:
    return [col for col, spec in table_schemas.published_schema(name).columns.items() if str(spec.dtype) == "Int64"]


def test_count_columns_are_declared_int64():
    assert _int64_columns("population_by_age_sex") == ["year", "age_start", "age_end", "population"]
    assert _int64_columns("births_by_sex_order") == ["census_year", "births_both", "births_male", "births_female"]
    assert _int64_columns("sex_ratio_at_birth") == ["year"]


@pytest.mark.parametrize("name", ALL_TABLES)
def test_parquet_round_trip_keeps_dtypes_and_missing_values(published, built_tables, name):
    back = _read(published, name)
    built = built_tables[name].reset_index(drop=True)
    assert list(back.columns) == list(table_schemas.published_schema(name).columns)
    for col in _int64_columns(name):
        assert str(back[col].dtype) == "Int64", col
    for col in back.columns:
        assert not pd.api.types.is_float_dtype(back[col]) or str(table_schemas.published_schema(name).columns[col].dtype).startswith("float"), col
        assert back[col].isna().sum() == built[col].isna().sum(), col
        if back[col].dtype != "bool" and not pd.api.types.is_numeric_dtype(back[col]):
            texts = set(back[col].dropna().astype(str))
            assert not texts & {"nan", "NaN", "None", "<NA>", ""}, col
    pd.testing.assert_frame_equal(back, built, check_exact=True)
    # the published schema accepts the file as read back (no dtype drift)
    table_schemas.published_schema(name).validate(back)


def test_round_trip_missing_values_come_from_the_raw_files(published):
    pop = _read(published, "population_by_age_sex")
    # open-ended groups (100+ in the censuses and the WPP projection) and only those have no age_end
    assert (pop["age_end"].isna() == pop["open_ended"]).all()
    assert pop["open_ended"].sum() > 0
    # UNSD 1990 and 2000 have no reference date in our files: missing, not "nan"
    unsd_raw = _raw(census_unsd.UNSD_SINGLE)
    undated = pop[pop["reference_date"].isna()]
    assert len(undated) == unsd_raw["census_year"].isin(["1990", "2000"]).sum()
    assert set(undated["source_id"]) == {"unsd_dyb_census_1990_2000_2010"}
    assert set(undated["year"]) == {1990, 2000}

    births = _read(published, "births_by_sex_order")
    raw = _raw(census_nbs.BIRTHS)
    for col in ("births_both", "births_male", "births_female", "sex_ratio_at_birth_as_printed"):
        assert births[col].isna().sum() == raw[col].isna().sum(), col
    assert raw["births_female"].isna().sum() > 0  # the source leaves some cells blank
    assert births["sex_ratio_at_birth_as_printed"].dtype == "float64"

    figs = _read(published, "reported_figures")
    figs = figs[figs["source_id"] == reported.SOURCE_SEX_RATIO]
    raw_figs = _raw(reported.SEX_RATIO_FIGURES)
    for col in ("period_start", "period_end", "published_date", "note"):
        assert figs[col].isna().sum() == raw_figs[col].isna().sum(), col


# --------------------------------------------------------------------------- catalogue joins


@pytest.mark.parametrize("name", ALL_TABLES)
def test_published_source_ids_are_in_the_catalog(published, name):
    known = {s["source_id"] for s in load_catalog()["sources"]}
    ids = set(_read(published, name)["source_id"])
    assert ids, name
    assert ids <= known, ids - known
    assert set(_manifest(published)["tables"][name]["source_ids"]) == ids


def test_population_sources_per_estimate_type(published):
    pop = _read(published, "population_by_age_sex")
    by_source = pop.groupby("source_id")["estimate_type"].unique().map(list).to_dict()
    assert by_source == {
        "nbs_census2010_t1_7": ["census_count"],
        "nbs_census2020_yb_t1_5": ["census_count"],
        "unsd_dyb_census_1990_2000_2010": ["census_count"],
        "wpp2022_age5_projection_median": ["un_projection"],
        "wpp2022_single_age_decadal": ["un_estimate"],
    }


# --------------------------------------------------------------------------- Chinese names and labels


@pytest.mark.parametrize(
    "iso3, geography, zh",
    [("CHN", "China", "中国"), ("KOR", "Republic of Korea", "韩国"), ("VNM", "Viet Nam", "越南"),
     ("HKG", "China, Hong Kong Special Administrative Region", "中国香港特别行政区"), ("USA", "United States of America", "美国")],
)
def test_glotip_country_names_in_chinese(published, iso3, geography, zh):
    glotip = _read(published, "glotip")
    rows = glotip[glotip["iso3"] == iso3][["geography", "geography_zh"]].drop_duplicates()
    assert rows.values.tolist() == [[geography, zh]]


def test_glotip_region_and_subregion_in_chinese(published):
    china = _read(published, "glotip").query("iso3 == 'CHN'")[["region", "region_zh", "subregion", "subregion_zh"]].drop_duplicates()
    assert china.values.tolist() == [["Asia", "亚洲", "Eastern Asia", "东亚"]]
    sums = _read(published, "glotip_regional_sums_derived")[["geography", "geography_zh"]].drop_duplicates().set_index("geography")["geography_zh"]
    assert sums["World"] == "世界" and sums["Sub-Saharan Africa"] == "撒哈拉以南非洲" and sums["South-eastern Asia"] == "东南亚"
    assert sums.notna().all()


def test_tip_country_names_in_chinese(published):
    tiers = _read(published, "tip_tiers")
    names = tiers[["country", "country_zh"]].drop_duplicates().set_index("country")["country_zh"]
    assert names.index.is_unique
    assert names["China"] == "中国" and names["Korea, South"] == "韩国" and names["Korea, North"] == "朝鲜" and names["Burma"] == "缅甸"
    assert tiers.query("report_year == 2024")[["country", "country_zh"]].values.tolist() == [["China", "中国"]]


def test_wpp_and_census_geographies_in_chinese(published):
    expected = {"CHN": "中国", "IND": "印度", "JPN": "日本", "KOR": "韩国", "VNM": "越南", "WLD": "世界"}
    srb = _read(published, "sex_ratio_at_birth")
    assert dict(srb[["geography_code", "geography_zh"]].drop_duplicates().values.tolist()) == expected
    pop = _read(published, "population_by_age_sex")
    wpp_rows = pop[pop["source_id"].str.startswith("wpp")]
    assert dict(wpp_rows[["geography_code", "geography_zh"]].drop_duplicates().values.tolist()) == expected
    assert pop[pop["geography_code"] == "CN-BJ"]["geography_zh"].unique().tolist() == ["北京"]
    assert pop["geography_zh"].notna().all()


def test_reported_figure_measure_labels(published):
    figures = _read(published, "reported_figures")
    row = figures.set_index("figure_id").loc["CNSR001"]
    assert (row["measure"], row["value"]) == ("excess_males_over_females_age_20_40", 17_520_000.0)
    assert row["measure_label"] == "Men minus women, ages 20-40"
    assert row["measure_label_zh"] == "20至40岁男性比女性多出人数"
    assert figures["measure"].nunique() == 80
    assert figures[["measure_label", "measure_label_zh"]].notna().all().all()
    assert figures.set_index("figure_id").loc["CNRF052", "measure_label_zh"] == "拐卖儿童犯罪年发案数"


def test_crime_measure_labels(published):
    crime = _read(published, "crime_cases_registered")
    labels = crime[["measure", "measure_zh", "measure_label"]].drop_duplicates().set_index("measure")
    assert len(labels) == 11
    assert labels.loc["trafficking_women_children_cases_registered"].tolist() == ["拐卖妇女儿童", "Abducting and trafficking women and children"]


def test_cited_figures_in_chinese(published):
    cited = _read(published, "cited_figures").set_index("figure_id")
    assert cited.loc["NEWS001", "claim_zh"] == "2020年人口普查显示，20至40岁人口中男性比女性多1752万人。"
    assert cited.loc["NEWS003", "attributed_to_zh"] == "警方（公安部）"
    for en, zh in [("claim", "claim_zh"), ("population", "population_zh"), ("attributed_to", "attributed_to_zh"), ("note", "note_zh")]:
        assert (cited[en].isna() == cited[zh].isna()).all(), zh
        assert cited[zh].dropna().str.contains(r"[\u4e00-\u9fff]").all(), zh


def test_manifest_describes_new_columns(published):
    manifest = json.loads((published / "manifest.json").read_text(encoding="utf-8"))
    titles = manifest["tables"]["reported_figures"]["column_titles"]
    assert titles["measure_label_zh"] == "short label of the measure, Chinese (datasets/curated/measure_names.csv)"
    assert manifest["tables"]["glotip"]["column_titles"]["region_zh"] == "UN M49 region (Chinese, Unicode CLDR)"


def test_country_names_file_is_what_the_script_writes():
    pytest.importorskip("babel")
    pytest.importorskip("pycountry")
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_country_names_zh", Path(__file__).resolve().parent.parent / "scripts" / "make_country_names_zh.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.render() == module.OUT.read_text(encoding="utf-8")
