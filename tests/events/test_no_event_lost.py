"""No event is lost: what a user of events relies on beyond delivery itself.

- A transient database error in a handler (a real deadlock, a connection the server
  drops) is retried for as long as it lasts and never sends the event to the dead letters.
- Dead letters are listed by `keel events dead-letters` and sent back by `keel events
  replay`, once the handler is fixed.
- A stream keeps every entry a lagging consumer group has not acknowledged, and `keel
  events` (and the consumer's gauge) shows how far behind each group is.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import AsyncIterator
from typing import Any, cast

import asyncpg
import pytest
import sqlalchemy as sa
from redis.asyncio import Redis

from deploy.embedded.redis import EmbeddedRedis
from keel.events.v1.events_pb2 import Ping
from keel_runtime import event_streams, events
from keel_runtime.db import Database
from tests.events.conftest import ROOT
from tests.events.support import Entry, publish_ping, relay, wait_for_effects

STREAM = events.stream_name("catalog")
GROUP = "billing-test"  # the consumer process's group
MORE_THAN_ITS_ATTEMPTS = 4  # the consumer process dead-letters after 3 failed attempts


def keel(redis_server: EmbeddedRedis, *args: str) -> subprocess.CompletedProcess[str]:
    """The `keel` command, on this test's Redis."""
    return subprocess.run(
        [sys.executable, "-m", "deploy.embedded.cli", *args],
        cwd=ROOT,
        env={**os.environ, "KEEL_REDIS_URL": redis_server.url},
        capture_output=True,
        text=True,
        timeout=30,
    )


@pytest.fixture
async def locks(consumer_db: Database) -> AsyncIterator[asyncpg.Connection]:
    """A connection of the test's own to the consumer's database, holding advisory lock 1."""
    connection = await asyncpg.connect(consumer_db.dsn)
    await connection.execute("SELECT pg_advisory_lock(1)")
    yield connection
    await connection.close()


async def waiting_for_lock_1(locks: asyncpg.Connection, gone: frozenset[int] = frozenset()) -> int:
    """The backend (the consumer's handler) waiting for advisory lock 1; its pid. A backend
    terminated before (`gone`) may still show its wait for a moment while it exits."""
    for _ in range(200):
        pid = await locks.fetchval(
            "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND objid = 1 AND NOT granted"
            " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
            " AND pid <> ALL($1::int[])",
            list(gone),
        )
        if pid is not None:
            return int(pid)
        await asyncio.sleep(0.05)
    raise AssertionError("the handler never came back for lock 1")


async def dead_letter_count(client: Redis) -> int:
    return int(await client.xlen(events.dead_letter_stream(GROUP)))


async def test_a_handler_deadlocked_again_and_again_is_retried_and_never_dead_lettered(
    producer, consumer_db, consumer, redis_server, locks
):
    consumer.start()
    event_id, _ = await publish_ping(producer, "contended")
    await relay(producer, redis_server).relay_once()

    for _ in range(MORE_THAN_ITS_ATTEMPTS):
        await waiting_for_lock_1(locks)  # the handler holds lock 2 and waits for 1
        # Taking 2 closes the cycle: PostgreSQL aborts the handler (it waited first),
        # whose transaction lets 2 go.
        await locks.execute("SELECT pg_advisory_lock(2)")
        await locks.execute("SELECT pg_advisory_unlock(2)")
    await locks.execute("SELECT pg_advisory_unlock(1)")

    assert await wait_for_effects(consumer_db, 1) == [(event_id, "contended")]
    assert "deadlock detected" in consumer.log.read_text()
    client = Redis.from_url(redis_server.url)
    assert await dead_letter_count(client) == 0
    await client.aclose()


async def test_a_handler_whose_connection_drops_is_retried_and_never_dead_lettered(
    producer, consumer_db, consumer, redis_server, locks
):
    consumer.start()
    event_id, _ = await publish_ping(producer, "held")
    await relay(producer, redis_server).relay_once()

    terminated: set[int] = set()
    for _ in range(MORE_THAN_ITS_ATTEMPTS):
        handler = await waiting_for_lock_1(locks, frozenset(terminated))
        assert await locks.fetchval("SELECT pg_terminate_backend($1)", handler)
        terminated.add(handler)
    await locks.execute("SELECT pg_advisory_unlock(1)")

    assert await wait_for_effects(consumer_db, 1) == [(event_id, "held")]
    client = Redis.from_url(redis_server.url)
    assert await dead_letter_count(client) == 0
    await client.aclose()


async def test_transient_database_errors_are_told_from_the_handlers_own(consumer_db):
    async def error_of(statement: str) -> BaseException:
        """What a handler's unit of work raises (after its rollback) when `statement` fails."""
        with pytest.raises(sa.exc.DBAPIError) as caught:
            async with consumer_db.unit_of_work() as session:
                await session.execute(sa.text(statement))
        return caught.value

    async with consumer_db.unit_of_work() as session:
        await session.execute(sa.text("CREATE TABLE counters (n int)"))
        await session.execute(sa.text("INSERT INTO counters VALUES (0)"))
    # A real serialization failure: a repeatable-read transaction updates a row another
    # transaction changed after its snapshot.
    reading = consumer_db.engine.execution_options(isolation_level="REPEATABLE READ")
    async with reading.connect() as first:
        await first.execute(sa.text("SELECT n FROM counters"))
        async with consumer_db.unit_of_work() as second:
            await second.execute(sa.text("UPDATE counters SET n = n + 1"))
        with pytest.raises(sa.exc.DBAPIError) as serialization:
            await first.execute(sa.text("UPDATE counters SET n = n + 1"))
    assert events.is_transient_database_error(serialization.value)

    dropped = await error_of("SELECT pg_terminate_backend(pg_backend_pid())")
    assert events.is_transient_database_error(dropped)
    assert not events.is_transient_database_error(await error_of("SELECT 1 / 0"))
    assert not events.is_transient_database_error(await error_of("SELECT * FROM nowhere"))


