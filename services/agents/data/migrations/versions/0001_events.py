"""The event outbox and inbox tables of agents.

Revision ID: 0001
Revises:
"""

from keel_runtime import events

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    events.create_tables()


def downgrade() -> None:
    events.drop_tables()
