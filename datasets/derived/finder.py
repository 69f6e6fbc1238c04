"""The definition finder: which published table, year, place and age range give a printed figure.

Given a number as printed (:class:`datasets.derived.printed_number.PrintedNumber`), what it
counts (a measure of :data:`MEASURES`) and, optionally, the year, place and ages the print
states, :func:`find_definitions` computes the measure under every definition the published
tables allow and ranks them:

- every source, geography and year held (census counts, UN estimates and projections, said which);
- every age band on each table's own grid (5-year groups; single years where the table has
  them), the whole population included, as cumulative sums over age (one vectorised pass a table);
- for 2020, the census communique's totals with the servicemen beside the tables without them;
- for counts, each series and count type held (never summed across types);
- for a change in per cent, every pair of years of the series.

How far a definition is from the printed one is counted attribute by attribute (:func:`distance`):
0 is the printed definition itself; 1 is "another definition" of it (a year away, another kind of
source, one end of the age band moved by up to 5 years, census births of one area or birth order,
an official figure as reported); 2 or more is a number that merely lies near. Where the print states no
place, China is its place; where it states no ages, the whole population. Ranking: definitions
within the printed range (bound respected) at most one step away first, then all others by their
distance from the printed definition, each nearest first.

Verdicts (ids of :mod:`datasets.derived.claims`): "reproduced" (the printed definition gives the
number at the printed precision), "reproduced under another definition" (one step away),
"consistent" (the printed definition within 1%, 0.5 for a ratio, 1 point for a change, but not at
the printed precision), "not reproduced" (the printed definition gives another number), "not
checkable with the data held" (the printed definition is not in the tables held, e.g. a single
age on a 5-year table or a year not published, and no near definition gives the number).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from datasets.dates import year_of
from datasets.derived import marriage, trafficking
from datasets.derived.population import AS_PUBLISHED

#: Measure id -> its unit. The id is what a claim's ``measure`` holds; the dashboard names each
#: measure for the reader (``dashboard.claim_text.MEASURE_LABELS``).
MEASURES = {
    "surplus_of_men": "persons",  # surplus of men (men minus women)
    "sex_ratio": "males per 100 females",  # sex ratio (males per 100 females)
    "men": "persons",  # men
    "women": "persons",  # women
    "population": "persons",  # population
    "sex_ratio_at_birth": "males per 100 females",  # sex ratio at birth (boys per 100 girls)
    "registered_cases": "cases",  # registered cases of abducting and trafficking women and children
    "change_percent": "percent",  # change in per cent between two years (registered cases)
    "persons_rescued_or_found": "persons",  # children found / persons rescued
    "persons_convicted": "persons",  # persons convicted
    "detected_victims": "persons",  # detected victims of trafficking (UNODC)
    "share_never_married": "percent",  # per cent never married (census, by age and sex)
}
POPULATION_MEASURES = {"surplus_of_men": "surplus", "sex_ratio": "ratio", "men": "men", "women": "women", "population": "both"}
#: Source kinds a print may state (``kind`` argument): the estimate types of the population tables.
KINDS = ["census_count", "un_estimate", "un_projection"]
#: The printed definition within this difference, not at the printed precision, is "consistent":
#: 1% of the printed value for counts, 0.5 for ratios (males per 100 females), 1 point for a change in per cent.
CONSISTENT_TOLERANCE = 0.01
RATIO_TOLERANCE = 0.5
PERCENT_TOLERANCE = 1.0
CANDIDATE_COLUMNS = [
    "rank", "measure", "table", "source_id", "basis", "kind", "year", "year_to", "geography_code", "geography", "geography_zh",
    "age_from", "age_to", "age_label", "figure_id", "value", "unit", "sex_ratio", "variant", "admits", "steps", "same_definition",
    "difference", "difference_pct",
]
#: How far a candidate's own basis is from the headline definition: 0 the headline (a table's
#: total or band, the census communique), 1 a variant (census births of one area or birth order,
#: an official figure as reported), 2 another print of a count (a conflicting report, a stand-in).
HEADLINE, VARIANT, OTHER_PRINT = 0, 1, 2


class FinderError(ValueError):
    """A request the finder cannot answer: an unknown measure or a bad age range (``code`` says which)."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


