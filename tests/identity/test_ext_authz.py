"""The gateway's API-key check: identity's `envoy.service.auth.v3.Authorization/Check`,
called over gRPC as Envoy calls it, and then through the real gateway.

Keys are made through ApiKeyService over gRPC (users and organizations are written into
identity's database: `seed`).
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import grpc
import pytest

from envoy_ext_authz.v3 import external_auth_pb2 as authz
from envoy_ext_authz.v3 import external_auth_pb2_grpc as authz_grpc
from keel.identity.v1 import (
    admin_pb2,
    admin_pb2_grpc,
    api_keys_pb2,
    api_keys_pb2_grpc,
    organizations_pb2,
    organizations_pb2_grpc,
)
from services.identity.app import SPEC
from tests.identity.support import ADMIN, KIND_SERVICE, KIND_USER, OWNER, Seed, reason
from tests.support import channels
from tests.support.inprocess import running

FLUSH_SECONDS = 1
OVERWRITE = authz.HeaderValueOption.OVERWRITE_IF_EXISTS_OR_ADD
# Denial bodies are the messages of keel_runtime.authz, as every service words them.
OWNER_GONE = "the API key's owner no longer has access"


@pytest.fixture(scope="module")
def identity_env(identity_env: dict[str, str]) -> dict[str, str]:
    return {**identity_env, "KEEL_IDENTITY_KEY_USAGE_FLUSH_SECONDS": str(FLUSH_SECONDS)}


@pytest.fixture
def keys(identity_channel) -> api_keys_pb2_grpc.ApiKeyServiceStub:
    return api_keys_pb2_grpc.ApiKeyServiceStub(identity_channel)


@pytest.fixture
async def gateway_channel(identity) -> AsyncIterator[grpc.aio.Channel]:
    """A channel to identity with the gateway's certificate: only it may call Check."""
    async with channels.channel(identity.address, workload="gateway") as channel:
        yield channel


@pytest.fixture
def check(gateway_channel):
    """Envoy's call: the request's authorization header (the only one it forwards)."""
    stub = authz_grpc.AuthorizationStub(gateway_channel)

    async def call(authorization: str | None) -> authz.CheckResponse:
        headers = {} if authorization is None else {"authorization": authorization}
        http = authz.AttributeContext.HttpRequest(method="GET", path="/v1/x", headers=headers)
        request = authz.CheckRequest(
            attributes=authz.AttributeContext(request=authz.AttributeContext.Request(http=http))
        )
        return await stub.Check(request, timeout=5)

    return call


async def new_key(
    keys,
    seed: Seed,
    owner: uuid.UUID,
    org_id: uuid.UUID,
    *,
    kind: Any = KIND_SERVICE,
    **fields: Any,
) -> api_keys_pb2.CreateApiKeyResponse:
    values: dict[str, Any] = {"name": "k", "scopes": ["read:agents"], **fields}
    request = api_keys_pb2.CreateApiKeyRequest(org_id=str(org_id), kind=kind, **values)
    return await keys.CreateApiKey(request, metadata=await seed.signed_in(owner))


async def last_used(seed: Seed, key_id: str) -> datetime | None:
    (row,) = await seed.sql("SELECT last_used_at FROM api_keys WHERE id = :i", i=key_id)
    return row.last_used_at


def granted(reply: authz.CheckResponse) -> dict[str, str]:
    """The caller headers of an allowed check (asserting it was allowed)."""
    assert reply.status.code == 0, reply
    assert reply.WhichOneof("http_response") == "ok_response"
    assert list(reply.ok_response.headers_to_remove) == ["authorization"]
    assert {h.append_action for h in reply.ok_response.headers} == {OVERWRITE}
    return {h.header.key: h.header.value for h in reply.ok_response.headers}


def denial(reply: authz.CheckResponse) -> str:
    """The body of a denied check (asserting it was a 401)."""
    assert reply.WhichOneof("http_response") == "denied_response", reply
    assert reply.status.code == grpc.StatusCode.UNAUTHENTICATED.value[0]
    assert reply.denied_response.status.code == authz.Unauthorized
    return reply.denied_response.body


