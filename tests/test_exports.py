"""Golden-byte and round-trip tests for dashboard.exports."""

from __future__ import annotations

import io
import json
import re
from datetime import datetime, timezone

import openpyxl
import pandas as pd
import pyarrow.parquet as pq
import pytest

from dashboard.exports import safe_filename, to_csv_bytes, to_parquet_bytes, to_xlsx_bytes

RATIO = "males per 100 females"
HOSTILE = '=HYPERLINK("http://evil.example","click")'
UNITS = {"year": "year", "population": "persons", "sex_ratio": RATIO}
SOURCES = {
    "nbs2020": "NBS, Bulletin of the Seventh National Population Census (No. 4), 2021",
    "nbs2010": 'NBS, "Tabulation on the 2010 Population Census"',
    "unused": "not referenced by any row",
}


def make_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "region": ["全国", HOSTILE, "Beijing, city"],
            "year": pd.array([2020, 2020, 2010], dtype="Int64"),
            "population": pd.array([1_411_778_724, pd.NA, -4_410_315], dtype="Int64"),
            "sex_ratio": [105.07, 104.8, float("nan")],
            "note": ["-5 is text", "@home", None],
            "source_id": ["nbs2020", "nbs2020", "nbs2010"],
        },
        index=[7, 3, 5],
    )


# ----------------------------------------------------------------------------- CSV
GOLDEN_CSV = (
    b"\xef\xbb\xbf"
    b"region,year,population,sex_ratio,note,source_id,source_citation\n"
    + "全国".encode("utf-8")
    + b',2020,1411778724,105.07,\'-5 is text,nbs2020,"NBS, Bulletin of the Seventh National Population Census (No. 4), 2021"\n'
    b'"\'=HYPERLINK(""http://evil.example"",""click"")",2020,,104.8,\'@home,nbs2020,'
    b'"NBS, Bulletin of the Seventh National Population Census (No. 4), 2021"\n'
    b'"Beijing, city",2010,-4410315,,,nbs2010,"NBS, ""Tabulation on the 2010 Population Census"""\n'
)


def test_csv_golden_bytes():
    df = make_frame()
    before = df.copy(deep=True)
    assert to_csv_bytes(df, UNITS, SOURCES) == GOLDEN_CSV
    pd.testing.assert_frame_equal(df, before)


def test_csv_reads_back():
    data = to_csv_bytes(make_frame(), UNITS, SOURCES)
    assert data.startswith(b"\xef\xbb\xbf")
    assert b"\r" not in data
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert back.columns[0] == "region"
    assert back["region"].tolist() == ["全国", "'" + HOSTILE, "Beijing, city"]
    assert back["population"].tolist() == ["1411778724", "", "-4410315"]
    assert back["source_citation"].tolist()[2] == SOURCES["nbs2010"]


def test_csv_without_source_id_and_neutralisation_rules():
    df = pd.DataFrame(
        {
            "t": ["+1", "\tx", "\rx", "a=b", "", "-"],
            "n": [-1, -2, 3, 4, 5, 6],
            "f": [-0.5, 1e-05, 2.0, 17520000.0, 3.25, float("nan")],
        }
    )
    assert to_csv_bytes(df, {}, {}) == (
        b"\xef\xbb\xbft,n,f\n'+1,-1,-0.5\n'\tx,-2,0.00001\n\"'\rx\",3,2\na=b,4,17520000\n,5,3.25\n'-,6,\n"
    )


def test_csv_errors():
    df = make_frame()
    with pytest.raises(KeyError, match="nbs2010"):
        to_csv_bytes(df, UNITS, {"nbs2020": "x"})
    with pytest.raises(KeyError):
        to_csv_bytes(df, {"absent": "persons"}, SOURCES)
    with pytest.raises(ValueError, match="thousands"):
        to_csv_bytes(df, {"population": "thousands"}, SOURCES)
    with pytest.raises(TypeError):
        to_csv_bytes(df, UNITS, ["nbs2020"])
    with pytest.raises(ValueError, match="source_citation"):
        to_csv_bytes(df.assign(source_citation="x"), UNITS, SOURCES)


