"""Events between services (DESIGN.md §7): outbox → Redis Streams → idempotent consumers.

Why Redis Streams rather than gRPC push: the producer never needs to know who listens
or whether they are up; each consuming service gets its own consumer group (fan-out
without the producer's help), unacknowledged entries stay pending and are claimed again
after a crash, and Redis is already part of the stack (rate limits). With append-only-file
persistence an event already relayed survives a Redis restart; one not yet relayed waits
in the producer's outbox until Redis is back.

Delivery is at least once:
1. `publish()` inserts the event into the producer's `outbox_events` table in the same
   transaction as the change it describes: no change without its event, and no event
   without its change.
2. `OutboxRelay` moves unpublished rows to the stream `keel:events:<source>` and marks
   them published; a crash between the two sends the event again later.
3. `EventConsumer` reads with a consumer group, applies the handler and records the event
   id in `processed_events` in one transaction of the consumer's database, then acks.
   A redelivered event finds its id recorded and is acked without effect. Unacknowledged
   entries (a failed handler, a crashed consumer) are retried every `claim_idle_ms`; a
   handler that keeps failing sends its event to a dead-letter stream.

The producer's trace context travels in the envelope; the consumer's span is its child,
so the asynchronous hop shows in the same trace.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import time
import uuid
import weakref
from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import redis.asyncio as redis
import sqlalchemy as sa
from google.protobuf import any_pb2
from google.protobuf.message import Message
from opentelemetry import context as otel_context
from opentelemetry import propagate, trace
from opentelemetry.instrumentation.utils import suppress_instrumentation
from opentelemetry.trace import SpanKind
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import AsyncSession

from keel.events.v1 import events_pb2
from keel_runtime.db import Database, after_commit

log = logging.getLogger("keel.events")
tracer = trace.get_tracer("keel.events")


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

Handler = Callable[[events_pb2.Event, AsyncSession], Awaitable[None]]
STREAM_MAXLEN = 1_000_000  # approximate; a consumer may lag this far behind its source


def _is_outage(exc: BaseException) -> bool:
    """Redis or the database unreachable: expected now and then, no stack trace needed."""
    return isinstance(exc, redis.ConnectionError | redis.TimeoutError | OSError)


def stream_name(source: str) -> str:
    return f"keel:events:{source}"


def dead_letter_stream(group: str) -> str:
    """Where a consumer group's events go when their handler keeps failing."""
    return f"keel:dead:{group}"


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
    ) -> None:
        self.database = database
        self.redis = client
        self.stream = stream_name(source)
        self.poll_seconds = poll_seconds
        self.batch = batch
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
        failing = False
        while True:
            try:
                with suppress_instrumentation():  # polling is no request: keep it out of traces
                    moved = await self.relay_once()
                if failing:
                    log.info("outbox relay resumed")
                failing = False
            except Exception as exc:
                # Redis or the database is away: the rows wait in the outbox; say so once.
                if not failing:
                    log.warning("outbox relay paused: %s", exc, exc_info=not _is_outage(exc))
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
                pipe.xadd(self.stream, fields, maxlen=STREAM_MAXLEN, approximate=True)
            await pipe.execute()
            await session.execute(
                outbox_events.update()
                .where(outbox_events.c.id.in_([row.id for row in rows]))
                .values(published_at=sa.func.now())
            )
        return len(rows)


