"""Child processes: started in their own session, logged to a file, always stopped."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


class BenchError(RuntimeError):
    """Something the benchmark needs did not come up; the message says what and where."""


def free_port() -> int:
    """A port nothing listens on right now (the kernel's pick for port 0)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Child:
    """One process we started. Its own session keeps a terminal's Ctrl-C away from it:
    the benchmark stops children itself, in order (services flush spans before the
    receiver goes)."""

    def __init__(
        self,
        name: str,
        argv: Sequence[str],
        env: Mapping[str, str],
        log_path: Path,
        *,
        quiet_stdout: bool = False,
    ) -> None:
        self.name = name
        self.log_path = log_path
        with log_path.open("ab") as log:
            self.popen = subprocess.Popen(
                list(argv),
                env=dict(env),
                cwd=REPO_ROOT,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL if quiet_stdout else log,
                stderr=log,
                start_new_session=True,
            )

    @property
    def pid(self) -> int:
        return self.popen.pid

    def alive(self) -> bool:
        return self.popen.poll() is None

    def stop(self, timeout: float = 10.0) -> None:
        """SIGTERM, then SIGKILL after `timeout`; a no-op once it has exited."""
        if not self.alive():
            return
        self.terminate()
        try:
            self.popen.wait(timeout)
        except subprocess.TimeoutExpired:
            self.popen.kill()
            self.popen.wait()

    def terminate(self) -> None:
        if self.alive():
            self.popen.send_signal(signal.SIGTERM)

    def tail(self, lines: int = 15) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:])

    def check_alive(self) -> None:
        if not self.alive():
            raise BenchError(
                f"{self.name} exited with {self.popen.returncode}; "
                f"last lines of {self.log_path}:\n{self.tail()}"
            )


def stop_all(children: Sequence[Child], timeout: float = 10.0) -> None:
    """Stop several children at once: every SIGTERM first, so their shutdowns overlap."""
    for child in children:
        child.terminate()
    for child in children:
        child.stop(timeout)


def wait_until(
    ready: Callable[[], bool], what: str, timeout: float = 30.0, child: Child | None = None
) -> None:
    """Poll `ready` until it holds; fail early if `child` dies meanwhile."""
    deadline = time.monotonic() + timeout
    while True:
        if child is not None:
            child.check_alive()
        if ready():
            return
        if time.monotonic() > deadline:
            tail = f"\nlast lines of {child.log_path}:\n{child.tail()}" if child else ""
            raise BenchError(f"timed out after {timeout:.0f}s waiting for {what}{tail}")
        time.sleep(0.1)


def clean_environment() -> dict[str, str]:
    """The caller's environment without Keel or OpenTelemetry settings: each child gets
    exactly the ones its scenario needs."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KEEL_", "OTEL_"))}
    env["PYTHONUNBUFFERED"] = "1"
    return env
