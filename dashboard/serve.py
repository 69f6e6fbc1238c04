"""Start the dashboard server with its page code already loaded: ``python -m dashboard.serve
[streamlit run options]`` (``make run`` uses it).

``streamlit run`` loads the app's Python modules (pandas, Plotly, pyarrow and this project's
pages, about half a second) only when the first reader arrives, so whoever opens a link first after
a start or a restart waited for it. Here they are imported before the server accepts connections
(like gunicorn's ``--preload``); the server itself is Streamlit's own, started by its command line
with the same arguments.
"""

from __future__ import annotations

import gc
import importlib
import logging
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "dashboard" / "app.py"

#: Not preloaded: the entry point and the page scripts (Streamlit runs them for each reader) and this module.
NOT_PRELOADED = {"app", "serve", "__init__"}


def preload() -> list[str]:
    """Import every module of the dashboard package (and with them pandas, pyarrow, Plotly and
    the data layer they use); returns their names. Raises what an import raises."""
    names = [f"dashboard.{p.stem}" for p in sorted((ROOT / "dashboard").glob("*.py")) if p.stem not in NOT_PRELOADED]
    # Each st.cache_data made before the server starts logs "No runtime found, using
    # MemoryCacheStorageManager" (about 20 lines at every start): the in-memory cache is what these
    # caches use under the server as well, so the warning is silenced while the modules load.
    from streamlit.runtime.caching import cache_data_api  # makes the logger (Streamlit sets its level then)

    caching = logging.getLogger(cache_data_api.__name__)
    level = caching.level
    caching.setLevel(logging.ERROR)
    try:
        for name in names:
            importlib.import_module(name)
    finally:
        caching.setLevel(level)
    return names


def main(argv: list[str]) -> None:
    """Preload the modules, then run ``streamlit run dashboard/app.py <argv>`` in this process."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    preload()
    # Streamlit runs a full garbage collection after every script run (runner.postScriptGC). With
    # pandas, pyarrow, Plotly and this project loaded, that walk over every object took about half of
    # each run's CPU time: it was what made a run of the dashboard cost twice a trivial page's under a
    # burst of readers. The objects loaded so far live as long as the server: frozen, they are left out
    # of every collection (the collection after each run still frees what the run left behind).
    gc.freeze()
    from streamlit.web import cli

    sys.argv = ["streamlit", "run", str(APP), *argv]
    cli.main()


if __name__ == "__main__":
    main(sys.argv[1:])
