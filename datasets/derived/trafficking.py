"""Registered trafficking cases and their rate, the values printed elsewhere beside them, UNODC
series, TIP tiers and dated series of reported figures: computed from the published tables.

Count types (``count_type``) are what a number counts: registered cases, cases solved, victims
detected, persons rescued or found, persons convicted ... Figures of different count types are
never summed. Pure functions over DataFrames; the build publishes ``registered_cases`` and
``registered_cases_printed``; the pages call the selections (:func:`glotip_series`, ...) directly.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

import pandas as pd

from datasets.dates import year_of
from datasets.measures import ALL_CRIMINAL_CASES, TRAFFICKING_CASES

#: Measures of ``crime_cases_registered``: trafficking of women and children, and all criminal cases.
TRAFFICKING_MEASURE = TRAFFICKING_CASES
TOTAL_MEASURE = ALL_CRIMINAL_CASES

#: UNODC indicator -> count type.
GLOTIP_COUNT_TYPE = {
    "Detected trafficking victims": "victims_detected",
    "Persons convicted": "persons_convicted",
    "Persons prosecuted": "persons_prosecuted",
    "Offences of trafficking in persons": "offences_unodc",
    "Persons brought into formal contact": "suspects_arrested",
}

#: Reported figures that conflict with, or extend, the yearbook series of registered cases.
CONFLICTING_FIGURES = ["CNRF091", "CNTR003"]  # 2020: journal 3,055; China Daily 3,305
STAND_IN_FIGURES = ["CNTR001"]  # 2021: UNODC offences 2,860, stand-in for the yearbook

#: Curated groups of reported figures for the rescues page: group -> figure ids of
#: ``reported_figures`` (datasets/curated/rescue_figure_groups.csv; checked by
#: :func:`datasets.integrity.check_rescue_groups`).
RESCUE_GROUPS_FILE = Path(__file__).resolve().parent.parent / "curated" / "rescue_figure_groups.csv"
DNA_DATABASE = "dna_database"
OPERATION_REUNION_FOUND = "operation_reunion_found"
TUANYUAN_PLATFORM = "tuanyuan_platform"
CAMPAIGN_2009_2011 = "campaign_2009_2011"
CAMPAIGN_2022 = "campaign_2022"


@lru_cache(maxsize=2)
def count_type_labels(lang: str = "en") -> dict[str, str]:
    """Count type -> its label in ``lang`` ("en" or "zh"), in the order of
    datasets/curated/count_types.csv (the same file gives the schema its allowed values).

    Raises:
        ValueError: an unknown ``lang``, or a row with an empty label (naming the line).
    """
    from datasets.schemas import COUNT_TYPES_FILE

    if lang not in ("en", "zh"):
        raise ValueError(f"unknown language {lang!r}")
    labels = {}
    with COUNT_TYPES_FILE.open(encoding="utf-8", newline="") as f:
        for line, row in enumerate(csv.DictReader(f), start=2):
            label = (row.get(f"label_{lang}") or "").strip()
            if not label:
                raise ValueError(f"{COUNT_TYPES_FILE.name}, line {line}: count type {row.get('count_type')!r} has no label_{lang}")
            labels[row["count_type"]] = label
    return labels


def figures_per_count_type(reported: pd.DataFrame) -> pd.Series:
    """How many reported figures each count type has.

    Args:
        reported: the ``reported_figures`` table (column ``count_type``, str).

    Returns:
        count_type (index) -> number of figures (int64), in the order of
        datasets/curated/count_types.csv; count types without a figure are left out.
    """
    counts = reported["count_type"].value_counts()
    return counts.reindex([k for k in count_type_labels() if k in counts.index]).rename("figures")


@lru_cache(maxsize=1)
def rescue_groups() -> dict[str, tuple[str, ...]]:
    """Group -> figure ids, in file order, from :data:`RESCUE_GROUPS_FILE` (columns group, figure_id).

    Raises:
        ValueError: a row with an empty cell or a figure listed twice in one group (naming the line).
    """
    groups: dict[str, list[str]] = {}
    with RESCUE_GROUPS_FILE.open(encoding="utf-8", newline="") as f:
        for line, row in enumerate(csv.DictReader(f), start=2):
            group, figure = (row.get("group") or "").strip(), (row.get("figure_id") or "").strip()
            if not group or not figure or figure in groups.get(group, []):
                raise ValueError(f"{RESCUE_GROUPS_FILE.name}, line {line}: needs a group and a figure_id, once per group (got {row})")
            groups.setdefault(group, []).append(figure)
    return {g: tuple(ids) for g, ids in groups.items()}


def rescue_group(name: str) -> list[str]:
    """The figure ids of one rescue group (e.g. :data:`DNA_DATABASE`).

    Raises:
        KeyError: the curated file has no such group.
    """
    groups = rescue_groups()
    if name not in groups:
        raise KeyError(f"no rescue group {name!r} in {RESCUE_GROUPS_FILE.name} (groups: {sorted(groups)})")
    return list(groups[name])


def registered_cases_table(crime: pd.DataFrame) -> pd.DataFrame:
    """The ``registered_cases`` table: registered cases of abducting and trafficking women and
    children by year, with the rate per 10,000 registered criminal cases.

    Args:
        crime: the ``crime_cases_registered`` table (NBS China Statistical Yearbook).

    Returns:
        One row per year from the first to the last year held (a year not published stays
        missing, never 0): year (Int64), value (Int64 cases), all_cases (Int64), per_10000
        (float, 2 decimals), count_type ("cases_registered"), source_id.
    """
    traf = crime[crime["measure"] == TRAFFICKING_MEASURE].set_index("year")
    total = crime[crime["measure"] == TOTAL_MEASURE].set_index("year")["value"]
    years = pd.Index(range(int(traf.index.min()), int(traf.index.max()) + 1), name="year", dtype="Int64")
    out = pd.DataFrame(index=years)
    out["value"] = traf["value"].reindex(years).astype("Int64")
    out["all_cases"] = total.reindex(years).astype("Int64")
    out["per_10000"] = (out["value"].astype(float) / out["all_cases"].astype(float) * 10000).round(2)
    out["count_type"] = "cases_registered"
    out["source_id"] = traf["source_id"].reindex(years).fillna(traf["source_id"].iloc[0]).astype(str)
    return out.reset_index()


def registered_cases_printed_table(reported: pd.DataFrame, cases: pd.DataFrame) -> pd.DataFrame:
    """The ``registered_cases_printed`` table: other printed values of registered cases beside
    the yearbook's, year by year (the 2020 value is printed three ways; for 2021 only UNODC's
    count of offences exists).

    Args:
        reported: the ``reported_figures`` table.
        cases: the ``registered_cases`` table.

    Returns:
        Columns year (Int64), value (Int64 cases), label (the yearbook, or the outlet), kind
        ("yearbook", "conflicting report", "stand-in: UNODC offences"), figure_id, source_id,
        url, grade (missing for the yearbook rows).
    """
    picked = reported[reported["figure_id"].isin(CONFLICTING_FIGURES + STAND_IN_FIGURES)].copy()
    picked["year"] = year_of(picked["period_end"])
    picked["kind"] = picked["figure_id"].map(lambda f: "stand-in: UNODC offences" if f in STAND_IN_FIGURES else "conflicting report")
    picked["label"] = picked["outlet"]
    picked["value"] = picked["value"].round().astype("Int64")
    base = cases[cases["year"].isin(picked["year"])].assign(kind="yearbook", label="China Statistical Yearbook (NBS)", figure_id=None, url=None, grade=None)
    cols = ["year", "value", "label", "kind", "figure_id", "source_id", "url", "grade"]
    out = pd.concat([base[cols], picked[cols]], ignore_index=True).sort_values(["year", "kind"]).reset_index(drop=True)
    for col in ("label", "kind", "figure_id", "source_id", "url", "grade"):
        out[col] = out[col].astype(reported["outlet"].dtype)
    return out


def glotip_series(glotip: pd.DataFrame, iso3: list[str], indicator: str) -> pd.DataFrame:
    """Headline (Total) values of one UNODC indicator for some countries, by year.

    Returns:
        Columns iso3, geography, year, value (Int64; missing where suppressed), value_flag,
        value_as_published, indicator, count_type, source_id.
    """
    rows = glotip[
        glotip["iso3"].isin(iso3) & (glotip["indicator"] == indicator) & (glotip["dimension"] == "Total")
        & (glotip["category"] == "Total") & (glotip["sex"] == "Total") & (glotip["age"] == "Total")
    ]
    out = rows[["iso3", "geography", "year", "value", "value_flag", "value_as_published", "indicator", "source_id"]].copy()
    out.insert(7, "count_type", GLOTIP_COUNT_TYPE[indicator])
    return out.sort_values(["iso3", "year"]).reset_index(drop=True)


def tier_timeline(tiers: pd.DataFrame, countries: list[str]) -> pd.DataFrame:
    """TIP tier by report year for some countries (names as in ``tip_tiers.country``)."""
    rows = tiers[tiers["country"].isin(countries)]
    return rows[["country", "report_year", "tier", "tier_order", "value_flag", "source_id", "source_location"]].sort_values(["country", "report_year"]).reset_index(drop=True)


def reported_series(reported: pd.DataFrame, figure_ids: list[str] | str) -> pd.DataFrame:
    """Selected reported figures as a dated series for charts: adds ``date`` (the end of the
    period: a period printed to the year or month ends on its last day, see
    :data:`datasets.columns.PARTIAL_DATE_RULE`) and ``value_int`` (Int64 for counts).

    Args:
        reported: the ``reported_figures`` table.
        figure_ids: figure ids, or the name of a rescue group (:func:`rescue_group`).

    Returns:
        The reported_figures columns plus date (datetime64) and value_int, in date order.
    """
    ids = rescue_group(figure_ids) if isinstance(figure_ids, str) else figure_ids
    rows = reported[reported["figure_id"].isin(ids)].copy()
    end = rows["period_end"].where(rows["period_end"].notna(), rows["period_start"])
    rows["date"] = pd.to_datetime(pd.Series(list(end), index=rows.index, dtype=object))
    rows["value_int"] = rows["value"].round().astype("Int64")
    return rows.sort_values("date").reset_index(drop=True)
