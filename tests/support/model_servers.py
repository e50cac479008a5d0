"""Local model servers speaking the real wire formats, for the provider tests.

Tests cannot reach OpenAI or Anthropic, so the real `openai` and `anthropic` SDKs are
pointed here: `OpenAIServer` answers `POST /v1/chat/completions` (base_url `<url>/v1`) and
`AnthropicServer` `POST /v1/messages` (base_url `<url>`) with Server-Sent Events shaped as
the vendors document and stream them: OpenAI's `chat.completion.chunk`s (tool-call id and
name first, arguments in fragments, usage in a last chunk with no choices, `[DONE]`) and
Anthropic's typed events (`message_start` ... `message_stop`), and errors in each vendor's
JSON shape. Each server runs uvicorn in a thread, records what it received (`requests`),
and answers from a script: `server.script(Reply(...), Failure(503), ...)`.
"""

from __future__ import annotations

import asyncio
import json
import re
import socket
import threading
import time
from collections import deque
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Self

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

Obj = dict[str, Any]
_WORD = re.compile(r"\s*\S+\s*|\s+")


@dataclass(frozen=True)
class Call:
    """A tool call to stream. `arguments` as a dict is sent as JSON; a str is sent as is
    (e.g. broken JSON)."""

    name: str
    arguments: Obj | str = field(default_factory=dict)
    id: str = ""

    def json_text(self) -> str:
        return self.arguments if isinstance(self.arguments, str) else json.dumps(self.arguments)


@dataclass(frozen=True)
class Failure:
    """An HTTP error answer (or, as `Reply.then_fail`, an error event mid-stream)."""

    status: int
    message: str = "scripted failure"
    error_type: str = ""  # the vendor's error type; by default the one for `status`
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Reply:
    """A streamed answer: text word by word, then tool calls, then the finish and usage."""

    text: str = ""
    calls: tuple[Call, ...] = ()
    finish: str = ""  # the wire's own value; by default stop/tool_calls (end_turn/tool_use)
    input_tokens: int = 11
    output_tokens: int = 7
    cached_tokens: int = 0
    pieces: int = 3  # fragments per tool call's arguments
    chunk_delay: float = 0.0
    then_fail: Failure | None = None  # an error event after the text, instead of the end


@dataclass(frozen=True)
class Received:
    body: Obj
    headers: dict[str, str]  # lower-case names


class _ScriptedServer:
    """uvicorn in a thread on a free port, answering `path` from a queue of replies."""

    path = ""

    def __init__(self) -> None:
        self.replies: deque[Reply | Failure] = deque()
        self.requests: list[Received] = []
        self.url = ""
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    def script(self, *replies: Reply | Failure) -> None:
        self.replies.extend(replies)

    def reset(self) -> None:
        self.replies.clear()
        self.requests.clear()

    def __enter__(self) -> Self:
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{sock.getsockname()[1]}"
        app = Starlette(routes=[Route(self.path, self._handle, methods=["POST"])])
        config = uvicorn.Config(
            app, log_level="warning", lifespan="off", access_log=False, timeout_graceful_shutdown=1
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [sock]}, daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError(f"{type(self).__name__} did not start")
            time.sleep(0.01)
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        assert self._server is not None and self._thread is not None
        self._server.should_exit = True
        self._thread.join(timeout=10)

    async def _handle(self, request: Request) -> Response:
        body = await request.json()
        self.requests.append(Received(body, dict(request.headers)))
        reply = self.replies.popleft() if self.replies else Failure(400, "no reply scripted")
        if isinstance(reply, Failure):
            return JSONResponse(self.error_body(reply), reply.status, headers=reply.headers)
        stream = _paced(self.events(reply, body), reply.chunk_delay)
        return StreamingResponse(stream, media_type="text/event-stream")

    def error_body(self, failure: Failure) -> Obj:
        raise NotImplementedError

    def events(self, reply: Reply, body: Obj) -> Iterator[str]:
        raise NotImplementedError


