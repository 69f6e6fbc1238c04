"""Offline province map for China.

Plotly's ``geo`` subplot (``go.Choropleth`` / ``px.choropleth`` /
``go.Scattergeo``) downloads a world topojson from Plotly's CDN even when all
base layers are hidden, and the MapLibre traces (``choroplethmap``,
``scattermap`` ...) need tiles and glyphs from the network.  Behind a firewall
both render an empty frame.

This module therefore draws the provinces as ordinary ``go.Scatter`` polygons
(``fill="toself"``) on plain x/y axes.  Everything the figure needs is in the
figure itself, so it renders with nothing fetched from outside.

Coordinates stay in degrees (lon on x, lat on y, so hover/zoom behave
naturally); the y axis is anchored to x with ``scaleratio = 1 / cos(35 deg)``,
i.e. an equirectangular projection with standard parallel 35 N, which keeps
China from looking stretched east-west.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go
from plotly.colors import sample_colorscale

from dashboard.charts import use_plotly_white
from dashboard.formatting import RATIO_UNIT, check_unit, format_value
from dashboard.i18n import LANGS, N_, t

__all__ = [
    "load_provinces",
    "province_map",
    "NOT_IN_CENSUS_COLOR",
    "NO_DATA_COLOR",
    "STANDARD_PARALLEL_DEG",
]

#: Fill for Hong Kong, Macao and Taiwan (not covered by the mainland census).
NOT_IN_CENSUS_COLOR = "#d9d9d9"
#: Fill for mainland provinces that have no row in ``values``.
NO_DATA_COLOR = "#bdbdbd"
#: Border colour / width between provinces.
BORDER_COLOR = "#ffffff"
BORDER_WIDTH = 0.6
#: Standard parallel of the equirectangular projection.
STANDARD_PARALLEL_DEG = 35.0

#: The map's fixed phrases (English message ids, translated with :func:`dashboard.i18n.t`).
_TEXT = {
    "not_in_census_hover": N_("{name}: outside the mainland census (no data)"),
    "not_in_census_legend": N_("Not in the mainland census"),
    "no_data_hover": N_("{name}: no data"),
    "no_data_legend": N_("No data"),
    "value_hover": N_("{name}: {value}{unit}"),
}

# Text labels drawn on the map for non-census features (by region_en).
# The anchor is placed just east of the island so the label does not hide it.
_LABELLED = {"Taiwan"}


# --------------------------------------------------------------------------
# loading
# --------------------------------------------------------------------------
def load_provinces(path: str | Path) -> dict:
    """Read the province GeoJSON FeatureCollection at *path*.

    Raises ``ValueError`` (naming *path*) if the file is not a
    FeatureCollection, or if any feature lacks a ``region_en`` property or a
    Polygon/MultiPolygon geometry.
    """
    path = Path(path)
    with path.open(encoding="utf-8") as fh:
        try:
            data = json.load(fh)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}: not valid JSON ({exc})") from exc

    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise ValueError(f"{path}: not a GeoJSON FeatureCollection")
    features = data.get("features")
    if not isinstance(features, list):
        raise ValueError(f"{path}: FeatureCollection has no 'features' list")

    for i, feat in enumerate(features):
        props = (feat or {}).get("properties") or {}
        if not props.get("region_en"):
            ident = (feat or {}).get("id") or props.get("iso_3166_2") or f"#{i}"
            raise ValueError(
                f"{path}: feature {ident} lacks the 'region_en' property"
            )
        geom = feat.get("geometry") or {}
        if geom.get("type") not in ("Polygon", "MultiPolygon"):
            raise ValueError(
                f"{path}: feature {props['region_en']!r} has geometry type "
                f"{geom.get('type')!r}, expected Polygon or MultiPolygon"
            )
    return data


# --------------------------------------------------------------------------
# geometry helpers
# --------------------------------------------------------------------------
def _polygons(geometry: dict) -> list:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    return list(geometry["coordinates"])


def _rings_to_xy(geometry: dict) -> tuple[list, list]:
    """Flatten all rings of a (Multi)Polygon into x/y lists.

    Parts and holes are separated by ``None`` so a single ``fill="toself"``
    trace draws them all.  Holes come after their outer ring; since GeoJSON
    holes wind opposite to the outer ring, SVG's nonzero fill rule leaves
    them empty.
    """
    xs: list = []
    ys: list = []
    for poly in _polygons(geometry):
        for ring in poly:
            if xs:
                xs.append(None)
                ys.append(None)
            for lon, lat, *_ in ring:
                xs.append(lon)
                ys.append(lat)
    return xs, ys


def _ring_area(ring: list) -> float:
    return abs(
        sum(x1 * y2 - x2 * y1 for (x1, y1, *_), (x2, y2, *_) in zip(ring, ring[1:]))
        / 2.0
    )


def _label_anchor(geometry: dict) -> tuple[float, float]:
    """A point just east of the largest part (for a text label)."""
    outer = max((p[0] for p in _polygons(geometry)), key=_ring_area)
    lons = [c[0] for c in outer]
    lats = [c[1] for c in outer]
    return max(lons) + 0.15, (min(lats) + max(lats)) / 2.0


def _bounds(geojson: dict) -> tuple[float, float, float, float]:
    lons: list[float] = []
    lats: list[float] = []
    for feat in geojson["features"]:
        for poly in _polygons(feat["geometry"]):
            for ring in poly:
                lons.extend(c[0] for c in ring)
                lats.extend(c[1] for c in ring)
    return min(lons), max(lons), min(lats), max(lats)


# --------------------------------------------------------------------------
# figure
# --------------------------------------------------------------------------
def _validate_values(
    values: pd.DataFrame, geojson: dict, value_col: str, label_col: str
) -> dict[str, float]:
    for col in (label_col, value_col):
        if col not in values.columns:
            raise ValueError(f"values has no column {col!r}")

    keys = values[label_col]
    dup = keys[keys.duplicated()].unique().tolist()
    if dup:
        raise ValueError(f"values has duplicate {label_col} rows: {dup}")

    known = {f["properties"]["region_en"] for f in geojson["features"]}
    unknown = [k for k in keys if k not in known]
    if unknown:
        raise ValueError(
            f"values has {label_col} not found in the GeoJSON region_en: {unknown}"
        )

    out: dict[str, float] = {}
    for key, val in zip(keys, pd.to_numeric(values[value_col], errors="coerce")):
        if pd.notna(val):
            out[key] = float(val)
    return out


def _normalise(v: float, lo: float, hi: float) -> float:
    if hi <= lo:
        return 0.5
    return min(1.0, max(0.0, (v - lo) / (hi - lo)))


def province_map(
    values: pd.DataFrame,
    geojson: dict,
    *,
    value_col: str,
    label_col: str = "region_en",
    title: str,
    colorbar_title: str,
    hover_unit: str,
    value_unit: str = RATIO_UNIT,
    lang: str = "en",
    zmin: float | None = None,
    zmax: float | None = None,
    colorscale: Any = "Viridis",
) -> go.Figure:
    """Draw a province choropleth that needs nothing from the network.

    Parameters
    ----------
    values
        One row per province.  ``values[label_col]`` is the join key and must
        equal the GeoJSON property ``region_en``; ``values[value_col]`` holds
        the (float) value.  NaN values are treated as missing.
    geojson
        FeatureCollection as returned by :func:`load_provinces`.
    label_col
        Column of *values* holding the join key (default ``"region_en"``).
    hover_unit
        The unit in words after the value in the hover (already in ``lang``),
        or ``""`` for none.
    value_unit
        The values' unit for :func:`dashboard.formatting.format_value`
        (default ``"males per 100 females"``: ``108.19``).
    lang
        ``"en"`` or ``"zh"``: picks ``name_en`` / ``name_zh`` for hover text
        and labels, the language of the fixed legend/hover phrases (from the
        message catalogue) and of the numbers.
    zmin, zmax
        Colour range; default to the min / max of the values.
    colorscale
        Any Plotly colourscale (name or list of ``[pos, colour]``).

    Returns a figure with one ``go.Scatter`` (``fill="toself"``) per
    feature, named by ``region_en``, with ``customdata`` of
    ``[[region_en, iso_3166_2, value_or_None, status]]`` where status is
    ``"value"``, ``"no_data"`` or ``"not_in_census"``.
    ``fig.layout.meta["polygons"]`` is the number of these traces.

    Raises ``ValueError`` for duplicate or unknown join keys, a missing
    column, an unsupported *lang* or an unknown *value_unit*.
    """
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {sorted(LANGS)}, got {lang!r}")
    check_unit(value_unit)
    text = {k: t(v, lang) for k, v in _TEXT.items() if "{" not in v}
    name_prop = f"name_{lang}"

    vals = _validate_values(values, geojson, value_col, label_col)
    lo = min(vals.values()) if zmin is None and vals else zmin
    hi = max(vals.values()) if zmax is None and vals else zmax
    if lo is None:
        lo = 0.0
    if hi is None:
        hi = 1.0

    unit = "" if not hover_unit else f"（{hover_unit}）" if lang == "zh" else f" {hover_unit}"

    # Traces and layout as plain dicts, validated once by go.Figure (one go.Scatter and add_trace
    # per province validated each trace twice: server work per rerun, bench/README.md).
    traces: list[dict] = []
    labels: list[tuple[float, float, str]] = []
    n_polygons = 0
    any_missing = False
    any_outside = False

    for feat in geojson["features"]:
        props = feat["properties"]
        region = props["region_en"]
        name = props.get(name_prop) or props.get("name_en") or region
        xs, ys = _rings_to_xy(feat["geometry"])

        if not props.get("in_mainland_census", True):
            status, value = "not_in_census", None
            fill = NOT_IN_CENSUS_COLOR
            hover = t(_TEXT["not_in_census_hover"], lang, name=name)
            any_outside = True
            if region in _LABELLED:
                lx, ly = _label_anchor(feat["geometry"])
                labels.append((lx, ly, name))
        elif region in vals:
            status, value = "value", vals[region]
            fill = sample_colorscale(colorscale, [_normalise(value, lo, hi)])[0]
            hover = t(_TEXT["value_hover"], lang, name=name, value=format_value(value, value_unit, lang), unit=unit)
        else:
            status, value = "no_data", None
            fill = NO_DATA_COLOR
            hover = t(_TEXT["no_data_hover"], lang, name=name)
            any_missing = True

        traces.append(
            dict(
                type="scatter",
                x=xs,
                y=ys,
                mode="lines",
                fill="toself",
                fillcolor=fill,
                line=dict(color=BORDER_COLOR, width=BORDER_WIDTH),
                name=region,
                # With hoveron="fills" plotly.js shows a *scalar* `text` (it
                # ignores hovertemplate and per-point text), so the whole
                # hover string goes here.
                text=hover,
                hoverinfo="text",
                hoveron="fills",
                customdata=[[region, props.get("iso_3166_2"), value, status]],
                showlegend=False,
            )
        )
        n_polygons += 1

    for lx, ly, name in labels:
        traces.append(
            dict(
                type="scatter",
                x=[lx],
                y=[ly],
                mode="text",
                text=[name],
                textposition="middle right",
                textfont=dict(size=11, color="#555555"),
                hoverinfo="skip",
                showlegend=False,
                name=f"label: {name}",
            )
        )

    # Legend-only swatches for the grey categories.
    def _swatch(label: str, colour: str) -> dict:
        return dict(
            type="scatter",
            x=[None],
            y=[None],
            mode="markers",
            marker=dict(
                symbol="square",
                size=12,
                color=colour,
                line=dict(color="#999999", width=0.5),
            ),
            name=label,
            hoverinfo="skip",
            showlegend=True,
        )

    if any_outside:
        traces.append(_swatch(text["not_in_census_legend"], NOT_IN_CENSUS_COLOR))
    if any_missing:
        traces.append(_swatch(text["no_data_legend"], NO_DATA_COLOR))

    # Invisible trace that only carries the colour bar.
    traces.append(
        dict(
            type="scatter",
            x=[None, None],
            y=[None, None],
            mode="markers",
            marker=dict(
                color=[lo, hi],
                cmin=lo,
                cmax=hi,
                colorscale=colorscale,
                showscale=True,
                size=0,
                opacity=0,
                colorbar=dict(
                    title=dict(text=colorbar_title),
                    thickness=14,
                    len=0.75,
                ),
            ),
            hoverinfo="skip",
            showlegend=False,
            name="colorbar",
        )
    )

    x0, x1, y0, y1 = _bounds(geojson)
    pad = 0.8
    hidden = dict(
        visible=False, showgrid=False, zeroline=False, showticklabels=False,
        showline=False, ticks="",
    )
    use_plotly_white()
    return go.Figure(data=traces, layout=dict(
        title=dict(text=title, x=0, xanchor="left", yref="container", y=1, yanchor="top", pad={"t": 20}, font={"size": 16}),
        meta={"polygons": n_polygons},
        xaxis=dict(range=[x0 - pad, x1 + pad], **hidden),
        yaxis=dict(
            range=[y0 - pad, y1 + pad],
            scaleanchor="x",
            scaleratio=1.0 / math.cos(math.radians(STANDARD_PARALLEL_DEG)),
            **hidden,
        ),
        plot_bgcolor="#ffffff",
        paper_bgcolor="#ffffff",
        hovermode="closest",
        showlegend=any_outside or any_missing,
        legend=dict(  # under the map, clear of the title and the source line
            orientation="h", yref="container", x=0, y=0, xanchor="left", yanchor="bottom",
        ),
        margin=dict(l=10, r=10, t=50, b=10),
    ))