def _unknown_measure(measure: str) -> FinderError:
    return FinderError("measure", f"unknown measure {measure!r}; one of {', '.join(MEASURES)}")


@dataclass
class Finding:
    """What :func:`find_definitions` found.

    Attributes:
        verdict: a verdict id (see the module docstring).
        candidates: the ranked definitions (columns :data:`CANDIDATE_COLUMNS`), at most ``limit``.
        total: how many definitions were computed in all.
        best: the first candidate as a dict, or None when there is none.
    """

    verdict: str
    candidates: pd.DataFrame
    total: int
    best: dict | None = field(default=None)


# --------------------------------------------------------------------------- candidate generators

def _geo_filter(frame: pd.DataFrame, place: str | None, column: str = "geography_code") -> pd.Series:
    """China and its provinces when no place is stated; else that place only."""
    codes = frame[column].astype(str)
    return codes.eq(place) if place else codes.eq("CHN") | codes.str.startswith("CN-")


def population_candidates(ages: pd.DataFrame, totals: pd.DataFrame, measure: str, place: str | None = None) -> pd.DataFrame:
    """Every age band of every population table (as published), and the 2020 communique totals.

    Args:
        ages: the ``sex_ratio_by_age`` table.
        totals: the ``population_totals`` table.
        measure: one of :data:`POPULATION_MEASURES`.
        place: a geography code, or None for China and its provinces.

    Returns:
        Candidate rows (columns of :data:`CANDIDATE_COLUMNS` but the ranking ones); a band covers
        whole age groups, ``age_to`` is its last age (missing when open-ended).
    """
    rows = ages[(ages["grouping"] == AS_PUBLISHED) & _geo_filter(ages, place)].sort_values(["source_id", "geography_code", "year", "age_start"])
    keys = ["source_id", "estimate_type", "geography_code", "geography", "geography_zh", "year"]
    starts = rows["age_start"].to_numpy(dtype=float)
    ends = rows["age_end"].to_numpy(dtype="float", na_value=np.nan)
    male, female = rows["male"].to_numpy(dtype=float), rows["female"].to_numpy(dtype=float)
    group = rows.groupby(keys, sort=False, observed=True).ngroup().to_numpy()
    bounds = np.flatnonzero(np.diff(np.concatenate([[-1], group, [-1]])))  # where each group starts (and the end)
    pieces = {"group": [], "age_from": [], "age_to": [], "men": [], "women": []}
    for lo, hi in zip(bounds[:-1], bounds[1:]):
        cum_m = np.concatenate([[0.0], np.cumsum(male[lo:hi])])
        cum_f = np.concatenate([[0.0], np.cumsum(female[lo:hi])])
        first, last = np.triu_indices(hi - lo + 1, 1)  # band = groups first .. last-1 of this table
        pieces["group"].append(np.full(len(first), lo))
        pieces["age_from"].append(starts[lo + first])
        pieces["age_to"].append(ends[lo + last - 1])
        pieces["men"].append(cum_m[last] - cum_m[first])
        pieces["women"].append(cum_f[last] - cum_f[first])
    joined = {k: np.concatenate(v) if v else np.array([]) for k, v in pieces.items()}
    first_rows = rows[keys].iloc[joined.pop("group").astype(int)].reset_index(drop=True) if len(joined["men"]) else rows[keys].iloc[0:0]
    bands = first_rows.assign(**joined)
    bands = bands.assign(table="sex_ratio_by_age", basis="table")
    communique = totals[(totals["basis"] == "communique") & _geo_filter(totals, place)]
    if not communique.empty:
        bands = pd.concat([bands, communique[keys].assign(
            age_from=0.0, age_to=np.nan, men=communique["male"].astype(float).to_numpy(), women=communique["female"].astype(float).to_numpy(),
            table="population_totals", basis="communique")], ignore_index=True)
    value = {"surplus": bands["men"] - bands["women"], "ratio": (100 * bands["men"] / bands["women"]).round(2),
             "men": bands["men"], "women": bands["women"], "both": bands["men"] + bands["women"]}[POPULATION_MEASURES[measure]]
    out = bands.assign(value=value, sex_ratio=(100 * bands["men"] / bands["women"]).round(2), kind=bands["estimate_type"],
                       unit=MEASURES[measure], variant=HEADLINE)
    return out.drop(columns=["men", "women", "estimate_type"])


