"""Downloads (CSV, Excel, Parquet) of exactly the rows on screen, with units and sources.

The caller passes the frame as displayed (already filtered/sorted, numbers still numeric --
*not* the output of :func:`dashboard.formatting.format_frame_for_display`). Every export:

* writes the rows in frame order and not the index (the index is not data);
* names the columns of the CSV and the Parquet file by their ids (``population``), the same in
  English and 中文, so one script reads either language's file; labels and units in the
  reader's language (:func:`dashboard.i18n.column_labels`, from :mod:`datasets.columns`) are in
  the Excel header and ``sources`` sheet and in the Parquet metadata;
* takes ``units`` (column -> unit, see :mod:`dashboard.formatting`);
* takes ``sources`` as a mapping ``source_id -> citation``. When the frame has a ``source_id``
  column, CSV and Parquet get a last column ``source_citation`` filled from it (in the reader's
  language: the one column whose values differ between the two languages; ``geography`` and
  ``geography_zh`` are both kept as published), Excel lists each citation once on its
  ``sources`` sheet, and every non-missing ``source_id`` must have a citation (``KeyError``
  otherwise): a figure without its citation is not exported.
* writes dates (``datetime.date`` cells) as dates: ``YYYY-MM-DD`` in CSV, date cells formatted
  ``yyyy-mm-dd`` in Excel, ``date32`` in Parquet.

Spreadsheet safety (CSV and Excel, not Parquet): a *text* cell (or header) starting with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return is prefixed with a single quote ``'`` so
that Excel/LibreOffice/Sheets do not run it as a formula. Numeric cells (e.g. ``-4410315``)
are never altered.

Nothing here imports streamlit.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import re
from collections.abc import Mapping
from datetime import datetime, timezone
from decimal import Decimal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from dashboard.formatting import check_units_for_frame, is_missing
from dashboard.i18n import check_lang, column_labels, t, unit_label
from dashboard.labels import ESTIMATE_LABEL

__all__ = [
    "CITATION_COLUMN",
    "SOURCE_ID_COLUMN",
    "neutralise_text",
    "export_header",
    "to_csv_bytes",
    "to_xlsx_bytes",
    "to_parquet_bytes",
    "safe_filename",
]

SOURCE_ID_COLUMN = "source_id"
CITATION_COLUMN = "source_citation"
UTF8_BOM = b"\xef\xbb\xbf"

_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_MAX_FILENAME = 80
_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {f"COM{i}" for i in range(1, 10)} | {f"LPT{i}" for i in range(1, 10)}


# --------------------------------------------------------------------------- shared
def neutralise_text(text: str) -> str:
    """Prefix ``'`` to text that a spreadsheet would read as a formula.

    Args:
        text: a cell's text.

    Returns:
        ``"'" + text`` if ``text`` starts with ``=``, ``+``, ``-``, ``@``, tab or carriage
        return; otherwise ``text`` unchanged.
    """
    return "'" + text if text.startswith(_FORMULA_PREFIXES) else text


def export_header(df: pd.DataFrame, units: Mapping[str, str], lang: str = "en") -> list[str]:
    """Column names of the CSV and Parquet downloads: the column ids, as in the published Parquet
    tables, in every language (a script written for the English file reads the Chinese one),
    plus ``source_citation`` last when ``df`` has a ``source_id`` column. Units and labels are
    not in the names: they are in the data package, the Excel file and the Parquet metadata.

    Raises:
        ValueError: unknown ``lang``.
    """
    check_lang(lang)
    header = [str(c) for c in df.columns]
    if SOURCE_ID_COLUMN in df.columns:
        header.append(CITATION_COLUMN)
    return header


def _check_sources(sources: object) -> Mapping[str, str]:
    if not isinstance(sources, Mapping):
        raise TypeError(f"sources must be a mapping source_id -> citation, got {type(sources).__name__}")
    for key, citation in sources.items():
        if not isinstance(key, str) or not isinstance(citation, str):
            raise TypeError(f"sources must map str -> str, got {key!r} -> {citation!r}")
    return sources


def _prepare(df: pd.DataFrame, units: Mapping[str, str], sources: object) -> tuple[Mapping[str, str], list[str | None]]:
    """Validate inputs; return (sources, per-row citation list or [] when no source_id column)."""
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"df must be a pandas DataFrame, got {type(df).__name__}")
    check_units_for_frame(df, units)
    sources = _check_sources(sources)
    if CITATION_COLUMN in df.columns:
        raise ValueError(f"the frame already has a {CITATION_COLUMN!r} column; it is added from source_id")
    if SOURCE_ID_COLUMN not in df.columns:
        return sources, []
    citations: list[str | None] = []
    unknown: list[str] = []
    for sid in df[SOURCE_ID_COLUMN].tolist():
        if is_missing(sid):
            citations.append(None)
        elif str(sid) in sources:
            citations.append(sources[str(sid)])
        else:
            citations.append(None)
            if str(sid) not in unknown:
                unknown.append(str(sid))
    if unknown:
        raise KeyError(f"source_id values without a citation in sources: {unknown}")
    return sources, citations


def _used_sources(df: pd.DataFrame, sources: Mapping[str, str]) -> dict[str, str]:
    """Sources referenced by the frame (first-appearance order), or all when no source_id column."""
    if SOURCE_ID_COLUMN not in df.columns:
        return dict(sources)
    used: dict[str, str] = {}
    for sid in df[SOURCE_ID_COLUMN].tolist():
        if not is_missing(sid) and str(sid) not in used:
            used[str(sid)] = sources[str(sid)]
    return used


def _cell(value: object, column: object) -> object:
    """A frame cell as a plain Python value: None, bool, int, float, ``datetime.date`` or
    (neutralised) str.

    Integral floats become ints (so ``17520000.0`` is written ``17520000``); a date (not a
    timestamp) stays a date; timestamps become ISO text.
    """
    if is_missing(value):
        return None
    if type(value) is dt.date:
        return value
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating, Decimal)):
        f = float(value)
        if math.isnan(f):
            return None
        if math.isinf(f):
            return f  # no bound: INF / -INF (CSV, as Table Schema writes it), text in Excel
        if isinstance(value, Decimal) and value == value.to_integral_value():
            return int(value)
        if f.is_integer() and abs(f) < 2**53:
            return int(f)
        return f
    if isinstance(value, str):
        return neutralise_text(value)
    if hasattr(value, "isoformat"):
        return neutralise_text(value.isoformat())
    return neutralise_text(str(value))


def _rows(df: pd.DataFrame, citations: list[str | None]) -> list[list[object]]:
    columns = list(df.columns)
    data = [df[c].tolist() for c in columns]
    rows: list[list[object]] = []
    for i in range(len(df)):
        row = [_cell(data[j][i], columns[j]) for j in range(len(columns))]
        if citations:
            row.append(_cell(citations[i], CITATION_COLUMN))
        rows.append(row)
    return rows


# --------------------------------------------------------------------------- CSV
def _csv_field(value: object) -> str:
    """One cell's text (the csv module quotes it where needed)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isinf(value):
            return "INF" if value > 0 else "-INF"
        return np.format_float_positional(value, unique=True, trim="-")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def to_csv_bytes(df: pd.DataFrame, units: dict[str, str], sources: dict[str, str], lang: str = "en") -> bytes:
    """The frame as CSV bytes for download.

    A file for code (DuckDB, polars, pandas, R), whose column types the data package declares;
    spreadsheet users get the Excel file, where text such as ``100+`` or ``1-4`` stays text.
    Format: UTF-8 with BOM (``b"\\xef\\xbb\\xbf"`` first, so Excel reads Chinese correctly),
    written by the standard :mod:`csv` module: comma separated, ``"\\n"`` line ends (also after
    the last row), fields quoted only when they contain a comma, a double quote, ``\\n`` or
    ``\\r`` (quotes doubled). One header row: the column ids (:func:`export_header`, the same
    in both languages), plus a last ``source_citation`` column when the frame has ``source_id``.
    Numbers are raw: no thousands separators, integers (and integral floats) without ``.0``,
    other floats in shortest positional form (``105.07``, ``0.00001``); an infinite bound ``INF`` / ``-INF`` (as Table Schema writes it; text in Excel); dates ``YYYY-MM-DD``;
    missing values are empty. Text cells are neutralised (see :func:`neutralise_text`).

    Args:
        df: the rows on screen, numbers still numeric.
        units: column -> unit (see :mod:`dashboard.formatting`).
        sources: source_id -> citation string.
        lang: checked only (the header is the same in both languages; the citations are
            those of ``sources``).

    Returns:
        ``bytes``.

    Raises:
        KeyError: a ``units`` column is not in ``df``, or a ``source_id`` has no citation.
        ValueError: bad unit (incl. ``"thousands"``), duplicate columns, a
            ``source_citation`` column already present, or unknown ``lang``.
        TypeError: ``df`` is not a DataFrame, or ``units``/``sources`` are not str mappings.
    """
    _, citations = _prepare(df, units, sources)
    # The csv module quotes a field holding a character of its line terminator: with "\r\n" a
    # field with "\r" or "\n" is quoted; each row's "\r\n" is then written as "\n".
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    lines = []
    for row in [export_header(df, units, lang), *([_csv_field(v) for v in row] for row in _rows(df, citations))]:
        buf.seek(0)
        buf.truncate()
        writer.writerow(row)
        lines.append(buf.getvalue()[:-2])
    return UTF8_BOM + ("\n".join(lines) + "\n").encode("utf-8")


