"""SQL for invitations (statements built once). Tokens are stored only as digests."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, bindparam, func, insert, or_, select, tuple_, update
from sqlalchemy.sql import Select

from keel_runtime import db
from services.identity.data.models import InvitationRow, OrganizationRow, UserRow


@dataclass(frozen=True)
class InvitationRecord:
    id: uuid.UUID
    org_id: uuid.UUID
    email: str
    email_normalized: str
    role: int
    # As stored: pending, accepted, revoked or expired (a pending one may be past expiry).
    status: str
    invited_by: uuid.UUID
    created_at: datetime
    expires_at: datetime
    accepted_at: datetime | None


@dataclass(frozen=True)
class InvitationView:
    """What the public lookup shows about an invitation."""

    invitation: InvitationRecord
    organization_name: str
    inviter_display_name: str


_COLUMNS = (
    InvitationRow.id,
    InvitationRow.org_id,
    InvitationRow.email,
    InvitationRow.email_normalized,
    InvitationRow.role,
    InvitationRow.status,
    InvitationRow.invited_by,
    InvitationRow.created_at,
    InvitationRow.expires_at,
    InvitationRow.accepted_at,
)
_INSERT = insert(InvitationRow).returning(*_COLUMNS)
# A newer invitation to the same address replaces the pending one (one pending at most).
_EXPIRE_PENDING = (
    update(InvitationRow)
    .where(
        InvitationRow.org_id == bindparam("oid"),
        InvitationRow.email_normalized == bindparam("address"),
        InvitationRow.status == "pending",
    )
    .values(status="expired")
)
_BY_ID_LOCKED = (
    select(*_COLUMNS)
    .where(
        InvitationRow.id == bindparam("invitation_id"), InvitationRow.org_id == bindparam("org_id")
    )
    .with_for_update()
)
_BY_TOKEN = select(*_COLUMNS).where(InvitationRow.token_hash == bindparam("token_hash"))
_BY_TOKEN_LOCKED = _BY_TOKEN.with_for_update()
# The public view: an invitation of a deleted organization is no invitation at all.
_VIEW_BY_TOKEN = (
    select(*_COLUMNS, OrganizationRow.name, UserRow.display_name)
    .join(OrganizationRow, OrganizationRow.id == InvitationRow.org_id)
    .join(UserRow, UserRow.id == InvitationRow.invited_by)
    .where(
        InvitationRow.token_hash == bindparam("token_hash"), OrganizationRow.deleted_at.is_(None)
    )
)
# The pending invitations one user sent in an organization or its children (where they
# invite as owner or admin of the parent), locked: their sender's standing there changed.
_SENT_PENDING = (
    select(*_COLUMNS)
    .join(OrganizationRow, OrganizationRow.id == InvitationRow.org_id)
    .where(
        InvitationRow.invited_by == bindparam("user_id"),
        InvitationRow.status == "pending",
        InvitationRow.expires_at > func.now(),
        or_(
            OrganizationRow.id == bindparam("org_id"),
            OrganizationRow.parent_org_id == bindparam("org_id"),
        ),
    )
    .order_by(InvitationRow.created_at, InvitationRow.id)
    .with_for_update(of=InvitationRow)
)
_REVOKE = (
    update(InvitationRow)
    .where(InvitationRow.id == bindparam("iid"))
    .values(status="revoked", revoked_at=func.now())
    .returning(*_COLUMNS)
)
_ACCEPT = (
    update(InvitationRow)
    .where(InvitationRow.id == bindparam("iid"))
    .values(status="accepted", accepted_at=func.now(), accepted_by=bindparam("uid"))
    .returning(*_COLUMNS)
)
_NEWEST_FIRST = (InvitationRow.created_at.desc(), InvitationRow.id.desc())
_PAGE = (
    select(*_COLUMNS)
    .where(InvitationRow.org_id == bindparam("org_id"))
    .order_by(*_NEWEST_FIRST)
    .limit(bindparam("limit"))
)
_AFTER = tuple_(InvitationRow.created_at, InvitationRow.id) < tuple_(
    bindparam("after_at"), bindparam("after_id")
)
_PAST_EXPIRY = InvitationRow.expires_at <= bindparam("now")
# What each listed status means, with pending ones past their expiry counted as expired.
_STATUS_FILTERS = {
    "pending": and_(InvitationRow.status == "pending", ~_PAST_EXPIRY),
    "expired": or_(
        InvitationRow.status == "expired", and_(InvitationRow.status == "pending", _PAST_EXPIRY)
    ),
    "accepted": InvitationRow.status == "accepted",
    "revoked": InvitationRow.status == "revoked",
}


def _page(status: str | None, continued: bool) -> Select[Any]:
    statement = _PAGE if status is None else _PAGE.where(_STATUS_FILTERS[status])
    return statement.where(_AFTER) if continued else statement


# Every (status filter, first or later page) statement, built once.
_PAGES = {
    (status, continued): _page(status, continued)
    for status in (None, *_STATUS_FILTERS)
    for continued in (False, True)
}


async def expire_pending(org_id: uuid.UUID, email_normalized: str) -> None:
    await db.session().execute(_EXPIRE_PENDING, {"oid": org_id, "address": email_normalized})


async def insert_invitation(
    *,
    invitation_id: uuid.UUID,
    org_id: uuid.UUID,
    email: str,
    email_normalized: str,
    role: int,
    token_hash: bytes,
    invited_by: uuid.UUID,
    expires_at: datetime,
) -> InvitationRecord:
    values = {
        "id": invitation_id,
        "org_id": org_id,
        "email": email,
        "email_normalized": email_normalized,
        "role": role,
        "token_hash": token_hash,
        "status": "pending",
        "invited_by": invited_by,
        "expires_at": expires_at,
    }
    row = (await db.session().execute(_INSERT, values)).one()
    return InvitationRecord(*row)


async def lock_in_org(org_id: uuid.UUID, invitation_id: uuid.UUID) -> InvitationRecord | None:
    params = {"org_id": org_id, "invitation_id": invitation_id}
    row = (await db.session().execute(_BY_ID_LOCKED, params)).first()
    return InvitationRecord(*row) if row is not None else None


async def get_by_token(token_hash: bytes, *, lock: bool = False) -> InvitationRecord | None:
    statement = _BY_TOKEN_LOCKED if lock else _BY_TOKEN
    row = (await db.session().execute(statement, {"token_hash": token_hash})).first()
    return InvitationRecord(*row) if row is not None else None


async def view_by_token(token_hash: bytes) -> InvitationView | None:
    row = (await db.session().execute(_VIEW_BY_TOKEN, {"token_hash": token_hash})).first()
    if row is None:
        return None
    return InvitationView(InvitationRecord(*row[:-2]), row[-2], row[-1])


async def lock_pending_sent_by(user_id: uuid.UUID, org_id: uuid.UUID) -> list[InvitationRecord]:
    """`user_id`'s pending invitations in `org_id` and its children, oldest first."""
    rows = await db.session().execute(_SENT_PENDING, {"user_id": user_id, "org_id": org_id})
    return [InvitationRecord(*row) for row in rows]


async def revoke(invitation_id: uuid.UUID) -> InvitationRecord:
    row = (await db.session().execute(_REVOKE, {"iid": invitation_id})).one()
    return InvitationRecord(*row)


async def mark_accepted(invitation_id: uuid.UUID, user_id: uuid.UUID) -> InvitationRecord:
    row = (await db.session().execute(_ACCEPT, {"iid": invitation_id, "uid": user_id})).one()
    return InvitationRecord(*row)


async def list_page(
    org_id: uuid.UUID,
    *,
    status: str | None,
    now: datetime,
    after: tuple[datetime, uuid.UUID] | None,
    limit: int,
) -> list[InvitationRecord]:
    """Newest first; `status` as reported (pending ones past expiry count as expired)."""
    statement = _PAGES[status, after is not None]
    params: dict[str, object] = {"org_id": org_id, "limit": limit, "now": now}
    if after is not None:
        params |= {"after_at": after[0], "after_id": after[1]}
    rows = await db.session().execute(statement, params)
    return [InvitationRecord(*row) for row in rows]


async def display_name(user_id: uuid.UUID) -> str:
    name = await db.session().scalar(select(UserRow.display_name).where(UserRow.id == user_id))
    return name or ""
