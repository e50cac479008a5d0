"""A real MCP server (the `mcp` SDK's MCPServer over streamable HTTP) for the agents' tool tests.

It runs under uvicorn in a background thread on 127.0.0.1, on a socket bound to port 0 before
the server starts (no free-port race). Its tools are the ones the tests need to observe the
client's behaviour from the server's side: `record` counts calls per key and keeps the `_meta`
each call carried, so a test can assert a call arrived exactly once and with its idempotency key.

`serve_asgi` is the same runner for any ASGI app (the tests' plain HTTP server uses it too).
"""

from __future__ import annotations

import asyncio
import socket
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ToolError

from tests.support.net import wait_until


@contextmanager
def serve_asgi(app: Any, host: str = "127.0.0.1") -> Iterator[int]:
    """Serve `app` with uvicorn in a thread; yields the port. Stops the server on exit."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, 0))
    port = int(sock.getsockname()[1])
    config = uvicorn.Config(app, log_level="warning", lifespan="on", timeout_graceful_shutdown=1)
    server = uvicorn.Server(config)
    thread = threading.Thread(
        target=lambda: asyncio.run(server.serve(sockets=[sock])), name="asgi", daemon=True
    )
    thread.start()
    try:
        wait_until(lambda: server.started or not thread.is_alive(), what="the ASGI server")
        if not server.started:
            raise RuntimeError("the ASGI server did not start")
        yield port
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@dataclass
class McpTestServer:
    """What the server saw: `record` calls per key, and the `_meta` of each `record` call."""

    url: str = ""
    records: Counter[str] = field(default_factory=Counter)
    metas: list[dict[str, Any]] = field(default_factory=list)


def build_server(seen: McpTestServer) -> MCPServer:
    """The MCP server with the tests' tools, writing what it sees into `seen`."""
    server = MCPServer("keel-test-tools")

    @server.tool()
    def add(a: int, b: int) -> int:
        """Add two integers."""
        return a + b

    @server.tool()
    def echo(text: str) -> str:
        """Return the text unchanged."""
        return text

    @server.tool()
    def record(key: str, ctx: Context) -> str:
        """Count one call for `key` (tests assert a side effect happened exactly once)."""
        seen.records[key] += 1
        seen.metas.append(dict(ctx.request_context.meta or {}))
        return f"recorded {key}"

    @server.tool()
    async def sleep(seconds: float) -> str:
        """Answer after `seconds` (for the client's timeouts)."""
        await asyncio.sleep(seconds)
        return "awake"

    @server.tool()
    def fail() -> str:
        """Always fails: the result comes back with isError set."""
        raise ToolError("this tool always fails")

    return server


@contextmanager
def mcp_server() -> Iterator[McpTestServer]:
    """Run the test MCP server; `.url` is `http://127.0.0.1:PORT/mcp`."""
    seen = McpTestServer()
    app = build_server(seen).streamable_http_app()
    with serve_asgi(app) as port:
        seen.url = f"http://127.0.0.1:{port}/mcp"
        yield seen
