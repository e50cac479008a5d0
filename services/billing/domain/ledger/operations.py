"""What callers ask of the ledger (the operations) and what they get back (the views).

Each mutating operation carries an idempotency key and its parameters: `request_hash()` is
what tells a retry of the same operation from the key used again with other parameters. A
key is unique within its organization and its `scope`: the holder's, for the operations on
holds (so one holder cannot claim another's keys ahead of it), the organization's for the
rest (grants, adjustments, Stripe's and the sweeper's operations).
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

# --- who holds a reservation --------------------------------------------------------------


@dataclass(frozen=True)
class Owner:
    """The principal that made a hold, and the only one that settles it, releases it or
    reads it (a platform admin may release any hold); to any other caller it does not exist.

    `kind`: "user" (`id`: the user id), "api_key" (the key id: a key acting for its creator
    still holds as the key, so what a script holds stays the script's), "service" (a Keel
    service acting as itself: its name), "legacy" (a hold made before holders were recorded:
    nobody's, only a platform admin releases it, the sweeper expires it).
    """

    kind: str
    id: str

    @classmethod
    def user(cls, user_id: str) -> Owner:
        return cls("user", user_id)

    @classmethod
    def api_key(cls, key_id: str) -> Owner:
        return cls("api_key", key_id)

    @classmethod
    def service(cls, name: str) -> Owner:
        return cls("service", name)


LEGACY = "legacy"
# Not a holder: the key scope of the operations no caller holds (grants, adjustments,
# Stripe's, the sweeper's), which stay unique per organization.
ORGANIZATION = Owner("organization", "")


# --- the credit rule -----------------------------------------------------------------------


INSUFFICIENT_CREDITS = "INSUFFICIENT_CREDITS"
CHILD_SPENDING_CAP_EXCEEDED = "CHILD_SPENDING_CAP_EXCEEDED"


def covers(spendable: Decimal, amount: Decimal) -> bool:
    """Whether `amount` may be taken: the one rule of a new hold, of CheckAIAccess and of a
    run's admission, so that a check that allows a request is followed by a hold that goes
    through. `spendable` is the available balance and the overdraft (`BalanceView`)."""
    return spendable >= amount


def refusal(spendable: Decimal, cap_left: Decimal | None, amount: Decimal) -> str | None:
    """Why `amount` may not be held, or None: the pool's spendable balance must cover it
    (`INSUFFICIENT_CREDITS`), then, for a sub-organization with a monthly cap, what is left
    of the cap this UTC month (`CHILD_SPENDING_CAP_EXCEEDED`). The one rule of `Reserve`,
    CheckAIAccess and a run's admission."""
    if not covers(spendable, amount):
        return INSUFFICIENT_CREDITS
    if cap_left is not None and not covers(cap_left, amount):
        return CHILD_SPENDING_CAP_EXCEEDED
    return None


# --- views returned to callers ------------------------------------------------------------


@dataclass(frozen=True)
class BucketView:
    kind: str
    remaining: Decimal
    expires_at: datetime | None


@dataclass(frozen=True)
class ChildSpendingView:
    """A sub-organization's month on its pool: its direct parent (who sets its cap), the
    cap (None: none), what it spent since `since` (charges, and what its open holds take)."""

    org_id: uuid.UUID
    parent_org_id: uuid.UUID | None
    monthly_cap: Decimal | None
    spent: Decimal
    since: datetime

    @property
    def cap_left(self) -> Decimal | None:
        return None if self.monthly_cap is None else self.monthly_cap - self.spent


@dataclass(frozen=True)
class BalanceView:
    """An account's balance; `org_id` is the account's organization (a sub-organization's
    pool: its top-level ancestor), `child` the sub-organization it is read for, if any."""

    org_id: uuid.UUID
    balance: Decimal
    reserved: Decimal
    overdraft_limit: Decimal
    monthly_allocation: Decimal
    period_start: datetime
    period_end: datetime
    buckets: list[BucketView]
    child: ChildSpendingView | None = None

    @property
    def available(self) -> Decimal:
        return self.balance - self.reserved

    @property
    def pool_spendable(self) -> Decimal:
        """What the account's holds and settlements may reach, whoever makes them."""
        return self.available + self.overdraft_limit

    @property
    def spendable(self) -> Decimal:
        """What a new hold of the organization read for may reach (`refusal`): the pool's,
        within what is left of a sub-organization's cap."""
        left = self.child.cap_left if self.child is not None else None
        return self.pool_spendable if left is None else min(self.pool_spendable, left)


@dataclass(frozen=True)
class ReservationView:
    id: uuid.UUID
    # The organization it was made for; `pool_org_id` the account's (a child's pool).
    org_id: uuid.UUID
    pool_org_id: uuid.UUID
    status: str
    amount: Decimal
    settled_amount: Decimal | None
    uncovered_amount: Decimal | None
    expires_at: datetime
    created_at: datetime
    finished_at: datetime | None
    metadata: dict[str, Any]
    owner: Owner


@dataclass(frozen=True)
class TransactionView:
    id: uuid.UUID
    # The organization it was made for; `pool_org_id` the account's (a child's pool).
    org_id: uuid.UUID
    pool_org_id: uuid.UUID
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
    """A ledger operation; `key` is its idempotency key ("" for the sweeper's own).

    `spent_by`: the sub-organization the operation is made for, on its pool's account (set
    by `transaction.apply_batch`, which routes a child's operations to its pool); its keys
    are the child's own, as if it had an account."""

    key: str
    spent_by: uuid.UUID | None = field(default=None, kw_only=True)

    def params(self) -> list[Any]:
        raise NotImplementedError

    def request_hash(self) -> bytes:
        payload = json.dumps([type(self).__name__, self.params()], sort_keys=True, default=str)
        return hashlib.sha256(payload.encode()).digest()

    @property
    def reservation_id(self) -> uuid.UUID | None:
        return None

    @property
    def scope(self) -> Owner:
        """Whose keys `key` is among."""
        return ORGANIZATION


@dataclass(frozen=True)
class Reserve(Op):
    amount: Decimal
    ttl: timedelta
    metadata: dict[str, Any]
    owner: Owner = field(kw_only=True)

    def params(self) -> list[Any]:
        return [text(self.amount), self.ttl.total_seconds(), self.metadata]

    @property
    def scope(self) -> Owner:
        return self.owner


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
    """Only by the hold's owner."""

    actual: Decimal
    owner: Owner = field(kw_only=True)

    def params(self) -> list[Any]:
        return [str(self.id), text(self.actual)]

    @property
    def scope(self) -> Owner:
        return self.owner


@dataclass(frozen=True)
class Release(OnHold):
    """By the hold's owner, or with `any_owner` (a platform admin's) by anyone; the key is
    the caller's own either way."""

    owner: Owner = field(kw_only=True)
    any_owner: bool = field(default=False, kw_only=True)

    @property
    def scope(self) -> Owner:
        return self.owner


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
