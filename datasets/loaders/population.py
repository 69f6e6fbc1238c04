"""The ``population_by_age_sex`` layout, assembled once for every loader that publishes into it
(NBS census tables, UNSD census tables, UN WPP estimates and projections)."""

from __future__ import annotations

import pandas as pd

from datasets import schemas
from datasets.validate import validate

COLUMNS = list(schemas.POPULATION_BY_AGE_SEX.columns)


def population_frame(file: str, *, source_id, estimate_type: str, geography: tuple, year: pd.Series, reference_date: pd.Series,
                     age_start: pd.Series, age_end: pd.Series, age_label: pd.Series, sex: pd.Series, population: pd.Series) -> pd.DataFrame:
    """One source's rows in the ``population_by_age_sex`` layout, validated.

    Args:
        file: the raw file as shown in messages.
        source_id: catalogue id (one string, or a Series aligned with the rows).
        estimate_type: "census_count", "un_estimate" or "un_projection".
        geography: (geography_code, geography, geography_zh), each a string or an aligned Series.
        year, reference_date, age_start, age_end, age_label, sex, population: aligned Series;
            the index is the raw file's line number, so a failed check names the line.
            ``age_end`` is missing for the open-ended top group ("100+"), which sets ``open_ended``.

    Returns:
        Columns source_id, estimate_type, geography_code, geography, geography_zh (str), year
        (Int64), reference_date, age_start, age_end (Int64 years), age_label (str), open_ended
        (bool), sex (str), population (Int64 persons).

    Raises:
        BuildError: a row fails the published schema (naming file, line and column).
    """
    out = pd.DataFrame(index=year.index)
    out["source_id"] = source_id if isinstance(source_id, str) else source_id.astype(str)
    out["estimate_type"] = estimate_type
    for column, value in zip(["geography_code", "geography", "geography_zh"], geography):
        out[column] = value if isinstance(value, str) else value.astype(str)
    out["year"] = year.astype("Int64")
    out["reference_date"] = reference_date
    out["age_start"] = age_start.astype("Int64")
    out["age_end"] = age_end.astype("Int64")
    out["age_label"] = age_label.astype(str)
    out["open_ended"] = age_end.isna().astype(bool)
    out["sex"] = sex.astype(str)
    out["population"] = population.astype("Int64")
    return validate(schemas.POPULATION_BY_AGE_SEX, out[COLUMNS], file)
