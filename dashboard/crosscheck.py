"""Re-compute each figure the news report cites from the primary tables, and give a verdict.

Pure functions over published frames (no streamlit, no file access). Each check returns a
:class:`Check`: the verdict, a one-line finding, the numbers behind it (a DataFrame with label,
value, unit, source_id, note) and the assumptions it rests on. Every check takes ``lang``
("en"/"zh") for the language of its finding, labels, notes and assumptions; the verdict is the
same id in both (show it with ``t(verdict, lang)``).

Verdicts:
    reproduced                        the primary table gives the cited number (at the precision printed)
    reproduced under another definition  a different but stated definition gives it
    consistent                        not reproducible exactly, but the data agree within a stated tolerance
                                      or satisfy a "more than" bound
    different measure                 the primary data count something else; the numbers cannot be compared
    not reproduced                    the same definition gives a different number
    not checkable with the data held  no primary data for this figure here
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from dashboard import analysis, trafficking
from dashboard.formatting import format_value
from dashboard.i18n import N_, t

# The verdicts are ids and their English labels; t(verdict, "zh") gives the Chinese label.
REPRODUCED = N_("reproduced")
REPRODUCED_OTHER_DEFINITION = N_("reproduced under another definition")
CONSISTENT = N_("consistent")
DIFFERENT_MEASURE = N_("different measure")
NOT_REPRODUCED = N_("not reproduced")
NOT_CHECKABLE = N_("not checkable with the data held")
VERDICTS = [REPRODUCED, REPRODUCED_OTHER_DEFINITION, CONSISTENT, DIFFERENT_MEASURE, NOT_REPRODUCED, NOT_CHECKABLE]

#: Relative difference within which an estimate under stated assumptions counts as consistent.
CONSISTENT_TOLERANCE = 0.01


@dataclass
class Check:
    """The result of checking one cited figure."""

    figure_id: str
    verdict: str
    finding: str
    numbers: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["label", "value", "unit", "source_id", "note"]))
    assumptions: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.verdict not in VERDICTS:
            raise ValueError(f"unknown verdict {self.verdict!r}")


def rounds_to(value: float, claimed: float, unit_of_print: float) -> bool:
    """True when ``value`` rounds to ``claimed`` at the precision the claim was printed with.

    Example: 17,524,000 rounds to 17.52 million at a unit of 10,000 (half-up).
    """
    return abs(value - claimed) <= unit_of_print / 2


def classify(claimed: float, unit_of_print: float, *, same_definition: list[float] = (), other_definitions: list[float] = (),
             estimate: float | None = None, lower_bound: bool = False, at_least: list[float] = ()) -> str:
    """The verdict for a count, from values computed under the claim's own definition, under other
    stated definitions, an estimate under stated assumptions, or (for "more than N") later values.

    Rules, in order: a same-definition value that rounds to the claim -> reproduced; an
    other-definition value that does -> reproduced under another definition; a lower bound met
    by a value available at the time -> consistent; an estimate within CONSISTENT_TOLERANCE ->
    consistent; a same-definition value that differs -> not reproduced; nothing computable ->
    not checkable with the data held.
    """
    if any(rounds_to(v, claimed, unit_of_print) for v in same_definition):
        return REPRODUCED
    if any(rounds_to(v, claimed, unit_of_print) for v in other_definitions):
        return REPRODUCED_OTHER_DEFINITION
    if lower_bound and any(v >= claimed for v in at_least):
        return CONSISTENT
    if estimate is not None and abs(estimate - claimed) <= CONSISTENT_TOLERANCE * abs(claimed):
        return CONSISTENT
    if same_definition:
        return NOT_REPRODUCED
    return NOT_CHECKABLE


def _numbers(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["label", "value", "unit", "source_id", "note"])


def check_surplus_20_40(pop: pd.DataFrame, reported: pd.DataFrame, claimed: float = 17_520_000, lang: str = "en") -> Check:
    """17.52 million more men than women aged 20-40 (2020 census) against the yearbook tables.

    The 2020 tables come in 5-year groups and exclude the servicemen, so "20-40" cannot be
    computed exactly. Computed: 20-39 and 20-44 (and two more bands), the men and women implied
    by the published pair (gap, sex ratio 108.9 from the NBS spokesperson's statement), and an
    estimate of ages 20-40 inclusive with the servicemen, under stated assumptions.
    """
    wide = analysis.by_sex_wide(analysis.select_dataset(pop, "nbs_census2020_yb_t1_5", 2020))
    bands = {k: t("ages {label}", lang, label=f"{k[0]}-{k[1] - 1}") for k in [(20, 40), (20, 45), (15, 40), (25, 45)]}
    results = {k: analysis.surplus_in_range(wide, *k) for k in bands}
    ratio_row = reported[reported["measure"] == "sex_ratio_age_20_40"]
    claimed_ratio = float(ratio_row["value"].iloc[0]) if not ratio_row.empty else None
    gap = analysis.servicemen_gap(pop, reported)
    g40 = wide.set_index("age_start").loc[40]
    men40, women40 = int(g40["male"]) / 5, int(g40["female"]) / 5
    r2039 = results[(20, 40)]
    est_men = r2039["men"] + men40 + gap["male"]
    est_women = r2039["women"] + women40 + gap["female"]
    estimate = est_men - est_women
    def ratio(v: float) -> str:
        return format_value(v, "males per 100 females", lang)

    printed = {"gap": format_value(claimed, "persons", lang, "compact"), "ratio": format_value(claimed_ratio, "males per 100 females", lang, decimals=1)}
    rows = [(t("surplus of men, {band} (2020 census tables)", lang, band=label), results[k]["surplus_of_men"], "persons", "nbs_census2020_yb_t1_5",
             t("sex ratio {ratio}", lang, ratio=ratio(results[k]["sex_ratio"]))) for k, label in bands.items()]
    if claimed_ratio:
        implied_women = claimed / (claimed_ratio / 100 - 1)
        rows += [
            (t("men implied by {gap} and ratio {ratio}", lang, **printed), round(implied_women + claimed), "persons", "nbs_press_conference_2021_05_17_reports",
             t("solving gap = men - women, ratio = 100 men / women", lang)),
            (t("women implied by {gap} and ratio {ratio}", lang, **printed), round(implied_women), "persons", "nbs_press_conference_2021_05_17_reports", ""),
        ]
    rows += [
        (t("servicemen left out of the tables: men", lang), gap["male"], "persons", "nbs_press_conference_2021_05_17_reports", t("communique total minus table total", lang)),
        (t("servicemen left out of the tables: women", lang), gap["female"], "persons", "nbs_press_conference_2021_05_17_reports", t("communique total minus table total", lang)),
        (t("estimate: ages 20-40 inclusive, servicemen counted", lang), round(estimate), "persons", "nbs_census2020_yb_t1_5", t("sex ratio {ratio}", lang, ratio=ratio(100 * est_men / est_women))),
    ]
    closest_key = min(results, key=lambda k: abs(results[k]["surplus_of_men"] - claimed))
    closest = results[closest_key]
    verdict = classify(claimed, 10_000, other_definitions=[r["surplus_of_men"] for r in results.values()], estimate=estimate)
    finding = t(
        "The 5-year tables cannot reproduce ages 20-40 exactly. Closest definition: {band}, {value} ({difference}). "
        "Ages 20-40 inclusive with the servicemen, estimated under the assumptions below, give {estimate} (sex ratio {ratio} against {printed_ratio}).",
        lang, band=bands[closest_key], value=format_value(closest["surplus_of_men"], "persons", lang),
        difference=f"{closest['surplus_of_men'] - claimed:+,.0f}", estimate=format_value(round(estimate), "persons", lang),
        ratio=ratio(100 * est_men / est_women), printed_ratio=printed["ratio"],
    )
    assumptions = [
        t("The band 20-40 includes both ages 20 and 40.", lang),
        t("The single age 40 holds one fifth of the 40-44 group (the 2020 single-year table is not held).", lang),
        t("All active-duty servicemen are counted and aged 20-40 (communique basis).", lang),
        t("Consistent means within {tolerance} of the cited figure.", lang, tolerance=f"{CONSISTENT_TOLERANCE:.0%}"),
    ]
    return Check("NEWS001", verdict, finding, _numbers(rows), assumptions)


def check_trafficking_women_2019(crime: pd.DataFrame, glotip: pd.DataFrame, claimed: float = 320, lang: str = "en") -> Check:
    """320 cases of trafficking of women in 2019 (a 2019 white paper) against the registered cases."""
    cases = trafficking.registered_cases(crime).set_index("year")
    nbs = int(cases.loc[2019, "value"])
    unodc = trafficking.glotip_series(glotip, ["CHN"], "Offences of trafficking in persons").set_index("year")
    unodc_2019 = unodc.loc[2019, "value"] if 2019 in unodc.index else pd.NA
    rows = [
        (t("cases of abducting and trafficking women AND children registered by police, 2019", lang), nbs, "cases", "nbs_csy_via_mybox_fe485f3",
         t("Criminal Law art. 240; women and children together", lang)),
        (t("offences of trafficking in persons reported to UNODC, 2019", lang), unodc_2019, "count", "unodc_glotip_2025-04-14", t("equals the yearbook count", lang)),
    ]
    finding = t(
        "Different measure: the yearbook counts {cases} registered cases of trafficking of women and children together in 2019 "
        "(UNODC's offences are the same number); the {claimed} counts cases of trafficking of women only, as 'uncovered' by police, "
        "and no primary table held here splits cases by the victim's sex. The white paper's passage could not be read.",
        lang, cases=format_value(nbs, "cases", lang), claimed=format_value(claimed, "cases", lang),
    )
    return Check("NEWS002", DIFFERENT_MEASURE, finding, _numbers(rows), [t("Registered (立案) and uncovered cases are different stages of police work.", lang)])


def check_dna_children(reported: pd.DataFrame, report_date: str = "2022-03-05", claimed: float = 10_000, lang: str = "en") -> Check:
    """More than 10,000 children since 2009 through the DNA database, against the reported series."""
    series = trafficking.reported_series(reported, trafficking.DNA_DATABASE)
    before = series[series["date"] <= pd.Timestamp(report_date)]
    names = trafficking.measure_names(before, lang)
    rows = [(t("{measure}, to {date}", lang, measure=name, date=r.period_end), int(r.value_int), "persons", r.source_id,
             t("{outlet}; grade {grade}", lang, outlet=r.outlet, grade=r.grade)) for name, r in zip(names, before.itertuples())]
    verdict = classify(claimed, 1, lower_bound=True, at_least=[int(v) for v in before["value_int"]])
    last = before.iloc[-1]
    message = (
        N_("Consistent: the latest figure before the report is {value} children found through the DNA system by {date} ({outlet}), above the {bound} bound.")
        if verdict == CONSISTENT else
        N_("Not consistent: the latest figure before the report is {value} children found through the DNA system by {date} ({outlet}), below the {bound} bound.")
    )
    finding = t(message, lang, value=format_value(last["value_int"], "persons", lang), date=last["period_end"], outlet=last["outlet"],
                bound=format_value(claimed, "persons", lang))
    return Check("NEWS003", verdict, finding, _numbers(rows), [t("Found, identified and reunited are counted alike here; the series is cumulative since 2009.", lang)])


def not_checkable(figure_id: str, why: str) -> Check:
    """A cited figure for which this project holds no primary data."""
    return Check(figure_id, NOT_CHECKABLE, why)


def check_all(cited: pd.DataFrame, tables: dict[str, pd.DataFrame], lang: str = "en") -> list[Check]:
    """Run the check named in each cited figure's ``recompute`` column (in figure order).

    Args:
        cited: the ``cited_figures`` table.
        tables: published tables by name (population_by_age_sex, reported_figures,
            crime_cases_registered, glotip).
        lang: "en" or "zh", the language of findings, labels and assumptions.
    """
    methods = {
        "surplus_of_men_20_40_2020": lambda r: check_surplus_20_40(tables["population_by_age_sex"], tables["reported_figures"], r["value"], lang),
        "trafficking_women_cases_2019": lambda r: check_trafficking_women_2019(tables["crime_cases_registered"], tables["glotip"], r["value"], lang),
        "dna_database_children_since_2009": lambda r: check_dna_children(tables["reported_figures"], r["published_date"], r["value"], lang),
    }
    out = []
    for _, row in cited.sort_values("figure_id").iterrows():
        method = row["recompute"] if isinstance(row["recompute"], str) else None
        if method in methods:
            try:
                out.append(methods[method](row))
            except KeyError as missing:  # a table this check needs is not available right now
                out.append(not_checkable(row["figure_id"], t("The published table {table} needed for this check is unavailable; rebuild the data (make data).", lang, table=missing)))
        else:
            out.append(not_checkable(row["figure_id"], t("No primary table for this figure is held here.", lang)))
    return out


def numbers_for_display(check: Check, lang: str = "en") -> pd.DataFrame:
    """The numbers behind a verdict with each value formatted for its own unit (missing -> "not
    published" / "未公布"), the unit in words, and headers in ``lang``."""
    from dashboard.formatting import display_unit
    from dashboard.i18n import column_labels, unit_label

    shown = check.numbers.copy()
    shown["value"] = [format_value(v, display_unit(u), lang=lang) for v, u in zip(shown["value"], shown["unit"])]
    shown["unit"] = [unit_label(u, lang) for u in shown["unit"]]
    return shown.rename(columns=column_labels(shown.columns, {}, lang))