def srb_candidates(srb: pd.DataFrame, census: pd.DataFrame, reported: pd.DataFrame, place: str | None = None,
                   exclude_url: str | None = None) -> pd.DataFrame:
    """Sex ratio at birth: UN WPP series (estimates and projections), the census long-form SRB of
    every area type and birth order (national and by province; not where the sample is small),
    and official figures as reported (``reported_figures`` measures naming the SRB)."""
    wpp = srb[(srb["series"] != "census") & _geo_filter(srb, place)]
    cols = ["table", "source_id", "basis", "kind", "year", "geography_code", "geography", "geography_zh", "value", "variant"]
    parts = [wpp.assign(table="sex_ratio_at_birth", basis=wpp["series"], kind=np.where(wpp["series"] == "estimate", "un_estimate", "un_projection"),
                        variant=HEADLINE)[cols]]
    births = census[_geo_filter(census, place) & ~census["small_sample"] & census["sex_ratio_at_birth"].notna()]
    basis = "long_form:" + births["area_type"].astype(str) + ":" + births["birth_order"].astype(str)  # area type and birth order
    headline = (births["area_type"] == "all") & (births["birth_order"] == "all")
    parts.append(births.assign(table="census_srb", basis=basis, kind="census_count", year=births["census_year"], value=births["sex_ratio_at_birth"],
                               variant=np.where(headline, HEADLINE, VARIANT))[cols])
    printed = _reported(reported, reported["measure"].str.contains("sex_ratio_at_birth", regex=False), place, exclude_url)
    parts.append(printed)
    return pd.concat(parts, ignore_index=True).assign(unit=MEASURES["sex_ratio_at_birth"])


def _reported(reported: pd.DataFrame, mask: pd.Series, place: str | None, exclude_url: str | None = None) -> pd.DataFrame:
    """Reported official figures as candidates (China only: the table's figures are national), a
    variant of the tables' definitions; a figure printed on ``exclude_url`` (the page of the claim
    being checked) is left out, so a print never confirms itself."""
    rows = reported[mask & (reported["url"] != exclude_url)] if exclude_url else reported[mask]
    if place not in (None, "CHN"):
        rows = rows.iloc[0:0]
    year = year_of(rows["period_end"].where(rows["period_end"].notna(), rows["period_start"]))
    return pd.DataFrame({
        "table": "reported_figures", "source_id": rows["source_id"], "basis": "reported:" + rows["grade"].astype(str),
        "kind": "reported", "year": pd.to_numeric(year, errors="coerce"), "geography_code": "CHN", "geography": "China", "geography_zh": "中国",
        "figure_id": rows["figure_id"], "value": rows["value"].astype(float), "variant": VARIANT,
    })


