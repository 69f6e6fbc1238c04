"""Streamlit building blocks shared by the pages: the chart block (chart, source caption, table
view, downloads) and the guard that turns a data problem into a message instead of a traceback.
"""

from __future__ import annotations

import contextlib
import logging
from functools import partial

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import charts, data, exports
from dashboard.analysis import SOURCE_SHORT
from dashboard.formatting import escape_markdown, format_frame_for_display

log = logging.getLogger(__name__)


@contextlib.contextmanager
def guard(what: str = "this page"):
    """Run page code; a :class:`dashboard.data.DataUnavailable` or any other error becomes a
    visible message (with the fixing command where known), never a traceback, and the page stops.
    Other pages keep working.
    """
    try:
        yield
    except data.DataUnavailable as exc:
        st.error(f"The data for {what} cannot be shown. {exc}")
        st.stop()
    except Exception as exc:  # noqa: BLE001 - last line of defence: log it, show a message
        if type(exc).__name__ in {"StopException", "RerunException"}:
            raise
        log.exception("error while rendering %s", what)
        st.error(f"Something went wrong while drawing {what} ({type(exc).__name__}). The error was logged on the server.")
        st.stop()


def source_caption(source_ids: list[str], note: str = "") -> str:
    """'Source: <citation>; <citation>. <note>' for the given source ids (catalogue citations)."""
    cites = data.citations()
    parts = [escape_markdown(cites.get(s, s)) for s in dict.fromkeys(source_ids)]
    text = "Source: " + "; ".join(parts) + "."
    return text + (" " + escape_markdown(note) if note else "")


def download_buttons(table: pd.DataFrame, units: dict[str, str], stem: str, title: str, key: str) -> None:
    """CSV (UTF-8 with BOM), Excel and Parquet downloads of exactly ``table``'s rows, with units
    and source citations."""
    cites = data.citations()
    cols = st.columns(3)
    # Callables: the file is built only when the button is clicked, not on every rerun.
    cols[0].download_button(
        "Download CSV", partial(exports.to_csv_bytes, table, units, cites), file_name=exports.safe_filename(stem, "csv"),
        mime="text/csv", key=f"{key}-csv", on_click="ignore",
    )
    cols[1].download_button(
        "Download Excel", partial(exports.to_xlsx_bytes, table, units, cites, title=title), file_name=exports.safe_filename(stem, "xlsx"),
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key=f"{key}-xlsx", on_click="ignore",
    )
    cols[2].download_button(
        "Download Parquet", partial(exports.to_parquet_bytes, table, units, cites), file_name=exports.safe_filename(stem, "parquet"),
        mime="application/vnd.apache.parquet", key=f"{key}-parquet", on_click="ignore",
    )


def chart_block(
    fig: go.Figure,
    table: pd.DataFrame,
    *,
    units: dict[str, str],
    source_ids: list[str],
    key: str,
    summary: str,
    note: str = "",
) -> None:
    """Render a chart with its source caption, a one-line summary, and a table view of exactly
    the numbers it draws (with downloads of those rows)."""
    try:
        built = data.manifest()["built_at"][:10]
    except data.DataUnavailable:
        built = "unknown"
    short = "; ".join(dict.fromkeys(SOURCE_SHORT.get(s, s) for s in source_ids))
    image_config = {"format": "png", "filename": exports.safe_filename(key, "png")[:-4], "scale": 2}
    st.plotly_chart(
        charts.add_source_line(fig, short, built), width="stretch", key=f"{key}-chart", alt=summary,
        config={"displaylogo": False, "toImageButtonOptions": image_config},
    )
    st.caption(source_caption(source_ids, note))
    with st.expander("Table view: the numbers in this chart"):
        st.markdown(escape_markdown(summary))
        st.dataframe(format_frame_for_display(table, units), hide_index=True, width="stretch", key=f"{key}-table")
        title = fig.layout.title.text or key
        download_buttons(table, units, key, title, key)


GRADE_LABEL = {
    "official_table": "official table (copy checked)",
    "official_table_copy": "official table (third-party copy)",
    "agency_figure_named_outlet": "agency figure, named outlet",
    "mirror_copy": "copy on a mirror or repost site",
    "secondary_only": "printed only by a secondary source",
    "derived": "derived by this project",
}


