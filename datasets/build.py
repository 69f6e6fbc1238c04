"""Build the published Parquet tables from the raw files: ``python -m datasets.build``.

Steps: run every loader (each validates its raw file and its output), cross-check sources that
overlap, validate each published table as a whole, then write all Parquet files,
``manifest.json`` and the Frictionless data package ``datapackage.json``
(:mod:`datasets.datapackage`) into a temporary folder and swap it in for ``datasets/published/``. A failure at
any step exits with status 1 and a message naming file, line and column; the previously
published files are left exactly as they were.

Options:
    --if-changed   skip the build when no raw file, curated file, catalogue or loader changed
                   since the last build (the manifest records a hash of all of them).
    --verify       only re-read the published files and check them against the manifest
                   (sha256, row counts) and the cross-totals of datasets/integrity.py.
"""

from __future__ import annotations

import argparse
import fnmatch
import functools
import hashlib
import importlib
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from datasets import datapackage, integrity, table_schemas
from datasets.catalog import CatalogError, load_catalog
from datasets.columns import field_texts
from datasets.errors import BuildError
from datasets.loaders import census_nbs, census_unsd, census_unsd_marital, wpp
from datasets.loaders.geo import GEOJSON
from datasets.paths import MANIFEST, PACKAGE_DIR, PUBLISHED_DIR, RAW_DIR, REPO_ROOT

METADATA_KEY = b"china_trafficking_dashboard"


def input_files() -> list[Path]:
    """Every file whose change requires a rebuild: raw data, curated files, catalogue, code."""
    files = [p for p in RAW_DIR.rglob("*") if p.is_file()]
    files += [p for p in (PACKAGE_DIR / "curated").rglob("*") if p.is_file()]
    files += [p for p in PACKAGE_DIR.rglob("*.py") if "published" not in p.parts]
    files.append(PACKAGE_DIR / "catalog.yaml")
    return sorted(set(files))


