"""SQL for organizations, their members and their audit log (statements built once)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    and_,
    bindparam,
    case,
    delete,
    func,
    insert,
    or_,
    select,
    tuple_,
    update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert

from keel_runtime import db
from services.identity.data.models import (
    AuditEventRow,
    MembershipRow,
    OrganizationRow,
    UserRow,
)
from services.identity.domain.permissions import Role
from services.identity.domain.resources import Organization

ORGANIZATION_COLUMNS = (
    OrganizationRow.id,
    OrganizationRow.name,
    OrganizationRow.slug,
    OrganizationRow.parent_org_id,
    OrganizationRow.plan_tier,
    OrganizationRow.settings,
    OrganizationRow.created_at,
    OrganizationRow.updated_at,
)


def organization_of(row: Any) -> Organization:
    """An `Organization` from a row that starts with `ORGANIZATION_COLUMNS`."""
    return Organization(*row[: len(ORGANIZATION_COLUMNS)])


@dataclass(frozen=True)
class MemberRecord:
    user_id: uuid.UUID
    email: str
    display_name: str
    role: int
    joined_at: datetime


@dataclass(frozen=True)
class ChildRecord:
    organization: Organization
    # The caller's own membership role in the child (None: none, maybe inherited).
    direct_role: int | None


@dataclass(frozen=True)
class AuditRecord:
    id: int
    org_id: uuid.UUID | None
    actor_user_id: uuid.UUID | None
    actor_api_key_id: str | None
    action: str
    target_type: str
    target_id: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    request_id: str | None
    created_at: datetime


_ALIVE = OrganizationRow.deleted_at.is_(None)

# The unique constraint on slug decides collisions: nothing returned means taken.
_INSERT_ORG = (
    pg_insert(OrganizationRow)
    .values(
        id=bindparam("id"),
        name=bindparam("name"),
        slug=bindparam("slug"),
        parent_org_id=bindparam("parent_org_id"),
        plan_tier=bindparam("plan_tier"),
        settings=bindparam("settings"),
        created_by=bindparam("created_by"),
    )
    .on_conflict_do_nothing(index_elements=["slug"])
    .returning(*ORGANIZATION_COLUMNS)
)
_SLUGS_LIKE = select(OrganizationRow.slug).where(OrganizationRow.slug.like(bindparam("pattern")))
_GET_ORG = select(*ORGANIZATION_COLUMNS).where(OrganizationRow.id == bindparam("org_id"), _ALIVE)
# Serializes every change to an organization's members (the last-owner rule depends on it).
_LOCK_ORG = _GET_ORG.with_for_update()
_HAS_CHILDREN = select(OrganizationRow.id).where(
    OrganizationRow.parent_org_id == bindparam("org_id"), _ALIVE
)
# The plan tiers of the live top-level organizations a user owns directly.
_OWNED_TIERS = (
    select(OrganizationRow.plan_tier)
    .join(MembershipRow, MembershipRow.org_id == OrganizationRow.id)
    .where(
        MembershipRow.user_id == bindparam("user_id"),
        MembershipRow.role == int(Role.OWNER),
        OrganizationRow.parent_org_id.is_(None),
        _ALIVE,
    )
)
_LOCK_USER = (
    select(UserRow.id).where(UserRow.id == bindparam("user_id")).with_for_update(key_share=True)
)
_SOFT_DELETE = (
    update(OrganizationRow)
    .where(OrganizationRow.id == bindparam("oid"))
    .values(deleted_at=func.now(), updated_at=func.now())
)
# Billing's tier as of its event's time, unless a newer event set it already (events may
# arrive out of order); `updated_at` moves only when the tier does.
_FOLLOW_PLAN_TIER = (
    update(OrganizationRow)
    .where(
        OrganizationRow.id == bindparam("oid"),
        or_(
            OrganizationRow.plan_tier_as_of.is_(None),
            OrganizationRow.plan_tier_as_of < bindparam("as_of"),
        ),
    )
    .values(
        plan_tier=bindparam("tier"),
        plan_tier_as_of=bindparam("as_of"),
        updated_at=case(
            (OrganizationRow.plan_tier != bindparam("tier"), func.now()),
            else_=OrganizationRow.updated_at,
        ),
    )
)
_child_membership = and_(
    MembershipRow.org_id == OrganizationRow.id, MembershipRow.user_id == bindparam("user_id")
)
_CHILDREN = (
    select(*ORGANIZATION_COLUMNS, MembershipRow.role)
    .outerjoin(MembershipRow, _child_membership)
    .where(OrganizationRow.parent_org_id == bindparam("org_id"), _ALIVE)
    .order_by(OrganizationRow.slug)
    .limit(bindparam("limit"))
)
_CHILDREN_DIRECT_ONLY = _CHILDREN.where(MembershipRow.role.is_not(None))

_INSERT_MEMBER = insert(MembershipRow).values(
    org_id=bindparam("org_id"), user_id=bindparam("user_id"), role=bindparam("role")
)
_MEMBER_COLUMNS = (
    MembershipRow.user_id,
    UserRow.email,
    UserRow.display_name,
    MembershipRow.role,
    MembershipRow.created_at,
)
_MEMBERS = (
    select(*_MEMBER_COLUMNS)
    .join(UserRow, UserRow.id == MembershipRow.user_id)
    .where(MembershipRow.org_id == bindparam("org_id"))
)
_MEMBER = _MEMBERS.where(MembershipRow.user_id == bindparam("user_id"))
_MEMBERS_PAGE = _MEMBERS.order_by(MembershipRow.created_at, MembershipRow.user_id).limit(
    bindparam("limit")
)
_MEMBERS_NEXT_PAGE = _MEMBERS_PAGE.where(
    tuple_(MembershipRow.created_at, MembershipRow.user_id)
    > tuple_(bindparam("after_at"), bindparam("after_id"))
)
_MEMBER_BY_EMAIL = (
    select(MembershipRow.user_id)
    .join(UserRow, UserRow.id == MembershipRow.user_id)
    .where(
        MembershipRow.org_id == bindparam("org_id"),
        UserRow.email_normalized == bindparam("email"),
    )
)
_COUNT_OWNERS = select(func.count()).where(
    MembershipRow.org_id == bindparam("org_id"), MembershipRow.role == int(Role.OWNER)
)
# UPDATE parameters must not be named like the table's columns (SQLAlchemy reserves those).
_SET_ROLE = (
    update(MembershipRow)
    .where(MembershipRow.org_id == bindparam("oid"), MembershipRow.user_id == bindparam("uid"))
    .values(role=bindparam("new_role"), updated_at=func.now())
)
_DELETE_MEMBER = delete(MembershipRow).where(
    MembershipRow.org_id == bindparam("org_id"), MembershipRow.user_id == bindparam("user_id")
)

_ACTIVATE_IF_NONE = (
    update(UserRow)
    .where(UserRow.id == bindparam("user_id"), UserRow.active_org_id.is_(None))
    .values(active_org_id=bindparam("org_id"))
)
_DEACTIVATE = (
    update(UserRow)
    .where(UserRow.id == bindparam("user_id"), UserRow.active_org_id == bindparam("org_id"))
    .values(active_org_id=None)
)
_DEACTIVATE_ALL = (
    update(UserRow).where(UserRow.active_org_id == bindparam("org_id")).values(active_org_id=None)
)

_AUDIT_COLUMNS = (
    AuditEventRow.id,
    AuditEventRow.org_id,
    AuditEventRow.actor_user_id,
    AuditEventRow.actor_api_key_id,
    AuditEventRow.action,
    AuditEventRow.target_type,
    AuditEventRow.target_id,
    AuditEventRow.before,
    AuditEventRow.after,
    AuditEventRow.request_id,
    AuditEventRow.created_at,
)
_AUDIT_PAGE = (
    select(*_AUDIT_COLUMNS)
    .where(AuditEventRow.org_id == bindparam("org_id"))
    .order_by(AuditEventRow.id.desc())
    .limit(bindparam("limit"))
)
_AUDIT_NEXT_PAGE = _AUDIT_PAGE.where(AuditEventRow.id < bindparam("before_id"))


# --- organizations ----------------------------------------------------------------------


async def insert_organization(
    *,
    org_id: uuid.UUID,
    name: str,
    slug: str,
    parent_org_id: uuid.UUID | None,
    settings: dict[str, Any],
    created_by: uuid.UUID,
    plan_tier: str = "free",
) -> Organization | None:
    """The new organization, or None when `slug` is taken."""
    params = {
        "id": org_id,
        "name": name,
        "slug": slug,
        "parent_org_id": parent_org_id,
        "plan_tier": plan_tier,
        "settings": settings,
        "created_by": created_by,
    }
    row = (await db.session().execute(_INSERT_ORG, params)).first()
    return organization_of(row) if row is not None else None


async def slugs_with_prefix(prefix: str) -> list[str]:
    """Slugs of the form `prefix-…` (slugs hold only [a-z0-9-]: no LIKE wildcards)."""
    rows = await db.session().execute(_SLUGS_LIKE, {"pattern": prefix + "-%"})
    return [slug for (slug,) in rows]


async def get_organization(org_id: uuid.UUID, *, lock: bool = False) -> Organization | None:
    """A live organization; `lock` holds its row until the transaction ends."""
    statement = _LOCK_ORG if lock else _GET_ORG
    row = (await db.session().execute(statement, {"org_id": org_id})).first()
    return organization_of(row) if row is not None else None


async def update_organization(org_id: uuid.UUID, changes: dict[str, Any]) -> Organization:
    statement = (
        update(OrganizationRow)
        .where(OrganizationRow.id == org_id)
        .values(**changes, updated_at=func.now())
        .returning(*ORGANIZATION_COLUMNS)
    )
    row = (await db.session().execute(statement)).one()
    return organization_of(row)


async def follow_plan_tier(org_id: uuid.UUID, plan_tier: str, as_of: datetime) -> bool:
    """Take billing's `plan_tier` as of `as_of`; False when a newer one was taken already
    (or there is no such organization)."""
    params = {"oid": org_id, "tier": plan_tier, "as_of": as_of}
    result = await db.session().execute(_FOLLOW_PLAN_TIER, params)
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def lock_owned_tiers(user_id: uuid.UUID) -> list[str]:
    """The tiers of the live top-level organizations the user owns, with the user's row
    locked until the transaction ends: their creations are counted one at a time."""
    session = db.session()
    await session.execute(_LOCK_USER, {"user_id": user_id})
    return list((await session.execute(_OWNED_TIERS, {"user_id": user_id})).scalars())


async def has_live_children(org_id: uuid.UUID) -> bool:
    statement = _HAS_CHILDREN.limit(1)
    return (await db.session().execute(statement, {"org_id": org_id})).first() is not None


async def soft_delete_organization(org_id: uuid.UUID) -> None:
    session = db.session()
    await session.execute(_SOFT_DELETE, {"oid": org_id})
    await session.execute(_DEACTIVATE_ALL, {"org_id": org_id})


async def list_children(
    org_id: uuid.UUID, user_id: uuid.UUID, *, all_children: bool, after: str | None, limit: int
) -> list[ChildRecord]:
    """Live children in slug order; unless `all_children`, only those the user is in."""
    statement = _CHILDREN if all_children else _CHILDREN_DIRECT_ONLY
    if after is not None:
        statement = statement.where(OrganizationRow.slug > after)
    params = {"org_id": org_id, "user_id": user_id, "limit": limit}
    rows = await db.session().execute(statement, params)
    return [ChildRecord(organization_of(row), row[-1]) for row in rows]


# --- members ------------------------------------------------------------------------------


async def insert_member(org_id: uuid.UUID, user_id: uuid.UUID, role: int) -> None:
    await db.session().execute(_INSERT_MEMBER, {"org_id": org_id, "user_id": user_id, "role": role})


async def get_member(org_id: uuid.UUID, user_id: uuid.UUID) -> MemberRecord | None:
    params = {"org_id": org_id, "user_id": user_id}
    row = (await db.session().execute(_MEMBER, params)).first()
    return MemberRecord(*row) if row is not None else None


async def list_members(
    org_id: uuid.UUID, after: tuple[datetime, uuid.UUID] | None, limit: int
) -> list[MemberRecord]:
    if after is None:
        rows = await db.session().execute(_MEMBERS_PAGE, {"org_id": org_id, "limit": limit})
    else:
        params = {"org_id": org_id, "limit": limit, "after_at": after[0], "after_id": after[1]}
        rows = await db.session().execute(_MEMBERS_NEXT_PAGE, params)
    return [MemberRecord(*row) for row in rows]


async def member_with_email(org_id: uuid.UUID, email_normalized: str) -> bool:
    params = {"org_id": org_id, "email": email_normalized}
    return (await db.session().execute(_MEMBER_BY_EMAIL, params)).first() is not None


async def count_owners(org_id: uuid.UUID) -> int:
    """Direct owners (owners of a parent are not owners here)."""
    count: int = (await db.session().execute(_COUNT_OWNERS, {"org_id": org_id})).scalar_one()
    return count


async def set_role(org_id: uuid.UUID, user_id: uuid.UUID, role: int) -> None:
    await db.session().execute(_SET_ROLE, {"oid": org_id, "uid": user_id, "new_role": role})


async def delete_member(org_id: uuid.UUID, user_id: uuid.UUID) -> None:
    session = db.session()
    await session.execute(_DELETE_MEMBER, {"org_id": org_id, "user_id": user_id})
    await session.execute(_DEACTIVATE, {"org_id": org_id, "user_id": user_id})


async def activate_if_none(user_id: uuid.UUID, org_id: uuid.UUID) -> None:
    """Make `org_id` the user's active organization when they have none yet."""
    await db.session().execute(_ACTIVATE_IF_NONE, {"user_id": user_id, "org_id": org_id})


# --- audit log ----------------------------------------------------------------------------


async def list_audit_events(
    org_id: uuid.UUID, before_id: int | None, limit: int
) -> list[AuditRecord]:
    """Newest first; `before_id` continues after the last record of the previous page."""
    if before_id is None:
        rows = await db.session().execute(_AUDIT_PAGE, {"org_id": org_id, "limit": limit})
    else:
        params = {"org_id": org_id, "limit": limit, "before_id": before_id}
        rows = await db.session().execute(_AUDIT_NEXT_PAGE, params)
    return [AuditRecord(*row) for row in rows]