def cases_candidates(cases: pd.DataFrame, printed: pd.DataFrame, glotip: pd.DataFrame) -> pd.DataFrame:
    """Registered cases: the yearbook series, the values printed elsewhere (conflicting reports,
    UNODC's stand-in) and UNODC's offences for China."""
    yearbook = cases.dropna(subset=["value"]).assign(table="registered_cases", basis="yearbook", variant=HEADLINE)
    others = printed[printed["kind"] != "yearbook"].assign(table="registered_cases_printed", basis=printed["kind"], variant=OTHER_PRINT)
    unodc = trafficking.glotip_series(glotip, ["CHN"], "Offences of trafficking in persons").dropna(subset=["value"]).assign(
        table="glotip", basis="UNODC offences", variant=VARIANT)
    cols = ["table", "source_id", "basis", "year", "value", "variant"]
    out = pd.concat([yearbook[cols], others[cols + ["figure_id"]], unodc[cols]], ignore_index=True)
    return out.assign(kind="registered", geography_code="CHN", geography="China", geography_zh="中国", value=out["value"].astype(float),
                      unit="cases")


def change_candidates(cases: pd.DataFrame) -> pd.DataFrame:
    """Change in per cent of the yearbook's registered cases between every pair of years."""
    series = cases.dropna(subset=["value"])
    years, values = series["year"].to_numpy(dtype=int), series["value"].to_numpy(dtype=float)
    first, last = np.triu_indices(len(series), 1)
    return pd.DataFrame({
        "table": "registered_cases", "source_id": series["source_id"].iloc[0], "basis": "yearbook", "kind": "registered",
        "year": years[first], "year_to": years[last], "geography_code": "CHN", "geography": "China", "geography_zh": "中国",
        "value": ((values[last] / values[first] - 1) * 100).round(2), "unit": "percent", "variant": HEADLINE,
    })


def count_candidates(measure: str, reported: pd.DataFrame, glotip: pd.DataFrame, place: str | None = None, exclude_url: str | None = None) -> pd.DataFrame:
    """Counts of one type: reported official figures of that count type, and UNODC's series."""
    count_type = {"persons_rescued_or_found": "persons_rescued_or_found", "persons_convicted": "persons_convicted", "detected_victims": None}[measure]
    parts = []
    if count_type:
        parts.append(_reported(reported, reported["count_type"] == count_type, place, exclude_url))
    indicator = {"persons_convicted": "Persons convicted", "detected_victims": "Detected trafficking victims"}.get(measure)
    if indicator:
        series = trafficking.glotip_series(glotip, [place or "CHN"], indicator).dropna(subset=["value"])
        first = glotip.drop_duplicates("iso3").set_index("iso3")
        parts.append(series.assign(
            table="glotip", basis=indicator, kind="registered", geography_code=series["iso3"],
            geography_zh=series["iso3"].map(first["geography_zh"]), value=series["value"].astype(float), variant=HEADLINE,
        )[["table", "source_id", "basis", "kind", "year", "geography_code", "geography", "geography_zh", "value", "variant"]])
    out = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=["value"])
    return out.assign(unit="persons")


def never_married_candidates(share: pd.DataFrame, place: str | None = None) -> pd.DataFrame:
    """Per cent never married: every band of whole age groups of each census year (1982-2010),
    area and sex of ``never_married_share`` (UNSD Demographic Yearbook), men and women alike; the
    area total is the headline definition, urban and rural are variants. China only.

    ``basis`` is ``never_married:<sex>:<area>:<tabulation>`` (tabulation: complete, sample or
    long_form_sample), so that a definition names its sex, area and whether it is a sample.
    """
    if place not in (None, "CHN"):
        return pd.DataFrame(columns=["value"])
    bands = marriage.never_married_bands(share)
    return pd.DataFrame({
        "table": "never_married_share", "source_id": bands["source_id"],
        "basis": "never_married:" + bands["sex"] + ":" + bands["area"] + ":" + bands["tabulation"],
        "kind": "census_count", "year": bands["year"].astype(int), "geography_code": "CHN", "geography": "China", "geography_zh": "中国",
        "age_from": bands["age_from"], "age_to": bands["age_to"], "value": bands["share_never_married"], "unit": MEASURES["share_never_married"],
        "variant": np.where(bands["area"] == "total", HEADLINE, VARIANT),
    })


