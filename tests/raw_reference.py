"""Expected values for tests, computed straight from the raw CSV files in ``datasets/raw/`` with the
standard library's csv module: independent of the loaders, the schemas and ``datasets.derived``, so
a test that compares the published tables or the pages with these can fail when the code is wrong.

Sources of the files: ``datasets/catalog.yaml`` (raw_files of each source).
"""

from __future__ import annotations

import csv
from pathlib import Path

RAW = Path(__file__).resolve().parent.parent / "datasets" / "raw"

NBS_2020_NATIONAL = RAW / "china_census_2020_population_by_age5_sex_national.csv"  # NBS yearbook 2020, table 1-5
NBS_PROVINCES = RAW / "china_census_2010_2020_population_by_age5_sex_province.csv"  # 2010 rows: NBS 2010 tabulation, table 1-7
UNSD_SINGLE_AGES = RAW / "china_census_1990_2000_2010_population_by_single_age_sex_unsd.csv"  # UNSD Demographic Yearbook


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _surplus(rows: list[dict[str, str]], age_from: int, age_to: int | None) -> int:
    """Men minus women over the rows whose ages lie wholly in [age_from, age_to) (None: no upper end).
    A row's first age is ``age_start``; its last ``age_end`` (empty for the open group "100+")."""
    total = 0
    for row in rows:
        if row["sex"] not in ("male", "female") or row["age_start"] == "":
            continue
        start = int(row["age_start"])
        last = int(row["age_end"]) if row["age_end"] else None
        inside = start >= age_from and (age_to is None or (last is not None and last < age_to))
        if inside:
            total += int(row["population"]) * (1 if row["sex"] == "male" else -1)
    return total


def nbs_census_surplus(year: int, age_from: int, age_to: int | None) -> int:
    """Men minus women aged [age_from, age_to) in the NBS census table of ``year`` (2010 or 2020),
    national rows, in persons."""
    if year == 2020:
        rows = _rows(NBS_2020_NATIONAL)
    else:
        rows = [r for r in _rows(NBS_PROVINCES) if r["census_year"] == str(year) and r["region_zh"] == "全国"]
    rows = [r for r in rows if r["census_year"] == str(year)]
    if not rows:
        raise ValueError(f"no NBS national rows for {year}")
    return _surplus(rows, age_from, age_to)


def unsd_census_surplus(year: int, age_from: int, age_to: int | None) -> int:
    """Men minus women aged [age_from, age_to) in the UNSD single-year table for the census of
    ``year`` (1990, 2000 or 2010), in persons."""
    rows = [r for r in _rows(UNSD_SINGLE_AGES) if r["census_year"] == str(year)]
    if not rows:
        raise ValueError(f"no UNSD rows for {year}")
    return _surplus(rows, age_from, age_to)
