from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_agents_v1_tool_execution import KeelAgentsV1ToolExecution


T = TypeVar("T", bound="KeelAgentsV1ListToolExecutionsResponse")


@_attrs_define
class KeelAgentsV1ListToolExecutionsResponse:
    """
    Attributes:
        executions (list[KeelAgentsV1ToolExecution] | Unset):
        next_page_token (str | Unset):
    """

    executions: list[KeelAgentsV1ToolExecution] | Unset = UNSET
    next_page_token: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        executions: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.executions, Unset):
            executions = []
            for executions_item_data in self.executions:
                executions_item = executions_item_data.to_dict()
                executions.append(executions_item)

        next_page_token = self.next_page_token

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if executions is not UNSET:
            field_dict["executions"] = executions
        if next_page_token is not UNSET:
            field_dict["next_page_token"] = next_page_token

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_agents_v1_tool_execution import KeelAgentsV1ToolExecution  # noqa: PLC0415

        d = dict(src_dict)
        _executions = d.pop("executions", UNSET)
        executions: list[KeelAgentsV1ToolExecution] | Unset = UNSET
        if _executions is not UNSET:
            executions = []
            for executions_item_data in _executions:
                executions_item = KeelAgentsV1ToolExecution.from_dict(executions_item_data)

                executions.append(executions_item)

        next_page_token = d.pop("next_page_token", UNSET)

        keel_agents_v1_list_tool_executions_response = cls(
            executions=executions,
            next_page_token=next_page_token,
        )

        return keel_agents_v1_list_tool_executions_response
