from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.keel_agents_v1_tool_output import KeelAgentsV1ToolOutput


T = TypeVar("T", bound="RunServiceSubmitToolOutputsBody")


@_attrs_define
class RunServiceSubmitToolOutputsBody:
    """
    Attributes:
        tool_outputs (list[KeelAgentsV1ToolOutput]):
    """

    tool_outputs: list[KeelAgentsV1ToolOutput]

    def to_dict(self) -> dict[str, Any]:
        tool_outputs = []
        for tool_outputs_item_data in self.tool_outputs:
            tool_outputs_item = tool_outputs_item_data.to_dict()
            tool_outputs.append(tool_outputs_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "tool_outputs": tool_outputs,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_agents_v1_tool_output import KeelAgentsV1ToolOutput  # noqa: PLC0415

        d = dict(src_dict)
        tool_outputs = []
        _tool_outputs = d.pop("tool_outputs")
        for tool_outputs_item_data in _tool_outputs:
            tool_outputs_item = KeelAgentsV1ToolOutput.from_dict(tool_outputs_item_data)

            tool_outputs.append(tool_outputs_item)

        run_service_submit_tool_outputs_body = cls(
            tool_outputs=tool_outputs,
        )

        return run_service_submit_tool_outputs_body
