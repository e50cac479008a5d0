from typing import Literal

TemplateServiceForkTemplateBodyVisibility = Literal[
    "VISIBILITY_ORGANIZATION", "VISIBILITY_PRIVATE", "VISIBILITY_UNSPECIFIED"
]

TEMPLATE_SERVICE_FORK_TEMPLATE_BODY_VISIBILITY_VALUES: set[
    TemplateServiceForkTemplateBodyVisibility
] = {
    "VISIBILITY_ORGANIZATION",
    "VISIBILITY_PRIVATE",
    "VISIBILITY_UNSPECIFIED",
}


def check_template_service_fork_template_body_visibility(
    value: str,
) -> TemplateServiceForkTemplateBodyVisibility:
    if value in TEMPLATE_SERVICE_FORK_TEMPLATE_BODY_VISIBILITY_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {TEMPLATE_SERVICE_FORK_TEMPLATE_BODY_VISIBILITY_VALUES!r}"
    )
