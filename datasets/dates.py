"""Dates as dates: full ISO dates and dates printed only to the year or month.

Published date columns hold ``datetime.date`` objects (pandas dtype ``object``, missing = None):
pyarrow writes them as Parquet ``date32``, the Excel download as date cells and the CSV as
``YYYY-MM-DD``. Where a source prints only a year (``2009``) or a month (``2009-04``) the table
also has ``<column>_precision`` (``year`` / ``month`` / ``day``) and ``<column>_as_printed`` (the
text as printed), and the date is stored as the first day of that year or month, except
``period_end``, stored as the last day (so a period printed ``2010`` to ``2010`` covers the whole
year): :data:`datasets.columns.PARTIAL_DATE_RULE`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

import numpy as np
import pandas as pd

from datasets.errors import BuildError

__all__ = ["PRECISIONS", "iso_dates", "partial_date", "with_partial_dates", "year_of"]

PRECISIONS = ["year", "month", "day"]
_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def partial_date(text: str, *, last_day: bool = False) -> tuple[dt.date, str]:
    """``(date, precision)`` of ``"YYYY"``, ``"YYYY-MM"`` or ``"YYYY-MM-DD"``.

    Args:
        text: the date as printed.
        last_day: store a year or month as its last day (``period_end``) instead of its first.

    Raises:
        ValueError: any other text, or an impossible date (``2021-02-30``).
    """
    match = _PARTIAL.match(str(text).strip())
    if not match:
        raise ValueError(f"{text!r} is not a date printed as YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = match.groups()
    y = int(year)
    if day is not None:
        return dt.date(y, int(month), int(day)), "day"
    if month is not None:
        m = int(month)
        return dt.date(y, m, calendar.monthrange(y, m)[1] if last_day else 1), "month"
    return (dt.date(y, 12, 31) if last_day else dt.date(y, 1, 1)), "year"


def iso_dates(texts: pd.Series, file: str, column: str) -> pd.Series:
    """Full ISO dates (``YYYY-MM-DD``, missing allowed) as ``datetime.date`` objects (dtype object,
    missing = None), same index. Each distinct text is parsed once.

    Raises:
        BuildError: a value is not a full date (names the file, the first row holding it and ``column``).
    """
    lookup = {}
    for text in texts.dropna().unique():
        try:
            value, precision = partial_date(text)
            if precision != "day":
                raise ValueError(f"{text!r} is not a full date YYYY-MM-DD")
        except ValueError as exc:
            line = texts.index[(texts == text).to_numpy(dtype=bool, na_value=False)][0]
            raise BuildError(file, str(exc), line=int(line) if isinstance(line, (int, np.integer)) else None, column=column) from None
        lookup[text] = value
    return pd.Series([lookup.get(t) if isinstance(t, str) else None for t in texts], index=texts.index, dtype=object)


def with_partial_dates(frame: pd.DataFrame, columns: list[str], file: str) -> pd.DataFrame:
    """``frame`` with each of ``columns`` (text as printed: YYYY, YYYY-MM or YYYY-MM-DD, missing
    allowed) turned into a date, and ``<column>_precision`` and ``<column>_as_printed`` (text)
    inserted right after it. ``period_end`` is stored as the last day of a year or month, every
    other column as the first (see the module docstring). A new frame; the index is kept.

    Raises:
        BuildError: a value is not such a date (names the file, the row index and the column).
    """
    out = frame.copy()
    for column in columns:
        dates, precisions = [], []
        for line, text in out[column].items():
            if pd.isna(text):
                dates.append(None)
                precisions.append(None)
                continue
            try:
                value, precision = partial_date(text, last_day=column == "period_end")
            except ValueError as exc:
                raise BuildError(file, str(exc), line=int(line) if isinstance(line, (int, np.integer)) else None, column=column) from None
            dates.append(value)
            precisions.append(precision)
        position = out.columns.get_loc(column)
        printed = out[column].astype("str").where(out[column].notna(), None)
        out[column] = pd.Series(dates, index=out.index, dtype=object)
        out.insert(position + 1, f"{column}_precision", pd.Series(precisions, index=out.index, dtype="str"))
        out.insert(position + 2, f"{column}_as_printed", printed.astype("str"))
    return out


def year_of(dates: pd.Series) -> pd.Series:
    """The year of each date (``datetime.date`` or missing) as nullable Int64, same index."""
    return pd.Series([None if pd.isna(d) else d.year for d in dates], index=dates.index, dtype="Int64")
