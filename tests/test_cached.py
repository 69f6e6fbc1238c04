"""dashboard.data.cached_per_version: one cache per selection, keyed by its arguments and by the
version of the published tables it reads, so a new build is picked up without a restart."""

from __future__ import annotations

import pandas as pd

from dashboard import data


def test_a_selection_is_cached_per_arguments_and_table_version(tmp_path, monkeypatch):
    monkeypatch.setattr(data, "PUBLISHED_DIR", tmp_path)
    pd.DataFrame({"x": [1]}).to_parquet(tmp_path / "t.parquet")
    calls = []

    @data.cached_per_version("t")
    def times(n: int) -> int:
        calls.append(n)
        return int(pd.read_parquet(tmp_path / "t.parquet")["x"].sum()) * n

    @data.cached_per_version("t")
    def other(n: int) -> int:
        return -n

    assert (times(2), times(2), calls) == (2, 2, [2])  # the second call is served from the cache
    assert times(3) == 3 and calls == [2, 3]
    assert other(2) == -2  # another selection with the same arguments has a cache of its own
    pd.DataFrame({"x": [5, 5, 5]}).to_parquet(tmp_path / "t.parquet")  # a new build of the table
    assert times(2) == 30 and calls == [2, 3, 2]
    assert times.__name__ == "times" and "cached" not in (times.__doc__ or "")
