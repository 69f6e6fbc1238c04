"""Selections of the marriage-squeeze tables (``never_married_share``, ``marriage_market_sex_ratio``)
that the marriage page draws, cached per data version (:func:`dashboard.data.cached_per_version`).

The computations run in the build (:mod:`datasets.derived.marriage`); here the published tables
are only filtered and labelled in the reader's language. Each caller gets a copy.
"""

from __future__ import annotations

import pandas as pd

from dashboard import data
from dashboard.i18n import N_, t
from datasets.derived import marriage

SHARE = "never_married_share"
MARKET = "marriage_market_sex_ratio"

#: How a census's marital table was tabulated, for its series label.
TABULATION_SERIES = {
    "complete": N_("{year} census (civilian)"),
    "sample": N_("{year} census (sample)"),
    "long_form_sample": N_("{year} census (long-form sample)"),
}
AREA_LABELS = {"total": N_("total"), "urban": N_("urban"), "rural": N_("rural")}


def series_label(row, lang: str) -> str:
    """'2010 census (long-form sample)' for a row of ``never_married_share`` (the legend's name of a census)."""
    text = TABULATION_SERIES[row["tabulation"]]
    if row["tabulation"] == "complete" and not row["civilian_only"]:
        text = N_("{year} census")
    return t(text, lang, year=int(row["year"]))


@data.cached_per_version(SHARE, max_entries=32)
def _by_age(area: str, sex: str) -> pd.DataFrame:
    share = data.load_table(SHARE)
    return share[(share["area"] == area) & (share["sex"] == sex) & ~share["all_ages"]].sort_values(["year", "age_start"]).reset_index(drop=True)


def never_married_by_age(area: str, sex: str, lang: str = "en") -> pd.DataFrame:
    """Rows of ``never_married_share`` for one area and sex, every census and age group (the 15+
    row left out), with ``series`` (the census in words, saying which are samples) in ``lang``.
    The rows are cached once for every language; the words are added here."""
    rows = _by_age(area, sex)
    return rows.assign(series=[series_label(r, lang) for _i, r in rows.iterrows()])


@data.cached_per_version(SHARE, max_entries=16)
def _band(sex: str, age_from: int, age_to: int) -> pd.DataFrame:
    return marriage.band_shares(data.load_table(SHARE), sex, age_from, age_to)


def band_by_area(sex: str, age_from: int, age_to: int, lang: str = "en") -> pd.DataFrame:
    """Per cent never married of ``sex`` aged ``age_from``-``age_to`` at each census, by area
    (:func:`datasets.derived.marriage.band_shares`), with ``series`` = the area in ``lang``."""
    rows = _band(sex, int(age_from), int(age_to))
    return rows.assign(series=[t(AREA_LABELS[a], lang) for a in rows["area"]])


@data.cached_per_version(MARKET, max_entries=64)
def _market(gap: int, men_from: int, men_to: int) -> pd.DataFrame:
    return marriage.market_series(data.load_table(MARKET), gap, men_from, men_to)


def market(gap: int, men_from: int, men_to: int, lang: str = "en") -> pd.DataFrame:
    """The marriage-market series for one gap and men's window (rows of ``marriage_market_sex_ratio``,
    :func:`datasets.derived.marriage.market_series`), with ``source`` = the source's short name in
    ``lang`` (as the chart's source line names it)."""
    rows = _market(int(gap), int(men_from), int(men_to))
    return rows.assign(source=[data.source_short(s, lang) for s in rows["source_id"]])


@data.cached_per_version(MARKET, max_entries=4)
def market_sources() -> pd.DataFrame:
    """The sources of ``marriage_market_sex_ratio``: source_id, estimate_type, grid, first and last year (min, max)."""
    table = data.load_table(MARKET)
    return table.groupby(["source_id", "estimate_type", "grid"], sort=False)["year"].agg(["min", "max"]).reset_index()
