"""The gateway's own authentication, through the real Envoy on the generated config.

These are the gateway's tests, not identity's: identity is played by a small grpc.aio
server in the test's event loop that publishes the JWKS of ES256 keys generated here,
accepts one known API key over Envoy's ext_authz (`envoy.service.auth.v3.Authorization/
Check`), and records every call that reaches it, with its metadata. Tokens are signed
here with PyJWT. End-to-end tests against the real identity service are separate.
"""

from __future__ import annotations

import asyncio
import base64
import json
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import grpc
import httpx
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from jwt.algorithms import ECAlgorithm

from envoy_ext_authz.v3 import external_auth_pb2 as authz
from envoy_ext_authz.v3 import external_auth_pb2_grpc as authz_grpc
from keel.catalog.v1 import catalog_pb2, catalog_pb2_grpc
from keel.identity.v1 import auth_pb2, auth_pb2_grpc
from tests.support.envoy import EnvoyGateway, access_log_entry, envoy_gateway
from tests.support.net import free_port

ISSUER = "keel-identity-test"
AUDIENCE = "keel-api-test"
USER_ID = str(uuid.uuid4())
ORG_ID = str(uuid.uuid4())
SESSION_ID = str(uuid.uuid4())
API_KEY = "osk_live_" + "k" * 32
API_KEY_ID = str(uuid.uuid4())
SLOW_API_KEY = "osk_live_slow"  # identity takes longer than the gateway waits
SCOPES = "agents:read agents:run"
PROTECTED = "/v1/auth/context"  # AuthService/GetContext
PUBLIC = "/v1/templates/categories"  # CatalogService/ListCategories
IDENTITY_HEADERS = ("x-keel-user-id", "x-keel-org-id", "x-keel-session-id", "x-keel-api-key-id")


# --- keys and tokens ----------------------------------------------------------------------


@dataclass(frozen=True)
class Key:
    kid: str
    private: ec.EllipticCurvePrivateKey = field(
        default_factory=lambda: ec.generate_private_key(ec.SECP256R1())
    )

    def jwk(self) -> dict[str, str]:
        public = ECAlgorithm.to_jwk(self.private.public_key(), as_dict=True)
        return {**public, "kid": self.kid, "alg": "ES256", "use": "sig"}


# Two published keys (a rotation in progress) and one nobody published.
CURRENT, NEXT, OUTSIDER = Key("key-2026-11"), Key("key-2026-12"), Key("key-stolen")


def token(key: Key = CURRENT, kid: str | None = None, **claims: Any) -> str:
    """An access token as identity signs it; a claim given as None is left out."""
    now = int(time.time())
    payload = {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "sub": USER_ID,
        "org": ORG_ID,
        "sid": SESSION_ID,
        "role": "owner",
        "iat": now,
        "exp": now + 300,
        "jti": str(uuid.uuid4()),
        **claims,
    }
    payload = {k: v for k, v in payload.items() if v is not None}
    return jwt.encode(payload, key.private, algorithm="ES256", headers={"kid": kid or key.kid})


def _b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def unsigned_token() -> str:
    _, payload, _ = token().split(".")
    return f"{_b64({'alg': 'none', 'typ': 'JWT', 'kid': CURRENT.kid})}.{payload}."


def tampered_token() -> str:
    header, payload, signature = token().split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
    return f"{header}.{_b64({**claims, 'sub': str(uuid.uuid4())})}.{signature}"


def bearer(value: str, scheme: str = "Bearer") -> dict[str, str]:
    return {"authorization": f"{scheme} {value}"}


# --- identity, as far as the gateway sees it ------------------------------------------------


@dataclass
class Call:
    method: str
    metadata: dict[str, str]
    request: Any = None


