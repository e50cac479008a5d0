from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.keel_catalog_v1_example_message_role import (
    KeelCatalogV1ExampleMessageRole,
    check_keel_catalog_v1_example_message_role,
)

T = TypeVar("T", bound="KeelCatalogV1ExampleMessage")


@_attrs_define
class KeelCatalogV1ExampleMessage:
    """One turn of a usage example.

    Attributes:
        content (str):
        role (KeelCatalogV1ExampleMessageRole):
    """

    content: str
    role: KeelCatalogV1ExampleMessageRole

    def to_dict(self) -> dict[str, Any]:
        content = self.content

        role: str = self.role

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "content": content,
                "role": role,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        content = d.pop("content")

        role = check_keel_catalog_v1_example_message_role(d.pop("role"))

        keel_catalog_v1_example_message = cls(
            content=content,
            role=role,
        )

        return keel_catalog_v1_example_message
