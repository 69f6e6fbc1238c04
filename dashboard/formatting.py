"""The one place that turns numbers into text for charts, hover labels, tables and downloads.

Every number a reader sees goes through this module, so that a figure looks the same on an
axis, in a tooltip, in a table and in an exported file, and so that a journalist can compare it
digit for digit with the published source.

Units (the ``unit`` argument everywhere):

* ``"persons"``, ``"cases"``, ``"count"``, ``"births"`` -- integer counts (people, trafficking
  cases, generic counts, live births). Shown with thousands separators: ``15,337,091``.
* ``"males per 100 females"`` -- a sex ratio. Shown with 2 decimals by default: ``108.19``.
* ``"percent"`` -- a value already expressed in percent (``12.3`` means 12.3 %, *not* a
  fraction). Shown with 1 decimal by default: ``12.3%``.
* ``"year"`` -- a calendar year, never with a separator: ``2020``.

``"thousands"`` is rejected on purpose: the build converts every "thousands" source (e.g. UN
WPP) to persons, so a value still in thousands reaching the display layer is a bug.

Rounding is decimal half-up on the number as Python prints it (``repr``), so ``0.125`` with 2
decimals gives ``0.13`` (not the binary-float ``0.12``).

Languages: ``"en"`` and ``"zh"``. Both use ``,`` as thousands separator and ``.`` as decimal
point (as in PRC statistical yearbooks' digit groups). Missing values (``None``, ``NaN``,
``pandas.NA``, ``NaT``) are shown as ``"not published"`` / ``"未公布"``.

Nothing here imports streamlit.
"""

from __future__ import annotations

import html
import math
import numbers
import re
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal, localcontext

import numpy as np
import pandas as pd

from dashboard.i18n import check_lang

__all__ = [
    "COUNT_UNITS",
    "RATIO_UNIT",
    "PERCENT_UNIT",
    "YEAR_UNIT",
    "UNITS",
    "MISSING_TEXT",
    "check_unit",
    "format_value",
    "axis_tickformat",
    "axis_ticksuffix",
    "hover_template",
    "format_frame_for_display",
]

COUNT_UNITS: frozenset[str] = frozenset({"persons", "cases", "count", "births"})
RATIO_UNIT = "males per 100 females"
PERCENT_UNIT = "percent"
YEAR_UNIT = "year"
UNITS: frozenset[str] = COUNT_UNITS | {RATIO_UNIT, PERCENT_UNIT, YEAR_UNIT}

STYLES = ("full", "compact")

MISSING_TEXT: dict[str, str] = {"en": "not published", "zh": "未公布"}

_DEFAULT_DECIMALS = {RATIO_UNIT: 2, PERCENT_UNIT: 1}
_MAX_DECIMALS = 10
# A count that arrives as a float (e.g. thousands * 1000) may carry binary noise such as
# 17519999.999999998; anything further than this from an integer is a real fraction -> error.
_INTEGRAL_TOLERANCE = Decimal("0.000001")

_VALUE_FIELD_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\[[0-9]+\])*$")


# --------------------------------------------------------------------------- validation
def check_unit(unit: str) -> str:
    """Validate a unit name and return it unchanged.

    Args:
        unit: one of :data:`UNITS`.

    Returns:
        ``unit``.

    Raises:
        ValueError: for ``"thousands"`` (data must be converted to persons at build) or any
            other unknown unit.
    """
    if isinstance(unit, str) and unit.strip().lower() == "thousands":
        raise ValueError(
            "unit 'thousands' is not allowed: data are converted to persons at build; "
            "multiply by 1000 and use unit 'persons'"
        )
    if unit not in UNITS:
        raise ValueError(f"unknown unit {unit!r}; expected one of {sorted(UNITS)}")
    return unit


def is_missing(value: object) -> bool:
    """True for ``None``, ``NaN`` (float or numpy), ``pandas.NA`` and ``NaT``; False otherwise.

    Array-likes are not missing values (they return False); callers reject them separately.
    """
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    try:
        result = pd.isna(value)
    except (TypeError, ValueError):
        return False
    return isinstance(result, (bool, np.bool_)) and bool(result)


def _to_decimal(value: object) -> Decimal:
    """Exact decimal of what Python prints for ``value``; TypeError/ValueError if not a finite real."""
    if isinstance(value, (bool, np.bool_)):
        raise TypeError(f"expected a number, got boolean {value!r}")
    if isinstance(value, (int, np.integer)):
        return Decimal(int(value))
    if isinstance(value, Decimal):
        dec = value
    elif isinstance(value, (float, np.floating)) or isinstance(value, numbers.Real):
        f = float(value)
        if not math.isfinite(f):
            raise ValueError(f"expected a finite number, got {value!r}")
        dec = Decimal(repr(f))
    else:
        raise TypeError(f"expected a number, got {type(value).__name__} {value!r}")
    if not dec.is_finite():
        raise ValueError(f"expected a finite number, got {value!r}")
    return dec


