"""English / 中文: every message in the dashboard's source has a reviewed Chinese translation in the
gettext catalogue (dashboard/locale/zh/LC_MESSAGES/messages.po) with the same placeholders, the
compiled messages.mo says the same, no translation is left unused, and the language switch changes
what pages show."""

from __future__ import annotations

import ast
import gettext
import json
import re
import string
from pathlib import Path

import pandas as pd
import pytest

from dashboard import charts, claim_text, exports, i18n
from dashboard.formatting import hover_template
from tests.catalogue import MO, ZH, read_catalogue

ROOT = Path(__file__).resolve().parent.parent
#: Functions whose first argument is a message id (gettext-style marks and the helpers that translate their argument).
MESSAGE_FUNCTIONS = {"t", "_", "N_", "guard", "section", "cite_this_view", "page_title"}


def messages_in_source() -> dict[str, str]:
    """Every string literal passed as first argument to a message function -> 'file:line' (the
    dashboard's source, and datasets/derived, whose assumption sentences the pages translate)."""
    found: dict[str, str] = {}
    for path in sorted((ROOT / "dashboard").rglob("*.py")) + sorted((ROOT / "datasets" / "derived").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
                name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
                if name in MESSAGE_FUNCTIONS:
                    found.setdefault(node.args[0].value, f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_the_source_has_messages():
    found = messages_in_source()
    assert len(found) > 250  # the extractor really finds the pages' texts
    assert "Population pyramid" in found and "Surplus of men in an age range" in found


def test_every_message_has_a_chinese_translation():
    missing = {m: where for m, where in messages_in_source().items() if not ZH.get(m)}
    assert not missing, f"{len(missing)} messages without a Chinese translation in {PO_NAME}: {missing}"


PO_NAME = "dashboard/locale/zh/LC_MESSAGES/messages.po"


def test_no_translation_waits_for_review():
    """A message pybabel update matched to a similar old one is marked fuzzy: a guess that pybabel
    compile leaves out, so the page would show English. A translator confirms it (Poedit, Weblate)."""
    fuzzy = [m.id for m in read_catalogue() if m.id and m.fuzzy]
    assert not fuzzy, f"translations marked fuzzy in {PO_NAME} (review them, then make translations): {fuzzy}"


def test_pybabel_extracts_exactly_the_catalogue():
    """`pybabel extract` with the project's mapping (babel.cfg) and keywords finds the messages the
    catalogue holds, no more and no fewer: the .po is in step with the source."""
    from babel.messages.extract import extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg

    with (ROOT / "babel.cfg").open(encoding="utf-8") as fh:
        method_map, options_map = parse_mapping_cfg(fh)
    keywords = {name: None for name in MESSAGE_FUNCTIONS}  # the first argument of each
    extracted = {m[2] for m in extract_from_dir(str(ROOT), method_map, options_map, keywords=keywords) if isinstance(m[2], str)}
    assert extracted == set(ZH), {"not in the catalogue": sorted(extracted - set(ZH)), "no longer in the source": sorted(set(ZH) - extracted)}
    assert extracted == set(messages_in_source())  # pybabel and this file's own reading agree


def test_compiled_catalogue_says_what_the_po_says():
    """messages.mo (read at run time) is compiled from the current messages.po: after editing the
    .po, run make translations."""
    with MO.open("rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    stale = {m: (z, compiled.gettext(m)) for m, z in ZH.items() if compiled.gettext(m) != z}
    assert not stale, f"{len(stale)} translations differ between the .po and the .mo (make translations): {list(stale.items())[:5]}"
    assert i18n.catalogue("zh").gettext("Population pyramid") == ZH["Population pyramid"] != "Population pyramid"


def test_a_message_missing_from_the_catalogue_is_shown_in_english_and_logged(caplog):
    caplog.set_level("WARNING", logger="dashboard.i18n")
    assert i18n.t("A sentence nobody translated, {n}", "zh", n=3) == "A sentence nobody translated, 3"
    assert "no Chinese translation for 'A sentence nobody translated, {n}'" in caplog.text
    assert i18n.t("", "zh") == ""  # not the catalogue's header


def test_translations_keep_the_placeholders():
    wrong = {m: (placeholders(m), placeholders(z)) for m, z in ZH.items() if placeholders(m) != placeholders(z)}
    assert not wrong


def test_no_unused_translation():
    unused = sorted(set(ZH) - set(messages_in_source()))
    assert not unused, f"translations no message uses: {unused}"
    obsolete = sorted(read_catalogue().obsolete)
    assert not obsolete, f"obsolete entries (#~) left in {PO_NAME}: {obsolete}"


def test_translations_are_chinese_and_typed_no_numbers_of_their_own():
    import re

    for message, text in ZH.items():
        assert text.strip(), message
        # Digits in a translation must come from the English message (years, table numbers, ages), never be new
        # figures; the one exception is a month written as a number (May -> 5月).
        assert set(re.findall(r"\d+(?!\d*月)", text)) <= set(re.findall(r"\d+", message)), (message, text)
    assert sum(bool(re.search(r"[\u4e00-\u9fff]", z)) for z in ZH.values()) > 0.95 * len(ZH)


def test_t_translates_fills_and_rejects_unknown_language():
    assert i18n.t("Population pyramid", "en") == "Population pyramid"
    assert i18n.t("Population pyramid", "zh") == ZH["Population pyramid"]
    assert i18n.t("Sex ratio by province, {year} census", "zh", year=2020) == ZH["Sex ratio by province, {year} census"].format(year=2020)
    assert "2020" in i18n.t("Sex ratio by province, {year} census", "zh", year=2020)
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        i18n.t("Population pyramid", "fr")


def test_column_labels_with_units_in_both_languages():
    en = i18n.column_labels(["male", "sex_ratio", "year", "mystery_col"], {"male": "persons", "sex_ratio": "males per 100 females", "year": "year"}, "en")
    assert en == {"male": "men (persons)", "sex_ratio": "sex ratio (males per 100 females)", "year": "year", "mystery_col": "mystery col"}
    zh = i18n.column_labels(["male", "sex_ratio"], {"male": "persons", "sex_ratio": "males per 100 females"}, "zh")
    assert zh == {"male": "男（人）", "sex_ratio": "性别比（女=100）"}  # datasets/columns.py


def test_localised_column_prefers_chinese_and_falls_back():
    frame = pd.DataFrame({"geography": ["Beijing", "Somewhere"], "geography_zh": ["北京", None]})
    assert i18n.localised_column(frame, "geography", "zh").tolist() == ["北京", "Somewhere"]
    assert i18n.localised_column(frame, "geography", "en").tolist() == ["Beijing", "Somewhere"]


def test_hover_template_unit_words_per_language():
    assert hover_template("", "persons", "y", "en") == "%{y:,d} persons<extra></extra>"
    assert hover_template("", "persons", "y", "zh") == f"%{{y:,d}} {ZH['persons']}<extra></extra>"
    assert hover_template("", "males per 100 females", "y", "zh") == "%{y:.2f}（女=100）<extra></extra>"


def test_chart_words_follow_the_language():
    wide = pd.DataFrame({"age_start": [0, 5], "age_label": ["0-4", "5-9"], "male": [10, 12], "female": [9, 11]})
    en, zh = charts.population_pyramid(wide, "t", "en"), charts.population_pyramid(wide, "t", "zh")
    assert [d.name for d in en.data] == ["Men", "Women"]
    assert [d.name for d in zh.data] == [ZH["Men"], ZH["Women"]]
    assert zh.layout.yaxis.title.text == ZH["age (completed years)"]
    fig = charts.add_source_line(charts.population_pyramid(wide, "t", "zh"), "国家统计局", "2026-11-29", lang="zh")
    assert fig.layout.title.subtitle.text.startswith("来源：国家统计局")  # no space after the full-width colon


def test_download_header_is_the_column_ids_in_both_languages():
    """A script written for the English CSV reads the Chinese one: the header is the column ids
    (the Parquet names); labels and units in Chinese are in the Excel file and the metadata."""
    frame = pd.DataFrame({"year": [2020], "male": [1], "source_id": ["s"]})
    units = {"year": "year", "male": "persons"}
    ids = ["year", "male", "source_id", "source_citation"]
    assert exports.export_header(frame, units, "en") == exports.export_header(frame, units, "zh") == ids
    csv = exports.to_csv_bytes(frame, units, {"s": "国家统计局"}, lang="zh").decode("utf-8-sig")
    assert csv.splitlines() == [",".join(ids), "2020,1,s,国家统计局"]
    assert i18n.column_labels(["male"], units, "zh") == {"male": "男（人）"}


def test_cross_check_findings_in_chinese_keep_the_numbers(published_dir):
    published = published_dir
    checks = pd.read_parquet(published / "claim_checks.parquet").set_index("claim_id", drop=False)
    numbers = pd.read_parquet(published / "claim_check_numbers.parquet")
    reported = pd.read_parquet(published / "reported_figures.parquet")

    def finding(claim_id, lang):
        return claim_text.finding(checks.loc[claim_id], numbers[numbers["claim_id"] == claim_id].sort_values("position"), reported, lang)

    assert "17,647,149" in finding("NEWS001", "en") and "17,647,149" in finding("NEWS001", "zh")
    assert "4,571" in finding("NEWS002", "zh") and "10,764" in finding("NEWS003", "zh")
    assert finding("NEWS001", "zh") != finding("NEWS001", "en")
    mine = numbers[numbers["claim_id"] == "NEWS001"].sort_values("position")
    zh = claim_text.numbers_for_display(mine, checks.loc["NEWS001"], reported, "zh")
    en = claim_text.numbers_for_display(mine, checks.loc["NEWS001"], reported, "en")
    assert zh.iloc[:, 1].tolist() == en.iloc[:, 1].tolist()  # the same numbers in both languages
    assert zh.iloc[0, 0] == ZH["surplus of men, {band} (2020 census tables)"].format(band=ZH["ages {label}"].format(label="20-39"))


# --------------------------------------------------------------------------- pages in 中文 (AppTest)
from streamlit.testing.v1 import AppTest  # noqa: E402

ALL_PAGES = {
    "overview": "The news figures, checked", "sex_ratio_age": "Sex ratio and age", "marriage": "Marriage squeeze", "sex_ratio_at_birth": "Sex ratio at birth",
    "provinces": "Provinces", "trafficking_cases": "Trafficking cases", "international": "International view",
    "rescues": "Rescues and reunions", "count_types": "Count types", "data_explorer": "Data", "sources": "Sources",
}


def run_zh(page: str, **params) -> AppTest:
    if page == "overview":  # its page links need the navigation of the entry point
        at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=90)
    elif page == "check" and params:  # the results link to charts: the entry point's navigation
        at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=90)
        at.session_state["lang"] = "zh"
        at.run().switch_page("views/check.py")
    else:
        at = AppTest.from_file(str(ROOT / "dashboard" / "views" / f"{page}.py"), default_timeout=90)
    at.session_state["lang"] = "zh"
    for k, v in params.items():
        at.query_params[k] = v
    return at.run()


#: Every page, and each tab of the sex-ratio page (only the open tab runs).
VIEWS = [(page, {}) for page in ALL_PAGES] + [("sex_ratio_age", {"chart": tab}) for tab in ("censuses", "surplus", "neighbours")]


@pytest.mark.parametrize(("page", "params"), VIEWS)
def test_every_page_runs_in_chinese(page, params, caplog):
    caplog.set_level("WARNING", logger="dashboard.i18n")
    at = run_zh(page, **params)
    untranslated = [r.getMessage() for r in caplog.records if r.name == "dashboard.i18n"]
    assert not untranslated, untranslated  # texts that reach t() at run time (widget choices, labels from tables)
    assert not at.exception, [e.message for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert at.title[0].value == ZH[ALL_PAGES[page]]
    assert not [w.value for w in at.warning if "is not one of the choices" in w.value or "不是" in w.value]


#: What may stay in Latin letters on a 中文 page: links and file paths, quoted text (a source's own
#: title, an example of what to type), code.
_NOT_PROSE = re.compile(
    r"https?://\S+|\b[\w.-]+\.(?:com|cn|net|org|gov|cc|html?|xlsx|csv|rda|dta|txt|parquet)\b\S*|\b[\w.-]+/[\w./@-]+"
    r"|“[^”]*”|《[^》]*》|「[^」]*」|‘[^’]*’|\"[^\"]*\"|`[^`]*`"
)
_LATIN_RUN = re.compile(r"(?:[A-Za-z][A-Za-z'’-]*[ ,;:()]*){3,}")


def latin_prose(text: str) -> list[str]:
    """Runs of three or more Latin words, two of them lower-case (English prose: "copy on a mirror
    domain"), outside links, paths, quotes and code. Names and titles ("Natural Earth", "UN WPP
    2022", "The Aquila Report") are capitalised and pass."""
    text = _NOT_PROSE.sub(" ", text.replace("\\", ""))
    runs = []
    for m in _LATIN_RUN.finditer(text):
        lower = [w for w in re.findall(r"[A-Za-z][A-Za-z'’-]*", m.group(0)) if w[0].islower() and len(w) >= 2]
        if len(lower) >= 2:
            runs.append(m.group(0).strip())
    return runs


def test_latin_prose_finds_english_and_passes_names_links_and_quotes():
    assert latin_prose("（副本：public web pages (news reports and reposts)") == ["public web pages (news reports and reposts)"]
    assert latin_prose("《南华早报》，copy on a mirror domain") == ["copy on a mirror domain"]
    assert latin_prose("联合国《世界人口展望2022》；Natural Earth（边界）；The Aquila Report") == []
    assert latin_prose("如“more than 30 million”；https://example.org/a-b-c；earfanfan/yuanfan@488a1d02 static/data/x.xlsx") == []


def page_texts(at: AppTest) -> list[str]:
    """Everything a reader reads on the page: text elements, widget labels and choices, metric
    labels, table headers, and each chart's title, axis titles, legend names and annotations."""
    out = []
    for kind in ("markdown", "caption", "header", "subheader", "title", "info", "warning", "error", "success", "text"):
        out += [e.value for e in getattr(at, kind)]
    out += [m.label for m in at.metric]
    for kind in ("selectbox", "multiselect", "radio", "select_slider", "text_input", "number_input", "checkbox", "toggle", "button", "expander", "tabs"):
        for w in getattr(at, kind, []) if kind != "tabs" else at.tabs:
            out.append(str(getattr(w, "label", "")))
            if kind in ("selectbox", "multiselect", "radio"):
                out += [str(o) for o in w.options[:50]]  # the choices as shown
    for frame in at.dataframe:
        out += [str(c) for c in frame.value.columns]
    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        layout = spec.get("layout", {})
        for axis in [k for k in layout if k.startswith(("xaxis", "yaxis"))]:
            out.append(str(layout[axis].get("title", {}).get("text", "")))
        out.append(str(layout.get("title", {}).get("text", "")))
        out.append(str(layout.get("title", {}).get("subtitle", {}).get("text", "")))
        out += [str(a.get("text", "")) for a in layout.get("annotations", [])]
        out += [str(d.get("name", "")) for d in spec.get("data", []) if d.get("showlegend", True) is not False]
    return out


#: The 中文 views: every page and tab, and the check page with a figure typed in.
ZH_VIEWS = VIEWS + [("check", {"number": "1752万", "year": "2020", "age_from": "20", "age_to": "39"})]


@pytest.mark.parametrize(("page", "params"), ZH_VIEWS)
def test_chinese_pages_have_no_english_prose(page, params):
    """In 中文 mode no run of English words is left: the landing cards' numbers, outlets ("copy on a
    mirror domain"), the source captions' copy notes, chart titles and legends are all Chinese.
    Names, source titles, links and quoted examples may stay as they are."""
    at = run_zh(page, **params)
    assert not at.exception
    found = {run: text[:160] for text in page_texts(at) for run in latin_prose(text)}
    assert not found, found


def test_sex_ratio_page_in_chinese_keeps_the_exact_numbers():
    at = run_zh("sex_ratio_age", chart="surplus")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[ZH["Surplus of men, ages {ages} ({year} census)"].format(ages="20-39", year=2020)] == "15,337,091"
    assert metrics[ZH["Sex ratio in this range"]] == "108.19"
    text = " ".join(m.value for m in at.markdown)
    assert "20-39岁为 15,337,091（性别比 108.19）" in text and "20-44岁为 17,647,149" in text
    assert "1752万" in text  # the cited 17.52 million in the Chinese compact form


def test_entry_point_switches_language_from_the_link():
    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=90)
    at.query_params["lang"] = "zh"
    at.run()
    assert not at.exception
    assert at.title[0].value == "核查新闻中的数字"
    assert at.sidebar.radio(key="lang").value == "zh"
    text = " ".join(m.value for m in at.markdown)
    assert "口径不同" in text or any("口径不同" in str(getattr(e, "value", "")) for e in at.main)


def test_link_values_mean_the_same_in_both_languages():
    at = run_zh("sex_ratio_age", surplus_census="2010 (NBS)", surplus_range=["20", "45"])
    assert at.selectbox(key="surplus_census").value == "2010 (NBS)"
    metrics = {m.label: m.value for m in at.metric}
    en = AppTest.from_file(str(ROOT / "dashboard" / "views" / "sex_ratio_age.py"), default_timeout=90)
    en.query_params["surplus_census"] = "2010 (NBS)"
    en.query_params["surplus_range"] = ["20", "45"]
    en.run()
    en_metrics = {m.label: m.value for m in en.metric}
    assert sorted(metrics.values()) == sorted(en_metrics.values())
    assert metrics[ZH["Surplus of men, ages {ages} ({year} census)"].format(ages="20-44", year=2010)] == en_metrics["Surplus of men, ages 20-44 (2010 census)"]


def test_bad_link_value_notice_in_chinese():
    at = run_zh("sex_ratio_age", surplus_census="1850")
    notices = [w.value.replace("\\", "") for w in at.warning]  # the link text is Markdown-escaped
    assert any(n.startswith("链接中的设置 surplus_census=1850 不是") for n in notices), notices
    assert at.selectbox(key="surplus_census").value == "2020 (NBS)"
    assert not at.exception


def test_chart_titles_wrap_for_a_phone_screen_in_both_languages():
    en = charts.wrap_title("China, 2020 census: surplus of men by age group (selected: 20-39)")
    assert en == "China, 2020 census: surplus of men by <br>age group (selected: 20-39)"
    assert en.replace("<br>", "") == "China, 2020 census: surplus of men by age group (selected: 20-39)"  # same text
    zh = charts.wrap_title("中国，2020年普查：各年龄组男性多出人数（已选：20-39）")
    assert zh == "中国，2020年普查：各年龄组男性多出人数<br>（已选：20-39）"  # no line ends with an opening bracket
    assert charts.wrap_title("Short title") == "Short title"
    fig = charts.population_pyramid(pd.DataFrame({"age_start": [0], "age_label": ["0-4"], "male": [1], "female": [1]}), en)
    assert fig.layout.margin.t == 20 + 2 * 21 + 16  # one more line of title, more room above the plot