# --------------------------------------------------------------------------- Excel


def _xlsx_append(ws: object, values: list[object]) -> None:
    """Append one row to a write-only sheet; text is always a text cell (never a formula or error
    value), dates are date cells formatted yyyy-mm-dd, an infinite bound is the text INF/-INF.

    The workbooks are write-only (rows streamed to the file, through lxml). For the 33,738 rows of
    population_by_age_sex lxml made the file about 3.6 times faster to write (33.6 s without, 9.3 s
    with, on a shared, loaded machine); write-only mode added 10-20 % more.
    """
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment

    out: list[object] = []
    for value in values:
        if isinstance(value, str):
            # Control characters other than tab/newline/CR cannot be stored in .xlsx.
            text = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
            if text.startswith("=") or text in ERROR_CODES:
                cell = WriteOnlyCell(ws, value=text)
                cell.data_type = "s"  # openpyxl would otherwise type "=..." as formula, "#N/A" as error
                out.append(cell)
            else:
                out.append(text)
        elif isinstance(value, float) and math.isinf(value):
            cell = WriteOnlyCell(ws, value="INF" if value > 0 else "-INF")  # .xlsx numbers are finite: no bound is text
            cell.data_type = "s"
            out.append(cell)
        elif type(value) is dt.date:
            cell = WriteOnlyCell(ws, value=value)
            cell.number_format = "yyyy-mm-dd"
            out.append(cell)
        elif value is None:
            # openpyxl drops unstyled empty cells; a (visually neutral) style keeps the cell,
            # so a trailing row of missing values is not lost from the download.
            cell = WriteOnlyCell(ws)
            cell.alignment = Alignment(horizontal="right")
            out.append(cell)
        else:
            out.append(value)
    ws.append(out)


