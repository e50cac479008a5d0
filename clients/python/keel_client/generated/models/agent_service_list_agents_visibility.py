from typing import Literal

AgentServiceListAgentsVisibility = Literal[
    "VISIBILITY_ORGANIZATION", "VISIBILITY_PRIVATE", "VISIBILITY_PUBLIC", "VISIBILITY_UNSPECIFIED"
]

AGENT_SERVICE_LIST_AGENTS_VISIBILITY_VALUES: set[AgentServiceListAgentsVisibility] = {
    "VISIBILITY_ORGANIZATION",
    "VISIBILITY_PRIVATE",
    "VISIBILITY_PUBLIC",
    "VISIBILITY_UNSPECIFIED",
}


def check_agent_service_list_agents_visibility(value: str) -> AgentServiceListAgentsVisibility:
    if value in AGENT_SERVICE_LIST_AGENTS_VISIBILITY_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {AGENT_SERVICE_LIST_AGENTS_VISIBILITY_VALUES!r}"
    )
