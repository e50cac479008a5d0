"""Money that goes back through Stripe takes its credits back, and a subscription that ended
stays ended: refunds (`charge.refunded`) and disputes (`charge.dispute.*`) of a credit
package claw back the credits it bought, even those already spent (the balance goes below
zero, and no new hold is made until it is covered), and an update of a deleted subscription
delivered after its deletion in the same second does not revive it. Through the gateway,
with events built from Stripe's own example objects (charge, dispute, subscription)."""

from __future__ import annotations

import secrets
import time
import uuid
from decimal import Decimal
from typing import Any

import grpc
import httpx
import pytest

from keel.billing.v1 import plans_pb2, plans_pb2_grpc
from keel_runtime.db import Database
from keel_runtime.status import details_of
from tests.billing.conftest import welcomed
from tests.billing.test_webhooks import Buyer, accepted, invoice, outcome, subscribe
from tests.identity.people import People, Person
from tests.identity.support import reason, sql
from tests.support.stripe_server import FakeStripe, event, stripe_object

DAY = 86_400


@pytest.fixture
async def buyer(people: People, billing_db: Database) -> Buyer:
    owner = await people.verified("owner")
    org_id = await people.organization(owner)
    await welcomed(billing_db, org_id)
    return Buyer(owner, org_id)


async def buy(
    buyer: Buyer, stripe: FakeStripe, http: httpx.AsyncClient, secret: str, package: str
) -> dict[str, Any]:
    """A credit package bought through Checkout and confirmed by Stripe; the session."""
    session = stripe.complete_checkout(await buyer.checkout({"credit_package_id": package}))
    await accepted(http, event("checkout.session.completed", session), secret)
    return session


async def spend(buyer: Buyer, amount: str) -> None:
    """Hold `amount` credits and settle them, as a run's work would."""
    path = f"/v1/organizations/{buyer.org_id}/credits/reservations"
    held = await buyer.owner.post(path, {"amount": amount, "idempotency_key": key()})
    assert held.status_code == 200, held.text
    hold = held.json()["reservation"]["id"]
    settled = await buyer.owner.post(
        f"{path}/{hold}:settle", {"actual_amount": amount, "idempotency_key": key()}
    )
    assert settled.status_code == 200, settled.text


async def reserve(buyer: Buyer, amount: str) -> httpx.Response:
    return await buyer.owner.post(
        f"/v1/organizations/{buyer.org_id}/credits/reservations",
        {"amount": amount, "idempotency_key": key()},
    )


def key() -> str:
    return "k-" + secrets.token_hex(6)


def charge(session: dict[str, Any], **fields: Any) -> dict[str, Any]:
    """The charge of a paid Checkout Session (Stripe's example charge, its ids set)."""
    paid = {
        "id": "ch_" + secrets.token_hex(12),
        "amount": session["amount_total"],
        "amount_captured": session["amount_total"],
        "captured": True,
        "customer": session["customer"],
        "payment_intent": session["payment_intent"],
    }
    return stripe_object("charge", **{**paid, **fields})


def refunded(paid: dict[str, Any], amount: int, created: int | None = None) -> dict[str, Any]:
    """`charge.refunded` after refunds of `amount` cents in all (Stripe's running total)."""
    body = {**paid, "amount_refunded": amount, "refunded": amount == paid["amount"]}
    return event("charge.refunded", body, created=created)


def dispute(paid: dict[str, Any], status: str, **fields: Any) -> dict[str, Any]:
    return stripe_object(
        "dispute",
        id=fields.pop("id", "dp_" + secrets.token_hex(12)),
        amount=paid["amount"],
        charge=paid["id"],
        payment_intent=paid["payment_intent"],
        status=status,
        reason="fraudulent",
        **fields,
    )


async def reversals(billing_db: Database, org_id: str) -> list[Decimal]:
    rows = await sql(
        billing_db,
        "SELECT amount FROM credit_transactions"
        " WHERE org_id = :org AND type = 'purchase_reversal' ORDER BY seq",
        org=uuid.UUID(org_id),
    )
    return [r.amount for r in rows]


