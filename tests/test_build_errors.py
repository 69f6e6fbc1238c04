"""Bad input: every damaged raw file must stop the build with a BuildError naming file, line and column,
and a failed build must leave the published folder exactly as it was.

Each case copies a real raw file into tmp_path, damages it with a tiny edit (one cell, one header
cell, one line) and calls the loader with ``path=`` the copy. Line numbers are 1-based lines of the
file (header = line 1).

Every field of the error (file, line, column) is asserted exactly.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import shutil
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pandas as pd
import pytest

from datasets import build, schemas
from datasets.errors import BuildError
from datasets.loaders import census_nbs, census_unsd, wpp

PROVINCE = census_nbs.AGE5_PROVINCE
PROVINCE_KEY = frozenset({"census_year", "region_en", "age_group", "sex"})

# --------------------------------------------------------------------------- editing a CSV copy


class RawCopy:
    """The lines of a raw CSV (line endings kept as in the file) with small edits."""

    def __init__(self, path: Path):
        text = path.read_bytes().decode("utf-8")
        self.newline = "\r\n" if "\r\n" in text else "\n"
        self.lines = text.split(self.newline)  # last element "" when the file ends with a newline
        self.header = self.fields(1)

    def fields(self, line: int) -> list[str]:
        return next(csv.reader([self.lines[line - 1]]))

    def put(self, line: int, fields: list[str]) -> None:
        buf = io.StringIO()
        csv.writer(buf, lineterminator="").writerow(fields)
        self.lines[line - 1] = buf.getvalue()

    def set_cell(self, line: int, column: str, value: str, expect_old: str | None = None) -> None:
        row = self.fields(line)
        i = self.header.index(column)
        if expect_old is not None:
            assert row[i] == expect_old, f"line {line} column {column} is {row[i]!r}, expected {expect_old!r}"
        assert row[i] != value
        row[i] = value
        self.put(line, row)

    def drop_column(self, column: str) -> None:
        i = self.header.index(column)
        for n, text in enumerate(self.lines, start=1):
            if text:
                row = self.fields(n)
                del row[i]
                self.put(n, row)

    def write(self, path: Path, encoding: str = "utf-8") -> None:
        path.write_bytes(self.newline.join(self.lines).encode(encoding))


def cell(line: int, column: str, value: str, old: str | None = None) -> Callable[[RawCopy], None]:
    return lambda raw: raw.set_cell(line, column, value, old)


def rename_header(old: str, new: str) -> Callable[[RawCopy], None]:
    def edit(raw: RawCopy) -> None:
        raw.put(1, [new if h == old else h for h in raw.header])

    return edit


def add_column(name: str) -> Callable[[RawCopy], None]:
    def edit(raw: RawCopy) -> None:
        raw.put(1, raw.header + [name])
        for n in range(2, len(raw.lines) + 1):
            if raw.lines[n - 1]:
                raw.put(n, raw.fields(n) + [""])

    return edit


def duplicate_line(line: int) -> Callable[[RawCopy], None]:
    return lambda raw: raw.lines.insert(line, raw.lines[line - 1])


def replace_text(line: int, old: str, new: str) -> Callable[[RawCopy], None]:
    def edit(raw: RawCopy) -> None:
        assert raw.lines[line - 1].count(old) == 1
        raw.lines[line - 1] = raw.lines[line - 1].replace(old, new)

    return edit


def both_row_and_its_total(raw: RawCopy) -> None:
    """+1 on the 20-24 'both' row AND on the 'both' total: ages still sum to the total, but male + female != both."""
    raw.set_cell(20, "population", "74941676", "74941675")
    raw.set_cell(2, "population", "1409778725", "1409778724")


def blank_line_then_negative(raw: RawCopy) -> None:
    """An empty line after line 9 (reported as such, line 10), then a negative count later on."""
    raw.lines.insert(9, "")
    raw.set_cell(22, "population", "-5", "39675995")


# --------------------------------------------------------------------------- the cases

@dataclass(frozen=True)
class Case:
    id: str
    src: Path
    loader: Callable
    damage: Callable[[RawCopy], None] | None  # None: the file is written by `write` instead
    line: int | None
    column: str | None | frozenset
    write: Callable[[Path, Path], None] | None = None


def _write_empty(src: Path, dst: Path) -> None:
    dst.write_bytes(b"")


def _write_header_only(src: Path, dst: Path) -> None:
    dst.write_bytes(src.read_bytes().split(b"\n", 1)[0] + b"\n")


def _write_gbk(src: Path, dst: Path) -> None:
    dst.write_bytes(src.read_bytes().decode("utf-8").encode("gbk"))


def _write_nothing(src: Path, dst: Path) -> None:
    pass  # the file is missing


LP = census_nbs.load_census_age5_province
CASES = [
    # negative count
    Case("negative_count", PROVINCE, LP, cell(21, "population", "-5", "39675995"), 21, "population"),
    Case("negative_births", census_nbs.BIRTHS, census_nbs.load_births_by_sex_order, cell(30, "births_male", "-1", "83"), 30, "births_male"),
    Case("negative_thousands", wpp.SINGLE_AGE, wpp.load_wpp_single_age, cell(30, "population_thousands", "-3833.918", "3833.918"), 30, "population_thousands"),
    # text in a count
    Case("text_thousands_separator", PROVINCE, LP, cell(21, "population", "1,234", "39675995"), 21, "population"),
    Case("text_n/a", PROVINCE, LP, cell(21, "population", "n/a", "39675995"), 21, "population"),
    Case("text_chinese_numeral", PROVINCE, LP, cell(21, "population", "一千", "39675995"), 21, "population"),
    Case("text_in_national_count", census_nbs.AGE5_NATIONAL, census_nbs.load_census_age5_national, cell(30, "population", "1,234", "50932037"), 30, "population"),
    Case("text_in_unsd_count", census_unsd.UNSD_SINGLE, census_unsd.load_census_single_age_unsd, cell(30, "population", "一千", "7783117"), 30, "population"),
    Case("text_in_births", census_nbs.BIRTHS, census_nbs.load_births_by_sex_order, cell(30, "births_male", "n/a", "83"), 30, "births_male"),
    Case(
        "unquoted_thousands_separator", PROVINCE, LP, replace_text(21, ",39675995", ",39,675,995"), 21, frozenset({None, "population"}),
    ),
    # header damage
    Case("missing_column", PROVINCE, LP, lambda raw: raw.drop_column("age_end"), 1, "age_end"),
    Case("renamed_column", PROVINCE, LP, rename_header("population", "pop"), 1, "population"),
    Case("extra_column", PROVINCE, LP, add_column("note"), 1, "note"),
    Case("extra_column_wpp", wpp.SRB, wpp.load_wpp_srb, add_column("variant"), 1, "variant"),
    # cross-row checks
    Case("male_plus_female_ne_both", PROVINCE, LP, cell(20, "population", "74941676", "74941675"), 20, "population"),
    Case("male_plus_female_ne_both_total_kept", PROVINCE, LP, both_row_and_its_total, 20, "population"),
    Case("age_total_wrong", PROVINCE, LP, cell(2, "population", "1409778725", "1409778724"), 2, "population"),
    Case("duplicate_key_row", PROVINCE, LP, duplicate_line(21), 22, PROVINCE_KEY),
    Case("age_group_overlapping", PROVINCE, LP, cell(21, "age_start", "18", "20"), 21, "age_start"),
    Case("age_group_missing", PROVINCE, LP, cell(21, "age_start", "21", "20"), 21, "age_start"),
    Case("age_group_overlapping_wpp", wpp.PROJECTION, wpp.load_wpp_projection, cell(6, "age_start", "18", "20"), 6, "age_start"),
    Case("age_start_out_of_range", PROVINCE, LP, cell(21, "age_start", "121", "20"), 21, "age_start"),
    # WPP years and units
    Case("wpp_year_before_1950", wpp.SINGLE_AGE, wpp.load_wpp_single_age, cell(30, "year", "1949", "1950"), 30, "year"),
    Case("wpp_year_after_2021", wpp.SINGLE_AGE, wpp.load_wpp_single_age, cell(30, "year", "2022", "1950"), 30, "year"),
    Case("wpp_projection_year_2101", wpp.PROJECTION, wpp.load_wpp_projection, cell(30, "year", "2101", "2022"), 30, "year"),
    Case("wpp_srb_year_1949", wpp.SRB, wpp.load_wpp_srb, cell(30, "year", "1949", "1978"), 30, "year"),
    Case("wpp_srb_per_100_not_per_1", wpp.SRB, wpp.load_wpp_srb, cell(30, "srb_males_per_female", "106.1"), 30, "srb_males_per_female"),
    Case("wpp_4_decimals", wpp.SINGLE_AGE, wpp.load_wpp_single_age, cell(30, "population_thousands", "1234.5678", "3833.918"), 30, "population_thousands"),
    Case("wpp_4_decimals_projection", wpp.PROJECTION, wpp.load_wpp_projection, cell(30, "population_thousands", "56989.2921", "56989.292"), 30, "population_thousands"),
    # whole-file problems
    Case("empty_file", PROVINCE, LP, None, None, None, write=_write_empty),
    Case("header_only", PROVINCE, LP, None, 1, None, write=_write_header_only),
    Case("missing_file", PROVINCE, LP, None, None, None, write=_write_nothing),
    Case("gbk_encoded", PROVINCE, LP, None, 2, "region_zh", write=_write_gbk),
    Case("blank_line_is_reported", PROVINCE, LP, blank_line_then_negative, 10, None),
]


def _damaged_copy(case: Case, folder: Path) -> Path:
    dst = folder / case.src.name
    if case.write is not None:
        case.write(case.src, dst)
    else:
        raw = RawCopy(case.src)
        case.damage(raw)
        raw.write(dst)
    return dst


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_damaged_raw_file_names_file_line_and_column(case: Case, tmp_path: Path):
    path = _damaged_copy(case, tmp_path)
    try:
        case.loader(path=path)
    except Exception as exc:  # noqa: BLE001 - the type is part of what is checked
        err = exc
    else:
        pytest.fail(f"{case.id}: the loader accepted the damaged file {path}")

    wrong: dict[str, str] = {}
    if not isinstance(err, BuildError):
        wrong["type"] = f"{type(err).__name__}: {err}"
    else:
        assert Path(err.file).name == case.src.name
        assert case.src.name in str(err)
        assert err.detail and err.detail in str(err)
        if err.line != case.line:
            wrong["line"] = f"line {err.line}, expected {case.line}"
        expected_columns = case.column if isinstance(case.column, frozenset) else {case.column}
        if err.column not in expected_columns:
            wrong["column"] = f"column {err.column!r}, expected {case.column!r}"
        if err.line is not None:
            assert f"line {err.line}" in str(err)
        if err.column is not None:
            assert f"column '{err.column}'" in str(err)
    assert not wrong, f"{case.id}: {err}"


@pytest.mark.parametrize(
    "src",
    sorted({c.src for c in CASES}),
    ids=lambda p: p.name.split("_")[0] + "_" + p.stem[-12:],
)
def test_undamaged_copy_loads(src: Path, tmp_path: Path):
    """Control: the same copy without the damage loads, and equals the loader's default output."""
    loader = next(c.loader for c in CASES if c.src == src)
    dst = tmp_path / src.name
    RawCopy(src).write(dst)
    assert dst.read_bytes() == src.read_bytes()
    pd.testing.assert_frame_equal(loader(path=dst), loader())


