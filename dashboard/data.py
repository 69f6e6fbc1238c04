"""The only module that reads the published files (Parquet, manifest, province boundaries).

Reads are cached with ``st.cache_data``, keyed by the file's modification time and size (so a new
build is picked up without a restart); each caller gets its own copy, so a page that changes a
frame cannot change what the next session sees. A missing,
corrupt or schema-changed file raises :class:`DataUnavailable` with the command that fixes it;
pages show that message and carry on (see :func:`dashboard.ui.guard`).
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import streamlit as st

from datasets.catalog import catalog_frame, citation, load_catalog
from datasets.paths import MANIFEST, PUBLISHED_DIR, display_path, file_version

FIX_COMMAND = "make data   (or: .venv/bin/python -m datasets.build)"

class DataUnavailable(RuntimeError):
    """A published file is missing, unreadable or no longer matches its schema."""


def _path(name: str) -> Path:
    return PUBLISHED_DIR / f"{name}.parquet"


def version(name: str) -> tuple[int, int]:
    """A token that changes whenever the published table's file changes (for cache keys)."""
    return file_version(_path(name))


def cached_per_version(*tables: str, max_entries: int = 64):
    """Decorator: cache a selection of published tables with ``st.cache_data``, keyed by its
    arguments and by the :func:`version` of each table in ``tables``, so a new build is picked up
    without a restart. Each caller gets a copy (``st.cache_data`` returns one).

    Example::

        @data.cached_per_version("sex_ratio_by_age")
        def geography_names(source_id: str, lang: str = "en") -> dict[str, str]: ...

    The arguments must be hashable by Streamlit (text, numbers, tuples, lists).
    """

    def decorate(fn):
        def run(*args, data_versions: tuple, **kwargs):  # no leading underscore: st.cache_data would not hash it
            return fn(*args, **kwargs)

        # st.cache_data tells functions apart by module and qualified name: one cache per selection.
        run.__module__, run.__qualname__, run.__name__ = fn.__module__, f"{fn.__qualname__}.cached", f"{fn.__name__}_cached"
        cached = st.cache_data(show_spinner=False, max_entries=max_entries)(run)

        @functools.wraps(fn)
        def call(*args, **kwargs):
            return cached(*args, data_versions=tuple(version(t) for t in tables), **kwargs)

        return call

    return decorate


def load_table(name: str) -> pd.DataFrame:
    """One published table as a DataFrame, with the columns and dtypes the build wrote (see
    ``datasets/schemas.py``; the manifest lists each table's columns and units).

    Args:
        name: a published table, e.g. "population_by_age_sex" (see :func:`table_names`).

    Returns:
        The table (a copy: callers may change it). Units: :func:`units`. Sources: ``source_id``
        joins the catalogue. Re-read when the file changes (a new build).

    Raises:
        DataUnavailable: the file is missing, unreadable, or its columns differ from the manifest.
    """
    if not name.replace("_", "").isalnum():
        raise DataUnavailable(f"unknown table {name!r}")
    return _load_table(name, *file_version(_path(name)), *file_version(PUBLISHED_DIR / MANIFEST))


@st.cache_data(show_spinner=False, max_entries=64)
def _load_table(name: str, mtime_ns: int, size: int, manifest_mtime: int, manifest_size: int) -> pd.DataFrame:
    path = _path(name)
    if not path.exists():
        raise DataUnavailable(f"The published table '{name}' is missing ({display_path(path)}). Build it with: {FIX_COMMAND}")
    try:
        frame = pq.read_table(path).to_pandas()
    except Exception as exc:  # any pyarrow failure means the file is unusable
        raise DataUnavailable(f"The published table '{name}' cannot be read ({type(exc).__name__}). Rebuild it with: {FIX_COMMAND}") from None
    try:
        expected = manifest()["tables"][name]["columns"]
    except (DataUnavailable, KeyError):
        expected = None  # no manifest entry to compare with: the file's own columns stand
    if expected is not None and list(frame.columns) != expected:
        raise DataUnavailable(
            f"The published table '{name}' does not match its schema (columns {list(frame.columns)}, expected {expected}). Rebuild it with: {FIX_COMMAND}"
        )
    return frame


def load_tables(names: list[str]) -> tuple[dict[str, pd.DataFrame], dict[str, str]]:
    """Several tables at once, for pages that can still show part of their content when one is
    unavailable. Returns (name -> frame for the readable ones, name -> message for the others)."""
    tables, problems = {}, {}
    for name in names:
        try:
            tables[name] = load_table(name)
        except DataUnavailable as exc:
            problems[name] = str(exc)
    return tables, problems


def manifest() -> dict:
    """The build manifest (built_at, inputs_sha256, per-table rows/sha256/source_ids).

    Raises:
        DataUnavailable: no build has been published yet.
    """
    path = PUBLISHED_DIR / MANIFEST
    return _read_json(path, *file_version(path), what="No data build found (datasets/published/manifest.json).")


def provinces_geojson() -> dict:
    """Province boundaries (Natural Earth, public domain) as published by the build.

    Raises:
        DataUnavailable: the file is missing or not valid JSON.
    """
    path = PUBLISHED_DIR / "china_provinces.geojson"
    return _read_json(path, *file_version(path), what="The province boundaries are missing from datasets/published.")


@st.cache_data(show_spinner=False, max_entries=16)
def _read_json(path: Path, mtime_ns: int, size: int, what: str) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise DataUnavailable(f"{what} Build it with: {FIX_COMMAND}") from None


@st.cache_data(show_spinner=False)
def catalog() -> dict:
    """The source catalogue (datasets/catalog.yaml), validated."""
    return load_catalog()


@st.cache_data(show_spinner=False)
def sources_table() -> pd.DataFrame:
    """The catalogue as one row per source (see :func:`datasets.catalog.catalog_frame`)."""
    return catalog_frame(catalog())


@st.cache_data(show_spinner=False)
def citations(lang: str = "en") -> dict[str, str]:
    """source_id -> one-line citation in ``lang``, for captions and downloads
    (:func:`datasets.catalog.citation`)."""
    cat = catalog()
    return {s["source_id"]: citation(cat, s["source_id"], lang) for s in cat["sources"]}


@st.cache_data(show_spinner=False)
def source_short_names(lang: str = "en") -> dict[str, str]:
    """source_id -> the source's short name in ``lang`` (catalogue fields ``short`` / ``short_zh``),
    e.g. ``"NBS 2020 census yearbook, table 1-5"``; the full citation is :func:`citations`."""
    return {s["source_id"]: s["short_zh"] if lang == "zh" else s["short"] for s in catalog()["sources"]}


def source_short(source_id: str, lang: str = "en") -> str:
    """The short name of one source in ``lang``; an id the catalogue does not know is returned as is."""
    return source_short_names(lang).get(source_id, source_id)


def grade_label(grade: str, lang: str = "en") -> str:
    """The short label of a quality grade in ``lang`` (catalogue ``grade_labels`` / ``grade_labels_zh``),
    e.g. ``"official table (copy checked)"``; an unknown code is returned as is."""
    return catalog()["grade_labels_zh" if lang == "zh" else "grade_labels"].get(grade, grade)


def units(name: str) -> dict[str, str]:
    """Column -> unit of a published table (from the manifest, written by the build from the schema)."""
    try:
        return dict(manifest()["tables"][name].get("units", {}))
    except (DataUnavailable, KeyError):
        return {}


def table_names() -> list[str]:
    """The published tables, in build order (from the manifest).

    Raises:
        DataUnavailable: no build has been published yet.
    """
    return list(manifest()["tables"])
