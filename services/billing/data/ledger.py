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
        query = sa.select(credit_accounts).where(credit_accounts.c.org_id == org_id)
        if lock:
            query = query.with_for_update()
        return (await self.session.execute(query)).first()

    async def buckets(self, org_id: uuid.UUID) -> Sequence[Row]:
        """The buckets that hold something, and the monthly one (which may be empty)."""
        c = credit_buckets.c
        query = sa.select(credit_buckets).where(
            c.org_id == org_id, sa.or_(c.remaining != 0, c.kind == "monthly")
        )
        return (await self.session.execute(query)).all()

    async def idempotency(self, org_id: uuid.UUID, keys: Iterable[str]) -> dict[str, Row]:
        c = idempotency_keys.c
        query = sa.select(c.key, c.operation, c.request_hash, c.result_id).where(
            c.org_id == org_id, c.key.in_(list(keys))
        )
        return {row.key: row for row in (await self.session.execute(query)).all()}

    async def reservations(
        self, org_id: uuid.UUID, ids: Iterable[uuid.UUID]
    ) -> dict[uuid.UUID, Row]:
        c = credit_reservations.c
        query = sa.select(credit_reservations).where(c.org_id == org_id, c.id.in_(list(ids)))
        return {row.id: row for row in (await self.session.execute(query)).all()}

    async def transactions(
        self, org_id: uuid.UUID, ids: Iterable[uuid.UUID]
    ) -> dict[uuid.UUID, Row]:
        c = credit_transactions.c
        query = sa.select(credit_transactions).where(c.org_id == org_id, c.id.in_(list(ids)))
        return {row.id: row for row in (await self.session.execute(query)).all()}

    # --- writes of one batch ------------------------------------------------------------

    async def insert(self, table: sa.Table, rows: list[dict[str, Any]]) -> None:
        if rows:
            await self.session.execute(table.insert(), rows)

    async def update_reservations(self, rows: list[dict[str, Any]]) -> None:
        if rows:
            c = credit_reservations.c
            statement = (
                credit_reservations.update()
                .where(c.id == sa.bindparam("b_id"))
                .values(
                    status=sa.bindparam("status"),
                    settled_amount=sa.bindparam("settled_amount"),
                    uncovered_amount=sa.bindparam("uncovered_amount"),
                    finished_at=sa.bindparam("finished_at"),
                )
            )
            await self.session.execute(statement, rows)

    async def update_buckets(self, rows: list[dict[str, Any]]) -> None:
        if rows:
            statement = (
                credit_buckets.update()
                .where(credit_buckets.c.id == sa.bindparam("b_id"))
                .values(remaining=sa.bindparam("remaining"), expires_at=sa.bindparam("expires_at"))
            )
            await self.session.execute(statement, rows)

    async def update_account(self, org_id: uuid.UUID, values: dict[str, Any]) -> None:
        await self.session.execute(
            credit_accounts.update()
            .where(credit_accounts.c.org_id == org_id)
            .values(**values, updated_at=sa.func.now())
        )

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
