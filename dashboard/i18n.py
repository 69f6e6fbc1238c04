"""English / 中文: every text the dashboard shows, in the reader's language.

gettext: the English text is the message id, and the Chinese catalogue
``dashboard/locale/zh/LC_MESSAGES/messages.po`` (compiled to ``messages.mo`` beside it, read here with
the standard library's :mod:`gettext`) gives its Chinese text. Code writes
``t("Population pyramid", lang)`` (library modules) or ``_("Population pyramid")`` (pages, via
:func:`dashboard.ui.translator`); texts kept in a table to be translated later are marked with
:func:`N_` (gettext's ``gettext_noop``). ``pybabel extract`` finds them all (``make translations``,
scripts/translations.sh), and ``tests/test_i18n.py`` checks that each has a reviewed Chinese
translation with the same ``{placeholders}``.

Numbers are never typed into a message: callers format them with
:func:`dashboard.formatting.format_value` (same ``lang``) and pass them as placeholders.

Data values keep the language of their source; where the data carry a Chinese column
(``geography_zh``, ``measure_label_zh``, ``claim_zh`` ...), :func:`localised_column` picks it.

Nothing here imports streamlit.
"""

from __future__ import annotations

import gettext
import logging
from collections.abc import Mapping
from functools import cache
from pathlib import Path

import pandas as pd

log = logging.getLogger(__name__)

#: The gettext catalogues: ``<lang>/LC_MESSAGES/messages.po`` (the source a translator edits) and
#: the compiled ``messages.mo`` read at run time.
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "messages"

LANGS = ("en", "zh")
LANGUAGE_NAMES = {"en": "English", "zh": "中文"}

__all__ = ["LANGS", "LANGUAGE_NAMES", "N_", "t", "check_lang", "column_label", "unit_label", "column_labels", "localised_column", "catalogue"]


def N_(text: str) -> str:
    """Mark ``text`` as a message to translate where it is used (returns it unchanged)."""
    return text


def check_lang(lang: str) -> str:
    """Return ``lang`` if it is ``"en"`` or ``"zh"``.

    Raises:
        ValueError: any other value.
    """
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; expected one of {LANGS}")
    return lang


class _Untranslated(gettext.NullTranslations):
    """Last fallback of the Chinese catalogue: a message it lacks (or whose translation is still
    marked fuzzy, which ``pybabel compile`` leaves out) is shown in English and logged."""

    def gettext(self, message: str) -> str:
        log.warning("no Chinese translation for %r", message)
        return message


@cache
def catalogue(lang: str) -> gettext.NullTranslations:
    """The translations for ``lang``: the compiled ``messages.mo`` for ``"zh"`` (read once per
    process), no translation for ``"en"`` (the English text is the message id).

    Raises:
        ValueError: unknown ``lang``.
        FileNotFoundError: ``messages.mo`` is missing (the message names the file and the command
            that compiles it).
    """
    check_lang(lang)
    if lang == "en":
        return gettext.NullTranslations()
    try:
        translation = gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[lang])
    except FileNotFoundError as exc:
        mo = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
        raise FileNotFoundError(f"{mo} is missing: compile the catalogue with `make translations` "
                                f"(pybabel compile -d dashboard/locale -D messages)") from exc
    translation.add_fallback(_Untranslated())
    return translation


def t(text: str, lang: str = "en", /, **values: object) -> str:
    """``text`` in ``lang``, with ``{name}`` placeholders filled from ``values``.

    Args:
        text: the English message (the message id).
        lang: ``"en"`` or ``"zh"``.
        values: placeholder values, already formatted (numbers through ``format_value``).

    Returns:
        The translated, filled text. A message with no Chinese translation is shown in English
        and logged (``tests/test_i18n.py`` keeps that from shipping).

    Raises:
        ValueError: unknown ``lang``.
        KeyError: a placeholder in the message has no value.
    """
    # gettext("") is the catalogue's header, not a translation: an empty text stays empty.
    template = catalogue(lang).gettext(text) if text else text
    return template.format(**values) if values else template


