"""Streamlit building blocks shared by the pages: the chart block (chart, source caption, table
view, downloads) and the guard that turns a data problem into a message instead of a traceback.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Callable

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import charts, data, exports
from dashboard.formatting import escape_markdown, format_frame_for_display, format_value
from dashboard.i18n import LANGS, LANGUAGE_NAMES, N_, column_labels, t
from dashboard.pages import page_of
from dashboard.urlstate import url_widget

log = logging.getLogger(__name__)


def lang() -> str:
    """The reader's language, ``"en"`` or ``"zh"``: the sidebar switch (URL ``?lang=``), set up by
    :func:`language_switch` in ``app.py`` before any page runs."""
    value = st.session_state.get("lang", "en")
    return value if value in LANGS else "en"


def translator():
    """``_(text, **values)`` for a page: :func:`dashboard.i18n.t` in the reader's language."""
    current = lang()
    return lambda text, **values: t(text, current, **values)


def language_switch() -> str:
    """The English / 中文 switch in the sidebar, kept in the URL as ``?lang=en|zh``; returns the language."""
    return url_widget(st.sidebar.radio, "Language / 语言", list(LANGS), format_func=LANGUAGE_NAMES.get, key="lang", horizontal=True)


@contextlib.contextmanager
def guard(what: str = N_("this page")):
    """Run page code; a :class:`dashboard.data.DataUnavailable` or any other error becomes a
    visible message (with the fixing command where known), never a traceback, and the page stops.
    Other pages keep working.
    """
    try:
        yield
    except data.DataUnavailable as exc:
        st.error(t("The data for {what} cannot be shown.", lang(), what=t(what, lang())) + f" {exc}")
        st.stop()
    except Exception as exc:  # noqa: BLE001 - last line of defence: log it, show a message
        if type(exc).__name__ in {"StopException", "RerunException"}:
            raise
        log.exception("error while rendering %s", what)
        st.error(t("Something went wrong while drawing {what} ({error}). The error was logged on the server.", lang(), what=t(what, lang()), error=type(exc).__name__))
        st.stop()


def source_caption(source_ids: list[str], note: str = "") -> str:
    """'Source: <citation>; <citation>. <note>' for the given source ids (catalogue citations), in
    the reader's language; ``note`` is already translated."""
    cites = data.citations(lang())
    parts = [escape_markdown(cites.get(s, s)) for s in dict.fromkeys(source_ids)]
    text = t("Source: {sources}", lang(), sources=t("; ", lang()).join(parts)) + ("。" if lang() == "zh" else ".")
    return text + (" " + escape_markdown(note) if note else "")


#: What a table shows for a missing text cell (never "None").
MISSING_CELL = "—"


def show_table(frame: pd.DataFrame, units: dict[str, str], key: str | None = None, *, link_columns=("url", "link"), static: bool = False) -> None:
    """A table on screen: numbers formatted for their units, headers in the reader's language
    (with units), links clickable, a missing text cell shown as "—". ``static``: a short table
    drawn in full with its text wrapped (``st.table``) instead of the scrolling grid.
    ``frame`` is not changed."""
    current = lang()
    shown = format_frame_for_display(frame, {k: v for k, v in units.items() if k in frame.columns}, current)
    text = [c for c in shown.columns if c not in units and (shown[c].dtype == object or pd.api.types.is_string_dtype(shown[c]))]
    for c in text:  # dates (datetime.date cells) as YYYY-MM-DD, so a missing one can be shown as text too
        if shown[c].dtype == object:
            shown[c] = shown[c].map(lambda v: v.isoformat() if isinstance(v, dt.date) else v)
    shown[text] = shown[text].astype(object).where(shown[text].notna(), MISSING_CELL)
    # A number column without a unit (an order, a code) that has gaps: the grid would print "None" there.
    gaps = [c for c in shown.columns if c not in units and pd.api.types.is_numeric_dtype(shown[c]) and shown[c].isna().any()]
    for c in gaps:
        shown[c] = [MISSING_CELL if pd.isna(v) else str(v) for v in shown[c]]
    labels = column_labels(shown.columns, units, current)
    shown = shown.rename(columns=labels)
    if static:
        st.table(shown.set_index(shown.columns[0]))
        return
    links = {labels[c]: st.column_config.LinkColumn(labels[c]) for c in link_columns if c in labels}
    st.dataframe(shown, hide_index=True, width="stretch", key=key, column_config=links or None)


