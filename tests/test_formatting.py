"""Exact-string tests for dashboard.formatting (the one place numbers become text)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from dashboard.formatting import (
    UNITS,
    axis_tickformat,
    axis_ticksuffix,
    format_frame_for_display,
    format_value,
    hover_template,
)

RATIO = "males per 100 females"
MISSING = [None, float("nan"), np.nan, pd.NA, np.float64("nan")]

# value -> (en full, en compact, zh full, zh compact) for counts
COUNT_CASES = [
    (0, "0", "0", "0", "0"),
    (999, "999", "999", "999", "999"),
    (1_000, "1,000", "1,000", "1,000", "1,000"),
    (17_520_000, "17,520,000", "17.52 million", "17,520,000", "1752万"),
    (1_411_778_724, "1,411,778,724", "1.41 billion", "1,411,778,724", "14.1亿"),
    (15_337_091, "15,337,091", "15.34 million", "15,337,091", "1533.7万"),
    (-4_410_315, "-4,410,315", "-4.41 million", "-4,410,315", "-441万"),
]


@pytest.mark.parametrize("unit", ["persons", "cases", "count", "births"])
@pytest.mark.parametrize(("value", "en_full", "en_compact", "zh_full", "zh_compact"), COUNT_CASES)
def test_counts_exact(unit, value, en_full, en_compact, zh_full, zh_compact):
    assert format_value(value, unit) == en_full
    assert format_value(value, unit, "en", "full") == en_full
    assert format_value(value, unit, "en", "compact") == en_compact
    assert format_value(value, unit, "zh", "full") == zh_full
    assert format_value(value, unit, "zh", "compact") == zh_compact


@pytest.mark.parametrize(
    "value",
    [np.int64(15_337_091), np.int32(15_337_091), 15_337_091.0, np.float64(15_337_091), 15337.091 * 1000],
)
def test_count_scalar_types_and_float_noise(value):
    assert format_value(value, "persons") == "15,337,091"
    assert format_value(value, "persons", "zh", "compact") == "1533.7万"


@pytest.mark.parametrize(
    ("value", "en", "zh"),
    [
        (9_999, "9,999", "9,999"),
        (10_000, "10,000", "1万"),
        (12_345, "12,345", "1.235万"),
        (153_370, "153,370", "15.34万"),
        (999_999, "999,999", "100万"),
        (1_000_000, "1 million", "100万"),
        (17_500_000, "17.5 million", "1750万"),
        (99_999_999, "100 million", "1亿"),
        (100_000_000, "100 million", "1亿"),
        (141_177_872, "141.18 million", "1.41亿"),
        (999_995_000, "1 billion", "10亿"),
        (-1_411_778_724, "-1.41 billion", "-14.1亿"),
        (123_456_789_012, "123.46 billion", "1,235亿"),
        # half-up at the last printed digit (Babel rounds half-even unless told: 17.52 million)
        (17_525_000, "17.53 million", "1752.5万"),
        (17_515_000, "17.52 million", "1751.5万"),
        # where CLDR's forms differ (trillion, 万亿, 1235亿 without separator), the dashboard's own
        (99_950_000_000, "99.95 billion", "1,000亿"),
        (1_412_345_678_901, "1,412.35 billion", "14,123亿"),
    ],
)
def test_compact_boundaries(value, en, zh):
    assert format_value(value, "persons", "en", "compact") == en
    assert format_value(value, "persons", "zh", "compact") == zh


@pytest.mark.parametrize("style", ["full", "compact"])
@pytest.mark.parametrize("value", MISSING)
def test_missing(value, style):
    assert format_value(value, "persons", "en", style) == "not published"
    assert format_value(value, "persons", "zh", style) == "未公布"
    assert format_value(value, RATIO, "en", style) == "not published"
    assert format_value(value, RATIO, "zh", style) == "未公布"
    assert format_value(value, "percent", "zh", style) == "未公布"
    assert format_value(value, "year", "en", style) == "not published"


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("style", ["full", "compact"])
def test_sex_ratio(lang, style):
    assert format_value(105.07, RATIO, lang, style) == "105.07"
    assert format_value(108.19, RATIO, lang, style) == "108.19"
    assert format_value(105, RATIO, lang, style) == "105.00"
    assert format_value(104.8, RATIO, lang, style) == "104.80"
    assert format_value(np.float64(105.07), RATIO, lang, style) == "105.07"
    # decimal half-up on the printed value, not binary float rounding
    assert format_value(100.125, RATIO, lang, style) == "100.13"
    assert format_value(105.07, RATIO, lang, style, decimals=1) == "105.1"
    assert format_value(105.07, RATIO, lang, style, decimals=0) == "105"
    assert format_value(105.1, RATIO, lang, style, decimals=1) == "105.1"
    assert format_value(111.144, RATIO, lang, style, decimals=3) == "111.144"


def test_percent_and_year():
    assert format_value(12.3, "percent") == "12.3%"
    assert format_value(12.34, "percent") == "12.3%"
    assert format_value(12.35, "percent") == "12.4%"
    assert format_value(12.3, "percent", "zh") == "12.3%"
    assert format_value(0, "percent") == "0.0%"
    assert format_value(-0.04, "percent") == "0.0%"
    assert format_value(12.345, "percent", decimals=2) == "12.35%"
    assert format_value(2020, "year") == "2020"
    assert format_value(2020.0, "year", "zh", "compact") == "2020"
    assert format_value(np.int64(1990), "year") == "1990"


def test_never_si_suffix():
    for value in [0, 999, 1_000, 17_520_000, 1_411_778_724, 15_337_091, -4_410_315, 10**12]:
        for lang in ("en", "zh"):
            for style in ("full", "compact"):
                text = format_value(value, "persons", lang, style)
                assert not text.endswith(("G", "M", "k", "K", "T")), text
                assert "e+" not in text


def test_errors():
    with pytest.raises(ValueError, match="converted to persons"):
        format_value(17_520, "thousands")
    with pytest.raises(ValueError, match="converted to persons"):
        format_value(17_520, "Thousands")
    with pytest.raises(ValueError, match="thousands"):
        axis_tickformat("thousands")
    with pytest.raises(ValueError, match="thousands"):
        hover_template("Population", "thousands")
    with pytest.raises(ValueError, match="unknown unit"):
        format_value(1, "people")
    with pytest.raises(ValueError, match="lang"):
        format_value(1, "persons", "fr")
    with pytest.raises(ValueError, match="style"):
        format_value(1, "persons", "en", "short")
    with pytest.raises(ValueError, match="whole number"):
        format_value(2.5, "persons")
    with pytest.raises(ValueError, match="whole number"):
        format_value(2020.5, "year")
    with pytest.raises(ValueError, match="decimals"):
        format_value(1, "persons", decimals=2)
    with pytest.raises(ValueError, match="decimals"):
        format_value(1.0, RATIO, decimals=-1)
    with pytest.raises(ValueError, match="finite"):
        format_value(math.inf, "persons")
    with pytest.raises(TypeError):
        format_value("15337091", "persons")
    with pytest.raises(TypeError):
        format_value(True, "persons")


@pytest.mark.parametrize("unit", sorted(UNITS))
def test_axis_tickformat_never_si(unit):
    fmt = axis_tickformat(unit)
    assert "s" not in fmt
    assert "~" not in fmt


def test_axis_tickformat_exact():
    for unit in ("persons", "cases", "count", "births"):
        assert axis_tickformat(unit) == ",d"
    assert axis_tickformat("year") == ".0f"
    assert axis_tickformat(RATIO) == ".0f"
    assert axis_tickformat("percent") == ".0f"
    assert axis_ticksuffix("percent") == "%"
    assert axis_ticksuffix("persons") == ""


def test_hover_template_exact():
    assert hover_template("Population", "persons") == "Population: %{x:,d} persons<extra></extra>"
    assert hover_template("Cases", "cases", "y") == "Cases: %{y:,d} cases<extra></extra>"
    assert hover_template("Births", "births", "customdata[0]") == "Births: %{customdata[0]:,d} births<extra></extra>"
    assert hover_template("N", "count", "y") == "N: %{y:,d}<extra></extra>"
    assert hover_template("Sex ratio", RATIO, "y") == "Sex ratio: %{y:.2f} males per 100 females<extra></extra>"
    assert hover_template("Share", "percent", "y") == "Share: %{y:.1f}%<extra></extra>"
    assert hover_template("Year", "year") == "Year: %{x:.0f}<extra></extra>"
    assert hover_template("全国", "persons") == "全国: %{x:,d} persons<extra></extra>"
    assert hover_template("", "persons") == "%{x:,d} persons<extra></extra>"
    assert hover_template("<b>x</b> & y", "persons") == "&lt;b&gt;x&lt;/b&gt; &amp; y: %{x:,d} persons<extra></extra>"
    for unit in sorted(UNITS):
        template = hover_template("L", unit, "y")
        assert template.endswith("<extra></extra>")
        assert ":s}" not in template and "~s" not in template
    with pytest.raises(ValueError):
        hover_template("L", "persons", "x}<script>")


def test_format_frame_for_display():
    df = pd.DataFrame(
        {
            "region": ["全国", "北京"],
            "year": pd.array([2020, 2020], dtype="Int64"),
            "population": pd.array([1_411_778_724, pd.NA], dtype="Int64"),
            "sex_ratio": [105.07, np.nan],
            "note": [None, "x"],
        },
        index=[10, 20],
    )
    before = df.copy(deep=True)
    out = format_frame_for_display(
        df, {"year": "year", "population": "persons", "sex_ratio": RATIO}
    )
    pd.testing.assert_frame_equal(df, before)  # input not mutated
    assert out is not df
    assert list(out.columns) == list(df.columns)
    assert list(out.index) == [10, 20]
    assert out["year"].tolist() == ["2020", "2020"]
    assert out["population"].tolist() == ["1,411,778,724", "not published"]
    assert out["sex_ratio"].tolist() == ["105.07", "not published"]
    pd.testing.assert_series_equal(out["region"], df["region"])
    pd.testing.assert_series_equal(out["note"], df["note"])

    zh = format_frame_for_display(df, {"population": "persons", "sex_ratio": RATIO}, lang="zh")
    assert zh["population"].tolist() == ["1,411,778,724", "未公布"]
    assert zh["sex_ratio"].tolist() == ["105.07", "未公布"]
    pd.testing.assert_series_equal(zh["year"], df["year"])


def test_format_frame_for_display_errors():
    df = pd.DataFrame({"population": [1, 2], "region": ["a", "b"]})
    with pytest.raises(KeyError):
        format_frame_for_display(df, {"missing_column": "persons"})
    with pytest.raises(ValueError, match="thousands"):
        format_frame_for_display(df, {"population": "thousands"})
    with pytest.raises(TypeError):
        format_frame_for_display(df, {"region": "persons"})
    with pytest.raises(ValueError):
        format_frame_for_display(df, {"population": "persons"}, lang="de")
