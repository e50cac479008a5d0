"""E-mail verification: accounts start unverified until their owner proves the address.

- `users.email_verified_at`: when the address was verified (NULL: not yet). Accounts
  made before this revision start unverified too: anyone could have signed up with an
  address they do not own; their owners verify by asking for a new token.
- `email_verifications`: the tokens sent (SHA-256 digests only), each single use and
  expiring; a new request replaces the ones not used yet.

Revision ID: 0004
Revises: 0003
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

UPGRADE = [
    "ALTER TABLE users ADD COLUMN email_verified_at TIMESTAMP WITH TIME ZONE",
    """
    CREATE TABLE email_verifications (
      token_hash BYTEA PRIMARY KEY,
      user_id UUID NOT NULL REFERENCES users (id),
      expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
      used_at TIMESTAMP WITH TIME ZONE,
      created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()
    )
    """,
    "CREATE INDEX email_verifications_user ON email_verifications (user_id)",
]


def upgrade() -> None:
    for statement in UPGRADE:
        op.execute(statement)


def downgrade() -> None:
    op.execute("DROP TABLE email_verifications")
    op.execute("ALTER TABLE users DROP COLUMN email_verified_at")