async def test_a_service_key_becomes_the_organization_and_its_scopes(keys, check, seed):
    org_id, owner = await seed.org_with(OWNER)
    created = await new_key(keys, seed, owner, org_id, scopes=["read:agents", "execute:agents"])
    headers = granted(await check(f"Bearer {created.secret}"))
    assert headers == {
        "x-keel-org-id": str(org_id),
        "x-keel-api-key-id": created.api_key.id,
        "x-keel-scopes": "execute:agents read:agents",
    }


async def test_a_user_key_acts_for_its_creator(keys, check, seed):
    org_id, admin = await seed.org_with(ADMIN)
    created = await new_key(keys, seed, admin, org_id, kind=KIND_USER)
    headers = granted(await check(f"Bearer {created.secret}"))
    assert headers["x-keel-user-id"] == str(admin)
    assert headers["x-keel-api-key-id"] == created.api_key.id


@pytest.mark.parametrize("scheme", ["bearer", "BEARER", "BeArEr"])
async def test_the_scheme_is_case_insensitive(keys, check, seed, scheme):
    org_id, owner = await seed.org_with(OWNER)
    created = await new_key(keys, seed, owner, org_id)
    granted(await check(f"{scheme} {created.secret}"))


async def test_bad_credentials_are_refused_with_a_short_reason(keys, check, seed):
    org_id, owner = await seed.org_with(OWNER)
    created = await new_key(keys, seed, owner, org_id)
    secret = created.secret
    flipped = secret[:-1] + ("a" if secret[-1] != "a" else "b")
    assert denial(await check(f"Bearer {flipped}")) == "invalid API key"
    assert denial(await check("Bearer osk_" + "z" * 40)) == "invalid API key"
    for header in (None, "", "Bearer", f"Basic {secret}", f"Bearer {created.api_key.id}"):
        assert denial(await check(header)) == "missing API key"


async def test_revoking_a_key_stops_it_at_once(keys, check, seed):
    org_id, owner = await seed.org_with(OWNER)
    created = await new_key(keys, seed, owner, org_id)
    granted(await check(f"Bearer {created.secret}"))  # now cached as valid
    await keys.RevokeApiKey(
        api_keys_pb2.RevokeApiKeyRequest(org_id=str(org_id), key_id=created.api_key.id),
        metadata=await seed.signed_in(owner),
    )
    assert denial(await check(f"Bearer {created.secret}")) == "the API key was revoked"


async def test_deleting_a_key_stops_it_at_once(keys, check, seed):
    org_id, owner = await seed.org_with(OWNER)
    created = await new_key(keys, seed, owner, org_id)
    granted(await check(f"Bearer {created.secret}"))
    await keys.DeleteApiKey(
        api_keys_pb2.DeleteApiKeyRequest(org_id=str(org_id), key_id=created.api_key.id),
        metadata=await seed.signed_in(owner),
    )
    assert denial(await check(f"Bearer {created.secret}")) == "invalid API key"


async def test_an_expired_key_is_refused(keys, check, seed):
    org_id, owner = await seed.org_with(OWNER)
    expires = datetime.now(UTC) + timedelta(seconds=1.5)
    request = api_keys_pb2.CreateApiKeyRequest(
        org_id=str(org_id), name="short", kind=KIND_SERVICE, scopes=["read:agents"]
    )
    request.expires_at.FromDatetime(expires)
    created = await keys.CreateApiKey(request, metadata=await seed.signed_in(owner))
    granted(await check(f"Bearer {created.secret}"))
    await asyncio.sleep((expires - datetime.now(UTC)).total_seconds() + 0.1)
    assert denial(await check(f"Bearer {created.secret}")) == "the API key has expired"


async def test_only_the_gateway_may_check_an_api_key(check, identity_channel):
    """Another service's certificate is refused: a key check is the edge's alone."""
    request = authz.CheckRequest()
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await authz_grpc.AuthorizationStub(identity_channel).Check(request, timeout=5)
    assert refused.value.code() == grpc.StatusCode.PERMISSION_DENIED
    assert "billing may not call" in (refused.value.details() or "")


