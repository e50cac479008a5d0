"""Share links: an agent's public face, run by anonymous visitors, billed to its organization.

Managing (create, list, update, revoke, delete): whoever may change the agent (its creator
with `agents.manage_own`, or `agents.manage_all`: `access.require_editor`). A link of an
agent the caller does not see does not exist for them.

A visitor holds only the link's id, a random secret of 192 bits. A link answers visitors
while it is open: an unknown or deleted one is SHARE_LINK_NOT_FOUND (404), a revoked one
SHARE_LINK_REVOKED (403), an expired one SHARE_LINK_EXPIRED (400). A visitor's start then
meets, in order: the link's runs per minute and the visitor address's on it (one GCRA
check in Redis, all or nothing: SHARE_LINK_RATE_LIMITED, SHARE_VISITOR_RATE_LIMITED, 429
with Retry-After); the link's max runs (SHARE_LINK_RUN_LIMIT, 429, for good), taken by one
conditional UPDATE in the start's transaction, so concurrent visitors never pass the cap
and a start that fails gives its place back; then `runs.start` itself, for the link's
organization (billing admits and holds credits for it, as for any run).

The run is recorded as started by the link's creator (the runs table names a user or a
key), with `metadata.share_link_id`. Its visitor gets a run token, shown once and stored
hashed: the token reads that run and its events, and nothing else.
"""

from __future__ import annotations

import dataclasses
import hashlib
import math
import secrets
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from keel_runtime import paging
from keel_runtime.errors import (
    FailedPrecondition,
    InvalidArgument,
    NotFound,
    PermissionDenied,
    QuotaExceeded,
    QuotaViolation,
)
from keel_runtime.paging import Page, PageRequest
from services.agents.domain import access, runs
from services.agents.domain.access import Caller, Permissions
from services.agents.domain.agents import Agent, Agents

ACTIVE, EXPIRED, REVOKED, EXHAUSTED = "active", "expired", "revoked", "exhausted"
ID_BYTES = 24  # 192 bits, 32 URL-safe characters
TOKEN_BYTES = 32
DEFAULT_RUNS_PER_MINUTE = 60
DEFAULT_VISITOR_RUNS_PER_MINUTE = 10
# What a link lets its visitor's start do in the link's organization: run the agent, seen
# as its managers see it (a private agent too).
_GRANTED = frozenset({access.VIEW, runs.RUN, access.MANAGE_ALL})


def now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class ShareLink:
    id: str
    org_id: uuid.UUID
    agent_id: uuid.UUID
    created_by: uuid.UUID | None
    created_by_api_key: str | None
    label: str
    greeting: str
    max_runs: int | None
    runs_per_minute: int
    visitor_runs_per_minute: int
    expires_at: datetime | None = None
    revoked_at: datetime | None = None
    view_count: int = 0
    run_count: int = 0
    last_viewed_at: datetime | None = None
    last_run_at: datetime | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None

    def state(self, at: datetime) -> str:
        if self.revoked_at is not None:
            return REVOKED
        if self.expires_at is not None and self.expires_at <= at:
            return EXPIRED
        if self.max_runs is not None and self.run_count >= self.max_runs:
            return EXHAUSTED
        return ACTIVE


@dataclass(frozen=True)
class Settings:
    """What a link's manager sets (create: all of them; update: those in `fields`)."""

    label: str = ""
    greeting: str = ""
    max_runs: int | None = None
    runs_per_minute: int = DEFAULT_RUNS_PER_MINUTE
    visitor_runs_per_minute: int = DEFAULT_VISITOR_RUNS_PER_MINUTE
    expires_at: datetime | None = None


@dataclass(frozen=True)
class Shared:
    """What a visitor sees: the link and its agent."""

    link: ShareLink
    agent: Agent


@dataclass(frozen=True)
class VisitorRun:
    run: runs.Run
    token: str  # shown once


class Links(Protocol):
    """Share links and their runs in the call's transaction (`data.share_links`)."""

    async def insert(self, link: ShareLink) -> ShareLink: ...

    async def get(self, share_id: str) -> ShareLink | None:
        """The link unless deleted."""

    async def list_for_agent(
        self, agent_id: uuid.UUID, after: tuple[Any, ...] | None, limit: int
    ) -> list[ShareLink]: ...

    async def update(self, share_id: str, fields: dict[str, Any]) -> ShareLink: ...

    async def revoke(self, share_id: str) -> ShareLink: ...

    async def delete(self, share_id: str) -> None: ...

    async def viewed(self, share_id: str) -> None: ...

    async def take_run(self, share_id: str) -> bool:
        """One run more on an open link under its cap (the row locked until the end of
        the transaction); False when there is no place."""

    async def record_run(self, run_id: uuid.UUID, share_id: str, token_hash: bytes) -> None: ...

    async def is_visitor_run(self, share_id: str, run_id: uuid.UUID, token_hash: bytes) -> bool:
        """Whether `run_id` was started through the link and the token is its own."""


