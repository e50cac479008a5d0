"""One account's state in memory while a batch of its operations is applied, and the rule
of each operation: what it may do to the buckets, the reservations and the balance, and the
transactions it records. Nothing here reads or writes the database (transaction.py does).
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from keel_runtime.errors import (
    FailedPrecondition,
    InvalidArgument,
    KeelError,
    NotFound,
    QuotaExceeded,
    QuotaViolation,
)
from services.billing.data.ledger import Row
from services.billing.domain.ledger.operations import (
    CHILD_SPENDING_CAP_EXCEEDED,
    LEGACY,
    Adjust,
    ChildSpendingView,
    Expire,
    ExpireBuckets,
    Grant,
    OnHold,
    Op,
    Owner,
    Release,
    Reserve,
    SetAllocation,
    Settle,
    StartPeriod,
    refusal,
)
from services.billing.domain.ledger.reversals import Reverse, reverse
from services.billing.domain.money import ZERO, text

BURN_ORDER = {"monthly": 1, "purchased": 2, "promotional": 3}
UPGRADE_HINT = "buy credits (GET /v1/credit-packages) or upgrade the plan (GET /v1/plans)"


# --- the batch: one account's state while its operations are applied -----------------------


@dataclass
class Bucket:
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


class Batch:
    def __init__(self, account: Row, now: datetime, max_open_holds: int) -> None:
        self.org_id: uuid.UUID = account.org_id
        self.balance: Decimal = account.balance
        self.reserved: Decimal = account.reserved
        self.overdraft_limit: Decimal = account.overdraft_limit
        self.period_start: datetime = account.period_start
        self.period_end: datetime = account.period_end
        self.monthly_allocation: Decimal = account.monthly_allocation
        self.low_balance_notified: bool = account.low_balance_notified
        self.now = now
        # The holds open, counted (transaction.py) when the batch reserves, and the cap.
        self.open_holds = 0
        self.max_open_holds = max_open_holds
        self.buckets: list[Bucket] | None = None
        self.reservations: dict[uuid.UUID, Row | dict[str, Any]] = {}
        self.new_reservations: dict[uuid.UUID, dict[str, Any]] = {}
        self.changed_reservations: dict[uuid.UUID, dict[str, Any]] = {}
        self.transactions: list[dict[str, Any]] = []
        # Idempotency: the keys known (stored, or used earlier in the batch), by (scope, key)
        # → (request hash, result id); and the rows of the keys this batch uses first, to store.
        # (The organization is the one the key is among: a child's own, on its pool.)
        self.seen: dict[tuple[uuid.UUID, Owner, str], tuple[bytes, str]] = {}
        self.keys: list[dict[str, Any]] = []
        # The sub-organizations the batch's operations are made for (on this pool): their
        # month so far, read under the account's lock (transaction.py) and kept up to date
        # by the batch's holds, so that concurrent holds at a cap cannot both pass.
        self.children: dict[uuid.UUID, ChildSpendingView] = {}
        self.loaded = self.account_values()  # as read: what the write compares with

    @property
    def available(self) -> Decimal:
        return self.balance - self.reserved

    @property
    def spendable(self) -> Decimal:
        return self.available + self.overdraft_limit

    def cap_left(self, child: uuid.UUID | None) -> Decimal | None:
        found = self.children.get(child) if child is not None else None
        return found.cap_left if found is not None else None

    def spend(self, child: uuid.UUID | None, amount: Decimal) -> None:
        """The child's month changed by `amount` (a hold made, ended, settled)."""
        found = self.children.get(child) if child is not None else None
        if found is not None and amount:
            self.children[found.org_id] = dataclasses.replace(found, spent=found.spent + amount)

    def account_values(self) -> dict[str, Any]:
        """The account's columns as the batch has them."""
        return {
            "balance": self.balance,
            "reserved": self.reserved,
            "overdraft_limit": self.overdraft_limit,
            "period_start": self.period_start,
            "period_end": self.period_end,
            "monthly_allocation": self.monthly_allocation,
            "low_balance_notified": self.low_balance_notified,
        }

    def changed_columns(self) -> set[str]:
        return {k for k, v in self.account_values().items() if self.loaded[k] != v}

    # --- recording ----------------------------------------------------------------------

    def record(
        self,
        type: str,
        op: Op,
        *,
        amount: Decimal = ZERO,
        reserved_change: Decimal = ZERO,
        bucket: Bucket | None = None,
        reservation_id: uuid.UUID | None = None,
        reference: str = "",
        metadata: dict[str, Any] | None = None,
        spent_by: uuid.UUID | None = None,
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
            "spent_by_org_id": spent_by or op.spent_by,
        }
        self.transactions.append(row)
        return row

    def monthly(self) -> Bucket:
        assert self.buckets is not None
        return next(b for b in self.buckets if b.kind == "monthly")

    def new_bucket(self, kind: str, expires_at: datetime | None) -> Bucket:
        assert self.buckets is not None
        bucket = Bucket(uuid.uuid4(), kind, ZERO, expires_at, self.now, is_new=True)
        self.buckets.append(bucket)
        return bucket

    def burn(self, amount: Decimal) -> list[tuple[Bucket, Decimal]]:
        """Which buckets pay `amount`, in burn order; beyond them, the monthly bucket goes
        negative (the overdraft, repaid by the next allocation)."""
        assert self.buckets is not None
        taken: list[tuple[Bucket, Decimal]] = []
        left = amount
        for bucket in sorted(self.buckets, key=Bucket.sort_key):
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
        self.open_holds -= 1
        self.reservations[res["id"]] = res
        if res["id"] in self.new_reservations:
            self.new_reservations[res["id"]] = res
        else:
            self.changed_reservations[res["id"]] = res


