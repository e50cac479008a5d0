"""Mutual TLS inside the mesh, on catalog's real server: who may connect, who may call what,
and whose word about the end user counts."""

from __future__ import annotations

import dataclasses
import socket
import ssl
from pathlib import Path

import grpc
import pytest
from google.rpc import error_details_pb2
from grpc_health.v1 import health_pb2, health_pb2_grpc

from keel.billing.v1 import usage_pb2
from keel.catalog.v1 import catalog_pb2, catalog_pb2_grpc
from keel.identity.v1 import authorization_pb2
from keel_runtime import clients, tls
from keel_runtime import context as request_context
from keel_runtime.config import ConfigError, ServiceConfig
from keel_runtime.rpc import allowed_callers
from keel_runtime.server import Runtime
from keel_runtime.status import details_of
from services.catalog.app import SPEC
from tests.support import channels
from tests.support.inprocess import running

LIST = catalog_pb2.ListCategoriesRequest()
WHO = "/test.Who/Am"  # answers the RequestContext the runtime built for the call


def _who_spec(callers: dict[str, list[str]] | None = None):
    """catalog plus a method that answers who the runtime says is calling."""

    async def who(request, context):
        caller = request_context.current()
        return catalog_pb2.Category(
            slug=f"{caller.caller}|{caller.user_id}|{caller.service_principal}"
        )

    def register(server: grpc.aio.Server, runtime: Runtime) -> None:
        assert SPEC.register is not None
        SPEC.register(server, runtime)
        handler = grpc.unary_unary_rpc_method_handler(
            who,
            request_deserializer=catalog_pb2.ListCategoriesRequest.FromString,
            response_serializer=catalog_pb2.Category.SerializeToString,
        )
        server.add_generic_rpc_handlers(
            [grpc.method_handlers_generic_handler("test.Who", {"Am": handler})]
        )

    return dataclasses.replace(SPEC, register=register, callers=callers or {})


async def _who(address: str, workload: str, metadata: tuple[tuple[str, str], ...] = ()) -> str:
    async with channels.channel(address, workload=workload) as channel:
        call = channel.unary_unary(
            WHO,
            request_serializer=catalog_pb2.ListCategoriesRequest.SerializeToString,
            response_deserializer=catalog_pb2.Category.FromString,
        )
        reply = await call(LIST, metadata=metadata, timeout=5)
    return str(reply.slug)


def _refused(error: grpc.aio.AioRpcError) -> str:
    assert error.code() == grpc.StatusCode.PERMISSION_DENIED, error
    info = [d for d in details_of(error) if isinstance(d, error_details_pb2.ErrorInfo)]
    return info[0].reason


async def test_a_caller_without_a_certificate_of_the_mesh_cannot_connect(catalog_env, tmp_path):
    other_ca = tmp_path / "other"
    tls.make_mesh_credentials(other_ca)  # a CA of its own, issuing a "gateway" certificate
    foreign = tls.MeshTls.load(other_ca, tls.GATEWAY)
    async with running(SPEC, catalog_env) as address:
        async with channels.channel(address) as trusted:
            reply = await catalog_pb2_grpc.CatalogServiceStub(trusted).ListCategories(LIST)
            assert len(reply.categories) == 5
        attempts = [
            grpc.aio.insecure_channel(address),  # plaintext
            grpc.aio.secure_channel(address, grpc.ssl_channel_credentials(foreign.ca)),  # no cert
            grpc.aio.secure_channel(address, foreign.channel_credentials()),  # wrong CA
        ]
        for attempt in attempts:
            async with attempt:
                with pytest.raises(grpc.aio.AioRpcError) as failed:
                    await catalog_pb2_grpc.CatalogServiceStub(attempt).ListCategories(
                        LIST, timeout=2
                    )
                assert failed.value.code() == grpc.StatusCode.UNAVAILABLE


async def test_the_mesh_speaks_tls_1_3_and_a_client_checks_the_server_it_meant(
    catalog_env, mesh_certificates: Path
):
    gateway = tls.MeshTls.load(mesh_certificates, tls.GATEWAY)
    async with running(SPEC, catalog_env) as address:
        host, port = address.split(":")
        context = ssl.create_default_context(cadata=gateway.ca.decode())
        context.load_cert_chain(
            mesh_certificates / "gateway.crt", mesh_certificates / "gateway.key"
        )
        context.set_alpn_protocols(["h2"])
        with socket.create_connection((host, int(port)), timeout=5) as raw:
            with context.wrap_socket(raw, server_hostname="catalog") as wrapped:
                assert wrapped.version() == "TLSv1.3"
                peer = wrapped.getpeercert()
                assert peer is not None
                names = [pair[1] for pair in peer["subjectAltName"] if pair[0] == "URI"]
                assert names == ["spiffe://keel.local/catalog"]
        # The runtime's own client, told it is calling identity, refuses catalog's certificate.
        previous = tls.local()
        tls.use(gateway)
        try:
            channel = clients.connect("identity", target=address)
            with pytest.raises(grpc.aio.AioRpcError) as wrong_server:
                await catalog_pb2_grpc.CatalogServiceStub(channel).ListCategories(LIST, timeout=2)
            assert wrong_server.value.code() == grpc.StatusCode.UNAVAILABLE
            await channel.close()
            channel = clients.connect("catalog", target=address)
            reply = await catalog_pb2_grpc.CatalogServiceStub(channel).ListCategories(LIST)
            assert len(reply.categories) == 5
            await channel.close()
        finally:
            tls.use(previous)


