"""Stripe's webhooks through the gateway (`POST /v1/webhooks/stripe`), signed the way Stripe
signs them, with events built from Stripe's own example objects: each event applied once,
older events never overwriting newer state, and forged or replayed deliveries refused with
nothing changed."""

from __future__ import annotations

import json
import secrets
import time
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import httpx
import pytest

from keel.billing.v1 import events_pb2 as billing_events
from keel.billing.v1 import subscriptions_pb2
from keel.events.v1 import events_pb2
from keel_runtime.db import Database
from tests.identity.people import People, Person
from tests.identity.support import reason, scalar, sql
from tests.support.stripe_server import FakeStripe, event, sign, stripe_object

SUCCESS_URL = "https://app.example.com/billing/done"
CANCEL_URL = "https://app.example.com/billing"
DAY = 86_400


@dataclass
class Buyer:
    owner: Person
    org_id: str

    @property
    def billing(self) -> str:
        return f"/v1/organizations/{self.org_id}/billing"

    async def status(self) -> dict[str, Any]:
        response = await self.owner.get(f"{self.billing}/status")
        assert response.status_code == 200, response.text
        return dict(response.json()["subscription"])

    async def balance(self) -> dict[str, Any]:
        response = await self.owner.get(f"/v1/organizations/{self.org_id}/credits")
        assert response.status_code == 200, response.text
        return dict(response.json()["balance"])

    async def checkout(self, body: dict[str, Any]) -> str:
        response = await self.owner.post(
            f"{self.billing}/checkout",
            {**body, "success_url": SUCCESS_URL, "cancel_url": CANCEL_URL},
        )
        assert response.status_code == 200, response.text
        return str(response.json()["session_id"])


@pytest.fixture
async def buyer(people: People) -> Buyer:
    owner = await people.signup("owner")
    return Buyer(owner, await people.organization(owner))


async def deliver(
    http: httpx.AsyncClient,
    payload: dict[str, Any] | bytes,
    secret: str,
    *,
    timestamp: int | None = None,
    signature: str | None = None,
) -> httpx.Response:
    """POST an event as Stripe does: the exact body bytes, signed in `Stripe-Signature`."""
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    headers = {"content-type": "application/json"}
    header = sign(body, secret, timestamp) if signature is None else signature
    if header:
        headers["stripe-signature"] = header
    return await http.post("/v1/webhooks/stripe", content=body, headers=headers)


async def accepted(http: httpx.AsyncClient, payload: dict[str, Any], secret: str) -> None:
    response = await deliver(http, payload, secret)
    assert response.status_code == 200, response.text
    assert response.json() == {"received": True}


async def outcome(billing_db: Database, event_id: str) -> str | None:
    return await scalar(billing_db, "SELECT outcome FROM stripe_events WHERE id = :id", id=event_id)


async def topups(billing_db: Database, org_id: str) -> list[Any]:
    return await sql(
        billing_db,
        "SELECT amount, reference FROM credit_transactions"
        " WHERE org_id = :org AND type = 'topup_purchase'",
        org=uuid.UUID(org_id),
    )


async def subscribe(
    buyer: Buyer, stripe: FakeStripe, http: httpx.AsyncClient, secret: str
) -> dict[str, Any]:
    """Buy Pro through Checkout and deliver Stripe's confirmation; the subscription."""
    session = stripe.complete_checkout(await buyer.checkout({"plan": "PLAN_TIER_PRO"}))
    await accepted(http, event("checkout.session.completed", session), secret)
    subscription = stripe.subscriptions[session["subscription"]]
    assert subscription["metadata"] == {"org_id": buyer.org_id, "plan_tier": "pro"}
    return subscription


def invoice(subscription: dict[str, Any], start: int, end: int, reason: str) -> dict[str, Any]:
    """A subscription invoice (Stripe's example, current API shape) for [start, end)."""
    base = stripe_object("invoice")
    line = {
        **base["lines"]["data"][0],
        "id": "il_" + secrets.token_hex(8),
        "amount": 2900,
        "period": {"start": start, "end": end},
        "parent": {
            "type": "subscription_item_details",
            "invoice_item_details": None,
            "subscription_item_details": {
                "invoice_item": None,
                "proration": False,
                "proration_details": {"credited_items": None},
                "subscription": subscription["id"],
                "subscription_item": subscription["items"]["data"][0]["id"],
            },
        },
    }
    return stripe_object(
        "invoice",
        id="in_" + secrets.token_hex(8),
        customer=subscription["customer"],
        billing_reason=reason,
        subscription=None,
        parent={
            "type": "subscription_details",
            "quote_details": None,
            "subscription_details": {
                "metadata": subscription["metadata"],
                "subscription": subscription["id"],
            },
        },
        lines={**base["lines"], "data": [line]},
    )


