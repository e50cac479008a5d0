"""One batch of operations, for any organizations, in one database transaction.

`apply_batch()` locks every account of the batch at once (in org id order, so concurrent
batches, the other replicas' and the callers' below, never deadlock), reads what the batch
needs in one query per table for all its organizations, applies each organization's
operations in order to its account's state in memory (batch.py) and writes what changed,
one statement per table. It runs in the caller's transaction: the engine (engine.py) opens
one for each batch; a change that must commit together with something else (a Stripe
event and its grant) calls `apply()`, `apply_one()` or `grant()` inside its own.

Sub-organizations draw on their pool: the account of their top-level ancestor
(`data.pools`). The money operations of a child (holds, settlements, releases, grants,
adjustments, reversals) are applied to its pool's account, under its lock, marked with the
child (`Op.spent_by`, `spent_by_org_id` on what they write); a child's hold beyond its
monthly cap is refused there, its month read under the same lock. The operations of time
and plan (periods, allocations, expiries) stay on the organization's own account, which for
a child holds nothing it can spend.

Idempotency: each mutating operation carries a key, unique per organization (a child's
its own, not its pool's) and scope (the holder's for operations on holds: `Op.scope`). The
first call stores the key with a hash of its parameters and what it produced; the same key
again returns that (its current state), the same key with other parameters is refused.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Collection, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from keel.billing.v1 import events_pb2
from keel_runtime import events
from keel_runtime.errors import InvalidArgument, KeelError
from services.billing.config import BillingConfig
from services.billing.data import pools as pool_rows
from services.billing.data.ledger import LedgerStore
from services.billing.data.models import (
    credit_accounts,
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
    Adjust,
    ChildSpendingView,
    Grant,
    Op,
    Outcome,
    Owner,
    Release,
    Reserve,
    Settle,
    TransactionView,
)
from services.billing.domain.ledger.reversals import Reverse
from services.billing.domain.ledger.views import (
    balance_of,
    no_account,
    reservation_view,
    transaction_view,
)
from services.billing.domain.money import credits, text

LOW_BALANCE_SHARE = Decimal("0.2")

# What an applied operation produced: its reservation (if any) and its transactions' ids.
Applied = tuple[uuid.UUID | None, list[uuid.UUID]]


# --- one batch in one transaction ---------------------------------------------------------------


async def apply_batch(
    session: AsyncSession,
    ops: Sequence[tuple[uuid.UUID, Op]],
    now: datetime | None = None,
    *,
    max_open_holds: int = BillingConfig.max_open_holds,
) -> list[Outcome | KeelError]:
    """Apply `ops`, (organization, operation) pairs, in the caller's transaction; the
    operations of each organization in their order; a reservation beyond `max_open_holds`
    holds open in its organization is refused.

    Each operation's result is its own: an Outcome, or the error that refused it (nothing
    of it is written). Errors of the database itself raise and roll back the transaction.
    """
    store = LedgerStore(session)
    ops = await _routed(session, ops)
    accounts = await store.lock_accounts({org_id for org_id, _ in ops})
    at = now or datetime.now(UTC)
    batches = {org_id: Batch(account, at, max_open_holds) for org_id, account in accounts.items()}
    await _read(store, batches, ops)
    results = [
        _apply_keyed(batches[org_id], op) if org_id in batches else no_account(org_id)
        for org_id, op in ops
    ]
    for batch in batches.values():
        await _maybe_low_balance(session, batch)  # before the write, which records the flag
    await _write(store, batches.values())
    return await _outcomes(store, batches, ops, results)


# What a sub-organization spends goes to its pool; its periods and expiries stay its own.
_POOLED = (Reserve, Settle, Release, Grant, Adjust, Reverse)


async def _routed(
    session: AsyncSession, ops: Sequence[tuple[uuid.UUID, Op]]
) -> list[tuple[uuid.UUID, Op]]:
    """`ops` with each child's money operations on its pool's account, marked with it."""
    pooled = {org_id for org_id, op in ops if isinstance(op, _POOLED) and op.spent_by is None}
    found = await pool_rows.pools(pooled, session) if pooled else {}
    routed: list[tuple[uuid.UUID, Op]] = []
    for org_id, op in ops:
        pool = found.get(org_id)
        if pool is not None and pool.child:
            routed.append((pool.account, dataclasses.replace(op, spent_by=org_id)))
            continue
        routed.append((org_id, op))
    return routed


def _key_org(org_id: uuid.UUID, op: Op) -> uuid.UUID:
    """Whose keys `op`'s key is among: the child's it was made for, else the account's."""
    return op.spent_by or org_id


