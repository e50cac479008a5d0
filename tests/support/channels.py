"""gRPC channels from a test to a service, opened as a workload of the mesh would open them.

With mTLS on (the default; the session's certificates come from `tests/conftest.py`), the
channel presents `workload`'s certificate: "gateway" by default, since most tests stand in
for the gateway forwarding an end user's identity. A test acting as another service names
it (`workload="agents"`).
"""

from __future__ import annotations

import os

import grpc

from keel_runtime import tls


def channel(address: str, *, workload: str = tls.GATEWAY) -> grpc.aio.Channel:
    """An asyncio channel to `address`, as `workload`."""
    return tls.channel(address, tls.MeshTls.from_env(workload))


def sync_channel(address: str, *, workload: str = tls.GATEWAY) -> grpc.Channel:
    """A blocking channel to `address`, as `workload`."""
    return tls.blocking_channel(address, tls.MeshTls.from_env(workload))


def mesh_env() -> dict[str, str]:
    """The mesh's TLS settings of this test session, for settings given as a dict."""
    return {key: os.environ[key] for key in ("KEEL_MTLS", "KEEL_TLS_DIR") if key in os.environ}


def listen(server: grpc.aio.Server, address: str, *, workload: str) -> int:
    """Listen on `address` as `workload` would (mTLS when on); returns the port."""
    mesh = tls.MeshTls.from_env(workload)
    if mesh is None:
        return server.add_insecure_port(address)
    return server.add_secure_port(address, mesh.server_credentials())
