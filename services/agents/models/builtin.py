"""Keel's built-in model (provider "keel", model "keel-builtin"): deterministic, no key.

It is not a language model. It exists so that the whole product, runs and tools included,
works on a machine with no provider configured, and so that tests know the answer. Its
rules, looking at the conversation's last user message and what follows it:

1. `call <tool>` in the last user message, optionally followed on the same line by a JSON
   object (`call http_request {"url": "https://example.com"}`), where `<tool>` is offered
   and no tool result follows that message yet: it calls that tool with those arguments
   (none: `{}`; not valid JSON: `{"_raw": "<the text>"}`, as the providers do).
2. Otherwise, the word "time" in the last user message, `current_time` offered and no
   tool result after that message yet: it calls `current_time` with `{}`.
3. The last message is a tool result: "The <tool> tool returned: <content>" (the content
   cut to 200 characters, "…" marking the cut); one line per trailing tool result.
4. Otherwise: "You said: <the last user message>".

A tool call's id is "call_" + 12 hex digits of a SHA-256 of the conversation, so the same
conversation gives the same id; its finish reason is "tool_calls", a text answer's "stop".
Text streams one word at a time (each word with the whitespace after it), with
`chunk_delay` seconds between words (0 by default; tests of streaming and cancelling use it).

Usage is counted in words, not tokens: input = the whitespace-separated words of every
message's content plus, for an assistant's tool calls, the words of each call's JSON
(`{"name": ..., "arguments": ...}`); output = the words of the answer, or of its tool
calls' JSON. Cached input is always 0.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import re
from collections.abc import AsyncIterator
from typing import Any

from services.agents.models.base import (
    Finished,
    Message,
    ModelError,
    ModelEvent,
    ModelRequest,
    TextDelta,
    ToolCall,
    Usage,
)

BUILTIN_PROVIDER = "keel"
BUILTIN_MODEL = "keel-builtin"
TIME_TOOL = "current_time"
RESULT_LIMIT = 200

_CALL = re.compile(r"\bcall\s+([A-Za-z0-9_.\-]+)[ \t]*([^\n]*)")
_TIME = re.compile(r"\btime\b", re.IGNORECASE)
_WORD = re.compile(r"\s*\S+\s*|\s+")


class BuiltinModel:
    """The deterministic model; see the module docstring for its rules."""

    name = BUILTIN_PROVIDER

    def __init__(self, chunk_delay: float = 0.0) -> None:
        self.chunk_delay = chunk_delay

    def __repr__(self) -> str:
        return f"BuiltinModel(chunk_delay={self.chunk_delay})"

    async def stream(self, request: ModelRequest) -> AsyncIterator[ModelEvent]:
        if request.model != BUILTIN_MODEL:
            raise ModelError(
                f"keel: no model {request.model!r} (the built-in model is {BUILTIN_MODEL!r})",
                reason="UNKNOWN_MODEL",
                retryable=False,
            )
        message = answer(request)
        for index, chunk in enumerate(_WORD.findall(message.content)):
            if index and self.chunk_delay:
                await asyncio.sleep(self.chunk_delay)
            yield TextDelta(chunk)
        usage = Usage(
            input_tokens=sum(map(_words, request.messages)), output_tokens=_words(message)
        )
        yield Finished(message, "tool_calls" if message.tool_calls else "stop", usage)


def answer(request: ModelRequest) -> Message:
    """The whole assistant message the rules give for this conversation."""
    messages = request.messages
    offered = {tool.name for tool in request.tools}
    last_user = next((i for i in reversed(range(len(messages))) if messages[i].role == "user"), -1)
    said = messages[last_user].content if last_user >= 0 else ""
    answered = any(m.role == "tool" for m in messages[last_user + 1 :])
    if messages and messages[-1].role == "tool":
        return Message("assistant", _tool_results(messages))
    if last_user >= 0 and not answered:
        call = _requested_call(said, offered)
        if call is None and TIME_TOOL in offered and _TIME.search(said):
            call = (TIME_TOOL, {})
        if call is not None:
            name, arguments = call
            return Message("assistant", tool_calls=(ToolCall(_call_id(messages), name, arguments),))
    return Message("assistant", f"You said: {said}")


def _requested_call(text: str, offered: set[str]) -> tuple[str, dict[str, Any]] | None:
    for match in _CALL.finditer(text):
        if match.group(1) in offered:
            return match.group(1), _arguments(match.group(2).strip())
    return None


def _arguments(rest: str) -> dict[str, Any]:
    if not rest.startswith("{"):
        return {}
    try:
        value, _ = json.JSONDecoder().raw_decode(rest)
    except json.JSONDecodeError:
        return {"_raw": rest}
    return value if isinstance(value, dict) else {"_raw": rest}


def _tool_results(messages: tuple[Message, ...]) -> str:
    trailing: list[Message] = []
    for message in reversed(messages):
        if message.role != "tool":
            break
        trailing.insert(0, message)
    return "\n".join(
        f"The {_tool_name(m, messages)} tool returned: {_cut(m.content)}" for m in trailing
    )


def _tool_name(result: Message, messages: tuple[Message, ...]) -> str:
    if result.name:
        return result.name
    calls = (call for m in messages for call in m.tool_calls if call.id == result.tool_call_id)
    return next((call.name for call in calls), "unknown")


def _cut(content: str) -> str:
    return content if len(content) <= RESULT_LIMIT else content[:RESULT_LIMIT] + "…"


def _call_id(messages: tuple[Message, ...]) -> str:
    seen = [
        [m.role, m.content, m.tool_call_id, [_call_json(c) for c in m.tool_calls]] for m in messages
    ]
    digest = hashlib.sha256(json.dumps(seen, sort_keys=True).encode()).hexdigest()
    return "call_" + digest[:12]


def _call_json(call: ToolCall) -> str:
    return json.dumps({"name": call.name, "arguments": call.arguments}, sort_keys=True)


def _words(message: Message) -> int:
    texts = [message.content, *map(_call_json, message.tool_calls)]
    return sum(len(text.split()) for text in texts)
