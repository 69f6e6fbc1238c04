"""Where the project's files are, and the two small helpers both layers use to name and version a
file. One home: the build (:mod:`datasets.build`), the raw readers (:mod:`datasets.rawio`) and the
dashboard's reader (:mod:`dashboard.data`) import them from here.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_ROOT = PACKAGE_DIR.parent
#: The raw public files, copied unchanged from their sources (see catalog.yaml).
RAW_DIR = PACKAGE_DIR / "raw"
#: Where ``python -m datasets.build`` publishes the Parquet files, the manifest and the data package.
PUBLISHED_DIR = PACKAGE_DIR / "published"
#: The build's manifest, in the published folder: built_at, inputs hash, per table rows, sha256, units.
MANIFEST = "manifest.json"


def display_path(path: Path) -> str:
    """A path as a user should see it (in error messages): relative to the repository root where possible."""
    try:
        return str(Path(path).resolve().relative_to(REPO_ROOT))
    except ValueError:
        return str(path)


def file_version(path: Path) -> tuple[int, int]:
    """Modification time (ns) and size of ``path``, (0, 0) when it is missing or unreadable: part of
    the cache keys under which a file is read once per version (a rebuilt or damaged file is read
    again without restarting the server)."""
    try:
        stat = Path(path).stat()
    except OSError:
        return 0, 0
    return stat.st_mtime_ns, stat.st_size
