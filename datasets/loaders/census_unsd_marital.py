"""UNSD Demographic Yearbook: China's census population by marital status, age, sex and urban/rural
residence, 1982, 1990, 2000 and 2010 (an unchanged UNdata export).

The file is a table followed by a blank line and the UN footnote table (``footnoteSeqID``,
``Footnote``). Only the rows above the blank line are data; the footnotes are read to resolve each
row's footnote codes (every code must be in the table) and to flag the censuses whose rows are a
sample (footnote "long form, 10 per cent of the households", or Record Type "sample tabulation")
or cover the civilian population only (footnotes "civilian population ...").
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd

from datasets import schemas
from datasets.errors import BuildError
from datasets.rawio import RAW_DIR, display_path, read_raw_csv
from datasets.validate import validate

UNSD_MARITAL = RAW_DIR / "unsd_china_population_by_marital_status_age_sex_census_1982_2010.csv"
SOURCE_ID = "unsd_dyb_marital_status_1982_2010"
FOOTNOTE_HEADER = ["footnoteSeqID", "Footnote"]
#: What a footnote's text says about the rows that carry it (lower-case words looked for).
LONG_FORM_WORDS = "long form"
CIVILIAN_WORDS = "civilian population"


def split_footnotes(path: Path) -> tuple[bytes, dict[str, tuple[str, int]]]:
    """The data part of the export (header and data rows, bytes unchanged) and its footnotes.

    The data part ends at the first empty line after the header; the lines after it must be the
    footnote table, header ``footnoteSeqID,Footnote``. A file without an empty line is all data
    (its footnote rows, if any, are then caught as data by :func:`load_marital_status_unsd`).

    Returns:
        (data bytes, footnote id -> (text, line number in the file)).

    Raises:
        BuildError: the file is missing, or the part after the empty line is not a footnote table
            (naming its line).
    """
    name = display_path(path)
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise BuildError(name, "file not found; restore it from git (git checkout -- datasets/raw)") from None
    lines = raw.splitlines(keepends=True)
    blank = next((i for i, line in enumerate(lines) if i > 0 and not line.strip()), None)
    if blank is None:
        return raw, {}
    footnotes: dict[str, tuple[str, int]] = {}
    header_seen = False
    for number, line in enumerate(lines[blank + 1 :], start=blank + 2):
        text = line.decode("utf-8", errors="replace").strip()
        if not text:
            continue
        fields = next(csv.reader([text]))
        if not header_seen:
            if fields != FOOTNOTE_HEADER:
                raise BuildError(name, f"after the empty line that ends the data, expected the UN footnote table with header {FOOTNOTE_HEADER}, "
                                       f"found {fields[:3]!r}; remove the empty line inside the data or restore the file from git", line=number)
            header_seen = True
            continue
        if len(fields) != 2 or not fields[0].isdigit():
            raise BuildError(name, f"a footnote row must be 'number,text', found {fields[:3]!r}", line=number, column=FOOTNOTE_HEADER[0])
        footnotes[fields[0]] = (fields[1], number)
    return b"".join(lines[:blank]), footnotes


def _footnote_rows_read_as_data(frame: pd.DataFrame, file: str) -> None:
    """A row of the footnote table among the data rows (the empty line before the footnotes was
    removed): its first cell is 'footnoteSeqID' or a footnote number and the cells after the
    second are empty."""
    first = frame["Country or Area"]
    rest_empty = frame.iloc[:, 2:].isna().all(axis=1)
    suspect = first.eq("footnoteSeqID").fillna(False) | (first.str.fullmatch(r"\d+").fillna(False) & rest_empty)
    if suspect.any():
        line = int(frame.index[suspect.to_numpy()][0])
        raise BuildError(
            file,
            f"a row of the UN footnote table ({first.loc[line]!r}, {str(frame.loc[line, 'Year'])[:40]!r}) is read as data: the data rows must end "
            "with an empty line before the footnote table (footnoteSeqID, Footnote); restore the file from git",
            line=line, column="Country or Area",
        )


def _check_statuses_add_up(raw: pd.DataFrame, file: str) -> None:
    """In every (Year, Area, Sex, Age) group the marital statuses add up to the group's Total row.

    Raises:
        BuildError: naming the Total row's line (column 'Value'), its value, the statuses' sum and their lines.
    """
    keys = ["Year", "Area", "Sex", "Age"]
    is_total = raw["Marital status"] == "Total"
    parts = raw[~is_total].reset_index().groupby(keys, sort=False).agg(parts=("Value", "sum"), lines=("line", list))
    totals = raw[is_total].reset_index().set_index(keys)[["line", "Value"]]
    joined = parts.join(totals, how="outer")
    bad = joined[joined["Value"].isna() | joined["parts"].isna() | (joined["parts"] != joined["Value"])]
    if bad.empty:
        return
    bad = bad.assign(_first=[r["line"] if pd.notna(r["line"]) else r["lines"][0] for _k, r in bad.iterrows()]).sort_values("_first")  # file order
    key, row = bad.index[0], bad.iloc[0]
    where = ", ".join(str(k) for k in key)
    if pd.isna(row["Value"]):
        raise BuildError(file, f"group ({where}) has no Total row", line=int(row["lines"][0]), column="Marital status")
    if not isinstance(row["lines"], list):
        raise BuildError(file, f"group ({where}) has a Total row but no marital status rows", line=int(row["line"]), column="Marital status")
    lines = f"lines {row['lines'][0]}-{row['lines'][-1]}" if len(row["lines"]) > 1 else f"line {row['lines'][0]}"
    raise BuildError(file, f"the marital statuses of ({where}) add up to {int(row['parts']):,} ({lines}), but the Total row says {int(row['Value']):,}",
                     line=int(row["line"]), column="Value")


def _check_urban_plus_rural(raw: pd.DataFrame, file: str) -> None:
    """Urban + Rural = Total in every (Year, Sex, Age, Marital status) cell where both are printed.

    Raises:
        BuildError: naming the Total-area row's line (column 'Value') and the Urban and Rural values and lines.
    """
    keys = ["Year", "Sex", "Age", "Marital status"]
    wide = raw.reset_index().pivot(index=keys, columns="Area", values=["Value", "line"])
    both = wide.dropna()
    if both.empty:
        return
    value, line = both["Value"], both["line"]
    bad = value["Urban"] + value["Rural"] != value["Total"]
    if bad.any():
        key = line.loc[bad, "Total"].idxmin()  # the first in file order
        raise BuildError(
            file,
            f"Urban {int(value.loc[key, 'Urban']):,} (line {int(line.loc[key, 'Urban'])}) + Rural {int(value.loc[key, 'Rural']):,} "
            f"(line {int(line.loc[key, 'Rural'])}) = {int(value.loc[key, 'Urban'] + value.loc[key, 'Rural']):,}, but the Total row of "
            f"({', '.join(str(k) for k in key)}) says {int(value.loc[key, 'Total']):,}",
            line=int(line.loc[key, "Total"]), column="Value",
        )


def _age_columns(age: pd.Series) -> pd.DataFrame:
    """'15 - 19' -> 15, 19, '15-19'; '60 +' -> 60, missing, '60+'; 'Unknown' -> missing, missing, 'unknown'."""
    parts = age.str.extract(r"^(?P<start>\d+)(?: - (?P<end>\d+)| \+)?$")
    return pd.DataFrame({
        "age_label": age.str.replace(" ", "", regex=False).where(age != "Unknown", "unknown").astype(str),
        "age_start": pd.to_numeric(parts["start"]).astype("Int64"),
        "age_end": pd.to_numeric(parts["end"]).astype("Int64"),
    }, index=age.index)


def load_marital_status_unsd(path: Path = UNSD_MARITAL) -> pd.DataFrame:
    """Census population aged 15+ by marital status, 5-year age group, sex and area, China, 1982-2010.

    Returns the ``marital_status_by_age`` layout (:data:`datasets.schemas.MARITAL_STATUS_BY_AGE`),
    index = the raw file's line numbers: source_id, year (Int64), area ("total", "urban",
    "rural"), sex ("male", "female"), age_label ("15-19" ... "60+", "65+"; "15+" the total of
    every group; "unknown"), age_start and age_end (Int64, missing where open-ended or unknown),
    all_ages (bool, the "15+" row), marital_status (id: total, never_married, married, widowed,
    divorced, consensual_union) and marital_status_as_published, persons (Int64: persons counted
    in the table, a SAMPLE count where ``sample``), tabulation ("complete", "sample",
    "long_form_sample"), sample (bool), civilian_only (bool), unsd_footnotes (codes, "1,2").

    Sample and civilian-only flags are set for a whole census year from the file itself: a year
    is "long_form_sample" when a row carries a footnote on the long form, "sample" when its
    Record Type is a sample tabulation, civilian-only when a row carries a footnote on the
    civilian population. With the file held: 2000 sample, 2010 long form (10% of households),
    1982 and 1990 complete and civilian-only.

    Source: UNSD Demographic Yearbook, via UNdata (export of 14 June 2019, catalogue entry
    ``unsd_dyb_marital_status_1982_2010``).

    Raises:
        BuildError: naming file, line and column: a footnote row read as data, a failed schema
            check (a negative or non-numeric count, an unknown status or age group, a duplicate
            row), statuses that do not add up to the Total row of their (Year, Area, Sex, Age)
            group, Urban + Rural != Total, a footnote code the footnote table lacks.
    """
    file = display_path(path)
    data, footnotes = split_footnotes(path)
    columns = list(schemas.RAW_MARITAL_UNSD.columns)
    frame = read_raw_csv(path, columns, data=data)
    _footnote_rows_read_as_data(frame, file)
    raw = validate(schemas.RAW_MARITAL_UNSD, frame, file)
    _check_statuses_add_up(raw, file)
    _check_urban_plus_rural(raw, file)
    codes = raw["Value Footnotes"].fillna("").str.split(",")
    for line, row_codes in codes.items():
        missing = [c for c in row_codes if c and c not in footnotes]
        if missing:
            raise BuildError(file, f"footnote {missing[0]} is not in the file's footnote table (footnotes {sorted(footnotes, key=int)})",
                             line=int(line), column="Value Footnotes")

    def years_with_footnote(words: str) -> set[int]:
        wanted = {code for code, (text, _line) in footnotes.items() if words in text.lower()}
        return set(raw.loc[codes.map(lambda cs: bool(wanted.intersection(cs))), "Year"].astype(int))

    long_form = years_with_footnote(LONG_FORM_WORDS)
    sampled = set(raw.loc[raw["Record Type"].str.contains("sample tabulation", regex=False), "Year"].astype(int))
    civilian = years_with_footnote(CIVILIAN_WORDS)
    year = raw["Year"].astype(int)

    out = pd.DataFrame(index=raw.index)
    out["source_id"] = SOURCE_ID
    out["year"] = raw["Year"].astype("Int64")
    out["area"] = raw["Area"].str.lower().astype(str)
    out["sex"] = raw["Sex"].str.lower().astype(str)
    ages = _age_columns(raw["Age"])
    out["age_label"] = ages["age_label"]
    out["age_start"] = ages["age_start"]
    out["age_end"] = ages["age_end"]
    open_ended = raw["Age"].str.endswith("+")
    lowest = out.groupby(["year", "area", "sex"])["age_start"].transform("min")
    out["all_ages"] = (open_ended & (out["age_start"] == lowest)).fillna(False).astype(bool)
    out["marital_status"] = raw["Marital status"].map(schemas.MARITAL_STATUSES).astype(str)
    out["marital_status_as_published"] = raw["Marital status"].astype(str)
    out["persons"] = raw["Value"].astype("Int64")
    out["tabulation"] = np.where(year.isin(long_form), "long_form_sample", np.where(year.isin(sampled), "sample", "complete"))
    out["tabulation"] = out["tabulation"].astype(str)
    out["sample"] = (out["tabulation"] != "complete").astype(bool)
    out["civilian_only"] = year.isin(civilian).astype(bool)
    out["unsd_footnotes"] = raw["Value Footnotes"]
    return validate(schemas.MARITAL_STATUS_BY_AGE, out[list(schemas.MARITAL_STATUS_BY_AGE.columns)], file)


def check_against_single_ages(marital: pd.DataFrame, single: pd.DataFrame, file: str) -> None:
    """Cross-check: for every complete (not sampled) census year both tables hold, the Total rows
    by age group and sex (area total) must equal the UNSD single-age census table summed over the
    same ages (an open group "60+" sums every age from 60). With the files held: 1990.

    Args:
        marital: the loader's output (index = line numbers of the marital file).
        single: the UNSD single-age census rows of ``population_by_age_sex``.
        file: the marital file's path, for the error.

    Raises:
        BuildError: naming the marital file's line and column 'Value' of the first group that differs.
    """
    rows = marital[(marital["area"] == "total") & (marital["marital_status"] == "total") & ~marital["sample"]
                   & marital["age_start"].notna() & ~marital["all_ages"]]
    rows = rows[rows["year"].isin(set(single["year"]))]
    tables = {key: (grp["age_start"].to_numpy(dtype=np.int64), grp["population"].to_numpy(dtype=np.int64))
              for key, grp in single[single["year"].isin(set(rows["year"]))].groupby(["year", "sex"])}
    for line, row in rows.iterrows():
        starts, population = tables[(row["year"], row["sex"])]
        within = (starts >= row["age_start"]) & ((starts <= row["age_end"]) if pd.notna(row["age_end"]) else True)
        expected = int(population[within].sum())
        if int(row["persons"]) != expected:
            raise BuildError(
                file,
                f"{row['year']} {row['sex']} aged {row['age_label']}: {int(row['persons']):,} persons of all statuses, but the UNSD single-age census "
                f"table sums to {expected:,} over the same ages",
                line=int(line), column="Value",
            )
