"""Rate limits in Redis: GCRA, checked and consumed atomically by one Lua script.

Shared by the services that limit rates (billing: the plans' limits; agents: share links),
each under its own key prefix.

Why GCRA (the generic cell rate algorithm): each limit keeps one number per key, its
*theoretical arrival time* (TAT) — when the client would be back to a full allowance.
A request of `cost` moves the TAT on by `cost` emission intervals (`period / limit`) and is
allowed while the TAT stays within one period of now. That gives a smooth rolling limit
(no fixed-window edge where twice the limit fits around a boundary), a burst of up to
`limit` for a client that has been quiet, and the exact time to wait when refused — from a
single integer per key, where a sliding-window log would keep one entry per request.

Why Lua: the check and the consumption of every limit of a call happen in one script, so
one round trip (EVALSHA) decides, no concurrent request can slip in between a check and a
write, and several limits (requests per minute *and* per day) are all-or-nothing: when one
refuses, none is consumed. The clock is Redis's (`TIME`), so replicas of a service on hosts
whose clocks disagree still share one timeline. All arithmetic is in integer microseconds,
exact in Lua's doubles (now ≈ 1.8e15 µs, far below 2^53 ≈ 9e15). Each key expires
(`PX`) when its TAT passes, i.e. once idle for at most its period: an expired key and a
fully recovered one are the same state.

When Redis cannot be reached (connection refused or lost, timeouts), the limiter fails
open by default: the request is allowed, the decision is marked `degraded`, and a WARNING
is logged at most once per 10 seconds so an outage does not flood the logs. Rate limits
protect capacity; an outage of the limiter should not become an outage of the service. With
`fail_open=False` it raises `Unavailable` (reason `RATE_LIMITER_UNAVAILABLE`) instead.
Note that the time to reach that decision is the client's: its connect timeout and retry
policy apply before the error arrives here.

Callers build `Limit`s (billing: from the plan) and ask `hit`.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from time import monotonic
from typing import Any

import redis.asyncio as redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from keel_runtime.errors import Unavailable

log = logging.getLogger(__name__)

_MICROS = 1_000_000
# Periods longer than this would bring TAT arithmetic near 2^53 µs (about 30 years).
MAX_PERIOD_SECONDS = 1_000_000_000
# At most one "Redis is unreachable" warning per this many seconds.
WARNING_INTERVAL_SECONDS = 10.0
_UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)

# KEYS[i]: the TAT (µs since the epoch, as a decimal string) of limit i.
# ARGV[1]: cost; 0 means peek (judge a cost of 1, write nothing, report the current state).
# ARGV[2i], ARGV[2i+1]: emission interval of limit i and its burst (interval * limit), in µs.
# Returns {allowed (1/0), retry after (µs, 0 when allowed), remaining of limit 1, ...}.
_GCRA = """
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
local cost = tonumber(ARGV[1])
local consume = cost > 0
if not consume then cost = 1 end
local n = #KEYS
local tats = {}
local allowed = 1
local retry = 0
for i = 1, n do
  local tat = tonumber(redis.call('GET', KEYS[i])) or now
  if tat < now then tat = now end
  tats[i] = tat
  local wait = tat + cost * tonumber(ARGV[2 * i]) - tonumber(ARGV[2 * i + 1]) - now
  if wait > 0 then
    allowed = 0
    if wait > retry then retry = wait end
  end
end
local reply = {allowed, retry}
for i = 1, n do
  local interval = tonumber(ARGV[2 * i])
  local tat = tats[i]
  if allowed == 1 and consume then
    tat = tat + cost * interval
    redis.call('SET', KEYS[i], string.format('%.0f', tat), 'PX', math.ceil((tat - now) / 1000))
  end
  local left = tonumber(ARGV[2 * i + 1]) - (tat - now)
  local remaining = 0
  if left > 0 then
    remaining = math.floor(left / interval)
    if remaining * interval > left then remaining = remaining - 1 end
  end
  reply[i + 2] = remaining
