"""The holds an organization has open, found by organization: counted for the cap on open
holds (`KEEL_BILLING_MAX_OPEN_HOLDS`) and swept per organization in turn, so that one
organization's flood of expiring holds does not delay another's release.

Revision ID: 0006
Revises: 0005
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        "CREATE INDEX credit_reservations_open_per_org ON credit_reservations "
        "(org_id, expires_at) WHERE status = 'held'"
    )


def downgrade() -> None:
    op.execute("DROP INDEX credit_reservations_open_per_org")