# ----------------------------------------------------------------------------- Excel
def test_xlsx_round_trip():
    when = datetime(2025, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    data = to_xlsx_bytes(make_frame(), UNITS, SOURCES, "人口 population by region", generated_at=when)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["data", "sources"]

    ws = wb["data"]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    # the headers on screen; the source id on every row, each citation once on the sources sheet
    assert rows == [
        ["region", "year", "population (persons)", "sex ratio (males per 100 females)", "note", "source"],
        ["全国", 2020, 1_411_778_724, 105.07, "'-5 is text", "nbs2020"],
        ["'" + HOSTILE, 2020, None, 104.8, "'@home", "nbs2020"],
        ["Beijing, city", 2010, -4_410_315, None, None, "nbs2010"],
    ]
    assert type(ws["B2"].value) is int and type(ws["C2"].value) is int
    assert type(ws["C4"].value) is int and ws["C4"].data_type == "n"
    assert type(ws["D2"].value) is float
    assert ws["A3"].data_type == "s"  # not a formula
    for row in ws.iter_rows():
        for cell in row:
            assert cell.data_type != "f"

    src = [[v for v in r if v is not None] for r in wb["sources"].iter_rows(values_only=True)]
    assert src == [
        ["title", "人口 population by region"],
        ["generated", "2025-01-02T03:04:05Z (UTC); the rows that matched the filters on screen"],
        [],
        ["source_id", "citation"],
        ["nbs2020", SOURCES["nbs2020"]],
        ["nbs2010", SOURCES["nbs2010"]],
        [],
        ["column", "column id", "unit"],
        ["region", "region"],
        ["year", "year", "year"],
        ["population (persons)", "population", "persons"],
        ["sex ratio (males per 100 females)", "sex_ratio", RATIO],
        ["note", "note"],
        ["source", "source_id"],
    ]


def test_xlsx_headers_are_the_screen_headers_in_chinese():
    wb = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(make_frame(), UNITS, SOURCES, "t", lang="zh")))
    assert next(wb["data"].iter_rows(values_only=True)) == ("区域", "年份", "人口（人）", "性别比（女=100）", "说明", "来源")


def test_xlsx_same_rows_as_csv():
    df = make_frame()
    csv_rows = pd.read_csv(
        io.BytesIO(to_csv_bytes(df, UNITS, SOURCES)), encoding="utf-8-sig", dtype=str, keep_default_na=False
    )
    ws = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(df, UNITS, SOURCES, "t")))["data"]
    xlsx_rows = list(ws.iter_rows(values_only=True))
    as_text = [["" if v is None else str(v) for v in r] for r in xlsx_rows[1:]]
    assert as_text == csv_rows.drop(columns="source_citation").values.tolist()


def test_xlsx_no_source_id_lists_all_sources():
    df = pd.DataFrame({"cases": pd.array([12, pd.NA], dtype="Int64")})
    wb = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(df, {"cases": "cases"}, {"a": "A", "b": "B"}, "=t")))
    # the trailing all-missing row is kept
    assert [list(r) for r in wb["data"].iter_rows(values_only=True)] == [["cases (cases)"], [12], [None]]
    src = [[v for v in r if v is not None] for r in wb["sources"].iter_rows(values_only=True)]
    assert src[0] == ["title", "'=t"]
    assert src[3:] == [["source_id", "citation"], ["a", "A"], ["b", "B"], [],
                       ["column", "column id", "unit"], ["cases (cases)", "cases", "cases"]]


def test_xlsx_text_stays_text_and_integral_floats_are_ints():
    df = pd.DataFrame({"t": ["#N/A", "#DIV/0!", "正常"], "births": [17520000.0, 2.0, 3.0]})
    ws = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(df, {"births": "births"}, {}, "t")))["data"]
    assert [c.value for c in ws["A"]] == ["t", "#N/A", "#DIV/0!", "正常"]
    assert [c.data_type for c in ws["A"]] == ["s", "s", "s", "s"]
    assert [c.value for c in ws["B"]][1:] == [17520000, 2, 3]
    assert all(type(c.value) is int for c in ws["B"][1:])


