"""Threads: a conversation's messages in order, which runs read and append to.

A thread belongs to an organization; its creator (while they may run agents there) and
whoever has `agents.manage_all` there see it (`runs.require_thread`).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from keel_runtime import paging
from keel_runtime.paging import Page, PageRequest
from services.agents.domain import access, runs
from services.agents.domain.access import Caller, Permissions


@dataclass(frozen=True)
class Thread:
    id: uuid.UUID
    org_id: uuid.UUID
    created_by: uuid.UUID | None
    created_by_api_key: str | None
    metadata: dict[str, Any] = field(default_factory=dict)
    status: str = "idle"
    message_count: int = 0
    created_at: datetime | None = None
    updated_at: datetime | None = None


@dataclass(frozen=True)
class Message:
    thread_id: uuid.UUID
    sequence: int
    role: str
    content: str
    tool_calls: list[dict[str, Any]]
    tool_call_id: str
    tool_name: str
    run_id: uuid.UUID | None
    created_at: datetime | None = None


class Threads(runs.Threads, Protocol):
    async def get(self, thread_id: uuid.UUID) -> Thread | None: ...

    async def page(
        self, org_id: uuid.UUID, shown: runs.Shown, cursor: tuple[Any, ...] | None, limit: int
    ) -> list[Thread]: ...

    async def messages(self, thread_id: uuid.UUID, after: int, limit: int) -> list[Message]: ...


@dataclass(frozen=True)
class Context:
    threads: Threads
    permissions: Permissions


async def create(
    ctx: Context, caller: Caller, org_id: uuid.UUID | None, metadata: dict[str, Any]
) -> Thread:
    org = access.organization_of(org_id, caller)
    await ctx.permissions.require(org, runs.RUN)
    thread_id = await ctx.threads.create(org, caller, metadata)
    made = await ctx.threads.get(thread_id)
    assert made is not None
    return made


async def get(ctx: Context, caller: Caller, thread_id: uuid.UUID) -> Thread:
    await runs.require_thread(ctx.threads, ctx.permissions, caller, thread_id)
    found = await ctx.threads.get(thread_id)
    assert found is not None
    return found


async def list_threads(
    ctx: Context, caller: Caller, org_id: uuid.UUID | None, page_size: int, page_token: str
) -> Page[Thread]:
    org = access.organization_of(org_id, caller)
    run, manage_all = await ctx.permissions.allowed([(org, runs.RUN), (org, access.MANAGE_ALL)])
    page = PageRequest.parse(page_size, page_token, default_size=20)
    cursor = page.cursor(paging.timestamp, paging.uuid_text)
    if not (run or manage_all):
        return Page([], "")
    shown = runs.Shown(manage_all, caller.user_id, None if caller.user_id else caller.api_key_id)
    found = await ctx.threads.page(org, shown, cursor, page.size + 1)
    return page.result(found, key=lambda t: [t.created_at.isoformat(), str(t.id)])  # type: ignore[union-attr]


async def messages(
    ctx: Context, caller: Caller, thread_id: uuid.UUID, page_size: int, page_token: str
) -> Page[Message]:
    """Oldest first; a page token is the last sequence number read."""
    await runs.require_thread(ctx.threads, ctx.permissions, caller, thread_id)
    page = PageRequest.parse(page_size, page_token, default_size=50)
    cursor = page.cursor(paging.int64)
    after = int(cursor[0]) if cursor else 0
    found = await ctx.threads.messages(thread_id, after, page.size + 1)
    return page.result(found, key=lambda m: [m.sequence])
