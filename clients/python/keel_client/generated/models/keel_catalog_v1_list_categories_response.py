from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_catalog_v1_category import KeelCatalogV1Category


T = TypeVar("T", bound="KeelCatalogV1ListCategoriesResponse")


@_attrs_define
class KeelCatalogV1ListCategoriesResponse:
    """
    Attributes:
        categories (list[KeelCatalogV1Category] | Unset):
        next_page_token (str | Unset): Empty when there are no more pages.
    """

    categories: list[KeelCatalogV1Category] | Unset = UNSET
    next_page_token: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        categories: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.categories, Unset):
            categories = []
            for categories_item_data in self.categories:
                categories_item = categories_item_data.to_dict()
                categories.append(categories_item)

        next_page_token = self.next_page_token

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if categories is not UNSET:
            field_dict["categories"] = categories
        if next_page_token is not UNSET:
            field_dict["next_page_token"] = next_page_token

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_catalog_v1_category import KeelCatalogV1Category  # noqa: PLC0415

        d = dict(src_dict)
        _categories = d.pop("categories", UNSET)
        categories: list[KeelCatalogV1Category] | Unset = UNSET
        if _categories is not UNSET:
            categories = []
            for categories_item_data in _categories:
                categories_item = KeelCatalogV1Category.from_dict(categories_item_data)

                categories.append(categories_item)

        next_page_token = d.pop("next_page_token", UNSET)

        keel_catalog_v1_list_categories_response = cls(
            categories=categories,
            next_page_token=next_page_token,
        )

        return keel_catalog_v1_list_categories_response
