from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="KeelCatalogV1McpServer")


@_attrs_define
class KeelCatalogV1McpServer:
    """
    Attributes:
        name (str):
        url (str):
        allowed_tools (list[str] | Unset): Only these of the server's tools (empty: all).
    """

    name: str
    url: str
    allowed_tools: list[str] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        url = self.url

        allowed_tools: list[str] | Unset = UNSET
        if not isinstance(self.allowed_tools, Unset):
            allowed_tools = self.allowed_tools

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "url": url,
            }
        )
        if allowed_tools is not UNSET:
            field_dict["allowed_tools"] = allowed_tools

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        url = d.pop("url")

        allowed_tools = cast(list[str], d.pop("allowed_tools", UNSET))

        keel_catalog_v1_mcp_server = cls(
            name=name,
            url=url,
            allowed_tools=allowed_tools,
        )

        return keel_catalog_v1_mcp_server
