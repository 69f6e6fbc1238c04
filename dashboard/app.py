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

from dashboard.ui import CITED_PAGE, FULL_RUN, cite_this_view, language_switch, translator  # noqa: E402
from dashboard.urlstate import start_url_check, unknown_url_parameters  # noqa: E402

PAGES = Path(__file__).resolve().parent / "views"

st.set_page_config(page_title="China: sex ratio and trafficking statistics / 中国性别比与拐卖妇女儿童统计", layout="wide")
language_switch()
_ = translator()

navigation = st.navigation(
    [
        st.Page(PAGES / "overview.py", title=_("The news figures, checked"), url_path="overview", default=True),
        st.Page(PAGES / "check.py", title=_("Check a figure"), url_path="check"),
        st.Page(PAGES / "sex_ratio_age.py", title=_("Sex ratio and age"), url_path="sex-ratio"),
        st.Page(PAGES / "marriage.py", title=_("Marriage squeeze"), url_path="marriage"),
        st.Page(PAGES / "sex_ratio_at_birth.py", title=_("Sex ratio at birth"), url_path="srb"),
        st.Page(PAGES / "provinces.py", title=_("Provinces"), url_path="provinces"),
        st.Page(PAGES / "trafficking_cases.py", title=_("Trafficking cases"), url_path="cases"),
        st.Page(PAGES / "international.py", title=_("International view"), url_path="international"),
        st.Page(PAGES / "rescues.py", title=_("Rescues and reunions"), url_path="rescues"),
        st.Page(PAGES / "count_types.py", title=_("Count types"), url_path="count-types"),
        st.Page(PAGES / "data_explorer.py", title=_("Data"), url_path="data"),
        st.Page(PAGES / "sources.py", title=_("Sources"), url_path="sources"),
    ]
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
