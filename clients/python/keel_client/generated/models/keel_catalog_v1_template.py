from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.keel_catalog_v1_visibility import (
    KeelCatalogV1Visibility,
    check_keel_catalog_v1_visibility,
)
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_catalog_v1_template_config import KeelCatalogV1TemplateConfig
    from ..models.keel_catalog_v1_template_origin import KeelCatalogV1TemplateOrigin


T = TypeVar("T", bound="KeelCatalogV1Template")


@_attrs_define
class KeelCatalogV1Template:
    """
    Attributes:
        category (str | Unset): A category slug (GET /v1/templates/categories).
        color (str | Unset): `#rrggbb`.
        config (KeelCatalogV1TemplateConfig | Unset): What an agent made from the template starts with (stored as this
            message's JSON:
            `{system_prompt, model, tools, triggers, metadata}`).
        created_at (datetime.datetime | Unset):
        created_by (str | Unset): The user who created it (empty for the seeded ones).
        description (str | Unset):
        forked_from (KeelCatalogV1TemplateOrigin | Unset): Where a fork came from.
        icon (str | Unset): A lucide icon name, for example `headphones`.
        id (str | Unset):
        latest_version (int | Unset):
        name (str | Unset):
        official (bool | Unset): Made by the platform; always public.
        owner_org_id (str | Unset): Empty for official templates.
        slug (str | Unset): Unique among the owner's templates (an organization's, or the official ones).
        tags (list[str] | Unset):
        updated_at (datetime.datetime | Unset):
        use_count (str | Unset): Agents made from the template.
        view_count (str | Unset): Detail views, counted in batches (a few seconds behind).
        visibility (KeelCatalogV1Visibility | Unset): - `VISIBILITY_PUBLIC`: Everyone, anonymous callers included.
            - `VISIBILITY_ORGANIZATION`: Members of the owning organization.
            - `VISIBILITY_PRIVATE`: Its creator only, in the owning organization.
    """

    category: str | Unset = UNSET
    color: str | Unset = UNSET
    config: KeelCatalogV1TemplateConfig | Unset = UNSET
    created_at: datetime.datetime | Unset = UNSET
    created_by: str | Unset = UNSET
    description: str | Unset = UNSET
    forked_from: KeelCatalogV1TemplateOrigin | Unset = UNSET
    icon: str | Unset = UNSET
    id: str | Unset = UNSET
    latest_version: int | Unset = UNSET
    name: str | Unset = UNSET
    official: bool | Unset = UNSET
    owner_org_id: str | Unset = UNSET
    slug: str | Unset = UNSET
    tags: list[str] | Unset = UNSET
    updated_at: datetime.datetime | Unset = UNSET
    use_count: str | Unset = UNSET
    view_count: str | Unset = UNSET
    visibility: KeelCatalogV1Visibility | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        category = self.category

        color = self.color

        config: dict[str, Any] | Unset = UNSET
        if not isinstance(self.config, Unset):
            config = self.config.to_dict()

        created_at: str | Unset = UNSET
        if not isinstance(self.created_at, Unset):
            created_at = self.created_at.isoformat()

        created_by = self.created_by

        description = self.description

        forked_from: dict[str, Any] | Unset = UNSET
        if not isinstance(self.forked_from, Unset):
            forked_from = self.forked_from.to_dict()

        icon = self.icon

        id = self.id

        latest_version = self.latest_version

        name = self.name

        official = self.official

        owner_org_id = self.owner_org_id

        slug = self.slug

        tags: list[str] | Unset = UNSET
        if not isinstance(self.tags, Unset):
            tags = self.tags

        updated_at: str | Unset = UNSET
        if not isinstance(self.updated_at, Unset):
            updated_at = self.updated_at.isoformat()

        use_count = self.use_count

        view_count = self.view_count

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
        if created_at is not UNSET:
            field_dict["created_at"] = created_at
        if created_by is not UNSET:
            field_dict["created_by"] = created_by
        if description is not UNSET:
            field_dict["description"] = description
        if forked_from is not UNSET:
            field_dict["forked_from"] = forked_from
        if icon is not UNSET:
            field_dict["icon"] = icon
        if id is not UNSET:
            field_dict["id"] = id
        if latest_version is not UNSET:
            field_dict["latest_version"] = latest_version
        if name is not UNSET:
            field_dict["name"] = name
        if official is not UNSET:
            field_dict["official"] = official
        if owner_org_id is not UNSET:
            field_dict["owner_org_id"] = owner_org_id
        if slug is not UNSET:
            field_dict["slug"] = slug
        if tags is not UNSET:
            field_dict["tags"] = tags
        if updated_at is not UNSET:
            field_dict["updated_at"] = updated_at
        if use_count is not UNSET:
            field_dict["use_count"] = use_count
        if view_count is not UNSET:
            field_dict["view_count"] = view_count
        if visibility is not UNSET:
            field_dict["visibility"] = visibility

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_catalog_v1_template_config import KeelCatalogV1TemplateConfig  # noqa: PLC0415
        from ..models.keel_catalog_v1_template_origin import KeelCatalogV1TemplateOrigin  # noqa: PLC0415

        d = dict(src_dict)
        category = d.pop("category", UNSET)

        color = d.pop("color", UNSET)

        _config = d.pop("config", UNSET)
        config: KeelCatalogV1TemplateConfig | Unset
        if isinstance(_config, Unset):
            config = UNSET
        else:
            config = KeelCatalogV1TemplateConfig.from_dict(_config)

        _created_at = d.pop("created_at", UNSET)
        created_at: datetime.datetime | Unset
        if isinstance(_created_at, Unset):
            created_at = UNSET
        else:
            created_at = datetime.datetime.fromisoformat(_created_at)

        created_by = d.pop("created_by", UNSET)

        description = d.pop("description", UNSET)

        _forked_from = d.pop("forked_from", UNSET)
        forked_from: KeelCatalogV1TemplateOrigin | Unset
        if isinstance(_forked_from, Unset):
            forked_from = UNSET
        else:
            forked_from = KeelCatalogV1TemplateOrigin.from_dict(_forked_from)

        icon = d.pop("icon", UNSET)

        id = d.pop("id", UNSET)

        latest_version = d.pop("latest_version", UNSET)

        name = d.pop("name", UNSET)

        official = d.pop("official", UNSET)

        owner_org_id = d.pop("owner_org_id", UNSET)

        slug = d.pop("slug", UNSET)

        tags = cast(list[str], d.pop("tags", UNSET))

        _updated_at = d.pop("updated_at", UNSET)
        updated_at: datetime.datetime | Unset
        if isinstance(_updated_at, Unset):
            updated_at = UNSET
        else:
            updated_at = datetime.datetime.fromisoformat(_updated_at)

        use_count = d.pop("use_count", UNSET)

        view_count = d.pop("view_count", UNSET)

        _visibility = d.pop("visibility", UNSET)
        visibility: KeelCatalogV1Visibility | Unset
        if isinstance(_visibility, Unset):
            visibility = UNSET
        else:
            visibility = check_keel_catalog_v1_visibility(_visibility)

        keel_catalog_v1_template = cls(
            category=category,
            color=color,
            config=config,
            created_at=created_at,
            created_by=created_by,
            description=description,
            forked_from=forked_from,
            icon=icon,
            id=id,
            latest_version=latest_version,
            name=name,
            official=official,
            owner_org_id=owner_org_id,
            slug=slug,
            tags=tags,
            updated_at=updated_at,
            use_count=use_count,
            view_count=view_count,
            visibility=visibility,
        )

        return keel_catalog_v1_template
