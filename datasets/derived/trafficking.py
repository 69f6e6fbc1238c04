"""Registered trafficking cases and their rate, the values printed elsewhere beside them, UNODC
series, TIP tiers and dated series of reported figures: computed from the published tables.

Count types (``count_type``) are what a number counts: registered cases, cases solved, victims
detected, persons rescued or found, persons convicted ... Figures of different count types are
never summed. Pure functions over DataFrames; the build publishes ``registered_cases`` and
``registered_cases_printed``; the pages call the selections (:func:`glotip_series`, ...) directly.
"""

from __future__ import annotations

import pandas as pd

from datasets.dates import year_of

#: Measures of ``crime_cases_registered``: trafficking of women and children, and all criminal cases.
TRAFFICKING_MEASURE = "trafficking_women_children_cases_registered"
TOTAL_MEASURE = "criminal_cases_registered_total"

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

#: Curated groups of reported figures for the rescues page (figure ids in ``reported_figures``).
DNA_DATABASE = ["CNRF007", "CNRF032", "CNRF033", "CNRF034", "CNRF060"]
OPERATION_REUNION_FOUND = ["CNRF047", "CNRF054", "CNRF061"]
TUANYUAN_PLATFORM = ["CNRF044", "CNRF045", "CNRF046", "CNRF057", "CNRF058", "CNRF059"]
CAMPAIGN_2009_2011 = [f"CNRF{i:03d}" for i in range(1, 29)]
CAMPAIGN_2022 = ["CNRF071", "CNRF072", "CNRF073", "CNRF074"]


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


def reported_series(reported: pd.DataFrame, figure_ids: list[str]) -> pd.DataFrame:
    """Selected reported figures as a dated series for charts: adds ``date`` (the end of the
    period: a period printed to the year or month ends on its last day, see
    :data:`datasets.columns.PARTIAL_DATE_RULE`) and ``value_int`` (Int64 for counts).

    Returns:
        The reported_figures columns plus date (datetime64) and value_int, in date order.
    """
    rows = reported[reported["figure_id"].isin(figure_ids)].copy()
    end = rows["period_end"].where(rows["period_end"].notna(), rows["period_start"])
    rows["date"] = pd.to_datetime(pd.Series(list(end), index=rows.index, dtype=object))
    rows["value_int"] = rows["value"].round().astype("Int64")
    return rows.sort_values("date").reset_index(drop=True)
