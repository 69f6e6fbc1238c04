"""Tests for dashboard.geo (offline province map).

Run with:  PYTHONPATH=/work/main .venv/bin/python -m pytest tests/test_geo.py
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from plotly.colors import sample_colorscale

from dashboard.geo import NOT_IN_CENSUS_COLOR, load_provinces, province_map
from tests.catalogue import ZH

GEOJSON = Path(__file__).resolve().parents[1] / "datasets/raw/geo/china_provinces.geojson"
NON_CENSUS = {"Hong Kong", "Macao", "Taiwan"}
NETWORK_TRACE_TYPES = {
    "choropleth", "scattergeo", "choroplethmap", "choroplethmapbox",
    "scattermap", "scattermapbox", "densitymap", "densitymapbox",
}


@pytest.fixture(scope="module")
def geojson() -> dict:
    return load_provinces(GEOJSON)


@pytest.fixture(scope="module")
def values(geojson) -> pd.DataFrame:
    regions = [
        f["properties"]["region_en"]
        for f in geojson["features"]
        if f["properties"]["in_mainland_census"]
    ]
    assert len(regions) == 31
    return pd.DataFrame(
        {"region_en": regions, "sex_ratio": [100.0 + i for i in range(31)]}
    )


def _map(values, geojson, **kw):
    args = dict(
        value_col="sex_ratio",
        title="Sex ratio",
        colorbar_title="Males per 100 females",
        hover_unit="males per 100 females",
    )
    args.update(kw)
    return province_map(values, geojson, **args)


def _polygons(fig):
    return [t for t in fig.data if t.type == "scatter" and t.fill == "toself"]


def _by_name(fig):
    return {t.name: t for t in _polygons(fig)}


# --------------------------------------------------------------------------
def test_load_provinces(geojson):
    assert geojson["type"] == "FeatureCollection"
    assert len(geojson["features"]) == 34


def test_34_filled_polygons(values, geojson):
    fig = _map(values, geojson)
    polys = _polygons(fig)
    assert len(polys) == 34
    assert fig.layout.meta == {"polygons": 34}
    assert {t.name for t in polys} == {
        f["properties"]["region_en"] for f in geojson["features"]
    }
    for t in polys:
        assert t.hoveron == "fills"
        assert t.showlegend is False
        assert t.customdata[0][0] == t.name


def test_multipolygon_parts_joined_with_none(values, geojson):
    fig = _map(values, geojson)
    zhejiang = _by_name(fig)["Zhejiang"]  # MultiPolygon with 5 parts
    assert list(zhejiang.x).count(None) == 4
    assert list(zhejiang.y).count(None) == 4


def test_non_census_grey(values, geojson):
    fig = _map(values, geojson)
    polys = _by_name(fig)
    for name in NON_CENSUS:
        t = polys[name]
        assert t.fillcolor == NOT_IN_CENSUS_COLOR == "#d9d9d9"
        assert t.text.endswith("outside the mainland census (no data)")
    legend_names = {t.name for t in fig.data if t.showlegend}
    assert "Not in the mainland census" in legend_names
    # Taiwan gets a text label
    labels = [t for t in fig.data if t.mode == "text"]
    assert any("Taiwan" in list(t.text) for t in labels)


def test_tibet_colour_matches_colorscale(values, geojson):
    fig = _map(values, geojson)
    v = values.set_index("region_en")["sex_ratio"]
    lo, hi = v.min(), v.max()
    tibet = _by_name(fig)["Tibet (Xizang)"]
    expected = sample_colorscale("Viridis", [(v["Tibet (Xizang)"] - lo) / (hi - lo)])[0]
    assert tibet.fillcolor == expected
    assert tibet.text == f"Tibet: {v['Tibet (Xizang)']:.2f} males per 100 females"


def test_explicit_zrange_and_colorbar(values, geojson):
    fig = _map(values, geojson, zmin=90, zmax=140, colorscale="Cividis")
    beijing = _by_name(fig)["Beijing"]
    vb = values.set_index("region_en").loc["Beijing", "sex_ratio"]
    assert beijing.fillcolor == sample_colorscale("Cividis", [(vb - 90) / 50])[0]
    bars = [t for t in fig.data if t.marker is not None and t.marker.showscale]
    assert len(bars) == 1
    assert (bars[0].marker.cmin, bars[0].marker.cmax) == (90, 140)


def test_chinese_hover(values, geojson):
    fig = _map(values, geojson, lang="zh", hover_unit="")
    beijing = values.set_index("region_en").loc["Beijing", "sex_ratio"]
    assert _by_name(fig)["Beijing"].text == f"北京市：{beijing:.2f}"


def test_chinese_texts_come_from_the_catalogue(values, geojson):
    """The map's phrases are messages of the gettext catalogue (read here from the .po itself)."""
    fig = _map(values[values.region_en != "Hainan"], geojson, lang="zh", hover_unit="女=100")
    polys = _by_name(fig)
    assert polys["Hainan"].text == ZH["{name}: no data"].format(name="海南省") == "海南省：无数据"
    assert polys["Taiwan"].text == ZH["{name}: outside the mainland census (no data)"].format(name="台湾")
    assert {t.name for t in fig.data if t.showlegend} == {ZH["Not in the mainland census"], ZH["No data"]}
    assert polys["Beijing"].text == "北京市：{:.2f}（女=100）".format(values.set_index("region_en").loc["Beijing", "sex_ratio"])


