"""Chart functions: DataFrame in, Plotly figure out. No streamlit, no file access, no state.

Every function checks the columns it needs (ValueError naming the missing ones), never mutates
its input, and formats numbers through :mod:`dashboard.formatting`. Sex ratio is males per 100
females on every axis; counts are persons with thousands separators (never SI "G"/"M").
Every function takes ``lang`` ("en" or "zh") for its own axis titles, legend and hover words
(:func:`dashboard.i18n.t`); the title comes translated from the caller.
Series colours are Okabe-Ito (colour-blind safe); men and women use Paul Tol's high-contrast
pair, which differs in luminance (ratio > 4), so they stay
distinguishable in grayscale.
"""

from __future__ import annotations

import functools
import re

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from dashboard.formatting import RATIO_UNIT, axis_tickformat, format_value, hover_template
from dashboard.i18n import N_, t

SEX_COLOURS = {"male": "#004488", "female": "#DDAA33"}  # Paul Tol high-contrast: dark blue / yellow
SERIES_COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]
HIGHLIGHT = "#D55E00"
MUTED = "#BBBBBB"
FONT = "Noto Sans CJK SC, Noto Sans, Source Sans Pro, sans-serif"


@functools.cache
def use_plotly_white() -> None:
    """Make ``plotly_white`` Plotly's default template, once, when the first figure is made: set
    at import, every page paid ~160 ms to build the template on a server's first visit, charts
    or not; passed to each figure instead, it is deep-copied every time (~25 ms a chart)."""
    pio.templates.default = "plotly_white"


def _require(df: pd.DataFrame, columns: list[str], chart: str) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(f"{chart}: missing column(s) {missing}; got {list(df.columns)}")


_WIDE = r"\u2e80-\u9fff\u3000-\u303f\uff00-\uffef"  # CJK characters and punctuation: two columns wide
_TITLE_TOKENS = re.compile(rf"[{_WIDE}]|[^\s{_WIDE}]+\s*|\s+")
_NO_LINE_START = set("，。：；）、」』》！？,.:;)")  # never begin a line
_NO_LINE_END = set("（《「『")  # never end a line
#: Title line width in columns (a CJK character is 2): fits a 375 px phone screen at 16 px. Plotly
#: does not wrap text, so :func:`add_source_line` wraps again for the screen the page is shown on
#: (WIDE_COLUMNS on a computer, where a 40-column title would take only the left third).
TITLE_COLUMNS = 40
#: Source line width in columns (12 px font) on a 375 px screen, and both widths on a computer.
SOURCE_COLUMNS = 52
WIDE_COLUMNS = (90, 140)
#: The law-change label of the registered-cases chart wraps at this width (it stands in the plot's last years).
LAW_LABEL_COLUMNS = 26
#: Registered-cases chart: the y axis reaches this multiple of the highest value, so that the row of
#: campaign labels and, LABEL_ROW of the plot's height below it, the law-change label stand clear of the line.
LABEL_HEADROOM, LABEL_ROW = 1.3, 0.08
#: Axis titles longer than this wrap onto two lines (a long y-axis title would run past the plot).
AXIS_TITLE_COLUMNS = 30
#: Space above the title, and the height of a title line (16 px) and a source line (12 px), in px.
TITLE_PAD, TITLE_LINE, SOURCE_LINE = 20, 21, 16
#: A legend under the plot: at the bottom of the figure, pushing the plot up by its own height.
LEGEND_BELOW = {"yref": "container", "yanchor": "bottom", "y": 0, "xanchor": "left", "x": 0}


def wrap_title(title: str, columns: int = TITLE_COLUMNS) -> str:
    """``title`` broken into lines of at most ``columns`` (Plotly does not wrap titles), joined
    with ``<br>``. English lines keep their trailing space, so the title's text reads the same;
    Chinese breaks between characters. A title that already has ``<br>`` is left as it is."""
    if "<br>" in title:
        return title
    lines, line, used = [], "", 0
    for token in _TITLE_TOKENS.findall(title):
        width = sum(2 if re.match(rf"[{_WIDE}]", ch) else 1 for ch in token.rstrip())
        if line and used + width > columns and token[0] not in _NO_LINE_START:
            carried = ""
            while line and line[-1] in _NO_LINE_END and len(line) > 1:  # an opening bracket goes to the next line
                line, carried = line[:-1], line[-1] + carried
            lines.append(line)
            line, used = carried, 2 * len(carried)
            token = token.lstrip()
        line += token
        used += width + (len(token) - len(token.rstrip()))
    return "<br>".join(lines + [line])


