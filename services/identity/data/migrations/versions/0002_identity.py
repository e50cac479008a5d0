"""identity's tables: users, organizations, memberships, invitations, API keys, sessions
and refresh tokens, signing keys, and the append-only audit log.

Revision ID: 0002
Revises: 0001
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TABLES = """
CREATE TABLE audit_events (
    id BIGSERIAL NOT NULL,
    org_id UUID,
    actor_user_id UUID,
    actor_api_key_id TEXT,
    action TEXT NOT NULL,
    target_type TEXT NOT NULL,
    target_id TEXT NOT NULL,
    before JSONB,
    after JSONB,
    request_id TEXT,
    created_at TIMESTAMP WITH TIME ZONE DEFAULT now() NOT NULL,
    PRIMARY KEY (id)
);
CREATE INDEX audit_events_org ON audit_events (org_id, id);
CREATE TABLE organizations (
    id UUID NOT NULL,
    name TEXT NOT NULL,
    slug TEXT NOT NULL,
    parent_org_id UUID,
    plan_tier TEXT DEFAULT 'free' NOT NULL,
    settings JSONB DEFAULT '{}' NOT NULL,
    created_by UUID,
    created_at TIMESTAMP WITH TIME ZONE DEFAULT now() NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE DEFAULT now() NOT NULL,
    deleted_at TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (id),
    UNIQUE (slug),
    FOREIGN KEY(parent_org_id) REFERENCES organizations (id)
);
CREATE INDEX organizations_parent ON organizations (parent_org_id);
CREATE TABLE signing_keys (
    kid TEXT NOT NULL,
    private_key BYTEA NOT NULL,
    public_jwk JSONB NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE DEFAULT now() NOT NULL,
    activates_at TIMESTAMP WITH TIME ZONE NOT NULL,
    retired_at TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (kid)
);
CREATE TABLE users (
    id UUID NOT NULL,
    email TEXT NOT NULL,
    email_normalized TEXT NOT NULL,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    platform_admin BOOLEAN DEFAULT false NOT NULL,
    suspended_at TIMESTAMP WITH TIME ZONE,
    suspension_reason TEXT,
    active_org_id UUID,
    last_login_at TIMESTAMP WITH TIME ZONE,
    created_at TIMESTAMP WITH TIME ZONE DEFAULT now() NOT NULL,
    PRIMARY KEY (id),
    UNIQUE (email_normalized),
    FOREIGN KEY(active_org_id) REFERENCES organizations (id)
);
CREATE TABLE api_keys (
    id TEXT NOT NULL,
    org_id UUID NOT NULL,
    name TEXT NOT NULL,
    kind SMALLINT NOT NULL,
    scopes TEXT[] NOT NULL,
    secret_hash BYTEA NOT NULL,
    secret_prefix TEXT NOT NULL,
    created_by UUID NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE DEFAULT now() NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE,
    last_used_at TIMESTAMP WITH TIME ZONE,
    revoked_at TIMESTAMP WITH TIME ZONE,
    revoked_by UUID,
    deleted_at TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (id),
    CONSTRAINT api_keys_kind CHECK (kind IN (1, 2)),
    FOREIGN KEY(org_id) REFERENCES organizations (id),
    UNIQUE (secret_hash),
    FOREIGN KEY(created_by) REFERENCES users (id)
);
CREATE INDEX api_keys_org ON api_keys (org_id, created_at);
CREATE TABLE invitations (
    id UUID NOT NULL,
    org_id UUID NOT NULL,
    email TEXT NOT NULL,
    email_normalized TEXT NOT NULL,
    role SMALLINT NOT NULL,
    token_hash BYTEA NOT NULL,
    status TEXT DEFAULT 'pending' NOT NULL,
    invited_by UUID NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE DEFAULT now() NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
    accepted_at TIMESTAMP WITH TIME ZONE,
    accepted_by UUID,
    revoked_at TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (id),
    CONSTRAINT invitations_role CHECK (role BETWEEN 1 AND 4),
    CONSTRAINT invitations_status CHECK (status IN ('pending', 'accepted', 'revoked', 'expired')),
    FOREIGN KEY(org_id) REFERENCES organizations (id),
    UNIQUE (token_hash),
    FOREIGN KEY(invited_by) REFERENCES users (id)
);
CREATE INDEX invitations_org ON invitations (org_id, created_at);
CREATE UNIQUE INDEX invitations_one_pending ON invitations (org_id, email_normalized)
    WHERE status = 'pending';
CREATE TABLE memberships (
    org_id UUID NOT NULL,
    user_id UUID NOT NULL,
    role SMALLINT NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE DEFAULT now() NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE DEFAULT now() NOT NULL,
    PRIMARY KEY (org_id, user_id),
    CONSTRAINT memberships_role CHECK (role BETWEEN 1 AND 4),
    FOREIGN KEY(org_id) REFERENCES organizations (id),
    FOREIGN KEY(user_id) REFERENCES users (id)
);
CREATE INDEX memberships_user ON memberships (user_id);
CREATE TABLE sessions (
    id UUID NOT NULL,
    user_id UUID NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE DEFAULT now() NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
    ended_at TIMESTAMP WITH TIME ZONE,
    end_reason TEXT,
    PRIMARY KEY (id),
    FOREIGN KEY(user_id) REFERENCES users (id)
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE TABLE refresh_tokens (
    token_hash BYTEA NOT NULL,
    session_id UUID NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE DEFAULT now() NOT NULL,
    used_at TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (token_hash),
    FOREIGN KEY(session_id) REFERENCES sessions (id)
);
CREATE INDEX refresh_tokens_session ON refresh_tokens (session_id);
"""

# The audit log is append-only for everyone, the service's own role included.
APPEND_ONLY = [
    """CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'audit_events is append-only';
    END $$""",
    """CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE OR TRUNCATE
    ON audit_events FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()""",
]


def upgrade() -> None:
    # One statement per call: asyncpg prepares each statement.
    for statement in TABLES.split(";\n"):
        if statement.strip():
            op.execute(statement)
    for statement in APPEND_ONLY:
        op.execute(statement)


def downgrade() -> None:
    op.execute(
        "DROP TABLE audit_events, refresh_tokens, sessions, memberships, invitations, "
        "api_keys, users, signing_keys, organizations CASCADE"
    )
    op.execute("DROP FUNCTION audit_events_append_only()")
