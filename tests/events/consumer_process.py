"""A consuming service for the events test, run as its own process.

Consumes `catalog`'s stream as group `billing-test` into billing's database: each
`test.ping` adds a row to `event_effects`, in the same transaction that records the event;
a ping whose note is "poison" always fails, one whose note is in `failing_notes` fails
while it is there. Two notes meet locks the test holds (PostgreSQL advisory locks):
"contended" takes lock 2 then lock 1 (the test, holding 1, takes 2: a deadlock), "held"
waits for lock 1 (the test drops its connection meanwhile).
Usage: python -m tests.events.consumer_process DATABASE_URL REDIS_URL [CLAIM_IDLE_MS]
"""

from __future__ import annotations

import asyncio
import sys

import sqlalchemy as sa
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncSession

from keel.events.v1 import events_pb2
from keel_runtime import events, logs, telemetry
from keel_runtime.db import Database

LOCKS = {"contended": (2, 1), "held": (1,)}


async def record_ping(event: events_pb2.Event, session: AsyncSession) -> None:
    ping = events_pb2.Ping()
    event.payload.Unpack(ping)
    refused = await session.execute(
        sa.text("SELECT 1 FROM failing_notes WHERE note = :note"), {"note": ping.note}
    )
    if ping.note == "poison" or refused.first() is not None:
        raise ValueError(f"this handler cannot take {ping.note}")
    for lock in LOCKS.get(ping.note, ()):
        await session.execute(sa.text("SELECT pg_advisory_xact_lock(:lock)"), {"lock": lock})
    await session.execute(
        sa.text("INSERT INTO event_effects (event_id, note) VALUES (:id, :note)"),
        {"id": event.id, "note": ping.note},
    )


async def main(database_url: str, redis_url: str, claim_idle_ms: int) -> None:
    database = Database(database_url, pool_size=2)
    consumer = events.EventConsumer(
        database,
        Redis.from_url(redis_url),
        group="billing-test",
        sources=["catalog"],
        handlers={"test.ping": record_ping},
        block_ms=100,
        claim_idle_ms=claim_idle_ms,
        max_attempts=3,
    )
    await consumer.run()


if __name__ == "__main__":
    logs.configure("billing-test")
    tel = telemetry.setup("billing-test")
    try:
        claim_idle_ms = int(sys.argv[3]) if len(sys.argv) > 3 else 30_000
        asyncio.run(main(sys.argv[1], sys.argv[2], claim_idle_ms))
    finally:
        tel.shutdown()
