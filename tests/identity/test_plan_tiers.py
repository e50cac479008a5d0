"""identity's copy of the plan tier, end to end: real identity and billing processes behind
the real gateway, Stripe replaced by a local server speaking its wire format. A purchase
confirmed by Stripe's webhook reaches identity's `GetOrganization` and the platform admins'
filter through billing's `subscription.changed`; an older event never undoes a newer one;
and identity refuses a tier billing does not sell."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
import redis.asyncio as redis

from keel.billing.v1 import events_pb2 as billing_events
from keel.billing.v1 import plans_pb2
from keel.events.v1 import events_pb2
from keel_runtime.db import Database
from keel_runtime.events import stream_name
from services.identity.domain.admin import set_platform_admin
from tests.billing.conftest import STRIPE_API_KEY, WEBHOOK_SECRET
from tests.billing.test_webhooks import Buyer, accepted, subscribe
from tests.identity.people import People, Person
from tests.identity.support import reason, scalar, violated_fields
from tests.support.envoy import EnvoyGateway, envoy_gateway
from tests.support.processes import ServiceProcess, service, service_settings
from tests.support.stripe_server import FakeStripe, event


@pytest.fixture(scope="module")
def stripe() -> Iterator[FakeStripe]:
    with FakeStripe(STRIPE_API_KEY) as server:
        yield server


@pytest.fixture(scope="module")
def billing(
    new_database, redis_server, identity: ServiceProcess, stripe: FakeStripe, tmp_path_factory
) -> Iterator[ServiceProcess]:
    env = service_settings(
        "billing",
        new_database("billing"),
        redis_server.url,
        identity.address,
        KEEL_BILLING_STRIPE_API_KEY=STRIPE_API_KEY,
        KEEL_BILLING_STRIPE_API_BASE=stripe.url,
        KEEL_BILLING_STRIPE_WEBHOOK_SECRET=WEBHOOK_SECRET,
    )
    with service("billing", env, tmp_path_factory) as process:
        yield process


@pytest.fixture(scope="module")
async def edge(
    identity: ServiceProcess, billing: ServiceProcess, tmp_path_factory
) -> AsyncIterator[EnvoyGateway]:
    home = tmp_path_factory.mktemp("envoy")
    upstreams = {"identity": identity.address, "billing": billing.address}
    async with envoy_gateway(home, upstreams) as gateway:
        yield gateway


@pytest.fixture
async def buyer(people: People) -> Buyer:
    owner = await people.signup("owner")
    return Buyer(owner, await people.organization(owner, f"Buyer {uuid.uuid4().hex[:8]}"))


@pytest.fixture
async def operator(people: People, identity_db: Database) -> Person:
    """A signed-up platform administrator."""
    person = await people.signup("operator")
    assert await set_platform_admin(identity_db, person.email, True)
    return person


async def tier(person: Person, org_id: str) -> str:
    """The plan tier `GetOrganization` answers."""
    response = await person.get(f"/v1/organizations/{org_id}")
    assert response.status_code == 200, response.text
    found: str = response.json()["organization"]["organization"]["plan_tier"]
    return found


async def eventually(check: Callable[[], Awaitable[bool]], what: str, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not await check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.05)


async def tier_becomes(person: Person, org_id: str, expected: str) -> None:
    async def check() -> bool:
        return await tier(person, org_id) == expected

    await eventually(check, f"identity to say {expected}")


async def filtered(operator: Person, org_id: str, plan_tier: str) -> bool:
    """Whether the platform admins' list shows `org_id` under `plan_tier`."""
    response = await operator.get(
        "/v1/admin/platform/organizations", params={"plan_tier": plan_tier, "page_size": 100}
    )
    assert response.status_code == 200, response.text
    listed = response.json().get("organizations", [])
    return org_id in {o["organization"]["id"] for o in listed}


async def test_a_stripe_purchase_reaches_get_organization_and_the_admin_filter(
    buyer: Buyer, stripe: FakeStripe, http: httpx.AsyncClient, operator: Person
) -> None:
    assert await tier(buyer.owner, buyer.org_id) == "free"
    subscription = await subscribe(buyer, stripe, http, WEBHOOK_SECRET)

    await tier_becomes(buyer.owner, buyer.org_id, "pro")
    assert await filtered(operator, buyer.org_id, "pro")
    assert not await filtered(operator, buyer.org_id, "free")

    # The subscription ends: billing brings the organization back to free, and so does identity.
    ended = {**subscription, "status": "canceled", "ended_at": int(time.time())}
    deleted = event("customer.subscription.deleted", ended, created=int(time.time()) + 5)
    await accepted(http, deleted, WEBHOOK_SECRET)
    await tier_becomes(buyer.owner, buyer.org_id, "free")
    assert await filtered(operator, buyer.org_id, "free")


