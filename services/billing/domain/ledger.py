"""The credits ledger: balances in buckets, holds for work in flight, immutable transactions.

An organization's account keeps `balance` (the sum of its buckets) and `reserved` (held by
reservations); `available = balance - reserved` is what a new reservation may take and
`spendable = available + overdraft_limit` is what a settlement may reach. The database
refuses any state where available < -overdraft_limit, and any transaction whose sign does
not fit its type; transactions are append-only.

Every operation runs under the account's row lock, so operations of one organization are
serialized across all replicas. Within a replica, operations of the same organization that
arrive together are applied as one batch in one database transaction (group commit, as
TigerBeetle batches transfers): one lock, a few reads, one write per table and one commit
for the whole batch. That is what lets one hot organization take thousands of operations a
second; each operation's outcome is still its own (a refused reservation does not undo the
others of its batch). `apply()` is the same logic inside a caller's transaction, for
changes that must commit together with something else (a Stripe event and its grant).

Idempotency: each mutating operation carries a key, unique per organization. The first
call stores the key with a hash of its parameters and what it produced; the same key again
returns that (its current state), the same key with other parameters is refused.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from keel.billing.v1 import events_pb2
from keel_runtime import events
from keel_runtime.db import Database
from keel_runtime.errors import FailedPrecondition, InvalidArgument, KeelError, NotFound
from services.billing.data.ledger import LedgerStore, Row
from services.billing.data.models import (
    credit_buckets,
    credit_reservations,
    credit_transactions,
    idempotency_keys,
)
from services.billing.domain.money import ZERO, credits, text

log = logging.getLogger("keel.billing.ledger")

BURN_ORDER = {"monthly": 1, "purchased": 2, "promotional": 3}
LOW_BALANCE_SHARE = Decimal("0.2")
MAX_BATCH = 256
UPGRADE_HINT = "buy credits (GET /v1/credit-packages) or upgrade the plan (GET /v1/plans)"


# --- views returned to callers ------------------------------------------------------------


@dataclass(frozen=True)
class BucketView:
    kind: str
    remaining: Decimal
    expires_at: datetime | None


@dataclass(frozen=True)
class BalanceView:
    org_id: uuid.UUID
    balance: Decimal
    reserved: Decimal
    overdraft_limit: Decimal
    monthly_allocation: Decimal
    period_start: datetime
    period_end: datetime
    buckets: list[BucketView]

    @property
    def available(self) -> Decimal:
        return self.balance - self.reserved

    @property
    def spendable(self) -> Decimal:
        return self.available + self.overdraft_limit


@dataclass(frozen=True)
class ReservationView:
    id: uuid.UUID
    org_id: uuid.UUID
    status: str
    amount: Decimal
    settled_amount: Decimal | None
    uncovered_amount: Decimal | None
    expires_at: datetime
    created_at: datetime
    finished_at: datetime | None
    metadata: dict[str, Any]


@dataclass(frozen=True)
class TransactionView:
    id: uuid.UUID
    org_id: uuid.UUID
    type: str
    amount: Decimal
    balance_after: Decimal
    reserved_change: Decimal
    reserved_after: Decimal
    bucket_kind: str | None
    reservation_id: uuid.UUID | None
    reference: str
    idempotency_key: str | None
    metadata: dict[str, Any]
    created_at: datetime


@dataclass(frozen=True)
class Outcome:
    """What an operation produced, with the account's balance right after the batch."""

    balance: BalanceView
    reservation: ReservationView | None = None
    transactions: list[TransactionView] = field(default_factory=list)


# --- operations ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Op:
    """A ledger operation; `key` is its idempotency key ("" for the sweeper's own)."""

    key: str

    def params(self) -> list[Any]:
        raise NotImplementedError

    def request_hash(self) -> bytes:
        payload = json.dumps([type(self).__name__, self.params()], sort_keys=True, default=str)
        return hashlib.sha256(payload.encode()).digest()

    @property
    def reservation_id(self) -> uuid.UUID | None:
        return None


