"""Reads what authorization depends on (see domain/access.py); one indexed query each."""

from __future__ import annotations

import uuid

from sqlalchemy import and_, bindparam, select
from sqlalchemy.orm import aliased

from keel_runtime import db
from services.identity.data.models import (
    ApiKeyRow,
    MembershipRow,
    OrganizationRow,
    SessionRow,
    UserRow,
)
from services.identity.domain.access import KeyKind, KeyState, OrgRole, UserState
from services.identity.domain.permissions import Role

_USER = select(UserRow.suspended_at, UserRow.platform_admin).where(
    UserRow.id == bindparam("user_id")
)
_SESSION = select(SessionRow.id).where(
    SessionRow.id == bindparam("session_id"),
    SessionRow.user_id == bindparam("user_id"),
    SessionRow.ended_at.is_(None),
)
_parent = aliased(OrganizationRow)
_direct = aliased(MembershipRow)
_via_parent = aliased(MembershipRow)
# The user's own role in the organization and their role in its parent, in one row.
_ORG_ROLE = (
    select(_direct.role, _via_parent.role, _parent.deleted_at)
    .select_from(OrganizationRow)
    .outerjoin(
        _direct,
        and_(_direct.org_id == OrganizationRow.id, _direct.user_id == bindparam("user_id")),
    )
    .outerjoin(_parent, _parent.id == OrganizationRow.parent_org_id)
    .outerjoin(
        _via_parent,
        and_(_via_parent.org_id == _parent.id, _via_parent.user_id == bindparam("user_id")),
    )
    .where(OrganizationRow.id == bindparam("org_id"), OrganizationRow.deleted_at.is_(None))
)
_API_KEY = select(
    ApiKeyRow.org_id,
    ApiKeyRow.kind,
    ApiKeyRow.created_by,
    ApiKeyRow.scopes,
    ApiKeyRow.revoked_at,
    ApiKeyRow.deleted_at,
    ApiKeyRow.expires_at,
).where(ApiKeyRow.id == bindparam("key_id"))
_ORG_ALIVE = select(OrganizationRow.id).where(
    OrganizationRow.id == bindparam("org_id"), OrganizationRow.deleted_at.is_(None)
)


def effective_role(direct: int | None, in_parent: int | None, parent_alive: bool) -> OrgRole:
    """Owners and admins of a parent organization manage its children with that role."""
    inherited = in_parent if parent_alive and in_parent and in_parent >= Role.ADMIN else None
    if direct is None and inherited is None:
        return OrgRole(None)
    if inherited is not None and (direct is None or inherited > direct):
        return OrgRole(Role(inherited), inherited=True)
    assert direct is not None
    return OrgRole(Role(direct))


class Facts:
    """`AccessFacts` on the session of the current unit of work."""

    async def user(self, user_id: uuid.UUID) -> UserState | None:
        row = (await db.session().execute(_USER, {"user_id": user_id})).first()
        if row is None:
            return None
        return UserState(user_id, suspended=row[0] is not None, platform_admin=row[1])

    async def session_live(self, session_id: uuid.UUID, user_id: uuid.UUID) -> bool:
        params = {"session_id": session_id, "user_id": user_id}
        return (await db.session().execute(_SESSION, params)).first() is not None

    async def org_role(self, user_id: uuid.UUID, org_id: uuid.UUID) -> OrgRole:
        params = {"user_id": user_id, "org_id": org_id}
        row = (await db.session().execute(_ORG_ROLE, params)).first()
        if row is None:  # no such organization, or deleted
            return OrgRole(None)
        direct, in_parent, parent_deleted_at = row
        return effective_role(direct, in_parent, parent_alive=parent_deleted_at is None)

    async def api_key(self, key_id: str) -> KeyState | None:
        row = (await db.session().execute(_API_KEY, {"key_id": key_id})).first()
        if row is None or row.deleted_at is not None:
            return None
        return KeyState(
            id=key_id,
            org_id=row.org_id,
            kind=KeyKind(row.kind),
            created_by=row.created_by,
            scopes=frozenset(row.scopes),
            revoked=row.revoked_at is not None,
            expires_at=row.expires_at,
        )

    async def org_alive(self, org_id: uuid.UUID) -> bool:
        return (await db.session().execute(_ORG_ALIVE, {"org_id": org_id})).first() is not None


FACTS = Facts()