def to_xlsx_bytes(df: pd.DataFrame, units: dict[str, str], sources: dict[str, str], title: str, *, generated_at: datetime | None = None, lang: str = "en") -> bytes:
    """The frame as an Excel workbook (``.xlsx``) for download: the table as it is on screen.

    Sheet ``data``: the headers on screen, with units (:func:`dashboard.i18n.column_labels`: ``men (persons)``
    / ``男（人）``) and the same rows as :func:`to_csv_bytes` without its citation column (each row
    keeps its ``source_id``; the citations are on the ``sources`` sheet, once each) -- ints as
    numbers, floats as numbers, missing as empty cells, text neutralised and stored as text
    (never as a formula); the header row is frozen.

    Sheet ``sources``::

        title      | <title>
        generated  | <UTC time, ISO 8601> ...
        (blank)
        source_id  | citation
        <id>       | <citation>       one row per source used by the frame (first-appearance
        ...                           order), or every entry of ``sources`` when the frame
        (blank)                       has no source_id column
        column     | column id | unit
        <header>   | <id>      | <unit>   one row per column of the data sheet

    Control characters that .xlsx cannot hold (other than tab/newline/CR) are replaced by
    U+FFFD. Chinese text is stored as-is.

    Args:
        df: the rows on screen, numbers still numeric.
        units: column -> unit.
        sources: source_id -> citation string.
        title: what the table is (e.g. the chart title), written on the sources sheet.
        generated_at: timestamp for the "generated" note (default: now, UTC); naive
            datetimes are taken as UTC.
        lang: language of the header row and of the sources sheet's labels ("zh": 标题,
            生成时间 ...); sheet names stay ``data`` and ``sources``.

    Returns:
        ``bytes`` of the .xlsx file.

    Raises:
        KeyError, ValueError, TypeError: as :func:`to_csv_bytes`; TypeError also if ``title``
        is not a string.
    """
    if not isinstance(title, str):
        raise TypeError(f"title must be a str, got {type(title).__name__}")
    sources, _ = _prepare(df, units, sources)
    header = column_labels(df.columns, units, lang)
    from openpyxl import Workbook  # loaded when a spreadsheet is asked for, not with every page

    wb = Workbook(write_only=True)
    _write_sheet(wb.create_sheet("data"), [header[c] for c in df.columns], _rows(df, []))
    _write_sources_sheet(wb, df, units, sources, title, generated_at, lang, header)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _write_sheet(ws: object, header: list[str], rows: list[list[object]]) -> None:
    """Header row (frozen) and rows of one (new, write-only) data sheet."""
    ws.freeze_panes = "A2"  # set before the first row: a write-only sheet streams its rows
    _xlsx_append(ws, [neutralise_text(h) for h in header])
    for row in rows:
        _xlsx_append(ws, row)


