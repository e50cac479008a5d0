"""The GCRA rate limiter against a real Redis (the session's embedded server)."""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import AsyncIterator

import pytest
import redis.asyncio as redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff

from keel_runtime import rate_limits
from keel_runtime.errors import Unavailable
from keel_runtime.rate_limits import Limit, RateLimiter
from tests.support.net import free_port

PREFIX = "keel:billing:rate"


@pytest.fixture
async def client(redis_server) -> AsyncIterator[redis.Redis]:
    client = redis.Redis.from_url(redis_server.url)
    yield client
    await client.aclose()


@pytest.fixture
async def unreachable() -> AsyncIterator[redis.Redis]:
    """A client of a port nothing listens on, without retries (they only add time)."""
    client = redis.Redis(
        host="127.0.0.1", port=free_port(), retry=Retry(NoBackoff(), 0), socket_connect_timeout=1
    )
    yield client
    await client.aclose()


def name(what: str = "runs:hour") -> str:
    return f"org:{uuid.uuid4()}:{what}"


async def test_allows_the_whole_limit_at_once_then_refuses_with_the_time_to_wait(client):
    limiter = RateLimiter(client)
    limit = Limit(name(), limit=10, period_seconds=60)

    decisions = [await limiter.hit([limit]) for _ in range(10)]
    assert all(d.allowed for d in decisions)
    assert [d.remaining for d in decisions] == [(left,) for left in range(9, -1, -1)]
    assert all(d.retry_after_seconds == 0 and not d.degraded for d in decisions)

    refused = await limiter.hit([limit])
    assert not refused.allowed
    assert refused.remaining == (0,)
    # One request per period/limit = 6 s; a little of it has passed already.
    assert 5.0 < refused.retry_after_seconds <= 6.0


async def test_cost_counts_as_that_many_requests(client):
    limiter = RateLimiter(client)
    limit = Limit(name(), limit=10, period_seconds=60)

    assert (await limiter.hit([limit], cost=7)).remaining == (3,)
    refused = await limiter.hit([limit], cost=4)
    assert not refused.allowed
    assert refused.remaining == (3,)
    assert 5.0 < refused.retry_after_seconds <= 6.0  # one more interval frees the 4th
    assert (await limiter.hit([limit], cost=3)).remaining == (0,)


async def test_a_cost_above_the_limit_or_below_one_is_a_programming_error(client):
    limiter = RateLimiter(client)
    limit = Limit(name(), limit=3, period_seconds=60)
    with pytest.raises(ValueError, match="never be allowed"):
        await limiter.hit([limit], cost=4)
    with pytest.raises(ValueError, match="at least 1"):
        await limiter.hit([limit], cost=0)
    with pytest.raises(ValueError, match="twice"):
        await limiter.hit([limit, limit])


def test_limits_are_validated():
    with pytest.raises(ValueError):
        Limit("x", limit=0, period_seconds=60)
    with pytest.raises(ValueError):
        Limit("x", limit=1, period_seconds=0)
    with pytest.raises(ValueError):
        Limit("", limit=1, period_seconds=60)


async def test_peek_does_not_consume(client):
    limiter = RateLimiter(client)
    limit = Limit(name(), limit=2, period_seconds=60)

    fresh = await limiter.peek([limit])
    assert fresh.allowed and fresh.remaining == (2,) and fresh.retry_after_seconds == 0
    assert (await limiter.peek([limit])).remaining == (2,)

    await limiter.hit([limit])
    assert (await limiter.peek([limit])).remaining == (1,)
    await limiter.hit([limit])

    exhausted = await limiter.peek([limit])
    assert not exhausted.allowed and exhausted.remaining == (0,)
    assert 29.0 < exhausted.retry_after_seconds <= 30.0
    assert not (await limiter.hit([limit])).allowed


async def test_several_limits_are_all_or_nothing(client):
    limiter = RateLimiter(client)
    org = uuid.uuid4()
    per_minute = Limit(f"org:{org}:question_generation:minute", limit=10, period_seconds=60)
    per_day = Limit(f"org:{org}:question_generation:day", limit=3, period_seconds=86_400)

    for left in (2, 1, 0):
        decision = await limiter.hit([per_minute, per_day])
        assert decision.allowed and decision.remaining == (7 + left, left)

    refused = await limiter.hit([per_minute, per_day])
    assert not refused.allowed
    # The day refused; the minute was not consumed by the refused hit.
    assert refused.remaining == (7, 0)
    assert 28_700 < refused.retry_after_seconds <= 28_800  # a day / 3
    assert (await limiter.peek([per_minute])).remaining == (7,)
    # The minute alone still has room.
    assert (await limiter.hit([per_minute])).remaining == (6,)


async def test_the_largest_wait_among_refusing_limits_is_reported(client):
    limiter = RateLimiter(client)
    short = Limit(name("a:minute"), limit=1, period_seconds=60)
    long = Limit(name("a:hour"), limit=1, period_seconds=3600)
    await limiter.hit([short, long])
    refused = await limiter.hit([short, long])
    assert not refused.allowed
    assert 3590 < refused.retry_after_seconds <= 3600