# ----------------------------------------------------------------------------- Parquet
def test_parquet_round_trip():
    df = make_frame()
    data = to_parquet_bytes(df, UNITS, SOURCES)
    back = pd.read_parquet(io.BytesIO(data))
    assert list(back.columns) == list(df.columns) + ["source_citation"]  # the CSV's columns
    assert back["source_citation"].tolist() == [SOURCES["nbs2020"], SOURCES["nbs2020"], SOURCES["nbs2010"]]
    back = back.drop(columns="source_citation")
    assert str(back["year"].dtype) == "Int64"
    assert str(back["population"].dtype) == "Int64"
    assert back["population"].isna().tolist() == [False, True, False]
    assert back["population"].dropna().tolist() == [1_411_778_724, -4_410_315]
    assert back["region"].tolist() == df["region"].tolist()  # not neutralised, Chinese kept
    pd.testing.assert_frame_equal(back, df.reset_index(drop=True), check_dtype=True)

    meta = pq.read_schema(io.BytesIO(data)).metadata
    assert json.loads(meta[b"units"].decode("utf-8")) == UNITS
    assert json.loads(meta[b"sources"].decode("utf-8")) == {
        "nbs2020": SOURCES["nbs2020"],
        "nbs2010": SOURCES["nbs2010"],
    }
    assert b"pandas" in meta
    labels = json.loads(meta[b"columns"].decode("utf-8"))
    assert labels["population"] == {"label": "population", "label_zh": "人口", "unit": "persons", "unit_zh": "人"}
    assert labels["region"]["label"] == "region" and labels["source_citation"]["label_zh"] == "来源引用"


def test_dates_are_dates_in_every_format():
    """A datetime.date column: YYYY-MM-DD in the CSV, a date cell in Excel, date32 in Parquet."""
    import datetime as dt

    import pyarrow as pa

    df = pd.DataFrame({"published_date": pd.Series([dt.date(2009, 4, 1), None], dtype=object), "high": [float("inf"), 2.0]})
    assert to_csv_bytes(df, {}, {}) == b"\xef\xbb\xbfpublished_date,high\n2009-04-01,INF\n,2\n"
    ws = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(df, {}, {}, "t")))["data"]
    assert ws["A2"].value == dt.datetime(2009, 4, 1) and ws["A2"].number_format == "yyyy-mm-dd" and ws["A3"].value is None
    assert ws["B2"].value == "INF" and ws["B2"].data_type == "s" and ws["B3"].value == 2
    assert pq.read_schema(io.BytesIO(to_parquet_bytes(df, {}, {}))).field("published_date").type == pa.date32()


# ----------------------------------------------------------------------------- file names
@pytest.mark.parametrize(
    ("stem", "ext", "expected"),
    [
        ("population_by_age_sex 2020/../x", "csv", "population_by_age_sex_2020_x.csv"),
        ("population_by_age_sex", ".xlsx", "population_by_age_sex.xlsx"),
        ("../../etc/passwd", "csv", "etc_passwd.csv"),
        ("..", "csv", "download.csv"),
        (".hidden", "parquet", "hidden.parquet"),
        ("全国 sex ratio 2020", "CSV", "sex_ratio_2020.csv"),
        ("全国", "csv", "download.csv"),
        ("a\\b:c*d?e\"f<g>h|i", "csv", "a_b_c_d_e_f_g_h_i.csv"),
        ("con", "csv", "con_.csv"),
        ("-rf", "csv", "rf.csv"),
        ("x" * 200, "csv", "x" * 76 + ".csv"),
        ("data", "tar.gz", "data.tar.gz"),
    ],
)
def test_safe_filename(stem, ext, expected):
    name = safe_filename(stem, ext)
    assert name == expected
    assert re.fullmatch(r"[A-Za-z0-9._-]+", name)
    assert not name.startswith(".")
    assert ".." not in name
    assert len(name) <= 80


def test_safe_filename_errors():
    for bad in ["", ".", "c/sv", "../csv", "x" * 17]:
        with pytest.raises(ValueError):
            safe_filename("a", bad)
