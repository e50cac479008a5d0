from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_agents_v1_agent import KeelAgentsV1Agent


T = TypeVar("T", bound="KeelAgentsV1ListAgentsResponse")


@_attrs_define
class KeelAgentsV1ListAgentsResponse:
    """
    Attributes:
        agents (list[KeelAgentsV1Agent] | Unset): Without configs (GetAgent has them).
        next_page_token (str | Unset):
    """

    agents: list[KeelAgentsV1Agent] | Unset = UNSET
    next_page_token: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        agents: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.agents, Unset):
            agents = []
            for agents_item_data in self.agents:
                agents_item = agents_item_data.to_dict()
                agents.append(agents_item)

        next_page_token = self.next_page_token

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if agents is not UNSET:
            field_dict["agents"] = agents
        if next_page_token is not UNSET:
            field_dict["next_page_token"] = next_page_token

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_agents_v1_agent import KeelAgentsV1Agent  # noqa: PLC0415

        d = dict(src_dict)
        _agents = d.pop("agents", UNSET)
        agents: list[KeelAgentsV1Agent] | Unset = UNSET
        if _agents is not UNSET:
            agents = []
            for agents_item_data in _agents:
                agents_item = KeelAgentsV1Agent.from_dict(agents_item_data)

                agents.append(agents_item)

        next_page_token = d.pop("next_page_token", UNSET)

        keel_agents_v1_list_agents_response = cls(
            agents=agents,
            next_page_token=next_page_token,
        )

        return keel_agents_v1_list_agents_response
