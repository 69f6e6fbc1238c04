"""The build's second process (datasets/parallel.py): results and errors come back whole, a dead
child is reported, and a failing build names the same first failure with or without it."""

from __future__ import annotations

import os
import pickle

import pytest

from datasets import build, parallel
from datasets.errors import BuildError


@pytest.fixture(params=[True, False], ids=["forked", "one_process"])
def forked(request, monkeypatch) -> bool:
    if request.param and not hasattr(os, "fork"):
        pytest.skip("no os.fork on this platform")
    monkeypatch.setattr(parallel, "can_fork", lambda: request.param)
    return request.param


def _fail(exc: Exception):
    def job():
        raise exc

    return job


def test_build_error_survives_pickling():
    err = BuildError("datasets/raw/x.csv", "value -5 failed check", line=21, column="population")
    back = pickle.loads(pickle.dumps(err))
    assert type(back) is BuildError
    assert (back.file, back.detail, back.line, back.column, str(back)) == (err.file, err.detail, err.line, err.column, str(err))


def test_results_and_errors_come_back_from_both_groups(forked: bool):
    results = parallel.run_jobs(
        {"a": lambda: 1, "b": _fail(BuildError("f.csv", "bad", line=3, column="c"))},
        {"c": lambda: os.getpid(), "d": _fail(ValueError("no"))},
    )
    assert results["a"] == 1
    assert isinstance(results["b"], BuildError) and (results["b"].line, results["b"].column) == (3, "c")
    assert (results["c"] != os.getpid()) is forked
    assert isinstance(results["d"], ValueError) and str(results["d"]) == "no"


def test_a_child_that_dies_is_reported(monkeypatch):
    if not hasattr(os, "fork"):
        pytest.skip("no os.fork on this platform")
    monkeypatch.setattr(parallel, "can_fork", lambda: True)
    with pytest.raises(RuntimeError, match="ended without sending"):
        parallel.run_jobs({"a": lambda: 1}, {"b": lambda: os._exit(3)})


@pytest.mark.parametrize(
    "failing, expected",
    [
        # (loader module attribute, ...) -> the loader whose error a one-process build reports first
        ((("wpp", "load_wpp_single_age"), ("crime", "load_crime_cases")), "load_wpp_single_age"),
        ((("census_nbs", "load_census_age5_province"), ("glotip", "load_glotip")), "load_census_age5_province"),
        ((("tip", "load_tip_tiers"), ("cited", "load_cited_figures")), "load_tip_tiers"),
    ],
)
def test_the_first_failure_in_build_order_is_reported(forked: bool, failing, expected: str, monkeypatch):
    for module, name in failing:
        monkeypatch.setattr(getattr(build, module), name, _fail(BuildError(f"{name}.csv", "damaged", line=2, column="x")))
    with pytest.raises(BuildError) as info:
        build.build_tables()
    assert info.value.file == f"{expected}.csv"


def test_a_damaged_names_file_is_reported_as_before(forked: bool, tmp_path, monkeypatch):
    """The names are read before the second process starts; their error still comes out of the build."""
    from datasets.loaders import names

    damaged = tmp_path / "country_names_zh.csv"
    lines = names.COUNTRY_NAMES.read_text(encoding="utf-8").splitlines(keepends=True)
    damaged.write_text(lines[0] + lines[1].replace("世界", "") + "".join(lines[2:]), encoding="utf-8")
    monkeypatch.setattr(names, "COUNTRY_NAMES", damaged)
    with pytest.raises(BuildError) as info:
        build.build_tables()
    assert (info.value.file.endswith("country_names_zh.csv"), info.value.line, info.value.column) == (True, 2, "name_zh")


def test_jobs_run_here_when_fork_fails(monkeypatch):
    if not hasattr(os, "fork"):
        pytest.skip("no os.fork on this platform")
    monkeypatch.setattr(parallel, "can_fork", lambda: True)

    def no_fork():
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(parallel.os, "fork", no_fork)
    assert parallel.run_jobs({"a": lambda: 1}, {"b": lambda: os.getpid()}) == {"a": 1, "b": os.getpid()}
