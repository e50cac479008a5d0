"""Retries as httpx transports, under every call the client makes.

- 429 (RESOURCE_EXHAUSTED, a rate limit): the request was refused, not carried out, so it
  is sent again whatever its method, after the answer's `Retry-After` (the backoff when it
  has none); a `Retry-After` beyond `max_wait` is not waited for: the 429 is the answer.
- 503 (UNAVAILABLE, after the gateway's own retries) and a connection that could not be
  made: sent again only for idempotent methods (GET, HEAD, OPTIONS, PUT, DELETE), after an
  exponential backoff with full jitter. A POST may have been carried out; it is not repeated.
- At most `attempts` sends in all; then the last answer is returned as it is.
"""

from __future__ import annotations

import asyncio
import random
import time
from dataclasses import dataclass, field

import httpx

from keel_client.errors import retry_after_seconds

IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
UNAVAILABLE = "14"  # the grpc-status of UNAVAILABLE


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to retry. `attempts` counts the first send."""

    attempts: int = 4
    backoff: float = 0.25  # the first retry's longest wait, doubled each retry
    max_backoff: float = 8.0
    max_wait: float = 30.0  # the longest Retry-After waited for
    idempotent_methods: frozenset[str] = IDEMPOTENT
    jitter: random.Random = field(default_factory=random.Random, compare=False, repr=False)

    def delay(self, method: str, retry: int, response: httpx.Response | None) -> float | None:
        """The wait before retry number `retry` (1, 2, …) of a request that got `response`
        (None: no connection), or None when it is not retried."""
        if retry >= self.attempts:
            return None
        backoff = self.jitter.uniform(0, min(self.max_backoff, self.backoff * 2 ** (retry - 1)))
        if response is not None and response.status_code == 429:
            hint = retry_after_seconds(response.headers.get("retry-after"))
            if hint is None:
                return backoff
            return hint if hint <= self.max_wait else None
        if method.upper() not in self.idempotent_methods:
            return None
        if response is None or response.status_code == 503:
            return backoff
        if response.headers.get("grpc-status") == UNAVAILABLE and response.status_code >= 500:
            return backoff
        return None


NO_RETRY = RetryPolicy(attempts=1)


class RetryTransport(httpx.BaseTransport):
    """An httpx transport that retries as `policy` says, over `inner`."""

    def __init__(self, policy: RetryPolicy, inner: httpx.BaseTransport | None = None) -> None:
        self.policy = policy
        self.inner = inner or httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        retry = 0
        while True:
            retry += 1
            try:
                response = self.inner.handle_request(request)
            except httpx.ConnectError:
                wait = self.policy.delay(request.method, retry, None)
                if wait is None:
                    raise
            else:
                wait = self.policy.delay(request.method, retry, response)
                if wait is None:
                    return response
                response.read()
                response.close()
            time.sleep(wait)

    def close(self) -> None:
        self.inner.close()


class AsyncRetryTransport(httpx.AsyncBaseTransport):
    """The same for httpx.AsyncClient."""

    def __init__(self, policy: RetryPolicy, inner: httpx.AsyncBaseTransport | None = None) -> None:
        self.policy = policy
        self.inner = inner or httpx.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        retry = 0
        while True:
            retry += 1
            try:
                response = await self.inner.handle_async_request(request)
            except httpx.ConnectError:
                wait = self.policy.delay(request.method, retry, None)
                if wait is None:
                    raise
            else:
                wait = self.policy.delay(request.method, retry, response)
                if wait is None:
                    return response
                await response.aread()
                await response.aclose()
            await asyncio.sleep(wait)

    async def aclose(self) -> None:
        await self.inner.aclose()
