"""agents's events: written with each change, relayed to its stream, payloads as declared."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
import sqlalchemy as sa

from keel.agents.v1 import agents_pb2, events_pb2
from keel.events.v1 import events_pb2 as envelope_pb2
from tests.agents.support import config, create

pytestmark = pytest.mark.asyncio
_KINDS = (events_pb2.AgentCreated, events_pb2.AgentUpdated, events_pb2.AgentDeleted)


async def _events(agents_db, agent_id: str) -> list[tuple[envelope_pb2.Event, Any]]:
    """Every event of the outbox about `agent_id` with its payload, once all were relayed."""
    for _ in range(100):
        async with agents_db.unit_of_work() as session:
            rows = (
                await session.execute(
                    sa.text("SELECT envelope, published_at FROM outbox_events ORDER BY seq")
                )
            ).all()
        if all(published is not None for _, published in rows):
            break
        await asyncio.sleep(0.05)
    else:
        pytest.fail("events not relayed")
    found = []
    for envelope, _ in rows:
        event = envelope_pb2.Event.FromString(envelope)
        for kind in _KINDS:
            payload = kind()
            if event.payload.Unpack(payload) and payload.agent_id == agent_id:
                found.append((event, payload))
    return found


async def test_create_change_and_delete_are_published(org, agents_db) -> None:
    agent = await create(org.member, visibility="VISIBILITY_ORGANIZATION")
    url = f"/v1/agents/{agent['id']}"
    await org.member.patch(url, {"name": "Renamed"})
    await org.member.patch(url, {"name": "Renamed"})  # no change: no event
    await org.member.patch(url, {"config": config("Two.")})
    await org.member.post(f"{url}/versions/1:rollback", {})
    assert (await org.admin.delete(url)).status_code == 200

    events = await _events(agents_db, agent["id"])
    assert [e.type for e, _ in events] == [
        "agent.created", "agent.updated", "agent.updated", "agent.updated", "agent.deleted",
    ]  # fmt: skip
    assert {(e.source, e.org_id) for e, _ in events} == {("agents", org.id)}
    created, renamed, versioned, rolled_back, deleted = (p for _, p in events)
    assert (created.name, created.created_by, created.version) == (
        agent["name"], org.member.user_id, 1
    )  # fmt: skip
    assert created.visibility == agents_pb2.VISIBILITY_ORGANIZATION
    assert (list(renamed.changed_fields), renamed.version_created) == (["name"], False)
    assert (list(versioned.changed_fields), versioned.latest_version) == (["config"], 2)
    assert (rolled_back.latest_version, rolled_back.version_created) == (3, True)
    assert deleted.deleted_by == org.admin.user_id


async def test_a_refused_change_publishes_nothing(org, agents_db) -> None:
    agent = await create(org.member)
    refused = await org.viewer.patch(f"/v1/agents/{agent['id']}", {"name": "No"})
    assert refused.status_code == 404
    assert [e.type for e, _ in await _events(agents_db, agent["id"])] == ["agent.created"]
