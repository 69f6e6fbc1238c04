"""The published tables as a Frictionless Data Package (``datasets/published/datapackage.json``).

Generated at every build from what already describes the tables, never by hand:

* the pandera schemas (:mod:`datasets.schemas`, :mod:`datasets.derived.schemas`, looked up in :mod:`datasets.table_schemas`): columns,
  types, nullability, units (``metadata["unit"]``), descriptions (``title``), primary keys
  (``unique``, or a column declared unique);
* :mod:`datasets.columns`: labels and descriptions in English and Chinese, Chinese units;
* the catalogue (``datasets/catalog.yaml``): each resource's sources (title, the copy used:
  repository, path, commit and its URL, the publisher's page) and licences;
* the build manifest: each file's sha256 (the resource's ``hash``), size and row count, so the
  manifest and the package cannot disagree (``datasets.build.verify`` checks both against the
  files).

The package points to the Parquet files. The dashboard's "all tables as a data package (zip)"
reuses :func:`package` with CSV resources (:func:`resource` with ``fmt="csv"``).
Standard: https://specs.frictionlessdata.io/data-package/ (validated in the tests with the
``frictionless`` library). Custom properties (allowed by the standard): ``title_zh``,
``description_zh``, ``unit``, ``unit_zh`` on fields; ``title_zh`` on sources and licences.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path

from datasets.columns import COLUMNS, PARTIAL_DATE_RULE, PARTIAL_DATE_RULE_ZH, field_texts

__all__ = ["PACKAGE_FILE", "field_type", "table_schema", "resource", "package", "write_package", "CITATION_FIELD"]

PACKAGE_FILE = "datapackage.json"
PACKAGE_NAME = "china-trafficking-demography-dashboard"
PACKAGE_TITLE = "Trafficking of women and children in China and the demographic imbalance behind it: published tables"
PACKAGE_DESCRIPTION = (
    "Every table the dashboard publishes, built from the raw files by `python -m datasets.build`: census population by age "
    "and sex, sex ratio at birth, births, reported official figures, registered cases, UNODC GLOTIP, US TIP tiers, marital "
    "status and the tables derived from them. Each resource lists its sources (with the copy used) and licences; each field "
    "its type, unit and description in English and Chinese. Dates are ISO dates. " + PARTIAL_DATE_RULE
)
PACKAGE_DESCRIPTION_ZH = (
    "仪表板发布的全部数据表，由 `python -m datasets.build` 从原始文件生成。每个资源列出其来源（含所用副本）和许可；"
    "每个字段给出类型、单位以及中英文说明。日期为 ISO 日期。" + PARTIAL_DATE_RULE_ZH
)

#: The column the downloads add after source_id (the citation in the reader's language).
CITATION_FIELD = "source_citation"

_MEDIATYPES = {"parquet": "application/vnd.apache.parquet", "csv": "text/csv"}


def field_type(column) -> str:
    """The Table Schema type of a pandera column: integer, number, boolean, date or string."""
    name = str(column.dtype).lower()
    if "int" in name:
        return "integer"
    if "float" in name:
        return "number"
    if "bool" in name:
        return "boolean"
    if name == "date" or "date32" in name:
        return "date"
    return "string"


def _primary_key(schema) -> list[str]:
    if schema.unique:
        return list(schema.unique)
    declared = [name for name, col in schema.columns.items() if col.unique]
    return declared[:1]


def _field(name: str, ftype: str, texts: dict, required: bool) -> dict:
    field = {
        "name": name, "type": ftype, "title": texts["label"], "description": texts["description"],
        "title_zh": texts["label_zh"], "description_zh": texts["description_zh"],
    }
    if texts.get("unit"):
        field["unit"] = texts["unit"]
        field["unit_zh"] = texts["unit_zh"]
    if required:
        field["constraints"] = {"required": True}
    return field


def table_schema(table: str, *, with_citation: bool = False) -> dict:
    """The Table Schema of a published table: one field per column (name, type, title and
    description in English and Chinese, unit, ``required`` where the column may not be missing),
    ``primaryKey`` and ``missingValues`` (an empty cell is missing). ``with_citation`` adds the
    ``source_citation`` field the downloads carry after the table's columns.

    Raises:
        KeyError: unknown table, or a column without labels (:func:`datasets.columns.field_texts`).
    """
    from datasets.table_schemas import published_schema

    schema = published_schema(table)
    texts = field_texts(table)
    fields = [_field(name, field_type(col), texts[name], not col.nullable) for name, col in schema.columns.items()]
    if with_citation and "source_id" in schema.columns:
        en, zh, description_zh = COLUMNS[CITATION_FIELD]
        fields.append(_field(CITATION_FIELD, "string", {"label": en, "label_zh": zh, "description": "full citation of the row's source_id",
                                                        "description_zh": description_zh}, False))
    out = {"fields": fields, "missingValues": [""]}
    key = _primary_key(schema)
    if key:
        out["primaryKey"] = key
    return out


def _copy_url(obtained: dict) -> str | None:
    """The GitHub address of the copy used, at its commit (None for web pages)."""
    repo, commit, path = obtained.get("repository"), obtained.get("commit"), obtained.get("path")
    if not repo:
        return None
    paths = path if isinstance(path, list) else [path] if path else []
    if commit and len(paths) == 1:
        return f"https://github.com/{repo}/blob/{commit}/{paths[0]}"
    return f"https://github.com/{repo}/tree/{commit}" if commit else f"https://github.com/{repo}"


def sources_of(source_ids: Iterable[str], catalog: dict) -> list[dict]:
    """``sources`` entries for the given catalogue ids: title (publisher, title, table), path (the
    publisher's page, or the copy's address where the publisher has none), ``copy`` (repository,
    path, commit, URL, or the catalogue's note for web pages), title_zh, and the source_id.

    Raises:
        KeyError: an id is not in the catalogue.
    """
    by_id = {s["source_id"]: s for s in catalog["sources"]}
    out = []
    for sid in source_ids:
        src = by_id[sid]
        obtained = src.get("obtained_from") or {}
        copy = {k: obtained.get(k) for k in ("repository", "path", "commit") if obtained.get(k)}
        if url := _copy_url(obtained):
            copy["url"] = url
        if obtained.get("note"):
            copy["note"] = obtained["note"]
        entry = {
            "source_id": sid,
            "title": f"{src['publisher']}, {src['title']}, {src['table']}",
            "title_zh": "，".join(x for x in (src.get("publisher_zh"), src.get("title_zh"), src.get("table_zh")) if x),
            "copy": copy,
        }
        if src.get("url") or copy.get("url"):
            entry["path"] = src.get("url") or copy["url"]
        out.append(entry)
    return out


def _licence_name(text: str) -> str:
    """An Open Definition licence id for the catalogue's licence text (``notspecified`` when the
    text names no licence)."""
    for pattern, name in ((r"^CC BY 3\.0 IGO", "CC-BY-3.0-IGO"), (r"^MIT\b", "MIT"), (r"^public domain", "other-pd"), (r"^Unicode License v3", "Unicode-3.0")):
        if re.match(pattern, text, flags=re.I):
            return name
    return "notspecified"


def licenses_of(source_ids: Iterable[str], catalog: dict) -> list[dict]:
    """``licenses`` entries (name, title: the catalogue's wording, title_zh), one per distinct text."""
    by_id = {s["source_id"]: s for s in catalog["sources"]}
    seen: dict[str, dict] = {}
    for sid in source_ids:
        src = by_id[sid]
        text = src["licence"]
        if text not in seen:
            seen[text] = {"name": _licence_name(text), "title": text, **({"title_zh": src["licence_zh"]} if src.get("licence_zh") else {})}
    return list(seen.values())


def resource(table: str, path: str, fmt: str, sha256: str, size: int, source_ids: list[str], catalog: dict, *, rows: int | None = None,
             with_citation: bool = False) -> dict:
    """One table as a resource: name, path, format, mediatype, hash (``sha256:<hex>``), for CSV
    also encoding, dialect and bytes, description (the schema's), schema (:func:`table_schema`),
    sources, licences and the row count.

    Raises:
        KeyError: unknown table, column without labels, or source not in the catalogue.
    """
    from datasets.table_schemas import published_schema

    out = {
        "name": table, "path": path, "profile": "tabular-data-resource", "format": fmt, "mediatype": _MEDIATYPES[fmt],
        "hash": f"sha256:{sha256}", "description": published_schema(table).description or table,
    }
    if fmt == "csv":
        # Not for Parquet: frictionless reads Parquet through pyarrow, counts no bytes and would
        # report every file as "byte-count" invalid; the hash stands for the file.
        out["bytes"] = int(size)
        out["encoding"] = "utf-8-sig"  # the downloads start with a UTF-8 byte order mark, for Excel
        out["dialect"] = {"delimiter": ",", "header": True}
    out["schema"] = table_schema(table, with_citation=with_citation)
    out["sources"] = sources_of(source_ids, catalog)
    out["licenses"] = licenses_of(source_ids, catalog)
    if rows is not None:
        out["rows"] = int(rows)
    return out


def package(resources: list[dict], created: str | None = None) -> dict:
    """The package descriptor around ``resources`` (name, title, descriptions in English and
    Chinese, with the rule for partial dates, created, and the union of the resources' licences)."""
    licences: dict[str, dict] = {}
    for res in resources:
        for lic in res.get("licenses", []):
            licences.setdefault(lic["title"], lic)
    out = {
        "profile": "tabular-data-package", "name": PACKAGE_NAME, "title": PACKAGE_TITLE,
        "description": PACKAGE_DESCRIPTION, "description_zh": PACKAGE_DESCRIPTION_ZH,
    }
    if created:
        out["created"] = created
    out["licenses"] = list(licences.values())
    out["resources"] = resources
    return out


def write_package(out_dir: Path, manifest: dict, catalog: dict) -> dict:
    """Write ``datapackage.json`` beside the Parquet files, from the build ``manifest`` (file,
    sha256, size, rows and source ids of each table) and the catalogue; returns the descriptor.

    Raises:
        KeyError: as :func:`resource`. OSError: the file cannot be written.
    """
    resources = []
    for name, entry in manifest["tables"].items():
        size = (Path(out_dir) / entry["file"]).stat().st_size
        resources.append(resource(name, entry["file"], "parquet", entry["sha256"], size, entry["source_ids"], catalog, rows=entry["rows"]))
    descriptor = package(resources, manifest.get("built_at"))
    (Path(out_dir) / PACKAGE_FILE).write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return descriptor
