"""Read and validate the source catalogue (``datasets/catalog.yaml``).

The catalogue records, for every public source behind the files in
``datasets/raw/``, who published it, where the copy we used came from
(repository, path, commit, blob), its licence, a quality grade and short
caveats. This module has no Streamlit dependency so it can be used by the
loaders, the tests and the dashboard alike.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path, PurePosixPath
from typing import Any

import pandas as pd
import yaml

#: libyaml's C loader when present (10x faster than the pure-Python one), same safe semantics.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

__all__ = [
    "CatalogError",
    "DEFAULT_CATALOG_PATH",
    "ESTIMATE_TYPES",
    "REQUIRED_FIELDS",
    "OBTAINED_FROM_FIELDS",
    "FRAME_COLUMNS",
    "load_catalog",
    "catalog_frame",
    "citation",
]

DEFAULT_CATALOG_PATH = Path(__file__).with_name("catalog.yaml")

#: Fields every source entry must have (the value may be null only where noted
#: in ``NULLABLE_FIELDS``).
REQUIRED_FIELDS = (
    "source_id",
    "publisher",
    "publisher_zh",
    "title",
    "title_zh",
    "table",
    "url",
    "obtained_from",
    "licence",
    "grade",
    "estimate_type",
    "unit",
    "raw_files",
    "caveats",
    "caveats_zh",
)
#: Required fields that may hold null (fact unknown or not applicable).
NULLABLE_FIELDS = frozenset({"title_zh", "url", "estimate_type"})
#: Optional extra fields.
OPTIONAL_FIELDS = frozenset({"also_obtained_from", "curated_files", "plausible_total_persons", "table_zh", "licence_zh"})
#: Top-level keys of the catalogue.
TOP_LEVEL_KEYS = ("grades", "grades_zh", "sources")
#: Our own curated files (e.g. figures recorded from a copyrighted text that is not kept here).
CURATED_DIR = Path(__file__).resolve().parent / "curated"

#: Keys every ``obtained_from`` mapping must have (values may be null).
OBTAINED_FROM_FIELDS = ("repository", "path", "commit", "blob")
OBTAINED_FROM_OPTIONAL = frozenset({"note", "note_zh"})

#: Allowed values of ``estimate_type`` (``None`` = not known / mixed / n.a.).
ESTIMATE_TYPES = frozenset(
    {"census_count", "un_estimate", "un_projection", "reported_figure"}
)

#: Columns of :func:`catalog_frame`, in order.
FRAME_COLUMNS = (
    "source_id",
    "publisher",
    "publisher_zh",
    "title",
    "title_zh",
    "table",
    "table_zh",
    "url",
    "repository",
    "path",
    "commit",
    "licence",
    "licence_zh",
    "grade",
    "grade_description",
    "grade_description_zh",
    "estimate_type",
    "unit",
    "raw_files",
    "caveats",
    "caveats_zh",
)

_SHA1 = re.compile(r"^[0-9a-f]{40}$")
#: A number as written in a caveat (2,000,000 / 104.80 / 2020): each must reappear in its translation.
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
#: A number with its multiplier word, as English (17.52 million) and Chinese (1752万, 1700多万) print it.
_SCALED_EN = re.compile(r"(\d+(?:[.,]\d+)*)(?:\s*(thousand|million|billion))?")
_SCALED_ZH = re.compile(r"(\d+(?:[.,]\d+)*)(?:[多余]?(万|亿))?")
_SCALE = {None: 0, "thousand": 3, "million": 6, "billion": 9, "万": 4, "亿": 8}


def _value(m: re.Match) -> Decimal | None:
    """The value of a _SCALED_EN / _SCALED_ZH match (None when the digits are not one number)."""
    try:
        return Decimal(m[1].replace(",", "")).scaleb(_SCALE[m[2]])
    except ArithmeticError:
        return None


def _values(zh: str) -> set:
    """Every value printed in a Chinese text: a caveat may give 17 million as 1700多万 (only numbers
    with a multiplier word are compared by value; 104.80 must stay 104.80)."""
    return {_value(m) for m in _SCALED_ZH.finditer(zh)}
_SOURCE_ID = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")


class CatalogError(ValueError):
    """The catalogue file is malformed.

    The message names the catalogue file, the ``source_id`` (or
    ``<catalogue>`` for top-level problems) and the offending field.
    """

    def __init__(self, file: Path | str, source_id: str | None, field: str, problem: str):
        self.file = str(file)
        self.source_id = source_id
        self.field = field
        self.problem = problem
        where = f"source {source_id!r}" if source_id is not None else "<catalogue>"
        super().__init__(f"{self.file}: {where}: field {field!r}: {problem}")


# ---------------------------------------------------------------------------
# validation helpers
# ---------------------------------------------------------------------------


def _is_text(value: Any) -> bool:
    return isinstance(value, str) and value.strip() != ""


def _check_str_or_list(value: Any) -> bool:
    """True for a non-empty string or a non-empty list of non-empty strings."""
    if _is_text(value):
        return True
    return isinstance(value, list) and len(value) > 0 and all(_is_text(v) for v in value)


def _validate_obtained_from(obt: Any, err, field: str) -> None:
    if not isinstance(obt, dict):
        raise err(field, "must be a mapping with keys " + ", ".join(OBTAINED_FROM_FIELDS))
    for key in OBTAINED_FROM_FIELDS:
        if key not in obt:
            raise err(f"{field}.{key}", "missing (use null if unknown)")
    unknown = set(obt) - set(OBTAINED_FROM_FIELDS) - OBTAINED_FROM_OPTIONAL
    if unknown:
        raise err(f"{field}.{sorted(unknown)[0]}", "unknown key")
    repo = obt["repository"]
    if repo is not None and not (_is_text(repo) and repo.count("/") == 1):
        raise err(f"{field}.repository", f"expected 'owner/name' or null, got {repo!r}")
    if obt["path"] is not None and not _check_str_or_list(obt["path"]):
        raise err(f"{field}.path", "expected a path, a list of paths, or null")
    commit = obt["commit"]
    if commit is not None and not (isinstance(commit, str) and _SHA1.match(commit)):
        raise err(f"{field}.commit", f"expected 40 lower-case hex digits or null, got {commit!r}")
    blob = obt["blob"]
    if blob is not None:
        blobs = blob if isinstance(blob, list) else [blob]
        if not blobs or not all(isinstance(b, str) and _SHA1.match(b) for b in blobs):
            raise err(f"{field}.blob", "expected 40-hex blob id(s) or null")
    if repo is not None and commit is None:
        raise err(f"{field}.commit", "a repository is given but no commit")
    if repo is None and (obt["path"] is not None or commit is not None):
        raise err(f"{field}.repository", "path/commit given without a repository")
    if "note" in obt and obt["note"] is not None and not _is_text(obt["note"]):
        raise err(f"{field}.note", "must be text or null")
    if bool(obt.get("note")) != bool(obt.get("note_zh")):
        raise err(f"{field}.note_zh", "give the Chinese translation exactly where there is a note")
    if obt.get("note_zh") is not None and not re.search(r"[\u3400-\u9fff]", str(obt["note_zh"])):
        raise err(f"{field}.note_zh", "must contain Chinese characters")


def _validate_source(
    src: Any, index: int, grades: dict, raw_dir: Path, file: Path
) -> str:
    """Validate one source entry and return its source_id."""
    sid = src.get("source_id") if isinstance(src, dict) else None
    label = sid if isinstance(sid, str) and sid else f"<sources[{index}]>"

    def err(field: str, problem: str) -> CatalogError:
        return CatalogError(file, label, field, problem)

    if not isinstance(src, dict):
        raise err("<entry>", "each source must be a mapping")
    for field in REQUIRED_FIELDS:
        if field not in src:
            raise err(field, "required field is missing")
    unknown = set(src) - set(REQUIRED_FIELDS) - OPTIONAL_FIELDS
    if unknown:
        raise err(sorted(unknown)[0], "unknown field")

    for field in REQUIRED_FIELDS:
        value = src[field]
        if value is None and field not in NULLABLE_FIELDS:
            raise err(field, "must not be null")

    if not (_is_text(sid) and _SOURCE_ID.match(sid)):
        raise err("source_id", f"expected a snake_case identifier, got {sid!r}")
    for field in ("publisher", "title", "table", "licence", "unit"):
        if not _is_text(src[field]):
            raise err(field, "must be non-empty text")
    for field in ("title_zh", "url"):
        if src[field] is not None and not _is_text(src[field]):
            raise err(field, "must be non-empty text or null")
    if not _is_text(src["publisher_zh"]):
        raise err("publisher_zh", "must be non-empty text (the publisher's Chinese name)")
    if "licence_zh" in src and not (_is_text(src["licence_zh"]) and re.search(r"[\u3400-\u9fff]", src["licence_zh"])):
        raise err("licence_zh", "must be Chinese text (the licence in Chinese)")
    if "table_zh" in src and not _is_text(src["table_zh"]):
        raise err("table_zh", "must be non-empty text (leave the field out when there is no Chinese title)")
    if src["url"] is not None and not re.match(r"^https?://", src["url"]):
        raise err("url", f"expected an http(s) URL or null, got {src['url']!r}")

    if src["grade"] not in grades:
        raise err("grade", f"{src['grade']!r} is not one of the codes in 'grades': {sorted(grades)}")
    if src["estimate_type"] is not None and src["estimate_type"] not in ESTIMATE_TYPES:
        raise err(
            "estimate_type",
            f"{src['estimate_type']!r} is not one of {sorted(ESTIMATE_TYPES)} or null",
        )

    _validate_obtained_from(src["obtained_from"], err, "obtained_from")
    extra = src.get("also_obtained_from")
    if extra is not None:
        if not isinstance(extra, list) or not extra:
            raise err("also_obtained_from", "must be a non-empty list of mappings")
        for i, obt in enumerate(extra):
            _validate_obtained_from(obt, err, f"also_obtained_from[{i}]")

    bounds = src.get("plausible_total_persons")
    if bounds is not None:
        if not isinstance(bounds, dict) or not bounds:
            raise err("plausible_total_persons", "must map geography codes (patterns like CN-*) to [min, max]")
        for pattern, pair in bounds.items():
            if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(v, (int, float)) for v in pair) and pair[0] < pair[1]):
                raise err("plausible_total_persons", f"{pattern}: expected [min, max] with min < max")
    curated = src.get("curated_files")
    if curated is not None:
        if not isinstance(curated, list) or not curated:
            raise err("curated_files", "must be a non-empty list of paths relative to datasets/curated/")
        for rel in curated:
            if not _is_text(rel) or ".." in PurePosixPath(rel).parts or not (CURATED_DIR / rel).is_file():
                raise err("curated_files", f"{rel!r} does not exist under {CURATED_DIR}")
    raw_files = src["raw_files"]
    if not isinstance(raw_files, list) or (not raw_files and not curated):
        raise err("raw_files", "must be a non-empty list of paths relative to datasets/raw/ (or give curated_files)")
    for rel in raw_files:
        if not _is_text(rel):
            raise err("raw_files", f"entry {rel!r} is not a path")
        pure = PurePosixPath(rel)
        if pure.is_absolute() or ".." in pure.parts:
            raise err("raw_files", f"{rel!r} must be relative to datasets/raw/")
        if not (raw_dir / pure).is_file():
            raise err("raw_files", f"{rel!r} does not exist under {raw_dir}")
    if len(set(raw_files)) != len(raw_files):
        raise err("raw_files", "lists the same file twice")

    caveats = src["caveats"]
    if not isinstance(caveats, list) or not all(_is_text(c) for c in caveats):
        raise err("caveats", "must be a list of short strings")
    _validate_caveats_zh(caveats, src["caveats_zh"], err)
    return sid


def _validate_caveats_zh(caveats: list, caveats_zh: Any, err) -> None:
    """caveats_zh: one Chinese translation per caveat, same order, with every number kept."""
    if not isinstance(caveats_zh, list) or not all(_is_text(c) for c in caveats_zh):
        raise err("caveats_zh", "must be a list of short strings (one Chinese translation per caveat)")
    if len(caveats_zh) != len(caveats):
        missing = len(caveats) - len(caveats_zh)
        what = f"{missing} translation(s) missing" if missing > 0 else f"{-missing} more than there are caveats"
        raise err("caveats_zh", f"has {len(caveats_zh)} entries for {len(caveats)} caveats ({what}); translate each caveat, in the same order")
    for i, (en, zh) in enumerate(zip(caveats, caveats_zh)):
        if not re.search(r"[\u3400-\u9fff]", zh):
            raise err(f"caveats_zh[{i}]", "contains no Chinese characters")
        zh_values = _values(zh)
        lost = [m[1] for m in _SCALED_EN.finditer(en)
                if m[1] not in _NUMBER.findall(zh) and (m[2] is None or _value(m) not in zh_values)]
        if lost:
            raise err(f"caveats_zh[{i}]", f"numbers {lost} of the English caveat are missing; keep every number exactly as in caveats[{i}]")


# ---------------------------------------------------------------------------
# public API
# ---------------------------------------------------------------------------


def load_catalog(path: str | Path | None = None, raw_dir: str | Path | None = None) -> dict:
    """Read ``catalog.yaml`` and validate it.

    Parameters
    ----------
    path:
        Catalogue file; defaults to ``catalog.yaml`` beside this module.
    raw_dir:
        Directory the ``raw_files`` entries are relative to; defaults to the
        ``raw`` folder beside the catalogue file.

    Returns
    -------
    dict
        The parsed catalogue with keys ``grades`` (code -> description),
        ``grades_zh`` (code -> Chinese description) and ``sources`` (list of
        source mappings).

    Raises
    ------
    CatalogError
        If the file is not valid YAML, a top-level key is missing, a source
        lacks a required field (``publisher_zh`` and ``caveats_zh`` included),
        a grade or estimate type is unknown, a grade has no ``grades_zh`` text,
        ``caveats_zh`` does not translate every caveat (same count, every
        number kept), a ``source_id`` is duplicated, or a raw file does not
        exist. The message names the file, the source_id and the field.
    """
    file = Path(path) if path is not None else DEFAULT_CATALOG_PATH
    raw = Path(raw_dir) if raw_dir is not None else file.parent / "raw"
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise CatalogError(file, None, "<file>", f"cannot read: {exc}") from exc
    try:
        data = yaml.load(text, Loader=_YAML_LOADER)
    except yaml.YAMLError as exc:
        raise CatalogError(file, None, "<file>", f"invalid YAML: {exc}") from exc

    if not isinstance(data, dict):
        raise CatalogError(file, None, "<file>", "top level must be a mapping")
    for key in TOP_LEVEL_KEYS:
        if key not in data:
            raise CatalogError(file, None, key, "required top-level key is missing")
    unknown = set(data) - set(TOP_LEVEL_KEYS)
    if unknown:
        raise CatalogError(file, None, sorted(unknown)[0], "unknown top-level key")

    grades = data["grades"]
    if not isinstance(grades, dict) or not grades:
        raise CatalogError(file, None, "grades", "must be a non-empty mapping code -> description")
    for code, desc in grades.items():
        if not (isinstance(code, str) and _SOURCE_ID.match(code)) or not _is_text(desc):
            raise CatalogError(file, None, f"grades.{code}", "needs a snake_case code and a one-line description")
        if "\n" in desc.strip():
            raise CatalogError(file, None, f"grades.{code}", "description must be one line")
    grades_zh = data["grades_zh"]
    if not isinstance(grades_zh, dict):
        raise CatalogError(file, None, "grades_zh", "must be a mapping code -> Chinese description")
    for code in grades:
        if not _is_text(grades_zh.get(code)):
            raise CatalogError(file, None, f"grades_zh.{code}", "missing: every grade needs a Chinese description")
    for code in grades_zh:
        if code not in grades:
            raise CatalogError(file, None, f"grades_zh.{code}", "not a code in 'grades'")

    sources = data["sources"]
    if not isinstance(sources, list) or not sources:
        raise CatalogError(file, None, "sources", "must be a non-empty list")
    seen: dict[str, int] = {}
    for i, src in enumerate(sources):
        sid = _validate_source(src, i, grades, raw, file)
        if sid in seen:
            raise CatalogError(
                file, sid, "source_id", f"duplicate: also used by sources[{seen[sid]}]"
            )
        seen[sid] = i
    return data


def _join(value: Any, sep: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):
        return sep.join(str(v) for v in value)
    return str(value)


def catalog_frame(catalog: dict) -> pd.DataFrame:
    """Return one row per source as a DataFrame of ``string`` dtype columns.

    Columns are :data:`FRAME_COLUMNS`. ``repository``, ``path`` and ``commit``
    come from ``obtained_from`` (several paths are joined with ``"; "``);
    ``grade_description`` is looked up in ``grades``; ``raw_files`` are joined
    with ``"; "`` and ``caveats`` / ``caveats_zh`` with ``" | "``;
    ``grade_description_zh`` comes from ``grades_zh``. Nulls (and a missing
    ``table_zh``) stay missing (``<NA>``).
    """
    grades = catalog["grades"]
    grades_zh = catalog.get("grades_zh") or {}
    rows = []
    for src in catalog["sources"]:
        obt = src.get("obtained_from") or {}
        rows.append(
            {
                "source_id": src["source_id"],
                "publisher": src["publisher"],
                "publisher_zh": src.get("publisher_zh"),
                "title": src["title"],
                "title_zh": src["title_zh"],
                "table": src["table"],
                "table_zh": src.get("table_zh"),
                "url": src["url"],
                "repository": obt.get("repository"),
                "path": _join(obt.get("path"), "; "),
                "commit": obt.get("commit"),
                "licence": src["licence"],
                "licence_zh": src.get("licence_zh"),
                "grade": src["grade"],
                "grade_description": grades.get(src["grade"]),
                "grade_description_zh": grades_zh.get(src["grade"]),
                "estimate_type": src["estimate_type"],
                "unit": src["unit"],
                "raw_files": _join(src["raw_files"], "; "),
                "caveats": _join(src["caveats"], " | "),
                "caveats_zh": _join(src.get("caveats_zh"), " | "),
            }
        )
    frame = pd.DataFrame(rows, columns=list(FRAME_COLUMNS))
    return frame.astype("string")


def citation(catalog: dict, source_id: str, lang: str = "en") -> str:
    """Return a one-line citation for ``source_id``.

    Format (``lang="en"``): ``"Publisher, Title, table X (obtained from owner/repo@commit12 path)"``
    where ``commit12`` is the first 12 characters of the commit. For sources
    without a repository copy (e.g. web pages) the parenthesis uses the
    ``obtained_from.note`` text instead. ``lang="zh"``: the same parts with
    ``publisher_zh``, ``title_zh`` and ``table_zh`` where the catalogue has them
    (``"国家统计局，中国人口普查年鉴-2020，表 1-5 …（副本：owner/repo@commit12 path）"``).
    Raises ``KeyError`` for an unknown id.
    """
    for src in catalog["sources"]:
        if src["source_id"] == source_id:
            break
    else:
        raise KeyError(f"unknown source_id {source_id!r}")
    zh = lang == "zh"
    obt = src.get("obtained_from") or {}
    repo = obt.get("repository")
    if repo:
        where = repo
        if obt.get("commit"):
            where += "@" + obt["commit"][:12]
        path = _join(obt.get("path"), "、" if zh else ", ")
        if path:
            where += " " + path
    else:
        where = (obt.get("note_zh") if zh else None) or obt.get("note") or ("—" if zh else "no repository copy recorded")
    if zh:  # titles as the catalogue writes them (book titles carry their own 《》)
        text = f"{src.get('publisher_zh') or src['publisher']}，{src.get('title_zh') or src['title']}，表 {src.get('table_zh') or src['table']}（副本：{where}）"
    else:
        text = f"{src['publisher']}, {src['title']}, table {src['table']} (obtained from {where})"
    return " ".join(text.split())  # guarantee a single line
