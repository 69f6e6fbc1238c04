"""Derived results: what the build computes from the published tables and publishes as tables of
its own (sex ratios and surplus of men by age, registered-case rates, the checks of cited and
repeated figures), and the engine that checks any printed figure against every published table.

Pure functions over DataFrames: no streamlit, no file access. The dashboard reads their output
(published tables) or calls the engine; imports point one way, dashboard -> datasets.
"""