def test_case_messages_are_specific(tmp_path: Path):
    """The messages tell the user what to do, not just where."""
    cases = {c.id: c for c in CASES}
    expect = {
        "empty_file": "empty",
        "header_only": "no data rows",
        "missing_file": "not found",
        "gbk_encoded": "UTF-8",
        "renamed_column": "'pop'",
        "wpp_4_decimals": "more than 3 decimals",
        "text_n/a": "'n/a'",
    }
    for case_id, words in expect.items():
        sub = tmp_path / case_id.replace("/", "_")
        sub.mkdir()
        with pytest.raises(BuildError) as info:
            cases[case_id].loader(path=_damaged_copy(cases[case_id], sub))
        assert words in info.value.detail, (case_id, info.value.detail)


# --------------------------------------------------------------------------- atomicity of the build


def _snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def _leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(out.name + ".") or p.name.startswith(out.name + "-"))


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    """One real build; tests work on copies of it."""
    out = tmp_path_factory.mktemp("pristine") / "published"
    assert build.main(["--out", str(out)]) == 0
    return out


@pytest.fixture
def published(pristine: Path, tmp_path: Path) -> Path:
    out = tmp_path / "out" / "published"
    shutil.copytree(pristine, out)
    assert build.verify(out) == []
    return out


def test_failed_build_leaves_published_files_unchanged(published: Path, tmp_path: Path, monkeypatch, capsys):
    before = _snapshot(published)
    from datasets.derived.schemas import DERIVED

    assert set(before) == {"manifest.json", "datapackage.json", "china_provinces.geojson"} | {f"{n}.parquet" for n in [*schemas.PUBLISHED, *DERIVED]}
    inode = published.stat().st_ino

    raw = RawCopy(PROVINCE)
    raw.set_cell(21, "population", "-5", "39675995")
    (tmp_path / "raw").mkdir()
    damaged = tmp_path / "raw" / PROVINCE.name
    raw.write(damaged)
    real = census_nbs.load_census_age5_province
    monkeypatch.setattr(build.census_nbs, "load_census_age5_province", lambda path=damaged: real(path=path))

    capsys.readouterr()
    assert build.main(["--out", str(published)]) == 1
    err = capsys.readouterr().err
    assert "BUILD FAILED" in err
    assert PROVINCE.name in err
    assert "line 21" in err and "column 'population'" in err
    assert "left unchanged" in err

    assert _snapshot(published) == before
    assert published.stat().st_ino == inode  # not even swapped for an identical copy
    assert _leftovers(published) == []
    assert sorted(p.name for p in published.parent.iterdir()) == ["published"]
    assert build.verify(published) == []


