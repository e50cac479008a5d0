"""Platform administration (AdminService) against a real identity process and its database,
over gRPC as the gateway calls it, and the suspension of a signed-in user through the real
gateway. Facts are written into identity's database (`seed`)."""

from __future__ import annotations

import asyncio
import secrets
import time
import uuid
from typing import Any

import grpc
import pytest

from keel.identity.v1 import (
    admin_pb2,
    admin_pb2_grpc,
    api_keys_pb2,
    api_keys_pb2_grpc,
)
from keel.identity.v1 import events_pb2 as identity_events
from services.identity.domain.admin import set_platform_admin
from tests.identity.support import ADMIN, MEMBER, OWNER, Seed, as_key, as_user, page_token, refused

DENIED, UNAUTHENTICATED = grpc.StatusCode.PERMISSION_DENIED, grpc.StatusCode.UNAUTHENTICATED


@pytest.fixture
def platform(identity_channel) -> admin_pb2_grpc.AdminServiceStub:
    return admin_pb2_grpc.AdminServiceStub(identity_channel)


@pytest.fixture
async def operator(seed: Seed) -> tuple[tuple[str, str], ...]:
    """The metadata of a signed-in platform administrator."""
    user_id = await seed.user(platform_admin=True)
    return as_user(user_id, await seed.session(user_id))


def operator_id(operator: tuple[tuple[str, str], ...]) -> uuid.UUID:
    return uuid.UUID(dict(operator)["x-keel-user-id"])


async def invitation(seed: Seed, org_id: uuid.UUID, by: uuid.UUID, *, expired: bool) -> None:
    await seed.sql(
        "INSERT INTO invitations (id, org_id, email, email_normalized, role, token_hash,"
        " invited_by, expires_at) VALUES (:id, :o, :e, :e, 2, :h, :by,"
        " now() + CASE WHEN :expired THEN interval '-1 day' ELSE interval '7 days' END)",
        id=uuid.uuid4(),
        o=org_id,
        e=f"{uuid.uuid4()}@example.com",
        h=secrets.token_bytes(32),
        by=by,
        expired=expired,
    )


async def api_key(seed: Seed, org_id: uuid.UUID, by: uuid.UUID, state: str) -> None:
    await seed.sql(
        "INSERT INTO api_keys (id, org_id, name, kind, scopes, secret_hash, secret_prefix,"
        " created_by, revoked_at, expires_at) VALUES (:id, :o, 'k', 2, ARRAY['read:agents'],"
        " :h, 'osk_abcd', :by, CASE WHEN :revoked THEN now() END,"
        " CASE WHEN :expired THEN now() - interval '1 hour' END)",
        id="opk_" + secrets.token_hex(12),
        o=org_id,
        h=secrets.token_bytes(32),
        by=by,
        revoked=state == "revoked",
        expired=state == "expired",
    )


# --- who may ---------------------------------------------------------------------------------

ADMIN_CALLS: dict[str, Any] = {
    "GetPlatformOverview": lambda ids: admin_pb2.GetPlatformOverviewRequest(),
    "ListPlatformUsers": lambda ids: admin_pb2.ListPlatformUsersRequest(),
    "ListPlatformOrganizations": lambda ids: admin_pb2.ListPlatformOrganizationsRequest(),
    "SuspendUser": lambda ids: admin_pb2.SuspendUserRequest(user_id=ids["user"], reason="x"),
    "UnsuspendUser": lambda ids: admin_pb2.UnsuspendUserRequest(user_id=ids["suspended"]),
    "SetOrganizationPlanTier": lambda ids: admin_pb2.SetOrganizationPlanTierRequest(
        org_id=ids["org"], plan_tier="enterprise"
    ),
}


