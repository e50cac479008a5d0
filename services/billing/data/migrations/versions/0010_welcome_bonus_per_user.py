"""The welcome bonus once per verified user, by plan (issue 15, finding 6).

- `plans.welcome_bonus_credits`: ADR-023's (seed 003) bonus of each plan: free 10, pro 25,
  team 50; enterprise none (agreed per contract).
- `organizations`: what identity's `organization.created` said of each organization: its
  parent (sub-organizations) and the user who created it, and when.
- `welcome_bonuses`: one row per user, ever: when identity said their address was verified,
  and the organization that got their bonus and when. Keyed by the user, so neither a
  deleted organization nor a retried event gives a second one.

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import UUID

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_BONUSES = {"free": 10, "pro": 25, "team": 50}


def upgrade() -> None:
    op.add_column("plans", sa.Column("welcome_bonus_credits", sa.Numeric(18, 4)))
    for tier, amount in _BONUSES.items():
        op.execute(
            sa.text(
                "UPDATE plans SET welcome_bonus_credits = :amount WHERE tier = :tier"
            ).bindparams(amount=amount, tier=tier)
        )
    op.create_table(
        "organizations",
        sa.Column("org_id", UUID(as_uuid=True), primary_key=True),
        sa.Column("parent_org_id", UUID(as_uuid=True)),
        sa.Column("created_by_user_id", UUID(as_uuid=True)),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index(
        "organizations_by_creator",
        "organizations",
        ["created_by_user_id", "created_at"],
        postgresql_where=sa.text("parent_org_id IS NULL"),
    )
    op.create_table(
        "welcome_bonuses",
        sa.Column("user_id", UUID(as_uuid=True), primary_key=True),
        sa.Column("verified_at", sa.DateTime(timezone=True)),
        sa.Column("org_id", UUID(as_uuid=True)),
        sa.Column("granted_at", sa.DateTime(timezone=True)),
    )


def downgrade() -> None:
    op.drop_table("welcome_bonuses")
    op.drop_table("organizations")
    op.drop_column("plans", "welcome_bonus_credits")