def test_failed_cross_check_leaves_published_files_unchanged(published: Path, tmp_path: Path, monkeypatch, capsys):
    """A raw file that validates on its own but disagrees with another source stops the build too."""
    before = _snapshot(published)
    raw = RawCopy(census_nbs.AGE5_NATIONAL)
    # 20-24: move one person from male to female and from the male total to the female total
    raw.set_cell(21, "population", "39675994", "39675995")
    raw.set_cell(22, "population", "35265681", "35265680")
    raw.set_cell(3, "population", "721416393", "721416394")
    raw.set_cell(4, "population", "688362331", "688362330")
    damaged = tmp_path / census_nbs.AGE5_NATIONAL.name
    raw.write(damaged)
    real = census_nbs.load_census_age5_national
    assert len(real(path=damaged)) == 66  # valid on its own
    monkeypatch.setattr(build.census_nbs, "load_census_age5_national", lambda path=damaged: real(path=path))

    assert build.main(["--out", str(published)]) == 1
    err = capsys.readouterr().err
    assert census_nbs.AGE5_NATIONAL.name in err and "disagrees" in err
    assert _snapshot(published) == before
    assert _leftovers(published) == []


def test_failure_while_writing_leaves_published_files_unchanged(published: Path, pristine: Path, monkeypatch):
    before = _snapshot(published)
    tables = {name: pd.read_parquet(pristine / f"{name}.parquet") for name in schemas.PUBLISHED}
    real_write = build.write_parquet
    calls = []

    def failing_write(table, name, path):
        calls.append(name)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        real_write(table, name, path)

    monkeypatch.setattr(build, "write_parquet", failing_write)
    with pytest.raises(OSError, match="No space left"):
        build.publish(tables, published)
    assert len(calls) == 3
    assert _snapshot(published) == before
    assert _leftovers(published) == []


