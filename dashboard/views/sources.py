"""Page: the source catalogue with grades, licences and caveats, and the current data build."""

import pandas as pd
import streamlit as st

from dashboard import data
from dashboard.formatting import escape_markdown as esc
from dashboard.i18n import N_, localised_frame
from dashboard.ui import guard, show_table, start_page

L, _, fv = start_page(__file__)


def zh_or_en(record: dict, field: str):
    """A catalogue field in the reader's language: ``<field>_zh`` for 中文 where the catalogue has it."""
    return record.get(f"{field}_zh") or record.get(field) if L == "zh" else record.get(field)


with guard(N_("the sources page")):
    cat = data.catalog()
    grades = (cat.get("grades_zh") or cat["grades"]) if L == "zh" else cat["grades"]
    with st.expander(_("What the grades mean"), expanded=True):
        for code, text in grades.items():
            st.markdown(f"- **{esc(code)}**: {esc(text)}")
    show_table(localised_frame(data.sources_table(), L), {}, key="sources-grid")
    for source in cat["sources"]:
        with st.expander(esc(f"{source['source_id']} · {zh_or_en(source, 'publisher')} · {zh_or_en(source, 'title')}")):
            # The labels are translated outside the f-strings: pybabel (on Python 3.11) does not look inside them.
            grade, licence, table, url = _("Grade:"), _("Licence:"), _("Table:"), _("Original URL:")
            st.markdown(
                f"**{grade}** {esc(source['grade'])}  \n**{licence}** {esc(zh_or_en(source, 'licence'))}  \n"
                f"**{table}** {esc(zh_or_en(source, 'table') or '—')}"
            )
            if source.get("url"):
                st.markdown(f"**{url}** {esc(source['url'])}")
            got = source.get("obtained_from") or {}
            if got.get("repository"):
                st.markdown(_("**Obtained from:** {repository} at commit {commit}, path {path}",
                              repository=esc(got.get("repository")), commit=esc(got.get("commit")), path=esc(got.get("path"))))
            else:  # a web page or our own record: the note says where
                st.markdown(_("**Obtained from:** {note}", note=esc(zh_or_en(got, "note") or "—")))
            caveats = _("Caveats:")
            st.markdown(f"**{caveats}**")
            for c in zh_or_en(source, "caveats") or []:
                st.text(f"• {c}")
    manifest = data.manifest()
    st.header(_("Current data build"))
    st.markdown(_("Built {when} · inputs sha256 {checksum}", when=manifest["built_at"], checksum=f"`{manifest['inputs_sha256'][:16]}`"))
    show_table(
        pd.DataFrame(
            [{"table": k, "rows": v["rows"], "sha256": v["sha256"], "sources": ", ".join(v["source_ids"])} for k, v in manifest["tables"].items()]
        ),
        {}, key="build-table",
    )
