"""API keys in the database: one statement per operation, built once."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Row, bindparam, func, insert, select, text, tuple_, update
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.ext.asyncio import AsyncSession

from services.identity.data.models import ApiKeyRow
from services.identity.domain.access import KeyKind
from services.identity.domain.api_keys import ApiKey

_COLUMNS = (
    ApiKeyRow.id,
    ApiKeyRow.org_id,
    ApiKeyRow.name,
    ApiKeyRow.kind,
    ApiKeyRow.scopes,
    ApiKeyRow.secret_prefix,
    ApiKeyRow.created_by,
    ApiKeyRow.created_at,
    ApiKeyRow.last_used_at,
    ApiKeyRow.expires_at,
    ApiKeyRow.revoked_at,
)
_NEWEST_FIRST = (ApiKeyRow.created_at.desc(), ApiKeyRow.id.desc())
_FIRST_PAGE = (
    select(*_COLUMNS)
    .where(ApiKeyRow.org_id == bindparam("org_id"), ApiKeyRow.deleted_at.is_(None))
    .order_by(*_NEWEST_FIRST)
    .limit(bindparam("limit"))
)
_NEXT_PAGE = _FIRST_PAGE.where(
    tuple_(ApiKeyRow.created_at, ApiKeyRow.id)
    < tuple_(bindparam("after_created_at"), bindparam("after_id"))
)
# A key of another organization, or a deleted one, is not there at all.
_LOCK = (
    select(*_COLUMNS)
    .where(
        ApiKeyRow.id == bindparam("key_id"),
        ApiKeyRow.org_id == bindparam("org_id"),
        ApiKeyRow.deleted_at.is_(None),
    )
    .with_for_update()
)
_REVOKE = (
    update(ApiKeyRow)
    .where(ApiKeyRow.id == bindparam("key_id"))
    .values(revoked_at=func.now(), revoked_by=bindparam("user_id"))
    .returning(*_COLUMNS)
)
# Deleting stops the key too; a revocation already made keeps its time and author.
_DELETE = (
    update(ApiKeyRow)
    .where(ApiKeyRow.id == bindparam("key_id"))
    .values(
        deleted_at=func.now(),
        revoked_at=func.coalesce(ApiKeyRow.revoked_at, func.now()),
        revoked_by=func.coalesce(
            ApiKeyRow.revoked_by, bindparam("user_id", type_=UUID(as_uuid=True))
        ),
    )
)
_ID_BY_HASH = select(ApiKeyRow.id).where(ApiKeyRow.secret_hash == bindparam("secret_hash"))
# One statement whatever the batch size; concurrent flushes (replicas) keep the latest
# time, and rows are locked in id order so two flushes never deadlock.
_RECORD_USE = text(
    "UPDATE api_keys SET last_used_at = greatest(api_keys.last_used_at, v.used_at)"
    " FROM (SELECT * FROM unnest(CAST(:ids AS text[]), CAST(:times AS timestamptz[]))"
    " AS u(id, used_at) ORDER BY id) AS v"
    " WHERE api_keys.id = v.id"
)


def _key(row: Row[Any]) -> ApiKey:
    return ApiKey(
        id=row.id,
        org_id=row.org_id,
        name=row.name,
        kind=KeyKind(row.kind),
        scopes=list(row.scopes),
        secret_prefix=row.secret_prefix,
        created_by=row.created_by,
        created_at=row.created_at,
        last_used_at=row.last_used_at,
        expires_at=row.expires_at,
        revoked_at=row.revoked_at,
    )


class ApiKeyRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, key: ApiKey, secret_hash: bytes) -> ApiKey:
        statement = (
            insert(ApiKeyRow)
            .values(
                id=key.id,
                org_id=key.org_id,
                name=key.name,
                kind=int(key.kind),
                scopes=key.scopes,
                secret_hash=secret_hash,
                secret_prefix=key.secret_prefix,
                created_by=key.created_by,
                expires_at=key.expires_at,
            )
            .returning(*_COLUMNS)
        )
        return _key((await self.session.execute(statement)).one())

    async def page(
        self, org_id: uuid.UUID, after: tuple[datetime, str] | None, limit: int
    ) -> list[ApiKey]:
        if after is None:
            rows = await self.session.execute(_FIRST_PAGE, {"org_id": org_id, "limit": limit})
        else:
            params = {
                "org_id": org_id,
                "limit": limit,
                "after_created_at": after[0],
                "after_id": after[1],
            }
            rows = await self.session.execute(_NEXT_PAGE, params)
        return [_key(row) for row in rows]

    async def lock(self, org_id: uuid.UUID, key_id: str) -> ApiKey | None:
        """The live key `key_id` of `org_id`, locked until the transaction ends."""
        row = (await self.session.execute(_LOCK, {"org_id": org_id, "key_id": key_id})).first()
        return _key(row) if row is not None else None

    async def revoke(self, key_id: str, user_id: uuid.UUID) -> ApiKey:
        params = {"key_id": key_id, "user_id": user_id}
        return _key((await self.session.execute(_REVOKE, params)).one())

    async def delete(self, key_id: str, user_id: uuid.UUID) -> None:
        await self.session.execute(_DELETE, {"key_id": key_id, "user_id": user_id})

    async def id_by_hash(self, secret_hash: bytes) -> str | None:
        """The id of the key whose secret has this keyed hash (deleted ones included)."""
        row = (await self.session.execute(_ID_BY_HASH, {"secret_hash": secret_hash})).first()
        return row[0] if row is not None else None

    async def record_use(self, last_used: dict[str, datetime]) -> None:
        """Move each key's `last_used_at` forward to the time given (never back)."""
        ids = list(last_used)
        await self.session.execute(_RECORD_USE, {"ids": ids, "times": [last_used[i] for i in ids]})
