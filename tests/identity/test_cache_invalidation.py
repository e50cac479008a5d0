"""Cached authorization facts never outlive a change, in any replica.

Replica A is a real identity process; replica B runs in this test process on the same
database and Redis. A change made through B reaches A only as an identity event on the
Redis stream, and A must refuse right after.
"""

from __future__ import annotations

import asyncio
import time
import uuid

from keel.identity.v1 import (
    authorization_pb2,
    authorization_pb2_grpc,
    organizations_pb2,
    organizations_pb2_grpc,
)
from services.identity.app import SPEC
from tests.identity.support import MEMBER, OWNER, Seed
from tests.support import channels
from tests.support.inprocess import running

V = authorization_pb2.Verdict


async def _team(seed: Seed) -> tuple[uuid.UUID, uuid.UUID, uuid.UUID, uuid.UUID]:
    """An organization with an owner and two members; returns (org, owner, m1, m2)."""
    org, owner = await seed.org_with(OWNER)
    first, second = await seed.user(), await seed.user()
    for user in (first, second):
        await seed.member(org, user, MEMBER)
    return org, owner, first, second


async def _verdict(address: str, user: uuid.UUID, session: uuid.UUID, org: uuid.UUID) -> int:
    async with channels.channel(address, workload="billing") as channel:
        reply = await authorization_pb2_grpc.AuthorizationServiceStub(channel).CheckPermission(
            authorization_pb2.CheckPermissionRequest(
                principal=authorization_pb2.Principal(user_id=str(user), session_id=str(session)),
                check=authorization_pb2.PermissionCheck(org_id=str(org), permission="agents.run"),
            )
        )
    return int(reply.verdict)


async def test_a_member_removed_on_one_replica_is_refused_by_the_others(
    identity, identity_env, seed
):
    org, owner, first, second = await _team(seed)
    signed_in = {user: await seed.session(user) for user in (first, second)}
    replica_a = identity.address
    assert await _verdict(replica_a, first, signed_in[first], org) == V.VERDICT_ALLOWED
    assert await _verdict(replica_a, second, signed_in[second], org) == V.VERDICT_ALLOWED

    # A change behind identity's back (no event) is not seen: A answers from its cache.
    await seed.sql("DELETE FROM memberships WHERE org_id = :o AND user_id = :u", o=org, u=second)
    assert await _verdict(replica_a, second, signed_in[second], org) == V.VERDICT_ALLOWED

    # The same kind of change through replica B's API: its event drops A's cache.
    async with running(SPEC, identity_env) as replica_b:
        async with channels.channel(replica_b) as channel:
            await organizations_pb2_grpc.OrganizationServiceStub(channel).RemoveMember(
                organizations_pb2.RemoveMemberRequest(org_id=str(org), user_id=str(first)),
                metadata=await seed.signed_in(owner),
            )
        started = time.monotonic()
        while await _verdict(replica_a, first, signed_in[first], org) != V.VERDICT_NOT_FOUND:
            assert time.monotonic() - started < 3, "replica A still allows the removed member"
            await asyncio.sleep(0.02)
        # The event concerned only the first member: A still answers the second from its
        # cache, so one member's change does not empty every cached answer.
        assert await _verdict(replica_a, second, signed_in[second], org) == V.VERDICT_ALLOWED
