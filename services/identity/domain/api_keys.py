"""Organizations' API keys: created by admins and owners, shown once, stored as a keyed hash,
checked at the edge (ext_authz) on every call that carries one."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from keel.identity.v1 import events_pb2
from keel_runtime import authz, paging
from keel_runtime.errors import FailedPrecondition, NotFound, PermissionDenied
from keel_runtime.paging import Page, PageRequest
from services.identity.deps import Deps
from services.identity.domain import audit
from services.identity.domain.access import Caller, Decision, KeyKind
from services.identity.domain.events import emit
from services.identity.domain.permissions import Role, scopes_within
from services.identity.security import random_token

ID_PREFIX = "opk_"
SECRET_PREFIX = "osk_"
# Shown in lists to tell keys apart: "osk_" and four characters of the secret.
SHOWN_SECRET_CHARS = 8
MANAGE = "api_keys.manage"


@dataclass(frozen=True)
class ApiKey:
    id: str
    org_id: uuid.UUID
    name: str
    kind: KeyKind
    scopes: list[str]
    secret_prefix: str
    created_by: uuid.UUID
    created_at: datetime | None = None
    last_used_at: datetime | None = None
    expires_at: datetime | None = None
    revoked_at: datetime | None = None


@dataclass(frozen=True)
class Grant:
    """What a valid key lets through the gateway: the caller as services will see it."""

    key_id: str
    org_id: uuid.UUID
    scopes: frozenset[str]
    # The creator, for a user key (it acts for them); None for a service key.
    user_id: uuid.UUID | None


class ApiKeys(Protocol):
    async def add(self, key: ApiKey, secret_hash: bytes) -> ApiKey: ...

    async def page(
        self, org_id: uuid.UUID, after: tuple[datetime, str] | None, limit: int
    ) -> list[ApiKey]: ...

    async def lock(self, org_id: uuid.UUID, key_id: str) -> ApiKey | None: ...

    async def revoke(self, key_id: str, user_id: uuid.UUID) -> ApiKey: ...

    async def delete(self, key_id: str, user_id: uuid.UUID) -> None: ...

    async def id_by_hash(self, secret_hash: bytes) -> str | None: ...


async def _manager(deps: Deps, caller: Caller, org_id: uuid.UUID) -> tuple[uuid.UUID, Role]:
    """The signed-in admin or owner managing `org_id`'s keys (never a key itself), and
    their role there."""
    user_id = await deps.access.require_user(deps.facts, caller)
    decision = await deps.access.require(deps.facts, caller, org_id, MANAGE)
    assert decision.role is not None  # a user's allowed decision carries the role
    return user_id, decision.role


async def create(
    deps: Deps,
    keys: ApiKeys,
    caller: Caller,
    *,
    org_id: uuid.UUID,
    name: str,
    kind: KeyKind,
    scopes: list[str],
    expires_at: datetime | None,
) -> tuple[ApiKey, str]:
    """A new key and its secret, which exists in clear only in this return value."""
    user_id, role = await _manager(deps, caller, org_id)
    # Unreachable with today's table (managers are admins), kept so a key can never
    # outgrow its creator if the table changes.
    if excess := scopes_within(scopes, role):
        raise PermissionDenied(
            f"scopes beyond your role: {', '.join(excess)}",
            reason="SCOPE_EXCEEDS_ROLE",
            metadata={"scopes": " ".join(excess)},
        )
    secret = random_token(SECRET_PREFIX)
    draft = ApiKey(
        id=random_token(ID_PREFIX, 24),
        org_id=org_id,
        name=name,
        kind=kind,
        scopes=sorted(scopes),
        secret_prefix=secret[:SHOWN_SECRET_CHARS],
        created_by=user_id,
        expires_at=expires_at,
    )
    key = await keys.add(draft, deps.secrets.api_key_hash(secret))
    await audit.record(
        caller,
        action="api_key.created",
        target_type="api_key",
        target_id=key.id,
        org_id=org_id,
        after=_audited(key),
    )
    return key, secret


async def list_keys(
    deps: Deps, keys: ApiKeys, caller: Caller, org_id: uuid.UUID, page_size: int, page_token: str
) -> Page[ApiKey]:
    """The organization's keys, newest first, revoked ones included, deleted ones not."""
    await _manager(deps, caller, org_id)
    page = PageRequest.parse(page_size, page_token, default_size=50)
    after = page.cursor(paging.timestamp, paging.text)
    items = await keys.page(
        org_id, (datetime.fromisoformat(after[0]), after[1]) if after else None, page.size + 1
    )
    return page.result(items, key=lambda k: [_iso(k.created_at), k.id])


