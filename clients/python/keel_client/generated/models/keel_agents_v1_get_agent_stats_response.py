from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_agents_v1_agent_stats import KeelAgentsV1AgentStats


T = TypeVar("T", bound="KeelAgentsV1GetAgentStatsResponse")


@_attrs_define
class KeelAgentsV1GetAgentStatsResponse:
    """
    Attributes:
        stats (KeelAgentsV1AgentStats | Unset):
    """

    stats: KeelAgentsV1AgentStats | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        stats: dict[str, Any] | Unset = UNSET
        if not isinstance(self.stats, Unset):
            stats = self.stats.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if stats is not UNSET:
            field_dict["stats"] = stats

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_agents_v1_agent_stats import KeelAgentsV1AgentStats  # noqa: PLC0415

        d = dict(src_dict)
        _stats = d.pop("stats", UNSET)
        stats: KeelAgentsV1AgentStats | Unset
        if isinstance(_stats, Unset):
            stats = UNSET
        else:
            stats = KeelAgentsV1AgentStats.from_dict(_stats)

        keel_agents_v1_get_agent_stats_response = cls(
            stats=stats,
        )

        return keel_agents_v1_get_agent_stats_response