def _to_int(value: object, unit: str) -> int:
    dec = _to_decimal(value)
    nearest = dec.to_integral_value(rounding=ROUND_HALF_UP)
    if abs(dec - nearest) > _INTEGRAL_TOLERANCE:
        raise ValueError(f"unit {unit!r} needs a whole number, got {value!r}")
    return int(nearest)


def _round(dec: Decimal, decimals: int) -> Decimal:
    return dec.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _fixed(dec: Decimal, decimals: int, separators: bool = False) -> str:
    rounded = _round(dec, decimals)
    if rounded == 0:
        rounded = abs(rounded)  # no "-0.00"
    return format(rounded, ",f" if separators else "f")


# --------------------------------------------------------------------------- compact
# Compact counts come from Babel (Unicode CLDR: "17.52 million", "1752万", "14.1亿"), rounded half-up
# like every other number here (Babel rounds in the current decimal context, half-even by default,
# which would print 17,525,000 as "17.52 million"). Our own code is kept only where CLDR's forms are
# not the ones this dashboard prints, each marked "Babel differs".
_BABEL_LOCALE = {"en": "en", "zh": "zh_Hans_CN"}


def _babel_compact(n: int, lang: str, fraction_digits: int) -> str:
    from babel.numbers import format_compact_decimal

    with localcontext(rounding=ROUND_HALF_UP):
        return format_compact_decimal(n, format_type="long" if lang == "en" else "short", locale=_BABEL_LOCALE[lang], fraction_digits=fraction_digits)


def _babel_decimal(value: Decimal | int, lang: str) -> str:
    from babel.numbers import format_decimal

    with localcontext(rounding=ROUND_HALF_UP):
        return format_decimal(value, format="#,##0.###", locale=_BABEL_LOCALE[lang])


def _compact_en(n: int) -> str:
    if abs(n) < 1_000_000:
        # Babel differs: CLDR has "153.37 thousand"; below a million every digit is printed (153,370).
        return _babel_decimal(n, "en")
    if abs(_round(Decimal(n) / Decimal(10**9), 2)) >= 1000:
        # Babel differs: CLDR switches to "trillion"; the yearbooks' largest unit here is billions (1,412 billion).
        return f"{_babel_decimal(_round(Decimal(n) / Decimal(10**9), 2), 'en')} billion"
    return _babel_compact(n, "en", 2)  # 17.52 million, 1.41 billion, -4.41 million, 1 million


def _int_digits(dec: Decimal) -> int:
    return len(str(int(abs(dec)))) if abs(dec) >= 1 else 1


def _compact_zh(n: int) -> str:
    if abs(n) < 10_000:
        return _babel_decimal(n, "zh")  # 9,999 (CLDR has no shorter form below 1万 either)
    dec = Decimal(n)
    if abs(n) < 100_000_000:
        # 4 significant digits, but never coarser than 0.1万 (1,000): 1533.7万, 15.34万, 1752万. CLDR's
        # Chinese patterns take a number of decimals, not significant digits: the decimals are chosen here.
        return _babel_compact(n, "zh", max(1, 4 - _int_digits(dec / Decimal(10**4))))
    yi = dec / Decimal(10**8)
    # 3 significant digits, never rounding away integer digits: 14.1亿, 1.41亿, 141亿, 1,412亿.
    digits = max(0, 3 - _int_digits(yi))
    if abs(_round(yi, digits)) >= 1000:
        # Babel differs: CLDR writes 1000亿 and up without a digit separator ("1235亿") and from 10^12
        # in 万亿; the forms printed here keep 亿 with separators (1,235亿).
        return f"{_babel_decimal(_round(yi, digits), 'zh')}亿"
    return _babel_compact(n, "zh", digits)


