"""Run a pandera schema and turn its failures into a :class:`BuildError` naming file, line, column."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa
from pandera import errors as pa_errors

from datasets.errors import BuildError
from datasets.rawio import display_path, read_raw_csv

_MAX_LISTED = 5

#: Frame-wide checks (see datasets.schemas) -> the column a failure should be reported in.
FRAME_CHECK_COLUMN = {
    "male + female == both": "population",
    "age groups contiguous from 0, non-overlapping, open-ended only at the top": "age_start",
    "open_ended == age_end is missing": "open_ended",
    "age_end >= age_start": "age_end",
    "births_male + births_female == births_both (or all three not printed)": "births_both",
    "'<5' suppressed cells are missing, never 0": "value",
    "note_zh given exactly where note is given": "note_zh",
}


def _describe_check(check: object) -> str:
    text = str(check)
    return {
        "column_in_schema": "unexpected column",
        "column_in_dataframe": "missing column",
    }.get(text, text)


def _plain(value: object) -> object:
    """numpy scalars as plain Python values, so messages read 2020, not np.int64(2020)."""
    return value.item() if hasattr(value, "item") and not isinstance(value, (str, bytes)) else value


def validate(schema: pa.DataFrameSchema, frame: pd.DataFrame, file: str) -> pd.DataFrame:
    """Validate ``frame`` against ``schema`` (lazily, so all failures are collected).

    The frame's index must be the raw file's line number (as :func:`datasets.rawio.read_raw_csv`
    sets it), so that a failing cell is reported as ``file, line N, column C``.

    The frame is checked and converted in place (pandera's ``inplace=True``: no copy of it is
    made first, which cost about a tenth of the validation time), so hand over a frame that
    nothing else uses; every caller passes one it has just read or built.

    Returns:
        The validated (and, where the schema says ``coerce``, type-converted) frame.

    Raises:
        BuildError: for the first failing cell; the message also counts and lists up to five
            further failures.
    """
    try:
        return schema.validate(frame, lazy=True, inplace=True)
    except pa_errors.SchemaErrors as exc:
        cases = exc.failure_cases.copy()
        # A check that could not run on an uncoerced column (TypeError, no index) repeats a
        # failure already listed by line: leave it out when there are line-level failures.
        if cases["index"].notna().any():
            cases = cases[cases["index"].notna() | cases["schema_context"].eq("DataFrameSchema")]
        # A dtype failure follows every coercion failure; a comparison on an uncoerced column
        # fails with a TypeError and no index. Report the most specific rows first.
        # "dtype" repeats each "coerce_dtype" failure of the same cell: keep one.
        coerce = cases[cases["check"].astype(str).str.startswith("coerce_dtype")][["index", "column"]]
        repeat = cases["check"].astype(str).str.startswith("dtype(") & cases.set_index(["index", "column"]).index.isin(coerce.set_index(["index", "column"]).index)
        cases = cases[~repeat]
        cases["has_index"] = cases["index"].notna()
        cases["is_dtype"] = cases["check"].astype(str).str.startswith("dtype(")
        cases = cases.sort_values(["has_index", "is_dtype"], ascending=[False, True], kind="stable")
        first = cases.iloc[0]
        line = int(first["index"]) if pd.notna(first["index"]) and str(first["index"]).lstrip("-").isdigit() else None
        column = first["column"] if isinstance(first["column"], str) else None
        detail = f"value {_plain(first['failure_case'])!r} failed check {_describe_check(first['check'])}"
        if first["schema_context"] == "DataFrameSchema" and first["check"] not in ("column_in_schema", "column_in_dataframe"):
            column = FRAME_CHECK_COLUMN.get(str(first["check"]).split(":")[0], column)
        if first["check"] == "column_in_schema":
            column, detail = str(first["failure_case"]), "unexpected column"
        elif first["check"] == "column_in_dataframe":
            column, detail = str(first["failure_case"]), "missing column"
        others = cases.iloc[1 : 1 + _MAX_LISTED]
        if len(cases) > 1:
            listed = "; ".join(
                f"line {r['index']} column {r['column']}: {_plain(r['failure_case'])!r} ({_describe_check(r['check'])})"
                for _, r in others.iterrows()
            )
            detail += f" [{len(cases) - 1} more failure(s): {listed}]"
        raise BuildError(file, detail, line=line, column=column) from None


def read_validated(schema: pa.DataFrameSchema, path: Path) -> pd.DataFrame:
    """Read the raw CSV ``path`` (header exactly the schema's columns, in order) and validate it.

    Returns:
        The validated frame, index = line number in the file (see :func:`datasets.rawio.read_raw_csv`).

    Raises:
        BuildError: the file cannot be read as the schema's table, or a cell fails a check
            (naming file, line and column).
    """
    return validate(schema, read_raw_csv(path, list(schema.columns)), display_path(path))