def _write_sources_sheet(wb, df, units, sources, title, generated_at, lang, header, extra_rows=()) -> None:
    """The ``sources`` sheet: title, time, each citation once, any ``extra_rows``, then what each
    column of the data sheet(s) is (``header``: column id -> header text)."""
    when = generated_at or datetime.now(timezone.utc)
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    stamp = when.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    meta = wb.create_sheet("sources")
    meta_rows: list[list[object]] = [
        [t("title", lang), title],
        [t("generated", lang), t("{stamp} (UTC); the rows that matched the filters on screen", lang, stamp=stamp)],
        [],
        ["source_id", t("citation", lang)],
    ]
    meta_rows += [[sid, citation] for sid, citation in _used_sources(df, sources).items()]
    meta_rows += list(extra_rows)
    meta_rows += [[], [t("column", lang), t("column id", lang), t("unit", lang)]]
    meta_rows += [[label, str(column), _unit_text(units.get(column), lang)] for column, label in header.items()]
    meta.column_dimensions["A"].width = 28
    meta.column_dimensions["B"].width = 100
    for row in meta_rows:
        _xlsx_append(meta, [neutralise_text(v) if isinstance(v, str) else v for v in row])


def _unit_text(unit: str | None, lang: str) -> str | None:
    if unit is None:
        return None
    return unit if lang == "en" else unit_label(unit, lang)


#: Columns a long population table must have for the wide layout.
WIDE_COLUMNS = ("source_id", "year", "geography", "geography_code", "age_start", "age_label", "sex", "population")
#: Sex values across the wide sheet, in this order, and their column ids.
WIDE_SEXES = {"male": "male", "female": "female", "both": "both"}
#: Most sheets in one wide workbook (one per year, place and source).
MOST_WIDE_SHEETS = 60


def wide_sheet_count(df: pd.DataFrame) -> int:
    """How many sheets :func:`to_wide_xlsx_bytes` writes for ``df`` (one per source, year and
    place)."""
    return int(df.groupby(["source_id", "year", "geography_code"], sort=False).ngroups) if len(df) else 0


def _sheet_name(year: object, place: str, taken: set[str]) -> str:
    """'2020 Guangdong' -- at most 31 characters, none of []:*?/\\, unique in the workbook."""
    short = re.sub(r"\s*[(（].*$", "", place)  # "China (31 provinces, national total)" -> "China"
    base = re.sub(r"[\[\]:*?/\\]", " ", f"{year} {short}").strip()[:31]
    name, n = base, 2
    while name in taken:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name)
    return name


