"""Settings that live in the page's URL, so that a copied link opens the same view.

Every widget a reader sets (census, age range, countries, tab, language ...) is written into the
link as ``?key=<option id>`` and read back from it: a link opens the same view in English and
中文, and survives a change of language, a server restart and a hand-edited value.

Why not Streamlit's own ``bind="query-params"``: it writes the option's *label* into the URL, and
our labels follow the reader's language (``China`` / ``中国``), so a link made in one language
would not open in the other, and the URL would change when the reader switches language. Here the
URL holds the option's id (``str(option)``) and the label is only what is shown.

Three rules, each for a whole kind of widget fault:

- **The browser's value wins over the link's.** The link's value is given to the widget as its
  starting value (``default``/``index``/``value``), never written into ``st.session_state``. A
  new server session (after a restart, or a deploy behind a proxy) receives the widget values the
  browser still shows with the reader's first change; writing the link's older value into the
  session state would undo that change (streamlit/streamlit#8901, #4297).
- **A widget whose labels changed is told its value again.** Streamlit's select widgets exchange
  values with the browser as labels. When the labels change (a switch of language), the browser
  keeps the old labels and sends them back with the next change, where they match nothing: the
  value is lost or, for a multiselect, the run fails (streamlit/streamlit#5031, #11277). On the
  first run with new labels the current value is set again through the session state, which makes
  Streamlit send it to the browser with the new labels.
- **Every link value is checked whenever the page reads it**, even where there is only one choice
  (the widget is then not drawn) or the key is given twice for a single-valued setting; a value
  that is not a choice gets a notice and leaves the link. A value this session wrote itself and
  that the page no longer offers (the reader picked a series without that year) leaves quietly.

Nothing here reads data; ``dashboard.ui`` re-exports these for the pages.
"""

from __future__ import annotations

import logging

import streamlit as st

from dashboard.formatting import escape_markdown
from dashboard.i18n import LANGS, N_, t

log = logging.getLogger(__name__)

#: Session key of the URL parameters the current page run reads (url_widget adds its keys).
URL_KEYS = "_url_keys_this_run"
#: Parameters read outside url_widget: the language and the chart to scroll to.
OTHER_URL_KEYS = {"lang", "chart"}


def _lang() -> str:
    value = st.session_state.get("lang", "en")
    return value if value in LANGS else "en"


#: Longest key or value a notice quotes from a link (a hand-edited link may hold thousands of characters).
LONGEST_QUOTED = 40


def _quoted(text: str) -> str:
    return text if len(text) <= LONGEST_QUOTED else text[:LONGEST_QUOTED] + "…"


def _link_setting(key: str, values: list[str]) -> str:
    """``key=value, value`` of a link, for a notice: each part cut to LONGEST_QUOTED characters
    (with "…") and, as the link is untrusted, Markdown-escaped (no links or styling smuggled into
    the page)."""
    return escape_markdown(f"{_quoted(key)}={', '.join(_quoted(v) for v in values)}")


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
        notice_area.warning(t("The link's setting {setting} is not used on this page; it was ignored.", _lang(), setting=shown))
        del st.query_params[key]


def _written_key(key: str) -> str:
    return f"_url_written_{key}"


def _write_url(key: str, values: list[str] | None) -> None:
    """Put ``key=values`` in the URL (``None``: leave the key out) and remember what was written,
    so that a value this session wrote is not later mistaken for a hand-edited link."""
    if values is None:
        if key in st.query_params:
            del st.query_params[key]
    elif len(values) == 1:
        st.query_params[key] = values[0]
    else:
        st.query_params[key] = values
    st.session_state[_written_key(key)] = list(values or [])


def _from_the_link(key: str, raw: list[str], valid: bool) -> bool:
    """True when ``raw`` (the URL's values for ``key``) should get a notice: it is not valid and
    did not come from this session's own last write (a value the page stopped offering)."""
    return bool(raw) and not valid and raw != st.session_state.get(_written_key(key))


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
    """The widget value a link asks for, or None when it asks for nothing usable. A single-valued
    setting given twice (``?lang=en&lang=zh``) asks for nothing usable."""
    good = [lookup[v] for v in raw if v in lookup]
    if kind == "multiselect":
        if raw == [""]:  # an explicitly empty choice
            return []
        return list(dict.fromkeys(good)) if good else None
    if isinstance(default, tuple):  # a range slider: two ends
        return tuple(sorted(good, key=list(lookup.values()).index)) if len(raw) == 2 and len(good) == 2 else None
    return good[0] if len(raw) == 1 and good else None


def _is_valid(kind: str, value, options: list, default) -> bool:
    """Whether ``value`` can be this widget's value with these options."""
    if kind == "multiselect":
        return isinstance(value, (list, tuple)) and all(v in options for v in value)
    if isinstance(default, tuple):
        return isinstance(value, (list, tuple)) and len(value) == 2 and all(v in options for v in value)
    return value in options


