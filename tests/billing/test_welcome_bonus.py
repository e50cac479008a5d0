"""The welcome bonus (issue 15, finding 6): once per verified user, ever, to their first
organization, by its plan (ADR-023: free 10, pro 25, team 50); never to a
sub-organization, never again for another organization, a deleted one's successor or a
replayed event. Through the real relay and consumer."""

from __future__ import annotations

import uuid
from typing import Any

import redis.asyncio as redis

from keel.events.v1 import events_pb2
from keel.identity.v1 import events_pb2 as identity_events
from keel_runtime.db import Database
from tests.billing.conftest import eventually, welcomed
from tests.billing.test_org_events import STREAM, consumed, created_event, streams
from tests.identity.people import People, Person
from tests.identity.support import scalar

__all__ = ["streams"]  # the fixture


async def bonuses(billing_db: Database, org_id: str) -> list[str]:
    """The organization's welcome-bonus grants (their amounts)."""
    found = await scalar(
        billing_db,
        "SELECT coalesce(array_agg(amount::text ORDER BY seq), '{}') FROM credit_transactions"
        " WHERE org_id = :org AND type = 'promo_bonus'",
        org=uuid.UUID(org_id),
    )
    return [str(amount.rstrip("0").rstrip(".")) for amount in found]


async def user_bonuses(billing_db: Database, person: Person) -> int:
    found = await scalar(
        billing_db,
        "SELECT count(*) FROM credit_transactions"
        " WHERE metadata->>'user_id' = :user AND type = 'promo_bonus'",
        user=person.user_id,
    )
    return int(found)


async def entry(streams: redis.Redis, org_id: str, type: str) -> Any:
    """The stream entry id of identity's `type` event about `org_id` (None: not there yet)."""
    entries: Any = await streams.xrange(STREAM)
    for entry_id, fields in reversed(entries):
        envelope = events_pb2.Event.FromString(fields[b"envelope"])
        if envelope.type == type and envelope.org_id == org_id:
            return entry_id
    return None


async def verified_event(streams: redis.Redis, person: Person) -> dict[Any, Any]:
    """The stream entry of identity's `user.email_verified` for `person`."""
    entries: Any = await streams.xrange(STREAM)
    for _, fields in reversed(entries):
        envelope = events_pb2.Event.FromString(fields[b"envelope"])
        if envelope.type == "user.email_verified":
            payload = identity_events.EmailVerified()
            envelope.payload.Unpack(payload)
            if payload.user_id == person.user_id:
                return dict(fields)
    raise AssertionError(f"no user.email_verified for {person.user_id}")


async def settled(streams: redis.Redis, org_id: str, type: str = "organization.created") -> None:
    """Wait until billing has consumed identity's `type` event about `org_id`."""

    async def done() -> bool:
        entry_id = await entry(streams, org_id, type)
        return entry_id is not None and await consumed(streams, entry_id)

    await eventually(done, f"billing to consume {type} of {org_id}")


async def replay(streams: redis.Redis, fields: dict) -> None:
    """The same event again (a redelivery), then under a new id (a retried publication)."""
    await streams.xadd(STREAM, fields)
    envelope = events_pb2.Event.FromString(fields[b"envelope"])
    envelope.id = str(uuid.uuid4())
    last = await streams.xadd(
        STREAM, {**fields, b"id": envelope.id, b"envelope": envelope.SerializeToString()}
    )
    await eventually(lambda: consumed(streams, last), "billing to consume the replays")


async def test_a_verified_users_first_organization_gets_the_bonus_and_no_other_does(
    people: People, billing_db: Database, streams: redis.Redis
):
    owner = await people.verified("owner")
    first = await people.organization(owner, "First")
    await welcomed(billing_db, first)
    second = await people.organization(owner, "Second")
    await settled(streams, second)

    assert await bonuses(billing_db, first) == ["10"]
    assert await bonuses(billing_db, second) == []
    balance = await owner.get(f"/v1/organizations/{second}/credits")
    assert balance.json()["balance"]["balance"] == "10"  # the free plan's month alone


async def test_an_unverified_user_gets_the_bonus_when_verified(
    people: People, billing_db: Database, streams: redis.Redis
):
    owner = await people.signup("owner")
    org_id = await people.organization(owner)
    await settled(streams, org_id)
    assert await bonuses(billing_db, org_id) == []

    await people.verify_email(owner)
    await welcomed(billing_db, org_id)
    assert await bonuses(billing_db, org_id) == ["10"]


async def test_the_bonus_follows_the_plan(
    people: People, billing_db: Database, platform_admin: Person
):
    owner = await people.signup("owner")
    org_id = await people.organization(owner)
    changed = await platform_admin.patch(
        f"/v1/admin/platform/organizations/{org_id}/plan-tier", {"plan_tier": "pro"}
    )
    assert changed.status_code == 200, changed.text

    async def on_pro() -> bool:
        status = await owner.get(f"/v1/organizations/{org_id}/billing/status")
        return bool(status.json()["subscription"]["plan"] == "PLAN_TIER_PRO")

    await eventually(on_pro, "the pro plan in billing")
    await people.verify_email(owner)
    await welcomed(billing_db, org_id)
    assert await bonuses(billing_db, org_id) == ["25"]


async def test_no_second_bonus_after_deleting_the_first_organization_or_replaying_events(
    people: People, billing_db: Database, streams: redis.Redis
):
    owner = await people.verified("owner")
    first = await people.organization(owner, "First")
    await welcomed(billing_db, first)
    deleted = await owner.delete(f"/v1/organizations/{first}")
    assert deleted.status_code == 200, deleted.text
    await settled(streams, first, "organization.deleted")

    again = await people.organization(owner, "Again")
    await settled(streams, again)
    # The events that gave it, delivered again.
    await replay(streams, await created_event(streams, first))
    await replay(streams, await created_event(streams, again))
    await replay(streams, await verified_event(streams, owner))

    assert await bonuses(billing_db, again) == []
    assert await user_bonuses(billing_db, owner) == 1


async def test_a_sub_organization_never_gets_a_bonus(
    people: People, billing_db: Database, streams: redis.Redis
):
    owner = await people.signup("owner")
    agency = await people.organization(owner, "Agency")
    created = await owner.post(f"/v1/organizations/{agency}/children", {"name": "Client"})
    assert created.status_code == 200, created.text
    child = created.json()["organization"]["organization"]["id"]
    await settled(streams, child)
    await people.verify_email(owner)
    await welcomed(billing_db, agency)

    assert await bonuses(billing_db, child) == []
    assert await user_bonuses(billing_db, owner) == 1