def _figure(traces: list[dict], title: str, *, shapes: list[dict] = (), annotations: list[dict] = (), **layout) -> go.Figure:
    """The one place a chart's figure is made: traces and layout as plain dicts, validated by
    Plotly in a single ``go.Figure`` call. (Plotly's incremental API, ``add_bar`` /
    ``add_hline`` / ``update_layout``, validated each step and cost 3-4 times as long:
    server work per rerun, bench/README.md.)"""
    legend = {"orientation": "h", **LEGEND_BELOW, **layout.pop("legend", {})}  # under the plot, clear of the title and source line
    wrapped = wrap_title(title)
    for axis in ("yaxis",):
        axis_title = layout.get(axis, {}).get("title", {})
        if isinstance(axis_title.get("text"), str):
            axis_title["text"] = wrap_title(axis_title["text"], AXIS_TITLE_COLUMNS)
    layout.update(
        title={"text": wrapped, "x": 0, "xanchor": "left", "font": {"size": 16}, "yref": "container", "y": 1, "yanchor": "top", "pad": {"t": TITLE_PAD}},
        font={"family": FONT, "size": 13},
        margin={"l": 60, "r": 20, "t": _top_margin(wrapped), "b": 50},
        legend=legend,
        hoverlabel={"font": {"family": FONT}},
    )
    if shapes:
        layout["shapes"] = list(shapes)
    if annotations:
        layout["annotations"] = list(annotations)
    use_plotly_white()
    return go.Figure(data=traces, layout=layout)


def _top_margin(title: str, source: str = "") -> int:
    """Space above the plot for the title and the source line under it (Plotly does not make room
    for a subtitle by itself), in px."""
    lines = TITLE_PAD + TITLE_LINE * (title.count("<br>") + 1) + 16
    return lines + (6 + SOURCE_LINE * (source.count("<br>") + 1) if source else 0)


def _hline(y: float, line: dict, text: str | None = None, position: str = "bottom left") -> tuple[list[dict], list[dict]]:
    """A horizontal line across the plot at ``y`` and its optional label ("bottom left" /
    "bottom right" of the line), as Plotly's ``add_hline`` draws them: (shapes, annotations)."""
    shape = {"type": "line", "xref": "x domain", "x0": 0, "x1": 1, "yref": "y", "y0": y, "y1": y, "line": line}
    if text is None:
        return [shape], []
    right = position.endswith("right")
    return [shape], [{"text": text, "showarrow": False, "xref": "x domain", "x": 1 if right else 0, "xanchor": "right" if right else "left",
                      "yref": "y", "y": y, "yanchor": "top" if position.startswith("bottom") else "bottom"}]


def _vline(x: float, line: dict) -> dict:
    """A vertical line over the plot's height at ``x``, as Plotly's ``add_vline`` draws it."""
    return {"type": "line", "xref": "x", "x0": x, "x1": x, "yref": "y domain", "y0": 0, "y1": 1, "line": line}


