"""One batch of an organization's operations in one database transaction.

`apply()` takes the account's row lock, reads what the batch needs, applies the operations
in order to the account's state in memory (batch.py) and writes what changed, one write per
table. It runs in the caller's transaction: the engine (engine.py) opens one for each
batch; a change that must commit together with something else (a Stripe event and its
grant) calls it, or `apply_one()` and `grant()`, inside its own.

Idempotency: each mutating operation carries a key, unique per organization. The first
call stores the key with a hash of its parameters and what it produced; the same key again
returns that (its current state), the same key with other parameters is refused.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from keel.billing.v1 import events_pb2
from keel_runtime import events
from keel_runtime.errors import InvalidArgument, KeelError, NotFound
from services.billing.data.ledger import LedgerStore, Row
from services.billing.data.models import (
    credit_buckets,
    credit_reservations,
    credit_transactions,
    idempotency_keys,
)
from services.billing.domain.ledger.batch import (
    BURN_ORDER,
    Batch,
    Bucket,
    apply_op,
    missing,
    needs_buckets,
)
from services.billing.domain.ledger.operations import (
    BalanceView,
    BucketView,
    Grant,
    Op,
    Outcome,
    ReservationView,
    TransactionView,
)
from services.billing.domain.money import credits, text

LOW_BALANCE_SHARE = Decimal("0.2")


# --- one batch in one transaction ---------------------------------------------------------------


async def apply(
    session: AsyncSession, org_id: uuid.UUID, ops: Sequence[Op], now: datetime | None = None
) -> list[Outcome | KeelError]:
    """Apply `ops` to the account of `org_id` in the caller's transaction, in order.

    Each operation's result is its own: an Outcome, or the error that refused it (nothing
    of it is written). Errors of the database itself raise and roll back the transaction.
    """
    store = LedgerStore(session)
    account = await store.account(org_id, lock=True)
    if account is None:
        missing = NotFound(
            f"no credit account for organization {org_id}", reason="ACCOUNT_NOT_FOUND"
        )
        return [missing for _ in ops]
    batch = Batch(account, now or datetime.now(UTC))
    keys = {op.key for op in ops if op.key}
    seen = {
        k: (row.request_hash, row.result_id)
        for k, row in (await store.idempotency(org_id, keys) if keys else {}).items()
    }
    wanted = {op.reservation_id for op in ops if op.reservation_id is not None}
    wanted |= {uuid.UUID(r) for _, r in seen.values() if not r.startswith("t:")}
    if wanted:
        batch.reservations.update(await store.reservations(org_id, wanted))
    if any(needs_buckets(op) for op in ops):
        batch.buckets = [
            Bucket(b.id, b.kind, b.remaining, b.expires_at, b.created_at)
            for b in await store.buckets(org_id)
        ]
    results: list[tuple[uuid.UUID | None, list[uuid.UUID]] | KeelError] = []
    for op in ops:
        results.append(_apply_keyed(batch, op, seen))
    await _maybe_low_balance(session, batch)  # before the write, which records the flag
    await _write(store, batch, account)
    return await _outcomes(store, batch, results)


def _apply_keyed(
    batch: Batch, op: Op, seen: dict[str, tuple[bytes, str]]
) -> tuple[uuid.UUID | None, list[uuid.UUID]] | KeelError:
    digest = op.request_hash() if op.key else b""
    if op.key in seen:
        stored_hash, result_id = seen[op.key]
        if stored_hash != digest:
            return _reused(op.key)
        return _replay(result_id)
    result = apply_op(batch, op)
    if isinstance(result, KeelError):
        return result
    reservation_id, txs = result
    tx_ids = [tx["id"] for tx in txs]
    if op.key:
        result_id = _result_id(reservation_id, tx_ids)
        seen[op.key] = (digest, result_id)
        batch.keys.append(
            {
                "org_id": batch.org_id,
                "key": op.key,
                "operation": type(op).__name__,
                "request_hash": digest,
                "result_id": result_id,
            }
        )
    return reservation_id, tx_ids


def _result_id(reservation_id: uuid.UUID | None, tx_ids: list[uuid.UUID]) -> str:
    """What a key returns again: the reservation, else the transactions, comma-separated."""
    if reservation_id is not None:
        return str(reservation_id)
    return "t:" + ",".join(str(t) for t in tx_ids)


def _replay(result_id: str) -> tuple[uuid.UUID | None, list[uuid.UUID]]:
    if result_id.startswith("t:"):
        return None, [uuid.UUID(t) for t in result_id[2:].split(",") if t]
    return uuid.UUID(result_id), []


def _reused(key: str) -> InvalidArgument:
    return InvalidArgument(
        "this idempotency key was used with other parameters",
        reason="IDEMPOTENCY_KEY_REUSED",
        metadata={"idempotency_key": key},
    )


async def _write(store: LedgerStore, batch: Batch, account: Row) -> None:
    await store.insert(credit_reservations, list(batch.new_reservations.values()))
    await store.update_reservations(
        [
            {
                "b_id": r["id"],
                "status": r["status"],
                "settled_amount": r["settled_amount"],
                "uncovered_amount": r["uncovered_amount"],
                "finished_at": r["finished_at"],
            }
            for r in batch.changed_reservations.values()
        ]
    )
    buckets = batch.buckets or []
    await store.insert(
        credit_buckets,
        [
            {
                "id": b.id,
                "org_id": batch.org_id,
                "kind": b.kind,
                "burn_order": BURN_ORDER[b.kind],
                "remaining": b.remaining,
                "expires_at": b.expires_at,
            }
            for b in buckets
            if b.is_new
        ],
    )
    await store.update_buckets(
        [
            {"b_id": b.id, "remaining": b.remaining, "expires_at": b.expires_at}
            for b in buckets
            if b.changed and not b.is_new
        ]
    )
    await store.insert(credit_transactions, batch.transactions)
    await store.insert(idempotency_keys, batch.keys)
    values = {
        "balance": batch.balance,
        "reserved": batch.reserved,
        "overdraft_limit": batch.overdraft_limit,
        "period_start": batch.period_start,
        "period_end": batch.period_end,
        "monthly_allocation": batch.monthly_allocation,
        "low_balance_notified": batch.low_balance_notified,
    }
    if any(getattr(account, k) != v for k, v in values.items()):
        await store.update_account(batch.org_id, values)


async def _maybe_low_balance(session: AsyncSession, batch: Batch) -> None:
    """Once per period, tell when the available balance falls under 20 % of the allocation."""
    threshold = batch.monthly_allocation * LOW_BALANCE_SHARE
    if batch.low_balance_notified or batch.monthly_allocation <= 0 or batch.available >= threshold:
        return
    batch.low_balance_notified = True
    payload = events_pb2.CreditsLowBalance(
        org_id=str(batch.org_id),
        available=text(batch.available),
        monthly_allocation=text(batch.monthly_allocation),
    )
    await events.publish(
        session, source="billing", type="credits.low_balance", payload=payload,
        org_id=str(batch.org_id),
    )  # fmt: skip


async def _outcomes(
    store: LedgerStore,
    batch: Batch,
    results: list[tuple[uuid.UUID | None, list[uuid.UUID]] | KeelError],
) -> list[Outcome | KeelError]:
    balance = _balance_of(batch)
    written = {tx["id"]: tx for tx in batch.transactions}
    replayed = {t for r in results if not isinstance(r, KeelError) for t in r[1]} - set(written)
    if replayed:
        written.update(
            {
                k: dict(v._mapping)
                for k, v in (await store.transactions(batch.org_id, replayed)).items()
            }
        )
    missing = {r[0] for r in results if not isinstance(r, KeelError) and r[0] is not None} - set(
        batch.reservations
    )
    if missing:
        batch.reservations.update(await store.reservations(batch.org_id, missing))
    outcomes: list[Outcome | KeelError] = []
    for result in results:
        if isinstance(result, KeelError):
            outcomes.append(result)
            continue
        reservation_id, tx_ids = result
        res = batch.reservation(reservation_id) if reservation_id else None
        outcomes.append(
            Outcome(
                balance=balance,
                reservation=_reservation_view(res) if res else None,
                transactions=[transaction_view(written[t]) for t in tx_ids if t in written],
            )
        )
    return outcomes


def _balance_of(batch: Batch) -> BalanceView:
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


def _reservation_view(row: dict[str, Any]) -> ReservationView:
    return ReservationView(
        id=row["id"],
        org_id=row["org_id"],
        status=row["status"],
        amount=row["amount"],
        settled_amount=row["settled_amount"],
        uncovered_amount=row["uncovered_amount"],
        expires_at=row["expires_at"],
        created_at=row["created_at"],
        finished_at=row["finished_at"],
        metadata=row["metadata"] or {},
    )


def transaction_view(row: dict[str, Any]) -> TransactionView:
    return TransactionView(
        id=row["id"],
        org_id=row["org_id"],
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


# --- for callers inside their own transaction -------------------------------------------------


async def apply_one(session: AsyncSession, org_id: uuid.UUID, op: Op) -> Outcome:
    """One operation in the caller's transaction; raises the error that refused it."""
    (outcome,) = await apply(session, org_id, [op])
    if isinstance(outcome, KeelError):
        raise outcome
    return outcome


