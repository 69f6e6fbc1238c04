"""Derived frames, cached per server process with ``st.cache_data``.

Pages call these instead of recomputing on every rerun: a rerun then redoes only the work that
depends on its widgets. Every cache key includes the version of the published file(s) used (see
:func:`dashboard.data.version`), so a new build is picked up without a restart. Each caller gets a
copy. The computations themselves live in :mod:`dashboard.analysis` and
:mod:`dashboard.trafficking` (pure, tested).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import analysis, crosscheck, data, trafficking
from dashboard.i18n import localised_column

POP = "population_by_age_sex"


@st.cache_data(show_spinner=False, max_entries=8)
def _datasets(v) -> pd.DataFrame:
    return analysis.population_datasets(data.load_table(POP))


def population_datasets() -> pd.DataFrame:
    """:func:`dashboard.analysis.population_datasets` for China."""
    return _datasets(data.version(POP))


@st.cache_data(show_spinner=False, max_entries=256)
def _wide(source_id: str, year: int, geography_code: str, equal_width: bool, v) -> pd.DataFrame:
    rows = analysis.select_dataset(data.load_table(POP), source_id, year, geography_code)
    return analysis.by_sex_wide(analysis.equal_width_groups(rows) if equal_width else rows)


def by_sex_wide(source_id: str, year: int, geography_code: str = "CHN", equal_width: bool = False) -> pd.DataFrame:
    """Men, women, surplus of men and sex ratio by age group for one source, year and geography
    (see :func:`dashboard.analysis.by_sex_wide`); ``equal_width`` folds NBS "0" and "1-4" into "0-4"."""
    return _wide(source_id, int(year), geography_code, equal_width, data.version(POP))


@st.cache_data(show_spinner=False, max_entries=8)
def _names(source_id: str, lang: str, v) -> dict:
    rows = data.load_table(POP)
    first = rows[rows["source_id"] == source_id].drop_duplicates("geography_code")
    return dict(zip(first["geography_code"], localised_column(first, "geography", lang)))


def geography_names(source_id: str, lang: str = "en") -> dict[str, str]:
    """geography_code -> name in ``lang`` (``geography`` / ``geography_zh``) of one population
    source, in the table's order."""
    return _names(source_id, lang, data.version(POP))


@st.cache_data(show_spinner=False, max_entries=64)
def _ratios(selections: tuple, lang: str, v) -> pd.DataFrame:
    return analysis.sex_ratio_by_age(data.load_table(POP), list(selections), lang=lang)


def sex_ratio_by_age(selections: list[tuple[str, int]], lang: str = "en") -> pd.DataFrame:
    """:func:`dashboard.analysis.sex_ratio_by_age` for several (source_id, year) pairs (series labels in ``lang``)."""
    return _ratios(tuple(selections), lang, data.version(POP))


@st.cache_data(show_spinner=False, max_entries=64)
def _countries(source_id: str, year: int, codes: tuple, v) -> pd.DataFrame:
    return analysis.countries_sex_ratio_by_age(data.load_table(POP), source_id, year, list(codes))


def countries_sex_ratio_by_age(source_id: str, year: int, codes: list[str]) -> pd.DataFrame:
    """:func:`dashboard.analysis.countries_sex_ratio_by_age`."""
    return _countries(source_id, int(year), tuple(codes), data.version(POP))


@st.cache_data(show_spinner=False, max_entries=4)
def _provinces(v) -> pd.DataFrame:
    return analysis.province_sex_ratio(data.load_table(POP))


def province_sex_ratio() -> pd.DataFrame:
    """:func:`dashboard.analysis.province_sex_ratio` (2010 and 2020)."""
    return _provinces(data.version(POP))


@st.cache_data(show_spinner=False, max_entries=4)
def _gap(v1, v2) -> dict:
    return analysis.servicemen_gap(data.load_table(POP), data.load_table("reported_figures"))


def servicemen_gap() -> dict:
    """:func:`dashboard.analysis.servicemen_gap`."""
    return _gap(data.version(POP), data.version("reported_figures"))


@st.cache_data(show_spinner=False, max_entries=4)
def _cases(v) -> pd.DataFrame:
    return trafficking.registered_cases(data.load_table("crime_cases_registered"))


def registered_cases() -> pd.DataFrame:
    """:func:`dashboard.trafficking.registered_cases`."""
    return _cases(data.version("crime_cases_registered"))


@st.cache_data(show_spinner=False, max_entries=8)
def _checks(versions: tuple, lang: str) -> list:
    names = ["population_by_age_sex", "reported_figures", "crime_cases_registered", "glotip"]
    tables, _ = data.load_tables(names)
    return crosscheck.check_all(data.load_table("cited_figures"), tables, lang)


def cited_figure_checks(lang: str = "en") -> list:
    """:func:`dashboard.crosscheck.check_all` for the cited figures (with the tables available), in ``lang``."""
    names = ["cited_figures", "population_by_age_sex", "reported_figures", "crime_cases_registered", "glotip"]
    return _checks(tuple(data.version(n) for n in names), lang)