def _start_kwargs(kind: str, options: list, kwargs: dict, start) -> dict:
    """The widget's arguments with ``start`` as its starting value."""
    if kind == "multiselect":
        return {**kwargs, "default": list(start)}
    if kind == "select_slider":
        return {**kwargs, "value": start}
    return {**kwargs, "index": options.index(start)}


def _resend_if_relabelled(key: str, kind: str, options: list, labels: list[str], default) -> None:
    """When this widget's labels differ from its last run's (a switch of language) and it has a
    value, set that value again so that Streamlit sends it to the browser with the new labels."""
    seen = f"_labels_{key}"
    before = st.session_state.get(seen)
    st.session_state[seen] = labels
    if before is None or before == labels or key not in st.session_state:
        return
    # Read before the widget runs: the value is decoded with the labels it was sent with.
    current = st.session_state[key]
    if kind == "multiselect" and isinstance(current, list):
        current = [v for v in current if v in options]
    if _is_valid(kind, current, options, default):
        st.session_state[key] = current


#: What an empty selectbox / multiselect says (Streamlit's default texts, which are English only).
PLACEHOLDERS = {"selectbox": N_("Choose an option"), "multiselect": N_("Choose options")}


def url_widget(widget, label: str, options, *, key: str, format_func=str, to_link=None, from_link=None, **kwargs):
    """A widget whose value lives in the URL (``?key=value``), so a copied link opens the same view.

    - The URL holds ``str(option)`` (the option's id: ``nbs_census2020_yb_t1_5``, ``2020``,
      ``CHN``), never the label on screen. A range slider writes both ends (``?k=20&k=40``), a
      multiselect each choice; an empty multiselect is ``?k=``. A value equal to the default is
      left out of the URL.
    - The widget starts from the link's value, else the value last chosen on this page in this
      session, else its default; a value the browser sends (after a server restart) wins over all.
    - A URL value that is not one of the choices, or a single-valued key given twice, is ignored
      with a visible notice (never an error) and leaves the URL.
    - A select slider with a single choice is not drawn; its link value is still checked.
    - After a switch of language the widget shows its value in the new language's labels.

    Args:
        widget: st.selectbox, st.multiselect, st.radio or st.select_slider (or the same method
            of a column/sidebar).
        label: the label on screen (already translated).
        options: the choices.
        key: widget key and URL parameter name.
        format_func: option -> text on screen.
        to_link, from_link: where the link keeps another form of the value than ``str(option)``
            (an age range kept as half-open boundaries ``?k=25&k=35`` while the slider picks the
            age groups 25-29 to 30-34): value -> the link's strings, and the link's strings ->
            value, or None when they ask for nothing usable. When the choices change between
            runs (another census's age groups), the value keeps the link's meaning (ages 20-49),
            not its place among the old choices.
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
    if from_link is not None:
        requested = from_link(raw) if raw else None
        valid = requested is not None and _is_valid(kind, requested, options, default)
        requested = requested if valid else None
    else:
        requested = _from_url(kind, raw, lookup, default)
        valid = requested is not None and all(v in lookup or (kind == "multiselect" and v == "") for v in raw)
    if _from_the_link(key, raw, valid):
        bad = [v for v in raw if v not in lookup] or raw if from_link is None else raw
        st.warning(t("The link's setting {setting} is not one of the choices for \"{label}\"; it was ignored.", _lang(),
                     setting=_link_setting(key, bad), label=escape_markdown(label)))
    if kind == "select_slider" and len(options) == 1:
        _write_url(key, None)
        return default
    memory = f"_remembered_{key}"
    start = requested
    if start is None and _is_valid(kind, st.session_state.get(memory), options, default):
        start = st.session_state[memory]
    if start is None:
        start = default
    choices = f"_choices_{key}"
    if to_link is not None and requested is not None and st.session_state.get(choices, list(lookup)) != list(lookup):
        # The choices changed (another census, other age groups): a value kept in the link's form
        # keeps its meaning there (ages 20-49), not its position among the old choices.
        st.session_state.pop(key, None)
    st.session_state[choices] = list(lookup)
    _resend_if_relabelled(key, kind, options, [format_func(o) for o in options], default)
    if kind in ("selectbox", "multiselect") and "placeholder" not in kwargs:  # Streamlit's own texts are English
        kwargs["placeholder"] = t(PLACEHOLDERS[kind] if options else N_("No options to select"), _lang())
    value = widget(label, options, key=key, format_func=format_func, **_start_kwargs(kind, options, kwargs, start))
    st.session_state[memory] = value
    current = tuple(value) if isinstance(value, (list, tuple)) and kind != "multiselect" else value
    if current == default:
        _write_url(key, None)
    elif to_link is not None:
        _write_url(key, to_link(current))
    elif kind == "multiselect":
        _write_url(key, [str(v) for v in value] or [""])
    elif isinstance(current, tuple):
        _write_url(key, [str(v) for v in current])
    else:
        _write_url(key, [str(value)])
    return value


def _sent_by_browser(key: str, labels: list[str]) -> bool:
    """Whether the browser sent one of ``labels`` as the value of the keyed widget ``key`` with
    this run (a label of another language does not count: it is from before a language switch).

    Streamlit has no public call for this. A new server session (after a restart) knows the
    values the browser sends only by element id until the widget is drawn, and
    ``key in st.session_state`` is False until then. Streamlit's element ids end with the
    widget's key (``streamlit.runtime.state.common.user_key_from_element_id``). Should this
    internal interface change, the answer is False: the link's value is used, as before.
    """
    try:
        from streamlit.runtime.scriptrunner import get_script_run_ctx
        from streamlit.runtime.state.common import user_key_from_element_id

        ctx = get_script_run_ctx()
        return any(
            user_key_from_element_id(w.id) == key and w.WhichOneof("value") == "string_value" and w.string_value in labels
            for w in ctx.session_state.get_widget_states()
        )
    except Exception:  # noqa: BLE001 - an internal interface: fall back to the link's value
        log.warning("could not read the widget states the browser sent", exc_info=True)
        return False


def url_tabs(tabs: dict[str, str], *, key: str, params: dict[str, list[str]]) -> dict:
    """Tabs whose choice lives in the URL (``?key=<tab id>``); only the open tab's content runs.

    ``st.tabs(on_change="rerun")``: a page of several charts draws only the open tab's chart, so
    its first chart is not held back while the others are drawn in the same frame.
    Like :func:`url_widget`, the URL holds the tab's id, never its label, so a link opens the same
    tab in English and 中文; the first tab is left out of the URL; a link whose value is not a tab
    (or that gives the key twice) gets a notice; coming back to the page reopens the last tab; a
    tab the browser sends (the reader's first click after a server restart) wins over the link.

    ``st.tabs`` takes no starting tab without changing its identity, so the link's tab is set
    through the session state, but only when neither the session nor the browser has a value.

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
    requested = raw[0] if len(raw) == 1 and raw[0] in tabs else None
    if _from_the_link(key, raw, requested is not None):
        st.warning(t("The link's setting {setting} is not one of this page's charts; it was ignored.", _lang(), setting=_link_setting(key, raw)))
    if requested is None and not raw:
        requested = next((i for i in ids if any(k in st.query_params for k in params.get(i, []))), None)
    memory = f"_remembered_{key}"
    if st.session_state.get(key) not in labels and not _sent_by_browser(key, labels):  # a first visit, or labels in another language
        chosen = requested or st.session_state.get(memory)
        if chosen in tabs:
            st.session_state[key] = tabs[chosen]
    containers = dict(zip(ids, st.tabs(labels, key=key, on_change="rerun")))
    opened = next((i for i, c in containers.items() if c.open), ids[0])
    st.session_state[memory] = opened
    _write_url(key, None if opened == ids[0] else [opened])
    return containers


def url_text(label: str, *, key: str, max_chars: int = 200, placeholder: str | None = None) -> str:
    """A text box whose text lives in the URL (``?key=text``), with the rules of :func:`url_widget`:
    the link's text is the box's starting text (the browser's wins after a restart), a key given
    twice or a text over ``max_chars`` gets a notice and leaves the link, empty text leaves the
    link, and coming back to the page keeps the last text.

    Returns:
        The text (stripped). What it means is for the caller to check: a link is untrusted.
    """
    st.session_state.setdefault(URL_KEYS, set()).add(key)
    raw = st.query_params.get_all(key)
    requested = raw[0] if len(raw) == 1 and len(raw[0]) <= max_chars else None
    if _from_the_link(key, raw, requested is not None):
        if len(raw) == 1:  # one text, too long for the box
            st.warning(t("The link's setting {setting} is longer than the {most} characters \"{label}\" takes; it was ignored.", _lang(),
                         setting=_link_setting(key, raw), most=max_chars, label=escape_markdown(label)))
        else:  # the key given more than once: a text box holds one text
            st.warning(t("The link gives \"{label}\" more than once ({setting}); it was ignored.", _lang(),
                         setting=_link_setting(key, raw), label=escape_markdown(label)))
    memory = f"_remembered_{key}"
    start = requested if requested is not None else st.session_state.get(memory, "")
    value = st.text_input(label, value=start, key=key, max_chars=max_chars, placeholder=placeholder).strip()
    st.session_state[memory] = value
    _write_url(key, [value] if value else None)
    return value
