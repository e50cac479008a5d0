"""The tools one agent version may call, built from its config, and the one way to call them.

`Toolbox.build` is strict: an unknown built-in, bad settings or a bad MCP server entry is a
ValueError (the service validates configs earlier; a config that slipped through must not run
with tools quietly missing), and an MCP server that cannot be reached is a ToolError
MCP_UNAVAILABLE naming the server (the run fails visibly or is retried). `Toolbox.call` is the
opposite: whatever the model asked for, it returns a result and never raises for a tool's
failure, so a made-up tool name or a refused URL is something the model reads and corrects.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from services.agents.tools.base import (
    TOOL_NAME,
    Tool,
    ToolError,
    ToolResult,
    ToolSpec,
    bounded,
    settings_flag,
)
from services.agents.tools.builtin import CurrentTime, HandoffToHuman
from services.agents.tools.http_request import HttpRequest, HttpRequestSettings

logger = logging.getLogger(__name__)
BUILTIN_NAMES = ("http_request", "current_time", "handoff_to_human")
# Arguments kept out of step records (summary_in): they are where credentials go.
_SECRET_ARGUMENT = re.compile(r"headers|authorization|cookie|token|secret|password|api_?key", re.I)


def builtin_tool(entry: Any, *, allow_private_addresses: bool = False) -> Tool:
    """The built-in tool of one `tools` entry (`{"name": ..., "settings": {...}}`)."""
    if not isinstance(entry, dict):
        raise ValueError("tools: each entry must be an object with a name")
    name, settings = entry.get("name"), entry.get("settings") or {}
    if not isinstance(settings, dict):
        raise ValueError(f"tools[{name}]: settings must be an object")
    approval = settings_flag(settings, "requires_approval", where=f"tools[{name}]")
    if name == "current_time":
        return CurrentTime(requires_approval=approval)
    if name == "handoff_to_human":
        return HandoffToHuman(requires_approval=approval)
    if name == "http_request":
        return HttpRequest(
            HttpRequestSettings.parse(settings),
            requires_approval=approval,
            allow_private_addresses=allow_private_addresses,
        )
    raise ValueError(f"tools: unknown built-in tool {name!r} (known: {', '.join(BUILTIN_NAMES)})")


class Toolbox:
    """An agent version's tools by the name the model is offered."""

    def __init__(self, tools: Iterable[Tool]) -> None:
        self._tools: dict[str, Tool] = {}
        for tool in tools:
            name = tool.spec.name
            if not TOOL_NAME.match(name):
                raise ValueError(f"tool name {name!r} is not one a model can be offered")
            if name in self._tools:
                raise ValueError(f"two tools are named {name!r}")
            self._tools[name] = tool

    @classmethod
    async def build(
        cls,
        config: dict[str, Any],
        *,
        allow_private_addresses: bool = False,
        mcp_timeout_seconds: float = 10.0,
    ) -> Toolbox:
        """The toolbox of an agent version's config (its `tools` and `mcp_servers`).

        Everything is validated before any MCP server is contacted; the servers are then
        listed concurrently. `allow_private_addresses` is for tests only (the worker reads
        KEEL_AGENTS_TOOLS_ALLOW_PRIVATE).
        """
        builtins = [
            builtin_tool(entry, allow_private_addresses=allow_private_addresses)
            for entry in _entries(config, "tools")
        ]
        servers = _entries(config, "mcp_servers")
        if servers:  # the MCP SDK (~38 MiB) only for agents that have MCP servers
            from services.agents.tools.mcp_tools import McpServerConfig, load_mcp_tools
        for server in servers:
            McpServerConfig.parse(server)
        loaded = await asyncio.gather(
            *(
                load_mcp_tools(
                    server,
                    timeout_seconds=mcp_timeout_seconds,
                    allow_private_addresses=allow_private_addresses,
                )
                for server in servers
            ),
            return_exceptions=True,  # let every listing finish; the first failure is raised
        )
        tools: list[Tool] = list(builtins)
        for outcome in loaded:
            if isinstance(outcome, BaseException):
                raise outcome
            tools.extend(outcome)
        return cls(tools)

    def specs(self) -> list[ToolSpec]:
        """What the model is offered, in config order (built-ins, then each server's)."""
        return [tool.spec for tool in self._tools.values()]

    def get(self, name: str) -> Tool | None:
        return self._tools.get(name)

    def requires_approval(self, name: str) -> bool:
        """Whether a person approves a call of `name` first (an unknown name never runs)."""
        tool = self._tools.get(name)
        return tool is not None and tool.requires_approval

    async def call(
        self, name: str, arguments: Any, *, idempotency_key: str, timeout_seconds: float
    ) -> ToolResult:
        """Call `name`; a tool's failure, a timeout or a made-up name is an error result.

        The summaries are always set and at most 500 characters: the tool's own when it gave
        them, else the call's name and (credential-free) arguments, and the output.
        """
        result = await self._call(name, arguments, idempotency_key, timeout_seconds)
        return replace(
            result,
            summary_in=bounded(result.summary_in or _summary_in(name, arguments)),
            summary_out=bounded(result.summary_out or result.output),
        )

    async def _call(
        self, name: str, arguments: Any, idempotency_key: str, timeout_seconds: float
    ) -> ToolResult:
        tool = self._tools.get(name)
        if tool is None:
            return _error(ToolError("TOOL_NOT_ALLOWED", f"there is no tool named {name!r}"))
        if not isinstance(arguments, dict):
            return _error(ToolError("BAD_ARGUMENTS", "the arguments must be a JSON object"))
        try:
            async with asyncio.timeout(timeout_seconds):
                return await tool.call(
                    arguments, idempotency_key=idempotency_key, timeout_seconds=timeout_seconds
                )
        except ToolError as exc:
            return _error(exc)
        except TimeoutError:
            message = f"{name} did not finish within {timeout_seconds:g} s"
            return _error(ToolError("TIMEOUT", message))
        except Exception:  # a bug in a tool must not end the run; the model is told little
            logger.exception("tool %s failed", name)
            return _error(ToolError("TOOL_FAILED", f"{name} failed unexpectedly"))


def _entries(config: dict[str, Any], key: str) -> list[Any]:
    entries = config.get(key) or []
    if not isinstance(entries, list):
        raise ValueError(f"{key} must be a list")
    return entries


def _error(exc: ToolError) -> ToolResult:
    return ToolResult(output=exc.to_output(), is_error=True)


def _summary_in(name: str, arguments: Any) -> str:
    if isinstance(arguments, dict):
        arguments = {
            key: "[redacted]" if _SECRET_ARGUMENT.search(str(key)) else value
            for key, value in arguments.items()
        }
    return f"{name} {json.dumps(arguments, default=str, ensure_ascii=False)}"
