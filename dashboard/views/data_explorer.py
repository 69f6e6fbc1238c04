"""Page: open any published table, filter it, see the rows, download exactly those rows."""

from functools import partial

import streamlit as st

from dashboard import data, exports, package_export, table_view
from dashboard.i18n import N_, column_label
from dashboard.labels import TABLE_LABELS
from dashboard.ui import download_buttons, guard, show_table, source_caption, start_page
from dashboard.urlstate import url_widget

#: Tables the wide Excel layout (ages down, men / women / both across) is offered for.
WIDE_TABLES = ("population_by_age_sex",)

L, _, fv = start_page(__file__)


@st.cache_data(show_spinner=False, max_entries=2)
def data_package_zip(lang: str, built_at: str) -> bytes:
    """All published tables as a data package (CSV files, datapackage.json, README), built once
    per language and data build (``built_at`` is part of the cache key)."""
    names = data.table_names()
    return package_export.to_datapackage_zip({n: data.load_table(n) for n in names}, {n: data.units(n) for n in names}, data.citations(lang),
                                      data.catalog(), lang=lang, created=built_at)



def table_name(name: str) -> str:
    """The table's name in the reader's language, with its id (the file name and link keep the id)."""
    return f"{_(TABLE_LABELS[name])} · {name}" if name in TABLE_LABELS else name


def follow_old_filter_links(name: str, table, columns: list[str]) -> None:
    """Links made when a filter was on the Chinese twin column (``?f-<table>-geography_zh=北京``)
    open the same rows: the values move to the filter on the id column (``geography=Beijing``);
    a value that names nothing stays, so the filter's notice says so."""
    for col in columns:
        old, new, twin = f"f-{name}-{col}_zh", f"f-{name}-{col}", f"{col}_zh"
        if old in st.query_params and twin in table.columns:
            back = dict(zip(table[twin], table[col]))
            values = [back.get(v, v) for v in st.query_params.get_all(old)]
            del st.query_params[old]
            if new not in st.query_params:
                st.query_params[new] = values


with guard(N_("the data page")):
    name = url_widget(st.selectbox, _("Table"), data.table_names(), key="data_table", format_func=table_name)
    table = data.load_table(name)
    units = data.units(name)
    table = table[table_view.screen_columns(table, units)]
    filters = {}
    ranges = [c for c in table_view.RANGE_COLUMNS if c in table.columns and table[c].notna().any()]
    with st.container(border=True):
        st.markdown(_("**Filters** (empty = all; type in a list to search it)"))
        cols = st.columns(3)
        filters["source_id"] = url_widget(cols[0].multiselect, column_label("source_id", L), sorted(table["source_id"].unique()), key=f"f-{name}-source_id")
        choices = table_view.choice_columns(table, units)
        follow_old_filter_links(name, table, choices)
        for i, col in enumerate(choices):
            shown = table_view.choice_labels(table, col, L)  # the value stays in the link; the text follows the language
            options = sorted(shown, key=lambda v: (shown[v], str(v)))
            filters[col] = url_widget(cols[(i + 1) % 3].multiselect, column_label(col, L), options, key=f"f-{name}-{col}", format_func=shown.get)
        for col in ranges:
            values = sorted(int(v) for v in table[col].dropna().unique())
            if len(values) > 1:  # a range of the values the table has, kept in the link like every filter
                chosen = url_widget(st.select_slider, column_label(col, L), values, value=(values[0], values[-1]), key=f"f-{name}-{col}")
                filters[col] = None if chosen == (values[0], values[-1]) else chosen
    rows = table_view.filter_frame(table, filters)
    st.markdown(_("**{shown} of {total} rows**", shown=fv(len(rows), "count"), total=fv(len(table), "count")))
    show_table(rows.head(5000), units, key="data-grid")
    if len(rows) > 5000:
        st.caption(_("The first 5,000 rows are shown; downloads hold all matching rows."))
    st.caption(source_caption(sorted(rows["source_id"].unique())) if len(rows) else _("No rows match."))
    if len(rows):
        title = _(TABLE_LABELS[name]) if name in TABLE_LABELS else name
        download_buttons(rows, units, name, title, "data")
        st.caption(_(
            "Excel or LibreOffice: use the Excel file (text such as 100+, 1-4 and 1,127 stays as printed; dates are date cells). "
            "Code (DuckDB, polars, pandas, R): use the Parquet file or the CSV, which have the same column names in English and 中文; "
            "the data package below declares each column's type, unit and meaning."
        ))
        if name in WIDE_TABLES:
            sheets = exports.wide_sheet_count(rows)
            if sheets > exports.MOST_WIDE_SHEETS:
                st.caption(_("Wide Excel layout: choose at most {most} sources × years × places (now {n}).", most=exports.MOST_WIDE_SHEETS, n=sheets))
            else:
                places = rows["geography_code"].drop_duplicates().head(3).tolist()
                st.download_button(
                    _("Download Excel, wide (ages down; men, women, both across; {n} sheet(s))", n=sheets),
                    partial(exports.to_wide_xlsx_bytes, rows, units, data.citations(L), title=title, lang=L),
                    file_name=exports.safe_filename(f"{name}_wide_{'_'.join(map(str, places))}", "xlsx"),
                    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key="data-xlsx-wide", on_click="ignore",
                )

with guard(N_("the data package")):
    st.subheader(_("All tables as a data package"))
    st.markdown(_(
        "Every published table as CSV, with datapackage.json (a Frictionless Data Package: each column's type, unit and meaning in "
        "English and Chinese, each table's key, sources and licences) and a README of the sources."
    ))
    st.download_button(
        _("Download all tables as a data package (zip)"), partial(data_package_zip, L, data.manifest().get("built_at", "")),
        file_name="china_trafficking_data_package.zip", mime="application/zip", key="data-package-zip", on_click="ignore",
    )
