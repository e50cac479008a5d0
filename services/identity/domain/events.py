"""identity's events: published through the outbox, and what they do to cached facts.

Every identity event marks a change authorization may depend on (a membership, a role,
a suspension, an ended session, a revoked key, a deleted organization). So:
- `emit()` publishes the event and, once the transaction commits, drops this process's
  authorization caches;
- `InvalidationListener` follows identity's own event stream and drops them in every
  other replica when any identity event arrives.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from typing import Any

import redis.asyncio as redis
from google.protobuf.message import Message

from keel_runtime import db, events
from services.identity.domain.access import FactCache

log = logging.getLogger("keel.identity.events")
SOURCE = "identity"

_caches: weakref.WeakSet[FactCache] = weakref.WeakSet()


def track(cache: FactCache) -> FactCache:
    """Register a cache to be dropped on identity's changes."""
    _caches.add(cache)
    return cache


def drop_caches() -> None:
    for cache in _caches:
        cache.clear()


async def emit(type: str, payload: Message, *, org_id: str = "") -> None:
    """Publish `type` in the current unit of work; caches drop when it commits."""
    session = db.session()
    await events.publish(session, source=SOURCE, type=type, payload=payload, org_id=org_id)
    db.after_commit(session, drop_caches)


class InvalidationListener:
    """Drops the caches whenever an identity event is relayed, by whichever replica.

    Plain XREAD from the stream's end (no consumer group): every replica sees every event,
    and a replica that starts late has an empty cache anyway.
    """

    # Shorter than redis-py's 5 s socket timeout: a quiet stream must not look like an
    # outage (which drops the caches).
    def __init__(self, client: redis.Redis, *, block_ms: int = 2000) -> None:
        self.redis = client
        self.stream = events.stream_name(SOURCE)
        self.block_ms = block_ms

    async def run(self) -> None:
        last_id = "$"
        while True:
            try:
                reply: Any = await self.redis.xread({self.stream: last_id}, block=self.block_ms)
            except (redis.ConnectionError, redis.TimeoutError, OSError) as exc:
                # While Redis is away, events may be missed: drop caches and rely on TTLs.
                log.warning("invalidation listener paused: %s", exc)
                drop_caches()
                await asyncio.sleep(1.0)
                last_id = "$"
                continue
            for _stream, entries in reply or []:
                if entries:
                    last_id = entries[-1][0]
                    drop_caches()