async def _paced(events: Iterator[str], delay: float) -> AsyncIterator[str]:
    for event in events:
        yield event
        if delay:
            await asyncio.sleep(delay)


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _fragments(text: str, pieces: int) -> list[str]:
    size = max(1, -(-len(text) // max(pieces, 1)))
    return [text[i : i + size] for i in range(0, len(text), size)]


_OPENAI_ERRORS = {400: "invalid_request_error", 401: "invalid_request_error", 429: "requests"}


class OpenAIServer(_ScriptedServer):
    """OpenAI's Chat Completions, streamed (`stream: true`)."""

    path = "/v1/chat/completions"

    def error_body(self, failure: Failure) -> Obj:
        kind = failure.error_type or _OPENAI_ERRORS.get(failure.status, "server_error")
        return {"error": {"message": failure.message, "type": kind, "param": None, "code": None}}

    def events(self, reply: Reply, body: Obj) -> Iterator[str]:
        with_usage = bool((body.get("stream_options") or {}).get("include_usage"))
        head = {
            "id": f"chatcmpl-{len(self.requests)}",
            "object": "chat.completion.chunk",
            "created": int(time.time()),
            "model": body.get("model", ""),
            "system_fingerprint": "fp_keel_test",
        }

        def chunk(delta: Obj, finish: str | None = None) -> str:
            choice = {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}
            return _data({**head, "choices": [choice], **({"usage": None} if with_usage else {})})

        yield chunk({"role": "assistant", "content": "", "refusal": None})
        for word in _words(reply.text):
            yield chunk({"content": word})
        for index, call in enumerate(reply.calls):
            function = {"name": call.name, "arguments": ""}
            first = {"index": index, "id": call.id or f"call_{index}", "type": "function"}
            yield chunk({"tool_calls": [{**first, "function": function}]})
            for piece in _fragments(call.json_text(), reply.pieces):
                yield chunk({"tool_calls": [{"index": index, "function": {"arguments": piece}}]})
        if reply.then_fail is not None:
            yield _data(self.error_body(reply.then_fail))
            return
        yield chunk({}, reply.finish or ("tool_calls" if reply.calls else "stop"))
        if with_usage:
            yield _data({**head, "choices": [], "usage": _openai_usage(reply)})
        yield "data: [DONE]\n\n"


def _openai_usage(reply: Reply) -> Obj:
    return {
        "prompt_tokens": reply.input_tokens,
        "completion_tokens": reply.output_tokens,
        "total_tokens": reply.input_tokens + reply.output_tokens,
        "prompt_tokens_details": {"cached_tokens": reply.cached_tokens, "audio_tokens": 0},
        "completion_tokens_details": {"reasoning_tokens": 0, "audio_tokens": 0},
    }


_ANTHROPIC_ERRORS = {
    400: "invalid_request_error",
    401: "authentication_error",
    403: "permission_error",
    404: "not_found_error",
    413: "request_too_large",
    429: "rate_limit_error",
    529: "overloaded_error",
}


class AnthropicServer(_ScriptedServer):
    """Anthropic's Messages API, streamed (`stream: true`)."""

    path = "/v1/messages"

    def error_body(self, failure: Failure) -> Obj:
        kind = failure.error_type or _ANTHROPIC_ERRORS.get(failure.status, "api_error")
        error = {"type": kind, "message": failure.message}
        return {"type": "error", "error": error, "request_id": f"req_{len(self.requests)}"}

    def events(self, reply: Reply, body: Obj) -> Iterator[str]:
        usage = {
            "input_tokens": reply.input_tokens,
            "cache_creation_input_tokens": 0,
            "cache_read_input_tokens": reply.cached_tokens,
            "output_tokens": 1,
        }
        message = {
            "id": f"msg_{len(self.requests)}",
            "type": "message",
            "role": "assistant",
            "model": body.get("model", ""),
            "content": [],
            "stop_reason": None,
            "stop_sequence": None,
            "usage": usage,
        }
        yield _event("message_start", {"message": message})
        yield _event("ping", {})
        index = 0
        if reply.text:
            yield from _block(
                index,
                {"type": "text", "text": ""},
                [{"type": "text_delta", "text": word} for word in _words(reply.text)],
            )
            index += 1
        if reply.then_fail is not None:
            yield _event("error", self.error_body(reply.then_fail), typed=False)
            return
        for call in reply.calls:
            start = {"type": "tool_use", "id": call.id or f"toolu_{index}", "name": call.name}
            pieces = ["", *_fragments(call.json_text(), reply.pieces)]
            deltas = [{"type": "input_json_delta", "partial_json": p} for p in pieces]
            yield from _block(index, {**start, "input": {}}, deltas)
            index += 1
        stop = reply.finish or ("tool_use" if reply.calls else "end_turn")
        delta = {"delta": {"stop_reason": stop, "stop_sequence": None}}
        yield _event("message_delta", {**delta, "usage": {"output_tokens": reply.output_tokens}})
        yield _event("message_stop", {})


def _block(index: int, start: Obj, deltas: list[Obj]) -> Iterator[str]:
    yield _event("content_block_start", {"index": index, "content_block": start})
    for delta in deltas:
        yield _event("content_block_delta", {"index": index, "delta": delta})
    yield _event("content_block_stop", {"index": index})


def _event(name: str, data: Obj, *, typed: bool = True) -> str:
    payload = {"type": name, **data} if typed else data
    return f"event: {name}\ndata: {json.dumps(payload)}\n\n"


def _data(payload: Obj) -> str:
    return f"data: {json.dumps(payload)}\n\n"
