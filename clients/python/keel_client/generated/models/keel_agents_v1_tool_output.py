from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.keel_agents_v1_tool_output_decision import (
    KeelAgentsV1ToolOutputDecision,
    check_keel_agents_v1_tool_output_decision,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="KeelAgentsV1ToolOutput")


@_attrs_define
class KeelAgentsV1ToolOutput:
    """
    Attributes:
        decision (KeelAgentsV1ToolOutputDecision):
        tool_call_id (str):
        output (str | Unset): With TOOL_DECISION_OUTPUT: the result the model sees; with DENY: why (optional).
    """

    decision: KeelAgentsV1ToolOutputDecision
    tool_call_id: str
    output: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        decision: str = self.decision

        tool_call_id = self.tool_call_id

        output = self.output

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "decision": decision,
                "tool_call_id": tool_call_id,
            }
        )
        if output is not UNSET:
            field_dict["output"] = output

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        decision = check_keel_agents_v1_tool_output_decision(d.pop("decision"))

        tool_call_id = d.pop("tool_call_id")

        output = d.pop("output", UNSET)

        keel_agents_v1_tool_output = cls(
            decision=decision,
            tool_call_id=tool_call_id,
            output=output,
        )

        return keel_agents_v1_tool_output