def test_failure_while_swapping_keeps_the_old_folder(published: Path, pristine: Path, monkeypatch):
    before = _snapshot(published)
    tables = {name: pd.read_parquet(pristine / f"{name}.parquet") for name in schemas.PUBLISHED}
    real_replace = os.replace
    calls = []

    def flaky_replace(src, dst):
        calls.append((Path(src).name, Path(dst).name))
        if len(calls) == 2:  # the swap-in of the new folder
            raise OSError(5, "Input/output error")
        real_replace(src, dst)

    monkeypatch.setattr(build.os, "replace", flaky_replace)
    with pytest.raises(OSError):
        build.publish(tables, published)
    monkeypatch.undo()
    assert published.is_dir() and _snapshot(published) == before
    assert _leftovers(published) == []


def test_published_folder_has_normal_permissions(pristine: Path, tmp_path: Path):
    reference = tmp_path / "reference"
    reference.mkdir()
    assert stat.S_IMODE(pristine.stat().st_mode) == stat.S_IMODE(reference.stat().st_mode)


def test_successful_rebuild_replaces_the_folder_without_leftovers(published: Path):
    assert build.main(["--out", str(published)]) == 0
    assert build.verify(published) == []
    assert _leftovers(published) == []


# --------------------------------------------------------------------------- verify()


