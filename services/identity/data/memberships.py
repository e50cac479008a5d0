"""Which organizations a user may act in, and with which role.

Access is a direct membership of a live organization, or being an owner or admin of the
live parent of a live sub-organization (`inherited`); when both apply the higher role
wins (the same rule as `facts.effective_role`, which authorization uses).
"""

from __future__ import annotations

import uuid

from sqlalchemy import bindparam, false, func, select, true, union_all
from sqlalchemy.orm import aliased

from keel_runtime import db
from services.identity.data.facts import effective_role
from services.identity.data.models import MembershipRow, OrganizationRow
from services.identity.data.organizations import ORGANIZATION_COLUMNS, organization_of
from services.identity.domain.permissions import Role
from services.identity.domain.resources import Organization, OrganizationAccess

_mine = aliased(MembershipRow)
_child = aliased(OrganizationRow)
_parent = aliased(OrganizationRow)

# Candidates, both from the memberships_user index: the user's own organizations, and the
# children of those where they are owner or admin.
_direct = select(
    _mine.org_id.label("org_id"),
    _mine.role.label("role"),
    false().label("via_parent"),
    _mine.created_at.label("since"),
).where(_mine.user_id == bindparam("user_id"))
_inherited = (
    select(
        _child.id.label("org_id"),
        _mine.role.label("role"),
        true().label("via_parent"),
        func.greatest(_mine.created_at, _child.created_at).label("since"),
    )
    .select_from(_mine)
    .join(_parent, _parent.id == _mine.org_id)
    .join(_child, _child.parent_org_id == _parent.id)
    .where(
        _mine.user_id == bindparam("user_id"),
        _mine.role >= int(Role.ADMIN),
        _parent.deleted_at.is_(None),
    )
)
_grants = union_all(_direct, _inherited).subquery("grants")
_ACCESSIBLE = (
    select(*ORGANIZATION_COLUMNS, _grants.c.role, _grants.c.via_parent, _grants.c.since)
    .join(_grants, _grants.c.org_id == OrganizationRow.id)
    .where(OrganizationRow.deleted_at.is_(None))
    .order_by(_grants.c.since, OrganizationRow.id)
)


async def accessible_organizations(user_id: uuid.UUID) -> list[OrganizationAccess]:
    """Every live organization `user_id` may act in, oldest access (`since`) first."""
    rows = await db.session().execute(_ACCESSIBLE, {"user_id": user_id})
    # Rows come oldest grant first; an organization may come twice (own and inherited).
    found: dict[uuid.UUID, tuple[Organization, int | None, int | None]] = {}
    for row in rows:
        organization = organization_of(row)
        _, direct, in_parent = found.get(organization.id, (organization, None, None))
        if row.via_parent:
            in_parent = row.role
        else:
            direct = row.role
        found[organization.id] = (organization, direct, in_parent)
    result = []
    for organization, direct, in_parent in found.values():
        access = effective_role(direct, in_parent, parent_alive=True)
        assert access.role is not None
        result.append(OrganizationAccess(organization, access.role, access.inherited))
    return result