# --- applying each operation -----------------------------------------------------------------

Result = tuple[uuid.UUID | None, list[dict[str, Any]]]  # (reservation id, transactions)


def _insufficient(amount: Decimal, batch: Batch) -> FailedPrecondition:
    spendable = max(batch.spendable, ZERO)
    return FailedPrecondition(
        f"not enough credits: {text(amount)} asked, {text(spendable)} spendable",
        reason="INSUFFICIENT_CREDITS",
        metadata={
            "requested": text(amount),
            "available": text(batch.available),
            "spendable": text(batch.spendable),
            "shortfall": text(amount - spendable),
            "upgrade_hint": UPGRADE_HINT,
        },
    )


def over_cap(amount: Decimal, child: ChildSpendingView) -> QuotaExceeded:
    """A sub-organization's hold refused by its monthly cap: what it spent, the cap, and the
    parent whose owners may raise it."""
    cap = child.monthly_cap or ZERO
    parent = child.parent_org_id or ""
    return QuotaExceeded(
        f"this sub-organization's monthly cap of {text(cap)} credits would be passed: "
        f"{text(child.spent)} spent this month (UTC), {text(amount)} asked; the parent "
        "organization's owners may raise it",
        reason=CHILD_SPENDING_CAP_EXCEEDED,
        metadata={
            "cap": text(cap),
            "spent": text(child.spent),
            "requested": text(amount),
            "child_org_id": str(child.org_id),
            "parent_org_id": str(parent),
        },
        quota_violations=[
            QuotaViolation(
                f"org:{child.org_id}",
                f"{text(cap)} credits a month, set by organization {parent}",
            )
        ],
    )


def _too_many_holds(batch: Batch) -> QuotaExceeded:
    limit = batch.max_open_holds
    return QuotaExceeded(
        f"{batch.open_holds} holds are open, the most this organization may have at once: "
        "settle or release one first (a hold past its expiry ends within seconds)",
        reason="OPEN_HOLDS_LIMIT_EXCEEDED",
        metadata={"limit": str(limit), "open": str(batch.open_holds)},
        quota_violations=[
            QuotaViolation(f"org:{batch.org_id}", f"{limit} open credit holds per organization")
        ],
    )


def _not_held(res: dict[str, Any]) -> FailedPrecondition:
    return FailedPrecondition(
        f"the reservation is {res['status']}, no longer held",
        reason="RESERVATION_NOT_HELD",
        metadata={"reservation_id": str(res["id"]), "status": res["status"]},
    )


def missing(reservation_id: uuid.UUID) -> NotFound:
    return NotFound(
        f"no reservation {reservation_id}",
        reason="RESERVATION_NOT_FOUND",
        metadata={"reservation_id": str(reservation_id)},
    )


def holder(res: Mapping[str, Any]) -> Owner:
    return Owner(res["owner_kind"], res["owner_id"])


def owned_by(res: Mapping[str, Any], owner: Owner) -> bool:
    """Whether `owner` holds the hold `res` (a legacy hold is nobody's)."""
    found = holder(res)
    return found.kind != LEGACY and found == owner


