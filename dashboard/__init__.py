"""The Streamlit dashboard: thin pages (dashboard/pages) over a tested library (data, analysis, charts)."""
