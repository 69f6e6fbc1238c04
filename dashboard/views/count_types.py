"""Page: what each number counts; all reported figures of one count type at a time."""

import streamlit as st

from dashboard import data, trafficking
from dashboard.i18n import N_
from dashboard.ui import figures_table, guard, start_page
from dashboard.urlstate import url_widget
from datasets.derived import trafficking as derived

L, _, fv = start_page(__file__)

with guard(N_("the count types page")):
    reported = data.load_table("reported_figures")
    counts = derived.figures_per_count_type(reported)
    kind = url_widget(st.selectbox, _("Count type"), list(counts.index),
                      format_func=lambda k: _("{label} ({count} figures)", label=trafficking.count_type_label(k, L), count=int(counts[k])), key="count_type")
    figures_table(reported[reported["count_type"] == kind], f"count-type-{kind}")
