"""The platform's small built-in tools: the current time, and handing the thread to a person."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from services.agents.tools.base import ToolError, ToolResult, ToolSpec, text_argument


class CurrentTime:
    """`current_time`: models do not know what time it is; this tells them, in any IANA zone."""

    spec = ToolSpec(
        name="current_time",
        description="The current date and time (ISO 8601) in a time zone.",
        parameters={
            "type": "object",
            "properties": {
                "timezone": {
                    "type": "string",
                    "description": "IANA time zone name, e.g. Europe/Paris (default: UTC).",
                }
            },
            "additionalProperties": False,
        },
    )

    def __init__(self, *, requires_approval: bool = False) -> None:
        self.requires_approval = requires_approval

    async def call(
        self, arguments: dict[str, Any], *, idempotency_key: str, timeout_seconds: float
    ) -> ToolResult:
        name = text_argument(arguments, "timezone", "UTC").strip() or "UTC"
        try:
            zone = ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError) as exc:  # ValueError: not even a key
            raise ToolError("BAD_ARGUMENTS", f"unknown time zone {name!r}") from exc
        now = datetime.now(zone)
        return ToolResult(output=json.dumps({"time": now.isoformat(), "timezone": name}))


class HandoffToHuman:
    """`handoff_to_human`: the agent gives up the conversation; the run marks the thread as
    waiting for a person (`ToolResult.handoff`)."""

    spec = ToolSpec(
        name="handoff_to_human",
        description=(
            "Hand the conversation to a person when you cannot or should not answer yourself."
        ),
        parameters={
            "type": "object",
            "properties": {
                "reason": {"type": "string", "description": "Why a person should take over."}
            },
            "required": ["reason"],
            "additionalProperties": False,
        },
    )

    def __init__(self, *, requires_approval: bool = False) -> None:
        self.requires_approval = requires_approval

    async def call(
        self, arguments: dict[str, Any], *, idempotency_key: str, timeout_seconds: float
    ) -> ToolResult:
        reason = text_argument(arguments, "reason").strip()
        return ToolResult(output=f"Handed off to a person: {reason}", handoff=True)
