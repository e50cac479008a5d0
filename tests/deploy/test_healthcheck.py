"""deploy/docker/healthcheck.py, run as compose and the exec probes run it, against a real
gRPC server that serves mTLS as `catalog` does."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from concurrent import futures
from pathlib import Path

import grpc
import pytest
from grpc_health.v1 import health, health_pb2, health_pb2_grpc

from keel_runtime.config import SERVICE_PORTS
from keel_runtime.tls import MeshTls, make_mesh_credentials

SCRIPT = Path(__file__).resolve().parents[2] / "deploy" / "docker" / "healthcheck.py"


@pytest.fixture(scope="module")
def tls_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("tls")
    make_mesh_credentials(folder, ("catalog", "keel"))
    return folder


@pytest.fixture(scope="module")
def port(tls_dir: Path) -> Iterator[int]:
    """A server with catalog's certificate that admits only clients of the mesh's CA."""
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=2))
    servicer = health.HealthServicer()
    servicer.set("", health_pb2.HealthCheckResponse.SERVING)
    servicer.set("liveness", health_pb2.HealthCheckResponse.SERVING)
    servicer.set("drained", health_pb2.HealthCheckResponse.NOT_SERVING)
    health_pb2_grpc.add_HealthServicer_to_server(servicer, server)
    mesh = MeshTls.load(tls_dir, "catalog")
    bound = server.add_secure_port("127.0.0.1:0", mesh.server_credentials())
    server.start()
    yield bound
    server.stop(grace=None)


def check(*args: str | int, tls_dir: Path, mtls: str = "on") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KEEL_MTLS": mtls, "KEEL_TLS_DIR": str(tls_dir)}
    return subprocess.run(
        [sys.executable, str(SCRIPT), *map(str, args)],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


def test_serving_over_mtls(port: int, tls_dir: Path) -> None:
    done = check(port, "--server-name", "catalog", tls_dir=tls_dir)
    assert (done.returncode, done.stdout.strip()) == (0, "SERVING"), done.stderr


def test_health_service_argument_as_before(port: int, tls_dir: Path) -> None:
    assert check(port, "liveness", "--server-name", "catalog", tls_dir=tls_dir).returncode == 0
    drained = check(port, "drained", "--server-name", "catalog", tls_dir=tls_dir)
    assert (drained.returncode, drained.stdout.strip()) == (1, "NOT_SERVING")


def test_refuses_a_server_named_otherwise(port: int, tls_dir: Path) -> None:
    done = check(port, "--server-name", "billing", tls_dir=tls_dir)
    assert done.returncode == 1
    assert "unhealthy" in done.stderr


def test_plaintext_is_refused_by_the_server(port: int, tls_dir: Path) -> None:
    # What kubelet's native grpc probe does: why the probes run this script instead.
    assert check(port, tls_dir=tls_dir, mtls="off").returncode == 1


def test_without_the_operator_certificate(port: int, tls_dir: Path, tmp_path: Path) -> None:
    for name in ("ca.crt", "catalog.crt", "catalog.key"):
        shutil.copy(tls_dir / name, tmp_path / name)
    done = check(port, "--server-name", "catalog", tls_dir=tmp_path)
    assert done.returncode == 1
    assert "keel.crt" in done.stderr


def test_a_nonstandard_port_needs_the_server_name(port: int, tls_dir: Path) -> None:
    if port in SERVICE_PORTS.values():
        pytest.skip("the free port happens to be a service's standard one")
    done = check(port, tls_dir=tls_dir)
    assert done.returncode == 2
    assert "--server-name" in done.stderr
