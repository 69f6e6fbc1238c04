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
    "repeated_claims_web",
    "nbs_census2020_yb_t1_5",
    "nbs_census2010_t1_7",
    "nbs_census2020_yb_t6_1",
    "nbs_census2010_t6_1",
    "unsd_dyb_census_1990_2000_2010",
    "unsd_dyb_marital_status_1982_2010",
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
    "cldr_country_names_zh",
    "measure_names_project",
    "outlet_names_project",
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


@pytest.mark.parametrize("field", ["publisher", "grade", "raw_files", "obtained_from", "title_zh", "publisher_zh", "caveats_zh", "short", "short_zh"])
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
    assert row["publisher_zh"] == "国家统计局"
    assert row["title_zh"] == "中国人口普查年鉴-2020"
    assert row["grade_description_zh"] == "官方统计表，所用副本已与独立来源核对。"
    assert row["caveats_zh"].count(" | ") == row["caveats"].count(" | ") == 7
    for col in ("publisher_zh", "title_zh", "grade_description_zh", "caveats_zh"):
        assert frame[col].notna().all(), col


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


# --- Chinese fields --------------------------------------------------------

PUBLISHER_ZH = {
    "nbs_census2020_yb_t1_5": "国家统计局",
    "nbs_csy_via_mybox_fe485f3": "国家统计局",
    "unodc_glotip_2025-04-14": "联合国毒品和犯罪问题办公室",
    "wpp2022_srb": "联合国经济和社会事务部人口司",
    "scmp_2022_03_05_two_sessions_trafficking": "南华早报",
    "nbs_press_conference_2021_05_17_reports": "国家统计局（新闻发言人付凌晖），经新闻媒体及转载网页报道",
}


@pytest.mark.parametrize("source_id, name", sorted(PUBLISHER_ZH.items()))
def test_publisher_zh(catalog, source_id, name):
    src = next(s for s in catalog["sources"] if s["source_id"] == source_id)
    assert src["publisher_zh"] == name


def test_every_source_has_chinese_publisher_title_and_one_caveat_translation_each(catalog):
    for src in catalog["sources"]:
        assert src["publisher_zh"].strip(), src["source_id"]
        assert src["title_zh"], src["source_id"]
        assert len(src["caveats_zh"]) == len(src["caveats"]), src["source_id"]
    assert set(catalog["grades_zh"]) == set(catalog["grades"]) == EXPECTED_GRADES
    assert catalog["grades_zh"]["derived"] == "由本项目根据其他来源计算得出。"


def test_caveat_translation_keeps_the_numbers(catalog):
    src = next(s for s in catalog["sources"] if s["source_id"] == "nbs_census2020_yb_t1_5")
    assert src["caveats_zh"][2] == (
        "不含公报所包括的2,000,000名现役军人（男1,923,562人，女76,438人），因此此处全国性别比为104.80，而非公报的105.07。"
    )


def test_cldr_source_records_versions(catalog):
    src = next(s for s in catalog["sources"] if s["source_id"] == "cldr_country_names_zh")
    assert src["grade"] == "derived"
    assert src["curated_files"] == ["country_names_zh.csv"]
    assert "CLDR 49" in src["title"] and "babel 2.19.0" in src["table"] and "pycountry 26.2.16" in src["table"]


def test_missing_caveat_translation_raises(tmp_path, raw_yaml):
    victim = raw_yaml["sources"][0]
    victim["caveats_zh"].pop()
    path = _write(tmp_path, raw_yaml)
    with pytest.raises(CatalogError) as info:
        load_catalog(path, raw_dir=RAW_DIR)
    assert str(info.value) == (
        f"{path}: source 'nbs_census2020_yb_t1_5': field 'caveats_zh': has 7 entries for 8 caveats "
        "(1 translation(s) missing); translate each caveat, in the same order"
    )


def test_caveat_translation_with_a_changed_number_raises(tmp_path, raw_yaml):
    victim = raw_yaml["sources"][0]
    victim["caveats_zh"][2] = victim["caveats_zh"][2].replace("104.80", "104.8")
    path = _write(tmp_path, raw_yaml)
    with pytest.raises(CatalogError, match=r"field 'caveats_zh\[2\]': numbers \['104.80'\] of the English caveat are missing"):
        load_catalog(path, raw_dir=RAW_DIR)


def test_caveat_translation_may_print_millions_the_chinese_way(tmp_path, raw_yaml):
    """"more than 17 million" is 1700多万 in Chinese: the value is kept, the digits are not."""
    src = next(s for s in raw_yaml["sources"] if s["source_id"] == "nbs_press_conference_2021_05_17_reports")
    assert src["caveats"][2] == 'One report gives only "more than 17 million"; that row is a lower bound.'
    assert src["caveats_zh"][2] == "有一篇报道只写“1700多万”；该行是下限。"
    load_catalog(_write(tmp_path, raw_yaml), raw_dir=RAW_DIR)
    src["caveats_zh"][2] = "有一篇报道只写“1600多万”；该行是下限。"
    with pytest.raises(CatalogError, match=r"field 'caveats_zh\[2\]': numbers \['17'\] of the English caveat are missing"):
        load_catalog(_write(tmp_path, raw_yaml), raw_dir=RAW_DIR)


def test_caveat_translation_without_chinese_raises(tmp_path, raw_yaml):
    victim = raw_yaml["sources"][1]
    victim["caveats_zh"][0] = victim["caveats"][0]
    path = _write(tmp_path, raw_yaml)
    with pytest.raises(CatalogError, match=r"source 'nbs_census2010_t1_7': field 'caveats_zh\[0\]': contains no Chinese characters"):
        load_catalog(path, raw_dir=RAW_DIR)