def download_buttons(table: pd.DataFrame, units: dict[str, str], stem: str, title: str, key: str) -> None:
    """CSV (UTF-8 with BOM), Excel and Parquet downloads of exactly ``table``'s rows, with units
    and source citations."""
    current = lang()
    cites = data.citations(current)
    cols = st.columns(3)
    # Callables: the file is built only when the button is clicked, not on every rerun.
    cols[0].download_button(
        t("Download CSV", current), partial(exports.to_csv_bytes, table, units, cites, lang=current), file_name=exports.safe_filename(stem, "csv"),
        mime="text/csv", key=f"{key}-csv", on_click="ignore",
    )
    cols[1].download_button(
        t("Download Excel", current), partial(exports.to_xlsx_bytes, table, units, cites, title=title, lang=current), file_name=exports.safe_filename(stem, "xlsx"),
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key=f"{key}-xlsx", on_click="ignore",
    )
    cols[2].download_button(
        t("Download Parquet", current), partial(exports.to_parquet_bytes, table, units, cites), file_name=exports.safe_filename(stem, "parquet"),
        mime="application/vnd.apache.parquet", key=f"{key}-parquet", on_click="ignore",
    )


def on_a_phone() -> bool:
    """Whether the reader's browser says it is a phone (``Mobi`` in its User-Agent, as phone
    browsers send): chart titles then wrap to a phone's width. Plotly cannot wrap text to the
    chart's width by itself, and the server does not know the width of the reader's screen."""
    try:
        return "Mobi" in (st.context.headers.get("User-Agent") or "")
    except Exception:  # noqa: BLE001 - no request (AppTest, bare mode): a computer
        return False


@dataclass(frozen=True)
class Chart:
    """A chart for :func:`chart_block` to draw: the chart function of :mod:`dashboard.charts` and
    its arguments (made by :func:`chart`), so that the figure is built once per process for each
    set of arguments, source line and language, and shared by every reader."""

    build: Callable[..., go.Figure]
    args: tuple
    kwargs: dict = field(default_factory=dict)


def chart(build: Callable[..., go.Figure], *args: Any, **kwargs: Any) -> Chart:
    """``chart(charts.surplus_by_age, wide, 20, 40, title, lang=L)``: what to draw, for :func:`chart_block`."""
    return Chart(build, args, kwargs)


@st.cache_resource(show_spinner=False, max_entries=512)
def _shared_figure(name: str, _build: Callable[..., go.Figure], args: tuple, kwargs: dict, source: str, built: str, lang: str, wide: bool) -> go.Figure:
    """The finished figure (chart and source line) for these arguments, built once and shared by
    every session of this process. The key is the chart function's name, its arguments (data
    frames by content, so a new data build with other numbers is a new key), the source line, the
    data build date, the language and the screen width. ``st.cache_resource`` hands out the object
    itself, not a copy (``st.cache_data`` would unpickle a copy, which for a Plotly figure means
    validating it all again): nothing may change it after this. ``st.plotly_chart`` only reads it
    (it serialises ``fig.to_dict()``, a deep copy)."""
    return charts.add_source_line(_build(*args, **kwargs), source, built, lang=lang, wide=wide)


def chart_block(
    fig: go.Figure | Chart,
    table: pd.DataFrame,
    *,
    units: dict[str, str],
    source_ids: list[str],
    key: str,
    summary: str,
    note: str = "",
) -> None:
    """Render a chart with its source caption and a switch that shows a table view of exactly the
    numbers it draws, a one-line summary and downloads of those rows. The summary is also the
    chart's text alternative (``alt``). ``summary`` and ``note`` are already in the reader's
    language. ``fig``: a :class:`Chart` (built once per process and shared, see
    :func:`_shared_figure`) or a figure of the caller's, which gets the source line in place."""
    current = lang()
    try:
        built = data.manifest()["built_at"][:10]
    except data.DataUnavailable:
        built = t("unknown", current)
    short = t("; ", current).join(dict.fromkeys(data.source_short(s, current) for s in source_ids))
    image_config = {"format": "png", "filename": exports.safe_filename(key, "png")[:-4], "scale": 2}
    wide = not on_a_phone()
    if isinstance(fig, Chart):
        name = f"{fig.build.__module__}.{fig.build.__qualname__}"
        fig = _shared_figure(name, fig.build, fig.args, fig.kwargs, short, built, current, wide)
    else:
        fig = charts.add_source_line(fig, short, built, lang=current, wide=wide)
    st.plotly_chart(
        fig, width="stretch", key=f"{key}-chart", alt=summary,
        config={"displaylogo": False, "toImageButtonOptions": image_config},
    )
    st.caption(source_caption(source_ids, note))
    # The table view and its downloads are built only when asked for: a collapsed expander would
    # still send every table and button to the browser on each load (time to first chart, bench/README.md).
    if st.toggle(t("Table view and downloads: the numbers in this chart", current), key=f"{key}-table-view"):
        st.markdown(escape_markdown(summary))
        show_table(table, units, key=f"{key}-table")
        title = (fig.layout.title.text or key).replace("<br>", "")
        download_buttons(table, units, key, title, key)