@dataclass(frozen=True)
class Reserve(Op):
    amount: Decimal
    ttl: timedelta
    metadata: dict[str, Any]

    def params(self) -> list[Any]:
        return [text(self.amount), self.ttl.total_seconds(), self.metadata]


@dataclass(frozen=True)
class Settle(Op):
    id: uuid.UUID
    actual: Decimal

    def params(self) -> list[Any]:
        return [str(self.id), text(self.actual)]

    @property
    def reservation_id(self) -> uuid.UUID | None:
        return self.id


@dataclass(frozen=True)
class Release(Op):
    id: uuid.UUID

    def params(self) -> list[Any]:
        return [str(self.id)]

    @property
    def reservation_id(self) -> uuid.UUID | None:
        return self.id


@dataclass(frozen=True)
class Expire(Op):
    """The sweeper ends a hold whose time is up (no key: ending it twice does nothing)."""

    id: uuid.UUID

    def params(self) -> list[Any]:
        return [str(self.id)]

    @property
    def reservation_id(self) -> uuid.UUID | None:
        return self.id


@dataclass(frozen=True)
class Grant(Op):
    """Credits in: a top-up, a promotion, a plan change's extra allocation."""

    amount: Decimal
    kind: str  # bucket: monthly | purchased | promotional
    type: str  # topup_purchase | promo_bonus | plan_allocation | plan_change_adjustment
    reference: str
    # When the credits expire: at a given time, or this long after the grant (the same
    # parameters whenever a retry comes), or never.
    expires_at: datetime | None = None
    expires_after: timedelta | None = None
    metadata: dict[str, Any] = field(default_factory=dict)

    def params(self) -> list[Any]:
        after = self.expires_after.total_seconds() if self.expires_after else None
        return [text(self.amount), self.kind, self.type, self.expires_at, after, self.metadata]

    def expiry(self, now: datetime) -> datetime | None:
        return now + self.expires_after if self.expires_after else self.expires_at


@dataclass(frozen=True)
class Adjust(Op):
    """A platform admin's correction of the monthly bucket and/or the overdraft limit."""

    amount: Decimal
    overdraft_limit: Decimal | None
    reason: str

    def params(self) -> list[Any]:
        limit = None if self.overdraft_limit is None else text(self.overdraft_limit)
        return [text(self.amount), limit, self.reason]


@dataclass(frozen=True)
class StartPeriod(Op):
    """A new period: the monthly allocation is granted and what was left of the last one
    expires (an overdraft carried in the monthly bucket is repaid by the new allocation)."""

    allocation: Decimal
    period_start: datetime
    period_end: datetime
    reference: str

    def params(self) -> list[Any]:
        return [text(self.allocation), self.period_start, self.period_end]


@dataclass(frozen=True)
class SetAllocation(Op):
    """The plan changed within the period: record the new allocation (and grant the
    difference when it grew, as a plan_change_adjustment)."""

    allocation: Decimal
    reference: str

    def params(self) -> list[Any]:
        return [text(self.allocation)]


@dataclass(frozen=True)
class ExpireBuckets(Op):
    """The sweeper expires what is left in buckets past their expiry. Credits still held by
    reservations in flight wait for those to finish: available never goes below zero."""

    def params(self) -> list[Any]:
        return []


# --- the batch: one account's state while its operations are applied -----------------------


@dataclass
class _Bucket:
    id: uuid.UUID
    kind: str
    remaining: Decimal
    expires_at: datetime | None
    created_at: datetime
    is_new: bool = False
    changed: bool = False

    def sort_key(self) -> tuple[int, datetime, datetime]:
        never = datetime.max.replace(tzinfo=UTC)
        return (BURN_ORDER[self.kind], self.expires_at or never, self.created_at)


