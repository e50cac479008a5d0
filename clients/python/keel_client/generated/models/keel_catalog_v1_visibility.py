from typing import Literal

KeelCatalogV1Visibility = Literal[
    "VISIBILITY_ORGANIZATION", "VISIBILITY_PRIVATE", "VISIBILITY_PUBLIC", "VISIBILITY_UNSPECIFIED"
]

KEEL_CATALOG_V1_VISIBILITY_VALUES: set[KeelCatalogV1Visibility] = {
    "VISIBILITY_ORGANIZATION",
    "VISIBILITY_PRIVATE",
    "VISIBILITY_PUBLIC",
    "VISIBILITY_UNSPECIFIED",
}


def check_keel_catalog_v1_visibility(value: str) -> KeelCatalogV1Visibility:
    if value in KEEL_CATALOG_V1_VISIBILITY_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {KEEL_CATALOG_V1_VISIBILITY_VALUES!r}"
    )
