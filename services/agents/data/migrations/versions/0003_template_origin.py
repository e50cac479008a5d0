"""Agents made from a catalog template keep which template and version they copied.

Both columns are set together or not at all; the template lives in catalog (no foreign
key across services), so the id stays even if the template is deleted there.

Revision ID: 0003
Revises: 0002
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        "ALTER TABLE agents ADD COLUMN template_id uuid, ADD COLUMN template_version integer,"
        " ADD CONSTRAINT agents_template_origin CHECK"
        " ((template_id IS NULL) = (template_version IS NULL)"
        " AND (template_version IS NULL OR template_version >= 1))"
    )


def downgrade() -> None:
    op.execute(
        "ALTER TABLE agents DROP CONSTRAINT agents_template_origin,"
        " DROP COLUMN template_version, DROP COLUMN template_id"
    )
