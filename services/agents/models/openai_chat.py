"""Models behind OpenAI's Chat Completions API, streamed.

The same wire format serves OpenAI, Gemini's OpenAI-compatible endpoint, Ollama and vLLM,
so one class covers them all; only `base_url` and the key differ. `max_tokens` is sent as
`max_tokens` (what every one of them accepts), tool-call fragments are put back together by
their index, and usage comes from the final chunk (`stream_options.include_usage`).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any, cast

import openai
from openai.types.chat import ChatCompletionChunk, ChatCompletionMessageParam
from openai.types.chat.chat_completion_chunk import ChoiceDeltaToolCall
from openai.types.completion_usage import CompletionUsage

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
            async with asyncio.timeout_at(deadline):
                chunks = await self._client.chat.completions.create(
                    model=request.model,
                    messages=cast("list[ChatCompletionMessageParam]", _messages(request)),
                    stream=True,
                    stream_options={"include_usage": True},
                    timeout=request.timeout_seconds,
                    **_options(request),
                )
            async with chunks:
                while True:
                    # The deadline is checked per chunk, never across a yield to the caller.
                    async with asyncio.timeout_at(deadline):
                        chunk = await anext(chunks, None)
                    if chunk is None:
                        break
                    text = turn.add(chunk)
                    if text:
                        yield TextDelta(text)
        except openai.APIError as err:
            raise self._error(err) from err
        except TimeoutError as err:
            raise timed_out(self.name, request.timeout_seconds) from err
        yield turn.finished(self.name)

    def _error(self, err: openai.APIError) -> ModelError:
        if isinstance(err, openai.APIStatusError):
            return status_error(self.name, err.status_code, err.message, err.response.headers)
        if isinstance(err, openai.APITimeoutError):
            return timed_out(self.name)
        return unavailable(self.name, err.message)


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

    def add(self, chunk: ChatCompletionChunk) -> str:
        """Take in one chunk; return its new text."""
        if chunk.usage is not None:
            self.usage = _usage(chunk.usage)
        new = ""
        for choice in chunk.choices:
            if choice.index != 0:
                continue
            new += choice.delta.content or ""
            for fragment in choice.delta.tool_calls or ():
                self._add_call(fragment)
            self.finish_reason = choice.finish_reason or self.finish_reason
        self.text.append(new)
        return new

    def _add_call(self, fragment: ChoiceDeltaToolCall) -> None:
        index = getattr(fragment, "index", None)
        if not isinstance(index, int):  # servers that omit it send each call whole
            index = len(self.calls)
        partial = self.calls.setdefault(index, _PartialCall())
        partial.id = fragment.id or partial.id
        if fragment.function is not None:
            partial.name = fragment.function.name or partial.name
            partial.arguments.append(fragment.function.arguments or "")

    def finished(self, provider: str) -> Finished:
        if self.finish_reason is None:
            raise unavailable(provider, "the stream ended before the model finished")
        calls = tuple(self.calls[i].complete(n) for n, i in enumerate(sorted(self.calls)))
        reason = _FINISH.get(self.finish_reason, "stop")
        if calls and reason == "stop":  # some servers say "stop" after tool calls
            reason = "tool_calls"
        message = Message("assistant", "".join(self.text), tool_calls=calls)
        return Finished(message, reason, self.usage)


def _usage(usage: CompletionUsage) -> Usage:
    details = usage.prompt_tokens_details
    cached = (details.cached_tokens or 0) if details is not None else 0
    return Usage(usage.prompt_tokens or 0, usage.completion_tokens or 0, cached)
