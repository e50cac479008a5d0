"""The SSE clients of the runs' streaming scenario (`bench.runs`), in a process of their
own so that their CPU shows apart from the bench's: `python -m bench.streams ...`.

Starts `--streams` runs through the gateway at once (each must be accepted: 200), opens
each run's `GET /v1/runs/{id}/events`, and once every stream has its first event and the
local model (`bench.model_server`) holds every run's model call, lets the model go. For
every `message.delta` it reads, each `t=<ns>` stamp in the text (one per model chunk; the
worker may have joined several) gives one latency: the time the client read the event's
`data:` line less the time the model emitted the chunk, on the same machine clock.

Speaks `bench.billing`'s generator protocol: `measuring` once the model is let go, then
one JSON line (latency percentiles and what was checked), then waits for stdin to close.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import sys
import time
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import httpx

from bench.billing import MEASURING
from bench.loadgen import percentile

_STAMP = re.compile(r"t=(\d+)")
# How long the workers may take to call the model for every run (the bench waits 120 s
# for `measuring`: this fails first, saying why).
HOLD_SECONDS = 60.0


@dataclass
class _Stream:
    run_id: str
    subscribed: asyncio.Event = field(default_factory=asyncio.Event)
    latencies: list[float] = field(default_factory=list)  # ms, one per model chunk
    text: list[str] = field(default_factory=list)
    last_event: str = ""


async def _start(client: httpx.AsyncClient, agent: str, n: int) -> str:
    body = {"input": f"stream {n}", "budget_credits": "10"}
    response = await client.post(f"/v1/agents/{agent}/runs", json=body)
    if response.status_code != 200:
        raise RuntimeError(f"StartRun answered {response.status_code}: {response.text[:300]}")
    return str(response.json()["run"]["id"])


async def _read(gateway: str, token: str, stream: _Stream) -> None:
    """The run's events to the end; the `data:` line of each is where the time is taken.
    A plain HTTP/1.1 GET on asyncio's streams, not httpx: httpx cost ~3 times the CPU per
    event, and at 50 streams the clients' CPU competes on two cores with what is measured."""
    url = urlsplit(gateway)
    reader, writer = await asyncio.open_connection(url.hostname, url.port)
    try:
        writer.write((f"GET /v1/runs/{stream.run_id}/events HTTP/1.1\r\nHost: {url.netloc}\r\n"
                      f"Authorization: Bearer {token}\r\nAccept: text/event-stream\r\n\r\n"
                      ).encode())  # fmt: skip
        head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1")
        status = head.split(" ", 2)[1]
        if status != "200":
            raise RuntimeError(f"the events of {stream.run_id}: HTTP {status}")
        async for line in _lines(reader, "transfer-encoding: chunked" in head.lower()):
            if line.startswith(b"data:"):
                _event_read(stream, line, time.time_ns())
    finally:
        stream.subscribed.set()  # a failed stream must not keep the others waiting
        writer.close()


def _event_read(stream: _Stream, line: bytes, read_ns: int) -> None:
    event = json.loads(line[5:])
    stream.subscribed.set()
    stream.last_event = str(event.get("type", ""))
    if stream.last_event == "message.delta":
        text = str(event["data"].get("text", ""))
        stream.text.append(text)
        stream.latencies += [(read_ns - int(t)) / 1e6 for t in _STAMP.findall(text)]


async def _lines(reader: asyncio.StreamReader, chunked: bool) -> AsyncIterator[bytes]:
    """The body's lines as they arrive (chunked transfer decoded), to its end."""
    if not chunked:
        while line := await reader.readline():
            yield line.rstrip(b"\r\n")
        return
    pending = b""
    while size := int((await reader.readline()).split(b";")[0], 16):
        pending += (await reader.readexactly(size + 2))[:-2]
        *lines, pending = pending.split(b"\n")
        for line in lines:
            yield line


