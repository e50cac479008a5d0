from typing import Literal

AgentServiceUpdateAgentBodyVisibility = Literal[
    "VISIBILITY_ORGANIZATION", "VISIBILITY_PRIVATE", "VISIBILITY_PUBLIC", "VISIBILITY_UNSPECIFIED"
]

AGENT_SERVICE_UPDATE_AGENT_BODY_VISIBILITY_VALUES: set[AgentServiceUpdateAgentBodyVisibility] = {
    "VISIBILITY_ORGANIZATION",
    "VISIBILITY_PRIVATE",
    "VISIBILITY_PUBLIC",
    "VISIBILITY_UNSPECIFIED",
}


def check_agent_service_update_agent_body_visibility(
    value: str,
) -> AgentServiceUpdateAgentBodyVisibility:
    if value in AGENT_SERVICE_UPDATE_AGENT_BODY_VISIBILITY_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {AGENT_SERVICE_UPDATE_AGENT_BODY_VISIBILITY_VALUES!r}"
    )
