from typing import Literal

TemplateServiceListTemplatesSort = Literal[
    "TEMPLATE_SORT_NEWEST",
    "TEMPLATE_SORT_POPULAR",
    "TEMPLATE_SORT_RELEVANCE",
    "TEMPLATE_SORT_UNSPECIFIED",
]

TEMPLATE_SERVICE_LIST_TEMPLATES_SORT_VALUES: set[TemplateServiceListTemplatesSort] = {
    "TEMPLATE_SORT_NEWEST",
    "TEMPLATE_SORT_POPULAR",
    "TEMPLATE_SORT_RELEVANCE",
    "TEMPLATE_SORT_UNSPECIFIED",
}


def check_template_service_list_templates_sort(value: str) -> TemplateServiceListTemplatesSort:
    if value in TEMPLATE_SERVICE_LIST_TEMPLATES_SORT_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {TEMPLATE_SERVICE_LIST_TEMPLATES_SORT_VALUES!r}"
    )
