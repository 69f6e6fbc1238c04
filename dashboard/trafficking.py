"""Pure computations for the trafficking pages: registered cases, UNODC series, TIP tiers, rescues.

Count types (``count_type``) are what a number counts: registered cases, cases solved, victims
detected, persons rescued or found, suspects arrested, persons convicted ... Figures of different
count types are never summed or drawn on one axis: :func:`require_one_count_type` enforces it.
"""

from __future__ import annotations

import pandas as pd

TRAFFICKING_MEASURE = "trafficking_women_children_cases_registered"
TOTAL_MEASURE = "criminal_cases_registered_total"

#: Labels of count types, as shown on screen.
COUNT_TYPE_LABEL = {
    "cases_registered": "cases registered (立案) by police",
    "cases_solved": "cases solved (破案) by police",
    "court_cases": "cases handled by courts or procuratorates",
    "victims_detected": "victims detected (UNODC)",
    "persons_rescued_or_found": "persons rescued or found",
    "suspects_arrested": "suspects arrested or detained",
    "persons_prosecuted": "persons prosecuted",
    "persons_convicted": "persons convicted",
    "gangs_dismantled": "gangs or networks dismantled",
    "offences_unodc": "offences reported to UNODC",
    "percent_change": "percentages and rates",
    "other": "other counts (alerts, sampling points, samples)",
    "population": "population",
    "population_difference": "men minus women",
    "sex_ratio": "sex ratio",
}

#: UNODC indicator -> count type.
GLOTIP_COUNT_TYPE = {
    "Detected trafficking victims": "victims_detected",
    "Persons convicted": "persons_convicted",
    "Persons prosecuted": "persons_prosecuted",
    "Offences of trafficking in persons": "offences_unodc",
    "Persons brought into formal contact": "suspects_arrested",
}

#: Enforcement events that break comparisons across years (SOURCES.md; DESIGN.md "Known facts").
CAMPAIGN_PERIODS = [(2000, 2000, "national campaign"), (2009, 2014, "campaign years")]
LAW_CHANGE_YEAR = 2015
LAW_CHANGE_LABEL = "2015: buying a trafficked woman or child punishable"

#: Reported figures that conflict with, or extend, the yearbook series of registered cases.
CONFLICTING_FIGURES = ["CNRF091", "CNTR003"]  # 2020: journal 3,055; China Daily 3,305
STAND_IN_FIGURES = ["CNTR001"]  # 2021: UNODC offences 2,860, stand-in for the yearbook


class MixedCountTypes(ValueError):
    """A chart or sum was asked to combine figures of different count types."""


def require_one_count_type(frame: pd.DataFrame, what: str) -> str:
    """Return the single count type of ``frame``; raise :class:`MixedCountTypes` naming them otherwise."""
    if "count_type" not in frame.columns:
        raise MixedCountTypes(f"{what}: the frame has no count_type column, so its counts cannot be labelled")
    kinds = sorted(frame["count_type"].dropna().unique())
    if len(kinds) != 1:
        raise MixedCountTypes(
            f"{what}: refuses to put different count types on one axis ({', '.join(kinds) or 'none'}); draw one count type per chart"
        )
    return kinds[0]