async def _read(
    store: LedgerStore, batches: Mapping[uuid.UUID, Batch], ops: Sequence[tuple[uuid.UUID, Op]]
) -> None:
    """Load what the operations need into their batches: their idempotency keys, the
    reservations they name or replay, the holds open in the organizations that reserve, and
    the buckets of the organizations that burn or grant credits."""
    ops = [(org_id, op) for org_id, op in ops if org_id in batches]
    keys = {
        (_key_org(org_id, op), op.scope.kind, op.scope.id, op.key) for org_id, op in ops if op.key
    }
    account_of = {_key_org(org_id, op): org_id for org_id, op in ops}
    stored = await store.idempotency(keys) if keys else {}
    for (key_org, kind, owner_id, key), row in stored.items():
        seen = batches[account_of[key_org]].seen
        seen[(key_org, Owner(kind, owner_id), key)] = (row.request_hash, row.result_id)
    wanted = {op.reservation_id for _, op in ops if op.reservation_id is not None}
    for batch in batches.values():
        wanted |= {uuid.UUID(r) for _, r in batch.seen.values() if not r.startswith("t:")}
    for row in (await store.reservations(wanted)).values() if wanted else ():
        if row.org_id in batches:  # another organization's reservation stays unknown to it
            batches[row.org_id].reservations[row.id] = row
    reserving = {org_id for org_id, op in ops if isinstance(op, Reserve)}
    for org_id, count in (await store.open_holds(reserving)).items() if reserving else ():
        batches[org_id].open_holds = count
    await _children(store.session, batches, ops)
    burning = {org_id for org_id, op in ops if needs_buckets(op)}
    for org_id in burning:
        batches[org_id].buckets = []
    for b in await store.buckets(burning) if burning else ():
        buckets = batches[b.org_id].buckets
        assert buckets is not None
        buckets.append(Bucket(b.id, b.kind, b.remaining, b.expires_at, b.created_at))


async def _children(
    session: AsyncSession, batches: Mapping[uuid.UUID, Batch], ops: Sequence[tuple[uuid.UUID, Op]]
) -> None:
    """The month of each child the operations are made for (its cap, its spending), read
    after its pool's account is locked: every hold and charge made before is counted."""
    children = {op.spent_by: org_id for org_id, op in ops if op.spent_by is not None}
    if not children:
        return
    since = pool_rows.month_start(next(iter(batches.values())).now)
    found = await pool_rows.spending(session, children.keys(), since)
    parents = await pool_rows.pools(children.keys(), session)
    for child, account in children.items():
        month = found[child]
        batches[account].children[child] = ChildSpendingView(
            child, parents[child].parent, month.monthly_cap, month.spent, since
        )


