"""Invitations by e-mail: create, list, revoke, look up by token (public), accept.

The token is shown once (and travels sealed in the `invitation.created` event for the e-mail);
only its SHA-256 digest is stored. Locks are always taken organization first, then
invitation, so concurrent creations and acceptances queue instead of deadlocking.
"""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from keel.identity.v1 import events_pb2
from keel_runtime import paging
from keel_runtime.errors import AlreadyExists, FailedPrecondition, NotFound, PermissionDenied
from keel_runtime.paging import Page, PageRequest
from services.identity.data import invitations as data
from services.identity.data import organizations as organizations_data
from services.identity.data import users
from services.identity.data.invitations import InvitationRecord
from services.identity.deps import Deps
from services.identity.domain import audit
from services.identity.domain.access import Caller
from services.identity.domain.auth import normalize_email
from services.identity.domain.events import emit
from services.identity.domain.members import check_grant, locked_role, role_name
from services.identity.domain.organizations import (
    from_micros,
    is_micros,
    lock,
    micros,
    proto_role,
    require_user_in,
)
from services.identity.domain.permissions import Role
from services.identity.domain.resources import OrganizationAccess
from services.identity.security import digest, random_token

TOKEN_PREFIX = "inv_"
MANAGE = "invitations.manage"


class Status(enum.IntEnum):
    """keel.identity.v1.InvitationStatus."""

    PENDING = 1
    ACCEPTED = 2
    REVOKED = 3
    EXPIRED = 4


@dataclass(frozen=True)
class Invitation:
    record: InvitationRecord
    # As reported: a pending invitation past its expiry is EXPIRED.
    status: Status


@dataclass(frozen=True)
class Created:
    invitation: Invitation
    token: str


@dataclass(frozen=True)
class PublicView:
    organization_name: str
    role: Role
    inviter_display_name: str
    email: str
    status: Status
    expires_at: datetime


def status_of(record: InvitationRecord, now: datetime) -> Status:
    if record.status == "pending" and record.expires_at <= now:
        return Status.EXPIRED
    return Status[record.status.upper()]


def _view(record: InvitationRecord, now: datetime) -> Invitation:
    return Invitation(record, status_of(record, now))


def _not_found() -> NotFound:
    return NotFound("no such invitation", reason="INVITATION_NOT_FOUND")


async def create(deps: Deps, caller: Caller, org_id: uuid.UUID, email: str, role: Role) -> Created:
    """Invite `email` with `role` (at most the inviter's); replaces a pending invitation
    to the same address."""
    inviter_id = await require_user_in(deps, caller, org_id, MANAGE)
    organization = await lock(org_id)
    # Checked on the role as committed under the lock, as a role change is.
    check_grant(await locked_role(deps, inviter_id, org_id, MANAGE), role)
    email = email.strip()
    address = normalize_email(email)
    if await organizations_data.member_with_email(org_id, address):
        raise AlreadyExists(
            "that address already belongs to a member",
            reason="ALREADY_A_MEMBER",
            metadata={"org_id": str(org_id)},
        )
    await data.expire_pending(org_id, address)
    token = random_token(TOKEN_PREFIX)
    now = datetime.now(UTC)
    record = await data.insert_invitation(
        invitation_id=uuid.uuid4(),
        org_id=org_id,
        email=email,
        email_normalized=address,
        role=role,
        token_hash=digest(token),
        invited_by=inviter_id,
        expires_at=now + timedelta(seconds=deps.config.invitation_seconds),
    )
    created = events_pb2.InvitationCreated(
        invitation_id=str(record.id),
        org_id=str(org_id),
        organization_name=organization.name,
        email=email,
        role=proto_role(role),
        inviter_display_name=await data.display_name(inviter_id),
        sealed_token=deps.sealer.seal(token, "invitation.created"),
    )
    created.expires_at.FromDatetime(record.expires_at)
    await emit("invitation.created", created, org_id=str(org_id))
    await audit.record(
        caller,
        action="invitation.created",
        target_type="invitation",
        target_id=record.id,
        org_id=org_id,
        after={"email": email, "role": role_name(role)},
    )
    return Created(Invitation(record, Status.PENDING), token)


async def list_invitations(
    deps: Deps,
    caller: Caller,
    org_id: uuid.UUID,
    status: Status | None,
    page_size: int,
    page_token: str,
) -> Page[Invitation]:
    """Newest first, optionally only those in `status` (as reported)."""
    await deps.access.require(deps.facts, caller, org_id, "invitations.manage")
    page = PageRequest.parse(page_size, page_token, default_size=50)
    after = page.cursor(is_micros, paging.uuid_text)
    now = datetime.now(UTC)
    records = await data.list_page(
        org_id,
        status=status.name.lower() if status else None,
        now=now,
        after=(from_micros(after[0]), uuid.UUID(after[1])) if after else None,
        limit=page.size + 1,
    )
    result = page.result(records, key=lambda r: [micros(r.created_at), str(r.id)])
    return Page([_view(r, now) for r in result.items], result.next_page_token)


