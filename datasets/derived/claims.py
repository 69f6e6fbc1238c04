"""Checks of printed figures: each figure the March 2022 news report cites is re-computed from the
primary table, and every repeated claim of the curated library is run through the definition
finder (:mod:`datasets.derived.finder`). The build publishes the verdicts as ``claim_checks`` and
the numbers behind each verdict as ``claim_check_numbers``.

Results are numbers and ids, not prose: a check gives a verdict id, a finding id, the numbers
behind it (each with a ``role`` id and the fields its label needs) and its assumptions (English
sentences, each a message the dashboard translates). The pages write the sentences.

Verdicts (ids; the dashboard shows them in the reader's language):
    reproduced                        the primary table gives the printed number (at the precision printed)
    reproduced under another definition  a different but stated definition gives it
    consistent                        not reproducible exactly, but the data agree within a stated tolerance
                                      or satisfy a "more than" bound
    different measure                 the primary data count something else; the numbers cannot be compared
    not reproduced                    the definitions computed give a different number
    not checkable with the data held  no primary data for this figure here
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from datasets.derived import trafficking
from datasets.derived.population import CENSUS_2020, COMMUNIQUE, surplus_in_range

REPRODUCED = "reproduced"
REPRODUCED_OTHER_DEFINITION = "reproduced under another definition"
CONSISTENT = "consistent"
DIFFERENT_MEASURE = "different measure"
NOT_REPRODUCED = "not reproduced"
NOT_CHECKABLE = "not checkable with the data held"
VERDICTS = [REPRODUCED, REPRODUCED_OTHER_DEFINITION, CONSISTENT, DIFFERENT_MEASURE, NOT_REPRODUCED, NOT_CHECKABLE]

#: Relative difference within which an estimate under stated assumptions counts as consistent.
CONSISTENT_TOLERANCE = 0.01

#: Columns of the numbers behind a verdict: what each number is (role and the fields its label
#: needs), its value and unit, and its source.
NUMBER_COLUMNS = ["role", "table", "kind", "year", "year_to", "geography_code", "geography", "geography_zh", "age_from", "age_to", "basis",
                  "figure_id", "value", "unit", "sex_ratio", "admits", "same_definition", "source_id"]


def N_(text: str) -> str:
    """Mark ``text`` as a message the dashboard translates (returned unchanged)."""
    return text


@dataclass
class Check:
    """The result of checking one printed figure.

    Attributes:
        claim_id: the figure's id (``NEWS001`` ...).
        verdict: one of :data:`VERDICTS`.
        finding: the id of the sentence that explains the verdict (the dashboard writes it).
        numbers: the numbers behind the verdict, columns :data:`NUMBER_COLUMNS`.
        assumptions: English sentences (messages the dashboard translates).
        best: the definition that comes closest (``role``, ``value``, ``difference`` and the
            fields of :data:`NUMBER_COLUMNS`), or empty when nothing was computed.
    """

    claim_id: str
    verdict: str
    finding: str
    numbers: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=NUMBER_COLUMNS))
    assumptions: list[str] = field(default_factory=list)
    best: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.verdict not in VERDICTS:
            raise ValueError(f"unknown verdict {self.verdict!r}")


def rounds_to(value: float, claimed: float, unit_of_print: float) -> bool:
    """True when ``value`` rounds half up to ``claimed`` at the precision the claim was printed
    with: ``claimed - unit/2 <= value < claimed + unit/2``.

    Example: 17.52 million (unit 10,000) takes 17,515,000 to 17,524,999, not 17,525,000.
    """
    return claimed - unit_of_print / 2 <= value < claimed + unit_of_print / 2


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


def _numbers(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame([{c: r.get(c) for c in NUMBER_COLUMNS} for r in rows], columns=NUMBER_COLUMNS)
    for col in ("year", "year_to", "age_from", "age_to"):
        frame[col] = frame[col].astype("Int64")
    for col in ("value", "sex_ratio"):
        frame[col] = frame[col].astype(float)
    for col in ("admits", "same_definition"):
        frame[col] = frame[col].astype("boolean")
    for col in ("role", "table", "kind", "geography_code", "geography", "geography_zh", "basis", "figure_id", "unit", "source_id"):
        frame[col] = frame[col].astype("str")
    return frame


def check_surplus_20_40(wide_2020: pd.DataFrame, servicemen: pd.DataFrame, reported: pd.DataFrame, claimed: float = 17_520_000,
                        claim_id: str = "NEWS001") -> Check:
    """17.52 million more men than women aged 20-40 (2020 census) against the yearbook tables.

    The 2020 tables come in 5-year groups and exclude the servicemen, so "20-40" cannot be
    computed exactly. Computed: 20-39 and 20-44 (and two more bands), the men and women implied
    by the published pair (gap, sex ratio 108.9 from the NBS spokesperson's statement), and an
    estimate of ages 20-40 inclusive with the servicemen, under stated assumptions.

    Args:
        wide_2020: ``sex_ratio_by_age`` rows of the 2020 census, China, as published.
        servicemen: the ``census_2020_servicemen`` table.
        reported: the ``reported_figures`` table (for the printed sex ratio 108.9).
        claimed: the figure as a number (persons); claim_id: its id in ``cited_figures``.
    """
    bands = [(20, 40), (20, 45), (15, 40), (25, 45)]
    results = {k: surplus_in_range(wide_2020, *k) for k in bands}
    ratio_row = reported[reported["measure"] == "sex_ratio_age_20_40"]
    claimed_ratio = float(ratio_row["value"].iloc[0]) if not ratio_row.empty else None
    gap = servicemen.set_index("sex")["servicemen"]
    g40 = wide_2020.set_index("age_start").loc[40]
    men40, women40 = int(g40["male"]) / 5, int(g40["female"]) / 5
    r2039 = results[(20, 40)]
    est_men = r2039["men"] + men40 + int(gap["male"])
    est_women = r2039["women"] + women40 + int(gap["female"])
    estimate = est_men - est_women
    table = {"table": "sex_ratio_by_age", "basis": "table", "kind": "census_count", "year": 2020, "geography_code": "CHN", "geography": "China",
             "geography_zh": "中国", "source_id": CENSUS_2020}
    rows = [table | {"role": "surplus_band", "age_from": a, "age_to": b - 1, "value": results[(a, b)]["surplus_of_men"], "unit": "persons",
                     "sex_ratio": results[(a, b)]["sex_ratio"]} for a, b in bands]
    if claimed_ratio:
        implied_women = claimed / (claimed_ratio / 100 - 1)
        rows += [
            {"role": "implied_men", "table": "reported_figures", "basis": "reported", "value": round(implied_women + claimed), "unit": "persons",
             "sex_ratio": claimed_ratio, "source_id": COMMUNIQUE},
            {"role": "implied_women", "table": "reported_figures", "basis": "reported", "value": round(implied_women), "unit": "persons",
             "sex_ratio": claimed_ratio, "source_id": COMMUNIQUE},
        ]
    rows += [
        {"role": "servicemen_men", "table": "census_2020_servicemen", "basis": "communique", "value": int(gap["male"]), "unit": "persons", "source_id": COMMUNIQUE},
        {"role": "servicemen_women", "table": "census_2020_servicemen", "basis": "communique", "value": int(gap["female"]), "unit": "persons", "source_id": COMMUNIQUE},
        table | {"role": "estimate_20_40", "basis": "estimate", "age_from": 20, "age_to": 40, "value": round(estimate), "unit": "persons",
                 "sex_ratio": round(100 * est_men / est_women, 2)},
    ]
    closest = min(bands, key=lambda k: abs(results[k]["surplus_of_men"] - claimed))
    verdict = classify(claimed, 10_000, other_definitions=[r["surplus_of_men"] for r in results.values()], estimate=estimate)
    assumptions = [
        N_("The band 20-40 includes both ages 20 and 40."),
        N_("The single age 40 holds one fifth of the 40-44 group (the 2020 single-year table is not held)."),
        N_("All active-duty servicemen are counted and aged 20-40 (communique basis)."),
        N_("Consistent means within 1% of the cited figure."),
    ]
    numbers = _numbers(rows)
    best = numbers.iloc[bands.index(closest)].to_dict() | {"difference": results[closest]["surplus_of_men"] - claimed}
    return Check(claim_id, verdict, "surplus_20_40", numbers, assumptions, best)


def check_trafficking_women_2019(cases: pd.DataFrame, glotip: pd.DataFrame, claimed: float = 320, claim_id: str = "NEWS002") -> Check:
    """320 cases of trafficking of women in 2019 (a 2019 white paper) against the registered cases.

    Args:
        cases: the ``registered_cases`` table.
        glotip: the ``glotip`` table.
    """
    nbs = cases.set_index("year").loc[2019]
    unodc = trafficking.glotip_series(glotip, ["CHN"], "Offences of trafficking in persons").set_index("year")
    rows = [
        {"role": "registered_cases", "table": "registered_cases", "basis": "table", "year": 2019, "geography_code": "CHN", "value": int(nbs["value"]),
         "unit": "cases", "source_id": nbs["source_id"]},
        {"role": "unodc_offences", "table": "glotip", "basis": "table", "year": 2019, "geography_code": "CHN",
         "value": unodc.loc[2019, "value"] if 2019 in unodc.index else None, "unit": "count", "source_id": "unodc_glotip_2025-04-14"},
    ]
    numbers = _numbers(rows)
    best = numbers.iloc[0].to_dict() | {"difference": int(nbs["value"]) - claimed}
    return Check(claim_id, DIFFERENT_MEASURE, "women_cases_2019", numbers,
                 [N_("Registered (立案) and uncovered cases are different stages of police work.")], best)


def check_dna_children(reported: pd.DataFrame, report_date: dt.date | str = "2022-03-05", claimed: float = 10_000, claim_id: str = "NEWS003") -> Check:
    """More than 10,000 children since 2009 through the DNA database, against the reported series
    of figures published before the report."""
    series = trafficking.reported_series(reported, trafficking.DNA_DATABASE)
    before = series[series["date"] <= pd.Timestamp(report_date)]
    rows = [{"role": "reported_figure", "table": "reported_figures", "basis": "reported", "figure_id": r.figure_id, "value": int(r.value_int),
             "unit": "persons", "source_id": r.source_id} for r in before.itertuples()]
    verdict = classify(claimed, 1, lower_bound=True, at_least=[int(v) for v in before["value_int"]])
    numbers = _numbers(rows)
    best = numbers.iloc[-1].to_dict() | {"difference": int(before["value_int"].iloc[-1]) - claimed}
    finding = "dna_consistent" if verdict == CONSISTENT else "dna_not_consistent"
    return Check(claim_id, verdict, finding, numbers,
                 [N_("Found, identified and reunited are counted alike here; the series is cumulative since 2009.")], best)


class MissingTable(KeyError):
    """A published table a check needs is not among the tables given (the message names it)."""


@dataclass(frozen=True)
class CitedCheck:
    """A check of the cited figures whose ``recompute`` column names ``method``.

    Attributes:
        method: the value of ``cited_figures.recompute`` it answers.
        needs: the published tables it reads.
        cited_as: how the figure is filed in ``claim_checks``: (measure, year, age_from, age_to, kind).
        run: ``run(row, tables) -> Check``; ``row`` is the ``cited_figures`` row (its id, value and
            date are taken from there), ``tables`` holds at least ``needs``.
    """

    method: str
    needs: tuple[str, ...]
    cited_as: tuple
    run: Callable[[pd.Series, dict[str, pd.DataFrame]], Check]


#: Every registered check of a cited figure, by method (see :func:`cited_check`).
CITED_CHECKS: dict[str, CitedCheck] = {}


def cited_check(method: str, *, needs: tuple[str, ...], cited_as: tuple):
    """Register the decorated ``run(row, tables) -> Check`` as the check of the cited figures whose
    ``recompute`` column is ``method``. Adding a check of a new cited figure is this decorator on one
    function and the method name in ``datasets/curated/cited_figures.csv``."""

    def register(run: Callable[[pd.Series, dict[str, pd.DataFrame]], Check]):
        if method in CITED_CHECKS:
            raise ValueError(f"two checks registered for the method {method!r}")
        CITED_CHECKS[method] = CitedCheck(method, needs, cited_as, run)
        return run

    return register


@cited_check("surplus_of_men_20_40_2020", needs=("sex_ratio_by_age", "census_2020_servicemen", "reported_figures"),
             cited_as=("surplus_of_men", 2020, 20, 40, "census_count"))
def _surplus_of_men_20_40_2020(row: pd.Series, tables: dict[str, pd.DataFrame]) -> Check:
    ages = tables["sex_ratio_by_age"]
    wide = ages[(ages["source_id"] == CENSUS_2020) & (ages["geography_code"] == "CHN") & (ages["grouping"] == "as_published")]
    return check_surplus_20_40(wide.reset_index(drop=True), tables["census_2020_servicemen"], tables["reported_figures"], row["value"], row["figure_id"])


@cited_check("trafficking_women_cases_2019", needs=("registered_cases", "glotip"), cited_as=("registered_cases", 2019, None, None, None))
def _trafficking_women_cases_2019(row: pd.Series, tables: dict[str, pd.DataFrame]) -> Check:
    return check_trafficking_women_2019(tables["registered_cases"], tables["glotip"], row["value"], row["figure_id"])


@cited_check("dna_database_children_since_2009", needs=("reported_figures",), cited_as=("persons_rescued_or_found", None, None, None, None))
def _dna_database_children_since_2009(row: pd.Series, tables: dict[str, pd.DataFrame]) -> Check:
    return check_dna_children(tables["reported_figures"], row["published_date"], row["value"], row["figure_id"])


def check_cited(row: pd.Series, tables: dict[str, pd.DataFrame]) -> Check:
    """Run the registered check (:data:`CITED_CHECKS`) named in a cited figure's ``recompute`` column.

    Args:
        row: one row of the ``cited_figures`` table.
        tables: published tables by name; the check's tables (``needs``) must be there.

    Returns:
        The check; a figure with no method is "not checkable with the data held".

    Raises:
        MissingTable: a table the check needs is not in ``tables`` (the message names it and the figure).
        ValueError: the ``recompute`` column names a method no check is registered for.
        Any error of the check itself propagates (the build reports it; it is not a missing table).
    """
    method = row["recompute"] if isinstance(row["recompute"], str) and row["recompute"] else None
    if method is None:
        return Check(row["figure_id"], NOT_CHECKABLE, "no_primary_table")
    if method not in CITED_CHECKS:
        raise ValueError(f"{row['figure_id']}: no check is registered for recompute={method!r} (registered: {sorted(CITED_CHECKS)})")
    check = CITED_CHECKS[method]
    missing = [name for name in check.needs if name not in tables]
    if missing:
        raise MissingTable(f"the published table {missing[0]!r} needed to check {row['figure_id']} is not available")
    return check.run(row, tables)


# --------------------------------------------------------------------------- the published tables

#: How many ranked definitions of a repeated claim are published in ``claim_check_numbers``: the
#: printed definition and its near variants (at most one step away), or where there is none the 3
#: definitions fewest steps away (not the 3 numbers that merely lie nearest).
CANDIDATES_PUBLISHED = 10


def _printed(text: str, value: float | None = None, lower_bound: bool = False):
    """The parsed print, or None where the text is not a number (e.g. "eight", "year-long")."""
    from datasets.derived.printed_number import PrintedNumberError, parse_printed_number

    try:
        printed = parse_printed_number(text)
    except PrintedNumberError:
        return None
    if value is not None and printed.value != value:
        raise ValueError(f"{text!r} parses as {printed.value:,} but the curated value is {value:,}")
    if lower_bound and printed.bound != "at_least":
        raise ValueError(f"{text!r} is recorded as a lower bound ('more than') but does not print one")
    return printed


def _best_fields(best: dict, printed_value: float | None) -> dict:
    if not best:
        return {k: None for k in ("best_role", "best_source_id", "best_table", "best_year", "best_geography_code", "best_age_from",
                                  "best_age_to", "best_value", "difference", "difference_pct")}
    value = best.get("value")
    diff = best.get("difference")
    pct = None if diff is None or pd.isna(diff) or not printed_value else round(100 * float(diff) / printed_value, 3)
    return {
        "best_role": best.get("role", "candidate"), "best_source_id": best.get("source_id"), "best_table": best.get("table"),
        "best_year": best.get("year"), "best_geography_code": best.get("geography_code"), "best_age_from": best.get("age_from"),
        "best_age_to": best.get("age_to"), "best_value": None if value is None or pd.isna(value) else float(value),
        "difference": None if diff is None or pd.isna(diff) else float(diff), "difference_pct": pct,
    }


def _parsed_fields(printed) -> dict:
    if printed is None:
        return {"precision": None, "bound": None, "low": None, "high": None}
    return {"precision": printed.precision, "bound": printed.bound, "low": printed.low, "high": printed.high}


#: What the finder searches for each cited figure's check: (measure, year, first age, last age, kind of source).
def _cited_row(row: pd.Series, check: Check) -> dict:
    printed = _printed(row["locator"], row["value"], bool(row["lower_bound"]))
    registered = CITED_CHECKS.get(row["recompute"])
    measure, year, age_from, age_to, kind = registered.cited_as if registered else (None, None, None, None, None)
    return {
        "claim_id": row["figure_id"], "origin": "news_report", "topic": "news_report", "claim": row["claim"], "claim_zh": row["claim_zh"],
        "outlet": row["outlet"], "outlet_zh": row["outlet_zh"], "attributed_to": row["attributed_to"],
        "published_date": row["published_date"], "published_date_precision": "day", "published_date_as_printed": row["published_date"].isoformat(),
        "url": row["url"], "grade": "secondary_only", "number_as_printed": row["locator"], "measure": measure or "other", "checked_as": measure,
        "year": year, "year_to": None, "geography_code": "CHN", "age_from": age_from, "age_to": age_to, "kind": kind,
        "value": float(row["value"]), **_parsed_fields(printed), "verdict": check.verdict, "finding": check.finding,
        **_best_fields(check.best, float(row["value"])), "assumptions": " | ".join(check.assumptions) or None,
        "chart_page": row["chart_page"], "chart_anchor": row["chart_anchor"], "source_id": row["source_id"],
    }


def _int(value) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def check_tier(row: pd.Series, tiers: pd.DataFrame) -> Check:
    """A TIP tier as printed ("Tier 3") against China's tier in the report of that year (``tip_tiers``)."""
    held = tiers[(tiers["country"] == "China") & (tiers["report_year"] == _int(row["year"]))]
    if held.empty or held["tier"].isna().all():
        return Check(row["claim_id"], NOT_CHECKABLE, "no_primary_table")
    tier = held.iloc[0]
    rows = [{"role": "tip_tier", "table": "tip_tiers", "basis": str(tier["tier"]), "kind": "reported", "year": int(tier["report_year"]),
             "geography_code": "CHN", "geography": "China", "geography_zh": "中国", "value": float(tier["tier_order"]), "unit": "tier",
             "admits": tier["tier"] == row["number_as_printed"], "same_definition": True, "source_id": tier["source_id"]}]
    numbers = _numbers(rows)
    verdict = REPRODUCED if tier["tier"] == row["number_as_printed"] else NOT_REPRODUCED
    return Check(row["claim_id"], verdict, "tip_tier", numbers, [], numbers.iloc[0].to_dict() | {"difference": None})


def check_repeated(row: pd.Series, tables: dict[str, pd.DataFrame]) -> tuple[dict, Check]:
    """Run a repeated claim (a row of ``repeated_claims``) through the definition finder.

    The claim is searched as the measure in its ``checked_as`` column; where that differs from
    what it claims (``measure``: a projection of bachelors against a census surplus), the verdict
    is "different measure" and the closest definitions are shown for context. A claim with no
    ``checked_as`` is "not checkable with the data held".

    Returns:
        (the claim_checks row without its source ids, the check with the top definitions).
    """
    from datasets.derived.finder import find_definitions

    checked_as = row["checked_as"] if isinstance(row["checked_as"], str) and row["checked_as"] else None
    printed = None if checked_as == "tip_tier" else _printed(row["number_as_printed"])
    ask = {"year": _int(row["year"]), "year_to": _int(row["year_to"]), "place": row["geography_code"] if isinstance(row["geography_code"], str) else None,
           "age_from": _int(row["age_from"]), "age_to": _int(row["age_to"]), "kind": row["kind"] if isinstance(row["kind"], str) else None}
    if checked_as == "tip_tier":
        check = check_tier(row, tables["tip_tiers"])
    elif checked_as is None or printed is None:
        check = Check(row["claim_id"], NOT_CHECKABLE, "no_primary_table")
    else:
        found = find_definitions(printed, checked_as, tables, limit=CANDIDATES_PUBLISHED, exclude_url=row["url"], **ask)
        ranked = found.candidates
        near = ranked[ranked["steps"] <= 1].head(CANDIDATES_PUBLISHED)
        top = (near if len(near) else ranked.head(3)).assign(role="candidate")
        numbers = _numbers(top.to_dict("records"))
        if checked_as != row["measure"]:
            verdict, finding = DIFFERENT_MEASURE, "different_measure"
        else:
            verdict, finding = found.verdict, "finder"
        best = top.iloc[0].to_dict() if len(top) else {}
        check = Check(row["claim_id"], verdict, finding, numbers, [N_("Ages as printed include both ends (20-40 is 20 to 40).")], best)
    out = {
        "claim_id": row["claim_id"], "origin": "repeated_claim", "topic": row["topic"], "claim": row["claim"], "claim_zh": row["claim_zh"],
        "outlet": row["outlet"], "outlet_zh": row["outlet_zh"], "attributed_to": row["attributed_to"],
        **{c: row[c] for c in ("published_date", "published_date_precision", "published_date_as_printed")},
        "url": row["url"], "grade": row["grade"], "number_as_printed": row["number_as_printed"], "measure": row["measure"], "checked_as": checked_as, "year": ask["year"],
        "year_to": ask["year_to"], "geography_code": ask["place"], "age_from": ask["age_from"], "age_to": ask["age_to"], "kind": ask["kind"],
        "value": None if printed is None else printed.value, **_parsed_fields(printed), "verdict": check.verdict, "finding": check.finding,
        **_best_fields(check.best, None if printed is None else printed.value), "assumptions": " | ".join(check.assumptions) or None,
        "chart_page": None, "chart_anchor": None, "source_id": row["source_id"],
    }
    return out, check


def claim_checks_tables(tables: dict[str, pd.DataFrame]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ``claim_checks`` and ``claim_check_numbers`` tables: one row per cited figure of the
    seed report (``cited_figures``, checked by :func:`check_cited`) and per repeated claim
    (``repeated_claims``, checked by :func:`check_repeated`), and the numbers behind each verdict.

    Raises:
        MissingTable: a table a check needs is missing. ValueError: a curated number does not parse
        as recorded, or a cited figure names a method no check is registered for.
    """
    rows, numbers = [], []
    for _, row in tables["cited_figures"].sort_values("figure_id").iterrows():
        check = check_cited(row, tables)
        rows.append(_cited_row(row, check))
        numbers.append(check.numbers.assign(claim_id=check.claim_id))
    if "repeated_claims" in tables:
        for _, row in tables["repeated_claims"].sort_values("claim_id").iterrows():
            out, check = check_repeated(row, tables)
            rows.append(out)
            numbers.append(check.numbers.assign(claim_id=check.claim_id))
    for out, nums in zip(rows, numbers):
        out["source_ids"] = ";".join(dict.fromkeys([out["source_id"], *nums["source_id"].dropna().astype(str)]))
    checks = pd.DataFrame(rows)
    for col in ("year", "year_to", "age_from", "age_to", "best_year", "best_age_from", "best_age_to"):
        checks[col] = pd.array([_int(v) for v in checks[col]], dtype="Int64")
    for col in ("value", "precision", "low", "high", "best_value", "difference", "difference_pct"):
        checks[col] = checks[col].astype(float)
    text = [c for c in checks.columns if c not in ("year", "year_to", "age_from", "age_to", "best_year", "best_age_from", "best_age_to", "value", "precision",
                                                  "low", "high", "best_value", "difference", "difference_pct", "published_date")]
    checks["published_date"] = checks["published_date"].astype(object).where(checks["published_date"].notna(), None)
    for col in text:
        checks[col] = checks[col].astype("str")
    from datasets.derived.schemas import CLAIM_CHECK_NUMBERS, CLAIM_CHECKS

    numbers_frame = pd.concat([n.assign(position=range(len(n))) for n in numbers if len(n)], ignore_index=True)
    numbers_frame["position"] = numbers_frame["position"].astype("Int64")
    return checks[list(CLAIM_CHECKS.columns)], numbers_frame[list(CLAIM_CHECK_NUMBERS.columns)]


def printed_values(repeated: pd.DataFrame, measure: str, place: str = "CHN") -> pd.DataFrame:
    """Official figures of one measure as named outlets printed them (``repeated_claims`` rows
    checked as ``measure``, graded an agency's own release or an agency figure in a named outlet;
    copies on mirror sites left out), one row per year and value (the earliest print).

    Returns:
        Columns year (Int64), value (float, as parsed from the print), number_as_printed,
        outlet, outlet_zh, published_date, url, grade, claim_id, source_id; by year. Conflicting values of
        the same year are all kept (each with its outlet).
    """
    from datasets.derived.printed_number import parse_printed_number

    rows = repeated[(repeated["checked_as"] == measure) & (repeated["geography_code"] == place)
                    & repeated["grade"].isin(["official_release", "agency_figure_named_outlet"]) & repeated["year"].notna()].copy()
    rows["value"] = [parse_printed_number(t).value for t in rows["number_as_printed"]]
    rows = rows.sort_values(["year", "value", "published_date"], na_position="last").drop_duplicates(["year", "value"])
    return rows[["year", "value", "number_as_printed", "outlet", "outlet_zh", "published_date", "url", "grade", "claim_id", "source_id"]].reset_index(drop=True)


def select_checks(checks: pd.DataFrame, topics: list[str] = (), verdicts: list[str] = ()) -> pd.DataFrame:
    """The rows of ``claim_checks`` on any of ``topics`` with any of ``verdicts``; an empty list
    selects every value of its column.

    Args:
        checks: rows of ``claim_checks`` (columns ``topic`` and ``verdict``, str).
        topics, verdicts: the topic ids and verdict ids asked for.

    Returns:
        The matching rows, in their order, with all columns.
    """
    keep = pd.Series(True, index=checks.index)
    if topics:
        keep &= checks["topic"].isin(list(topics))
    if verdicts:
        keep &= checks["verdict"].isin(list(verdicts))
    return checks[keep]
