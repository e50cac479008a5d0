from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

from ..models.keel_agents_v1_create_agent_request_visibility import (
    KeelAgentsV1CreateAgentRequestVisibility,
    check_keel_agents_v1_create_agent_request_visibility,
)
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_agents_v1_agent_config import KeelAgentsV1AgentConfig


T = TypeVar("T", bound="KeelAgentsV1CreateAgentRequest")


@_attrs_define
class KeelAgentsV1CreateAgentRequest:
    """
    Attributes:
        config (KeelAgentsV1AgentConfig): What an agent does: the content of each immutable version (stored as this
            message's
            JSON).
        name (str):
        avatar_url (Literal[''] | str | Unset):
        description (str | Unset):
        org_id (Literal[''] | Unset | UUID): The organization; empty: the caller's active one.
        request_id (Literal[''] | str | Unset): Makes the create safe to retry: the same caller with the same request_id
            gets the
            same agent, created and counted once.
        version_notes (str | Unset): Notes of version 1.
        visibility (KeelAgentsV1CreateAgentRequestVisibility | Unset): Unspecified: private.
    """

    config: KeelAgentsV1AgentConfig
    name: str
    avatar_url: Literal[""] | str | Unset = UNSET
    description: str | Unset = UNSET
    org_id: Literal[""] | Unset | UUID = UNSET
    request_id: Literal[""] | str | Unset = UNSET
    version_notes: str | Unset = UNSET
    visibility: KeelAgentsV1CreateAgentRequestVisibility | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        config = self.config.to_dict()

        name = self.name

        avatar_url: Literal[""] | str | Unset
        if isinstance(self.avatar_url, Unset):
            avatar_url = UNSET
        else:
            avatar_url = self.avatar_url

        description = self.description

        org_id: Literal[""] | str | Unset
        if isinstance(self.org_id, Unset):
            org_id = UNSET
        elif isinstance(self.org_id, UUID):
            org_id = str(self.org_id)
        else:
            org_id = self.org_id

        request_id: Literal[""] | str | Unset
        if isinstance(self.request_id, Unset):
            request_id = UNSET
        else:
            request_id = self.request_id

        version_notes = self.version_notes

        visibility: str | Unset = UNSET
        if not isinstance(self.visibility, Unset):
            visibility = self.visibility

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "config": config,
                "name": name,
            }
        )
        if avatar_url is not UNSET:
            field_dict["avatar_url"] = avatar_url
        if description is not UNSET:
            field_dict["description"] = description
        if org_id is not UNSET:
            field_dict["org_id"] = org_id
        if request_id is not UNSET:
            field_dict["request_id"] = request_id
        if version_notes is not UNSET:
            field_dict["version_notes"] = version_notes
        if visibility is not UNSET:
            field_dict["visibility"] = visibility

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_agents_v1_agent_config import KeelAgentsV1AgentConfig  # noqa: PLC0415

        d = dict(src_dict)
        config = KeelAgentsV1AgentConfig.from_dict(d.pop("config"))

        name = d.pop("name")

        def _parse_avatar_url(data: object) -> Literal[""] | str | Unset:
            if isinstance(data, Unset):
                return data
            avatar_url_type_0 = cast(Literal[""], data)
            if avatar_url_type_0 != "":
                raise ValueError(
                    f"avatar_url_type_0 must match const '', got '{avatar_url_type_0}'"
                )
            return avatar_url_type_0
            return cast(Literal[""] | str | Unset, data)

        avatar_url = _parse_avatar_url(d.pop("avatar_url", UNSET))

        description = d.pop("description", UNSET)

        def _parse_org_id(data: object) -> Literal[""] | Unset | UUID:
            if isinstance(data, Unset):
                return data
            org_id_type_0 = cast(Literal[""], data)
            if org_id_type_0 != "":
                raise ValueError(f"org_id_type_0 must match const '', got '{org_id_type_0}'")
            return org_id_type_0
            if not isinstance(data, str):
                raise TypeError()
            org_id_type_1 = UUID(data)

            return org_id_type_1

        org_id = _parse_org_id(d.pop("org_id", UNSET))

        def _parse_request_id(data: object) -> Literal[""] | str | Unset:
            if isinstance(data, Unset):
                return data
            request_id_type_0 = cast(Literal[""], data)
            if request_id_type_0 != "":
                raise ValueError(
                    f"request_id_type_0 must match const '', got '{request_id_type_0}'"
                )
            return request_id_type_0
            return cast(Literal[""] | str | Unset, data)

        request_id = _parse_request_id(d.pop("request_id", UNSET))

        version_notes = d.pop("version_notes", UNSET)

        _visibility = d.pop("visibility", UNSET)
        visibility: KeelAgentsV1CreateAgentRequestVisibility | Unset
        if isinstance(_visibility, Unset):
            visibility = UNSET
        else:
            visibility = check_keel_agents_v1_create_agent_request_visibility(_visibility)

        keel_agents_v1_create_agent_request = cls(
            config=config,
            name=name,
            avatar_url=avatar_url,
            description=description,
            org_id=org_id,
            request_id=request_id,
            version_notes=version_notes,
            visibility=visibility,
        )

        return keel_agents_v1_create_agent_request
