"""Promises of billing's README, through the gateway: settle, release and adjust answer once
per idempotency key (the same key: the first result; other parameters: refused); a pending
downgrade applies at the period end; the sweeper renews the periods of free and admin-set
plans, once however often it runs; and with Redis down the credits ledger still works while
rate limits refuse, as `KEEL_BILLING_RATE_LIMIT_FAIL_OPEN=false` says."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import httpx
import pytest

from keel_runtime.db import Database
from services.billing.config import BillingConfig
from services.billing.domain import ledger, sweeper
from services.billing.domain.accounts import add_month
from tests.billing.conftest import Org
from tests.billing.test_credits import balance, key, reserve
from tests.billing.test_webhooks import Buyer, accepted, invoice, iso, subscribe
from tests.identity.people import People, Person
from tests.identity.support import reason, scalar, sql
from tests.support.envoy import EnvoyGateway, envoy_gateway
from tests.support.net import free_port
from tests.support.processes import ServiceProcess, service, service_settings
from tests.support.stripe_server import FakeStripe, event

DAY = 86_400


async def eventually(check: Callable[[], Awaitable[bool]], what: str, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not await check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.05)


def _hold_path(org_id: str, hold_id: str, verb: str) -> str:
    return f"/v1/organizations/{org_id}/credits/reservations/{hold_id}:{verb}"


async def _hold(person: Person, org_id: str, amount: str) -> str:
    reserved = await reserve(person, org_id, amount)
    assert reserved.status_code == 200, reserved.text
    return str(reserved.json()["reservation"]["id"])


# --- idempotency of settle, release and adjust ----------------------------------------------


async def test_a_settlement_key_charges_once_and_refuses_another_amount(org: Org):
    hold = await _hold(org.member, org.id, "5")
    shared = key()
    first = await org.member.post(
        _hold_path(org.id, hold, "settle"), {"actual_amount": "3", "idempotency_key": shared}
    )
    assert first.status_code == 200, first.text
    again = await org.member.post(
        _hold_path(org.id, hold, "settle"), {"actual_amount": "3", "idempotency_key": shared}
    )
    assert again.status_code == 200, again.text
    assert again.json()["reservation"] == first.json()["reservation"]
    other = await org.member.post(
        _hold_path(org.id, hold, "settle"), {"actual_amount": "4", "idempotency_key": shared}
    )
    assert other.status_code == 400, other.text
    assert reason(other) == "IDEMPOTENCY_KEY_REUSED"
    found = await balance(org.member, org.id)
    assert (Decimal(found["balance"]), found["reserved"]) == (Decimal(20 - 3), "0")  # once


async def test_a_release_key_answers_its_hold_and_refuses_another(org: Org):
    hold, other_hold = await _hold(org.member, org.id, "4"), await _hold(org.member, org.id, "2")
    shared = key()
    first = await org.member.post(_hold_path(org.id, hold, "release"), {"idempotency_key": shared})
    assert first.status_code == 200, first.text
    again = await org.member.post(_hold_path(org.id, hold, "release"), {"idempotency_key": shared})
    assert again.status_code == 200, again.text  # not RESERVATION_NOT_HELD: the first answer
    assert again.json()["reservation"] == first.json()["reservation"]
    assert again.json()["reservation"]["status"] == "RESERVATION_STATUS_RELEASED"
    other = await org.member.post(
        _hold_path(org.id, other_hold, "release"), {"idempotency_key": shared}
    )
    assert other.status_code == 400, other.text
    assert reason(other) == "IDEMPOTENCY_KEY_REUSED"
    assert (await balance(org.member, org.id))["reserved"] == "2"  # the other hold still held


async def test_an_adjustment_key_adjusts_once_and_refuses_another_amount(org: Org, platform_admin):
    path = f"/v1/admin/platform/organizations/{org.id}/credits:adjust"
    body = {"amount": "5", "reason": "goodwill", "idempotency_key": key()}
    first = await platform_admin.post(path, body)
    assert first.status_code == 200, first.text
    again = await platform_admin.post(path, body)
    assert again.status_code == 200, again.text
    assert again.json()["transaction"]["id"] == first.json()["transaction"]["id"]
    other = await platform_admin.post(path, {**body, "amount": "6"})
    assert other.status_code == 400, other.text
    assert reason(other) == "IDEMPOTENCY_KEY_REUSED"
    assert Decimal((await balance(org.member, org.id))["balance"]) == 20 + 5


# --- periods ----------------------------------------------------------------------------------


@pytest.fixture
async def buyer(people: People) -> Buyer:
    owner = await people.signup("owner")
    return Buyer(owner, await people.organization(owner))


async def test_a_pending_downgrade_applies_at_the_period_end(
    buyer: Buyer, stripe: FakeStripe, http: httpx.AsyncClient, webhook_secret: str
):
    subscription = await subscribe(buyer, stripe, http, webhook_secret)  # pro
    now = int(time.time())
    team = {**subscription, "metadata": {"org_id": buyer.org_id, "plan_tier": "team"}}
    await accepted(
        http, event("customer.subscription.updated", team, created=now + 10), webhook_secret
    )
    await accepted(
        http, event("customer.subscription.updated", subscription, created=now + 20), webhook_secret
    )
    pending = await buyer.status()
    assert (pending["plan"], pending["pending_plan"]) == ("PLAN_TIER_TEAM", "PLAN_TIER_PRO")
    assert (await buyer.balance())["monthly_allocation"] == "2000"  # until the period ends

    start, end = now + 30, now + 30 + 30 * DAY
    renewal = invoice(subscription, start, end, "subscription_cycle")
    await accepted(
        http, event("invoice.payment_succeeded", renewal, created=start + 5), webhook_secret
    )
    renewed = await buyer.status()
    assert (renewed["plan"], renewed["pending_plan"]) == ("PLAN_TIER_PRO", "PLAN_TIER_UNSPECIFIED")
    assert renewed["current_period_start"] == iso(start)
    found = await buyer.balance()
    assert found["monthly_allocation"] == "500"
    monthly = [b["remaining"] for b in found["buckets"] if b["kind"] == "BUCKET_KIND_MONTHLY"]
    assert monthly == ["500"]  # what was left of team's 2000 expired
    entitlements = await buyer.owner.get(f"/v1/organizations/{buyer.org_id}/entitlements")
    assert entitlements.json()["plan"]["tier"] == "PLAN_TIER_PRO"


@pytest.fixture
async def sweep(billing_env: dict[str, str]) -> AsyncIterator[Callable[[], Awaitable[int]]]:
    """One more pass of billing's sweeper on billing's database (its own loop runs too)."""
    config = BillingConfig.from_env("billing", billing_env)
    database = Database(billing_env["KEEL_BILLING_DATABASE_URL"], pool_size=2)

    async def once() -> int:
        return await sweeper.sweep_once(database, ledger.Ledger(database), config)

    yield once
    await database.close()


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


async def _allocations(billing_db: Database, org_id: str) -> int:
    found = await scalar(
        billing_db,
        "SELECT count(*) FROM credit_transactions WHERE org_id = :o AND type = 'plan_allocation'",
        o=uuid.UUID(org_id),
    )
    return int(found)


async def test_the_sweeper_renews_free_and_admin_set_plans_once(
    people: People,
    platform_admin: Person,
    billing_db: Database,
    sweep: Callable[[], Awaitable[int]],
):
    free, team = [Buyer(p, await people.organization(p)) for p in
                  [await people.signup("free"), await people.signup("team")]]  # fmt: skip
    changed = await platform_admin.patch(
        f"/v1/admin/platform/organizations/{team.org_id}/plan-tier", {"plan_tier": "team"}
    )
    assert changed.status_code == 200, changed.text

    async def on_team() -> bool:
        return (await team.status())["plan"] == "PLAN_TIER_TEAM"

    await eventually(on_team, "billing to move to the admin-set plan")
    for buyer in (free, team):  # some of the period's credits spent
        hold = await _hold(buyer.owner, buyer.org_id, "4")
        settled = await buyer.owner.post(
            _hold_path(buyer.org_id, hold, "settle"),
            {"actual_amount": "4", "idempotency_key": key()},
        )
        assert settled.status_code == 200, settled.text
    ended = {buyer.org_id: await _period_due(billing_db, buyer.org_id) for buyer in (free, team)}

    async def renewed() -> bool:
        found = [await buyer.status() for buyer in (free, team)]
        return all(_at(s["current_period_start"]) == ended[s["org_id"]] for s in found)

    await eventually(renewed, "billing's sweeper to start the next periods")
    await asyncio.gather(sweep(), sweep())  # and again, at once: nothing more
    await sweep()
    for buyer, allocation in ((free, "10"), (team, "2000")):
        status = await buyer.status()
        assert _at(status["current_period_start"]) == ended[buyer.org_id]
        assert _at(status["current_period_end"]) == add_month(ended[buyer.org_id])
        found = await buyer.balance()
        assert found["monthly_allocation"] == allocation
        monthly = [b["remaining"] for b in found["buckets"] if b["kind"] == "BUCKET_KIND_MONTHLY"]
        assert monthly == [allocation]  # granted anew, what was left expired
        assert await _allocations(billing_db, buyer.org_id) == 2  # the first period's and this


def _at(found: str) -> datetime:
    """A timestamp of a REST answer."""
    return datetime.fromisoformat(found)


# --- Redis down -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def redisless_billing(
    new_database: Callable[[str], str], identity: ServiceProcess, tmp_path_factory
) -> Iterator[ServiceProcess]:
    """A billing whose Redis never answers (nothing listens there), rate limits failing
    closed as the setting asks, from the environment as production sets it."""
    env = service_settings(
        "billing",
        new_database("billing"),
        f"redis://127.0.0.1:{free_port()}/0",
        identity.address,
        KEEL_BILLING_RATE_LIMIT_FAIL_OPEN="false",
    )
    with service("billing", env, tmp_path_factory) as process:
        yield process


@pytest.fixture(scope="module")
async def redisless_edge(
    identity: ServiceProcess, redisless_billing: ServiceProcess, tmp_path_factory
) -> AsyncIterator[EnvoyGateway]:
    home = tmp_path_factory.mktemp("envoy-redisless")
    upstreams = {"identity": identity.address, "billing": redisless_billing.address}
    async with envoy_gateway(home, upstreams) as gateway:
        yield gateway


@pytest.fixture
async def redisless(redisless_edge: EnvoyGateway) -> AsyncIterator[tuple[Person, str]]:
    """An owner and their organization, through the gateway to the billing without Redis."""
    async with httpx.AsyncClient(base_url=redisless_edge.url, timeout=15) as client:
        people = People(client)
        owner = await people.signup("owner")
        yield owner, await people.organization(owner)


async def test_the_ledger_works_with_redis_down(redisless: tuple[Person, str]):
    owner, org_id = redisless
    # The month's 10 (the welcome bonus would come on identity's events, through Redis).
    assert Decimal((await balance(owner, org_id))["available"]) == 10
    settled_hold, released_hold = await _hold(owner, org_id, "6"), await _hold(owner, org_id, "3")
    settled = await owner.post(
        _hold_path(org_id, settled_hold, "settle"),
        {"actual_amount": "2.5", "idempotency_key": key()},
    )
    assert settled.status_code == 200, settled.text
    released = await owner.post(
        _hold_path(org_id, released_hold, "release"), {"idempotency_key": key()}
    )
    assert released.status_code == 200, released.text
    found = await balance(owner, org_id)
    assert (Decimal(found["balance"]), found["reserved"]) == (Decimal("7.5"), "0")


async def test_rate_limits_refuse_with_redis_down_when_failing_closed(
    redisless: tuple[Person, str],
):
    owner, org_id = redisless
    body: dict[str, Any] = {
        "capability": "CAPABILITY_QUESTION_GENERATION",
        "quality": "QUALITY_LEVEL_FAST",
        "consume": True,
    }
    refused = await owner.post(f"/v1/organizations/{org_id}/ai-access:check", body)
    assert refused.status_code == 503, refused.text
    assert reason(refused) == "RATE_LIMITER_UNAVAILABLE"
