from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..models.agent_service_update_agent_body_visibility import (
    AgentServiceUpdateAgentBodyVisibility,
    check_agent_service_update_agent_body_visibility,
)
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_agents_v1_agent_config import KeelAgentsV1AgentConfig


T = TypeVar("T", bound="AgentServiceUpdateAgentBody")


@_attrs_define
class AgentServiceUpdateAgentBody:
    """
    Attributes:
        avatar_url (str | Unset):
        config (KeelAgentsV1AgentConfig | Unset): What an agent does: the content of each immutable version (stored as
            this message's
            JSON).
        description (str | Unset):
        name (str | Unset):
        update_mask (str | Unset):
        version_notes (str | Unset): Notes of the new version.
        visibility (AgentServiceUpdateAgentBodyVisibility | Unset):
    """

    avatar_url: str | Unset = UNSET
    config: KeelAgentsV1AgentConfig | Unset = UNSET
    description: str | Unset = UNSET
    name: str | Unset = UNSET
    update_mask: str | Unset = UNSET
    version_notes: str | Unset = UNSET
    visibility: AgentServiceUpdateAgentBodyVisibility | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        avatar_url = self.avatar_url

        config: dict[str, Any] | Unset = UNSET
        if not isinstance(self.config, Unset):
            config = self.config.to_dict()

        description = self.description

        name = self.name

        update_mask = self.update_mask

        version_notes = self.version_notes

        visibility: str | Unset = UNSET
        if not isinstance(self.visibility, Unset):
            visibility = self.visibility

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if avatar_url is not UNSET:
            field_dict["avatar_url"] = avatar_url
        if config is not UNSET:
            field_dict["config"] = config
        if description is not UNSET:
            field_dict["description"] = description
        if name is not UNSET:
            field_dict["name"] = name
        if update_mask is not UNSET:
            field_dict["update_mask"] = update_mask
        if version_notes is not UNSET:
            field_dict["version_notes"] = version_notes
        if visibility is not UNSET:
            field_dict["visibility"] = visibility

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_agents_v1_agent_config import KeelAgentsV1AgentConfig  # noqa: PLC0415

        d = dict(src_dict)
        avatar_url = d.pop("avatar_url", UNSET)

        _config = d.pop("config", UNSET)
        config: KeelAgentsV1AgentConfig | Unset
        if isinstance(_config, Unset):
            config = UNSET
        else:
            config = KeelAgentsV1AgentConfig.from_dict(_config)

        description = d.pop("description", UNSET)

        name = d.pop("name", UNSET)

        update_mask = d.pop("update_mask", UNSET)

        version_notes = d.pop("version_notes", UNSET)

        _visibility = d.pop("visibility", UNSET)
        visibility: AgentServiceUpdateAgentBodyVisibility | Unset
        if isinstance(_visibility, Unset):
            visibility = UNSET
        else:
            visibility = check_agent_service_update_agent_body_visibility(_visibility)

        agent_service_update_agent_body = cls(
            avatar_url=avatar_url,
            config=config,
            description=description,
            name=name,
            update_mask=update_mask,
            version_notes=version_notes,
            visibility=visibility,
        )

        return agent_service_update_agent_body
