"""Floor page for the load test (``make loadtest``): a trivial Streamlit page holding only the
dashboard's surplus age-range slider (``bench/age_slider.py``, as
``dashboard/views/sex_ratio_age.py`` and ``bench/baseline_app.py`` have it), no data and no chart.

What a run of it costs under load is what the Streamlit server and its agent API cost by
themselves: the floor the dashboard is compared with.
"""

import streamlit as st
from age_slider import age_range_slider

first, last = age_range_slider()
st.write(f"Selected: {first}-{last + 4}")
