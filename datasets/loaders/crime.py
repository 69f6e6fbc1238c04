"""NBS China Statistical Yearbook: criminal cases registered (立案) by public security organs, 1995-2020."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from datasets import schemas
from datasets.errors import BuildError
from datasets.loaders.names import measure_labels
from datasets.measures import ALL_CRIMINAL_CASES, TRAFFICKING_CASES
from datasets.rawio import RAW_DIR, display_path
from datasets.validate import read_validated, validate

ALL_CATEGORIES = RAW_DIR / "china_criminal_cases_registered_by_police_1995_2020.csv"
TRAFFICKING_ONLY = RAW_DIR / "china_trafficking_cases_registered.csv"
TOTAL = ALL_CRIMINAL_CASES
TRAFFICKING = TRAFFICKING_CASES


def load_crime_cases(path: Path = ALL_CATEGORIES, trafficking_path: Path = TRAFFICKING_ONLY) -> pd.DataFrame:
    """Registered criminal cases by category and year, mainland China, 1995-2020.

    Returns the ``crime_cases_registered`` layout: source_id, geography, year (Int64), measure
    (e.g. "trafficking_women_children_cases_registered" = 拐卖妇女儿童, art. 240), measure_zh (the
    source copy's Chinese label), measure_label (English label from
    datasets/curated/measure_names.csv, whose label_zh must equal measure_zh), count_type ("cases_registered"), value (Int64 cases).

    Checks: in every year the ten categories add up to the total; the trafficking-only extract
    agrees with the full table, and its share per 10,000 registered cases equals
    trafficking / total x 10,000 to 2 decimals.

    Source: NBS China Statistical Yearbook table "Criminal Cases Registered by Public Security
    Organs", via the MyBox example file named in catalog.yaml.

    Raises:
        BuildError: naming file, line and column for any failed check, a measure with no label,
            or a label_zh in datasets/curated/measure_names.csv that differs from measure_zh.
    """
    file = display_path(path)
    raw = read_validated(schemas.RAW_CRIME_CASES, path)
    totals = raw[raw["measure"] == TOTAL].set_index("year")["value"]
    parts = raw[raw["measure"] != TOTAL].groupby("year")["value"].sum()
    for year, total in totals.items():
        if parts.get(year) != total:
            line = int(raw.index[(raw["measure"] == TOTAL) & (raw["year"] == year)][0])
            raise BuildError(file, f"the categories of {year} sum to {parts.get(year)}, the printed total is {total}", line=line, column="value")

    tfile = display_path(trafficking_path)
    traf = read_validated(schemas.RAW_TRAFFICKING_CASES, trafficking_path)
    full = raw[raw["measure"] == TRAFFICKING].set_index("year")["value"]
    for line, row in traf.iterrows():
        if full.get(row["year"]) != row["value"]:
            raise BuildError(tfile, f"{row['year']}: {row['value']} differs from the full table's {full.get(row['year'])}", line=int(line), column="value")
        share = round(row["value"] / totals[row["year"]] * 10000, 2)
        if abs(share - row["share_of_all_registered_criminal_cases_per_10000"]) > 0.005:
            raise BuildError(tfile, f"share per 10,000 is {row['share_of_all_registered_criminal_cases_per_10000']}, recomputed {share}", line=int(line), column="share_of_all_registered_criminal_cases_per_10000")

    out = pd.DataFrame(index=raw.index)
    out["source_id"] = raw["source_id"].astype(str)
    out["geography"] = raw["geography"].astype(str)
    out["year"] = raw["year"].astype("Int64")
    out["measure"] = raw["measure"].astype(str)
    out["measure_zh"] = raw["measure_zh"].astype(str)
    out["measure_label"], label_zh = measure_labels(out["measure"], file)
    differs = label_zh != out["measure_zh"]
    if differs.any():
        line = int(out.index[differs][0])
        raise BuildError(file, f"measure_zh {out.loc[line, 'measure_zh']!r} differs from label_zh {label_zh[line]!r} in datasets/curated/measure_names.csv", line=line, column="measure_zh")
    out["count_type"] = "cases_registered"
    out["value"] = raw["value"].astype("Int64")
    return validate(schemas.CRIME_CASES_REGISTERED, out, file)
