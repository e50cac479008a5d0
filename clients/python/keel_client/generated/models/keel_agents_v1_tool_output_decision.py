from typing import Literal

KeelAgentsV1ToolOutputDecision = Literal[
    "TOOL_DECISION_APPROVE", "TOOL_DECISION_DENY", "TOOL_DECISION_OUTPUT"
]

KEEL_AGENTS_V1_TOOL_OUTPUT_DECISION_VALUES: set[KeelAgentsV1ToolOutputDecision] = {
    "TOOL_DECISION_APPROVE",
    "TOOL_DECISION_DENY",
    "TOOL_DECISION_OUTPUT",
}


def check_keel_agents_v1_tool_output_decision(value: str) -> KeelAgentsV1ToolOutputDecision:
    if value in KEEL_AGENTS_V1_TOOL_OUTPUT_DECISION_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {KEEL_AGENTS_V1_TOOL_OUTPUT_DECISION_VALUES!r}"
    )
