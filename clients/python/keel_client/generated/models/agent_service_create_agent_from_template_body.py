from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

from ..models.agent_service_create_agent_from_template_body_visibility import (
    AgentServiceCreateAgentFromTemplateBodyVisibility,
    check_agent_service_create_agent_from_template_body_visibility,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="AgentServiceCreateAgentFromTemplateBody")


@_attrs_define
class AgentServiceCreateAgentFromTemplateBody:
    """
    Attributes:
        description (str | Unset):
        name (str | Unset): Empty: the template's name.
        org_id (Literal[''] | Unset | UUID): The organization; empty: the caller's active one. The template must be
            visible there.
        request_id (Literal[''] | str | Unset): As CreateAgent's: the same caller, template and request_id get the same
            agent,
            created and counted (by billing and by catalog) once.
        visibility (AgentServiceCreateAgentFromTemplateBodyVisibility | Unset): Unspecified: private.
    """

    description: str | Unset = UNSET
    name: str | Unset = UNSET
    org_id: Literal[""] | Unset | UUID = UNSET
    request_id: Literal[""] | str | Unset = UNSET
    visibility: AgentServiceCreateAgentFromTemplateBodyVisibility | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        description = self.description

        name = self.name

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

        visibility: str | Unset = UNSET
        if not isinstance(self.visibility, Unset):
            visibility = self.visibility

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if description is not UNSET:
            field_dict["description"] = description
        if name is not UNSET:
            field_dict["name"] = name
        if org_id is not UNSET:
            field_dict["org_id"] = org_id
        if request_id is not UNSET:
            field_dict["request_id"] = request_id
        if visibility is not UNSET:
            field_dict["visibility"] = visibility

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        description = d.pop("description", UNSET)

        name = d.pop("name", UNSET)

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

        _visibility = d.pop("visibility", UNSET)
        visibility: AgentServiceCreateAgentFromTemplateBodyVisibility | Unset
        if isinstance(_visibility, Unset):
            visibility = UNSET
        else:
            visibility = check_agent_service_create_agent_from_template_body_visibility(_visibility)

        agent_service_create_agent_from_template_body = cls(
            description=description,
            name=name,
            org_id=org_id,
            request_id=request_id,
            visibility=visibility,
        )

        return agent_service_create_agent_from_template_body
