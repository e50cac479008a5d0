"""A GIN index of the public templates' search vectors, for anonymous searches.

An anonymous caller sees public templates only, and its statements say so
(`data/search.py`): PostgreSQL then reads this index instead of the one over every
template, whose posting lists are those of every organization's and creator's templates
too. On 10,000 templates (a quarter public) a typo query with a category filter read
1,136 candidates from `templates_search` to keep 280; from this one it reads the 280
(matching 3.2 ms -> 0.6 ms). Callers in an organization still use `templates_search`.

Revision ID: 0004
Revises: 0003
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        "CREATE INDEX templates_public_search ON templates USING gin (search)"
        " WHERE deleted_at IS NULL AND visibility = 'public'"
    )


def downgrade() -> None:
    op.execute("DROP INDEX templates_public_search")
