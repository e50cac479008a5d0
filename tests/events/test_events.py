"""Events between services: outbox → Redis stream → a consumer in another process.

Asserts what DESIGN.md §7 promises: an event committed with its change reaches the
consumer, takes effect once when delivered twice, and is not lost when the consumer or
Redis is down at write time; the consumer's span continues the producer's trace.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import cast

import pytest
import sqlalchemy as sa
from opentelemetry import trace
from redis.asyncio import Redis

from deploy.embedded.otlp import OtlpReceiver
from deploy.embedded.redis import EmbeddedRedis
from keel.events.v1 import events_pb2
from keel_runtime import events
from keel_runtime.db import Database
from tests.support.net import free_port

ROOT = Path(__file__).resolve().parents[2]
# A stream entry as read by a client without decode_responses: (id, fields).
_Entry = tuple[bytes, dict[bytes, bytes]]


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[EmbeddedRedis]:
    """A Redis of this test's own, so it can be stopped and started again."""
    server = EmbeddedRedis(tmp_path / "redis", free_port())
    server.start()
    yield server
    server.stop()


@pytest.fixture
async def producer(new_database) -> AsyncIterator[Database]:
    database = Database(new_database("catalog"), pool_size=2)
    yield database
    await database.close()


@pytest.fixture
async def consumer_db(new_database) -> AsyncIterator[Database]:
    database = Database(new_database("billing"), pool_size=2)
    async with database.unit_of_work() as session:
        await session.execute(sa.text("CREATE TABLE event_effects (event_id uuid, note text)"))
    yield database
    await database.close()


class Consumer:
    def __init__(self, database_url: str, redis_url: str, otlp: OtlpReceiver, log: Path) -> None:
        self.args = [
            sys.executable, "-m", "tests.events.consumer_process", database_url, redis_url, "300"
        ]  # fmt: skip
        self.env = {
            **os.environ,
            "OTEL_EXPORTER_OTLP_ENDPOINT": otlp.endpoint,
            "OTEL_TRACES_SAMPLER": "parentbased_always_on",
            "OTEL_BSP_SCHEDULE_DELAY": "50",
            "OTEL_METRICS_EXPORTER": "none",
        }
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                self.args, cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT
            )

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)


@pytest.fixture
def consumer(consumer_db, redis_server, otlp, tmp_path) -> Iterator[Consumer]:
    url = consumer_db.engine.url.render_as_string(hide_password=False)
    process = Consumer(url, redis_server.url, otlp, tmp_path / "consumer.log")
    yield process
    process.stop()


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
    await asyncio.sleep(0.3)
    assert sorted(note for _, note in await effects(consumer_db)) == ["after", "once"]
    assert len(found) == 2
    pending = await client.xpending(events.stream_name("catalog"), "billing-test")
    assert pending["pending"] == 0  # the duplicate was acknowledged, not left hanging
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
    [(_, fields)] = cast(list[_Entry], await client.xrange(dead_letters))
    dead = events_pb2.Event.FromString(fields[b"envelope"])
    assert dead.type == "test.ping" and b"cannot take poison" in fields[b"error"]
    await _until_nothing_pending(client)
    assert [note for _, note in await effects(consumer_db)] == ["after the poison"]
    await client.aclose()


async def _until_nothing_pending(client: Redis) -> None:
    """Every entry of the stream acknowledged by the group (within a few seconds)."""
    for _ in range(100):
        pending = await client.xpending(events.stream_name("catalog"), "billing-test")
        if pending["pending"] == 0:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"still pending: {pending}")


async def _leave_pending_with_a_ghost(client: Redis, count: int) -> list[bytes]:
    """A member of the group that read entries and went away without acknowledging."""
    stream = events.stream_name("catalog")
    await client.xgroup_create(stream, "billing-test", id="0", mkstream=True)
    replies = cast(
        list[tuple[bytes, list[_Entry]]],  # RESP2, bytes: [[stream, [(id, fields), …]], …]
        await client.xreadgroup("billing-test", "ghost", {stream: ">"}, count=count),
    )
    return [entry_id for _, entries in replies for entry_id, _ in entries]


async def test_entries_of_a_consumer_that_went_away_are_claimed_and_applied(
    producer, consumer_db, consumer, redis_server
):
    event_id, _ = await publish_ping(producer, "orphaned")
    await relay(producer, redis_server).relay_once()
    client = Redis.from_url(redis_server.url)
    assert len(await _leave_pending_with_a_ghost(client, 1)) == 1

    consumer.start()
    assert await wait_for_effects(consumer_db, 1) == [(event_id, "orphaned")]
    await client.aclose()


async def test_an_entry_trimmed_before_it_was_applied_does_not_stop_the_consumer(
    producer, consumer_db, consumer, redis_server
):
    await publish_ping(producer, "trimmed away")
    await relay(producer, redis_server).relay_once()
    client = Redis.from_url(redis_server.url)
    [lost] = await _leave_pending_with_a_ghost(client, 1)
    await client.xdel(events.stream_name("catalog"), lost)

    consumer.start()
    event_id, _ = await publish_ping(producer, "next")
    await relay(producer, redis_server).relay_once()
    assert await wait_for_effects(consumer_db, 1) == [(event_id, "next")]
    await asyncio.sleep(1.0)  # a few recoveries: the consumer keeps running
    assert consumer.process is not None and consumer.process.poll() is None
    assert "restarting" not in consumer.log.read_text()
    await _until_nothing_pending(client)  # the ghost's lost entry is no longer pending
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
    await asyncio.sleep(2.0)  # several retry rounds (0.3 s apart, 3 attempts) go by
    await asyncio.to_thread(postgres.psql, f"ALTER DATABASE {name} WITH ALLOW_CONNECTIONS true;")
    await consumer_db.engine.dispose()  # the test's own pooled connections were cut too

    assert await wait_for_effects(consumer_db, 1) == [(event_id, "during the outage")]
    client = Redis.from_url(redis_server.url)
    assert await client.xlen(events.dead_letter_stream("billing-test")) == 0
    await client.aclose()
