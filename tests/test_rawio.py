"""read_raw_csv parses with pyarrow where that gives exactly what pandas' parser gives, and leaves
everything else (malformed lines, odd headers) to pandas: the frames, errors and messages are the
same as with pandas alone, on every raw and curated file and on a set of awkward CSVs.
"""

from __future__ import annotations

import codecs
import io
from pathlib import Path

import pandas as pd
import pytest

from datasets import rawio
from datasets.errors import BuildError
from datasets.loaders import census_unsd_marital

FILES = sorted(rawio.RAW_DIR.glob("*.csv")) + sorted((rawio.RAW_DIR.parent / "curated").glob("*.csv"))

AWKWARD = {
    "crlf": b"a,b\r\n1,2\r\n3,4\r\n",
    "cr_only": b"a,b\r1,2\r3,4\r",
    "quoted_newline": b'a,b\n"x\ny",2\n3,4\n',
    "quoted_comma": b'a,b\n"x,y",2\n',
    "empty_quoted": b'a,b\n"",2\n',
    "spaces": b"a,b\n x , y \n",
    "quote_inside": b'a,b\nab"c,2\n',
    "text_after_quote": b'a,b\n"abc"def,2\n',
    "space_before_quote": b'a,b\n "abc",2\n',
    "doubled_quote": b'a,b\n"a""b",2\n',
    "no_final_newline": b"a,b\n1,2",
    "blank_line_at_end": b"a,b\n1,2\n\n",
    "blank_line_inside": b"a,b\n1,2\n\n3,4\n",
    "blank_first_row": b"a,b\n\n1,2\n",
    "only_spaces_line": b"a,b\n1,2\n   \n",
    "all_cells_empty": b"a,b\n,\n1,2\n",
    "too_few_cells": b"a,b\n1\n",
    "too_many_cells": b"a,b\n1,2,3\n",
    "too_many_cells_everywhere": b"a,b\n1,2,3\n4,5,6\n",
    "unclosed_quote": b'a,b\n"abc,2\n',
    "bom": codecs.BOM_UTF8 + b"a,b\n1,2\n",
    "repeated_header_name": b"a,a\n1,2\n",
    "empty_header_name": b"a,,b\n1,2,3\n",
    "header_trailing_comma": b"a,b,\n1,2,\n",
    "quoted_header": b'"a","b"\n1,2\n',
    "header_with_space": b"a, b\n1,2\n",
    "header_with_newline": b'"a\nx",b\n1,2\n',
    "header_only": b"a,b\n",
    "nul_byte": b"a,b\n1\x002,3\n",
    "chinese": "a,b\n中文,２\n".encode(),
    "na_words": b"a,b\nNA,n/a\nnull,None\n",
    "one_column_blank_line": b"a\n1\n\n2\n",
}


def _pandas_only(path: Path, columns: list[str], monkeypatch) -> object:
    with monkeypatch.context() as m:
        m.setattr(rawio, "_read_with_pyarrow", lambda data: None)
        return _outcome(path, columns)


def _outcome(path: Path, columns: list[str]) -> object:
    try:
        return rawio.read_raw_csv(path, columns)
    except BuildError as exc:
        return ("BuildError", str(exc), exc.line, exc.column)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_input_file_takes_the_fast_path_and_reads_as_pandas_reads_it(path: Path):
    data = path.read_bytes()
    if path == census_unsd_marital.UNSD_MARITAL:  # a UN export: the table, an empty line, the footnotes; the loader reads the table
        data = census_unsd_marital.split_footnotes(path)[0]
    fast = rawio._read_with_pyarrow(data)
    assert fast is not None
    reference = pd.read_csv(io.StringIO(data.decode("utf-8-sig")), dtype=str, keep_default_na=False, na_values=[""], skip_blank_lines=False)
    pd.testing.assert_frame_equal(fast, reference, check_column_type=True)
    for column in fast.columns:  # same Arrow storage, one chunk: the Parquet files stay byte-identical
        got, want = fast[column].array._pa_array, reference[column].array._pa_array
        assert got.type == want.type and got.num_chunks == want.num_chunks == 1


@pytest.mark.parametrize("name", list(AWKWARD))
def test_awkward_csv_reads_as_with_pandas_alone(name: str, tmp_path: Path, monkeypatch):
    path = tmp_path / f"{name}.csv"
    path.write_bytes(AWKWARD[name])
    columns = ["a"] if name.startswith("one_column") else ["a", "b"]
    got, want = _outcome(path, columns), _pandas_only(path, columns, monkeypatch)
    if isinstance(want, pd.DataFrame):
        assert isinstance(got, pd.DataFrame), got
        pd.testing.assert_frame_equal(got, want, check_column_type=True)
    else:
        assert got == want