def to_wide_xlsx_bytes(df: pd.DataFrame, units: dict[str, str], sources: dict[str, str], title: str, *, generated_at: datetime | None = None, lang: str = "en") -> bytes:
    """A long population table (``population_by_age_sex`` rows) as a wide Excel workbook, the
    layout a spreadsheet reader expects: one sheet per source, year and place (``2020
    Guangdong``), ages down the side, men, women and both sexes across, the ``source_id`` on
    every row. The ``sources`` sheet holds each citation once, an index of the sheets (sheet,
    year, place, kind of estimate, source_id) and what each column is. The long layout
    (:func:`to_xlsx_bytes`, CSV, Parquet) stays the default for code.

    Args:
        df: rows with at least WIDE_COLUMNS (population in persons, sex male/female/both).
        units, sources, title, generated_at, lang: as :func:`to_xlsx_bytes`.

    Returns:
        ``bytes`` of the .xlsx file; sheets in the order the rows first name them, ages
        ascending; a sex that the rows do not have is left out of that sheet.

    Raises:
        KeyError: a column of WIDE_COLUMNS is missing, or a source_id has no citation.
        ValueError: two rows give one source, year, place, age and sex; a sex other than
            male/female/both; more than MOST_WIDE_SHEETS sheets; no rows.
    """
    missing = [c for c in WIDE_COLUMNS if c not in df.columns]
    if missing:
        raise KeyError(f"the wide layout needs the columns {missing}")
    if not len(df):
        raise ValueError("no rows to write")
    if unknown := sorted(set(df["sex"].dropna()) - set(WIDE_SEXES)):
        raise ValueError(f"sex values {unknown} are not male, female or both")
    if (n := wide_sheet_count(df)) > MOST_WIDE_SHEETS:
        raise ValueError(f"{n} sheets (sources x years x places): choose at most {MOST_WIDE_SHEETS}")
    keys = ["source_id", "year", "geography_code", "age_start", "age_label", "sex"]
    if df.duplicated(keys).any():
        row = df[df.duplicated(keys)].iloc[0]
        raise ValueError(f"two rows for {', '.join(f'{k}={row[k]}' for k in keys)}")
    sources, _ = _prepare(df, units, sources)
    place_col = "geography_zh" if lang == "zh" and "geography_zh" in df.columns else "geography"
    unit = units.get("population", "persons")

    def columns(sexes: list[str]) -> dict[str, str]:
        wide_units = {WIDE_SEXES[s]: unit for s in sexes}
        return column_labels(["age_label", *wide_units, "source_id"], wide_units, lang)

    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    taken: set[str] = set()
    index_rows: list[list[object]] = [[], [t("sheet", lang), t("year", lang), t("area", lang), t("estimate type", lang), "source_id"]]
    for (sid, year, _code), rows in df.groupby(["source_id", "year", "geography_code"], sort=False):
        place = str(rows[place_col].iloc[0])
        name = _sheet_name(year, place, taken)
        sexes = [s for s in WIDE_SEXES if s in set(rows["sex"])]
        table = rows.pivot(index=["age_start", "age_label"], columns="sex", values="population").sort_index()
        body = [[_cell(label, "age_label"), *(_cell(table.at[(start, label), s], s) for s in sexes), sid]
                for start, label in table.index]
        _write_sheet(wb.create_sheet(name), list(columns(sexes).values()), body)
        kind = rows["estimate_type"].iloc[0] if "estimate_type" in rows.columns else None
        index_rows.append([name, _cell(year, "year"), place, None if kind is None else t(ESTIMATE_LABEL.get(kind, kind), lang), sid])
    header = columns([s for s in WIDE_SEXES if s in set(df["sex"])])
    wide_units = {c: unit for c in header if c in WIDE_SEXES.values()}
    _write_sources_sheet(wb, df, wide_units, sources, title, generated_at, lang, header, index_rows)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# --------------------------------------------------------------------------- Parquet
