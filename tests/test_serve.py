"""dashboard.serve: the modules loaded before the server starts."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_preload_imports_every_dashboard_module_but_the_scripts():
    code = (
        "import sys; from dashboard import serve; names = serve.preload(); "
        "print(len(names)); print('dashboard.app' in sys.modules, 'pandas' in sys.modules, 'plotly.graph_objects' in sys.modules, "
        "'dashboard.cached_marriage' in sys.modules, any(m.startswith('dashboard.views') for m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    out = done.stdout.split("\n")
    assert "No runtime found" not in done.stderr  # the caches made before the server starts say nothing at each start
    modules = sorted(p.stem for p in (ROOT / "dashboard").glob("*.py") if p.stem not in ("app", "serve", "__init__"))
    assert int(out[0]) == len(modules) >= 15
    # the page scripts and the entry point are left to Streamlit: they draw on import
    assert out[1] == "False True True True False"
