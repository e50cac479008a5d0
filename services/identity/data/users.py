"""The users table, for sign-up, login, e-mail verification and the active organization;
`USER_COLUMNS` and `user_of` for every query that reads a `User`."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, delete, func, select, update
from sqlalchemy.dialects.postgresql import insert

from keel_runtime import db
from services.identity.data.models import EmailVerificationRow, UserRow
from services.identity.domain.resources import User


@dataclass(frozen=True)
class Verification:
    """A verification token sent, found by its digest."""

    user_id: uuid.UUID
    expires_at: datetime
    used_at: datetime | None


@dataclass(frozen=True)
class Credentials:
    user: User
    password_hash: str


USER_COLUMNS = (
    UserRow.id,
    UserRow.email,
    UserRow.display_name,
    UserRow.created_at,
    UserRow.platform_admin,
    UserRow.suspended_at,
    UserRow.active_org_id,
    UserRow.email_verified_at,
)


def user_of(row: Any) -> User:
    """A `User` from a row that starts with `USER_COLUMNS`."""
    return User(*row[: len(USER_COLUMNS)])


# A taken address inserts nothing and returns no row: no exception, no aborted transaction.
_INSERT = (
    insert(UserRow)
    .values(
        id=bindparam("id"),
        email=bindparam("email"),
        email_normalized=bindparam("email_normalized"),
        display_name=bindparam("display_name"),
        password_hash=bindparam("password_hash"),
    )
    .on_conflict_do_nothing(index_elements=[UserRow.email_normalized])
    .returning(*USER_COLUMNS)
)
_BY_EMAIL = select(*USER_COLUMNS, UserRow.password_hash).where(
    UserRow.email_normalized == bindparam("email_normalized")
)
_BY_ID = select(*USER_COLUMNS).where(UserRow.id == bindparam("user_id"))
# Plain updates: no ORM objects are loaded, so none need synchronizing.
_NO_SYNC = {"synchronize_session": False}
_LOGGED_IN = (
    update(UserRow)
    .where(UserRow.id == bindparam("user_id"))
    .values(last_login_at=func.now())
    .execution_options(**_NO_SYNC)
)
_SET_ACTIVE_ORG = (
    update(UserRow)
    .where(UserRow.id == bindparam("user_id"))
    .values(active_org_id=bindparam("org_id"))
    .execution_options(**_NO_SYNC)
)


async def create(
    email: str, email_normalized: str, display_name: str, password_hash: str
) -> User | None:
    """The new user, or None when the normalized address is taken."""
    params = {
        "id": uuid.uuid4(),
        "email": email,
        "email_normalized": email_normalized,
        "display_name": display_name,
        "password_hash": password_hash,
    }
    row = (await db.session().execute(_INSERT, params)).first()
    return user_of(row) if row is not None else None


async def credentials(email_normalized: str) -> Credentials | None:
    row = (await db.session().execute(_BY_EMAIL, {"email_normalized": email_normalized})).first()
    if row is None:
        return None
    return Credentials(user_of(row), row.password_hash)


async def get(user_id: uuid.UUID) -> User | None:
    row = (await db.session().execute(_BY_ID, {"user_id": user_id})).first()
    return user_of(row) if row is not None else None


async def logged_in(user_id: uuid.UUID) -> None:
    await db.session().execute(_LOGGED_IN, {"user_id": user_id})


async def set_active_org(user_id: uuid.UUID, org_id: uuid.UUID | None) -> None:
    await db.session().execute(_SET_ACTIVE_ORG, {"user_id": user_id, "org_id": org_id})


# --- e-mail verification ------------------------------------------------------------------

_Verifications = EmailVerificationRow
_ADD_VERIFICATION = insert(_Verifications).values(
    token_hash=bindparam("token_hash"),
    user_id=bindparam("user_id"),
    expires_at=bindparam("expires_at"),
)
# A new token replaces the ones not used yet: only the latest e-mail's link works.
_DROP_UNUSED = (
    delete(_Verifications)
    .where(_Verifications.user_id == bindparam("user_id"), _Verifications.used_at.is_(None))
    .execution_options(**_NO_SYNC)
)
_LOCK_VERIFICATION = (
    select(_Verifications.user_id, _Verifications.expires_at, _Verifications.used_at)
    .where(_Verifications.token_hash == bindparam("token_hash"))
    .with_for_update()
)
_USE_VERIFICATION = (
    update(_Verifications)
    .where(_Verifications.token_hash == bindparam("spent_hash"))
    .values(used_at=func.now())
    .execution_options(**_NO_SYNC)
)
_VERIFIED = (
    update(UserRow)
    .where(UserRow.id == bindparam("user_id"))
    .values(email_verified_at=func.coalesce(UserRow.email_verified_at, func.now()))
    .returning(*USER_COLUMNS)
    .execution_options(**_NO_SYNC)
)


async def add_verification(user_id: uuid.UUID, token_hash: bytes, expires_at: datetime) -> None:
    """Record a token sent to the user's address, replacing any not used yet."""
    session = db.session()
    await session.execute(_DROP_UNUSED, {"user_id": user_id})
    params = {"token_hash": token_hash, "user_id": user_id, "expires_at": expires_at}
    await session.execute(_ADD_VERIFICATION, params)


async def lock_verification(token_hash: bytes) -> Verification | None:
    """The token of `token_hash`, locked (two uses at once queue), or None."""
    row = (await db.session().execute(_LOCK_VERIFICATION, {"token_hash": token_hash})).first()
    return Verification(row.user_id, row.expires_at, row.used_at) if row is not None else None


async def verify(token_hash: bytes, user_id: uuid.UUID) -> User:
    """Spend the token; the user's address is verified (from the first time on)."""
    session = db.session()
    await session.execute(_USE_VERIFICATION, {"spent_hash": token_hash})
    row = (await session.execute(_VERIFIED, {"user_id": user_id})).one()
    return user_of(row)
