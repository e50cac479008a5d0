"""What the agents service uses templates for, and how views are counted.

Uses: an agent made from a template counts once (`RecordTemplateUse` is idempotent per
agent), so `use_count` is the number of agents made from it, not of calls.

Views: a detail read (`GetTemplate`) must stay a read, so each view only bumps a counter
in this process; `ViewCounter.run` adds what was counted to the database every few
seconds in one statement, and once more at shutdown. Views counted since the last flush
are lost if the process crashes: acceptable for a popularity signal.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Protocol

from services.catalog.domain import access
from services.catalog.domain.access import Caller, Permissions
from services.catalog.domain.templates import Template, Templates, Version, version_not_found

log = logging.getLogger("keel.catalog.views")


class Uses(Protocol):
    async def record(
        self, template_id: uuid.UUID, agent_id: uuid.UUID, org_id: uuid.UUID, version: int
    ) -> tuple[bool, int]:
        """Whether this agent was new for the template, and the template's use count."""


async def config_for(
    templates: Templates,
    permissions: Permissions,
    caller: Caller,
    template_id: uuid.UUID,
    org_id: uuid.UUID,
    number: int,
) -> tuple[Template, Version]:
    """The template and version (0: the latest) as organization `org_id` sees them: the
    caller must view templates there, and its non-public templates are the only others."""
    await permissions.require(org_id, access.VIEW)
    template = await templates.get(template_id)
    if template is None or not _visible_in(template, org_id, caller):
        raise access.not_found(template_id)
    version = await templates.version(template_id, number or template.latest_version)
    if version is None:
        raise version_not_found(template_id, number)
    return template, version


def _visible_in(template: Template, org_id: uuid.UUID, caller: Caller) -> bool:
    if template.visibility == access.PUBLIC:
        return True
    if template.owner_org_id != org_id:
        return False
    return template.visibility == access.ORGANIZATION or (
        caller.user_id is not None and template.created_by == caller.user_id
    )


async def record_use(
    templates: Templates,
    uses: Uses,
    permissions: Permissions,
    caller: Caller,
    template_id: uuid.UUID,
    org_id: uuid.UUID,
    agent_id: uuid.UUID,
    number: int,
) -> tuple[bool, int]:
    template, version = await config_for(
        templates, permissions, caller, template_id, org_id, number
    )
    return await uses.record(template.id, agent_id, org_id, version.number)


@dataclass
class ViewCounter:
    """Views counted in memory, written by `run` in batches."""

    flush: Callable[[dict[uuid.UUID, int]], Awaitable[None]]
    interval_seconds: float = 5.0

    def __post_init__(self) -> None:
        self.pending: Counter[uuid.UUID] = Counter()

    def add(self, template_id: uuid.UUID) -> None:
        self.pending[template_id] += 1

    async def write(self) -> None:
        """Write what was counted; on failure the counts wait for the next round."""
        if not self.pending:
            return
        batch, self.pending = self.pending, Counter()
        try:
            await self.flush(dict(batch))
        except Exception:
            log.warning("views not written yet (%d templates)", len(batch), exc_info=True)
            self.pending.update(batch)

    async def run(self) -> None:
        try:
            while True:
                await asyncio.sleep(self.interval_seconds)
                await self.write()
        finally:  # shutdown: the pools close only after this
            await asyncio.shield(self.write())
