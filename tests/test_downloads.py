"""Every published table downloaded from the Data page, in each format and language, opened in the
software researchers use: DuckDB and polars (CSV, Parquet), openpyxl and LibreOffice headless
(Excel), frictionless (the data package).

The downloads are made as the Data page makes them (``table_view.screen_columns`` order, the exports
functions, the citations and table names in the reader's language), from one build into a
temporary folder (``published_dir`` in conftest.py), each once per module. Expected values come
from the raw files or the published Parquet files read with pyarrow, not from the exports.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from dashboard import exports, package_export, table_view
from dashboard.i18n import column_labels, t
from dashboard.labels import TABLE_LABELS
from datasets import columns, datapackage, schemas, table_schemas
from datasets.catalog import citation, load_catalog
from datasets.derived.schemas import DERIVED

ROOT = Path(__file__).resolve().parent.parent
TABLES = list(schemas.PUBLISHED) + list(DERIVED)
LANGS = ("en", "zh")
#: Date columns of the published tables (Parquet date32, Excel date cells).
DATE_COLUMNS = ("reference_date", "period_start", "period_end", "published_date")
SOFFICE_MESSAGE = "install Debian package libreoffice-calc-nogui (scripts/install_browser_deps.sh does this as root)"


@pytest.fixture(scope="module")
def catalog() -> dict:
    return load_catalog()


@pytest.fixture(scope="module")
def citations(catalog) -> dict[str, dict[str, str]]:
    return {lang: {s["source_id"]: citation(catalog, s["source_id"], lang) for s in catalog["sources"]} for lang in LANGS}


@pytest.fixture(scope="module")
def manifest(published_dir) -> dict:
    return json.loads((published_dir / "manifest.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def frames(published_dir) -> dict:
    """Each published table as the Data page shows it (all rows, screen order), and its units."""
    out = {}
    for name in TABLES:
        table = pq.read_table(published_dir / f"{name}.parquet").to_pandas()  # as dashboard/data.py reads it
        units = table_schemas.units_of(name)
        out[name] = (table[table_view.screen_columns(table, units)], units)
    return out


@pytest.fixture(scope="module")
def downloads(frames, citations, tmp_path_factory) -> dict:
    """(table, lang) -> {"csv": path, "xlsx": path, "parquet": path}, written once."""
    folder = tmp_path_factory.mktemp("downloads")
    out = {}
    for name, (rows, units) in frames.items():
        for lang in LANGS:
            cites = citations[lang]
            files = {
                "csv": exports.to_csv_bytes(rows, units, cites, lang=lang),
                "xlsx": exports.to_xlsx_bytes(rows, units, cites, title=t(TABLE_LABELS[name], lang), lang=lang),
                "parquet": exports.to_parquet_bytes(rows, units, cites),
            }
            out[name, lang] = {}
            for fmt, content in files.items():
                path = folder / f"{name}_{lang}.{fmt}"
                path.write_bytes(content)
                out[name, lang][fmt] = path
    return out


def _expected_columns(frames, name) -> list[str]:
    rows, _ = frames[name]
    return list(rows.columns) + (["source_citation"] if "source_id" in rows.columns else [])


# --------------------------------------------------------------------------- labels


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", TABLES)
def test_every_column_label_is_unique_within_its_table(name, lang):
    """No two columns of a table share a label in either language (the headers of the Excel file
    and of the screen), and no label needs its id appended to stay apart."""
    ids = list(table_schemas.published_schema(name).columns)
    labels = [columns.label(c, lang) for c in ids]
    assert None not in labels, [c for c, lab in zip(ids, labels) if lab is None]
    assert len(set(labels)) == len(labels), sorted(lab for lab in labels if labels.count(lab) > 1)
    shown = column_labels(ids, table_schemas.units_of(name), lang)
    assert not [v for v in shown.values() if "[" in v], shown


def test_reported_figures_labels_fixed_where_they_collided():
    """Two columns were both 指标 (measure and measure_label); the id column now says it is the id."""
    zh = column_labels(["measure", "measure_label"], {}, "zh")
    assert zh == {"measure": "指标代码", "measure_label": "指标"}


# --------------------------------------------------------------------------- CSV and Parquet


@pytest.mark.parametrize("name", TABLES)
def test_csv_and_parquet_name_columns_alike_in_both_languages(downloads, frames, name):
    expected = _expected_columns(frames, name)
    for lang in LANGS:
        with open(downloads[name, lang]["csv"], encoding="utf-8-sig", newline="") as fh:
            header = next(csv.reader(fh))
        assert header == expected, (lang, header)
        assert pq.read_schema(downloads[name, lang]["parquet"]).names == expected, lang


@pytest.mark.parametrize("name", TABLES)
def test_duckdb_reads_csv_and_parquet_with_the_same_names_rows_and_dates(downloads, frames, manifest, name):
    duckdb = pytest.importorskip("duckdb")
    expected = _expected_columns(frames, name)
    rows = manifest["tables"][name]["rows"]
    dates = [c for c in DATE_COLUMNS if c in expected]
    con = duckdb.connect()
    for lang in LANGS:
        for fmt, reader in (("csv", "read_csv"), ("parquet", "read_parquet")):
            rel = con.sql(f"SELECT * FROM {reader}('{downloads[name, lang][fmt]}')")
            assert rel.columns == expected, (lang, fmt)
            assert con.execute(f"SELECT count(*) FROM {reader}('{downloads[name, lang][fmt]}')").fetchone()[0] == rows, (lang, fmt)
            types = dict(zip(rel.columns, map(str, rel.types)))
            for col in dates:
                assert types[col] == "DATE", (lang, fmt, col, types[col])


@pytest.mark.parametrize("name", TABLES)
def test_polars_reads_csv_and_parquet_with_the_same_names_rows_and_dates(downloads, frames, manifest, name):
    pl = pytest.importorskip("polars")
    expected = _expected_columns(frames, name)
    rows = manifest["tables"][name]["rows"]
    dates = [c for c in DATE_COLUMNS if c in expected]
    for lang in LANGS:
        from_csv = pl.read_csv(downloads[name, lang]["csv"], try_parse_dates=True, infer_schema_length=10_000)
        from_parquet = pl.read_parquet(downloads[name, lang]["parquet"])
        for fmt, frame in (("csv", from_csv), ("parquet", from_parquet)):
            assert frame.columns == expected, (lang, fmt)
            assert frame.height == rows, (lang, fmt)
            for col in dates:
                if frame[col].null_count() < frame.height:  # an all-empty CSV column has no type to infer
                    assert frame.schema[col] == pl.Date, (lang, fmt, col, frame.schema[col])


def test_the_issue_query_runs_on_either_file_in_either_language(downloads, published_dir):
    """``SELECT sum(value) FROM read_csv_auto('glotip.csv')`` failed when the header said
    ``value [count]`` (English) or ``数值 [个]`` (中文). Expected: the published Parquet file's sum,
    read with pyarrow."""
    duckdb = pytest.importorskip("duckdb")
    expected = pc.sum(pq.read_table(published_dir / "glotip.parquet", columns=["value"])["value"]).as_py()
    assert expected > 0
    for lang in LANGS:
        for fmt in ("csv", "parquet"):
            path = downloads["glotip", lang][fmt]
            reader = "read_csv_auto" if fmt == "csv" else "read_parquet"
            assert duckdb.execute(f"SELECT sum(value) FROM {reader}('{path}')").fetchone()[0] == expected, (lang, fmt)


def test_csv_values_are_the_same_in_both_languages_except_the_citation(downloads):
    """One script, either file: every column but source_citation holds the same text."""
    for name in ("glotip", "reported_figures", "population_by_age_sex"):
        with open(downloads[name, "en"]["csv"], encoding="utf-8-sig", newline="") as fh:
            en = list(csv.reader(fh))
        with open(downloads[name, "zh"]["csv"], encoding="utf-8-sig", newline="") as fh:
            zh = list(csv.reader(fh))
        assert [r[:-1] for r in en] == [r[:-1] for r in zh], name
        assert en[1][-1] != zh[1][-1], name  # the citation is in the reader's language


def test_parquet_download_carries_labels_and_units_in_both_languages(downloads):
    meta = pq.read_schema(downloads["population_by_age_sex", "zh"]["parquet"]).metadata
    cols = json.loads(meta[b"columns"].decode("utf-8"))
    assert cols["population"] == {"label": "population", "label_zh": "人口", "unit": "persons", "unit_zh": "人"}
    assert cols["reference_date"]["label_zh"] == "参考日期"
    assert json.loads(meta[b"units"].decode("utf-8"))["population"] == "persons"


# --------------------------------------------------------------------------- dates


def test_published_dates_are_date32(published_dir):
    found = {}
    for name in TABLES:
        schema = pq.read_schema(published_dir / f"{name}.parquet")
        for col in DATE_COLUMNS:
            if col in schema.names:
                found[name, col] = schema.field(col).type
    assert found and set(found.values()) == {pa.date32()}, found
    assert ("population_by_age_sex", "reference_date") in found and ("reported_figures", "published_date") in found


def _raw_rows(path: Path) -> dict[str, dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return {row["figure_id"]: row for row in csv.DictReader(fh)}


def test_partial_dates_keep_their_text_and_precision(published_dir):
    """CNRF011 is printed 2009-04 to 2009-12-28, CNRF020 from 2009-04-09 with no end and no
    publication date (datasets/raw/china_trafficking_reported_figures.csv); a year is stored as its
    first day, and as its last day for period_end."""
    raw = _raw_rows(ROOT / "datasets" / "raw" / "china_trafficking_reported_figures.csv")
    figs = pq.read_table(published_dir / "reported_figures.parquet").to_pandas().set_index("figure_id")
    assert raw["CNRF011"]["period_start"] == "2009-04" and raw["CNRF011"]["period_end"] == "2009-12-28"
    row = figs.loc["CNRF011"]
    assert (row["period_start"], row["period_start_precision"], row["period_start_as_printed"]) == (dt.date(2009, 4, 1), "month", "2009-04")
    assert (row["period_end"], row["period_end_precision"], row["period_end_as_printed"]) == (dt.date(2009, 12, 28), "day", "2009-12-28")
    row = figs.loc["CNRF020"]
    assert row["period_start"] == dt.date(2009, 4, 9) and row["period_end"] is None and row["published_date"] is None
    years = figs[figs["period_end_precision"] == "year"]
    assert len(years) > 0
    for _, r in years.iterrows():
        assert r["period_end"] == dt.date(int(r["period_end_as_printed"]), 12, 31)
    for _, r in figs[figs["period_start_precision"] == "year"].iterrows():
        assert r["period_start"] == dt.date(int(r["period_start_as_printed"]), 1, 1)
    # every printed text of the raw file is kept as printed
    for fid, r in raw.items():
        if fid in figs.index:
            assert (figs.loc[fid, "period_start_as_printed"] if isinstance(figs.loc[fid, "period_start_as_printed"], str) else "") == r["period_start"]


def test_duckdb_casts_period_start_now_that_it_is_a_date(downloads):
    """``CAST(period_start AS DATE)`` failed on the text column mixing 2000, 2009-04 and 2009-04-09."""
    duckdb = pytest.importorskip("duckdb")
    path = downloads["reported_figures", "en"]["csv"]
    low, high = duckdb.execute(f"SELECT min(CAST(period_start AS DATE)), max(CAST(period_start AS DATE)) FROM read_csv('{path}')").fetchone()
    assert isinstance(low, dt.date) and low <= high


# --------------------------------------------------------------------------- Excel


@pytest.mark.parametrize("name", TABLES)
def test_excel_headers_rows_dates_and_sources_sheet(downloads, frames, name):
    from openpyxl import load_workbook

    rows, units = frames[name]
    ids = [str(c) for c in rows.columns]
    dates = [c for c in DATE_COLUMNS if c in ids]
    for lang in LANGS:
        with zipfile.ZipFile(downloads[name, lang]["xlsx"]) as zf:  # the data sheet's rows, counted in its XML
            assert zf.read("xl/worksheets/sheet1.xml").count(b"<row ") == len(rows) + 1, lang
        wb = load_workbook(downloads[name, lang]["xlsx"], read_only=True)
        header = [c.value for c in next(wb["data"].iter_rows(max_row=1))]
        assert header == list(column_labels(ids, units, lang).values()), lang
        for col in dates:
            filled = rows[col].notna().to_numpy().nonzero()[0]
            if len(filled):
                row = int(filled[0])
                cell = next(wb["data"].iter_rows(min_row=row + 2, max_row=row + 2))[ids.index(col)]
                assert isinstance(cell.value, dt.datetime) and cell.number_format == "yyyy-mm-dd", (lang, col, cell.value, cell.number_format)
                assert cell.value.date() == rows[col].iloc[row]
        meta = [[c.value for c in r] for r in wb["sources"].iter_rows()]
        assert meta[0][:2] == [t("title", lang), t(TABLE_LABELS[name], lang)], lang  # the table's name, not its id
        start = next(i for i, r in enumerate(meta) if r[:3] == [t("column", lang), t("column id", lang), t("unit", lang)])
        assert [r[1] for r in meta[start + 1:start + 1 + len(ids)]] == ids, lang
        wb.close()


# --------------------------------------------------------------------------- LibreOffice

#: Text a spreadsheet rewrites when it opens the CSV, and where it is printed.
AS_PRINTED = {
    "population_by_age_sex": ("age_label", ["100+", "1-4"]),
    "reported_figures": ("locator", ["23.085", "3,455", "98.2%"]),
    "glotip": ("value_as_published", ["1,127"]),
}


@pytest.fixture(scope="module")
def soffice() -> str:
    path = shutil.which("soffice")
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"soffice is missing on CI: {SOFFICE_MESSAGE}")
        pytest.skip(SOFFICE_MESSAGE)
    return path


def _soffice_to_csv(soffice: str, files: list[Path], out: Path, profile: Path) -> None:
    """Convert the first sheet of each file to UTF-8 CSV with LibreOffice headless (filter options
    44,34,76: comma, double quote, UTF-8)."""
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76",
         "--outdir", str(out), *map(str, files)],
        check=True, capture_output=True, timeout=300,
    )


def test_libreoffice_keeps_the_printed_text_of_the_excel_download(soffice, frames, citations, tmp_path):
    """The Excel files of the rows holding "100+", "1-4", "23.085" (23,085 persons as printed by a
    French outlet), "3,455", "98.2%" and "1,127", opened by LibreOffice Calc: each is still that
    text, in English and 中文 downloads."""
    files = []
    for name, (column, texts) in AS_PRINTED.items():
        rows, units = frames[name]
        picked = rows[rows[column].isin(texts)].head(50)
        assert set(texts) <= set(picked[column]), (name, texts)
        for lang in LANGS:
            path = tmp_path / f"{name}_{lang}.xlsx"
            path.write_bytes(exports.to_xlsx_bytes(picked, units, citations[lang], title=t(TABLE_LABELS[name], lang), lang=lang))
            files.append((path, name, column, texts, lang))
    out = tmp_path / "converted"
    _soffice_to_csv(soffice, [f[0] for f in files], out, tmp_path / "profile")
    for path, name, column, texts, lang in files:
        with open(out / f"{path.stem}.csv", encoding="utf-8", newline="") as fh:
            table = list(csv.reader(fh))
        header = column_labels(list(frames[name][0].columns), frames[name][1], lang)
        assert table[0] == list(header.values()), (name, lang)
        values = {r[table[0].index(header[column])] for r in table[1:]}
        assert set(texts) <= values, (name, lang, sorted(values)[:10])
        if "reference_date" in header:  # a date cell comes back as the date
            dates = {r[table[0].index(header["reference_date"])] for r in table[1:]} - {""}
            assert dates and all(len(d) == 10 and d[4] == "-" for d in dates), dates


# --------------------------------------------------------------------------- data package


def test_build_writes_a_data_package_with_the_manifest_hashes(published_dir, manifest):
    package = json.loads((published_dir / datapackage.PACKAGE_FILE).read_text(encoding="utf-8"))
    resources = {r["name"]: r for r in package["resources"]}
    assert sorted(resources) == sorted(TABLES)
    for name, entry in manifest["tables"].items():
        res = resources[name]
        assert res["path"] == entry["file"] and res["format"] == "parquet" and res["rows"] == entry["rows"]
        assert res["hash"] == "sha256:" + entry["sha256"]
        assert [f["name"] for f in res["schema"]["fields"]] == entry["columns"]
        for f in res["schema"]["fields"]:
            assert f["title"] and f["title_zh"] and f["description"] and f["description_zh"], (name, f)
        assert res["sources"] and res["licenses"], name
        assert {s["source_id"] for s in res["sources"]} == set(entry["source_ids"])
    pop = {f["name"]: f for f in resources["population_by_age_sex"]["schema"]["fields"]}
    assert pop["population"]["type"] == "integer" and pop["population"]["unit"] == "persons" and pop["population"]["unit_zh"] == "人"
    assert pop["reference_date"]["type"] == "date" and pop["open_ended"]["type"] == "boolean"
    assert resources["population_by_age_sex"]["schema"]["primaryKey"] == ["source_id", "geography_code", "year", "sex", "age_start"]
    census = next(s for s in resources["population_by_age_sex"]["sources"] if s["source_id"] == "nbs_census2020_yb_t1_5")
    assert census["copy"]["url"].startswith("https://github.com/earfanfan/yuanfan/blob/488a1d02d8db187f6d3ca2363bb0f00ea2b982a4/")
    assert "2010-12-31" in package["description"]  # the rule for partial dates


@pytest.fixture(scope="module")
def package_zip(frames, published_dir, citations, catalog, manifest, tmp_path_factory) -> Path:
    tables = {name: pq.read_table(published_dir / f"{name}.parquet").to_pandas() for name in TABLES}
    units = {name: table_schemas.units_of(name) for name in TABLES}
    content = package_export.to_datapackage_zip(tables, units, citations["zh"], catalog, lang="zh", created=manifest["built_at"])
    folder = tmp_path_factory.mktemp("package")
    with zipfile.ZipFile(io.BytesIO(content)) as zf:
        zf.extractall(folder)
    return folder


def test_the_zip_holds_every_table_as_csv_with_its_package_and_readme(package_zip, manifest):
    names = sorted(p.name for p in package_zip.iterdir())
    assert names == sorted([f"{n}.csv" for n in TABLES] + ["README.md", "datapackage.json"])
    readme = (package_zip / "README.md").read_text(encoding="utf-8")
    assert "国家统计局" in readme and "2010-12-31" in readme
    package = json.loads((package_zip / "datapackage.json").read_text(encoding="utf-8"))
    for res in package["resources"]:
        assert res["rows"] == manifest["tables"][res["name"]]["rows"]
        assert res["schema"]["fields"][-1]["name"] == "source_citation"


def test_frictionless_validates_the_zip_package_against_its_csv_files(package_zip):
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(str(package_zip / "datapackage.json"))
    assert report.valid, report.flatten(["resourcePath", "rowNumber", "fieldName", "type", "note"])[:20]


def test_frictionless_validates_the_published_package_descriptor(published_dir):
    """The build's datapackage.json (Parquet resources) is a valid descriptor. Its rows are
    validated here through the CSV package above (same schemas, generated by the same code);
    ``frictionless validate datasets/published/datapackage.json`` reads every Parquet row too
    (minutes, so not in the suite)."""
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.Package.validate_descriptor(str(published_dir / datapackage.PACKAGE_FILE))
    assert report.valid, report.flatten(["type", "note"])[:5]
    assert len(frictionless.Package(str(published_dir / datapackage.PACKAGE_FILE)).resources) == len(TABLES)


# --------------------------------------------------------------------------- TIP tiers


def test_tip_tiers_are_text_with_a_sort_order_counted_from_the_raw_files(published_dir):
    """Each tier's rows: the all-countries file (2001-2015) plus China's rows after 2015, counted
    from the raw files' tier_label with the csv module; "Special case" is published as
    "special case"; tier_order is 1-5 in the order of schemas.TIERS; no numeric code."""
    from collections import Counter

    raw_dir = ROOT / "datasets" / "raw"
    with open(raw_dir / "us_tip_tiers_all_countries_2001_2015.csv", encoding="utf-8", newline="") as fh:
        counts = Counter(r["tier_label"] or None for r in csv.DictReader(fh))
    with open(raw_dir / "china_us_tip_tier_2001_2024.csv", encoding="utf-8", newline="") as fh:
        counts.update(r["tier_label"] for r in csv.DictReader(fh) if int(r["report_year"]) > 2015)
    counts["special case"] = counts.pop("Special case")
    tiers = pq.read_table(published_dir / "tip_tiers.parquet").to_pandas()
    assert "tier_code" not in tiers.columns and "tier_label" not in tiers.columns
    assert Counter(None if v is None or v != v else v for v in tiers["tier"]) == counts
    order = {"Tier 1": 1, "Tier 2": 2, "Tier 2 Watch List": 3, "Tier 3": 4, "special case": 5}
    rated = tiers[tiers["tier"].notna()]
    assert (rated["tier_order"] == rated["tier"].map(order)).all()
    assert tiers.loc[tiers["tier"].isna(), "tier_order"].isna().all()
    assert pq.read_schema(published_dir / "tip_tiers.parquet").field("tier_order").type == pa.int64()


def test_published_parquet_metadata_has_labels_and_units_in_both_languages(published_dir):
    meta = json.loads(pq.read_schema(published_dir / "glotip.parquet").metadata[b"china_trafficking_dashboard"].decode("utf-8"))
    assert meta["units"] == {"value": "count"}
    value = meta["columns"]["value"]
    assert (value["label"], value["label_zh"], value["unit"], value["unit_zh"]) == ("value", "数值", "count", "个")
    assert value["description"] == "count reported to UNODC (missing where suppressed '<5')"
    assert meta["columns"]["geography_zh"]["label_zh"] == "地区（中文）"
