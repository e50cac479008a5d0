"""Process-local caches of facts another part of the mesh owns, dropped when it says so.

- `FactCache` keeps answers (identity's authorization facts in identity, identity's
  decisions in every other service) for a while, safe against invalidation races.
- `ChangeFeed` follows a service's event stream and drops every cache it tracks as soon
  as any event of that service is relayed, in every replica of every service: the owner
  publishes an event with each change (the outbox), so a cached answer lives at most
  until the change's event arrives, well under 100 ms after its commit. Its `position`
  says how far it has read: the stream entry id of the newest event applied.

A position is a Redis stream entry id, `<ms>-<seq>`; `position_key` orders them ("" means
nothing read yet, and comes before every entry).
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
import weakref
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import redis.asyncio as redis

from keel_runtime.events import stream_name

log = logging.getLogger("keel.cache")
_POSITION = re.compile(r"([0-9]+)-([0-9]+)")


def position_key(position: str) -> tuple[int, int]:
    """A stream position as a pair that compares in stream order ("" comes first).
    Raises ValueError for anything but "" or `<ms>-<seq>`."""
    if not position:
        return (-1, -1)
    parts = _POSITION.fullmatch(position)
    if parts is None:
        raise ValueError(f"not a stream position: {position!r}")
    return int(parts[1]), int(parts[2])


def newer(position: str, than: str) -> bool:
    """Whether stream position `position` comes after `than`."""
    return position_key(position) > position_key(than)


def latest(*positions: str) -> str:
    """The newest of `positions` ("" for none)."""
    return max(positions, key=position_key, default="")


class FactCache:
    """A bounded cache of loaded values, safe against invalidation races.

    `clear()` bumps a generation; a value loaded while a clear happened is not stored,
    so a fact read before a change committed never outlives that change's invalidation.
    Bounded: past `max_entries`, the least recently used entries go (never the whole
    cache, so a burst of distinct lookups cannot empty it for everyone else).
    `store_none=False` keeps misses out (a lookup that found nothing is asked again).
    `lifetime(value)` may shorten an entry's life below `ttl_seconds` (a value that stops
    being true at a known time, such as an API key's expiry). `keep(value)`, asked when a
    value arrives, may refuse to keep it at all (it is still returned to its caller).
    """

    def __init__(
        self,
        ttl_seconds: float,
        *,
        max_entries: int = 100_000,
        store_none: bool = True,
        lifetime: Callable[[Any], float | None] | None = None,
        keep: Callable[[Any], bool] | None = None,
    ) -> None:
        self.ttl = ttl_seconds
        self.max_entries = max_entries
        self.store_none = store_none
        self.lifetime = lifetime
        self.keep = keep
        self.generation = 0
        self._entries: OrderedDict[tuple[Any, ...], tuple[float, Any]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, key: tuple[Any, ...]) -> bool:
        entry = self._entries.get(key)
        return entry is not None and entry[0] > time.monotonic()

    def clear(self) -> None:
        self.generation += 1
        self._entries.clear()

    def peek(self, key: tuple[Any, ...]) -> Any:
        """The value kept for `key`, or None: for a caller that loads it together with
        something else, then `put`s it."""
        return self._kept(key, time.monotonic())[1]

    def put(self, key: tuple[Any, ...], value: Any) -> None:
        self._store(key, value, time.monotonic(), self.generation)

    async def get(self, key: tuple[Any, ...], load: Callable[[], Awaitable[Any]]) -> Any:
        now = time.monotonic()
        found, value = self._kept(key, now)
        if found:
            return value
        generation = self.generation
        value = await load()
        self._store(key, value, now, generation)
        return value

    async def get_many(
        self,
        keys: Sequence[tuple[Any, ...]],
        load: Callable[[list[tuple[Any, ...]]], Awaitable[Sequence[Any]]],
    ) -> list[Any]:
        """The values of `keys`, in order; the ones not kept are loaded in one `load(missing)`
        call, which returns their values in the order asked."""
        now = time.monotonic()
        values: dict[tuple[Any, ...], Any] = {}
        for key in keys:
            found, value = self._kept(key, now)
            if found:
                values[key] = value
        missing = [key for key in dict.fromkeys(keys) if key not in values]
        if missing:
            generation = self.generation
            for key, value in zip(missing, await load(missing), strict=True):
                values[key] = value
                self._store(key, value, now, generation)
        return [values[key] for key in keys]

    def _kept(self, key: tuple[Any, ...], now: float) -> tuple[bool, Any]:
        entry = self._entries.get(key)
        if entry is None or entry[0] <= now:
            return False, None
        self._entries.move_to_end(key)
        return True, entry[1]

    def _store(self, key: tuple[Any, ...], value: Any, now: float, generation: int) -> None:
        """Keep `value`, loaded from `generation` on: not if a change came meanwhile."""
        if generation != self.generation or (value is None and not self.store_none):
            return
        if self.keep is not None and not self.keep(value):
            return
        seconds = self.ttl
        if self.lifetime is not None and (limit := self.lifetime(value)) is not None:
            seconds = min(seconds, limit)
        if seconds <= 0:
            return
        self._entries[key] = (now + seconds, value)
        self._entries.move_to_end(key)
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)


class ChangeFeed:
    """Drops the caches it tracks whenever an event of `source` is relayed, by any replica.

    `follow()` reads the stream with plain XREAD every `POLL_SECONDS` (no consumer group:
    every process sees every event). `live` is true only while it follows: from a known
    position in the stream, so no event relayed since can be missed. While Redis is away
    events may be missed: the caches are dropped and `live` stays false until the feed is
    back, so a cache that must never be stale (`authz`'s decisions) is bypassed meanwhile.

    `position` is the id of the newest entry applied (the stream's end when following
    began; "" before). It moves only together with a drop, with no await in between, so
    whatever a tracked cache holds was loaded while the feed stood at its current
    position: a value read from a tracked cache reflects every change up to `position`.
    """

    # A read that returns at once, then a pause: cancelling a blocking XREAD at shutdown
    # can leave redis-py's read pending for good (seen with redis-py 8.1), while a pause
    # is cancelled cleanly. 20 reads a second per process cost Redis next to nothing.
    POLL_SECONDS = 0.05

    def __init__(self, source: str) -> None:
        self.source = source
        self.stream = stream_name(source)
        self._following = 0  # followers at a known position (several in one test process)
        self._caches: weakref.WeakSet[FactCache] = weakref.WeakSet()
        self.position = ""

    @property
    def live(self) -> bool:
        return self._following > 0

    def track(self, cache: FactCache) -> FactCache:
        self._caches.add(cache)
        return cache

    def drop(self) -> None:
        """A change of `source` committed: nothing cached from before may be used again."""
        for cache in self._caches:
            cache.clear()

    def _applied(self, position: str, *, events: bool) -> None:
        """Everything up to `position` is applied (`events`: new events among it): the caches
        go whenever the position moves. Never backwards, and no drop for a position already
        applied (several followers of one feed in a test process read the same stream)."""
        moved = newer(position, self.position)
        if moved:
            self.position = position
        if moved or events:
            self.drop()

    async def follow(self, client: redis.Redis) -> None:
        last_id: str | None = None
        this = asyncio.current_task()
        try:
            # A cancellation swallowed inside the client must still end the loop.
            while this is None or not this.cancelling():
                try:
                    if last_id is None:
                        last_id = await _stream_end(client, self.stream)
                        # Events missed while not following are behind the stream's end.
                        self._applied(last_id, events=False)
                        self._following += 1
                    reply: Any = await client.xread({self.stream: last_id})
                except (redis.ConnectionError, redis.TimeoutError, OSError) as exc:
                    if last_id is not None:
                        log.warning("%s change feed paused: %s", self.source, exc)
                        self._following -= 1
                    last_id = None
                    self.drop()
                    await asyncio.sleep(1.0)
                    continue
                for _stream, entries in reply or []:
                    if entries:
                        last_id = _text(entries[-1][0])
                        self._applied(last_id, events=True)
                await asyncio.sleep(self.POLL_SECONDS)
        finally:
            if last_id is not None:
                self._following -= 1


async def _stream_end(client: redis.Redis, stream: str) -> str:
    """The id of the stream's newest entry ("0-0" for an empty or missing stream)."""
    newest: Any = await client.xrevrange(stream, count=1)
    if not newest:
        return "0-0"
    return _text(newest[0][0])


def _text(entry_id: bytes | str) -> str:
    return entry_id.decode() if isinstance(entry_id, bytes) else str(entry_id)
