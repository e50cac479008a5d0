"""A Keel service calling as itself is authorized by the written rule (`keel_runtime.grants`),
in the one organization it acts for, without asking identity.

The caller's workload is bound directly (`RequestContext(caller=...)`), as the RPC layer
binds it from the certificate with mTLS on. The Authorizer points at an address where
nothing listens: any call to identity would fail, so an answer proves none was made.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import grpc
import pytest

from keel.identity.v1 import authorization_pb2
from keel_runtime import context as request_context
from keel_runtime.authz import PLATFORM_ADMIN, Authorizer
from keel_runtime.config import SERVICES
from keel_runtime.errors import PermissionDenied, Unauthenticated
from keel_runtime.grants import SERVICE_GRANTS, granted
from services.identity.domain.permissions import PERMISSIONS
from tests.support.net import free_port

V = authorization_pb2.Verdict
ORG = str(uuid.uuid4())
OTHER_ORG = str(uuid.uuid4())


@pytest.fixture
def no_identity() -> Authorizer:
    return Authorizer(target=f"127.0.0.1:{free_port()}")


@pytest.fixture
def as_agents() -> Iterator[None]:
    """The agents service calling as itself, for ORG (as `acting_for(ORG)` sends it)."""
    token = request_context.bind(request_context.RequestContext(caller="agents", org_id=ORG))
    try:
        yield
    finally:
        request_context.unbind(token)


def test_the_rule_names_every_service_and_only_identitys_permissions():
    assert set(SERVICE_GRANTS) == set(SERVICES)
    for service, permissions in SERVICE_GRANTS.items():
        assert permissions <= PERMISSIONS, service
        assert PLATFORM_ADMIN not in permissions
    assert granted("agents", "agents.run") and not granted("agents", "org.delete")
    assert not granted("stranger", "org.view")


async def test_a_service_may_do_what_it_is_granted_in_the_org_it_acts_for(
    no_identity: Authorizer, as_agents: None
):
    assert await no_identity.require(ORG, "agents.run") == 0
    answer = await no_identity.check(ORG, "billing.view")
    assert (answer.verdict, answer.role) == (V.VERDICT_ALLOWED, 0)
    assert await no_identity.allowed(
        [(ORG, "agents.run"), (ORG, "agents.create"), (OTHER_ORG, "agents.run")]
    ) == [True, False, False]


@pytest.mark.parametrize(
    ("org_id", "permission"),
    [
        (ORG, "agents.create"),  # not granted to agents
        (ORG, "members.manage"),
        (ORG, PLATFORM_ADMIN),  # never granted to a service
        (OTHER_ORG, "agents.run"),  # granted, but not for this organization
        ("", "agents.run"),
    ],
)
async def test_anything_else_is_refused_naming_the_service_and_permission(
    no_identity: Authorizer, as_agents: None, org_id: str, permission: str
):
    with pytest.raises(PermissionDenied) as refused:
        await no_identity.require(org_id, permission)
    assert refused.value.reason == "SERVICE_NOT_GRANTED"
    assert refused.value.metadata["service"] == "agents"
    assert refused.value.metadata["permission"] == permission
    answer = await no_identity.check(org_id, permission)
    assert (answer.verdict, answer.reason) == (V.VERDICT_DENIED, "SERVICE_NOT_GRANTED")


async def test_a_service_acting_for_no_org_may_do_nothing(no_identity: Authorizer):
    token = request_context.bind(request_context.RequestContext(caller="messaging"))
    try:
        with pytest.raises(PermissionDenied):
            await no_identity.require(ORG, "conversations.view")
    finally:
        request_context.unbind(token)


async def test_only_a_service_calling_as_itself_is_decided_by_the_rule(no_identity: Authorizer):
    # The gateway naming nobody: anonymous, refused before any call.
    token = request_context.bind(request_context.RequestContext(caller="gateway", org_id=ORG))
    try:
        with pytest.raises(Unauthenticated):
            await no_identity.require(ORG, "agents.run")
    finally:
        request_context.unbind(token)
    # A service forwarding a user: the user is what counts, and only identity knows them
    # (here it cannot be reached, so the call fails rather than being allowed).
    user = request_context.RequestContext(caller="agents", org_id=ORG, user_id=str(uuid.uuid4()))
    token = request_context.bind(user)
    try:
        with pytest.raises(grpc.aio.AioRpcError) as raised:
            await no_identity.require(ORG, "agents.run")
        assert raised.value.code() in (
            grpc.StatusCode.UNAVAILABLE,
            grpc.StatusCode.DEADLINE_EXCEEDED,
        )
    finally:
        request_context.unbind(token)