@dataclass
class FakeIdentity(
    auth_pb2_grpc.AuthServiceServicer,
    catalog_pb2_grpc.CatalogServiceServicer,
    authz_grpc.AuthorizationServicer,
):
    """Serves the JWKS and checks API keys like identity; records what reached it.

    Also answers CatalogService (the catalog's address points here too): a public method.
    """

    calls: list[Call] = field(default_factory=list)
    checks: list[dict[str, str]] = field(default_factory=list)  # ext_authz's headers
    jwks_served: int = 0

    def _record(self, method: str, context: grpc.aio.ServicerContext, request: Any) -> None:
        metadata = {k: v for k, v in context.invocation_metadata() or () if isinstance(v, str)}
        self.calls.append(Call(method, metadata, request))

    async def GetJwks(
        self, request: auth_pb2.GetJwksRequest, context: grpc.aio.ServicerContext
    ) -> auth_pb2.GetJwksResponse:
        self.jwks_served += 1
        return auth_pb2.GetJwksResponse(keys=[auth_pb2.Jwk(**k.jwk()) for k in (CURRENT, NEXT)])

    async def GetContext(
        self, request: auth_pb2.GetContextRequest, context: grpc.aio.ServicerContext
    ) -> auth_pb2.GetContextResponse:
        self._record("GetContext", context, request)
        return auth_pb2.GetContextResponse()

    async def SwitchContext(
        self, request: auth_pb2.SwitchContextRequest, context: grpc.aio.ServicerContext
    ) -> auth_pb2.SwitchContextResponse:
        self._record("SwitchContext", context, request)
        return auth_pb2.SwitchContextResponse()

    async def ListCategories(
        self, request: catalog_pb2.ListCategoriesRequest, context: grpc.aio.ServicerContext
    ) -> catalog_pb2.ListCategoriesResponse:
        self._record("ListCategories", context, request)
        return catalog_pb2.ListCategoriesResponse()

    async def Check(
        self, request: authz.CheckRequest, context: grpc.aio.ServicerContext
    ) -> authz.CheckResponse:
        headers = dict(request.attributes.request.http.headers)
        self.checks.append(headers)
        scheme, _, secret = headers.get("authorization", "").partition(" ")
        if secret == SLOW_API_KEY:
            await asyncio.sleep(1.5)
        if scheme.lower() != "bearer" or secret != API_KEY:
            return authz.CheckResponse(
                status={"code": grpc.StatusCode.UNAUTHENTICATED.value[0]},
                denied_response=authz.DeniedHttpResponse(
                    status=authz.HttpStatus(code=authz.Unauthorized), body="invalid API key"
                ),
            )
        overwrite = authz.HeaderValueOption.OVERWRITE_IF_EXISTS_OR_ADD
        caller = {"x-keel-org-id": ORG_ID, "x-keel-api-key-id": API_KEY_ID, "x-keel-scopes": SCOPES}
        return authz.CheckResponse(
            status={"code": 0},
            ok_response=authz.OkHttpResponse(
                headers=[
                    authz.HeaderValueOption(
                        header=authz.HeaderValue(key=k, value=v), append_action=overwrite
                    )
                    for k, v in caller.items()
                ],
                headers_to_remove=["authorization"],
            ),
        )


async def serve_identity(identity: FakeIdentity, port: int = 0) -> tuple[grpc.aio.Server, int]:
    server = grpc.aio.server()
    auth_pb2_grpc.add_AuthServiceServicer_to_server(identity, server)
    catalog_pb2_grpc.add_CatalogServiceServicer_to_server(identity, server)
    authz_grpc.add_AuthorizationServicer_to_server(identity, server)
    health_servicer = health.aio.HealthServicer()
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
    await health_servicer.set("", health_pb2.HealthCheckResponse.SERVING)
    port = server.add_insecure_port(f"127.0.0.1:{port}")
    await server.start()
    return server, port


def auth_gateway(home: Path, identity_port: int) -> AbstractAsyncContextManager[EnvoyGateway]:
    """The gateway on the generated config, with identity (and catalog) at `identity_port`."""
    identity = f"127.0.0.1:{identity_port}"
    settings = {
        "KEEL_GATEWAY_HOST": "0.0.0.0",  # the JWKS is still fetched over 127.0.0.1
        "KEEL_JWT_ISSUER": ISSUER,
        "KEEL_JWT_AUDIENCE": AUDIENCE,
    }
    # One fake serves both clusters, so it cannot hold both certificates: plaintext here
    # (the gateway's mTLS is tested against real services in test_mtls).
    settings = {"KEEL_MTLS": "off", **settings}
    return envoy_gateway(home, {"identity": identity, "catalog": identity}, settings)


async def until_tokens_verify(http: httpx.AsyncClient, within: float = 10.0) -> float:
    """Seconds until a valid token is accepted (Envoy has fetched the JWKS)."""
    start = time.monotonic()
    while True:
        response = await http.get(PROTECTED, headers=bearer(token()))
        if response.status_code == 200:
            return time.monotonic() - start
        if time.monotonic() - start > within:
            raise TimeoutError(f"tokens still refused: {response.status_code} {response.text}")
        await asyncio.sleep(0.1)


