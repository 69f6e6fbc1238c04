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
from dashboard.i18n import LANGS, LANGUAGE_NAMES, N_, column_labels, t

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
    text = t("Source:", lang()) + " " + "; ".join(parts) + ("。" if lang() == "zh" else ".")
    return text + (" " + escape_markdown(note) if note else "")


def show_table(frame: pd.DataFrame, units: dict[str, str], key: str | None = None, *, link_columns=("url", "link")) -> None:
    """A table on screen: numbers formatted for their units, headers in the reader's language
    (with units), links clickable. ``frame`` is not changed."""
    current = lang()
    shown = format_frame_for_display(frame, {k: v for k, v in units.items() if k in frame.columns}, current)
    labels = column_labels(shown.columns, units, current)
    shown = shown.rename(columns=labels)
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
    """Render a chart with its source caption and a switch that shows a table view of exactly the
    numbers it draws, a one-line summary and downloads of those rows. The summary is also the
    chart's text alternative (``alt``). ``summary`` and ``note`` are already in the reader's
    language."""
    current = lang()
    try:
        built = data.manifest()["built_at"][:10]
    except data.DataUnavailable:
        built = t("unknown", current)
    short = "; ".join(dict.fromkeys(t(SOURCE_SHORT[s], current) if s in SOURCE_SHORT else s for s in source_ids))
    image_config = {"format": "png", "filename": exports.safe_filename(key, "png")[:-4], "scale": 2}
    st.plotly_chart(
        charts.add_source_line(fig, short, built, lang=current), width="stretch", key=f"{key}-chart", alt=summary,
        config={"displaylogo": False, "toImageButtonOptions": image_config},
    )
    st.caption(source_caption(source_ids, note))
    # The table view and its downloads are built only when asked for: a collapsed expander would
    # still send every table and button to the browser on each load (issue 7, time to first chart).
    if st.toggle(t("Table view and downloads: the numbers in this chart", current), key=f"{key}-table-view"):
        st.markdown(escape_markdown(summary))
        show_table(table, units, key=f"{key}-table")
        title = (fig.layout.title.text or key).replace("<br>", "")
        download_buttons(table, units, key, title, key)


GRADE_LABEL = {
    "official_table": N_("official table (copy checked)"),
    "official_table_copy": N_("official table (third-party copy)"),
    "agency_figure_named_outlet": N_("agency figure, named outlet"),
    "mirror_copy": N_("copy on a mirror or repost site"),
    "secondary_only": N_("printed only by a secondary source"),
    "derived": N_("derived by this project"),
}


def figures_table(rows: pd.DataFrame, key: str) -> None:
    """Reported figures with value as printed, count type, agency, outlet, date, link and grade,
    a source caption, and downloads of exactly these rows."""
    from dashboard.trafficking import readable_figures

    current = lang()
    shown = readable_figures(rows, GRADE_LABEL, current)
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


#: Session key of the URL parameters the current page run reads (url_widget adds its keys).
URL_KEYS = "_url_keys_this_run"
#: Parameters read outside url_widget: the language and the chart to scroll to.
OTHER_URL_KEYS = {"lang", "chart"}


def _link_setting(key: str, values: list[str]) -> str:
    """``key=value, value`` of a link, for a notice: the link is untrusted, so its text is
    Markdown-escaped (no links or styling smuggled into the page)."""
    return escape_markdown(f"{key}={', '.join(values)}")


def start_url_check() -> None:
    """Before a page runs (``app.py``): forget the previous run's URL parameters."""
    st.session_state[URL_KEYS] = set(OTHER_URL_KEYS)


def unknown_url_parameters(notice_area) -> None:
    """After a full page run (``app.py``): a link parameter that nothing on the page read gets a
    notice (in ``notice_area``, at the top of the page) and is removed from the URL."""
    known = st.session_state.get(URL_KEYS, set())
    unknown = [k for k in st.query_params if k not in known]
    for key in unknown:
        shown = _link_setting(key, st.query_params.get_all(key))
        notice_area.warning(t("The link's setting {setting} is not used on this page; it was ignored.", lang(), setting=shown))
        del st.query_params[key]


def _widget_default(kind: str, options: list, kwargs: dict):
    """The value a widget shows when nothing is chosen: its ``default``/``value``/``index`` argument."""
    if kind == "multiselect":
        return list(kwargs.get("default") or [])
    if kind == "select_slider":
        value = kwargs.get("value", options[0] if options else None)
        return tuple(value) if isinstance(value, (list, tuple)) else value
    index = kwargs.get("index", 0)
    return options[index] if options and index is not None else None


def _from_url(kind: str, raw: list[str], lookup: dict, default):
    """The widget value a link asks for, or None when it asks for nothing usable."""
    good = [lookup[v] for v in raw if v in lookup]
    if kind == "multiselect":
        if raw == [""]:  # an explicitly empty choice
            return []
        return list(dict.fromkeys(good)) if good else None
    if isinstance(default, tuple):  # a range slider: two ends
        return tuple(sorted(good, key=list(lookup.values()).index)) if len(good) == 2 else None
    return good[0] if good else None


