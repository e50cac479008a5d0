"""An organization's rollups in agents's database (the domain's `OrgRollups`): its rows
of `analytics_agent_daily` by organization and day (index of migration 0008), summed
per agent, with what the rules need of each agent."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import sqlalchemy as sa

from keel_runtime import db
from services.agents.domain.insight import AgentRow, Owner

_AGENTS = db.Query(
    sa.text("""
SELECT d.agent_id, sum(d.started)::bigint, sum(d.completed)::bigint, sum(d.failed)::bigint,
  sum(d.cancelled)::bigint, sum(d.timed_out)::bigint, sum(d.cost_usd), sum(d.credits),
  sum(d.input_tokens)::bigint, sum(d.output_tokens)::bigint, max(d.day),
  a.org_id, a.visibility, a.created_by, a.created_by_api_key, a.name
FROM analytics_agent_daily d
LEFT JOIN agents a ON a.id = d.agent_id AND a.deleted_at IS NULL
WHERE d.org_id = :org AND d.day >= :since
GROUP BY d.agent_id, a.id""")
)
_ACTIVE = db.Query(
    sa.text("""
SELECT count(DISTINCT agent_id) FROM analytics_agent_daily
WHERE org_id = :org AND day >= :since AND started > 0""")
)


class InsightRepository:
    async def agents(self, org_id: uuid.UUID, since: date) -> list[AgentRow]:
        rows = await db.fetch(_AGENTS, org=org_id, since=since)
        return [_row(row) for row in rows]

    async def active_agents(self, org_id: uuid.UUID, since: date) -> int:
        row = await db.fetchrow(_ACTIVE, org=org_id, since=since)
        return int(row[0]) if row else 0


def _row(row: Any) -> AgentRow:
    (agent_id, started, completed, failed, cancelled, timed_out, cost, credits, tokens_in,
     tokens_out, last_day, org_id, visibility, user, key, name) = row  # fmt: skip
    owner = None if org_id is None else Owner(agent_id, org_id, visibility, user, key)
    return AgentRow(
        agent_id=agent_id, runs_started=started, completed=completed, failed=failed,
        cancelled=cancelled, timed_out=timed_out, cost_usd=cost, credits=credits,
        input_tokens=tokens_in, output_tokens=tokens_out, last_active_day=last_day,
        agent=owner, name=name or "",
    )  # fmt: skip
