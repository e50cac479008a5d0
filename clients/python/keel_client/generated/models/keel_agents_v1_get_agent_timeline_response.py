from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_agents_v1_timeline_day import KeelAgentsV1TimelineDay
    from ..models.keel_agents_v1_window import KeelAgentsV1Window


T = TypeVar("T", bound="KeelAgentsV1GetAgentTimelineResponse")


@_attrs_define
class KeelAgentsV1GetAgentTimelineResponse:
    """
    Attributes:
        days (list[KeelAgentsV1TimelineDay] | Unset):
        window (KeelAgentsV1Window | Unset): The window's first and last day (UTC, `YYYY-MM-DD`; the last is today).
    """

    days: list[KeelAgentsV1TimelineDay] | Unset = UNSET
    window: KeelAgentsV1Window | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        days: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.days, Unset):
            days = []
            for days_item_data in self.days:
                days_item = days_item_data.to_dict()
                days.append(days_item)

        window: dict[str, Any] | Unset = UNSET
        if not isinstance(self.window, Unset):
            window = self.window.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if days is not UNSET:
            field_dict["days"] = days
        if window is not UNSET:
            field_dict["window"] = window

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_agents_v1_timeline_day import KeelAgentsV1TimelineDay  # noqa: PLC0415
        from ..models.keel_agents_v1_window import KeelAgentsV1Window  # noqa: PLC0415

        d = dict(src_dict)
        _days = d.pop("days", UNSET)
        days: list[KeelAgentsV1TimelineDay] | Unset = UNSET
        if _days is not UNSET:
            days = []
            for days_item_data in _days:
                days_item = KeelAgentsV1TimelineDay.from_dict(days_item_data)

                days.append(days_item)

        _window = d.pop("window", UNSET)
        window: KeelAgentsV1Window | Unset
        if isinstance(_window, Unset):
            window = UNSET
        else:
            window = KeelAgentsV1Window.from_dict(_window)

        keel_agents_v1_get_agent_timeline_response = cls(
            days=days,
            window=window,
        )

        return keel_agents_v1_get_agent_timeline_response
