"""Threads, their messages, runs, the runs' steps and events.

- A thread's messages are numbered 1, 2, 3… per thread (`sequence`), appended only.
- A run's status moves along one state machine (the domain's `runs.TRANSITIONS`). A
  thread runs one run at a time: starts lock the thread's row to look at its runs in
  progress, and a run begins only when no older one of its thread is in progress.
- A run's steps (model calls, tool calls) are keyed by the durable workflow's step: a
  step re-executed after a crash finds its completed row and returns it rather than
  calling the model or the tool again.
- A run's events are numbered per run (`sequence`); the terminal event is the last one
  written, and nothing is appended after it (`run_events_after_end`).
- The durable runner's own tables live in schema `dbos`, created by DBOS's migrations
  (`services.agents.data.durable.migrate`), not here.

Revision ID: 0004
Revises: 0003
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

UPGRADE = r"""
CREATE TABLE threads (
  id uuid PRIMARY KEY,
  org_id uuid NOT NULL,
  created_by uuid,
  created_by_api_key text,
  metadata jsonb NOT NULL DEFAULT '{}',
  status text NOT NULL DEFAULT 'idle'
    CONSTRAINT threads_status CHECK (status IN ('idle', 'running', 'waiting_for_human')),
  message_count bigint NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT threads_creator CHECK (created_by IS NOT NULL OR created_by_api_key IS NOT NULL)
);

CREATE INDEX threads_org_newest ON threads (org_id, created_at DESC, id DESC);

CREATE TABLE thread_messages (
  thread_id uuid NOT NULL REFERENCES threads (id),
  sequence bigint NOT NULL CONSTRAINT thread_messages_sequence CHECK (sequence >= 1),
  role text NOT NULL CONSTRAINT thread_messages_role CHECK (role IN ('user', 'assistant', 'tool')),
  content text NOT NULL DEFAULT '',
  tool_calls jsonb NOT NULL DEFAULT '[]',
  tool_call_id text NOT NULL DEFAULT '',
  tool_name text NOT NULL DEFAULT '',
  run_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (thread_id, sequence)
);

