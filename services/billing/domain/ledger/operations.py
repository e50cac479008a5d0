"""What callers ask of the ledger (the operations) and what they get back (the views).

Each mutating operation carries an idempotency key, unique per organization, and its
parameters: `request_hash()` is what tells a retry of the same operation from the key used
again with other parameters.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from services.billing.domain.money import text

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
class OnHold(Op):
    """An operation on one reservation (hold)."""

    id: uuid.UUID

    def params(self) -> list[Any]:
        return [str(self.id)]

    @property
    def reservation_id(self) -> uuid.UUID | None:
        return self.id


@dataclass(frozen=True)
class Settle(OnHold):
    actual: Decimal

    def params(self) -> list[Any]:
        return [str(self.id), text(self.actual)]


@dataclass(frozen=True)
class Release(OnHold):
    pass


@dataclass(frozen=True)
class Expire(OnHold):
    """The sweeper ends a hold whose time is up (no key: ending it twice does nothing)."""


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
