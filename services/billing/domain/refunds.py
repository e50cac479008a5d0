"""Money of a credit package that goes back through Stripe takes its credits back.

A package's credits are owed in the share of its payment that stayed paid. Of a payment of
`amount`, refunds (Stripe's running total on the charge) and disputes whose funds are
withdrawn (a chargeback: `needs_response`, `under_review`, `lost`) take back
`credits * (refunded + disputed) / amount`, never more than the credits bought; a dispute
won (`won`: the funds are reinstated) gives its share back; an inquiry (`warning_*`)
withdraws nothing. Each event about the payment records what it says, then the difference
between what was taken back so far and what is owed now moves through the ledger
(`purchase_reversal`): taken back even when spent (the balance goes below zero, and no new
hold is made until credits coming in cover it), given back to a purchased bucket. As what
is owed is recomputed from everything recorded, events may come in any order and any
number of times, and a refund told before the purchase is taken back when it is granted.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from services.billing.data import purchases as data
from services.billing.domain import ledger
from services.billing.domain.ledger.reversals import Reverse
from services.billing.domain.money import credits as exact
from services.billing.domain.money import text

WITHDRAWN = frozenset({"needs_response", "under_review", "lost"})
FINAL = frozenset({"won", "lost", "warning_closed", "prevented"})


async def purchased(
    session: AsyncSession,
    org_id: uuid.UUID,
    payment_intent: str,
    *,
    checkout_session: str,
    credits: Decimal,
    amount_minor: int | None,
) -> None:
    """A package paid for: recorded before its credits are granted (its row is locked
    before the account, in the order a refund takes them); `settle` once they are."""
    await data.record_purchase(
        session,
        payment_intent,
        org_id,
        checkout_session=checkout_session,
        credits=credits,
        amount_minor=amount_minor,
    )


async def refunded(
    session: AsyncSession,
    org_id: uuid.UUID,
    payment_intent: str,
    *,
    refunded_minor: int,
    amount_minor: int | None,
    reference: str,
    key: str,
) -> bool:
    """The charge's refunds so far; whether credits moved."""
    await data.record_refunds(
        session, payment_intent, org_id, refunded_minor=refunded_minor, amount_minor=amount_minor
    )
    return await settle(session, payment_intent, reference=reference, key=key)


async def disputed(
    session: AsyncSession,
    payment_intent: str,
    *,
    dispute_id: str,
    amount_minor: int,
    status: str,
    at: datetime,
    key: str,
) -> bool:
    """A dispute's status, as of `at`; whether credits moved."""
    # The purchase first, as every other event about it takes it: two disputes of one
    # payment told at once wait for each other instead of deadlocking.
    await data.purchase(session, payment_intent)
    await data.record_dispute(
        session, dispute_id, payment_intent, amount_minor=amount_minor, status=status, at=at,
        final=FINAL,
    )  # fmt: skip
    return await settle(session, payment_intent, reference=dispute_id, key=key)


async def settle(session: AsyncSession, payment_intent: str, *, reference: str, key: str) -> bool:
    """Take back (or give back) the difference between what the purchase's credits owe now
    and what was taken back so far; whether anything moved. Once per `key`."""
    purchase = await data.purchase(session, payment_intent)
    if purchase is None or purchase.credits is None or not purchase.amount_minor:
        return False  # not granted yet: its grant settles it
    disputed_minor = await data.withdrawn_by_disputes(session, payment_intent, WITHDRAWN)
    paid = purchase.amount_minor
    went_back = min(paid, purchase.refunded_minor + disputed_minor)
    owed = exact(purchase.credits * went_back / paid)
    change = purchase.reversed - owed  # < 0: take back
    if change == 0:
        return False
    metadata = {
        "stripe_payment_intent": payment_intent,
        "paid_minor": str(paid),
        "returned_minor": str(went_back),
        "reversed": text(owed),
    }
    await ledger.apply_one(session, purchase.org_id, Reverse(key, change, reference, metadata))
    await data.set_reversed(session, payment_intent, owed)
    return True