def figures_table(rows: pd.DataFrame, key: str) -> None:
    """Reported figures with value as printed, count type, agency, outlet, date, link and grade,
    a source caption, and downloads of exactly these rows."""
    from dashboard.trafficking import readable_figures

    current = lang()
    shown = readable_figures(rows, current)
    link = t("link", current)
    st.dataframe(shown, hide_index=True, width="stretch", key=f"{key}-figures", column_config={link: st.column_config.LinkColumn(link)})
    st.caption(source_caption(sorted(rows["source_id"].unique())) + " " + t("'As printed' keeps the page's own number format (e.g. 23.085 = 23,085).", current))
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


#: Session keys: the page's title (English message) for its citation; the link's parameters
#: the citation was made from; True while app.py runs the whole page (not one section).
CITED_PAGE, CITED_LINK, FULL_RUN = "_cite_page_title", "_cite_link_params", "_full_page_run"


def start_page(script: str) -> tuple[str, Callable[..., str], Callable[..., str]]:
    """Start a page: its title (:func:`page_title`) and introduction, as :mod:`dashboard.pages`
    declares them for the page script ``script`` (the page passes ``__file__``), in the reader's
    language.

    Returns:
        ``(lang, _, fv)``: the reader's language (:func:`lang`), the page's translator
        (:func:`translator`) and :func:`dashboard.formatting.format_value` in that language.

    Raises:
        KeyError: ``script`` is not declared in :data:`dashboard.pages.PAGES`.
    """
    page, current = page_of(script), lang()
    page_title(page.title)
    if page.intro is not None:
        st.markdown(t(page.intro, current))
    return current, translator(), partial(format_value, lang=current)


def page_title(title: str) -> None:
    """The page's title in the reader's language; ``title`` is the English message (marked with
    ``N_``), also used by the "Cite this view" box (:func:`cite_this_view`)."""
    st.title(t(title, lang()))
    st.session_state[CITED_PAGE] = title


def _link_params() -> list[tuple[str, str]]:
    return [(k, v) for k in st.query_params for v in st.query_params.get_all(k)]


def cite_this_view() -> None:
    """Sidebar box with a citation of the current view: page, link with its settings, data build,
    date. ``app.py`` draws it after the page ran, so the link holds the settings the page kept (a
    link value the page refused has already left the URL)."""
    from datetime import date
    from urllib.parse import urlencode

    page = st.session_state.get(CITED_PAGE)
    if page is None:  # the page stopped before its title
        return
    current = lang()
    # A switch, not an expander: the code block (with its copy button) is sent only when asked for,
    # which keeps its script bundle off the first load of every page (time to first chart).
    if not st.sidebar.toggle(t("Cite this view", current), key="cite-this-view"):
        return
    try:
        m = data.manifest()
        build = t("data build {checksum} of {date}", current, checksum=m["inputs_sha256"][:12], date=m["built_at"][:10])
    except data.DataUnavailable:
        build = t("data build unknown", current)
    params = _link_params()
    st.session_state[CITED_LINK] = params
    base = str(st.context.url or "").split("?")[0]
    link = base + ("?" + urlencode(params) if params else "")
    # The link stands on a line of its own, after the text: chat apps and mail take a link up to the
    # first space, and a link glued to the next character ("…35（数据版本") would not open the same view.
    text = t("\"{page}\", China sex ratio and trafficking statistics dashboard ({build}), accessed {date}.", current,
             page=t(page, current), build=build, date=date.today().isoformat()) + "\n" + link
    st.sidebar.code(text, language=None, wrap_lines=True)


def _citation_is_stale() -> bool:
    """After a section reran on its own: the open citation holds a link the section has changed."""
    return (not st.session_state.get(FULL_RUN) and bool(st.session_state.get("cite-this-view"))
            and st.session_state.get(CITED_LINK) != _link_params())


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
            if _citation_is_stale():  # the sidebar's citation is outside the section: redraw the page
                st.rerun(scope="app")

        return run

    return decorate
