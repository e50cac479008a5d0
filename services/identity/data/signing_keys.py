"""The signing_keys table. These run in their own short transactions (the key ring's, or
the rotation command's), never in a request's: a key must not vanish with a rollback."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, insert, or_, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from services.identity.data.models import SigningKeyRow


@dataclass(frozen=True)
class StoredKey:
    kid: str
    private_key: bytes  # encrypted PKCS#8
    public_jwk: dict[str, str]
    activates_at: datetime
    retired_at: datetime | None


# One constant key: key creation and rotation exclude each other across replicas.
_LOCK = text("SELECT pg_advisory_xact_lock(7010451232917823)")
_PUBLISHED = (
    select(
        SigningKeyRow.kid,
        SigningKeyRow.private_key,
        SigningKeyRow.public_jwk,
        SigningKeyRow.activates_at,
        SigningKeyRow.retired_at,
    )
    .where(
        or_(
            SigningKeyRow.retired_at.is_(None),
            SigningKeyRow.retired_at > bindparam("retired_after"),
        )
    )
    .order_by(SigningKeyRow.activates_at)
)
_INSERT = insert(SigningKeyRow).values(
    kid=bindparam("kid"),
    private_key=bindparam("private_key"),
    public_jwk=bindparam("public_jwk"),
    activates_at=bindparam("activates_at"),
)
_RETIRE = (
    update(SigningKeyRow)
    .where(SigningKeyRow.retired_at.is_(None), SigningKeyRow.kid != bindparam("new_kid"))
    .values(retired_at=bindparam("retire_at"))
    .execution_options(synchronize_session=False)
)


async def lock(session: AsyncSession) -> None:
    """Hold the signing-key lock until the transaction ends."""
    await session.execute(_LOCK)


async def published(session: AsyncSession, retired_after: datetime) -> list[StoredKey]:
    """Keys not retired, or retired after `retired_after`; oldest activation first."""
    rows = await session.execute(_PUBLISHED, {"retired_after": retired_after})
    return [StoredKey(*row) for row in rows]


async def add(session: AsyncSession, key: StoredKey) -> None:
    """Store `key` and retire every other unretired key when it activates."""
    await session.execute(
        _INSERT,
        {
            "kid": key.kid,
            "private_key": key.private_key,
            "public_jwk": key.public_jwk,
            "activates_at": key.activates_at,
        },
    )
    await session.execute(_RETIRE, {"new_kid": key.kid, "retire_at": key.activates_at})
