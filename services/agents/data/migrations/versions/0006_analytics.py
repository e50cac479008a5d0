"""Agent analytics: rollups kept by triggers on `runs`, exact under replays.

- `analytics_agent_daily`: per agent, organization (the one that ran it) and UTC day:
  runs started (by the day they were created), runs ended by outcome, durations (sum,
  min, max and a histogram of fixed log-spaced buckets for the percentiles), tokens, USD
  and credits (by the day they ended).
- `analytics_tool_daily`: per agent, organization, day and tool: executions, errors,
  the sum and the largest of their durations.
- `analytics_tool_executions`: every tool call of an ended run, denormalized (the run's
  agent, organization and starter) for the paged list, newest first.
- `analytics_applied`: one row per run whose end was counted. A run's end is counted by
  `analytics_record_end(run)` only when its marker is new (INSERT … ON CONFLICT DO
  NOTHING), so a replayed end, a re-run finish step or a second call counts nothing.

The triggers run in the transaction that writes the run: a start (AFTER INSERT) counts
one run started; a status becoming terminal (AFTER UPDATE OF status: the worker's finish,
a queued run's cancel, any other path) counts the end. Nothing outside the database has
to remember to call anything, and the rollups commit (or roll back) with the run.

Histogram bucket k (1-based, `analytics_bucket`) holds durations in [1.1^(k-1), 1.1^k)
milliseconds (bucket 1 from 0), 160 buckets up to ~63 minutes (a run's timeout is at most
an hour; longer goes in the last): a percentile read from them is within 10 %, and is
clamped to the window's min and max.

Revision ID: 0006
Revises: 0005
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

UPGRADE = r"""
CREATE TABLE analytics_agent_daily (
  agent_id uuid NOT NULL,
  org_id uuid NOT NULL,
  day date NOT NULL,
  started bigint NOT NULL DEFAULT 0,
  completed bigint NOT NULL DEFAULT 0,
  failed bigint NOT NULL DEFAULT 0,
  cancelled bigint NOT NULL DEFAULT 0,
  timed_out bigint NOT NULL DEFAULT 0,
  -- Ended runs that had started (a run cancelled while queued has no duration).
  timed bigint NOT NULL DEFAULT 0,
  duration_ms_sum bigint NOT NULL DEFAULT 0,
  duration_ms_min bigint,
  duration_ms_max bigint,
  duration_buckets bigint[] NOT NULL DEFAULT array_fill(0::bigint, ARRAY[160]),
  input_tokens bigint NOT NULL DEFAULT 0,
  output_tokens bigint NOT NULL DEFAULT 0,
  cached_input_tokens bigint NOT NULL DEFAULT 0,
  cost_usd numeric(20, 8) NOT NULL DEFAULT 0,
  credits numeric(20, 4) NOT NULL DEFAULT 0,
  PRIMARY KEY (agent_id, org_id, day)
);

CREATE TABLE analytics_tool_daily (
  agent_id uuid NOT NULL,
  org_id uuid NOT NULL,
  day date NOT NULL,
  tool text NOT NULL,
  executions bigint NOT NULL DEFAULT 0,
  errors bigint NOT NULL DEFAULT 0,
  duration_ms_sum bigint NOT NULL DEFAULT 0,
  duration_ms_max bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (agent_id, org_id, day, tool)
);

CREATE TABLE analytics_tool_executions (
  run_id uuid NOT NULL,
  step_key text NOT NULL,
  agent_id uuid NOT NULL,
  org_id uuid NOT NULL,
  created_by uuid,
  created_by_api_key text,
  tool text NOT NULL,
  status text NOT NULL,
  error text NOT NULL DEFAULT '',
  duration_ms bigint NOT NULL,
  started_at timestamptz NOT NULL,
  finished_at timestamptz NOT NULL,
  PRIMARY KEY (run_id, step_key)
);

-- The list's keyset: an agent's executions in one organization, newest first.
CREATE INDEX analytics_tool_executions_newest
  ON analytics_tool_executions (agent_id, org_id, finished_at DESC, run_id DESC, step_key DESC);

CREATE TABLE analytics_applied (
  run_id uuid PRIMARY KEY,
  applied_at timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION analytics_bucket(ms bigint) RETURNS integer
  LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT least(160, 1 + floor(ln(greatest(ms, 1)::float8) / ln(1.1))::integer)
$$;

-- The histogram with one more duration in its bucket (none when there is no duration).
CREATE FUNCTION analytics_bump(buckets bigint[], ms bigint) RETURNS bigint[]
  LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  k integer := analytics_bucket(ms);
BEGIN
  IF k IS NOT NULL THEN
    buckets[k] := buckets[k] + 1;
  END IF;
  RETURN buckets;
END
$$;

-- Counts a run's end once: false when it has not ended or was counted already.
CREATE FUNCTION analytics_record_end(p_run uuid) RETURNS boolean
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
$$;

CREATE FUNCTION analytics_run_started() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO analytics_agent_daily AS d (agent_id, org_id, day, started)
  VALUES (NEW.agent_id, NEW.org_id, (NEW.created_at AT TIME ZONE 'UTC')::date, 1)
  ON CONFLICT (agent_id, org_id, day) DO UPDATE SET started = d.started + 1;
  RETURN NULL;
END
$$;

CREATE FUNCTION analytics_run_ended() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  PERFORM analytics_record_end(NEW.id);
  RETURN NULL;
END
$$;

CREATE TRIGGER analytics_run_started AFTER INSERT ON runs
  FOR EACH ROW EXECUTE FUNCTION analytics_run_started();

CREATE TRIGGER analytics_run_ended AFTER UPDATE OF status ON runs
  FOR EACH ROW WHEN (NEW.status IN ('completed', 'failed', 'cancelled', 'timed_out')
                     AND OLD.status IS DISTINCT FROM NEW.status)
  EXECUTE FUNCTION analytics_run_ended();

-- The runs made before this migration, counted as the triggers would have.
INSERT INTO analytics_agent_daily AS d (agent_id, org_id, day, started)
SELECT agent_id, org_id, (created_at AT TIME ZONE 'UTC')::date, count(*) FROM runs
GROUP BY 1, 2, 3
ON CONFLICT (agent_id, org_id, day) DO UPDATE SET started = d.started + EXCLUDED.started;

SELECT count(analytics_record_end(id)) FROM runs
WHERE status IN ('completed', 'failed', 'cancelled', 'timed_out')
"""

DOWNGRADE = """
DROP TRIGGER analytics_run_ended ON runs

DROP TRIGGER analytics_run_started ON runs

DROP FUNCTION analytics_run_ended()

DROP FUNCTION analytics_run_started()

DROP FUNCTION analytics_record_end(uuid)

DROP FUNCTION analytics_bump(bigint[], bigint)

DROP FUNCTION analytics_bucket(bigint)

DROP TABLE analytics_applied

DROP TABLE analytics_tool_executions

DROP TABLE analytics_tool_daily

DROP TABLE analytics_agent_daily
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
