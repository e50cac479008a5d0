"""The tools an agent's runs call: built-ins, http_request and MCP servers' tools.

Pure domain and SDK code (no gRPC, no database): the worker builds a `Toolbox` from an agent
version's config and calls tools through it.
"""

from typing import Any

from services.agents.tools.base import Tool, ToolError, ToolResult, ToolSpec
from services.agents.tools.toolbox import Toolbox

__all__ = ["Tool", "ToolError", "ToolResult", "ToolSpec", "Toolbox", "load_mcp_tools"]


def __getattr__(name: str) -> Any:
    """`load_mcp_tools` on first use: the MCP SDK costs a worker ~38 MiB."""
    if name == "load_mcp_tools":
        from services.agents.tools.mcp_tools import load_mcp_tools

        return load_mcp_tools
    raise AttributeError(name)