@pytest.mark.parametrize("method", ADMIN_CALLS)
async def test_only_platform_admins_may_call_any_admin_method(platform, seed, method):
    org_id, owner = await seed.org_with(OWNER)
    victim, suspended = await seed.user(), await seed.user(suspended=True)
    ids = {"org": str(org_id), "user": str(victim), "suspended": str(suspended)}
    request = ADMIN_CALLS[method](ids)
    call = getattr(platform, method)
    key_id = "opk_" + secrets.token_hex(12)
    await seed.sql(
        "INSERT INTO api_keys (id, org_id, name, kind, scopes, secret_hash, secret_prefix,"
        " created_by) VALUES (:id, :o, 'k', 2, ARRAY['read:organization'], :h, 'osk_x', :by)",
        id=key_id,
        o=org_id,
        h=secrets.token_bytes(32),
        by=owner,
    )
    session = await seed.session(owner)
    assert await refused(call(request, metadata=as_user(owner, session))) == (
        DENIED,
        "PLATFORM_ADMIN_REQUIRED",
    )
    assert await refused(call(request, metadata=as_key(key_id, org_id))) == (
        DENIED,
        "USER_REQUIRED",
    )
    assert (await refused(call(request)))[0] == UNAUTHENTICATED
    # Nothing changed.
    rows = await seed.sql(
        "SELECT (SELECT suspended_at FROM users WHERE id = :v) IS NULL,"
        " (SELECT suspended_at FROM users WHERE id = :s) IS NOT NULL,"
        " (SELECT plan_tier FROM organizations WHERE id = :o)",
        v=victim,
        s=suspended,
        o=org_id,
    )
    assert tuple(rows[0]) == (True, True, "free")


async def test_the_flag_is_set_by_the_command_line_tool_only(platform, seed, identity_db):
    tag = secrets.token_hex(4)
    user_id = await seed.user(email=f"Ops-{tag}@Example.com")
    assert await set_platform_admin(identity_db, f"  ops-{tag}@EXAMPLE.com ", True) is True
    assert await set_platform_admin(identity_db, f"nobody-{tag}@example.com", True) is False
    overview = await platform.GetPlatformOverview(
        admin_pb2.GetPlatformOverviewRequest(), metadata=await seed.signed_in(user_id)
    )
    assert overview.platform_admins >= 1

    other = await seed.user(email=f"former-{tag}@example.com", platform_admin=True)
    assert await set_platform_admin(identity_db, f"former-{tag}@example.com", False) is True
    assert await refused(
        platform.GetPlatformOverview(
            admin_pb2.GetPlatformOverviewRequest(), metadata=await seed.signed_in(other)
        )
    ) == (DENIED, "PLATFORM_ADMIN_REQUIRED")


# --- overview and lists ----------------------------------------------------------------------


async def test_overview_counts_what_the_platform_holds(platform, seed, operator):
    request = admin_pb2.GetPlatformOverviewRequest()
    before = await platform.GetPlatformOverview(request, metadata=operator)

    org_id, owner = await seed.org_with(OWNER)  # +1 user, +1 org, +1 membership
    member = await seed.user(suspended=True)  # +1 user, suspended
    await seed.member(org_id, member, MEMBER)  # +1 membership
    await seed.user(platform_admin=True)  # +1 user, +1 admin
    old = await seed.user()  # +1 user, signed up long ago
    await seed.sql("UPDATE users SET created_at = now() - interval '8 days' WHERE id = :i", i=old)
    child = await seed.org(parent=org_id)  # +1 org, +1 sub-organization
    await seed.member(child, owner, OWNER)  # +1 membership
    gone = await seed.org(deleted=True)  # +1 deleted org
    await seed.member(gone, old, OWNER)  # a membership of a deleted org: not counted
    await invitation(seed, org_id, owner, expired=False)  # +1 pending
    await invitation(seed, org_id, owner, expired=True)
    for state in ("active", "revoked", "expired"):
        await api_key(seed, org_id, owner, state)  # +1 active key

    after = await platform.GetPlatformOverview(request, metadata=operator)
    deltas = {
        field.name: getattr(after, field.name) - getattr(before, field.name)
        for field in after.DESCRIPTOR.fields
    }
    assert deltas == {
        "users": 4,
        "suspended_users": 1,
        "platform_admins": 1,
        "organizations": 2,
        "deleted_organizations": 1,
        "sub_organizations": 1,
        "memberships": 3,
        "pending_invitations": 1,
        "active_api_keys": 1,
        "signups_last_7_days": 3,
    }


async def _all_pages(call: Any, request: Any, field: str, metadata: Any) -> tuple[list[Any], int]:
    items: list[Any] = []
    pages = 0
    while True:
        reply = await call(request, metadata=metadata)
        items += getattr(reply, field)
        pages += 1
        if not reply.next_page_token:
            return items, pages
        request.page_token = reply.next_page_token


