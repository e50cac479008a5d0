"""A local OpenAI-compatible model for the runs' streaming scenario (`bench.runs`):
`python -m bench.model_server --port P [--chunks 40] [--interval-ms 50]`.

`POST /v1/chat/completions` with `"stream": true` answers in OpenAI's Chat Completions
wire format, as the agents worker's `openai` SDK reads it: a first chunk with the role,
`--chunks` content chunks paced every `--interval-ms`, a chunk with `finish_reason`, the
usage chunk (`stream_options.include_usage`) and `data: [DONE]`. Each content chunk is
one word, `t=<time.time_ns()> `, stamped just before the chunk is handed to the server:
the SSE client at the far end (`bench.streams`, same machine, same clock) reads the stamp
back out of the `message.delta` event and knows how long the chunk took to reach it.

Every request is held before its first chunk until `POST /bench/go`: the client opens all
its event streams first, so that no chunk is emitted before someone listens (it would be
read from the run's history, not live). `GET /bench/held` says how many requests wait; a
go releases them, and the next requests wait for the next go (one batch per load level).
After the go, each stream starts at a random point within one interval, so that fifty
streams' chunks do not all land in the same instant (a worst case no real traffic has).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import time
import uuid
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

STAMP = "t="  # a content word: "t=<ns since the epoch> "


@dataclass
class Pacing:
    chunks: int
    interval: float  # seconds between two content chunks of one stream
    held: int = 0  # requests waiting for the next go
    gate: asyncio.Event = field(default_factory=asyncio.Event)  # the next go opens it


def app(pacing: Pacing) -> Starlette:
    async def completions(request: Request) -> Response:
        body = await request.json()
        if not body.get("stream"):
            return JSONResponse({"error": {"message": "only streaming is served"}}, 400)
        pacing.held += 1
        stream = _stream(pacing, pacing.gate, str(body.get("model", "")))
        return StreamingResponse(stream, media_type="text/event-stream")

    async def held(request: Request) -> Response:
        return JSONResponse({"held": pacing.held})

    async def go(request: Request) -> Response:
        released, pacing.held = pacing.held, 0
        pacing.gate.set()
        pacing.gate = asyncio.Event()
        return JSONResponse({"released": released})

    return Starlette(
        routes=[
            Route("/v1/chat/completions", completions, methods=["POST"]),
            Route("/bench/held", held),
            Route("/bench/go", go, methods=["POST"]),
        ]
    )


async def _stream(pacing: Pacing, gate: asyncio.Event, model: str) -> AsyncIterator[bytes]:
    chunk = _Chunks(f"chatcmpl-bench-{uuid.uuid4().hex[:12]}", model, int(time.time()))
    await gate.wait()
    yield chunk.frame([_choice({"role": "assistant", "content": ""})])
    loop = asyncio.get_running_loop()
    start = loop.time() + random.uniform(0, pacing.interval)
    for n in range(pacing.chunks):
        # An absolute schedule: a late wake-up does not delay every later chunk.
        await asyncio.sleep(max(0.0, start + n * pacing.interval - loop.time()))
        yield chunk.frame([_choice({"content": f"{STAMP}{time.time_ns()} "})])
    yield chunk.frame([_choice({}, "stop")])
    usage = {"prompt_tokens": 10, "completion_tokens": pacing.chunks,
             "total_tokens": 10 + pacing.chunks}  # fmt: skip
    yield chunk.frame([], usage)
    yield b"data: [DONE]\n\n"


@dataclass(frozen=True)
class _Chunks:
    id: str
    model: str
    created: int

    def frame(self, choices: list[dict[str, Any]], usage: dict[str, int] | None = None) -> bytes:
        chunk = {"id": self.id, "object": "chat.completion.chunk", "created": self.created,
                 "model": self.model, "choices": choices, "usage": usage}  # fmt: skip
        return f"data: {json.dumps(chunk, separators=(',', ':'))}\n\n".encode()


def _choice(delta: dict[str, str], finish_reason: str | None = None) -> dict[str, Any]:
    return {"index": 0, "delta": delta, "finish_reason": finish_reason}


def main(argv: Sequence[str] | None = None) -> None:
    import uvicorn

    parser = argparse.ArgumentParser(prog="python -m bench.model_server", description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--chunks", type=int, default=40)
    parser.add_argument("--interval-ms", type=float, default=50.0)
    args = parser.parse_args(argv)
    pacing = Pacing(args.chunks, args.interval_ms / 1000.0)
    uvicorn.run(app(pacing), host="127.0.0.1", port=args.port, log_level="warning",
                access_log=False)  # fmt: skip


if __name__ == "__main__":
    main()
