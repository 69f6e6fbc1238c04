"""US State Department Trafficking in Persons (TIP) Report tiers by country and report year."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from datasets import schemas
from datasets.errors import BuildError
from datasets.loaders.names import chinese_names
from datasets.rawio import RAW_DIR, display_path, read_raw_csv
from datasets.validate import read_validated, validate

ALL_COUNTRIES = RAW_DIR / "us_tip_tiers_all_countries_2001_2015.csv"
CHINA = RAW_DIR / "china_us_tip_tier_2001_2024.csv"
NAMES = Path(__file__).resolve().parent.parent / "curated" / "tip_country_names.csv"
CHINA_WEB_SOURCE_ID = "us_tip_china_2016_2024_web_pages"


def _names(path: Path = NAMES) -> dict[str, str]:
    frame = read_raw_csv(path, ["name_in_source", "country"])
    return dict(zip(frame["name_in_source"], frame["country"]))


def load_tip_tiers(all_path: Path = ALL_COUNTRIES, china_path: Path = CHINA) -> pd.DataFrame:
    """TIP tiers for all countries 2001-2015 (Kelley/Cho coding) and China 2016-2024 (web pages).

    Returns the ``tip_tiers`` layout: source_id, report_year (Int64), country (names harmonised
    with datasets/curated/tip_country_names.csv; the 2015 list's spelling, "China" for China),
    country_zh (Chinese name from Unicode CLDR, datasets/curated/country_names_zh.csv),
    name_in_source, tier (text: Tier 1, Tier 2, Tier 2 Watch List, Tier 3 or special case;
    missing where not rated, see value_flag), tier_order (Int64 1-5 in that order, for sorting),
    value_flag, source_location (repository file or URL), locator (text as printed on the
    page), note. The raw files' numeric tier_code (2.5 = Watch List) is not published.

    Checks: China's 2001-2015 tiers in the China file equal the all-countries file; each raw
    tier_code agrees with its tier_label.

    Raises:
        BuildError: naming file, line and column for any failed check, or a country without a
            Chinese name.
    """
    file = display_path(all_path)
    raw = read_validated(schemas.RAW_TIP_ALL, all_path)
    names = _names()
    china_file = display_path(china_path)
    china = read_validated(schemas.RAW_TIP_CHINA, china_path)

    out = pd.DataFrame(index=raw.index)
    out["source_id"] = raw["source_id"].astype(str)
    out["report_year"] = raw["report_year"].astype("Int64")
    out["country"] = raw["geography"].map(lambda n: names.get(n, n)).astype(str)
    out["country_zh"] = chinese_names(out["country"], "name_en", ("country",), file, "geography")
    out["name_in_source"] = raw["geography"].astype(str)
    out["tier_code"] = raw["tier_code"].astype(float)
    out["tier"] = _tiers(raw, file)
    out["value_flag"] = raw["value_flag"]
    out["source_location"] = raw["source_id"].map(
        {"kelley_cho_tiers_dta_2015-08-10": "data/original/criminalization-cho-tiers_jk_2015-08-10.dta", "kelley_tiers_2015_csv": "data/original/tiers_2015.csv"}
    )
    out["locator"] = None
    out["note"] = None

    kelley_china = out[out["country"] == "China"].set_index("report_year")["tier_code"]
    for line, row in china[china["report_year"] <= 2015].iterrows():
        if kelley_china.get(row["report_year"]) != row["tier_code"]:
            raise BuildError(china_file, f"{row['report_year']}: tier {row['tier_code']} differs from the all-countries file's {kelley_china.get(row['report_year'])}", line=int(line), column="tier_code")
    later = china[china["report_year"] > 2015]
    add = pd.DataFrame(index=later.index)
    add["source_id"] = CHINA_WEB_SOURCE_ID
    add["report_year"] = later["report_year"].astype("Int64")
    add["country"] = "China"
    add["country_zh"] = chinese_names(add["country"], "name_en", ("country",), china_file, "geography")
    add["name_in_source"] = later["geography"].astype(str)
    add["tier_code"] = later["tier_code"].astype(float)
    add["tier"] = _tiers(later, china_file)
    add["value_flag"] = None
    add["source_location"] = later["source_location"]
    add["locator"] = later["locator"]
    add["note"] = later["note"]
    table = pd.concat([out, add], ignore_index=True)
    for col in ("tier", "value_flag", "source_location", "locator", "note"):
        table[col] = table[col].astype("str").where(table[col].notna(), None)
    table.insert(table.columns.get_loc("tier") + 1, "tier_order", table["tier"].map({t: i for i, t in enumerate(schemas.TIERS, start=1)}).astype("Int64"))
    table = table.drop(columns="tier_code")
    return validate(schemas.TIP_TIERS, table, "published table tip_tiers")


#: The raw files' numeric tier codes and the tier each stands for.
_CODE_TIER = {1.0: "Tier 1", 2.0: "Tier 2", 2.5: "Tier 2 Watch List", 3.0: "Tier 3"}


def _tiers(raw: pd.DataFrame, file: str) -> pd.Series:
    """The published tier text of raw rows: their tier_label ("Special case" as "special case"),
    after checking that tier_code says the same tier.

    Raises:
        BuildError: a tier_code and tier_label disagree (names the line).
    """
    for line, code, text in zip(raw.index, raw["tier_code"], raw["tier_label"]):
        if pd.notna(code) and _CODE_TIER[float(code)] != text:
            raise BuildError(file, f"tier_code {code} is {_CODE_TIER[float(code)]!r} but tier_label says {text!r}", line=int(line), column="tier_label")
    return raw["tier_label"].replace({"Special case": "special case"})
