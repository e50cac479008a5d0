"""The ledger's SQL: one account row locked per batch, the rows it touches read in a few
queries, and every write of a batch sent as one statement per table (executemany)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from services.billing.data.models import (
    credit_accounts,
    credit_buckets,
    credit_reservations,
    credit_transactions,
    idempotency_keys,
)

Row = sa.Row[Any]

# The batch's statements, built once: a batch sends about a dozen, and building a statement
# (and its cache key) for each cost more of billing's CPU than the round trips themselves.
_accounts, _buckets = credit_accounts.c, credit_buckets.c
_ACCOUNT = sa.select(credit_accounts).where(_accounts.org_id == sa.bindparam("org_id"))
_ACCOUNT_LOCKED = _ACCOUNT.with_for_update()
_BUCKETS = sa.select(credit_buckets).where(
    _buckets.org_id == sa.bindparam("org_id"),
    sa.or_(_buckets.remaining != 0, _buckets.kind == "monthly"),
)
_IDEMPOTENCY = sa.select(
    idempotency_keys.c.key,
    idempotency_keys.c.operation,
    idempotency_keys.c.request_hash,
    idempotency_keys.c.result_id,
).where(
    idempotency_keys.c.org_id == sa.bindparam("org_id"),
    idempotency_keys.c.key.in_(sa.bindparam("keys", expanding=True)),
)
_RESERVATIONS = sa.select(credit_reservations).where(
    credit_reservations.c.org_id == sa.bindparam("org_id"),
    credit_reservations.c.id.in_(sa.bindparam("ids", expanding=True)),
)
_TRANSACTIONS = sa.select(credit_transactions).where(
    credit_transactions.c.org_id == sa.bindparam("org_id"),
    credit_transactions.c.id.in_(sa.bindparam("ids", expanding=True)),
)
_UPDATE_RESERVATION = (
    credit_reservations.update()
    .where(credit_reservations.c.id == sa.bindparam("b_id"))
    .values(
        status=sa.bindparam("status"),
        settled_amount=sa.bindparam("settled_amount"),
        uncovered_amount=sa.bindparam("uncovered_amount"),
        finished_at=sa.bindparam("finished_at"),
    )
)
_UPDATE_BUCKET = (
    credit_buckets.update()
    .where(_buckets.id == sa.bindparam("b_id"))
    .values(remaining=sa.bindparam("remaining"), expires_at=sa.bindparam("expires_at"))
)
# The columns set are the keys of the parameters given (`update_account`).
_UPDATE_ACCOUNT = (
    credit_accounts.update()
    .where(_accounts.org_id == sa.bindparam("b_org_id"))
    .values(updated_at=sa.func.now())
)
_INSERTS = {
    table: table.insert()
    for table in (credit_buckets, credit_reservations, credit_transactions, idempotency_keys)
}


class LedgerStore:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def open_account(
        self, org_id: uuid.UUID, period_start: datetime, period_end: datetime
    ) -> bool:
        """Create the account and its monthly bucket; False when it already existed."""
        created = await self.session.execute(
            insert(credit_accounts)
            .values(org_id=org_id, period_start=period_start, period_end=period_end)
            .on_conflict_do_nothing()
            .returning(credit_accounts.c.org_id)
        )
        if created.first() is None:
            return False
        await self.session.execute(
            credit_buckets.insert().values(
                id=uuid.uuid4(),
                org_id=org_id,
                kind="monthly",
                burn_order=1,
                remaining=Decimal(0),
                expires_at=period_end,
            )
        )
        return True

    async def account(self, org_id: uuid.UUID, *, lock: bool = False) -> Row | None:
        query = _ACCOUNT_LOCKED if lock else _ACCOUNT
        return (await self.session.execute(query, {"org_id": org_id})).first()

    async def buckets(self, org_id: uuid.UUID) -> Sequence[Row]:
        """The buckets that hold something, and the monthly one (which may be empty)."""
        return (await self.session.execute(_BUCKETS, {"org_id": org_id})).all()

    async def idempotency(self, org_id: uuid.UUID, keys: Iterable[str]) -> dict[str, Row]:
        params = {"org_id": org_id, "keys": list(keys)}
        return {row.key: row for row in (await self.session.execute(_IDEMPOTENCY, params)).all()}

    async def reservations(
        self, org_id: uuid.UUID, ids: Iterable[uuid.UUID]
    ) -> dict[uuid.UUID, Row]:
        params = {"org_id": org_id, "ids": list(ids)}
        return {row.id: row for row in (await self.session.execute(_RESERVATIONS, params)).all()}

    async def transactions(
        self, org_id: uuid.UUID, ids: Iterable[uuid.UUID]
    ) -> dict[uuid.UUID, Row]:
        params = {"org_id": org_id, "ids": list(ids)}
        return {row.id: row for row in (await self.session.execute(_TRANSACTIONS, params)).all()}

    # --- writes of one batch ------------------------------------------------------------

    async def insert(self, table: sa.Table, rows: list[dict[str, Any]]) -> None:
        if rows:
            await self.session.execute(_INSERTS[table], rows)

    async def update_reservations(self, rows: list[dict[str, Any]]) -> None:
        if rows:
            await self.session.execute(_UPDATE_RESERVATION, rows)

    async def update_buckets(self, rows: list[dict[str, Any]]) -> None:
        if rows:
            await self.session.execute(_UPDATE_BUCKET, rows)

    async def update_account(self, org_id: uuid.UUID, values: dict[str, Any]) -> None:
        """Set `values` (columns of the account) on the account's row."""
        await self.session.execute(_UPDATE_ACCOUNT, {**values, "b_org_id": org_id})

    # --- reads for the API --------------------------------------------------------------

    async def reservation(self, org_id: uuid.UUID, reservation_id: uuid.UUID) -> Row | None:
        return (await self.reservations(org_id, [reservation_id])).get(reservation_id)

    async def list_transactions(
        self,
        org_id: uuid.UUID,
        *,
        types: Sequence[str],
        since: datetime | None,
        until: datetime | None,
        before_seq: int | None,
        limit: int,
    ) -> Sequence[Row]:
        """Newest first, keyset-paged on `seq`."""
        c = credit_transactions.c
        query = sa.select(credit_transactions).where(c.org_id == org_id)
        if types:
            query = query.where(c.type.in_(list(types)))
        if since is not None:
            query = query.where(c.created_at >= since)
        if until is not None:
            query = query.where(c.created_at < until)
        if before_seq is not None:
            query = query.where(c.seq < before_seq)
        return (await self.session.execute(query.order_by(c.seq.desc()).limit(limit))).all()

    async def due_reservations(self, now: datetime, limit: int) -> Sequence[Row]:
        c = credit_reservations.c
        query = (
            sa.select(c.org_id, c.id)
            .where(c.status == "held", c.expires_at <= now)
            .order_by(c.expires_at)
            .limit(limit)
        )
        return (await self.session.execute(query)).all()

    async def orgs_with_expired_buckets(self, now: datetime, limit: int) -> list[uuid.UUID]:
        c = credit_buckets.c
        query = (
            sa.select(c.org_id)
            .where(c.expires_at <= now, c.remaining > 0, c.kind != "monthly")
            .distinct()
            .limit(limit)
        )
        return list((await self.session.execute(query)).scalars())
