"""``make serve REPLICAS=N [PORT=8501]``: N dashboard processes behind HAProxy (deploy/haproxy.cfg).

Each replica is the server ``make run`` starts (``python -m dashboard.serve``), bound to 127.0.0.1
on ports PORT+1 ... PORT+N; HAProxy listens on 127.0.0.1:PORT, sends each new reader to a replica and
keeps it there with a cookie, upgrades ``/_stcore/stream`` to a WebSocket and checks
``/_stcore/health`` every 2 s. The replicas share nothing but the read-only Parquet files.

Run ``python -m deploy.serve_replicas --replicas N --port P [-- streamlit options]``; it runs until
Ctrl-C (or SIGTERM), then stops the proxy and every replica. :func:`running` does the same as a
context manager (the load test and the tests use it).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from deploy.processes import ServeError, stop, wait_healthy

ROOT = Path(__file__).resolve().parent.parent
CONFIG = Path(__file__).resolve().parent / "haproxy.cfg"
MARKER = "# REPLICA SERVERS"
COOKIE = "DASHBOARD_REPLICA"
#: Requests per client address in 10 s above which the proxy answers 429 (loopback is exempt).
RATE_LIMIT = 600
MISSING_PROXY = ("HAProxy is not installed: install the Debian package haproxy "
                 "(`apt-get install haproxy` as root; `bash scripts/install_proxy.sh` does it)")
START_TIMEOUT = 120.0


@dataclass
class Cluster:
    """What :func:`running` started: the proxy's URL, each replica's URL and process."""

    url: str
    replica_urls: list[str]
    replicas: list[subprocess.Popen] = field(repr=False)
    proxy: subprocess.Popen = field(repr=False)
    config_path: Path = field(repr=False)


def haproxy() -> str:
    """Path of the haproxy executable. Raises ServeError naming the Debian package when missing."""
    found = shutil.which("haproxy") or next((p for p in ("/usr/sbin/haproxy", "/usr/local/sbin/haproxy") if os.access(p, os.X_OK)), None)
    if not found:
        raise ServeError(MISSING_PROXY)
    return found


def proxy_config(replica_ports: list[int]) -> str:
    """deploy/haproxy.cfg with one ``server`` line per replica (``appN 127.0.0.1:PORT cookie appN``)
    at its marker. Raises ServeError if the marker is missing."""
    text = CONFIG.read_text(encoding="utf-8")
    if MARKER not in text:
        raise ServeError(f"{CONFIG}: the line '{MARKER} ...' that marks where the replicas go is missing")
    servers = "".join(f"    server app{i} 127.0.0.1:{port} cookie app{i}\n" for i, port in enumerate(replica_ports, 1))
    lines = text.splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if MARKER in line)
    return "".join(lines[: at + 1]) + servers + "".join(lines[at + 1 :])


@contextlib.contextmanager
def running(replicas: int, port: int, streamlit_args: list[str] = (), log_dir: Path | None = None) -> Iterator[Cluster]:
    """Start ``replicas`` dashboard processes and HAProxy in front of them; yield a :class:`Cluster`
    once the proxy answers ``/_stcore/health``; stop everything on exit.

    Args:
        replicas: number of processes (>= 1).
        port: the proxy's port on 127.0.0.1; the replicas take port+1 ... port+replicas.
        streamlit_args: more ``streamlit run`` options for every replica (e.g. the agent API's).
        log_dir: where each process's output goes (``replica-<port>.log``, ``haproxy-<port>.log``);
            a temporary folder when None.

    Raises:
        ServeError: haproxy is missing, or a process exited or stayed unhealthy (its log's end is in the message).
        ValueError: replicas < 1.
    """
    if replicas < 1:
        raise ValueError(f"replicas must be at least 1, got {replicas}")
    exe = haproxy()
    ports = [port + i for i in range(1, replicas + 1)]
    tmp = Path(tempfile.mkdtemp(prefix="dashboard-proxy-"))
    logs = Path(log_dir) if log_dir else tmp
    logs.mkdir(parents=True, exist_ok=True)
    config_path = tmp / "haproxy.cfg"
    config_path.write_text(proxy_config(ports), encoding="utf-8")
    env = {**os.environ, "PROXY_BIND": f"127.0.0.1:{port}", "PROXY_RATE_LIMIT": str(RATE_LIMIT)}
    procs: list[subprocess.Popen] = []
    proxy = None
    handles = []
    try:
        for p in ports:
            log = open(logs / f"replica-{p}.log", "wb")  # noqa: SIM115 - closed in finally
            handles.append(log)
            procs.append(subprocess.Popen(
                [sys.executable, "-m", "dashboard.serve", "--server.address", "127.0.0.1", "--server.port", str(p), *streamlit_args],
                cwd=ROOT, start_new_session=True, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            ))
        for p, proc in zip(ports, procs):
            wait_healthy(f"http://127.0.0.1:{p}", proc, f"replica on port {p}", logs / f"replica-{p}.log", timeout=START_TIMEOUT)
        check = subprocess.run([exe, "-c", "-q", "-f", str(config_path)], env=env, capture_output=True, text=True, check=False)
        if check.returncode != 0:
            raise ServeError(f"haproxy rejects {config_path}:\n{check.stdout}{check.stderr}")
        log = open(logs / f"haproxy-{port}.log", "wb")  # noqa: SIM115 - closed in finally
        handles.append(log)
        # -db: stay in the foreground (stopped with the others); -W: master-worker mode.
        proxy = subprocess.Popen([exe, "-W", "-db", "-f", str(config_path)], env=env, start_new_session=True,
                                 stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        url = f"http://127.0.0.1:{port}"
        wait_healthy(url, proxy, "haproxy", logs / f"haproxy-{port}.log", timeout=30)
        yield Cluster(url, [f"http://127.0.0.1:{p}" for p in ports], procs, proxy, config_path)
    finally:
        stop(proxy)
        for proc in procs:
            stop(proc)
        for h in handles:
            h.close()
        shutil.rmtree(tmp, ignore_errors=True)


def _interrupt(signum, frame):  # noqa: ANN001
    raise KeyboardInterrupt(f"signal {signum}")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m deploy.serve_replicas", description=__doc__.split("\n\n")[0])
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--port", type=int, default=8501)
    parser.add_argument("streamlit_args", nargs="*", help="more `streamlit run` options for every replica (after --)")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        with running(args.replicas, args.port, args.streamlit_args) as cluster:
            print(f"dashboard: {cluster.url}  (HAProxy -> {args.replicas} processes: {', '.join(cluster.replica_urls)}); Ctrl-C stops all", flush=True)
            ended: set[int] = set()
            # A replica that ends is taken out by the proxy's health check; the others go on serving.
            while cluster.proxy.poll() is None and len(ended) < len(cluster.replicas):
                for i, proc in enumerate(cluster.replicas):
                    if proc.poll() is not None and i not in ended:
                        ended.add(i)
                        print(f"replica {cluster.replica_urls[i]} ended (code {proc.returncode}); the proxy sends its readers to the others", file=sys.stderr)
                time.sleep(1)
            print("the proxy or every replica ended: stopping", file=sys.stderr)
            return 1
    except ServeError as exc:
        print(f"make serve: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