async def test_users_are_searched_filtered_and_paged(platform, seed, operator):
    tag = secrets.token_hex(4)
    made = [await seed.user(email=f"{tag}-{n}@example.com") for n in range(4)]
    named = await seed.user(display_name=f"Zed {tag.upper()}")
    literal = await seed.user(display_name=f"Percent {tag}%_")
    suspended = await seed.user(email=f"{tag}-s@example.com", suspended=True)
    admin = await seed.user(email=f"{tag}-a@example.com", platform_admin=True)
    org_id, _ = await seed.org_with(OWNER)
    gone = await seed.org(deleted=True)
    for org in (org_id, gone):
        await seed.member(org, made[0], MEMBER)

    def request(**fields: Any) -> admin_pb2.ListPlatformUsersRequest:
        return admin_pb2.ListPlatformUsersRequest(page_size=3, **fields)

    users, pages = await _all_pages(
        platform.ListPlatformUsers, request(query=tag.upper()), "users", operator
    )
    newest_first = [admin, suspended, literal, named, *reversed(made)]
    assert [u.user.id for u in users] == [str(u) for u in newest_first]
    assert pages == 3
    by_id = {u.user.id: u for u in users}
    assert by_id[str(made[0])].organization_count == 1  # the deleted one does not count
    assert by_id[str(suspended)].suspension_reason == "seeded"
    assert by_id[str(suspended)].HasField("suspended_at")
    assert by_id[str(admin)].user.platform_admin

    only = await platform.ListPlatformUsers(request(query=f"{tag}%_"), metadata=operator)
    assert [u.user.id for u in only.users] == [str(literal)]  # % and _ are not wildcards
    only = await platform.ListPlatformUsers(
        request(query=tag, suspended_only=True), metadata=operator
    )
    assert [u.user.id for u in only.users] == [str(suspended)]
    only = await platform.ListPlatformUsers(
        request(query=tag, platform_admins_only=True), metadata=operator
    )
    assert [u.user.id for u in only.users] == [str(admin)]


@pytest.mark.parametrize(
    "parts",
    [
        ("2024-05-01T12:00:00", "00000000-0000-0000-0000-000000000000"),  # no time zone
        ("2024-05-01T12:00:00+00:00", "not-a-uuid"),
        ("2024-05-01T12:00:00+00:00", 7),
    ],
    ids=["naive-time", "not-a-uuid", "number"],
)
async def test_page_tokens_of_another_shape_are_refused(platform, operator, parts):
    for call, request in [
        (platform.ListPlatformUsers, admin_pb2.ListPlatformUsersRequest),
        (platform.ListPlatformOrganizations, admin_pb2.ListPlatformOrganizationsRequest),
    ]:
        bad = call(request(page_token=page_token(*parts)), metadata=operator)
        assert await refused(bad) == (grpc.StatusCode.INVALID_ARGUMENT, "INVALID_PAGE_TOKEN")


async def test_organizations_are_searched_filtered_and_paged(platform, seed, operator):
    tag = secrets.token_hex(4)
    acme = await seed.org(name=f"Acme {tag}", slug=f"acme-{tag}")
    beta = await seed.org(name="Beta", slug=f"beta-{tag.upper()}", plan_tier="pro")
    child = await seed.org(name=f"Client of {tag}", slug=f"client-{tag}", parent=acme)
    gone = await seed.org(name=f"Gone {tag}", slug=f"gone-{tag}", deleted=True)
    for role in (OWNER, ADMIN, MEMBER):
        await seed.member(acme, await seed.user(), role)

    def request(**fields: Any) -> admin_pb2.ListPlatformOrganizationsRequest:
        return admin_pb2.ListPlatformOrganizationsRequest(page_size=2, **fields)

    orgs, pages = await _all_pages(
        platform.ListPlatformOrganizations, request(query=tag.upper()), "organizations", operator
    )
    assert [o.organization.id for o in orgs] == [str(child), str(beta), str(acme)]
    assert pages == 2
    by_id = {o.organization.id: o for o in orgs}
    assert by_id[str(acme)].member_count == 3
    assert by_id[str(child)].organization.parent_org_id == str(acme)
    assert by_id[str(beta)].organization.plan_tier == "pro"

    with_deleted, _ = await _all_pages(
        platform.ListPlatformOrganizations,
        request(query=tag, include_deleted=True),
        "organizations",
        operator,
    )
    assert with_deleted[0].organization.id == str(gone) and with_deleted[0].HasField("deleted_at")
    assert len(with_deleted) == 4
    pro = await platform.ListPlatformOrganizations(
        request(query=tag, plan_tier="pro"), metadata=operator
    )
    assert [o.organization.id for o in pro.organizations] == [str(beta)]
    children = await platform.ListPlatformOrganizations(
        request(parent_org_id=str(acme)), metadata=operator
    )
    assert [o.organization.id for o in children.organizations] == [str(child)]
    bad = platform.ListPlatformOrganizations(request(parent_org_id="-" * 36), metadata=operator)
    assert (await refused(bad))[0] == grpc.StatusCode.INVALID_ARGUMENT


