"""Plans limit the agent runs in progress at once: free 2, pro 5, team 20, enterprise
unlimited. billing keeps the number; the agents service, which knows its runs, holds it
(CheckLimit answers it with the monthly runs).

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

LIMITS = {"free": 2, "pro": 5, "team": 20, "enterprise": None}


def upgrade() -> None:
    op.execute(
        "ALTER TABLE plans ADD COLUMN concurrent_run_limit INTEGER CHECK (concurrent_run_limit > 0)"
    )
    bind = op.get_bind()
    for tier, limit in LIMITS.items():
        bind.execute(
            sa.text("UPDATE plans SET concurrent_run_limit = :limit WHERE tier = :tier"),
            {"limit": limit, "tier": tier},
        )


def downgrade() -> None:
    op.execute("ALTER TABLE plans DROP COLUMN concurrent_run_limit")