async def test_dead_letters_are_listed_and_replayed_once_the_handler_is_fixed(
    producer, consumer_db, consumer, redis_server
):
    async with consumer_db.unit_of_work() as session:
        await session.execute(sa.text("INSERT INTO failing_notes VALUES ('needs a fix')"))
    consumer.start()
    event_id, _ = await publish_ping(producer, "needs a fix")
    await relay(producer, redis_server).relay_once()
    client = Redis.from_url(redis_server.url)
    for _ in range(100):  # three attempts, 0.3 s apart
        if await dead_letter_count(client):
            break
        await asyncio.sleep(0.1)

    listed = await asyncio.to_thread(keel, redis_server, "events", "dead-letters", GROUP)
    assert listed.returncode == 0, listed.stderr
    [line] = [line for line in listed.stdout.splitlines() if event_id in line]
    assert "test.ping" in line and "cannot take needs a fix" in line
    overview = await asyncio.to_thread(keel, redis_server, "events")
    assert f"dead letters of {GROUP}: 1" in overview.stdout

    refused = await asyncio.to_thread(keel, redis_server, "events", "replay", GROUP)
    assert refused.returncode == 2 and "--all" in refused.stderr  # nothing replayed unasked
    async with consumer_db.unit_of_work() as session:
        await session.execute(sa.text("DELETE FROM failing_notes"))
    replayed = await asyncio.to_thread(keel, redis_server, "events", "replay", GROUP, "--all")
    assert replayed.returncode == 0, replayed.stderr
    assert "replayed 1 dead letters" in replayed.stdout

    assert await wait_for_effects(consumer_db, 1) == [(event_id, "needs a fix")]
    assert await dead_letter_count(client) == 0
    for _ in range(50):  # the replayed entry is deleted once applied
        if not await client.xlen(event_streams.replay_stream(GROUP)):
            break
        await asyncio.sleep(0.1)
    assert await client.xlen(event_streams.replay_stream(GROUP)) == 0
    await client.aclose()


async def read(client: Redis, group: str, count: int) -> list[bytes]:
    replies = cast(
        list[tuple[bytes, list[Entry]]],
        await client.xreadgroup(group, "reader", {STREAM: ">"}, count=count),
    )
    return [entry_id for _, entries in replies for entry_id, _ in entries]


def gauge(reader: Any, name: str, group: str) -> Any:
    """The value of an observable gauge for `group`, collected now (InMemoryMetricReader)."""
    data = reader.get_metrics_data()
    assert data is not None
    for resource in data.resource_metrics:
        for scope in resource.scope_metrics:
            for metric in scope.metrics:
                for point in metric.data.data_points if metric.name == name else []:
                    if point.attributes.get("group") == group:
                        return point.value
    raise AssertionError(f"no {name} for {group}")


async def test_a_stream_keeps_what_a_lagging_group_has_not_acknowledged_and_shows_its_lag(
    producer, consumer_db, redis_server, rpc_metrics
):
    client = Redis.from_url(redis_server.url)
    for group in ("quick", "laggard"):
        await client.xgroup_create(STREAM, group, id="0", mkstream=True)
    async with producer.unit_of_work() as session:
        for _ in range(150):
            await events.publish(session, source="catalog", type="test.ping", payload=Ping())
    outbox = relay(producer, redis_server)
    while await outbox.relay_once():
        pass
    ids = [entry_id for entry_id, _ in cast(list[Entry], await client.xrange(STREAM))]
    assert len(ids) == 150

    # One group applies everything; the other 50 entries, and 10 more it has not finished.
    await client.xack(STREAM, "quick", *await read(client, "quick", 150))
    await client.xack(STREAM, "laggard", *await read(client, "laggard", 50))
    await read(client, "laggard", 10)
    assert await outbox.trim() == 50
    assert [entry_id for entry_id, _ in cast(list[Entry], await client.xrange(STREAM))] == ids[50:]

    overview = await asyncio.to_thread(keel, redis_server, "events")
    assert overview.returncode == 0, overview.stderr
    [line] = [line.split() for line in overview.stdout.splitlines() if " laggard " in line]
    assert line[:5] == [STREAM, "laggard", "100", "10", "90"]  # lag, pending, undelivered

    consumer = events.EventConsumer(
        consumer_db, client, group="laggard", sources=["catalog"], handlers={}
    )
    [lag] = await consumer.measure_lag()
    assert (lag.lag, lag.pending, lag.undelivered) == (100, 10, 90)
    assert gauge(rpc_metrics, "keel.events.consumer.lag", "laggard") == 100
    assert gauge(rpc_metrics, "keel.events.consumer.oldest_age", "laggard") >= 0
    await client.aclose()
