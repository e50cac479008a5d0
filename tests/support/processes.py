"""Run a Keel service as a real process (`python -m services.<name>`), as production does."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from tests.support import channels
from tests.support.net import free_port, wait_until

ROOT = Path(__file__).resolve().parents[2]
# Telemetry off in the services' processes (nothing would read it).
QUIET = {"OTEL_TRACES_EXPORTER": "none", "OTEL_METRICS_EXPORTER": "none"}


def service_settings(
    name: str, database_url: str, redis_url: str, identity_address: str, **more: str
) -> dict[str, str]:
    """Settings for service `name` on its own database beside identity: the session's mesh
    certificates, a quick outbox, quiet telemetry, plus `more` (`KEEL_*` names)."""
    return {
        **channels.mesh_env(),
        f"KEEL_{name.upper()}_DATABASE_URL": database_url,
        "KEEL_REDIS_URL": redis_url,
        "KEEL_IDENTITY_ADDR": identity_address,
        "KEEL_OUTBOX_POLL_SECONDS": "0.2",
        **QUIET,
        **more,
    }


def health_status(address: str, service: str = "") -> int | None:
    """The gRPC health status of `address`, or None when it does not answer."""
    with channels.sync_channel(address) as channel:
        try:
            reply = health_pb2_grpc.HealthStub(channel).Check(
                health_pb2.HealthCheckRequest(service=service), timeout=1
            )
        except grpc.RpcError:
            return None
        return int(reply.status)


class ServiceProcess:
    def __init__(self, name: str, env: dict[str, str], log_path: Path) -> None:
        self.name = name
        # A port given beforehand (a service another one must know before it starts).
        self.port = int(env.get(f"KEEL_{name.upper()}_PORT") or free_port())
        self.address = f"127.0.0.1:{self.port}"
        self.log_path = log_path
        self.env = {
            **os.environ,
            "PYTHONUNBUFFERED": "1",
            f"KEEL_{name.upper()}_PORT": str(self.port),
            "KEEL_HEALTH_CHECK_SECONDS": "0.5",
            **env,
        }
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 20.0) -> ServiceProcess:
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", f"services.{self.name}"],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        wait_until(self._serving, timeout, f"{self.name} to serve (log: {self.log_path})")
        return self

    def _serving(self) -> bool:
        assert self.process is not None
        if self.process.poll() is not None:
            raise RuntimeError(f"{self.name} exited:\n{self.log_path.read_text()[-3000:]}")
        return health_status(self.address) == health_pb2.HealthCheckResponse.SERVING

    def terminate(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)

    def stop(self, timeout: float = 20.0) -> int:
        assert self.process is not None
        self.terminate()
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return self.process.wait()

    def log(self) -> str:
        return self.log_path.read_text()


@contextmanager
def service(
    name: str, env: dict[str, str], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServiceProcess]:
    """`name` as a real process, serving until the block ends; its log in a fresh tmp dir."""
    log = tmp_path_factory.mktemp(name) / f"{name}.log"
    process = ServiceProcess(name, env, log).start()
    try:
        yield process
    finally:
        process.stop()
