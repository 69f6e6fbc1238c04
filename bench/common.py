"""What the benchmarks and the tests share: the headless Chromium they launch, free ports for the
servers they start, and the element tree of a Streamlit agent API snapshot."""

from __future__ import annotations

import socket

#: Debian's chromium (``make test`` installs it), launched by Playwright with these flags: headless,
#: no sandbox (root in a container), and nothing that would reach the network on its own.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port(span: int = 1) -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now, with the ``span - 1`` ports after it
    free too (for a proxy and its replicas).

    Raises:
        RuntimeError: no such range found in 50 tries.
    """
    for _ in range(50):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port + span >= 65535:
            continue
        try:
            for p in range(port + 1, port + span):
                with socket.socket() as s:
                    s.bind(("127.0.0.1", p))
            return port
        except OSError:
            continue
    raise RuntimeError("no free port range on 127.0.0.1")


def snapshot_elements(node) -> list[dict]:
    """Every element of an agent API snapshot's tree (``snapshot["tree"]``), depth first: the
    tree nests dicts and lists, and an element is a dict with a ``type``."""
    found = []
    if isinstance(node, dict):
        if "type" in node:
            found.append(node)
        for value in node.values():
            found.extend(snapshot_elements(value))
    elif isinstance(node, list):
        for value in node:
            found.extend(snapshot_elements(value))
    return found
