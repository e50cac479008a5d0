from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

from ..models.template_service_fork_template_body_visibility import (
    TemplateServiceForkTemplateBodyVisibility,
    check_template_service_fork_template_body_visibility,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="TemplateServiceForkTemplateBody")


@_attrs_define
class TemplateServiceForkTemplateBody:
    """
    Attributes:
        name (str | Unset): Empty: the origin's name.
        org_id (Literal[''] | Unset | UUID): The organization to fork into; empty: the caller's active one.
        slug (Literal[''] | str | Unset): Empty: the origin's slug, with a number added if the organization has it
            already.
        version (int | Unset): The version to copy; 0: the latest.
        visibility (TemplateServiceForkTemplateBodyVisibility | Unset): Organization (the default) or private.
    """

    name: str | Unset = UNSET
    org_id: Literal[""] | Unset | UUID = UNSET
    slug: Literal[""] | str | Unset = UNSET
    version: int | Unset = UNSET
    visibility: TemplateServiceForkTemplateBodyVisibility | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        org_id: Literal[""] | str | Unset
        if isinstance(self.org_id, Unset):
            org_id = UNSET
        elif isinstance(self.org_id, UUID):
            org_id = str(self.org_id)
        else:
            org_id = self.org_id

        slug: Literal[""] | str | Unset
        if isinstance(self.slug, Unset):
            slug = UNSET
        else:
            slug = self.slug

        version = self.version

        visibility: str | Unset = UNSET
        if not isinstance(self.visibility, Unset):
            visibility = self.visibility

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if org_id is not UNSET:
            field_dict["org_id"] = org_id
        if slug is not UNSET:
            field_dict["slug"] = slug
        if version is not UNSET:
            field_dict["version"] = version
        if visibility is not UNSET:
            field_dict["visibility"] = visibility

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
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

        def _parse_slug(data: object) -> Literal[""] | str | Unset:
            if isinstance(data, Unset):
                return data
            slug_type_0 = cast(Literal[""], data)
            if slug_type_0 != "":
                raise ValueError(f"slug_type_0 must match const '', got '{slug_type_0}'")
            return slug_type_0
            return cast(Literal[""] | str | Unset, data)

        slug = _parse_slug(d.pop("slug", UNSET))

        version = d.pop("version", UNSET)

        _visibility = d.pop("visibility", UNSET)
        visibility: TemplateServiceForkTemplateBodyVisibility | Unset
        if isinstance(_visibility, Unset):
            visibility = UNSET
        else:
            visibility = check_template_service_fork_template_body_visibility(_visibility)

        template_service_fork_template_body = cls(
            name=name,
            org_id=org_id,
            slug=slug,
            version=version,
            visibility=visibility,
        )

        return template_service_fork_template_body
