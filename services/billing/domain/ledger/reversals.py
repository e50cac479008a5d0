"""Credits of a purchase taken back when its money goes back (a refund, a dispute), or given
back when it returns (a dispute won): `purchase_reversal` transactions.

Taking back is not spending: it is not refused for want of credits. What the buckets hold
pays first (purchased credits, then the others in burn order); the rest takes the monthly
bucket, and the balance, below zero and beyond the overdraft if it must (the database lets
a reversal do that, migration 0007). Until credits coming in cover it, available is below
zero, so no new hold is made (a hold needs available ≥ its amount); holds made before it
still settle within what they hold.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from keel_runtime.errors import InvalidArgument, KeelError
from services.billing.domain.ledger.operations import Op
from services.billing.domain.money import text

if TYPE_CHECKING:
    from services.billing.domain.ledger.batch import Batch, Bucket, Result

TYPE = "purchase_reversal"


@dataclass(frozen=True)
class Reverse(Op):
    """`amount` < 0: credits taken back; > 0: given back (to a purchased bucket)."""

    amount: Decimal
    reference: str
    metadata: dict[str, Any] = field(default_factory=dict)

    def params(self) -> list[Any]:
        return [text(self.amount), self.reference, self.metadata]


def reverse(batch: Batch, op: Reverse) -> Result | KeelError:
    if op.amount == 0:
        return InvalidArgument("amount must not be zero", reason="INVALID_AMOUNT")
    if op.amount > 0:
        bucket = batch.new_bucket("purchased", None)
        return None, [_record(batch, op, bucket, op.amount)]
    txs = [_record(batch, op, bucket, -take) for bucket, take in _purchased(batch, -op.amount)]
    left = -op.amount - sum((-tx["amount"] for tx in txs), Decimal(0))
    txs += [_record(batch, op, bucket, -take) for bucket, take in batch.burn(left)] if left else []
    return None, txs


def _purchased(batch: Batch, amount: Decimal) -> list[tuple[Bucket, Decimal]]:
    """What the purchased buckets hold of `amount`, newest first (they do not expire)."""
    assert batch.buckets is not None
    taken, left = [], amount
    for bucket in sorted(batch.buckets, key=lambda b: b.created_at, reverse=True):
        if left > 0 and bucket.kind == "purchased" and bucket.remaining > 0:
            take = min(bucket.remaining, left)
            taken.append((bucket, take))
            left -= take
    return taken


def _record(batch: Batch, op: Reverse, bucket: Bucket, amount: Decimal) -> dict[str, Any]:
    return batch.record(
        TYPE, op, amount=amount, bucket=bucket, reference=op.reference, metadata=op.metadata
    )
