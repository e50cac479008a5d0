"""Process-local caches of facts another part of the mesh owns, dropped when it says so.

- `FactCache` keeps answers (identity's authorization facts in identity, identity's
  decisions in every other service) for a while, safe against invalidation races.
- `ChangeFeed` follows a service's event stream and, as soon as an event of that service
  is relayed, drops from every cache it tracks what the event concerns (a `Change`: the
  answers about the users, organizations, sessions or keys it names; everything for an
  event it cannot read), in every replica of every service: the owner publishes an event
  with each change (the outbox), so a cached answer lives at most until the change's
  event arrives, well under 100 ms after its commit, and answers about others stay. Its
  `position` says how far it has read: the stream entry id of the newest event applied.

A position is a Redis stream entry id, `<ms>-<seq>`; `position_key` orders them ("" means
nothing read yet, and comes before every entry).
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
import weakref
from collections import OrderedDict, deque
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
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


Key = tuple[Any, ...]


@dataclass(frozen=True)
class Change:
    """What one event changed, as far as cached answers go: the facts of the ids it names
    (`ids`: users, organizations, sessions, API keys, as text), and with `api_keys` every
    answer given to an API key too (a user key acts for its creator, whom such an answer
    does not name); `everything` when nothing kept may be trusted any more."""

    ids: frozenset[str] = frozenset()
    api_keys: bool = False
    everything: bool = False

    def names(self, key: Key) -> bool:
        """Whether `key` names one of the changed ids (the default `concerns` rule)."""
        return any(str(part) in self.ids for part in key)

    def __or__(self, other: Change) -> Change:
        return Change(
            self.ids | other.ids,
            self.api_keys or other.api_keys,
            self.everything or other.everything,
        )


EVERYTHING = Change(everything=True)
NOTHING = Change()
Concerns = Callable[[Change, Key], bool]


def names(change: Change, key: Key) -> bool:
    return change.names(key)


def _changed(change: Change, concerns: Concerns) -> Callable[[Key], bool]:
    return lambda key: concerns(change, key)


class FactCache:
    """A bounded cache of loaded values, safe against invalidation races.

    `clear()` and `drop(concerned)` bump a generation; a value loaded while a clear
    happened, or a drop that concerns its key, is not stored, so a fact read before a
    change committed never outlives that change's invalidation.
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
        self._cleared = 0  # the generation of the last clear
        # The recent drops, (generation, concerned): what a load in flight checks its key
        # against. A load older than all of them is not kept.
        self._drops: deque[tuple[int, Callable[[Key], bool]]] = deque(maxlen=_DROPS_KEPT)
        self._entries: OrderedDict[tuple[Any, ...], tuple[float, Any]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, key: tuple[Any, ...]) -> bool:
        entry = self._entries.get(key)
        return entry is not None and entry[0] > time.monotonic()

    def clear(self) -> None:
        self.generation += 1
        self._cleared = self.generation
        self._entries.clear()

    def drop(self, concerned: Callable[[Key], bool]) -> None:
        """Forget the entries whose key is `concerned`, and any such value on its way."""
        self.generation += 1
        self._drops.append((self.generation, concerned))
        for key in [key for key in self._entries if concerned(key)]:
            del self._entries[key]

    def _outdated(self, key: Key, generation: int) -> bool:
        """Whether a value of `key` loaded from `generation` on missed a drop of it."""
        if generation == self.generation:
            return False
        if generation < self._cleared or not self._drops or self._drops[0][0] > generation + 1:
            return True  # cleared since, or the drops since are no longer all known
        return any(concerned(key) for at, concerned in self._drops if at > generation)

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
        """Keep `value`, loaded from `generation` on: not if a change of it came meanwhile."""
        if self._outdated(key, generation) or (value is None and not self.store_none):
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


# Drops a load in flight is checked against: far more than come during one load.
_DROPS_KEPT = 256


def unreadable(fields: Mapping[bytes, bytes]) -> Change:
    """The `changes` of a feed that cannot tell what an event changed: everything."""
    return EVERYTHING


class ChangeFeed:
    """Drops from the caches it tracks what an event of `source` changed, whenever one is
    relayed, by any replica.

    `changes(fields)` says what a stream entry (its raw fields) changed; each cache is
    tracked with its `concerns(change, key)` rule (by default: the key names a changed id).

    `follow()` reads the stream with plain XREAD every `POLL_SECONDS` (no consumer group:
    every process sees every event). `live` is true only while it follows: from a known
    position in the stream, so no event relayed since can be missed. While Redis is away
    events may be missed: the caches are dropped and `live` stays false until the feed is
    back, so a cache that must never be stale (`authz`'s decisions) is bypassed meanwhile.

    `position` is the id of the newest entry applied (the stream's end when following
    began; "" before). It moves only together with the drop of what its events changed,
    with no await in between, so whatever a tracked cache holds still reflects every change
    up to `position`: it was loaded at the current position, or no change since concerns it.
    """

    # A read that returns at once, then a pause: cancelling a blocking XREAD at shutdown
    # can leave redis-py's read pending for good (seen with redis-py 8.1), while a pause
    # is cancelled cleanly. 20 reads a second per process cost Redis next to nothing.
    POLL_SECONDS = 0.05

    def __init__(
        self, source: str, changes: Callable[[Mapping[bytes, bytes]], Change] = unreadable
    ) -> None:
        self.source = source
        self.stream = stream_name(source)
        self.changes = changes
        self._following = 0  # followers at a known position (several in one test process)
        self._caches: weakref.WeakKeyDictionary[FactCache, Concerns] = weakref.WeakKeyDictionary()
        self.position = ""

    @property
    def live(self) -> bool:
        return self._following > 0

    def track(self, cache: FactCache, concerns: Concerns = names) -> FactCache:
        """Follow `cache`: a change drops the entries it `concerns`."""
        self._caches[cache] = concerns
        return cache

    def drop(self, change: Change = EVERYTHING) -> None:
        """`change` of `source` committed: nothing cached from before that it concerns may
        be used again."""
        if change == NOTHING:
            return
        for cache, concerns in list(self._caches.items()):
            if change.everything:
                cache.clear()
            else:
                cache.drop(_changed(change, concerns))

    def _applied(self, position: str, change: Change | None) -> None:
        """Everything up to `position` is applied; `change` is what its new events changed,
        and goes. Never backwards. None: the position was reached without reading the
        events before it (the stream's end when following begins), so everything goes if it
        moved, and nothing if it was applied already (several followers of one feed in a
        test process read the same stream)."""
        moved = newer(position, self.position)
        if moved:
            self.position = position
        if change is None:
            change = EVERYTHING if moved else NOTHING
        self.drop(change)

    def _change_of(self, entries: Iterable[Any]) -> Change:
        change = NOTHING
        for _entry_id, fields in entries:
            try:
                change |= self.changes(fields)
            except Exception:  # an event it cannot read may have changed anything
                log.warning("%s change feed: unreadable event", self.source, exc_info=True)
                return EVERYTHING
        return change

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
                        self._applied(last_id, None)
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
                        self._applied(last_id, self._change_of(entries))
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
