"""What the Data page shows of a published table: the order of its columns, which columns it
offers as filters (and their values' text in the reader's language), and the rows that match.
Pure functions of a DataFrame; :mod:`dashboard.data` reads the tables.
"""

from __future__ import annotations

import pandas as pd

#: Integer columns the Data page filters by range (years, first age of a group).
RANGE_COLUMNS = ["year", "census_year", "report_year", "age_start"]

#: Most distinct values a filter lists (the picker is searchable: 179 countries are fine).
MOST_CHOICES = 400
#: Text longer than this on average is prose (claims, notes, URLs), not a category to filter on.
LONGEST_CATEGORY = 60

#: Columns a reader looks for first, in this order after the value columns: sex, age, year, place.
KEY_COLUMNS = (
    "sex", "age_label", "age", "age_start", "age_end", "open_ended",
    "year", "census_year", "report_year", "year_to", "reference_date", "period_start", "period_end",
    "geography", "geography_zh", "geography_code", "country", "country_zh", "iso3",
)


def screen_columns(frame: pd.DataFrame, units: dict[str, str]) -> list[str]:
    """The order the Data page shows (and downloads) a table's columns in: the value columns
    (those with a unit, and ``value``), then sex, age, year and place (KEY_COLUMNS), then the
    rest as published, ``source_id`` last. Same columns as ``frame``; pure."""
    values = [c for c in frame.columns if c in units or c == "value"]
    keys = [c for c in KEY_COLUMNS if c in frame.columns and c not in values]
    rest = [c for c in frame.columns if c not in values and c not in keys and c != "source_id"]
    return values + keys + rest + (["source_id"] if "source_id" in frame.columns else [])


def choice_columns(frame: pd.DataFrame, units: dict[str, str], most: int = MOST_CHOICES) -> list[str]:
    """Columns the Data page offers as multiselect filters, in screen order: every text or
    category column with at most ``most`` values that is not prose (average length at most
    LONGEST_CATEGORY characters) and not nearly one value per row (identifiers, quotes); not
    numbers (years and first ages are ranges), links, source_id (filtered on its own) or
    true/false columns. Of a column and its Chinese twin (``geography`` / ``geography_zh``) only
    the first: the filter keeps its value (and link) in either language, and shows the twin's
    text in Chinese (:func:`choice_labels`)."""
    def offered(c: str) -> bool:
        col = frame[c]
        if c in units or c in RANGE_COLUMNS or c == "source_id" or col.dtype == bool or c == "value":
            return False
        if c.endswith("_zh") and c[:-3] in frame.columns:
            return False
        values = col.dropna()
        if values.empty or pd.api.types.is_numeric_dtype(col) or c in ("url", "link"):
            return False
        distinct = values.nunique()
        if distinct > most or (len(values) > 50 and distinct > len(values) / 2):  # identifiers, quotes
            return False
        return values.astype(str).str.len().mean() <= LONGEST_CATEGORY

    return [c for c in screen_columns(frame, units) if offered(c)]


def choice_labels(frame: pd.DataFrame, column: str, lang: str) -> dict:
    """Value -> text on screen for a filter on ``column``: in Chinese the value of its twin column
    ``<column>_zh`` where the table has one (``Guangdong`` -> ``广东``), else the value itself."""
    values = frame[column].dropna().unique().tolist()
    twin = f"{column}_zh"
    if lang == "zh" and twin in frame.columns:
        pairs = frame[[column, twin]].dropna().drop_duplicates(column)
        named = dict(zip(pairs[column], pairs[twin]))
        return {v: str(named.get(v, v)) for v in values}
    return {v: str(v) for v in values}


def filter_frame(frame: pd.DataFrame, filters: dict) -> pd.DataFrame:
    """Rows of ``frame`` matching every filter; pure, the input is not changed.

    Args:
        filters: column -> list of allowed values (an empty list or None means no filter), or
            column -> (low, high) tuple for an inclusive numeric range.

    Returns:
        The matching rows in their original order, index reset.
    """
    mask = pd.Series(True, index=frame.index)
    for column, allowed in filters.items():
        if allowed is None or (isinstance(allowed, list) and not allowed):
            continue
        if isinstance(allowed, tuple):
            low, high = allowed
            mask &= frame[column].between(low, high).fillna(False)
        else:
            mask &= frame[column].isin(allowed)
    return frame[mask].reset_index(drop=True)