CREATE TABLE runs (
  id uuid PRIMARY KEY,
  org_id uuid NOT NULL,
  agent_id uuid NOT NULL REFERENCES agents (id),
  agent_version integer NOT NULL,
  thread_id uuid NOT NULL REFERENCES threads (id),
  status text NOT NULL CONSTRAINT runs_status CHECK (status IN
    ('queued', 'running', 'requires_action', 'completed', 'failed', 'cancelled', 'timed_out')),
  reason text NOT NULL DEFAULT '',
  message text NOT NULL DEFAULT '',
  input text NOT NULL,
  output text NOT NULL DEFAULT '',
  metadata jsonb NOT NULL DEFAULT '{}',
  -- The caller's key, to answer a retried start with the same run.
  idempotency_key text,
  request_hash text NOT NULL DEFAULT '',
  created_by uuid,
  created_by_api_key text,
  model text NOT NULL,
  fallback_models jsonb NOT NULL DEFAULT '[]',
  -- USD per million tokens of each model the run may use: {"<model>": ["in", "out"]}.
  prices jsonb NOT NULL DEFAULT '{}',
  config jsonb NOT NULL,
  reservation_id uuid,
  -- What is held in all: the first hold, and the holds a long run added after it.
  credits_held numeric(20, 4) NOT NULL DEFAULT 0,
  extra_holds jsonb NOT NULL DEFAULT '[]',
  -- What one model call costs (billing's rule, answered at the start).
  credits_per_call numeric(20, 4) NOT NULL DEFAULT 0,
  budget_credits numeric(20, 4),
  timeout_seconds integer NOT NULL,
  input_tokens bigint NOT NULL DEFAULT 0,
  output_tokens bigint NOT NULL DEFAULT 0,
  cached_input_tokens bigint NOT NULL DEFAULT 0,
  cost_usd numeric(20, 8) NOT NULL DEFAULT 0,
  credits_charged numeric(20, 4) NOT NULL DEFAULT 0,
  tool_execution_ms bigint NOT NULL DEFAULT 0,
  model_calls integer NOT NULL DEFAULT 0,
  tool_calls integer NOT NULL DEFAULT 0,
  traceparent text NOT NULL DEFAULT '',
  -- The sequence number of its latest event (the row lock orders a run's events).
  last_event bigint NOT NULL DEFAULT 0,
  -- While requires_action: the tool calls waiting for a person.
  pending_tool_calls jsonb NOT NULL DEFAULT '[]',
  cancel_requested_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  finished_at timestamptz,
  CONSTRAINT runs_creator CHECK (created_by IS NOT NULL OR created_by_api_key IS NOT NULL),
  CONSTRAINT runs_finished CHECK ((finished_at IS NOT NULL) =
    (status IN ('completed', 'failed', 'cancelled', 'timed_out')))
);

-- A retried start (the same organization and caller's key) finds its run.
CREATE UNIQUE INDEX runs_idempotency ON runs (org_id, idempotency_key)
  WHERE idempotency_key IS NOT NULL;

-- A thread's runs in progress, oldest first.
CREATE INDEX runs_thread_active ON runs (thread_id, created_at, id)
  WHERE status IN ('queued', 'running', 'requires_action');

-- An agent's runs, newest first (the keyset of the page tokens).
CREATE INDEX runs_agent_newest ON runs (agent_id, created_at DESC, id DESC);

CREATE TABLE run_steps (
  run_id uuid NOT NULL REFERENCES runs (id),
  -- The durable workflow's step: `model:<turn>` or `tool:<turn>:<call id>`.
  step_key text NOT NULL,
  number integer NOT NULL,
  kind text NOT NULL CONSTRAINT run_steps_kind CHECK (kind IN ('model', 'tool')),
  name text NOT NULL,
  status text NOT NULL CONSTRAINT run_steps_status CHECK (status IN ('completed', 'failed')),
  -- The step's result as the workflow uses it (a model's message, a tool's output).
  result jsonb NOT NULL,
  input_summary text NOT NULL DEFAULT '',
  output_summary text NOT NULL DEFAULT '',
  error text NOT NULL DEFAULT '',
  input_tokens bigint NOT NULL DEFAULT 0,
  output_tokens bigint NOT NULL DEFAULT 0,
  cached_input_tokens bigint NOT NULL DEFAULT 0,
  cost_usd numeric(20, 8) NOT NULL DEFAULT 0,
  duration_ms bigint NOT NULL DEFAULT 0,
  attempts integer NOT NULL DEFAULT 1,
  started_at timestamptz NOT NULL,
  finished_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (run_id, step_key)
);

-- An organization told its credits ran out (organization.credits_exhausted), once a month.
CREATE TABLE credit_exhaustion_notices (
  org_id uuid NOT NULL,
  period text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, period)
);

CREATE TABLE run_events (
  run_id uuid NOT NULL REFERENCES runs (id),
  sequence bigint NOT NULL CONSTRAINT run_events_sequence CHECK (sequence >= 1),
  type text NOT NULL,
  data jsonb NOT NULL DEFAULT '{}',
  terminal boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (run_id, sequence)
);

-- The terminal event is the last: none is written after it.
CREATE FUNCTION run_events_after_end() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT FROM run_events WHERE run_id = NEW.run_id AND terminal) THEN
    RAISE EXCEPTION 'run % has ended', NEW.run_id USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER run_events_after_end BEFORE INSERT ON run_events
  FOR EACH ROW EXECUTE FUNCTION run_events_after_end();
"""

DOWNGRADE = """
DROP TABLE run_events

DROP FUNCTION run_events_after_end()

DROP TABLE credit_exhaustion_notices

DROP TABLE run_steps

DROP TABLE runs

DROP TABLE thread_messages

DROP TABLE threads
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
