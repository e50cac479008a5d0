"""What the events tests do and look at: publish, relay, the consumer's effects."""

from __future__ import annotations

import asyncio
from typing import cast

import sqlalchemy as sa
from opentelemetry import trace
from redis.asyncio import Redis

from deploy.embedded.redis import EmbeddedRedis
from keel.events.v1 import events_pb2
from keel_runtime import events
from keel_runtime.db import Database

# A stream entry as read by a client without decode_responses: (id, fields).
Entry = tuple[bytes, dict[bytes, bytes]]


async def publish_ping(producer: Database, note: str) -> tuple[str, str]:
    """Commit a change and its event in one transaction; returns (event id, trace id)."""
    with trace.get_tracer("test").start_as_current_span("change") as span:
        async with producer.unit_of_work() as session:
            event_id = await events.publish(
                session, source="catalog", type="test.ping", payload=events_pb2.Ping(note=note)
            )
        return event_id, f"{span.get_span_context().trace_id:032x}"


async def effects(consumer_db: Database) -> list[tuple[str, str]]:
    async with consumer_db.unit_of_work() as session:
        rows = await session.execute(sa.text("SELECT event_id::text, note FROM event_effects"))
        return [(r[0], r[1]) for r in rows]


async def wait_for_effects(consumer_db: Database, count: int, within: float = 15.0) -> list:
    for _ in range(int(within / 0.1)):
        found = await effects(consumer_db)
        if len(found) >= count:
            return found
        await asyncio.sleep(0.1)
    raise AssertionError(f"expected {count} effects, found {await effects(consumer_db)}")


def relay(producer: Database, redis_server: EmbeddedRedis) -> events.OutboxRelay:
    return events.OutboxRelay(producer, Redis.from_url(redis_server.url), "catalog")


async def unpublished(producer: Database) -> int:
    async with producer.unit_of_work() as session:
        query = sa.select(sa.func.count()).where(events.outbox_events.c.published_at.is_(None))
        return int((await session.execute(query)).scalar_one())


async def until_nothing_pending(client: Redis) -> None:
    """Every entry of the stream acknowledged by the group (within a few seconds)."""
    for _ in range(100):
        pending = await client.xpending(events.stream_name("catalog"), "billing-test")
        if pending["pending"] == 0:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"still pending: {pending}")


async def leave_pending_with_a_ghost(client: Redis, count: int) -> list[bytes]:
    """A member of the group that read entries and went away without acknowledging."""
    stream = events.stream_name("catalog")
    await client.xgroup_create(stream, "billing-test", id="0", mkstream=True)
    replies = cast(
        list[tuple[bytes, list[Entry]]],  # RESP2, bytes: [[stream, [(id, fields), …]], …]
        await client.xreadgroup("billing-test", "ghost", {stream: ">"}, count=count),
    )
    return [entry_id for _, entries in replies for entry_id, _ in entries]
