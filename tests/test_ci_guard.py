"""CI must fail, not skip, when the browser tests cannot run (scripts/install_browser_deps.sh and
tests/conftest.py's ``missing_browser``); outside CI they skip with the message saying what to install."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT, missing_browser

SCRIPT = REPO_ROOT / "scripts" / "install_browser_deps.sh"
#: What the script finds missing on the stub PATH below (haproxy is also looked for at /usr/sbin/haproxy,
#: where Debian puts it, as /usr/sbin is not on every user's PATH).
MISSING = "chromium fonts-noto-cjk libreoffice-calc-nogui" + ("" if Path("/usr/sbin/haproxy").exists() else " haproxy")


def _run_without_chromium(tmp_path: Path, ci: str | None) -> subprocess.CompletedProcess:
    """Run the install script as a user who is not root (``id`` prints 1000), on a PATH with no
    chromium and an ``fc-list`` that lists no fonts."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    for name, body in {"id": "echo 1000", "fc-list": "true"}.items():
        tool = bin_dir / name
        tool.write_text(f"#!/bin/sh\n{body}\n")
        tool.chmod(tool.stat().st_mode | stat.S_IEXEC)
    grep = bin_dir / "grep"
    if not grep.exists():
        grep.symlink_to(shutil.which("grep"))
    env = {"PATH": str(bin_dir), "HOME": str(tmp_path)}  # only the two stubs and grep: no chromium, no apt-get
    if ci is not None:
        env["CI"] = ci
    return subprocess.run(["/bin/bash", str(SCRIPT)], capture_output=True, text=True, env=env, check=False)


def test_install_script_fails_in_ci_when_chromium_is_missing(tmp_path):
    done = _run_without_chromium(tmp_path, "true")
    assert done.returncode == 1, done.stderr
    assert f"CI=true, so this fails the run (install: {MISSING})" in done.stderr


def test_install_script_lets_the_tests_skip_outside_ci(tmp_path):
    done = _run_without_chromium(tmp_path, None)
    assert done.returncode == 0, done.stderr
    assert f"browser tests will skip (install: {MISSING})" in done.stderr


def test_a_missing_browser_fails_in_ci_and_skips_elsewhere(monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true and the browser tests cannot run"):
        missing_browser()
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="install Debian packages chromium and fonts-noto-cjk"):
        missing_browser()


def test_ci_run_sets_ci_true():
    text = (REPO_ROOT / ".ci" / "run").read_text()
    assert "export CI=true" in text and text.rstrip().endswith("exec make test")
    assert os.access(REPO_ROOT / ".ci" / "run", os.X_OK) or text.startswith("#!")
