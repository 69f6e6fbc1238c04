"""The schema of every published table, in one place: the tables the loaders make
(:data:`datasets.schemas.PUBLISHED`) and the tables computed from them
(:data:`datasets.derived.schemas.DERIVED`). The build, the column texts and the data package look a
table up here, so neither schema module needs the other's tables.
"""

from __future__ import annotations

import pandera.pandas as pa

from datasets.derived.schemas import DERIVED
from datasets.schemas import PUBLISHED

#: Every published table's schema, source tables first, in publishing order.
ALL: dict[str, pa.DataFrameSchema] = {**PUBLISHED, **DERIVED}


def published_schema(table: str) -> pa.DataFrameSchema:
    """The schema of a published table, source or derived.

    Raises:
        KeyError: no published table has that name.
    """
    return ALL[table]


def units_of(table: str) -> dict[str, str]:
    """Column -> unit for a published table, from the schema metadata (e.g. ``{"population": "persons"}``).

    Raises:
        KeyError: no published table has that name.
    """
    return {name: col.metadata["unit"] for name, col in published_schema(table).columns.items() if col.metadata and col.metadata.get("unit")}


def titles_of(table: str) -> dict[str, str]:
    """Column -> title (what the column holds) for a published table, from the schema.

    Raises:
        KeyError: no published table has that name.
    """
    return {name: col.title for name, col in published_schema(table).columns.items() if col.title}
