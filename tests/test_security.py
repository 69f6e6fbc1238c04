"""Reliability and security: hostile text renders as text, cached frames cannot be changed by a
caller, the effective configuration exposes nothing, verify() catches drift, unit slips are caught."""

from __future__ import annotations

import copy
import hashlib
import json
import re
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from dashboard import data
from dashboard.formatting import escape_markdown
from datasets import build
from datasets.catalog import load_catalog
from datasets.errors import BuildError
from datasets.loaders import wpp

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = "<script>alert(1)</script> **bold** [click](javascript:alert(1)) $x^2$ :red[red] =HYPERLINK(\"x\")"


def test_escape_markdown_escapes_every_active_character():
    out = escape_markdown(HOSTILE)
    assert re.search(r"(?<!\\)[<>*\[\]()$:=_`#|]", out) is None, out
    assert out.replace("\\", "") == HOSTILE
    assert escape_markdown(None) == "" and escape_markdown(float("nan")) == ""


def test_hostile_source_text_renders_as_text(monkeypatch):
    cat = copy.deepcopy(load_catalog())
    cat["sources"][0]["title"] = HOSTILE
    cat["sources"][0]["publisher"] = "<img src=x onerror=alert(1)>"
    st.cache_data.clear()
    monkeypatch.setattr(data, "catalog", lambda: cat)
    try:
        at = AppTest.from_file(str(ROOT / "dashboard" / "views" / "sources.py"), default_timeout=60).run()
        assert not at.exception
        label = next(e.label for e in at.expander if "alert" in e.label)
        assert "\\<script\\>" in label and "\\*\\*bold\\*\\*" in label and "\\<img src" in label
        for md in at.markdown:
            assert "<script>" not in md.value and "<img" not in md.value
            assert not md.proto.allow_html
    finally:
        st.cache_data.clear()


def test_cached_frames_are_not_mutated_by_callers():
    st.cache_data.clear()
    first = data.load_table("glotip")
    original = first["value"].copy()
    first["value"] = 0
    first.iloc[:10, 0] = "changed"
    again = data.load_table("glotip")
    assert len(again) == len(original)
    pd.testing.assert_series_equal(again["value"], original)


def test_effective_configuration_binds_loopback_and_sends_no_telemetry(monkeypatch):
    from streamlit import config

    monkeypatch.chdir(ROOT)
    config.get_config_options(force_reparse=True)
    try:
        assert config.get_option("server.address") == "127.0.0.1"
        assert config.get_option("browser.gatherUsageStats") is False
        assert config.get_option("server.headless") is True
        assert config.get_option("client.showErrorDetails") == "none"
    finally:
        config.get_config_options(force_reparse=True)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("pub") / "published"
    assert build.main(["--out", str(out)]) == 0
    return out


def _rewrite(out: Path, name: str, frame: pd.DataFrame) -> None:
    """Write a changed table and update the manifest so only the cross-totals can catch it."""
    path = out / f"{name}.parquet"
    build.write_parquet(frame, name, path)
    manifest = json.loads((out / "manifest.json").read_text())
    manifest["tables"][name]["sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
    (out / "manifest.json").write_text(json.dumps(manifest))


def test_verify_catches_a_province_that_no_longer_sums_to_national(built, tmp_path):
    import shutil

    out = tmp_path / "published"
    shutil.copytree(built, out)
    pop = pq.read_table(out / "population_by_age_sex.parquet").to_pandas()
    row = pop.index[(pop["geography_code"] == "CN-BJ") & (pop["year"] == 2020) & (pop["sex"] == "male") & (pop["age_start"] == 20)][0]
    pop.loc[row, "population"] += 1
    both = pop.index[(pop["geography_code"] == "CN-BJ") & (pop["year"] == 2020) & (pop["sex"] == "both") & (pop["age_start"] == 20)][0]
    pop.loc[both, "population"] += 1  # keep male + female = both: only the national sum is off
    _rewrite(out, "population_by_age_sex", pop)
    problems = build.verify(out)
    assert any("provinces sum to" in p and "nbs_census2020_yb_t1_5" in p for p in problems), problems


def test_verify_catches_crime_categories_drift(built, tmp_path):
    import shutil

    out = tmp_path / "published"
    shutil.copytree(built, out)
    crime = pq.read_table(out / "crime_cases_registered.parquet").to_pandas()
    crime.loc[(crime["year"] == 2013) & (crime["measure"] == "trafficking_women_children_cases_registered"), "value"] = 0
    _rewrite(out, "crime_cases_registered", crime)
    assert any("categories of 2013" in p for p in build.verify(out))


def test_values_in_thousands_caught_by_magnitude_check(tmp_path):
    """WPP thousands already multiplied to persons in the file (x 1,000 too much after conversion)."""
    lines = wpp.SINGLE_AGE.read_text(encoding="utf-8").splitlines()
    header, rows = lines[0], lines[1:]
    fixed = [",".join(r.split(",")[:6] + [str(round(float(r.split(",")[6]) * 1000))]) for r in rows]
    damaged = tmp_path / wpp.SINGLE_AGE.name
    damaged.write_text("\n".join([header] + fixed) + "\n", encoding="utf-8")
    frame = wpp.load_wpp_single_age(damaged)
    with pytest.raises(BuildError) as err:
        build.check_magnitudes(frame, load_catalog(), damaged.name)
    assert err.value.line == 2 and err.value.column == "population"
    assert "plausible range" in str(err.value) and damaged.name in str(err.value)


def test_rebuilt_file_is_read_again_without_restart(tmp_path, monkeypatch):
    import shutil

    src = data.PUBLISHED_DIR / "crime_cases_registered.parquet"
    shutil.copy(src, tmp_path / src.name)
    monkeypatch.setattr(data, "PUBLISHED_DIR", tmp_path)
    st.cache_data.clear()
    try:
        before = data.load_table("crime_cases_registered")
        changed = before.assign(value=before["value"] + 1)
        build.write_parquet(changed, "crime_cases_registered", tmp_path / src.name)
        after = data.load_table("crime_cases_registered")
        assert (after["value"] == before["value"] + 1).all()
        (tmp_path / src.name).write_bytes(b"damaged after the first read")
        with pytest.raises(data.DataUnavailable, match="cannot be read"):
            data.load_table("crime_cases_registered")
    finally:
        st.cache_data.clear()


def test_overview_keeps_other_cards_when_one_table_is_missing(tmp_path, monkeypatch):
    import shutil

    for f in data.PUBLISHED_DIR.iterdir():
        if f.name != "claim_check_numbers.parquet":
            shutil.copy(f, tmp_path / f.name)
    monkeypatch.setattr(data, "PUBLISHED_DIR", tmp_path)
    st.cache_data.clear()
    try:
        at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=60).run()
        assert not at.exception
        assert len(at.error) == 1 and "claim_check_numbers" in at.error[0].value and "make data" in at.error[0].value
        headings = [m.value.replace("\\", "") for m in at.markdown if m.value.startswith("### ")]
        assert len(headings) == 7
        badges = [m.value for m in at.markdown if "-badge[" in m.value]
        assert len(badges) == 7 and ":green-badge[consistent]" in badges  # every card keeps its verdict
    finally:
        st.cache_data.clear()
