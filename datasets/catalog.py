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
from typing import Annotated, Any, Literal, get_args

import pandas as pd
import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator, model_validator

#: libyaml's C loader when present (10x faster than the pure-Python one), same safe semantics.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

__all__ = [
    "CatalogError",
    "DEFAULT_CATALOG_PATH",
    "ESTIMATE_TYPES",
    "Catalog",
    "Source",
    "ObtainedFrom",
    "FRAME_COLUMNS",
    "load_catalog",
    "catalog_frame",
    "citation",
]

DEFAULT_CATALOG_PATH = Path(__file__).with_name("catalog.yaml")

#: Our own curated files (e.g. figures recorded from a copyrighted text that is not kept here).
CURATED_DIR = Path(__file__).resolve().parent / "curated"

#: Allowed values of ``estimate_type`` (null = not known / mixed / n.a.).
EstimateType = Literal["census_count", "un_estimate", "un_projection", "reported_figure"]
ESTIMATE_TYPES = frozenset(get_args(EstimateType))

#: Columns of :func:`catalog_frame`, in order.
FRAME_COLUMNS = (
    "source_id",
    "publisher",
    "publisher_zh",
    "short",
    "short_zh",
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
_HAN = re.compile(r"[\u3400-\u9fff]")


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
# the catalogue's shape, as pydantic models
#
# Each check raises ValueError with the words the error message shows; a check that concerns
# another field than the one being validated raises _Fault with that field's location.
# load_catalog turns pydantic's first error into a CatalogError naming the file, source and field.
# ---------------------------------------------------------------------------


class _Fault(ValueError):
    """A problem found by a model-level check, at ``loc`` below the model being validated."""

    def __init__(self, loc: tuple, problem: str):
        super().__init__(problem)
        self.loc = loc
        self.problem = problem


def _text(value: str) -> str:
    if not value.strip():
        raise ValueError("must be non-empty text")
    return value


def _chinese(value: str) -> str:
    if not _HAN.search(value):
        raise ValueError("must contain Chinese characters")
    return value


def _identifier(value: str) -> str:
    if not _SOURCE_ID.match(value):
        raise ValueError(f"expected a snake_case identifier, got {value!r}")
    return value


def _sha1(value: str) -> str:
    if not _SHA1.match(value):
        raise ValueError(f"expected 40 lower-case hex digits or null, got {value!r}")
    return value


def _repository(value: str) -> str:
    if value.count("/") != 1:
        raise ValueError(f"expected 'owner/name' or null, got {value!r}")
    return value


def _paths(value: Any) -> Any:
    """A path, a non-empty list of paths, or null."""
    if value is None or _is_text(value) or (isinstance(value, list) and value and all(_is_text(v) for v in value)):
        return value
    raise ValueError("expected a path, a list of paths, or null")


def _blobs(value: Any) -> Any:
    """A 40-hex git blob id, a non-empty list of them, or null."""
    blobs = [] if value is None else value if isinstance(value, list) else [value]
    if value is None or (blobs and all(isinstance(b, str) and _SHA1.match(b) for b in blobs)):
        return value
    raise ValueError("expected 40-hex blob id(s) or null")


def _url(value: str) -> str:
    if not re.match(r"^https?://", value):
        raise ValueError(f"expected an http(s) URL or null, got {value!r}")
    return value


def _one_line(value: str) -> str:
    if "\n" in value.strip():
        raise ValueError("description must be one line")
    return value


def _is_text(value: Any) -> bool:
    return isinstance(value, str) and value.strip() != ""


Text = Annotated[str, AfterValidator(_text)]
ChineseText = Annotated[str, AfterValidator(_text), AfterValidator(_chinese)]
Identifier = Annotated[str, AfterValidator(_identifier)]
OneLine = Annotated[str, AfterValidator(_text), AfterValidator(_one_line)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class ObtainedFrom(_Model):
    """Where the copy we used came from. Every key must be present; null means not known."""

    repository: Annotated[str, AfterValidator(_repository)] | None
    path: Annotated[Any, AfterValidator(_paths)]
    commit: Annotated[str, AfterValidator(_sha1)] | None
    blob: Annotated[Any, AfterValidator(_blobs)]
    note: Text | None = None
    note_zh: ChineseText | None = None

    @model_validator(mode="after")
    def _consistent(self) -> ObtainedFrom:
        if self.repository is not None and self.commit is None:
            raise _Fault(("commit",), "a repository is given but no commit")
        if self.repository is None and (self.path is not None or self.commit is not None):
            raise _Fault(("repository",), "path/commit given without a repository")
        if bool(self.note) != bool(self.note_zh):
            raise _Fault(("note_zh",), "give the Chinese translation exactly where there is a note")
        return self


class Source(_Model):
    """One public source behind files in ``datasets/raw/`` (or our own curated files)."""

    source_id: Identifier
    publisher: Text
    publisher_zh: Text
    short: Text
    short_zh: ChineseText
    title: Text
    title_zh: Text | None
    table: Text
    table_zh: Text | None = None
    url: Annotated[str, AfterValidator(_url)] | None
    obtained_from: ObtainedFrom
    also_obtained_from: Annotated[list[ObtainedFrom], Field(min_length=1)] | None = None
    licence: Text
    licence_zh: ChineseText | None = None
    grade: Text
    estimate_type: EstimateType | None
    unit: Text
    plausible_total_persons: dict[str, tuple[float, float]] | None = None
    curated_files: Annotated[list[Text], Field(min_length=1)] | None = None
    raw_files: list[Text]
    caveats: list[Text]
    caveats_zh: list[Text]

    @field_validator("plausible_total_persons", mode="before")
    @classmethod
    def _lists_as_pairs(cls, value: Any) -> Any:
        """YAML writes [min, max] as a list; strict mode wants the tuple."""
        if isinstance(value, dict):
            return {k: tuple(v) if isinstance(v, list) else v for k, v in value.items()}
        return value

    @field_validator("plausible_total_persons")
    @classmethod
    def _bounds(cls, value: dict | None) -> dict | None:
        for pattern, (low, high) in (value or {}).items():
            if not low < high:
                raise ValueError(f"{pattern}: expected [min, max] with min < max")
        return value

    @field_validator("curated_files")
    @classmethod
    def _curated_exist(cls, value: list | None) -> list | None:
        for rel in value or []:
            if ".." in PurePosixPath(rel).parts or not (CURATED_DIR / rel).is_file():
                raise ValueError(f"{rel!r} does not exist under {CURATED_DIR}")
        return value

    @field_validator("raw_files")
    @classmethod
    def _raw_exist(cls, value: list, info: ValidationInfo) -> list:
        raw_dir = Path(info.context["raw_dir"])
        for rel in value:
            pure = PurePosixPath(rel)
            if pure.is_absolute() or ".." in pure.parts:
                raise ValueError(f"{rel!r} must be relative to datasets/raw/")
            if not (raw_dir / pure).is_file():
                raise ValueError(f"{rel!r} does not exist under {raw_dir}")
        if len(set(value)) != len(value):
            raise ValueError("lists the same file twice")
        return value

    @model_validator(mode="after")
    def _files_and_translations(self) -> Source:
        if not self.raw_files and not self.curated_files:
            raise _Fault(("raw_files",), "must be a non-empty list of paths relative to datasets/raw/ (or give curated_files)")
        _check_caveats_zh(self.caveats, self.caveats_zh)
        return self


def _check_caveats_zh(caveats: list[str], caveats_zh: list[str]) -> None:
    """caveats_zh: one Chinese translation per caveat, same order, with every number kept."""
    if len(caveats_zh) != len(caveats):
        missing = len(caveats) - len(caveats_zh)
        what = f"{missing} translation(s) missing" if missing > 0 else f"{-missing} more than there are caveats"
        raise _Fault(("caveats_zh",), f"has {len(caveats_zh)} entries for {len(caveats)} caveats ({what}); translate each caveat, in the same order")
    for i, (en, zh) in enumerate(zip(caveats, caveats_zh)):
        if not _HAN.search(zh):
            raise _Fault(("caveats_zh", i), "contains no Chinese characters")
        zh_values = _values(zh)
        lost = [m[1] for m in _SCALED_EN.finditer(en)
                if m[1] not in _NUMBER.findall(zh) and (m[2] is None or _value(m) not in zh_values)]
        if lost:
            raise _Fault(("caveats_zh", i), f"numbers {lost} of the English caveat are missing; keep every number exactly as in caveats[{i}]")


class Catalog(_Model):
    """The whole catalogue: quality grades (description and short label, each in English and
    Chinese) and the sources."""

    grades: Annotated[dict[Identifier, OneLine], Field(min_length=1)]
    grades_zh: dict[str, Text]
    grade_labels: dict[str, Text]
    grade_labels_zh: dict[str, ChineseText]
    sources: Annotated[list[Source], Field(min_length=1)]

    @model_validator(mode="after")
    def _grades_and_ids(self) -> Catalog:
        for key, what in (("grades_zh", "a Chinese description"), ("grade_labels", "a short label"), ("grade_labels_zh", "a Chinese short label")):
            given = getattr(self, key)
            for code in self.grades:
                if code not in given:
                    raise _Fault((key, code), f"missing: every grade needs {what}")
            for code in given:
                if code not in self.grades:
                    raise _Fault((key, code), "not a code in 'grades'")
        seen: dict[str, int] = {}
        for i, src in enumerate(self.sources):
            if src.grade not in self.grades:
                raise _Fault(("sources", i, "grade"), f"{src.grade!r} is not one of the codes in 'grades': {sorted(self.grades)}")
            if src.source_id in seen:
                raise _Fault(("sources", i, "source_id"), f"duplicate: also used by sources[{seen[src.source_id]}]")
            seen[src.source_id] = i
        return self


def _catalog_error(file: Path, data: dict, exc: ValidationError) -> CatalogError:
    """The first of pydantic's errors as a CatalogError: which source, which field, what is wrong."""
    error = exc.errors()[0]
    loc = tuple(error["loc"])
    fault = (error.get("ctx") or {}).get("error")
    if isinstance(fault, _Fault):
        loc, problem = loc + fault.loc, fault.problem
    elif error["type"] == "missing":
        problem = ("required top-level key is missing" if len(loc) == 1 else
                   "missing (use null if unknown)" if "obtained_from" in str(loc) else "required field is missing")
    elif error["type"] == "extra_forbidden":
        problem = "unknown top-level key" if len(loc) == 1 else "unknown key" if "obtained_from" in str(loc) else "unknown field"
    elif error["type"] == "literal_error" and loc[-1] == "estimate_type":
        problem = f"{error['input']!r} is not one of {sorted(ESTIMATE_TYPES)} or null"
    elif error["input"] is None:
        problem = "must not be null"
    else:
        problem = error["msg"].removeprefix("Value error, ")
    source_id = None
    if len(loc) > 1 and loc[0] == "sources" and isinstance(loc[1], int):
        entry = data["sources"][loc[1]]
        sid = entry.get("source_id") if isinstance(entry, dict) else None
        source_id, loc = (sid if _is_text(sid) else f"<sources[{loc[1]}]>"), loc[2:]
    field = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in loc).lstrip(".") or "<entry>"
    return CatalogError(file, source_id, field, problem)


# ---------------------------------------------------------------------------
# public API
# ---------------------------------------------------------------------------


def load_catalog(path: str | Path | None = None, raw_dir: str | Path | None = None) -> dict:
    """Read ``catalog.yaml`` and validate it against :class:`Catalog`.

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
        ``grades_zh`` (code -> Chinese description), ``grade_labels`` /
        ``grade_labels_zh`` (code -> short label shown beside a figure) and
        ``sources`` (list of source mappings, as written in the file).

    Raises
    ------
    CatalogError
        If the file is not valid YAML, a top-level key is missing, a source
        lacks a required field (``short``, ``publisher_zh`` and ``caveats_zh`` included),
        a grade or estimate type is unknown, a grade has no Chinese text or label,
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
    try:
        Catalog.model_validate(data, context={"raw_dir": raw})
    except ValidationError as exc:
        raise _catalog_error(file, data, exc) from None
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
                "short": src["short"],
                "short_zh": src["short_zh"],
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
