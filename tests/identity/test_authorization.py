"""CheckPermission, as the other services use it: through `keel_runtime.authz`, against a
real identity server and its database.

The facts (users, organizations, memberships) are written straight into identity's
database here (`seed`), so these tests pin the decision table itself; the REST tests of
members,
invitations, API keys and suspension show the same decisions changing through the API.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import secrets
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import grpc
import pytest
import redis.asyncio as redis
from opentelemetry.trace import SpanKind

from keel.identity.v1 import authorization_pb2, authorization_pb2_grpc
from keel_runtime import context as request_context
from keel_runtime.authz import CHANGES, Authorizer
from keel_runtime.errors import NotFound, PermissionDenied, Unauthenticated
from services.identity.app import SPEC
from tests.support import channels
from tests.support.inprocess import running

V = authorization_pb2.Verdict


@pytest.fixture(scope="module")
async def identity_address(identity_env) -> AsyncIterator[str]:
    async with running(SPEC, identity_env) as address:
        yield address


async def _check(address: str, principal: dict[str, str], org_id: uuid.UUID, permission: str):
    async with channels.channel(address, workload="billing") as channel:
        stub = authorization_pb2_grpc.AuthorizationServiceStub(channel)
        return await stub.CheckPermission(
            authorization_pb2.CheckPermissionRequest(
                principal=authorization_pb2.Principal(**principal),
                check=authorization_pb2.PermissionCheck(org_id=str(org_id), permission=permission),
            )
        )


ROLES = {"viewer": 1, "member": 2, "admin": 3, "owner": 4}
# permission → the lowest role that has it (a few from each level of the table).
LOWEST_ROLE = {
    "org.view": "viewer",
    "agents.view": "viewer",
    "agents.run": "member",
    "agents.create": "member",
    "members.manage": "admin",
    "api_keys.manage": "admin",
    "billing.view": "member",
    "billing.manage": "owner",
    "org.delete": "owner",
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("permission", LOWEST_ROLE)
async def test_each_role_gets_exactly_its_permissions(identity_address, seed, role, permission):
    user, org = await seed.user(), await seed.org()
    await seed.member(org, user, ROLES[role])
    session = await seed.session(user)
    reply = await _check(
        identity_address, {"user_id": str(user), "session_id": str(session)}, org, permission
    )
    if ROLES[role] >= ROLES[LOWEST_ROLE[permission]]:
        assert (reply.verdict, reply.role) == (V.VERDICT_ALLOWED, ROLES[role])
    else:
        assert (reply.verdict, reply.reason) == (V.VERDICT_DENIED, "MISSING_PERMISSION")


async def test_non_members_and_unknown_organizations_look_the_same(identity_address, seed):
    user, org = await seed.user(), await seed.org()
    principal = {"user_id": str(user), "session_id": str(await seed.session(user))}
    other = await _check(identity_address, principal, org, "org.view")
    missing = await _check(identity_address, principal, uuid.uuid4(), "org.view")
    assert other.verdict == missing.verdict == V.VERDICT_NOT_FOUND


async def test_suspended_users_and_ended_sessions_are_unauthenticated(identity_address, seed):
    org = await seed.org()
    suspended = await seed.user(suspended=True)
    await seed.member(org, suspended, ROLES["owner"])
    reply = await _check(identity_address, {"user_id": str(suspended)}, org, "org.view")
    assert (reply.verdict, reply.reason) == (V.VERDICT_UNAUTHENTICATED, "USER_SUSPENDED")

    user = await seed.user()
    await seed.member(org, user, ROLES["owner"])
    ended = await seed.session(user, ended=True)
    principal = {"user_id": str(user), "session_id": str(ended)}
    reply = await _check(identity_address, principal, org, "org.view")
    assert (reply.verdict, reply.reason) == (V.VERDICT_UNAUTHENTICATED, "SESSION_ENDED")


async def test_a_user_named_without_a_session_is_unauthenticated(identity_address, seed):
    """The gateway names a user only with their token's session: a user without one is a
    caller no logout could stop, and is refused (an API key names no session, and needs
    none)."""
    org = await seed.org()
    user = await seed.user()
    await seed.member(org, user, ROLES["owner"])
    reply = await _check(identity_address, {"user_id": str(user)}, org, "org.view")
    assert (reply.verdict, reply.reason) == (V.VERDICT_UNAUTHENTICATED, "SESSION_REQUIRED")
    authz = Authorizer(target=identity_address)
    token = request_context.bind(request_context.RequestContext(user_id=str(user)))
    try:
        with pytest.raises(Unauthenticated) as refused:
            await authz.require(str(org), "org.view")
        assert refused.value.reason == "SESSION_REQUIRED"
    finally:
        request_context.unbind(token)


async def test_parent_owners_and_admins_manage_children_members_do_not(identity_address, seed):
    agency = await seed.org()
    client = await seed.org(parent=agency)
    admin, member = await seed.user(), await seed.user()
    await seed.member(agency, admin, ROLES["admin"])
    await seed.member(agency, member, ROLES["member"])
    as_admin = {"user_id": str(admin), "session_id": str(await seed.session(admin))}
    inherited = await _check(identity_address, as_admin, client, "members.manage")
    assert (inherited.verdict, inherited.role) == (V.VERDICT_ALLOWED, ROLES["admin"])
    as_member = {"user_id": str(member), "session_id": str(await seed.session(member))}
    outside = await _check(identity_address, as_member, client, "org.view")
    assert outside.verdict == V.VERDICT_NOT_FOUND


async def test_unknown_permissions_are_refused_as_a_bug(identity_address):
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await _check(identity_address, {"user_id": str(uuid.uuid4())}, uuid.uuid4(), "org.fly")
    assert raised.value.code() == grpc.StatusCode.INVALID_ARGUMENT


async def test_batch_answers_each_check_in_order(identity_address, seed):
    user, org = await seed.user(), await seed.org()
    await seed.member(org, user, ROLES["member"])
    async with channels.channel(identity_address, workload="billing") as channel:
        reply = await authorization_pb2_grpc.AuthorizationServiceStub(
            channel
        ).BatchCheckPermissions(
            authorization_pb2.BatchCheckPermissionsRequest(
                principal=authorization_pb2.Principal(
                    user_id=str(user), session_id=str(await seed.session(user))
                ),
                checks=[
                    authorization_pb2.PermissionCheck(org_id=str(org), permission=p)
                    for p in ("agents.run", "org.delete", "org.view")
                ],
            )
        )
    assert [r.verdict for r in reply.results] == [
        V.VERDICT_ALLOWED,
        V.VERDICT_DENIED,
        V.VERDICT_ALLOWED,
    ]


async def _as_caller(
    seed, user_id: uuid.UUID
) -> contextvars.Token[request_context.RequestContext | None]:
    """Bind `user_id`, signed in, as the caller of the request being served."""
    session_id = str(await seed.session(user_id))
    return request_context.bind(
        request_context.RequestContext(user_id=str(user_id), session_id=session_id)
    )


async def test_the_client_helper_raises_what_the_caller_should_get(identity_address, seed):
    user, org = await seed.user(), await seed.org()
    await seed.member(org, user, ROLES["viewer"])
    authz = Authorizer(target=identity_address)
    token = await _as_caller(seed, user)
    try:
        assert await authz.require(str(org), "agents.view") == ROLES["viewer"]
        with pytest.raises(PermissionDenied) as denied:
            await authz.require(str(org), "agents.run")
        assert denied.value.reason == "MISSING_PERMISSION"
        with pytest.raises(NotFound):
            await authz.require(str(uuid.uuid4()), "agents.view")
        assert await authz.allowed([(str(org), "agents.view"), (str(org), "agents.run")]) == [
            True,
            False,
        ]
    finally:
        request_context.unbind(token)
    with pytest.raises(Unauthenticated):  # no caller at all: no call to identity either
        await authz.require(str(org), "agents.view")


async def test_answers_are_kept_until_identitys_next_change(
    identity_address, seed, redis_server, spans
):
    """While the change feed is followed, `allowed` and `require` answer what they kept,
    without asking identity; identity's next event (`drop`) makes them ask again."""
    user, org = await seed.user(), await seed.org()
    await seed.member(org, user, ROLES["member"])
    authz = Authorizer(target=identity_address)
    client = redis.Redis.from_url(redis_server.url)
    follower = asyncio.create_task(CHANGES.follow(client))
    token = await _as_caller(seed, user)
    checks = [(str(org), "agents.run"), (str(org), "members.manage")]

    def identity_calls() -> int:
        served = [s for s in spans.get_finished_spans() if s.kind == SpanKind.SERVER]
        return sum("AuthorizationService" in s.name for s in served)

    try:
        for _ in range(250):
            if CHANGES.live:
                break
            await asyncio.sleep(0.02)
        assert await authz.allowed(checks) == [True, False]
        asked = identity_calls()
        assert asked >= 1
        assert await authz.allowed(checks) == [True, False]
        assert await authz.allowed(checks[1:]) == [False]
        assert await authz.require(str(org), "agents.run") == ROLES["member"]  # the same answer
        assert identity_calls() == asked
        await seed.sql(
            "UPDATE memberships SET role = :role WHERE org_id = :org AND user_id = :user",
            role=ROLES["viewer"],
            org=org,
            user=user,
        )
        CHANGES.drop()  # the event of that change: both are asked again, in one call
        assert await authz.allowed([*checks, (str(org), "agents.view")]) == [False, False, True]
        assert identity_calls() == asked + 1
        with pytest.raises(PermissionDenied):
            await authz.require(str(org), "agents.run")
    finally:
        request_context.unbind(token)
        follower.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await follower
        await client.aclose()


