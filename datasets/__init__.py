"""Data layer: raw public files -> validated, tidy pandas frames -> Parquet.

Nothing in this package imports streamlit. See README.md ("How it is built").
"""