async def _let_go(
    model: httpx.AsyncClient, streams: Sequence[_Stream], readers: Sequence[asyncio.Task[None]]
) -> None:
    """Once the model holds a call of every run (the workers have them all); a clear
    error when a run ends first (a worker that failed it) or the calls do not come."""
    deadline = time.monotonic() + HOLD_SECONDS
    while True:  # polled: the model is another process
        held = (await model.get("/bench/held")).json()["held"]
        if held >= len(streams):
            break
        ended = [s for s, reader in zip(streams, readers, strict=True) if reader.done()]
        if ended:
            last = ended[0].last_event or "its stream failed"
            raise RuntimeError(f"run {ended[0].run_id} ended ({last}) before its model call")
        if time.monotonic() > deadline:
            raise RuntimeError(f"the model got {held} of {len(streams)} calls in "
                               f"{HOLD_SECONDS:.0f}s: are the workers running?")  # fmt: skip
        await asyncio.sleep(0.05)
    await model.post("/bench/go")


async def _check(client: httpx.AsyncClient, streams: Sequence[_Stream], chunks: int) -> list[str]:
    """Every run completed, its output what its deltas said, every chunk read once."""
    problems = []
    for s in streams:
        run = (await client.get(f"/v1/runs/{s.run_id}")).json()["run"]
        text = "".join(s.text)
        if run["status"] != "RUN_STATUS_COMPLETED" or s.last_event != "run.completed":
            problems.append(f"run {s.run_id}: {run['status']}, last event {s.last_event}")
        elif run["output"] != text or len(s.latencies) != chunks:
            problems.append(f"run {s.run_id}: {len(s.latencies)} of {chunks} chunks read, "
                            f"output {'=' if run['output'] == text else '!='} deltas")  # fmt: skip
    return problems


async def _main(args: argparse.Namespace) -> dict[str, Any]:
    limits = httpx.Limits(max_connections=2 * args.streams + 8)
    headers = {"Authorization": f"Bearer {args.token}"}
    async with (
        httpx.AsyncClient(base_url=args.gateway, headers=headers, limits=limits) as client,
        httpx.AsyncClient(base_url=args.model) as model,
    ):
        ids = await asyncio.gather(*(_start(client, args.agent, n) for n in range(args.streams)))
        streams = [_Stream(run_id) for run_id in ids]
        readers = [asyncio.create_task(_read(args.gateway, args.token, s)) for s in streams]
        async with asyncio.timeout(args.timeout):
            await asyncio.gather(*(s.subscribed.wait() for s in streams))
            await _let_go(model, streams, readers)
            print(MEASURING, flush=True)
            start = time.perf_counter()
            await asyncio.gather(*readers)
        seconds = time.perf_counter() - start
        problems = await _check(client, streams, args.chunks)
    latencies = [ms for s in streams for ms in s.latencies]
    return {
        "streams": args.streams, "chunks": len(latencies),
        "expected_chunks": args.streams * args.chunks, "seconds": seconds,
        "p50_ms": percentile(latencies, 50), "p90_ms": percentile(latencies, 90),
        "p99_ms": percentile(latencies, 99), "max_ms": max(latencies, default=0.0),
        "problems": problems,
    }  # fmt: skip


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.streams", description=__doc__)
    parser.add_argument("--gateway", required=True, help="the gateway's http:// URL")
    parser.add_argument("--token", required=True, help="an access token that may run the agent")
    parser.add_argument("--agent", required=True, help="the agent's id")
    parser.add_argument("--model", required=True, help="bench.model_server's http:// URL")
    parser.add_argument("--streams", type=int, default=50)
    parser.add_argument("--chunks", type=int, default=40, help="content chunks per answer")
    parser.add_argument("--timeout", type=float, default=120.0)
    args = parser.parse_args(argv)
    print(json.dumps(asyncio.run(_main(args))), flush=True)
    sys.stdin.read()  # until the bench has read our CPU time and closes our stdin


if __name__ == "__main__":
    main()
