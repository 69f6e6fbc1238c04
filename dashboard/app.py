"""Entry point: ``streamlit run dashboard/app.py`` (the README's ``make run`` does this).

Sets up the language switch (English / 中文, kept in the URL as ``?lang=``) and the page list;
each page is a thin script in dashboard/views/.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # streamlit puts only dashboard/ on the path
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from dashboard.pages import PAGES  # noqa: E402
from dashboard.ui import CITED_PAGE, FULL_RUN, cite_this_view, language_switch, translator  # noqa: E402
from dashboard.urlstate import start_url_check, unknown_url_parameters  # noqa: E402

VIEWS = Path(__file__).resolve().parent / "views"

st.set_page_config(page_title="China: sex ratio and trafficking statistics / 中国性别比与拐卖妇女儿童统计", layout="wide")
language_switch()
_ = translator()

navigation = st.navigation(
    [st.Page(VIEWS / page.script, title=_(page.title), url_path=page.url_path, default=page is PAGES[0]) for page in PAGES]
)
st.sidebar.caption(
    _(
        "Official statistics on China's sex ratio and on trafficking of women and children, "
        "each figure with its source. Counts are census counts, UN estimates or UN projections, and say which."
    )
)
notices = st.container()  # top of the page: a notice for link parameters the page does not use
start_url_check()
st.session_state.pop(CITED_PAGE, None)
st.session_state[FULL_RUN] = True
try:
    navigation.run()
    unknown_url_parameters(notices)  # reached only when the page ran to its end (not after st.stop)
finally:
    st.session_state[FULL_RUN] = False
    cite_this_view()  # after the page: its link holds the settings the page kept