async def grant(
    session: AsyncSession,
    org_id: uuid.UUID,
    amount: Decimal,
    *,
    kind: str,
    type: str,
    reference: str,
    idempotency_key: str,
    expires_at: datetime | None = None,
    expires_after: timedelta | None = None,
    metadata: dict[str, Any] | None = None,
) -> TransactionView:
    """Credits in, inside the caller's transaction; the same key grants once."""
    op = Grant(
        idempotency_key,
        credits(amount),
        kind,
        type,
        reference,
        expires_at,
        expires_after,
        metadata or {},
    )
    outcome = await apply_one(session, org_id, op)
    return outcome.transactions[0]


async def balance(session: AsyncSession, org_id: uuid.UUID) -> BalanceView:
    store = LedgerStore(session)
    account = await store.account(org_id)
    if account is None:
        raise NotFound(f"no credit account for organization {org_id}", reason="ACCOUNT_NOT_FOUND")
    buckets = await store.buckets(org_id)
    return BalanceView(
        org_id=org_id,
        balance=account.balance,
        reserved=account.reserved,
        overdraft_limit=account.overdraft_limit,
        monthly_allocation=account.monthly_allocation,
        period_start=account.period_start,
        period_end=account.period_end,
        buckets=_bucket_views([(b.kind, b.remaining, b.expires_at) for b in buckets]),
    )


async def reservation(
    session: AsyncSession, org_id: uuid.UUID, reservation_id: uuid.UUID
) -> ReservationView:
    row = await LedgerStore(session).reservation(org_id, reservation_id)
    if row is None:
        raise missing(reservation_id)
    return _reservation_view(dict(row._mapping))
