"""The one error type a failed build raises, so every failure names file, row and column."""

from __future__ import annotations


class BuildError(Exception):
    """A raw file or a built table failed a check.

    Attributes:
        file: path of the raw file (relative to the repository) or the published table name.
        line: 1-based line number in the file (the header is line 1), or None when the
            failure concerns the whole file or column.
        column: the column name, or None.
        detail: what is wrong, in words, with the offending value where there is one.
    """

    def __init__(self, file: str, detail: str, *, line: int | None = None, column: str | None = None):
        self.file = file
        self.line = line
        self.column = column
        self.detail = detail
        where = [str(file)]
        if line is not None:
            where.append(f"line {line} (data row {line - 1})")
        if column is not None:
            where.append(f"column '{column}'")
        super().__init__(", ".join(where) + ": " + detail)