def to_parquet_bytes(df: pd.DataFrame, units: dict[str, str], sources: dict[str, str]) -> bytes:
    """The frame as Parquet bytes for download (pyarrow).

    Column names and values are unchanged (no unit suffixes, no neutralisation, index not
    written), plus a last ``source_citation`` column (text, from ``sources``) when the frame has
    ``source_id``: the same columns as :func:`to_csv_bytes`. Dates (``datetime.date`` cells) are
    ``date32``; pandas dtypes survive a ``pandas.read_parquet`` round trip (``Int64`` stays
    nullable integer). The file's key-value metadata holds, as UTF-8 JSON (``ensure_ascii=False``):

    * ``units``: ``{"column": "unit", ...}``
    * ``sources``: ``{"source_id": "citation", ...}`` -- the sources used by the frame, or
      all of ``sources`` when the frame has no ``source_id`` column.
    * ``columns``: ``{"column": {"label": ..., "label_zh": ..., "unit": ..., "unit_zh": ...}}``
      -- each column's header in English and Chinese (:func:`dashboard.i18n.column_label`).

    Args:
        df: the rows on screen.
        units: column -> unit.
        sources: source_id -> citation string.

    Returns:
        ``bytes`` of the .parquet file.

    Raises:
        KeyError, ValueError, TypeError: as :func:`to_csv_bytes`;
        pyarrow errors (``pyarrow.ArrowInvalid``/``ArrowTypeError``) for columns Arrow cannot
        store (e.g. mixed types in an object column).
    """
    sources, citations = _prepare(df, units, sources)
    frame = df.assign(**{CITATION_COLUMN: pd.array(citations, dtype="str")}) if SOURCE_ID_COLUMN in df.columns else df
    table = pa.Table.from_pandas(frame, preserve_index=False)
    labels = {lang: column_labels(frame.columns, {}, lang) for lang in ("en", "zh")}
    columns = {
        str(c): {"label": labels["en"][c], "label_zh": labels["zh"][c], "unit": units.get(c), "unit_zh": unit_label(units[c], "zh") if c in units else None}
        for c in frame.columns
    }
    metadata = dict(table.schema.metadata or {})
    metadata[b"units"] = json.dumps(dict(units), ensure_ascii=False).encode("utf-8")
    metadata[b"sources"] = json.dumps(_used_sources(df, sources), ensure_ascii=False).encode("utf-8")
    metadata[b"columns"] = json.dumps(columns, ensure_ascii=False).encode("utf-8")
    table = table.replace_schema_metadata(metadata)
    buf = io.BytesIO()
    pq.write_table(table, buf)
    return buf.getvalue()


# --------------------------------------------------------------------------- file names
def safe_filename(stem: str, ext: str) -> str:
    """A download file name that is safe on every OS and in a Content-Disposition header.

    Runs of characters other than ``A-Z a-z 0-9 -`` in ``stem`` (spaces, slashes, dots, ``..``,
    underscores, non-ASCII such as Chinese) become one ``_``; leading/trailing ``_``/``-``
    are stripped; an empty result becomes ``download``; Windows device names (``CON``,
    ``NUL``, ``COM1`` ...) get a ``_`` suffix. The stem is cut so the whole name is at most
    80 characters. The result has no leading dot, no ``..`` and only ``[A-Za-z0-9._-]``.

    Examples:
        ``safe_filename("population_by_age_sex 2020/../x", "csv")`` ->
        ``"population_by_age_sex_2020_x.csv"``; ``safe_filename("全国", ".xlsx")`` ->
        ``"download.xlsx"``.

    Args:
        stem: the wanted name without extension.
        ext: the extension, with or without leading dot (``"csv"``, ``".xlsx"``,
            ``"tar.gz"``); lower-cased.

    Returns:
        ``"<stem>.<ext>"`` (``str``).

    Raises:
        TypeError: ``stem`` or ``ext`` is not a string.
        ValueError: ``ext`` is empty, longer than 16 characters, or not dot-separated
            ASCII letters/digits.
    """
    if not isinstance(stem, str) or not isinstance(ext, str):
        raise TypeError("stem and ext must be strings")
    ext = ext.strip().lstrip(".").lower()
    if not ext or len(ext) > 16 or not re.fullmatch(r"[a-z0-9]+(\.[a-z0-9]+)*", ext):
        raise ValueError(f"bad extension {ext!r}: use ASCII letters/digits, e.g. 'csv'")
    clean = re.sub(r"[^A-Za-z0-9-]+", "_", stem).strip("_-")
    if not clean:
        clean = "download"
    room = _MAX_FILENAME - len(ext) - 1
    clean = clean[:room].rstrip("_-") or "download"
    if clean.upper() in _WINDOWS_RESERVED:
        clean += "_"
    return f"{clean}.{ext}"
