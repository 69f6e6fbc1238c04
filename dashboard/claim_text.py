"""The words around a checked figure, in the reader's language: verdicts, the sentence that explains
each verdict, what each number behind it is, and each definition the finder ranks.

The build computes the checks (:mod:`datasets.derived.claims`, tables ``claim_checks`` and
``claim_check_numbers``) and the finder ranks definitions (:mod:`datasets.derived.finder`);
they give ids and numbers. Here they become sentences; numbers go through
:func:`dashboard.formatting.format_value`; the sources' short names and the grades' labels come from
the catalogue through :mod:`dashboard.data`. No widgets.
"""

from __future__ import annotations

import pandas as pd

from dashboard import data
from dashboard.formatting import RATIO_UNIT, display_unit, format_value, is_missing
from dashboard.i18n import N_, column_labels, localised_column, t, unit_label
from dashboard.labels import ESTIMATE_LABEL

# The verdict ids, translated for the screen (t(verdict, "zh")).
VERDICT_LABELS = [N_("reproduced"), N_("reproduced under another definition"), N_("consistent"), N_("different measure"),
                  N_("not reproduced"), N_("not checkable with the data held")]
BADGE_COLOUR = {
    "reproduced": "green",
    "reproduced under another definition": "blue",
    "consistent": "green",
    "different measure": "orange",
    "not reproduced": "red",
    "not checkable with the data held": "gray",
}
#: The finder's measures, as a reader names them (ids: :data:`datasets.derived.finder.MEASURES`).
MEASURE_LABELS = {
    "surplus_of_men": N_("surplus of men (men minus women)"),
    "sex_ratio": N_("sex ratio (males per 100 females)"),
    "men": N_("men"),
    "women": N_("women"),
    "population": N_("population"),
    "sex_ratio_at_birth": N_("sex ratio at birth (boys per 100 girls)"),
    "registered_cases": N_("registered cases of abducting and trafficking women and children"),
    "change_percent": N_("change in per cent between two years (registered cases)"),
    "persons_rescued_or_found": N_("children found / persons rescued"),
    "persons_convicted": N_("persons convicted"),
    "detected_victims": N_("detected victims of trafficking (UNODC)"),
    "share_never_married": N_("per cent never married (census, by age and sex)"),
}
KIND_LABEL = ESTIMATE_LABEL | {"registered": N_("registered or reported count"), "reported": N_("official figure as reported")}


def _ratio(value, lang: str, decimals: int | None = None) -> str:
    return format_value(value, RATIO_UNIT, lang, decimals=decimals)


def _ages(age_from, age_to, lang: str) -> str:
    if is_missing(age_from):
        return ""
    if is_missing(age_to):
        return t("all ages", lang) if int(age_from) == 0 else t("ages {label}", lang, label=f"{int(age_from)}+")
    return t("ages {label}", lang, label=f"{int(age_from)}-{int(age_to)}")


# --------------------------------------------------------------------------- the checks' sentences

