"""Page: the source catalogue with grades, licences and caveats, and the current data build."""

import streamlit as st

from dashboard import data
from dashboard.formatting import escape_markdown as esc
from dashboard.ui import cite_this_view, guard

st.title("Sources")
cite_this_view("Sources")
st.markdown(
    "Every figure on this site comes from one of these sources. The grade says how close our copy is "
    "to the official publication."
)

with guard("the sources page"):
    cat = data.catalog()
    with st.expander("What the grades mean", expanded=True):
        for code, text in cat["grades"].items():
            st.markdown(f"- **{esc(code)}**: {esc(text)}")
    table = data.sources_table()
    st.dataframe(table, hide_index=True, width="stretch", key="sources-grid")
    for source in cat["sources"]:
        with st.expander(esc(f"{source['source_id']} · {source['publisher']} · {source['title']}")):
            st.markdown(f"**Grade:** {esc(source['grade'])}  \n**Licence:** {esc(source['licence'])}  \n**Table:** {esc(source.get('table') or '—')}")
            if source.get("url"):
                st.markdown(f"**Original URL:** {esc(source['url'])}")
            got = source.get("obtained_from") or {}
            st.markdown(f"**Obtained from:** {esc(got.get('repository'))} at commit {esc(got.get('commit'))}, path {esc(got.get('path'))}")
            st.markdown("**Caveats:**")
            for c in source.get("caveats") or []:
                st.text(f"• {c}")
    manifest = data.manifest()
    st.header("Current data build")
    st.markdown(f"Built {manifest['built_at']} · inputs sha256 `{manifest['inputs_sha256'][:16]}`")
    st.dataframe(
        [{"table": k, "rows": v["rows"], "sha256": v["sha256"], "sources": ", ".join(v["source_ids"])} for k, v in manifest["tables"].items()],
        hide_index=True, width="stretch",
    )
