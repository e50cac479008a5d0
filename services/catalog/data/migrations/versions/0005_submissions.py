"""Template submissions: agents offered to the public catalog, and their review.

A submission keeps the agent's version it copied, as a template config (`config`), so an
approval publishes what the reviewer read. States: pending → approved | rejected |
withdrawn; the checks below hold each state's fields, the partial unique index one pending
submission per agent (also between concurrent submits: the second insert waits for the
first and fails).

Revision ID: 0005
Revises: 0004
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

UPGRADE = """
CREATE TABLE template_submissions (
  id uuid PRIMARY KEY,
  agent_id uuid NOT NULL,
  agent_version integer NOT NULL,
  org_id uuid NOT NULL,
  submitted_by uuid NOT NULL,
  name text NOT NULL,
  description text NOT NULL,
  category text NOT NULL REFERENCES categories (slug),
  tags text[] NOT NULL DEFAULT '{}',
  use_cases text[] NOT NULL DEFAULT '{}',
  config jsonb NOT NULL,
  state text NOT NULL DEFAULT 'pending' CONSTRAINT template_submissions_state
    CHECK (state IN ('pending', 'approved', 'rejected', 'withdrawn')),
  rejection_reason text NOT NULL DEFAULT '',
  reviewed_by uuid,
  reviewed_at timestamptz,
  template_id uuid REFERENCES templates (id),
  template_version integer,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT template_submissions_approved
    CHECK ((state = 'approved') = (template_id IS NOT NULL AND template_version IS NOT NULL)),
  CONSTRAINT template_submissions_rejected CHECK ((state = 'rejected') = (rejection_reason <> '')),
  CONSTRAINT template_submissions_reviewed
    CHECK ((state IN ('approved', 'rejected')) = (reviewed_at IS NOT NULL))
);

CREATE UNIQUE INDEX template_submissions_one_pending ON template_submissions (agent_id)
  WHERE state = 'pending';

CREATE INDEX template_submissions_approved_agent ON template_submissions
  (agent_id, reviewed_at DESC) WHERE state = 'approved';

CREATE INDEX template_submissions_submitter ON template_submissions
  (submitted_by, org_id, created_at DESC, id DESC);

CREATE INDEX template_submissions_newest ON template_submissions (created_at DESC, id DESC);

CREATE INDEX template_submissions_state ON template_submissions (state, created_at DESC, id DESC);
"""

DOWNGRADE = "DROP TABLE template_submissions"


def upgrade() -> None:
    # One statement per call (asyncpg prepares each), separated by blank lines.
    for statement in UPGRADE.split("\n\n"):
        if statement.strip():
            op.execute(statement)


def downgrade() -> None:
    op.execute(DOWNGRADE)
