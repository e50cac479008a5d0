"""Readiness probes of the stack's processes. Each returns (ready, short description)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

from deploy.embedded.postgres import EmbeddedPostgres
from deploy.embedded.redis import ping
from deploy.embedded.supervisor import port_open
from keel_runtime import tls
from keel_runtime.tls import MeshTls

Probe = tuple[bool, str]
# Probes talk to loopback only; a proxy from the environment must never be used.
_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def grpc_health(
    port: int,
    service: str,
    mesh: MeshTls | None,
    host: str = "127.0.0.1",
    timeout: float = 1.0,
) -> Probe:
    """gRPC health `Check(service="")` of `service`: ready when SERVING. With mTLS on (`mesh`:
    the operator's certificate) the probe presents it and checks the service's."""
    options = [("grpc.enable_http_proxy", 0)]
    with tls.blocking_channel(f"{host}:{port}", mesh, server=service, options=options) as channel:
        stub = health_pb2_grpc.HealthStub(channel)
        try:
            reply = stub.Check(health_pb2.HealthCheckRequest(service=""), timeout=timeout)
        except grpc.RpcError as exc:
            code = exc.code() if isinstance(exc, grpc.Call) else None
            return False, f"unreachable ({code.name if code else exc})"
    status = health_pb2.HealthCheckResponse.ServingStatus.Name(reply.status)
    return reply.status == health_pb2.HealthCheckResponse.SERVING, status


def http_ok(url: str, timeout: float = 1.0) -> Probe:
    """GET `url`: ready on HTTP 200."""
    try:
        with _NO_PROXY.open(url, timeout=timeout) as response:
            return response.status == 200, f"HTTP {response.status}"
    except urllib.error.HTTPError as exc:
        return False, f"HTTP {exc.code}"
    except OSError as exc:
        return False, f"unreachable ({exc})"


def postgres_ready(pg: EmbeddedPostgres) -> Probe:
    return (True, "accepting connections") if pg.is_ready() else (False, "not ready")


def redis_ready(port: int) -> Probe:
    return (True, "PONG") if ping(port) else (False, "no PONG")


def tcp_listening(port: int) -> Probe:
    return (True, "listening") if port_open(port) else (False, "not listening")


def supervised(state: str | None) -> Probe:
    """A program with no port to ask (the agents worker): up while supervisord runs it."""
    return (True, "running (no health port)") if state == "RUNNING" else (False, state or "-")


def logged(path: Path, msg: str, offset: int = 0) -> Probe:
    """Whether the JSON log `path` has a line with `msg` past `offset` (where this start of
    the program began writing): how a program without a port says it is ready."""
    try:
        with path.open("rb") as log:
            if log.seek(0, 2) < offset:
                offset = 0  # rotated meanwhile: all of it is new
            log.seek(offset)
            lines = log.read().decode(errors="replace").splitlines()
    except FileNotFoundError:
        return False, "no log yet"
    for line in lines:
        try:
            entry = json.loads(line)
        except ValueError:
            continue  # a traceback, a library's plain text
        if isinstance(entry, dict) and entry.get("msg") == msg:
            return True, f"logged {msg!r}"
    return False, f"not yet {msg!r}"
