"""Authorization for every service: ask identity, in one line.

    role = await authz.require(org_id, "agents.run")

checks the caller of the RPC being served (the identity the gateway put in the request
metadata) against identity's `CheckPermission`, and raises the error the caller should
get: NOT_FOUND when they are not a member (organizations of others do not exist for
them), PERMISSION_DENIED when their role or key scopes fall short, UNAUTHENTICATED when
they are suspended, signed out or their key was revoked. Identity answers from a cache it
drops on every membership change, so a removed member is refused on their next call.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from keel.identity.v1 import authorization_pb2, authorization_pb2_grpc
from keel_runtime import clients
from keel_runtime import context as request_context
from keel_runtime.errors import KeelError, NotFound, PermissionDenied, Unauthenticated

Verdict = authorization_pb2.Verdict
# Held by platform administrators whatever the organization (identity's README).
PLATFORM_ADMIN = "platform.admin"
_Stub = authorization_pb2_grpc.AuthorizationServiceStub

_UNAUTHENTICATED = {
    "USER_SUSPENDED": "the account is suspended",
    "SESSION_ENDED": "the session has ended; sign in again",
    "API_KEY_MISSING": "missing API key",
    "API_KEY_INVALID": "invalid API key",
    "API_KEY_REVOKED": "the API key was revoked",
    "API_KEY_EXPIRED": "the API key has expired",
    "API_KEY_OWNER_GONE": "the API key's owner no longer has access",
    "UNAUTHENTICATED": "sign in, or send an API key",
}


def denial(verdict: int, reason: str, org_id: str, permission: str) -> KeelError:
    """The error for a check that did not come back ALLOWED (the one mapping, also identity's)."""
    if verdict == Verdict.VERDICT_UNAUTHENTICATED:
        return unauthenticated(reason)
    if verdict == Verdict.VERDICT_DENIED:
        return denied(reason, org_id, permission)
    return not_found(org_id)


def unauthenticated(reason: str = "UNAUTHENTICATED") -> Unauthenticated:
    return Unauthenticated(_UNAUTHENTICATED.get(reason, "not signed in"), reason=reason)


def denied(reason: str, org_id: str, permission: str) -> PermissionDenied:
    """The caller's role or key scopes fall short of `permission` in `org_id`."""
    return PermissionDenied(
        f"{permission} is not allowed here",
        reason=reason,
        metadata={"permission": permission, "org_id": org_id},
    )


def not_found(org_id: str) -> NotFound:
    """Not a member and no such organization look the same: nothing is revealed."""
    return NotFound(
        f"no organization {org_id}", reason="ORGANIZATION_NOT_FOUND", metadata={"org_id": org_id}
    )


def _principal() -> authorization_pb2.Principal:
    caller = request_context.current()
    if not caller.authenticated:
        raise unauthenticated()
    return authorization_pb2.Principal(
        user_id=caller.user_id, api_key_id=caller.api_key_id, session_id=caller.session_id
    )


class Authorizer:
    """A client of identity's AuthorizationService (one channel per event loop)."""

    def __init__(self, target: str | None = None) -> None:
        self.target = target
        self._stubs: dict[asyncio.AbstractEventLoop, _Stub] = {}

    def _stub(self) -> _Stub:
        loop = asyncio.get_running_loop()
        stub = self._stubs.get(loop)
        if stub is None:
            service = authorization_pb2.DESCRIPTOR.services_by_name["AuthorizationService"]
            channel = clients.connect(
                "identity", service_descriptors=[service], default_timeout=2.0, target=self.target
            )
            stub = self._stubs[loop] = _Stub(channel)
        return stub

    async def check(
        self, org_id: str, permission: str
    ) -> authorization_pb2.CheckPermissionResponse:
        request = authorization_pb2.CheckPermissionRequest(
            principal=_principal(),
            check=authorization_pb2.PermissionCheck(org_id=org_id, permission=permission),
        )
        return await self._stub().CheckPermission(request)

    async def require(self, org_id: str, permission: str) -> int:
        """The caller's role in `org_id` (0 for service keys), or the error to answer."""
        result = await self.check(org_id, permission)
        if result.verdict != Verdict.VERDICT_ALLOWED:
            raise denial(result.verdict, result.reason, org_id, permission)
        return int(result.role)

    async def allowed(self, checks: Sequence[tuple[str, str]]) -> list[bool]:
        """For each (org_id, permission), whether the caller may (one call for all)."""
        request = authorization_pb2.BatchCheckPermissionsRequest(
            principal=_principal(),
            checks=[authorization_pb2.PermissionCheck(org_id=o, permission=p) for o, p in checks],
        )
        reply = await self._stub().BatchCheckPermissions(request)
        return [r.verdict == Verdict.VERDICT_ALLOWED for r in reply.results]


_default = Authorizer()


async def require(org_id: str, permission: str) -> int:
    """Raise unless the caller may do `permission` in `org_id`; returns their role."""
    return await _default.require(org_id, permission)


async def allowed(checks: Sequence[tuple[str, str]]) -> list[bool]:
    return await _default.allowed(checks)


async def require_platform_admin(org_id: str) -> None:
    """Raise unless the caller is a platform administrator (acting on `org_id`)."""
    await _default.require(org_id, PLATFORM_ADMIN)
