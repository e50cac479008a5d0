"""Models behind OpenAI's Chat Completions API, streamed.

The same wire format serves OpenAI, Gemini's OpenAI-compatible endpoint, Ollama and vLLM,
so one class covers them all; only `base_url` and the key differ. `max_tokens` is sent as
`max_tokens` (what every one of them accepts), tool-call fragments are put back together by
their index, and usage comes from the final chunk (`stream_options.include_usage`).

The SDK makes the request (its client, key, headers and errors), but the stream's events
are read from its raw response (`with_streaming_response`) as JSON: building the SDK's
pydantic model of every chunk was ~40 % of a streaming worker's event loop at 50 streams
(one `isinstance` against a runtime-checkable protocol per model object alone ~28 %;
`bench/README.md`, streaming).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any, cast

import openai
from openai.types.chat import ChatCompletionMessageParam

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

# Local servers (Ollama, vLLM) want no key, but the SDK refuses to start without one.
_NO_KEY = "no-key"
_FINISH = {"stop": "stop", "length": "length", "content_filter": "content_filter"}


class OpenAIChatProvider:
    """One OpenAI-compatible endpoint. The key lives only inside the SDK client."""

    def __init__(self, name: str, base_url: str, api_key: str, *, max_retries_sdk: int = 0):
        self.name = name
        self.base_url = base_url
        self._client = openai.AsyncOpenAI(
            base_url=base_url, api_key=api_key or _NO_KEY, max_retries=max_retries_sdk
        )

    def __repr__(self) -> str:
        return f"OpenAIChatProvider(name={self.name!r}, base_url={self.base_url!r})"

    async def aclose(self) -> None:
        await self._client.close()

    async def stream(self, request: ModelRequest) -> AsyncIterator[ModelEvent]:
        deadline = asyncio.get_running_loop().time() + request.timeout_seconds
        turn = _Turn()
        try:
            async with contextlib.AsyncExitStack() as stack:
                async with asyncio.timeout_at(deadline):
                    response = await stack.enter_async_context(
                        self._client.chat.completions.with_streaming_response.create(
                            model=request.model,
                            messages=cast("list[ChatCompletionMessageParam]", _messages(request)),
                            stream=True,
                            stream_options={"include_usage": True},
                            timeout=request.timeout_seconds,
                            **_options(request),
                        )
                    )
                events = _events(response.iter_lines())
                while True:
                    # The deadline is checked per chunk, never across a yield to the caller.
                    async with asyncio.timeout_at(deadline):
                        chunk = await anext(events, None)
                    if chunk is None:
                        break
                    if "error" in chunk:  # an error reported inside the stream
                        raise unavailable(self.name, _error_message(chunk["error"]))
                    text = turn.add(chunk)
                    if text:
                        yield TextDelta(text)
        except openai.APIError as err:
            raise self._error(err) from err
        except TimeoutError as err:
            raise timed_out(self.name, request.timeout_seconds) from err
        except json.JSONDecodeError as err:
            raise unavailable(self.name, "the stream sent an event that is not JSON") from err
        yield turn.finished(self.name)

    def _error(self, err: openai.APIError) -> ModelError:
        if isinstance(err, openai.APIStatusError):
            return status_error(self.name, err.status_code, err.message, err.response.headers)
        if isinstance(err, openai.APITimeoutError):
            return timed_out(self.name)
        return unavailable(self.name, err.message)


async def _events(lines: AsyncIterator[str]) -> AsyncIterator[dict[str, Any]]:
    """Server-sent events' data as JSON, until `[DONE]` (a blank line ends an event; its
    `data:` lines join with newlines; comments and other fields are skipped)."""
    data: list[str] = []
    async for line in lines:
        if line.startswith("data:"):
            data.append(line[5:].removeprefix(" "))
            continue
        if line or not data:
            continue
        joined, data = "\n".join(data), []
        if joined == "[DONE]":
            return
        yield json.loads(joined)
    if data and (joined := "\n".join(data)) != "[DONE]":
        yield json.loads(joined)


def _error_message(error: Any) -> str:
    if isinstance(error, dict):
        return str(error.get("message") or error)
    return str(error)


def _options(request: ModelRequest) -> dict[str, Any]:
    """The optional parameters, only those set: servers differ on what they accept."""
    settings = request.settings
    options: dict[str, Any] = {
        "temperature": settings.temperature,
        "max_tokens": settings.max_tokens,
        "top_p": settings.top_p,
        "stop": list(settings.stop) or None,
        "extra_headers": {"Idempotency-Key": request.idempotency_key}
        if request.idempotency_key
        else None,
    }
    if request.tools:
        options["tools"] = [
            {
                "type": "function",
                "function": {
                    "name": t.name,
                    "description": t.description,
                    "parameters": t.parameters,
                },
            }
            for t in request.tools
        ]
    return {key: value for key, value in options.items() if value is not None}


def _messages(request: ModelRequest) -> list[dict[str, Any]]:
    return [_message(m) for m in request.messages]


def _message(message: Message) -> dict[str, Any]:
    if message.role == "tool":
        return {"role": "tool", "tool_call_id": message.tool_call_id, "content": message.content}
    if message.role == "assistant" and message.tool_calls:
        return {
            "role": "assistant",
            "content": message.content or None,
            "tool_calls": [_call(call) for call in message.tool_calls],
        }
    return {"role": message.role, "content": message.content}


def _call(call: ToolCall) -> dict[str, Any]:
    raw = call.arguments.get("_raw") if set(call.arguments) == {"_raw"} else None
    arguments = raw if isinstance(raw, str) else json.dumps(call.arguments)
    return {
        "id": call.id,
        "type": "function",
        "function": {"name": call.name, "arguments": arguments},
    }


@dataclass
class _PartialCall:
    id: str = ""
    name: str = ""
    arguments: list[str] = field(default_factory=list)

    def complete(self, position: int) -> ToolCall:
        return ToolCall(self.id or f"call_{position}", self.name, parse_arguments(self.arguments))


@dataclass
class _Turn:
    """What the chunks of one answer add up to."""

    text: list[str] = field(default_factory=list)
    calls: dict[int, _PartialCall] = field(default_factory=dict)
    finish_reason: str | None = None
    usage: Usage = field(default_factory=Usage)

    def add(self, chunk: dict[str, Any]) -> str:
        """Take in one chunk (Chat Completions' JSON); return its new text."""
        if chunk.get("usage"):
            self.usage = _usage(chunk["usage"])
        new = ""
        for choice in chunk.get("choices") or ():
            if choice.get("index", 0) != 0:
                continue
            delta = choice.get("delta") or {}
            new += delta.get("content") or ""
            for fragment in delta.get("tool_calls") or ():
                self._add_call(fragment)
            self.finish_reason = choice.get("finish_reason") or self.finish_reason
        self.text.append(new)
        return new

    def _add_call(self, fragment: dict[str, Any]) -> None:
        index = fragment.get("index")
        if not isinstance(index, int):  # servers that omit it send each call whole
            index = len(self.calls)
        partial = self.calls.setdefault(index, _PartialCall())
        partial.id = fragment.get("id") or partial.id
        function = fragment.get("function")
        if function is not None:
            partial.name = function.get("name") or partial.name
            partial.arguments.append(function.get("arguments") or "")

    def finished(self, provider: str) -> Finished:
        if self.finish_reason is None:
            raise unavailable(provider, "the stream ended before the model finished")
        calls = tuple(self.calls[i].complete(n) for n, i in enumerate(sorted(self.calls)))
        reason = _FINISH.get(self.finish_reason, "stop")
        if calls and reason == "stop":  # some servers say "stop" after tool calls
            reason = "tool_calls"
        message = Message("assistant", "".join(self.text), tool_calls=calls)
        return Finished(message, reason, self.usage)


def _usage(usage: dict[str, Any]) -> Usage:
    details = usage.get("prompt_tokens_details") or {}
    cached = details.get("cached_tokens") or 0
    return Usage(usage.get("prompt_tokens") or 0, usage.get("completion_tokens") or 0, cached)
