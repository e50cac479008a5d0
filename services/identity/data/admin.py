"""The platform-wide reads and writes of administration: counts, searches, suspensions,
plan tiers. Not a hot path: list statements are built per call from the filters."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Row,
    Select,
    bindparam,
    func,
    or_,
    select,
    tuple_,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from services.identity.data.models import (
    ApiKeyRow,
    InvitationRow,
    MembershipRow,
    OrganizationRow,
    SessionRow,
    UserRow,
)
from services.identity.data.organizations import ORGANIZATION_COLUMNS, organization_of
from services.identity.data.users import USER_COLUMNS, user_of
from services.identity.domain.admin import (
    OrganizationFilter,
    Overview,
    PlatformOrganization,
    PlatformUser,
    UserFilter,
)

_member_org = aliased(OrganizationRow)
# Organizations a user belongs to (deleted ones no longer count).
_ORGANIZATION_COUNT = (
    select(func.count())
    .select_from(MembershipRow)
    .join(_member_org, _member_org.id == MembershipRow.org_id)
    .where(MembershipRow.user_id == UserRow.id, _member_org.deleted_at.is_(None))
    .scalar_subquery()
    .label("organization_count")
)
_USERS = select(
    *USER_COLUMNS, UserRow.suspension_reason, UserRow.last_login_at, _ORGANIZATION_COUNT
)
_USER = _USERS.where(UserRow.id == bindparam("user_id"))
_LOCK_USER = _USER.with_for_update(of=UserRow)

_MEMBER_COUNT = (
    select(func.count())
    .select_from(MembershipRow)
    .where(MembershipRow.org_id == OrganizationRow.id)
    .scalar_subquery()
    .label("member_count")
)
_ORGANIZATIONS = select(*ORGANIZATION_COLUMNS, OrganizationRow.deleted_at, _MEMBER_COUNT)
_LOCK_LIVE_ORGANIZATION = _ORGANIZATIONS.where(
    OrganizationRow.id == bindparam("org_id"), OrganizationRow.deleted_at.is_(None)
).with_for_update(of=OrganizationRow)
_ORGANIZATION = _ORGANIZATIONS.where(OrganizationRow.id == bindparam("org_id"))


def _count(entity: Any, *conditions: ColumnElement[bool]) -> Any:
    return select(func.count()).select_from(entity).where(*conditions).scalar_subquery()


_NOW = func.now()
_OVERVIEW = select(
    _count(UserRow),
    _count(UserRow, UserRow.suspended_at.is_not(None)),
    _count(UserRow, UserRow.platform_admin.is_(True)),
    _count(OrganizationRow, OrganizationRow.deleted_at.is_(None)),
    _count(OrganizationRow, OrganizationRow.deleted_at.is_not(None)),
    _count(
        OrganizationRow,
        OrganizationRow.deleted_at.is_(None),
        OrganizationRow.parent_org_id.is_not(None),
    ),
    select(func.count())
    .select_from(MembershipRow)
    .join(OrganizationRow, OrganizationRow.id == MembershipRow.org_id)
    .where(OrganizationRow.deleted_at.is_(None))
    .scalar_subquery(),
    _count(InvitationRow, InvitationRow.status == "pending", InvitationRow.expires_at > _NOW),
    _count(
        ApiKeyRow,
        ApiKeyRow.revoked_at.is_(None),
        ApiKeyRow.deleted_at.is_(None),
        or_(ApiKeyRow.expires_at.is_(None), ApiKeyRow.expires_at > _NOW),
    ),
    _count(UserRow, UserRow.created_at > _NOW - timedelta(days=7)),
)

# (Parameters of UPDATE statements must not be named like a column of the table.)
_SUSPEND = (
    update(UserRow)
    .where(UserRow.id == bindparam("user_id"))
    .values(suspended_at=func.now(), suspension_reason=bindparam("reason"))
)
_UNSUSPEND = (
    update(UserRow)
    .where(UserRow.id == bindparam("user_id"))
    .values(suspended_at=None, suspension_reason=None)
)
_END_SESSIONS = (
    update(SessionRow)
    .where(SessionRow.user_id == bindparam("owner"), SessionRow.ended_at.is_(None))
    .values(ended_at=func.now(), end_reason=bindparam("why"))
)
_SET_PLAN_TIER = (
    update(OrganizationRow)
    .where(OrganizationRow.id == bindparam("org_id"))
    .values(plan_tier=bindparam("tier"), updated_at=func.now())
)
_SET_PLATFORM_ADMIN = (
    update(UserRow)
    .where(UserRow.email_normalized == func.lower(func.trim(bindparam("address"))))
    .values(platform_admin=bindparam("enabled"))
    .returning(UserRow.id)
)


def contains(value: str) -> str:
    """An ILIKE pattern matching `value` anywhere, its own `%`, `_` and `\\` taken literally."""
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _newest_first(statement: Select[Any], created_at: Any, id_: Any, after: Any) -> Select[Any]:
    if after is not None:
        statement = statement.where(tuple_(created_at, id_) < tuple_(*after))
    return statement.order_by(created_at.desc(), id_.desc())


def _user(row: Row[Any]) -> PlatformUser:
    return PlatformUser(
        user=user_of(row),
        suspension_reason=row.suspension_reason,
        last_login_at=row.last_login_at,
        organization_count=row.organization_count,
    )


def _organization(row: Row[Any]) -> PlatformOrganization:
    return PlatformOrganization(
        organization=organization_of(row),
        deleted_at=row.deleted_at,
        member_count=row.member_count,
    )


class PlatformRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def overview(self) -> Overview:
        return Overview(*(await self.session.execute(_OVERVIEW)).one())

    async def users(
        self, where: UserFilter, after: tuple[datetime, uuid.UUID] | None, limit: int
    ) -> list[PlatformUser]:
        statement = _USERS
        if where.query:
            pattern = contains(where.query)
            statement = statement.where(
                or_(UserRow.email.ilike(pattern), UserRow.display_name.ilike(pattern))
            )
        if where.suspended_only:
            statement = statement.where(UserRow.suspended_at.is_not(None))
        if where.platform_admins_only:
            statement = statement.where(UserRow.platform_admin)
        statement = _newest_first(statement, UserRow.created_at, UserRow.id, after).limit(limit)
        return [_user(row) for row in await self.session.execute(statement)]

    async def organizations(
        self, where: OrganizationFilter, after: tuple[datetime, uuid.UUID] | None, limit: int
    ) -> list[PlatformOrganization]:
        statement = _ORGANIZATIONS
        if where.query:
            pattern = contains(where.query)
            statement = statement.where(
                or_(OrganizationRow.name.ilike(pattern), OrganizationRow.slug.ilike(pattern))
            )
        if where.plan_tier:
            statement = statement.where(OrganizationRow.plan_tier == where.plan_tier)
        if not where.include_deleted:
            statement = statement.where(OrganizationRow.deleted_at.is_(None))
        if where.parent_org_id:
            parent = uuid.UUID(where.parent_org_id)
            statement = statement.where(OrganizationRow.parent_org_id == parent)
        statement = _newest_first(
            statement, OrganizationRow.created_at, OrganizationRow.id, after
        ).limit(limit)
        return [_organization(row) for row in await self.session.execute(statement)]

    async def user(self, user_id: uuid.UUID) -> PlatformUser | None:
        row = (await self.session.execute(_USER, {"user_id": user_id})).first()
        return _user(row) if row is not None else None

    async def lock_user(self, user_id: uuid.UUID) -> PlatformUser | None:
        row = (await self.session.execute(_LOCK_USER, {"user_id": user_id})).first()
        return _user(row) if row is not None else None

    async def suspend(self, user_id: uuid.UUID, reason: str) -> None:
        await self.session.execute(_SUSPEND, {"user_id": user_id, "reason": reason})

    async def unsuspend(self, user_id: uuid.UUID) -> None:
        await self.session.execute(_UNSUSPEND, {"user_id": user_id})

    async def end_sessions(self, user_id: uuid.UUID, reason: str) -> None:
        await self.session.execute(_END_SESSIONS, {"owner": user_id, "why": reason})

    async def organization(self, org_id: uuid.UUID) -> PlatformOrganization | None:
        row = (await self.session.execute(_ORGANIZATION, {"org_id": org_id})).first()
        return _organization(row) if row is not None else None

    async def lock_live_organization(self, org_id: uuid.UUID) -> PlatformOrganization | None:
        row = (await self.session.execute(_LOCK_LIVE_ORGANIZATION, {"org_id": org_id})).first()
        return _organization(row) if row is not None else None

    async def set_plan_tier(self, org_id: uuid.UUID, plan_tier: str) -> None:
        await self.session.execute(_SET_PLAN_TIER, {"org_id": org_id, "tier": plan_tier})

    async def set_platform_admin(self, email: str, enabled: bool) -> uuid.UUID | None:
        """The user's id; None when no user has that e-mail (ignoring case and spaces)."""
        params = {"address": email, "enabled": enabled}
        row = (await self.session.execute(_SET_PLATFORM_ADMIN, params)).first()
        return None if row is None else row[0]