def candidates(measure: str, tables: dict[str, pd.DataFrame], place: str | None = None, exclude_url: str | None = None) -> pd.DataFrame:
    """Every definition of ``measure`` the published tables give (unranked).

    Args:
        measure: a key of :data:`MEASURES`.
        tables: published tables by name (sex_ratio_by_age, population_totals, sex_ratio_at_birth,
            census_srb, reported_figures, registered_cases, registered_cases_printed, glotip,
            never_married_share).
        place: a geography code, or None for China and its provinces.
        exclude_url: leave out reported figures printed on this page (the claim's own).

    Raises:
        FinderError: unknown measure (code ``measure``).
        KeyError: a table the measure needs is not in ``tables``.
    """
    if measure in POPULATION_MEASURES:
        found = population_candidates(tables["sex_ratio_by_age"], tables["population_totals"], measure, place)
    elif measure == "sex_ratio_at_birth":
        found = srb_candidates(tables["sex_ratio_at_birth"], tables["census_srb"], tables["reported_figures"], place, exclude_url)
    elif measure == "registered_cases":
        found = cases_candidates(tables["registered_cases"], tables["registered_cases_printed"], tables["glotip"]) if place in (None, "CHN") else None
    elif measure == "change_percent":
        found = change_candidates(tables["registered_cases"]) if place in (None, "CHN") else None
    elif measure in ("persons_rescued_or_found", "persons_convicted", "detected_victims"):
        found = count_candidates(measure, tables["reported_figures"], tables["glotip"], place, exclude_url)
    elif measure == "share_never_married":
        found = never_married_candidates(tables["never_married_share"], place)
    else:
        raise _unknown_measure(measure)
    if found is None:
        found = pd.DataFrame(columns=["value"])
    found = found.reindex(columns=[c for c in CANDIDATE_COLUMNS if c not in ("rank", "admits", "steps", "same_definition", "difference", "difference_pct")])
    found["variant"] = found["variant"].fillna(HEADLINE).astype(int)
    return found.assign(measure=measure)


# --------------------------------------------------------------------------- ranking

def _age_label(age_from: pd.Series, age_to: pd.Series) -> pd.Series:
    start = age_from.astype("Int64").astype(str)
    end = age_to.astype("Int64").astype(str)
    label = start + "-" + end
    label = label.where(age_to.notna(), start + "+")
    label = label.where(~((age_from == 0) & age_to.isna()), "all ages")
    return label.where(age_from.notna(), "")


#: Ages within this many years of the printed ends make a near variant of the printed band.
NEAR_AGES = 5