async def revoke(
    deps: Deps, keys: ApiKeys, caller: Caller, org_id: uuid.UUID, key_id: str
) -> ApiKey:
    """Stop a key at once; it stays listed (with `revoked_at`) for the audit trail."""
    user_id, _ = await _manager(deps, caller, org_id)
    key = await _locked(keys, org_id, key_id)
    if key.revoked_at is not None:
        raise FailedPrecondition(
            f"API key {key_id} is already revoked",
            reason="API_KEY_ALREADY_REVOKED",
            metadata={"key_id": key_id},
        )
    revoked = await keys.revoke(key_id, user_id)
    await _announce_revoked(revoked, user_id)
    await audit.record(
        caller,
        action="api_key.revoked",
        target_type="api_key",
        target_id=key_id,
        org_id=org_id,
        before=_audited(key),
        after=_audited(revoked),
    )
    return revoked


async def delete(deps: Deps, keys: ApiKeys, caller: Caller, org_id: uuid.UUID, key_id: str) -> None:
    """Stop and remove a key. The row stays, hidden: the audit log refers to it, and its
    hash stays taken."""
    user_id, _ = await _manager(deps, caller, org_id)
    key = await _locked(keys, org_id, key_id)
    await keys.delete(key_id, user_id)
    if key.revoked_at is None:  # already revoked: already announced
        await _announce_revoked(key, user_id)
    await audit.record(
        caller,
        action="api_key.deleted",
        target_type="api_key",
        target_id=key_id,
        org_id=org_id,
        before=_audited(key),
    )


async def _locked(keys: ApiKeys, org_id: uuid.UUID, key_id: str) -> ApiKey:
    key = await keys.lock(org_id, key_id)
    if key is None:  # also a key of another organization: nothing is revealed
        raise NotFound(
            f"no API key {key_id}", reason="API_KEY_NOT_FOUND", metadata={"key_id": key_id}
        )
    return key


async def _announce_revoked(key: ApiKey, user_id: uuid.UUID) -> None:
    payload = events_pb2.ApiKeyRevoked(
        org_id=str(key.org_id), key_id=key.id, revoked_by_user_id=str(user_id)
    )
    await emit("api_key.revoked", payload, org_id=str(key.org_id))


def _audited(key: ApiKey) -> dict[str, object]:
    """What the audit log keeps of a key: never its secret or hash."""
    return {
        "name": key.name,
        "kind": key.kind.name.lower(),
        "scopes": key.scopes,
        "secret_prefix": key.secret_prefix,
        "expires_at": _iso(key.expires_at),
        "revoked_at": _iso(key.revoked_at),
    }


# --- the gateway's check ------------------------------------------------------------------


async def authenticate(deps: Deps, keys: ApiKeys, authorization: str) -> Grant:
    """The caller an `Authorization: Bearer osk_…` header stands for, right now.

    Raises Unauthenticated with a short message for the client. Hot path: every call with
    an API key comes here; with warm caches it touches no database.
    """
    scheme, _, secret = authorization.partition(" ")
    if scheme.lower() != "bearer" or not secret.startswith(SECRET_PREFIX):
        raise authz.unauthenticated("API_KEY_MISSING")
    secret_hash = deps.secrets.api_key_hash(secret)
    # A key's hash never changes, so this part is kept apart (see Access.key_ids); its
    # state is cached separately and dropped on every identity event.
    key_id = await deps.access.key_id_by_hash(secret_hash, lambda: keys.id_by_hash(secret_hash))
    if key_id is None:
        raise authz.unauthenticated("API_KEY_INVALID")
    standing = await deps.access.key_standing(deps.facts, key_id)
    if isinstance(standing, Decision):
        raise authz.unauthenticated(standing.reason)
    key = standing.key
    user_id = key.created_by if key.kind is KeyKind.USER else None
    return Grant(key.id, key.org_id, key.scopes, user_id)


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None
