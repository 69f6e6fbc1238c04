"""Tests for datasets/catalog.yaml and its reader datasets/catalog.py."""

from __future__ import annotations

import copy
from pathlib import Path

import pandas as pd
import pytest
import yaml

from datasets.catalog import (
    DEFAULT_CATALOG_PATH,
    FRAME_COLUMNS,
    CatalogError,
    catalog_frame,
    citation,
    load_catalog,
)

RAW_DIR = DEFAULT_CATALOG_PATH.parent / "raw"

EXPECTED_GRADES = {
    "official_table",
    "official_table_copy",
    "agency_figure_named_outlet",
    "mirror_copy",
    "secondary_only",
    "derived",
}

EXPECTED_SOURCE_IDS = {
    "scmp_2022_03_05_two_sessions_trafficking",
    "nbs_census2020_yb_t1_5",
    "nbs_census2010_t1_7",
    "nbs_census2020_yb_t6_1",
    "nbs_census2010_t6_1",
    "unsd_dyb_census_1990_2000_2010",
    "wpp2022_single_age_decadal",
    "wpp2022_age5_projection_median",
    "wpp2022_srb",
    "wpp2024_srb",
    "nbs_press_conference_2021_05_17_reports",
    "natural_earth_admin1_50m",
    "nbs_csy_via_mybox_fe485f3",
    "unodc_glotip_2025-04-14",
    "glotip_regional_sums_derived",
    "kelley_cho_tiers_dta_2015-08-10",
    "kelley_tiers_2015_csv",
    "us_tip_china_2016_2024_web_pages",
    "trafficking_reported_figures_web",
    "trafficking_cases_2021_onward",
}


@pytest.fixture(scope="module")
def catalog() -> dict:
    return load_catalog()


@pytest.fixture()
def raw_yaml() -> dict:
    """A fresh, editable copy of the real catalogue as plain YAML data."""
    return yaml.safe_load(DEFAULT_CATALOG_PATH.read_text(encoding="utf-8"))


