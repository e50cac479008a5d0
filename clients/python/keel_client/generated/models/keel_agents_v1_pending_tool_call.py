from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_agents_v1_pending_tool_call_arguments import (
        KeelAgentsV1PendingToolCallArguments,
    )


T = TypeVar("T", bound="KeelAgentsV1PendingToolCall")


@_attrs_define
class KeelAgentsV1PendingToolCall:
    """A tool call waiting for a person (RUN_STATUS_REQUIRES_ACTION).

    Attributes:
        arguments (KeelAgentsV1PendingToolCallArguments | Unset):
        name (str | Unset):
        tool_call_id (str | Unset):
    """

    arguments: KeelAgentsV1PendingToolCallArguments | Unset = UNSET
    name: str | Unset = UNSET
    tool_call_id: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        arguments: dict[str, Any] | Unset = UNSET
        if not isinstance(self.arguments, Unset):
            arguments = self.arguments.to_dict()

        name = self.name

        tool_call_id = self.tool_call_id

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if arguments is not UNSET:
            field_dict["arguments"] = arguments
        if name is not UNSET:
            field_dict["name"] = name
        if tool_call_id is not UNSET:
            field_dict["tool_call_id"] = tool_call_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_agents_v1_pending_tool_call_arguments import (
            KeelAgentsV1PendingToolCallArguments,  # noqa: PLC0415
        )

        d = dict(src_dict)
        _arguments = d.pop("arguments", UNSET)
        arguments: KeelAgentsV1PendingToolCallArguments | Unset
        if isinstance(_arguments, Unset):
            arguments = UNSET
        else:
            arguments = KeelAgentsV1PendingToolCallArguments.from_dict(_arguments)

        name = d.pop("name", UNSET)

        tool_call_id = d.pop("tool_call_id", UNSET)

        keel_agents_v1_pending_tool_call = cls(
            arguments=arguments,
            name=name,
            tool_call_id=tool_call_id,
        )

        return keel_agents_v1_pending_tool_call
