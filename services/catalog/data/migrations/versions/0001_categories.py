"""Template categories, seeded with the five of the product requirements; event tables.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

from keel_runtime import events

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

SEED = [
    (
        "customer-service",
        "Customer Service",
        "Agents that answer customer questions, resolve issues and hand over to a human "
        "when needed.",
        "headset",
        10,
    ),
    (
        "sales",
        "Sales",
        "Agents that qualify leads, follow up with prospects and book meetings.",
        "trending-up",
        20,
    ),
    (
        "research",
        "Research",
        "Agents that search, read and summarize sources into cited findings.",
        "search",
        30,
    ),
    (
        "content-creation",
        "Content Creation",
        "Agents that draft, edit and repurpose articles, posts and marketing copy.",
        "pen-tool",
        40,
    ),
    (
        "data-analysis",
        "Data Analysis",
        "Agents that query, chart and explain data from files and databases.",
        "bar-chart",
        50,
    ),
]


def upgrade() -> None:
    categories = op.create_table(
        "categories",
        sa.Column("slug", sa.Text, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("description", sa.Text, nullable=False, server_default=""),
        sa.Column("icon", sa.Text, nullable=False, server_default=""),
        sa.Column("sort_order", sa.Integer, nullable=False, server_default="0"),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
        sa.CheckConstraint("slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'", name="categories_slug_format"),
    )
    op.create_index("categories_display_order", "categories", ["sort_order", "slug"])
    op.bulk_insert(
        categories,
        [
            {"slug": s, "name": n, "description": d, "icon": i, "sort_order": o}
            for s, n, d, i, o in SEED
        ],
    )
    events.create_tables()


def downgrade() -> None:
    events.drop_tables()
    op.drop_table("categories")