def _write(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / "catalog.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


# --- the real catalogue ----------------------------------------------------


def test_loads_and_has_expected_sources(catalog):
    ids = [s["source_id"] for s in catalog["sources"]]
    assert set(ids) == EXPECTED_SOURCE_IDS
    assert len(ids) == len(set(ids))


def test_every_raw_file_is_catalogued(catalog):
    on_disk = {p.relative_to(RAW_DIR).as_posix() for p in RAW_DIR.rglob("*") if p.is_file()}
    assert on_disk, "datasets/raw is empty"
    listed = {f for s in catalog["sources"] for f in s["raw_files"]}
    assert on_disk - listed == set(), "raw files not listed by any source"


def test_every_listed_raw_file_exists(catalog):
    for src in catalog["sources"]:
        for rel in src["raw_files"]:
            assert (RAW_DIR / rel).is_file(), (src["source_id"], rel)


def test_grades_valid(catalog):
    assert set(catalog["grades"]) == EXPECTED_GRADES
    for code, desc in catalog["grades"].items():
        assert isinstance(desc, str) and desc.strip() and "\n" not in desc.strip(), code
    for src in catalog["sources"]:
        assert src["grade"] in catalog["grades"], src["source_id"]


def test_repository_copies_have_full_commits(catalog):
    for src in catalog["sources"]:
        obt = src["obtained_from"]
        if obt["repository"] is not None:
            assert len(obt["commit"]) == 40, src["source_id"]


# --- malformed catalogues --------------------------------------------------


@pytest.mark.parametrize("field", ["publisher", "grade", "raw_files", "obtained_from", "title_zh"])
def test_missing_field_raises(tmp_path, raw_yaml, field):
    victim = raw_yaml["sources"][2]
    sid = victim["source_id"]
    del victim[field]
    path = _write(tmp_path, raw_yaml)
    with pytest.raises(CatalogError) as info:
        load_catalog(path, raw_dir=RAW_DIR)
    msg = str(info.value)
    assert sid in msg and field in msg and str(path) in msg


def test_missing_obtained_from_key_raises(tmp_path, raw_yaml):
    victim = raw_yaml["sources"][0]
    del victim["obtained_from"]["commit"]
    path = _write(tmp_path, raw_yaml)
    with pytest.raises(CatalogError, match=r"obtained_from\.commit") as info:
        load_catalog(path, raw_dir=RAW_DIR)
    assert victim["source_id"] in str(info.value)


def test_bad_grade_raises(tmp_path, raw_yaml):
    victim = raw_yaml["sources"][-1]
    victim["grade"] = "gold_standard"
    path = _write(tmp_path, raw_yaml)
    with pytest.raises(CatalogError) as info:
        load_catalog(path, raw_dir=RAW_DIR)
    msg = str(info.value)
    assert victim["source_id"] in msg and "'grade'" in msg and "gold_standard" in msg


def test_bad_estimate_type_raises(tmp_path, raw_yaml):
    victim = raw_yaml["sources"][1]
    victim["estimate_type"] = "guess"
    path = _write(tmp_path, raw_yaml)
    with pytest.raises(CatalogError, match="estimate_type") as info:
        load_catalog(path, raw_dir=RAW_DIR)
    assert victim["source_id"] in str(info.value)


def test_duplicate_id_raises(tmp_path, raw_yaml):
    dup = copy.deepcopy(raw_yaml["sources"][0])
    raw_yaml["sources"].append(dup)
    path = _write(tmp_path, raw_yaml)
    with pytest.raises(CatalogError) as info:
        load_catalog(path, raw_dir=RAW_DIR)
    msg = str(info.value)
    assert dup["source_id"] in msg and "source_id" in msg and "duplicate" in msg


def test_missing_raw_file_raises(tmp_path, raw_yaml):
    victim = raw_yaml["sources"][3]
    victim["raw_files"].append("no_such_file.csv")
    path = _write(tmp_path, raw_yaml)
    with pytest.raises(CatalogError) as info:
        load_catalog(path, raw_dir=RAW_DIR)
    msg = str(info.value)
    assert victim["source_id"] in msg and "raw_files" in msg and "no_such_file.csv" in msg


def test_raw_dir_defaults_to_beside_catalogue(tmp_path, raw_yaml):
    # No raw/ folder next to the temporary catalogue, so the first file fails.
    path = _write(tmp_path, raw_yaml)
    with pytest.raises(CatalogError, match="raw_files"):
        load_catalog(path)


def test_invalid_yaml_raises(tmp_path):
    path = tmp_path / "catalog.yaml"
    path.write_text("grades: [unclosed\n", encoding="utf-8")
    with pytest.raises(CatalogError, match="invalid YAML"):
        load_catalog(path, raw_dir=RAW_DIR)


def test_catalog_error_is_value_error():
    assert issubclass(CatalogError, ValueError)


# --- frame and citation ----------------------------------------------------


def test_catalog_frame(catalog):
    frame = catalog_frame(catalog)
    assert len(frame) == len(catalog["sources"])
    assert list(frame.columns) == list(FRAME_COLUMNS)
    assert frame["source_id"].is_unique
    for col in frame.columns:
        assert isinstance(frame[col].dtype, pd.StringDtype), col
    row = frame.set_index("source_id").loc["nbs_census2020_yb_t1_5"]
    assert row["raw_files"] == (
        "china_census_2020_population_by_age5_sex_national.csv; "
        "china_census_2010_2020_population_by_age5_sex_province.csv"
    )
    assert " | " in row["caveats"]
    assert row["grade_description"] == catalog["grades"]["official_table"]
    assert frame["grade_description"].notna().all()


def test_citation_contains_commit12(catalog):
    for src in catalog["sources"]:
        text = citation(catalog, src["source_id"])
        assert "\n" not in text
        assert text.startswith(src["publisher"] + ", " + src["title"])
        commit = src["obtained_from"]["commit"]
        if commit:
            assert f"{src['obtained_from']['repository']}@{commit[:12]}" in text
            assert commit[:13] not in text


def test_citation_unknown_id(catalog):
    with pytest.raises(KeyError):
        citation(catalog, "no_such_source")
