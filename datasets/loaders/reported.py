"""Single official figures as reported by news outlets and other pages, each with its outlet, URL,
the number as printed (locator), a grade and a count type from datasets/curated/."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from datasets import schemas
from datasets.dates import with_partial_dates
from datasets.errors import BuildError
from datasets.loaders.names import measure_labels, outlet_names_zh
from datasets.rawio import RAW_DIR, display_path, file_version, read_raw_csv
from datasets.validate import read_validated, validate

SEX_RATIO_FIGURES = RAW_DIR / "china_sex_ratio_reported_figures.csv"
TRAFFICKING_FIGURES = RAW_DIR / "china_trafficking_reported_figures.csv"
TRAFFICKING_2021_ONWARD = RAW_DIR / "china_trafficking_cases_registered_2021_onward.csv"
GRADES = Path(__file__).resolve().parent.parent / "curated" / "reported_figure_grades.csv"

SOURCE_SEX_RATIO = "nbs_press_conference_2021_05_17_reports"
SOURCE_TRAFFICKING = "trafficking_reported_figures_web"
SOURCE_2021_ONWARD = "trafficking_cases_2021_onward"

COLUMNS = list(schemas.REPORTED_FIGURES.columns)


def _curated(path: Path = GRADES) -> pd.DataFrame:
    """The grades file indexed by figure_id, read once per path and version (three loaders use it)."""
    return _read_grades(path, *file_version(path))


@lru_cache(maxsize=4)
def _read_grades(path: Path, mtime_ns: int, size: int) -> pd.DataFrame:
    frame = read_raw_csv(path, ["figure_id", "grade", "count_type", "reason"])
    return frame.set_index("figure_id")


def _lower_bound(frame: pd.DataFrame) -> pd.Series:
    """'More than N' figures: the compiler entered N and said so in the measure, note or locator (余/多)."""
    note = frame["note"].fillna("").str.lower()
    return (
        frame["measure"].str.contains("lower_bound")
        | note.str.contains("lower bound")
        | frame["locator"].str.contains("余|多", regex=True)
        | frame["locator"].str.lower().str.contains("more than")
    ).astype(bool)


def _finish(out: pd.DataFrame, file: str, source_id: str, topic: str) -> pd.DataFrame:
    curated = _curated()
    out.insert(1, "source_id", source_id)
    out.insert(2, "topic", topic)
    out["lower_bound"] = _lower_bound(out)
    missing = ~out["figure_id"].isin(curated.index)
    if missing.any():
        line = int(out.index[missing][0])
        raise BuildError(file, f"figure {out.loc[line, 'figure_id']} has no grade in {display_path(GRADES)}", line=line, column="figure_id")
    out["grade"] = out["figure_id"].map(curated["grade"]).astype(str)
    out["count_type"] = out["figure_id"].map(curated["count_type"]).astype(str)
    out["measure_label"], out["measure_label_zh"] = measure_labels(out["measure"], file)
    out["outlet_zh"] = outlet_names_zh(out["outlet"], file)
    out = with_partial_dates(out, ["period_start", "period_end", "published_date"], file)
    return validate(schemas.REPORTED_FIGURES, out[COLUMNS], file)


def _load_standard(path: Path, source_id: str, topic: str) -> pd.DataFrame:
    file = display_path(path)
    raw = read_validated(schemas.RAW_REPORTED_FIGURES, path)
    return _finish(raw.copy(), file, source_id, topic)


def load_sex_ratio_reported_figures(path: Path = SEX_RATIO_FIGURES) -> pd.DataFrame:
    """Reported statements on China's 2020 census sex ratio (the 17.52 million, 108.9, 105.07 ...).

    Returns the ``reported_figures`` layout: figure_id, source_id, topic ("sex_ratio"), measure,
    measure_label and measure_label_zh (short English and Chinese labels from
    datasets/curated/measure_names.csv), value (float), unit, count_type, lower_bound (bool: the page prints "more than"),
    period_start, period_end (``datetime.date``; a year or month printed alone is stored as
    its first day, period_end as its last, see :mod:`datasets.dates`), geography, agency,
    outlet, published_date (first day where only a year or month is printed), each date
    followed by ``<date>_precision`` (year/month/day) and ``<date>_as_printed``, url, locator (the number
    exactly as printed), grade (from datasets/curated/reported_figure_grades.csv), note.

    Raises:
        BuildError: naming file, line and column for any failed check, a figure with no grade,
            or a measure with no label in datasets/curated/measure_names.csv.
    """
    return _load_standard(path, SOURCE_SEX_RATIO, "sex_ratio")


def load_trafficking_reported_figures(path: Path = TRAFFICKING_FIGURES) -> pd.DataFrame:
    """Official trafficking figures reported online, 2009-2025 (MPS campaigns, Operation Reunion,
    the DNA database, the Tuanyuan platform, courts, procuratorates): same layout as
    :func:`load_sex_ratio_reported_figures`, topic "trafficking".

    Raises:
        BuildError: naming file, line and column for any failed check, or a figure with no grade.
    """
    return _load_standard(path, SOURCE_TRAFFICKING, "trafficking")


def load_trafficking_2021_onward(path: Path = TRAFFICKING_2021_ONWARD) -> pd.DataFrame:
    """Registered-case figures from 2020 on that the yearbook extract lacks: UNODC's 2,860
    offences for 2021 (a labelled stand-in for the yearbook), the MPS 88.3% decline, and China
    Daily's conflicting 3,305 for 2020. Same layout as the other reported figures; the source
    type is kept at the start of the note.

    Raises:
        BuildError: naming file, line and column for any failed check, or a figure with no grade.
    """
    file = display_path(path)
    raw = read_validated(schemas.RAW_TRAFFICKING_2021_ONWARD, path)
    out = pd.DataFrame(index=raw.index)
    out["figure_id"] = raw["figure_id"]
    out["measure"] = raw["measure"]
    out["value"] = raw["value"].astype(float)
    out["unit"] = raw["unit"]
    out["period_start"] = raw["year"].astype(str)
    out["period_end"] = raw["year"].astype(str)
    out["geography"] = raw["geography"]
    out["agency"] = raw["agency"]
    out["outlet"] = raw["outlet_or_repository"]
    out["published_date"] = raw["published_date"]
    out["url"] = raw["url_or_path"]
    out["locator"] = raw["locator"]
    out["note"] = raw["source_type"] + ". " + raw["note"].fillna("")
    return _finish(out, file, SOURCE_2021_ONWARD, "trafficking")
