from typing import Literal

KeelCatalogV1ToolKind = Literal["TOOL_KIND_BUILTIN", "TOOL_KIND_MCP"]

KEEL_CATALOG_V1_TOOL_KIND_VALUES: set[KeelCatalogV1ToolKind] = {
    "TOOL_KIND_BUILTIN",
    "TOOL_KIND_MCP",
}


def check_keel_catalog_v1_tool_kind(value: str) -> KeelCatalogV1ToolKind:
    if value in KEEL_CATALOG_V1_TOOL_KIND_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {KEEL_CATALOG_V1_TOOL_KIND_VALUES!r}"
    )
