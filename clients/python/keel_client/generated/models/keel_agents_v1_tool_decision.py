from typing import Literal

KeelAgentsV1ToolDecision = Literal[
    "TOOL_DECISION_APPROVE",
    "TOOL_DECISION_DENY",
    "TOOL_DECISION_OUTPUT",
    "TOOL_DECISION_UNSPECIFIED",
]

KEEL_AGENTS_V1_TOOL_DECISION_VALUES: set[KeelAgentsV1ToolDecision] = {
    "TOOL_DECISION_APPROVE",
    "TOOL_DECISION_DENY",
    "TOOL_DECISION_OUTPUT",
    "TOOL_DECISION_UNSPECIFIED",
}


def check_keel_agents_v1_tool_decision(value: str) -> KeelAgentsV1ToolDecision:
    if value in KEEL_AGENTS_V1_TOOL_DECISION_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {KEEL_AGENTS_V1_TOOL_DECISION_VALUES!r}"
    )