@pytest.fixture
async def streams(redis_server) -> AsyncIterator[redis.Redis]:
    client = redis.Redis.from_url(redis_server.url)
    yield client
    await client.aclose()


async def send_billing_event(
    streams: redis.Redis, org_id: str, plan: plans_pb2.PlanTier, occurred_at: datetime
) -> str:
    """A `subscription.changed` on billing's stream, as billing's relay writes it."""
    payload = billing_events.SubscriptionChanged(org_id=org_id)
    payload.subscription.org_id = org_id
    payload.subscription.plan = plan
    envelope = events_pb2.Event(
        id=str(uuid.uuid4()), type="subscription.changed", source="billing", org_id=org_id
    )
    envelope.occurred_at.FromDatetime(occurred_at)
    envelope.payload.Pack(payload)
    fields = {"id": envelope.id, "type": envelope.type, "envelope": envelope.SerializeToString()}
    await streams.xadd(stream_name("billing"), fields)  # type: ignore[arg-type]
    return envelope.id


async def applied(identity_db: Database, event_id: str) -> bool:
    found = await scalar(
        identity_db,
        "SELECT count(*) FROM processed_events WHERE consumer = 'identity' AND event_id = :id",
        id=uuid.UUID(event_id),
    )
    return bool(found)


async def plan_tier_as_of(identity_db: Database, org_id: str) -> datetime | None:
    """The time of billing's event identity last took the tier from."""
    found: datetime | None = await scalar(
        identity_db,
        "SELECT plan_tier_as_of FROM organizations WHERE id = :id",
        id=uuid.UUID(org_id),
    )
    return found


async def test_an_older_or_unknown_billing_event_changes_nothing(
    buyer: Buyer, streams: redis.Redis, identity_db: Database
) -> None:
    # billing announces the account it opens for the new organization (on free).
    async def announced() -> bool:
        return await plan_tier_as_of(identity_db, buyer.org_id) is not None

    await eventually(announced, "billing's first subscription.changed")
    first = await plan_tier_as_of(identity_db, buyer.org_id)
    assert first is not None
    newer = await send_billing_event(
        streams, buyer.org_id, plans_pb2.PLAN_TIER_TEAM, first + timedelta(seconds=20)
    )
    await tier_becomes(buyer.owner, buyer.org_id, "team")
    assert await applied(identity_db, newer)

    # Delivered late (a retry, another relay's batch): the older state stays behind.
    late = await send_billing_event(
        streams, buyer.org_id, plans_pb2.PLAN_TIER_PRO, first + timedelta(seconds=10)
    )
    unknown = await send_billing_event(
        streams, buyer.org_id, plans_pb2.PLAN_TIER_UNSPECIFIED, first + timedelta(seconds=30)
    )

    async def both_applied() -> bool:
        return await applied(identity_db, late) and await applied(identity_db, unknown)

    await eventually(both_applied, "identity to consume both events")
    assert await tier(buyer.owner, buyer.org_id) == "team"


async def test_platform_admins_set_only_the_tiers_billing_sells(
    buyer: Buyer, operator: Person, identity_db: Database
) -> None:
    path = f"/v1/admin/platform/organizations/{buyer.org_id}/plan-tier"
    for unknown in ("business", "premium"):
        refused = await operator.patch(path, {"plan_tier": unknown})
        assert refused.status_code == 400, refused.text
        assert reason(refused) == "INVALID_ARGUMENT"
        assert violated_fields(refused) == {"plan_tier"}
        assert await tier(buyer.owner, buyer.org_id) == "free"
    refused = await operator.get("/v1/admin/platform/organizations", params={"plan_tier": "gold"})
    assert refused.status_code == 400 and violated_fields(refused) == {"plan_tier"}

    patched_at = datetime.now(UTC)
    changed = await operator.patch(path, {"plan_tier": "team"})
    assert changed.status_code == 200, changed.text
    assert changed.json()["organization"]["organization"]["plan_tier"] == "team"

    # billing follows, and its own event about the change leaves identity where it is.
    async def billing_on_team() -> bool:
        status = (await buyer.owner.get(f"{buyer.billing}/status")).json()["subscription"]
        return bool(status["plan"] == "PLAN_TIER_TEAM")

    await eventually(billing_on_team, "billing to move to team")

    async def billing_event_applied() -> bool:
        as_of = await plan_tier_as_of(identity_db, buyer.org_id)
        return as_of is not None and as_of >= patched_at

    await eventually(billing_event_applied, "identity to take billing's event about it")
    assert await tier(buyer.owner, buyer.org_id) == "team"
