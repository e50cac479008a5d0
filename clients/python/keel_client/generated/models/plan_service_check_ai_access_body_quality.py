from typing import Literal

PlanServiceCheckAiAccessBodyQuality = Literal[
    "QUALITY_LEVEL_ENHANCED", "QUALITY_LEVEL_FAST", "QUALITY_LEVEL_PREMIUM"
]

PLAN_SERVICE_CHECK_AI_ACCESS_BODY_QUALITY_VALUES: set[PlanServiceCheckAiAccessBodyQuality] = {
    "QUALITY_LEVEL_ENHANCED",
    "QUALITY_LEVEL_FAST",
    "QUALITY_LEVEL_PREMIUM",
}


def check_plan_service_check_ai_access_body_quality(
    value: str,
) -> PlanServiceCheckAiAccessBodyQuality:
    if value in PLAN_SERVICE_CHECK_AI_ACCESS_BODY_QUALITY_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {PLAN_SERVICE_CHECK_AI_ACCESS_BODY_QUALITY_VALUES!r}"
    )
