from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="KeelCatalogV1FacetCount")


@_attrs_define
class KeelCatalogV1FacetCount:
    """
    Attributes:
        count (str | Unset):
        value (str | Unset):
    """

    count: str | Unset = UNSET
    value: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        count = self.count

        value = self.value

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if count is not UNSET:
            field_dict["count"] = count
        if value is not UNSET:
            field_dict["value"] = value

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        count = d.pop("count", UNSET)

        value = d.pop("value", UNSET)

        keel_catalog_v1_facet_count = cls(
            count=count,
            value=value,
        )

        return keel_catalog_v1_facet_count