async def test_names_are_independent(client):
    limiter = RateLimiter(client)
    first, second = Limit(name(), 1, 60), Limit(name(), 1, 60)
    assert (await limiter.hit([first])).allowed
    assert not (await limiter.hit([first])).allowed
    assert (await limiter.hit([second])).allowed
    # Another prefix is another namespace.
    assert (await RateLimiter(client, prefix="keel:test:other").hit([first])).allowed


async def test_concurrent_hits_allow_exactly_the_limit(client):
    limiter = RateLimiter(client)
    limit = Limit(name(), limit=10, period_seconds=60)
    decisions = await asyncio.gather(*(limiter.hit([limit]) for _ in range(64)))
    assert sum(d.allowed for d in decisions) == 10
    assert sorted(d.remaining[0] for d in decisions if d.allowed) == list(range(10))


async def test_requests_are_allowed_again_after_waiting(client):
    limiter = RateLimiter(client)
    # One every 2 s, burst 2: an interval long enough that a slow machine's pauses between
    # the calls (up to a second) change no answer.
    limit = Limit(name(), limit=2, period_seconds=4)
    assert (await limiter.hit([limit])).allowed
    assert (await limiter.hit([limit])).allowed
    refused = await limiter.hit([limit])
    assert not refused.allowed
    assert 1.0 < refused.retry_after_seconds <= 2.0  # the interval, less the time gone by

    await asyncio.sleep(refused.retry_after_seconds + 0.05)  # the time it said to wait
    again = await limiter.hit([limit])
    assert again.allowed and again.remaining == (0,)  # one request's room, no more
    assert not (await limiter.hit([limit])).allowed


async def test_keys_expire_once_idle_for_their_period(client):
    limiter = RateLimiter(client)
    limit = Limit(name(), limit=4, period_seconds=60)
    key = f"{PREFIX}:{limit.name}"

    await limiter.hit([limit])
    assert 14_000 < await client.pttl(key) <= 15_000  # one interval consumed
    for _ in range(3):
        await limiter.hit([limit])
    assert 59_000 < await client.pttl(key) <= 60_000  # the whole period consumed

    peeked = Limit(name(), limit=4, period_seconds=60)
    await limiter.peek([peeked])
    assert not await client.exists(f"{PREFIX}:{peeked.name}")


async def test_the_tat_is_stored_exactly_in_microseconds(client):
    limiter = RateLimiter(client)
    limit = Limit(name(), limit=3, period_seconds=7)  # interval 2_333_333 µs
    await limiter.hit([limit])
    seconds, micros = await client.time()
    stored = int(await client.get(f"{PREFIX}:{limit.name}"))
    assert 0 < stored - (seconds * 1_000_000 + micros) <= 2_333_333


async def test_fail_open_allows_and_warns_once(unreachable, caplog, monkeypatch):
    limiter = RateLimiter(unreachable)
    limit = Limit(name(), limit=5, period_seconds=60)
    caplog.set_level(logging.WARNING, logger=rate_limits.__name__)

    first = await limiter.hit([limit])
    second = await limiter.hit([limit], cost=2)
    peeked = await limiter.peek([limit])
    assert first.allowed and first.degraded and first.remaining == (4,)
    assert second.allowed and second.degraded and second.remaining == (3,)
    assert peeked.allowed and peeked.degraded and peeked.remaining == (5,)
    warnings = [r for r in caplog.records if r.name == rate_limits.__name__]
    assert len(warnings) == 1
    assert warnings[0].levelno == logging.WARNING

    # Ten seconds on, the next failure is logged again, with the count it held back.
    later = rate_limits.monotonic() + rate_limits.WARNING_INTERVAL_SECONDS + 1
    monkeypatch.setattr(rate_limits, "monotonic", lambda: later)
    assert (await limiter.hit([limit])).degraded
    warnings = [r for r in caplog.records if r.name == rate_limits.__name__]
    assert len(warnings) == 2
    assert warnings[1].suppressed_warnings == 2


async def test_fail_closed_raises_unavailable(unreachable):
    limiter = RateLimiter(unreachable, fail_open=False)
    with pytest.raises(Unavailable) as raised:
        await limiter.hit([Limit(name(), limit=5, period_seconds=60)])
    assert raised.value.reason == "RATE_LIMITER_UNAVAILABLE"
    with pytest.raises(Unavailable):
        await limiter.peek([Limit(name(), limit=5, period_seconds=60)])


async def test_no_limits_is_allowed_without_asking_redis(unreachable):
    decision = await RateLimiter(unreachable, fail_open=False).hit([])
    assert decision.allowed and decision.remaining == () and not decision.degraded


async def test_a_flushed_script_cache_is_reloaded(client):
    limiter = RateLimiter(client)
    limit = Limit(name(), limit=2, period_seconds=60)
    await limiter.hit([limit])
    await client.script_flush()
    assert (await limiter.hit([limit])).remaining == (0,)
