"""Platform administration: for users with the platform-admin flag, which only the command
line sets (`set_platform_admin`), never the API."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from keel.identity.v1 import events_pb2
from keel_runtime import authz, paging
from keel_runtime.db import Database
from keel_runtime.errors import FailedPrecondition, FieldViolation, InvalidArgument, NotFound
from keel_runtime.paging import Page, PageRequest
from services.identity.deps import Deps
from services.identity.domain import audit
from services.identity.domain.access import Caller
from services.identity.domain.events import emit
from services.identity.domain.organizations import check_plan_tier
from services.identity.domain.resources import Organization, User

SUSPENSION_ENDS_SESSIONS = "user_suspended"


@dataclass(frozen=True)
class Overview:
    users: int
    suspended_users: int
    platform_admins: int
    organizations: int
    deleted_organizations: int
    sub_organizations: int
    memberships: int
    pending_invitations: int
    active_api_keys: int
    signups_last_7_days: int


@dataclass(frozen=True)
class PlatformUser:
    """A user as platform administrators see them."""

    user: User
    suspension_reason: str | None
    last_login_at: datetime | None
    organization_count: int


@dataclass(frozen=True)
class PlatformOrganization:
    """An organization as platform administrators see them (deleted ones too)."""

    organization: Organization
    deleted_at: datetime | None
    member_count: int


@dataclass(frozen=True)
class UserFilter:
    # Part of the e-mail or display name, ignoring case; empty: everyone.
    query: str = ""
    suspended_only: bool = False
    platform_admins_only: bool = False


@dataclass(frozen=True)
class OrganizationFilter:
    # Part of the name or slug, ignoring case; empty: all.
    query: str = ""
    plan_tier: str = ""
    include_deleted: bool = False
    # Only the children of this organization (its id as the client sent it); empty: all.
    parent_org_id: str = ""


Cursor = tuple[datetime, uuid.UUID]


class Platform(Protocol):
    async def overview(self) -> Overview: ...

    async def users(
        self, where: UserFilter, after: Cursor | None, limit: int
    ) -> list[PlatformUser]: ...

    async def organizations(
        self, where: OrganizationFilter, after: Cursor | None, limit: int
    ) -> list[PlatformOrganization]: ...

    async def user(self, user_id: uuid.UUID) -> PlatformUser | None: ...

    async def lock_user(self, user_id: uuid.UUID) -> PlatformUser | None: ...

    async def suspend(self, user_id: uuid.UUID, reason: str) -> None: ...

    async def unsuspend(self, user_id: uuid.UUID) -> None: ...

    async def end_sessions(self, user_id: uuid.UUID, reason: str) -> None: ...

    async def organization(self, org_id: uuid.UUID) -> PlatformOrganization | None: ...

    async def lock_live_organization(self, org_id: uuid.UUID) -> PlatformOrganization | None: ...

    async def set_plan_tier(self, org_id: uuid.UUID, plan_tier: str) -> None: ...


async def overview(deps: Deps, platform: Platform, caller: Caller) -> Overview:
    await deps.access.require_platform_admin(deps.facts, caller)
    return await platform.overview()


async def list_users(
    deps: Deps,
    platform: Platform,
    caller: Caller,
    where: UserFilter,
    page_size: int,
    page_token: str,
) -> Page[PlatformUser]:
    """Users, newest first."""
    await deps.access.require_platform_admin(deps.facts, caller)
    page = PageRequest.parse(page_size, page_token, default_size=50)
    items = await platform.users(where, _after(page), page.size + 1)
    return page.result(items, key=lambda u: [u.user.created_at.isoformat(), str(u.user.id)])


async def list_organizations(
    deps: Deps,
    platform: Platform,
    caller: Caller,
    where: OrganizationFilter,
    page_size: int,
    page_token: str,
) -> Page[PlatformOrganization]:
    """Organizations, newest first."""
    await deps.access.require_platform_admin(deps.facts, caller)
    if where.plan_tier:
        check_plan_tier(where.plan_tier)
    page = PageRequest.parse(page_size, page_token, default_size=50)
    items = await platform.organizations(where, _after(page), page.size + 1)
    return page.result(
        items, key=lambda o: [o.organization.created_at.isoformat(), str(o.organization.id)]
    )


async def suspend_user(
    deps: Deps, platform: Platform, caller: Caller, user_id: uuid.UUID, reason: str
) -> PlatformUser:
    """Refuse the user everywhere at once: their sessions end, and every check (cached or
    not, in every replica) sees the suspension as soon as this commits."""
    admin_id = await deps.access.require_platform_admin(deps.facts, caller)
    reason = reason.strip()
    if not reason:
        raise InvalidArgument(
            "a suspension needs a reason",
            reason="REASON_REQUIRED",
            field_violations=[FieldViolation("reason", "must not be blank")],
        )
    if user_id == admin_id:
        raise FailedPrecondition("you cannot suspend yourself", reason="CANNOT_SUSPEND_SELF")
    user = await _locked_user(platform, user_id)
    if user.user.suspended_at is not None:
        raise FailedPrecondition(
            f"user {user_id} is already suspended",
            reason="USER_ALREADY_SUSPENDED",
            metadata={"user_id": str(user_id)},
        )
    await platform.suspend(user_id, reason)
    await platform.end_sessions(user_id, SUSPENSION_ENDS_SESSIONS)
    await emit(
        "user.suspended",
        events_pb2.UserSuspended(
            user_id=str(user_id), reason=reason, suspended_by_user_id=str(admin_id)
        ),
    )
    return await _audited_suspension(platform, caller, "user.suspended", user)


async def unsuspend_user(
    deps: Deps, platform: Platform, caller: Caller, user_id: uuid.UUID
) -> PlatformUser:
    admin_id = await deps.access.require_platform_admin(deps.facts, caller)
    user = await _locked_user(platform, user_id)
    if user.user.suspended_at is None:
        raise FailedPrecondition(
            f"user {user_id} is not suspended",
            reason="USER_NOT_SUSPENDED",
            metadata={"user_id": str(user_id)},
        )
    await platform.unsuspend(user_id)
    await emit(
        "user.unsuspended",
        events_pb2.UserUnsuspended(user_id=str(user_id), unsuspended_by_user_id=str(admin_id)),
    )
    return await _audited_suspension(platform, caller, "user.unsuspended", user)


async def set_plan_tier(
    deps: Deps, platform: Platform, caller: Caller, org_id: uuid.UUID, plan_tier: str
) -> PlatformOrganization:
    """Move an organization to another of billing's tiers; billing follows the event.
    Setting the tier it already has changes nothing and announces nothing."""
    admin_id = await deps.access.require_platform_admin(deps.facts, caller)
    check_plan_tier(plan_tier)
    organization = await platform.lock_live_organization(org_id)
    if organization is None:
        raise authz.not_found(str(org_id))
    previous_plan_tier = organization.organization.plan_tier
    if previous_plan_tier == plan_tier:
        return organization
    await platform.set_plan_tier(org_id, plan_tier)
    await emit(
        "organization.plan_tier_changed",
        events_pb2.OrganizationPlanTierChanged(
            org_id=str(org_id),
            previous_plan_tier=previous_plan_tier,
            plan_tier=plan_tier,
            changed_by_user_id=str(admin_id),
        ),
        org_id=str(org_id),
    )
    await audit.record(
        caller,
        action="organization.plan_tier_changed",
        target_type="organization",
        target_id=org_id,
        org_id=org_id,
        before={"plan_tier": previous_plan_tier},
        after={"plan_tier": plan_tier},
    )
    changed = await platform.organization(org_id)
    assert changed is not None
    return changed


async def set_platform_admin(database: Database, email: str, enabled: bool) -> bool:
    """Grant or revoke the platform-admin flag (the command line's, never the API's).

    False when no user has that e-mail. The event reaches running servers through the
    outbox, and they drop their cached facts at once (a revoked admin is refused then).
    """
    # Imported here: the repository imports this module's types.
    from services.identity.data.admin import PlatformRepository

    async with database.unit_of_work() as session:
        user_id = await PlatformRepository(session).set_platform_admin(email, enabled)
        if user_id is None:
            return False
        changed = events_pb2.PlatformAdminChanged(user_id=str(user_id), platform_admin=enabled)
        await emit("user.platform_admin_changed", changed)
        return True


# --- helpers --------------------------------------------------------------------------------


async def _locked_user(platform: Platform, user_id: uuid.UUID) -> PlatformUser:
    user = await platform.lock_user(user_id)
    if user is None:
        raise NotFound(
            f"no user {user_id}", reason="USER_NOT_FOUND", metadata={"user_id": str(user_id)}
        )
    return user


async def _audited_suspension(
    platform: Platform, caller: Caller, action: str, before: PlatformUser
) -> PlatformUser:
    """The user as the suspension change left them, the change written to the audit log."""
    user_id = before.user.id
    after = await platform.user(user_id)
    assert after is not None  # locked by this transaction
    await audit.record(
        caller,
        action=action,
        target_type="user",
        target_id=user_id,
        before=_suspension(before),
        after=_suspension(after),
    )
    return after


def _suspension(user: PlatformUser) -> dict[str, Any]:
    suspended_at = user.user.suspended_at
    return {
        "suspended_at": suspended_at.isoformat() if suspended_at else None,
        "suspension_reason": user.suspension_reason,
    }


def _after(page: PageRequest) -> Cursor | None:
    after = page.cursor(paging.timestamp, paging.uuid_text)
    if after is None:
        return None
    return datetime.fromisoformat(after[0]), uuid.UUID(after[1])
