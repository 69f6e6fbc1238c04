"""Province codes from the Natural Earth province file (join keys for census regions)."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from datasets.errors import BuildError
from datasets.rawio import RAW_DIR, display_path

GEOJSON = RAW_DIR / "geo" / "china_provinces.geojson"
#: The census tables' name for the national row (31 provinces of the mainland).
NATIONAL_REGION_EN = "China (31 provinces, national total)"
NATIONAL_CODE = "CHN"


@lru_cache(maxsize=4)
def province_codes(path: Path = GEOJSON) -> dict[str, str]:
    """Map the census's English region name to its ISO 3166-2 code (e.g. "Beijing" -> "CN-BJ").

    The national row maps to "CHN". Source: Natural Earth admin-1 (public domain), the
    ``region_en`` and ``iso_3166_2`` properties of ``datasets/raw/geo/china_provinces.geojson``.

    Raises:
        BuildError: the file is missing or not a FeatureCollection with those properties.
    """
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        codes = {f["properties"]["region_en"]: f["properties"]["iso_3166_2"] for f in data["features"]}
    except FileNotFoundError:
        raise BuildError(display_path(path), "file not found") from None
    except (KeyError, TypeError, ValueError) as exc:
        raise BuildError(display_path(path), f"not a FeatureCollection with region_en/iso_3166_2 properties ({exc})") from None
    codes[NATIONAL_REGION_EN] = NATIONAL_CODE
    return codes


def code_regions(frame, file: str, column: str = "region_en"):
    """Return the ISO code of each row's region; raise BuildError naming the line of an unknown name."""
    codes = province_codes()
    mapped = frame[column].map(codes)
    unknown = mapped[mapped.isna()]
    if not unknown.empty:
        line = int(unknown.index[0])
        raise BuildError(file, f"unknown region {frame.loc[line, column]!r} (not in geo/china_provinces.geojson)", line=line, column=column)
    return mapped
