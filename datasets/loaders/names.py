"""Chinese names joined into the published tables from two curated files:

- ``datasets/curated/country_names_zh.csv``: countries, regions and subregions, Chinese names
  from Unicode CLDR (written by ``scripts/make_country_names_zh.py``; catalogue source
  ``cldr_country_names_zh``);
- ``datasets/curated/measure_names.csv``: a short English and Chinese label for every measure
  of ``reported_figures`` and ``crime_cases_registered`` (this project's wording).

A name missing from these files is a build error naming the file and line of the data row
that needs it, so a new country or measure cannot reach the dashboard without a Chinese name.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from datasets import schemas
from datasets.errors import BuildError
from datasets.rawio import display_path, file_version
from datasets.validate import read_validated

CURATED = Path(__file__).resolve().parent.parent / "curated"
COUNTRY_NAMES = CURATED / "country_names_zh.csv"
MEASURE_NAMES = CURATED / "measure_names.csv"
OUTLET_NAMES = CURATED / "outlet_names_zh.csv"


def country_names(path: Path | None = None) -> pd.DataFrame:
    """The validated ``country_names_zh.csv`` (all text, index = line number); ``path``
    defaults to :data:`COUNTRY_NAMES`. Read and checked once per path, modification time and size.

    Raises:
        BuildError: naming file, line and column for any failed check (e.g. an empty name_zh,
            or two Chinese names for one code).
    """
    path = Path(path or COUNTRY_NAMES)
    return _country_names(path, *file_version(path))


@lru_cache(maxsize=8)
def _country_names(path: Path, mtime_ns: int, size: int) -> pd.DataFrame:
    """:func:`country_names` once per path and version: the loaders ask for it 14 times in one
    build, and the check for two Chinese names of one code need not run 14 times on one file."""
    frame = _validated("RAW_COUNTRY_NAMES_ZH", path, mtime_ns, size)
    codes = frame[frame["iso3"].notna()]
    clash = codes.groupby("iso3")["name_zh"].transform("nunique") > 1
    if clash.any():
        line = int(codes.index[clash][0])
        raise BuildError(display_path(path), f"iso3 {codes.loc[line, 'iso3']} has more than one Chinese name", line=line, column="name_zh")
    return frame


@lru_cache(maxsize=32)
def _name_lookup(path: Path, mtime_ns: int, size: int, by: str, kinds: tuple[str, ...]) -> pd.Series:
    """``by`` (iso3 or name_en) -> Chinese name, from the rows of the given kinds (first one wins)."""
    names = _country_names(path, mtime_ns, size)
    rows = names[names["kind"].isin(kinds) & names[by].notna()]
    return rows.drop_duplicates(by).set_index(by)["name_zh"]


def chinese_names(values: pd.Series, by: str, kinds: tuple[str, ...], file: str, column: str, path: Path | None = None) -> pd.Series:
    """The Chinese name of each value of ``values`` (index = line numbers of ``file``).

    Args:
        values: codes or English names as they appear in the data.
        by: ``"iso3"`` to match codes, ``"name_en"`` to match English names exactly.
        kinds: which rows of the names file may match (country, region, subregion, world).
        file, column: the data file and column named in the error message.

    Returns:
        A ``str`` Series aligned with ``values``.

    Raises:
        BuildError: a value has no Chinese name; names ``file``, the line and ``column``.
    """
    names_path = Path(path or COUNTRY_NAMES)
    lookup = _name_lookup(names_path, *file_version(names_path), by, tuple(kinds))
    where = f"({by}, {'/'.join(kinds)}) in {display_path(path or COUNTRY_NAMES)}; add it with scripts/make_country_names_zh.py"
    return _look_up(values, lookup, file, column, f"has no Chinese name {where}")


def _look_up(values: pd.Series, names: pd.Series, file: str, column: str, missing: str, what: str = "") -> pd.Series:
    """``values`` mapped through ``names`` (a ``str`` Series aligned with ``values``).

    Raises:
        BuildError: the first value not in ``names``: ``file``, its line and ``column``, and
            "<what> <value> <missing>" as the message.
    """
    absent = ~values.isin(names.index)
    if absent.any():
        line = values.index[absent][0]
        raise BuildError(file, f"{what}{values[line]!r} {missing}", line=int(line) if str(line).isdigit() else None, column=column)
    return values.map(names).astype(str)


def measure_names(path: Path | None = None) -> pd.DataFrame:
    """The validated ``measure_names.csv`` indexed by measure (columns label_en, label_zh);
    ``path`` defaults to :data:`MEASURE_NAMES`. Read and checked once per path, modification time and size.

    Raises:
        BuildError: naming file, line and column for any failed check (empty label, a measure
            listed twice).
    """
    path = Path(path or MEASURE_NAMES)
    return _validated("RAW_MEASURE_NAMES", path, *file_version(path)).set_index("measure")


@lru_cache(maxsize=8)
def _validated(schema: str, path: Path, mtime_ns: int, size: int) -> pd.DataFrame:
    """A curated names file read as text and validated with ``schemas.<schema>``, once per path
    and version (the loaders ask for it many times in one build). Callers get the cached frame:
    do not mutate it."""
    validator = getattr(schemas, schema)
    return read_validated(validator, path)


def measure_labels(measures: pd.Series, file: str, path: Path | None = None) -> tuple[pd.Series, pd.Series]:
    """English and Chinese labels of ``measures`` (index = line numbers of ``file``).

    Raises:
        BuildError: a measure has no label; names ``file``, the line and column ``measure``.
    """
    names = measure_names(path)
    missing = f"has no label in {display_path(path or MEASURE_NAMES)} (add a row measure,label_en,label_zh)"
    return tuple(_look_up(measures, names[label], file, "measure", missing, what="measure ") for label in ("label_en", "label_zh"))


def outlet_names_zh(outlets: pd.Series, file: str, path: Path | None = None) -> pd.Series:
    """The Chinese rendering of each outlet (the page a figure was printed on: its name and what
    kind of copy it is), from ``outlet_names_zh.csv``; index = line numbers of ``file``.

    Raises:
        BuildError: an outlet has no Chinese rendering; names ``file``, the line and column ``outlet``.
    """
    path = Path(path or OUTLET_NAMES)
    names = _validated("RAW_OUTLET_NAMES", path, *file_version(path)).set_index("outlet")["outlet_zh"]
    return _look_up(outlets, names, file, "outlet", f"has no Chinese rendering in {display_path(path)} (add a row outlet,outlet_zh)", what="outlet ")
