from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_agents_v1_agent_version import KeelAgentsV1AgentVersion


T = TypeVar("T", bound="KeelAgentsV1GetAgentVersionResponse")


@_attrs_define
class KeelAgentsV1GetAgentVersionResponse:
    """
    Attributes:
        version (KeelAgentsV1AgentVersion | Unset):
    """

    version: KeelAgentsV1AgentVersion | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        version: dict[str, Any] | Unset = UNSET
        if not isinstance(self.version, Unset):
            version = self.version.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if version is not UNSET:
            field_dict["version"] = version

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_agents_v1_agent_version import KeelAgentsV1AgentVersion  # noqa: PLC0415

        d = dict(src_dict)
        _version = d.pop("version", UNSET)
        version: KeelAgentsV1AgentVersion | Unset
        if isinstance(_version, Unset):
            version = UNSET
        else:
            version = KeelAgentsV1AgentVersion.from_dict(_version)

        keel_agents_v1_get_agent_version_response = cls(
            version=version,
        )

        return keel_agents_v1_get_agent_version_response