async def revoke(
    deps: Deps, caller: Caller, org_id: uuid.UUID, invitation_id: uuid.UUID
) -> Invitation:
    """Revoke a pending invitation (its link stops working); kept for the record."""
    await require_user_in(deps, caller, org_id, MANAGE)
    record = await data.lock_in_org(org_id, invitation_id)
    if record is None:
        raise _not_found()
    now = datetime.now(UTC)
    current = status_of(record, now)
    if current is not Status.PENDING:
        raise FailedPrecondition(
            f"the invitation is {current.name.lower()}, not pending",
            reason="INVITATION_NOT_PENDING",
            metadata={"status": f"INVITATION_STATUS_{current.name}"},
        )
    revoked = await data.revoke(invitation_id)
    await audit.record(
        caller,
        action="invitation.revoked",
        target_type="invitation",
        target_id=invitation_id,
        org_id=org_id,
        before={"status": "pending", "email": record.email, "role": role_name(record.role)},
        after={"status": "revoked"},
    )
    return Invitation(revoked, Status.REVOKED)


async def lookup(token: str) -> PublicView:
    """What a link invites to, for anyone holding it: nothing secret."""
    found = await data.view_by_token(digest(token))
    if found is None:
        raise _not_found()
    record = found.invitation
    return PublicView(
        organization_name=found.organization_name,
        role=Role(record.role),
        inviter_display_name=found.inviter_display_name,
        email=record.email,
        status=status_of(record, datetime.now(UTC)),
        expires_at=record.expires_at,
    )


async def accept(deps: Deps, caller: Caller, token: str) -> OrganizationAccess:
    """Join the invitation's organization as the signed-in user it was sent to."""
    user_id = await deps.access.require_user(deps.facts, caller)
    token_hash = digest(token)
    found = await data.get_by_token(token_hash)
    if found is None:
        raise _not_found()
    organization = await lock(found.org_id)
    record = await data.get_by_token(token_hash, lock=True)
    assert record is not None  # invitations are never deleted
    _check_acceptable(record, datetime.now(UTC))
    await _check_invitee(user_id, record)
    if await organizations_data.get_member(record.org_id, user_id) is not None:
        raise AlreadyExists(
            "you are already a member of this organization",
            reason="ALREADY_A_MEMBER",
            metadata={"org_id": str(record.org_id)},
        )
    await organizations_data.insert_member(record.org_id, user_id, record.role)
    await data.mark_accepted(record.id, user_id)
    await organizations_data.activate_if_none(user_id, record.org_id)
    org = str(record.org_id)
    await emit(
        "invitation.accepted",
        events_pb2.InvitationAccepted(
            invitation_id=str(record.id), org_id=org, user_id=str(user_id)
        ),
        org_id=org,
    )
    await emit(
        "member.added",
        events_pb2.MemberAdded(org_id=org, user_id=str(user_id), role=proto_role(record.role)),
        org_id=org,
    )
    await audit.record(
        caller,
        action="member.added",
        target_type="member",
        target_id=user_id,
        org_id=record.org_id,
        after={"role": role_name(record.role), "invitation_id": str(record.id)},
    )
    # The effective role: an owner or admin of the parent keeps the higher one.
    access = await deps.facts.org_role(user_id, record.org_id)
    return OrganizationAccess(organization, access.role, access.inherited)


async def _check_invitee(user_id: uuid.UUID, record: InvitationRecord) -> None:
    """Only the invitee joins: the signed-in user's address is the invited one (ignoring
    case) and verified, so whoever merely saw the link cannot sign up with that address
    and join in the invitee's place."""
    user = await users.get(user_id)
    if user is None or normalize_email(user.email) != record.email_normalized:
        raise PermissionDenied(
            "this invitation was sent to another e-mail address",
            reason="INVITATION_EMAIL_MISMATCH",
        )
    if user.email_verified_at is None:
        raise PermissionDenied(
            "verify your e-mail address before accepting an invitation "
            "(POST /v1/auth/verify-email with the token e-mailed to you)",
            reason="EMAIL_NOT_VERIFIED",
            metadata={"email": user.email},
        )


def _check_acceptable(record: InvitationRecord, now: datetime) -> None:
    status = status_of(record, now)
    if status is Status.PENDING:
        return
    reason, message = {
        Status.REVOKED: ("INVITATION_REVOKED", "the invitation was revoked"),
        Status.ACCEPTED: ("INVITATION_ALREADY_USED", "the invitation was already used"),
        Status.EXPIRED: ("INVITATION_EXPIRED", "the invitation has expired; ask for a new one"),
    }[status]
    raise FailedPrecondition(message, reason=reason)