async def test_a_user_key_stops_when_its_creator_is_suspended(keys, check, seed, identity_channel):
    org_id, owner = await seed.org_with(OWNER)
    user_key = await new_key(keys, seed, owner, org_id, kind=KIND_USER)
    service_key = await new_key(keys, seed, owner, org_id, kind=KIND_SERVICE)
    granted(await check(f"Bearer {user_key.secret}"))
    platform_admin = await seed.user(platform_admin=True)
    await admin_pb2_grpc.AdminServiceStub(identity_channel).SuspendUser(
        admin_pb2.SuspendUserRequest(user_id=str(owner), reason="fraud"),
        metadata=await seed.signed_in(platform_admin),
    )
    assert denial(await check(f"Bearer {user_key.secret}")) == OWNER_GONE
    # The organization's own key does not depend on who made it.
    granted(await check(f"Bearer {service_key.secret}"))


async def test_a_user_key_stops_when_its_creator_leaves_the_organization(
    keys, check, seed, identity_channel
):
    org_id, owner = await seed.org_with(OWNER)
    admin = await seed.user()
    await seed.member(org_id, admin, ADMIN)
    user_key = await new_key(keys, seed, admin, org_id, kind=KIND_USER)
    service_key = await new_key(keys, seed, admin, org_id, kind=KIND_SERVICE)
    granted(await check(f"Bearer {user_key.secret}"))
    await organizations_pb2_grpc.OrganizationServiceStub(identity_channel).RemoveMember(
        organizations_pb2.RemoveMemberRequest(org_id=str(org_id), user_id=str(admin)),
        metadata=await seed.signed_in(owner),
    )
    assert denial(await check(f"Bearer {user_key.secret}")) == OWNER_GONE
    granted(await check(f"Bearer {service_key.secret}"))


async def test_keys_stop_when_their_organization_is_deleted(keys, check, seed, identity_channel):
    org_id, owner = await seed.org_with(OWNER)
    service_key = await new_key(keys, seed, owner, org_id, kind=KIND_SERVICE)
    user_key = await new_key(keys, seed, owner, org_id, kind=KIND_USER)
    granted(await check(f"Bearer {service_key.secret}"))
    await organizations_pb2_grpc.OrganizationServiceStub(identity_channel).DeleteOrganization(
        organizations_pb2.DeleteOrganizationRequest(org_id=str(org_id)),
        metadata=await seed.signed_in(owner),
    )
    assert denial(await check(f"Bearer {service_key.secret}")) == "the API key was revoked"
    assert denial(await check(f"Bearer {user_key.secret}")) == OWNER_GONE


async def test_last_use_is_recorded_shortly_after(keys, check, seed):
    org_id, owner = await seed.org_with(OWNER)
    created = await new_key(keys, seed, owner, org_id)
    assert not created.api_key.HasField("last_used_at")
    before = datetime.now(UTC)
    for _ in range(3):
        granted(await check(f"Bearer {created.secret}"))
    deadline = time.monotonic() + FLUSH_SECONDS + 5
    listed = api_keys_pb2.ListApiKeysRequest(org_id=str(org_id))
    while True:
        (key,) = (await keys.ListApiKeys(listed, metadata=await seed.signed_in(owner))).api_keys
        if key.HasField("last_used_at") or time.monotonic() > deadline:
            break
        await asyncio.sleep(0.2)
    used = key.last_used_at.ToDatetime(tzinfo=UTC)
    assert before - timedelta(seconds=1) <= used <= datetime.now(UTC)


