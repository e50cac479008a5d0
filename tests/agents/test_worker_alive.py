"""The worker's liveness probe (`python -m services.agents.heartbeat`, Kubernetes' and
compose's): alive while its event loop beats, dead when the loop stops (the process
frozen with SIGSTOP, as a wedged loop would be), alive again when it resumes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from tests.agents.workers import worker
from tests.support.processes import ROOT


def _probe(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "services.agents.heartbeat"],
        cwd=ROOT, env={**os.environ, **env}, capture_output=True, text=True, timeout=30,
    )  # fmt: skip


def _until(env: dict[str, str], code: int, seconds: float) -> subprocess.CompletedProcess[str]:
    deadline = time.monotonic() + seconds
    while True:
        probed = _probe(env)
        if probed.returncode == code or time.monotonic() > deadline:
            return probed
        time.sleep(0.2)


def test_the_probe_follows_the_workers_event_loop(agents_env, agents, tmp_path) -> None:
    env = {
        **agents_env,
        "KEEL_AGENTS_WORKER_HEARTBEAT_FILE": str(tmp_path / "alive"),
        "KEEL_AGENTS_WORKER_HEARTBEAT_SECONDS": "0.2",
        "KEEL_AGENTS_WORKER_HEARTBEAT_MAX_AGE_SECONDS": "2",
    }
    before = _probe(env)
    assert before.returncode == 1 and "no heartbeat" in before.stderr
    with worker(env, tmp_path / "worker.log") as running:
        assert _until(env, 0, 10).returncode == 0
        assert running.process is not None
        running.process.send_signal(signal.SIGSTOP)
        try:
            stale = _until(env, 1, 10)
            assert stale.returncode == 1 and "last heartbeat" in stale.stderr, stale.stderr
        finally:
            running.process.send_signal(signal.SIGCONT)
        assert _until(env, 0, 10).returncode == 0
