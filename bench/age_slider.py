"""The age-range slider of the benchmark's pages (``baseline_app.py``, ``floor_app.py``): the same
key, options, starting value and labels as the surplus tab's slider in
``dashboard/views/sex_ratio_age.py``, so a load test sends all three pages the same change.

The pages are run with ``streamlit run bench/<page>.py``, which puts bench/ on the import path.
"""

import streamlit as st

STARTS = list(range(0, 110, 5))  # 22 age groups: 0-4 ... 100-104, 105+
LABELS = [f"{a}-{a + 4}" for a in STARTS[:-1]] + [f"{STARTS[-1]}+"]


def age_range_slider() -> tuple[int, int]:
    """The first and the last age group chosen (both included), as their starting ages."""
    return st.select_slider(
        "Age groups (the first and the last, both included)",
        options=STARTS,
        value=(20, 35),
        format_func=dict(zip(STARTS, LABELS)).get,
        key="surplus_range",
    )
