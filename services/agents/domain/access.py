"""Who sees and who changes an agent: the rules, apart from how they are asked.

Seeing: a public agent, any signed-in caller (a user; an API key with `read:agents`); an
organization agent, whoever has `agents.view` in its organization; a private one, its
creator while they have `agents.view` there, and the organization's admins
(`agents.manage_all`). An agent a caller may not see does not exist for them.

Changing (update, rollback, delete): its creator with `agents.manage_own`, or whoever has
`agents.manage_all` in its organization.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from keel_runtime.errors import FieldViolation, InvalidArgument, NotFound, Unauthenticated

VIEW = "agents.view"
CREATE = "agents.create"
MANAGE_OWN = "agents.manage_own"
MANAGE_ALL = "agents.manage_all"
# The API-key scope that lets a key read agents (identity: read:agents → agents.view).
READ_SCOPE = "read:agents"

PRIVATE, ORGANIZATION, PUBLIC = "private", "organization", "public"


@dataclass(frozen=True)
class Caller:
    """Who calls, as the request says (nothing here is verified: `Permissions` does that)."""

    user_id: uuid.UUID | None = None
    api_key_id: str | None = None
    # The active organization of the caller's token (or the key's).
    org_id: uuid.UUID | None = None
    scopes: frozenset[str] = field(default_factory=frozenset)

    @property
    def signed_in(self) -> bool:
        return self.user_id is not None or self.api_key_id is not None


class Permissions(Protocol):
    """The caller's permissions, as identity decides them (`keel_runtime.authz`)."""

    async def require(self, org_id: uuid.UUID, permission: str) -> None:
        """Raise the error the caller gets unless they may do `permission` in `org_id`."""

    async def allowed(self, checks: Sequence[tuple[uuid.UUID, str]]) -> list[bool]:
        """For each (organization, permission), whether the caller may (one question)."""


class Owned(Protocol):
    """What the rules need to know of an agent."""

    @property
    def id(self) -> uuid.UUID: ...
    @property
    def org_id(self) -> uuid.UUID: ...
    @property
    def visibility(self) -> str: ...
    @property
    def created_by(self) -> uuid.UUID | None: ...
    @property
    def created_by_api_key(self) -> str | None: ...


def not_found(agent_id: uuid.UUID) -> NotFound:
    return NotFound(
        f"no agent {agent_id}", reason="AGENT_NOT_FOUND", metadata={"agent_id": str(agent_id)}
    )


def is_creator(agent: Owned, caller: Caller) -> bool:
    """A user is the creator of what they made (with their own keys too); a service key
    (no user) of what it made itself."""
    if caller.user_id is not None:
        return agent.created_by == caller.user_id
    return caller.api_key_id is not None and agent.created_by_api_key == caller.api_key_id


def reads_public(caller: Caller) -> bool:
    """Whether the caller may read public agents of any organization."""
    if caller.user_id is not None and caller.api_key_id is None:
        return True
    return caller.api_key_id is not None and READ_SCOPE in caller.scopes


@dataclass(frozen=True)
class Audience:
    """What a caller sees of one organization's agents (a list's filter)."""

    member: bool  # agents.view: organization agents, and their own private ones
    manage_all: bool  # every private agent too
    public: bool  # public agents


async def audience(org_id: uuid.UUID, caller: Caller, permissions: Permissions) -> Audience:
    if not caller.signed_in:
        raise Unauthenticated("sign in, or send an API key", reason="UNAUTHENTICATED")
    view, manage_all = await permissions.allowed([(org_id, VIEW), (org_id, MANAGE_ALL)])
    return Audience(member=view, manage_all=manage_all, public=reads_public(caller) or view)


async def can_see(agent: Owned, caller: Caller, permissions: Permissions) -> bool:
    if not caller.signed_in:
        return False
    if agent.visibility == PUBLIC and reads_public(caller):
        return True  # no need to ask identity
    return sees(agent, caller, await audience(agent.org_id, caller, permissions))


def sees(agent: Owned, caller: Caller, seen: Audience) -> bool:
    """The rule, given what the caller sees of the agent's organization (`audience`)."""
    if agent.visibility == PUBLIC and reads_public(caller):
        return True
    if agent.visibility in (PUBLIC, ORGANIZATION):
        return seen.member
    return seen.manage_all or (seen.member and is_creator(agent, caller))


async def require_visible(
    agent: Owned | None, agent_id: uuid.UUID, caller: Caller, permissions: Permissions
) -> Owned:
    if agent is None or not await can_see(agent, caller, permissions):
        raise not_found(agent_id)
    return agent


async def require_editor(agent: Owned, caller: Caller, permissions: Permissions) -> None:
    """Raise unless the caller may change (or delete) `agent` (they see it already)."""
    if is_creator(agent, caller):
        own, manage_all = await permissions.allowed(
            [(agent.org_id, MANAGE_OWN), (agent.org_id, MANAGE_ALL)]
        )
        if own or manage_all:
            return
        await permissions.require(agent.org_id, MANAGE_OWN)  # raises the caller's error
    await permissions.require(agent.org_id, MANAGE_ALL)


def organization_of(requested: uuid.UUID | None, caller: Caller) -> uuid.UUID:
    """The organization asked for, else the caller's active one."""
    org_id = requested or caller.org_id
    if org_id is None:
        raise InvalidArgument(
            "no organization: pass org_id or switch to an organization",
            reason="ORGANIZATION_REQUIRED",
            field_violations=[FieldViolation("org_id", "required without an active organization")],
        )
    return org_id
