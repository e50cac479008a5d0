"""Checkout, the Billing Portal and billing status through the gateway, with the billing
process's real Stripe SDK talking to a local Stripe-compatible server: what Stripe is asked
(form-encoded, bearer key, idempotency keys), one customer per organization, who may do it,
and what callers see when Stripe fails or is not configured."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import grpc
import pytest

from keel.billing.v1 import plans_pb2, subscriptions_pb2, subscriptions_pb2_grpc
from tests.billing.conftest import Org, forwarded
from tests.identity.people import People, Person
from tests.identity.support import reason, refused
from tests.support import channels
from tests.support.processes import ServiceProcess
from tests.support.stripe_server import FakeStripe

SUCCESS_URL = "https://app.example.com/billing/done"
CANCEL_URL = "https://app.example.com/billing"


def checkout_path(org_id: str) -> str:
    return f"/v1/organizations/{org_id}/billing/checkout"


def plan_body(tier: str = "PLAN_TIER_PRO") -> dict[str, Any]:
    return {"plan": tier, "success_url": SUCCESS_URL, "cancel_url": CANCEL_URL}


def package_body(package_id: str = "credits_500") -> dict[str, Any]:
    return {"credit_package_id": package_id, "success_url": SUCCESS_URL, "cancel_url": CANCEL_URL}


async def new_org(people: People) -> tuple[Person, str]:
    owner = await people.signup("owner")
    return owner, await people.organization(owner)


def customers_of(stripe: FakeStripe, org_id: str) -> list[dict[str, Any]]:
    return [c for c in stripe.customers.values() if c["metadata"].get("org_id") == org_id]


async def test_plan_checkout_asks_stripe_for_a_monthly_subscription_of_the_orgs_customer(
    people: People, stripe: FakeStripe
):
    owner, org_id = await new_org(people)
    response = await owner.post(checkout_path(org_id), plan_body())
    assert response.status_code == 200, response.text
    session_id, url = response.json()["session_id"], response.json()["url"]
    assert url == stripe.checkout_sessions[session_id]["url"]
    (customer,) = customers_of(stripe, org_id)

    params = stripe.checkout_params[session_id]
    assert params["mode"] == "subscription"
    assert params["customer"] == customer["id"]
    assert params["client_reference_id"] == org_id
    assert (params["success_url"], params["cancel_url"]) == (SUCCESS_URL, CANCEL_URL)
    (item,) = params["line_items"]
    assert item["quantity"] == "1"
    assert item["price_data"]["currency"] == "usd"
    assert item["price_data"]["unit_amount"] == "2900"  # the catalog's price, in cents
    assert item["price_data"]["recurring"]["interval"] == "month"
    assert params["metadata"] == {"org_id": org_id, "plan_tier": "pro"}
    assert params["subscription_data"]["metadata"] == {"org_id": org_id, "plan_tier": "pro"}

    # On the wire: the secret key as a bearer token, form-encoded bodies, idempotency keys
    # (the customer's is the organization's own, so a retry never makes a second one).
    (made,) = [
        r
        for r in stripe.requests_to("POST", "/v1/customers")
        if r.params.get("metadata", {}).get("org_id") == org_id
    ]
    assert made.idempotency_key == f"customer-{org_id}"
    (asked,) = [
        r
        for r in stripe.requests_to("POST", "/v1/checkout/sessions")
        if r.params.get("client_reference_id") == org_id
    ]
    assert asked.idempotency_key
    assert asked.headers["authorization"] == f"Bearer {stripe.api_key}"
    assert asked.headers["content-type"].startswith("application/x-www-form-urlencoded")

    # Nothing changes before Stripe confirms payment; the customer is remembered.
    status = await owner.get(f"/v1/organizations/{org_id}/billing/status")
    assert status.status_code == 200, status.text
    assert status.json()["subscription"]["plan"] == "PLAN_TIER_FREE"
    assert status.json()["subscription"]["stripe_customer_id"] == customer["id"]


async def test_package_checkout_is_a_one_off_payment_reusing_the_customer(
    people: People, stripe: FakeStripe
):
    owner, org_id = await new_org(people)
    first = await owner.post(checkout_path(org_id), package_body("credits_100"))
    second = await owner.post(checkout_path(org_id), package_body("credits_500"))
    assert first.status_code == 200, first.text
    assert second.status_code == 200, second.text
    (customer,) = customers_of(stripe, org_id)

    params = stripe.checkout_params[second.json()["session_id"]]
    assert params["mode"] == "payment"
    assert params["customer"] == customer["id"]
    (item,) = params["line_items"]
    assert item["price_data"]["unit_amount"] == "3999"
    assert "recurring" not in item["price_data"]
    assert params["metadata"] == {
        "org_id": org_id,
        "credit_package_id": "credits_500",
        "credits": "500",
    }
    assert stripe.checkout_params[first.json()["session_id"]]["customer"] == customer["id"]


async def test_concurrent_first_checkouts_make_one_customer(people: People, stripe: FakeStripe):
    owner, org_id = await new_org(people)
    answers = await asyncio.gather(
        owner.post(checkout_path(org_id), package_body()),
        owner.post(checkout_path(org_id), plan_body()),
        owner.post(f"/v1/organizations/{org_id}/billing/portal", {"return_url": CANCEL_URL}),
    )
    assert [a.status_code for a in answers] == [200, 200, 200], [a.text for a in answers]
    (customer,) = customers_of(stripe, org_id)
    sessions = [stripe.checkout_params[a.json()["session_id"]] for a in answers[:2]]
    assert {s["customer"] for s in sessions} == {customer["id"]}


async def test_portal_session_for_the_orgs_customer(people: People, stripe: FakeStripe):
    owner, org_id = await new_org(people)
    response = await owner.post(
        f"/v1/organizations/{org_id}/billing/portal", {"return_url": CANCEL_URL}
    )
    assert response.status_code == 200, response.text
    url = response.json()["url"]
    assert url.startswith("https://billing.stripe.com/p/session/")
    (portal,) = [p for p in stripe.portal_sessions.values() if p["url"] == url]
    (customer,) = customers_of(stripe, org_id)  # made for the portal: there was none
    assert (portal["customer"], portal["return_url"]) == (customer["id"], CANCEL_URL)


async def test_only_owners_manage_billing_and_members_view_it(org: Org, stripe: FakeStripe):
    for person in (org.admin, org.member, org.viewer):
        assert (await person.post(checkout_path(org.id), plan_body())).status_code == 403
        portal = await person.post(
            f"/v1/organizations/{org.id}/billing/portal", {"return_url": CANCEL_URL}
        )
        assert portal.status_code == 403
    assert customers_of(stripe, org.id) == []  # a refused call asks Stripe nothing

    status_path = f"/v1/organizations/{org.id}/billing/status"
    for person in (org.owner, org.admin, org.member):
        status = await person.get(status_path)
        assert status.status_code == 200, status.text
        assert status.json()["plan"]["tier"] == "PLAN_TIER_FREE"
        assert status.json()["subscription"]["status"] == "SUBSCRIPTION_STATUS_ACTIVE"
    assert (await org.viewer.get(status_path)).status_code == 403


async def test_strangers_see_no_organization(org: Org, people: People):
    stranger = await people.signup("stranger")
    assert (await stranger.post(checkout_path(org.id), plan_body())).status_code == 404
    assert (await stranger.get(f"/v1/organizations/{org.id}/billing/status")).status_code == 404


async def test_what_cannot_be_bought(people: People):
    owner, org_id = await new_org(people)
    for tier in ("PLAN_TIER_FREE", "PLAN_TIER_ENTERPRISE"):
        response = await owner.post(checkout_path(org_id), plan_body(tier))
        assert response.status_code == 400, response.text
    unknown = await owner.post(checkout_path(org_id), package_body("credits_7"))
    assert unknown.status_code == 404, unknown.text
    assert reason(unknown) == "CREDIT_PACKAGE_NOT_FOUND"
    neither = await owner.post(
        checkout_path(org_id), {"success_url": SUCCESS_URL, "cancel_url": CANCEL_URL}
    )
    assert neither.status_code == 400, neither.text


async def test_stripe_down_is_unavailable_and_its_refusals_are_explained(
    people: People, stripe: FakeStripe
):
    owner, org_id = await new_org(people)
    portal = f"/v1/organizations/{org_id}/billing/portal"
    assert (await owner.post(portal, {"return_url": CANCEL_URL})).status_code == 200

    # Down: every attempt fails (the SDK's first try and its two retries).
    stripe.fail_next(500, count=3)
    down = await owner.post(checkout_path(org_id), plan_body())
    assert down.status_code == 503, down.text
    assert reason(down) == "STRIPE_UNAVAILABLE"
    assert "Traceback" not in down.text

    # A blip: the SDK retries with the same idempotency key, and the caller never knows.
    stripe.fail_next(500, count=1)
    blip = await owner.post(checkout_path(org_id), plan_body())
    assert blip.status_code == 200, blip.text
    attempts = [
        r
        for r in stripe.requests_to("POST", "/v1/checkout/sessions")
        if r.params.get("client_reference_id") == org_id
    ]
    assert len({r.idempotency_key for r in attempts[-2:]}) == 1

    stripe.fail_next(400, count=1)
    refused_by_stripe = await owner.post(checkout_path(org_id), plan_body())
    assert refused_by_stripe.status_code == 400, refused_by_stripe.text
    assert reason(refused_by_stripe) == "STRIPE_REQUEST_FAILED"
    assert "An unknown error occurred" in refused_by_stripe.json()["message"]


@pytest.fixture
async def unconfigured_billing(
    billing_env: dict[str, str], tmp_path: Path
) -> AsyncIterator[grpc.aio.Channel]:
    """A second billing process on the same database, without Stripe settings."""
    env = {k: v for k, v in billing_env.items() if not k.startswith("KEEL_BILLING_STRIPE_")}
    service = ServiceProcess("billing", {**env, "KEEL_INSTANCE": "1"}, tmp_path / "billing.log")
    service.start()
    try:
        async with channels.channel(service.address) as channel:
            yield channel
    finally:
        service.stop()


async def test_without_stripe_settings_billing_says_so(people: People, unconfigured_billing):
    owner, org_id = await new_org(people)
    caller = forwarded(owner)
    billing = subscriptions_pb2_grpc.BillingServiceStub(unconfigured_billing)
    checkout = billing.CreateCheckoutSession(
        subscriptions_pb2.CreateCheckoutSessionRequest(
            org_id=org_id,
            plan=plans_pb2.PLAN_TIER_PRO,
            success_url=SUCCESS_URL,
            cancel_url=CANCEL_URL,
        ),
        metadata=caller,
    )
    assert await refused(checkout) == (
        grpc.StatusCode.FAILED_PRECONDITION,
        "BILLING_NOT_CONFIGURED",
    )
    # Status needs no Stripe.
    status = await billing.GetBillingStatus(
        subscriptions_pb2.GetBillingStatusRequest(org_id=org_id), metadata=caller
    )
    assert status.subscription.org_id == org_id
    webhook = subscriptions_pb2_grpc.StripeWebhookServiceStub(unconfigured_billing)
    delivered = webhook.HandleStripeEvent(subscriptions_pb2.HandleStripeEventRequest())
    assert (await refused(delivered))[0] == grpc.StatusCode.FAILED_PRECONDITION
