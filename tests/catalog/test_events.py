"""catalog's events: written with each change, relayed to its stream, payloads as declared."""

from __future__ import annotations

import asyncio
import uuid

import pytest
import sqlalchemy as sa

from keel.catalog.v1 import events_pb2
from keel.events.v1 import events_pb2 as envelope_pb2
from tests.catalog.support import Org, config, create

CUSTOMER_SERVICE = "0a6f3e55-7c1d-4a8e-9b2f-000000000001"


async def _events(catalog_db, template_id: str) -> list[envelope_pb2.Event]:
    """Every event of the outbox about `template_id`, in order, once all were relayed."""
    for _ in range(100):
        async with catalog_db.unit_of_work() as session:
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
        for kind in (events_pb2.TemplateCreated, events_pb2.TemplateVersionPublished,
                     events_pb2.TemplateDeleted):  # fmt: skip
            payload = kind()
            if event.payload.Unpack(payload) and payload.template_id == template_id:
                found.append(event)
    return found


async def test_create_change_and_delete_are_published(org: Org, catalog_db):
    template = await create(org.member, config=config("One."), version_notes="v1")
    path = f"/v1/templates/{template['id']}"
    await org.member.patch(path, {"name": "Renamed"})  # no event: not a new version
    await org.member.patch(path, {"config": config("Two."), "version_notes": "v2"})
    assert (await org.admin.delete(path)).status_code == 200
    events = await _events(catalog_db, template["id"])
    assert [e.type for e in events] == [
        "template.created", "template.version_published", "template.version_published",
        "template.deleted",
    ]  # fmt: skip
    assert {(e.source, e.org_id) for e in events} == {("catalog", org.id)}
    created = events_pb2.TemplateCreated()
    events[0].payload.Unpack(created)
    assert (created.slug, created.created_by, created.owner_org_id) == (
        template["slug"], org.member.user_id, org.id
    )  # fmt: skip
    versions = []
    for event in events[1:3]:
        published = events_pb2.TemplateVersionPublished()
        event.payload.Unpack(published)
        versions.append((published.version, published.notes))
    assert versions == [(1, "v1"), (2, "v2")]
    deleted = events_pb2.TemplateDeleted()
    events[3].payload.Unpack(deleted)
    assert deleted.deleted_by == org.admin.user_id


async def test_a_fork_is_published_with_its_origin(org: Org, catalog_db):
    fork = await org.member.post(f"/v1/templates/{CUSTOMER_SERVICE}:fork", {})
    copy = fork.json()["template"]
    (created, _) = await _events(catalog_db, copy["id"])
    payload = events_pb2.TemplateCreated()
    created.payload.Unpack(payload)
    assert (payload.forked_from.template_id, payload.forked_from.version) == (CUSTOMER_SERVICE, 1)
    assert uuid.UUID(payload.template_id)


async def test_a_refused_change_publishes_nothing(org: Org, catalog_db):
    template = await create(org.member)
    before = len(await _events(catalog_db, template["id"]))
    refused = await org.viewer.patch(f"/v1/templates/{template['id']}", {"config": config("x")})
    assert refused.status_code == 403
    assert len(await _events(catalog_db, template["id"])) == before
