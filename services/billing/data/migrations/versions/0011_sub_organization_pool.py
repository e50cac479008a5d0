"""Sub-organizations draw on their parent's credit pool (issue 15, finding 6, seed 001's
agency decision).

- `credit_reservations.spent_by_org_id`, `credit_transactions.spent_by_org_id`: the
  sub-organization a hold or a transaction of its top-level ancestor's account (the pool)
  was made for (NULL: the account's own organization). Indexed for what a child's cap
  counts under the pool's lock (its open holds, its charges of the UTC month) and for the
  child's own reads.
- `child_spending_caps`: the monthly cap a parent sets on one of its direct children
  (none: the child may spend the whole pool).
- `subscriptions.provisional`: the account was opened by the organization's first billing
  call, before identity's `organization.created` said whose child it is (if anyone's): its
  holds wait for that event, so that a new sub-organization cannot spend a free allocation
  of its own in the meantime.

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import UUID

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

_SPENT = ("credit_reservations", "credit_transactions")


def upgrade() -> None:
    for table in _SPENT:
        op.add_column(table, sa.Column("spent_by_org_id", UUID(as_uuid=True)))
    # A child's charges by time (the month its cap counts) and by seq (its ledger page).
    op.create_index(
        "credit_transactions_by_spender",
        "credit_transactions",
        ["spent_by_org_id", "created_at"],
        postgresql_where=sa.text("spent_by_org_id IS NOT NULL"),
    )
    op.create_index(
        "credit_transactions_by_spender_seq",
        "credit_transactions",
        ["spent_by_org_id", "seq"],
        postgresql_where=sa.text("spent_by_org_id IS NOT NULL"),
    )
    # A child's open holds (what its cap counts besides its charges).
    op.create_index(
        "credit_reservations_held_by_spender",
        "credit_reservations",
        ["spent_by_org_id"],
        postgresql_where=sa.text("spent_by_org_id IS NOT NULL AND status = 'held'"),
    )
    op.create_table(
        "child_spending_caps",
        sa.Column("child_org_id", UUID(as_uuid=True), primary_key=True),
        sa.Column("parent_org_id", UUID(as_uuid=True), nullable=False),
        sa.Column("monthly_cap", sa.Numeric(18, 4), nullable=False),
        sa.Column("set_by", sa.Text, nullable=False),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
        sa.CheckConstraint("monthly_cap >= 0", name="child_spending_caps_not_negative"),
    )
    op.create_index("child_spending_caps_parent", "child_spending_caps", ["parent_org_id"])
    op.add_column(
        "subscriptions",
        sa.Column("provisional", sa.Boolean, nullable=False, server_default=sa.false()),
    )


def downgrade() -> None:
    op.drop_column("subscriptions", "provisional")
    op.drop_table("child_spending_caps")
    op.drop_index("credit_reservations_held_by_spender", "credit_reservations")
    op.drop_index("credit_transactions_by_spender_seq", "credit_transactions")
    op.drop_index("credit_transactions_by_spender", "credit_transactions")
    for table in _SPENT:
        op.drop_column(table, "spent_by_org_id")
