"""Who may do what: the one authorization path of identity.

`Access.check` answers `CheckPermission` for the other services, and identity's own
handlers use `Access.require*` the same way. The facts it needs (user suspended? session
ended? role in that organization? key revoked?) are cached in process, because every call
of every service asks; the cache is dropped whenever identity changes any of them:
- by the replica that made the change, right after its transaction commits;
- by every other replica when the change's event arrives on identity's event stream
  (`keel_runtime.authz.CHANGES`, which every service follows), within ~50 ms;
- and entries expire after `KEEL_AUTHZ_CACHE_SECONDS` regardless.

Every decision says how new the facts it was made from are (`Decision.position`, an
identity change stream position): what the feed had applied when the decision began,
since everything its cache holds was loaded at that position (`ChangeFeed.position`). A
caller that has already seen a newer change says so (`min_position`): then the caches of
this replica are older than what the caller knows, and the facts are read from the
database instead. A read begun now reflects that change, because an event is relayed only
after its transaction committed.
"""

from __future__ import annotations

import enum
import functools
import math
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Protocol

from keel_runtime import authz
from keel_runtime import context as request_context
from keel_runtime.cache import FactCache, latest, newer
from keel_runtime.context import RequestContext
from keel_runtime.errors import KeelError, PermissionDenied, Unauthenticated
from services.identity.domain.permissions import PLATFORM_ADMIN, Role, allows, scopes_allow


class Verdict(enum.IntEnum):
    """keel.identity.v1.Verdict."""

    ALLOWED = 1
    NOT_FOUND = 2
    DENIED = 3
    UNAUTHENTICATED = 4


class KeyKind(enum.IntEnum):
    """keel.identity.v1.ApiKeyKind."""

    USER = 1
    SERVICE = 2


@dataclass(frozen=True)
class Caller:
    """The authenticated principal of a request, as the gateway (or a peer) passed it."""

    user_id: uuid.UUID | None = None
    api_key_id: str | None = None
    session_id: uuid.UUID | None = None
    request_id: str = ""

    @classmethod
    def current(cls) -> Caller:
        """The caller of the request being served."""
        return cls.from_context(request_context.current())

    @classmethod
    def from_context(cls, ctx: RequestContext) -> Caller:
        return cls.of(ctx.user_id, ctx.api_key_id, ctx.session_id, ctx.request_id)

    @classmethod
    def of(cls, user_id: str, api_key_id: str, session_id: str, request_id: str = "") -> Caller:
        return cls(_uuid(user_id), api_key_id or None, _uuid(session_id), request_id)


def _uuid(value: str) -> uuid.UUID | None:
    if not value:
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        raise Unauthenticated("malformed caller identity", reason="UNAUTHENTICATED") from None


@dataclass(frozen=True)
class UserState:
    id: uuid.UUID
    suspended: bool
    platform_admin: bool


@dataclass(frozen=True)
class OrgRole:
    """A user's effective role in an organization (None: no access, or no such org)."""

    role: Role | None
    # The role comes from being an owner or admin of the parent organization.
    inherited: bool = False


@dataclass(frozen=True)
class KeyState:
    id: str
    org_id: uuid.UUID
    kind: KeyKind
    created_by: uuid.UUID
    scopes: frozenset[str]
    revoked: bool
    expires_at: datetime | None

    def expired(self, now: datetime) -> bool:
        return self.expires_at is not None and self.expires_at <= now


@dataclass(frozen=True)
class KeyStanding:
    """A key that may act: its state, and its creator's role for a user key (a service
    key has none)."""

    key: KeyState
    role: Role | None


@dataclass(frozen=True)
class Decision:
    verdict: Verdict
    role: Role | None = None
    reason: str = ""
    # When the answer stops being true by itself (an API key's expiry); other changes
    # come with an identity event.
    valid_until: datetime | None = None
    # The newest identity change (stream position) the decision reflects ("" unknown).
    position: str = ""

    @property
    def allowed(self) -> bool:
        return self.verdict is Verdict.ALLOWED

    def error(self, org_id: uuid.UUID, permission: str) -> KeelError:
        """The error a caller gets when this decision is not ALLOWED."""
        return authz.denial(self.verdict, self.reason, str(org_id), permission)


def _deny(verdict: Verdict, reason: str, role: Role | None = None) -> Decision:
    return Decision(verdict, role, reason)


class AccessFacts(Protocol):
    """Reads the facts authorization depends on (the data layer implements it)."""

    async def user(self, user_id: uuid.UUID) -> UserState | None: ...

    async def session_live(self, session_id: uuid.UUID, user_id: uuid.UUID) -> bool: ...

    async def org_role(self, user_id: uuid.UUID, org_id: uuid.UUID) -> OrgRole: ...

    async def api_key(self, key_id: str) -> KeyState | None: ...

    async def org_alive(self, org_id: uuid.UUID) -> bool: ...