def finding(check: pd.Series, numbers: pd.DataFrame, reported: pd.DataFrame, lang: str = "en") -> str:
    """The sentence that explains a verdict (``claim_checks.finding``), in ``lang``.

    Args:
        check: one row of ``claim_checks``.
        numbers: its rows of ``claim_check_numbers`` (in position order).
        reported: the ``reported_figures`` table (outlet and date of a reported figure).
    """
    key = check["finding"]
    by_role = numbers.set_index("role", drop=False) if len(numbers) else numbers
    if key == "surplus_20_40":
        estimate = by_role.loc["estimate_20_40"]
        printed_ratio = by_role.loc["implied_men", "sex_ratio"] if "implied_men" in by_role.index else None
        return t(
            "The 5-year tables cannot reproduce ages 20-40 exactly. Closest definition: {band}, {value} ({difference}). "
            "Ages 20-40 inclusive with the servicemen, estimated under the assumptions below, give {estimate} (sex ratio {ratio} against {printed_ratio}).",
            lang, band=_ages(check["best_age_from"], check["best_age_to"], lang), value=format_value(check["best_value"], "persons", lang),
            difference=f"{check['difference']:+,.0f}", estimate=format_value(estimate["value"], "persons", lang),
            ratio=_ratio(estimate["sex_ratio"], lang), printed_ratio=_ratio(printed_ratio, lang, decimals=1),
        )
    if key == "women_cases_2019":
        return t(
            "Different measure: the yearbook counts {cases} registered cases of trafficking of women and children together in 2019 "
            "(UNODC's offences are the same number); the {claimed} counts cases of trafficking of women only, as 'uncovered' by police, "
            "and no primary table held here splits cases by the victim's sex. The white paper's passage could not be read.",
            lang, cases=format_value(check["best_value"], "cases", lang), claimed=format_value(check["value"], "cases", lang),
        )
    if key in ("dna_consistent", "dna_not_consistent"):
        last = reported.set_index("figure_id").loc[numbers["figure_id"].iloc[-1]]
        message = (
            N_("Consistent: the latest figure before the report is {value} children found through the DNA system by {date} ({outlet}), above the {bound} bound.")
            if key == "dna_consistent" else
            N_("Not consistent: the latest figure before the report is {value} children found through the DNA system by {date} ({outlet}), below the {bound} bound.")
        )
        return t(message, lang, value=format_value(check["best_value"], "persons", lang), date=last["period_end_as_printed"], outlet=_outlet(last, lang),
                 bound=format_value(check["value"], "persons", lang))
    if key == "tip_tier":
        tier = numbers.iloc[0]
        return t("The US TIP Report of {year} placed China on {tier} ({source}).", lang, year=int(tier["year"]), tier=tier["basis"],
                 source=data.source_short(tier["source_id"], lang))
    if key == "no_primary_table":
        return t("No primary table for this figure is held here.", lang)
    if key == "different_measure":
        return t("Different measure: the claim counts something the tables do not (a projection, or another kind of count); "
                 "the closest published numbers are shown for comparison.", lang)
    if not len(numbers):
        return t("No published table gives this measure for this place and year.", lang)
    best = numbers.iloc[0]
    return t("Closest definition: {definition}, {value} ({difference} against the printed figure).", lang,
             definition=definition(best, reported, lang), value=format_value(best["value"], display_unit(best["unit"]), lang),
             difference=_signed(best["value"] - check["value"], best["unit"], lang))


def _outlet(row, lang: str) -> str:
    """The outlet of a reported figure in ``lang`` (``outlet_zh`` for 中文)."""
    return row["outlet_zh"] if lang == "zh" and isinstance(row.get("outlet_zh"), str) else row["outlet"]


def _unit(numbers: pd.DataFrame) -> str:
    return str(numbers["unit"].iloc[0]) if len(numbers) else "persons"


def _signed(value, unit: str, lang: str) -> str:
    if is_missing(value):
        return ""
    text = format_value(abs(float(value)) if display_unit(unit) not in (RATIO_UNIT, "percent") else abs(round(float(value), 2)), display_unit(unit), lang)
    return ("+" if float(value) >= 0 else "−") + text


def assumptions(check: pd.Series, lang: str = "en") -> list[str]:
    """The assumptions of a check, each in ``lang`` (the build stores them in English, ' | '-separated)."""
    text = check["assumptions"]
    return [t(a, lang) for a in text.split(" | ")] if isinstance(text, str) and text else []


AREA_LABELS = {"all": N_("all areas"), "city": N_("city"), "town": N_("town"), "rural": N_("rural")}
BASIS_LABELS = {
    "yearbook": N_("yearbook"), "conflicting report": N_("conflicting report"), "stand-in: UNODC offences": N_("stand-in: UNODC offences"),
    "Offences of trafficking in persons": N_("Offences of trafficking in persons"), "Persons convicted": N_("Persons convicted"),
    "Detected trafficking victims": N_("Detected trafficking victims"), "estimate": N_("UN estimate"), "projection": N_("UN projection"),
}


