"""Share links: an agent's public face, run by anonymous visitors, billed to its organization.

- A link's id is the secret in its URL (random, ≥ 128 bits, URL-safe): it is the key.
- Revoked links are kept (listed as inactive); deleted ones are kept too, for the runs
  that point at them, but are gone for everyone (`deleted_at`).
- `run_count` is the max-runs cap's counter: a visitor's start takes a place with one
  conditional UPDATE in the start's transaction, so concurrent visitors never pass the cap
  and a start that fails gives its place back.
- `share_link_runs`: the runs started through a link, each with the hash of the token that
  lets its visitor (and no one else) read its events.

Revision ID: 0005
Revises: 0004
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

UPGRADE = r"""
CREATE TABLE share_links (
  id text PRIMARY KEY CONSTRAINT share_links_id CHECK (id ~ '^[A-Za-z0-9_-]{22,64}$'),
  org_id uuid NOT NULL,
  agent_id uuid NOT NULL REFERENCES agents (id),
  created_by uuid,
  created_by_api_key text,
  label text NOT NULL DEFAULT '' CONSTRAINT share_links_label CHECK (char_length(label) <= 100),
  greeting text NOT NULL DEFAULT ''
    CONSTRAINT share_links_greeting CHECK (char_length(greeting) <= 2000),
  -- Runs the link may start in all (NULL: no cap).
  max_runs integer CONSTRAINT share_links_max_runs CHECK (max_runs >= 1),
  -- Runs per minute through the link, and per visitor address on it.
  runs_per_minute integer NOT NULL CONSTRAINT share_links_runs_per_minute
    CHECK (runs_per_minute BETWEEN 1 AND 10000),
  visitor_runs_per_minute integer NOT NULL CONSTRAINT share_links_visitor_runs_per_minute
    CHECK (visitor_runs_per_minute BETWEEN 1 AND 10000),
  expires_at timestamptz,
  revoked_at timestamptz,
  deleted_at timestamptz,
  view_count bigint NOT NULL DEFAULT 0,
  run_count bigint NOT NULL DEFAULT 0,
  last_viewed_at timestamptz,
  last_run_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT share_links_creator CHECK (created_by IS NOT NULL OR created_by_api_key IS NOT NULL),
  CONSTRAINT share_links_cap CHECK (max_runs IS NULL OR run_count <= max_runs)
);

-- An agent's links, newest first (the keyset of the page tokens).
CREATE INDEX share_links_agent_newest ON share_links (agent_id, created_at DESC, id DESC)
  WHERE deleted_at IS NULL;

CREATE TABLE share_link_runs (
  run_id uuid PRIMARY KEY REFERENCES runs (id),
  share_link_id text NOT NULL REFERENCES share_links (id),
  -- sha256 of the run's token, handed to its visitor once.
  token_hash bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX share_link_runs_link ON share_link_runs (share_link_id, created_at DESC);
"""

DOWNGRADE = """
DROP TABLE share_link_runs

DROP TABLE share_links
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
