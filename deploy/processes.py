"""Starting and stopping local dashboard servers: wait until one answers its health check, stop
one with its children, read the end of its log. Used by ``make serve`` (the replicas behind the
proxy), the tests' browser server and the benchmarks.

Every server is started with ``start_new_session=True``, so it leads its own process group and
stopping the group also stops what it started (``make run`` starts streamlit).
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path


class ServeError(RuntimeError):
    """A server did not start (the message says which, with the end of its log)."""


def healthy(url: str) -> bool:
    """True when the Streamlit server at ``url`` answers ``/_stcore/health`` with "ok"."""
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
            return resp.status == 200 and resp.read().strip() == b"ok"
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


def log_tail(path: Path | str, chars: int = 3000) -> str:
    """The last ``chars`` characters of a server's log, or "(no log)"."""
    try:
        return Path(path).read_text(encoding="utf-8", errors="replace")[-chars:]
    except OSError:
        return "(no log)"


def wait_healthy(url: str, proc: subprocess.Popen, what: str, log: Path | str, timeout: float, poll: float = 0.3) -> float:
    """Wait until the server ``proc`` answers at ``url``, asking every ``poll`` seconds.

    Returns:
        The seconds it took.

    Raises:
        ServeError: ``proc`` exited, or did not answer within ``timeout`` seconds; the message
            names ``what`` and ends with the end of ``log``.
    """
    start = time.monotonic()
    while not healthy(url):
        if proc.poll() is not None:
            raise ServeError(f"{what} exited with code {proc.returncode}:\n{log_tail(log)}")
        if time.monotonic() - start > timeout:
            raise ServeError(f"{what} not healthy at {url} after {timeout:.0f} s:\n{log_tail(log)}")
        time.sleep(poll)
    return time.monotonic() - start


def stop(proc: subprocess.Popen | None, wait: float = 10) -> None:
    """SIGTERM the process group of ``proc`` (started with ``start_new_session``); SIGKILL it if it
    is still there after ``wait`` seconds. Nothing happens for None or a process already gone."""
    if proc is None or proc.poll() is not None:
        return
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue
