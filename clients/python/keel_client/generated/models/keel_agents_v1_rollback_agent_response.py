from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_agents_v1_agent import KeelAgentsV1Agent
    from ..models.keel_agents_v1_agent_version import KeelAgentsV1AgentVersion


T = TypeVar("T", bound="KeelAgentsV1RollbackAgentResponse")


@_attrs_define
class KeelAgentsV1RollbackAgentResponse:
    """
    Attributes:
        agent (KeelAgentsV1Agent | Unset):
        version (KeelAgentsV1AgentVersion | Unset):
    """

    agent: KeelAgentsV1Agent | Unset = UNSET
    version: KeelAgentsV1AgentVersion | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        agent: dict[str, Any] | Unset = UNSET
        if not isinstance(self.agent, Unset):
            agent = self.agent.to_dict()

        version: dict[str, Any] | Unset = UNSET
        if not isinstance(self.version, Unset):
            version = self.version.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if agent is not UNSET:
            field_dict["agent"] = agent
        if version is not UNSET:
            field_dict["version"] = version

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_agents_v1_agent import KeelAgentsV1Agent  # noqa: PLC0415
        from ..models.keel_agents_v1_agent_version import KeelAgentsV1AgentVersion  # noqa: PLC0415

        d = dict(src_dict)
        _agent = d.pop("agent", UNSET)
        agent: KeelAgentsV1Agent | Unset
        if isinstance(_agent, Unset):
            agent = UNSET
        else:
            agent = KeelAgentsV1Agent.from_dict(_agent)

        _version = d.pop("version", UNSET)
        version: KeelAgentsV1AgentVersion | Unset
        if isinstance(_version, Unset):
            version = UNSET
        else:
            version = KeelAgentsV1AgentVersion.from_dict(_version)

        keel_agents_v1_rollback_agent_response = cls(
            agent=agent,
            version=version,
        )

        return keel_agents_v1_rollback_agent_response
