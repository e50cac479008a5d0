from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="KeelAgentsV1ToolStats")


@_attrs_define
class KeelAgentsV1ToolStats:
    """
    Attributes:
        avg_duration_ms (str | Unset):
        errors (str | Unset):
        executions (str | Unset):
        max_duration_ms (str | Unset):
        tool (str | Unset): As the run called it (`current_time`, `<server>__<tool>` for MCP tools).
    """

    avg_duration_ms: str | Unset = UNSET
    errors: str | Unset = UNSET
    executions: str | Unset = UNSET
    max_duration_ms: str | Unset = UNSET
    tool: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        avg_duration_ms = self.avg_duration_ms

        errors = self.errors

        executions = self.executions

        max_duration_ms = self.max_duration_ms

        tool = self.tool

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if avg_duration_ms is not UNSET:
            field_dict["avg_duration_ms"] = avg_duration_ms
        if errors is not UNSET:
            field_dict["errors"] = errors
        if executions is not UNSET:
            field_dict["executions"] = executions
        if max_duration_ms is not UNSET:
            field_dict["max_duration_ms"] = max_duration_ms
        if tool is not UNSET:
            field_dict["tool"] = tool

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        avg_duration_ms = d.pop("avg_duration_ms", UNSET)

        errors = d.pop("errors", UNSET)

        executions = d.pop("executions", UNSET)

        max_duration_ms = d.pop("max_duration_ms", UNSET)

        tool = d.pop("tool", UNSET)

        keel_agents_v1_tool_stats = cls(
            avg_duration_ms=avg_duration_ms,
            errors=errors,
            executions=executions,
            max_duration_ms=max_duration_ms,
            tool=tool,
        )

        return keel_agents_v1_tool_stats
