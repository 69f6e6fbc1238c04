"""Page: what each number counts; all reported figures of one count type at a time."""

import streamlit as st

from dashboard import data, trafficking
from dashboard.i18n import N_
from dashboard.ui import figures_table, guard, start_page
from dashboard.urlstate import url_widget
from datasets.derived import trafficking as derived

L, _, fv = start_page(N_("Count types"), N_(
    "Cases registered, cases solved, victims detected, persons rescued or found, suspects arrested and persons "
    "convicted are different things. A case can involve many victims; a rescued person may not belong to a registered "
    "case of the same year. This site labels every figure with its count type and never sums them or draws them on one axis."
))

with guard(N_("the count types page")):
    reported = data.load_table("reported_figures")
    counts = reported.groupby("count_type").size()
    kinds = [k for k in derived.count_type_labels() if k in counts.index]
    kind = url_widget(st.selectbox, _("Count type"), kinds,
                      format_func=lambda k: _("{label} ({count} figures)", label=trafficking.count_type_label(k, L), count=int(counts[k])), key="count_type")
    figures_table(reported[reported["count_type"] == kind], f"count-type-{kind}")