#: Column id -> English label, for table headers on screen and in Chinese downloads.
COLUMN_LABELS: dict[str, str] = {
    "source_id": N_("source"),
    "estimate_type": N_("estimate type"),
    "geography_code": N_("area code"),
    "geography": N_("area"),
    "geography_zh": N_("area (Chinese)"),
    "region_en": N_("area"),
    "year": N_("year"),
    "reference_date": N_("reference date"),
    "age_start": N_("first age"),
    "age_end": N_("last age"),
    "age_label": N_("age group"),
    "open_ended": N_("open-ended group"),
    "sex": N_("sex"),
    "population": N_("population"),
    "male": N_("men"),
    "female": N_("women"),
    "both": N_("both sexes"),
    "surplus_of_men": N_("surplus of men"),
    # marriage squeeze (marital_status_by_age, never_married_share, marriage_market_sex_ratio, the marriage page's tables)
    "area": N_("area (total, urban, rural)"),
    "all_ages": N_("all ages 15+"),
    "marital_status": N_("marital status"),
    "marital_status_as_published": N_("marital status as published"),
    "persons": N_("counted in the table"),
    "tabulation": N_("tabulation"),
    "sample": N_("sample"),
    "civilian_only": N_("civilian population only"),
    "unsd_footnotes": N_("UN footnotes"),
    "never_married": N_("never married, counted in the table"),
    "total": N_("all statuses, counted in the table"),
    "share_never_married": N_("share never married"),
    "never_married_ratio": N_("never-married men per 100 never-married women"),
    "never_married_counted": N_("never married, counted in the table"),
    "persons_counted": N_("all statuses, counted in the table"),
    "never_married_men_counted": N_("never-married men, counted in the table"),
    "never_married_women_counted": N_("never-married women, counted in the table"),
    "count_basis": N_("what the counts are"),
    "grid": N_("age groups of the table"),
    "gap": N_("age gap (years)"),
    "men_age_from": N_("men: first age"),
    "men_age_to": N_("men: last age"),
    "women_age_from": N_("women: first age"),
    "women_age_to": N_("women: last age"),
    "men_ages": N_("men's ages"),
    "women_ages": N_("women's ages"),
    "men": N_("men"),
    "women": N_("women"),
    "ratio": N_("men per 100 women of the matching ages"),
    "sex_ratio": N_("sex ratio"),
    "series": N_("series"),
    "revision": N_("revision"),
    "value": N_("value"),
    "census": N_("census"),
    "census_year": N_("census year"),
    "period_start": N_("period start"),
    "period_end": N_("period end"),
    "area_type": N_("area type"),
    "birth_order": N_("birth order"),
    "births_both": N_("births, both sexes"),
    "births_male": N_("births, boys"),
    "births_female": N_("births, girls"),
    "sex_ratio_at_birth": N_("sex ratio at birth"),
    "sex_ratio_at_birth_as_printed": N_("sex ratio at birth as printed"),
    "small_sample": N_("fewer than 100 girls in the sample"),
    "figure_id": N_("figure"),
    "topic": N_("topic"),
    "measure": N_("measure"),
    "measure_zh": N_("measure (Chinese)"),
    "measure_label": N_("measure"),
    "measure_label_zh": N_("measure (Chinese)"),
    "unit": N_("unit"),
    "count_type": N_("count type"),
    "lower_bound": N_("'more than' (lower bound)"),
    "agency": N_("agency"),
    "outlet": N_("outlet"),
    "published_date": N_("published"),
    "url": N_("link"),
    "locator": N_("as printed"),
    "grade": N_("quality grade"),
    "note": N_("note"),
    "all_cases": N_("all registered criminal cases"),
    "per_10000": N_("per 10,000 registered criminal cases"),
    "iso3": N_("ISO code"),
    "region": N_("region"),
    "subregion": N_("subregion"),
    "region_zh": N_("region (Chinese)"),
    "subregion_zh": N_("subregion (Chinese)"),
    "indicator": N_("indicator"),
    "dimension": N_("dimension"),
    "category": N_("category"),
    "age": N_("age"),
    "value_flag": N_("flag"),
    "value_as_published": N_("value as published"),
    "report_year": N_("report year"),
    "country": N_("country"),
    "country_zh": N_("country (Chinese)"),
    "name_in_source": N_("name in the source"),
    "tier_code": N_("tier code"),
    "tier_label": N_("tier"),
    "source_location": N_("where in the source"),
    "claim": N_("claim (our words)"),
    "claim_zh": N_("claim (Chinese)"),
    "population_zh": N_("population (Chinese)"),
    "attributed_to": N_("attributed to"),
    "attributed_to_zh": N_("attributed to (Chinese)"),
    "note_zh": N_("note (Chinese)"),
    "title": N_("title"),
    "recompute": N_("check"),
    "chart_page": N_("chart page"),
    "chart_anchor": N_("chart"),
    "date": N_("date"),
    "value_int": N_("persons"),
    "label": N_("what"),
    "kind": N_("kind"),
    "members": N_("countries in the sum"),
    "n_countries": N_("number of countries"),
    "publisher": N_("publisher"),
    "publisher_zh": N_("publisher (Chinese)"),
    "title_zh": N_("title (Chinese)"),
    "table": N_("table"),
    "table_zh": N_("table (Chinese)"),
    "repository": N_("repository"),
    "path": N_("path"),
    "commit": N_("commit"),
    "licence": N_("licence"),
    "grade_description": N_("what the grade means"),
    "raw_files": N_("raw files"),
    "caveats": N_("caveats"),
    "rows": N_("rows"),
    "sha256": N_("sha256"),
    "sources": N_("sources"),
    "claim_id": N_("claim"),
    "number_as_printed": N_("number as printed"),
    "verdict": N_("verdict"),
    "closest": N_("closest definition"),
    "link": N_("link"),
    "rank": N_("rank"),
    "definition": N_("definition"),
    "difference": N_("difference"),
    "difference_pct": N_("difference (%)"),
    "within": N_("within the printed range"),
    "steps": N_("steps from the printed definition"),
    "age_from": N_("first age"),
    "age_to": N_("last age"),
    "year_to": N_("to year"),
    "checked_as": N_("searched as"),
    "origin": N_("origin"),
    "precision": N_("printed precision"),
    "bound": N_("bound"),
    "low": N_("lowest value admitted"),
    "high": N_("highest value admitted"),
    "finding": N_("finding"),
    "best_role": N_("closest: what it is"),
    "best_source_id": N_("closest: source"),
    "best_table": N_("closest: table"),
    "best_year": N_("closest: year"),
    "best_geography_code": N_("closest: area code"),
    "best_age_from": N_("closest: first age"),
    "best_age_to": N_("closest: last age"),
    "best_value": N_("closest: value"),
    "source_ids": N_("sources"),
    "assumptions": N_("assumptions"),
    "position": N_("position"),
    "role": N_("what it is"),
    "basis": N_("basis"),
    "admits": N_("within the printed range"),
    "same_definition": N_("the printed definition"),
    "variant": N_("variant"),
    "grouping": N_("age grouping"),
    "top_age_label": N_("last age group"),
    "communique": N_("communique"),
    "servicemen": N_("servicemen"),
    "table_source_id": N_("table source"),
}

