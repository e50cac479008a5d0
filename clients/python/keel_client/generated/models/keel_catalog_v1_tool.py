from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..models.keel_catalog_v1_tool_kind import (
    KeelCatalogV1ToolKind,
    check_keel_catalog_v1_tool_kind,
)
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.keel_catalog_v1_mcp_server import KeelCatalogV1McpServer
    from ..models.keel_catalog_v1_tool_settings import KeelCatalogV1ToolSettings


T = TypeVar("T", bound="KeelCatalogV1Tool")


@_attrs_define
class KeelCatalogV1Tool:
    """
    Attributes:
        kind (KeelCatalogV1ToolKind):
        name (str): Built-in: the platform's tool name; MCP: a name for the server's tools.
        description (str | Unset):
        mcp_server (KeelCatalogV1McpServer | Unset):
        settings (KeelCatalogV1ToolSettings | Unset): Tool-specific settings (at most 8 KiB as JSON).
    """

    kind: KeelCatalogV1ToolKind
    name: str
    description: str | Unset = UNSET
    mcp_server: KeelCatalogV1McpServer | Unset = UNSET
    settings: KeelCatalogV1ToolSettings | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        kind: str = self.kind

        name = self.name

        description = self.description

        mcp_server: dict[str, Any] | Unset = UNSET
        if not isinstance(self.mcp_server, Unset):
            mcp_server = self.mcp_server.to_dict()

        settings: dict[str, Any] | Unset = UNSET
        if not isinstance(self.settings, Unset):
            settings = self.settings.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "kind": kind,
                "name": name,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description
        if mcp_server is not UNSET:
            field_dict["mcp_server"] = mcp_server
        if settings is not UNSET:
            field_dict["settings"] = settings

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.keel_catalog_v1_mcp_server import KeelCatalogV1McpServer  # noqa: PLC0415
        from ..models.keel_catalog_v1_tool_settings import KeelCatalogV1ToolSettings  # noqa: PLC0415

        d = dict(src_dict)
        kind = check_keel_catalog_v1_tool_kind(d.pop("kind"))

        name = d.pop("name")

        description = d.pop("description", UNSET)

        _mcp_server = d.pop("mcp_server", UNSET)
        mcp_server: KeelCatalogV1McpServer | Unset
        if isinstance(_mcp_server, Unset):
            mcp_server = UNSET
        else:
            mcp_server = KeelCatalogV1McpServer.from_dict(_mcp_server)

        _settings = d.pop("settings", UNSET)
        settings: KeelCatalogV1ToolSettings | Unset
        if isinstance(_settings, Unset):
            settings = UNSET
        else:
            settings = KeelCatalogV1ToolSettings.from_dict(_settings)

        keel_catalog_v1_tool = cls(
            kind=kind,
            name=name,
            description=description,
            mcp_server=mcp_server,
            settings=settings,
        )

        return keel_catalog_v1_tool
