"""Reading raw CSV files strictly: every cell as text, index = line number in the file.

Keeping the line number as the frame's index through every loader step lets a schema failure
name the exact line of the raw file (see :mod:`datasets.validate`).
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pandas as pd

from datasets.errors import BuildError
from datasets.paths import RAW_DIR, REPO_ROOT, display_path, file_version

__all__ = ["RAW_DIR", "REPO_ROOT", "display_path", "file_version", "read_raw_csv"]


def read_raw_csv(path: Path, columns: list[str], *, data: bytes | None = None) -> pd.DataFrame:
    """Read a raw CSV with every cell as text; the index is the 1-based line number.

    Args:
        path: the CSV file (UTF-8, comma separated, header row).
        columns: the exact header expected, in order.
        data: the bytes to parse instead of the whole file, for a file whose first part only is
            the table (e.g. a UN export followed by a blank line and its footnotes): the first
            lines of ``path``, unchanged, so that line numbers stay those of the file.

    Returns:
        DataFrame of dtype ``str`` (missing cells are ``NaN``), index = line number (header = 1,
        first data row = 2).

    Raises:
        BuildError: the file is missing, empty, not UTF-8 (e.g. GBK), has only a header, or
            its header differs from ``columns`` (missing, renamed or extra column named).
    """
    name = display_path(path)
    try:
        data = Path(path).read_bytes() if data is None else data
    except FileNotFoundError:
        raise BuildError(name, "file not found; restore it from git (git checkout -- datasets/raw)") from None
    if not data.strip():
        raise BuildError(name, "file is empty")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        before = data[data.rfind(b"\n", 0, exc.start) + 1 : exc.start].decode("utf-8", errors="replace")
        header_fields = next(csv.reader([data.split(b"\n", 1)[0].decode("utf-8", errors="replace")]))
        field = len(next(csv.reader([before]), [""])) - 1 if before else 0
        raise BuildError(
            name,
            f"not valid UTF-8 at byte {exc.start} (a GBK or other legacy encoding?); save the file as UTF-8",
            line=line,
            column=header_fields[field] if 0 <= field < len(header_fields) else None,
        ) from None
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_values=[""], skip_blank_lines=False)
    except pd.errors.ParserError as exc:  # its message names the line
        found = re.search(r"line (\d+)", str(exc))
        raise BuildError(name, f"not a well-formed CSV ({exc}); quote cells that contain commas", line=int(found.group(1)) if found else None) from None
    header = list(frame.columns)
    missing = [c for c in columns if c not in header]
    extra = [c for c in header if c not in columns]
    if missing:
        raise BuildError(name, f"missing column(s) {missing}; header is {header}", line=1, column=missing[0])
    if extra:
        raise BuildError(name, f"unexpected column(s) {extra}; expected {columns}", line=1, column=extra[0])
    if frame.empty:
        raise BuildError(name, "file has a header but no data rows", line=1)
    frame.index = pd.RangeIndex(2, len(frame) + 2, name="line")
    blank = frame.isna().all(axis=1)
    if blank.any():
        raise BuildError(name, "empty line (delete it)", line=int(frame.index[blank][0]))
    return frame[columns]

