"""The whole data as one download: every published table as a Frictionless data package in a zip
(CSV files, ``datapackage.json``, README), built from the same CSV writer as the single-table
downloads (:mod:`dashboard.exports`) and the build's package metadata (:mod:`datasets.datapackage`)."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Mapping

import pandas as pd

from dashboard.exports import SOURCE_ID_COLUMN, to_csv_bytes
from dashboard.formatting import format_value
from dashboard.i18n import check_lang, t
from datasets import datapackage
from datasets.columns import PARTIAL_DATE_RULE, PARTIAL_DATE_RULE_ZH


def to_datapackage_zip(tables: Mapping[str, pd.DataFrame], units: Mapping[str, Mapping[str, str]], sources: dict[str, str], catalog: dict,
                       *, lang: str = "en", created: str | None = None) -> bytes:
    """Every published table as a Frictionless data package in one zip: ``<table>.csv`` for each
    table (:func:`dashboard.exports.to_csv_bytes`: columns as published, then ``source_citation``),
    ``datapackage.json`` (:func:`datasets.datapackage.package`: each CSV's path, format, size and
    sha256 hash; fields with types, units and descriptions in English and Chinese; primary keys;
    sources and licences, all generated from the schemas and the catalogue, as the build's own
    ``datasets/published/datapackage.json``) and ``README.md`` (what each file is, its sources,
    how partial dates are stored, how to open the files).

    Args:
        tables: table name -> the published frame (all rows, columns in schema order).
        units: table name -> its units.
        sources: source_id -> citation in ``lang`` (the ``source_citation`` column and the README).
        catalog: the source catalogue (:func:`datasets.catalog.load_catalog`).
        lang: language of the citations and the README.
        created: build time for the package's ``created`` (ISO 8601).

    Returns:
        ``bytes`` of the .zip file.

    Raises:
        KeyError: a table without labels for a column, a source not in the catalogue or without a
            citation. ValueError, TypeError: as :func:`dashboard.exports.to_csv_bytes`.
    """
    check_lang(lang)
    files: dict[str, bytes] = {}
    resources = []
    for name, frame in tables.items():
        data = to_csv_bytes(frame, dict(units.get(name, {})), sources, lang=lang)
        files[f"{name}.csv"] = data
        source_ids = sorted(set(frame["source_id"].dropna().astype(str))) if SOURCE_ID_COLUMN in frame.columns else []
        resources.append(datapackage.resource(name, f"{name}.csv", "csv", hashlib.sha256(data).hexdigest(), len(data), source_ids, catalog,
                                              rows=len(frame), with_citation=True))
    package = datapackage.package(resources, created)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(datapackage.PACKAGE_FILE, json.dumps(package, indent=2, ensure_ascii=False) + "\n")
        zf.writestr("README.md", datapackage_readme(package, sources, lang))
        for path, data in files.items():
            zf.writestr(path, data)
    return buf.getvalue()


def datapackage_readme(package: dict, sources: Mapping[str, str], lang: str = "en") -> str:
    """The README.md of the data-package zip: the package's description, how to read the files,
    then per table its description, rows and the full citation of each source, in ``lang``."""
    zh = lang == "zh"
    lines = [f"# {package['title']}", "", package["description_zh"] if zh else package["description"], ""]
    lines += ["## " + t("How to read these files", lang), "", t(
        "Each table is a CSV file (UTF-8 with a byte order mark, comma separated, column names as in the Parquet files, the same in "
        "English and Chinese downloads). datapackage.json declares each column's type, unit and meaning; read the files with "
        "frictionless, DuckDB, polars or pandas. In a spreadsheet, use the Excel download of the Data page instead: a spreadsheet "
        "opening a CSV turns text such as 100+ or 1-4 into numbers or dates.", lang), "",
        PARTIAL_DATE_RULE_ZH if zh else PARTIAL_DATE_RULE, ""]
    for res in package["resources"]:
        lines += [f"## {res['path']}", "", res["description"], "", t("{rows} rows.", lang, rows=format_value(res["rows"], "count", lang)), ""]
        for src in res["sources"]:
            lines.append(f"- {sources.get(src['source_id'], src['title'])}")
        lines.append("")
    return "\n".join(lines)
