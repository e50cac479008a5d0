"""Organizations identity deleted (`organization.deleted`): their periods are no longer
renewed, and the Stripe subscription each had when deleted is cancelled (at once, with
proration; `cancelled_at` once Stripe confirmed it, or said it was gone already).

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import UUID

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "organization_deletions",
        sa.Column("org_id", UUID(as_uuid=True), primary_key=True),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("stripe_subscription_id", sa.Text),
        sa.Column("cancelled_at", sa.DateTime(timezone=True)),
    )


def downgrade() -> None:
    op.drop_table("organization_deletions")
