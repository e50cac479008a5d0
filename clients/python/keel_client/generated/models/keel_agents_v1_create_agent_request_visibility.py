from typing import Literal

KeelAgentsV1CreateAgentRequestVisibility = Literal[
    "VISIBILITY_ORGANIZATION", "VISIBILITY_PRIVATE", "VISIBILITY_PUBLIC", "VISIBILITY_UNSPECIFIED"
]

KEEL_AGENTS_V1_CREATE_AGENT_REQUEST_VISIBILITY_VALUES: set[
    KeelAgentsV1CreateAgentRequestVisibility
] = {
    "VISIBILITY_ORGANIZATION",
    "VISIBILITY_PRIVATE",
    "VISIBILITY_PUBLIC",
    "VISIBILITY_UNSPECIFIED",
}


def check_keel_agents_v1_create_agent_request_visibility(
    value: str,
) -> KeelAgentsV1CreateAgentRequestVisibility:
    if value in KEEL_AGENTS_V1_CREATE_AGENT_REQUEST_VISIBILITY_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {KEEL_AGENTS_V1_CREATE_AGENT_REQUEST_VISIBILITY_VALUES!r}"
    )