def url_widget(widget, label: str, options, *, key: str, format_func=str, **kwargs):
    """A widget whose value lives in the URL (``?key=value``), so a copied link opens the same view.

    - The URL holds ``str(option)`` (the option's id: ``nbs_census2020_yb_t1_5``, ``2020``,
      ``CHN``), never the label on screen, so a link means the same in English and 中文 and
      survives a change of language. A range slider writes both ends (``?k=20&k=40``), a
      multiselect each choice; an empty multiselect is ``?k=``. A value equal to the default is
      left out of the URL.
    - A URL value that is not one of the choices is ignored with a visible notice (never an error).
    - Coming back to a page keeps its settings: the last values are remembered in the session and
      restored when the link has none.

    Args:
        widget: st.selectbox, st.multiselect, st.radio or st.select_slider (or the same method
            of a column/sidebar).
        label: the label on screen (already translated).
        options: the choices.
        key: widget key and URL parameter name.
        format_func: option -> text on screen.
        kwargs: the widget's other arguments (``default``, ``value``, ``index``, ``horizontal`` ...).

    Returns:
        The widget's value (an option, a list of options, or a (low, high) tuple).
    """
    options = list(options)
    st.session_state.setdefault(URL_KEYS, set()).add(key)
    kind = getattr(widget, "__name__", "")
    lookup = {str(o): o for o in options}
    default = _widget_default(kind, options, kwargs)
    raw = st.query_params.get_all(key)
    bad = [v for v in raw if v not in lookup and not (kind == "multiselect" and v == "")]
    requested = _from_url(kind, raw, lookup, default)
    if bad or (raw and requested is None):
        shown = _link_setting(key, bad or raw)
        st.warning(t("The link's setting {setting} is not one of the choices for \"{label}\"; it was ignored.", lang(), setting=shown, label=escape_markdown(label)))
    memory = f"_remembered_{key}"
    if key not in st.session_state:
        if requested is not None:
            st.session_state[key] = requested
        elif memory in st.session_state:
            saved = st.session_state[memory]
            values = saved if isinstance(saved, (list, tuple)) else [saved]
            if all(v in options for v in values):
                st.session_state[key] = saved
    value = widget(label, options, key=key, format_func=format_func, **kwargs)
    st.session_state[memory] = value
    current = tuple(value) if isinstance(value, (list, tuple)) and kind != "multiselect" else value
    if current == default:
        if key in st.query_params:
            del st.query_params[key]
    elif kind == "multiselect":
        st.query_params[key] = [str(v) for v in value] or ""
    elif isinstance(current, tuple):
        st.query_params[key] = [str(v) for v in current]
    else:
        st.query_params[key] = str(value)
    return value


def url_tabs(tabs: dict[str, str], *, key: str, params: dict[str, list[str]]) -> dict:
    """Tabs whose choice lives in the URL (``?key=<tab id>``); only the open tab's content runs.

    ``st.tabs(on_change="rerun")``: a page of several charts draws only the open tab's chart, so
    its first chart is not held back while the others are drawn in the same frame (issue 7).
    Like :func:`url_widget`, the URL holds the tab's id, never its label, so a link opens the same
    tab in English and 中文; the first tab is left out of the URL; a link whose value is not a tab
    gets a notice; coming back to the page reopens the last tab.

    Args:
        tabs: tab id -> label on screen (translated), in display order.
        key: widget key and URL parameter name.
        params: tab id -> the URL parameters of that tab's widgets. They stay in the URL (and
            count as read by this page) while their tab is closed; a link that sets one of them
            but no ``key`` opens the first such tab (links made before the page had tabs).

    Returns:
        tab id -> the tab's container; its ``.open`` is True for the open tab only.
    """
    ids, labels = list(tabs), list(tabs.values())
    st.session_state.setdefault(URL_KEYS, set()).update({key, *(k for keys in params.values() for k in keys)})
    raw = st.query_params.get_all(key)
    requested = raw[0] if raw and raw[0] in tabs else None
    if raw and requested is None:
        shown = _link_setting(key, raw)
        st.warning(t("The link's setting {setting} is not one of this page's charts; it was ignored.", lang(), setting=shown))
    if requested is None and not raw:
        requested = next((i for i in ids if any(k in st.query_params for k in params.get(i, []))), None)
    memory = f"_remembered_{key}"
    if st.session_state.get(key) not in labels:  # a first visit, or labels in another language
        chosen = requested or st.session_state.get(memory)
        if chosen in tabs:
            st.session_state[key] = tabs[chosen]
    containers = dict(zip(ids, st.tabs(labels, key=key, on_change="rerun")))
    opened = next((i for i, c in containers.items() if c.open), ids[0])
    st.session_state[memory] = opened
    if opened == ids[0]:
        if key in st.query_params:
            del st.query_params[key]
    else:
        st.query_params[key] = opened
    return containers


def page_title(title: str) -> None:
    """The page's title in the reader's language and its "Cite this view" box; ``title`` is the
    English message (marked with ``N_``)."""
    st.title(t(title, lang()))
    cite_this_view(title)


def cite_this_view(page_title: str) -> None:
    """Sidebar box with a citation of the current view: page, link with its settings, data build, date."""
    from datetime import date
    from urllib.parse import urlencode

    current = lang()
    try:
        m = data.manifest()
        build = t("data build {checksum} of {date}", current, checksum=m["inputs_sha256"][:12], date=m["built_at"][:10])
    except data.DataUnavailable:
        build = t("data build unknown", current)
    params = [(k, v) for k in st.query_params for v in st.query_params.get_all(k)]
    base = str(st.context.url or "").split("?")[0]
    link = base + ("?" + urlencode(params) if params else "")
    text = t("\"{page}\", China sex ratio and trafficking statistics dashboard, {link} ({build}), accessed {date}.", current,
             page=t(page_title, current), link=link, build=build, date=date.today().isoformat())
    # A switch, not an expander: the code block (with its copy button) is sent only when asked for,
    # which keeps its script bundle off the first load of every page (issue 7, time to first chart).
    if st.sidebar.toggle(t("Cite this view", current), key="cite-this-view"):
        st.sidebar.code(text, language=None, wrap_lines=True)


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
