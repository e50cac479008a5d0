"""An organization's agents at a glance, for billing's usage dashboard and export (no
gRPC, no SQL here).

The figures are the rollups of every agent the organization ran over a window of UTC
days (its own agents and other organizations' public ones: the runs it paid for), read
per organization (`analytics_agent_daily` by organization and day). Who may read: whoever
has `usage.view` in the organization, as for the dashboard; an agent's name only when the
caller sees the agent (`access`), so another member's private agent counts in every
figure without being named.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Protocol

from services.agents.domain import access
from services.agents.domain.access import Audience, Caller, Permissions
from services.agents.domain.analytics import Window

USAGE_VIEW = "usage.view"
DEFAULT_DAYS = 30
ACTIVE_DAYS = 30  # "active": a run started in the last 30 days, whatever the window
DEFAULT_AGENTS = 50
TOP_AGENTS = 5


@dataclass(frozen=True)
class Owner:
    """What the rules need of an agent (`access.Owned`)."""

    id: uuid.UUID
    org_id: uuid.UUID
    visibility: str
    created_by: uuid.UUID | None
    created_by_api_key: str | None


@dataclass(frozen=True)
class AgentRow:
    """One agent's rollups summed over the window, and what the rules need of the agent
    (None: deleted, or never in this database)."""

    agent_id: uuid.UUID
    runs_started: int
    completed: int
    failed: int
    cancelled: int
    timed_out: int
    cost_usd: Decimal
    credits: Decimal
    input_tokens: int
    output_tokens: int
    last_active_day: date
    agent: Owner | None
    name: str

    @property
    def ended(self) -> int:
        return self.completed + self.failed + self.cancelled + self.timed_out


@dataclass(frozen=True)
class Insight:
    window: Window
    totals: AgentRow  # every agent's rows summed (agent_id: the organization's)
    active_agents: int
    agents_with_runs: int
    agents: list[AgentRow]  # most credits first
    top_agents: list[AgentRow]  # most runs first


def success_rate(row: AgentRow) -> float:
    return row.completed / row.ended if row.ended else 0.0


class OrgRollups(Protocol):
    """An organization's rollups (`data.insight`)."""

    async def agents(self, org_id: uuid.UUID, since: date) -> list[AgentRow]: ...

    async def active_agents(self, org_id: uuid.UUID, since: date) -> int: ...


@dataclass(frozen=True)
class Context:
    rollups: OrgRollups
    permissions: Permissions


async def organization(
    ctx: Context, caller: Caller, org_id: uuid.UUID, days: int, max_agents: int, today: date
) -> Insight:
    await ctx.permissions.require(org_id, USAGE_VIEW)
    days = days or DEFAULT_DAYS
    window = Window(days, today - timedelta(days=days - 1), today)
    rows = await ctx.rollups.agents(org_id, window.first)
    active = await ctx.rollups.active_agents(org_id, today - timedelta(days=ACTIVE_DAYS - 1))
    seen = await access.audience(org_id, caller, ctx.permissions)
    rows = [_named(row, org_id, caller, seen) for row in rows]
    by_cost = sorted(rows, key=lambda r: (-r.credits, -r.runs_started, str(r.agent_id)))
    by_runs = sorted(rows, key=lambda r: (-r.runs_started, -r.credits, str(r.agent_id)))
    return Insight(
        window=window,
        totals=_summed(org_id, today, rows),
        active_agents=active,
        agents_with_runs=len(rows),
        agents=by_cost[: max_agents or DEFAULT_AGENTS],
        top_agents=[r for r in by_runs[:TOP_AGENTS] if r.runs_started],
    )


def _named(row: AgentRow, org_id: uuid.UUID, caller: Caller, seen: Audience) -> AgentRow:
    """The row, its name blanked unless the caller sees the agent."""
    if row.agent is not None and _sees(row.agent, org_id, caller, seen):
        return row
    return replace(row, name="")


def _sees(agent: access.Owned, org_id: uuid.UUID, caller: Caller, seen: Audience) -> bool:
    """`access.can_see`, with the organization's audience asked once for every row."""
    if agent.org_id != org_id:  # another organization's agent: only while it is public
        return agent.visibility == access.PUBLIC and access.reads_public(caller)
    return access.sees(agent, caller, seen)


def _summed(org_id: uuid.UUID, today: date, rows: Sequence[AgentRow]) -> AgentRow:
    return AgentRow(
        agent_id=org_id,
        runs_started=sum(r.runs_started for r in rows),
        completed=sum(r.completed for r in rows),
        failed=sum(r.failed for r in rows),
        cancelled=sum(r.cancelled for r in rows),
        timed_out=sum(r.timed_out for r in rows),
        cost_usd=sum((r.cost_usd for r in rows), Decimal(0)),
        credits=sum((r.credits for r in rows), Decimal(0)),
        input_tokens=sum(r.input_tokens for r in rows),
        output_tokens=sum(r.output_tokens for r in rows),
        last_active_day=max((r.last_active_day for r in rows), default=today),
        agent=None,
        name="",
    )
