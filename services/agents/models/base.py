"""The one model interface the agents worker runs on, whatever the provider.

A provider turns a `ModelRequest` into a stream of events: any number of `TextDelta`s, then
exactly one `Finished` carrying the whole assistant message, its finish reason and usage.
Failures are `ModelError`s with a stable `reason` and whether trying again may help, so the
worker decides on retries without knowing any SDK.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import random
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class ToolCall:
    id: str
    name: str
    arguments: dict[str, Any]


@dataclass(frozen=True)
class Message:
    role: str  # "system" | "user" | "assistant" | "tool"
    content: str = ""
    tool_calls: tuple[ToolCall, ...] = ()
    tool_call_id: str = ""  # for role "tool": which call this answers
    name: str = ""  # for role "tool": the tool's name


@dataclass(frozen=True)
class ToolSpec:
    name: str
    description: str
    parameters: dict[str, Any]  # a JSON Schema object


@dataclass(frozen=True)
class Settings:
    temperature: float | None = None
    max_tokens: int | None = None
    top_p: float | None = None
    stop: tuple[str, ...] = ()


@dataclass(frozen=True)
class ModelRequest:
    model: str  # the provider's own model name, e.g. "gpt-4o-mini"
    messages: tuple[Message, ...]  # system message(s) first
    tools: tuple[ToolSpec, ...] = ()
    settings: Settings = field(default_factory=Settings)
    idempotency_key: str = ""  # sent as the Idempotency-Key header where the SDK allows
    timeout_seconds: float = 60.0  # for the whole call, first byte to last


@dataclass(frozen=True)
class Usage:
    """Tokens of one call. `input_tokens` counts every input token, cached ones included
    (OpenAI's convention); `cached_input_tokens` is the part read from the provider's cache."""

    input_tokens: int = 0
    output_tokens: int = 0
    cached_input_tokens: int = 0


@dataclass(frozen=True)
class TextDelta:
    text: str


@dataclass(frozen=True)
class Finished:
    message: Message  # the whole assistant message: text and complete tool calls
    finish_reason: str  # "stop" | "tool_calls" | "length" | "content_filter"
    usage: Usage


ModelEvent = TextDelta | Finished


class ModelError(Exception):
    """A model call failed. `reason` is a stable id: PROVIDER_UNAVAILABLE, RATE_LIMITED,
    BAD_REQUEST, AUTHENTICATION, TIMEOUT or UNKNOWN_MODEL. `retryable` says the same request
    may succeed later; `retry_after` is the provider's own hint in seconds."""

    def __init__(
        self,
        message: str,
        *,
        reason: str,
        retryable: bool,
        status: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.reason = reason
        self.retryable = retryable
        self.status = status
        self.retry_after = retry_after

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}({self.message!r}, reason={self.reason!r}, "
            f"retryable={self.retryable}, status={self.status})"
        )


class StreamInterrupted(ModelError):
    """The provider failed after text of this attempt had already reached the caller.

    Same reason, status and retryability as the provider's error (`__cause__`), plus the
    text delivered so far; `with_retries` never retries it, since a second attempt would
    show the user a second, different beginning. The caller decides (e.g. fail the step).
    """

    def __init__(self, cause: ModelError, delivered: str) -> None:
        super().__init__(
            f"{cause.message} (after {len(delivered)} characters were streamed)",
            reason=cause.reason,
            retryable=cause.retryable,
            status=cause.status,
            retry_after=cause.retry_after,
        )
        self.delivered = delivered


class Provider(Protocol):
    name: str

    def stream(self, request: ModelRequest) -> AsyncIterator[ModelEvent]:
        """An async generator: TextDeltas, then exactly one Finished, last."""
        ...


OnDelta = Callable[[str], Awaitable[None] | None]


async def complete(
    provider: Provider, request: ModelRequest, on_delta: OnDelta | None = None
) -> Finished:
    """Drive one stream: each text delta goes to `on_delta` (awaited if it returns an
    awaitable), and the Finished is returned. A ModelError after `on_delta` received text
    becomes `StreamInterrupted`, so `with_retries(lambda: complete(...))` is safe to use."""
    delivered: list[str] = []
    finished: Finished | None = None
    try:
        async for event in provider.stream(request):
            if isinstance(event, Finished):
                finished = event
            elif on_delta is not None:
                delivered.append(event.text)
                result = on_delta(event.text)
                if inspect.isawaitable(result):
                    await result
        if finished is None:
            raise ModelError(
                f"{provider.name}: the stream ended without a result",
                reason="PROVIDER_UNAVAILABLE",
                retryable=True,
            )
    except StreamInterrupted:
        raise
    except ModelError as err:
        if delivered:
            raise StreamInterrupted(err, "".join(delivered)) from err
        raise
    return finished


async def with_retries(
    call: Callable[[], Awaitable[T]],
    *,
    attempts: int = 3,
    base_delay: float = 0.5,
    max_delay: float = 8.0,
    sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
) -> T:
    """Run `call()` (a coroutine factory, typically `lambda: complete(...)`) up to
    `attempts` times while it raises a retryable ModelError.

    Waits the provider's `retry_after` when given, else exponential backoff with jitter;
    both capped at `max_delay`. Non-retryable errors and `StreamInterrupted` (text of the
    attempt was already delivered) are raised at once, as is the last attempt's error.
    """
    for attempt in range(1, attempts + 1):
        try:
            return await call()
        except StreamInterrupted:
            raise
        except ModelError as err:
            if not err.retryable or attempt >= attempts:
                raise
            await sleep(backoff(attempt, err.retry_after, base_delay, max_delay))
    raise ValueError("attempts must be at least 1")


def backoff(attempt: int, retry_after: float | None, base: float, cap: float) -> float:
    """Seconds to wait after failed attempt number `attempt` (1-based)."""
    if retry_after is not None:
        return min(max(retry_after, 0.0), cap)
    ceiling = min(cap, base * 2 ** (attempt - 1))
    return ceiling * random.uniform(0.5, 1.0)  # jitter: spread clients that failed together


def parse_arguments(fragments: list[str] | str) -> dict[str, Any]:
    """A tool call's JSON arguments; `{"_raw": text}` when they are not a JSON object, so
    the tool layer can report bad arguments to the model instead of the run failing."""
    raw = fragments if isinstance(fragments, str) else "".join(fragments)
    if not raw.strip():
        return {}
    try:
        value = json.loads(raw)
    except json.JSONDecodeError:
        return {"_raw": raw}
    return value if isinstance(value, dict) else {"_raw": raw}