def iso(seconds: int) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))


# --- credit packages ------------------------------------------------------------------------


async def test_a_package_payment_delivered_three_times_grants_once(
    buyer: Buyer, stripe: FakeStripe, http: httpx.AsyncClient, webhook_secret: str, billing_db
):
    before = Decimal((await buyer.balance())["balance"])
    session = stripe.complete_checkout(await buyer.checkout({"credit_package_id": "credits_500"}))
    paid = event("checkout.session.completed", session)
    for _ in range(3):
        await accepted(http, paid, webhook_secret)
    # Another event about the same payment (a different event id) grants nothing more.
    await accepted(http, event("checkout.session.async_payment_succeeded", session), webhook_secret)

    after = await buyer.balance()
    assert Decimal(after["balance"]) == before + 500
    purchased = [b for b in after["buckets"] if b["kind"] == "BUCKET_KIND_PURCHASED"]
    assert [b["remaining"] for b in purchased] == ["500"]
    assert [(r.amount, r.reference) for r in await topups(billing_db, buyer.org_id)] == [
        (Decimal(500), session["id"])
    ]
    assert await outcome(billing_db, paid["id"]) == "applied"
    rows = await scalar(
        billing_db, "SELECT count(*) FROM stripe_events WHERE id = :id", id=paid["id"]
    )
    assert rows == 1


async def test_an_unpaid_checkout_grants_nothing_until_paid(
    buyer: Buyer, stripe: FakeStripe, http: httpx.AsyncClient, webhook_secret: str, billing_db
):
    session = stripe.complete_checkout(await buyer.checkout({"credit_package_id": "credits_100"}))
    await accepted(
        http, event("checkout.session.completed", {**session, "payment_status": "unpaid"}),
        webhook_secret,
    )  # fmt: skip
    assert await topups(billing_db, buyer.org_id) == []
    await accepted(http, event("checkout.session.async_payment_succeeded", session), webhook_secret)
    assert [r.amount for r in await topups(billing_db, buyer.org_id)] == [Decimal(100)]


# --- forged, replayed and malformed deliveries ------------------------------------------------


async def test_forged_or_replayed_deliveries_are_refused_and_change_nothing(
    buyer: Buyer, stripe: FakeStripe, http: httpx.AsyncClient, webhook_secret: str, billing_db
):
    session = stripe.complete_checkout(await buyer.checkout({"credit_package_id": "credits_500"}))
    paid = event("checkout.session.completed", session)
    body = json.dumps(paid).encode()
    now = int(time.time())
    attempts = {
        "wrong secret": sign(body, "whsec_not_the_endpoints"),
        "stale timestamp": sign(body, webhook_secret, now - 301),
        "no signature": "",
        "garbled header": "v1=deadbeef",
        "signature of another body": sign(body + b" ", webhook_secret),
        "signature without v1": sign(body, webhook_secret).replace("v1=", "v0="),
    }
    for what, signature in attempts.items():
        response = await deliver(http, body, webhook_secret, signature=signature)
        assert response.status_code == 400, (what, response.text)
        assert reason(response) == "STRIPE_SIGNATURE_INVALID", what
    tampered = body.replace(b'"credits": "500"', b'"credits": "50000"')
    assert tampered != body
    forged = await deliver(http, tampered, webhook_secret, signature=sign(body, webhook_secret))
    assert forged.status_code == 400, forged.text

    assert await outcome(billing_db, paid["id"]) is None
    assert await topups(billing_db, buyer.org_id) == []

    # The genuine delivery still works: refusals did not use the event up.
    await accepted(http, paid, webhook_secret)
    assert [r.amount for r in await topups(billing_db, buyer.org_id)] == [Decimal(500)]


async def test_a_signed_body_that_is_no_stripe_event_is_refused(
    http: httpx.AsyncClient, webhook_secret: str
):
    for body in (b"not json", b"[1, 2]", b'{"object": "event", "id": "evt_1"}'):
        response = await deliver(http, body, webhook_secret)
        assert response.status_code == 400, response.text
        assert reason(response) == "STRIPE_PAYLOAD_INVALID"


async def test_unknown_event_types_and_strangers_are_acknowledged(
    http: httpx.AsyncClient, webhook_secret: str, billing_db
):
    unknown = event("customer.created", stripe_object("customer"))
    await accepted(http, unknown, webhook_secret)
    assert await outcome(billing_db, unknown["id"]) == "ignored"

    # A subscription of a customer billing never made (say, from Stripe's dashboard).
    stranger = stripe_object(
        "subscription", id="sub_" + secrets.token_hex(8), customer="cus_nobody", metadata={}
    )
    foreign = event("customer.subscription.updated", stranger)
    await accepted(http, foreign, webhook_secret)
    assert await outcome(billing_db, foreign["id"]) == "ignored_unknown_org"


