from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_catalog_v1_facet_count import KeelCatalogV1FacetCount


T = TypeVar("T", bound="KeelCatalogV1Facets")


@_attrs_define
class KeelCatalogV1Facets:
    """Counts over every template the query and filters match (not only the page).

    Attributes:
        categories (list[KeelCatalogV1FacetCount] | Unset):
        tags (list[KeelCatalogV1FacetCount] | Unset): The 50 most frequent tags.
        total (str | Unset):
    """

    categories: list[KeelCatalogV1FacetCount] | Unset = UNSET
    tags: list[KeelCatalogV1FacetCount] | Unset = UNSET
    total: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        categories: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.categories, Unset):
            categories = []
            for categories_item_data in self.categories:
                categories_item = categories_item_data.to_dict()
                categories.append(categories_item)

        tags: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.tags, Unset):
            tags = []
            for tags_item_data in self.tags:
                tags_item = tags_item_data.to_dict()
                tags.append(tags_item)

        total = self.total

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if categories is not UNSET:
            field_dict["categories"] = categories
        if tags is not UNSET:
            field_dict["tags"] = tags
        if total is not UNSET:
            field_dict["total"] = total

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_catalog_v1_facet_count import KeelCatalogV1FacetCount  # noqa: PLC0415

        d = dict(src_dict)
        _categories = d.pop("categories", UNSET)
        categories: list[KeelCatalogV1FacetCount] | Unset = UNSET
        if _categories is not UNSET:
            categories = []
            for categories_item_data in _categories:
                categories_item = KeelCatalogV1FacetCount.from_dict(categories_item_data)

                categories.append(categories_item)

        _tags = d.pop("tags", UNSET)
        tags: list[KeelCatalogV1FacetCount] | Unset = UNSET
        if _tags is not UNSET:
            tags = []
            for tags_item_data in _tags:
                tags_item = KeelCatalogV1FacetCount.from_dict(tags_item_data)

                tags.append(tags_item)

        total = d.pop("total", UNSET)

        keel_catalog_v1_facets = cls(
            categories=categories,
            tags=tags,
            total=total,
        )

        return keel_catalog_v1_facets
