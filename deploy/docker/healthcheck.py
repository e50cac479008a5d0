"""Container health check: `python healthcheck.py PORT [HEALTH_SERVICE] [--server-name NAME]`.

Asks the standard gRPC health service on 127.0.0.1:PORT about HEALTH_SERVICE ("" = the
server's readiness, `liveness` = the process serves); exits 0 when it answers SERVING,
1 otherwise, 2 on bad usage.

With mTLS on (`KEEL_MTLS`, `KEEL_TLS_DIR`, read as the services read them) it calls as
`keel`, the operator's workload, and accepts only a server whose certificate names NAME,
by default the Keel service whose standard port is PORT. Used by compose healthchecks and
Kubernetes exec probes: kubelet's native gRPC probe cannot present a client certificate,
and every service port refuses plaintext.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

from keel_runtime.config import SERVICE_PORTS, ConfigError
from keel_runtime.tls import OPERATOR, MeshTls, blocking_channel


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="healthcheck.py", description="gRPC health check")
    parser.add_argument("port", type=int)
    parser.add_argument("health_service", nargs="?", default="")
    parser.add_argument("--server-name", help="the service the certificate must name")
    parser.add_argument("--timeout", type=float, default=3.0, help="seconds (default 3)")
    args = parser.parse_args(argv)
    address = f"127.0.0.1:{args.port}"
    try:
        mesh = MeshTls.from_env(OPERATOR)
    except ConfigError as exc:
        print(f"unhealthy: {exc}", file=sys.stderr)
        return 1
    server_name = None
    if mesh is not None:
        by_port = {port: name for name, port in SERVICE_PORTS.items()}
        server_name = args.server_name or by_port.get(args.port)
        if server_name is None:
            parser.error(f"port {args.port} is no service's standard port: pass --server-name")
    channel = blocking_channel(address, mesh, server=server_name)
    try:
        with channel:
            reply = health_pb2_grpc.HealthStub(channel).Check(
                health_pb2.HealthCheckRequest(service=args.health_service), timeout=args.timeout
            )
    except grpc.RpcError as exc:
        print(f"unhealthy: {exc.code().name}", file=sys.stderr)
        return 1
    print(health_pb2.HealthCheckResponse.ServingStatus.Name(reply.status))
    return 0 if reply.status == health_pb2.HealthCheckResponse.SERVING else 1


if __name__ == "__main__":
    sys.exit(main())
