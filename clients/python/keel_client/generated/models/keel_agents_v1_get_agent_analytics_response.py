from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_agents_v1_agent_stats import KeelAgentsV1AgentStats
    from ..models.keel_agents_v1_timeline_day import KeelAgentsV1TimelineDay
    from ..models.keel_agents_v1_tool_stats import KeelAgentsV1ToolStats


T = TypeVar("T", bound="KeelAgentsV1GetAgentAnalyticsResponse")


@_attrs_define
class KeelAgentsV1GetAgentAnalyticsResponse:
    """
    Attributes:
        slowest_tools (list[KeelAgentsV1ToolStats] | Unset): The five slowest.
        stats (KeelAgentsV1AgentStats | Unset):
        timeline (list[KeelAgentsV1TimelineDay] | Unset):
    """

    slowest_tools: list[KeelAgentsV1ToolStats] | Unset = UNSET
    stats: KeelAgentsV1AgentStats | Unset = UNSET
    timeline: list[KeelAgentsV1TimelineDay] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        slowest_tools: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.slowest_tools, Unset):
            slowest_tools = []
            for slowest_tools_item_data in self.slowest_tools:
                slowest_tools_item = slowest_tools_item_data.to_dict()
                slowest_tools.append(slowest_tools_item)

        stats: dict[str, Any] | Unset = UNSET
        if not isinstance(self.stats, Unset):
            stats = self.stats.to_dict()

        timeline: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.timeline, Unset):
            timeline = []
            for timeline_item_data in self.timeline:
                timeline_item = timeline_item_data.to_dict()
                timeline.append(timeline_item)

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if slowest_tools is not UNSET:
            field_dict["slowest_tools"] = slowest_tools
        if stats is not UNSET:
            field_dict["stats"] = stats
        if timeline is not UNSET:
            field_dict["timeline"] = timeline

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_agents_v1_agent_stats import KeelAgentsV1AgentStats  # noqa: PLC0415
        from ..models.keel_agents_v1_timeline_day import KeelAgentsV1TimelineDay  # noqa: PLC0415
        from ..models.keel_agents_v1_tool_stats import KeelAgentsV1ToolStats  # noqa: PLC0415

        d = dict(src_dict)
        _slowest_tools = d.pop("slowest_tools", UNSET)
        slowest_tools: list[KeelAgentsV1ToolStats] | Unset = UNSET
        if _slowest_tools is not UNSET:
            slowest_tools = []
            for slowest_tools_item_data in _slowest_tools:
                slowest_tools_item = KeelAgentsV1ToolStats.from_dict(slowest_tools_item_data)

                slowest_tools.append(slowest_tools_item)

        _stats = d.pop("stats", UNSET)
        stats: KeelAgentsV1AgentStats | Unset
        if isinstance(_stats, Unset):
            stats = UNSET
        else:
            stats = KeelAgentsV1AgentStats.from_dict(_stats)

        _timeline = d.pop("timeline", UNSET)
        timeline: list[KeelAgentsV1TimelineDay] | Unset = UNSET
        if _timeline is not UNSET:
            timeline = []
            for timeline_item_data in _timeline:
                timeline_item = KeelAgentsV1TimelineDay.from_dict(timeline_item_data)

                timeline.append(timeline_item)

        keel_agents_v1_get_agent_analytics_response = cls(
            slowest_tools=slowest_tools,
            stats=stats,
            timeline=timeline,
        )

        return keel_agents_v1_get_agent_analytics_response
