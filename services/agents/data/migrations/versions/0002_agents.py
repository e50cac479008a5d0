"""Agents and their immutable versions.

An agent's config lives in its versions, numbered 1, 2, 3… per agent and never changed
(a trigger refuses UPDATE and DELETE on them); the agent row keeps a copy of the latest
one so a read needs no join. Agents are soft-deleted: runs (later) keep pointing at them.

Revision ID: 0002
Revises: 0001
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

UPGRADE = r"""
CREATE TABLE agents (
  id uuid PRIMARY KEY,
  org_id uuid NOT NULL,
  name text NOT NULL CONSTRAINT agents_name_length CHECK (char_length(name) BETWEEN 1 AND 100),
  description text NOT NULL DEFAULT '',
  avatar_url text NOT NULL DEFAULT '',
  visibility text NOT NULL
    CONSTRAINT agents_visibility CHECK (visibility IN ('private', 'organization', 'public')),
  -- The user who created it; a service API key (no user) is recorded instead.
  created_by uuid,
  created_by_api_key text,
  latest_version integer NOT NULL CONSTRAINT agents_latest_version CHECK (latest_version >= 1),
  config jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  CONSTRAINT agents_creator CHECK (created_by IS NOT NULL OR created_by_api_key IS NOT NULL)
);

-- Lists: an organization's live agents, newest first (the keyset of the page tokens).
CREATE INDEX agents_org_newest ON agents (org_id, created_at DESC, id DESC)
  WHERE deleted_at IS NULL;

CREATE TABLE agent_versions (
  agent_id uuid NOT NULL REFERENCES agents (id),
  number integer NOT NULL CONSTRAINT agent_versions_number CHECK (number >= 1),
  notes text NOT NULL DEFAULT '',
  config jsonb NOT NULL,
  created_by uuid,
  -- A rollback's source version.
  copied_from_version integer,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (agent_id, number)
);

CREATE FUNCTION agent_versions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'agent versions are immutable' USING ERRCODE = 'restrict_violation';
END
$$;

CREATE TRIGGER agent_versions_immutable BEFORE UPDATE OR DELETE ON agent_versions
  FOR EACH ROW EXECUTE FUNCTION agent_versions_immutable();
"""

DOWNGRADE = """
DROP TABLE agent_versions

DROP FUNCTION agent_versions_immutable()

DROP TABLE agents
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
