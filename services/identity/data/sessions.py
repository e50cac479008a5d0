"""Login sessions and the refresh tokens issued in them (stored as SHA-256 digests)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, func, insert, select, text, update

from keel_runtime import db
from services.identity.data.models import RefreshTokenRow, SessionRow


@dataclass(frozen=True)
class RefreshTokenState:
    session_id: uuid.UUID
    user_id: uuid.UUID
    used_at: datetime | None
    session_expires_at: datetime
    session_ended_at: datetime | None


_NO_SYNC = {"synchronize_session": False}
_NEW_SESSION = insert(SessionRow).values(
    id=bindparam("session_id"), user_id=bindparam("user_id"), expires_at=bindparam("expires_at")
)
_NEW_TOKEN = insert(RefreshTokenRow).values(
    token_hash=bindparam("token_hash"), session_id=bindparam("session_id")
)
# Locks the token and its session: two exchanges of one token, or a reuse racing a
# rotation in the same session, run one after the other.
_LOCK_TOKEN = (
    select(
        RefreshTokenRow.session_id,
        SessionRow.user_id,
        RefreshTokenRow.used_at,
        SessionRow.expires_at,
        SessionRow.ended_at,
    )
    .join(SessionRow, SessionRow.id == RefreshTokenRow.session_id)
    .where(RefreshTokenRow.token_hash == bindparam("token_hash"))
    .with_for_update()
)
_MARK_USED = (
    update(RefreshTokenRow)
    .where(RefreshTokenRow.token_hash == bindparam("used_hash"))
    .values(used_at=func.now())
    .execution_options(**_NO_SYNC)
)
_END = (
    update(SessionRow)
    .where(SessionRow.id == bindparam("session_id"), SessionRow.ended_at.is_(None))
    .values(ended_at=func.now(), end_reason=bindparam("reason"))
    .returning(SessionRow.user_id)
    .execution_options(**_NO_SYNC)
)
_END_BY_TOKEN = (
    update(SessionRow)
    .where(
        SessionRow.id
        == select(RefreshTokenRow.session_id)
        .where(RefreshTokenRow.token_hash == bindparam("token_hash"))
        .scalar_subquery(),
        SessionRow.ended_at.is_(None),
    )
    .values(ended_at=func.now(), end_reason=bindparam("reason"))
    .returning(SessionRow.id, SessionRow.user_id)
    .execution_options(**_NO_SYNC)
)


async def start(user_id: uuid.UUID, expires_at: datetime) -> uuid.UUID:
    session_id = uuid.uuid4()
    params = {"session_id": session_id, "user_id": user_id, "expires_at": expires_at}
    await db.session().execute(_NEW_SESSION, params)
    return session_id


async def add_refresh_token(session_id: uuid.UUID, token_hash: bytes) -> None:
    await db.session().execute(_NEW_TOKEN, {"token_hash": token_hash, "session_id": session_id})


async def lock_refresh_token(token_hash: bytes) -> RefreshTokenState | None:
    """The token's state, its row and its session's row locked until commit."""
    row = (await db.session().execute(_LOCK_TOKEN, {"token_hash": token_hash})).first()
    return RefreshTokenState(*row) if row is not None else None


async def mark_used(token_hash: bytes) -> None:
    await db.session().execute(_MARK_USED, {"used_hash": token_hash})


async def end(session_id: uuid.UUID, reason: str) -> bool:
    """End a live session; False when it had already ended."""
    params = {"session_id": session_id, "reason": reason}
    return (await db.session().execute(_END, params)).first() is not None


async def end_by_refresh_token(
    token_hash: bytes, reason: str
) -> tuple[uuid.UUID, uuid.UUID] | None:
    """End the live session a refresh token belongs to; its (id, user id), or None."""
    params = {"token_hash": token_hash, "reason": reason}
    row = (await db.session().execute(_END_BY_TOKEN, params)).first()
    return (row[0], row[1]) if row is not None else None


# Sessions over (ended or expired) before the cutoff go with their refresh tokens, in one
# statement: no token outlives its session, and a crash leaves nothing half-deleted.
_PURGE = text(
    """
    WITH gone AS (
        SELECT id FROM sessions WHERE LEAST(ended_at, expires_at) < :cutoff LIMIT :batch
    ), tokens AS (
        DELETE FROM refresh_tokens WHERE session_id IN (SELECT id FROM gone)
    )
    DELETE FROM sessions WHERE id IN (SELECT id FROM gone)
    """
)


async def purge(cutoff: datetime, batch: int = 1000) -> int:
    """Delete up to `batch` sessions over before `cutoff`; how many went."""
    result = await db.session().execute(_PURGE, {"cutoff": cutoff, "batch": batch})
    return int(result.rowcount)  # type: ignore[attr-defined]
