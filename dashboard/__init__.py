"""The Streamlit dashboard: thin pages (dashboard/views) over a tested library (data, analysis, charts)."""
