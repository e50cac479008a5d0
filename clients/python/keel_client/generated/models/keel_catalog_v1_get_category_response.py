from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_catalog_v1_category import KeelCatalogV1Category


T = TypeVar("T", bound="KeelCatalogV1GetCategoryResponse")


@_attrs_define
class KeelCatalogV1GetCategoryResponse:
    """
    Attributes:
        category (KeelCatalogV1Category | Unset): A group of templates shown together in the catalog.
    """

    category: KeelCatalogV1Category | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        category: dict[str, Any] | Unset = UNSET
        if not isinstance(self.category, Unset):
            category = self.category.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if category is not UNSET:
            field_dict["category"] = category

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_catalog_v1_category import KeelCatalogV1Category  # noqa: PLC0415

        d = dict(src_dict)
        _category = d.pop("category", UNSET)
        category: KeelCatalogV1Category | Unset
        if isinstance(_category, Unset):
            category = UNSET
        else:
            category = KeelCatalogV1Category.from_dict(_category)

        keel_catalog_v1_get_category_response = cls(
            category=category,
        )

        return keel_catalog_v1_get_category_response