def _flip_a_data_byte(data: bytes) -> bytes:
    """Flip one byte just after the leading 'PAR1' magic: inside the first data page, footer intact."""
    i = 8
    return data[:i] + bytes([data[i] ^ 0xFF]) + data[i + 1 :]


TAMPERS = [
    pytest.param(_flip_a_data_byte, id="flip_a_byte"),
    pytest.param(
        lambda data: data + b"\0",
        id="append_a_byte",
    ),
    pytest.param(
        lambda data: data[:-100],
        id="truncate",
    ),
]


@pytest.mark.parametrize("tamper", TAMPERS)
@pytest.mark.parametrize("name", ["population_by_age_sex", "reported_figures"])
def test_verify_reports_a_tampered_parquet_file(published: Path, name: str, tamper, capsys):
    path = published / f"{name}.parquet"
    path.write_bytes(tamper(path.read_bytes()))
    problems = build.verify(published)
    assert problems, "verify() found nothing"
    assert all(path.name in p for p in problems)
    assert any("sha256" in p or "cannot" in p for p in problems)
    capsys.readouterr()
    assert build.main(["--out", str(published), "--verify"]) == 1
    assert path.name in capsys.readouterr().err


def test_verify_reports_a_missing_and_a_tampered_geojson(published: Path):
    (published / "china_provinces.geojson").write_text("{}", encoding="utf-8")
    (published / "births_by_sex_order.parquet").unlink()
    problems = build.verify(published)
    assert len(problems) == 2
    assert any("births_by_sex_order.parquet" in p and "missing" in p for p in problems)
    assert any("china_provinces.geojson" in p for p in problems)


def test_verify_of_an_untouched_build_is_clean(published: Path, capsys):
    assert build.verify(published) == []
    assert build.main(["--out", str(published), "--verify"]) == 0


# --------------------------------------------------------------------------- missing Chinese names and labels

from datasets.loaders import cited, crime, glotip, names, reported, tip  # noqa: E402

NAMES_CSV = names.COUNTRY_NAMES
MEASURES_CSV = names.MEASURE_NAMES


def _without_line(src: Path, dst: Path, predicate: Callable[[list[str]], bool]) -> Path:
    """Copy a CSV leaving out the data lines whose fields satisfy ``predicate``."""
    raw = RawCopy(src)
    raw.lines = [raw.lines[0]] + [text for n, text in enumerate(raw.lines[1:], start=2) if not (text and predicate(raw.fields(n)))]
    raw.write(dst)
    return dst


def test_measure_without_label_names_the_reported_figure_line(tmp_path: Path, monkeypatch):
    copy = _without_line(MEASURES_CSV, tmp_path / "measure_names.csv", lambda f: f[0] == "excess_males_over_females_age_20_40")
    monkeypatch.setattr(names, "MEASURE_NAMES", copy)
    with pytest.raises(BuildError) as info:
        reported.load_sex_ratio_reported_figures()
    err = info.value
    assert (err.file, err.line, err.column) == ("datasets/raw/china_sex_ratio_reported_figures.csv", 2, "measure")
    assert "'excess_males_over_females_age_20_40' has no label" in err.detail


def test_crime_label_differing_from_measure_zh_names_the_line(tmp_path: Path, monkeypatch):
    raw = RawCopy(MEASURES_CSV)
    line = next(n for n in range(2, len(raw.lines)) if raw.lines[n - 1] and raw.fields(n)[0] == "homicide_cases_registered")
    raw.set_cell(line, "label_zh", "凶杀", "杀人")
    raw.write(tmp_path / "measure_names.csv")
    monkeypatch.setattr(names, "MEASURE_NAMES", tmp_path / "measure_names.csv")
    with pytest.raises(BuildError) as info:
        crime.load_crime_cases()
    err = info.value
    assert (err.file, err.column) == ("datasets/raw/china_criminal_cases_registered_by_police_1995_2020.csv", "measure_zh")
    assert err.detail == "measure_zh '杀人' differs from label_zh '凶杀' in datasets/curated/measure_names.csv"
    assert RawCopy(crime.ALL_CATEGORIES).fields(err.line)[2:4] == ["homicide_cases_registered", "杀人"]