def test_grade_without_chinese_text_raises(tmp_path, raw_yaml):
    del raw_yaml["grades_zh"]["mirror_copy"]
    path = _write(tmp_path, raw_yaml)
    with pytest.raises(CatalogError) as info:
        load_catalog(path, raw_dir=RAW_DIR)
    assert str(info.value) == f"{path}: <catalogue>: field 'grades_zh.mirror_copy': missing: every grade needs a Chinese description"


def test_missing_grades_zh_raises(tmp_path, raw_yaml):
    del raw_yaml["grades_zh"]
    path = _write(tmp_path, raw_yaml)
    with pytest.raises(CatalogError, match=r"field 'grades_zh': required top-level key is missing"):
        load_catalog(path, raw_dir=RAW_DIR)


def test_empty_publisher_zh_raises(tmp_path, raw_yaml):
    raw_yaml["sources"][3]["publisher_zh"] = " "
    path = _write(tmp_path, raw_yaml)
    with pytest.raises(CatalogError, match=r"source 'nbs_census2010_t6_1': field 'publisher_zh': must be non-empty text"):
        load_catalog(path, raw_dir=RAW_DIR)


def test_note_and_licence_translations_are_checked(tmp_path, raw_yaml):
    src = next(s for s in raw_yaml["sources"] if s["source_id"] == "trafficking_reported_figures_web")
    assert src["obtained_from"]["note_zh"].startswith("公开网页")
    del src["obtained_from"]["note_zh"]
    with pytest.raises(CatalogError, match=r"field 'obtained_from.note_zh': give the Chinese translation exactly where there is a note"):
        load_catalog(_write(tmp_path, raw_yaml), raw_dir=RAW_DIR)
    src["obtained_from"]["note_zh"] = "public web pages"
    with pytest.raises(CatalogError, match=r"field 'obtained_from.note_zh': must contain Chinese characters"):
        load_catalog(_write(tmp_path, raw_yaml), raw_dir=RAW_DIR)
    src["obtained_from"]["note_zh"] = "公开网页"
    src["licence_zh"] = "not stated"
    with pytest.raises(CatalogError, match=r"field 'licence_zh': must contain Chinese characters"):
        load_catalog(_write(tmp_path, raw_yaml), raw_dir=RAW_DIR)


def test_chinese_citation_says_where_the_copy_is_in_chinese(catalog):
    from datasets.catalog import citation

    text = citation(catalog, "trafficking_reported_figures_web", "zh")
    assert "（副本：公开网页（新闻报道、转载和镜像副本，部分为存档页面）" in text
    assert "public web pages" not in text


def test_every_source_has_its_licence_in_chinese(catalog):
    missing = [s["source_id"] for s in catalog["sources"] if not s.get("licence_zh")]
    assert not missing, missing


def test_short_names_and_grade_labels_come_from_the_catalogue(catalog):
    """The names shown beside a chart and a figure: one per source and per grade, in both languages."""
    src = next(s for s in catalog["sources"] if s["source_id"] == "nbs_census2020_yb_t1_5")
    assert (src["short"], src["short_zh"]) == ("NBS 2020 census yearbook, table 1-5", "国家统计局《中国人口普查年鉴-2020》表1-5")
    assert set(catalog["grade_labels"]) == set(catalog["grade_labels_zh"]) == EXPECTED_GRADES
    assert catalog["grade_labels_zh"]["mirror_copy"] == "镜像或转载网站上的副本"


def test_grade_without_a_chinese_label_raises(tmp_path, raw_yaml):
    del raw_yaml["grade_labels_zh"]["derived"]
    path = _write(tmp_path, raw_yaml)
    with pytest.raises(CatalogError) as info:
        load_catalog(path, raw_dir=RAW_DIR)
    assert str(info.value) == f"{path}: <catalogue>: field 'grade_labels_zh.derived': missing: every grade needs a Chinese short label"


def test_short_zh_must_be_chinese(tmp_path, raw_yaml):
    raw_yaml["sources"][4]["short_zh"] = raw_yaml["sources"][4]["short"]
    sid = raw_yaml["sources"][4]["source_id"]
    with pytest.raises(CatalogError, match=rf"source '{sid}': field 'short_zh': must contain Chinese characters"):
        load_catalog(_write(tmp_path, raw_yaml), raw_dir=RAW_DIR)


def test_errors_name_the_place_inside_a_list(tmp_path, raw_yaml):
    """A fault deep in an entry names its path: the second copy of also_obtained_from, a bound pair."""
    src = next(s for s in raw_yaml["sources"] if s.get("also_obtained_from"))
    src["also_obtained_from"][0]["commit"] = "abc"
    with pytest.raises(CatalogError, match=rf"source '{src['source_id']}': field 'also_obtained_from\[0\].commit': expected 40 lower-case hex digits"):
        load_catalog(_write(tmp_path, raw_yaml), raw_dir=RAW_DIR)
    raw_yaml = yaml.safe_load(DEFAULT_CATALOG_PATH.read_text(encoding="utf-8"))
    raw_yaml["sources"][0]["plausible_total_persons"]["CHN"] = [2.0e9, 1.0e9]
    with pytest.raises(CatalogError, match=r"source 'nbs_census2020_yb_t1_5': field 'plausible_total_persons': CHN: expected \[min, max\] with min < max"):
        load_catalog(_write(tmp_path, raw_yaml), raw_dir=RAW_DIR)
    raw_yaml["sources"][0]["plausible_total_persons"]["CHN"] = "big"
    with pytest.raises(CatalogError, match=r"source 'nbs_census2020_yb_t1_5': field 'plausible_total_persons.CHN'"):
        load_catalog(_write(tmp_path, raw_yaml), raw_dir=RAW_DIR)
