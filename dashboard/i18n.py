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

from datasets.columns import label as data_label
from datasets.columns import unit_text as data_unit

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


#: Column id -> English label of the columns of frames the pages build themselves (the published
#: tables' columns are labelled in both languages by :data:`datasets.columns.COLUMNS`).
COLUMN_LABELS: dict[str, str] = {
    "region_en": N_("area"),
    "both": N_("both sexes"),
    # marriage squeeze (marital_status_by_age, never_married_share, marriage_market_sex_ratio, the marriage page's tables)
    "never_married_counted": N_("never married, counted in the table"),
    "persons_counted": N_("all statuses, counted in the table"),
    "never_married_men_counted": N_("never-married men, counted in the table"),
    "never_married_women_counted": N_("never-married women, counted in the table"),
    "count_basis": N_("what the counts are"),
    "census": N_("census"),
    "date": N_("date"),
    "value_int": N_("persons"),
    "members": N_("countries in the sum"),
    "n_countries": N_("number of countries"),
    "publisher": N_("publisher"),
    "publisher_zh": N_("publisher (Chinese)"),
    "title_zh": N_("title (Chinese)"),
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
    "closest": N_("closest definition"),
    "link": N_("link"),
    "rank": N_("rank"),
    "definition": N_("definition"),
    "within": N_("within the printed range"),
    "steps": N_("steps from the printed definition"),
    "variant": N_("variant"),
}

def column_label(column: str, lang: str = "en") -> str:
    """Header text for a column id: its label in ``lang`` -- for a published table's column from
    :data:`datasets.columns.COLUMNS` (the data layer, shared with the downloads and the data
    package), else from :data:`COLUMN_LABELS`; an unknown id is shown as it is, with underscores
    as spaces."""
    check_lang(lang)
    published = data_label(str(column), lang)
    if published is not None:
        return published
    label = COLUMN_LABELS.get(str(column))
    if label is None:
        return str(column).replace("_", " ")
    return t(label, lang)


def unit_label(unit: str, lang: str = "en") -> str:
    """The unit in words in ``lang`` (e.g. ``"persons"`` / ``"人"``); an unknown unit unchanged."""
    check_lang(lang)
    return data_unit(unit, lang)


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
        if label in out.values():  # a frame a page built with two ids of one label: keep them apart (published tables never need it)
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