class _Batch:
    def __init__(self, account: Row, now: datetime) -> None:
        self.org_id: uuid.UUID = account.org_id
        self.balance: Decimal = account.balance
        self.reserved: Decimal = account.reserved
        self.overdraft_limit: Decimal = account.overdraft_limit
        self.period_start: datetime = account.period_start
        self.period_end: datetime = account.period_end
        self.monthly_allocation: Decimal = account.monthly_allocation
        self.low_balance_notified: bool = account.low_balance_notified
        self.now = now
        self.buckets: list[_Bucket] | None = None
        self.reservations: dict[uuid.UUID, Row | dict[str, Any]] = {}
        self.new_reservations: dict[uuid.UUID, dict[str, Any]] = {}
        self.changed_reservations: dict[uuid.UUID, dict[str, Any]] = {}
        self.transactions: list[dict[str, Any]] = []
        self.keys: list[dict[str, Any]] = []

    @property
    def available(self) -> Decimal:
        return self.balance - self.reserved

    # --- recording ----------------------------------------------------------------------

    def record(
        self,
        type: str,
        op: Op,
        *,
        amount: Decimal = ZERO,
        reserved_change: Decimal = ZERO,
        bucket: _Bucket | None = None,
        reservation_id: uuid.UUID | None = None,
        reference: str = "",
        metadata: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        self.balance += amount
        self.reserved += reserved_change
        if bucket is not None and amount:
            bucket.remaining += amount
            bucket.changed = True
        row = {
            "id": uuid.uuid4(),
            "org_id": self.org_id,
            "type": type,
            "amount": amount,
            "balance_after": self.balance,
            "reserved_change": reserved_change,
            "reserved_after": self.reserved,
            "bucket_id": bucket.id if bucket else None,
            "bucket_kind": bucket.kind if bucket else None,
            "reservation_id": reservation_id,
            "reference": reference,
            "idempotency_key": op.key or None,
            "metadata": metadata or {},
            "created_at": self.now,
        }
        self.transactions.append(row)
        return row

    def monthly(self) -> _Bucket:
        assert self.buckets is not None
        return next(b for b in self.buckets if b.kind == "monthly")

    def new_bucket(self, kind: str, expires_at: datetime | None) -> _Bucket:
        assert self.buckets is not None
        bucket = _Bucket(uuid.uuid4(), kind, ZERO, expires_at, self.now, is_new=True)
        self.buckets.append(bucket)
        return bucket

    def burn(self, amount: Decimal) -> list[tuple[_Bucket, Decimal]]:
        """Which buckets pay `amount`, in burn order; beyond them, the monthly bucket goes
        negative (the overdraft, repaid by the next allocation)."""
        assert self.buckets is not None
        taken: list[tuple[_Bucket, Decimal]] = []
        left = amount
        for bucket in sorted(self.buckets, key=_Bucket.sort_key):
            if left <= 0:
                break
            if bucket.remaining > 0:
                take = min(bucket.remaining, left)
                taken.append((bucket, take))
                left -= take
        if left > 0:
            taken.append((self.monthly(), left))
        return taken

    def reservation(self, reservation_id: uuid.UUID) -> dict[str, Any] | None:
        found = self.reservations.get(reservation_id)
        if found is None:
            return None
        return found if isinstance(found, dict) else dict(found._mapping)

    def finish(self, res: dict[str, Any], status: str, **values: Any) -> None:
        res.update(status=status, finished_at=self.now, **values)
        self.reservations[res["id"]] = res
        if res["id"] in self.new_reservations:
            self.new_reservations[res["id"]] = res
        else:
            self.changed_reservations[res["id"]] = res


# --- applying each operation -----------------------------------------------------------------

Result = tuple[uuid.UUID | None, list[dict[str, Any]]]  # (reservation id, transactions)


def _insufficient(amount: Decimal, available: Decimal) -> FailedPrecondition:
    return FailedPrecondition(
        f"not enough credits: {text(amount)} asked, {text(max(available, ZERO))} available",
        reason="INSUFFICIENT_CREDITS",
        metadata={
            "requested": text(amount),
            "available": text(available),
            "shortfall": text(amount - max(available, ZERO)),
            "upgrade_hint": UPGRADE_HINT,
        },
    )


def _not_held(res: dict[str, Any]) -> FailedPrecondition:
    return FailedPrecondition(
        f"the reservation is {res['status']}, no longer held",
        reason="RESERVATION_NOT_HELD",
        metadata={"reservation_id": str(res["id"]), "status": res["status"]},
    )


def _missing(reservation_id: uuid.UUID) -> NotFound:
    return NotFound(
        f"no reservation {reservation_id}",
        reason="RESERVATION_NOT_FOUND",
        metadata={"reservation_id": str(reservation_id)},
    )


def _reserve(batch: _Batch, op: Reserve) -> Result | KeelError:
    if op.amount <= 0:
        return InvalidArgument("amount must be more than zero", reason="INVALID_AMOUNT")
    if batch.available < op.amount:
        return _insufficient(op.amount, batch.available)
    reservation_id = uuid.uuid4()
    res: dict[str, Any] = {
        "id": reservation_id,
        "org_id": batch.org_id,
        "amount": op.amount,
        "status": "held",
        "settled_amount": None,
        "uncovered_amount": None,
        "expires_at": batch.now + op.ttl,
        "metadata": op.metadata,
        "created_at": batch.now,
        "finished_at": None,
    }
    batch.reservations[reservation_id] = res
    batch.new_reservations[reservation_id] = res
    tx = batch.record(
        "reservation_hold", op, reserved_change=op.amount, reservation_id=reservation_id
    )
    return reservation_id, [tx]


def _end_hold(batch: _Batch, op: Op, status: str, tx_type: str) -> Result | KeelError:
    res = batch.reservation(op.reservation_id)  # type: ignore[arg-type]
    if res is None:
        return _missing(op.reservation_id)  # type: ignore[arg-type]
    if res["status"] != "held":
        # The sweeper may find a hold already ended by a settlement: nothing to do.
        return (res["id"], []) if isinstance(op, Expire) else _not_held(res)
    batch.finish(res, status)
    tx = batch.record(tx_type, op, reserved_change=-res["amount"], reservation_id=res["id"])
    return res["id"], [tx]


def _settle(batch: _Batch, op: Settle) -> Result | KeelError:
    res = batch.reservation(op.id)
    if res is None:
        return _missing(op.id)
    if res["status"] != "held":
        return _not_held(res)
    if res["expires_at"] <= batch.now:
        # Too late: the hold is over (the sweeper would have ended it); say so, end it.
        _end_hold(batch, Expire("", op.id), "expired", "reservation_expiry")
        return _not_held(batch.reservation(op.id) or res)
    held: Decimal = res["amount"]
    # Beyond the hold, only as far as the overdraft allows; the rest is reported.
    ceiling = batch.available + held + batch.overdraft_limit
    charge = min(op.actual, max(ceiling, held))
    batch.finish(res, "settled", settled_amount=charge, uncovered_amount=op.actual - charge)
    txs: list[dict[str, Any]] = []
    parts = batch.burn(charge) if charge > 0 else []
    if not parts:  # nothing charged: the hold simply ends
        txs.append(batch.record("ai_consumption", op, reserved_change=-held, reservation_id=op.id))
    for i, (bucket, take) in enumerate(parts):
        txs.append(
            batch.record(
                "ai_consumption",
                op,
                amount=-take,
                reserved_change=-held if i == 0 else ZERO,
                bucket=bucket,
                reservation_id=op.id,
            )
        )
    return op.id, txs


def _grant(batch: _Batch, op: Grant) -> Result | KeelError:
    if op.amount <= 0:
        return InvalidArgument("amount must be more than zero", reason="INVALID_AMOUNT")
    if op.kind == "monthly":
        bucket = batch.monthly()
    else:
        bucket = batch.new_bucket(op.kind, op.expiry(batch.now))
    tx = batch.record(
        op.type, op, amount=op.amount, bucket=bucket, reference=op.reference, metadata=op.metadata
    )
    return None, [tx]


def _adjust(batch: _Batch, op: Adjust) -> Result | KeelError:
    limit = batch.overdraft_limit if op.overdraft_limit is None else op.overdraft_limit
    if batch.available + op.amount < -limit:
        return FailedPrecondition(
            "the adjustment would take the available balance below the overdraft limit",
            reason="OVERDRAFT_EXCEEDED",
            metadata={"available": text(batch.available), "overdraft_limit": text(limit)},
        )
    batch.overdraft_limit = limit
    if op.amount == 0:
        return None, []
    tx = batch.record(
        "admin_adjustment",
        op,
        amount=op.amount,
        bucket=batch.monthly(),
        reference=op.reason,
        metadata={"reason": op.reason},
    )
    return None, [tx]


def _start_period(batch: _Batch, op: StartPeriod) -> Result | KeelError:
    monthly = batch.monthly()
    left_over = max(monthly.remaining, ZERO)
    txs = []
    if op.allocation > 0:
        txs.append(
            batch.record(
                "plan_allocation", op, amount=op.allocation, bucket=monthly, reference=op.reference
            )
        )
    expiring = min(left_over, max(batch.available, ZERO))
    if expiring > 0:
        txs.append(
            batch.record("expiration", op, amount=-expiring, bucket=monthly, reference=op.reference)
        )
    monthly.expires_at, monthly.changed = op.period_end, True
    batch.period_start, batch.period_end = op.period_start, op.period_end
    batch.monthly_allocation, batch.low_balance_notified = op.allocation, False
    return None, txs


def _set_allocation(batch: _Batch, op: SetAllocation) -> Result | KeelError:
    grown = op.allocation - batch.monthly_allocation
    batch.monthly_allocation = op.allocation
    if grown <= 0:  # a downgrade keeps this period's credits; the next allocation is smaller
        return None, []
    tx = batch.record(
        "plan_change_adjustment", op, amount=grown, bucket=batch.monthly(), reference=op.reference
    )
    return None, [tx]


def _expire_buckets(batch: _Batch, op: ExpireBuckets) -> Result | KeelError:
    assert batch.buckets is not None
    txs = []
    for bucket in batch.buckets:
        if bucket.kind == "monthly" or bucket.expires_at is None:
            continue
        if bucket.expires_at > batch.now or bucket.remaining <= 0:
            continue
        expiring = min(bucket.remaining, max(batch.available, ZERO))
        if expiring > 0:
            txs.append(batch.record("expiration", op, amount=-expiring, bucket=bucket))
    return None, txs


def _apply_one(batch: _Batch, op: Op) -> Result | KeelError:
    if isinstance(op, Reserve):
        return _reserve(batch, op)
    if isinstance(op, Settle):
        return _settle(batch, op)
    if isinstance(op, Release):
        return _end_hold(batch, op, "released", "reservation_release")
    if isinstance(op, Expire):
        return _end_hold(batch, op, "expired", "reservation_expiry")
    if isinstance(op, Grant):
        return _grant(batch, op)
    if isinstance(op, Adjust):
        return _adjust(batch, op)
    if isinstance(op, StartPeriod):
        return _start_period(batch, op)
    if isinstance(op, SetAllocation):
        return _set_allocation(batch, op)
    if isinstance(op, ExpireBuckets):
        return _expire_buckets(batch, op)
    raise TypeError(f"unknown ledger operation {op!r}")


def _needs_buckets(op: Op) -> bool:
    return not isinstance(op, Reserve | Release | Expire)


def _reused(key: str) -> InvalidArgument:
    return InvalidArgument(
        "this idempotency key was used with other parameters",
        reason="IDEMPOTENCY_KEY_REUSED",
        metadata={"idempotency_key": key},
    )


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
    batch = _Batch(account, now or datetime.now(UTC))
    keys = {op.key for op in ops if op.key}
    seen = {
        k: (row.request_hash, row.result_id)
        for k, row in (await store.idempotency(org_id, keys) if keys else {}).items()
    }
    wanted = {op.reservation_id for op in ops if op.reservation_id is not None}
    wanted |= {uuid.UUID(r) for _, r in seen.values() if not r.startswith("t:")}
    if wanted:
        batch.reservations.update(await store.reservations(org_id, wanted))
    if any(_needs_buckets(op) for op in ops):
        batch.buckets = [
            _Bucket(b.id, b.kind, b.remaining, b.expires_at, b.created_at)
            for b in await store.buckets(org_id)
        ]
    results: list[tuple[uuid.UUID | None, list[uuid.UUID]] | KeelError] = []
    for op in ops:
        results.append(_apply_keyed(batch, op, seen))
    await _maybe_low_balance(session, batch)  # before the write, which records the flag
    await _write(store, batch, account)
    return await _outcomes(store, batch, results)


def _apply_keyed(
    batch: _Batch, op: Op, seen: dict[str, tuple[bytes, str]]
) -> tuple[uuid.UUID | None, list[uuid.UUID]] | KeelError:
    digest = op.request_hash() if op.key else b""
    if op.key in seen:
        stored_hash, result_id = seen[op.key]
        if stored_hash != digest:
            return _reused(op.key)
        return _replay(result_id)
    result = _apply_one(batch, op)
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


async def _write(store: LedgerStore, batch: _Batch, account: Row) -> None:
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


async def _maybe_low_balance(session: AsyncSession, batch: _Batch) -> None:
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
    batch: _Batch,
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


def _balance_of(batch: _Batch) -> BalanceView:
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
        raise _missing(reservation_id)
    return _reservation_view(dict(row._mapping))


# --- the engine: batches of one organization's operations ---------------------------------------


class Ledger:
    """Applies operations arriving at once for the same organization as one batch.

    While a batch of an organization commits, its next operations queue; they go together
    in the next batch. With one caller at a time a batch is one operation: no added wait.
    """

    def __init__(self, database: Database, *, max_batch: int = MAX_BATCH) -> None:
        self.database = database
        self.max_batch = max_batch
        self._queues: dict[uuid.UUID, list[tuple[Op, asyncio.Future[Outcome | KeelError]]]] = {}
        self._drains: set[asyncio.Task[None]] = set()

    async def submit(self, org_id: uuid.UUID, op: Op) -> Outcome:
        """Apply `op` (batched with others of the same organization); raises its refusal."""
        future: asyncio.Future[Outcome | KeelError] = asyncio.get_running_loop().create_future()
        queue = self._queues.get(org_id)
        if queue is None:
            self._queues[org_id] = [(op, future)]
            task = asyncio.create_task(self._drain(org_id))
            self._drains.add(task)
            task.add_done_callback(self._drains.discard)
        else:
            queue.append((op, future))
        outcome = await future
        if isinstance(outcome, KeelError):
            raise outcome
        return outcome

    async def _drain(self, org_id: uuid.UUID) -> None:
        queue = self._queues[org_id]
        try:
            while queue:
                batch = queue[: self.max_batch]
                del queue[: self.max_batch]
                await self._run(org_id, batch)
        finally:
            del self._queues[org_id]

    async def _run(
        self, org_id: uuid.UUID, batch: list[tuple[Op, asyncio.Future[Outcome | KeelError]]]
    ) -> None:
        try:
            async with self.database.sessions() as session, session.begin():
                outcomes = await apply(session, org_id, [op for op, _ in batch])
        except Exception as exc:
            if len(batch) > 1:
                # Find the operation the database refused: the others still go through.
                for item in batch:
                    await self._run(org_id, [item])
                return
            if not batch[0][1].done():
                batch[0][1].set_exception(exc)
            return
        for (_, future), outcome in zip(batch, outcomes, strict=True):
            if not future.done():
                future.set_result(outcome)

    async def wait_idle(self) -> None:
        """Until every queued operation is applied (for shutdown and tests)."""
        while self._drains:
            await asyncio.gather(*list(self._drains), return_exceptions=True)
