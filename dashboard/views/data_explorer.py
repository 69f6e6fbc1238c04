"""Page: open any published table, filter it, see the rows, download exactly those rows."""

import streamlit as st

from dashboard import data
from dashboard.i18n import N_, column_label
from dashboard.ui import download_buttons, guard, lang, page_title, show_table, source_caption, translator
from dashboard.urlstate import url_widget

L = lang()
_ = translator()

page_title(N_("Data"))
st.markdown(_("Every published table, as built from the raw files. Filter it, then download exactly the rows that match your filters (CSV in UTF-8 with BOM, Excel, Parquet), with units and sources."))

with guard(N_("the data page")):
    name = url_widget(st.selectbox, _("Table"), data.table_names(), key="data_table")
    table = data.load_table(name)
    units = data.units(name)
    filters = {}
    candidates = data.choice_columns(table, units)
    ranges = [c for c in data.RANGE_COLUMNS if c in table.columns and table[c].notna().any()]
    with st.container(border=True):
        st.markdown(_("**Filters** (empty = all)"))
        cols = st.columns(3)
        filters["source_id"] = url_widget(cols[0].multiselect, column_label("source_id", L), sorted(table["source_id"].unique()), key=f"f-{name}-source_id")
        for i, col in enumerate(candidates[:8]):
            options = sorted(table[col].dropna().unique().tolist())
            filters[col] = url_widget(cols[(i + 1) % 3].multiselect, column_label(col, L), options, key=f"f-{name}-{col}")
        for col in ranges:
            values = sorted(int(v) for v in table[col].dropna().unique())
            if len(values) > 1:  # a range of the values the table has, kept in the link like every filter
                chosen = url_widget(st.select_slider, column_label(col, L), values, value=(values[0], values[-1]), key=f"f-{name}-{col}")
                filters[col] = None if chosen == (values[0], values[-1]) else chosen
    rows = data.filter_frame(table, filters)
    st.markdown(_("**{shown} of {total} rows**", shown=f"{len(rows):,}", total=f"{len(table):,}"))
    show_table(rows.head(5000), units, key="data-grid")
    if len(rows) > 5000:
        st.caption(_("The first 5,000 rows are shown; downloads hold all matching rows."))
    st.caption(source_caption(sorted(rows["source_id"].unique())) if len(rows) else _("No rows match."))
    if len(rows):
        download_buttons(rows, units, name, name, "data")
