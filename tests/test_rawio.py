"""read_raw_csv (pandas' CSV parser, every cell as text, index = line number): what it gives for
awkward CSV files, written out here by hand, and the errors that name file and line."""

from __future__ import annotations

import codecs
import math
from pathlib import Path

import pytest

from datasets import rawio
from datasets.errors import BuildError

# name -> (bytes, expected rows as lists of cells (None = missing), or the error's (message part, line))
CASES = {
    "crlf": (b"a,b\r\n1,2\r\n3,4\r\n", [["1", "2"], ["3", "4"]]),
    "quoted_comma": (b'a,b\n"x,y",2\n', [["x,y", "2"]]),
    "doubled_quote": (b'a,b\n"a""b",2\n', [['a"b', "2"]]),
    "empty_quoted_is_missing": (b'a,b\n"",2\n', [[None, "2"]]),
    "spaces_kept": (b"a,b\n x , y \n", [[" x ", " y "]]),
    "na_words_are_text": (b"a,b\nNA,n/a\nnull,None\n", [["NA", "n/a"], ["null", "None"]]),
    "bom": (codecs.BOM_UTF8 + b"a,b\n1,2\n", [["1", "2"]]),
    "chinese": ("a,b\n中文,２\n".encode(), [["中文", "２"]]),
    "no_final_newline": (b"a,b\n1,2", [["1", "2"]]),
    "too_few_cells_are_missing": (b"a,b\n1\n", [["1", None]]),
    "blank_line_inside": (b"a,b\n1,2\n\n3,4\n", ("empty line", 3)),
    "all_cells_empty": (b"a,b\n,\n1,2\n", ("empty line", 2)),
    "header_only": (b"a,b\n", ("no data rows", 1)),
    "repeated_header_name": (b"a,a\n1,2\n", ("missing column(s) ['b']", 1)),
    "extra_column": (b"a,b,c\n1,2,3\n", ("unexpected column(s) ['c']", 1)),
    "unclosed_quote": (b'a,b\n"abc,2\n', ("not a well-formed CSV", None)),
    "not_utf8": ("a,b\n中文,2\n".encode("gbk"), ("not valid UTF-8", 2)),
    "empty_file": (b"", ("file is empty", None)),
}


@pytest.mark.parametrize("name", list(CASES))
def test_awkward_csv(name: str, tmp_path: Path):
    data, expected = CASES[name]
    path = tmp_path / f"{name}.csv"
    path.write_bytes(data)
    if isinstance(expected, tuple):
        with pytest.raises(BuildError) as info:
            rawio.read_raw_csv(path, ["a", "b"])
        part, line = expected
        assert part in str(info.value) and info.value.line == line, str(info.value)
        assert str(info.value).startswith(str(path))
        return
    frame = rawio.read_raw_csv(path, ["a", "b"])
    got = [[None if isinstance(v, float) and math.isnan(v) else v for v in row] for row in frame.itertuples(index=False)]
    assert got == expected
    assert list(frame.index) == list(range(2, 2 + len(expected)))  # the line numbers of the file
    assert all(frame[c].dtype == "str" for c in frame.columns)


def test_missing_file_says_how_to_restore_it(tmp_path: Path):
    with pytest.raises(BuildError, match="file not found; restore it from git"):
        rawio.read_raw_csv(tmp_path / "gone.csv", ["a"])


def test_every_raw_and_curated_file_reads_with_line_numbers():
    """Each input file is read with its own header, every row, the index starting at line 2."""
    import csv
    import io

    files = sorted(rawio.RAW_DIR.glob("*.csv")) + sorted((rawio.RAW_DIR.parent / "curated").glob("*.csv"))
    assert len(files) >= 15
    for path in files:
        text = path.read_text(encoding="utf-8-sig")
        if "\n\n" in text:  # a UN export: the table, an empty line, its footnotes (the loader reads the table)
            continue
        rows = list(csv.reader(io.StringIO(text)))
        frame = rawio.read_raw_csv(path, rows[0])
        assert len(frame) == len(rows) - 1, path.name
        assert frame.index[0] == 2, path.name
