"""Each chart's figure on /sex-ratio is built once per process for a set of arguments and shared by
every reader (dashboard.ui.chart + chart_block, st.cache_resource): a second reader with the same
settings gets the same figure without building it, another setting builds another, and drawing a
shared figure does not change it (Plotly figures are mutable)."""

from __future__ import annotations

import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

from dashboard import charts

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")


def _reader(lang: str = "en", **params) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["lang"] = lang  # read on the first run, by the sidebar's switch
    at.run()
    at.switch_page("views/sex_ratio_age.py")
    for key, value in {"chart": "surplus", **params}.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _spec(at: AppTest) -> str:
    (chart,) = at.get("plotly_chart")
    return chart.proto.spec


def test_a_figure_is_built_once_for_every_reader_and_not_changed_by_drawing(monkeypatch):
    built = []
    original = charts.surplus_by_age

    def counted_surplus_by_age(*args, **kwargs):  # its own name: its own cache entries
        built.append(args[1:3])
        return original(*args, **kwargs)

    monkeypatch.setattr(charts, "surplus_by_age", counted_surplus_by_age)
    first = _reader(surplus_range=["20", "40"])
    assert built == [(20, 40)]
    spec = _spec(first)
    assert "(selected: 20-39)" in spec
    second = _reader(surplus_range=["20", "40"])  # another reader, the same settings
    assert built == [(20, 40)] and _spec(second) == spec
    second.select_slider(key="surplus_range").set_value((20, 40)).run()  # ages 20-44: another figure
    assert built == [(20, 40), (20, 45)] and "(selected: 20-44)" in _spec(second)
    first.run()  # the first reader's figure, drawn again from the cache, as it was
    assert built == [(20, 40), (20, 45)] and _spec(first) == spec
    zh = _reader(surplus_range=["20", "40"], lang="zh")  # another language: its own figure
    assert len(built) == 3 and "（已选：20-39）" in json.loads(_spec(zh))["layout"]["title"]["text"]
