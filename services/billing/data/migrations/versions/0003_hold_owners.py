"""Credit holds owned by their holder, and idempotency keys scoped per holder.

A reservation records the principal that made it (`owner_kind`, `owner_id`): a user (its
id), an API key (the key id), or a Keel service acting as itself (its name). Only that
owner settles, releases or reads it; a platform admin may release it.

Idempotency keys are unique per (organization, owner, key), no longer per (organization,
key): one holder cannot take a key another will use. Keys of the operations no caller holds
(grants, adjustments, Stripe's and the sweeper's) keep the organization's scope
(`owner_kind` 'organization', `owner_id` '').

Rows from before this revision have no known owner:
- their reservations become `owner_kind` 'legacy' (`owner_id` ''), which no caller is:
  only a platform admin releases them, and the sweeper still expires them (a hold lasts
  at most 24 h, so none is left a day after the upgrade);
- their Reserve/Settle/Release keys go to the 'legacy' scope too: a retry of such a call
  after the upgrade is a new call under its caller's own scope; grants' and the other
  keys go to the organization's scope and keep answering as before.

Revision ID: 0003
Revises: 0002
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

UPGRADE = [
    "ALTER TABLE credit_reservations ADD COLUMN owner_kind TEXT NOT NULL DEFAULT 'legacy', "
    "ADD COLUMN owner_id TEXT NOT NULL DEFAULT ''",
    # The defaults were for the rows already there: a new hold always names its owner.
    "ALTER TABLE credit_reservations ALTER COLUMN owner_kind DROP DEFAULT, "
    "ALTER COLUMN owner_id DROP DEFAULT",
    "ALTER TABLE credit_reservations ADD CONSTRAINT credit_reservations_owner CHECK ("
    "owner_kind IN ('user', 'api_key', 'service', 'legacy') "
    "AND (owner_kind = 'legacy') = (owner_id = ''))",
    "ALTER TABLE idempotency_keys ADD COLUMN owner_kind TEXT NOT NULL DEFAULT 'organization', "
    "ADD COLUMN owner_id TEXT NOT NULL DEFAULT ''",
    "UPDATE idempotency_keys SET owner_kind = 'legacy' "
    "WHERE operation IN ('Reserve', 'Settle', 'Release')",
    "ALTER TABLE idempotency_keys ALTER COLUMN owner_kind DROP DEFAULT, "
    "ALTER COLUMN owner_id DROP DEFAULT",
    "ALTER TABLE idempotency_keys DROP CONSTRAINT idempotency_keys_pkey, "
    "ADD PRIMARY KEY (org_id, owner_kind, owner_id, key)",
]

# Back to one key per organization: where two holders used the same key, the first stays.
DOWNGRADE = [
    "DELETE FROM idempotency_keys k USING idempotency_keys first "
    "WHERE k.org_id = first.org_id AND k.key = first.key "
    "AND (k.created_at, k.owner_kind, k.owner_id) > "
    "(first.created_at, first.owner_kind, first.owner_id)",
    "ALTER TABLE idempotency_keys DROP CONSTRAINT idempotency_keys_pkey, "
    "ADD PRIMARY KEY (org_id, key)",
    "ALTER TABLE idempotency_keys DROP COLUMN owner_kind, DROP COLUMN owner_id",
    "ALTER TABLE credit_reservations DROP CONSTRAINT credit_reservations_owner, "
    "DROP COLUMN owner_kind, DROP COLUMN owner_id",
]


def upgrade() -> None:
    for statement in UPGRADE:  # one statement per call: asyncpg prepares each
        op.execute(statement)


def downgrade() -> None:
    for statement in DOWNGRADE:
        op.execute(statement)