def distance(found: pd.DataFrame, *, year=None, year_to=None, place=None, age_from=None, age_to=None, kind=None) -> pd.Series:
    """How far each definition is from the printed one, attribute by attribute (0 the same):

    - year (and second year): 1 a year away, 2 further; not counted where the print states none;
    - place: 2 for any other place (China when the print states none);
    - kind of source: 1 for another kind (census count, UN estimate or projection) where stated;
      where the print states neither kind nor year, 2 for a UN projection (a number printed
      without a year is read as a count or an estimate: "1752万" is not a projection for 2077,
      nor "20 million" one for 2034);
    - a change in per cent whose two years are not both stated: 2 (of the hundreds of pairs of
      years, one or another gives almost any per cent);
    - ages: where the print states them, 1 when one end is the printed one and the other within
      :data:`NEAR_AGES` years ("20-40" read as 20-39 or 20-44), 2 further; where it states none,
      the whole population is the printed definition and any band is 2 away;
    - the candidate's own ``variant`` (see :data:`HEADLINE`).

    A definition 0 away is the printed one; 1 away, "another definition" of it; 2 or more, a
    number that merely lies near (it never makes a verdict).
    """
    def years(column, wanted):
        if wanted is None or column not in found:
            return pd.Series(0, index=found.index)
        gap = (found[column].astype(float) - wanted).abs()
        return np.where(gap == 0, 0, np.where(gap <= 1, 1, 2))

    steps = pd.Series(found["variant"].astype(int).to_numpy(), index=found.index)
    steps += years("year", year) + years("year_to", year_to)
    steps += np.where(found["geography_code"].astype(str) == (place or "CHN"), 0, 2)
    if kind is not None:
        other = found["kind"].isin(KINDS) & (found["kind"].astype(str) != kind)
        steps += other.astype(int).to_numpy()
    elif year is None:  # a print that states neither reports a count or an estimate, not a forecast
        steps += 2 * (found["kind"].astype(str) == "un_projection").astype(int).to_numpy()
    if (found["measure"] == "change_percent").all() and (year is None or year_to is None):
        steps += 2  # a change between years the print does not give: any pair would do, so none makes a verdict
    if found["age_from"].notna().any():
        start = found["age_from"].astype(float)
        end = found["age_to"].astype(float)
        if age_from is None and age_to is None:
            whole = (start == 0) & end.isna()
            steps += np.where(whole, 0, 2)
        else:
            want_end = 100.0 if age_to is None else float(age_to)
            gap_start, gap_end = (start - (age_from or 0)).abs(), (end.fillna(100.0) - want_end).abs()
            same = (gap_start == 0) & ((end == age_to) if age_to is not None else end.isna())
            near = ((gap_start == 0) & (gap_end <= NEAR_AGES)) | ((gap_end == 0) & (gap_start <= NEAR_AGES))
            steps += np.where(same.fillna(False), 0, np.where(near, 1, 2))
    return steps


def rank(found: pd.DataFrame, printed, *, year: int | None = None, year_to: int | None = None, place: str | None = None,
         age_from: int | None = None, age_to: int | None = None, kind: str | None = None, limit: int = 50) -> Finding:
    """Rank definitions against a printed number and give the verdict (see the module docstring).

    Order: definitions within the printed range that are the printed definition or one step from
    it, then every other definition by its distance from the printed one (the printed definition,
    its near variants, then further ones), each nearest first (census counts before UN series at
    equal difference). A number that merely lies near, many steps away, comes late.

    Args:
        found: output of :func:`candidates`.
        printed: the parsed number (its ``value``, ``low``, ``high``, ``bound``, ``direction``).
        year, year_to, place, age_from, age_to, kind: what the print states (None: not stated).
            ``age_to`` is the last age, inclusive; ``age_from`` without ``age_to`` means "and over".
        limit: how many candidates to return.
    """
    if found.empty:
        return Finding("not checkable with the data held", found.reindex(columns=CANDIDATE_COLUMNS), 0)
    f = found.copy()
    value = f["value"].astype(float)
    claimed = float(printed.value)
    below, above = printed.value - printed.low, printed.high - printed.value
    if f["measure"].iloc[0] == "change_percent":
        if printed.direction == "decrease":
            claimed, below, above = -claimed, above, below  # a fall of 88% is -88
        elif printed.direction is None:
            value = value.abs()  # no direction printed: compare the size of the change
    low, high = claimed - below, claimed + above
    f["admits"] = ((value >= low) & ((value < high) if printed.bound == "exact" else (value <= high))).to_numpy()
    f["steps"] = distance(f, year=year, year_to=year_to, place=place, age_from=age_from, age_to=age_to, kind=kind).to_numpy()
    f["same_definition"] = f["steps"] == 0
    f["difference"] = (value - claimed).round(2)
    f["difference_pct"] = (100 * (value - claimed) / claimed).round(3) if claimed else np.nan
    verdict = _verdict(f, claimed)
    f = f.assign(_group=np.where(f["admits"] & (f["steps"] <= 1), 0, 1), _abs=f["difference"].abs(),
                 _census=(f["kind"].astype(str) != "census_count").astype(int))
    f = f.sort_values(["_group", "steps", "_abs", "_census", "year"], kind="stable").drop(columns=["_group", "_abs", "_census"])
    f["rank"] = range(1, len(f) + 1)
    top = f[CANDIDATE_COLUMNS].head(limit).reset_index(drop=True)
    top["age_label"] = _age_label(top["age_from"], top["age_to"])
    for col in ("year", "year_to", "rank", "steps", "variant"):
        top[col] = top[col].astype("Int64")
    for col in ("age_from", "age_to"):
        top[col] = top[col].round().astype("Int64")
    return Finding(verdict, top, len(f), top.iloc[0].to_dict() if len(top) else None)


