"""Authorization for every service: ask identity, in one line.

    role = await authz.require(org_id, "agents.run")

checks the caller of the RPC being served (the identity the gateway put in the request
metadata) against identity's `CheckPermission`, and raises the error the caller should
get: NOT_FOUND when they are not a member (organizations of others do not exist for
them), PERMISSION_DENIED when their role or key scopes fall short, UNAUTHENTICATED when
they are suspended, signed out or their key was revoked.

Answers are kept per (caller, organization, permission) in the process, because the same
caller asks the same thing call after call and a hop to identity costs more than most
handlers. Every change an answer depends on (a membership, a role, a suspension, an
ended session, a revoked key, a deleted organization) is published on identity's event
stream, which every service follows (`CHANGES`, started by the runtime, reading every
`ChangeFeed.POLL_SECONDS` = 50 ms; the relay is woken at the change's commit). So within
~50 ms of the commit this process has seen the event and dropped the kept answers it
concerns (`authz_changes`: those of the user, session or key it names); a removed member
is refused from then on:
- every question carries `min_position`, the newest identity event this process has seen,
  and identity answers from state at least that new: a replica of identity that has not
  seen the event yet reads the facts from its database rather than its caches (the "new
  enemy" problem: one stale replica must not undo a removal another process has seen);
- an answer is kept only if its `position` (how new the state it was decided from is) is
  not older than what this process has seen when it arrives: an answer from before the
  event is used for the call that asked but never kept.
An answer lives at most `KEEL_AUTHZ_CACHE_SECONDS` and never past the time identity says
it stops being true (an API key's expiry); while the stream cannot be followed, nothing
is kept.

A Keel service calling as itself (`RequestContext.service_principal`: its certificate
names it and no user or key is named) is decided here, without identity: it may do what
`keel_runtime.grants` grants it, in the one organization it acts for (`org_id` of the
call), and nothing else (PERMISSION_DENIED, SERVICE_NOT_GRANTED).
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Sequence

from keel.identity.v1 import authorization_pb2, authorization_pb2_grpc
from keel_runtime import authz_changes, clients, grants
from keel_runtime import context as request_context
from keel_runtime.cache import ChangeFeed, FactCache, newer
from keel_runtime.config import AUTHZ_CACHE_SECONDS
from keel_runtime.errors import KeelError, NotFound, PermissionDenied, Unauthenticated

Verdict = authorization_pb2.Verdict
Answer = authorization_pb2.CheckPermissionResponse
# Held by platform administrators whatever the organization (identity's README).
PLATFORM_ADMIN = "platform.admin"
_Stub = authorization_pb2_grpc.AuthorizationServiceStub
_SERVICE = authorization_pb2.DESCRIPTOR.services_by_name["AuthorizationService"]
# Identity's changes: every authorization answer, wherever it is kept, depends on them.
CHANGES = ChangeFeed("identity", authz_changes.change_of_entry)

SERVICE_NOT_GRANTED = "SERVICE_NOT_GRANTED"

_UNAUTHENTICATED = {
    "USER_SUSPENDED": "the account is suspended",
    "SESSION_ENDED": "the session has ended; sign in again",
    "SESSION_REQUIRED": "a signed-in session is required; sign in again",
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


def service_not_granted(service: str, org_id: str, permission: str) -> PermissionDenied:
    """A service calling as itself asked for what its written grant does not cover."""
    return PermissionDenied(
        f"{service} may not do {permission} here on its own behalf",
        reason=SERVICE_NOT_GRANTED,
        metadata={"service": service, "permission": permission, "org_id": org_id},
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


def _service_may(service: str, org_id: str, permission: str) -> bool:
    """The written rule: granted to `service`, and only in the organization it acts for."""
    acting_for = request_context.current().org_id
    return (
        permission != PLATFORM_ADMIN
        and bool(org_id)
        and org_id == acting_for
        and grants.granted(service, permission)
    )


def _service_answer(service: str, org_id: str, permission: str) -> Answer:
    if _service_may(service, org_id, permission):
        return Answer(verdict=Verdict.VERDICT_ALLOWED)
    return Answer(verdict=Verdict.VERDICT_DENIED, reason=SERVICE_NOT_GRANTED)


def _lifetime(answer: Answer) -> float | None:
    """Seconds until an answer stops being true by itself, when identity says so."""
    if not answer.HasField("valid_until"):
        return None
    return answer.valid_until.ToNanoseconds() / 1e9 - time.time()


class Authorizer:
    """A client of identity's AuthorizationService (one channel per event loop) that keeps
    its answers until identity's next change (at most `configure`'s seconds); `feed` is
    identity's change stream as this process follows it."""

    def __init__(self, target: str | None = None, feed: ChangeFeed = CHANGES) -> None:
        self.target = target
        self.feed = feed
        self._stub = clients.Stubs("identity", _Stub, _SERVICE, default_timeout=2.0, target=target)
        self.answers = feed.track(
            FactCache(AUTHZ_CACHE_SECONDS, lifetime=_lifetime, keep=self._current),
            authz_changes.concerns_answer,
        )

    def _current(self, answer: Answer) -> bool:
        """Whether an answer may be kept: decided from state no older than the newest
        identity change this process has seen now. One that is older (the feed moved while
        it was on its way, or it came from an identity that ignores `min_position`) still
        answers the call that asked, which began before this process saw the change: asking
        again would cost every call in flight at each change a second hop, and no caller
        needs it."""
        return not newer(self.feed.position, answer.position)

    async def check(self, org_id: str, permission: str) -> Answer:
        if service := request_context.current().service_principal:
            return _service_answer(service, org_id, permission)
        principal = _principal()

        def ask() -> Awaitable[Answer]:
            # Built only on a miss: a kept answer costs no request message.
            request = authorization_pb2.CheckPermissionRequest(
                principal=principal,
                check=authorization_pb2.PermissionCheck(org_id=org_id, permission=permission),
                min_position=self.feed.position,
            )
            return self._stub().CheckPermission(request)

        if not self.feed.live:  # a change could go unnoticed: ask every time
            return await ask()
        answer: Answer = await self.answers.get(_key(principal, org_id, permission), ask)
        return answer

    async def check_many(self, checks: Sequence[tuple[str, str]]) -> list[Answer]:
        """`check` for each (org_id, permission): what is not kept is asked in one call."""
        if service := request_context.current().service_principal:
            return [_service_answer(service, *check) for check in checks]
        principal = _principal()

        async def ask(missing: Sequence[tuple[str, str]]) -> list[Answer]:
            request = authorization_pb2.BatchCheckPermissionsRequest(
                principal=principal,
                checks=[
                    authorization_pb2.PermissionCheck(org_id=org_id, permission=permission)
                    for org_id, permission in missing
                ],
                min_position=self.feed.position,
            )
            return list((await self._stub().BatchCheckPermissions(request)).results)

        if not self.feed.live:
            return await ask(checks)
        keys = [_key(principal, *check) for check in checks]
        asked = dict(zip(keys, checks, strict=True))
        return await self.answers.get_many(keys, lambda missing: ask([asked[k] for k in missing]))

    async def require(self, org_id: str, permission: str) -> int:
        """The caller's role in `org_id` (0 for service keys and services acting on their
        own behalf), or the error to answer."""
        if service := request_context.current().service_principal:
            if not _service_may(service, org_id, permission):
                raise service_not_granted(service, org_id, permission)
            return 0
        result = await self.check(org_id, permission)
        if result.verdict != Verdict.VERDICT_ALLOWED:
            raise denial(result.verdict, result.reason, org_id, permission)
        return int(result.role)

    async def allowed(self, checks: Sequence[tuple[str, str]]) -> list[bool]:
        """For each (org_id, permission), whether the caller may."""
        return [a.verdict == Verdict.VERDICT_ALLOWED for a in await self.check_many(checks)]


def _key(
    principal: authorization_pb2.Principal, org_id: str, permission: str
) -> tuple[str, str, str, str, str]:
    """An answer's cache key: who asks (user, session, key), then (org_id, permission)."""
    return (principal.user_id, principal.session_id, principal.api_key_id, org_id, permission)


_default = Authorizer()


def configure(cache_seconds: float) -> None:
    """How long this process keeps an answer at most (`KEEL_AUTHZ_CACHE_SECONDS`)."""
    _default.answers.ttl = cache_seconds


async def require(org_id: str, permission: str) -> int:
    """Raise unless the caller may do `permission` in `org_id`; returns their role."""
    return await _default.require(org_id, permission)


async def allowed(checks: Sequence[tuple[str, str]]) -> list[bool]:
    return await _default.allowed(checks)


async def require_platform_admin(org_id: str) -> None:
    """Raise unless the caller is a platform administrator (acting on `org_id`)."""
    await _default.require(org_id, PLATFORM_ADMIN)
