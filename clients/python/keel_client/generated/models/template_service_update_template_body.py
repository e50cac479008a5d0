from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.template_service_update_template_body_visibility import (
    TemplateServiceUpdateTemplateBodyVisibility,
    check_template_service_update_template_body_visibility,
)
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_catalog_v1_template_config import KeelCatalogV1TemplateConfig


T = TypeVar("T", bound="TemplateServiceUpdateTemplateBody")


@_attrs_define
class TemplateServiceUpdateTemplateBody:
    """
    Attributes:
        category (str | Unset):
        color (str | Unset):
        config (KeelCatalogV1TemplateConfig | Unset): What an agent made from the template starts with (stored as this
            message's JSON:
            `{system_prompt, model, tools, triggers, metadata}`).
        description (str | Unset):
        icon (str | Unset):
        name (str | Unset):
        slug (str | Unset):
        tags (list[str] | Unset):
        update_mask (str | Unset):
        version_notes (str | Unset):
        visibility (TemplateServiceUpdateTemplateBodyVisibility | Unset):
    """

    category: str | Unset = UNSET
    color: str | Unset = UNSET
    config: KeelCatalogV1TemplateConfig | Unset = UNSET
    description: str | Unset = UNSET
    icon: str | Unset = UNSET
    name: str | Unset = UNSET
    slug: str | Unset = UNSET
    tags: list[str] | Unset = UNSET
    update_mask: str | Unset = UNSET
    version_notes: str | Unset = UNSET
    visibility: TemplateServiceUpdateTemplateBodyVisibility | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        category = self.category

        color = self.color

        config: dict[str, Any] | Unset = UNSET
        if not isinstance(self.config, Unset):
            config = self.config.to_dict()

        description = self.description

        icon = self.icon

        name = self.name

        slug = self.slug

        tags: list[str] | Unset = UNSET
        if not isinstance(self.tags, Unset):
            tags = self.tags

        update_mask = self.update_mask

        version_notes = self.version_notes

        visibility: str | Unset = UNSET
        if not isinstance(self.visibility, Unset):
            visibility = self.visibility

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if category is not UNSET:
            field_dict["category"] = category
        if color is not UNSET:
            field_dict["color"] = color
        if config is not UNSET:
            field_dict["config"] = config
        if description is not UNSET:
            field_dict["description"] = description
        if icon is not UNSET:
            field_dict["icon"] = icon
        if name is not UNSET:
            field_dict["name"] = name
        if slug is not UNSET:
            field_dict["slug"] = slug
        if tags is not UNSET:
            field_dict["tags"] = tags
        if update_mask is not UNSET:
            field_dict["update_mask"] = update_mask
        if version_notes is not UNSET:
            field_dict["version_notes"] = version_notes
        if visibility is not UNSET:
            field_dict["visibility"] = visibility

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_catalog_v1_template_config import KeelCatalogV1TemplateConfig  # noqa: PLC0415

        d = dict(src_dict)
        category = d.pop("category", UNSET)

        color = d.pop("color", UNSET)

        _config = d.pop("config", UNSET)
        config: KeelCatalogV1TemplateConfig | Unset
        if isinstance(_config, Unset):
            config = UNSET
        else:
            config = KeelCatalogV1TemplateConfig.from_dict(_config)

        description = d.pop("description", UNSET)

        icon = d.pop("icon", UNSET)

        name = d.pop("name", UNSET)

        slug = d.pop("slug", UNSET)

        tags = cast(list[str], d.pop("tags", UNSET))

        update_mask = d.pop("update_mask", UNSET)

        version_notes = d.pop("version_notes", UNSET)

        _visibility = d.pop("visibility", UNSET)
        visibility: TemplateServiceUpdateTemplateBodyVisibility | Unset
        if isinstance(_visibility, Unset):
            visibility = UNSET
        else:
            visibility = check_template_service_update_template_body_visibility(_visibility)

        template_service_update_template_body = cls(
            category=category,
            color=color,
            config=config,
            description=description,
            icon=icon,
            name=name,
            slug=slug,
            tags=tags,
            update_mask=update_mask,
            version_notes=version_notes,
            visibility=visibility,
        )

        return template_service_update_template_body
