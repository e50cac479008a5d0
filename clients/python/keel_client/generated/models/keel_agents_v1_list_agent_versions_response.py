from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_agents_v1_agent_version import KeelAgentsV1AgentVersion


T = TypeVar("T", bound="KeelAgentsV1ListAgentVersionsResponse")


@_attrs_define
class KeelAgentsV1ListAgentVersionsResponse:
    """
    Attributes:
        next_page_token (str | Unset):
        versions (list[KeelAgentsV1AgentVersion] | Unset):
    """

    next_page_token: str | Unset = UNSET
    versions: list[KeelAgentsV1AgentVersion] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        next_page_token = self.next_page_token

        versions: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.versions, Unset):
            versions = []
            for versions_item_data in self.versions:
                versions_item = versions_item_data.to_dict()
                versions.append(versions_item)

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if next_page_token is not UNSET:
            field_dict["next_page_token"] = next_page_token
        if versions is not UNSET:
            field_dict["versions"] = versions

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_agents_v1_agent_version import KeelAgentsV1AgentVersion  # noqa: PLC0415

        d = dict(src_dict)
        next_page_token = d.pop("next_page_token", UNSET)

        _versions = d.pop("versions", UNSET)
        versions: list[KeelAgentsV1AgentVersion] | Unset = UNSET
        if _versions is not UNSET:
            versions = []
            for versions_item_data in _versions:
                versions_item = KeelAgentsV1AgentVersion.from_dict(versions_item_data)

                versions.append(versions_item)

        keel_agents_v1_list_agent_versions_response = cls(
            next_page_token=next_page_token,
            versions=versions,
        )

        return keel_agents_v1_list_agent_versions_response
