from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_agents_v1_tool_call_arguments import KeelAgentsV1ToolCallArguments


T = TypeVar("T", bound="KeelAgentsV1ToolCall")


@_attrs_define
class KeelAgentsV1ToolCall:
    """
    Attributes:
        arguments (KeelAgentsV1ToolCallArguments | Unset):
        id (str | Unset):
        name (str | Unset):
    """

    arguments: KeelAgentsV1ToolCallArguments | Unset = UNSET
    id: str | Unset = UNSET
    name: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        arguments: dict[str, Any] | Unset = UNSET
        if not isinstance(self.arguments, Unset):
            arguments = self.arguments.to_dict()

        id = self.id

        name = self.name

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if arguments is not UNSET:
            field_dict["arguments"] = arguments
        if id is not UNSET:
            field_dict["id"] = id
        if name is not UNSET:
            field_dict["name"] = name

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_agents_v1_tool_call_arguments import KeelAgentsV1ToolCallArguments  # noqa: PLC0415

        d = dict(src_dict)
        _arguments = d.pop("arguments", UNSET)
        arguments: KeelAgentsV1ToolCallArguments | Unset
        if isinstance(_arguments, Unset):
            arguments = UNSET
        else:
            arguments = KeelAgentsV1ToolCallArguments.from_dict(_arguments)

        id = d.pop("id", UNSET)

        name = d.pop("name", UNSET)

        keel_agents_v1_tool_call = cls(
            arguments=arguments,
            id=id,
            name=name,
        )

        return keel_agents_v1_tool_call
