"""The link to the marriage-squeeze page that the surplus figures carry ("what the surplus means
for marriage"): on the Overview's card of the 17.52 million and on the surplus tab of /sex-ratio."""

from __future__ import annotations

import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError

from dashboard.formatting import escape_markdown
from dashboard.i18n import N_, t
from dashboard.pages import SCRIPTS

LABEL = N_("What the surplus means for marriage: the marriage squeeze")


def marriage_page_link(lang: str) -> None:
    """``st.page_link`` to ``/marriage``. A page script run on its own (AppTest of one view, with no
    navigation of the entry point) has no pages to link to: there it is a plain link to /marriage."""
    label = t(LABEL, lang)
    try:
        st.page_link(SCRIPTS["marriage"], label=label, icon=":material/favorite:")
    except StreamlitPageNotFoundError:
        st.markdown(f"[{escape_markdown(label)}](/marriage)")
