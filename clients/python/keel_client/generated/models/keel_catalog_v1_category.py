from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="KeelCatalogV1Category")


@_attrs_define
class KeelCatalogV1Category:
    """A group of templates shown together in the catalog.

    Attributes:
        description (str | Unset):
        icon (str | Unset): Icon name from the front end's icon set.
        name (str | Unset): Display name.
        slug (str | Unset): Stable, URL-safe identifier, for example `customer-service`.
        sort_order (int | Unset): Position in lists; lower comes first.
    """

    description: str | Unset = UNSET
    icon: str | Unset = UNSET
    name: str | Unset = UNSET
    slug: str | Unset = UNSET
    sort_order: int | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        description = self.description

        icon = self.icon

        name = self.name

        slug = self.slug

        sort_order = self.sort_order

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if description is not UNSET:
            field_dict["description"] = description
        if icon is not UNSET:
            field_dict["icon"] = icon
        if name is not UNSET:
            field_dict["name"] = name
        if slug is not UNSET:
            field_dict["slug"] = slug
        if sort_order is not UNSET:
            field_dict["sort_order"] = sort_order

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        description = d.pop("description", UNSET)

        icon = d.pop("icon", UNSET)

        name = d.pop("name", UNSET)

        slug = d.pop("slug", UNSET)

        sort_order = d.pop("sort_order", UNSET)

        keel_catalog_v1_category = cls(
            description=description,
            icon=icon,
            name=name,
            slug=slug,
            sort_order=sort_order,
        )

        return keel_catalog_v1_category
