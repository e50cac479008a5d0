from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..models.keel_agents_v1_visibility import (
    KeelAgentsV1Visibility,
    check_keel_agents_v1_visibility,
)
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_agents_v1_agent_config import KeelAgentsV1AgentConfig
    from ..models.keel_agents_v1_template_origin import KeelAgentsV1TemplateOrigin


T = TypeVar("T", bound="KeelAgentsV1Agent")


@_attrs_define
class KeelAgentsV1Agent:
    """
    Attributes:
        avatar_url (str | Unset): An image URL (https) or empty.
        config (KeelAgentsV1AgentConfig | Unset): What an agent does: the content of each immutable version (stored as
            this message's
            JSON).
        created_at (datetime.datetime | Unset):
        created_by (str | Unset): The user who created it; for an agent a service API key made, the key's id.
        description (str | Unset):
        from_template (KeelAgentsV1TemplateOrigin | Unset): The catalog template (and its version) an agent was made
            from.
        id (str | Unset):
        latest_version (int | Unset):
        name (str | Unset):
        org_id (str | Unset):
        updated_at (datetime.datetime | Unset):
        visibility (KeelAgentsV1Visibility | Unset): - `VISIBILITY_PRIVATE`: Its creator, and the organization's admins.
            - `VISIBILITY_ORGANIZATION`: Members of the organization (`agents.view`).
            - `VISIBILITY_PUBLIC`: Any signed-in caller may read it (running it comes later).
    """

    avatar_url: str | Unset = UNSET
    config: KeelAgentsV1AgentConfig | Unset = UNSET
    created_at: datetime.datetime | Unset = UNSET
    created_by: str | Unset = UNSET
    description: str | Unset = UNSET
    from_template: KeelAgentsV1TemplateOrigin | Unset = UNSET
    id: str | Unset = UNSET
    latest_version: int | Unset = UNSET
    name: str | Unset = UNSET
    org_id: str | Unset = UNSET
    updated_at: datetime.datetime | Unset = UNSET
    visibility: KeelAgentsV1Visibility | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        avatar_url = self.avatar_url

        config: dict[str, Any] | Unset = UNSET
        if not isinstance(self.config, Unset):
            config = self.config.to_dict()

        created_at: str | Unset = UNSET
        if not isinstance(self.created_at, Unset):
            created_at = self.created_at.isoformat()

        created_by = self.created_by

        description = self.description

        from_template: dict[str, Any] | Unset = UNSET
        if not isinstance(self.from_template, Unset):
            from_template = self.from_template.to_dict()

        id = self.id

        latest_version = self.latest_version

        name = self.name

        org_id = self.org_id

        updated_at: str | Unset = UNSET
        if not isinstance(self.updated_at, Unset):
            updated_at = self.updated_at.isoformat()

        visibility: str | Unset = UNSET
        if not isinstance(self.visibility, Unset):
            visibility = self.visibility

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if avatar_url is not UNSET:
            field_dict["avatar_url"] = avatar_url
        if config is not UNSET:
            field_dict["config"] = config
        if created_at is not UNSET:
            field_dict["created_at"] = created_at
        if created_by is not UNSET:
            field_dict["created_by"] = created_by
        if description is not UNSET:
            field_dict["description"] = description
        if from_template is not UNSET:
            field_dict["from_template"] = from_template
        if id is not UNSET:
            field_dict["id"] = id
        if latest_version is not UNSET:
            field_dict["latest_version"] = latest_version
        if name is not UNSET:
            field_dict["name"] = name
        if org_id is not UNSET:
            field_dict["org_id"] = org_id
        if updated_at is not UNSET:
            field_dict["updated_at"] = updated_at
        if visibility is not UNSET:
            field_dict["visibility"] = visibility

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_agents_v1_agent_config import KeelAgentsV1AgentConfig  # noqa: PLC0415
        from ..models.keel_agents_v1_template_origin import KeelAgentsV1TemplateOrigin  # noqa: PLC0415

        d = dict(src_dict)
        avatar_url = d.pop("avatar_url", UNSET)

        _config = d.pop("config", UNSET)
        config: KeelAgentsV1AgentConfig | Unset
        if isinstance(_config, Unset):
            config = UNSET
        else:
            config = KeelAgentsV1AgentConfig.from_dict(_config)

        _created_at = d.pop("created_at", UNSET)
        created_at: datetime.datetime | Unset
        if isinstance(_created_at, Unset):
            created_at = UNSET
        else:
            created_at = datetime.datetime.fromisoformat(_created_at)

        created_by = d.pop("created_by", UNSET)

        description = d.pop("description", UNSET)

        _from_template = d.pop("from_template", UNSET)
        from_template: KeelAgentsV1TemplateOrigin | Unset
        if isinstance(_from_template, Unset):
            from_template = UNSET
        else:
            from_template = KeelAgentsV1TemplateOrigin.from_dict(_from_template)

        id = d.pop("id", UNSET)

        latest_version = d.pop("latest_version", UNSET)

        name = d.pop("name", UNSET)

        org_id = d.pop("org_id", UNSET)

        _updated_at = d.pop("updated_at", UNSET)
        updated_at: datetime.datetime | Unset
        if isinstance(_updated_at, Unset):
            updated_at = UNSET
        else:
            updated_at = datetime.datetime.fromisoformat(_updated_at)

        _visibility = d.pop("visibility", UNSET)
        visibility: KeelAgentsV1Visibility | Unset
        if isinstance(_visibility, Unset):
            visibility = UNSET
        else:
            visibility = check_keel_agents_v1_visibility(_visibility)

        keel_agents_v1_agent = cls(
            avatar_url=avatar_url,
            config=config,
            created_at=created_at,
            created_by=created_by,
            description=description,
            from_template=from_template,
            id=id,
            latest_version=latest_version,
            name=name,
            org_id=org_id,
            updated_at=updated_at,
            visibility=visibility,
        )

        return keel_agents_v1_agent
