"""Pure computations for the trafficking pages: registered cases, UNODC series, TIP tiers, rescues.

Count types (``count_type``) are what a number counts: registered cases, cases solved, victims
detected, persons rescued or found, suspects arrested, persons convicted ... Figures of different
count types are never summed or drawn on one axis: :func:`require_one_count_type` enforces it.
"""

from __future__ import annotations

import pandas as pd

from dashboard.i18n import N_, t

TRAFFICKING_MEASURE = "trafficking_women_children_cases_registered"
TOTAL_MEASURE = "criminal_cases_registered_total"

#: Labels of count types, as shown on screen.
COUNT_TYPE_LABEL = {
    "cases_registered": N_("cases registered (立案) by police"),
    "cases_solved": N_("cases solved (破案) by police"),
    "court_cases": N_("cases handled by courts or procuratorates"),
    "victims_detected": N_("victims detected (UNODC)"),
    "persons_rescued_or_found": N_("persons rescued or found"),
    "suspects_arrested": N_("suspects arrested or detained"),
    "persons_prosecuted": N_("persons prosecuted"),
    "persons_convicted": N_("persons convicted"),
    "gangs_dismantled": N_("gangs or networks dismantled"),
    "offences_unodc": N_("offences reported to UNODC"),
    "percent_change": N_("percentages and rates"),
    "other": N_("other counts (alerts, sampling points, samples)"),
    "population": N_("population"),
    "population_difference": N_("men minus women"),
    "sex_ratio": N_("sex ratio"),
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
CAMPAIGN_PERIODS = [(2000, 2000, N_("national campaign")), (2009, 2014, N_("campaign years"))]
LAW_CHANGE_YEAR = 2015
LAW_CHANGE_LABEL = N_("2015: buying a trafficked woman or child punishable")

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


def _period(start: object, end: object, lang: str = "en") -> str:
    start = "" if pd.isna(start) else str(start)
    end = "" if pd.isna(end) else str(end)
    if start and end:
        return start if start == end else t("{start} to {end}", lang, start=start, end=end)
    return t("from {start}", lang, start=start) if start else (t("to {end}", lang, end=end) if end else t("not stated", lang))


def measure_names(rows: pd.DataFrame, lang: str = "en") -> pd.Series:
    """The measure of each reported figure in words, in ``lang``: the curated ``measure_label``
    / ``measure_label_zh`` columns (datasets/curated/measure_names.csv), or the id with spaces
    where a table has no label column."""
    column = "measure_label_zh" if lang == "zh" else "measure_label"
    if column in rows.columns:
        return rows[column]
    return rows["measure"].str.replace("_", " ")


def readable_figures(rows: pd.DataFrame, grade_labels: dict[str, str], lang: str = "en") -> pd.DataFrame:
    """Reported figures as a reader sees them, in ``lang`` (``"en"``/``"zh"``): figure id,
    measure in words, value with separators (and "more than" where the source says so), unit,
    the number as printed, count type, period, agency, outlet, date, link, grade in words, note.
    Headers are in ``lang``; agency, outlet and note keep the source's words. All columns are
    text (object). Pure; the input is not changed.

    Args:
        rows: ``reported_figures`` rows.
        grade_labels: grade code -> English label (translated here).
    """
    from dashboard.formatting import display_unit, format_value
    from dashboard.i18n import unit_label

    more = t("more than ", lang)
    values = [(more if lb else "") + format_value(v, display_unit(u), lang) for v, u, lb in zip(rows["value"], rows["unit"], rows["lower_bound"])]
    columns = {
        N_("figure"): rows["figure_id"].to_numpy(),
        N_("measure"): measure_names(rows, lang).to_numpy(),
        N_("value"): values,
        N_("unit"): [unit_label(u, lang) for u in rows["unit"]],
        N_("as printed"): rows["locator"].to_numpy(),
        N_("count type"): [t(COUNT_TYPE_LABEL[c], lang) if c in COUNT_TYPE_LABEL else c for c in rows["count_type"]],
        N_("period"): [_period(a, b, lang) for a, b in zip(rows["period_start"], rows["period_end"])],
        N_("agency"): rows["agency"].to_numpy(),
        N_("outlet"): rows["outlet"].to_numpy(),
        N_("published"): rows["published_date"].fillna(t("not shown", lang)).to_numpy(),
        N_("link"): rows["url"].to_numpy(),
        N_("quality"): [t(grade_labels[g], lang) if g in grade_labels else g for g in rows["grade"]],
        N_("note"): rows["note"].fillna("").to_numpy(),
    }
    return pd.DataFrame({t(k, lang): v for k, v in columns.items()})
