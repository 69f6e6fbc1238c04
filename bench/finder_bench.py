"""How long "Check a figure" takes to answer: the definition finder alone, and the /check page run
end to end, for printed numbers never asked before (nothing cached).

Run as ``python -m bench.finder_bench OUT.json`` (bench.run does this in a subprocess, so that
Streamlit's caches of this phase cannot touch the others). Target: every answer within 1 s.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
PUBLISHED = ROOT / "datasets" / "published"
REPEATS = 5
#: (text as printed, measure, what the print states): the widest searches (no year or place: every
#: table, year and age band held) and the figures of the issue.
QUERIES = [
    ("17.52 million", "surplus_of_men", {}),
    ("17.52 million", "surplus_of_men", {"year": 2020, "age_from": 20, "age_to": 40, "kind": "census_count"}),
    ("1752万", "men", {}),
    ("108.9", "sex_ratio", {"year": 2020, "age_from": 20, "age_to": 40}),
    ("111.3", "sex_ratio_at_birth", {}),
    ("fell by 88%", "change_percent", {}),
    ("3,305", "registered_cases", {"year": 2020}),
    ("more than 10,000", "persons_rescued_or_found", {}),
    ("1,127", "detected_victims", {}),
]


def time_finder() -> dict:
    """The finder on the published tables (read once, as the dashboard caches them): median of
    :data:`REPEATS` runs of each query, in ms."""
    from dashboard.cached import FINDER_TABLES
    from datasets.derived.finder import find_definitions
    from datasets.derived.printed_number import parse_printed_number

    tables = {name: pd.read_parquet(PUBLISHED / f"{name}.parquet") for name in FINDER_TABLES}
    out = []
    for text, measure, stated in QUERIES:
        runs = []
        for _ in range(REPEATS):
            started = time.perf_counter()
            found = find_definitions(parse_printed_number(text), measure, tables, **stated)
            runs.append((time.perf_counter() - started) * 1000)
        out.append({"text": text, "measure": measure, "stated": stated, "median_ms": round(statistics.median(runs), 1),
                     "definitions": found.total, "verdict": found.verdict})
    return {"queries": out, "max_median_ms": max(q["median_ms"] for q in out)}


def time_page() -> dict:
    """The /check page under AppTest (app.py, then the page with the query in its link), each
    query once with every cache cleared first: the server's whole answer to a new question, in ms."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    out = []
    for text, measure, stated in QUERIES:
        st.cache_data.clear()
        at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=120).run()
        at.switch_page("views/check.py")
        for key, value in {"number": text, "measure": measure, **{k: str(v) for k, v in stated.items()}}.items():
            at.query_params[key] = value
        started = time.perf_counter()
        at.run()
        elapsed = (time.perf_counter() - started) * 1000
        if at.exception or at.error:
            raise RuntimeError(f"/check failed for {text!r}: {[e.value for e in at.error]} {[e.message for e in at.exception]}")
        out.append({"text": text, "measure": measure, "stated": stated, "first_run_ms": round(elapsed, 1)})
    return {"queries": out, "max_first_run_ms": max(q["first_run_ms"] for q in out)}


def main(out_path: str) -> int:
    import logging
    import warnings

    warnings.filterwarnings("ignore")
    logging.disable(logging.WARNING)
    result = {"finder": time_finder(), "page": time_page()}
    Path(out_path).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
