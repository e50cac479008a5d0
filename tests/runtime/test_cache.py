"""Cached answers live until their owner's next change, and never while changes could be
missed; a change feed knows how far it has read (`keel_runtime.cache`, against a real
Redis)."""

from __future__ import annotations

import asyncio
import contextlib
import functools
from collections.abc import AsyncIterator

import pytest
import redis.asyncio as redis

from deploy.embedded.redis import EmbeddedRedis
from keel.identity.v1 import authorization_pb2
from keel_runtime.authz import Authorizer
from keel_runtime.cache import ChangeFeed, FactCache, latest, newer, position_key
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


def test_positions_compare_as_ms_then_seq_pairs():
    assert position_key("1700000000123-4") == (1700000000123, 4)
    # Numbers, not text: "10-0" comes after "9-5", "5-10" after "5-9".
    assert newer("10-0", "9-5") and newer("5-10", "5-9")
    assert not newer("5-9", "5-9")
    # "" (nothing read yet) comes before every entry, even an empty stream's "0-0".
    assert newer("0-0", "") and not newer("", "0-0")
    assert latest("5-10", "", "10-0", "9-5") == "10-0"
    assert latest() == ""
    for malformed in ("12", "a-1", "1-b", "1-2-3", " 1-2"):
        with pytest.raises(ValueError):
            position_key(malformed)


async def test_a_value_the_cache_may_not_keep_is_returned_all_the_same():
    cache = FactCache(60, keep=lambda value: value != "refused")
    assert await cache.get(("a",), lambda: asyncio.sleep(0, "refused")) == "refused"
    assert ("a",) not in cache
    assert await cache.get_many([("b",), ("c",)], lambda keys: _values("ok", "refused")) == [
        "ok",
        "refused",
    ]
    assert ("b",) in cache and ("c",) not in cache


async def _values(*values: str) -> list[str]:
    return list(values)


async def _add(client: redis.Redis, stream: str, body: bytes) -> str:
    """Relay an entry to `stream`; its id."""
    entry_id = await client.xadd(stream, {"envelope": body})
    return entry_id.decode() if isinstance(entry_id, bytes) else entry_id


async def test_the_feed_position_is_the_newest_entry_it_applied(redis_server: EmbeddedRedis):
    client = redis.Redis.from_url(redis_server.url)
    feed = ChangeFeed(f"test-position-{free_port()}")
    end = await _add(client, feed.stream, b"before")
    cache = feed.track(FactCache(60))
    try:
        assert feed.position == ""
        async with following(feed, client):
            assert await _until(lambda: feed.live)
            assert feed.position == end  # the stream's end when it began
            await cache.get(("k",), Loads())
            # A second follower of the same feed (as in a test process) moves nothing.
            async with following(feed, client):
                await asyncio.sleep(0.2)
                assert ("k",) in cache and feed.position == end
            new = await _add(client, feed.stream, b"new")
            assert await _until(lambda: feed.position == new)
            assert newer(new, end) and ("k",) not in cache
    finally:
        await client.delete(feed.stream)
        await client.aclose()


async def test_an_answer_older_than_the_feed_is_used_but_not_kept(redis_server: EmbeddedRedis):
    """`authz` keeps an answer only if it reflects every identity change this process has
    seen when it arrives (identity says which: `position`)."""
    client = redis.Redis.from_url(redis_server.url)
    feed = ChangeFeed(f"test-answers-{free_port()}")
    old = await _add(client, feed.stream, b"old")
    authorizer = Authorizer(feed=feed)
    allowed = authorization_pb2.Verdict.VERDICT_ALLOWED

    async def answer(position: str) -> authorization_pb2.CheckPermissionResponse:
        return authorization_pb2.CheckPermissionResponse(verdict=allowed, position=position)

    try:
        async with following(feed, client):
            assert await _until(lambda: feed.live)
            new = await _add(client, feed.stream, b"new")
            assert await _until(lambda: feed.position == new)
            later = "99999999999999-0"
            for position, kept in (("", False), (old, False), (new, True), (later, True)):
                key = ("caller", position)
                used = await authorizer.answers.get(key, functools.partial(answer, position))
                assert (used.verdict, used.position) == (allowed, position)
                assert (key in authorizer.answers) is kept, position
    finally:
        await client.delete(feed.stream)
        await client.aclose()
