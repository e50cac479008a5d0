"""The free plan runs agents at the fast quality level.

The free plan had agent and run limits (3 agents, 100 runs a month, 10 an hour) but no
`agent_run` capability, so its agents could be configured and never run. It now has
agent runs at fast, on the fast models in their usual order, with the free plan's AI
request limits (10 a minute, 50 a day); enhanced and premium stay paid.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_KEY = {"plan_tier": "free", "capability": "agent_run", "quality": "fast"}


def upgrade() -> None:
    bind = op.get_bind()
    bind.execute(
        sa.text(
            "INSERT INTO plan_capabilities (plan_tier, capability, quality,"
            " requests_per_minute, requests_per_day)"
            " VALUES (:plan_tier, :capability, :quality, 10, 50)"
        ),
        _KEY,
    )
    # The fast models, in the priority every other plan lists them (pro's).
    bind.execute(
        sa.text(
            "INSERT INTO plan_capability_models (plan_tier, capability, quality, priority,"
            " model_id) SELECT :plan_tier, :capability, :quality, priority, model_id"
            " FROM plan_capability_models WHERE plan_tier = 'pro'"
            " AND capability = :capability AND quality = :quality"
        ),
        _KEY,
    )


def downgrade() -> None:
    op.get_bind().execute(
        sa.text(
            "DELETE FROM plan_capabilities WHERE plan_tier = :plan_tier"
            " AND capability = :capability AND quality = :quality"
        ),
        _KEY,
    )