# --- suspension --------------------------------------------------------------------------------


async def test_suspension_refuses_the_user_at_once_and_ends_their_sessions(
    platform, seed, operator, identity_channel
):
    org_id, user = await seed.org_with(OWNER)
    sessions = [await seed.session(user), await seed.session(user)]
    keys = api_keys_pb2_grpc.ApiKeyServiceStub(identity_channel)
    listing = api_keys_pb2.ListApiKeysRequest(org_id=str(org_id))
    await keys.ListApiKeys(listing, metadata=as_user(user, sessions[0]))  # cached: allowed

    reply = await platform.SuspendUser(
        admin_pb2.SuspendUserRequest(user_id=str(user), reason="chargeback fraud"),
        metadata=operator,
    )
    assert reply.user.suspension_reason == "chargeback fraud"
    assert reply.user.HasField("suspended_at")
    for metadata in (as_user(user, sessions[0]), as_user(user)):
        assert await refused(keys.ListApiKeys(listing, metadata=metadata)) == (
            UNAUTHENTICATED,
            "USER_SUSPENDED",
        )
    ended = await seed.sql(
        "SELECT ended_at IS NOT NULL, end_reason FROM sessions WHERE user_id = :u", u=user
    )
    assert [tuple(r) for r in ended] == [(True, "user_suspended")] * 2
    events = await seed.events("user.suspended", identity_events.UserSuspended)
    assert [(e.reason, e.suspended_by_user_id) for e in events if e.user_id == str(user)] == [
        ("chargeback fraud", str(operator_id(operator)))
    ]
    (audited,) = await seed.audit("user.suspended", str(user))
    assert audited.org_id is None and audited.actor_user_id == operator_id(operator)
    assert audited.before["suspended_at"] is None
    assert audited.after["suspension_reason"] == "chargeback fraud"

    again = platform.SuspendUser(
        admin_pb2.SuspendUserRequest(user_id=str(user), reason="again"), metadata=operator
    )
    assert await refused(again) == (grpc.StatusCode.FAILED_PRECONDITION, "USER_ALREADY_SUSPENDED")

    back = await platform.UnsuspendUser(
        admin_pb2.UnsuspendUserRequest(user_id=str(user)), metadata=operator
    )
    assert not back.user.HasField("suspended_at") and back.user.suspension_reason == ""
    fresh = await seed.session(user)  # the old sessions stay ended: they sign in again
    await keys.ListApiKeys(listing, metadata=as_user(user, fresh))
    assert await refused(keys.ListApiKeys(listing, metadata=as_user(user, sessions[1]))) == (
        UNAUTHENTICATED,
        "SESSION_ENDED",
    )
    events = await seed.events("user.unsuspended", identity_events.UserUnsuspended)
    assert [e.user_id for e in events].count(str(user)) == 1
    assert len(await seed.audit("user.unsuspended", str(user))) == 1
    not_suspended = platform.UnsuspendUser(
        admin_pb2.UnsuspendUserRequest(user_id=str(user)), metadata=operator
    )
    assert await refused(not_suspended) == (
        grpc.StatusCode.FAILED_PRECONDITION,
        "USER_NOT_SUSPENDED",
    )


