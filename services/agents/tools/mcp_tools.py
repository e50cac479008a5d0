"""Tools from an agent's MCP servers (streamable HTTP, the `mcp` SDK's client).

`load_mcp_tools` connects once to list a server's tools (an unreachable server raises
MCP_UNAVAILABLE there: the toolbox is built at the start of a run, and a run should fail
visibly, or be retried, rather than silently lose tools). Each call then opens its own
connection: nothing lives between calls, so a call works from any worker process and a dropped
connection cannot poison the next one. The SDK's `Client` negotiates the protocol era
(`server/discover`, else the `initialize` handshake) over `ClientSession`.

The server's URL meets the same address rules as http_request (network.py): checked before
connecting, and every connection dials only checked addresses. Calls carry the run's
idempotency key in the request's `_meta` (`idempotency_key`), so a server can drop a retry.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, cast

import anyio
import httpx2
import mcp_types
from mcp import Client, MCPError
from mcp.client.streamable_http import streamable_http_client

from services.agents.tools.base import (
    TOOL_NAME,
    Tool,
    ToolError,
    ToolResult,
    ToolSpec,
    bounded,
    settings_flag,
)
from services.agents.tools.network import GuardedTransport2, resolve_checked

IDEMPOTENCY_META_KEY = "idempotency_key"
MAX_OUTPUT_CHARS = 64 * 1024
_MAX_PAGES = 10
_CLIENT = mcp_types.Implementation(name="keel-agents", version="1")
_UNSAFE_NAME_CHARS = re.compile(r"[^a-zA-Z0-9_-]")


@dataclass(frozen=True)
class McpServerConfig:
    """One entry of an agent config's `mcp_servers`."""

    name: str
    url: str
    allowed_tools: tuple[str, ...] = ()
    requires_approval: bool = False

    @classmethod
    def parse(cls, config: Any) -> McpServerConfig:
        """Validated; a wrong value is a ValueError (the config is at fault)."""
        if not isinstance(config, dict):
            raise ValueError("mcp_servers: each entry must be an object")
        name, url = config.get("name"), config.get("url")
        if not isinstance(name, str) or not TOOL_NAME.match(name) or "__" in name:
            raise ValueError(f"mcp_servers: bad server name {name!r}")
        if not isinstance(url, str) or not url.startswith(("https://", "http://")):
            raise ValueError(f"mcp_servers[{name}]: url must be http(s)")
        try:
            if not httpx2.URL(url).host:
                raise ValueError(f"mcp_servers[{name}]: url has no host")
        except httpx2.InvalidURL as exc:
            raise ValueError(f"mcp_servers[{name}]: url is not a URL") from exc
        allowed = config.get("allowed_tools") or []
        if not isinstance(allowed, list) or not all(isinstance(tool, str) for tool in allowed):
            raise ValueError(f"mcp_servers[{name}]: allowed_tools must be a list of names")
        flag = settings_flag(config, "requires_approval", where=f"mcp_servers[{name}]")
        return cls(name, url, tuple(allowed), flag)


def offered_name(server: str, tool: str) -> str:
    """`<server>__<tool>`, within the providers' name rules: other characters become `_`, and
    a name too long ends in a hash of the original instead (so two tools never collide)."""
    name = f"{server}__{_UNSAFE_NAME_CHARS.sub('_', tool)}"
    if len(name) <= 64 and name == f"{server}__{tool}":
        return name
    digest = hashlib.sha256(f"{server}/{tool}".encode()).hexdigest()[:8]
    return f"{name[:55]}_{digest}"


class McpTool:
    """One tool of an MCP server, as offered to the model."""

    def __init__(
        self, server: McpServerConfig, tool: mcp_types.Tool, *, allow_private: bool
    ) -> None:
        description = tool.description or tool.title or tool.name
        self.spec = ToolSpec(
            name=offered_name(server.name, tool.name),
            description=bounded(f"({server.name}) {description}", 1024),
            parameters=dict(tool.input_schema),
        )
        self.requires_approval = server.requires_approval
        self.remote_name = tool.name
        self._server = server
        self._allow_private = allow_private

    async def call(
        self, arguments: dict[str, Any], *, idempotency_key: str, timeout_seconds: float
    ) -> ToolResult:
        # `_meta` is an open map (a TypedDict with extra_items, which mypy does not know yet).
        meta = cast(mcp_types.RequestParamsMeta, {IDEMPOTENCY_META_KEY: idempotency_key})
        try:
            with anyio.fail_after(timeout_seconds):
                async with _connect(self._server, timeout_seconds, self._allow_private) as client:
                    result = await client.call_tool(self.remote_name, arguments, meta=meta)
        except Exception as exc:
            raise _failure(exc, self._server, calling=True) from exc
        return _result(result)


