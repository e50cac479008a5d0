from typing import Literal

TemplateServiceUpdateTemplateBodyVisibility = Literal[
    "VISIBILITY_ORGANIZATION", "VISIBILITY_PRIVATE", "VISIBILITY_PUBLIC", "VISIBILITY_UNSPECIFIED"
]

TEMPLATE_SERVICE_UPDATE_TEMPLATE_BODY_VISIBILITY_VALUES: set[
    TemplateServiceUpdateTemplateBodyVisibility
] = {
    "VISIBILITY_ORGANIZATION",
    "VISIBILITY_PRIVATE",
    "VISIBILITY_PUBLIC",
    "VISIBILITY_UNSPECIFIED",
}


def check_template_service_update_template_body_visibility(
    value: str,
) -> TemplateServiceUpdateTemplateBodyVisibility:
    if value in TEMPLATE_SERVICE_UPDATE_TEMPLATE_BODY_VISIBILITY_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {TEMPLATE_SERVICE_UPDATE_TEMPLATE_BODY_VISIBILITY_VALUES!r}"
    )
