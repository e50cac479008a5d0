"""Members of an organization: list, change a role, remove (or leave).

Every change locks the organization's row first, so changes to one organization's
members happen one at a time: the last-owner rule and the acting user's own role are
checked on committed data, and two owners demoting each other at once leave one owner.

An invitation holds only while its sender may still send it: a removal (or leaving) or a
demotion revokes the pending invitations the member can no longer send, here and in the
sub-organizations where they invited as owner or admin of this one.
"""

from __future__ import annotations

import uuid
from dataclasses import replace

from keel.identity.v1 import events_pb2, resources_pb2
from keel_runtime import authz, paging
from keel_runtime.errors import FailedPrecondition, NotFound, PermissionDenied
from keel_runtime.paging import Page, PageRequest
from services.identity.data import invitations as invitations_data
from services.identity.data import organizations as data
from services.identity.data.organizations import MemberRecord
from services.identity.deps import Deps
from services.identity.domain import audit
from services.identity.domain.access import Caller
from services.identity.domain.events import emit
from services.identity.domain.organizations import (
    from_micros,
    is_micros,
    lock,
    micros,
    proto_role,
    require_user_in,
)
from services.identity.domain.permissions import Role, allows, can_grant, can_manage

MANAGE = "members.manage"


def role_name(role: Role | int) -> str:
    """As the REST API spells it (`ROLE_ADMIN`), for audit records."""
    return resources_pb2.Role.Name(proto_role(role))


async def list_members(
    deps: Deps, caller: Caller, org_id: uuid.UUID, page_size: int, page_token: str
) -> Page[MemberRecord]:
    """Direct members, in the order they joined."""
    await deps.access.require(deps.facts, caller, org_id, "members.view")
    page = PageRequest.parse(page_size, page_token, default_size=50)
    after = page.cursor(is_micros, paging.uuid_text)
    start = (from_micros(after[0]), uuid.UUID(after[1])) if after else None
    members = await data.list_members(org_id, start, page.size + 1)
    return page.result(members, key=lambda m: [micros(m.joined_at), str(m.user_id)])


async def change_role(
    deps: Deps, caller: Caller, org_id: uuid.UUID, user_id: uuid.UUID, role: Role
) -> MemberRecord:
    actor_id = await require_user_in(deps, caller, org_id, MANAGE)
    await lock(org_id)
    actor_role = await locked_role(deps, actor_id, org_id, MANAGE)
    target = await _member(org_id, user_id)
    current = Role(target.role)
    _check_manages(actor_role, current)
    check_grant(actor_role, role)
    if role == current:
        return target
    if current is Role.OWNER:
        await _keep_an_owner(org_id)
    await data.set_role(org_id, user_id, role)
    await emit(
        "member.role_changed",
        events_pb2.MemberRoleChanged(
            org_id=str(org_id),
            user_id=str(user_id),
            previous_role=proto_role(current),
            role=proto_role(role),
            changed_by_user_id=str(actor_id),
        ),
        org_id=str(org_id),
    )
    await audit.record(
        caller,
        action="member.role_changed",
        target_type="member",
        target_id=user_id,
        org_id=org_id,
        before={"role": role_name(current)},
        after={"role": role_name(role)},
    )
    if role < current:
        await _revoke_unsendable(deps, caller, org_id, user_id, because="member.role_changed")
    return replace(target, role=int(role))


async def remove(deps: Deps, caller: Caller, org_id: uuid.UUID, user_id: uuid.UUID) -> None:
    """Remove a member; a user may always remove themselves (leave), bar the last owner."""
    leaving = caller.api_key_id is None and caller.user_id == user_id
    actor_id = await require_user_in(deps, caller, org_id, "org.view" if leaving else MANAGE)
    await lock(org_id)
    actor_role = None if leaving else await locked_role(deps, actor_id, org_id, MANAGE)
    target = await _member(org_id, user_id)
    current = Role(target.role)
    if actor_role is not None:
        _check_manages(actor_role, current)
    if current is Role.OWNER:
        await _keep_an_owner(org_id)
    await data.delete_member(org_id, user_id)
    await emit(
        "member.removed",
        events_pb2.MemberRemoved(
            org_id=str(org_id), user_id=str(user_id), removed_by_user_id=str(actor_id)
        ),
        org_id=str(org_id),
    )
    action = "member.left" if leaving else "member.removed"
    await audit.record(
        caller,
        action=action,
        target_type="member",
        target_id=user_id,
        org_id=org_id,
        before={"role": role_name(current), "email": target.email},
    )
    await _revoke_unsendable(deps, caller, org_id, user_id, because=action)


async def locked_role(deps: Deps, actor_id: uuid.UUID, org_id: uuid.UUID, permission: str) -> Role:
    """The actor's effective role, read again once the organization row is locked (not
    from the cache): a concurrent change that demoted them has committed by now. Refused
    as `Access.require` would if it no longer allows `permission`."""
    access = await deps.facts.org_role(actor_id, org_id)
    if access.role is None:
        raise authz.not_found(str(org_id))
    if not allows(access.role, permission):
        raise authz.denied("MISSING_PERMISSION", str(org_id), permission)
    return access.role


def check_grant(actor: Role, role: Role) -> None:
    """Refuse to give (by role change or invitation) a role above the actor's."""
    if not can_grant(actor, role):
        raise PermissionDenied(
            f"a {actor.label} cannot grant the {role.label} role",
            reason="ROLE_TOO_HIGH",
            metadata={"role": role_name(role)},
        )


async def _revoke_unsendable(
    deps: Deps, caller: Caller, org_id: uuid.UUID, user_id: uuid.UUID, *, because: str
) -> None:
    """Revoke the pending invitations `user_id` sent in `org_id` or its children that their
    role there (read after the change) no longer lets them send, each audited with the
    change `because` of which it went."""
    roles: dict[uuid.UUID, Role | None] = {}
    for invitation in await invitations_data.lock_pending_sent_by(user_id, org_id):
        if invitation.org_id not in roles:
            roles[invitation.org_id] = (await deps.facts.org_role(user_id, invitation.org_id)).role
        role = roles[invitation.org_id]
        if role is not None and can_grant(role, Role(invitation.role)):
            continue
        await invitations_data.revoke(invitation.id)
        await audit.record(
            caller,
            action="invitation.revoked",
            target_type="invitation",
            target_id=invitation.id,
            org_id=invitation.org_id,
            before={
                "status": "pending",
                "email": invitation.email,
                "role": role_name(invitation.role),
            },
            after={"status": "revoked", "reason": because},
        )


async def _member(org_id: uuid.UUID, user_id: uuid.UUID) -> MemberRecord:
    member = await data.get_member(org_id, user_id)
    if member is None:
        raise NotFound(
            f"no member {user_id} in this organization",
            reason="MEMBER_NOT_FOUND",
            metadata={"org_id": str(org_id), "user_id": str(user_id)},
        )
    return member


def _check_manages(actor: Role, target: Role) -> None:
    if not can_manage(actor, target):
        raise PermissionDenied(
            f"a {actor.label} cannot manage a {target.label}",
            reason="CANNOT_MANAGE_MEMBER",
            metadata={"role": role_name(target)},
        )


async def _keep_an_owner(org_id: uuid.UUID) -> None:
    """Refuse to take away the last direct owner (the organization row is locked)."""
    if await data.count_owners(org_id) <= 1:
        raise FailedPrecondition(
            "an organization keeps at least one owner; make someone else owner first",
            reason="LAST_OWNER",
            metadata={"org_id": str(org_id)},
        )