async def load_mcp_tools(
    server_config: dict[str, Any],
    *,
    timeout_seconds: float = 10.0,
    allow_private_addresses: bool = False,
) -> list[Tool]:
    """The server's tools this agent may use (`allowed_tools`; empty: all of them; names the
    server does not have are ignored). Raises ValueError for a bad config, ToolError
    MCP_UNAVAILABLE when the server cannot be reached, PRIVATE_ADDRESS for an internal URL."""
    server = McpServerConfig.parse(server_config)
    url = httpx2.URL(server.url)
    port = url.port or (443 if url.scheme == "https" else 80)
    await resolve_checked(url.raw_host.decode("ascii"), port, allow_private=allow_private_addresses)
    try:
        with anyio.fail_after(timeout_seconds):
            async with _connect(server, timeout_seconds, allow_private_addresses) as client:
                listed = await _list_tools(client)
    except Exception as exc:
        raise _failure(exc, server, calling=False) from exc
    allowed = set(server.allowed_tools)
    return [
        McpTool(server, tool, allow_private=allow_private_addresses)
        for tool in listed
        if not allowed or tool.name in allowed
    ]


@asynccontextmanager
async def _connect(
    server: McpServerConfig, timeout_seconds: float, allow_private: bool
) -> AsyncIterator[Client]:
    transport = GuardedTransport2(allow_private=allow_private)
    async with httpx2.AsyncClient(
        transport=transport, timeout=httpx2.Timeout(timeout_seconds), trust_env=False
    ) as http:
        streams = streamable_http_client(server.url, http_client=http)
        async with Client(
            streams, read_timeout_seconds=timeout_seconds, client_info=_CLIENT, cache=None
        ) as client:
            yield client


async def _list_tools(client: Client) -> list[mcp_types.Tool]:
    tools: list[mcp_types.Tool] = []
    cursor: str | None = None
    for _page in range(_MAX_PAGES):  # a server paging forever cannot hang the run
        page = await client.list_tools(cursor=cursor)
        tools.extend(page.tools)
        cursor = page.next_cursor
        if cursor is None:
            break
    return tools


def _failure(exc: Exception, server: McpServerConfig, *, calling: bool) -> ToolError:
    """What the model (or the run) is told about a failed exchange with `server`.

    The transport's task groups wrap errors in exception groups. A refusal of the guarded
    backend (PRIVATE_ADDRESS) keeps its reason; during a call, a timeout is TIMEOUT and the
    server's own protocol error MCP_ERROR; anything else (and any failure while listing) is
    MCP_UNAVAILABLE. The URL is not repeated: it may carry a credential.
    """
    leaves = list(_leaves(exc))
    for leaf in leaves:
        if isinstance(leaf, ToolError):
            return leaf
    timed_out = any(isinstance(leaf, TimeoutError) for leaf in leaves)
    if calling and timed_out:
        return ToolError("TIMEOUT", f"MCP server {server.name} did not answer in time")
    for leaf in leaves:
        if calling and isinstance(leaf, MCPError):
            return ToolError("MCP_ERROR", f"MCP server {server.name}: {leaf.message}")
    why = "did not answer in time" if timed_out else "is unavailable"
    return ToolError("MCP_UNAVAILABLE", f"MCP server {server.name} {why}")


def _leaves(exc: BaseException) -> Iterator[BaseException]:
    if isinstance(exc, BaseExceptionGroup):
        for inner in exc.exceptions:
            yield from _leaves(inner)
    else:
        yield exc


def _result(result: mcp_types.CallToolResult) -> ToolResult:
    """Text blocks joined (other blocks named); structured content when there is no text."""
    text = "\n".join(filter(None, (_block_text(block) for block in result.content)))
    if not text and result.structured_content is not None:
        text = json.dumps(result.structured_content)
    if len(text) > MAX_OUTPUT_CHARS:
        text = text[:MAX_OUTPUT_CHARS] + "\n[truncated]"
    return ToolResult(output=text, is_error=bool(result.is_error))


def _block_text(block: mcp_types.ContentBlock) -> str:
    if isinstance(block, mcp_types.TextContent):
        return block.text
    if isinstance(block, mcp_types.EmbeddedResource):
        resource = block.resource
        if isinstance(resource, mcp_types.TextResourceContents):
            return resource.text
        return f"[resource {resource.uri}]"
    if isinstance(block, mcp_types.ResourceLink):
        return f"[resource {block.uri}]"
    return f"[{block.type}: {block.mime_type}]"