async def test_a_refused_key_is_not_recorded_as_used(keys, check, seed):
    org_id, owner = await seed.org_with(OWNER)
    created = await new_key(keys, seed, owner, org_id)
    await keys.RevokeApiKey(
        api_keys_pb2.RevokeApiKeyRequest(org_id=str(org_id), key_id=created.api_key.id),
        metadata=await seed.signed_in(owner),
    )
    denial(await check(f"Bearer {created.secret}"))
    # A key used after it: once that use is written, the refused one's would have been too.
    after = await new_key(keys, seed, owner, org_id)
    granted(await check(f"Bearer {after.secret}"))
    deadline = time.monotonic() + FLUSH_SECONDS + 5
    while await last_used(seed, after.api_key.id) is None:
        assert time.monotonic() < deadline, "the later use was never written"
        await asyncio.sleep(0.1)
    assert await last_used(seed, created.api_key.id) is None


async def test_the_last_uses_are_written_when_the_server_stops(keys, seed, identity_env):
    """A server that stops writes what it noted, however long its flush interval."""
    org_id, owner = await seed.org_with(OWNER)
    created = await new_key(keys, seed, owner, org_id)
    slow = {**identity_env, "KEEL_IDENTITY_KEY_USAGE_FLUSH_SECONDS": "3600"}
    async with running(SPEC, slow) as address, channels.channel(address) as channel:
        http = authz.AttributeContext.HttpRequest(
            headers={"authorization": f"Bearer {created.secret}"}
        )
        request = authz.CheckRequest(
            attributes=authz.AttributeContext(request=authz.AttributeContext.Request(http=http))
        )
        granted(await authz_grpc.AuthorizationStub(channel).Check(request, timeout=5))
        await asyncio.sleep(0.2)
        assert await last_used(seed, created.api_key.id) is None  # not yet: in an hour
    assert await last_used(seed, created.api_key.id) is not None


# --- through the gateway ------------------------------------------------------------------


def bearer(secret: str) -> dict[str, str]:
    return {"authorization": f"Bearer {secret}"}


async def test_an_api_key_reaches_services_as_its_organization(keys, seed, http):
    org_id, owner = await seed.org_with(OWNER)
    other_org, _ = await seed.org_with(OWNER)
    reader = await new_key(keys, seed, owner, org_id, scopes=["read:organization"])
    agents_only = await new_key(keys, seed, owner, org_id, scopes=["read:agents"])

    response = await http.get(f"/v1/organizations/{org_id}", headers=bearer(reader.secret))
    assert response.status_code == 200, response.text
    assert response.json()["organization"]["organization"]["id"] == str(org_id)

    response = await http.get(f"/v1/organizations/{org_id}", headers=bearer(agents_only.secret))
    assert response.status_code == 403, response.text
    assert reason(response) == "MISSING_SCOPE"

    # Another organization does not exist for this key.
    response = await http.get(f"/v1/organizations/{other_org}", headers=bearer(reader.secret))
    assert response.status_code == 404, response.text


async def test_the_gateway_refuses_bad_keys_with_a_json_401(keys, seed, http):
    org_id, owner = await seed.org_with(OWNER)
    created = await new_key(keys, seed, owner, org_id, scopes=["read:organization"])
    path = f"/v1/organizations/{org_id}"
    assert (await http.get(path, headers=bearer(created.secret))).status_code == 200
    await keys.RevokeApiKey(
        api_keys_pb2.RevokeApiKeyRequest(org_id=str(org_id), key_id=created.api_key.id),
        metadata=await seed.signed_in(owner),
    )
    for secret, message in (
        (created.secret, "the API key was revoked"),
        ("osk_" + "q" * 40, "invalid API key"),
    ):
        response = await http.get(path, headers=bearer(secret))
        assert response.status_code == 401, response.text
        assert response.headers["content-type"].startswith("application/json")
        body = response.json()
        assert (body["code"], body["message"]) == (16, message)


async def test_keys_cannot_manage_keys_through_the_gateway(keys, seed, http):
    org_id, owner = await seed.org_with(OWNER)
    created = await new_key(keys, seed, owner, org_id, scopes=["read:organization"])
    response = await http.post(
        f"/v1/organizations/{org_id}/api-keys",
        headers=bearer(created.secret),
        json={"name": "more", "kind": "API_KEY_KIND_SERVICE", "scopes": ["read:agents"]},
    )
    assert response.status_code == 403, response.text
    assert reason(response) == "USER_REQUIRED"
