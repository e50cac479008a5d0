"""Events between services: outbox → Redis stream → a consumer in another process.

Asserts what DESIGN.md §7 promises: an event committed with its change reaches the
consumer, takes effect once when delivered twice, and is not lost when the consumer or
Redis is down at write time; the consumer's span continues the producer's trace.
"""

from __future__ import annotations

import asyncio
import re
from typing import cast

import pytest
import sqlalchemy as sa
from redis.asyncio import Redis

from keel.events.v1 import events_pb2
from keel_runtime import events
from tests.events.support import (
    Entry,
    effects,
    leave_pending_with_a_ghost,
    publish_ping,
    relay,
    unpublished,
    until_nothing_pending,
    wait_for_effects,
)


async def test_event_reaches_a_consumer_started_later_and_carries_the_trace(
    producer, consumer_db, consumer, redis_server, otlp
):
    event_id, trace_id = await publish_ping(producer, "hello")
    assert await relay(producer, redis_server).relay_once() == 1
    assert await unpublished(producer) == 0

    consumer.start()  # the consumer was down when the event was written
    assert await wait_for_effects(consumer_db, 1) == [(event_id, "hello")]

    # The consumer's span continues the producer's trace.
    def consumed(found: list) -> bool:
        return any(s["name"] == "consume test.ping" for s in found)

    spans = await otlp.wait_for_spans(consumed, trace_id=trace_id)
    consume = next(s for s in spans if s["name"] == "consume test.ping")
    assert consume["service"] == "billing-test"
    # Its database work is part of the same trace, under the consume span.
    assert any(s["parent_span_id"] == consume["span_id"] for s in spans), spans


async def test_event_delivered_twice_takes_effect_once(
    producer, consumer_db, consumer, redis_server
):
    consumer.start()
    event_id, _ = await publish_ping(producer, "once")
    await relay(producer, redis_server).relay_once()
    await wait_for_effects(consumer_db, 1)

    # A relay that crashed after sending but before marking the row sends it again.
    async with producer.unit_of_work() as session:
        envelope = (await session.execute(sa.select(events.outbox_events.c.envelope))).scalar_one()
    client = Redis.from_url(redis_server.url)
    await client.xadd(events.stream_name("catalog"), {"id": event_id, "envelope": envelope})
    await publish_ping(producer, "after")  # a later event proves the duplicate was consumed
    await relay(producer, redis_server).relay_once()

    found = await wait_for_effects(consumer_db, 2)
    # The duplicate was acknowledged, not left hanging (nor "after" either): everything the
    # consumer read is done, and the duplicate applied nothing.
    await until_nothing_pending(client)
    assert sorted(note for _, note in await effects(consumer_db)) == ["after", "once"]
    assert len(found) == 2
    await client.aclose()


async def test_event_survives_redis_being_down_at_write_time(
    producer, consumer_db, consumer, redis_server
):
    redis_server.stop()
    event_id, _ = await publish_ping(producer, "while redis was down")  # the change commits
    with pytest.raises(Exception):  # noqa: B017 - any connection error will do
        await relay(producer, redis_server).relay_once()
    assert await unpublished(producer) == 1  # kept in the outbox

    redis_server.start()
    consumer.start()
    assert await relay(producer, redis_server).relay_once() == 1
    assert await wait_for_effects(consumer_db, 1) == [(event_id, "while redis was down")]


async def test_relayed_event_survives_a_redis_restart(
    producer, consumer_db, consumer, redis_server
):
    event_id, _ = await publish_ping(producer, "persisted")
    await relay(producer, redis_server).relay_once()
    redis_server.stop()  # SIGTERM: the append-only file is synced
    redis_server.start()
    consumer.start()
    assert await wait_for_effects(consumer_db, 1) == [(event_id, "persisted")]


async def test_a_poisonous_event_is_dead_lettered_and_does_not_stall_the_rest(
    producer, consumer_db, consumer, redis_server
):
    consumer.start()
    await publish_ping(producer, "poison")
    good_id, _ = await publish_ping(producer, "after the poison")
    await relay(producer, redis_server).relay_once()

    assert await wait_for_effects(consumer_db, 1) == [(good_id, "after the poison")]
    client = Redis.from_url(redis_server.url)
    dead_letters = events.dead_letter_stream("billing-test")
    for _ in range(100):  # three attempts, 0.3 s apart
        if await client.xlen(dead_letters):
            break
        await asyncio.sleep(0.1)
    [(_, fields)] = cast(list[Entry], await client.xrange(dead_letters))
    dead = events_pb2.Event.FromString(fields[b"envelope"])
    assert dead.type == "test.ping" and b"cannot take poison" in fields[b"error"]
    await until_nothing_pending(client)
    assert [note for _, note in await effects(consumer_db)] == ["after the poison"]
    await client.aclose()


async def test_entries_of_a_consumer_that_went_away_are_claimed_and_applied(
    producer, consumer_db, consumer, redis_server
):
    event_id, _ = await publish_ping(producer, "orphaned")
    await relay(producer, redis_server).relay_once()
    client = Redis.from_url(redis_server.url)
    assert len(await leave_pending_with_a_ghost(client, 1)) == 1

    consumer.start()
    assert await wait_for_effects(consumer_db, 1) == [(event_id, "orphaned")]
    await client.aclose()


async def test_an_entry_trimmed_before_it_was_applied_does_not_stop_the_consumer(
    producer, consumer_db, consumer, redis_server
):
    await publish_ping(producer, "trimmed away")
    await relay(producer, redis_server).relay_once()
    client = Redis.from_url(redis_server.url)
    [lost] = await leave_pending_with_a_ghost(client, 1)
    await client.xdel(events.stream_name("catalog"), lost)

    consumer.start()
    event_id, _ = await publish_ping(producer, "next")
    await relay(producer, redis_server).relay_once()
    assert await wait_for_effects(consumer_db, 1) == [(event_id, "next")]
    await until_nothing_pending(client)  # the ghost's lost entry is no longer pending
    # It got there by recovering, not by restarting: the consumer kept running.
    assert consumer.process is not None and consumer.process.poll() is None
    assert "restarting" not in consumer.log.read_text()
    await client.aclose()


async def test_a_database_outage_at_the_consumer_delays_events_but_never_dead_letters(
    producer, consumer_db, consumer, redis_server, postgres
):
    consumer.start()
    name = consumer_db.engine.url.database
    await asyncio.to_thread(
        postgres.psql,
        f"ALTER DATABASE {name} WITH ALLOW_CONNECTIONS false;"
        f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}';",
    )
    event_id, _ = await publish_ping(producer, "during the outage")
    await relay(producer, redis_server).relay_once()
    for _ in range(200):  # the consumer meets the outage
        if "met a transient error" in consumer.log.read_text():
            break
        await asyncio.sleep(0.05)
    else:
        raise AssertionError("the consumer never met the outage")
    await asyncio.sleep(1.0)  # retry rounds go by (0.1 s doubling): more than 3 attempts
    await asyncio.to_thread(postgres.psql, f"ALTER DATABASE {name} WITH ALLOW_CONNECTIONS true;")
    await consumer_db.engine.dispose()  # the test's own pooled connections were cut too

    assert await wait_for_effects(consumer_db, 1) == [(event_id, "during the outage")]
    client = Redis.from_url(redis_server.url)
    assert await client.xlen(events.dead_letter_stream("billing-test")) == 0
    await client.aclose()
    # Tried more often than a failing handler may be (3 attempts), and not dead-lettered.
    retries = re.search(r"applied after (\d+) retries", consumer.log.read_text())
    assert retries is not None and int(retries.group(1)) > 3