# --- subscriptions ----------------------------------------------------------------------------


async def test_a_paid_checkout_moves_the_org_to_the_plan_at_once(
    buyer: Buyer, stripe: FakeStripe, http: httpx.AsyncClient, webhook_secret: str
):
    subscription = await subscribe(buyer, stripe, http, webhook_secret)
    status = await buyer.status()
    assert status["plan"] == "PLAN_TIER_PRO"
    assert status["status"] == "SUBSCRIPTION_STATUS_ACTIVE"
    assert status["stripe_subscription_id"] == subscription["id"]
    assert status["stripe_customer_id"] == subscription["customer"]
    # The upgrade brings Pro's allocation now.
    assert (await buyer.balance())["monthly_allocation"] == "500"
    # One subscription at a time: changes go through the portal.
    again = await buyer.owner.post(
        f"{buyer.billing}/checkout",
        {"plan": "PLAN_TIER_TEAM", "success_url": SUCCESS_URL, "cancel_url": CANCEL_URL},
    )
    assert again.status_code == 400, again.text
    assert reason(again) == "SUBSCRIPTION_EXISTS"


async def test_subscription_events_out_of_order_end_in_the_newest_state(
    buyer: Buyer, stripe: FakeStripe, http: httpx.AsyncClient, webhook_secret: str, billing_db
):
    subscription = await subscribe(buyer, stripe, http, webhook_secret)
    t1, t2 = int(time.time()) + 10, int(time.time()) + 20
    newer = event(
        "customer.subscription.updated",
        {**subscription, "cancel_at_period_end": True},
        created=t2,
        previous_attributes={"cancel_at_period_end": False},
    )
    older = event(
        "customer.subscription.updated",
        {**subscription, "status": "past_due", "cancel_at_period_end": False},
        created=t1,
        previous_attributes={"status": "active"},
    )
    await accepted(http, newer, webhook_secret)
    await accepted(http, older, webhook_secret)

    status = await buyer.status()
    assert status["cancel_at_period_end"] is True
    assert status["status"] == "SUBSCRIPTION_STATUS_ACTIVE"
    assert status["plan"] == "PLAN_TIER_PRO"
    assert await outcome(billing_db, newer["id"]) == "applied"
    assert await outcome(billing_db, older["id"]) == "ignored_stale"


async def test_the_plan_follows_the_subscription_upgrades_now_downgrades_at_period_end(
    buyer: Buyer, stripe: FakeStripe, http: httpx.AsyncClient, webhook_secret: str
):
    subscription = await subscribe(buyer, stripe, http, webhook_secret)
    now = int(time.time())
    team = {**subscription, "metadata": {"org_id": buyer.org_id, "plan_tier": "team"}}
    await accepted(
        http, event("customer.subscription.updated", team, created=now + 10), webhook_secret
    )
    status = await buyer.status()
    assert (status["plan"], status["pending_plan"]) == ("PLAN_TIER_TEAM", "PLAN_TIER_UNSPECIFIED")
    assert (await buyer.balance())["monthly_allocation"] == "2000"

    back_to_pro = event("customer.subscription.updated", subscription, created=now + 20)
    await accepted(http, back_to_pro, webhook_secret)
    status = await buyer.status()
    assert (status["plan"], status["pending_plan"]) == ("PLAN_TIER_TEAM", "PLAN_TIER_PRO")
    assert status["pending_plan_at"] == status["current_period_end"]


async def test_an_unpaid_new_subscription_changes_nothing(
    buyer: Buyer, stripe: FakeStripe, http: httpx.AsyncClient, webhook_secret: str, billing_db
):
    session = stripe.complete_checkout(await buyer.checkout({"plan": "PLAN_TIER_PRO"}))
    incomplete = {**stripe.subscriptions[session["subscription"]], "status": "incomplete"}
    created = event("customer.subscription.created", incomplete)
    await accepted(http, created, webhook_secret)
    status = await buyer.status()
    assert status["plan"] == "PLAN_TIER_FREE"
    assert status.get("stripe_subscription_id", "") == ""
    assert await outcome(billing_db, created["id"]) == "ignored"