def test_hover_numbers_go_through_the_formatter(geojson):
    """Half-up rounding and the unit's decimals of dashboard.formatting, not Python's float format
    (which prints 104.125 as 104.12)."""
    regions = [f["properties"]["region_en"] for f in geojson["features"] if f["properties"]["in_mainland_census"]]
    values = pd.DataFrame({"region_en": regions, "births": [104.125] + [100.0] * 30})
    fig = _map(values, geojson, value_col="births", hover_unit="")
    assert _by_name(fig)[regions[0]].text.endswith(": 104.13")
    counts = pd.DataFrame({"region_en": regions, "births": [15_337_091] + [1] * 30})
    fig = _map(counts, geojson, value_col="births", hover_unit="persons", value_unit="persons")
    assert _by_name(fig)[regions[0]].text.endswith(": 15,337,091 persons")


def test_missing_province_is_grey_no_data(values, geojson):
    fig = _map(values[values.region_en != "Hainan"], geojson)
    hainan = _by_name(fig)["Hainan"]
    assert hainan.fillcolor.startswith("#")  # grey, not a colourscale rgb()
    assert "no data" in hainan.text


def test_no_network_trace_types(values, geojson):
    fig = _map(values, geojson)
    assert not {t.type for t in fig.data} & NETWORK_TRACE_TYPES
    assert "geo" not in fig.to_dict()["layout"]
    assert "map" not in fig.to_dict()["layout"]


def test_figure_json_has_no_urls(values, geojson):
    fig = _map(values, geojson)
    assert "http" not in json.dumps(fig.to_dict())


def test_axes_hidden(values, geojson):
    fig = _map(values, geojson)
    for ax in (fig.layout.xaxis, fig.layout.yaxis):
        assert ax.visible is False
        assert ax.showgrid is False
        assert ax.zeroline is False
    assert fig.layout.yaxis.scaleanchor == "x"
    assert fig.layout.yaxis.scaleratio == pytest.approx(1.2208, abs=1e-3)


# --------------------------------------------------------------------------
# errors
def test_unknown_region_raises(values, geojson):
    bad = pd.concat(
        [values, pd.DataFrame({"region_en": ["Atlantis"], "sex_ratio": [1.0]})]
    )
    with pytest.raises(ValueError, match="Atlantis"):
        _map(bad, geojson)


def test_duplicate_region_raises(values, geojson):
    bad = pd.concat([values, values.iloc[[0]]])
    with pytest.raises(ValueError, match="duplicate"):
        _map(bad, geojson)


def test_load_not_feature_collection(tmp_path):
    p = tmp_path / "bad.geojson"
    p.write_text(json.dumps({"type": "Feature", "properties": {}, "geometry": None}))
    with pytest.raises(ValueError, match="bad.geojson"):
        load_provinces(p)


def test_load_feature_without_region_en(tmp_path):
    p = tmp_path / "noregion.geojson"
    feat = {
        "type": "Feature",
        "properties": {"name_en": "X"},
        "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [0, 1], [1, 1], [0, 0]]]},
    }
    p.write_text(json.dumps({"type": "FeatureCollection", "features": [feat]}))
    with pytest.raises(ValueError, match="noregion.geojson.*region_en"):
        load_provinces(p)
