"""Run two groups of independent jobs at the same time: one here, one in a forked child process.

The data build reads and validates fifteen raw files, each on its own; on a machine with two or
more CPUs the child takes about half of them. Each job's result -- its return value or the
exception it raised -- comes back under the job's name, so the caller can take them in its
own order and raise the first failure exactly where a one-process run would have raised it.

The child is a fork: it starts with everything this process has imported and defined (no
re-import, and test doubles put in place with monkeypatch apply there too), sends its results
back pickled through a pipe, and ends with ``os._exit``, so nothing of the parent (atexit
handlers, buffered output, pytest) runs twice.
"""

from __future__ import annotations

import os
import pickle
import sys
import threading
from typing import Any, Callable

Jobs = dict[str, Callable[[], Any]]


def can_fork() -> bool:
    """Whether :func:`run_jobs` splits the work: ``os.fork`` exists, there is more than one CPU,
    this process has no other Python thread (a fork copies only the calling thread, so a lock
    another thread holds would stay locked in the child), and no profiler is running (it would
    not see the child's work)."""
    return (
        hasattr(os, "fork")
        and (os.cpu_count() or 1) > 1
        and threading.active_count() == 1
        and sys.getprofile() is None
    )


def run_jobs(here: Jobs, elsewhere: Jobs) -> dict[str, Any]:
    """Run the jobs of ``here`` in this process while a forked child runs those of ``elsewhere``
    (all in this process, one after the other, when :func:`can_fork` says no).

    Returns:
        Job name -> its return value, or the exception it raised (not raised here: the caller
        decides in which order to look at the results).

    Raises:
        RuntimeError: the child ended without sending its results (killed, or crashed).
    """
    if not can_fork():
        return _run_each({**here, **elsewhere})
    read_end, write_end = os.pipe()
    try:
        pid = os.fork()
    except OSError:  # no process to spare (EAGAIN, ENOMEM): all here
        os.close(read_end)
        os.close(write_end)
        return _run_each({**here, **elsewhere})
    if pid == 0:  # the child
        status = 1
        try:
            os.close(read_end)
            payload = _pickled(_run_each(elsewhere))
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(payload)
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    try:
        results = _run_each(here)
    finally:
        with os.fdopen(read_end, "rb") as pipe:  # read to the end before waiting: the child blocks on a full pipe
            payload = pipe.read()
        os.waitpid(pid, 0)
    if not payload:
        raise RuntimeError(f"the second build process (pid {pid}) ended without sending the results of {sorted(elsewhere)}")
    results.update(pickle.loads(payload))
    return results


def _run_each(jobs: Jobs) -> dict[str, Any]:
    results: dict[str, Any] = {}
    for name, job in jobs.items():
        try:
            results[name] = job()
        except Exception as exc:  # noqa: BLE001 - handed to the caller, who raises it in its own order
            results[name] = exc
    return results


def _pickled(results: dict[str, Any]) -> bytes:
    try:
        return pickle.dumps(results, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - e.g. an exception that cannot be pickled: send it as text
        return pickle.dumps(
            {
                name: RuntimeError(f"{type(value).__name__}: {value}") if isinstance(value, BaseException) else value
                for name, value in results.items()
            },
            protocol=pickle.HIGHEST_PROTOCOL,
        )
