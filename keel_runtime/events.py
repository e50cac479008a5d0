"""Events between services (DESIGN.md §7): outbox → Redis Streams → idempotent consumers.

Why Redis Streams rather than gRPC push: the producer never needs to know who listens
or whether they are up; each consuming service gets its own consumer group (fan-out
without the producer's help), unacknowledged entries stay pending and are claimed again
after a crash, and Redis is already part of the stack (rate limits). With append-only-file
persistence an event already relayed survives a Redis restart; one not yet relayed waits
in the producer's outbox until Redis is back.

Delivery is at least once (the producer's half is `keel_runtime.outbox`):
1. `publish()` inserts the event into the producer's `outbox_events` table in the same
   transaction as the change it describes: no change without its event, and no event
   without its change.
2. `OutboxRelay` moves unpublished rows to the stream `keel:events:<source>` and marks
   them published; a crash between the two sends the event again later.
3. `EventConsumer` reads with a consumer group, applies the handler and records the event
   id in `processed_events` in one transaction of the consumer's database, then acks.
   A redelivered event finds its id recorded and is acked without effect. Unacknowledged
   entries (a failed handler, a crashed consumer) are retried every `claim_idle_ms`; a
   handler that keeps failing sends its event to a dead-letter stream, from where
   `keel events replay` sends it back (`keel_runtime.event_streams`). A transient
   database error (serialization failure, deadlock, dropped connection, the database
   away) is no failure of the handler: retried with backoff, without a limit.
4. A stream is trimmed only of what every consumer group has acknowledged.

The producer's trace context travels in the envelope; the consumer's span is its child,
so the asynchronous hop shows in the same trace.
"""

from __future__ import annotations

import asyncio
import logging
import os
import random
import socket
import time
import uuid
import weakref
from collections.abc import Awaitable, Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

import redis.asyncio as redis
import sqlalchemy as sa
from opentelemetry import context as otel_context
from opentelemetry import metrics, propagate, trace
from opentelemetry.instrumentation.utils import suppress_instrumentation
from opentelemetry.metrics import Observation
from opentelemetry.trace import SpanKind
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import AsyncSession

from keel.events.v1 import events_pb2
from keel_runtime.db import Database
from keel_runtime.event_streams import (
    GroupLag,
    dead_letter_stream,
    group_lags,
    replay_stream,
    stream_name,
)
from keel_runtime.outbox import (
    OutboxRelay,
    create_tables,
    drop_tables,
    is_outage,
    metadata,
    outbox_events,
    processed_events,
    publish,
)

__all__ = [
    "EventConsumer",
    "Handler",
    "OutboxRelay",
    "create_tables",
    "dead_letter_stream",
    "drop_tables",
    "metadata",
    "outbox_events",
    "processed_events",
    "publish",
    "stream_name",
]

log = logging.getLogger("keel.events")
tracer = trace.get_tracer("keel.events")

Handler = Callable[[events_pb2.Event, AsyncSession], Awaitable[None]]

# SQLSTATEs of errors that trying again resolves: serialization_failure, deadlock_detected,
# the connection exceptions (class 08), and the server shutting down or starting up.
_TRANSIENT_SQLSTATES = frozenset({"40001", "40P01", "57P01", "57P02", "57P03"})


def _causes(exc: BaseException) -> Iterator[BaseException]:
    seen: BaseException | None = exc
    while seen is not None:
        yield seen
        seen = seen.__cause__


def is_transient_database_error(exc: BaseException) -> bool:
    """A serialization failure, a deadlock or a dropped connection, however SQLAlchemy or
    asyncpg wrap it: the same work succeeds when tried again."""
    for cause in _causes(exc):
        if isinstance(cause, sa.exc.DBAPIError) and cause.connection_invalidated:
            return True
        state = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
        if isinstance(state, str) and (state in _TRANSIENT_SQLSTATES or state.startswith("08")):
            return True
    return False


def _backoff(first: float, most: float) -> Iterator[float]:
    """Delays doubling up to `most`, each jittered (retries of two deadlocked consumers
    should not meet again)."""
    delay = first
    while True:
        yield random.uniform(delay / 2, delay)
        delay = min(delay * 2, most)


