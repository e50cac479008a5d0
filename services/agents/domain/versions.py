"""An agent's immutable versions: list, read, roll back (no gRPC, no SQL here).

A rollback never rewrites history: it makes a new version whose config is a copy of the
older one, recording which (`copied_from_version`).
"""

from __future__ import annotations

import uuid

from keel_runtime import paging
from keel_runtime.errors import NotFound
from keel_runtime.paging import Page, PageRequest
from services.agents.domain import agents
from services.agents.domain.access import Caller
from services.agents.domain.agents import Agent, Context, Version


def version_not_found(agent_id: uuid.UUID, number: int) -> NotFound:
    return NotFound(
        f"agent {agent_id} has no version {number}",
        reason="AGENT_VERSION_NOT_FOUND",
        metadata={"agent_id": str(agent_id), "version": str(number)},
    )


async def list_versions(
    ctx: Context, caller: Caller, agent_id: uuid.UUID, page_size: int, page_token: str
) -> Page[Version]:
    """Newest first, keyset on the version number."""
    await agents.get(ctx, caller, agent_id)
    page = PageRequest.parse(page_size, page_token, default_size=20)
    after = page.cursor(paging.int32)
    items = await ctx.agents.versions(agent_id, after[0] if after else None, page.size + 1)
    return page.result(items, key=lambda v: [v.number])


async def get_version(ctx: Context, caller: Caller, agent_id: uuid.UUID, number: int) -> Version:
    await agents.get(ctx, caller, agent_id)
    version = await ctx.agents.version(agent_id, number)
    if version is None:
        raise version_not_found(agent_id, number)
    return version


async def rollback(
    ctx: Context, caller: Caller, agent_id: uuid.UUID, number: int, notes: str
) -> tuple[Agent, Version]:
    """A new latest version copying version `number`'s config."""
    current = await agents.require_editable(ctx, caller, agent_id)
    source = await ctx.agents.version(agent_id, number)
    if source is None:
        raise version_not_found(agent_id, number)
    # The plan may have changed since that version was made.
    await ctx.models.check(current.org_id, source.config.get("model", {}))
    version = Version(
        agent_id=agent_id,
        number=current.latest_version + 1,
        notes=notes or f"Rolled back to version {number}",
        config=source.config,
        created_by=caller.user_id,
        copied_from_version=number,
    )
    saved = await ctx.agents.update(agent_id, {}, version)
    await ctx.events.updated(saved, ["config"], True, caller)
    made = await ctx.agents.version(agent_id, version.number)
    assert made is not None
    return saved, made
