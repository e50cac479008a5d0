"""The producer's half of events (`keel_runtime.events` tells the whole): the runtime's
tables (the outbox, and the consumers' `processed_events`), `publish` into the outbox,
and the relay from it to the source's Redis stream, which it also trims.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
import weakref
from datetime import UTC, datetime
from typing import Any

import redis.asyncio as redis
import sqlalchemy as sa
from google.protobuf import any_pb2
from google.protobuf.message import Message
from opentelemetry import propagate
from opentelemetry.instrumentation.utils import suppress_instrumentation
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import AsyncSession

from keel.events.v1 import events_pb2
from keel_runtime.db import Database, after_commit
from keel_runtime.event_streams import stream_name, trim_acknowledged

log = logging.getLogger("keel.events")


# Runtime-owned tables; every service's first migration creates them (`create_tables`).
def _outbox_columns() -> list[sa.Column[Any]]:
    return [
        sa.Column("id", postgresql.UUID(as_uuid=True), primary_key=True),
        # Insertion order within one service (created_at is the transaction's start time,
        # the same for every event of a transaction).
        sa.Column("seq", sa.BigInteger, sa.Identity(always=True), nullable=False),
        sa.Column("type", sa.Text, nullable=False),
        sa.Column("envelope", sa.LargeBinary, nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
        sa.Column("published_at", sa.DateTime(timezone=True)),
    ]


def _processed_columns() -> list[sa.Column[Any]]:
    return [
        sa.Column("consumer", sa.Text, primary_key=True),
        sa.Column("event_id", postgresql.UUID(as_uuid=True), primary_key=True),
        sa.Column(
            "processed_at",
            sa.DateTime(timezone=True),
            nullable=False,
            server_default=sa.func.now(),
        ),
    ]


metadata = sa.MetaData()
outbox_events = sa.Table("outbox_events", metadata, *_outbox_columns())
processed_events = sa.Table("processed_events", metadata, *_processed_columns())
_UNPUBLISHED_INDEX = "outbox_events_unpublished"


def is_outage(exc: BaseException) -> bool:
    """Redis or the database unreachable: expected now and then, no stack trace needed."""
    return isinstance(exc, redis.ConnectionError | redis.TimeoutError | OSError)


def create_tables() -> None:
    """Create the outbox and inbox tables (call from a service's first migration)."""
    from alembic import op  # imported by migrations only: a serving process never needs it

    op.create_table("outbox_events", *_outbox_columns())
    op.create_table("processed_events", *_processed_columns())
    # Only unpublished rows are indexed: the relay's scan stays small as the table grows.
    op.create_index(
        _UNPUBLISHED_INDEX,
        "outbox_events",
        ["seq"],
        postgresql_where=sa.text("published_at IS NULL"),
    )


def drop_tables() -> None:
    from alembic import op

    op.drop_table("processed_events")
    op.drop_table("outbox_events")


async def publish(
    session: AsyncSession,
    *,
    source: str,
    type: str,
    payload: Message,
    org_id: str = "",
) -> str:
    """Add an event to the outbox inside the caller's transaction; returns its id."""
    event_id = uuid.uuid4()
    envelope = events_pb2.Event(id=str(event_id), type=type, source=source, org_id=org_id)
    envelope.occurred_at.FromDatetime(datetime.now(UTC))
    packed = any_pb2.Any()
    packed.Pack(payload)
    envelope.payload.CopyFrom(packed)
    carrier: dict[str, str] = {}
    propagate.inject(carrier)
    envelope.trace_context.update(carrier)
    await session.execute(
        outbox_events.insert().values(id=event_id, type=type, envelope=envelope.SerializeToString())
    )
    after_commit(session, _wake_relays)
    return str(event_id)


# The relays of this process: woken when a transaction that published events commits, so an
# event leaves within milliseconds instead of at the next poll.
_relays: weakref.WeakSet[OutboxRelay] = weakref.WeakSet()


def _wake_relays() -> None:
    for relay in _relays:
        relay.wake()


class OutboxRelay:
    """Moves committed outbox rows to the source's Redis stream, in insertion order.

    With several replicas relaying at once (rows are locked, never sent twice by two
    relays) batches may overtake each other: consumers must not rely on order across
    events, only on each event's own state.
    """

    def __init__(
        self,
        database: Database,
        client: redis.Redis,
        source: str,
        *,
        poll_seconds: float = 1.0,
        batch: int = 100,
        trim_seconds: float = 10.0,
    ) -> None:
        self.database = database
        self.redis = client
        self.stream = stream_name(source)
        self.poll_seconds = poll_seconds
        self.batch = batch
        self.trim_seconds = trim_seconds
        self._woken = asyncio.Event()
        _relays.add(self)

    def wake(self) -> None:
        """New rows were committed: relay now rather than at the next poll."""
        self._woken.set()

    async def _idle(self) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._woken.wait(), self.poll_seconds)
        self._woken.clear()

    async def run(self) -> None:
        failing, trim_at = False, 0.0
        while True:
            if _cancelled():  # a cancel some await swallowed (see `_cancelled`): stop now
                raise asyncio.CancelledError
            try:
                with suppress_instrumentation():  # polling is no request: keep it out of traces
                    moved = await self.relay_once()
                    if time.monotonic() >= trim_at:
                        await self.trim()
                        trim_at = time.monotonic() + self.trim_seconds
                if failing:
                    log.info("outbox relay resumed")
                failing = False
            except Exception as exc:
                if _cancelled():  # the shutdown's cancel, which a client turned into its error
                    raise asyncio.CancelledError from exc
                # Redis or the database is away: the rows wait in the outbox; say so once.
                if not failing:
                    log.warning("outbox relay paused: %s", exc, exc_info=not is_outage(exc))
                failing, moved = True, 0
            if failing:
                await asyncio.sleep(self.poll_seconds)
            elif moved < self.batch:
                await self._idle()

    async def relay_once(self) -> int:
        """Relay one batch; the rows stay unpublished if Redis refuses them."""
        async with self.database.unit_of_work() as session:
            rows = (
                await session.execute(
                    sa.select(outbox_events.c.id, outbox_events.c.type, outbox_events.c.envelope)
                    .where(outbox_events.c.published_at.is_(None))
                    .order_by(outbox_events.c.seq)
                    .limit(self.batch)
                    .with_for_update(skip_locked=True)
                )
            ).all()
            if not rows:
                return 0
            pipe = self.redis.pipeline(transaction=False)
            for row in rows:
                fields: dict[Any, Any] = {
                    "id": str(row.id),
                    "type": row.type,
                    "envelope": row.envelope,
                }
                pipe.xadd(self.stream, fields)  # trimmed by `trim`, never past a consumer
            await pipe.execute()
            await session.execute(
                outbox_events.update()
                .where(outbox_events.c.id.in_([row.id for row in rows]))
                .values(published_at=sa.func.now())
            )
        return len(rows)

    async def trim(self) -> int:
        """Drop the stream's entries every consumer group has acknowledged."""
        return await trim_acknowledged(self.redis, self.stream)


def _cancelled() -> bool:
    """Whether this task was asked to stop. A cancel can be lost on its way: met inside a
    client call (redis-py, asyncpg) it can come out as that client's own error, caught as
    an outage; met as `wait_for`'s timeout fires, Python 3.11 raises TimeoutError, which
    `_idle` suppresses. The relay then polled on while the shutdown waited for it forever
    (the in-process servers of tests/runtime hung in `_shutdown`)."""
    task = asyncio.current_task()
    return task is not None and task.cancelling() > 0
