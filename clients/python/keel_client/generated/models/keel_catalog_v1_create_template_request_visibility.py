from typing import Literal

KeelCatalogV1CreateTemplateRequestVisibility = Literal[
    "VISIBILITY_ORGANIZATION", "VISIBILITY_PRIVATE", "VISIBILITY_PUBLIC", "VISIBILITY_UNSPECIFIED"
]

KEEL_CATALOG_V1_CREATE_TEMPLATE_REQUEST_VISIBILITY_VALUES: set[
    KeelCatalogV1CreateTemplateRequestVisibility
] = {
    "VISIBILITY_ORGANIZATION",
    "VISIBILITY_PRIVATE",
    "VISIBILITY_PUBLIC",
    "VISIBILITY_UNSPECIFIED",
}


def check_keel_catalog_v1_create_template_request_visibility(
    value: str,
) -> KeelCatalogV1CreateTemplateRequestVisibility:
    if value in KEEL_CATALOG_V1_CREATE_TEMPLATE_REQUEST_VISIBILITY_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {KEEL_CATALOG_V1_CREATE_TEMPLATE_REQUEST_VISIBILITY_VALUES!r}"
    )
