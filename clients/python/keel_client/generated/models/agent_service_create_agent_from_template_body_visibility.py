from typing import Literal

AgentServiceCreateAgentFromTemplateBodyVisibility = Literal[
    "VISIBILITY_ORGANIZATION", "VISIBILITY_PRIVATE", "VISIBILITY_PUBLIC", "VISIBILITY_UNSPECIFIED"
]

AGENT_SERVICE_CREATE_AGENT_FROM_TEMPLATE_BODY_VISIBILITY_VALUES: set[
    AgentServiceCreateAgentFromTemplateBodyVisibility
] = {
    "VISIBILITY_ORGANIZATION",
    "VISIBILITY_PRIVATE",
    "VISIBILITY_PUBLIC",
    "VISIBILITY_UNSPECIFIED",
}


def check_agent_service_create_agent_from_template_body_visibility(
    value: str,
) -> AgentServiceCreateAgentFromTemplateBodyVisibility:
    if value in AGENT_SERVICE_CREATE_AGENT_FROM_TEMPLATE_BODY_VISIBILITY_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {AGENT_SERVICE_CREATE_AGENT_FROM_TEMPLATE_BODY_VISIBILITY_VALUES!r}"
    )
