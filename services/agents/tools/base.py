"""What every tool is: the spec the model is offered, the result it gets back, the error it sees.

Pure domain: no gRPC, no database. A tool's failure the model should read (a refused host, a
timeout, an unavailable server) is a `ToolError` with a stable `reason`; the toolbox turns it
into an error result, so a run never crashes on what a model asked for.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Protocol

# What the model providers accept as a function name (OpenAI's and Anthropic's common subset).
TOOL_NAME = re.compile(r"^[a-zA-Z0-9_-]{1,64}$")
SUMMARY_CHARS = 500


@dataclass(frozen=True)
class ToolSpec:
    """What the model is offered: a name, what the tool does, and a JSON Schema object."""

    name: str
    description: str
    parameters: dict[str, Any]


@dataclass(frozen=True)
class ToolResult:
    """What a call gives back.

    `output` is what the model sees (JSON text for structured output). `handoff` asks the run
    to mark its thread waiting for a person. The summaries (at most `SUMMARY_CHARS` each) are
    for the run's step record, which must stay small whatever a tool returned.
    """

    output: str
    is_error: bool = False
    handoff: bool = False
    summary_in: str = ""
    summary_out: str = ""


class ToolError(Exception):
    """A refusal or failure the model should see as an error result.

    `reason` is a stable id (e.g. "HOST_NOT_ALLOWED", "PRIVATE_ADDRESS", "TIMEOUT",
    "RESPONSE_TOO_LARGE", "TOOL_NOT_ALLOWED", "MCP_UNAVAILABLE", "BAD_ARGUMENTS") that
    callers and tests match on; `message` is for the model and people.
    """

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(f"{reason}: {message}")
        self.reason = reason
        self.message = message

    def to_output(self) -> str:
        """The error as the model sees it."""
        return json.dumps({"error": self.reason, "message": self.message})


class Tool(Protocol):
    """A tool an agent may call. `call` raises `ToolError` for what the model should read."""

    spec: ToolSpec
    requires_approval: bool

    async def call(
        self, arguments: dict[str, Any], *, idempotency_key: str, timeout_seconds: float
    ) -> ToolResult: ...


def bounded(text: str, limit: int = SUMMARY_CHARS) -> str:
    """`text` cut to `limit` characters, an ellipsis marking the cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def text_argument(arguments: dict[str, Any], key: str, default: str | None = None) -> str:
    """A string argument the model passed; absent without a default, or not a string:
    BAD_ARGUMENTS (the model reads it and can correct itself)."""
    value = arguments.get(key, default)
    if value is None:
        raise ToolError("BAD_ARGUMENTS", f"{key} is required")
    if not isinstance(value, str):
        raise ToolError("BAD_ARGUMENTS", f"{key} must be a string")
    return value


def settings_flag(settings: dict[str, Any], key: str, *, where: str) -> bool:
    """A boolean setting (absent: False); anything but a bool is a configuration error."""
    value = settings.get(key, False)
    if not isinstance(value, bool):
        raise ValueError(f"{where}: {key} must be true or false")
    return value
