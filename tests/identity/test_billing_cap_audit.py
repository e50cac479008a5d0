"""A sub-organization's monthly credit cap in its parent's audit log (issue 15, finding 6),
end to end: real identity and billing processes behind the real gateway. billing keeps no
audit log; its `child_spending_cap.changed` reaches identity, which records who set,
changed or cleared the cap on the parent's log (`billing.child_spending_cap.changed`, on
the child organization), seen by the parent's admins, not by the child's own members; a
redelivered event is recorded once."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import redis.asyncio as redis

from keel.billing.v1 import events_pb2 as billing_events
from keel.events.v1 import events_pb2
from keel_runtime.events import stream_name
from services.identity.domain.access import Caller
from services.identity.domain.billing_events import actor
from tests.billing.test_welcome_bonus import settled
from tests.identity.people import People, Person
from tests.identity.test_plan_tiers import billing, edge, eventually, streams, stripe

__all__ = ["billing", "edge", "streams", "stripe"]  # the fixtures

ACTION = "billing.child_spending_cap.changed"
BILLING_STREAM = stream_name("billing")


def cap_path(parent: str, child: str) -> str:
    return f"/v1/organizations/{parent}/billing/children/{child}/cap"


async def audit_log(person: Person, org_id: str) -> httpx.Response:
    return await person.get(f"/v1/organizations/{org_id}/audit-log", params={"page_size": 100})


async def cap_records(person: Person, org_id: str, child: str) -> list[dict[str, Any]]:
    """The cap changes of `child` in `org_id`'s audit log, oldest first."""
    response = await audit_log(person, org_id)
    assert response.status_code == 200, response.text
    events = response.json().get("events", [])
    found = [e for e in events if e["action"] == ACTION and e["target_id"] == child]
    return list(reversed(found))


async def records_become(person: Person, org_id: str, child: str, count: int) -> list[dict]:
    async def check() -> bool:
        return len(await cap_records(person, org_id, child)) >= count

    await eventually(check, f"{count} cap records of {child}")
    return await cap_records(person, org_id, child)


async def agency(people: People, streams: redis.Redis) -> tuple[Person, str, str]:
    """An owner, their organization and a sub-organization billing has heard of."""
    owner = await people.verified("agency")
    parent = await people.organization(owner, f"Agency {uuid.uuid4().hex[:8]}")
    created = await owner.post(f"/v1/organizations/{parent}/children", {"name": "Client"})
    assert created.status_code == 200, created.text
    child: str = created.json()["organization"]["organization"]["id"]
    await settled(streams, child)
    return owner, parent, child


async def test_setting_changing_and_clearing_a_cap_is_in_the_parents_audit_log(
    people: People, streams: redis.Redis
) -> None:
    owner, parent, child = await agency(people, streams)
    path = cap_path(parent, child)
    for body in ({"monthly_cap": "50"}, {"monthly_cap": "75"}):
        changed = await owner.http.put(path, headers=owner.headers, json=body)
        assert changed.status_code == 200, changed.text
    cleared = await owner.http.delete(path, headers=owner.headers)
    assert cleared.status_code == 200, cleared.text

    records = await records_become(owner, parent, child, 3)
    assert [(r["before"], r["after"]) for r in records] == [
        ({"monthly_cap": ""}, {"monthly_cap": "50"}),
        ({"monthly_cap": "50"}, {"monthly_cap": "75"}),
        ({"monthly_cap": "75"}, {"monthly_cap": ""}),
    ]
    for record in records:
        assert record["org_id"] == parent
        assert record["target_type"] == "organization"
        assert record["actor_user_id"] == owner.user_id
        assert record.get("actor_api_key_id", "") == ""

    # The parent's admins read it; the child's own members read the child's log, where it
    # is not, and the parent's log not at all.
    admin = await people.join(owner, parent, "ROLE_ADMIN", "admin")
    assert len(await cap_records(admin, parent, child)) == 3
    child_admin = await people.join(owner, child, "ROLE_ADMIN", "client")
    assert (await audit_log(child_admin, parent)).status_code in (403, 404)
    assert await cap_records(child_admin, child, child) == []


async def cap_event(streams: redis.Redis, child: str) -> tuple[Any, dict[Any, Any]]:
    """The stream entry (id, fields) of billing's last `child_spending_cap.changed` of `child`."""
    entries: Any = await streams.xrange(BILLING_STREAM)
    for entry_id, fields in reversed(entries):
        envelope = events_pb2.Event.FromString(fields[b"envelope"])
        if envelope.type != "child_spending_cap.changed":
            continue
        payload = billing_events.ChildSpendingCapChanged()
        envelope.payload.Unpack(payload)
        if payload.child_org_id == child:
            return entry_id, dict(fields)
    raise AssertionError(f"no child_spending_cap.changed for {child}")


def position(value: Any) -> tuple[int, int]:
    text = value.decode() if isinstance(value, bytes) else str(value)
    milliseconds, sequence = text.split("-")
    return int(milliseconds), int(sequence)


async def consumed(streams: redis.Redis, entry_id: Any) -> bool:
    """Whether identity's group has read billing's `entry_id` and acknowledged everything."""
    groups = {g["name"]: g for g in await streams.xinfo_groups(BILLING_STREAM)}
    group = groups.get(b"identity") or groups.get("identity")
    if group is None:
        return False
    delivered = position(group["last-delivered-id"]) >= position(entry_id)
    return delivered and group["pending"] == 0


async def test_a_redelivered_cap_event_is_recorded_once(
    people: People, streams: redis.Redis
) -> None:
    owner, parent, child = await agency(people, streams)
    changed = await owner.http.put(
        cap_path(parent, child), headers=owner.headers, json={"monthly_cap": "50"}
    )
    assert changed.status_code == 200, changed.text
    assert len(await records_become(owner, parent, child, 1)) == 1

    _, fields = await cap_event(streams, child)
    again = await streams.xadd(BILLING_STREAM, fields)

    async def replay_consumed() -> bool:
        return await consumed(streams, again)

    await eventually(replay_consumed, "identity to consume the redelivered event")
    assert len(await cap_records(owner, parent, child)) == 1


def test_the_actor_is_recorded_as_identity_records_callers() -> None:
    user = uuid.uuid4()
    assert actor(str(user)) == Caller(user_id=user)
    assert actor("api_key:key_123") == Caller(api_key_id="key_123")
    assert actor("service:agents") == Caller()