class EventConsumer:
    """A consumer group reading other services' streams, applying each event once.

    An entry is acknowledged only once it is done with: applied, found already applied,
    or, after `max_attempts` failures of its handler, moved to the dead-letter stream
    `keel:dead:<group>` (so one bad event never stalls the ones behind it). Unacknowledged
    entries are retried every `claim_idle_ms`, together with the entries of other members
    of the group that have been idle that long (a consumer that crashed or went away).
    """

    def __init__(
        self,
        database: Database,
        client: redis.Redis,
        *,
        group: str,
        sources: Sequence[str],
        handlers: Mapping[str, Handler],
        claim_idle_ms: int = 30_000,
        block_ms: int = 1000,
        max_attempts: int = 5,
    ) -> None:
        self.database = database
        self.redis = client
        self.group = group
        self.streams = [stream_name(s) for s in sources]
        self.handlers = handlers
        # Stable per host and process slot, so a restarted consumer finds its own pending
        # entries; entries of a consumer that never returns are claimed after claim_idle_ms.
        self.name = f"{group}-{socket.gethostname()}-{os.environ.get('KEEL_INSTANCE', '0')}"
        self.claim_idle_ms = claim_idle_ms
        self.block_ms = block_ms
        self.max_attempts = max_attempts
        # Handler failures per (stream, entry), counted by this process.
        self._failures: dict[tuple[str, bytes], int] = {}

    async def run(self) -> None:
        while True:
            try:
                # Polling is no request: only the handling of an event is traced (in apply).
                with suppress_instrumentation():
                    await self._ensure_groups()
                    recover_at = 0.0
                    while True:
                        if time.monotonic() >= recover_at:
                            await self.recover_pending()
                            recover_at = time.monotonic() + self.claim_idle_ms / 1000
                        await self.consume_once()
            except Exception as exc:
                # Redis or the database is away; unacknowledged entries stay pending.
                log.warning(
                    "event consumer %s restarting: %s",
                    self.group,
                    exc,
                    exc_info=not _is_outage(exc),
                )
            await asyncio.sleep(1.0)

    async def _ensure_groups(self) -> None:
        for stream in self.streams:
            try:
                await self.redis.xgroup_create(stream, self.group, id="0", mkstream=True)
            except redis.ResponseError as exc:
                if "BUSYGROUP" not in str(exc):
                    raise

    async def recover_pending(self) -> int:
        """Retry our own unacknowledged entries, then claim other members' idle ones."""
        handled = 0
        for stream in self.streams:
            own: Any = await self.redis.xreadgroup(self.group, self.name, {stream: "0"}, count=1000)
            for _, entries in own:
                handled += await self._handle_entries(stream, entries)
            cursor: Any = "0-0"
            while True:
                reply: Any = await self.redis.xautoclaim(
                    stream, self.group, self.name, self.claim_idle_ms, cursor, count=100
                )
                cursor, claimed = reply[0], reply[1]
                for entry_id in reply[2] if len(reply) > 2 else []:  # Redis 7 names them
                    self._log_trimmed(stream, entry_id)
                handled += await self._handle_entries(stream, claimed)
                if cursor in (b"0-0", "0-0"):
                    break
        return handled

    async def consume_once(self) -> int:
        replies: Any = await self.redis.xreadgroup(
            self.group, self.name, dict.fromkeys(self.streams, ">"), count=100, block=self.block_ms
        )
        handled = 0
        for stream, entries in replies or []:
            name = stream.decode() if isinstance(stream, bytes) else stream
            handled += await self._handle_entries(name, entries)
        return handled

    async def _handle_entries(
        self, stream: str, entries: list[tuple[bytes | None, dict[bytes, bytes] | None]]
    ) -> int:
        for entry_id, fields in entries:
            if entry_id is None:  # Redis 6 claims an entry trimmed away as (nil, nil)
                continue
            if not fields:
                self._log_trimmed(stream, entry_id)
            elif not await self._done_with(stream, entry_id, fields):
                continue  # stays pending: retried at the next recovery
            await self.redis.xack(stream, self.group, entry_id)
            self._failures.pop((stream, entry_id), None)
        return len(entries)

    async def _done_with(self, stream: str, entry_id: bytes, fields: dict[bytes, bytes]) -> bool:
        """Apply one entry; False when it failed and should be tried again later."""
        try:
            await self.apply(events_pb2.Event.FromString(fields[b"envelope"]))
            return True
        except Exception as exc:
            # The database being away (however the driver words it) is no fault of the
            # event's: nothing is counted, the entry stays pending.
            if _is_outage(exc) or not await self.database.ping():
                raise
            key = (stream, entry_id)
            failures = self._failures[key] = self._failures.get(key, 0) + 1
            if failures < self.max_attempts:
                log.warning(
                    "event %s of %s failed in %s (attempt %d of %d)",
                    entry_id, stream, self.group, failures, self.max_attempts, exc_info=True,
                )  # fmt: skip
                return False
            dead = {**fields, b"stream": stream, b"entry": entry_id, b"error": repr(exc)[:500]}
            await self.redis.xadd(dead_letter_stream(self.group), dead)  # type: ignore[arg-type]
            log.error(
                "event %s of %s moved to %s after %d failed attempts",
                entry_id, stream, dead_letter_stream(self.group), failures, exc_info=True,
            )  # fmt: skip
            return True

    def _log_trimmed(self, stream: str, entry_id: bytes) -> None:
        # The stream was trimmed (STREAM_MAXLEN) past an entry this group never applied.
        log.error("event %s of %s was trimmed before %s applied it", entry_id, stream, self.group)

    async def apply(self, event: events_pb2.Event) -> bool:
        """Apply `event` once; False when it was already applied (or has no handler)."""
        # Run in the producer's trace, from an empty context: nothing of the polling loop
        # (its suppressed instrumentation) carries over into the handling.
        parent = propagate.extract(dict(event.trace_context), context=otel_context.Context())
        token = otel_context.attach(parent)
        try:
            with tracer.start_as_current_span(
                f"consume {event.type}",
                kind=SpanKind.CONSUMER,
                attributes={
                    "messaging.system": "redis",
                    "messaging.message.id": event.id,
                    "messaging.consumer.group.name": self.group,
                },
            ):
                return await self._apply_once(event)
        finally:
            otel_context.detach(token)

    async def _apply_once(self, event: events_pb2.Event) -> bool:
        handler = self.handlers.get(event.type)
        async with self.database.unit_of_work() as session:
            inserted = await session.execute(
                postgresql.insert(processed_events)
                .values(consumer=self.group, event_id=uuid.UUID(event.id))
                .on_conflict_do_nothing()
                .returning(processed_events.c.event_id)
            )
            if inserted.first() is None:
                return False
            if handler is not None:
                await handler(event, session)
            return handler is not None
