"""Organization insight: the rollups of an organization's agents by day.

Billing's usage dashboard and export read an organization's rows of
`analytics_agent_daily` over a window of days (every agent's), where the primary key
starts with the agent: this index serves those reads without a scan of every agent's
days.

Revision ID: 0008
Revises: 0007
"""

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("CREATE INDEX analytics_agent_daily_org_day ON analytics_agent_daily (org_id, day)")


def downgrade() -> None:
    op.execute("DROP INDEX analytics_agent_daily_org_day")
