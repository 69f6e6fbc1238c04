"""The figures a news report cites, curated by us (datasets/curated/cited_figures.csv)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from datasets import schemas
from datasets.dates import iso_dates, with_partial_dates
from datasets.rawio import display_path, read_raw_csv
from datasets.validate import validate

CITED = Path(__file__).resolve().parent.parent / "curated" / "cited_figures.csv"
SOURCE_ID = "scmp_2022_03_05_two_sessions_trafficking"
#: The report (see datasets/catalog.yaml, source SOURCE_ID).
REPORT = {
    "outlet": "South China Morning Post",
    "outlet_zh": "《南华早报》",
    "title": "'Two sessions': China targets human trafficking in wake of 'chained woman' scandal",
    "published_date": "2022-03-05",
    "url": "https://scmp.com/news/china/politics/article/3169392/two-sessions-china-targets-human-trafficking-wake-chained-woman",
}


def load_cited_figures(path: Path = CITED) -> pd.DataFrame:
    """The figures cited by the SCMP report of 5 March 2022, one row each.

    Returns the ``cited_figures`` layout: figure_id, source_id, claim (our own words), claim_zh
    (its Chinese translation), value (float), unit, lower_bound (bool), period_start, period_end (dates, each
    with ``_precision`` and ``_as_printed``, see :mod:`datasets.dates`), population, population_zh, outlet, title, published_date, url, locator (the number exactly
    as printed), locator_zh (the same number as a Chinese report would print it), attributed_to, attributed_to_zh, recompute (the cross-check method in
    datasets.derived.claims, or missing), chart_page and chart_anchor (where the primary data are
    drawn), note, note_zh. Every ``*_zh`` column is our Chinese translation of the English cell
    beside it and must contain Chinese characters; note_zh is given exactly where note is.

    Raises:
        BuildError: naming file, line and column for any failed check.
    """
    file = display_path(path)
    columns = list(schemas.RAW_CITED_FIGURES.columns)
    raw = validate(schemas.RAW_CITED_FIGURES, read_raw_csv(path, columns), file)
    out = raw.copy()
    out["lower_bound"] = raw["lower_bound"] == "True"
    out.insert(1, "source_id", SOURCE_ID)
    for key, value in REPORT.items():
        out[key] = value
    out["published_date"] = iso_dates(out["published_date"], file, "published_date")
    out = with_partial_dates(out, ["period_start", "period_end"], file)
    return validate(schemas.CITED_FIGURES, out[list(schemas.CITED_FIGURES.columns)], file)
