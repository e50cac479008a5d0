"""Agent analytics in agents's database: the rollups' reads (the domain's `Rollups`), and
the one write, `record_run_end`.

The rollups are written by the triggers of migration 0006 in the transaction that writes
a run (its insert, its terminal status), through `analytics_record_end`, which counts a
run's end once (its `analytics_applied` marker). `record_run_end` calls the same function,
for a caller that wants to apply an end itself (a replay, a backfill): a second call for
the same run counts nothing.

The reads are prebuilt statements (`db.Query`) on read-only connections; none scans
`runs` except the logs export, which reads the agent's runs of the window a page at a
time along `runs_agent_newest`.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from keel_runtime import db
from services.agents.domain.analytics import (
    Day,
    RunLog,
    Scope,
    TimelineDay,
    ToolExecution,
    ToolTotals,
)

_RECORD_END = sa.text("SELECT analytics_record_end(:run)")
_DAYS = db.Query(
    sa.text("""
SELECT day, started, completed, failed, cancelled, timed_out, timed, duration_ms_sum,
  duration_ms_min, duration_ms_max, duration_buckets, input_tokens, output_tokens,
  cached_input_tokens, cost_usd, credits
FROM analytics_agent_daily
WHERE agent_id = :agent AND org_id = :org AND day >= :since ORDER BY day""")
)
# The timeline needs no histogram (160 numbers a day).
_TIMELINE = db.Query(
    sa.text("""
SELECT day, started, completed, failed, cancelled, timed_out FROM analytics_agent_daily
WHERE agent_id = :agent AND org_id = :org AND day >= :since ORDER BY day""")
)
_TOOLS = db.Query(
    sa.text("""
SELECT tool, sum(executions)::bigint, sum(errors)::bigint, sum(duration_ms_sum)::bigint,
  max(duration_ms_max)
FROM analytics_tool_daily
WHERE agent_id = :agent AND org_id = :org AND day >= :since GROUP BY tool""")
)
# Who sees which rows: `everyone` (agents.manage_all), else the caller's own runs.
_SHOWN = """(CAST(:everyone AS boolean) OR created_by = CAST(:own_user AS uuid)
  OR created_by_api_key = CAST(:own_key AS text))"""
_EXECUTIONS_SQL = f"""
SELECT run_id, step_key, tool, status, error, duration_ms, started_at, finished_at
FROM analytics_tool_executions
WHERE agent_id = :agent AND org_id = :org AND finished_at >= :since AND {_SHOWN}
  AND (CAST(:tool AS text) = '' OR tool = CAST(:tool AS text)) {{after}}
ORDER BY finished_at DESC, run_id DESC, step_key DESC
LIMIT CAST(:limit AS integer)"""
_EXECUTIONS = db.Query(sa.text(_EXECUTIONS_SQL.format(after="")))
_EXECUTIONS_AFTER = db.Query(
    sa.text(
        _EXECUTIONS_SQL.format(
            after="""
  AND (finished_at, run_id, step_key)
    < (CAST(:after_at AS timestamptz), CAST(:after_run AS uuid), CAST(:after_key AS text))"""
        )
    )
)
# A log line's input and output are cut to this many characters (the export's bound with
# its number of runs).
TEXT_LIMIT = 2000
_LOGS_SQL = f"""
SELECT id, thread_id, status, reason, message, model, created_by, created_by_api_key,
  created_at, started_at, finished_at, input_tokens, output_tokens, cached_input_tokens,
  cost_usd, credits_charged, model_calls, tool_calls, tool_execution_ms,
  left(input, {TEXT_LIMIT}), left(output, {TEXT_LIMIT})
FROM runs
WHERE agent_id = :agent AND org_id = :org AND created_at >= :since AND {_SHOWN} {{after}}
ORDER BY created_at DESC, id DESC
LIMIT CAST(:limit AS integer)"""
_LOGS = db.Query(sa.text(_LOGS_SQL.format(after="")))
_LOGS_AFTER = db.Query(
    sa.text(
        _LOGS_SQL.format(
            after="""
  AND (created_at, id) < (CAST(:after_at AS timestamptz), CAST(:after_id AS uuid))"""
        )
    )
)


async def record_run_end(session: AsyncSession, run_id: uuid.UUID) -> bool:
    """Count the run's end in the rollups, in `session`'s transaction; False when it has
    not ended or was counted already (the triggers count every end by themselves)."""
    return bool((await session.execute(_RECORD_END, {"run": run_id})).scalar_one())


def _shown(scope: Scope) -> dict[str, Any]:
    return {"agent": scope.agent_id, "org": scope.org_id, "everyone": scope.everyone,
            "own_user": scope.own_user, "own_key": scope.own_api_key}  # fmt: skip


class AnalyticsRepository:
    async def days(self, agent_id: uuid.UUID, org_id: uuid.UUID, since: date) -> list[Day]:
        rows = await db.fetch(_DAYS, agent=agent_id, org=org_id, since=since)
        return [Day(*row) for row in rows]

    async def timeline(
        self, agent_id: uuid.UUID, org_id: uuid.UUID, since: date
    ) -> list[TimelineDay]:
        rows = await db.fetch(_TIMELINE, agent=agent_id, org=org_id, since=since)
        return [TimelineDay(*row) for row in rows]

    async def tools(self, agent_id: uuid.UUID, org_id: uuid.UUID, since: date) -> list[ToolTotals]:
        rows = await db.fetch(_TOOLS, agent=agent_id, org=org_id, since=since)
        return [ToolTotals(*row) for row in rows]

    async def executions(
        self,
        scope: Scope,
        since: datetime,
        tool: str,
        after: tuple[Any, ...] | None,
        limit: int,
    ) -> list[ToolExecution]:
        params = _shown(scope) | {"since": since, "tool": tool, "limit": limit}
        if after is None:
            rows = await db.fetch(_EXECUTIONS, **params)
        else:
            at, run, key = after
            params |= {"after_at": datetime.fromisoformat(at), "after_run": uuid.UUID(run),
                       "after_key": key}  # fmt: skip
            rows = await db.fetch(_EXECUTIONS_AFTER, **params)
        return [ToolExecution(*row) for row in rows]

    async def logs(
        self, scope: Scope, since: datetime, after: tuple[datetime, uuid.UUID] | None, limit: int
    ) -> list[RunLog]:
        params = _shown(scope) | {"since": since, "limit": limit}
        if after is None:
            rows = await db.fetch(_LOGS, **params)
        else:
            rows = await db.fetch(_LOGS_AFTER, **params, after_at=after[0], after_id=after[1])
        return [RunLog(*row) for row in rows]