# How long, and how many, API-key secrets that matched no key are remembered.
UNKNOWN_KEY_SECONDS = 30.0
UNKNOWN_KEYS_KEPT = 10_000


class Access:
    def __init__(
        self,
        cache: FactCache,
        key_ids: FactCache | None = None,
        unknown_keys: FactCache | None = None,
    ) -> None:
        # Tracked by identity's change feed, whose position its decisions then claim.
        self.cache = authz.CHANGES.track(cache)
        # API-key secret hash -> key id. A key's hash never changes (a deleted key's row
        # stays, hidden), so this cache is not dropped by identity events: a revoked or
        # deleted key is caught by its ("key", id) entry, which they do drop. Misses are
        # not kept here: unknown secrets cannot crowd out real keys.
        self.key_ids = key_ids or FactCache(math.inf, store_none=False)
        # Secrets that matched no key, kept apart and briefly: a client repeating a bad key
        # costs one query per UNKNOWN_KEY_SECONDS, not one per call. Safe to keep: a new
        # key's secret is random, never one looked up before.
        self.unknown_keys = unknown_keys or FactCache(
            UNKNOWN_KEY_SECONDS, max_entries=UNKNOWN_KEYS_KEPT
        )

    @functools.cached_property
    def uncached(self) -> Access:
        """The same decisions from facts read fresh from the database (a cache of no time)."""
        return Access(FactCache(0), self.key_ids, self.unknown_keys)

    # --- cached facts -------------------------------------------------------------------

    async def user(self, facts: AccessFacts, user_id: uuid.UUID) -> UserState | None:
        result: UserState | None = await self.cache.get(
            ("user", user_id), lambda: facts.user(user_id)
        )
        return result

    async def org_role(self, facts: AccessFacts, user_id: uuid.UUID, org_id: uuid.UUID) -> OrgRole:
        result: OrgRole = await self.cache.get(
            ("role", user_id, org_id), lambda: facts.org_role(user_id, org_id)
        )
        return result

    async def api_key(self, facts: AccessFacts, key_id: str) -> KeyState | None:
        result: KeyState | None = await self.cache.get(
            ("key", key_id), lambda: facts.api_key(key_id)
        )
        return result

    async def key_id_by_hash(
        self, secret_hash: bytes, load: Callable[[], Awaitable[str | None]]
    ) -> str | None:
        key = ("keyhash", secret_hash)
        if key in self.unknown_keys:
            return None
        result: str | None = await self.key_ids.get(key, load)
        if result is None:
            self.unknown_keys.put(key, None)
        return result

    async def org_alive(self, facts: AccessFacts, org_id: uuid.UUID) -> bool:
        result: bool = await self.cache.get(("org", org_id), lambda: facts.org_alive(org_id))
        return result

    async def _session_live(
        self, facts: AccessFacts, session_id: uuid.UUID, user_id: uuid.UUID
    ) -> bool:
        result: bool = await self.cache.get(
            ("session", session_id, user_id), lambda: facts.session_live(session_id, user_id)
        )
        return result

    # --- decisions ----------------------------------------------------------------------

    async def user_verdict(self, facts: AccessFacts, caller: Caller) -> Decision:
        """Whether the caller is a signed-in user in good standing (no organization yet)."""
        if caller.user_id is None:
            return _deny(Verdict.UNAUTHENTICATED, "UNAUTHENTICATED")
        user = await self.user(facts, caller.user_id)
        if user is None or user.suspended:
            return _deny(Verdict.UNAUTHENTICATED, "USER_SUSPENDED")
        # A user is only ever named with the session of their token (the gateway forwards
        # its `sid`): a user without one is no caller logout could end.
        if caller.session_id is None:
            return _deny(Verdict.UNAUTHENTICATED, "SESSION_REQUIRED")
        if not await self._session_live(facts, caller.session_id, caller.user_id):
            return _deny(Verdict.UNAUTHENTICATED, "SESSION_ENDED")
        return Decision(Verdict.ALLOWED)

    async def check(
        self,
        facts: AccessFacts,
        caller: Caller,
        org_id: uuid.UUID,
        permission: str,
        min_position: str = "",
    ) -> Decision:
        """May `caller` do `permission` in organization `org_id`, right now, as of identity's
        change `min_position` at least? The decision carries the position it reflects."""
        # Read before any fact: the cached ones were loaded at this position, and the ones
        # loaded from here on reflect at least this much.
        applied = authz.CHANGES.position
        if newer(min_position, applied):
            decision = await self.uncached.decide(facts, caller, org_id, permission)
        else:
            decision = await self.decide(facts, caller, org_id, permission)
        return replace(decision, position=latest(min_position, applied))

    async def decide(
        self, facts: AccessFacts, caller: Caller, org_id: uuid.UUID, permission: str
    ) -> Decision:
        """`check`'s decision, from this Access's facts (without its position)."""
        if permission == PLATFORM_ADMIN:
            return await self._check_platform_admin(facts, caller)
        if caller.api_key_id is not None:
            return await self._check_key(facts, caller.api_key_id, org_id, permission)
        standing = await self.user_verdict(facts, caller)
        if not standing.allowed:
            return standing
        assert caller.user_id is not None
        access = await self.org_role(facts, caller.user_id, org_id)
        if access.role is None:
            return _deny(Verdict.NOT_FOUND, "NOT_A_MEMBER")
        if not allows(access.role, permission):
            return _deny(Verdict.DENIED, "MISSING_PERMISSION", access.role)
        return Decision(Verdict.ALLOWED, access.role)

    async def _check_platform_admin(self, facts: AccessFacts, caller: Caller) -> Decision:
        """Platform administrators, whatever the organization; never an API key."""
        if caller.api_key_id is not None:
            return _deny(Verdict.DENIED, "USER_REQUIRED")
        standing = await self.user_verdict(facts, caller)
        if not standing.allowed:
            return standing
        assert caller.user_id is not None
        user = await self.user(facts, caller.user_id)
        if user is None or not user.platform_admin:
            return _deny(Verdict.DENIED, "PLATFORM_ADMIN_REQUIRED")
        return Decision(Verdict.ALLOWED)

    async def key_standing(self, facts: AccessFacts, key_id: str) -> KeyStanding | Decision:
        """Whether key `key_id` may act at all, right now (the gateway's check and every
        permission check of a key): its state and, for a user key, its creator's role in
        the key's organization; or the UNAUTHENTICATED decision refusing it."""
        key = await self.api_key(facts, key_id)
        if key is None:  # unknown, or deleted
            return _deny(Verdict.UNAUTHENTICATED, "API_KEY_INVALID")
        if key.revoked:
            return _deny(Verdict.UNAUTHENTICATED, "API_KEY_REVOKED")
        if key.expired(datetime.now(UTC)):
            return _deny(Verdict.UNAUTHENTICATED, "API_KEY_EXPIRED")
        if key.kind is KeyKind.USER:
            # A user key acts for its creator: never more than they may do now.
            owner = await self.user(facts, key.created_by)
            access = await self.org_role(facts, key.created_by, key.org_id)
            if owner is None or owner.suspended or access.role is None:
                return _deny(Verdict.UNAUTHENTICATED, "API_KEY_OWNER_GONE")
            return KeyStanding(key, access.role)
        if not await self.org_alive(facts, key.org_id):
            # The organization's own key ends with the organization.
            return _deny(Verdict.UNAUTHENTICATED, "API_KEY_REVOKED")
        return KeyStanding(key, None)

    async def _check_key(
        self, facts: AccessFacts, key_id: str, org_id: uuid.UUID, permission: str
    ) -> Decision:
        standing = await self.key_standing(facts, key_id)
        if isinstance(standing, Decision):
            return standing
        if standing.key.org_id != org_id:
            return _deny(Verdict.NOT_FOUND, "NOT_A_MEMBER")
        role = standing.role
        if role is not None and not allows(role, permission):
            return _deny(Verdict.DENIED, "MISSING_PERMISSION", role)
        if not scopes_allow(standing.key.scopes, permission):
            return _deny(Verdict.DENIED, "MISSING_SCOPE", role)
        return Decision(Verdict.ALLOWED, role, valid_until=standing.key.expires_at)

    # --- for identity's own handlers ------------------------------------------------------

    async def require(
        self, facts: AccessFacts, caller: Caller, org_id: uuid.UUID, permission: str
    ) -> Decision:
        decision = await self.check(facts, caller, org_id, permission)
        if not decision.allowed:
            raise decision.error(org_id, permission)
        return decision

    async def require_user(self, facts: AccessFacts, caller: Caller) -> uuid.UUID:
        """The id of the calling user; API keys and anonymous callers are refused."""
        if caller.api_key_id is not None:
            raise PermissionDenied(
                "API keys cannot do this; sign in as a user", reason="USER_REQUIRED"
            )
        decision = await self.user_verdict(facts, caller)
        if not decision.allowed:
            raise authz.unauthenticated(decision.reason)
        assert caller.user_id is not None
        return caller.user_id

    async def require_platform_admin(self, facts: AccessFacts, caller: Caller) -> uuid.UUID:
        user_id = await self.require_user(facts, caller)
        user = await self.user(facts, user_id)
        if user is None or not user.platform_admin:
            raise PermissionDenied("platform administrators only", reason="PLATFORM_ADMIN_REQUIRED")
        return user_id
