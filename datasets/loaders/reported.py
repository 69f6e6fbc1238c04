"""Single official figures as reported by news outlets, each with its outlet, URL and locator."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from datasets import schemas
from datasets.errors import BuildError
from datasets.rawio import RAW_DIR, display_path, read_raw_csv
from datasets.validate import validate

SEX_RATIO_FIGURES = RAW_DIR / "china_sex_ratio_reported_figures.csv"
GRADES = Path(__file__).resolve().parent.parent / "curated" / "reported_figure_grades.csv"
SOURCE_SEX_RATIO = "nbs_press_conference_2021_05_17_reports"


def _grades(path: Path = GRADES) -> pd.Series:
    frame = read_raw_csv(path, ["figure_id", "grade", "reason"])
    return frame.set_index("figure_id")["grade"]


def load_sex_ratio_reported_figures(path: Path = SEX_RATIO_FIGURES) -> pd.DataFrame:
    """Reported statements on China's 2020 census sex ratio (the 17.52 million, 108.9, 105.07 ...).

    Returns the ``reported_figures`` layout: figure_id, source_id, topic ("sex_ratio"), measure,
    value (float), unit, lower_bound (bool: the page prints "more than"), period_start,
    period_end, geography, agency, outlet, published_date, url, locator (the number exactly as
    printed), grade (from datasets/curated/reported_figure_grades.csv), note.

    Raises:
        BuildError: naming file, line and column for any failed check, or a figure with no grade.
    """
    file = display_path(path)
    raw = validate(schemas.RAW_REPORTED_FIGURES, read_raw_csv(path, list(schemas.RAW_REPORTED_FIGURES.columns)), file)
    grades = _grades()
    out = raw.copy()
    out.insert(1, "source_id", SOURCE_SEX_RATIO)
    out.insert(2, "topic", "sex_ratio")
    out.insert(6, "lower_bound", raw["measure"].str.contains("lower_bound") | raw["note"].fillna("").str.contains("lower bound"))
    out["grade"] = raw["figure_id"].map(grades)
    missing = out["grade"].isna()
    if missing.any():
        line = int(out.index[missing][0])
        raise BuildError(file, f"figure {out.loc[line, 'figure_id']} has no grade in {display_path(GRADES)}", line=line, column="figure_id")
    out["lower_bound"] = out["lower_bound"].astype(bool)
    return validate(schemas.REPORTED_FIGURES, out[list(schemas.REPORTED_FIGURES.columns)], file)
