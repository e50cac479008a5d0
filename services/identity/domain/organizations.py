"""Organizations and sub-organizations: create, read, update, soft delete; the audit log.

Sub-organizations are one level deep: an agency organization runs client organizations,
whose owners and admins are the agency's owners and admins by inheritance
(`facts.effective_role`), besides their own members.
"""

from __future__ import annotations

import json
import re
import unicodedata
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from keel.billing.v1 import plans_pb2
from keel.identity.v1 import events_pb2, resources_pb2
from keel_runtime import authz, db, paging
from keel_runtime.convert import EnumNames
from keel_runtime.errors import (
    Conflict,
    FailedPrecondition,
    FieldViolation,
    InvalidArgument,
    QuotaExceeded,
    QuotaViolation,
)
from keel_runtime.paging import Page, PageRequest
from keel_runtime.status import INVALID_ARGUMENT_REASON
from services.identity.config import OWNED_LIMIT_TIERS
from services.identity.data import memberships
from services.identity.data import organizations as data
from services.identity.data.billing import BillingDeletionCheck
from services.identity.data.facts import effective_role
from services.identity.data.organizations import AuditRecord
from services.identity.deps import Deps
from services.identity.domain import audit
from services.identity.domain.access import Caller, OrgRole
from services.identity.domain.events import emit
from services.identity.domain.permissions import Role
from services.identity.domain.resources import Organization, OrganizationAccess

MAX_SETTINGS_BYTES = 16 * 1024
SLUG_MAX_LENGTH = 48
# Attempts at a free slug before giving up (each loses only to a concurrent creation).
_SLUG_ATTEMPTS = 20
# The plan tiers are billing's, as its contract names them (`PLAN_TIER_PRO` is `pro`).
PLAN_TIERS = EnumNames(plans_pb2.PlanTier, "PLAN_TIER_")
# Asked before a deletion (`KEEL_BILLING_ADDR`).
BILLING = BillingDeletionCheck()
_TIER_NAMES = ", ".join(PLAN_TIERS.name(v) for v in plans_pb2.PlanTier.values() if v)


# --- values -----------------------------------------------------------------------------


