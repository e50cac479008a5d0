from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

from ..models.keel_catalog_v1_create_template_request_visibility import (
    KeelCatalogV1CreateTemplateRequestVisibility,
    check_keel_catalog_v1_create_template_request_visibility,
)
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_catalog_v1_template_config import KeelCatalogV1TemplateConfig


T = TypeVar("T", bound="KeelCatalogV1CreateTemplateRequest")


@_attrs_define
class KeelCatalogV1CreateTemplateRequest:
    """
    Attributes:
        category (str):
        config (KeelCatalogV1TemplateConfig): What an agent made from the template starts with (stored as this message's
            JSON:
            `{system_prompt, model, tools, triggers, metadata}`).
        name (str):
        slug (str):
        color (Literal[''] | str | Unset):
        description (str | Unset):
        icon (Literal[''] | str | Unset):
        official (bool | Unset):
        org_id (Literal[''] | Unset | UUID): The owning organization; empty: the caller's active one. Not for official
            templates.
        tags (list[str] | Unset):
        version_notes (str | Unset): Notes of version 1.
        visibility (KeelCatalogV1CreateTemplateRequestVisibility | Unset): Unspecified: organization (official
            templates: public).
    """

    category: str
    config: KeelCatalogV1TemplateConfig
    name: str
    slug: str
    color: Literal[""] | str | Unset = UNSET
    description: str | Unset = UNSET
    icon: Literal[""] | str | Unset = UNSET
    official: bool | Unset = UNSET
    org_id: Literal[""] | Unset | UUID = UNSET
    tags: list[str] | Unset = UNSET
    version_notes: str | Unset = UNSET
    visibility: KeelCatalogV1CreateTemplateRequestVisibility | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        category = self.category

        config = self.config.to_dict()

        name = self.name

        slug = self.slug

        color: Literal[""] | str | Unset
        if isinstance(self.color, Unset):
            color = UNSET
        else:
            color = self.color

        description = self.description

        icon: Literal[""] | str | Unset
        if isinstance(self.icon, Unset):
            icon = UNSET
        else:
            icon = self.icon

        official = self.official

        org_id: Literal[""] | str | Unset
        if isinstance(self.org_id, Unset):
            org_id = UNSET
        elif isinstance(self.org_id, UUID):
            org_id = str(self.org_id)
        else:
            org_id = self.org_id

        tags: list[str] | Unset = UNSET
        if not isinstance(self.tags, Unset):
            tags = self.tags

        version_notes = self.version_notes

        visibility: str | Unset = UNSET
        if not isinstance(self.visibility, Unset):
            visibility = self.visibility

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "category": category,
                "config": config,
                "name": name,
                "slug": slug,
            }
        )
        if color is not UNSET:
            field_dict["color"] = color
        if description is not UNSET:
            field_dict["description"] = description
        if icon is not UNSET:
            field_dict["icon"] = icon
        if official is not UNSET:
            field_dict["official"] = official
        if org_id is not UNSET:
            field_dict["org_id"] = org_id
        if tags is not UNSET:
            field_dict["tags"] = tags
        if version_notes is not UNSET:
            field_dict["version_notes"] = version_notes
        if visibility is not UNSET:
            field_dict["visibility"] = visibility

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_catalog_v1_template_config import KeelCatalogV1TemplateConfig  # noqa: PLC0415

        d = dict(src_dict)
        category = d.pop("category")

        config = KeelCatalogV1TemplateConfig.from_dict(d.pop("config"))

        name = d.pop("name")

        slug = d.pop("slug")

        def _parse_color(data: object) -> Literal[""] | str | Unset:
            if isinstance(data, Unset):
                return data
            color_type_0 = cast(Literal[""], data)
            if color_type_0 != "":
                raise ValueError(f"color_type_0 must match const '', got '{color_type_0}'")
            return color_type_0
            return cast(Literal[""] | str | Unset, data)

        color = _parse_color(d.pop("color", UNSET))

        description = d.pop("description", UNSET)

        def _parse_icon(data: object) -> Literal[""] | str | Unset:
            if isinstance(data, Unset):
                return data
            icon_type_0 = cast(Literal[""], data)
            if icon_type_0 != "":
                raise ValueError(f"icon_type_0 must match const '', got '{icon_type_0}'")
            return icon_type_0
            return cast(Literal[""] | str | Unset, data)

        icon = _parse_icon(d.pop("icon", UNSET))

        official = d.pop("official", UNSET)

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

        tags = cast(list[str], d.pop("tags", UNSET))

        version_notes = d.pop("version_notes", UNSET)

        _visibility = d.pop("visibility", UNSET)
        visibility: KeelCatalogV1CreateTemplateRequestVisibility | Unset
        if isinstance(_visibility, Unset):
            visibility = UNSET
        else:
            visibility = check_keel_catalog_v1_create_template_request_visibility(_visibility)

        keel_catalog_v1_create_template_request = cls(
            category=category,
            config=config,
            name=name,
            slug=slug,
            color=color,
            description=description,
            icon=icon,
            official=official,
            org_id=org_id,
            tags=tags,
            version_notes=version_notes,
            visibility=visibility,
        )

        return keel_catalog_v1_create_template_request