def _apply_keyed(batch: Batch, op: Op) -> Applied | KeelError:
    digest = op.request_hash() if op.key else b""
    scoped = (_key_org(batch.org_id, op), op.scope, op.key)
    if op.key and scoped in batch.seen:
        stored_hash, result_id = batch.seen[scoped]
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
        batch.seen[scoped] = (digest, result_id)
        batch.keys.append(
            {
                "org_id": scoped[0],
                "owner_kind": op.scope.kind,
                "owner_id": op.scope.id,
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


def _replay(result_id: str) -> Applied:
    if result_id.startswith("t:"):
        return None, [uuid.UUID(t) for t in result_id[2:].split(",") if t]
    return uuid.UUID(result_id), []


def _reused(key: str) -> InvalidArgument:
    return InvalidArgument(
        "this idempotency key was used with other parameters",
        reason="IDEMPOTENCY_KEY_REUSED",
        metadata={"idempotency_key": key},
    )


async def _write(store: LedgerStore, batches: Collection[Batch]) -> None:
    """What the batches changed, one statement per table for all of them."""
    await store.insert(
        credit_reservations, [r for b in batches for r in b.new_reservations.values()]
    )
    finished = ("id", "status", "settled_amount", "uncovered_amount", "finished_at")
    await store.update(
        credit_reservations,
        "id",
        [{k: r[k] for k in finished} for b in batches for r in b.changed_reservations.values()],
    )
    buckets = [(b.org_id, bucket) for b in batches for bucket in b.buckets or []]
    await store.insert(
        credit_buckets,
        [
            {
                "id": bucket.id,
                "org_id": org_id,
                "kind": bucket.kind,
                "burn_order": BURN_ORDER[bucket.kind],
                "remaining": bucket.remaining,
                "expires_at": bucket.expires_at,
            }
            for org_id, bucket in buckets
            if bucket.is_new
        ],
    )
    await store.update(
        credit_buckets,
        "id",
        [
            {"id": bucket.id, "remaining": bucket.remaining, "expires_at": bucket.expires_at}
            for _, bucket in buckets
            if bucket.changed and not bucket.is_new
        ],
    )
    await store.insert(credit_transactions, [tx for b in batches for tx in b.transactions])
    await store.insert(idempotency_keys, [key for b in batches for key in b.keys])
    await store.update(credit_accounts, "org_id", _account_changes(batches))


def _account_changes(batches: Collection[Batch]) -> list[dict[str, Any]]:
    """The accounts that changed, with the columns that changed in any of them (pairs
    change only the balance and the reserved amount: the other columns are not sent)."""
    changed = {batch: batch.changed_columns() for batch in batches}
    columns = set().union(*changed.values())
    return [
        {
            "org_id": batch.org_id,
            **{k: v for k, v in batch.account_values().items() if k in columns},
        }
        for batch, names in changed.items()
        if names
    ]


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
    batches: Mapping[uuid.UUID, Batch],
    ops: Sequence[tuple[uuid.UUID, Op]],
    results: list[Applied | KeelError],
) -> list[Outcome | KeelError]:
    written = {tx["id"]: tx for b in batches.values() for tx in b.transactions}
    replayed = {t for r in results if not isinstance(r, KeelError) for t in r[1]} - set(written)
    if replayed:
        found = await store.transactions(replayed)
        written.update({tx_id: dict(row._mapping) for tx_id, row in found.items()})
    balances = {org_id: balance_of(batch) for org_id, batch in batches.items()}
    outcomes: list[Outcome | KeelError] = []
    for (org_id, op), result in zip(ops, results, strict=True):
        if isinstance(result, KeelError):
            outcomes.append(result)
            continue
        reservation_id, tx_ids = result
        res = batches[org_id].reservation(reservation_id) if reservation_id else None
        if reservation_id is not None and res is None:
            # A key whose hold is on another account: a child's own, from before billing
            # knew its parent (its operations now go to the pool, where the hold is not).
            outcomes.append(missing(reservation_id))
            continue
        child = batches[org_id].children.get(op.spent_by) if op.spent_by else None
        outcomes.append(
            Outcome(
                balance=dataclasses.replace(balances[org_id], child=child),
                reservation=reservation_view(res) if res else None,
                transactions=[transaction_view(written[t]) for t in tx_ids if t in written],
            )
        )
    return outcomes


# --- for callers inside their own transaction -------------------------------------------------


async def apply(
    session: AsyncSession, org_id: uuid.UUID, ops: Sequence[Op], now: datetime | None = None
) -> list[Outcome | KeelError]:
    """`apply_batch` for the operations of one organization."""
    return await apply_batch(session, [(org_id, op) for op in ops], now)


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