async def balance(buyer: Buyer) -> Decimal:
    return Decimal((await buyer.balance())["balance"])


# --- refunds ----------------------------------------------------------------------------------


async def test_a_refund_of_spent_credits_takes_them_back_and_blocks_holds_until_covered(
    buyer: Buyer,
    stripe: FakeStripe,
    http: httpx.AsyncClient,
    webhook_secret: str,
    billing_db: Database,
):
    start = await balance(buyer)  # the month's credits and the welcome bonus
    session = await buy(buyer, stripe, http, webhook_secret, "credits_2000")
    await spend(buyer, str(start + 1995))  # all but 5 credits, the purchase among them
    paid = charge(session)

    refund = refunded(paid, paid["amount"])
    await accepted(http, refund, webhook_secret)
    await accepted(http, refund, webhook_secret)  # redelivered: taken once
    assert await outcome(billing_db, refund["id"]) == "applied"
    assert sum(await reversals(billing_db, buyer.org_id)) == -2000
    assert await balance(buyer) == Decimal(5 - 2000)
    listed = await buyer.owner.get(
        f"/v1/organizations/{buyer.org_id}/credits/transactions",
        params={"types": "TRANSACTION_TYPE_PURCHASE_REVERSAL"},
    )
    assert listed.status_code == 200, listed.text
    # What the buckets still held (5 of the welcome bonus), then the rest below zero.
    taken = [(t["amount"], t["bucket"], t["reference"]) for t in listed.json()["transactions"]]
    assert taken == [
        ("-1995", "BUCKET_KIND_MONTHLY", paid["id"]),
        ("-5", "BUCKET_KIND_PROMOTIONAL", paid["id"]),
    ]

    # Below zero: no new hold, however small.
    refused = await reserve(buyer, "1")
    assert refused.status_code == 402, refused.text
    assert reason(refused) == "INSUFFICIENT_CREDITS"

    # A new purchase covers the debt first; what is left is spendable again.
    await buy(buyer, stripe, http, webhook_secret, "credits_2000")
    assert await balance(buyer) == Decimal(5)
    assert (await reserve(buyer, "5")).status_code == 200


async def test_partial_refunds_take_back_their_share_and_never_more_than_bought(
    buyer: Buyer,
    stripe: FakeStripe,
    http: httpx.AsyncClient,
    webhook_secret: str,
    billing_db: Database,
):
    session = await buy(buyer, stripe, http, webhook_secret, "credits_500")  # $39.99
    before = await balance(buyer)
    paid = charge(session)
    now = int(time.time())
    quarter, half, whole = (
        refunded(paid, 1000, now),
        refunded(paid, 2000, now + 5),
        refunded(paid, 3999, now + 9),
    )
    await accepted(http, half, webhook_secret)
    await accepted(http, quarter, webhook_secret)  # older news: the running total was more
    assert sum(await reversals(billing_db, buyer.org_id)) == Decimal("-250.0625")
    await accepted(http, whole, webhook_secret)
    taken = await reversals(billing_db, buyer.org_id)
    assert sum(taken) == Decimal(-500)
    assert await balance(buyer) == before - 500
    buckets = (await buyer.balance())["buckets"]
    assert [b for b in buckets if b["kind"] == "BUCKET_KIND_PURCHASED"] == []  # all taken


async def test_a_refund_delivered_before_the_purchase_takes_the_credits_back_once_granted(
    buyer: Buyer,
    stripe: FakeStripe,
    http: httpx.AsyncClient,
    webhook_secret: str,
    billing_db: Database,
):
    before = await balance(buyer)
    session = stripe.complete_checkout(await buyer.checkout({"credit_package_id": "credits_100"}))
    # A checkout is made by billing, so the customer is the organization's already.
    await accepted(http, refunded(charge(session), session["amount_total"]), webhook_secret)
    await accepted(http, event("checkout.session.completed", session), webhook_secret)
    assert sum(await reversals(billing_db, buyer.org_id)) == -100
    assert await balance(buyer) == before