async def test_the_operator_probes_health_but_calls_no_api(catalog_env):
    async with (
        running(SPEC, catalog_env) as address,
        channels.channel(address, workload=tls.OPERATOR) as channel,
    ):
        health = await health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest())
        assert health.status == health_pb2.HealthCheckResponse.SERVING
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await catalog_pb2_grpc.CatalogServiceStub(channel).ListCategories(LIST)
    assert _refused(refused.value) == "CALLER_NOT_ALLOWED"


async def test_end_user_identity_is_taken_only_from_the_gateway_and_services(catalog_env):
    spoofed = (("x-keel-user-id", "00000000-0000-0000-0000-00000000abcd"),)
    async with running(_who_spec(), catalog_env) as address:
        assert (
            await _who(address, tls.GATEWAY, spoofed)
            == "gateway|00000000-0000-0000-0000-00000000abcd|"
        )
        # A service forwarding a user acts for that user; calling as itself, it is the principal.
        assert (
            await _who(address, "billing", spoofed)
            == "billing|00000000-0000-0000-0000-00000000abcd|"
        )
        assert await _who(address, "agents") == "agents||agents"
        # The operator's certificate gets nowhere, whatever it claims.
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await _who(address, tls.OPERATOR, spoofed)
    assert _refused(refused.value) == "CALLER_NOT_ALLOWED"


async def test_a_method_declaring_its_callers_refuses_every_other_workload(catalog_env):
    async with running(_who_spec({WHO: ["agents", "messaging"]}), catalog_env) as address:
        assert (await _who(address, "agents")).startswith("agents|")
        for outsider in (tls.GATEWAY, "billing", "identity"):
            with pytest.raises(grpc.aio.AioRpcError) as refused:
                await _who(address, outsider)
            assert _refused(refused.value) == "CALLER_NOT_ALLOWED"


def test_internal_methods_declare_their_callers_in_the_protos():
    # Their descriptors are in the pool once their modules are imported, as in the services.
    assert usage_pb2.DESCRIPTOR and authorization_pb2.DESCRIPTOR
    everyone = tls.TRUSTED_CALLERS
    assert allowed_callers("/keel.catalog.v1.CatalogService/ListCategories") == everyone
    assert allowed_callers("/keel.billing.v1.UsageService/CheckLimit") == {"agents", "messaging"}
    assert allowed_callers("/keel.billing.v1.UsageService/RecordUsage") == {"agents", "messaging"}
    check = allowed_callers("/keel.identity.v1.AuthorizationService/CheckPermission")
    assert check == set(everyone - {tls.GATEWAY})
    assert "gateway" not in allowed_callers(
        "/keel.identity.v1.AuthorizationService/BatchCheckPermissions"
    )


def test_mtls_settings_fail_clearly(tmp_path):
    with pytest.raises(ConfigError, match="KEEL_TLS_DIR is not set"):
        ServiceConfig.from_env("catalog", {"KEEL_MTLS": "on"})
    with pytest.raises(ConfigError, match="KEEL_MTLS='maybe'"):
        ServiceConfig.from_env("catalog", {"KEEL_MTLS": "maybe"})
    with pytest.raises(ConfigError, match=r"cannot read .*/ca\.crt"):
        ServiceConfig.from_env("catalog", {"KEEL_TLS_DIR": str(tmp_path)})
    assert ServiceConfig.from_env("catalog", {"KEEL_MTLS": "off"}).mesh_tls is None


def test_certificates_are_made_once_and_kept_private(tmp_path):
    folder = tmp_path / "tls"
    assert tls.make_mesh_credentials(folder) is True
    first = (folder / "catalog.crt").read_bytes()
    assert tls.make_mesh_credentials(folder) is False  # already there: nothing rewritten
    assert (folder / "catalog.crt").read_bytes() == first
    assert all(path.stat().st_mode & 0o777 == 0o600 for path in folder.iterdir())
    assert "PRIVATE KEY" not in repr(tls.MeshTls.load(folder, "catalog"))