def _basis(basis: object, lang: str) -> str:
    """A candidate's basis in words: census births of an area and birth order, a reported figure's
    grade, or a label of :data:`BASIS_LABELS`."""
    if not isinstance(basis, str):
        return ""
    if basis.startswith("long_form:"):
        _, area, order = basis.split(":")
        return t("census long form, {area}, birth order {order}", lang, area=t(AREA_LABELS.get(area, area), lang),
                 order=t("all", lang) if order == "all" else order)
    if basis.startswith("reported:"):
        grade = basis.removeprefix("reported:")
        return t("official figure as reported ({grade})", lang, grade=data.grade_label(grade, lang))
    return t(BASIS_LABELS[basis], lang) if basis in BASIS_LABELS else basis


def definition(row: pd.Series, reported: pd.DataFrame, lang: str = "en", short: bool = False) -> str:
    """A definition (a row of the finder's candidates or ``claim_check_numbers``) in words:
    ages, place, year and source, and the basis where it matters (census communique, long-form
    births of one area or birth order, yearbook, or the outlet of a reported figure).

    ``short``: for a chart's row labels: the source's short name, and the place only where it is not China.
    """
    table = row.get("table")
    source = data.source_short(str(row.get("source_id")), lang)
    year = "" if is_missing(row.get("year")) else str(int(row["year"]))
    code = row.get("geography_code")
    named = row.get("geography_zh") if lang == "zh" and isinstance(row.get("geography_zh"), str) else row.get("geography")
    place = t("China", lang) if code == "CHN" else (named if isinstance(named, str) else str(code or ""))
    where = "" if short and code == "CHN" else place
    if table == "population_totals":
        return t("all ages, {place}, {year}: census communique, servicemen included ({source})", lang, place=place, year=year, source=source)
    if table == "sex_ratio_by_age":
        ages = _ages(row.get("age_from"), row.get("age_to"), lang)
        if short:
            return t("{ages}, {year}, {source}", lang, ages=ages, year=year, source=source) + (f" · {where}" if where else "")
        kind = t(ESTIMATE_LABEL.get(row.get("kind"), "census count"), lang)
        return t("{ages}, {place}, {year} ({kind}: {source})", lang, ages=ages, place=place, year=year, kind=kind, source=source)
    if table == "never_married_share":
        return never_married_definition(row, lang, short)
    if table == "registered_cases" and not is_missing(row.get("year_to")):
        return t("registered cases, {start} to {end} (NBS China Statistical Yearbook)", lang, start=year, end=str(int(row["year_to"])))
    if table in ("reported_figures", "registered_cases_printed") and isinstance(row.get("figure_id"), str):
        figure = reported.set_index("figure_id").loc[row["figure_id"]]
        label = figure["measure_label_zh"] if lang == "zh" else figure["measure_label"]
        return t("{measure}, {year}: {outlet}", lang, measure=label, year=year, outlet=_outlet(figure, lang))
    return t("{place}, {year} ({source}; {basis})", lang, place=where or place, year=year, source=source, basis=_basis(row.get("basis"), lang))


#: Words of a never-married definition (``basis`` never_married:<sex>:<area>:<tabulation>).
NEVER_MARRIED_SEX = {"male": N_("men"), "female": N_("women")}
NEVER_MARRIED_AREA = {"total": N_("China"), "urban": N_("China, urban"), "rural": N_("China, rural")}
TABULATION_LABELS = {"complete": N_("complete count"), "sample": N_("sample tabulation"), "long_form_sample": N_("long-form sample, 10% of households")}


def never_married_definition(row: pd.Series, lang: str = "en", short: bool = False) -> str:
    """A per-cent-never-married definition in words: sex, ages, area, census year and source, and
    whether the census table is a sample ("men, ages 25-39, China, rural, 2010 census (long-form
    sample ...; UNSD Demographic Yearbook (marital status))")."""
    _, sex, area, tabulation = str(row.get("basis")).split(":")
    ages = _ages(row.get("age_from"), row.get("age_to"), lang)
    year = "" if is_missing(row.get("year")) else str(int(row["year"]))
    words = {"sex": t(NEVER_MARRIED_SEX.get(sex, sex), lang), "ages": ages, "place": t(NEVER_MARRIED_AREA.get(area, area), lang), "year": year}
    if short:
        return t("{sex}, {ages}, {place}, {year} census", lang, **words)
    source = data.source_short(str(row.get("source_id")), lang)
    return t("{sex}, {ages}, {place}, {year} census ({tabulation}; {source})", lang, **words,
             tabulation=t(TABULATION_LABELS.get(tabulation, tabulation), lang), source=source)


