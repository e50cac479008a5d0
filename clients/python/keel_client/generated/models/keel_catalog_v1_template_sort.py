from typing import Literal

KeelCatalogV1TemplateSort = Literal[
    "TEMPLATE_SORT_NEWEST",
    "TEMPLATE_SORT_POPULAR",
    "TEMPLATE_SORT_RELEVANCE",
    "TEMPLATE_SORT_UNSPECIFIED",
]

KEEL_CATALOG_V1_TEMPLATE_SORT_VALUES: set[KeelCatalogV1TemplateSort] = {
    "TEMPLATE_SORT_NEWEST",
    "TEMPLATE_SORT_POPULAR",
    "TEMPLATE_SORT_RELEVANCE",
    "TEMPLATE_SORT_UNSPECIFIED",
}


def check_keel_catalog_v1_template_sort(value: str) -> KeelCatalogV1TemplateSort:
    if value in KEEL_CATALOG_V1_TEMPLATE_SORT_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {KEEL_CATALOG_V1_TEMPLATE_SORT_VALUES!r}"
    )
