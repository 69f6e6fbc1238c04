"""Entry point: ``streamlit run dashboard/app.py`` (the README's ``make run`` does this).

Sets up the page list; each page is a thin script in dashboard/pages/.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # streamlit puts only dashboard/ on the path
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

PAGES = Path(__file__).resolve().parent / "pages"

st.set_page_config(page_title="China: sex ratio and trafficking statistics", layout="wide")

navigation = st.navigation(
    [
        st.Page(PAGES / "overview.py", title="The news figures, checked", url_path="overview", default=True),
        st.Page(PAGES / "sex_ratio_age.py", title="Sex ratio and age", url_path="sex-ratio"),
        st.Page(PAGES / "sex_ratio_at_birth.py", title="Sex ratio at birth", url_path="srb"),
        st.Page(PAGES / "provinces.py", title="Provinces", url_path="provinces"),
        st.Page(PAGES / "trafficking_cases.py", title="Trafficking cases", url_path="cases"),
        st.Page(PAGES / "international.py", title="International view", url_path="international"),
        st.Page(PAGES / "rescues.py", title="Rescues and reunions", url_path="rescues"),
        st.Page(PAGES / "count_types.py", title="Count types", url_path="count-types"),
        st.Page(PAGES / "data_explorer.py", title="Data", url_path="data"),
        st.Page(PAGES / "sources.py", title="Sources", url_path="sources"),
    ]
)
st.sidebar.caption(
    "Official statistics on China's sex ratio and on trafficking of women and children, "
    "each figure with its source. Counts are census counts, UN estimates or UN projections, and say which."
)
navigation.run()
