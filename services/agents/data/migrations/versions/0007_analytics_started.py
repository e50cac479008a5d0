"""Agent analytics: a run counts as started when a worker begins it, not when it is
queued.

0006 counted a start in the start's own transaction (AFTER INSERT on runs): every start of
one agent on one day updated the same rollup row and held its lock until the start
committed, so the starts of an agent queued behind each other's commits (the runs bench
starts one agent). Now the count moves to the worker's `begin` (the status going from
queued to running: one short transaction per run, off the REST path), and a run that ends
without ever running (cancelled or failed while queued) is counted at its end. The day is
still the one the run was created on; a run still queued is not counted yet.

Revision ID: 0007
Revises: 0006
"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

UPGRADE = r"""
DROP TRIGGER analytics_run_started ON runs

DROP FUNCTION analytics_run_started()

CREATE FUNCTION analytics_count_started(p_agent uuid, p_org uuid, p_created timestamptz)
  RETURNS void LANGUAGE sql AS $$
  INSERT INTO analytics_agent_daily AS d (agent_id, org_id, day, started)
  VALUES (p_agent, p_org, (p_created AT TIME ZONE 'UTC')::date, 1)
  ON CONFLICT (agent_id, org_id, day) DO UPDATE SET started = d.started + 1
$$

CREATE FUNCTION analytics_run_began() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  PERFORM analytics_count_started(NEW.agent_id, NEW.org_id, NEW.created_at);
  RETURN NULL;
END
$$

CREATE TRIGGER analytics_run_began AFTER UPDATE OF status ON runs
  FOR EACH ROW WHEN (OLD.status = 'queued' AND NEW.status = 'running')
  EXECUTE FUNCTION analytics_run_began()

-- Counts a run's end once: false when it has not ended or was counted already. A run that
-- never ran (cancelled or failed while queued) is counted started too.
CREATE OR REPLACE FUNCTION analytics_record_end(p_run uuid) RETURNS boolean
  LANGUAGE plpgsql AS $$
DECLARE
  r runs%ROWTYPE;
  ms bigint;
  ended date;
BEGIN
  SELECT * INTO r FROM runs WHERE id = p_run;
  IF NOT FOUND OR r.status NOT IN ('completed', 'failed', 'cancelled', 'timed_out') THEN
    RETURN false;
  END IF;
  INSERT INTO analytics_applied (run_id) VALUES (p_run) ON CONFLICT DO NOTHING;
  IF NOT FOUND THEN
    RETURN false;
  END IF;
  ended := (r.finished_at AT TIME ZONE 'UTC')::date;
  IF r.started_at IS NOT NULL THEN
    ms := greatest(0, round(1000 * extract(epoch FROM r.finished_at - r.started_at)))::bigint;
  END IF;
  INSERT INTO analytics_agent_daily AS d (agent_id, org_id, day, completed, failed, cancelled,
    timed_out, timed, duration_ms_sum, duration_ms_min, duration_ms_max, duration_buckets,
    input_tokens, output_tokens, cached_input_tokens, cost_usd, credits)
  VALUES (r.agent_id, r.org_id, ended, (r.status = 'completed')::int, (r.status = 'failed')::int,
    (r.status = 'cancelled')::int, (r.status = 'timed_out')::int, (ms IS NOT NULL)::int,
    coalesce(ms, 0), ms, ms, analytics_bump(array_fill(0::bigint, ARRAY[160]), ms),
    r.input_tokens, r.output_tokens, r.cached_input_tokens, r.cost_usd, r.credits_charged)
  ON CONFLICT (agent_id, org_id, day) DO UPDATE SET
    completed = d.completed + EXCLUDED.completed,
    failed = d.failed + EXCLUDED.failed,
    cancelled = d.cancelled + EXCLUDED.cancelled,
    timed_out = d.timed_out + EXCLUDED.timed_out,
    timed = d.timed + EXCLUDED.timed,
    duration_ms_sum = d.duration_ms_sum + EXCLUDED.duration_ms_sum,
    duration_ms_min = least(d.duration_ms_min, EXCLUDED.duration_ms_min),
    duration_ms_max = greatest(d.duration_ms_max, EXCLUDED.duration_ms_max),
    duration_buckets = analytics_bump(d.duration_buckets, ms),
    input_tokens = d.input_tokens + EXCLUDED.input_tokens,
    output_tokens = d.output_tokens + EXCLUDED.output_tokens,
    cached_input_tokens = d.cached_input_tokens + EXCLUDED.cached_input_tokens,
    cost_usd = d.cost_usd + EXCLUDED.cost_usd,
    credits = d.credits + EXCLUDED.credits;
  -- Tools in name order: two ends locking the same tools' rows take them in one order.
  INSERT INTO analytics_tool_daily AS t (agent_id, org_id, day, tool, executions, errors,
    duration_ms_sum, duration_ms_max)
  SELECT r.agent_id, r.org_id, ended, s.name, count(*), count(*) FILTER (WHERE s.status = 'failed'),
    sum(s.duration_ms), max(s.duration_ms)
  FROM run_steps s WHERE s.run_id = p_run AND s.kind = 'tool' GROUP BY s.name ORDER BY s.name
  ON CONFLICT (agent_id, org_id, day, tool) DO UPDATE SET
    executions = t.executions + EXCLUDED.executions,
    errors = t.errors + EXCLUDED.errors,
    duration_ms_sum = t.duration_ms_sum + EXCLUDED.duration_ms_sum,
    duration_ms_max = greatest(t.duration_ms_max, EXCLUDED.duration_ms_max);
  INSERT INTO analytics_tool_executions (run_id, step_key, agent_id, org_id, created_by,
    created_by_api_key, tool, status, error, duration_ms, started_at, finished_at)
  SELECT p_run, s.step_key, r.agent_id, r.org_id, r.created_by, r.created_by_api_key, s.name,
    s.status, s.error, s.duration_ms, s.started_at, s.finished_at
  FROM run_steps s WHERE s.run_id = p_run AND s.kind = 'tool'
  ON CONFLICT DO NOTHING;
  IF r.started_at IS NULL THEN  -- it ended without running: it starts here
    PERFORM analytics_count_started(r.agent_id, r.org_id, r.created_at);
  END IF;
  RETURN true;
