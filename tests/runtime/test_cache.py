"""Cached answers live until their owner's next change, and never while changes could be
missed (`keel_runtime.cache`, against a real Redis)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

import pytest
import redis.asyncio as redis

from deploy.embedded.redis import EmbeddedRedis
from keel_runtime.cache import ChangeFeed, FactCache
from tests.support.net import free_port


class Loads:
    """A loader that counts its calls and answers with the count."""

    def __init__(self) -> None:
        self.count = 0

    async def __call__(self) -> int:
        self.count += 1
        return self.count


async def _until(condition, seconds: float = 5.0) -> bool:
    for _ in range(int(seconds / 0.02)):
        if condition():
            return True
        await asyncio.sleep(0.02)
    return condition()


@contextlib.asynccontextmanager
async def following(feed: ChangeFeed, client: redis.Redis) -> AsyncIterator[asyncio.Task[None]]:
    task = asyncio.create_task(feed.follow(client))
    try:
        yield task
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def test_an_answer_is_kept_until_the_ttl_or_the_time_it_stops_being_true():
    cache = FactCache(60, lifetime=lambda value: 0.05 if value == "expiring" else None)
    loads = Loads()
    assert await cache.get(("a",), loads) == 1
    assert await cache.get(("a",), loads) == 1  # kept
    assert await cache.get(("b",), lambda: asyncio.sleep(0, "expiring")) == "expiring"
    assert ("b",) in cache
    await asyncio.sleep(0.06)
    assert ("b",) not in cache  # its own end came before the cache's ttl
    assert ("a",) in cache
    # An answer already untrue when it arrives is not kept at all.
    past = FactCache(60, lifetime=lambda value: -1.0)
    await past.get(("c",), loads)
    assert ("c",) not in past


async def test_a_value_loaded_across_a_change_is_not_kept():
    cache = FactCache(60)

    async def load_while_changing() -> str:
        cache.clear()  # the change commits while the answer is on its way
        return "stale"

    assert await cache.get(("k",), load_while_changing) == "stale"
    assert ("k",) not in cache


async def test_many_answers_load_only_the_missing_ones_in_one_call():
    cache = FactCache(60)
    asked: list[list[tuple[str, ...]]] = []

    async def load(missing: list[tuple[str, ...]]) -> list[str]:
        asked.append(missing)
        return [f"{key[0]}@{len(asked)}" for key in missing]

    assert await cache.get_many([("a",), ("b",)], load) == ["a@1", "b@1"]
    # Kept ones come from the cache, the rest in one call, each once, in the order asked.
    assert await cache.get_many([("c",), ("a",), ("c",), ("d",)], load) == [
        "c@2",
        "a@1",
        "c@2",
        "d@2",
    ]
    assert asked == [[("a",), ("b",)], [("c",), ("d",)]]

    async def load_while_changing(missing: list[tuple[str, ...]]) -> list[str]:
        cache.clear()
        return ["stale"] * len(missing)

    assert await cache.get_many([("e",)], load_while_changing) == ["stale"]
    assert ("e",) not in cache


async def test_any_event_of_the_source_drops_the_tracked_caches(redis_server: EmbeddedRedis):
    client = redis.Redis.from_url(redis_server.url)
    feed = ChangeFeed(f"test-source-{free_port()}")
    cache = feed.track(FactCache(60))
    untracked = FactCache(60)
    loads = Loads()
    try:
        assert not feed.live  # nobody follows yet: callers must not trust a cache
        async with following(feed, client):
            assert await _until(lambda: feed.live)
            await cache.get(("k",), loads)
            await untracked.get(("k",), loads)
            await client.xadd(feed.stream, {"envelope": b"x"})
            assert await _until(lambda: ("k",) not in cache)
            assert ("k",) in untracked
            # Events keep coming: the feed reads on from where it was.
            await cache.get(("k",), loads)
            await client.xadd(feed.stream, {"envelope": b"y"})
            assert await _until(lambda: ("k",) not in cache)
        assert not feed.live
    finally:
        await client.delete(feed.stream)
        await client.aclose()


async def test_without_redis_the_feed_is_not_live_and_drops_what_is_kept():
    port = free_port()  # nothing listens there
    client = redis.Redis.from_url(f"redis://127.0.0.1:{port}/0", socket_connect_timeout=0.2)
    feed = ChangeFeed("test-unreachable")
    cache = feed.track(FactCache(60))
    await cache.get(("k",), Loads())
    try:
        async with following(feed, client):
            assert await _until(lambda: ("k",) not in cache)
            assert not feed.live
    finally:
        await client.aclose()


@pytest.mark.parametrize("first_entries", [0, 2])
async def test_the_feed_starts_at_the_newest_entry(redis_server: EmbeddedRedis, first_entries: int):
    """Entries relayed before the feed started are not changes to it (its caches were
    empty then); every entry after its start is, from the first read on."""
    client = redis.Redis.from_url(redis_server.url)
    feed = ChangeFeed(f"test-start-{free_port()}")
    for i in range(first_entries):
        await client.xadd(feed.stream, {"envelope": str(i).encode()})
    cache = feed.track(FactCache(60))
    try:
        async with following(feed, client):
            assert await _until(lambda: feed.live)
            await cache.get(("k",), Loads())
            await asyncio.sleep(0.2)
            assert ("k",) in cache
            await client.xadd(feed.stream, {"envelope": b"new"})
            assert await _until(lambda: ("k",) not in cache)
    finally:
        await client.delete(feed.stream)
        await client.aclose()
