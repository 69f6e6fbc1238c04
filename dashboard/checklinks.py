"""Links between a checked figure and the pages: the "Check a figure" page's link for a claim, and
the link to the chart (or the Data page's rows) that shows a definition the finder ranked, with
the settings in the link. The link parameters are those of :mod:`dashboard.urlstate` widgets."""

from __future__ import annotations

from urllib.parse import urlencode

import pandas as pd

from dashboard.formatting import is_missing

#: Census choices of the sex-ratio page's surplus tab: (source_id, year) -> the link's id.
SURPLUS_CENSUSES = {("nbs_census2020_yb_t1_5", 2020): "2020 (NBS)", ("nbs_census2010_t1_7", 2010): "2010 (NBS)",
                    ("unsd_dyb_census_1990_2000_2010", 2000): "2000 (UNSD)", ("unsd_dyb_census_1990_2000_2010", 1990): "1990 (UNSD)"}
PYRAMID_SOURCES = {"nbs_census2020_yb_t1_5", "nbs_census2010_t1_7", "unsd_dyb_census_1990_2000_2010", "wpp2022_single_age_decadal",
                   "wpp2022_age5_projection_median"}


def _int(value) -> int | None:
    return None if is_missing(value) else int(value)


def check_link(check: pd.Series) -> dict | None:
    """The "Check a figure" page's link parameters for a row of ``claim_checks``: the number as
    printed, the measure and what the print states; None where the finder has no such measure."""
    from datasets.derived.finder import MEASURES

    measure = check.get("checked_as") if isinstance(check.get("checked_as"), str) else check.get("measure")
    if measure not in MEASURES or not isinstance(check.get("number_as_printed"), str):
        return None
    params = {"number": check["number_as_printed"], "measure": measure}
    for key in ("year", "year_to", "age_from", "age_to"):
        if _int(check.get(key)) is not None:
            params[key] = str(_int(check[key]))
    if isinstance(check.get("kind"), str):
        params["kind"] = check["kind"]
    if isinstance(check.get("geography_code"), str) and check["geography_code"] != "CHN":
        params["place"] = check["geography_code"]
    return params


def chart_link(row: pd.Series) -> tuple[str, dict] | None:
    """(page path, link parameters) of the chart that shows a ranked definition, or of the Data
    page filtered to its rows; None where no page shows it.

    Args:
        row: a candidate of :func:`datasets.derived.finder.find_definitions` (or a row of
            ``claim_check_numbers``): table, source_id, year, geography_code, age_from, age_to, basis.
    """
    table, source, year, code = row.get("table"), row.get("source_id"), _int(row.get("year")), row.get("geography_code")
    start, end = _int(row.get("age_from")), _int(row.get("age_to"))
    if table == "sex_ratio_by_age":
        if code == "CHN" and (source, year) in SURPLUS_CENSUSES and start is not None:
            return "sex-ratio", {"chart": "surplus", "surplus_census": SURPLUS_CENSUSES[source, year],
                                 "surplus_range": [str(start), str(999 if end is None else end + 1)]}
        if code == "CHN" and source in PYRAMID_SOURCES:
            return "sex-ratio", {"pyr_source": source, "pyr_year": str(year)}
        return "data", {"data_table": "sex_ratio_by_age", "f-sex_ratio_by_age-geography_code": code, "f-sex_ratio_by_age-grouping": "as_published",
                        "f-sex_ratio_by_age-year": [str(year), str(year)]}
    if table == "population_totals":
        return "data", {"data_table": "population_totals", "f-population_totals-geography_code": code, "f-population_totals-year": [str(year), str(year)]}
    if table == "sex_ratio_at_birth":
        return "srb", {"srb_country": code} if code != "CHN" else {}
    if table == "census_srb":
        return "srb", {"srb_prov_year": str(year)} if isinstance(code, str) and code.startswith("CN-") else {}
    if table in ("registered_cases", "registered_cases_printed"):
        return "cases", {}
    if table == "glotip":
        return "international", {"glotip_indicator": row.get("basis"), "glotip_countries": code}
    if table == "never_married_share":
        sex, area = (str(row.get("basis")).split(":") + ["", "", ""])[1:3]
        params = {k: v for k, v in (("nm_sex", sex), ("nm_area", area)) if v and v not in ("male", "total")}  # the defaults stay out of the link
        return "marriage", params
    if table == "reported_figures":
        return "count-types", {}
    if table == "tip_tiers":
        return "international", {}
    return None


def href(path: str, params: dict) -> str:
    """A relative link ``/path?key=value&...`` (lists become repeated keys), for a table's link column."""
    query = urlencode([(k, v) for k, vs in params.items() for v in (vs if isinstance(vs, list) else [vs])])
    return f"/{path}" + (f"?{query}" if query else "")
