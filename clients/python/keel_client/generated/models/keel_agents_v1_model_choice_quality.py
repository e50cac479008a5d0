from typing import Literal

KeelAgentsV1ModelChoiceQuality = Literal[
    "MODEL_QUALITY_ENHANCED", "MODEL_QUALITY_FAST", "MODEL_QUALITY_PREMIUM"
]

KEEL_AGENTS_V1_MODEL_CHOICE_QUALITY_VALUES: set[KeelAgentsV1ModelChoiceQuality] = {
    "MODEL_QUALITY_ENHANCED",
    "MODEL_QUALITY_FAST",
    "MODEL_QUALITY_PREMIUM",
}


def check_keel_agents_v1_model_choice_quality(value: str) -> KeelAgentsV1ModelChoiceQuality:
    if value in KEEL_AGENTS_V1_MODEL_CHOICE_QUALITY_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {KEEL_AGENTS_V1_MODEL_CHOICE_QUALITY_VALUES!r}"
    )
