"""The plan tier follows billing; invitations end with their sender's right to send them.

- `organizations.plan_tier_as_of`: the time of billing's `subscription.changed` the tier was
  last taken from (NULL: the tier given at creation). identity applies an event only if it
  is newer, so an event delivered late never undoes a newer one. identity's consumer group
  starts at the beginning of billing's stream, so organizations whose tier drifted before
  this revision are set right from the events still in it.
- Pending invitations whose sender may no longer send them (they left or were removed, or
  demoted below what the invitation grants: an invitation needs an owner, or an admin for
  up to admin, directly or as owner or admin of the parent) are revoked, with an audit
  record each, as a removal or demotion revokes them from now on.

The downgrade drops the column; the invitations revoked stay revoked.

Revision ID: 0003
Revises: 0002
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

ADMIN = 3

UPGRADE = [
    "ALTER TABLE organizations ADD COLUMN plan_tier_as_of TIMESTAMP WITH TIME ZONE",
    f"""
    WITH revoked AS (
      UPDATE invitations i SET status = 'revoked', revoked_at = now()
      WHERE i.status = 'pending' AND i.expires_at > now()
        AND NOT EXISTS (
          SELECT 1 FROM memberships m
          WHERE m.org_id = i.org_id AND m.user_id = i.invited_by
            AND m.role >= {ADMIN} AND m.role >= i.role)
        AND NOT EXISTS (
          SELECT 1 FROM organizations o
          JOIN organizations parent ON parent.id = o.parent_org_id AND parent.deleted_at IS NULL
          JOIN memberships pm ON pm.org_id = parent.id AND pm.user_id = i.invited_by
          WHERE o.id = i.org_id AND pm.role >= {ADMIN} AND pm.role >= i.role)
      RETURNING i.id, i.org_id, i.email, i.role
    )
    INSERT INTO audit_events (org_id, action, target_type, target_id, before, after)
    SELECT org_id, 'invitation.revoked', 'invitation', id::text,
      jsonb_build_object('status', 'pending', 'email', email, 'role',
        (ARRAY['ROLE_VIEWER', 'ROLE_MEMBER', 'ROLE_ADMIN', 'ROLE_OWNER'])[role]),
      jsonb_build_object('status', 'revoked', 'reason', 'sender_lost_access')
    FROM revoked
    """,
]


def upgrade() -> None:
    for statement in UPGRADE:
        op.execute(statement)


def downgrade() -> None:
    op.execute("ALTER TABLE organizations DROP COLUMN plan_tier_as_of")