class EventConsumer:
    """A consumer group reading other services' streams, applying each event once.

    An entry is acknowledged only once it is done with: applied, found already applied,
    or, after `max_attempts` failures of its handler, moved to the dead-letter stream
    `keel:dead:<group>` (so one bad event never stalls the ones behind it). Unacknowledged
    entries are retried every `claim_idle_ms`, together with the entries of other members
    of the group that have been idle that long (a consumer that crashed or went away).
    A transient database error is retried at once, with backoff from `retry_seconds` up
    to `retry_max_seconds`, for as long as it lasts: it never counts as an attempt.
    The group's lag (`event_streams.GroupLag`) is measured every `claim_idle_ms` and
    reported as the gauges `keel.events.consumer.lag` and `.oldest_age`.
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
        retry_seconds: float = 0.1,
        retry_max_seconds: float = 10.0,
    ) -> None:
        self.database = database
        self.redis = client
        self.group = group
        self.sources = [stream_name(s) for s in sources]
        self.streams = [*self.sources, replay_stream(group)]  # replayed dead letters too
        self.handlers = handlers
        # Stable per host and process slot, so a restarted consumer finds its own pending
        # entries; entries of a consumer that never returns are claimed after claim_idle_ms.
        self.name = f"{group}-{socket.gethostname()}-{os.environ.get('KEEL_INSTANCE', '0')}"
        self.claim_idle_ms = claim_idle_ms
        self.block_ms = block_ms
        self.max_attempts = max_attempts
        self.retry_seconds = retry_seconds
        self.retry_max_seconds = retry_max_seconds
        # Handler failures per (stream, entry), counted by this process.
        self._failures: dict[tuple[str, bytes], int] = {}
        self.lags: list[GroupLag] = []  # as last measured, at measured_at
        self.measured_at = 0.0
        _observe_lags(self)

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
                            await self.measure_lag()
                            recover_at = time.monotonic() + self.claim_idle_ms / 1000
                        await self.consume_once()
            except Exception as exc:
                # Redis or the database is away; unacknowledged entries stay pending.
                log.warning(
                    "event consumer %s restarting: %s",
                    self.group,
                    exc,
                    exc_info=not is_outage(exc),
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

    async def measure_lag(self) -> list[GroupLag]:
        """This group's lag on each source's stream (kept in `lags` for the gauges)."""
        self.lags = [
            lag for s in self.sources for lag in await group_lags(self.redis, s, self.group)
        ]
        self.measured_at = time.time()
        return self.lags

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
            if stream == replay_stream(self.group):  # read by this group only: done with
                await self.redis.xdel(stream, entry_id)
            self._failures.pop((stream, entry_id), None)
        return len(entries)

    async def _done_with(self, stream: str, entry_id: bytes, fields: dict[bytes, bytes]) -> bool:
        """Apply one entry; False when it failed and should be tried again later."""
        event = events_pb2.Event.FromString(fields[b"envelope"])
        delays, retries = _backoff(self.retry_seconds, self.retry_max_seconds), 0
        while True:  # without a limit while the error is transient
            try:
                await self.apply(event)
                if retries:
                    log.info("event %s of %s applied after %d retries", entry_id, stream, retries)
                return True
            except Exception as exc:
                if not await self._transient(exc):
                    return await self._failed(stream, entry_id, fields, exc)
                delay = next(delays)
                log.log(
                    logging.DEBUG if retries else logging.WARNING,  # said once per event
                    "event %s of %s met a transient error in %s, retrying in %.2f s: %s",
                    entry_id, stream, self.group, delay, exc,
                )  # fmt: skip
                retries += 1
                await asyncio.sleep(delay)

    async def _transient(self, exc: Exception) -> bool:
        # The database being away (however the driver words it), a serialization failure,
        # a deadlock or a dropped connection are no fault of the event's.
        return is_outage(exc) or is_transient_database_error(exc) or not await self.database.ping()

    async def _failed(
        self, stream: str, entry_id: bytes, fields: dict[bytes, bytes], exc: Exception
    ) -> bool:
        """Count a failure of the handler; True when the entry went to the dead letters."""
        key = (stream, entry_id)
        failures = self._failures[key] = self._failures.get(key, 0) + 1
        if failures < self.max_attempts:
            log.warning(
                "event %s of %s failed in %s (attempt %d of %d)",
                entry_id, stream, self.group, failures, self.max_attempts, exc_info=exc,
            )  # fmt: skip
            return False
        # A replayed entry keeps the stream it first came from.
        origin = fields.get(b"stream", stream.encode())
        dead = {**fields, b"stream": origin, b"entry": entry_id, b"error": repr(exc)[:500]}
        await self.redis.xadd(dead_letter_stream(self.group), dead)  # type: ignore[arg-type]
        log.error(
            "event %s of %s moved to %s after %d failed attempts",
            entry_id, stream, dead_letter_stream(self.group), failures, exc_info=exc,
        )  # fmt: skip
        return True

    def _log_trimmed(self, stream: str, entry_id: bytes) -> None:
        # The entry was deleted before this group applied it (by hand: trimming keeps it).
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


# The consumers of this process, whose last measured lags the gauges report.
_consumers: weakref.WeakSet[EventConsumer] = weakref.WeakSet()
_gauges: list[object] = []


def _observe_lags(consumer: EventConsumer) -> None:
    _consumers.add(consumer)
    if _gauges:
        return
    meter = metrics.get_meter("keel.events")
    _gauges.append(
        meter.create_observable_gauge(
            "keel.events.consumer.lag",
            callbacks=[lambda options: _observations(lambda lag, _: lag.lag)],
            unit="{event}",
            description="Events of a stream a consumer group has not acknowledged yet",
        )
    )
    _gauges.append(
        meter.create_observable_gauge(
            "keel.events.consumer.oldest_age",
            callbacks=[lambda options: _observations(GroupLag.oldest_seconds)],
            unit="s",
            description="How long the oldest event a consumer group has not acknowledged waited",
        )
    )


def _observations(value: Callable[[GroupLag, float], float]) -> Iterable[Observation]:
    for consumer in list(_consumers):
        for lag in consumer.lags:
            yield Observation(
                value(lag, consumer.measured_at), {"stream": lag.stream, "group": lag.group}
            )