END
$$;

-- Runs still queued were counted by 0006's trigger: uncounted, they count when they begin.
UPDATE analytics_agent_daily d SET started = d.started - q.n
FROM (SELECT agent_id, org_id, (created_at AT TIME ZONE 'UTC')::date AS day, count(*) AS n
      FROM runs WHERE status = 'queued' GROUP BY 1, 2, 3) q
WHERE d.agent_id = q.agent_id AND d.org_id = q.org_id AND d.day = q.day
"""

DOWNGRADE = r"""
DROP TRIGGER analytics_run_began ON runs

DROP FUNCTION analytics_run_began()

-- Counts a run's end once: false when it has not ended or was counted already.
CREATE OR REPLACE FUNCTION analytics_record_end(p_run uuid) RETURNS boolean
  LANGUAGE plpgsql AS $$
DECLARE
  r runs%ROWTYPE;
  ms bigint;
  ended date;
BEGIN
  SELECT * INTO r FROM runs WHERE id = p_run;
  IF NOT FOUND OR r.status NOT IN ('completed', 'failed', 'cancelled', 'timed_out') THEN
    RETURN false;
  END IF;
  INSERT INTO analytics_applied (run_id) VALUES (p_run) ON CONFLICT DO NOTHING;
  IF NOT FOUND THEN
    RETURN false;
  END IF;
  ended := (r.finished_at AT TIME ZONE 'UTC')::date;
  IF r.started_at IS NOT NULL THEN
    ms := greatest(0, round(1000 * extract(epoch FROM r.finished_at - r.started_at)))::bigint;
  END IF;
  INSERT INTO analytics_agent_daily AS d (agent_id, org_id, day, completed, failed, cancelled,
    timed_out, timed, duration_ms_sum, duration_ms_min, duration_ms_max, duration_buckets,
    input_tokens, output_tokens, cached_input_tokens, cost_usd, credits)
  VALUES (r.agent_id, r.org_id, ended, (r.status = 'completed')::int, (r.status = 'failed')::int,
    (r.status = 'cancelled')::int, (r.status = 'timed_out')::int, (ms IS NOT NULL)::int,
    coalesce(ms, 0), ms, ms, analytics_bump(array_fill(0::bigint, ARRAY[160]), ms),
    r.input_tokens, r.output_tokens, r.cached_input_tokens, r.cost_usd, r.credits_charged)
  ON CONFLICT (agent_id, org_id, day) DO UPDATE SET
    completed = d.completed + EXCLUDED.completed,
    failed = d.failed + EXCLUDED.failed,
    cancelled = d.cancelled + EXCLUDED.cancelled,
    timed_out = d.timed_out + EXCLUDED.timed_out,
    timed = d.timed + EXCLUDED.timed,
    duration_ms_sum = d.duration_ms_sum + EXCLUDED.duration_ms_sum,
    duration_ms_min = least(d.duration_ms_min, EXCLUDED.duration_ms_min),
    duration_ms_max = greatest(d.duration_ms_max, EXCLUDED.duration_ms_max),
    duration_buckets = analytics_bump(d.duration_buckets, ms),
    input_tokens = d.input_tokens + EXCLUDED.input_tokens,
    output_tokens = d.output_tokens + EXCLUDED.output_tokens,
    cached_input_tokens = d.cached_input_tokens + EXCLUDED.cached_input_tokens,
    cost_usd = d.cost_usd + EXCLUDED.cost_usd,
    credits = d.credits + EXCLUDED.credits;
  -- Tools in name order: two ends locking the same tools' rows take them in one order.
  INSERT INTO analytics_tool_daily AS t (agent_id, org_id, day, tool, executions, errors,
    duration_ms_sum, duration_ms_max)
  SELECT r.agent_id, r.org_id, ended, s.name, count(*), count(*) FILTER (WHERE s.status = 'failed'),
    sum(s.duration_ms), max(s.duration_ms)
  FROM run_steps s WHERE s.run_id = p_run AND s.kind = 'tool' GROUP BY s.name ORDER BY s.name
  ON CONFLICT (agent_id, org_id, day, tool) DO UPDATE SET
    executions = t.executions + EXCLUDED.executions,
    errors = t.errors + EXCLUDED.errors,
    duration_ms_sum = t.duration_ms_sum + EXCLUDED.duration_ms_sum,
    duration_ms_max = greatest(t.duration_ms_max, EXCLUDED.duration_ms_max);
  INSERT INTO analytics_tool_executions (run_id, step_key, agent_id, org_id, created_by,
    created_by_api_key, tool, status, error, duration_ms, started_at, finished_at)
  SELECT p_run, s.step_key, r.agent_id, r.org_id, r.created_by, r.created_by_api_key, s.name,
    s.status, s.error, s.duration_ms, s.started_at, s.finished_at
  FROM run_steps s WHERE s.run_id = p_run AND s.kind = 'tool'
  ON CONFLICT DO NOTHING;
  RETURN true;
