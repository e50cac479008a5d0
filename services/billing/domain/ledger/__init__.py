"""The credits ledger: balances in buckets, holds for work in flight, immutable transactions.

An organization's account keeps `balance` (the sum of its buckets) and `reserved` (held by
reservations); `available = balance - reserved`, and `spendable = available +
overdraft_limit` is what a new reservation or a settlement may reach (`covers`: the same
rule CheckAIAccess and a run's admission apply). A sub-organization has no account of its
own to spend: its money operations go to its pool, its top-level ancestor's account, and
a hold past the monthly cap its parent set is refused (`refusal`,
`CHILD_SPENDING_CAP_EXCEEDED`), counted under the pool's lock. The database refuses any state where
available < -overdraft_limit, and any transaction whose sign does not fit its type;
transactions are append-only. An organization has at most `max_open_holds` holds open at
once (`OPEN_HOLDS_LIMIT_EXCEEDED`).

Every operation runs under the account's row lock, so operations of one organization are
serialized across all replicas; a batch locks all its accounts in one statement, in org id
order, so batches over overlapping organizations never deadlock.

The package, each module building on the ones before it:
- `operations`: what callers ask for (Reserve, Settle, Grant, …), who holds a reservation
  (`Owner`: only it settles, releases or reads it) and the views they get back;
- `batch`: one account's state in memory while its operations are applied, and the rule of
  each operation;
- `views`: the views built from a batch or read from the database (`balance`, `reservation`);
- `transaction`: one batch, for any organizations, in one database transaction
  (`apply_batch`), and the functions for callers inside their own transaction;
- `engine`: `Ledger`, which groups the operations arriving together, whatever their
  organizations, into batches.
"""

from services.billing.domain.ledger.batch import over_cap
from services.billing.domain.ledger.engine import Ledger
from services.billing.domain.ledger.operations import (
    CHILD_SPENDING_CAP_EXCEEDED,
    INSUFFICIENT_CREDITS,
    ORGANIZATION,
    Adjust,
    BalanceView,
    ChildSpendingView,
    Expire,
    ExpireBuckets,
    Grant,
    Op,
    Outcome,
    Owner,
    Release,
    ReservationView,
    Reserve,
    SetAllocation,
    Settle,
    StartPeriod,
    TransactionView,
    covers,
    refusal,
)
from services.billing.domain.ledger.transaction import apply, apply_batch, apply_one, grant
from services.billing.domain.ledger.views import (
    balance,
    child_spending,
    reservation,
    transaction_view,
)

__all__ = [
    "CHILD_SPENDING_CAP_EXCEEDED",
    "INSUFFICIENT_CREDITS",
    "ORGANIZATION",
    "Adjust",
    "BalanceView",
    "ChildSpendingView",
    "Expire",
    "ExpireBuckets",
    "Grant",
    "Ledger",
    "Op",
    "Outcome",
    "Owner",
    "Release",
    "ReservationView",
    "Reserve",
    "SetAllocation",
    "Settle",
    "StartPeriod",
    "TransactionView",
    "apply",
    "apply_batch",
    "apply_one",
    "balance",
    "child_spending",
    "covers",
    "grant",
    "over_cap",
    "refusal",
    "reservation",
    "transaction_view",
]