# --------------------------------------------------------------------------- public API
def format_value(
    value: object,
    unit: str,
    lang: str = "en",
    style: str = "full",
    decimals: int | None = None,
) -> str:
    """Format one number for display.

    Args:
        value: an int, float, numpy scalar or ``decimal.Decimal``; or a missing value
            (``None``, ``NaN``, ``pandas.NA``, ``NaT``).
        unit: one of :data:`UNITS` (see the module docstring). The unit word itself is *not*
            appended (except ``%`` for percent); labels carry it.
        lang: ``"en"`` or ``"zh"``.
        style: ``"full"`` -- every digit: counts ``15,337,091``, ratio ``108.19``, percent
            ``12.3%``, year ``2020``.
            ``"compact"`` -- for counts only (other units are formatted as in ``"full"``):
            en: ``|x| < 1,000,000`` plain with separators (``999``, ``1,000``), else millions
            or billions with 2 decimals, trailing zeros trimmed (``17.52 million``,
            ``1.41 billion``, ``-4.41 million``, ``1 million``).
            zh: ``|x| < 10,000`` plain with separators; ``10,000 <= |x| < 100,000,000`` in 万
            with 4 significant digits but at least 0.1万 precision, trailing zeros trimmed
            (``1752万``, ``1533.7万``, ``15.34万``); above in 亿 with 3 significant digits
            (``14.1亿``). A value that rounds up to 10000万 is shown in 亿. Never SI
            suffixes (``M``, ``G``). Babel's CLDR compact forms, except where noted in
            ``_compact_en`` / ``_compact_zh``.
        decimals: number of decimals for ``"males per 100 females"`` (default 2) and
            ``"percent"`` (default 1), e.g. ``1`` when the source printed ``105.1``.
            Must be None for counts and years.

    Returns:
        The text (``str``). Missing -> ``"not published"`` (en) / ``"未公布"`` (zh).

    Raises:
        ValueError: unknown or ``"thousands"`` unit, unknown lang/style, ``decimals`` given
            for a count/year or outside 0..10, a non-finite number (``inf``), or a count/year
            that is not a whole number (float noise below 1e-6 is tolerated).
        TypeError: ``value`` is not a number (e.g. a string or a boolean).
    """
    check_unit(unit)
    check_lang(lang)
    if style not in STYLES:
        raise ValueError(f"unknown style {style!r}; expected one of {STYLES}")
    if decimals is not None:
        if unit not in _DEFAULT_DECIMALS:
            raise ValueError(f"decimals is only allowed for {sorted(_DEFAULT_DECIMALS)}, not {unit!r}")
        if isinstance(decimals, bool) or not isinstance(decimals, int) or not 0 <= decimals <= _MAX_DECIMALS:
            raise ValueError(f"decimals must be an int in 0..{_MAX_DECIMALS}, got {decimals!r}")

    if is_missing(value):
        return MISSING_TEXT[lang]

    if unit in COUNT_UNITS:
        n = _to_int(value, unit)
        if style == "full":
            return f"{n:,}"
        return _compact_en(n) if lang == "en" else _compact_zh(n)
    if unit == YEAR_UNIT:
        return str(_to_int(value, unit))
    places = _DEFAULT_DECIMALS[unit] if decimals is None else decimals
    text = _fixed(_to_decimal(value), places)
    return text + "%" if unit == PERCENT_UNIT else text


def axis_tickformat(unit: str) -> str:
    """Plotly (d3-format) ``tickformat`` for an axis showing ``unit``.

    Args:
        unit: one of :data:`UNITS`.

    Returns:
        ``",d"`` for counts (``15,337,091``), ``".0f"`` for years (``2020``, no separator),
        ``".0f"`` for sex ratios and percent: axis ticks fall on whole numbers (100, 110); the
        hover shows the printed decimals (percent values are already in percent, so use
        :func:`axis_ticksuffix` for the ``%`` sign -- d3's ``%`` type would multiply by 100).
        Never ``"s"`` (SI prefixes such as ``G`` for billions).

    Raises:
        ValueError: unknown or ``"thousands"`` unit.
    """
    check_unit(unit)
    if unit in COUNT_UNITS:
        return ",d"
    if unit == YEAR_UNIT:
        return ".0f"
    return ".0f"


def axis_ticksuffix(unit: str) -> str:
    """Plotly ``ticksuffix`` for an axis showing ``unit``: ``"%"`` for percent, else ``""``.

    Raises:
        ValueError: unknown or ``"thousands"`` unit.
    """
    check_unit(unit)
    return "%" if unit == PERCENT_UNIT else ""


