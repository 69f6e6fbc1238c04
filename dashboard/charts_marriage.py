"""Charts of the marriage-squeeze page: DataFrame in, Plotly figure out (no streamlit, no files).

Built like :mod:`dashboard.charts` (one validated ``go.Figure`` through ``charts._figure``, Okabe-Ito
colours, titles wrapped for a 375 px screen). Every number in a hover label is formatted by
:func:`dashboard.formatting.format_value` and handed to Plotly as text (``customdata``), so the
hover shows exactly what the table view shows (shares with 2 decimals).
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts import SERIES_COLOURS, _figure, _hline, _require
from dashboard.formatting import axis_tickformat, axis_ticksuffix, format_value
from dashboard.i18n import t

DASHES = ["solid", "dash", "dot", "dashdot"]
#: Legend under the plot, clear of the x axis's title (charts of this page have long legend entries).
LEGEND_BELOW = {"yanchor": "top", "y": -0.35, "xanchor": "left", "x": 0}
SYMBOLS = ["circle", "square", "diamond", "triangle-up", "x", "cross"]


def _texts(values: pd.Series, unit: str, lang: str, decimals: int | None) -> list[str]:
    return [format_value(v, unit, lang, decimals=decimals) for v in values]


def lines_by_age(df: pd.DataFrame, title: str, value_col: str, unit: str, axis_title: str, *, series_col: str = "series",
                 reference: float | None = None, reference_label: str | None = None, decimals: int | None = None, log_y: bool = False,
                 lang: str = "en") -> go.Figure:
    """One line per series (a census year) over age groups: the share never married, or the
    never-married sex ratio.

    Args:
        df: columns ``series_col``, age_start, age_label, ``value_col``.
        unit: the values' unit ("percent" or "males per 100 females"); decimals: shown in hover.
        reference, reference_label: a dotted horizontal line (e.g. 100 = as many men as women).
        log_y: a logarithmic value axis (ratios that run from 100 to thousands).

    Raises:
        ValueError: a required column is missing.
    """
    _require(df, [series_col, "age_start", "age_label", value_col], "lines_by_age")
    order = list(df.sort_values("age_start")["age_label"].drop_duplicates())
    traces = []
    for i, (name, grp) in enumerate(df.groupby(series_col, sort=False)):
        grp = grp.sort_values("age_start")
        traces.append({
            "type": "scatter", "x": grp["age_label"], "y": grp[value_col].astype(float), "mode": "lines+markers", "name": str(name),
            "line": {"color": SERIES_COLOURS[i % len(SERIES_COLOURS)], "width": 2, "dash": DASHES[i % len(DASHES)]},
            "marker": {"symbol": SYMBOLS[i % len(SYMBOLS)], "size": 7}, "customdata": _texts(grp[value_col], unit, lang, decimals),
            "hovertemplate": t("{name}, age {age}: ", lang, name=name, age="%{x}") + "%{customdata}<extra></extra>",
        })
    shapes, notes = ([], [])
    if reference is not None:
        shapes, notes = _hline(reference, {"color": "#555555", "width": 1, "dash": "dot"}, reference_label, "bottom right")
        if log_y:  # on a log axis a shape takes the value, an annotation its log10
            notes = [{**n, "y": math.log10(reference)} for n in notes]
    return _figure(
        traces, title, shapes=shapes, annotations=notes, height=480, legend=LEGEND_BELOW,
        xaxis={"type": "category", "categoryorder": "array", "categoryarray": order, "title": {"text": t("age group (years)", lang)}},
        yaxis={"title": {"text": axis_title}, "tickformat": axis_tickformat(unit), "ticksuffix": axis_ticksuffix(unit),
               **({"type": "log"} if log_y else {"rangemode": "tozero"})},
    )


def shares_by_year(df: pd.DataFrame, title: str, *, series_col: str = "series", decimals: int | None = 2, lang: str = "en") -> go.Figure:
    """Per cent never married at each census (x: census year), one line per series (total, urban, rural).

    Args:
        df: columns ``series_col``, year, share_never_married (per cent).

    Raises:
        ValueError: a required column is missing.
    """
    _require(df, [series_col, "year", "share_never_married"], "shares_by_year")
    traces = []
    for i, (name, grp) in enumerate(df.groupby(series_col, sort=False)):
        grp = grp.sort_values("year")
        traces.append({
            "type": "scatter", "x": grp["year"].astype(int), "y": grp["share_never_married"].astype(float), "mode": "lines+markers", "name": str(name),
            "line": {"color": SERIES_COLOURS[i % len(SERIES_COLOURS)], "width": 2, "dash": DASHES[i % len(DASHES)]},
            "marker": {"symbol": SYMBOLS[i % len(SYMBOLS)], "size": 9}, "customdata": _texts(grp["share_never_married"], "percent", lang, decimals),
            "hovertemplate": t("{name}, {year} census: ", lang, name=name, year="%{x}") + "%{customdata}<extra></extra>",
        })
    years = sorted(int(y) for y in df["year"].unique())
    return _figure(
        traces, title, height=440, legend={**LEGEND_BELOW, "y": -0.35},
        xaxis={"title": {"text": t("census year", lang)}, "tickvals": years, "tickformat": axis_tickformat("year")},
        yaxis={"title": {"text": t("never married (%)", lang)}, "tickformat": axis_tickformat("percent"), "ticksuffix": "%", "rangemode": "tozero"},
    )


#: How each kind of source is drawn over time: UN estimates solid, UN projections dashed (as on
#: the SRB page), census counts as points.
KIND_STYLE = {
    "un_estimate": {"mode": "lines+markers", "line": {"dash": "solid", "width": 2}, "marker": {"size": 6}},
    "un_projection": {"mode": "lines", "line": {"dash": "dash", "width": 2}},
    "census_count": {"mode": "markers", "marker": {"size": 11, "symbol": "diamond", "line": {"width": 1, "color": "#000000"}}},
}


def market_over_time(df: pd.DataFrame, title: str, value_col: str, unit: str, axis_title: str, *, reference: float | None = None,
                     reference_label: str | None = None, lang: str = "en") -> go.Figure:
    """The marriage-market ratio (or surplus) by year, one trace per source: UN estimates as a solid
    line, UN projections dashed, each census as points; the hover names the source of each point.

    Args:
        df: columns year, source_id, source (label of the source, in ``lang``), estimate_type,
            men_ages, women_ages, ``value_col``; rows of ONE men's window and gap.
        unit: "males per 100 females" (ratio) or "persons" (surplus).

    Raises:
        ValueError: a required column is missing.
    """
    _require(df, ["year", "source_id", "source", "estimate_type", "men_ages", "women_ages", value_col], "market_over_time")
    traces = []
    for i, (source_id, grp) in enumerate(df.groupby("source_id", sort=False)):
        grp = grp.sort_values("year")
        kind = str(grp["estimate_type"].iloc[0])
        style = KIND_STYLE.get(kind, KIND_STYLE["census_count"])
        colour = SERIES_COLOURS[i % len(SERIES_COLOURS)]
        trace = {
            "type": "scatter", "x": grp["year"].astype(int), "y": grp[value_col].astype(float), "name": str(grp["source"].iloc[0]),
            "mode": style["mode"], "connectgaps": False,
            "customdata": list(zip(_texts(grp[value_col], unit, lang, None), grp["men_ages"], grp["women_ages"], grp["source"])),
            "hovertemplate": t("{year}, men {men} / women {women}: ", lang, year="%{x}", men="%{customdata[1]}", women="%{customdata[2]}")
            + "%{customdata[0]}<br>%{customdata[3]}<extra></extra>",
        }
        if "line" in style:
            trace["line"] = {**style["line"], "color": colour}
        trace["marker"] = {**style.get("marker", {}), "color": colour, "symbol": style.get("marker", {}).get("symbol", SYMBOLS[i % len(SYMBOLS)])}
        traces.append(trace)
    shapes, notes = ([], [])
    if reference is not None:
        shapes, notes = _hline(reference, {"color": "#555555", "width": 1, "dash": "dot"}, reference_label, "bottom right")
    return _figure(
        traces, title, shapes=shapes, annotations=notes, height=500, legend=LEGEND_BELOW,
        xaxis={"title": {"text": t("year", lang)}, "tickformat": axis_tickformat("year"), "range": [1945, 2105]},
        yaxis={"title": {"text": axis_title}, "tickformat": axis_tickformat(unit)},
    )
