"""The mTLS group: its generator over both kinds of channel, its ratios, its --only group."""

from __future__ import annotations

import argparse
from pathlib import Path

import grpc
import pytest

from bench import billing, cli, report
from bench.loadgen import Load, Result
from bench.scenarios import TLS_AUTHZ, TLS_CALLER, TLS_REST, Measurement
from keel.identity.v1 import authorization_pb2
from keel_runtime import tls

REQUEST = authorization_pb2.CheckPermissionRequest(
    check=authorization_pb2.PermissionCheck(org_id="o", permission="agents.run")
)


class Allowing:
    """identity's CheckPermission, answering ALLOWED to the callers it is told to."""

    def __init__(self, callers: frozenset[str] | None) -> None:
        self.callers = callers  # None: plaintext, nobody checked
        self.seen: set[str] = set()

    async def check(
        self,
        request: authorization_pb2.CheckPermissionRequest,
        context: grpc.aio.ServicerContext,
    ) -> authorization_pb2.CheckPermissionResponse:
        caller = tls.peer_workload(context)
        self.seen.add(caller)
        allowed = self.callers is None or caller in self.callers
        verdict = authorization_pb2.VERDICT_ALLOWED if allowed else authorization_pb2.VERDICT_DENIED
        return authorization_pb2.CheckPermissionResponse(verdict=verdict)

    def handler(self) -> grpc.GenericRpcHandler:
        method = grpc.unary_unary_rpc_method_handler(
            self.check,
            request_deserializer=authorization_pb2.CheckPermissionRequest.FromString,
            response_serializer=authorization_pb2.CheckPermissionResponse.SerializeToString,
        )
        service = "keel.identity.v1.AuthorizationService"
        return grpc.method_handlers_generic_handler(service, {"CheckPermission": method})


def _args(target: str, tls_dir: Path | None, workload: str = TLS_CALLER) -> argparse.Namespace:
    return argparse.Namespace(
        target=target,
        tls_dir=str(tls_dir) if tls_dir else None,
        workload=workload,
        request=REQUEST.SerializeToString().hex(),
        in_flight=4,
        connections=2,
        warmup=0.05,
        duration=0.2,
    )


async def _serve(servicer: Allowing, mesh: tls.MeshTls | None) -> tuple[grpc.aio.Server, str]:
    server = grpc.aio.server()
    server.add_generic_rpc_handlers([servicer.handler()])
    if mesh is None:
        port = server.add_insecure_port("127.0.0.1:0")
    else:
        port = server.add_secure_port("127.0.0.1:0", mesh.server_credentials())
    await server.start()
    return server, f"127.0.0.1:{port}"


@pytest.fixture(scope="module")
def mesh_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("mesh")
    tls.make_mesh_credentials(folder)
    return folder


async def test_generator_presents_the_callers_certificate(mesh_dir: Path) -> None:
    servicer = Allowing(frozenset({TLS_CALLER}))
    server, address = await _serve(servicer, tls.MeshTls.load(mesh_dir, "identity"))
    try:
        outcome = await billing._permission(_args(address, mesh_dir))
    finally:
        await server.stop(None)
    assert servicer.seen == {TLS_CALLER}
    assert outcome["done"] > 0 and outcome["errors"] == 0


async def test_generator_counts_a_refusal_as_a_failure(mesh_dir: Path) -> None:
    servicer = Allowing(frozenset({TLS_CALLER}))
    server, address = await _serve(servicer, tls.MeshTls.load(mesh_dir, "identity"))
    try:
        outcome = await billing._permission(_args(address, mesh_dir, tls.GATEWAY))
    finally:
        await server.stop(None)
    assert outcome["done"] == 0 and outcome["failures"].get("VERDICT_DENIED", 0) > 0


async def test_generator_in_plaintext() -> None:
    servicer = Allowing(None)
    server, address = await _serve(servicer, None)
    try:
        outcome = await billing._permission(_args(address, None))
    finally:
        await server.stop(None)
    assert servicer.seen == {""}  # no certificate at all
    assert outcome["done"] > 0 and outcome["errors"] == 0


def test_permission_argv_names_the_certificates_only_with_mtls(tmp_path: Path) -> None:
    load = Load(duration=2, warmup=1)
    plain = billing.permission_argv("127.0.0.1:1", None, REQUEST, load, TLS_CALLER)
    secure = billing.permission_argv("127.0.0.1:1", tmp_path, REQUEST, load, TLS_CALLER)
    assert "--tls-dir" not in plain
    assert secure[secure.index("--tls-dir") + 1] == str(tmp_path)
    assert secure[secure.index("--workload") + 1] == TLS_CALLER


def _measurement(scenario: str, round_: int, rps: float) -> Measurement:
    return Measurement(scenario, round_, Result(100, rps, 1.0, 2.0, 0, "wrk"), 8.0, {})


def test_tls_ratios_of_the_best_rounds_and_round_by_round() -> None:
    measurements = [
        _measurement(TLS_REST[True], 1, 900.0),
        _measurement(TLS_REST[False], 1, 1000.0),
        _measurement(TLS_REST[True], 2, 950.0),
        _measurement(TLS_REST[False], 2, 1250.0),
        _measurement(TLS_AUTHZ[True], 1, 2000.0),
    ]
    found = {r.name: r for r in report.ratios(report.best(measurements), measurements)}
    rest = found["REST mTLS/plaintext"]
    assert (rest.value, rest.rounds, rest.goal, rest.verdict) == (0.76, (0.9, 0.76), 0.9, "MISS")
    authz = found["CheckPermission mTLS/plaintext"]
    assert (authz.value, authz.rounds) == (None, ())  # its plaintext half is missing
    assert found["REST read: JWT/public"].rounds == ()  # only the adjacent pairs say it


def test_only_tls_is_a_group() -> None:
    args = cli._parse(["--only", "tls", "--quick"])
    assert args.only == ["tls"] and "tls" in cli.GROUPS
