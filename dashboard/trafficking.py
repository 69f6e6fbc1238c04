"""What the trafficking pages show beside the data: count-type labels, campaign years, the guard
that keeps count types apart on a chart, and reported figures as a reader sees them.

Count types (``count_type``) are what a number counts: registered cases, cases solved, victims
detected, persons rescued or found, suspects arrested, persons convicted ... Figures of different
count types are never summed or drawn on one axis: :func:`require_one_count_type` enforces it.
The computations (registered cases, UNODC series, tiers, dated series) are in
:mod:`datasets.derived.trafficking`.
"""

from __future__ import annotations

import pandas as pd

from dashboard.i18n import N_, localised_column, t
from datasets.derived import trafficking as derived_trafficking


def count_type_label(kind: str, lang: str = "en") -> str:
    """What a count type counts, in ``lang`` (datasets/curated/count_types.csv); an unknown type as is."""
    return derived_trafficking.count_type_labels(lang).get(kind, kind)


#: Enforcement events that break comparisons across years (the notes that came with the raw files; README "Data sources").
CAMPAIGN_PERIODS = [(2000, 2000, N_("national campaign")), (2009, 2014, N_("campaign years"))]
LAW_CHANGE_YEAR = 2015
LAW_CHANGE_LABEL = N_("2015: buying a trafficked woman or child punishable")

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


def readable_figures(rows: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Reported figures as a reader sees them, in ``lang`` (``"en"``/``"zh"``): figure id,
    measure in words, value with separators (and "more than" where the source says so), unit,
    the number as printed, count type, period, agency, outlet, date, link, grade in words (from the catalogue), note.
    Headers are in ``lang``; agency, outlet and note keep the source's words. All columns are
    text (object). Pure; the input is not changed.

    Args:
        rows: ``reported_figures`` rows.
    """
    from dashboard import data
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
        N_("count type"): [count_type_label(c, lang) for c in rows["count_type"]],
        N_("period"): [_period(a, b, lang) for a, b in zip(rows["period_start_as_printed"], rows["period_end_as_printed"])],
        N_("agency"): rows["agency"].to_numpy(),
        N_("outlet"): localised_column(rows, "outlet", lang).to_numpy(),
        N_("published"): rows["published_date_as_printed"].fillna(t("not shown", lang)).to_numpy(),
        N_("link"): rows["url"].to_numpy(),
        N_("quality"): [data.grade_label(g, lang) for g in rows["grade"]],
        N_("note"): rows["note"].fillna("").to_numpy(),
    }
    return pd.DataFrame({t(k, lang): v for k, v in columns.items()})
