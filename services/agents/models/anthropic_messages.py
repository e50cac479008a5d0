"""Claude models behind Anthropic's Messages API, streamed.

The conversation is reshaped the way Anthropic wants it: system messages become the
`system` prompt, an assistant's tool calls `tool_use` blocks, and tool results `tool_result`
blocks of a user message (consecutive results in one message, as the API expects). The
raw event stream is read directly (`messages.create(stream=True)`): text deltas pass
straight through, each tool_use block's `input_json_delta` fragments are joined and
parsed at the end. Usage follows `Usage`'s convention: input counts cached tokens too.

`Settings.temperature` and `top_p` are not sent: the Messages API of the pinned SDK
(anthropic 2.16) has no sampling parameters, and recent Claude models refuse `temperature`
with a 400. `max_tokens` (default 1024, the API requires one) and `stop` are sent.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import anthropic
import httpx2
from anthropic.types import (
    InputJSONDelta,
    RawContentBlockDeltaEvent,
    RawContentBlockStartEvent,
    RawMessageDeltaEvent,
    RawMessageStartEvent,
    RawMessageStopEvent,
    RawMessageStreamEvent,
    ToolUseBlock,
)
from anthropic.types import TextDelta as AnthropicTextDelta

from services.agents.models.base import (
    Finished,
    Message,
    ModelError,
    ModelEvent,
    ModelRequest,
    TextDelta,
    ToolCall,
    Usage,
    parse_arguments,
)
from services.agents.models.errors import status_error, timed_out, unavailable

DEFAULT_MAX_TOKENS = 1024  # the API requires a limit
_USAGE_KEYS = (
    "input_tokens",
    "output_tokens",
    "cache_read_input_tokens",
    "cache_creation_input_tokens",
)
# The HTTP status each error type comes with (the API's error documentation).
_STREAM_ERRORS = {
    "invalid_request_error": 400,
    "authentication_error": 401,
    "permission_error": 403,
    "not_found_error": 404,
    "rate_limit_error": 429,
    "api_error": 500,
    "overloaded_error": 529,
}
_STOP = {"max_tokens": "length", "tool_use": "tool_calls", "refusal": "content_filter"}


class AnthropicProvider:
    """One Anthropic endpoint. The key lives only inside the SDK client."""

    def __init__(self, name: str, base_url: str, api_key: str) -> None:
        self.name = name
        self.base_url = base_url
        self._client = anthropic.AsyncAnthropic(base_url=base_url, api_key=api_key, max_retries=0)

    def __repr__(self) -> str:
        return f"AnthropicProvider(name={self.name!r}, base_url={self.base_url!r})"

    async def aclose(self) -> None:
        await self._client.close()

    async def stream(self, request: ModelRequest) -> AsyncIterator[ModelEvent]:
        deadline = asyncio.get_running_loop().time() + request.timeout_seconds
        turn = _Turn()
        try:
            async with asyncio.timeout_at(deadline):
                events = await self._client.messages.create(
                    model=request.model, stream=True, **_params(request)
                )
            async with events:
                while not turn.stopped:
                    # The deadline is checked per event, never across a yield to the caller.
                    async with asyncio.timeout_at(deadline):
                        event = await anext(events, None)
                    if event is None:
                        break
                    text = turn.add(event)
                    if text:
                        yield TextDelta(text)
        except anthropic.APIError as err:
            raise self._error(err) from err
        except httpx2.TimeoutException as err:
            raise timed_out(self.name) from err
        except httpx2.HTTPError as err:  # a connection lost mid-stream reaches us raw
            raise unavailable(self.name, f"connection lost: {type(err).__name__}") from err
        except TimeoutError as err:
            raise timed_out(self.name, request.timeout_seconds) from err
        yield turn.finished(self.name)

    def _error(self, err: anthropic.APIError) -> ModelError:
        if isinstance(err, anthropic.APIStatusError):
            detail = err.api_message or err.message
            # An `error` event mid-stream arrives on a 200 response: its type tells.
            status = (
                err.status_code
                if err.status_code >= 400
                else _STREAM_ERRORS.get(err.type or "", 500)
            )
            return status_error(self.name, status, detail, err.response.headers)
        if isinstance(err, anthropic.APITimeoutError):
            return timed_out(self.name)
        return unavailable(self.name, err.message)


def _params(request: ModelRequest) -> dict[str, Any]:
    settings = request.settings
    system = "\n\n".join(m.content for m in request.messages if m.role == "system")
    params: dict[str, Any] = {
        "messages": _messages(request.messages),
        "max_tokens": settings.max_tokens or DEFAULT_MAX_TOKENS,
        "system": system or None,
        "stop_sequences": list(settings.stop) or None,
        "timeout": request.timeout_seconds,
        "extra_headers": {"Idempotency-Key": request.idempotency_key}
        if request.idempotency_key
        else None,
    }
    if request.tools:
        params["tools"] = [
            {"name": t.name, "description": t.description, "input_schema": t.parameters}
            for t in request.tools
        ]
    return {key: value for key, value in params.items() if value is not None}


def _messages(messages: tuple[Message, ...]) -> list[dict[str, Any]]:
    shaped: list[dict[str, Any]] = []
    for message in messages:
        if message.role == "system":
            continue
        if message.role == "tool":
            block = {
                "type": "tool_result",
                "tool_use_id": message.tool_call_id,
                "content": message.content,
            }
            if shaped and shaped[-1].get("_results"):
                shaped[-1]["content"].append(block)
            else:
                shaped.append({"role": "user", "content": [block], "_results": True})
        elif message.role == "assistant":
            shaped.append({"role": "assistant", "content": _assistant_blocks(message)})
        else:
            shaped.append({"role": "user", "content": message.content})
    return [{k: v for k, v in m.items() if k != "_results"} for m in shaped]


def _assistant_blocks(message: Message) -> list[dict[str, Any]]:
    # The API refuses empty text blocks.
    blocks = [{"type": "text", "text": message.content}] if message.content else []
    return blocks + [
        {"type": "tool_use", "id": c.id, "name": c.name, "input": c.arguments}
        for c in message.tool_calls
    ]


@dataclass
class _Turn:
    """What the events of one answer add up to: blocks by index, stop reason, usage."""

    text: list[str] = field(default_factory=list)
    tools: dict[int, ToolUseBlock] = field(default_factory=dict)
    inputs: dict[int, list[str]] = field(default_factory=dict)
    stop_reason: str | None = None
    usage: dict[str, int] = field(default_factory=dict)
    stopped: bool = False

    def add(self, event: RawMessageStreamEvent) -> str:
        """Take in one event; return its new text."""
        if isinstance(event, RawMessageStartEvent):
            self._count(event.message.usage.model_dump())
        elif isinstance(event, RawContentBlockStartEvent):
            if isinstance(event.content_block, ToolUseBlock):
                self.tools[event.index] = event.content_block
                self.inputs[event.index] = []
        elif isinstance(event, RawContentBlockDeltaEvent):
            return self._delta(event)
        elif isinstance(event, RawMessageDeltaEvent):
            self.stop_reason = event.delta.stop_reason or self.stop_reason
            self._count(event.usage.model_dump())
        elif isinstance(event, RawMessageStopEvent):
            self.stopped = True
        return ""

    def _delta(self, event: RawContentBlockDeltaEvent) -> str:
        if isinstance(event.delta, AnthropicTextDelta):
            self.text.append(event.delta.text)
            return event.delta.text
        if isinstance(event.delta, InputJSONDelta) and event.index in self.inputs:
            self.inputs[event.index].append(event.delta.partial_json)
        return ""

    def _count(self, usage: dict[str, Any]) -> None:
        """message_delta's counts are cumulative: the latest non-null value wins."""
        for key in _USAGE_KEYS:
            if isinstance(usage.get(key), int):
                self.usage[key] = usage[key]

    def finished(self, provider: str) -> Finished:
        if not self.stopped:
            raise unavailable(provider, "the stream ended before the model finished")
        calls = tuple(self._call(index) for index in sorted(self.tools))
        reason = _STOP.get(self.stop_reason or "", "stop")
        message = Message("assistant", "".join(self.text), tool_calls=calls)
        return Finished(message, reason, self._usage())

    def _call(self, index: int) -> ToolCall:
        block, fragments = self.tools[index], self.inputs[index]
        start = block.input if isinstance(block.input, dict) else {}
        arguments = parse_arguments(fragments) if "".join(fragments).strip() else dict(start)
        return ToolCall(block.id, block.name, arguments)

    def _usage(self) -> Usage:
        cached = self.usage.get("cache_read_input_tokens", 0)
        written = self.usage.get("cache_creation_input_tokens", 0)
        return Usage(
            input_tokens=self.usage.get("input_tokens", 0) + cached + written,
            output_tokens=self.usage.get("output_tokens", 0),
            cached_input_tokens=cached,
        )