def inputs_sha256() -> str:
    """One hash over the names and bytes of :func:`input_files`."""
    digest = hashlib.sha256()
    for path in input_files():
        digest.update(str(path.relative_to(REPO_ROOT)).encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _check_same(a: pd.DataFrame, b: pd.DataFrame, what: str, file: str) -> None:
    key = ["source_id", "geography_code", "year", "sex", "age_start"]
    left = a.reset_index(drop=True).sort_values(key).reset_index(drop=True)
    right = b.reset_index(drop=True).sort_values(key).reset_index(drop=True)
    merged = left.merge(right, on=key, how="outer", suffixes=("", "_other"), indicator=True)
    bad = merged[(merged["_merge"] != "both") | (merged["population"] != merged["population_other"]).fillna(True)]
    if not bad.empty:
        row = bad.iloc[0]
        raise BuildError(file, f"{what}: disagrees at {dict(row[key])}: {row['population']} vs {row['population_other']}", column="population")


def check_magnitudes(frame: pd.DataFrame, catalog: dict, file: str) -> None:
    """Each source's total population per geography and year must lie within the catalogue's
    ``plausible_total_persons`` bounds: a total outside them means a unit slip (thousands where
    persons are expected, or the reverse).

    Raises:
        BuildError: naming the file, the first line of the offending group and the column.
    """
    bounds = {s["source_id"]: s.get("plausible_total_persons") or {} for s in catalog["sources"]}
    counted = frame[frame["sex"] != "both"]
    keys = ["source_id", "geography_code", "year"]
    totals = counted.groupby(keys, sort=False)["population"].sum()
    pairs: dict[tuple[str, str], list | None] = {}  # (source_id, code) -> its bounds, matched once
    for (source_id, code, year), total in totals.items():
        if (source_id, code) not in pairs:
            pairs[source_id, code] = next((v for pattern, v in bounds.get(source_id, {}).items() if fnmatch.fnmatch(code, pattern)), None)
        pair = pairs[source_id, code]
        if pair is not None and not pair[0] <= int(total) <= pair[1]:
            first_line = counted.reset_index().groupby(keys, sort=False)[counted.index.name or "index"].first()
            raise BuildError(
                file,
                f"total population of {code} in {year} is {int(total):,}, outside the plausible range {pair[0]:,.0f}-{pair[1]:,.0f} "
                f"given for {source_id} in datasets/catalog.yaml: values in thousands where persons are expected (or the reverse)?",
                line=int(first_line[(source_id, code, year)]),
                column="population",
            )


#: Each published table and the loaders whose frames it is made of, in order, as
#: "<module of datasets/loaders>.<function>"; its schema is ``table_schemas.published_schema(name)``
#: and its sources are in ``datasets/catalog.yaml``. Adding a source is one catalogue entry, one
#: loader (named here) and one schema. A loader takes no argument and returns a validated frame in
#: its table's layout. It is looked up when the build runs (so a test can replace it) and runs once
#: per build, however often it is named here or in :func:`cross_check_sources`.
TABLES: dict[str, tuple[str, ...]] = {
    "population_by_age_sex": ("census_nbs.load_census_age5_province", "census_unsd.load_census_single_age_unsd", "wpp.load_wpp_single_age",
                              "wpp.load_wpp_projection"),
    "sex_ratio_at_birth": ("wpp.load_wpp_srb", "census_nbs.load_census_srb_national"),
    "births_by_sex_order": ("census_nbs.load_births_by_sex_order",),
    "reported_figures": ("reported.load_sex_ratio_reported_figures", "reported.load_trafficking_reported_figures", "reported.load_trafficking_2021_onward"),
    "marital_status_by_age": ("census_unsd_marital.load_marital_status_unsd",),
    "crime_cases_registered": ("crime.load_crime_cases",),
    "glotip": ("glotip.load_glotip",),
    "glotip_regional_sums_derived": ("glotip.load_glotip_regional_sums",),
    "tip_tiers": ("tip.load_tip_tiers",),
    "cited_figures": ("cited.load_cited_figures",),
    "repeated_claims": ("repeated.load_repeated_claims",),
}


def _display(path: Path) -> str:
    return str(path.relative_to(REPO_ROOT))


def cross_check_sources(load: Callable[[str], pd.DataFrame], catalog: dict) -> None:
    """The checks between sources that overlap, on the loaders' frames (``load("module.function")``
    runs a loader of :data:`TABLES` once): the 2020 national table equals the national rows of the
    province table; every population source's totals lie within the catalogue's plausible bounds;
    the UNSD marital-status totals equal the UNSD single-age table where both are complete counts.

    Raises:
        BuildError: naming the file, line and column of the first disagreement.
    """
    province = load("census_nbs.load_census_age5_province")
    _check_same(load("census_nbs.load_census_age5_national"), province[(province["year"] == 2020) & (province["geography_code"] == "CHN")],
                "2020 national table vs the national rows of the province table", _display(census_nbs.AGE5_NATIONAL))
    files = {"census_nbs.load_census_age5_province": census_nbs.AGE5_PROVINCE, "census_unsd.load_census_single_age_unsd": census_unsd.UNSD_SINGLE,
             "wpp.load_wpp_single_age": wpp.SINGLE_AGE, "wpp.load_wpp_projection": wpp.PROJECTION}
    for loader in TABLES["population_by_age_sex"]:
        check_magnitudes(load(loader), catalog, _display(files[loader]))
    census_unsd_marital.check_against_single_ages(load("census_unsd_marital.load_marital_status_unsd"), load("census_unsd.load_census_single_age_unsd"),
                                                  _display(census_unsd_marital.UNSD_MARITAL))


def build_tables(catalog: dict | None = None) -> dict[str, pd.DataFrame]:
    """Run every loader of :data:`TABLES` once, one after the other, cross-check the sources that
    overlap (:func:`cross_check_sources`), and return published table name -> validated frame
    (index reset), the derived tables included.

    Raises:
        BuildError: a raw file or a cross-check failed (the message names file, line, column).
    """
    catalog = catalog if catalog is not None else load_catalog()

    @functools.cache
    def load(loader: str) -> pd.DataFrame:
        module, function = loader.split(".")
        return getattr(importlib.import_module(f"datasets.loaders.{module}"), function)()

    cross_check_sources(load, catalog)
    tables = {name: _validate_table(name, pd.concat([load(loader) for loader in loaders], ignore_index=True)) for name, loaders in TABLES.items()}
    return tables | build_derived(tables)


def build_derived(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The derived tables (:mod:`datasets.derived`), each validated in full against its schema.

    Raises:
        BuildError: a derivation failed or its result broke its schema (named by table).
    """
    from datasets.derived.schemas import DERIVED
    from datasets.derived.tables import derived_tables
    from datasets.validate import validate

    try:
        derived = derived_tables(tables)
    except (KeyError, ValueError) as exc:
        raise BuildError("derived tables (datasets/derived)", f"cannot be computed: {exc}") from None
    for name, schema in DERIVED.items():
        validate(schema, derived[name], f"published table {name}")
    return derived


def _validate_table(name: str, table: pd.DataFrame) -> pd.DataFrame:
    """The whole published table: columns and dtypes (schema level), and unique keys across its
    parts. The row-level checks already ran on each loader's output, with raw line numbers."""
    from pandera.config import ValidationDepth, config_context

    from datasets.validate import validate

    schema = table_schemas.published_schema(name)
    with config_context(validation_depth=ValidationDepth.SCHEMA_ONLY):
        validate(schema, table, f"published table {name}")
    key = schema.unique
    if key:
        dup = table.duplicated(subset=list(key), keep="first")
        if dup.any():
            row = table[dup].iloc[0]
            raise BuildError(f"published table {name}", f"duplicate key {dict(row[list(key)])} across its sources", column=key[0])
    return table


def _source_ids(table: pd.DataFrame) -> list[str]:
    """The distinct source ids of a table, sorted (``unique`` first: iterating a whole Arrow-backed
    column to build a set is slow)."""
    return sorted(set(table["source_id"].unique()))


def _check_sources(tables: dict[str, pd.DataFrame], catalog: dict) -> None:
    known = {s["source_id"] for s in catalog["sources"]}
    for name, table in tables.items():
        unknown = sorted(set(_source_ids(table)) - known)
        if unknown:
            raise BuildError(f"published table {name}", f"source_id {unknown} not in datasets/catalog.yaml", column="source_id")


def write_parquet(table: pd.DataFrame, name: str, path: Path) -> None:
    """Write one table with its description, units, source ids and each column's label,
    description and unit in English and Chinese (:func:`datasets.columns.field_texts`) in the
    Parquet metadata (key ``china_trafficking_dashboard``)."""
    schema = table_schemas.published_schema(name)
    # One thread: for tables this small, starting pyarrow's conversion threads costs more than it saves.
    arrow = pa.Table.from_pandas(table, preserve_index=False, nthreads=1)
    meta = {
        "table": name,
        "description": schema.description,
        "units": table_schemas.units_of(name),
        "source_ids": _source_ids(table),
        "columns": field_texts(name),
    }
    arrow = arrow.replace_schema_metadata({**(arrow.schema.metadata or {}), METADATA_KEY: json.dumps(meta, ensure_ascii=False).encode("utf-8")})
    pq.write_table(arrow, path)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def publish(tables: dict[str, pd.DataFrame], out_dir: Path = PUBLISHED_DIR, inputs_hash: str | None = None, catalog: dict | None = None) -> dict:
    """Write all tables, the manifest and the data package to a temporary folder, then swap it in
    atomically.

    Returns:
        The manifest (also written as ``manifest.json``): built_at, inputs_sha256, and per
        table its file, rows, columns, sha256, source_ids, units, description and column_titles
        (column -> what it holds, from the schema); under ``files`` the province boundaries and
        ``datapackage.json`` (whose resource hashes are these sha256s, see
        :func:`datasets.datapackage.write_package`).
    """
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=out_dir.name + ".tmp-", dir=out_dir.parent))
    try:
        manifest = {"built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "inputs_sha256": inputs_hash, "tables": {}}
        for name, table in tables.items():
            path = tmp / f"{name}.parquet"
            write_parquet(table, name, path)
            manifest["tables"][name] = {
                "file": path.name,
                "rows": int(len(table)),
                "columns": list(table.columns),
                "sha256": _sha256(path),
                "source_ids": _source_ids(table),
                "units": table_schemas.units_of(name),
                "description": table_schemas.published_schema(name).description,
                "column_titles": table_schemas.titles_of(name),
            }
        # The dashboard never reads raw/: the map's boundaries are published beside the tables.
        geo = tmp / GEOJSON.name
        shutil.copyfile(GEOJSON, geo)
        manifest["files"] = {"provinces_geojson": {"file": geo.name, "sha256": _sha256(geo), "source_ids": ["natural_earth_admin1_50m"]}}
        datapackage.write_package(tmp, manifest, catalog if catalog is not None else load_catalog())
        package = tmp / datapackage.PACKAGE_FILE
        manifest["files"]["datapackage"] = {"file": package.name, "sha256": _sha256(package), "source_ids": []}
        (tmp / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o777 & ~umask)  # mkdtemp makes it owner-only
        old = None
        if out_dir.exists():
            old = out_dir.with_name(out_dir.name + f".old-{os.getpid()}")
            os.replace(out_dir, old)
        try:
            os.replace(tmp, out_dir)
        except BaseException:
            if old is not None:
                os.replace(old, out_dir)  # put the previous build back
            raise
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        return manifest
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def verify(out_dir: Path = PUBLISHED_DIR, tables: dict[str, pd.DataFrame] | None = None) -> list[str]:
    """Re-read the published files and compare them with the manifest.

    Args:
        out_dir: the published folder.
        tables: the frames that were just written there (as :func:`publish` got them), or None.
            When given, the cross-totals of :mod:`datasets.integrity` run on these frames instead
            of on the tables read back: the files still have to match the manifest's sha256 and
            row counts, which :func:`publish` computed from the very files these frames were
            written to, so the content checked is the same without decoding it again.

    Returns:
        A list of problems (empty when all files match their sha256 and row counts and the
        cross-totals hold).
    """
    out_dir = Path(out_dir)
    problems = []
    try:
        manifest = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return [f"{out_dir / MANIFEST}: cannot read manifest ({exc})"]
    for name, entry in manifest["tables"].items():
        path = out_dir / entry["file"]
        if not path.exists():
            problems.append(f"{path}: missing")
            continue
        if _sha256(path) != entry["sha256"]:
            problems.append(f"{path}: sha256 differs from manifest")
        try:
            rows = pq.ParquetFile(path).metadata.num_rows
        except Exception as exc:  # noqa: BLE001 - any unreadable file is a problem to report
            problems.append(f"{path}: cannot be read ({type(exc).__name__}: {exc})")
            continue
        if rows != entry["rows"]:
            problems.append(f"{path}: {rows} rows, manifest says {entry['rows']}")
            continue
        if name in integrity.CHECKS:
            try:
                frame = tables[name] if tables is not None and name in tables else pq.read_table(path).to_pandas()
                problems += integrity.cross_totals({name: frame})
            except Exception as exc:  # noqa: BLE001 - report, do not crash
                problems.append(f"{path}: cannot be checked ({type(exc).__name__}: {exc})")
    for name, entry in manifest.get("files", {}).items():
        path = out_dir / entry["file"]
        if not path.exists() or _sha256(path) != entry["sha256"]:
            problems.append(f"{path}: missing or sha256 differs from manifest")
    problems += _check_package(out_dir, manifest)
    return problems


def _check_package(out_dir: Path, manifest: dict) -> list[str]:
    """The data package must list exactly the manifest's tables, each with the manifest's sha256
    as its hash and the same row count (one truth: both come from the files)."""
    path = out_dir / datapackage.PACKAGE_FILE
    try:
        package = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return [f"{path}: cannot read the data package ({exc})"]
    resources = {r["name"]: r for r in package.get("resources", [])}
    problems = []
    if sorted(resources) != sorted(manifest["tables"]):
        problems.append(f"{path}: resources {sorted(resources)} differ from the manifest's tables {sorted(manifest['tables'])}")
    for name, entry in manifest["tables"].items():
        res = resources.get(name)
        if res is not None and (res.get("hash") != f"sha256:{entry['sha256']}" or res.get("rows") != entry["rows"] or res.get("path") != entry["file"]):
            problems.append(f"{path}: resource {name} (hash, rows or path) differs from the manifest")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m datasets.build", description=__doc__.splitlines()[0])
    parser.add_argument("--if-changed", action="store_true", help="skip when inputs are unchanged since the last build")
    parser.add_argument("--verify", action="store_true", help="only check the published files against the manifest")
    parser.add_argument("--out", type=Path, default=PUBLISHED_DIR, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.verify:
        problems = verify(args.out)
        for p in problems:
            print(f"VERIFY FAILED: {p}", file=sys.stderr)
        print("verify: ok" if not problems else f"verify: {len(problems)} problem(s)")
        return 1 if problems else 0

    started = time.perf_counter()
    digest = inputs_sha256()
    if args.if_changed:
        try:
            previous = json.loads((args.out / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            previous = {}
        if previous.get("inputs_sha256") == digest and not verify(args.out):
            print("datasets: published tables are up to date")
            return 0
    try:
        catalog = load_catalog()
        tables = build_tables(catalog)
        _check_sources(tables, catalog)
    except (BuildError, CatalogError) as exc:
        print(f"BUILD FAILED: {exc}", file=sys.stderr)
        print("The previously published files were left unchanged.", file=sys.stderr)
        return 1
    try:
        manifest = publish(tables, args.out, digest, catalog)
    except OSError as exc:
        print(f"BUILD FAILED: could not write {args.out}: {exc}", file=sys.stderr)
        print("The previously published files were left unchanged.", file=sys.stderr)
        return 1
    problems = verify(args.out, tables)
    if problems:
        for p in problems:
            print(f"VERIFY FAILED: {p}", file=sys.stderr)
        return 1
    for name, entry in manifest["tables"].items():
        print(f"  {name:<24} {entry['rows']:>7,} rows  {entry['sha256'][:12]}")
    print(f"datasets: built {len(tables)} tables in {time.perf_counter() - started:.2f} s -> {args.out.relative_to(REPO_ROOT) if args.out.is_relative_to(REPO_ROOT) else args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