# --------------------------------------------------------------------------- the numbers behind a verdict

def number_label(row: pd.Series, check: pd.Series, reported: pd.DataFrame, lang: str = "en") -> tuple[str, str]:
    """(label, note) of one number behind a verdict (a row of ``claim_check_numbers``)."""
    role = row["role"]
    ratio = "" if is_missing(row.get("sex_ratio")) else _ratio(row["sex_ratio"], lang)
    if role == "surplus_band":
        return (t("surplus of men, {band} (2020 census tables)", lang, band=_ages(row["age_from"], row["age_to"], lang)),
                t("sex ratio {ratio}", lang, ratio=ratio))
    if role in ("implied_men", "implied_women"):
        printed = {"gap": format_value(check["value"], "persons", lang, "compact"), "ratio": _ratio(row["sex_ratio"], lang, decimals=1)}
        if role == "implied_men":
            return t("men implied by {gap} and ratio {ratio}", lang, **printed), t("solving gap = men - women, ratio = 100 men / women", lang)
        return t("women implied by {gap} and ratio {ratio}", lang, **printed), ""
    if role == "servicemen_men":
        return t("servicemen left out of the tables: men", lang), t("communique total minus table total", lang)
    if role == "servicemen_women":
        return t("servicemen left out of the tables: women", lang), t("communique total minus table total", lang)
    if role == "estimate_20_40":
        return t("estimate: ages 20-40 inclusive, servicemen counted", lang), t("sex ratio {ratio}", lang, ratio=ratio)
    if role == "registered_cases":
        return (t("cases of abducting and trafficking women AND children registered by police, 2019", lang),
                t("Criminal Law art. 240; women and children together", lang))
    if role == "unodc_offences":
        return t("offences of trafficking in persons reported to UNODC, 2019", lang), t("equals the yearbook count", lang)
    if role == "reported_figure":
        figure = reported.set_index("figure_id").loc[row["figure_id"]]
        measure = figure["measure_label_zh"] if lang == "zh" else figure["measure_label"]
        return (t("{measure}, to {date}", lang, measure=measure, date=figure["period_end_as_printed"]),
                t("{outlet}; grade {grade}", lang, outlet=_outlet(figure, lang), grade=data.grade_label(figure["grade"], lang)))
    if role == "tip_tier":
        return t("China's tier in the US TIP Report of {year}", lang, year=int(row["year"])), ""
    note = t("within the printed range", lang) if row.get("admits") is True else ""
    return definition(row, reported, lang), note


def numbers_for_display(numbers: pd.DataFrame, check: pd.Series, reported: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """The numbers behind a verdict as a table a reader can read: label, value (formatted for its
    unit; missing -> "not published"), unit in words, source, note; headers in ``lang``."""
    rows = [number_label(r, check, reported, lang) for _, r in numbers.iterrows()]
    shown = pd.DataFrame({
        "label": [r[0] for r in rows],
        "value": [b if u == "tier" else format_value(v, display_unit(u), lang=lang) for v, u, b in zip(numbers["value"], numbers["unit"], numbers["basis"])],
        "unit": [unit_label(u, lang) for u in numbers["unit"]],
        "source_id": numbers["source_id"].to_numpy(),
        "note": [r[1] for r in rows],
    })
    return shown.rename(columns=column_labels(shown.columns, {}, lang))


def claim_text(check: pd.Series, lang: str = "en") -> str:
    """The claim in our own words, in ``lang``."""
    return localised_column(check.to_frame().T, "claim", lang).iloc[0]