def _own_hold(batch: Batch, op: OnHold) -> dict[str, Any] | NotFound:
    """The hold `op` names, if its caller may touch it. Someone else's hold answers as one
    that does not exist (nothing about other holders is revealed): checked before anything
    else about it (its status, the amount)."""
    res = batch.reservation(op.id)
    if res is None:
        return missing(op.id)
    if isinstance(op, Expire):  # the sweeper ends any hold whose time is up
        return res
    if res.get("spent_by_org_id") != op.spent_by:
        # A pool's hold is the organization's it was made for: the parent's and each
        # child's are apart, whoever asks (a platform admin's release included).
        return missing(op.id)
    if isinstance(op, Release) and op.any_owner:
        return res
    if isinstance(op, Settle | Release) and owned_by(res, op.owner):
        return res
    return missing(op.id)


def _reserve(batch: Batch, op: Reserve) -> Result | KeelError:
    if op.amount <= 0:
        return InvalidArgument("amount must be more than zero", reason="INVALID_AMOUNT")
    if batch.open_holds >= batch.max_open_holds:
        return _too_many_holds(batch)
    refused = refusal(batch.spendable, batch.cap_left(op.spent_by), op.amount)
    if refused == CHILD_SPENDING_CAP_EXCEEDED:
        assert op.spent_by is not None
        return over_cap(op.amount, batch.children[op.spent_by])
    if refused is not None:
        return _insufficient(op.amount, batch)
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
        "owner_kind": op.owner.kind,
        "owner_id": op.owner.id,
        "spent_by_org_id": op.spent_by,
    }
    batch.reservations[reservation_id] = res
    batch.new_reservations[reservation_id] = res
    batch.open_holds += 1
    batch.spend(op.spent_by, op.amount)
    tx = batch.record(
        "reservation_hold", op, reserved_change=op.amount, reservation_id=reservation_id
    )
    return reservation_id, [tx]


def _end_hold(batch: Batch, op: OnHold, status: str, tx_type: str) -> Result | KeelError:
    res = _own_hold(batch, op)
    if isinstance(res, KeelError):
        return res
    if res["status"] != "held":
        # The sweeper may find a hold already ended by a settlement: nothing to do.
        return (res["id"], []) if isinstance(op, Expire) else _not_held(res)
    batch.finish(res, status)
    spent_by = res.get("spent_by_org_id")
    batch.spend(spent_by, -res["amount"])
    tx = batch.record(
        tx_type, op, reserved_change=-res["amount"], reservation_id=res["id"], spent_by=spent_by
    )
    return res["id"], [tx]


def _settle(batch: Batch, op: Settle) -> Result | KeelError:
    res = _own_hold(batch, op)
    if isinstance(res, KeelError):
        return res
    if res["status"] != "held":
        return _not_held(res)
    if res["expires_at"] <= batch.now:
        # Too late: the hold is over (the sweeper would have ended it); say so, end it.
        _end_hold(batch, Expire("", op.id), "expired", "reservation_expiry")
        return _not_held(batch.reservation(op.id) or res)
    held: Decimal = res["amount"]
    # Beyond the hold, only as far as the overdraft allows; the rest is reported.
    ceiling = batch.spendable + held
    charge = min(op.actual, max(ceiling, held))
    batch.finish(res, "settled", settled_amount=charge, uncovered_amount=op.actual - charge)
    batch.spend(op.spent_by, charge - held)  # the hold counted; now the charge does
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


def _grant(batch: Batch, op: Grant) -> Result | KeelError:
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


def _adjust(batch: Batch, op: Adjust) -> Result | KeelError:
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


def _start_period(batch: Batch, op: StartPeriod) -> Result | KeelError:
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


def _set_allocation(batch: Batch, op: SetAllocation) -> Result | KeelError:
    grown = op.allocation - batch.monthly_allocation
    batch.monthly_allocation = op.allocation
    if grown <= 0:  # a downgrade keeps this period's credits; the next allocation is smaller
        return None, []
    tx = batch.record(
        "plan_change_adjustment", op, amount=grown, bucket=batch.monthly(), reference=op.reference
    )
    return None, [tx]


def _expire_buckets(batch: Batch, op: ExpireBuckets) -> Result | KeelError:
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


def apply_op(batch: Batch, op: Op) -> Result | KeelError:
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
    if isinstance(op, Reverse):
        return reverse(batch, op)
    raise TypeError(f"unknown ledger operation {op!r}")


def needs_buckets(op: Op) -> bool:
    return not isinstance(op, Reserve | Release | Expire)
