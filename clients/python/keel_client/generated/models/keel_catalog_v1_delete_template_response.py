from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="KeelCatalogV1DeleteTemplateResponse")


@_attrs_define
class KeelCatalogV1DeleteTemplateResponse:
    def to_dict(self) -> dict[str, Any]:

        field_dict: dict[str, Any] = {}

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        keel_catalog_v1_delete_template_response = cls()

        return keel_catalog_v1_delete_template_response
