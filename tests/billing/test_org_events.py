"""billing following identity's events, through the real relay and consumer: an organization
created in identity gets its billing account once, however often the event arrives, a
platform admin's plan change reaches billing, and a deletion closes the account once."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest
import redis.asyncio as redis

from keel.events.v1 import events_pb2
from keel.identity.v1 import events_pb2 as identity_events
from keel_runtime.db import Database
from keel_runtime.events import stream_name
from tests.billing.conftest import welcomed
from tests.identity.people import People, Person
from tests.identity.support import scalar

STREAM = stream_name("identity")


@pytest.fixture
async def streams(redis_server) -> AsyncIterator[redis.Redis]:
    client = redis.Redis.from_url(redis_server.url)
    yield client
    await client.aclose()


async def eventually(check: Callable[[], Awaitable[bool]], what: str, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not await check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.05)


async def count(billing_db: Database, table: str, org_id: str, where: str = "true") -> int:
    found = await scalar(
        billing_db,
        f"SELECT count(*) FROM {table} WHERE org_id = :org AND {where}",
        org=uuid.UUID(org_id),
    )
    return int(found)


async def created_event(
    streams: redis.Redis, org_id: str, type: str = "organization.created"
) -> dict[Any, Any]:
    """The stream entry of identity's `organization.created` (or `type`) for `org_id`."""
    entries: Any = await streams.xrange(STREAM)
    for _, fields in reversed(entries):
        envelope = events_pb2.Event.FromString(fields[b"envelope"])
        if envelope.type == type and envelope.org_id == org_id:
            return dict(fields)
    raise AssertionError(f"no {type} for {org_id} in {STREAM}")


async def consumed(streams: redis.Redis, entry_id: Any) -> bool:
    """Whether billing's consumer group has read `entry_id` and acknowledged everything."""
    groups = {g["name"]: g for g in await streams.xinfo_groups(STREAM)}
    group = groups.get(b"billing") or groups.get("billing")
    if group is None:
        return False

    def key(value: Any) -> tuple[int, int]:
        text = value.decode() if isinstance(value, bytes) else str(value)
        milliseconds, sequence = text.split("-")
        return int(milliseconds), int(sequence)

    return key(group["last-delivered-id"]) >= key(entry_id) and group["pending"] == 0


async def test_organization_created_opens_one_account_however_often_it_arrives(
    people: People, billing_db: Database, streams: redis.Redis
):
    owner = await people.verified("owner")
    org_id = await people.organization(owner)

    async def opened() -> bool:
        return await count(billing_db, "subscriptions", org_id) == 1

    await eventually(opened, "billing to open the account")
    await welcomed(billing_db, org_id)
    fields = await created_event(streams, org_id)

    # The same event again (a redelivery), and a second event for the same organization.
    await streams.xadd(STREAM, fields)
    envelope = events_pb2.Event.FromString(fields[b"envelope"])
    envelope.id = str(uuid.uuid4())
    last = await streams.xadd(
        STREAM, {**fields, b"id": envelope.id, b"envelope": envelope.SerializeToString()}
    )
    await eventually(lambda: consumed(streams, last), "billing to consume both")

    assert await count(billing_db, "subscriptions", org_id) == 1
    assert await count(billing_db, "credit_accounts", org_id) == 1
    assert await count(billing_db, "credit_transactions", org_id, "type = 'plan_allocation'") == 1
    assert await count(billing_db, "credit_transactions", org_id, "type = 'promo_bonus'") == 1
    balance = await owner.get(f"/v1/organizations/{org_id}/credits")
    assert balance.status_code == 200, balance.text
    assert balance.json()["balance"]["balance"] == "20"  # free's 10 + the owner's 10-credit bonus


async def test_an_org_created_on_a_plan_starts_on_it(
    people: People, billing_db: Database, streams: redis.Redis
):
    """An event for an organization billing has not seen, carrying a plan tier."""
    org_id = str(uuid.uuid4())
    envelope = events_pb2.Event(
        id=str(uuid.uuid4()), type="organization.created", source="identity", org_id=org_id
    )
    envelope.payload.Pack(
        identity_events.OrganizationCreated(org_id=org_id, name="Imported", plan_tier="team")
    )
    last = await streams.xadd(
        STREAM,
        {"id": envelope.id, "type": envelope.type, "envelope": envelope.SerializeToString()},
    )
    await eventually(lambda: consumed(streams, last), "billing to consume it")
    tier = await scalar(
        billing_db, "SELECT plan_tier FROM subscriptions WHERE org_id = :o", o=uuid.UUID(org_id)
    )
    assert tier == "team"
    allocation = await scalar(
        billing_db,
        "SELECT monthly_allocation FROM credit_accounts WHERE org_id = :o",
        o=uuid.UUID(org_id),
    )
    assert allocation == 2000


async def test_a_platform_admins_plan_change_reaches_billing(
    people: People, platform_admin: Person
):
    owner = await people.signup("owner")
    org_id = await people.organization(owner)
    plan_tier = f"/v1/admin/platform/organizations/{org_id}/plan-tier"

    async def plan() -> str:
        response = await owner.get(f"/v1/organizations/{org_id}/billing/status")
        assert response.status_code == 200, response.text
        return str(response.json()["subscription"]["plan"])

    changed = await platform_admin.patch(plan_tier, {"plan_tier": "team"})
    assert changed.status_code == 200, changed.text

    async def on_team() -> bool:
        return await plan() == "PLAN_TIER_TEAM"

    await eventually(on_team, "the team plan in billing")
    credits = await owner.get(f"/v1/organizations/{org_id}/credits")
    assert credits.json()["balance"]["monthly_allocation"] == "2000"

    # identity refuses a tier billing does not sell: nothing reaches billing.
    assert (await platform_admin.patch(plan_tier, {"plan_tier": "business"})).status_code == 400
    assert (await platform_admin.patch(plan_tier, {"plan_tier": "free"})).status_code == 200

    async def on_free() -> bool:
        return await plan() == "PLAN_TIER_FREE"

    await eventually(on_free, "the free plan in billing")


async def test_organization_deleted_closes_the_account_once_however_often_it_arrives(
    people: People, billing_db: Database, streams: redis.Redis
):
    owner = await people.signup("owner")
    org_id = await people.organization(owner)
    await eventually(
        lambda: _has(billing_db, "subscriptions", org_id), "billing to open the account"
    )
    deleted = await owner.delete(f"/v1/organizations/{org_id}")
    assert deleted.status_code == 200, deleted.text
    await eventually(
        lambda: _has(billing_db, "organization_deletions", org_id), "billing to close it"
    )
    fields = await created_event(streams, org_id, "organization.deleted")
    first = await scalar(
        billing_db,
        "SELECT deleted_at FROM organization_deletions WHERE org_id = :o",
        o=uuid.UUID(org_id),
    )

    # A redelivery, and a second event for the same organization.
    await streams.xadd(STREAM, fields)
    envelope = events_pb2.Event.FromString(fields[b"envelope"])
    envelope.id = str(uuid.uuid4())
    last = await streams.xadd(
        STREAM, {**fields, b"id": envelope.id, b"envelope": envelope.SerializeToString()}
    )
    await eventually(lambda: consumed(streams, last), "billing to consume both")
    assert await count(billing_db, "organization_deletions", org_id) == 1
    assert (
        await scalar(
            billing_db,
            "SELECT deleted_at FROM organization_deletions WHERE org_id = :o",
            o=uuid.UUID(org_id),
        )
        == first
    )


async def _has(billing_db: Database, table: str, org_id: str) -> bool:
    return await count(billing_db, table, org_id) > 0