END
$$

DROP FUNCTION analytics_count_started(uuid, uuid, timestamptz)

CREATE FUNCTION analytics_run_started() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO analytics_agent_daily AS d (agent_id, org_id, day, started)
  VALUES (NEW.agent_id, NEW.org_id, (NEW.created_at AT TIME ZONE 'UTC')::date, 1)
  ON CONFLICT (agent_id, org_id, day) DO UPDATE SET started = d.started + 1;
  RETURN NULL;
END
$$

CREATE TRIGGER analytics_run_started AFTER INSERT ON runs
  FOR EACH ROW EXECUTE FUNCTION analytics_run_started()

-- Runs still queued are counted again, as 0006's trigger did at their start.
INSERT INTO analytics_agent_daily AS d (agent_id, org_id, day, started)
SELECT agent_id, org_id, (created_at AT TIME ZONE 'UTC')::date, count(*) FROM runs
WHERE status = 'queued' GROUP BY 1, 2, 3
ON CONFLICT (agent_id, org_id, day) DO UPDATE SET started = d.started + EXCLUDED.started
"""


def _statements(script: str) -> list[str]:
    """One statement per paragraph (asyncpg runs one statement per call)."""
    return [s for s in script.split("\n\n") if s.strip()]


def upgrade() -> None:
    for statement in _statements(UPGRADE):
        op.execute(statement)


def downgrade() -> None:
    for statement in _statements(DOWNGRADE):
        op.execute(statement)