async def test_a_refund_of_a_payment_that_bought_no_credits_changes_nothing(
    buyer: Buyer,
    stripe: FakeStripe,
    http: httpx.AsyncClient,
    webhook_secret: str,
    billing_db: Database,
):
    session = await buy(buyer, stripe, http, webhook_secret, "credits_100")
    before = await balance(buyer)
    other = charge(session, payment_intent="pi_" + secrets.token_hex(12))  # say, an invoice's
    refund = refunded(other, other["amount"])
    await accepted(http, refund, webhook_secret)
    assert await outcome(billing_db, refund["id"]) == "ignored"
    stranger = refunded(charge(session, customer="cus_nobody", payment_intent=None), 999)
    await accepted(http, stranger, webhook_secret)
    assert await outcome(billing_db, stranger["id"]) == "ignored_unknown_org"
    assert await balance(buyer) == before


# --- disputes ---------------------------------------------------------------------------------


async def test_a_dispute_takes_the_credits_back_a_won_one_returns_them_a_lost_one_not(
    buyer: Buyer,
    stripe: FakeStripe,
    http: httpx.AsyncClient,
    webhook_secret: str,
    billing_db: Database,
):
    start = await balance(buyer)
    session = await buy(buyer, stripe, http, webhook_secret, "credits_2000")
    await spend(buyer, str(start + 2000))  # every credit spent
    paid = charge(session, disputed=True)
    now = int(time.time())

    # An inquiry (warning_*) withdraws no funds: nothing is taken.
    inquiry = dispute(paid, "warning_needs_response")
    await accepted(http, event("charge.dispute.created", inquiry, created=now), webhook_secret)
    assert await reversals(billing_db, buyer.org_id) == []

    # A chargeback: the funds are withdrawn at once, and so are the credits.
    opened = dispute(paid, "needs_response")
    created = event("charge.dispute.created", opened, created=now)
    await accepted(http, created, webhook_secret)
    assert await outcome(billing_db, created["id"]) == "applied"
    assert await balance(buyer) == Decimal(-2000)
    assert (await reserve(buyer, "1")).status_code == 402

    # Won: the funds come back, and so do the credits (once, however often Stripe says so).
    won = event(
        "charge.dispute.closed", {**opened, "status": "won"}, created=now + 60,
        previous_attributes={"status": "under_review"},
    )  # fmt: skip
    await accepted(http, won, webhook_secret)
    reinstated = {**opened, "status": "won"}
    await accepted(
        http, event("charge.dispute.funds_reinstated", reinstated, created=now + 60), webhook_secret
    )
    assert await balance(buyer) == Decimal(0)
    # An older update of the dispute delivered late changes nothing.
    late = event("charge.dispute.updated", {**opened, "status": "under_review"}, created=now + 30)
    await accepted(http, late, webhook_secret)
    assert await balance(buyer) == Decimal(0)

    # A second purchase, disputed and lost: its credits stay taken back.
    session = await buy(buyer, stripe, http, webhook_secret, "credits_500")
    paid = charge(session, disputed=True)
    lost = dispute(paid, "lost")
    await accepted(http, event("charge.dispute.closed", lost, created=now + 90), webhook_secret)
    assert await balance(buyer) == Decimal(0)
    assert sum(await reversals(billing_db, buyer.org_id)) == -500