def figures_table(rows: pd.DataFrame, key: str) -> None:
    """Reported figures with value as printed, count type, agency, outlet, date, link and grade,
    a source caption, and downloads of exactly these rows."""
    from dashboard.trafficking import COUNT_TYPE_LABEL, readable_figures

    st.dataframe(
        readable_figures(rows, COUNT_TYPE_LABEL, GRADE_LABEL), hide_index=True, width="stretch", key=f"{key}-figures",
        column_config={"link": st.column_config.LinkColumn("link")},
    )
    st.caption(source_caption(sorted(rows["source_id"].unique())) + " 'As printed' keeps the page's own number format (e.g. 23.085 = 23,085).")
    download_buttons(rows, {}, key, key, key)


def scroll_to_requested_chart() -> None:
    """When the URL has ``?chart=<anchor>`` (links from the Overview cards), scroll the page to
    the header with that anchor once it is drawn. Runs in a same-origin component frame; loads nothing."""
    anchor = st.query_params.get("chart")
    if not anchor or not str(anchor).replace("-", "").isalnum():  # untrusted: letters, digits, hyphens only
        return
    st.iframe(
        f"""<script>
        const tryScroll = (n) => {{
          const el = window.parent.document.getElementById({anchor!r});
          if (el) {{ el.scrollIntoView({{block: "start"}}); }} else if (n > 0) {{ setTimeout(() => tryScroll(n - 1), 300); }}
        }};
        tryScroll(30);
        </script>""",
        height=1,
    )


def url_widget(widget, label: str, options, *, key: str, format_func=str, **kwargs):
    """A widget whose value lives in the URL (``?key=value``), so a copied link opens the same view.

    - A URL value that is not one of the choices is ignored with a visible notice (never an error).
    - Coming back to a page keeps its settings: the last values are remembered in the session and
      restored when the link has none.

    Args:
        widget: st.selectbox, st.multiselect, st.radio or st.select_slider.
        options: the choices; the URL holds ``format_func(option)``.
    """
    # Streamlit matches a bound widget's URL value against the *formatted* options only; anything
    # else (e.g. an option's id such as ?nb_countries=CHN) is dropped, so it must get the notice too.
    labels = {str(format_func(o)) for o in options}
    raw = st.query_params.get_all(key)
    bad = [v for v in raw if v not in labels]
    if bad:
        shown = escape_markdown(f"{key}={', '.join(bad)}")  # link text is untrusted: no Markdown links or styling
        st.warning(f"The link's setting {shown} is not one of the choices for \"{escape_markdown(label)}\"; it was ignored.")
    memory = f"_remembered_{key}"
    if not raw and key not in st.session_state and memory in st.session_state:
        saved = st.session_state[memory]
        values = saved if isinstance(saved, (list, tuple)) else [saved]
        if all(v in list(options) for v in values):
            st.session_state[key] = saved
    value = widget(label, options, key=key, format_func=format_func, bind="query-params", **kwargs)
    st.session_state[memory] = value
    return value


def cite_this_view(page_title: str) -> None:
    """Sidebar box with a citation of the current view: page, link with its settings, data build, date."""
    from datetime import date
    from urllib.parse import urlencode

    try:
        m = data.manifest()
        build = f"data build {m['inputs_sha256'][:12]} of {m['built_at'][:10]}"
    except data.DataUnavailable:
        build = "data build unknown"
    params = [(k, v) for k in st.query_params for v in st.query_params.get_all(k)]
    base = str(st.context.url or "").split("?")[0]
    link = base + ("?" + urlencode(params) if params else "")
    text = f"\"{page_title}\", China sex ratio and trafficking statistics dashboard, {link} ({build}), accessed {date.today().isoformat()}."
    with st.sidebar.expander("Cite this view"):
        st.code(text, language=None, wrap_lines=True)


def section(what: str):
    """Decorator: a page section that reruns on its own when its widgets change (``st.fragment``)
    and turns any error into a message, as :func:`guard` does for a whole page."""
    import functools

    def decorate(fn):
        @st.fragment
        @functools.wraps(fn)
        def run(*args, **kwargs):
            with guard(what):
                fn(*args, **kwargs)

        return run

    return decorate