def slugify(name: str) -> str:
    """Lower-case ASCII, runs of anything else as one hyphen, at most 48 characters."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return slug[:SLUG_MAX_LENGTH].rstrip("-") or "org"


def next_slug(base: str, taken: list[str]) -> str:
    """`base-N` with N above every numbered variant of `base` already taken (from 2)."""
    pattern = re.compile(re.escape(base) + r"-(\d{1,9})")
    numbers = [int(m.group(1)) for slug in taken if (m := pattern.fullmatch(slug))]
    return f"{base}-{max(numbers, default=1) + 1}"


def proto_role(role: Role | int) -> resources_pb2.Role:
    """For event payloads (the numbers are the same)."""
    return cast(resources_pb2.Role, int(role))


def clean_name(name: str, field: str = "name") -> str:
    """The name without surrounding blanks; a blank name is refused."""
    cleaned = name.strip()
    if not cleaned:
        raise invalid(field, "must not be blank")
    return cleaned


def check_settings(settings: dict[str, Any]) -> None:
    size = len(json.dumps(settings, separators=(",", ":"), ensure_ascii=False).encode())
    if size > MAX_SETTINGS_BYTES:
        raise invalid("settings", f"at most {MAX_SETTINGS_BYTES} bytes as JSON (got {size})")


def check_plan_tier(plan_tier: str, field: str = "plan_tier") -> None:
    """Refuse a tier billing does not know: it would sell nothing under it."""
    if not PLAN_TIERS.value(plan_tier):
        raise invalid(field, f"must be one of billing's plan tiers: {_TIER_NAMES}")


def invalid(field: str, description: str) -> InvalidArgument:
    return InvalidArgument(
        f"invalid request: {field}: {description}",
        reason=INVALID_ARGUMENT_REASON,
        field_violations=[FieldViolation(field, description)],
    )


# --- page cursors -----------------------------------------------------------------------

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def micros(value: datetime) -> int:
    """A timestamp as a page-cursor part (exact, unlike a float)."""
    return (value - _EPOCH) // timedelta(microseconds=1)


def from_micros(value: int) -> datetime:
    return _EPOCH + timedelta(microseconds=value)


def is_micros(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**62


def is_position(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**31


def is_bigint(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**63


# --- authorization helpers ----------------------------------------------------------------


async def authorize(deps: Deps, caller: Caller, org_id: uuid.UUID, permission: str) -> OrgRole:
    """Require `permission`; the caller's effective role (a key's role has no inheritance)."""
    decision = await deps.access.require(deps.facts, caller, org_id, permission)
    if caller.api_key_id is not None or caller.user_id is None:
        return OrgRole(decision.role)
    return await deps.access.org_role(deps.facts, caller.user_id, org_id)


async def require_user_in(
    deps: Deps, caller: Caller, org_id: uuid.UUID, permission: str
) -> uuid.UUID:
    """Require `permission` of a signed-in user (not an API key); their id."""
    await deps.access.require(deps.facts, caller, org_id, permission)
    return await deps.access.require_user(deps.facts, caller)


async def lock(org_id: uuid.UUID) -> Organization:
    """The live organization, its row locked until the transaction ends."""
    organization = await data.get_organization(org_id, lock=True)
    if organization is None:
        raise authz.not_found(str(org_id))
    return organization


# --- operations -------------------------------------------------------------------------


async def create(
    deps: Deps, caller: Caller, name: str, settings: dict[str, Any]
) -> OrganizationAccess:
    """A new top-level organization, owned by the caller, within their owned limit."""
    user_id = await deps.access.require_user(deps.facts, caller)
    await _check_owned_limit(deps, user_id)
    organization = await _found(caller, user_id, clean_name(name), settings, parent_org_id=None)
    return OrganizationAccess(organization, Role.OWNER)


async def _check_owned_limit(deps: Deps, user_id: uuid.UUID) -> None:
    """Refuse a new top-level organization past the owner's limit, whose plan is the best
    among the organizations they own (free without any). Counted under the user's row
    lock: of two creations at the limit one goes through."""
    tiers = await data.lock_owned_tiers(user_id)
    tier = max(tiers, key=_tier_rank, default="free")
    limit = deps.config.owned_organization_limit(tier)
    if limit and len(tiers) >= limit:
        raise QuotaExceeded(
            f"limit reached: {limit} organizations owned on the {tier} plan;"
            " delete one, or upgrade one of them for more",
            reason="OWNED_ORGANIZATION_LIMIT_EXCEEDED",
            metadata={"limit": str(limit), "owned": str(len(tiers)), "plan": tier},
            quota_violations=[
                QuotaViolation(
                    subject=f"user:{user_id}",
                    description=f"at most {limit} top-level organizations owned",
                )
            ],
        )


def _tier_rank(tier: str) -> int:
    return OWNED_LIMIT_TIERS.index(tier) if tier in OWNED_LIMIT_TIERS else 0


async def create_child(
    deps: Deps, caller: Caller, parent_org_id: uuid.UUID, name: str, settings: dict[str, Any]
) -> OrganizationAccess:
    """A sub-organization; the caller owns it too, so it never lacks a direct owner."""
    user_id = await require_user_in(deps, caller, parent_org_id, "org.manage_children")
    name = clean_name(name)
    # Locked: a concurrent deletion of the parent sees this child (or this sees it deleted).
    parent = await lock(parent_org_id)
    if parent.parent_org_id is not None:
        raise FailedPrecondition(
            "a sub-organization cannot have sub-organizations",
            reason="NESTING_TOO_DEEP",
            metadata={"org_id": str(parent_org_id)},
        )
    child = await _found(caller, user_id, name, settings, parent_org_id=parent_org_id)
    await audit.record(
        caller,
        action="organization.child_created",
        target_type="organization",
        target_id=child.id,
        org_id=parent_org_id,
        after={"name": child.name, "slug": child.slug},
    )
    return OrganizationAccess(child, Role.OWNER)


async def _found(
    caller: Caller,
    user_id: uuid.UUID,
    name: str,
    settings: dict[str, Any],
    parent_org_id: uuid.UUID | None,
) -> Organization:
    check_settings(settings)
    organization = await _insert_with_free_slug(user_id, name, settings, parent_org_id)
    org_id = organization.id
    await data.insert_member(org_id, user_id, Role.OWNER)
    await data.activate_if_none(user_id, org_id)
    parent = str(parent_org_id) if parent_org_id else ""
    await emit(
        "organization.created",
        events_pb2.OrganizationCreated(
            org_id=str(org_id),
            name=name,
            slug=organization.slug,
            parent_org_id=parent,
            created_by_user_id=str(user_id),
            plan_tier=organization.plan_tier,
        ),
        org_id=str(org_id),
    )
    await emit(
        "member.added",
        events_pb2.MemberAdded(
            org_id=str(org_id), user_id=str(user_id), role=proto_role(Role.OWNER)
        ),
        org_id=str(org_id),
    )
    await audit.record(
        caller,
        action="organization.created",
        target_type="organization",
        target_id=org_id,
        org_id=org_id,
        after={"name": name, "slug": organization.slug, "parent_org_id": parent or None},
    )
    return organization


async def _insert_with_free_slug(
    user_id: uuid.UUID, name: str, settings: dict[str, Any], parent_org_id: uuid.UUID | None
) -> Organization:
    """Insert under the name's slug, else the next free `slug-N`: the unique index
    decides, so two creations racing for one slug both succeed with different ones."""
    base = slug = slugify(name)
    org_id = uuid.uuid4()
    for _ in range(_SLUG_ATTEMPTS):
        organization = await data.insert_organization(
            org_id=org_id,
            name=name,
            slug=slug,
            parent_org_id=parent_org_id,
            settings=settings,
            created_by=user_id,
        )
        if organization is not None:
            return organization
        slug = next_slug(base, await data.slugs_with_prefix(base))
    raise Conflict("no free slug for this name right now; try again", reason="SLUG_CONFLICT")


async def get(deps: Deps, caller: Caller, org_id: uuid.UUID) -> OrganizationAccess:
    access = await authorize(deps, caller, org_id, "org.view")
    organization = await data.get_organization(org_id)
    if organization is None:
        raise authz.not_found(str(org_id))
    return OrganizationAccess(organization, access.role, access.inherited)


async def update(
    deps: Deps,
    caller: Caller,
    org_id: uuid.UUID,
    *,
    name: str | None,
    settings: dict[str, Any] | None,
) -> OrganizationAccess:
    """Change the name and/or replace the settings; unchanged fields are left alone."""
    access = await authorize(deps, caller, org_id, "org.update")
    if name is not None:
        name = clean_name(name)
    if settings is not None:
        check_settings(settings)
    current = await lock(org_id)
    changes: dict[str, Any] = {}
    if name is not None and name != current.name:
        changes["name"] = name
    if settings is not None and settings != current.settings:
        changes["settings"] = settings
    if not changes:
        return OrganizationAccess(current, access.role, access.inherited)
    updated = await data.update_organization(org_id, changes)
    await audit.record(
        caller,
        action="organization.updated",
        target_type="organization",
        target_id=org_id,
        org_id=org_id,
        before={key: getattr(current, key) for key in changes},
        after=changes,
    )
    return OrganizationAccess(updated, access.role, access.inherited)


async def delete(deps: Deps, caller: Caller, org_id: uuid.UUID) -> None:
    """Soft delete (the row stays for audit and billing); every member loses access.

    billing is asked first: refused (ORGANIZATION_HAS_HELD_CREDITS) while runs hold the
    organization's credits. Once deleted, billing cancels its Stripe subscription and
    renews none of its periods (on `organization.deleted`)."""
    user_id = await require_user_in(deps, caller, org_id, "org.delete")
    if deps.config.deletion_asks_billing:
        # The checks' reads end first: no pooled connection waits on billing.
        await db.session().commit()
        await BILLING.check(org_id)
    organization = await lock(org_id)
    if await data.has_live_children(org_id):
        raise FailedPrecondition(
            "delete its sub-organizations first",
            reason="ORGANIZATION_HAS_CHILDREN",
            metadata={"org_id": str(org_id)},
        )
    await data.soft_delete_organization(org_id)
    await emit(
        "organization.deleted",
        events_pb2.OrganizationDeleted(org_id=str(org_id), deleted_by_user_id=str(user_id)),
        org_id=str(org_id),
    )
    await audit.record(
        caller,
        action="organization.deleted",
        target_type="organization",
        target_id=org_id,
        org_id=org_id,
        before={"name": organization.name, "slug": organization.slug},
    )


async def list_mine(
    deps: Deps, caller: Caller, page_size: int, page_token: str
) -> Page[OrganizationAccess]:
    """Every organization the caller may act in (children via inheritance included), in
    the order they gained access. Paged in memory by position: a user belongs to few."""
    user_id = await deps.access.require_user(deps.facts, caller)
    page = PageRequest.parse(page_size, page_token, default_size=50)
    after = page.cursor(is_position)
    start = after[0] if after else 0
    accessible = await memberships.accessible_organizations(user_id)
    numbered = list(enumerate(accessible[start : start + page.size + 1], start + 1))
    result = page.result(numbered, key=lambda item: [item[0]])
    return Page([access for _, access in result.items], result.next_page_token)


async def list_children(
    deps: Deps, caller: Caller, org_id: uuid.UUID, page_size: int, page_token: str
) -> Page[OrganizationAccess]:
    """The parent's live children the caller may act in (all of them for the parent's
    owners and admins), with the caller's effective role in each; slug order."""
    user_id = await require_user_in(deps, caller, org_id, "org.view")
    in_parent = (await deps.access.org_role(deps.facts, user_id, org_id)).role
    page = PageRequest.parse(page_size, page_token, default_size=50)
    after = page.cursor(paging.text)
    children = await data.list_children(
        org_id,
        user_id,
        all_children=in_parent is not None and in_parent >= Role.ADMIN,
        after=after[0] if after else None,
        limit=page.size + 1,
    )
    views = []
    for child in children:
        access = effective_role(child.direct_role, in_parent, parent_alive=True)
        views.append(OrganizationAccess(child.organization, access.role, access.inherited))
    return page.result(views, key=lambda v: [v.organization.slug])


async def list_audit_events(
    deps: Deps, caller: Caller, org_id: uuid.UUID, page_size: int, page_token: str
) -> Page[AuditRecord]:
    """The organization's audit log, newest first."""
    await deps.access.require(deps.facts, caller, org_id, "audit.view")
    page = PageRequest.parse(page_size, page_token, default_size=50)
    after = page.cursor(is_bigint)
    records = await data.list_audit_events(org_id, after[0] if after else None, limit=page.size + 1)
    return page.result(records, key=lambda r: [r.id])