def registered_cases(crime: pd.DataFrame) -> pd.DataFrame:
    """Registered cases of abducting and trafficking women and children by year, with the rate
    per 10,000 registered criminal cases.

    Args:
        crime: the ``crime_cases_registered`` table.

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
    out["source_id"] = traf["source_id"].reindex(years).fillna(traf["source_id"].iloc[0])
    return out.reset_index()


def case_conflicts(reported: pd.DataFrame, cases: pd.DataFrame) -> pd.DataFrame:
    """Other printed values of registered cases beside the yearbook's, year by year.

    Returns:
        Columns year, value, label ("yearbook (NBS)", or the outlet), kind ("yearbook",
        "conflicting report", "stand-in: UNODC offences"), figure_id, source_id, url, grade.
    """
    picked = reported[reported["figure_id"].isin(CONFLICTING_FIGURES + STAND_IN_FIGURES)].copy()
    picked["year"] = picked["period_end"].str[:4].astype(int).astype("Int64")
    picked["kind"] = picked["figure_id"].map(lambda f: "stand-in: UNODC offences" if f in STAND_IN_FIGURES else "conflicting report")
    picked["label"] = picked["outlet"]
    picked["value"] = picked["value"].round().astype("Int64")
    base = cases[cases["year"].isin(picked["year"])].assign(kind="yearbook", label="China Statistical Yearbook (NBS)", figure_id=None, url=None, grade=None)
    cols = ["year", "value", "label", "kind", "figure_id", "source_id", "url", "grade"]
    return pd.concat([base[cols], picked[cols]], ignore_index=True).sort_values(["year", "kind"]).reset_index(drop=True)


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
    return rows[["country", "report_year", "tier_code", "tier_label", "value_flag", "source_id", "source_location"]].sort_values(["country", "report_year"]).reset_index(drop=True)


def reported_series(reported: pd.DataFrame, figure_ids: list[str]) -> pd.DataFrame:
    """Selected reported figures as a dated series for charts: adds ``date`` (the end of the
    period as printed, to the month or day) and ``value_int`` (Int64 for counts).

    Returns:
        The reported_figures columns plus date (datetime64) and value_int, in date order.
    """
    rows = reported[reported["figure_id"].isin(figure_ids)].copy()
    end = rows["period_end"].fillna(rows["period_start"]).astype(str)
    rows["date"] = pd.to_datetime(end.where(end.str.len() > 4, end + "-12"), format="mixed")
    rows["value_int"] = rows["value"].round().astype("Int64")
    return rows.sort_values("date").reset_index(drop=True)


#: Curated groups of reported figures for the rescues page (figure ids in the reported table).
DNA_DATABASE = ["CNRF007", "CNRF032", "CNRF033", "CNRF034", "CNRF060"]
OPERATION_REUNION_FOUND = ["CNRF047", "CNRF054", "CNRF061"]
TUANYUAN_PLATFORM = ["CNRF044", "CNRF045", "CNRF046", "CNRF057", "CNRF058", "CNRF059"]
CAMPAIGN_2009_2011 = [f"CNRF{i:03d}" for i in range(1, 29)]
CAMPAIGN_2022 = ["CNRF071", "CNRF072", "CNRF073", "CNRF074"]


def _period(start: object, end: object) -> str:
    start = "" if pd.isna(start) else str(start)
    end = "" if pd.isna(end) else str(end)
    if start and end:
        return start if start == end else f"{start} to {end}"
    return f"from {start}" if start else (f"to {end}" if end else "not stated")


def readable_figures(rows: pd.DataFrame, count_labels: dict[str, str], grade_labels: dict[str, str]) -> pd.DataFrame:
    """Reported figures as a reader sees them: measure in words, value with separators (and
    "more than" where the source says so), the number as printed, count type, period, agency,
    outlet, date, link, grade in words, note. Pure; the input is not changed."""
    from dashboard.formatting import display_unit, format_value

    values = [("more than " if lb else "") + format_value(v, display_unit(u)) for v, u, lb in zip(rows["value"], rows["unit"], rows["lower_bound"])]
    return pd.DataFrame({
        "figure": rows["figure_id"].to_numpy(),
        "measure": rows["measure"].str.replace("_", " ").to_numpy(),
        "value": values,
        "unit": rows["unit"].to_numpy(),
        "as printed": rows["locator"].to_numpy(),
        "count type": rows["count_type"].map(count_labels).to_numpy(),
        "period": [_period(a, b) for a, b in zip(rows["period_start"], rows["period_end"])],
        "agency": rows["agency"].to_numpy(),
        "outlet": rows["outlet"].to_numpy(),
        "published": rows["published_date"].fillna("not shown").to_numpy(),
        "link": rows["url"].to_numpy(),
        "quality": rows["grade"].map(grade_labels).to_numpy(),
        "note": rows["note"].fillna("").to_numpy(),
    })