def hover_template(label: str, unit: str, value_field: str = "x", lang: str = "en") -> str:
    """Plotly ``hovertemplate`` showing one value with separators and its unit.

    Args:
        label: text shown before the value (e.g. ``"Population"``, ``"全国"``); HTML-escaped.
            An empty label gives just the value.
        unit: one of :data:`UNITS`.
        value_field: the Plotly variable holding the value: ``"x"``, ``"y"``, ``"z"``,
            ``"customdata[0]"`` ...
        lang: ``"en"`` or ``"zh"``: the unit word in that language (``15,337,091 人``,
            ``108.19（女=100）``), from :data:`datasets.columns.UNITS`.

    Returns:
        e.g. ``"Population: %{x:,d} persons<extra></extra>"``,
        ``"Sex ratio: %{y:.2f} males per 100 females<extra></extra>"``,
        ``"Share: %{y:.1f}%<extra></extra>"``, ``"Year: %{x:.0f}<extra></extra>"``
        (``"count"`` gets no unit word). Always ends with ``"<extra></extra>"`` (no trace box).

    Raises:
        ValueError: unknown or ``"thousands"`` unit, unknown ``lang``, or a malformed ``value_field``.
        TypeError: ``label`` is not a string.
    """
    from dashboard.i18n import unit_label

    check_unit(unit)
    check_lang(lang)
    word = unit_label(unit, lang)
    ratio_suffix = f"（{word}）" if lang == "zh" else f" {word}"
    if not isinstance(label, str):
        raise TypeError(f"label must be a str, got {type(label).__name__}")
    if not isinstance(value_field, str) or not _VALUE_FIELD_RE.match(value_field):
        raise ValueError(f"malformed value_field {value_field!r}")
    if unit in COUNT_UNITS:
        value = f"%{{{value_field}:,d}}" + ("" if unit == "count" else f" {word}")
    elif unit == YEAR_UNIT:
        value = f"%{{{value_field}:.0f}}"
    elif unit == PERCENT_UNIT:
        value = f"%{{{value_field}:.{_DEFAULT_DECIMALS[PERCENT_UNIT]}f}}%"
    else:
        value = f"%{{{value_field}:.{_DEFAULT_DECIMALS[RATIO_UNIT]}f}}{ratio_suffix}"
    prefix = f"{html.escape(label, quote=False)}: " if label else ""
    return f"{prefix}{value}<extra></extra>"


def check_units_for_frame(df: pd.DataFrame, units: Mapping[str, str]) -> None:
    """Check that ``units`` maps existing, unique columns of ``df`` to valid units.

    Raises:
        TypeError: ``units`` is not a mapping.
        KeyError: a column named in ``units`` is not in ``df``.
        ValueError: ``df`` has duplicate column names, or a unit is unknown / ``"thousands"``.
    """
    if not isinstance(units, Mapping):
        raise TypeError(f"units must be a mapping column -> unit, got {type(units).__name__}")
    if not df.columns.is_unique:
        dupes = sorted({str(c) for c in df.columns[df.columns.duplicated()]})
        raise ValueError(f"duplicate column names: {dupes}")
    missing = [c for c in units if c not in df.columns]
    if missing:
        raise KeyError(f"columns named in units are not in the frame: {missing}")
    for unit in units.values():
        check_unit(unit)


def format_frame_for_display(df: pd.DataFrame, units: dict[str, str], lang: str = "en", decimals: Mapping[str, int] | None = None) -> pd.DataFrame:
    """Copy of ``df`` with the columns listed in ``units`` rendered as text for a table.

    Each cell of a listed column goes through ``format_value(value, unit, lang, "full")``
    (so missing -> ``"not published"`` / ``"未公布"``). Other columns, the index and the column
    order are unchanged. ``df`` is never mutated.

    Args:
        df: the frame on screen.
        units: column name -> unit, e.g. ``{"population": "persons", "sex_ratio":
            "males per 100 females"}``.
        lang: ``"en"`` or ``"zh"``.
        decimals: column -> decimals for ratio and percent columns shown with other than the
            unit's default (e.g. ``{"share": 2}`` for 12.62%), as :func:`format_value` takes them;
            by default the frame's own ``df.attrs["decimals"]``, so that a page can hand a table
            with its decimals to :func:`dashboard.ui.chart_block` (none: the unit's default).

    Returns:
        A new ``pandas.DataFrame``; listed columns hold ``str`` values.

    Raises:
        KeyError: a column in ``units`` is not in ``df``.
        ValueError: unknown/``"thousands"`` unit, unknown lang, duplicate column names, or a
            cell that :func:`format_value` rejects (e.g. a fractional count).
        TypeError: a listed column holds a non-number (e.g. text).
    """
    check_lang(lang)
    check_units_for_frame(df, units)
    decimals = df.attrs.get("decimals") if decimals is None else decimals
    out = df.copy(deep=True)
    for column, unit in units.items():
        out[column] = pd.Series(
            [format_value(v, unit, lang, "full", (decimals or {}).get(column)) for v in df[column].tolist()],
            index=df.index,
            dtype=object,
        )
    return out


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>$~:=])")


def escape_markdown(text: object) -> str:
    """Text from the data (titles, outlets, notes) made safe to put inside Streamlit Markdown:
    every Markdown, HTML, LaTeX ($) and directive (:red[...]) character is backslash-escaped, so
    it renders as the literal text. Missing values become "".
    """
    if is_missing(text):
        return ""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


def display_unit(unit: object) -> str:
    """The formatter unit for a unit as the data print it: a unit of :data:`UNITS` ("persons",
    "cases", "males per 100 females", "percent" ...) maps to itself, any other count (gangs,
    alerts, offences, sites ...) to "count"."""
    return str(unit) if unit in UNITS else "count"