class VisitorLimits(Protocol):
    async def hit(self, link: ShareLink, visitor: str) -> tuple[str, float] | None:
        """One run more for the link and for the visitor's address on it, or the limit that
        refused ("link" or "visitor") and the seconds until it would not."""


@dataclass(frozen=True)
class Context:
    links: Links
    agents: Agents
    permissions: Permissions
    runs: runs.Context
    limits: VisitorLimits
    clock: Callable[[], datetime] = now


def new_id() -> str:
    return secrets.token_urlsafe(ID_BYTES)


def token_hash(token: str) -> bytes:
    return hashlib.sha256(token.encode()).digest()


def not_found() -> NotFound:
    # The id is a secret: not echoed back.
    return NotFound("no such share link", reason="SHARE_LINK_NOT_FOUND")


# -- managing ----------------------------------------------------------------------------


async def _managed_agent(ctx: Context, caller: Caller, agent_id: uuid.UUID) -> Agent:
    agent = await ctx.agents.get(agent_id)
    await access.require_visible(agent, agent_id, caller, ctx.permissions)
    assert agent is not None
    await access.require_editor(agent, caller, ctx.permissions)
    return agent


async def _managed_link(ctx: Context, caller: Caller, share_id: str) -> ShareLink:
    """The link, when the caller may manage its agent; not found when they do not see it."""
    link = await ctx.links.get(share_id)
    agent = await ctx.agents.get(link.agent_id) if link is not None else None
    if link is None or agent is None or not await access.can_see(agent, caller, ctx.permissions):
        raise not_found()
    await access.require_editor(agent, caller, ctx.permissions)
    return link


async def create(
    ctx: Context, caller: Caller, agent_id: uuid.UUID, settings: Settings
) -> ShareLink:
    agent = await _managed_agent(ctx, caller, agent_id)
    _check_expiry(ctx, settings.expires_at)
    link = ShareLink(
        id=new_id(), org_id=agent.org_id, agent_id=agent.id, created_by=caller.user_id,
        created_by_api_key=None if caller.user_id else caller.api_key_id,
        **dataclasses.asdict(settings),
    )  # fmt: skip
    return await ctx.links.insert(link)


async def list_links(
    ctx: Context, caller: Caller, agent_id: uuid.UUID, page_size: int, page_token: str
) -> Page[ShareLink]:
    await _managed_agent(ctx, caller, agent_id)
    page = PageRequest.parse(page_size, page_token, default_size=20)
    after = page.cursor(paging.timestamp, paging.text)
    found = await ctx.links.list_for_agent(agent_id, after, page.size + 1)
    return page.result(found, key=lambda link: [_iso(link.created_at), link.id])


async def update(ctx: Context, caller: Caller, share_id: str, fields: dict[str, Any]) -> ShareLink:
    """`fields`: the `Settings` to change."""
    link = await _managed_link(ctx, caller, share_id)
    if link.revoked_at is not None:
        raise _revoked(FailedPrecondition)
    if "expires_at" in fields:
        _check_expiry(ctx, fields["expires_at"])
    cap = fields.get("max_runs")
    if cap is not None and cap < link.run_count:
        raise InvalidArgument.of_field(
            "max_runs", f"at least the runs made already ({link.run_count})", "BELOW_RUN_COUNT"
        )
    changed = {k: v for k, v in fields.items() if getattr(link, k) != v}
    return await ctx.links.update(share_id, changed) if changed else link


async def revoke(ctx: Context, caller: Caller, share_id: str) -> ShareLink:
    link = await _managed_link(ctx, caller, share_id)
    return link if link.revoked_at is not None else await ctx.links.revoke(share_id)


async def delete(ctx: Context, caller: Caller, share_id: str) -> None:
    await _managed_link(ctx, caller, share_id)
    await ctx.links.delete(share_id)


def _check_expiry(ctx: Context, expires_at: datetime | None) -> None:
    if expires_at is not None and expires_at <= ctx.clock():
        raise InvalidArgument.of_field("expires_at", "must be in the future", "IN_THE_PAST")


def _iso(at: datetime | None) -> str:
    assert at is not None
    return at.isoformat()


# -- visitors ----------------------------------------------------------------------------


