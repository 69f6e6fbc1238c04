"""The wide Excel layout of population tables (dashboard.exports.to_wide_xlsx_bytes), on the
published population_by_age_sex rows."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest

from dashboard.exports import MOST_WIDE_SHEETS, to_wide_xlsx_bytes, wide_sheet_count
from datasets.catalog import citation, load_catalog

POP = pd.read_parquet("datasets/published/population_by_age_sex.parquet")
UNITS = {"population": "persons"}
CATALOG = load_catalog()


def _cites(frame: pd.DataFrame, lang: str = "en") -> dict[str, str]:
    return {sid: citation(CATALOG, sid, lang) for sid in frame["source_id"].unique()}


def _sheets(data: bytes) -> dict[str, list[tuple]]:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in wb}


def test_guangdong_2020_ages_down_sexes_across():
    rows = POP[(POP["geography"] == "Guangdong") & (POP["year"] == 2020)]
    sheets = _sheets(to_wide_xlsx_bytes(rows, UNITS, _cites(rows), "Population by age and sex"))
    assert list(sheets) == ["2020 Guangdong", "sources"]
    table = sheets["2020 Guangdong"]
    assert table[0] == ("age group", "men (persons)", "women (persons)", "both sexes (persons)", "source")
    assert table[1] == ("0", 691738, 599010, 1290748, "nbs_census2020_yb_t1_5")
    assert table[-1] == ("100+", 2325, 7054, 9379, "nbs_census2020_yb_t1_5")  # "100+" stays text
    assert [r[0] for r in table[1:4]] == ["0", "1-4", "5-9"]  # ages ascending, as printed
    # every long row is in the sheet, once
    long = rows.pivot(index="age_label", columns="sex", values="population")
    assert len(table) - 1 == len(long) == 22
    for label, men, women, both, _ in table[1:]:
        assert (men, women, both) == tuple(int(long.at[label, s]) for s in ("male", "female", "both"))
    # the citation once, on the sources sheet, with the sheet index
    src = sheets["sources"]
    assert sum(1 for r in src if r[0] == "nbs_census2020_yb_t1_5") == 1
    assert ("2020 Guangdong", 2020, "Guangdong", "census count", "nbs_census2020_yb_t1_5") in [r[:5] for r in src]


def test_china_2020_census_and_un_estimate_on_their_own_sheets_in_chinese():
    rows = POP[(POP["geography_code"] == "CHN") & (POP["year"] == 2020)]
    sheets = _sheets(to_wide_xlsx_bytes(rows, UNITS, _cites(rows, "zh"), "分年龄、性别人口", lang="zh"))
    assert list(sheets) == ["2020 全国", "2020 中国", "sources"]
    assert sheets["2020 全国"][0] == ("年龄组", "男（人）", "女（人）", "男女合计（人）", "来源")
    assert sheets["2020 全国"][1] == ("0", 6312409, 5675648, 11988057, "nbs_census2020_yb_t1_5")
    # WPP gives men and women only: no empty "both" column
    assert sheets["2020 中国"][0] == ("年龄组", "男（人）", "女（人）", "来源")
    assert len(sheets["2020 中国"]) == 1 + 100 and sheets["2020 中国"][-1][0] == "99"  # WPP single ages 0-99
    index = [r[:5] for r in sheets["sources"]]
    assert ("2020 全国", 2020, "全国", "普查数", "nbs_census2020_yb_t1_5") in index
    assert ("2020 中国", 2020, "中国", "联合国估计", "wpp2022_single_age_decadal") in index


def test_wide_layout_refuses_what_it_cannot_lay_out():
    rows = POP[(POP["geography"] == "Guangdong") & (POP["year"] == 2020)]
    with pytest.raises(KeyError, match="age_label"):
        to_wide_xlsx_bytes(rows.drop(columns="age_label"), UNITS, _cites(rows), "t")
    with pytest.raises(ValueError, match="two rows for source_id=nbs_census2020_yb_t1_5, year=2020"):
        to_wide_xlsx_bytes(pd.concat([rows, rows.head(1)]), UNITS, _cites(rows), "t")
    with pytest.raises(ValueError, match=r"sex values \['total'\]"):
        to_wide_xlsx_bytes(rows.assign(sex=rows["sex"].replace("both", "total")), UNITS, _cites(rows), "t")
    with pytest.raises(ValueError, match="no rows"):
        to_wide_xlsx_bytes(rows.head(0), UNITS, _cites(rows), "t")
    everything = POP[POP["year"].isin([2010, 2020])]
    assert wide_sheet_count(everything) > MOST_WIDE_SHEETS
    with pytest.raises(ValueError, match=f"choose at most {MOST_WIDE_SHEETS}"):
        to_wide_xlsx_bytes(everything, UNITS, _cites(everything), "t")