async def test_below_zero_beyond_the_overdraft_no_run_is_admitted_until_covered(
    buyer: Buyer,
    stripe: FakeStripe,
    http: httpx.AsyncClient,
    webhook_secret: str,
    agents_channel: grpc.aio.Channel,
    platform_admin: Person,
):
    # A trusted organization: settlements may go 50 credits below zero.
    adjusted = await platform_admin.post(
        f"/v1/admin/platform/organizations/{buyer.org_id}/credits:adjust",
        {"amount": "0", "overdraft_limit": "50", "reason": "trusted", "idempotency_key": key()},
    )
    assert adjusted.status_code == 200, adjusted.text
    start = await balance(buyer)
    session = await buy(buyer, stripe, http, webhook_secret, "credits_100")
    await spend(buyer, str(start + 100))
    paid = charge(session)
    await accepted(http, refunded(paid, paid["amount"]), webhook_secret)
    assert await balance(buyer) == Decimal(-100)  # taken back beyond the overdraft

    plans = plans_pb2_grpc.PlanServiceStub(agents_channel)
    acting = (("x-keel-org-id", buyer.org_id),)

    def admission() -> plans_pb2.AdmitRunRequest:
        return plans_pb2.AdmitRunRequest(
            org_id=buyer.org_id,
            quality=plans_pb2.QUALITY_LEVEL_FAST,
            hold_amount="1",
            hold_key=f"run:{uuid.uuid4()}:hold",
        )

    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await plans.AdmitRun(admission(), metadata=acting)
    assert raised.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    info = next(d for d in details_of(raised.value) if hasattr(d, "reason"))
    assert info.reason == "INSUFFICIENT_CREDITS"
    assert reason(await reserve(buyer, "1")) == "INSUFFICIENT_CREDITS"

    # Covered (back within the overdraft, as any organization with one may be): admitted.
    await buy(buyer, stripe, http, webhook_secret, "credits_100")
    admitted = await plans.AdmitRun(admission(), metadata=acting)
    assert (admitted.credits_held, bool(admitted.reservation_id)) == ("1", True)


# --- a subscription that ended stays ended ------------------------------------------------------


async def test_an_update_after_the_deletion_in_the_same_second_does_not_revive_it(
    buyer: Buyer,
    stripe: FakeStripe,
    http: httpx.AsyncClient,
    webhook_secret: str,
    billing_db: Database,
):
    subscription = await subscribe(buyer, stripe, http, webhook_secret)
    second = int(time.time()) + 5
    ended = {**subscription, "status": "canceled", "ended_at": second, "canceled_at": second}
    deleted = event("customer.subscription.deleted", ended, created=second)
    # Stripe's update from just before the cancellation, delivered after it, same second.
    update = event(
        "customer.subscription.updated",
        {**subscription, "cancel_at_period_end": True},
        created=second,
        previous_attributes={"cancel_at_period_end": False},
    )
    await accepted(http, deleted, webhook_secret)
    await accepted(http, update, webhook_secret)
    # Nor does a late invoice of it.
    late = invoice(subscription, second, second + 30 * DAY, "subscription_cycle")
    paid = event("invoice.payment_succeeded", late, created=second)
    await accepted(http, paid, webhook_secret)

    status = await buyer.status()
    assert status["plan"] == "PLAN_TIER_FREE"
    assert status["status"] == "SUBSCRIPTION_STATUS_ACTIVE"
    assert status.get("stripe_subscription_id", "") == ""
    assert status.get("cancel_at_period_end", False) is False
    assert (await buyer.balance())["monthly_allocation"] == "10"
    assert await outcome(billing_db, update["id"]) == "ignored_ended_subscription"
    assert await outcome(billing_db, paid["id"]) == "ignored_ended_subscription"
    # A new subscription may still be bought, and it is the one that counts.
    assert await buyer.checkout({"plan": "PLAN_TIER_TEAM"})


async def test_an_older_status_of_the_same_second_does_not_undo_a_newer_one(
    buyer: Buyer,
    stripe: FakeStripe,
    http: httpx.AsyncClient,
    webhook_secret: str,
    billing_db: Database,
):
    subscription = await subscribe(buyer, stripe, http, webhook_secret)
    second = int(time.time()) + 5
    # active → past_due, then past_due → unpaid, delivered the other way round.
    unpaid = event(
        "customer.subscription.updated", {**subscription, "status": "unpaid"}, created=second,
        previous_attributes={"status": "past_due"},
    )  # fmt: skip
    past_due = event(
        "customer.subscription.updated", {**subscription, "status": "past_due"}, created=second,
        previous_attributes={"status": "active"},
    )  # fmt: skip
    await accepted(http, unpaid, webhook_secret)
    await accepted(http, past_due, webhook_secret)
    assert (await buyer.status())["status"] == "SUBSCRIPTION_STATUS_UNPAID"
    assert await outcome(billing_db, past_due["id"]) == "ignored_stale"
