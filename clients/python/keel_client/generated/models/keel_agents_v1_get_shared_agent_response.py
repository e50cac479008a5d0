from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_agents_v1_shared_agent import KeelAgentsV1SharedAgent


T = TypeVar("T", bound="KeelAgentsV1GetSharedAgentResponse")


@_attrs_define
class KeelAgentsV1GetSharedAgentResponse:
    """
    Attributes:
        agent (KeelAgentsV1SharedAgent | Unset): What a visitor sees of the agent behind a link.
    """

    agent: KeelAgentsV1SharedAgent | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        agent: dict[str, Any] | Unset = UNSET
        if not isinstance(self.agent, Unset):
            agent = self.agent.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if agent is not UNSET:
            field_dict["agent"] = agent

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_agents_v1_shared_agent import KeelAgentsV1SharedAgent  # noqa: PLC0415

        d = dict(src_dict)
        _agent = d.pop("agent", UNSET)
        agent: KeelAgentsV1SharedAgent | Unset
        if isinstance(_agent, Unset):
            agent = UNSET
        else:
            agent = KeelAgentsV1SharedAgent.from_dict(_agent)

        keel_agents_v1_get_shared_agent_response = cls(
            agent=agent,
        )

        return keel_agents_v1_get_shared_agent_response
