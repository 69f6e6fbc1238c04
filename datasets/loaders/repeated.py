"""Figures repeated by news outlets and official pages, curated by us (datasets/curated/repeated_claims.csv)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from datasets import schemas
from datasets.dates import with_partial_dates
from datasets.errors import BuildError
from datasets.loaders.names import outlet_names_zh
from datasets.rawio import display_path, read_raw_csv
from datasets.validate import validate

REPEATED = Path(__file__).resolve().parent.parent / "curated" / "repeated_claims.csv"
SOURCE_ID = "repeated_claims_web"
TIERS = {"Tier 1", "Tier 2", "Tier 2 Watch List", "Tier 3"}


def load_repeated_claims(path: Path = REPEATED) -> pd.DataFrame:
    """The library of repeated claims, one row per figure per outlet.

    Returns the ``repeated_claims`` layout (see :data:`datasets.schemas.REPEATED_CLAIMS`):
    source_id, claim_id, topic, claim and claim_zh (our own words), number_as_printed, measure,
    checked_as (the measure searched in the tables, missing where none is held), year, year_to,
    geography_code, age_from and age_to (inclusive, as printed), kind, outlet, outlet_zh (from
    datasets/curated/outlet_names_zh.csv), attributed_to,
    published_date (a date: the first day where only a year or month is printed), published_date_precision,
    published_date_as_printed, url, locator, grade, note.

    Raises:
        BuildError: naming file, line and column for any failed check, including a
            number_as_printed the parser does not read (or a tier that is not one of the four).
    """
    from datasets.derived.printed_number import PrintedNumberError, parse_printed_number

    file = display_path(path)
    columns = list(schemas.RAW_REPEATED_CLAIMS.columns)
    raw = validate(schemas.RAW_REPEATED_CLAIMS, read_raw_csv(path, columns), file)
    for line, row in raw.iterrows():
        text = row["number_as_printed"]
        if row["measure"] == "tip_tier":
            if text not in TIERS:
                raise BuildError(file, f"{text!r} is not a TIP tier ({', '.join(sorted(TIERS))})", line=int(line), column="number_as_printed")
            continue
        try:
            parse_printed_number(text)
        except PrintedNumberError as exc:
            raise BuildError(file, f"{text!r} is not a number as printed: {exc}", line=int(line), column="number_as_printed") from None
    out = raw.copy()
    out.insert(0, "source_id", SOURCE_ID)
    out.insert(list(out.columns).index("outlet") + 1, "outlet_zh", outlet_names_zh(out["outlet"], file))
    out = with_partial_dates(out, ["published_date"], file)
    return validate(schemas.REPEATED_CLAIMS, out.reset_index(drop=True), file)
