from typing import Literal

KeelCatalogV1ToolKindEnum = Literal["TOOL_KIND_BUILTIN", "TOOL_KIND_MCP", "TOOL_KIND_UNSPECIFIED"]

KEEL_CATALOG_V1_TOOL_KIND_ENUM_VALUES: set[KeelCatalogV1ToolKindEnum] = {
    "TOOL_KIND_BUILTIN",
    "TOOL_KIND_MCP",
    "TOOL_KIND_UNSPECIFIED",
}


def check_keel_catalog_v1_tool_kind_enum(value: str) -> KeelCatalogV1ToolKindEnum:
    if value in KEEL_CATALOG_V1_TOOL_KIND_ENUM_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {KEEL_CATALOG_V1_TOOL_KIND_ENUM_VALUES!r}"
    )