async def test_suspensions_that_cannot_be(platform, seed, operator):
    def suspend(user_id: uuid.UUID | str, reason: str = "spam") -> Any:
        request = admin_pb2.SuspendUserRequest(user_id=str(user_id), reason=reason)
        return platform.SuspendUser(request, metadata=operator)

    assert await refused(suspend(operator_id(operator))) == (
        grpc.StatusCode.FAILED_PRECONDITION,
        "CANNOT_SUSPEND_SELF",
    )
    assert await refused(suspend(uuid.uuid4())) == (grpc.StatusCode.NOT_FOUND, "USER_NOT_FOUND")
    user = await seed.user()
    assert await refused(suspend(user, "   ")) == (
        grpc.StatusCode.INVALID_ARGUMENT,
        "REASON_REQUIRED",
    )
    assert (await refused(suspend(user, "")))[0] == grpc.StatusCode.INVALID_ARGUMENT
    (row,) = await seed.sql("SELECT suspended_at FROM users WHERE id = :u", u=user)
    assert row.suspended_at is None


# --- plan tiers -----------------------------------------------------------------------------------


async def test_plan_tier_changes_are_announced_for_billing(platform, seed, operator):
    org_id, _ = await seed.org_with(OWNER)
    request = admin_pb2.SetOrganizationPlanTierRequest(org_id=str(org_id), plan_tier="team")
    reply = await platform.SetOrganizationPlanTier(request, metadata=operator)
    assert reply.organization.organization.plan_tier == "team"
    assert reply.organization.member_count == 1
    await platform.SetOrganizationPlanTier(request, metadata=operator)  # unchanged: no event

    events = await seed.events(
        "organization.plan_tier_changed", identity_events.OrganizationPlanTierChanged
    )
    mine = [e for e in events if e.org_id == str(org_id)]
    assert [(e.previous_plan_tier, e.plan_tier, e.changed_by_user_id) for e in mine] == [
        ("free", "team", str(operator_id(operator)))
    ]
    (audited,) = await seed.audit("organization.plan_tier_changed", str(org_id))
    assert (audited.org_id, audited.before, audited.after) == (
        org_id,
        {"plan_tier": "free"},
        {"plan_tier": "team"},
    )
    # The outbox relay hands it on to Redis for billing.
    deadline = time.monotonic() + 5
    while True:
        (published,) = await seed.sql(
            "SELECT bool_and(published_at IS NOT NULL) FROM outbox_events"
            " WHERE type = 'organization.plan_tier_changed'"
        )
        if published[0] or time.monotonic() > deadline:
            break
        await asyncio.sleep(0.1)
    assert published[0]


async def test_plan_tiers_of_missing_or_deleted_organizations(platform, seed, operator):
    gone = await seed.org(deleted=True)
    for org_id in (gone, uuid.uuid4()):
        request = admin_pb2.SetOrganizationPlanTierRequest(org_id=str(org_id), plan_tier="pro")
        assert await refused(platform.SetOrganizationPlanTier(request, metadata=operator)) == (
            grpc.StatusCode.NOT_FOUND,
            "ORGANIZATION_NOT_FOUND",
        )
    org_id, _ = await seed.org_with(OWNER)
    request = admin_pb2.SetOrganizationPlanTierRequest(org_id=str(org_id), plan_tier="Pro Max!")
    assert (await refused(platform.SetOrganizationPlanTier(request, metadata=operator)))[0] == (
        grpc.StatusCode.INVALID_ARGUMENT
    )


# --- through the gateway ----------------------------------------------------------------------


async def test_a_suspended_user_is_refused_although_their_token_is_still_valid(people, identity_db):
    operator = await people.signup("operator")
    assert await set_platform_admin(identity_db, operator.email, True)
    victim = await people.signup("victim")
    assert (await victim.get("/v1/auth/context")).status_code == 200

    refused_overview = await victim.get("/v1/admin/platform/overview")
    assert refused_overview.status_code == 403, refused_overview.text
    overview = await operator.get("/v1/admin/platform/overview")
    assert overview.status_code == 200, overview.text
    assert int(overview.json()["users"]) >= 2

    suspended = await operator.post(
        f"/v1/admin/platform/users/{victim.user_id}:suspend", {"reason": "spam"}
    )
    assert suspended.status_code == 200, suspended.text
    assert suspended.json()["user"]["suspension_reason"] == "spam"
    response = await victim.get("/v1/auth/context")
    assert response.status_code == 401, response.text
    details = response.json()["details"]
    assert [d["reason"] for d in details if d["@type"].endswith("ErrorInfo")] == ["USER_SUSPENDED"]