def _verdict(ranked: pd.DataFrame, claimed: float) -> str:
    same = ranked[ranked["same_definition"]]
    if (same["admits"]).any():
        return "reproduced"
    if (ranked["admits"] & (ranked["steps"] == 1)).any():
        return "reproduced under another definition"
    if same.empty:  # the printed definition (that year, those ages ...) is not in the tables held
        return "not checkable with the data held"
    unit = str(ranked["unit"].iloc[0])
    tolerance = {"males per 100 females": RATIO_TOLERANCE, "percent": PERCENT_TOLERANCE}.get(unit, CONSISTENT_TOLERANCE * abs(claimed))
    if not same.empty and (same["difference"].abs() <= tolerance).any():
        return "consistent"
    return "not reproduced"


#: Units whose values are whole counts: a print with decimals or a per cent cannot be one.
COUNT_UNITS = ("persons", "cases")


def check_printed_for_measure(printed, measure: str) -> None:
    """Whether ``printed`` can be a value of ``measure`` at all, before any table is searched.

    Raises:
        FinderError: unknown measure (code ``measure``); a percentage asked as a count of persons
            or cases (code ``percent_for_count``); a number with decimals asked as such a count
            ("111.3" as a surplus of men; code ``fraction_for_count``).
    """
    if measure not in MEASURES:
        raise _unknown_measure(measure)
    if MEASURES[measure] in COUNT_UNITS:
        if printed.percent:
            raise FinderError("percent_for_count", f"{printed.text!r} is a percentage; {measure} is a count of {MEASURES[measure]}")
        if float(printed.value) != round(float(printed.value)):
            raise FinderError("fraction_for_count", f"{printed.text!r} is not a whole number; {measure} is a count of {MEASURES[measure]}")


def find_definitions(printed, measure: str, tables: dict[str, pd.DataFrame], *, year: int | None = None, year_to: int | None = None,
                     place: str | None = None, age_from: int | None = None, age_to: int | None = None, kind: str | None = None,
                     exclude_url: str | None = None, limit: int = 50) -> Finding:
    """Every definition of ``measure`` in the published tables, ranked against ``printed``.

    Args:
        printed: a :class:`datasets.derived.printed_number.PrintedNumber`.
        measure: a key of :data:`MEASURES`.
        tables: published tables by name (see :func:`candidates`).
        year, year_to, place, age_from, age_to, kind: what the print states (None: not stated);
            ages are inclusive ("20-40" is 20 to 40); ``kind`` is one of :data:`KINDS`.
        exclude_url: the page the figure was printed on: reported figures from it are left out.
        limit: how many ranked candidates to return.

    Returns:
        A :class:`Finding`: verdict, the ranked candidates with the table, source, year, place and
        ages of each, its value, difference (in units and per cent) and whether it is within the
        printed range.

    Raises:
        FinderError: unknown measure, an age range that ends before it starts (code ``ages``), or
            a number that cannot be a value of the measure (see :func:`check_printed_for_measure`).
        KeyError: a table the measure needs is not in ``tables``.
    """
    if age_from is not None and age_to is not None and age_to < age_from:
        raise FinderError("ages", f"the age range {age_from}-{age_to} ends before it starts")
    check_printed_for_measure(printed, measure)
    found = candidates(measure, tables, place, exclude_url)
    return rank(found, printed, year=year, year_to=year_to, place=place, age_from=age_from, age_to=age_to, kind=kind, limit=limit)