#: Unit (see :mod:`dashboard.formatting`) -> English text for headers and hover labels.
UNIT_LABELS: dict[str, str] = {
    "persons": N_("persons"),
    "cases": N_("cases"),
    "count": N_("count"),
    "births": N_("births"),
    "males per 100 females": N_("males per 100 females"),
    "percent": N_("percent"),
    "year": N_("year"),
}


def column_label(column: str, lang: str = "en") -> str:
    """Header text for a column id: its label in ``lang`` (an unknown id is shown as it is,
    with underscores as spaces)."""
    check_lang(lang)
    label = COLUMN_LABELS.get(str(column))
    if label is None:
        return str(column).replace("_", " ")
    return t(label, lang)


def unit_label(unit: str, lang: str = "en") -> str:
    """The unit in words in ``lang`` (e.g. ``"persons"`` / ``"人"``); an unknown unit unchanged."""
    check_lang(lang)
    label = UNIT_LABELS.get(unit)
    return unit if label is None else t(label, lang)


def column_labels(columns, units: Mapping[str, str] | None = None, lang: str = "en") -> dict[str, str]:
    """Column id -> header text, with the unit in brackets where ``units`` names one, e.g.
    ``{"male": "men (persons)"}`` / ``{"male": "男（人）"}``. Years get no unit."""
    units = units or {}
    out: dict[str, str] = {}
    for c in columns:
        label = column_label(c, lang)
        unit = units.get(c)
        if unit and unit != "year":
            label = f"{label}（{unit_label(unit, lang)}）" if lang == "zh" else f"{label} ({unit_label(unit, lang)})"
        if label in out.values():  # two ids with one label: keep both columns apart
            label = f"{label} [{c}]"
        out[c] = label
    return out


def localised_column(frame: pd.DataFrame, column: str, lang: str = "en") -> pd.Series:
    """``frame[column]`` in ``lang``: for ``"zh"`` the ``<column>_zh`` column where the data
    carry one (missing cells fall back to the original), else the column itself.

    Raises:
        KeyError: ``column`` is not in ``frame``.
    """
    check_lang(lang)
    base = frame[column]
    zh = f"{column}_zh"
    if lang == "zh" and zh in frame.columns:
        return frame[zh].where(frame[zh].notna() & (frame[zh].astype("string") != ""), base)
    return base


def localised_frame(frame: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """``frame`` with one column per text in the reader's language: each column that has a
    ``<column>_zh`` twin holds :func:`localised_column` (Chinese for ``"zh"``, the original for
    ``"en"``) and the twins are dropped. A new frame; columns keep their order.

    Raises:
        ValueError: unknown ``lang``.
    """
    check_lang(lang)
    out = frame.copy()
    twins = [c for c in frame.columns if f"{c}_zh" in frame.columns]
    for c in twins:
        out[c] = localised_column(frame, c, lang)
    return out.drop(columns=[f"{c}_zh" for c in twins])