@dataclass
class Gateway:
    url: str
    access_log: Path
    identity: FakeIdentity


@pytest.fixture(scope="module")
async def gateway(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Gateway]:
    identity = FakeIdentity()  # type: ignore[abstract]  # unfaked methods answer UNIMPLEMENTED
    server, identity_port = await serve_identity(identity)
    async with auth_gateway(tmp_path_factory.mktemp("edge-auth"), identity_port) as envoy:
        async with httpx.AsyncClient(base_url=envoy.url, timeout=10) as http:
            await until_tokens_verify(http)
        yield Gateway(envoy.url, envoy.access_log, identity)
    await server.stop(0)


@pytest.fixture
async def client(gateway: Gateway) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=gateway.url, timeout=10) as http:
        yield http


def _assert_unauthenticated(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code == 401, response.text
    assert response.headers["content-type"].startswith("application/json")
    assert response.headers["grpc-status"] == "16"
    body: dict[str, Any] = response.json()
    assert body["code"] == 16  # UNAUTHENTICATED
    assert body["message"]
    assert body["details"] == []
    return body


# --- access tokens ---------------------------------------------------------------------------


async def test_valid_token_reaches_the_service_as_identity_headers(
    gateway: Gateway, client: httpx.AsyncClient
) -> None:
    checks = len(gateway.identity.checks)
    response = await client.get(PROTECTED, headers=bearer(token()))
    assert response.status_code == 200, response.text
    call = gateway.identity.calls[-1]
    assert call.method == "GetContext"
    assert call.metadata["x-keel-user-id"] == USER_ID
    assert call.metadata["x-keel-org-id"] == ORG_ID
    assert call.metadata["x-keel-session-id"] == SESSION_ID
    assert "authorization" not in call.metadata  # the token stays at the edge
    assert "x-keel-api-key-id" not in call.metadata
    assert len(gateway.identity.checks) == checks  # users' calls never go through ext_authz


async def test_a_request_body_is_transcoded_as_before(
    gateway: Gateway, client: httpx.AsyncClient
) -> None:
    org = str(uuid.uuid4())
    response = await client.post(
        "/v1/auth/context/switch", json={"org_id": org}, headers=bearer(token())
    )
    assert response.status_code == 200, response.text
    call = gateway.identity.calls[-1]
    assert (call.method, call.request.org_id) == ("SwitchContext", org)
    assert call.metadata["x-keel-user-id"] == USER_ID


async def test_token_without_an_organization_sends_no_org_header(
    gateway: Gateway, client: httpx.AsyncClient
) -> None:
    response = await client.get(PROTECTED, headers=bearer(token(org=None)))
    assert response.status_code == 200, response.text
    metadata = gateway.identity.calls[-1].metadata
    assert metadata["x-keel-user-id"] == USER_ID
    assert "x-keel-org-id" not in metadata


@pytest.mark.parametrize("kid_key", [CURRENT, NEXT], ids=["current-key", "next-key"])
async def test_tokens_of_every_published_key_are_accepted(
    client: httpx.AsyncClient, kid_key: Key
) -> None:
    response = await client.get(PROTECTED, headers=bearer(token(kid_key)))
    assert response.status_code == 200, response.text


async def test_the_jwks_is_cached_not_fetched_per_request(
    gateway: Gateway, client: httpx.AsyncClient
) -> None:
    fetched = gateway.identity.jwks_served
    for _ in range(5):
        assert (await client.get(PROTECTED, headers=bearer(token()))).status_code == 200
    assert gateway.identity.jwks_served == fetched


async def test_lowercase_scheme_is_accepted(client: httpx.AsyncClient) -> None:
    response = await client.get(PROTECTED, headers=bearer(token(), scheme="bearer"))
    assert response.status_code == 200, response.text


async def test_small_clock_skew_is_tolerated(client: httpx.AsyncClient) -> None:
    now = int(time.time())
    response = await client.get(PROTECTED, headers=bearer(token(exp=now - 5, iat=now - 305)))
    assert response.status_code == 200, response.text


async def test_missing_token_on_a_protected_method_is_401(
    gateway: Gateway, client: httpx.AsyncClient
) -> None:
    calls = len(gateway.identity.calls)
    response = await client.get(PROTECTED)
    body = _assert_unauthenticated(response)
    assert body["message"] == "Jwt is missing"
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert len(gateway.identity.calls) == calls


BAD_TOKENS = {
    "expired": lambda: token(exp=int(time.time()) - 120, iat=int(time.time()) - 420),
    "not-yet-valid": lambda: token(nbf=int(time.time()) + 120),
    "wrong-signature": lambda: token(OUTSIDER, kid=CURRENT.kid),
    "alg-none": unsigned_token,
    "unknown-kid": lambda: token(OUTSIDER),
    "wrong-audience": lambda: token(aud="someone-else"),
    "wrong-issuer": lambda: token(iss="https://evil.example.com"),
    "tampered-payload": tampered_token,
    "no-expiry": lambda: token(exp=None),
    "not-a-jwt": lambda: "hello",
}


@pytest.mark.parametrize("path", [PROTECTED, PUBLIC], ids=["protected", "public"])
@pytest.mark.parametrize("bad", list(BAD_TOKENS))
async def test_a_bad_token_never_reaches_a_service(
    gateway: Gateway, client: httpx.AsyncClient, bad: str, path: str
) -> None:
    calls = len(gateway.identity.calls)
    response = await client.get(path, headers=bearer(BAD_TOKENS[bad]()))
    _assert_unauthenticated(response)
    assert "invalid_token" in response.headers["www-authenticate"]
    assert len(gateway.identity.calls) == calls


async def test_client_cannot_forge_identity_headers(
    gateway: Gateway, client: httpx.AsyncClient
) -> None:
    forged = {
        "x-keel-user-id": "admin",
        "x-keel-org-id": "other-org",
        "x-keel-session-id": "other-session",
        "x-keel-api-key-id": "other-key",
        "x-keel-scopes": "*",
    }
    assert (await client.get(PROTECTED, headers={**forged, **bearer(token(org=None))})).is_success
    metadata = gateway.identity.calls[-1].metadata
    assert metadata["x-keel-user-id"] == USER_ID
    assert metadata["x-keel-session-id"] == SESSION_ID
    assert not {"x-keel-org-id", "x-keel-api-key-id", "x-keel-scopes"} & set(metadata)
    assert (await client.get(PUBLIC, headers=forged)).is_success  # anonymous: none at all
    assert not set(forged) & set(gateway.identity.calls[-1].metadata)


# --- public methods ----------------------------------------------------------------------


async def test_public_method_without_a_token_is_anonymous(
    gateway: Gateway, client: httpx.AsyncClient
) -> None:
    response = await client.get(PUBLIC)
    assert response.status_code == 200, response.text
    call = gateway.identity.calls[-1]
    assert call.method == "ListCategories"
    assert not set(IDENTITY_HEADERS) & set(call.metadata)


async def test_public_method_with_a_valid_token_knows_the_caller(
    gateway: Gateway, client: httpx.AsyncClient
) -> None:
    assert (await client.get(PUBLIC, headers=bearer(token()))).status_code == 200
    assert gateway.identity.calls[-1].metadata["x-keel-user-id"] == USER_ID


async def test_edge_routes_need_no_credential(client: httpx.AsyncClient) -> None:
    assert (await client.get("/healthz")).status_code == 200
    assert (await client.get("/openapi.json")).status_code == 200
    jwks = (await client.get("/.well-known/jwks.json")).json()
    assert {k["kid"] for k in jwks["keys"]} == {CURRENT.kid, NEXT.kid}


# --- API keys -----------------------------------------------------------------------------


@pytest.mark.parametrize("scheme", ["Bearer", "bearer", "BEARER"])
async def test_valid_api_key_is_checked_by_identity(
    gateway: Gateway, client: httpx.AsyncClient, scheme: str
) -> None:
    checks = len(gateway.identity.checks)
    response = await client.get(PROTECTED, headers=bearer(API_KEY, scheme))
    assert response.status_code == 200, response.text
    (check,) = gateway.identity.checks[checks:]
    assert check["authorization"] == f"{scheme} {API_KEY}"
    assert "user-agent" not in check  # only what identity needs is sent
    metadata = gateway.identity.calls[-1].metadata
    assert metadata["x-keel-api-key-id"] == API_KEY_ID
    assert metadata["x-keel-org-id"] == ORG_ID
    assert metadata["x-keel-scopes"] == SCOPES
    assert "x-keel-user-id" not in metadata
    assert "authorization" not in metadata


@pytest.mark.parametrize("path", [PROTECTED, PUBLIC], ids=["protected", "public"])
async def test_invalid_api_key_is_401(
    gateway: Gateway, client: httpx.AsyncClient, path: str
) -> None:
    calls = len(gateway.identity.calls)
    response = await client.get(path, headers=bearer("osk_live_revoked"))
    body = _assert_unauthenticated(response)
    assert body["message"] == "invalid API key"
    assert len(gateway.identity.calls) == calls


async def test_identity_too_slow_is_503(gateway: Gateway, client: httpx.AsyncClient) -> None:
    calls = len(gateway.identity.calls)
    response = await client.get(PROTECTED, headers=bearer(SLOW_API_KEY))
    assert response.status_code == 503, response.text
    assert response.json()["code"] == 14  # UNAVAILABLE
    assert len(gateway.identity.calls) == calls


async def test_access_log_names_the_caller(gateway: Gateway, client: httpx.AsyncClient) -> None:
    await client.get(PROTECTED, headers={**bearer(token()), "x-request-id": "log-user"})
    await client.get(PROTECTED, headers={**bearer(API_KEY), "x-request-id": "log-key"})
    user, key = (
        await access_log_entry(gateway.access_log, request_id="log-user"),
        await access_log_entry(gateway.access_log, request_id="log-key"),
    )
    assert (user["user_id"], user["org_id"], user["api_key_id"]) == (USER_ID, ORG_ID, None)
    assert (key["user_id"], key["org_id"], key["api_key_id"]) == (None, ORG_ID, API_KEY_ID)


# --- gRPC clients and browsers ------------------------------------------------------------


async def test_grpc_clients_authenticate_with_metadata(gateway: Gateway) -> None:
    target = gateway.url.removeprefix("http://")
    async with grpc.aio.insecure_channel(target) as channel:  # the edge: plaintext
        auth = auth_pb2_grpc.AuthServiceStub(channel)
        metadata: tuple[tuple[str, str], ...] = (("authorization", f"Bearer {token()}"),)
        await auth.GetContext(auth_pb2.GetContextRequest(), metadata=metadata, timeout=5)
        assert gateway.identity.calls[-1].metadata["x-keel-user-id"] == USER_ID
        refused = [
            (),
            (("authorization", f"Bearer {token(aud='someone-else')}"),),  # 403 in jwt_authn
            (("authorization", "Bearer osk_live_revoked"),),
        ]
        for metadata in refused:
            with pytest.raises(grpc.aio.AioRpcError) as caught:
                await auth.GetContext(auth_pb2.GetContextRequest(), metadata=metadata, timeout=5)
            assert caught.value.code() == grpc.StatusCode.UNAUTHENTICATED, metadata


async def test_browsers_may_send_authorization_and_read_a_401(
    client: httpx.AsyncClient,
) -> None:
    origin = {"origin": "https://app.example.com"}
    preflight = await client.options(
        PROTECTED,
        headers={
            **origin,
            "access-control-request-method": "GET",
            "access-control-request-headers": "authorization",
        },
    )
    assert preflight.status_code == 200
    assert "authorization" in preflight.headers["access-control-allow-headers"]
    assert "x-api-key" not in preflight.headers["access-control-allow-headers"]
    refused = await client.get(PROTECTED, headers=origin)
    assert refused.status_code == 401
    assert refused.headers["access-control-allow-origin"] == "https://app.example.com"


# --- identity unavailable -----------------------------------------------------------------


async def test_identity_down_then_up(tmp_path: Path) -> None:
    """API keys: 503 while identity is down. Tokens: verified within seconds of it starting."""
    identity_port = free_port()  # nothing listens there yet
    async with auth_gateway(tmp_path, identity_port) as envoy:
        async with httpx.AsyncClient(base_url=envoy.url, timeout=10) as http:
            down = await http.get(PROTECTED, headers=bearer(API_KEY))
            assert down.status_code == 503, down.text
            assert down.json()["code"] == 14  # UNAVAILABLE
            _assert_unauthenticated(await http.get(PROTECTED, headers=bearer(token())))
            identity = FakeIdentity()  # type: ignore[abstract]  # unfaked methods answer UNIMPLEMENTED
            server, _ = await serve_identity(identity, identity_port)
            try:
                assert await until_tokens_verify(http, within=10) < 5
                assert (await http.get(PROTECTED, headers=bearer(API_KEY))).status_code == 200
            finally:
                await server.stop(0)