end
return reply
"""


@dataclass(frozen=True)
class Limit:
    """At most `limit` requests per `period_seconds` for one key, with a burst of `limit`."""

    name: str  # key part, e.g. "org:<uuid>:runs:hour" or "org:<uuid>:question_generation:minute"
    limit: int  # requests allowed per period (>= 1)
    period_seconds: int

    def __post_init__(self) -> None:
        if not self.name:
            raise ValueError("a rate limit needs a name")
        if self.limit < 1:
            raise ValueError(f"rate limit {self.name!r}: limit must be at least 1")
        if not 1 <= self.period_seconds <= MAX_PERIOD_SECONDS:
            raise ValueError(
                f"rate limit {self.name!r}: period must be 1 to {MAX_PERIOD_SECONDS} seconds"
            )


@dataclass(frozen=True)
class RateDecision:
    allowed: bool
    # Per limit, in order: requests left now (after this hit when allowed).
    remaining: tuple[int, ...]
    # When refused: seconds until the request would be allowed (the largest over the limits
    # that refused). 0 when allowed.
    retry_after_seconds: float
    # True when Redis could not be reached and the fail-open policy let it through.
    degraded: bool = False


class RateLimiter:
    """Checks and consumes `Limit`s in Redis; see the module docstring for the policy."""

    def __init__(
        self,
        client: redis.Redis,
        *,
        fail_open: bool = True,
        prefix: str = "keel:billing:rate",
    ) -> None:
        self.fail_open = fail_open
        self.prefix = prefix
        self._script = client.register_script(_GCRA)
        self._next_warning_at = 0.0
        self._suppressed_warnings = 0

    async def hit(self, limits: Sequence[Limit], cost: int = 1) -> RateDecision:
        """Consume `cost` from every limit, or from none when any of them refuses.

        A `cost` above a limit's `limit` could never be allowed, so it is a ValueError.
        """
        if cost < 1:
            raise ValueError("cost must be at least 1")
        for limit in limits:
            if cost > limit.limit:
                raise ValueError(
                    f"cost {cost} exceeds rate limit {limit.name!r} of {limit.limit} "
                    f"per {limit.period_seconds} s; it could never be allowed"
                )
        return await self._run(limits, cost)

    async def peek(self, limits: Sequence[Limit]) -> RateDecision:
        """Whether a hit of cost 1 would be allowed now, and what is left; consumes nothing."""
        return await self._run(limits, 0)

    async def _run(self, limits: Sequence[Limit], cost: int) -> RateDecision:
        if not limits:
            return RateDecision(allowed=True, remaining=(), retry_after_seconds=0.0)
        keys = []
        args: list[int] = [cost]
        for limit in limits:
            interval = max(1, limit.period_seconds * _MICROS // limit.limit)
            keys.append(f"{self.prefix}:{limit.name}")
            args += (interval, interval * limit.limit)
        if len(set(keys)) != len(keys):
            raise ValueError("the same rate limit name appears twice in one call")
        try:
            reply: Any = await self._script(keys=keys, args=args)
        except _UNREACHABLE as exc:
            return self._unreachable(limits, cost, exc)
        allowed, retry_us, *remaining = (int(value) for value in reply)
        return RateDecision(
            allowed=allowed == 1,
            remaining=tuple(remaining),
            retry_after_seconds=retry_us / _MICROS,
        )

    def _unreachable(self, limits: Sequence[Limit], cost: int, exc: Exception) -> RateDecision:
        if not self.fail_open:
            raise Unavailable(
                "rate limits cannot be checked right now", reason="RATE_LIMITER_UNAVAILABLE"
            ) from exc
        now = monotonic()
        if now >= self._next_warning_at:
            log.warning(
                "rate limiter: Redis unreachable, allowing requests unchecked (fail-open)",
                extra={
                    "error": f"{type(exc).__name__}: {exc}",
                    "suppressed_warnings": self._suppressed_warnings,
                },
            )
            self._next_warning_at = now + WARNING_INTERVAL_SECONDS
            self._suppressed_warnings = 0
        else:
            self._suppressed_warnings += 1
        # The real state is unknown; report what a client with a full allowance would see.
        return RateDecision(
            allowed=True,
            remaining=tuple(max(0, limit.limit - cost) for limit in limits),
            retry_after_seconds=0.0,
            degraded=True,
        )
