"""Container health check: `python healthcheck.py PORT [SERVICE]`.

Asks the standard gRPC health service on 127.0.0.1:PORT; exits 0 when it answers
SERVING, 1 otherwise. Kubernetes does not need this (it has native gRPC probes);
docker compose does.
"""

import sys

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

port = sys.argv[1]
service = sys.argv[2] if len(sys.argv) > 2 else ""
try:
    with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
        reply = health_pb2_grpc.HealthStub(channel).Check(
            health_pb2.HealthCheckRequest(service=service), timeout=3
        )
except grpc.RpcError as exc:
    print(f"unhealthy: {exc.code().name}", file=sys.stderr)
    sys.exit(1)
status = health_pb2.HealthCheckResponse.ServingStatus.Name(reply.status)
print(status)
sys.exit(0 if reply.status == health_pb2.HealthCheckResponse.SERVING else 1)
