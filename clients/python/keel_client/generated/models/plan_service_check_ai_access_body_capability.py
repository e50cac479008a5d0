from typing import Literal

PlanServiceCheckAiAccessBodyCapability = Literal[
    "CAPABILITY_AGENT_RUN",
    "CAPABILITY_QUESTION_GENERATION",
    "CAPABILITY_TESTIMONIAL_ASSEMBLY",
    "CAPABILITY_TESTIMONIAL_POLISH",
]

PLAN_SERVICE_CHECK_AI_ACCESS_BODY_CAPABILITY_VALUES: set[PlanServiceCheckAiAccessBodyCapability] = {
    "CAPABILITY_AGENT_RUN",
    "CAPABILITY_QUESTION_GENERATION",
    "CAPABILITY_TESTIMONIAL_ASSEMBLY",
    "CAPABILITY_TESTIMONIAL_POLISH",
}


def check_plan_service_check_ai_access_body_capability(
    value: str,
) -> PlanServiceCheckAiAccessBodyCapability:
    if value in PLAN_SERVICE_CHECK_AI_ACCESS_BODY_CAPABILITY_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {PLAN_SERVICE_CHECK_AI_ACCESS_BODY_CAPABILITY_VALUES!r}"
    )