def test_glotip_country_without_chinese_name_names_file_and_line(tmp_path: Path, monkeypatch):
    copy = _without_line(NAMES_CSV, tmp_path / "country_names_zh.csv", lambda f: f[0] == "country" and f[1] == "KOR")
    monkeypatch.setattr(names, "COUNTRY_NAMES", copy)
    with pytest.raises(BuildError) as info:
        glotip.load_glotip()
    err = info.value
    assert (err.file, err.line, err.column) == ("datasets/raw/unodc_glotip_country_totals.csv", 3553, "iso3")
    assert err.detail.startswith("'KOR' has no Chinese name (iso3, country) in ")


def test_tip_country_without_chinese_name_names_file_and_line(tmp_path: Path, monkeypatch):
    copy = _without_line(NAMES_CSV, tmp_path / "country_names_zh.csv", lambda f: f[0] == "country" and f[4] == "Korea, South")
    monkeypatch.setattr(names, "COUNTRY_NAMES", copy)
    with pytest.raises(BuildError) as info:
        tip.load_tip_tiers()
    err = info.value
    assert (err.file, err.line, err.column) == ("datasets/raw/us_tip_tiers_all_countries_2001_2015.csv", 155, "geography")
    assert "'Korea, South' has no Chinese name (name_en, country)" in err.detail


def test_wpp_location_without_chinese_name_names_file_and_line(tmp_path: Path, monkeypatch):
    copy = _without_line(NAMES_CSV, tmp_path / "country_names_zh.csv", lambda f: f[1] == "JPN")
    monkeypatch.setattr(names, "COUNTRY_NAMES", copy)
    with pytest.raises(BuildError) as info:
        wpp.load_wpp_srb()
    err = info.value
    assert (err.file, err.line, err.column) == ("datasets/raw/un_wpp_sex_ratio_at_birth_1950_2100.csv", 304, "iso3")


def test_empty_name_zh_names_the_names_file_line(tmp_path: Path, monkeypatch):
    raw = RawCopy(NAMES_CSV)
    raw.set_cell(2, "name_zh", "", "世界")
    raw.write(tmp_path / "country_names_zh.csv")
    monkeypatch.setattr(names, "COUNTRY_NAMES", tmp_path / "country_names_zh.csv")
    with pytest.raises(BuildError) as info:
        wpp.load_wpp_srb()
    err = info.value
    assert (err.file.endswith("country_names_zh.csv"), err.line, err.column) == (True, 2, "name_zh")


@pytest.mark.parametrize(
    "column, value, line, check",
    [("claim_zh", "", 3, "not_nullable"), ("population_zh", "children", 4, "contains Chinese characters"), ("note_zh", "", 5, "note_zh given exactly where note is given")],
)
def test_cited_figure_missing_translation_names_file_line_and_column(tmp_path: Path, column: str, value: str, line: int, check: str):
    raw = RawCopy(cited.CITED)
    raw.set_cell(line, column, value)
    raw.write(tmp_path / "cited_figures.csv")
    with pytest.raises(BuildError) as info:
        cited.load_cited_figures(tmp_path / "cited_figures.csv")
    err = info.value
    assert (err.line, err.column) == (line, column)
    assert check in err.detail


def test_outlet_without_chinese_rendering_names_the_reported_figure_line(tmp_path: Path, monkeypatch):
    first = RawCopy(reported.SEX_RATIO_FIGURES)
    header = first.fields(1)
    outlet = first.fields(2)[header.index("outlet")]
    copy = _without_line(names.OUTLET_NAMES, tmp_path / "outlet_names_zh.csv", lambda f: f[0] == outlet)
    monkeypatch.setattr(names, "OUTLET_NAMES", copy)
    with pytest.raises(BuildError) as info:
        reported.load_sex_ratio_reported_figures()
    err = info.value
    assert (err.file, err.line, err.column) == ("datasets/raw/china_sex_ratio_reported_figures.csv", 2, "outlet")
    assert f"outlet {outlet!r} has no Chinese rendering" in err.detail
