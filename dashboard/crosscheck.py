"""Re-compute each figure the news report cites from the primary tables, and give a verdict.

Pure functions over published frames (no streamlit, no file access). Each check returns a
:class:`Check`: the verdict, a one-line finding, the numbers behind it (a DataFrame with label,
value, unit, source_id, note) and the assumptions it rests on.

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

REPRODUCED = "reproduced"
REPRODUCED_OTHER_DEFINITION = "reproduced under another definition"
CONSISTENT = "consistent"
DIFFERENT_MEASURE = "different measure"
NOT_REPRODUCED = "not reproduced"
NOT_CHECKABLE = "not checkable with the data held"
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


def check_surplus_20_40(pop: pd.DataFrame, reported: pd.DataFrame, claimed: float = 17_520_000) -> Check:
    """17.52 million more men than women aged 20-40 (2020 census) against the yearbook tables.

    The 2020 tables come in 5-year groups and exclude the servicemen, so "20-40" cannot be
    computed exactly. Computed: 20-39 and 20-44 (and two more bands), the men and women implied
    by the published pair (gap, sex ratio 108.9 from the NBS spokesperson's statement), and an
    estimate of ages 20-40 inclusive with the servicemen, under stated assumptions.
    """
    wide = analysis.by_sex_wide(analysis.select_dataset(pop, "nbs_census2020_yb_t1_5", 2020))
    bands = {(20, 40): "ages 20-39", (20, 45): "ages 20-44", (15, 40): "ages 15-39", (25, 45): "ages 25-44"}
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
    rows = [(f"surplus of men, {label} (2020 census tables)", results[k]["surplus_of_men"], "persons", "nbs_census2020_yb_t1_5",
             f"sex ratio {results[k]['sex_ratio']:.2f}") for k, label in bands.items()]
    if claimed_ratio:
        implied_women = claimed / (claimed_ratio / 100 - 1)
        rows += [
            ("men implied by 17.52 million and ratio 108.9", round(implied_women + claimed), "persons", "nbs_press_conference_2021_05_17_reports", "solving gap = men - women, ratio = 100 men / women"),
            ("women implied by 17.52 million and ratio 108.9", round(implied_women), "persons", "nbs_press_conference_2021_05_17_reports", ""),
        ]
    rows += [
        ("servicemen left out of the tables: men", gap["male"], "persons", "nbs_press_conference_2021_05_17_reports", "communique total minus table total"),
        ("servicemen left out of the tables: women", gap["female"], "persons", "nbs_press_conference_2021_05_17_reports", "communique total minus table total"),
        ("estimate: ages 20-40 inclusive, servicemen counted", round(estimate), "persons", "nbs_census2020_yb_t1_5", f"sex ratio {100 * est_men / est_women:.2f}"),
    ]
    closest = min(results.values(), key=lambda r: abs(r["surplus_of_men"] - claimed))
    verdict = classify(claimed, 10_000, other_definitions=[r["surplus_of_men"] for r in results.values()], estimate=estimate)
    finding = (
        f"The 5-year tables cannot reproduce ages 20-40 exactly. Closest definition: {closest['label']}, "
        f"{closest['surplus_of_men']:,} ({closest['surplus_of_men'] - claimed:+,.0f}). Ages 20-40 inclusive with the servicemen, "
        f"estimated under the assumptions below, give {estimate:,.0f} (sex ratio {100 * est_men / est_women:.2f} against 108.9)."
    )
    assumptions = [
        "The band 20-40 includes both ages 20 and 40.",
        "The single age 40 holds one fifth of the 40-44 group (the 2020 single-year table is not held).",
        "All active-duty servicemen are counted and aged 20-40 (communique basis).",
        f"Consistent means within {CONSISTENT_TOLERANCE:.0%} of the cited figure.",
    ]
    return Check("NEWS001", verdict, finding, _numbers(rows), assumptions)


def check_trafficking_women_2019(crime: pd.DataFrame, glotip: pd.DataFrame, claimed: float = 320) -> Check:
    """320 cases of trafficking of women in 2019 (a 2019 white paper) against the registered cases."""
    cases = trafficking.registered_cases(crime).set_index("year")
    nbs = int(cases.loc[2019, "value"])
    unodc = trafficking.glotip_series(glotip, ["CHN"], "Offences of trafficking in persons").set_index("year")
    unodc_2019 = unodc.loc[2019, "value"] if 2019 in unodc.index else pd.NA
    rows = [
        ("cases of abducting and trafficking women AND children registered by police, 2019", nbs, "cases", "nbs_csy_via_mybox_fe485f3", "Criminal Law art. 240; women and children together"),
        ("offences of trafficking in persons reported to UNODC, 2019", unodc_2019, "count", "unodc_glotip_2025-04-14", "equals the yearbook count"),
    ]
    finding = (
        f"Different measure: the yearbook counts {nbs:,} registered cases of trafficking of women and children together in 2019 "
        "(UNODC's offences are the same number); the 320 counts cases of trafficking of women only, as 'uncovered' by police, "
        "and no primary table held here splits cases by the victim's sex. The white paper's passage could not be read."
    )
    return Check("NEWS002", DIFFERENT_MEASURE, finding, _numbers(rows), ["Registered (立案) and uncovered cases are different stages of police work."])


def check_dna_children(reported: pd.DataFrame, report_date: str = "2022-03-05", claimed: float = 10_000) -> Check:
    """More than 10,000 children since 2009 through the DNA database, against the reported series."""
    series = trafficking.reported_series(reported, trafficking.DNA_DATABASE)
    before = series[series["date"] <= pd.Timestamp(report_date)]
    rows = [(f"{r.measure.replace('_', ' ')}, to {r.period_end}", int(r.value_int), "persons", r.source_id, f"{r.outlet}; grade {r.grade}") for r in before.itertuples()]
    verdict = classify(claimed, 1, lower_bound=True, at_least=[int(v) for v in before["value_int"]])
    last = before.iloc[-1]
    finding = (
        f"{'Consistent' if verdict == CONSISTENT else 'Not consistent'}: the latest figure before the report is {int(last['value_int']):,} "
        f"children found through the DNA system by {last['period_end']} ({last['outlet']}), above the 10,000 bound."
    )
    return Check("NEWS003", verdict, finding, _numbers(rows), ["Found, identified and reunited are counted alike here; the series is cumulative since 2009."])


def not_checkable(figure_id: str, why: str) -> Check:
    """A cited figure for which this project holds no primary data."""
    return Check(figure_id, NOT_CHECKABLE, why)


def check_all(cited: pd.DataFrame, tables: dict[str, pd.DataFrame]) -> list[Check]:
    """Run the check named in each cited figure's ``recompute`` column (in figure order).

    Args:
        cited: the ``cited_figures`` table.
        tables: published tables by name (population_by_age_sex, reported_figures,
            crime_cases_registered, glotip).
    """
    methods = {
        "surplus_of_men_20_40_2020": lambda r: check_surplus_20_40(tables["population_by_age_sex"], tables["reported_figures"], r["value"]),
        "trafficking_women_cases_2019": lambda r: check_trafficking_women_2019(tables["crime_cases_registered"], tables["glotip"], r["value"]),
        "dna_database_children_since_2009": lambda r: check_dna_children(tables["reported_figures"], r["published_date"], r["value"]),
    }
    out = []
    for _, row in cited.sort_values("figure_id").iterrows():
        method = row["recompute"] if isinstance(row["recompute"], str) else None
        if method in methods:
            try:
                out.append(methods[method](row))
            except KeyError as missing:  # a table this check needs is not available right now
                out.append(not_checkable(row["figure_id"], f"The published table {missing} needed for this check is unavailable; rebuild the data (make data)."))
        else:
            out.append(not_checkable(row["figure_id"], "No primary table for this figure is held here."))
    return out


def numbers_for_display(check: Check, lang: str = "en") -> pd.DataFrame:
    """The numbers behind a verdict with each value formatted for its own unit (missing -> "not published")."""
    from dashboard.formatting import display_unit, format_value

    shown = check.numbers.copy()
    shown["value"] = [format_value(v, display_unit(u), lang=lang) for v, u in zip(shown["value"], shown["unit"])]
    return shown
