"""FakeStripe against the real `stripe` SDK, called the way the billing service calls it.

If the SDK accepts these answers and maps these errors, the billing service's Stripe code is
tested against Stripe's real wire format rather than against mocks of the SDK.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
import stripe

from tests.support.stripe_server import FakeStripe, decode_form, event, sign, stripe_object

API_KEY = "sk_test_keel"
WEBHOOK_SECRET = "whsec_test_keel"
PRO_MONTHLY = {
    "currency": "usd",
    "unit_amount": 2000,
    "product_data": {"name": "Keel Pro"},
    "recurring": {"interval": "month"},
}


@pytest.fixture(autouse=True)
def no_sdk_telemetry(monkeypatch: pytest.MonkeyPatch) -> None:
    """With telemetry on, the SDK writes an id file under ~/.config/stripe on first use."""
    monkeypatch.setattr(stripe, "enable_telemetry", False)


@pytest.fixture
def server() -> Iterator[FakeStripe]:
    with FakeStripe(API_KEY) as fake:
        yield fake


def make_client(
    server: FakeStripe, http: stripe.HTTPClient | None = None, retries: int | None = None
) -> stripe.StripeClient:
    return stripe.StripeClient(
        API_KEY, base_addresses={"api": server.url}, http_client=http, max_network_retries=retries
    )


@pytest.fixture
async def client(server: FakeStripe) -> AsyncIterator[stripe.StripeClient]:
    http = stripe.HTTPXClient()
    yield make_client(server, http)
    await http.close_async()


async def new_customer(client: stripe.StripeClient, org: str = "org_1") -> stripe.Customer:
    return await client.v1.customers.create_async(
        params={"name": "Acme", "email": "billing@acme.test", "metadata": {"org_id": org}},
        options={"idempotency_key": f"customer-{org}"},
    )


# --- the SDK calls the billing service makes ----------------------------------------------------


async def test_create_customer_carries_key_form_body_and_metadata(server, client) -> None:
    customer = await new_customer(client)

    assert customer.id.startswith("cus_") and len(customer.id) == 18
    assert (customer.object, customer.name, customer.email) == (
        "customer",
        "Acme",
        "billing@acme.test",
    )
    assert customer.to_dict()["metadata"] == {"org_id": "org_1"}
    assert customer.livemode is False
    assert customer.last_response is not None
    assert str(customer.last_response.request_id).startswith("req_")
    (request,) = server.requests
    assert (request.method, request.path, request.status) == ("POST", "/v1/customers", 200)
    assert request.headers["authorization"] == f"Bearer {API_KEY}"
    assert request.headers["content-type"] == "application/x-www-form-urlencoded"
    assert request.idempotency_key == "customer-org_1"
    assert request.params["metadata"] == {"org_id": "org_1"}
    assert server.customers[customer.id]["metadata"] == {"org_id": "org_1"}
    fetched = await client.v1.customers.retrieve_async(customer.id)
    assert fetched.to_dict() == customer.to_dict()


async def test_subscription_checkout_with_inline_price(server, client) -> None:
    customer = await new_customer(client)

    session = await client.v1.checkout.sessions.create_async(
        params={
            "mode": "subscription",
            "customer": customer.id,
            "client_reference_id": "org_1",
            "success_url": "https://app.keel.test/billing?done=1",
            "cancel_url": "https://app.keel.test/billing",
            "line_items": [{"price_data": PRO_MONTHLY, "quantity": 3}],
            "metadata": {"org_id": "org_1"},
            "subscription_data": {"metadata": {"org_id": "org_1", "plan": "pro"}},
        }
    )

    assert session.id.startswith("cs_test_")
    assert session.url == f"https://checkout.stripe.com/c/pay/{session.id}"
    assert (session.mode, session.status, session.payment_status) == (
        "subscription",
        "open",
        "unpaid",
    )
    assert (session.amount_total, session.currency) == (6000, "usd")
    assert (session.customer, session.client_reference_id) == (customer.id, "org_1")
    assert session.to_dict()["metadata"] == {"org_id": "org_1"}
    params = server.checkout_params[session.id]
    assert params["line_items"][0]["price_data"]["recurring"] == {"interval": "month"}
    assert params["subscription_data"]["metadata"] == {"org_id": "org_1", "plan": "pro"}

    completed = server.complete_checkout(session.id)
    assert (completed["status"], completed["payment_status"]) == ("complete", "paid")
    subscription = await client.v1.subscriptions.retrieve_async(completed["subscription"])
    assert subscription.status == "active" and subscription.customer == customer.id
    assert subscription.to_dict()["metadata"] == {"org_id": "org_1", "plan": "pro"}
    item = subscription.items.data[0]
    assert (item.quantity, item.price.unit_amount, item.price.recurring.interval) == (
        3,
        2000,
        "month",
    )


async def test_payment_checkout_with_registered_and_inline_prices(server, client) -> None:
    credits = server.add_price(
        stripe_object("price", id="price_credits", unit_amount=500, type="one_time", recurring=None)
    )

    session = await client.v1.checkout.sessions.create_async(
        params={
            "mode": "payment",
            "success_url": "https://app.keel.test/ok",
            "line_items": [
                {"price": credits["id"], "quantity": 4},
                {"price_data": {**PRO_MONTHLY, "recurring": None}, "quantity": 1},
            ],
            "payment_intent_data": {"metadata": {"org_id": "org_2"}},
        }
    )

    assert (session.mode, session.amount_total, session.customer) == ("payment", 4000, None)
    expanded = await client.v1.checkout.sessions.retrieve_async(
        session.id, params={"expand": ["line_items"]}
    )
    assert [(li.price.id, li.quantity, li.amount_total) for li in expanded.line_items.data] == [
        ("price_credits", 4, 2000),
        (expanded.line_items.data[1].price.id, 1, 2000),
    ]
    assert expanded.line_items.data[1].description == "Keel Pro"
    assert server.checkout_params[session.id]["payment_intent_data"] == {
        "metadata": {"org_id": "org_2"}
    }


async def test_portal_session(server, client) -> None:
    customer = await new_customer(client)

    portal = await client.v1.billing_portal.sessions.create_async(
        params={"customer": customer.id, "return_url": "https://app.keel.test/"}
    )

    assert portal.id.startswith("bps_") and portal.object == "billing_portal.session"
    assert portal.url == f"https://billing.stripe.com/p/session/{portal.id}"
    assert (portal.customer, portal.return_url) == (customer.id, "https://app.keel.test/")


async def test_subscription_update_and_cancel(server, client) -> None:
    sub = server.add_subscription(
        stripe_object("subscription", id="sub_test", cancel_at_period_end=False, cancel_at=None)
    )

    updated = await client.v1.subscriptions.update_async(
        sub["id"], params={"cancel_at_period_end": True, "metadata": {"plan": "pro"}}
    )
    assert updated.cancel_at_period_end is True
    assert updated.cancel_at == sub["items"]["data"][0]["current_period_end"]
    assert server.subscriptions["sub_test"]["metadata"] == {"plan": "pro"}
    canceled = await client.v1.subscriptions.cancel_async("sub_test")
    assert canceled.status == "canceled"
    with pytest.raises(stripe.InvalidRequestError) as missing:
        await client.v1.subscriptions.retrieve_async("sub_nope")
    assert (missing.value.http_status, missing.value.code) == (404, "resource_missing")


def test_sync_calls_need_a_sync_capable_http_client(server) -> None:
    default = make_client(server)  # requests for sync, httpx for async
    assert default.v1.customers.create(params={"name": "Sync"}).name == "Sync"
    http = stripe.HTTPXClient(allow_sync_methods=True)
    assert make_client(server, http).v1.customers.create(params={"name": "Both"}).name == "Both"
    http.close()
    async_only = stripe.HTTPXClient()
    with pytest.raises(RuntimeError, match="allow_sync_methods"):
        make_client(server, async_only).v1.customers.create(params={"name": "x"})


# --- Stripe's checks -------------------------------------------------------------------------


async def test_wrong_api_key_is_an_authentication_error(server) -> None:
    http = stripe.HTTPXClient()
    wrong = stripe.StripeClient(
        "sk_test_wrong_0000", base_addresses={"api": server.url}, http_client=http
    )
    with pytest.raises(
        stripe.AuthenticationError, match="Invalid API Key provided: sk_test_"
    ) as err:
        await wrong.v1.customers.create_async(params={"name": "Acme"})
    await http.close_async()
    assert err.value.http_status == 401
    assert "wrong" not in str(err.value)  # masked, as Stripe does
    assert server.customers == {}


@pytest.mark.parametrize(
    ("params", "param", "code"),
    [
        ({"success_url": "https://x"}, "mode", "parameter_missing"),
        ({"mode": "subscription"}, "success_url", "parameter_missing"),
        ({"mode": "payment", "success_url": "https://x"}, "line_items", "parameter_missing"),
        (
            {
                "mode": "subscription",
                "success_url": "https://x",
                "line_items": [{"price_data": PRO_MONTHLY}],
            },
            "line_items[0][quantity]",
            "parameter_missing",
        ),
        (
            {
                "mode": "subscription",
                "success_url": "https://x",
                "subscription_data": {"metdata": {"org_id": "o"}},
            },
            "subscription_data[metdata]",
            "parameter_unknown",
        ),
    ],
)
async def test_invalid_parameters_name_the_param(server, client, params, param, code) -> None:
    with pytest.raises(stripe.InvalidRequestError) as err:
        await client.v1.checkout.sessions.create_async(params=params)
    assert (err.value.http_status, err.value.param, err.value.code) == (400, param, code)
    assert server.checkout_sessions == {}


async def test_recurring_price_in_payment_mode_is_rejected(client) -> None:
    with pytest.raises(stripe.InvalidRequestError, match="recurring price"):
        await client.v1.checkout.sessions.create_async(
            params={
                "mode": "payment",
                "success_url": "https://x",
                "line_items": [{"price_data": PRO_MONTHLY, "quantity": 1}],
            }
        )


async def test_idempotent_replay_returns_the_first_answer(server, client) -> None:
    first = await new_customer(client)
    again = await new_customer(client)

    assert again.id == first.id
    assert again.last_response is not None
    assert again.last_response.headers["Idempotent-Replayed"] == "true"
    assert [r.replayed for r in server.requests_to("POST", "/v1/customers")] == [False, True]
    assert list(server.customers) == [first.id]


async def test_concurrent_requests_with_one_key_create_once(server, client) -> None:
    customers = await asyncio.gather(*(new_customer(client) for _ in range(4)))

    assert len({c.id for c in customers}) == 1 and len(server.customers) == 1
    assert sorted(r.replayed for r in server.requests) == [False, True, True, True]


async def test_idempotency_key_reused_with_other_params_is_refused(server, client) -> None:
    await new_customer(client, "org_1")

    with pytest.raises(stripe.IdempotencyError, match="same parameters they were first used"):
        await client.v1.customers.create_async(
            params={"name": "Other"}, options={"idempotency_key": "customer-org_1"}
        )
    assert len(server.customers) == 1


async def test_sdk_retry_after_a_lost_response_is_replayed(server, monkeypatch) -> None:
    monkeypatch.setattr(stripe.HTTPClient, "INITIAL_DELAY", 0.01)
    http = stripe.HTTPXClient()
    retrying = make_client(server, http, retries=2)
    server.drop_next_response()

    customer = await retrying.v1.customers.create_async(params={"name": "Acme"})
    await http.close_async()

    first, retry = server.requests
    assert first.idempotency_key == retry.idempotency_key  # generated by the SDK
    assert retry.replayed and list(server.customers) == [customer.id]


async def test_outage_surfaces_as_api_error(server, client) -> None:
    server.fail_next(503)
    with pytest.raises(stripe.APIError) as err:
        await new_customer(client)
    assert err.value.http_status == 503
    assert (await new_customer(client)).id in server.customers


def test_wire_level_answers(server) -> None:
    auth = {"Authorization": f"Bearer {API_KEY}"}
    with httpx.Client(base_url=server.url) as http:
        unknown = http.post("/v1/nope", headers=auth, data={"a": "b"})
        no_key = http.get("/v1/customers/cus_x")
        as_json = http.post("/v1/customers", headers=auth, json={"name": "x"})

    assert unknown.status_code == 404
    assert unknown.json()["error"]["code"] == "resource_missing"
    assert unknown.headers["content-type"] == "application/json"
    assert unknown.headers["request-id"].startswith("req_")
    assert no_key.status_code == 401
    assert no_key.json()["error"]["type"] == "invalid_request_error"
    assert as_json.status_code == 400 and "Content-Type" in as_json.json()["error"]["message"]


def test_decode_form_bracket_notation() -> None:
    body = (
        "metadata[org_id]=o1&metadata[0]=zero&expand[]=customer&expand[]=subscription"
        "&line_items[0][price_data][currency]=usd&line_items[0][quantity]=2"
        "&line_items[1][price]=price_1&name=A%26B"
    )
    assert decode_form(body) == {
        "metadata": {"org_id": "o1", "0": "zero"},
        "expand": ["customer", "subscription"],
        "line_items": [{"price_data": {"currency": "usd"}, "quantity": "2"}, {"price": "price_1"}],
        "name": "A&B",
    }


# --- webhooks --------------------------------------------------------------------------------


def test_signed_event_is_accepted_by_the_sdk(server) -> None:
    session = stripe_object("checkout.session", id="cs_test_1", metadata={"org_id": "org_1"})
    payload = json.dumps(event("checkout.session.completed", session)).encode()

    verified = stripe.Webhook.construct_event(
        payload, sign(payload, WEBHOOK_SECRET), WEBHOOK_SECRET
    )

    assert verified.type == "checkout.session.completed"
    assert verified.id.startswith("evt_")
    assert verified.data.object.id == "cs_test_1"
    assert verified.data.object.to_dict()["metadata"] == {"org_id": "org_1"}


@pytest.mark.parametrize("forgery", ["wrong secret", "stale timestamp", "tampered body"])
def test_bad_signatures_are_rejected_by_the_sdk(forgery: str) -> None:
    payload = json.dumps(event("invoice.payment_failed", stripe_object("invoice"))).encode()
    secret = "whsec_other" if forgery == "wrong secret" else WEBHOOK_SECRET
    stale = int(time.time()) - 10 * 60 if forgery == "stale timestamp" else None
    header = sign(payload, secret, stale)
    body = payload.replace(b"draft", b"paid") if forgery == "tampered body" else payload

    with pytest.raises(stripe.SignatureVerificationError):
        stripe.Webhook.construct_event(body, header, WEBHOOK_SECRET)


def test_stripe_object_copies_the_fixture() -> None:
    sub = stripe_object("subscription", id="sub_1", metadata={"org_id": "o"})
    sub["items"]["data"].clear()

    fresh = stripe_object("subscription")
    assert fresh["items"]["data"] and fresh["id"] != "sub_1" and fresh["metadata"] == {}
    updated = event(
        "customer.subscription.updated", sub, previous_attributes={"status": "trialing"}
    )
    assert updated["data"]["previous_attributes"] == {"status": "trialing"}
