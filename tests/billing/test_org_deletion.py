"""Deleting an organization, through the gateway, as its owner meets it and as billing then
acts: identity asks billing first and refuses while runs hold the organization's credits;
once deleted, billing cancels its Stripe subscription at once with proration (the local
Stripe server sees the cancel) and the sweeper renews none of its periods."""

from __future__ import annotations

import asyncio
import secrets
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, timedelta

import grpc
import httpx
import pytest

from keel.billing.v1 import subscriptions_pb2, subscriptions_pb2_grpc
from keel_runtime.db import Database
from services.billing.config import BillingConfig
from services.billing.domain import ledger, sweeper
from tests.billing.test_webhooks import Buyer, accepted, subscribe
from tests.identity.people import People, Person
from tests.identity.support import detail, reason, refused, scalar, sql
from tests.support.net import free_port
from tests.support.stripe_server import FakeStripe, event

HELD_CREDITS = "ORGANIZATION_HAS_HELD_CREDITS"


# identity must know billing's address before either starts (billing needs identity's).
@pytest.fixture(scope="module")
def billing_port() -> int:
    return free_port()


@pytest.fixture(scope="module")
def identity_env(identity_env: dict[str, str], billing_port: int) -> dict[str, str]:
    return {
        **identity_env,
        "KEEL_BILLING_ADDR": f"127.0.0.1:{billing_port}",
        "KEEL_IDENTITY_DELETION_ASKS_BILLING": "true",
    }


@pytest.fixture(scope="module")
def billing_env(billing_env: dict[str, str], billing_port: int) -> dict[str, str]:
    # The sweeper runs here only when a test runs a pass itself.
    return {
        **billing_env,
        "KEEL_BILLING_PORT": str(billing_port),
        "KEEL_BILLING_SWEEP_SECONDS": "3600",
    }


@pytest.fixture
async def buyer(people: People) -> Buyer:
    owner = await people.signup("owner")
    return Buyer(owner, await people.organization(owner))


async def eventually(check: Callable[[], Awaitable[bool]], what: str, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not await check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.05)


async def deleted_in_billing(billing_db: Database, org_id: str) -> bool:
    found = await scalar(
        billing_db,
        "SELECT count(*) FROM organization_deletions WHERE org_id = :o",
        o=uuid.UUID(org_id),
    )
    return bool(found)


async def delete(owner: Person, org_id: str) -> httpx.Response:
    return await owner.delete(f"/v1/organizations/{org_id}")


async def hold(owner: Person, org_id: str) -> str:
    """A hold on the organization's credits, as a run's reservation is."""
    made = await owner.post(
        f"/v1/organizations/{org_id}/credits/reservations",
        {"amount": "1", "idempotency_key": "run-" + secrets.token_hex(4)},
    )
    assert made.status_code == 200, made.text
    return str(made.json()["reservation"]["id"])


# --- the Stripe subscription ------------------------------------------------------------------


async def test_deleting_a_paying_org_cancels_its_stripe_subscription_at_once_with_proration(
    buyer: Buyer,
    stripe: FakeStripe,
    http: httpx.AsyncClient,
    webhook_secret: str,
    billing_db: Database,
):
    subscription = await subscribe(buyer, stripe, http, webhook_secret)
    sub_id = subscription["id"]
    assert (await buyer.status())["plan"] == "PLAN_TIER_PRO"

    deleted = await delete(buyer.owner, buyer.org_id)
    assert deleted.status_code == 200, deleted.text

    async def cancelled() -> bool:
        return sub_id in stripe.cancellations

    await eventually(cancelled, "billing to cancel the Stripe subscription")
    # Stripe's wire format: DELETE /v1/subscriptions/{id}, the flags in the query string.
    (asked,) = stripe.requests_to("DELETE", f"/v1/subscriptions/{sub_id}")
    assert asked.status == 200
    assert asked.headers["authorization"] == f"Bearer {stripe.api_key}"
    assert stripe.cancellations[sub_id] == {"prorate": "true", "invoice_now": "true"}
    assert stripe.subscriptions[sub_id]["status"] == "canceled"
    recorded = await sql(
        billing_db,
        "SELECT stripe_subscription_id, cancelled_at FROM organization_deletions WHERE org_id = :o",
        o=uuid.UUID(buyer.org_id),
    )
    assert recorded[0][0] == sub_id and recorded[0][1] is not None

    # Stripe then tells billing the subscription ended, as it does after a cancel.
    ended = {**stripe.subscriptions[sub_id]}
    await accepted(
        http,
        event("customer.subscription.deleted", ended, created=int(time.time()) + 5),
        webhook_secret,
    )
    # The organization is gone for its owner (its billing portal included): 404.
    portal = await buyer.owner.post(
        f"{buyer.billing}/portal", {"return_url": "https://app.example.com/billing"}
    )
    assert portal.status_code == 404, portal.text


