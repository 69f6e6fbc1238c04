"""Baseline for the benchmark: a bare Streamlit page with one Plotly chart of about the size the
dashboard draws, and a select_slider like the dashboard's surplus age-range selector (age groups, both ends included).

Started exactly like the dashboard (``streamlit run bench/baseline_app.py`` from the repository
root, so .streamlit/config.toml applies). Like any bare page of this stack (fixed by design:
Streamlit, Plotly, pandas, pyarrow) it reads the data it draws from a Parquet file with pandas, with
no caching and no other widgets: what is left is what the stack costs by itself.

The chart: 22 age groups (0-4 ... 100-104, 105+); two bar traces of 22 bars (44 bars) and two
line traces of 22 points, i.e. 4 traces of 22 points; same layout, template and config as
``dashboard.charts`` / ``dashboard.ui.chart_block``. The title carries the selected range
("(selected: 20-39)"), as the dashboard's surplus chart does.
"""

from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from age_slider import LABELS, STARTS, age_range_slider

st.set_page_config(page_title="Benchmark baseline", layout="wide")
st.title("Baseline: one Plotly chart")

# Like the dashboard's: the first and the last age group, both included, labelled "20-24" ... "35-39".
first, last = age_range_slider()
age_from, age_to = first, (999 if last == STARTS[-1] else last + 5)
label = f"{age_from}+" if age_to == 999 else f"{age_from}-{age_to - 1}"

# The 2020 census national table, read as a bare page would (no cache).
pop = pd.read_parquet(Path(__file__).resolve().parent.parent / "datasets" / "published" / "population_by_age_sex.parquet")
rows = pop[(pop["source_id"] == "nbs_census2020_yb_t1_5") & (pop["geography_code"] == "CHN")]
by_age = rows.pivot_table(index="age_start", columns="sex", values="population", aggfunc="sum").reindex(STARTS).fillna(0)
male = [int(v) for v in by_age["male"]]
female = [max(int(v), 1) for v in by_age["female"]]
selected = [age_from <= a < age_to for a in STARTS]

fig = go.Figure()
fig.add_bar(x=LABELS, y=male, name="Men", marker_color=["#004488" if s else "#BBBBBB" for s in selected])
fig.add_bar(x=LABELS, y=female, name="Women", marker_color=["#DDAA33" if s else "#DDDDDD" for s in selected])
fig.add_scatter(x=LABELS, y=[m - f for m, f in zip(male, female)], mode="lines+markers", name="Surplus of men")
fig.add_scatter(x=LABELS, y=[100 * m / f for m, f in zip(male, female)], mode="lines+markers", name="Sex ratio", yaxis="y2")
fig.update_layout(
    title={"text": f"Baseline: population by age group (selected: {label})", "x": 0, "xanchor": "left", "font": {"size": 16}},
    font={"family": "Noto Sans CJK SC, Noto Sans, Source Sans Pro, sans-serif", "size": 13},
    template="plotly_white",
    margin={"l": 60, "r": 20, "t": 60, "b": 50},
    legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "right", "x": 1},
    yaxis2={"overlaying": "y", "side": "right"},
    barmode="group",
    height=460,
)
st.plotly_chart(fig, width="stretch", key="surplus-chart", config={"displaylogo": False})
