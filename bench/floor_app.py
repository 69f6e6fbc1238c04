"""Floor page for the load test (``make loadtest``): a trivial Streamlit page holding only the
dashboard's surplus age-range slider (same key, options, value and labels as
``dashboard/views/sex_ratio_age.py``'s and ``bench/baseline_app.py``'s), no data and no chart.

What a run of it costs under load is what the Streamlit server and its agent API cost by
themselves: the floor the dashboard is compared with.
"""

import streamlit as st

STARTS = list(range(0, 110, 5))  # 22 age groups, as bench/baseline_app.py
LABELS = [f"{a}-{a + 4}" for a in STARTS[:-1]] + [f"{STARTS[-1]}+"]

first, last = st.select_slider(
    "Age groups (the first and the last, both included)",
    options=STARTS,
    value=(20, 35),
    format_func=dict(zip(STARTS, LABELS)).get,
    key="surplus_range",
)
st.write(f"Selected: {first}-{last + 4}")