async def test_a_subscription_stripe_cancelled_already_counts_as_cancelled(
    buyer: Buyer,
    stripe: FakeStripe,
    http: httpx.AsyncClient,
    webhook_secret: str,
    billing_db: Database,
):
    """Cancelled in Stripe (its dashboard, say) before billing heard of it: Stripe answers
    the cancel 404 No such subscription, and the deletion is done all the same."""
    sub_id = (await subscribe(buyer, stripe, http, webhook_secret))["id"]
    stripe.subscriptions[sub_id]["status"] = "canceled"

    deleted = await delete(buyer.owner, buyer.org_id)
    assert deleted.status_code == 200, deleted.text

    async def done() -> bool:
        found = await scalar(
            billing_db,
            "SELECT cancelled_at FROM organization_deletions WHERE org_id = :o",
            o=uuid.UUID(buyer.org_id),
        )
        return found is not None

    await eventually(done, "billing to count the subscription as cancelled")
    (asked,) = stripe.requests_to("DELETE", f"/v1/subscriptions/{sub_id}")
    assert asked.status == 404
    assert sub_id not in stripe.cancellations


# --- the sweeper's renewals -------------------------------------------------------------------


async def _period_due(billing_db: Database, org_id: str) -> datetime:
    """Make the organization's period end an hour ago (as time would); that end."""
    end = datetime.now(UTC) - timedelta(hours=1)
    await sql(
        billing_db,
        "UPDATE subscriptions SET current_period_start = :start, current_period_end = :end"
        " WHERE org_id = :o",
        start=end - timedelta(days=30),
        end=end,
        o=uuid.UUID(org_id),
    )
    return end


async def _period_start(billing_db: Database, org_id: str) -> datetime:
    found = await scalar(
        billing_db,
        "SELECT current_period_start FROM subscriptions WHERE org_id = :o",
        o=uuid.UUID(org_id),
    )
    assert isinstance(found, datetime)
    return found


@pytest.fixture
async def sweep(billing_env: dict[str, str]) -> AsyncIterator[Callable[[], Awaitable[int]]]:
    """One pass of billing's sweeper on billing's database, as its own loop runs it."""
    config = BillingConfig.from_env("billing", billing_env)
    database = Database(billing_env["KEEL_BILLING_DATABASE_URL"], pool_size=2)

    async def once() -> int:
        return await sweeper.sweep_once(database, ledger.Ledger(database), config)

    yield once
    await database.close()


async def test_the_sweeper_renews_no_period_of_a_deleted_org(
    people: People, billing_db: Database, sweep: Callable[[], Awaitable[int]]
):
    gone, kept = [Buyer(p, await people.organization(p)) for p in
                  [await people.signup("gone"), await people.signup("kept")]]  # fmt: skip
    for buyer in (gone, kept):
        assert (await buyer.status())["plan"] == "PLAN_TIER_FREE"  # the account is open
    deleted = await delete(gone.owner, gone.org_id)
    assert deleted.status_code == 200, deleted.text
    await eventually(lambda: deleted_in_billing(billing_db, gone.org_id), "billing to hear of it")

    ended = {buyer.org_id: await _period_due(billing_db, buyer.org_id) for buyer in (gone, kept)}
    await sweep()
    await sweep()
    assert await _period_start(billing_db, kept.org_id) == ended[kept.org_id]  # renewed
    assert await _period_start(billing_db, gone.org_id) < ended[gone.org_id]  # left as it was
    allocations = await scalar(
        billing_db,
        "SELECT count(*) FROM credit_transactions WHERE org_id = :o AND type = 'plan_allocation'",
        o=uuid.UUID(gone.org_id),
    )
    assert allocations == 1  # the first period's only


# --- refused while runs hold credits ----------------------------------------------------------


async def test_deletion_is_refused_while_a_run_holds_credits_and_allowed_once_released(
    buyer: Buyer,
):
    owner, org_id = buyer.owner, buyer.org_id
    hold_id = await hold(owner, org_id)

    refused_ = await delete(owner, org_id)
    assert refused_.status_code == 400, refused_.text
    assert reason(refused_) == HELD_CREDITS
    assert detail(refused_, "ErrorInfo")["metadata"]["open_holds"] == "1"
    assert (await owner.get(f"/v1/organizations/{org_id}")).status_code == 200  # still there

    released = await owner.post(
        f"/v1/organizations/{org_id}/credits/reservations/{hold_id}:release",
        {"idempotency_key": "release-" + secrets.token_hex(4)},
    )
    assert released.status_code == 200, released.text
    deleted = await delete(owner, org_id)
    assert deleted.status_code == 200, deleted.text
    assert (await owner.get(f"/v1/organizations/{org_id}")).status_code == 404


async def test_only_identity_may_ask_billing_about_a_deletion(
    agents_channel: grpc.aio.Channel, buyer: Buyer
):
    stub = subscriptions_pb2_grpc.BillingServiceStub(agents_channel)
    request = subscriptions_pb2.CheckOrganizationDeletionRequest(org_id=buyer.org_id)
    code, why = await refused(stub.CheckOrganizationDeletion(request))
    assert (code, why) == (grpc.StatusCode.PERMISSION_DENIED, "CALLER_NOT_ALLOWED")
