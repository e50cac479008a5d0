"""What callers get back: the views of an account, its buckets, reservations and
transactions, from a batch in memory (transaction.py) or read from the database."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from keel_runtime.errors import NotFound
from services.billing.data import pools as pool_rows
from services.billing.data.ledger import LedgerStore
from services.billing.domain.ledger.batch import BURN_ORDER, Batch, holder, missing, owned_by
from services.billing.domain.ledger.operations import (
    BalanceView,
    BucketView,
    ChildSpendingView,
    Owner,
    ReservationView,
    TransactionView,
)


def no_account(org_id: uuid.UUID) -> NotFound:
    return NotFound(f"no credit account for organization {org_id}", reason="ACCOUNT_NOT_FOUND")


def balance_of(batch: Batch) -> BalanceView:
    """The account's balance as the batch leaves it."""
    return BalanceView(
        org_id=batch.org_id,
        balance=batch.balance,
        reserved=batch.reserved,
        overdraft_limit=batch.overdraft_limit,
        monthly_allocation=batch.monthly_allocation,
        period_start=batch.period_start,
        period_end=batch.period_end,
        buckets=_bucket_views(
            [(b.kind, b.remaining, b.expires_at) for b in batch.buckets]
            if batch.buckets is not None
            else None
        ),
    )


def _bucket_views(
    buckets: Sequence[tuple[str, Decimal, datetime | None]] | None,
) -> list[BucketView]:
    if buckets is None:
        return []
    views = [BucketView(kind, remaining, expires) for kind, remaining, expires in buckets]
    never = datetime.max.replace(tzinfo=UTC)
    return sorted(
        (v for v in views if v.remaining != 0 or v.kind == "monthly"),
        key=lambda v: (BURN_ORDER[v.kind], v.expires_at or never),
    )


def reservation_view(row: dict[str, Any]) -> ReservationView:
    return ReservationView(
        id=row["id"],
        org_id=row.get("spent_by_org_id") or row["org_id"],
        pool_org_id=row["org_id"],
        status=row["status"],
        amount=row["amount"],
        settled_amount=row["settled_amount"],
        uncovered_amount=row["uncovered_amount"],
        expires_at=row["expires_at"],
        created_at=row["created_at"],
        finished_at=row["finished_at"],
        metadata=row["metadata"] or {},
        owner=holder(row),
    )


def transaction_view(row: dict[str, Any]) -> TransactionView:
    return TransactionView(
        id=row["id"],
        org_id=row.get("spent_by_org_id") or row["org_id"],
        pool_org_id=row["org_id"],
        type=row["type"],
        amount=row["amount"],
        balance_after=row["balance_after"],
        reserved_change=row["reserved_change"],
        reserved_after=row["reserved_after"],
        bucket_kind=row["bucket_kind"],
        reservation_id=row["reservation_id"],
        reference=row["reference"],
        idempotency_key=row["idempotency_key"],
        metadata=row["metadata"] or {},
        created_at=row["created_at"],
    )


# --- reads, in the caller's session ---------------------------------------------------------


async def balance(
    session: AsyncSession, org_id: uuid.UUID, now: datetime | None = None
) -> BalanceView:
    """The balance `org_id` spends from: a sub-organization's pool's, with its month
    (`BalanceView.child`: its cap and spending; `spendable` within the cap)."""
    store = LedgerStore(session)
    pool = await pool_rows.pool(org_id, session)
    child = await child_spending(session, pool, now) if pool.child else None
    account = await store.account(pool.account)
    if account is None:
        raise no_account(pool.account)
    buckets = await store.buckets([pool.account])
    return BalanceView(
        child=child,
        org_id=pool.account,
        balance=account.balance,
        reserved=account.reserved,
        overdraft_limit=account.overdraft_limit,
        monthly_allocation=account.monthly_allocation,
        period_start=account.period_start,
        period_end=account.period_end,
        buckets=_bucket_views([(b.kind, b.remaining, b.expires_at) for b in buckets]),
    )


async def child_spending(
    session: AsyncSession, pool: pool_rows.Pool, now: datetime | None = None
) -> ChildSpendingView:
    """The sub-organization's month on its pool (as of `now`), its cap and spending."""
    since = pool_rows.month_start(now or datetime.now(UTC))
    month = (await pool_rows.spending(session, [pool.org_id], since))[pool.org_id]
    return ChildSpendingView(pool.org_id, pool.parent, month.monthly_cap, month.spent, since)


async def reservation(
    session: AsyncSession, org_id: uuid.UUID, reservation_id: uuid.UUID, owner: Owner
) -> ReservationView:
    """The hold, read by its owner, in the organization it was made for (a child's: on its
    pool); anyone else's answers as one that does not exist."""
    pool = await pool_rows.pool(org_id, session)
    row = await LedgerStore(session).reservation(pool.account, reservation_id)
    found = dict(row._mapping) if row is not None else None
    spent_by = org_id if pool.child else None
    if found is None or found.get("spent_by_org_id") != spent_by or not owned_by(found, owner):
        raise missing(reservation_id)
    return reservation_view(found)
