from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_agents_v1_tool_stats import KeelAgentsV1ToolStats
    from ..models.keel_agents_v1_window import KeelAgentsV1Window


T = TypeVar("T", bound="KeelAgentsV1ListAgentToolsResponse")


@_attrs_define
class KeelAgentsV1ListAgentToolsResponse:
    """
    Attributes:
        next_page_token (str | Unset):
        tools (list[KeelAgentsV1ToolStats] | Unset):
        window (KeelAgentsV1Window | Unset): The window's first and last day (UTC, `YYYY-MM-DD`; the last is today).
    """

    next_page_token: str | Unset = UNSET
    tools: list[KeelAgentsV1ToolStats] | Unset = UNSET
    window: KeelAgentsV1Window | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        next_page_token = self.next_page_token

        tools: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.tools, Unset):
            tools = []
            for tools_item_data in self.tools:
                tools_item = tools_item_data.to_dict()
                tools.append(tools_item)

        window: dict[str, Any] | Unset = UNSET
        if not isinstance(self.window, Unset):
            window = self.window.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if next_page_token is not UNSET:
            field_dict["next_page_token"] = next_page_token
        if tools is not UNSET:
            field_dict["tools"] = tools
        if window is not UNSET:
            field_dict["window"] = window

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_agents_v1_tool_stats import KeelAgentsV1ToolStats  # noqa: PLC0415
        from ..models.keel_agents_v1_window import KeelAgentsV1Window  # noqa: PLC0415

        d = dict(src_dict)
        next_page_token = d.pop("next_page_token", UNSET)

        _tools = d.pop("tools", UNSET)
        tools: list[KeelAgentsV1ToolStats] | Unset = UNSET
        if _tools is not UNSET:
            tools = []
            for tools_item_data in _tools:
                tools_item = KeelAgentsV1ToolStats.from_dict(tools_item_data)

                tools.append(tools_item)

        _window = d.pop("window", UNSET)
        window: KeelAgentsV1Window | Unset
        if isinstance(_window, Unset):
            window = UNSET
        else:
            window = KeelAgentsV1Window.from_dict(_window)

        keel_agents_v1_list_agent_tools_response = cls(
            next_page_token=next_page_token,
            tools=tools,
            window=window,
        )

        return keel_agents_v1_list_agent_tools_response
