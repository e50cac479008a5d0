"""The runs' worker as a real process (`python -m services.agents worker`)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.support.net import wait_until
from tests.support.processes import ROOT

# Every model id runs on the built-in model: no provider key here.
WORKER_SETTINGS = {"KEEL_AGENTS_BUILTIN_FOR_ALL": "true", "KEEL_AGENTS_QUEUE_POLL_SECONDS": "0.1"}


class Worker:
    def __init__(self, env: dict[str, str], log_path: Path) -> None:
        self.env = {**os.environ, "PYTHONUNBUFFERED": "1", **WORKER_SETTINGS, **env}
        self.log_path = log_path
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> Worker:
        offset = self.log_path.stat().st_size if self.log_path.exists() else 0
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "services.agents", "worker"],
            cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        wait_until(lambda: self._working(offset), 30, f"the worker to start ({self.log_path})")
        return self

    def _working(self, offset: int) -> bool:
        assert self.process is not None
        if self.process.poll() is not None:
            raise RuntimeError(f"the worker exited:\n{self.log_path.read_text()[-3000:]}")
        return '"working"' in self.log_path.read_text()[offset:]

    def kill(self) -> None:
        """SIGKILL: no shutdown of any kind."""
        assert self.process is not None
        self.process.kill()
        self.process.wait()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@contextmanager
def worker(env: dict[str, str], log_path: Path) -> Iterator[Worker]:
    running = Worker(env, log_path).start()
    try:
        yield running
    finally:
        running.stop()