async def test_a_deleted_subscription_brings_the_org_back_to_free(
    buyer: Buyer, stripe: FakeStripe, http: httpx.AsyncClient, webhook_secret: str, billing_db
):
    subscription = await subscribe(buyer, stripe, http, webhook_secret)
    ended = {**subscription, "status": "canceled", "ended_at": int(time.time())}
    await accepted(
        http,
        event("customer.subscription.deleted", ended, created=int(time.time()) + 5),
        webhook_secret,
    )
    status = await buyer.status()
    assert status["plan"] == "PLAN_TIER_FREE"
    assert status["status"] == "SUBSCRIPTION_STATUS_ACTIVE"
    assert status.get("stripe_subscription_id", "") == ""
    assert status["stripe_customer_id"] == subscription["customer"]  # kept for next time
    assert (await buyer.balance())["monthly_allocation"] == "10"

    changes = await subscription_changes(billing_db, buyer.org_id)
    assert changes[-1].previous_plan == 2  # PLAN_TIER_PRO
    assert changes[-1].subscription.plan == 1  # PLAN_TIER_FREE
    # And a new subscription may be bought.
    assert await buyer.checkout({"plan": "PLAN_TIER_TEAM"})


async def test_a_paid_invoice_starts_the_new_period_and_resets_the_allocation(
    buyer: Buyer, stripe: FakeStripe, http: httpx.AsyncClient, webhook_secret: str
):
    subscription = await subscribe(buyer, stripe, http, webhook_secret)
    spent = await buyer.owner.post(
        f"/v1/organizations/{buyer.org_id}/credits/reservations",
        {"amount": "120", "idempotency_key": "spend-" + secrets.token_hex(4)},
    )
    assert spent.status_code == 200, spent.text
    hold = spent.json()["reservation"]["id"]
    settled = await buyer.owner.post(
        f"/v1/organizations/{buyer.org_id}/credits/reservations/{hold}:settle",
        {"actual_amount": "120", "idempotency_key": "settle-" + secrets.token_hex(4)},
    )
    assert settled.status_code == 200, settled.text
    monthly = [b for b in (await buyer.balance())["buckets"] if b["kind"] == "BUCKET_KIND_MONTHLY"]
    assert monthly[0]["remaining"] == "380"

    start = int(time.time()) + 2  # after the period the organization started with
    end = start + 30 * DAY
    renewal = invoice(subscription, start, end, "subscription_cycle")
    paid = event("invoice.payment_succeeded", renewal, created=start + 5)
    await accepted(http, paid, webhook_secret)
    await accepted(http, paid, webhook_secret)  # redelivered: no second reset

    status = await buyer.status()
    assert (status["current_period_start"], status["current_period_end"]) == (iso(start), iso(end))
    assert status["status"] == "SUBSCRIPTION_STATUS_ACTIVE"
    balance = await buyer.balance()
    monthly = [b for b in balance["buckets"] if b["kind"] == "BUCKET_KIND_MONTHLY"]
    assert monthly[0]["remaining"] == "500"
    assert balance["period_end"] == iso(end)


async def test_a_failed_renewal_payment_makes_the_subscription_past_due(
    buyer: Buyer, stripe: FakeStripe, http: httpx.AsyncClient, webhook_secret: str, billing_db
):
    subscription = await subscribe(buyer, stripe, http, webhook_secret)
    now = int(time.time()) + 2  # after the period the organization started with
    failed = invoice(subscription, now, now + 30 * DAY, "subscription_cycle")
    await accepted(http, event("invoice.payment_failed", failed, created=now + 5), webhook_secret)
    status = await buyer.status()
    assert status["status"] == "SUBSCRIPTION_STATUS_PAST_DUE"
    assert status["plan"] == "PLAN_TIER_PRO"  # Stripe retries; the plan stays meanwhile
    changes = await subscription_changes(billing_db, buyer.org_id)
    assert changes[-1].subscription.status == subscriptions_pb2.SUBSCRIPTION_STATUS_PAST_DUE

    # The retry succeeds: active again, and the period it paid for starts.
    await accepted(
        http, event("invoice.payment_succeeded", failed, created=now + 9), webhook_secret
    )
    status = await buyer.status()
    assert status["status"] == "SUBSCRIPTION_STATUS_ACTIVE"
    assert status["current_period_start"] == iso(now)


async def subscription_changes(
    billing_db: Database, org_id: str
) -> list[billing_events.SubscriptionChanged]:
    """billing's `subscription.changed` events about `org_id`, oldest first."""
    rows = await sql(
        billing_db,
        "SELECT envelope FROM outbox_events WHERE type = 'subscription.changed' ORDER BY seq",
    )
    found = []
    for (raw,) in rows:
        payload = billing_events.SubscriptionChanged()
        events_pb2.Event.FromString(raw).payload.Unpack(payload)
        if payload.org_id == org_id:
            found.append(payload)
    return found