async def test_an_expiring_keys_answer_says_until_when_it_holds(identity_address, seed):
    """Callers keep answers until identity's next event; an API key's expiry comes with
    no event, so the answer names it (`valid_until`) and `authz` keeps it no longer."""
    org = await seed.org()
    expires = datetime.now(UTC) + timedelta(minutes=5)
    keys = {}
    for name, expires_at in (("expiring", expires), ("lasting", None)):
        keys[name] = "opk_" + secrets.token_hex(12)
        await seed.sql(
            "INSERT INTO api_keys (id, org_id, name, kind, scopes, secret_hash, secret_prefix,"
            " created_by, expires_at) VALUES (:id, :o, :n, 2, ARRAY['read:agents'], :h,"
            " 'osk_abcd', :by, :e)",
            id=keys[name], o=org, n=name, h=secrets.token_bytes(32), by=await seed.user(),
            e=expires_at,
        )  # fmt: skip
    expiring = await _check(identity_address, {"api_key_id": keys["expiring"]}, org, "agents.view")
    assert expiring.verdict == V.VERDICT_ALLOWED
    assert abs(expiring.valid_until.ToDatetime(UTC) - expires) < timedelta(milliseconds=1)
    lasting = await _check(identity_address, {"api_key_id": keys["lasting"]}, org, "agents.view")
    assert lasting.verdict == V.VERDICT_ALLOWED and not lasting.HasField("valid_until")