async def _open(ctx: Context, share_id: str) -> Shared:
    """The link and its agent, while the link answers visitors."""
    link = await ctx.links.get(share_id)
    agent = await ctx.agents.get(link.agent_id) if link is not None else None
    if link is None or agent is None:
        raise not_found()
    state = link.state(ctx.clock())
    if state == REVOKED:
        raise _revoked(PermissionDenied)
    if state == EXPIRED:
        assert link.expires_at is not None
        raise FailedPrecondition(
            "this share link has expired",
            reason="SHARE_LINK_EXPIRED",
            metadata={"expired_at": link.expires_at.isoformat()},
        )
    return Shared(link, agent)


def _revoked(kind: type[FailedPrecondition] | type[PermissionDenied]) -> Exception:
    return kind("this share link has been revoked", reason="SHARE_LINK_REVOKED")


async def view(ctx: Context, share_id: str) -> Shared:
    """The agent's public face; counts a view."""
    shared = await _open(ctx, share_id)
    await ctx.links.viewed(share_id)
    return shared


async def start(ctx: Context, share_id: str, visitor: str, text: str) -> VisitorRun:
    link = (await _open(ctx, share_id)).link
    refused = await ctx.limits.hit(link, visitor or "unknown")
    if refused is not None:
        raise _rate_limited(link, *refused)
    if not await ctx.links.take_run(share_id):
        await _open(ctx, share_id)  # closed meanwhile: that answer first
        raise _run_limit(link)
    asked = runs.Start(
        agent_id=link.agent_id, input=text, org_id=link.org_id,
        metadata={"share_link_id": link.id},
    )  # fmt: skip
    run = await runs.start(_for_visitor(ctx.runs, link), _principal(link), asked)
    token = secrets.token_urlsafe(TOKEN_BYTES)
    await ctx.links.record_run(run.id, share_id, token_hash(token))
    return VisitorRun(run, token)


async def visitor_run(ctx: Context, share_id: str, run_id: uuid.UUID, token: str) -> runs.Run:
    """A run started through the link, for the holder of its token."""
    await _open(ctx, share_id)
    run = None
    if await ctx.links.is_visitor_run(share_id, run_id, token_hash(token)):
        run = await ctx.runs.runs.get(run_id)
    if run is None:
        raise runs.not_found(run_id)
    return run


def _principal(link: ShareLink) -> Caller:
    """Who a visitor's run is recorded as started by: the link's creator."""
    return Caller(user_id=link.created_by, api_key_id=link.created_by_api_key, org_id=link.org_id)


def _for_visitor(ctx: runs.Context, link: ShareLink) -> runs.Context:
    return dataclasses.replace(ctx, permissions=_LinkGrant(link.org_id))


@dataclass(frozen=True)
class _LinkGrant:
    """The domain's `Permissions` for a visitor's start: `_GRANTED` in the link's
    organization, nothing anywhere else."""

    org_id: uuid.UUID

    async def require(self, org_id: uuid.UUID, permission: str) -> None:
        if not (await self.allowed([(org_id, permission)]))[0]:
            raise PermissionDenied(f"a share link does not allow {permission}",
                                   reason="SHARE_LINK_NOT_ALLOWED")  # fmt: skip

    async def allowed(self, checks: Sequence[tuple[uuid.UUID, str]]) -> list[bool]:
        return [org_id == self.org_id and p in _GRANTED for org_id, p in checks]


def _rate_limited(link: ShareLink, which: str, retry_after: float) -> QuotaExceeded:
    visitor = which == "visitor"
    per_minute = link.visitor_runs_per_minute if visitor else link.runs_per_minute
    whose = "from your address on this share link" if visitor else "on this share link"
    subject = "share link visitor address" if visitor else "share link"
    return QuotaExceeded(
        f"at most {per_minute} runs a minute {whose}; try again shortly",
        reason="SHARE_VISITOR_RATE_LIMITED" if visitor else "SHARE_LINK_RATE_LIMITED",
        metadata={"limit": str(per_minute), "period": "minute"},
        quota_violations=[QuotaViolation(subject, f"{per_minute} runs per minute")],
        retry_after_seconds=max(1, math.ceil(retry_after)),
    )


def _run_limit(link: ShareLink) -> QuotaExceeded:
    return QuotaExceeded(
        f"this share link's {link.max_runs} runs are used up",
        reason="SHARE_LINK_RUN_LIMIT",
        metadata={"max_runs": str(link.max_runs)},
        quota_violations=[QuotaViolation("share link", f"{link.max_runs} runs in all")],
    )
