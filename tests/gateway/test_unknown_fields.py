"""Unknown JSON body fields are refused by the gateway, through the real Envoy.

Envoy's transcoder alone drops a body key its request message does not define, so the
generated config checks the top-level keys itself (gateway.body_fields). Identity and the
catalog are played by a small grpc.aio server in the test's event loop that records every
call reaching it; the methods called here are public (some made so for this test), except
one that shows authentication still comes first.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import grpc
import httpx
import pytest
from grpc_health.v1 import health, health_pb2, health_pb2_grpc

from gateway.access import PUBLIC_METHODS
from gateway.body_fields import NAMESPACE
from keel.catalog.v1 import catalog_pb2, catalog_pb2_grpc
from keel.identity.v1 import (
    api_keys_pb2,
    api_keys_pb2_grpc,
    auth_pb2,
    auth_pb2_grpc,
    organizations_pb2,
    organizations_pb2_grpc,
)
from tests.support.envoy import access_log_entry, envoy_gateway

SIGNUP = "/v1/auth/signup"
ORG_ID = str(uuid.uuid4())
REVOKE = f"/v1/organizations/{ORG_ID}/api-keys/opk_abcdefghijklmnop:revoke"  # a custom verb
UPDATE_ORG = f"/v1/organizations/{ORG_ID}"  # PATCH
SWITCH_CONTEXT = "/v1/auth/context/switch"  # protected: needs a token
# Made public for this test, so they are called without a credential.
MADE_PUBLIC = frozenset(
    {
        "keel.identity.v1.ApiKeyService/RevokeApiKey",
        "keel.identity.v1.OrganizationService/UpdateOrganization",
    }
)
SIGNUP_BODY = {
    "email": "ada@example.com",
    "password": "correct horse battery",
    "display_name": "Ada",
}


@dataclass
class Call:
    method: str
    request: Any


@dataclass
class FakeServices(
    auth_pb2_grpc.AuthServiceServicer,
    api_keys_pb2_grpc.ApiKeyServiceServicer,
    organizations_pb2_grpc.OrganizationServiceServicer,
    catalog_pb2_grpc.CatalogServiceServicer,
):
    """Answers every call with an empty response and records it."""

    calls: list[Call] = field(default_factory=list)

    async def Signup(
        self, request: auth_pb2.SignupRequest, context: grpc.aio.ServicerContext
    ) -> auth_pb2.SignupResponse:
        self.calls.append(Call("Signup", request))
        return auth_pb2.SignupResponse()

    async def SwitchContext(
        self, request: auth_pb2.SwitchContextRequest, context: grpc.aio.ServicerContext
    ) -> auth_pb2.SwitchContextResponse:
        self.calls.append(Call("SwitchContext", request))
        return auth_pb2.SwitchContextResponse()

    async def RevokeApiKey(
        self, request: api_keys_pb2.RevokeApiKeyRequest, context: grpc.aio.ServicerContext
    ) -> api_keys_pb2.RevokeApiKeyResponse:
        self.calls.append(Call("RevokeApiKey", request))
        return api_keys_pb2.RevokeApiKeyResponse()

    async def UpdateOrganization(
        self,
        request: organizations_pb2.UpdateOrganizationRequest,
        context: grpc.aio.ServicerContext,
    ) -> organizations_pb2.UpdateOrganizationResponse:
        self.calls.append(Call("UpdateOrganization", request))
        return organizations_pb2.UpdateOrganizationResponse()

    async def ListCategories(
        self, request: catalog_pb2.ListCategoriesRequest, context: grpc.aio.ServicerContext
    ) -> catalog_pb2.ListCategoriesResponse:
        self.calls.append(Call("ListCategories", request))
        return catalog_pb2.ListCategoriesResponse()


@dataclass
class Gateway:
    url: str
    access_log: Path
    services: FakeServices


@pytest.fixture(scope="module")
async def gateway(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Gateway]:
    services = FakeServices()  # type: ignore[abstract]  # unfaked methods answer UNIMPLEMENTED
    server = grpc.aio.server()
    auth_pb2_grpc.add_AuthServiceServicer_to_server(services, server)
    api_keys_pb2_grpc.add_ApiKeyServiceServicer_to_server(services, server)
    organizations_pb2_grpc.add_OrganizationServiceServicer_to_server(services, server)
    catalog_pb2_grpc.add_CatalogServiceServicer_to_server(services, server)
    health_servicer = health.aio.HealthServicer()
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
    await health_servicer.set("", health_pb2.HealthCheckResponse.SERVING)
    upstream = f"127.0.0.1:{server.add_insecure_port('127.0.0.1:0')}"
    await server.start()
    async with envoy_gateway(
        tmp_path_factory.mktemp("unknown-fields"),
        {"identity": upstream, "catalog": upstream},
        # One fake serves both clusters, so it cannot hold both certificates: plaintext.
        {"KEEL_GATEWAY_CORS_ORIGINS": "https://app.example.com", "KEEL_MTLS": "off"},
        public_methods=PUBLIC_METHODS | MADE_PUBLIC,
        edit=_log_body_keys,
    ) as envoy:
        yield Gateway(envoy.url, envoy.access_log, services)
    await server.stop(0)


def _log_body_keys(config: dict[str, Any]) -> None:
    """The only change to the generated config: the access log also shows the keys the
    body check noted, to tell which requests ran it."""
    manager = config["static_resources"]["listeners"][0]["filter_chains"][0]["filters"][0]
    log_format = manager["typed_config"]["access_log"][0]["typed_config"]["log_format"]
    log_format["json_format"]["body_keys"] = f"%DYNAMIC_METADATA({NAMESPACE}:keys)%"


@pytest.fixture
async def client(gateway: Gateway) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=gateway.url, timeout=10) as http:
        yield http


async def _post(
    client: httpx.AsyncClient,
    path: str,
    body: str,
    content_type: str | None = "application/json",
    method: str = "POST",
    **headers: str,
) -> httpx.Response:
    if content_type is not None:
        headers["content-type"] = content_type
    return await client.request(method, path, content=body.encode(), headers=headers)


def _assert_refused(response: httpx.Response, key: str) -> None:
    """400 naming `key` (as the message shows it: quotes and backslashes escaped)."""
    assert response.status_code == 400, response.text
    assert response.headers["content-type"] == "application/json"
    assert response.headers["grpc-status"] == "3"
    body = response.json()
    assert body["code"] == 3  # INVALID_ARGUMENT
    assert f'unknown field "{key}"' in body["message"]
    assert body["details"] == []


# --- refused ----------------------------------------------------------------------------


async def test_an_unknown_top_level_field_is_400_and_nothing_is_called(
    gateway: Gateway, client: httpx.AsyncClient
) -> None:
    calls = len(gateway.services.calls)
    response = await client.post(SIGNUP, json={**SIGNUP_BODY, "is_admin": True})
    _assert_refused(response, "is_admin")
    assert response.json()["message"] == (
        'unknown field "is_admin" in the JSON body: keel.identity.v1.SignupRequest has no such '
        "field"
    )
    assert len(gateway.services.calls) == calls


@pytest.mark.parametrize(
    ("body", "key"),
    [
        ('{"email": "a@b.c", "isAdmin": true}', "isAdmin"),
        ('{"Email": "a@b.c"}', "Email"),  # names are case-sensitive
        ('{"email": "a@b.c", "user": {"email": "x"}}', "user"),
        ('{"email": "a@b.c", "settings": {}}', "settings"),  # another method's field
        ("{'is_admin': true}", "is_admin"),  # the transcoder's parser takes single quotes
        ("{email: 'a@b.c', is_admin: true}", "is_admin"),  # and bare keys
        ('{"email": "a@b.c", "is_admin": true,}', "is_admin"),  # and a trailing comma
        ('{"is\\u005fadmin": true}', "is_admin"),  # escapes are decoded, as it decodes them
        ('{"a\\"b": 1}', 'a\\"b'),  # named as the message shows it
        ('{"email\\u0000": 1, "is_admin": true}', "email\\\\0"),  # no NUL cuts the list short
        ('{"email": "a@b.c", "email": "d@e.f", "@type": "x"}', "@type"),
        ('{"password": "p\\\\", "is_admin": 1}', "is_admin"),  # an escaped backslash ends a value
        ('{"display_name": "}", "is_admin": 1}', "is_admin"),  # braces in strings are text
    ],
)
async def test_unknown_fields_in_every_form_the_transcoder_reads(
    gateway: Gateway, client: httpx.AsyncClient, body: str, key: str
) -> None:
    calls = len(gateway.services.calls)
    _assert_refused(await _post(client, SIGNUP, body), key)
    assert len(gateway.services.calls) == calls


@pytest.mark.parametrize("content_type", ["text/plain", "application/grpc-web", None])
async def test_any_content_type_is_checked_since_the_transcoder_reads_any(
    gateway: Gateway, client: httpx.AsyncClient, content_type: str | None
) -> None:
    calls = len(gateway.services.calls)
    response = await _post(client, SIGNUP, '{"email": "a@b.c", "is_admin": true}', content_type)
    _assert_refused(response, "is_admin")
    assert len(gateway.services.calls) == calls


@pytest.mark.parametrize(
    "path", [REVOKE, REVOKE.replace("/api-keys/", "/api-keys//"), SIGNUP + "/"]
)
async def test_every_path_the_transcoder_maps_is_checked(
    gateway: Gateway, client: httpx.AsyncClient, path: str
) -> None:
    # A custom verb (…:revoke); slashes Envoy merges and a trailing one the transcoder takes.
    calls = len(gateway.services.calls)
    _assert_refused(await _post(client, path, '{"reason": "leaked"}'), "reason")
    assert len(gateway.services.calls) == calls


async def test_patch_is_checked(gateway: Gateway, client: httpx.AsyncClient) -> None:
    calls = len(gateway.services.calls)
    response = await _post(
        client, UPDATE_ORG, '{"name": "Acme", "plan": "enterprise"}', method="PATCH"
    )
    _assert_refused(response, "plan")
    assert len(gateway.services.calls) == calls


async def test_a_long_or_unprintable_key_is_shown_safely(client: httpx.AsyncClient) -> None:
    response = await _post(client, SIGNUP, '{"\\u00e9\\n' + "k" * 100 + '": 1}')
    assert response.status_code == 400
    message = response.json()["message"]
    assert message.startswith('unknown field "???' + "k" * 61 + '..." in the JSON body')


async def test_authentication_comes_first(gateway: Gateway, client: httpx.AsyncClient) -> None:
    calls = len(gateway.services.calls)
    response = await _post(client, SWITCH_CONTEXT, f'{{"org_id": "{ORG_ID}", "x": 1}}')
    assert response.status_code == 401, response.text
    assert response.json()["message"] == "Jwt is missing"
    assert len(gateway.services.calls) == calls


async def test_a_browser_reads_the_refusal(client: httpx.AsyncClient) -> None:
    origin = {"origin": "https://app.example.com"}
    preflight = await client.options(
        SIGNUP,
        headers={
            **origin,
            "access-control-request-method": "POST",
            "access-control-request-headers": "content-type",
        },
    )
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == "https://app.example.com"
    assert "POST" in preflight.headers["access-control-allow-methods"]
    refused = await _post(client, SIGNUP, '{"is_admin": true}', **origin)
    assert refused.status_code == 400
    assert refused.headers["access-control-allow-origin"] == "https://app.example.com"


# --- let through --------------------------------------------------------------------------


async def test_known_fields_reach_the_service_by_proto_or_json_name(
    gateway: Gateway, client: httpx.AsyncClient
) -> None:
    camel_case = {"email": "ada@example.com", "password": "p" * 12, "displayName": "Ada L."}
    for body, name in ((SIGNUP_BODY, "Ada"), (camel_case, "Ada L.")):
        response = await client.post(SIGNUP, json=body)
        assert response.status_code == 200, response.text
        call = gateway.services.calls[-1]
        assert call.method == "Signup"
        assert (call.request.email, call.request.display_name) == ("ada@example.com", name)


@pytest.mark.parametrize(
    "body",
    [
        '{"display_name": "x\\", \\"is_admin\\": true, \\"y\\": \\""}',  # quotes in a value
        "{'display_name': 'it\\'s \"is_admin\": {'}",  # single-quoted, with an escape
        '{"display_name": "a\\\\", "email": "}"}',  # an escaped backslash ends it
        '{"em\\u0061il": "a@b.c"}',  # an escaped known name
        "{email: 'a@b.c', displayName: 'x'}",  # bare keys
        '{"email": "a@b.c",}',  # a trailing comma
        ' \n\t{ "email" : "a@b.c" } \n',
        "{}",
        "",
    ],
)
async def test_what_looks_like_a_key_inside_a_value_is_not_one(
    gateway: Gateway, client: httpx.AsyncClient, body: str
) -> None:
    calls = len(gateway.services.calls)
    response = await _post(client, SIGNUP, body)
    assert response.status_code == 200, response.text
    assert len(gateway.services.calls) == calls + 1


async def test_nested_objects_are_free_of_the_check(
    gateway: Gateway, client: httpx.AsyncClient
) -> None:
    # settings is a google.protobuf.Struct: free-form by design, however deep.
    settings = {"is_admin": True, "nested": {"list": [1, {"a": "}"}, [[]]], "k": None}}
    response = await client.patch(UPDATE_ORG, json={"name": "Acme", "settings": settings})
    assert response.status_code == 200, response.text
    call = gateway.services.calls[-1]
    assert call.method == "UpdateOrganization"
    assert call.request.org_id == ORG_ID
    assert call.request.settings["is_admin"] is True


async def test_path_fields_may_be_in_the_body(gateway: Gateway, client: httpx.AsyncClient) -> None:
    for body in ("{}", f'{{"orgId": "{ORG_ID}"}}', f'{{"org_id": "{ORG_ID}"}}'):
        response = await _post(client, REVOKE, body)
        assert response.status_code == 200, response.text
        call = gateway.services.calls[-1]
        assert (call.method, call.request.org_id) == ("RevokeApiKey", ORG_ID)
        assert call.request.key_id == "opk_abcdefghijklmnop"


async def test_a_large_body_is_checked(gateway: Gateway, client: httpx.AsyncClient) -> None:
    settings = {
        f"key{i}": {"text": 'a "quoted" value}' * 100, "list": list(range(20))} for i in range(300)
    }
    body = json.dumps({"name": "Acme", "settings": settings})
    assert len(body) > 500_000
    response = await _post(client, UPDATE_ORG, body, method="PATCH")
    assert response.status_code == 200, response.text
    assert len(gateway.services.calls[-1].request.settings) == 300
    refused = await _post(client, UPDATE_ORG, body[:-1] + ', "plan": 1}', method="PATCH")
    _assert_refused(refused, "plan")


# --- left to the transcoder, or not checked at all -----------------------------------------


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('{"is_admin": true', "Unexpected end of string"),
        ('[{"email": "a@b.c"}]', "Root element must be a message"),
        ("null", "Root element must be a message"),
        ('{"email": "a@b.c"} {"is_admin": true}', "Parsing terminated before end of input"),
        ('\ufeff{"email": "a@b.c"}', "Expected a value"),
        ("{/* comment */}", "Expected an object key or }"),
        ('{"email": 1}', "invalid value 1 for type TYPE_STRING"),
    ],
)
async def test_malformed_json_is_still_the_transcoders_400(
    gateway: Gateway, client: httpx.AsyncClient, body: str, message: str
) -> None:
    calls = len(gateway.services.calls)
    response = await _post(client, SIGNUP, body)
    assert response.status_code == 400, response.text
    assert response.json()["code"] == 3
    assert message in response.json()["message"]
    assert len(gateway.services.calls) == calls


async def test_get_requests_and_grpc_clients_never_run_the_check(
    gateway: Gateway, client: httpx.AsyncClient
) -> None:
    response = await client.get("/v1/templates/categories", headers={"x-request-id": "body-get"})
    assert response.status_code == 200, response.text
    posted = await client.post(SIGNUP, json=SIGNUP_BODY, headers={"x-request-id": "body-post"})
    assert posted.status_code == 200, posted.text
    target = gateway.url.removeprefix("http://")
    async with grpc.aio.insecure_channel(target) as channel:  # the edge: plaintext
        auth = auth_pb2_grpc.AuthServiceStub(channel)
        request = auth_pb2.SignupRequest(email="grace@example.com")
        await auth.Signup(request, metadata=(("x-request-id", "body-grpc"),), timeout=5)
    assert gateway.services.calls[-1].request.email == "grace@example.com"
    get, post, grpc_call = [
        await access_log_entry(gateway.access_log, request_id=rid)
        for rid in ("body-get", "body-post", "body-grpc")
    ]
    assert get["body_keys"] is None
    assert grpc_call["body_keys"] is None
    # <length>:<key> for each key, in order.
    assert post["body_keys"] == "5:email8:password12:display_name"
