"""Write datasets/curated/country_names_zh.csv: Chinese names of every country, region and
subregion in the published tables, taken from Unicode CLDR (locale ``zh``, Simplified Chinese,
as shipped with the ``babel`` package).

Usage (development only; babel and pycountry are in requirements-dev.txt, not requirements.txt)::

    .venv/bin/python scripts/make_country_names_zh.py            # rewrite the file
    .venv/bin/python scripts/make_country_names_zh.py --check    # exit 1 if the file is out of date

Inputs, all read from this repository:

- ``datasets/raw/unodc_glotip_*.csv``: iso3, geography, region, subregion (GLOTIP) and the
  region / subregion names of the derived regional sums;
- ``datasets/raw/un_wpp*.csv``: WPP location names and iso3 (World has no iso3: code WLD,
  UN M49 001);
- ``datasets/raw/us_tip_tiers_all_countries_2001_2015.csv`` + ``china_us_tip_tier_2001_2024.csv``
  with ``datasets/curated/tip_country_names.csv``: the harmonised TIP country names, which carry
  no code. Each is given an ISO 3166 alpha-3 code by (1) the same English name in GLOTIP, else
  (2) an exact ``pycountry.countries.lookup``, else (3) the explicit table ``TIP_ISO3`` below
  (no fuzzy matching: a fuzzy search maps "Kosovo" to Serbia).

ISO alpha-3 is turned into the CLDR territory code (ISO alpha-2) with pycountry; regions use the
UN M49 numeric codes in ``M49`` below (M49 standard, https://unstats.un.org/unsd/methodology/m49/),
which CLDR uses as territory codes. The column ``cldr_name_en`` gives CLDR's English name so a
reader can see where our English name and CLDR's differ (e.g. M49 419 "Latin America and the
Caribbean" is CLDR's "Latin America").

Output columns: kind (country / region / subregion / world), iso3 (countries and WLD), m49
(regions and World), cldr_code, name_en (exactly as in our data), name_zh (CLDR zh), cldr_name_en,
code_from (how the code was found), used_in (published tables). The CLDR and babel versions are
recorded in datasets/catalog.yaml (source cldr_country_names_zh).
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from pathlib import Path

import babel
import pycountry
from babel import Locale
from babel.core import get_cldr_version

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "datasets" / "raw"
OUT = ROOT / "datasets" / "curated" / "country_names_zh.csv"
COLUMNS = ["kind", "iso3", "m49", "cldr_code", "name_en", "name_zh", "cldr_name_en", "code_from", "used_in"]

#: UN M49 codes of the world / region / subregion names used by UNODC GLOTIP (M49 standard names).
M49 = {
    "World": "001",
    "Africa": "002",
    "Americas": "019",
    "Asia": "142",
    "Europe": "150",
    "Oceania": "009",
    "Australia and New Zealand": "053",
    "Central Asia": "143",
    "Eastern Asia": "030",
    "Eastern Europe": "151",
    "Latin America and the Caribbean": "419",
    "Melanesia": "054",
    "Micronesia": "057",
    "Northern Africa": "015",
    "Northern America": "021",
    "Northern Europe": "154",
    "Polynesia": "061",
    "South-eastern Asia": "035",
    "Southern Asia": "034",
    "Southern Europe": "039",
    "Sub-Saharan Africa": "202",
    "Western Asia": "145",
    "Western Europe": "155",
}

#: TIP spellings that neither GLOTIP nor an exact pycountry lookup resolve: ISO 3166 alpha-3,
#: except Kosovo (no ISO code; XKX is the user-assigned code in common use, CLDR territory XK).
TIP_ISO3 = {
    "Antigua & Barbuda": "ATG",
    "Bosnia & Herzegovina": "BIH",
    "Brunei": "BRN",
    "Burma": "MMR",
    "Congo, Democratic Rep. of": "COD",
    "Congo, Republic of": "COG",
    "Cote d'Ivoire": "CIV",
    "Korea, North": "PRK",
    "Korea, South": "KOR",
    "Kosovo": "XKX",
    "Macau": "MAC",
    "Macedonia": "MKD",
    "Micronesia": "FSM",
    "Russia": "RUS",
    "Sao Tome & Principe": "STP",
    "St. Kitts & Nevis": "KNA",
    "St. Lucia": "LCA",
    "St. Maarten": "SXM",
    "St. Vincent & The Grenadines": "VCT",
    "Swaziland": "SWZ",
    "The Bahamas": "BHS",
    "The Gambia": "GMB",
    "Trinidad & Tobago": "TTO",
    "Turkey": "TUR",
}
#: Codes outside ISO 3166 -> CLDR territory code.
NON_ISO_CLDR = {"XKX": "XK", "WLD": "001"}


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _cldr_code(iso3: str) -> str:
    if iso3 in NON_ISO_CLDR:
        return NON_ISO_CLDR[iso3]
    country = pycountry.countries.get(alpha_3=iso3)
    if country is None:
        raise SystemExit(f"{iso3}: not an ISO 3166 alpha-3 code known to pycountry {pycountry.__version__}")
    return country.alpha_2


def rows() -> list[dict[str, str]]:
    """Every (kind, code, English name) in our data with its CLDR zh name, sorted."""
    zh = Locale.parse("zh").territories
    en = Locale.parse("en").territories
    found: dict[tuple[str, str, str], dict[str, str]] = {}

    def add(kind: str, code: str, name_en: str, code_from: str, table: str) -> None:
        is_country = kind == "country" or (kind == "world" and code == "WLD")
        cldr = _cldr_code(code) if kind == "country" else (M49[name_en] if kind != "world" else "001")
        if cldr not in zh:
            raise SystemExit(f"{name_en} ({code}): CLDR {get_cldr_version()} has no zh name for territory {cldr}")
        key = (kind, code, name_en)
        row = found.setdefault(
            key,
            {
                "kind": kind,
                "iso3": code if is_country else "",
                "m49": "" if kind == "country" else cldr,
                "cldr_code": cldr,
                "name_en": name_en,
                "name_zh": zh[cldr],
                "cldr_name_en": en[cldr],
                "code_from": code_from,
                "used_in": table,
            },
        )
        row["used_in"] = ";".join(sorted(set(row["used_in"].split(";")) | set(table.split(";"))))

    glotip_names: dict[str, str] = {}
    for name in ("unodc_glotip_country_totals.csv", "unodc_glotip_china_hk_macao.csv"):
        for r in _read(RAW / name):
            glotip_names[r["geography"]] = r["iso3"]
            add("country", r["iso3"], r["geography"], "iso3 in the data file", "glotip")
            add("region", r["region"], r["region"], "UN M49 (table in the script)", "glotip")
            add("subregion", r["subregion"], r["subregion"], "UN M49 (table in the script)", "glotip")
    for r in _read(RAW / "unodc_glotip_regional_sums_derived.csv"):
        level = r["geography_level"]
        add(level, "WLD" if level == "world" else r["geography"], r["geography"], "UN M49 (table in the script)", "glotip_regional_sums_derived")

    for name in (
        "un_wpp2022_population_by_single_age_sex_1950_2021_decadal_thousands.csv",
        "un_wpp2022_population_by_age5_sex_projection_median_2022_2100_thousands.csv",
        "un_wpp_sex_ratio_at_birth_1950_2100.csv",
    ):
        for r in _read(RAW / name):
            if r["location"] == "World":
                add("world", "WLD", "World", "UN M49 001 (WPP location World)", "population_by_age_sex;sex_ratio_at_birth")
            else:
                add("country", r["iso3"], r["location"], "iso3 in the data file", "population_by_age_sex;sex_ratio_at_birth")

    harmonised = {r["name_in_source"]: r["country"] for r in _read(ROOT / "datasets" / "curated" / "tip_country_names.csv")}
    tip_names = {harmonised.get(r["geography"], r["geography"]) for r in _read(RAW / "us_tip_tiers_all_countries_2001_2015.csv")}
    tip_names |= {r["geography"] for r in _read(RAW / "china_us_tip_tier_2001_2024.csv")}
    for name in sorted(tip_names):
        if name in glotip_names:
            add("country", glotip_names[name], name, "same English name in GLOTIP", "tip_tiers")
        elif name in TIP_ISO3:
            add("country", TIP_ISO3[name], name, "TIP_ISO3 table in the script", "tip_tiers")
        else:
            try:
                iso3 = pycountry.countries.lookup(name).alpha_3
            except LookupError:
                raise SystemExit(f"TIP country {name!r}: no ISO code; add it to TIP_ISO3 in {Path(__file__).name}") from None
            add("country", iso3, name, "pycountry exact lookup", "tip_tiers")
    order = {"world": 0, "region": 1, "subregion": 2, "country": 3}
    return sorted(found.values(), key=lambda r: (order[r["kind"]], r["iso3"], r["m49"], r["name_en"]))


def render() -> str:
    """The CSV text (UTF-8, LF line ends)."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows())
    return buf.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the file differs from what would be written")
    args = parser.parse_args(argv)
    text = render()
    versions = f"CLDR {get_cldr_version()} via babel {babel.__version__}, pycountry {pycountry.__version__}"
    if args.check:
        same = OUT.exists() and OUT.read_text(encoding="utf-8") == text
        print(f"{OUT.relative_to(ROOT)}: {'up to date' if same else 'OUT OF DATE'} ({versions})")
        return 0 if same else 1
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}: {text.count(chr(10)) - 1} rows ({versions})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
