"""API keys (ApiKeyService) against a real identity process and its database.

Users, organizations and memberships are written straight into identity's database
(`seed`), and calls go over gRPC with the caller's `x-keel-*` metadata, exactly as the
gateway sends them after verifying a token; the REST tests through the gateway are in
test_ext_authz.py.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import grpc
import pytest

from keel.identity.v1 import api_keys_pb2, api_keys_pb2_grpc
from keel.identity.v1 import events_pb2 as identity_events
from services.identity.security import Secrets
from tests.identity.support import (
    ADMIN,
    KIND_SERVICE,
    KIND_USER,
    MEMBER,
    OWNER,
    SECRET,
    VIEWER,
    Seed,
    as_key,
    page_token,
    reason,
    refused,
)


@pytest.fixture
def keys(identity_channel: grpc.aio.Channel) -> api_keys_pb2_grpc.ApiKeyServiceStub:
    return api_keys_pb2_grpc.ApiKeyServiceStub(identity_channel)


def create_request(org_id: uuid.UUID, **fields: Any) -> api_keys_pb2.CreateApiKeyRequest:
    values: dict[str, Any] = {
        "org_id": str(org_id),
        "name": "ci",
        "kind": KIND_SERVICE,
        "scopes": ["read:agents"],
        **fields,
    }
    return api_keys_pb2.CreateApiKeyRequest(**values)


async def key_count(seed: Seed, org_id: uuid.UUID) -> int:
    return (await seed.sql("SELECT count(*) FROM api_keys WHERE org_id = :o", o=org_id))[0][0]


async def test_create_shows_the_secret_once_and_stores_only_its_keyed_hash(keys, seed):
    org_id, owner = await seed.org_with(OWNER)
    created = await keys.CreateApiKey(
        create_request(org_id, scopes=["read:agents", "execute:agents"], kind=KIND_USER),
        metadata=await seed.signed_in(owner),
    )
    key, secret = created.api_key, created.secret
    assert secret.startswith("osk_") and len(secret) == 44 and secret[4:].isalnum()
    assert key.id.startswith("opk_") and len(key.id) == 28
    assert key.secret_prefix == secret[:8]
    assert (key.org_id, key.created_by_user_id) == (str(org_id), str(owner))
    assert (key.kind, list(key.scopes)) == (KIND_USER, ["execute:agents", "read:agents"])
    assert key.HasField("created_at") and not key.HasField("revoked_at")
    assert not key.HasField("expires_at")  # none asked for: never expires

    listed = await keys.ListApiKeys(
        api_keys_pb2.ListApiKeysRequest(org_id=str(org_id)), metadata=await seed.signed_in(owner)
    )
    assert [k.id for k in listed.api_keys] == [key.id]
    assert secret.encode() not in listed.SerializeToString()
    assert secret[8:].encode() not in listed.SerializeToString()

    (row,) = await seed.sql("SELECT * FROM api_keys WHERE id = :id", id=key.id)
    assert bytes(row.secret_hash) == Secrets(SECRET).api_key_hash(secret)
    assert secret[8:] not in json.dumps([str(v) for v in row])
    # Nor anywhere else identity wrote: audit log, event outbox.
    audit_rows = await seed.sql("SELECT before::text, after::text FROM audit_events")
    outbox = await seed.sql("SELECT envelope FROM outbox_events")
    assert all(secret[8:] not in (b or "") + (a or "") for b, a in audit_rows)
    assert all(secret[8:].encode() not in bytes(e) for (e,) in outbox)
    (audited,) = await seed.audit("api_key.created", key.id)
    assert audited.org_id == org_id and audited.actor_user_id == owner
    assert audited.after["scopes"] == ["execute:agents", "read:agents"]


async def test_admins_create_keys_with_an_expiry(keys, seed):
    org_id, admin = await seed.org_with(ADMIN)
    expires = datetime.now(UTC) + timedelta(days=30)
    request = create_request(org_id, scopes=["read:billing", "write:conversations"])
    request.expires_at.FromDatetime(expires)
    created = await keys.CreateApiKey(request, metadata=await seed.signed_in(admin))
    got = created.api_key.expires_at.ToDatetime(tzinfo=UTC)
    assert abs((got - expires).total_seconds()) < 0.001


@pytest.mark.parametrize(
    "fields",
    [
        {"scopes": ["read:everything"]},
        {"scopes": []},
        {"scopes": ["read:agents", "read:agents"]},
        {"kind": api_keys_pb2.API_KEY_KIND_UNSPECIFIED},
        {"name": ""},
    ],
    ids=["unknown-scope", "no-scope", "duplicate-scope", "no-kind", "no-name"],
)
async def test_invalid_requests_are_refused_before_anything_happens(keys, seed, fields):
    org_id, owner = await seed.org_with(OWNER)
    code, why = await refused(
        keys.CreateApiKey(create_request(org_id, **fields), metadata=await seed.signed_in(owner))
    )
    assert (code, why) == (grpc.StatusCode.INVALID_ARGUMENT, "INVALID_ARGUMENT")
    assert await key_count(seed, org_id) == 0


async def test_an_expiry_in_the_past_is_refused(keys, seed):
    org_id, owner = await seed.org_with(OWNER)
    request = create_request(org_id)
    request.expires_at.FromDatetime(datetime.now(UTC) - timedelta(minutes=1))
    code, _ = await refused(keys.CreateApiKey(request, metadata=await seed.signed_in(owner)))
    assert code == grpc.StatusCode.INVALID_ARGUMENT


@pytest.mark.parametrize("role", [MEMBER, VIEWER], ids=["member", "viewer"])
async def test_members_and_viewers_cannot_manage_keys(keys, seed, role):
    org_id, user = await seed.org_with(role)
    code, why = await refused(
        keys.CreateApiKey(create_request(org_id), metadata=await seed.signed_in(user))
    )
    assert (code, why) == (grpc.StatusCode.PERMISSION_DENIED, "MISSING_PERMISSION")
    list_request = api_keys_pb2.ListApiKeysRequest(org_id=str(org_id))
    code, why = await refused(keys.ListApiKeys(list_request, metadata=await seed.signed_in(user)))
    assert (code, why) == (grpc.StatusCode.PERMISSION_DENIED, "MISSING_PERMISSION")
    assert await key_count(seed, org_id) == 0


async def test_outsiders_see_no_organization_and_no_keys(keys, seed):
    org_a, owner_a = await seed.org_with(OWNER)
    org_b, owner_b = await seed.org_with(OWNER)
    key_b = (
        await keys.CreateApiKey(create_request(org_b), metadata=await seed.signed_in(owner_b))
    ).api_key
    code, why = await refused(
        keys.CreateApiKey(create_request(org_b), metadata=await seed.signed_in(owner_a))
    )
    assert (code, why) == (grpc.StatusCode.NOT_FOUND, "ORGANIZATION_NOT_FOUND")
    # B's key addressed under A, where the caller is owner: no such key there.
    revoke = api_keys_pb2.RevokeApiKeyRequest(org_id=str(org_a), key_id=key_b.id)
    delete = api_keys_pb2.DeleteApiKeyRequest(org_id=str(org_a), key_id=key_b.id)
    for call in (
        keys.RevokeApiKey(revoke, metadata=await seed.signed_in(owner_a)),
        keys.DeleteApiKey(delete, metadata=await seed.signed_in(owner_a)),
    ):
        assert await refused(call) == (grpc.StatusCode.NOT_FOUND, "API_KEY_NOT_FOUND")
    listed = await keys.ListApiKeys(
        api_keys_pb2.ListApiKeysRequest(org_id=str(org_a)), metadata=await seed.signed_in(owner_a)
    )
    assert list(listed.api_keys) == []
    (row,) = await seed.sql("SELECT revoked_at, deleted_at FROM api_keys WHERE id = :i", i=key_b.id)
    assert tuple(row) == (None, None)


async def test_api_keys_and_anonymous_callers_cannot_manage_keys(keys, seed):
    org_id, owner = await seed.org_with(OWNER)
    key = (
        await keys.CreateApiKey(create_request(org_id), metadata=await seed.signed_in(owner))
    ).api_key
    code, why = await refused(
        keys.CreateApiKey(create_request(org_id), metadata=as_key(key.id, org_id))
    )
    assert (code, why) == (grpc.StatusCode.PERMISSION_DENIED, "USER_REQUIRED")
    code, _ = await refused(keys.CreateApiKey(create_request(org_id)))
    assert code == grpc.StatusCode.UNAUTHENTICATED
    assert await key_count(seed, org_id) == 1


async def test_list_pages_newest_first_with_revoked_keys_and_without_deleted_ones(keys, seed):
    org_id, owner = await seed.org_with(OWNER)
    ids = []
    for n in range(5):
        created = await keys.CreateApiKey(
            create_request(org_id, name=f"k{n}"), metadata=await seed.signed_in(owner)
        )
        ids.append(created.api_key.id)
    await keys.RevokeApiKey(
        api_keys_pb2.RevokeApiKeyRequest(org_id=str(org_id), key_id=ids[1]),
        metadata=await seed.signed_in(owner),
    )
    await keys.DeleteApiKey(
        api_keys_pb2.DeleteApiKeyRequest(org_id=str(org_id), key_id=ids[3]),
        metadata=await seed.signed_in(owner),
    )
    seen: list[api_keys_pb2.ApiKey] = []
    token, pages = "", 0
    while True:
        page = await keys.ListApiKeys(
            api_keys_pb2.ListApiKeysRequest(org_id=str(org_id), page_size=2, page_token=token),
            metadata=await seed.signed_in(owner),
        )
        seen += page.api_keys
        pages += 1
        token = page.next_page_token
        if not token:
            break
    assert pages == 2
    assert [k.name for k in seen] == ["k4", "k2", "k1", "k0"]
    assert [k.HasField("revoked_at") for k in seen] == [False, False, True, False]
    code, why = await refused(
        keys.ListApiKeys(
            api_keys_pb2.ListApiKeysRequest(org_id=str(org_id), page_token="bm9wZQ"),
            metadata=await seed.signed_in(owner),
        )
    )
    assert (code, why) == (grpc.StatusCode.INVALID_ARGUMENT, "INVALID_PAGE_TOKEN")


@pytest.mark.parametrize(
    "parts",
    [
        ("2024-05-01T12:00:00", "opk_x"),  # no time zone
        ("yesterday", "opk_x"),
        (1714564800, "opk_x"),
        ("2024-05-01T12:00:00+00:00",),
    ],
    ids=["naive-time", "not-a-time", "number", "too-short"],
)
async def test_page_tokens_of_another_shape_are_refused(keys, seed, parts):
    org_id, owner = await seed.org_with(OWNER)
    request = api_keys_pb2.ListApiKeysRequest(org_id=str(org_id), page_token=page_token(*parts))
    code, why = await refused(keys.ListApiKeys(request, metadata=await seed.signed_in(owner)))
    assert (code, why) == (grpc.StatusCode.INVALID_ARGUMENT, "INVALID_PAGE_TOKEN")
    request.page_token = page_token("2024-05-01T12:00:00+00:00", "opk_x")
    assert not (await keys.ListApiKeys(request, metadata=await seed.signed_in(owner))).api_keys


async def test_revoke_is_kept_for_audit_announced_and_not_repeatable(keys, seed):
    org_id, admin = await seed.org_with(ADMIN)
    key = (
        await keys.CreateApiKey(create_request(org_id), metadata=await seed.signed_in(admin))
    ).api_key
    request = api_keys_pb2.RevokeApiKeyRequest(org_id=str(org_id), key_id=key.id)
    revoked = (await keys.RevokeApiKey(request, metadata=await seed.signed_in(admin))).api_key
    assert revoked.id == key.id and revoked.HasField("revoked_at")
    code, why = await refused(keys.RevokeApiKey(request, metadata=await seed.signed_in(admin)))
    assert (code, why) == (grpc.StatusCode.FAILED_PRECONDITION, "API_KEY_ALREADY_REVOKED")

    (row,) = await seed.sql("SELECT revoked_by, deleted_at FROM api_keys WHERE id = :i", i=key.id)
    assert tuple(row) == (admin, None)
    events = [
        e
        for e in await seed.events("api_key.revoked", identity_events.ApiKeyRevoked)
        if e.key_id == key.id
    ]
    assert [(e.org_id, e.revoked_by_user_id) for e in events] == [(str(org_id), str(admin))]
    (audited,) = await seed.audit("api_key.revoked", key.id)
    assert audited.before["revoked_at"] is None and audited.after["revoked_at"]


async def test_delete_removes_the_key_from_sight_but_not_from_the_audit_trail(keys, seed):
    org_id, owner = await seed.org_with(OWNER)
    key = (
        await keys.CreateApiKey(create_request(org_id), metadata=await seed.signed_in(owner))
    ).api_key
    delete = api_keys_pb2.DeleteApiKeyRequest(org_id=str(org_id), key_id=key.id)
    await keys.DeleteApiKey(delete, metadata=await seed.signed_in(owner))

    listed = await keys.ListApiKeys(
        api_keys_pb2.ListApiKeysRequest(org_id=str(org_id)), metadata=await seed.signed_in(owner)
    )
    assert list(listed.api_keys) == []
    for call in (
        keys.DeleteApiKey(delete, metadata=await seed.signed_in(owner)),
        keys.RevokeApiKey(
            api_keys_pb2.RevokeApiKeyRequest(org_id=str(org_id), key_id=key.id),
            metadata=await seed.signed_in(owner),
        ),
    ):
        assert await refused(call) == (grpc.StatusCode.NOT_FOUND, "API_KEY_NOT_FOUND")
    (row,) = await seed.sql("SELECT revoked_at, deleted_at FROM api_keys WHERE id = :i", i=key.id)
    assert row.revoked_at is not None and row.deleted_at is not None
    events = [
        e
        for e in await seed.events("api_key.revoked", identity_events.ApiKeyRevoked)
        if e.key_id == key.id
    ]
    assert len(events) == 1
    (audited,) = await seed.audit("api_key.deleted", key.id)
    assert audited.before["name"] == "ci"


async def test_unknown_keys_are_not_found(keys, seed):
    org_id, owner = await seed.org_with(OWNER)
    request = api_keys_pb2.RevokeApiKeyRequest(org_id=str(org_id), key_id="opk_" + "x" * 24)
    assert await refused(keys.RevokeApiKey(request, metadata=await seed.signed_in(owner))) == (
        grpc.StatusCode.NOT_FOUND,
        "API_KEY_NOT_FOUND",
    )


# --- over REST, as clients use it -------------------------------------------------------------


async def test_keys_are_managed_over_rest(people, http):
    owner = await people.signup("owner")
    org_id = await people.organization(owner)
    keys_path = f"/v1/organizations/{org_id}/api-keys"
    body = {"name": "ci", "kind": "API_KEY_KIND_USER", "scopes": ["read:organization"]}

    created = await owner.post(keys_path, body)
    assert created.status_code == 200, created.text
    key, secret = created.json()["api_key"], created.json()["secret"]
    assert key["kind"] == "API_KEY_KIND_USER" and key["secret_prefix"] == secret[:8]
    listed = await owner.get(keys_path)
    assert listed.status_code == 200, listed.text
    assert [k["id"] for k in listed.json()["api_keys"]] == [key["id"]]
    assert secret[8:] not in listed.text

    as_key_holder = {"authorization": f"Bearer {secret}"}
    assert (await http.get(f"/v1/organizations/{org_id}", headers=as_key_holder)).is_success

    revoked = await owner.post(f"{keys_path}/{key['id']}:revoke")
    assert revoked.status_code == 200, revoked.text
    assert revoked.json()["api_key"]["revoked_at"]
    refused_key = await http.get(f"/v1/organizations/{org_id}", headers=as_key_holder)
    assert refused_key.status_code == 401, refused_key.text
    again = await owner.post(f"{keys_path}/{key['id']}:revoke")
    assert again.status_code == 400 and reason(again) == "API_KEY_ALREADY_REVOKED"

    deleted = await owner.delete(f"{keys_path}/{key['id']}")
    assert deleted.status_code == 200, deleted.text
    assert (await owner.get(keys_path)).json().get("api_keys", []) == []
    gone = await owner.delete(f"{keys_path}/{key['id']}")
    assert gone.status_code == 404 and reason(gone) == "API_KEY_NOT_FOUND"


async def test_rest_refuses_unknown_scopes_and_members(people):
    owner = await people.signup("owner")
    org_id = await people.organization(owner)
    keys_path = f"/v1/organizations/{org_id}/api-keys"
    unknown = await owner.post(
        keys_path, {"name": "x", "kind": "API_KEY_KIND_SERVICE", "scopes": ["admin:all"]}
    )
    assert unknown.status_code == 400, unknown.text
    violations = [d for d in unknown.json()["details"] if d["@type"].endswith("BadRequest")]
    assert violations[0]["field_violations"][0]["field"].startswith("scopes")

    member = await people.join(owner, org_id, "ROLE_MEMBER")
    body = {"name": "x", "kind": "API_KEY_KIND_SERVICE", "scopes": ["read:agents"]}
    response = await member.post(keys_path, body)
    assert response.status_code == 403, response.text
    assert reason(response) == "MISSING_PERMISSION"
    assert (await owner.get(keys_path)).json().get("api_keys", []) == []