def population_pyramid(wide: pd.DataFrame, title: str, lang: str = "en") -> go.Figure:
    """Population pyramid: men to the left, women to the right, youngest group at the bottom.

    Args:
        wide: one row per age group with age_start, age_label, male, female (persons), as
            returned by the ``sex_ratio_by_age`` table (:func:`dashboard.cached.by_sex_wide`).
        title: chart title.

    Raises:
        ValueError: a required column is missing or the frame is empty.
    """
    _require(wide, ["age_start", "age_label", "male", "female"], "population_pyramid")
    if wide.empty:
        raise ValueError("population_pyramid: no rows")
    data = wide.sort_values("age_start")
    order = list(data["age_label"])
    male = data["male"].astype("float")
    female = data["female"].astype("float")
    traces = [
        {"type": "bar", "y": data["age_label"], "x": -male, "orientation": "h", "name": t("Men", lang), "marker": {"color": SEX_COLOURS["male"]},
         "customdata": data[["male"]].to_numpy(), "hovertemplate": t("Men, age {age}: ", lang, age="%{y}") + hover_template("", "persons", "customdata[0]", lang)},
        {"type": "bar", "y": data["age_label"], "x": female, "orientation": "h", "name": t("Women", lang), "marker": {"color": SEX_COLOURS["female"]},
         "customdata": data[["female"]].to_numpy(), "hovertemplate": t("Women, age {age}: ", lang, age="%{y}") + hover_template("", "persons", "customdata[0]", lang)},
    ]
    top = float(max(male.max(), female.max()))
    step = _nice_step(top)
    ticks = [i * step for i in range(-int(top // step), int(top // step) + 1)]
    return _figure(
        traces, title, barmode="overlay", bargap=0.05, height=max(420, 18 * len(order) + 140),
        xaxis={"tickvals": ticks, "ticktext": [format_value(abs(tick), "persons", lang=lang, style="compact") for tick in ticks],
               "title": {"text": t("persons (men left, women right)", lang)}, "range": [-top * 1.05, top * 1.05]},
        yaxis={"categoryorder": "array", "categoryarray": order, "title": {"text": t("age (completed years)", lang)}, "type": "category"},
    )


def _nice_step(top: float) -> float:
    raw = top / 3 if top > 0 else 1
    magnitude = 10 ** (len(str(int(raw))) - 1)
    for m in (1, 2, 5, 10):
        if raw <= m * magnitude:
            return m * magnitude
    return 10 * magnitude


def sex_ratio_by_age(df: pd.DataFrame, title: str, series_col: str = "series", lang: str = "en") -> go.Figure:
    """Sex ratio by 5-year age group, one line per series (census or country), with a line at 100.

    Args:
        df: columns ``series_col``, age_start, age_label, sex_ratio (males per 100 females).

    Raises:
        ValueError: a required column is missing.
    """
    _require(df, [series_col, "age_start", "age_label", "sex_ratio"], "sex_ratio_by_age")
    order = list(df.sort_values("age_start")["age_label"].drop_duplicates())
    traces = []
    for i, (name, grp) in enumerate(df.groupby(series_col, sort=False)):
        grp = grp.sort_values("age_start")
        traces.append({
            "type": "scatter", "x": grp["age_label"], "y": grp["sex_ratio"], "mode": "lines+markers", "name": str(name),
            "line": {"color": SERIES_COLOURS[i % len(SERIES_COLOURS)], "width": 2, "dash": ["solid", "dash", "dot", "dashdot"][i % 4]},
            "marker": {"symbol": ["circle", "square", "diamond", "triangle-up", "x"][i % 5], "size": 6},
            "hovertemplate": t("{name}, age {age}: ", lang, name=name, age="%{x}") + hover_template("", RATIO_UNIT, "y", lang),
        })
    shapes, notes = _hline(100, {"color": "#555555", "width": 1, "dash": "dot"}, t("100 = as many men as women", lang), "bottom left")
    return _figure(
        traces, title, shapes=shapes, annotations=notes, height=460,
        xaxis={"type": "category", "categoryorder": "array", "categoryarray": order, "title": {"text": t("age group (years)", lang)}},
        yaxis={"title": {"text": t("sex ratio (males per 100 females)", lang)}, "tickformat": axis_tickformat(RATIO_UNIT)},
    )


def surplus_by_age(wide: pd.DataFrame, age_from: int, age_to_exclusive: int, title: str, lang: str = "en") -> go.Figure:
    """Surplus of men (male - female, persons) by age group; the selected range is highlighted.

    Args:
        wide: output of the ``sex_ratio_by_age`` table (:func:`dashboard.cached.by_sex_wide`) (age_start, age_label, surplus_of_men).
        age_from, age_to_exclusive: the selected range (age_from <= age_start < age_to_exclusive).

    Raises:
        ValueError: a required column is missing.
    """
    _require(wide, ["age_start", "age_label", "surplus_of_men"], "surplus_by_age")
    data = wide.sort_values("age_start")
    selected = (data["age_start"] >= age_from) & (data["age_start"] < age_to_exclusive)
    bars = {
        "type": "bar", "x": data["age_label"], "y": data["surplus_of_men"].astype(float),
        "marker": {"color": [HIGHLIGHT if s else MUTED for s in selected],
                   "pattern": {"shape": ["" if s else "/" for s in selected], "fgcolor": "#777777"}},
        "name": t("surplus of men", lang), "showlegend": False,
        "hovertemplate": t("age {age}: ", lang, age="%{x}") + hover_template("", "persons", "y", lang),
    }
    shapes, _ = _hline(0, {"color": "#555555", "width": 1})
    return _figure(
        [bars], title, shapes=shapes, height=420,
        xaxis={"type": "category", "categoryorder": "array", "categoryarray": list(data["age_label"]), "title": {"text": t("age group (years)", lang)}},
        yaxis={"title": {"text": t("men minus women (persons)", lang)}, "tickformat": axis_tickformat("persons")},
    )


SERIES_LABEL = {"estimate": N_("estimate"), "projection": N_("projection")}


def srb_over_time(srb: pd.DataFrame, title: str, printed: pd.DataFrame | None = None, lang: str = "en") -> go.Figure:
    """Sex ratio at birth over time: WPP revisions as lines (estimates solid, projections dashed),
    census values as labelled markers, official figures as printed by named outlets as crosses
    (the 2020 one labelled).

    Args:
        srb: ``sex_ratio_at_birth`` rows (source_id, year, series, revision, value) for ONE geography.
        printed: official figures as printed (year, value, outlet), or None.

    Raises:
        ValueError: a required column is missing, or several geographies are mixed.
    """
    _require(srb, ["year", "series", "revision", "value", "geography_code"], "srb_over_time")
    if srb["geography_code"].nunique() > 1:
        raise ValueError("srb_over_time: one geography at a time")
    traces = []
    revisions = [r for r in srb["revision"].drop_duplicates() if not str(r).startswith("census")]
    for i, rev in enumerate(sorted(revisions)):
        colour = SERIES_COLOURS[i]
        for series, dash in (("estimate", "solid"), ("projection", "dash")):
            part = srb[(srb["revision"] == rev) & (srb["series"] == series)].sort_values("year")
            if part.empty:
                continue
            traces.append({
                "type": "scatter", "x": part["year"], "y": part["value"], "mode": "lines", "name": f"{rev} {t(SERIES_LABEL[series], lang)}",
                "line": {"color": colour, "dash": dash, "width": 2 if series == "estimate" else 1.5},
                "hovertemplate": f"{rev} {t(SERIES_LABEL[series], lang)}, %{{x}}: " + hover_template("", RATIO_UNIT, "y", lang),
            })
    census = srb[srb["series"] == "census"].sort_values("year")
    if not census.empty:
        traces.append({
            "type": "scatter", "x": census["year"], "y": census["value"], "mode": "markers+text", "name": t("census (long-form sample)", lang),
            "text": [f"{int(y)}: {format_value(v, RATIO_UNIT, lang)}" for y, v in zip(census["year"], census["value"])],
            "textposition": ["middle right"] * (len(census) - 1) + ["middle left"], "textfont": {"size": 11},  # the last one left of the lines
            "marker": {"color": "#000000", "size": 10, "symbol": "diamond"},
            "hovertemplate": t("census {year}: ", lang, year="%{x}") + hover_template("", RATIO_UNIT, "y", lang),
        })
    if printed is not None and not printed.empty:
        traces.append({
            "type": "scatter", "x": printed["year"].astype(int), "y": printed["value"], "mode": "markers+text",
            "name": t("official figure as printed (named outlet)", lang),
            "text": [f"{format_value(v, RATIO_UNIT, lang, decimals=1)}" if int(y) == 2020 else "" for y, v in zip(printed["year"], printed["value"])],
            "textposition": "bottom left", "textfont": {"size": 11},
            "marker": {"color": SERIES_COLOURS[2], "size": 10, "symbol": "x"},
            "customdata": printed["outlet_zh" if lang == "zh" and "outlet_zh" in printed else "outlet"],
            "hovertemplate": "%{x}: " + hover_template("", RATIO_UNIT, "y", lang).replace("<extra></extra>", "") + " (%{customdata})<extra></extra>",
        })
    shapes, notes = _hline(105, {"color": "#555555", "width": 1, "dash": "dot"}, "105", "bottom right")
    # five series: the legend goes under the plot, where it can wrap on a phone without covering the title
    return _figure(
        traces, title, shapes=shapes, annotations=notes, height=520, legend=LEGEND_BELOW,
        xaxis={"title": {"text": t("year", lang)}, "tickformat": axis_tickformat("year")},
        yaxis={"title": {"text": t("sex ratio at birth (males per 100 females)", lang)}, "tickformat": axis_tickformat(RATIO_UNIT)},
    )


def srb_by_birth_order(df: pd.DataFrame, title: str, lang: str = "en") -> go.Figure:
    """Census SRB by birth order, one bar group per census year.

    Args:
        df: columns census_year, birth_order, sex_ratio_at_birth (males per 100 females).

    Raises:
        ValueError: a required column is missing.
    """
    _require(df, ["census_year", "birth_order", "sex_ratio_at_birth"], "srb_by_birth_order")
    traces = [
        {"type": "bar", "x": grp["birth_order"], "y": grp["sex_ratio_at_birth"], "name": t("{year} census", lang, year=year),
         "marker": {"color": SERIES_COLOURS[i], "pattern": {"shape": ["", "/"][i % 2]}},
         "hovertemplate": t("{year} census, birth order {order}: ", lang, year=year, order="%{x}") + hover_template("", RATIO_UNIT, "y", lang)}
        for i, (year, grp) in enumerate(df.groupby("census_year", sort=True))
    ]
    shapes, _ = _hline(105, {"color": "#555555", "width": 1, "dash": "dot"})
    return _figure(
        traces, title, shapes=shapes, barmode="group", height=420,
        xaxis={"type": "category", "title": {"text": t("birth order (1 = first child)", lang)}},
        yaxis={"title": {"text": t("sex ratio at birth (males per 100 females)", lang)}, "tickformat": axis_tickformat(RATIO_UNIT)},
    )


def ranked_bars(df: pd.DataFrame, value_col: str, label_col: str, group_col: str, title: str, axis_title: str, lang: str = "en") -> go.Figure:
    """Horizontal dot plot of a ratio by region, one marker series per group (e.g. census year),
    regions sorted by the last group's value.

    Args:
        df: columns label_col, group_col, value_col (males per 100 females).

    Raises:
        ValueError: a required column is missing.
    """
    _require(df, [value_col, label_col, group_col], "ranked_bars")
    groups = sorted(df[group_col].dropna().unique())
    last = df[df[group_col] == groups[-1]].sort_values(value_col, ascending=True)
    order = list(last[label_col]) + [x for x in df[label_col].unique() if x not in set(last[label_col])]
    traces = []
    for i, g in enumerate(groups):
        part = df[df[group_col] == g]
        traces.append({
            "type": "scatter", "y": part[label_col], "x": part[value_col], "mode": "markers", "name": str(g),
            "marker": {"color": SERIES_COLOURS[i], "size": 10, "symbol": ["circle-open", "circle"][i % 2] if len(groups) == 2 else "circle", "line": {"width": 2}},
            "hovertemplate": f"{g}, %{{y}}: " + hover_template("", RATIO_UNIT, "x", lang),
        })
    return _figure(
        traces, title, shapes=[_vline(100, {"color": "#555555", "width": 1, "dash": "dot"})], height=max(420, 20 * len(order) + 120),
        yaxis={"type": "category", "categoryorder": "array", "categoryarray": order},
        xaxis={"title": {"text": axis_title}, "tickformat": axis_tickformat(RATIO_UNIT)},
    )


def definitions_chart(df: pd.DataFrame, printed_value: float, low: float, high: float, title: str, axis_title: str, unit: str,
                      lang: str = "en") -> go.Figure:
    """The definitions the finder ranked, as a dot plot beside the printed number: one row per
    definition (best at the top, highlighted), the printed value as a dashed line and the range
    its printed digits and bound words admit as a shaded band (cut at the plot where unbounded).

    Args:
        df: columns ``label`` (the definition in words), ``value`` and ``admits`` (bool), in rank order.
        printed_value, low, high: the number as printed and the range it admits.
        unit: the unit of the values (:mod:`dashboard.formatting`).

    Raises:
        ValueError: a required column is missing.
    """
    _require(df, ["label", "value", "admits"], "definitions_chart")
    rows = df.iloc[::-1]  # Plotly draws categories bottom-up: the best row on top
    colour = [HIGHLIGHT if i == len(rows) - 1 else (SERIES_COLOURS[0] if a else MUTED) for i, a in enumerate(rows["admits"].fillna(False))]
    trace = {
        "type": "scatter", "y": rows["label"], "x": rows["value"].astype(float), "mode": "markers", "name": t("definition", lang),
        "marker": {"color": colour, "size": 11, "line": {"width": 1, "color": "#333333"}}, "showlegend": False,
        "hovertemplate": "%{y}: " + hover_template("", unit, "x", lang),
    }
    values = [float(v) for v in rows["value"].dropna()] + [float(printed_value)]
    span = (max(values) - min(values)) or abs(float(printed_value)) or 1.0
    left, right = max(low, min(values) - span), min(high, max(values) + span)
    shapes = [
        {"type": "rect", "xref": "x", "x0": left, "x1": right, "yref": "y domain", "y0": 0, "y1": 1, "fillcolor": "#009E73", "opacity": 0.15, "line": {"width": 0}},
        _vline(float(printed_value), {"color": "#333333", "width": 1.5, "dash": "dash"}),
    ]
    annotations = [{"text": t("as printed", lang), "showarrow": False, "xref": "x", "x": float(printed_value), "yref": "y domain", "y": 1,
                    "yanchor": "bottom", "font": {"size": 11}}]
    return _figure(
        [trace], title, shapes=shapes, annotations=annotations, height=max(360, 28 * len(rows) + 140),
        yaxis={"type": "category", "automargin": True}, xaxis={"title": {"text": axis_title}, "tickformat": axis_tickformat(unit)},
    )


# --------------------------------------------------------------------------- trafficking

KIND_LABEL = {"yearbook": N_("yearbook"), "conflicting report": N_("conflicting report"), "stand-in: UNODC offences": N_("stand-in: UNODC offences")}


def registered_cases(cases: pd.DataFrame, conflicts: pd.DataFrame, title: str, per_10000: bool = False, lang: str = "en") -> go.Figure:
    """Registered cases of abducting and trafficking women and children by year.

    Campaign years are shaded and the 2015 law change marked; a year with no value is a gap,
    never 0 or a bridged line. Conflicting printed values (other outlets) and the UNODC stand-in
    for 2021 are drawn as separate markers beside the yearbook value.

    Args:
        cases: the ``registered_cases`` table (year, value, per_10000, count_type).
        conflicts: the ``registered_cases_printed`` table (year, value, label, kind); drawn
            only for counts (not for the rate).
        per_10000: draw the rate per 10,000 registered criminal cases instead of the count.

    Raises:
        ValueError: a required column is missing; MixedCountTypes: several count types.
    """
    from dashboard.trafficking import CAMPAIGN_PERIODS, LAW_CHANGE_LABEL, LAW_CHANGE_YEAR, require_one_count_type

    _require(cases, ["year", "value", "per_10000", "count_type"], "registered_cases")
    require_one_count_type(cases, "registered_cases")
    y = cases["per_10000"] if per_10000 else cases["value"].astype(float)
    shapes, notes = [], []
    for start, end, label in CAMPAIGN_PERIODS:  # shaded campaign years, labelled at the top left
        shapes.append({"type": "rect", "xref": "x", "x0": start - 0.5, "x1": end + 0.5, "yref": "y domain", "y0": 0, "y1": 1,
                       "fillcolor": "#999999", "opacity": 0.15, "line": {"width": 0}})
        notes.append({"text": t(label, lang), "showarrow": False, "xref": "x", "x": start - 0.5, "xanchor": "left",
                      "yref": "y domain", "y": 1, "yanchor": "top", "font": {"size": 11}})
    shapes.append(_vline(LAW_CHANGE_YEAR - 0.5, {"color": "#555555", "dash": "dash", "width": 1}))
    # Wrapped and ending at the plot's right edge (begun at the dashed line, it ran past that edge on
    # a narrow chart), a row below the campaign labels, which it ran into there.
    notes.append({"x": 1, "xref": "paper", "y": 1 - LABEL_ROW, "yref": "paper", "text": wrap_title(t(LAW_CHANGE_LABEL, lang), LAW_LABEL_COLUMNS),
                  "showarrow": False, "xanchor": "right", "yanchor": "top", "align": "right", "font": {"size": 11}})
    unit = "count" if per_10000 else "cases"
    # The peak and the last year published are labelled on the line (the numbers a reader looks for):
    # the peak's label to its lower right, clear of the campaign label at the top of the plot.
    held = cases.assign(_y=y).dropna(subset=["_y"])
    # The last year's label above its point: below it, it sat on the x axis.
    for row, place in ((held.loc[held["_y"].idxmax()], {"ax": 40, "ay": 25, "xanchor": "left"}), (held.iloc[-1], {"ax": 0, "ay": -45})):
        shown = f"{float(row['_y']):.2f}" if per_10000 else format_value(row["_y"], "cases", lang)
        notes.append({"x": int(row["year"]), "y": float(row["_y"]), "xref": "x", "yref": "y", "text": f"{int(row['year'])}: {shown}",
                      "showarrow": True, "arrowhead": 0, "arrowwidth": 1, "font": {"size": 11}, **place})
    traces = [{
        "type": "scatter", "x": cases["year"].astype(int), "y": y, "mode": "lines+markers", "connectgaps": False, "name": t("China Statistical Yearbook (NBS)", lang),
        "line": {"color": SERIES_COLOURS[0], "width": 2}, "marker": {"size": 6},
        "hovertemplate": "%{x}: " + (t("{value} per 10,000 registered criminal cases", lang, value="%{y:.2f}") + "<extra></extra>" if per_10000 else hover_template("", unit, "y", lang)),
    }]
    if not per_10000 and not conflicts.empty:
        others = conflicts[conflicts["kind"] != "yearbook"]
        symbols = {"conflicting report": "x", "stand-in: UNODC offences": "diamond-open"}
        per_year: dict[int, int] = {}
        for i, (_, row) in enumerate(others.sort_values(["year", "value"]).iterrows()):
            # Beside the yearbook's point, one step to the right each, so that close values (3,035
            # and 3,055 in 2020) do not hide each other. Their values are in the legend and the
            # hover: as text beside the markers, 3,055, 3,305 and 2,860 ran into each other.
            k = per_year[int(row["year"])] = per_year.get(int(row["year"]), 0) + 1
            kind = t(KIND_LABEL[row["kind"]], lang) if row["kind"] in KIND_LABEL else str(row["kind"])
            traces.append({
                "type": "scatter", "x": [int(row["year"]) + 0.45 * k], "y": [float(row["value"])], "mode": "markers",
                "name": f"{row['year']}: {format_value(row['value'], 'cases', lang)} ({kind}, {row['figure_id']})",
                "marker": {"symbol": symbols.get(row["kind"], "circle"), "size": 11, "color": SERIES_COLOURS[1 + i % 5], "line": {"width": 2}},
                "hovertemplate": f"{kind}, %{{x:.0f}}: " + hover_template("", "cases", "y", lang).replace("<extra></extra>", "") + f"<br>{row['label'][:80]}<extra></extra>",
            })
    return _figure(
        traces, title, shapes=shapes, annotations=notes, height=480, legend=LEGEND_BELOW,
        xaxis={"title": {"text": t("year", lang)}, "tickformat": axis_tickformat("year"), "dtick": 5,
               "range": [int(cases["year"].min()) - 1, int(cases["year"].max()) + 3]},
        # Headroom above the highest value for the two rows of labels, which the peak touched.
        yaxis={"title": {"text": t("per 10,000 registered criminal cases", lang) if per_10000 else t("cases registered (立案)", lang)},
               "tickformat": ".0f" if per_10000 else axis_tickformat("cases"), "range": [0, float(held["_y"].max()) * LABEL_HEADROOM]},
    )


def count_lines(df: pd.DataFrame, x: str, y: str, group: str, title: str, axis_title: str, unit: str = "count", markers_only: bool = False, lang: str = "en") -> go.Figure:
    """One line (or marker series) per group for ONE count type; refuses a frame with several.

    Args:
        df: needs columns x, y, group and count_type. Missing y values are gaps (connectgaps off).
        unit: formatter unit for hover and ticks ("persons", "cases", "count").

    Raises:
        ValueError: a required column is missing; MixedCountTypes: several count types.
    """
    from dashboard.trafficking import require_one_count_type

    _require(df, [x, y, group, "count_type"], "count_lines")
    require_one_count_type(df, "count_lines")
    traces = []
    for i, (name, grp) in enumerate(df.groupby(group, sort=False)):
        grp = grp.sort_values(x)
        traces.append({
            "type": "scatter", "x": grp[x], "y": grp[y].astype(float), "mode": "markers" if markers_only else "lines+markers", "connectgaps": False, "name": str(name),
            "line": {"color": SERIES_COLOURS[i % len(SERIES_COLOURS)], "dash": ["solid", "dash", "dot", "dashdot"][i % 4]},
            "marker": {"size": 9, "symbol": ["circle", "square", "diamond", "triangle-up", "x"][i % 5], "color": SERIES_COLOURS[i % len(SERIES_COLOURS)]},
            "hovertemplate": f"{name}, %{{x}}: " + hover_template("", unit, "y", lang),
        })
    xaxis = {}
    if pd.api.types.is_integer_dtype(df[x]):  # calendar years: whole ticks, no separator
        xaxis = {"tickformat": axis_tickformat("year"), "dtick": 1 if df[x].nunique() <= 12 else 2, "title": {"text": t("year", lang)}}
    elif pd.api.types.is_datetime64_any_dtype(df[x]) and lang == "zh":  # Plotly names months in English ("Jun 2021"): 2021年6月
        xaxis = {"tickformat": "%Y年%-m月", "hoverformat": "%Y年%-m月%-d日"}
    return _figure(
        traces, title, height=460, legend=LEGEND_BELOW,
        xaxis=xaxis, yaxis={"title": {"text": axis_title}, "tickformat": axis_tickformat(unit), "rangemode": "tozero"},
    )


#: The tiers drawn (``tip_tiers.tier_order`` -> tier); special cases (order 5) and unrated years are gaps.
TIER_ORDER = {1: N_("Tier 1"), 2: N_("Tier 2"), 3: N_("Tier 2 Watch List"), 4: N_("Tier 3")}
TIER_OTHER_LABELS = [N_("special case"), N_("not rated")]


def _drawn_tiers(order: pd.Series) -> np.ndarray:
    """tier_order as floats, NaN (a gap in the line) for special cases and unrated years."""
    y = order.to_numpy(dtype=float, na_value=np.nan)
    return np.where(y <= len(TIER_ORDER), y, np.nan)


def tier_timeline(df: pd.DataFrame, title: str, lang: str = "en") -> go.Figure:
    """US TIP tier by report year, one step line per country (Tier 1 at the top).

    Args:
        df: columns country, report_year, tier (text; missing = not rated) and tier_order (1-4 drawn
            from Tier 1 at the top to Tier 3; 5 = special case and missing are not drawn).

    Raises:
        ValueError: a required column is missing.
    """
    _require(df, ["country", "report_year", "tier", "tier_order"], "tier_timeline")
    traces = []
    for i, (name, grp) in enumerate(df.groupby("country", sort=False)):
        grp = grp.sort_values("report_year")
        traces.append({
            "type": "scatter", "x": grp["report_year"].astype(int), "y": _drawn_tiers(grp["tier_order"]), "mode": "lines+markers", "name": str(name), "connectgaps": False,
            "line": {"shape": "hv", "color": SERIES_COLOURS[i % len(SERIES_COLOURS)], "width": 2, "dash": ["solid", "dash", "dot", "dashdot"][i % 4]},
            "marker": {"size": 8, "symbol": ["circle", "square", "diamond", "triangle-up", "x"][i % 5]},
            "customdata": grp[["tier"]].map(lambda v: t(v, lang) if isinstance(v, str) else t("not rated", lang)).to_numpy(),
            "hovertemplate": t("{name}, {year} report: ", lang, name=name, year="%{x}") + "%{customdata[0]}<extra></extra>",
        })
    return _figure(
        traces, title, height=400,
        yaxis={"tickvals": list(TIER_ORDER), "ticktext": [t(v, lang) for v in TIER_ORDER.values()], "autorange": "reversed", "range": [0.7, len(TIER_ORDER) + 0.3], "title": {"text": t("tier", lang)}},
        xaxis={"title": {"text": t("TIP report year", lang)}, "tickformat": axis_tickformat("year"), "dtick": 2},
    )


def add_source_line(fig: go.Figure, source: str, data_date: str, lang: str = "en", *, wide: bool = False) -> go.Figure:
    """Put the source line and the data build date under the title of ``fig`` (its subtitle, in
    place; returns it), so an exported image (the PNG camera button) carries them, in 12 px type.
    Long source lists are shortened with "…". Call it on a figure you own.

    Args:
        source: short source names, e.g. "NBS census yearbook 2020, table 1-5".
        data_date: the data build date (YYYY-MM-DD).
        wide: the page is shown on a computer: the title and the source line wrap at
            :data:`WIDE_COLUMNS` instead of a phone's width, so the title uses the chart's width.
    """
    title_columns, source_columns = WIDE_COLUMNS if wide else (TITLE_COLUMNS, SOURCE_COLUMNS)
    title = wrap_title((fig.layout.title.text or "").replace("<br>", ""), title_columns)
    text = t("Source: {sources}", lang, sources=source if len(source) <= 150 else f"{source[:147]}…")
    text = wrap_title(f"{text} · " + t("data built {date}", lang, date=data_date), source_columns)
    fig.update_layout(
        title={"text": title, "subtitle": {"text": text, "font": {"size": 12, "color": "#555555"}}},
        margin={"t": _top_margin(title, text)},
    )
    return fig